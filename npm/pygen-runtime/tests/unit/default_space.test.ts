/**
 * Write objects may leave `space` out: `upsert` uses the client's `defaultInstanceSpace` (nested nodes and
 * top-level edges too; a nested edge its node's space), as the Python runtime's `default_space` does. Exact bodies
 * with a fake fetch; the emulator round trip is in the end-to-end suite.
 */

import assert from "node:assert/strict";
import { HTTPClient, PygenValueError, type RawInstanceWrite } from "./deps.ts";
import {
  CATEGORY_VIEW,
  PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  PRODUCT_VIEW,
  ProductCatalogClient,
  type ProductWrite,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";
import { fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

function sdk(fake: FakeFetch, defaultInstanceSpace?: string) {
  return new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    defaultInstanceSpace ? { defaultInstanceSpace } : {},
  );
}

const applied = () =>
  new FakeFetch().otherwise((request) =>
    json({
      items: (request.json() as { items: RawInstanceWrite[] }).items.map((
        item,
      ) => ({
        instanceType: item.instanceType,
        space: item.space,
        externalId: item.externalId,
        version: 1,
        wasModified: true,
        createdTime: 1,
        lastUpdatedTime: 1,
      })),
    })
  );

const sent = (fake: FakeFetch) =>
  (fake.requests[0]?.json() as { items: RawInstanceWrite[] }).items.map((
    item,
  ) => `${item.instanceType} ${item.space}:${item.externalId}`);

Deno.test("default space: nodes, nested nodes, nested and top-level edges without space", async () => {
  const fake = applied();
  const client = sdk(fake, "shop");
  await client.upsert([
    PRODUCT_VIEW.write({
      externalId: "p1",
      name: "P1",
      category: CATEGORY_VIEW.write({ externalId: "tools", name: "Tools" }),
      relatedProducts: [
        { space: "elsewhere", externalId: "p2" },
        RELATES_TO_VIEW.nestedEdge({
          endNode: { space: "shop", externalId: "p3" },
          strength: 1,
        }),
      ],
    }),
    RELATES_TO_VIEW.write({
      externalId: "top",
      type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
      startNode: { space: "shop", externalId: "p1" },
      endNode: { space: "shop", externalId: "p3" },
    }),
    PRODUCT_VIEW.write({ space: "given", externalId: "p4", name: "P4" }),
  ]);
  assert.deepEqual(sent(fake), [
    "node shop:p1",
    "node shop:tools",
    "node given:p4",
    "edge shop:Product.relatedProducts:p1:p2",
    "edge shop:Product.relatedProducts:p1:p3",
    "edge shop:top",
  ]);
  const [product] = (fake.requests[0]?.json() as {
    items: { sources: { properties: Record<string, unknown> }[] }[];
  }).items;
  assert.deepEqual(product?.sources[0]?.properties.category, {
    space: "shop",
    externalId: "tools",
  });
});

Deno.test("default space: the per-view upsert uses it too; a nested edge keeps its node's space", async () => {
  const fake = applied();
  await sdk(fake, "shop").product.upsert({
    space: "other",
    externalId: "p1",
    name: "P1",
    relatedProducts: [{ space: "shop", externalId: "p2" }],
  });
  assert.deepEqual(sent(fake), [
    "node other:p1",
    "edge other:Product.relatedProducts:p1:p2",
  ]);
});

Deno.test("without a default space, a write without space is an error naming the item, and nothing is sent", async () => {
  const fake = applied();
  const client = sdk(fake);
  await assert.rejects(
    client.upsert([
      PRODUCT_VIEW.write({ space: "s", externalId: "ok", name: "OK" }),
      PRODUCT_VIEW.write({
        space: "s",
        externalId: "p1",
        name: "P1",
        category: CATEGORY_VIEW.write({ externalId: "tools", name: "Tools" }),
      }),
      RELATES_TO_VIEW.write({
        externalId: "top",
        type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
        startNode: { space: "s", externalId: "ok" },
        endNode: { space: "s", externalId: "p1" },
      }),
    ]),
    (error: Error) => {
      assert.ok(error instanceof PygenValueError);
      assert.match(
        error.message,
        /item 1: .*view pygen_example:Category\/v1, item "tools": space is not set; set it, or create the client with a defaultInstanceSpace/,
      );
      assert.match(
        error.message,
        /item 2: view pygen_example:RelatesTo\/v1, item "top": space is not set/,
      );
      assert.doesNotMatch(error.message, /item 0/);
      return true;
    },
  );
  assert.throws(
    () => PRODUCT_VIEW.toWrites({ externalId: "p1", name: "P1" }),
    /item "p1": space is not set/,
  );
  await assert.rejects(
    client.upsert({
      instanceType: "node",
      externalId: "raw",
    } as unknown as RawInstanceWrite),
    /a raw write object needs string space and externalId/,
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("default space: delete takes write objects without space too, and names one when there is no default", async () => {
  const deleted = () =>
    new FakeFetch().otherwise((request) =>
      json({
        items: (request.json() as { items: unknown[] }).items,
      })
    );
  const fake = deleted();
  const client = sdk(fake, "shop");
  const written: ProductWrite = { externalId: "p1", name: "P1" };
  await client.delete([
    written,
    { space: "given", externalId: "p2" },
    "p3",
  ]);
  await client.product.delete(written, { space: "other" });
  await client.relatesTo.delete({ externalId: "e1" });
  assert.deepEqual(
    fake.requests.map((request) => request.json()),
    [
      {
        items: [
          { instanceType: "node", space: "shop", externalId: "p1" },
          { instanceType: "node", space: "given", externalId: "p2" },
          { instanceType: "node", space: "shop", externalId: "p3" },
        ],
      },
      { items: [{ instanceType: "node", space: "other", externalId: "p1" }] },
      { items: [{ instanceType: "edge", space: "shop", externalId: "e1" }] },
    ],
  );

  const none = deleted();
  await assert.rejects(
    sdk(none).product.delete([{ space: "s", externalId: "ok" }, written]),
    (error: Error) => {
      assert.ok(error instanceof PygenValueError);
      assert.match(
        error.message,
        /delete: id 1: "p1" has no space; set it, or set a default instance space/,
      );
      return true;
    },
  );
  assert.equal(none.requests.length, 0);
});
