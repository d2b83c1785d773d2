// The generated example SDK compiled by tsc (NodeNext, js/sdk_example/) running under Node against the emulator,
// with pygen-runtime installed from its npm tarball. Run by tests/typescript/test_generated_node.py.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ClientConfig, TokenCredentials } from "pygen-runtime";
import {
  CATEGORY_VIEW,
  PRODUCT_VIEW,
  ProductCatalogClient,
} from "./js/sdk_example/index.js";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const space = `node-generated-${Date.now().toString(36)}`;
const sdk = new ProductCatalogClient(
  new ClientConfig({
    baseUrl: env("PYGEN_EMULATOR_URL"),
    project: env("PYGEN_EMULATOR_PROJECT"),
    credentials: new TokenCredentials(env("PYGEN_EMULATOR_TOKEN")),
  }),
  { defaultInstanceSpace: space },
);

test("upsert with a nested category, then retrieve", async () => {
  await sdk.http.post("/models/spaces", { items: [{ space }] });
  const result = await sdk.product.upsert([1, 2, 3].map((i) => ({
    space,
    externalId: `p${i}`,
    name: `Product ${i}`,
    price: 10 * i,
    updatedAt: new Date(Date.UTC(2024, 0, i)),
    releaseDate: `2024-01-0${i}`,
    category: CATEGORY_VIEW.write({ space, externalId: "c", name: "C" }),
  })));
  assert.equal(result.created.length, 4);
  const p2 = await sdk.product.retrieve("p2");
  assert.equal(p2.name, "Product 2");
  assert.ok(p2.updatedAt instanceof Date);
  assert.equal(p2.releaseDate, "2024-01-02");
  assert.deepEqual(p2.category, { space, externalId: "c" });
});

test("list with generated arguments, aggregate and delete", async () => {
  const cheap = await sdk.product.list({
    space,
    maxPrice: 20,
    sortBy: "price",
  });
  assert.deepEqual(cheap.map((p) => p.externalId), ["p1", "p2"]);
  assert.equal(
    await sdk.product.aggregate("sum", { space, property: "price" }),
    60,
  );
  assert.equal(PRODUCT_VIEW.propertyId("isActive"), "isActive");
  const deleted = await sdk.product.delete(["p1"]);
  assert.equal(deleted.length, 1);
  assert.equal((await sdk.product.list({ space })).length, 2);
});
