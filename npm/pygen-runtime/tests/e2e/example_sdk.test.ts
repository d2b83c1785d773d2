/**
 * End-to-end: the example SDK (tests/example_sdk/) against a running pygen emulator with the example model
 * loaded. Run by tests/typescript/test_e2e_example_sdk.py, which starts the emulator and sets PYGEN_EMULATOR_*.
 */

import assert from "node:assert/strict";
import {
  ClientConfig,
  type Credentials,
  type InstanceList,
  type InstanceResult,
  MultiRequestError,
  type NodeId,
  OAuthClientCredentials,
  PygenAPIError,
  type RawInstanceWrite,
  TokenCredentials,
} from "pygen-runtime";
import {
  type Category,
  CATEGORY_VIEW,
  type Product,
  PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  PRODUCT_VIEW,
  ProductCatalogClient,
  type ProductWrite,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";

function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript/test_e2e_example_sdk.py, or start an ` +
        `emulator with the example model and set the PYGEN_EMULATOR_* variables`,
    );
  }
  return value;
}

const BASE_URL = env("PYGEN_EMULATOR_URL");
const PROJECT = env("PYGEN_EMULATOR_PROJECT");
const RUN = Date.now().toString(36);

function client(
  space: string,
  credentials: Credentials = new TokenCredentials(env("PYGEN_EMULATOR_TOKEN")),
) {
  return new ProductCatalogClient(
    new ClientConfig({
      baseUrl: BASE_URL,
      project: PROJECT,
      credentials,
      clientName: "deno-e2e",
    }),
    { defaultInstanceSpace: space },
  );
}

/** A fresh instance space per test, so tests never see each other's data. */
async function freshSpace(
  name: string,
): Promise<{ space: string; sdk: ProductCatalogClient }> {
  const space = `e2e-${name}-${RUN}`;
  const sdk = client(space);
  await sdk.http.post("/models/spaces", { items: [{ space }] });
  return { space, sdk };
}

const ids = (items: readonly { externalId: string }[]) =>
  items.map((item) => item.externalId);

/** Three categories, 12 products with every property type, and edges between some products. */
async function seed(space: string, sdk: ProductCatalogClient) {
  const tools: NodeId = { space, externalId: "tools" };
  const garden: NodeId = { space, externalId: "garden" };
  const products: ProductWrite[] = Array.from({ length: 12 }, (_, i) => ({
    space,
    externalId: `product-${String(i).padStart(2, "0")}`,
    name: i % 3 === 0 ? `Widget ${i}` : `Gadget ${i}`,
    description: i === 0 ? "The red widget" : null,
    price: 10 * i + 0.5,
    quantity: i,
    isActive: i % 2 === 0,
    releaseDate: `2024-0${1 + (i % 9)}-15`,
    updatedAt: new Date(Date.UTC(2024, 0, 1 + i, 12, 0, 0, 250)),
    tags: i % 4 === 0 ? ["new", "sale"] : ["sale"],
    measurements: [i, i + 0.25],
    status: (["draft", "active", "discontinued"] as const)[i % 3],
    attributes: { color: i % 2 === 0 ? "red" : "blue", sizes: [1, 2] },
    category: i < 6 ? tools : garden,
  }));
  const result = await sdk.upsert([
    CATEGORY_VIEW.write({ space, externalId: "root", name: "Everything" }),
    CATEGORY_VIEW.write({
      ...tools,
      name: "Tools",
      parent: { space, externalId: "root" },
    }),
    CATEGORY_VIEW.write({
      ...garden,
      name: "Garden",
      parent: { space, externalId: "root" },
    }),
    ...products.map((p) => PRODUCT_VIEW.write(p)),
    RELATES_TO_VIEW.write({
      space,
      externalId: "rel-0-1",
      type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
      startNode: { space, externalId: "product-00" },
      endNode: { space, externalId: "product-01" },
      strength: 0.9,
      note: "often bought together",
      since: new Date("2023-06-01T00:00:00.000Z"),
    }),
    RELATES_TO_VIEW.write({
      space,
      externalId: "rel-0-2",
      type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
      startNode: { space, externalId: "product-00" },
      endNode: { space, externalId: "product-02" },
      strength: 0.2,
    }),
  ]);
  return { result, products, tools, garden };
}

Deno.test("upsert creates, re-upsert is unchanged, a patch changes only what is set", async () => {
  const { space, sdk } = await freshSpace("upsert");
  const { result, products } = await seed(space, sdk);
  assert.equal(result.created.length, 17);
  assert.deepEqual(
    ids(result.items.slice(0, 3)),
    ["root", "tools", "garden"],
    "results in request order",
  );

  const again = await sdk.product.upsert(products);
  assert.equal(again.unchanged.length, 12);
  assert.equal(again.created.length + again.updated.length, 0);

  const patched = await sdk.product.upsert({
    space,
    externalId: "product-00",
    name: "Widget 0",
    price: 1.25,
  });
  assert.equal(patched.updated.length, 1);
  const product = await sdk.product.retrieve("product-00");
  assert.equal(product?.price, 1.25);
  assert.equal(
    product?.description,
    "The red widget",
    "a patch leaves other properties alone",
  );
  assert.deepEqual(product?.tags, ["new", "sale"]);
  assert.ok((product?.dataRecord.version ?? 0) >= 2);

  await sdk.product.upsert({
    space,
    externalId: "product-00",
    name: "Widget 0",
    description: null,
  });
  assert.equal(
    (await sdk.product.retrieve("product-00"))?.description,
    null,
    "null clears a value",
  );
});

Deno.test("values round-trip: Date, YYYY-MM-DD, lists, enum, JSON and direct relations", async () => {
  const { space, sdk } = await freshSpace("values");
  await seed(space, sdk);
  const product = await sdk.product.retrieve({
    space,
    externalId: "product-04",
  }) as Product;
  assert.ok(product.updatedAt instanceof Date);
  assert.equal(product.updatedAt.toISOString(), "2024-01-05T12:00:00.250Z");
  assert.equal(product.releaseDate, "2024-05-15");
  assert.deepEqual(product.tags, ["new", "sale"]);
  assert.deepEqual(product.measurements, [4, 4.25]);
  assert.equal(product.status, "active");
  assert.deepEqual(product.attributes, { color: "red", sizes: [1, 2] });
  assert.deepEqual(product.category, { space, externalId: "tools" });
  assert.equal(product.isActive, true);
  assert.equal(product.quantity, 4);
  assert.equal(product.instanceType, "node");
  assert.ok(product.dataRecord.createdTime instanceof Date);
  const category = await sdk.category.retrieve("tools") as Category;
  assert.deepEqual(category.parent, { space, externalId: "root" });
});

Deno.test("retrieve: one id, many ids in order, missing ids and other views left out", async () => {
  const { space, sdk } = await freshSpace("retrieve");
  await seed(space, sdk);
  assert.equal((await sdk.product.retrieve("product-03"))?.name, "Widget 3");
  assert.equal(await sdk.product.retrieve("no-such-product"), undefined);
  const many = await sdk.product.retrieve([
    "product-05",
    "no-such-product",
    "tools",
    "product-01",
  ]);
  assert.deepEqual(
    ids(many),
    ["product-05", "product-01"],
    "a category is not a product",
  );
  const pair = await sdk.product.retrieve(["product-01", "product-02"]);
  assert.equal(
    pair.length,
    2,
    "an array is a list of ids, not a (space, externalId) pair",
  );
  for (const retrieveConnections of ["skip", "identifier"] as const) {
    assert.deepEqual(
      ids(
        await sdk.product.retrieve(
          ["product-02", "product-01", "product-02", "product-01"],
          { retrieveConnections },
        ),
      ),
      ["product-02", "product-01"],
      `a repeated id comes back once, at its first position (${retrieveConnections}), as in Python`,
    );
  }
});

Deno.test("list with every kind of filter argument, sorting and limits", async () => {
  const { space, sdk } = await freshSpace("list");
  const { tools } = await seed(space, sdk);
  const api = sdk.product;
  assert.equal(
    (await api.list({ space })).length,
    12,
    "only products, never categories",
  );
  assert.deepEqual(
    ids(await api.list({ space, minPrice: 30, maxPrice: 60, sortBy: "price" })),
    [
      "product-03",
      "product-04",
      "product-05",
    ],
  );
  assert.deepEqual(
    ids(await api.list({ space, namePrefix: "Widget", sortBy: "externalId" })),
    [
      "product-00",
      "product-03",
      "product-06",
      "product-09",
    ],
  );
  assert.deepEqual(
    ids(
      await api.list({
        space,
        name: ["Gadget 1", "Gadget 2"],
        sortBy: "externalId",
      }),
    ),
    [
      "product-01",
      "product-02",
    ],
  );
  assert.equal((await api.list({ space, status: "discontinued" })).length, 4);
  assert.equal(
    (await api.list({ space, status: ["draft", "discontinued"] })).length,
    8,
  );
  assert.equal((await api.list({ space, category: tools })).length, 6);
  assert.equal((await api.list({ space, isActive: true })).length, 6);
  assert.equal((await api.list({ space, tagsContainsAny: ["new"] })).length, 3);
  assert.equal(
    (await api.list({ space, tagsContainsAll: ["new", "sale"] })).length,
    3,
  );
  assert.deepEqual(
    ids(
      await api.list({
        space,
        minUpdatedAt: new Date("2024-01-11T00:00:00Z"),
        sortBy: "updatedAt",
      }),
    ),
    [
      "product-10",
      "product-11",
    ],
  );
  assert.equal(
    (await api.list({ space, minReleaseDate: "2024-09-01" })).length,
    1,
  );
  assert.equal(
    (await api.list({ space, externalIdPrefix: "product-1" })).length,
    2,
  );
  assert.equal((await api.list({ space })).length, 12);
  assert.equal((await api.list({ space: "some-other-space" })).length, 0);
  assert.deepEqual(
    ids(
      await api.list({
        space,
        filter: api.filters.quantity.range({ gt: 9 }).or(
          api.filters.quantity.equals(0),
        ),
        sortBy: "quantity",
      }),
    ),
    ["product-00", "product-10", "product-11"],
  );
  assert.deepEqual(
    ids(
      await api.list({
        space,
        filter: {
          equals: { property: ["node", "externalId"], value: "product-07" },
        },
      }),
    ),
    ["product-07"],
    "a raw JSON filter",
  );
  const top = await api.list({
    space,
    sortBy: "price",
    direction: "descending",
    limit: 3,
  });
  assert.deepEqual(top.map((p) => p.price), [110.5, 100.5, 90.5]);
});

Deno.test("upsert and list across request chunks: 2 500 products", async () => {
  const { space, sdk } = await freshSpace("bulk");
  const items = Array.from(
    { length: 2500 },
    (_, i) => ({ space, externalId: `bulk-${i}`, name: `Bulk ${i}`, price: i }),
  );
  const result = await sdk.product.upsert(items);
  assert.equal(result.created.length, 2500);
  assert.deepEqual(ids(result.items.slice(998, 1002)), [
    "bulk-998",
    "bulk-999",
    "bulk-1000",
    "bulk-1001",
  ]);
  const all = await sdk.product.list({ space, limit: null });
  assert.equal(all.length, 2500);
  assert.equal(new Set(ids(all)).size, 2500);
  assert.equal((await sdk.product.list({ space, limit: 1500 })).length, 1500);
  const deleted = await sdk.product.delete(ids(items));
  assert.equal(deleted.length, 2500);
  assert.equal((await sdk.product.list({ space, limit: null })).length, 0);
});

Deno.test("iterate pages through everything and resumes from a cursor", async () => {
  const { space, sdk } = await freshSpace("iterate");
  await seed(space, sdk);
  const seen: string[] = [];
  const sizes: number[] = [];
  let resumeFrom: string | null = null;
  for await (
    const page of sdk.product.iterate({
      space,
      chunkSize: 5,
      sortBy: "externalId",
    })
  ) {
    sizes.push(page.items.length);
    seen.push(...ids(page.items));
    if (sizes.length === 1) resumeFrom = page.nextCursor;
  }
  assert.deepEqual(sizes, [5, 5, 2]);
  assert.deepEqual(
    seen,
    Array.from(
      { length: 12 },
      (_, i) => `product-${String(i).padStart(2, "0")}`,
    ),
  );
  const resumed: string[] = [];
  for await (
    const page of sdk.product.iterate({
      space,
      chunkSize: 5,
      sortBy: "externalId",
      cursor: resumeFrom,
    })
  ) {
    resumed.push(...ids(page.items));
  }
  assert.deepEqual(resumed, seen.slice(5));
});

Deno.test("search finds by text, restricted to properties and filters", async () => {
  const { space, sdk } = await freshSpace("search");
  await seed(space, sdk);
  const widgets = await sdk.product.search("widget", { space, limit: null });
  assert.deepEqual(ids(widgets).sort(), [
    "product-00",
    "product-03",
    "product-06",
    "product-09",
  ]);
  const red = await sdk.product.search("red", {
    space,
    properties: "description",
  });
  assert.deepEqual(ids(red), ["product-00"]);
  const cheapWidgets = await sdk.product.search("widget", {
    space,
    maxPrice: 40,
  });
  assert.deepEqual(ids(cheapWidgets).sort(), ["product-00", "product-03"]);
});

Deno.test("aggregate and histogram", async () => {
  const { space, sdk } = await freshSpace("aggregate");
  await seed(space, sdk);
  const api = sdk.product;
  assert.equal(await api.aggregate("count", { space }), 12);
  assert.equal(
    await api.aggregate("count", { property: "description", space }),
    1,
    "counts non-null values",
  );
  assert.equal(await api.aggregate("sum", { property: "quantity", space }), 66);
  assert.equal(await api.aggregate("avg", { property: "price", space }), 55.5);
  assert.equal(
    await api.aggregate("max", { property: "price", isActive: false, space }),
    110.5,
  );
  const byStatus = await api.aggregate("count", { groupBy: "status", space });
  const counts = Object.fromEntries(
    byStatus.map((g) => [g.group.status, g.value]),
  );
  assert.deepEqual(counts, { draft: 4, active: 4, discontinued: 4 });
  const buckets = await api.histogram("price", 50, { space });
  assert.deepEqual(buckets, [{ start: 0, count: 5 }, { start: 50, count: 5 }, {
    start: 100,
    count: 2,
  }]);
});

Deno.test("aggregate with several named metrics: one request, ungrouped and grouped", async () => {
  const { space, sdk } = await freshSpace("aggregate-metrics");
  await seed(space, sdk);
  const api = sdk.product;
  const all = await api.aggregate({
    total: "count",
    described: { count: "description" },
    avgPrice: { avg: "price" },
    lowest: { min: "quantity" },
    prices: { histogram: "price", interval: 50 },
  }, { space });
  assert.deepEqual(all, {
    total: 12,
    described: 1,
    avgPrice: 55.5,
    lowest: 0,
    prices: [{ start: 0, count: 5 }, { start: 50, count: 5 }, {
      start: 100,
      count: 2,
    }],
  });
  const byStatus = await api.aggregate({
    n: { count: true },
    units: { sum: "quantity" },
    avgPrice: { avg: "price" },
    maxPrice: { max: "price" },
  }, { space, groupBy: "status" });
  assert.deepEqual(
    Object.fromEntries(byStatus.map((g) => [g.group.status, g.aggregates])),
    {
      draft: { n: 4, units: 18, avgPrice: 45.5, maxPrice: 90.5 },
      active: { n: 4, units: 22, avgPrice: 55.5, maxPrice: 100.5 },
      discontinued: { n: 4, units: 26, avgPrice: 65.5, maxPrice: 110.5 },
    },
  );
  // Grouped by a direct relation and filtered: groups are keyed by { space, externalId }.
  const byCategory = await api.aggregate(
    { n: "count", units: { sum: "quantity" } },
    { space, groupBy: "category", isActive: true },
  );
  assert.deepEqual(
    byCategory.map((g) => [g.group.category, g.aggregates]).sort((a, b) =>
      JSON.stringify(a).localeCompare(JSON.stringify(b))
    ),
    [
      [{ space, externalId: "garden" }, { n: 3, units: 6 + 8 + 10 }],
      [{ space, externalId: "tools" }, { n: 3, units: 0 + 2 + 4 }],
    ],
  );
  assert.deepEqual(
    await api.aggregate(
      {
        n: "count",
        avgPrice: { avg: "price" },
        prices: { histogram: "price", interval: 10 },
      },
      { space, namePrefix: "Nothing" },
    ),
    { n: 0, avgPrice: null, prices: [] },
    "nothing to aggregate: count 0, other metrics null, no buckets",
  );
});

Deno.test("edges: list by start node, edge properties, and deleting a node deletes its edges", async () => {
  const { space, sdk } = await freshSpace("edges");
  await seed(space, sdk);
  const edges = await sdk.relatesTo.list({
    space,
    startNode: { space, externalId: "product-00" },
    sortBy: "strength",
  });
  assert.deepEqual(ids(edges), ["rel-0-2", "rel-0-1"]);
  const strong = edges[1];
  assert.equal(strong?.instanceType, "edge");
  assert.deepEqual(strong?.type, PRODUCT_RELATED_PRODUCTS_EDGE_TYPE);
  assert.deepEqual(strong?.endNode, { space, externalId: "product-01" });
  assert.equal(strong?.note, "often bought together");
  assert.equal(strong?.since?.toISOString(), "2023-06-01T00:00:00.000Z");
  assert.deepEqual(ids(await sdk.relatesTo.list({ space, minStrength: 0.5 })), [
    "rel-0-1",
  ]);
  assert.deepEqual(
    ids(
      await sdk.relatesTo.list({
        space,
        endNode: [{ space, externalId: "product-02" }],
      }),
    ),
    ["rel-0-2"],
  );

  await sdk.product.delete("product-00");
  assert.equal((await sdk.relatesTo.list({ space })).length, 0);
});

Deno.test("relatedProductsEdge: the RelatesTo API for the edges of relatedProducts only", async () => {
  const { space, sdk } = await freshSpace("edge-api");
  await seed(space, sdk);
  // A RelatesTo edge of another type: the edge view lists it, the connection's edge API does not.
  const other = { space: "pygen_example", externalId: "other-type" };
  await sdk.relatesTo.upsert({
    space,
    externalId: "other",
    type: other,
    startNode: { space, externalId: "product-00" },
    endNode: { space, externalId: "product-03" },
    strength: 0.9,
  });
  const api = sdk.product.relatedProductsEdge;
  assert.equal(api, sdk.product.relatedProductsEdge, "created once");
  assert.deepEqual(api.edgeType, PRODUCT_RELATED_PRODUCTS_EDGE_TYPE);
  assert.deepEqual(ids(await sdk.relatesTo.list({ space })).sort(), [
    "other",
    "rel-0-1",
    "rel-0-2",
  ]);
  const every = await api.list({ space, sortBy: "strength" });
  assert.deepEqual(ids(every), ["rel-0-2", "rel-0-1"]);
  assert.equal(every[1]?.note, "often bought together");
  assert.deepEqual(ids(await api.list({ space, minStrength: 0.5 })), [
    "rel-0-1",
  ]);
  assert.deepEqual(
    ids(
      await api.list({
        startNode: { space, externalId: "product-00" },
        endNode: [
          { space, externalId: "product-02" },
          { space, externalId: "product-03" },
        ],
      }),
    ),
    ["rel-0-2"],
  );
  const pages = [];
  for await (const page of api.iterate({ space, chunkSize: 1 })) {
    pages.push(page.items.length);
  }
  assert.deepEqual(pages.filter((n) => n > 0), [1, 1]);
  assert.equal(await api.aggregate("count", { space }), 2);
  assert.equal(await sdk.relatesTo.aggregate("count", { space }), 3);
  assert.deepEqual(ids(await api.search("often", { space })), ["rel-0-1"]);
  assert.equal(await api.retrieve("other"), undefined);
  assert.equal((await api.retrieve("rel-0-1"))?.strength, 0.9);
  await assert.rejects(
    api.upsert({
      space,
      externalId: "wrong",
      type: other,
      startNode: { space, externalId: "product-01" },
      endNode: { space, externalId: "product-02" },
    }),
    /this API holds the edges of type pygen_example:Product\.relatedProducts/,
  );
  await api.upsert({
    space,
    externalId: "rel-1-2",
    type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
    startNode: { space, externalId: "product-01" },
    endNode: { space, externalId: "product-02" },
    strength: 0.1,
  });
  assert.equal((await api.list({ space })).length, 3);
});

Deno.test("writes without space go to the client's default instance space, nested ones and edges too", async () => {
  const { space, sdk } = await freshSpace("default-space");
  const result = await sdk.upsert([
    PRODUCT_VIEW.write({
      externalId: "a",
      name: "A",
      category: CATEGORY_VIEW.write({ externalId: "c", name: "C" }),
      relatedProducts: [
        RELATES_TO_VIEW.nestedEdge({
          endNode: PRODUCT_VIEW.write({ externalId: "b", name: "B" }),
          strength: 0.5,
        }),
      ],
    }),
    RELATES_TO_VIEW.write({
      externalId: "b-a",
      type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
      startNode: { space, externalId: "b" },
      endNode: { space, externalId: "a" },
    }),
  ]);
  assert.equal(result.created.length, 5);
  assert.ok(result.created.every((item) => item.space === space));
  const a = await sdk.product.retrieve("a", { retrieveConnections: "full" });
  assert.equal((a?.category as Category | undefined)?.name, "C");
  assert.deepEqual(
    (a?.relatedProducts ?? []).map((edge) => [edge.space, edge.strength]),
    [[space, 0.5]],
  );
  assert.deepEqual(
    ids(await sdk.relatesTo.list({ space, sortBy: "externalId" })),
    ["b-a", "Product.relatedProducts:a:b"].sort(),
  );
  await sdk.product.upsert({ externalId: "d", name: "D" });
  assert.equal((await sdk.product.retrieve("d"))?.space, space);

  const noDefault = client(space);
  const bare = new ProductCatalogClient(noDefault.config);
  await assert.rejects(
    bare.product.upsert({ externalId: "e", name: "E" }),
    /item "e": space is not set; set it, or create the client with a defaultInstanceSpace/,
  );
  assert.equal(await sdk.product.retrieve("e"), undefined);
});

Deno.test("an edge written with nothing set has data in its view and is listed", async () => {
  const { space, sdk } = await freshSpace("bare-edge");
  await sdk.upsert([
    PRODUCT_VIEW.write({ space, externalId: "a", name: "A" }),
    PRODUCT_VIEW.write({ space, externalId: "b", name: "B" }),
  ]);
  await sdk.upsert(
    RELATES_TO_VIEW.write({
      space,
      externalId: "bare",
      type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
      startNode: { space, externalId: "a" },
      endNode: { space, externalId: "b" },
    }),
  );
  const [edge] = await sdk.relatesTo.list({ space });
  assert.equal(edge?.externalId, "bare");
  assert.equal(edge?.strength, null);
});

Deno.test("delete removes what exists and reports only that", async () => {
  const { space, sdk } = await freshSpace("delete");
  await seed(space, sdk);
  const deleted = await sdk.product.delete(["product-01", "does-not-exist"]);
  assert.deepEqual(deleted, [{
    instanceType: "node",
    space,
    externalId: "product-01",
  }]);
  assert.equal(await sdk.product.retrieve("product-01"), undefined);
  assert.equal((await sdk.product.list({ space })).length, 11);
});

Deno.test("replace mode resets what is not given; version conflicts fail or are skipped", async () => {
  const { space, sdk } = await freshSpace("replace");
  await seed(space, sdk);
  await sdk.product.upsert({
    space,
    externalId: "product-02",
    name: "Replaced",
  }, { mode: "replace" });
  const replaced = await sdk.product.retrieve("product-02");
  assert.equal(replaced?.name, "Replaced");
  assert.equal(replaced?.price, null);
  assert.equal(replaced?.quantity, 0, "back to the container default");

  const current = replaced?.dataRecord.version ?? 0;
  const stale = {
    space,
    externalId: "product-02",
    name: "Stale",
    existingVersion: current - 1,
  };
  await assert.rejects(sdk.product.upsert(stale), (error: unknown) => {
    assert.ok(error instanceof PygenAPIError, String(error));
    assert.equal(error.status, 409);
    return true;
  });
  const skipped = await sdk.product.upsert(stale, {
    skipOnVersionConflict: true,
  });
  assert.equal(skipped.items.length, 0);
  assert.equal((await sdk.product.retrieve("product-02"))?.name, "Replaced");
});

Deno.test("server-side rejections arrive as PygenAPIError; a partly failed batch keeps what succeeded", async () => {
  const { space, sdk } = await freshSpace("errors");
  // A raw write naming a property the view does not have: only the server can reject it.
  const unknownProperty: RawInstanceWrite = {
    instanceType: "node",
    space,
    externalId: "typo",
    sources: [{
      source: PRODUCT_VIEW.reference,
      properties: { name: "x", prise: 3 },
    }],
  };
  await assert.rejects(sdk.upsert(unknownProperty), (error: unknown) => {
    assert.ok(error instanceof PygenAPIError, String(error));
    assert.equal(error.status, 400);
    assert.match(error.message, /prise/);
    return true;
  });

  const good = Array.from(
    { length: 1000 },
    (_, i) => PRODUCT_VIEW.write({ space, externalId: `ok-${i}`, name: "ok" }),
  );
  const error = await sdk.upsert([...good, unknownProperty]).catch((e) => e);
  assert.ok(error instanceof MultiRequestError, String(error));
  const successes =
    (error as MultiRequestError<{ items: InstanceResult[] }>).successes;
  assert.equal(successes.items.length, 1000);
  assert.equal(error.failedItems.length, 1);
  assert.equal((await sdk.product.list({ space, limit: null })).length, 1000);
});

Deno.test("OAuth client credentials against the emulator's token endpoint", async () => {
  const credentials = new OAuthClientCredentials({
    tokenUrl: env("PYGEN_EMULATOR_TOKEN_URL"),
    clientId: env("PYGEN_EMULATOR_CLIENT_ID"),
    clientSecret: env("PYGEN_EMULATOR_CLIENT_SECRET"),
  });
  const space = `e2e-oauth-${RUN}`;
  const sdk = client(space, credentials);
  await sdk.http.post("/models/spaces", { items: [{ space }] });
  await sdk.category.upsert({ space, externalId: "c", name: "C" });
  assert.equal((await sdk.category.list({ space })).length, 1);
  assert.equal(credentials.tokenRequests, 1);

  const wrong = new OAuthClientCredentials({
    tokenUrl: env("PYGEN_EMULATOR_TOKEN_URL"),
    clientId: env("PYGEN_EMULATOR_CLIENT_ID"),
    clientSecret: "wrong",
    maxAttempts: 1,
  });
  await assert.rejects(
    client(space, wrong).category.list({ space }),
    /was refused with 401/,
  );
});

Deno.test("query: products of a category through the reverse direct relation", async () => {
  const { space, sdk } = await freshSpace("query");
  await seed(space, sdk);
  const response = await sdk.query({
    with: {
      garden: {
        nodes: {
          filter: CATEGORY_VIEW.filters.name.equals("Garden").and(
            CATEGORY_VIEW.hasData(),
          ),
        },
        limit: 1,
      },
      products: {
        nodes: {
          from: "garden",
          through: { source: PRODUCT_VIEW.reference, identifier: "category" },
          direction: "inwards",
        },
        limit: 100,
      },
    },
    select: {
      products: {
        sources: [{
          source: PRODUCT_VIEW.reference,
          properties: ["name", "price"],
        }],
      },
    },
  });
  const products = PRODUCT_VIEW.parseList(response.items.products ?? []);
  assert.deepEqual(ids(products).sort(), [
    "product-06",
    "product-07",
    "product-08",
    "product-09",
    "product-10",
    "product-11",
  ]);
  assert.ok(products.every((p) => typeof p.price === "number"));
});

Deno.test("connections: nested writes, then retrieve and list with identifier and full connections", async () => {
  const { space, sdk } = await freshSpace("connections");
  const tools = CATEGORY_VIEW.write({
    space,
    externalId: "tools",
    name: "Tools",
  });
  const written = await sdk.product.upsert([
    {
      space,
      externalId: "hammer",
      name: "Hammer",
      category: tools,
      relatedProducts: [
        PRODUCT_VIEW.write({
          space,
          externalId: "nails",
          name: "Nails",
          category: tools,
        }),
        RELATES_TO_VIEW.nestedEdge({
          endNode: PRODUCT_VIEW.write({
            space,
            externalId: "saw",
            name: "Saw",
          }),
          strength: 0.25,
          since: new Date("2020-01-01T00:00:00.000Z"),
        }),
      ],
    },
  ]);
  assert.deepEqual(ids(written.created).sort(), [
    "Product.relatedProducts:hammer:nails",
    "Product.relatedProducts:hammer:saw",
    "hammer",
    "nails",
    "saw",
    "tools",
  ]);

  const byId = await sdk.product.retrieve("hammer", {
    retrieveConnections: "identifier",
  }) as Product;
  assert.deepEqual(byId.category, { space, externalId: "tools" });
  const edges = [...(byId.relatedProducts ?? [])].sort((a, b) =>
    a.externalId.localeCompare(b.externalId)
  );
  assert.deepEqual(ids(edges), [
    "Product.relatedProducts:hammer:nails",
    "Product.relatedProducts:hammer:saw",
  ]);
  assert.deepEqual(edges[1]?.endNode, { space, externalId: "saw" });
  assert.equal(edges[1]?.strength, 0.25);
  assert.equal(edges[0]?.strength, null, "an edge without properties");

  const full = await sdk.product.retrieve(["hammer"], {
    retrieveConnections: "full",
  });
  const hammer = full[0] as Product;
  assert.equal((hammer.category as { name: string }).name, "Tools");
  const names = (hammer.relatedProducts ?? []).map((edge) =>
    (edge.endNode as Product).name
  ).sort();
  assert.deepEqual(names, ["Nails", "Saw"]);

  const [category] = await sdk.category.list({
    space,
    retrieveConnections: "full",
  });
  const products = (category?.products ?? []) as Product[];
  assert.deepEqual(products.map((p) => p.name).sort(), ["Hammer", "Nails"]);
  const [asIds] = await sdk.category.list({
    space,
    retrieveConnections: "identifier",
  });
  assert.deepEqual(
    ids((asIds?.products ?? []) as { externalId: string }[]).sort(),
    ["hammer", "nails"],
  );

  const listed = await sdk.product.list({
    space,
    retrieveConnections: "identifier",
    sortBy: "name",
    limit: null,
  });
  assert.deepEqual(listed.map((p) => p.name), ["Hammer", "Nails", "Saw"]);
  assert.equal(listed[0]?.relatedProducts?.length, 2);
  assert.deepEqual(listed[1]?.relatedProducts, []);
});

Deno.test("sync: a first pass returns everything, a second pass with the cursor only what changed", async () => {
  const { space, sdk } = await freshSpace("sync");
  await seed(space, sdk);
  const spaceOnly = {
    select: {
      products: {
        sources: [{ source: PRODUCT_VIEW.reference, properties: ["*"] }],
      },
    },
    with: {
      products: {
        nodes: {
          filter: PRODUCT_VIEW.hasData().and(
            sdk.product.filters.name.prefix("Widget"),
            { equals: { property: ["node", "space"], value: space } },
          ),
        },
        limit: 1000,
      },
    },
  };
  let first = await sdk.sync(spaceOnly);
  let seen = [...(first.items.products ?? [])];
  while ((first.items.products ?? []).length > 0) {
    first = await sdk.sync({
      ...spaceOnly,
      cursors: { products: first.nextCursor.products },
    });
    seen = [...seen, ...(first.items.products ?? [])];
  }
  assert.deepEqual(ids(seen).sort(), [
    "product-00",
    "product-03",
    "product-06",
    "product-09",
  ]);
  assert.ok(first.nextCursor.products, "sync always returns a cursor");

  await sdk.product.upsert({
    space,
    externalId: "product-03",
    name: "Widget 3",
    price: 999,
  });
  await sdk.product.delete("product-06");
  const changes = await sdk.sync({
    ...spaceOnly,
    cursors: { products: first.nextCursor.products },
  });
  const changed = changes.items.products ?? [];
  assert.deepEqual(ids(changed).sort(), ["product-03", "product-06"]);
  const deleted = changed.find((item) => item.externalId === "product-06");
  assert.ok(
    deleted?.deletedTime,
    "a soft-deleted instance comes back with deletedTime",
  );
  assert.equal(
    PRODUCT_VIEW.parse(changed.find((i) => i.externalId === "product-03")!)
      .price,
    999,
  );
});

/** Chairs and tables under furniture; product i is in chairs (even) or tables (odd) and relates to products i+1
 * and i+2 (modulo 7): every product has a category and two outgoing edges with a strength. */
async function seedConnected(space: string, sdk: ProductCatalogClient) {
  const furniture = { space, externalId: "furniture" };
  await sdk.upsert([
    CATEGORY_VIEW.write({ ...furniture, name: "Furniture" }),
    CATEGORY_VIEW.write({
      space,
      externalId: "chairs",
      name: "Chairs",
      parent: furniture,
    }),
    CATEGORY_VIEW.write({
      space,
      externalId: "tables",
      name: "Tables",
      parent: furniture,
    }),
    ...Array.from({ length: 7 }, (_, i) =>
      PRODUCT_VIEW.write({
        space,
        externalId: `p${i}`,
        name: `Product ${i}`,
        price: i,
        category: { space, externalId: i % 2 === 0 ? "chairs" : "tables" },
        relatedProducts: [1, 2].map((step) =>
          RELATES_TO_VIEW.nestedEdge({
            endNode: { space, externalId: `p${(i + step) % 7}` },
            strength: step / 10,
          })
        ),
      })),
  ]);
}

const relatedEnds = (product: Product) =>
  (product.relatedProducts ?? []).map((edge) => edge.endNode.externalId)
    .sort();
const expectedEnds = (externalId: string) => {
  const i = Number(externalId.slice(1));
  return [`p${(i + 1) % 7}`, `p${(i + 2) % 7}`].sort();
};

Deno.test("iterate with retrieveConnections: every page has its connections, limit cuts, resume, as list", async () => {
  const { space, sdk } = await freshSpace("iterate-connections");
  await seedConnected(space, sdk);
  for (const mode of ["identifier", "full"] as const) {
    const pages = [];
    for await (
      const page of sdk.product.iterate({
        space,
        chunkSize: 3,
        sortBy: "externalId",
        retrieveConnections: mode,
      })
    ) pages.push(page);
    assert.deepEqual(pages.map((page) => ids(page.items)), [
      ["p0", "p1", "p2"],
      ["p3", "p4", "p5"],
      ["p6"],
    ]);
    assert.deepEqual(pages.map((page) => page.nextCursor !== null), [
      true,
      true,
      false,
    ]);
    for (const page of pages) {
      for (const product of page.items) {
        assert.deepEqual(
          relatedEnds(product),
          expectedEnds(product.externalId),
        );
        const category = Number(product.externalId.slice(1)) % 2 === 0
          ? "chairs"
          : "tables";
        if (mode === "full") {
          assert.equal((product.category as Category).externalId, category);
          assert.ok((product.category as Category).name);
          for (const edge of product.relatedProducts ?? []) {
            assert.equal(
              (edge.endNode as Product).name,
              `Product ${edge.endNode.externalId.slice(1)}`,
            );
          }
        } else {
          assert.deepEqual(product.category, { space, externalId: category });
          for (const edge of product.relatedProducts ?? []) {
            assert.deepEqual(Object.keys(edge.endNode).sort(), [
              "externalId",
              "space",
            ]);
          }
        }
      }
    }
    // The same objects as list with the same mode.
    const listed = await sdk.product.list({
      space,
      sortBy: "externalId",
      retrieveConnections: mode,
      limit: null,
    });
    assert.deepEqual(pages.flatMap((page) => [...page.items]), [...listed]);

    // limit cut inside a page, then resume right after the cut.
    const limited = [];
    for await (
      const page of sdk.product.iterate({
        space,
        chunkSize: 3,
        limit: 4,
        sortBy: "price",
        direction: "descending",
        retrieveConnections: mode,
      })
    ) limited.push(page);
    assert.deepEqual(limited.map((page) => ids(page.items)), [
      ["p6", "p5", "p4"],
      ["p3"],
    ]);
    assert.deepEqual(relatedEnds(limited[1]!.items[0]!), expectedEnds("p3"));
    const rest = [];
    for await (
      const page of sdk.product.iterate({
        space,
        chunkSize: 3,
        sortBy: "price",
        direction: "descending",
        retrieveConnections: mode,
        cursor: limited[1]!.nextCursor,
      })
    ) rest.push(page);
    assert.deepEqual(rest.map((page) => ids(page.items)), [["p2", "p1", "p0"]]);
    assert.equal(rest[0]!.cursor, limited[1]!.nextCursor);
  }

  // Reverse relations on every page.
  const members: Record<string, string[]> = {};
  for await (
    const page of sdk.category.iterate({
      space,
      chunkSize: 1,
      sortBy: "externalId",
      retrieveConnections: "full",
    })
  ) {
    assert.equal(page.items.length, 1);
    const category = page.items[0]!;
    members[category.externalId] = ((category.products ?? []) as Product[])
      .map((product) => product.name ?? "").sort();
  }
  assert.deepEqual(members, {
    chairs: ["Product 0", "Product 2", "Product 4", "Product 6"],
    furniture: [],
    tables: ["Product 1", "Product 3", "Product 5"],
  });
});

Deno.test("iterate: a cursor from the other kind of iterate is rejected with a clear error", async () => {
  const { space, sdk } = await freshSpace("iterate-cursor-kinds");
  await seedConnected(space, sdk);
  const first = async (options: Parameters<typeof sdk.product.iterate>[0]) => {
    for await (const page of sdk.product.iterate(options)) return page;
    throw new Error("no page");
  };
  const listCursor = (await first({ space, chunkSize: 2 })).nextCursor;
  const queryCursor = (await first({
    space,
    chunkSize: 2,
    retrieveConnections: "identifier",
  })).nextCursor;
  assert.ok(listCursor && queryCursor);
  await assert.rejects(
    first({
      space,
      chunkSize: 2,
      cursor: listCursor,
      retrieveConnections: "identifier",
    }),
    (error: Error) =>
      error.name === "PygenValueError" &&
      error.message.includes("a cursor from an iterate without connections") &&
      error.cause instanceof PygenAPIError,
  );
  await assert.rejects(
    first({ space, chunkSize: 2, cursor: queryCursor }),
    /a cursor from an iterate with retrieveConnections/,
  );
  await assert.rejects(
    async () => {
      for await (
        const _ of sdk.relatesTo.iterate({
          space,
          retrieveConnections: "identifier",
        })
      ) { /* never reached */ }
    },
    /retrieveConnections works on node views/,
  );
});

Deno.test("lists: connected(field) gathers the connected objects of all items, each once", async () => {
  const { space, sdk } = await freshSpace("list-connected");
  const tools = CATEGORY_VIEW.write({
    space,
    externalId: "tools",
    name: "Tools",
  });
  const garden = CATEGORY_VIEW.write({
    space,
    externalId: "garden",
    name: "Garden",
  });
  const saw = PRODUCT_VIEW.write({
    space,
    externalId: "saw",
    name: "Saw",
    category: garden,
  });
  await sdk.product.upsert([
    {
      space,
      externalId: "hammer",
      name: "Hammer",
      category: tools,
      relatedProducts: [
        saw,
        RELATES_TO_VIEW.nestedEdge({
          endNode: PRODUCT_VIEW.write({
            space,
            externalId: "nails",
            name: "Nails",
            category: tools,
          }),
          strength: 0.5,
        }),
      ],
    },
    {
      space,
      externalId: "rake",
      name: "Rake",
      category: garden,
      relatedProducts: [saw],
    },
  ]);
  const products = await sdk.product.list({
    space,
    retrieveConnections: "full",
    sortBy: "name",
    limit: null,
  });
  const categories: InstanceList<Category> = products.connected("category");
  assert.deepEqual(
    categories.map((item) => item.name),
    ["Tools", "Garden"],
    "sorted by name: Hammer (Tools), Nails (Tools), Rake (Garden), Saw (Garden); each category once",
  );
  const related: InstanceList<Product> = products.connected("relatedProducts");
  assert.deepEqual(
    ids(related).sort(),
    ["nails", "saw"],
    "saw is related twice",
  );
  assert.ok(related.every((item) => typeof item.name === "string"));

  const byCategory = await sdk.category.list({
    space,
    retrieveConnections: "full",
  });
  assert.deepEqual(ids(byCategory.connected("products")).sort(), [
    "hammer",
    "nails",
    "rake",
    "saw",
  ]);
  const onlyIds = await sdk.product.list({
    space,
    retrieveConnections: "identifier",
  });
  assert.equal(
    onlyIds.connected("relatedProducts").length,
    0,
    "ids are skipped",
  );
  assert.equal(onlyIds.connected("category").length, 0);
  assert.deepEqual(
    products.dataRecords.map((record) => record.version),
    products.map((item) => item.dataRecord.version),
  );
});
