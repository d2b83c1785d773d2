// Smoke test of the packed npm tarball under Node: run by tests/typescript/test_npm_package.py after it installs
// the tarball into a fresh Node project, compiles the example SDK there with tsc (example_sdk_js/) and starts the
// pygen emulator (PYGEN_EMULATOR_* variables).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import {
  ClientConfig,
  InstanceAPI,
  InstanceClient,
  OAuthClientCredentials,
  PygenAPIError,
  TokenCredentials,
  VERSION,
  ViewDescriptor,
} from "pygen-runtime";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this through tests/typescript/test_npm_package.py`,
    );
  }
  return value;
};

const PRODUCT = new ViewDescriptor({
  view: { space: "pygen_example", externalId: "Product", version: "v1" },
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text", required: true },
    price: { id: "price", type: "float64" },
    updatedAt: { id: "updatedAt", type: "timestamp" },
    releaseDate: { id: "releaseDate", type: "date" },
  },
});

function config(credentials) {
  return new ClientConfig({
    baseUrl: env("PYGEN_EMULATOR_URL"),
    project: env("PYGEN_EMULATOR_PROJECT"),
    credentials,
    clientName: "node-smoke",
    retry: { maxRetries: 2 },
  });
}

test("the installed package is the ESM build, with its version", () => {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(
    readFileSync(require.resolve("pygen-runtime/package.json"), "utf8"),
  );
  assert.equal(VERSION, manifest.version);
  assert.equal(manifest.type, "module");
});

test("upsert, list, aggregate and delete against the emulator with OAuth client credentials", async () => {
  const credentials = new OAuthClientCredentials({
    tokenUrl: env("PYGEN_EMULATOR_TOKEN_URL"),
    clientId: env("PYGEN_EMULATOR_CLIENT_ID"),
    clientSecret: env("PYGEN_EMULATOR_CLIENT_SECRET"),
  });
  const client = new InstanceClient(config(credentials), {
    defaultInstanceSpace: "node-smoke",
  });
  await client.http.post("/models/spaces", {
    items: [{ space: "node-smoke" }],
  });
  const api = new InstanceAPI(client, PRODUCT);

  // 60 items: a body well over 1 KiB, so it goes out gzipped.
  const items = Array.from({ length: 60 }, (_, i) =>
    PRODUCT.write({
      space: "node-smoke",
      externalId: `node-${String(i).padStart(2, "0")}`,
      name: `Node product ${i}`,
      price: i,
      updatedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
      releaseDate: "2024-02-29",
    }));
  const written = await client.upsert(items);
  assert.equal(written.created.length, 60);

  const cheap = await api.list({
    space: "node-smoke",
    filter: PRODUCT.filters.price.range({ lt: 5 }),
    sortBy: "price",
    limit: null,
  });
  assert.deepEqual(cheap.map((p) => p.price), [0, 1, 2, 3, 4]);
  assert.ok(cheap[0].updatedAt instanceof Date);
  assert.equal(cheap[0].updatedAt.toISOString(), "2024-01-01T00:00:00.000Z");
  assert.equal(cheap[0].releaseDate, "2024-02-29");

  assert.equal(await api.aggregate("count", { space: "node-smoke" }), 60);
  const one = await api.retrieve("node-07");
  assert.equal(one?.name, "Node product 7");

  const deleted = await api.delete(items.map((item) => item.data.externalId));
  assert.equal(deleted.length, 60);
  assert.equal(await api.retrieve("node-07"), undefined);
  assert.equal(credentials.tokenRequests, 1);
});

test("the example SDK compiled with tsc runs on the installed package, connections included", async () => {
  const sdk = await import("./example_sdk_js/index.js");
  const space = "node-example-sdk";
  const client = new sdk.ProductCatalogClient(
    config(new TokenCredentials(env("PYGEN_EMULATOR_TOKEN"))),
    {
      defaultInstanceSpace: space,
    },
  );
  await client.http.post("/models/spaces", { items: [{ space }] });
  const tools = sdk.CATEGORY_VIEW.write({
    space,
    externalId: "tools",
    name: "Tools",
  });
  await client.product.upsert({
    space,
    externalId: "hammer",
    name: "Hammer",
    updatedAt: new Date("2024-02-29T12:00:00.000Z"),
    category: tools,
    relatedProducts: [
      sdk.PRODUCT_VIEW.write({
        space,
        externalId: "nails",
        name: "Nails",
        category: tools,
      }),
    ],
  });
  const hammer = await client.product.retrieve("hammer", {
    retrieveConnections: "full",
  });
  assert.equal(hammer.category.name, "Tools");
  assert.deepEqual(hammer.relatedProducts.map((edge) => edge.endNode.name), [
    "Nails",
  ]);
  assert.equal(hammer.updatedAt.toISOString(), "2024-02-29T12:00:00.000Z");
  const inCategory = await client.product.list({
    space,
    category: { space, externalId: "tools" },
    sortBy: "name",
  });
  assert.deepEqual(inCategory.map((p) => p.name), ["Hammer", "Nails"]);
});

test("CDF errors arrive as PygenAPIError with the status and message", async () => {
  const client = new InstanceClient(
    config(new TokenCredentials(env("PYGEN_EMULATOR_TOKEN"))),
  );
  const api = new InstanceAPI(
    client,
    new ViewDescriptor({
      view: { space: "pygen_example", externalId: "NoSuchView", version: "v1" },
      usedFor: "node",
      properties: {},
    }),
  );
  await assert.rejects(api.list(), (error) => {
    assert.ok(error instanceof PygenAPIError, String(error));
    assert.equal(error.status, 400);
    assert.match(error.message, /NoSuchView/);
    return true;
  });
});
