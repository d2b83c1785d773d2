/**
 * End to end: the TypeScript SDK generated from the example model (pygen_example:ProductCatalog/v1) against the
 * emulator: nested upsert, retrieve, every generated list argument, sorting, iterate with resume, search,
 * aggregate (one metric and several named metrics), histogram, edges with properties, connections and delete.
 */

import assert from "node:assert/strict";
import { type NodeId, PygenAPIError, PygenValueError } from "pygen-runtime";
import {
  CATEGORY_VIEW,
  type Product,
  PRODUCT_FILTER_ARGS,
  PRODUCT_PROPERTIES,
  PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  PRODUCT_VIEW,
  ProductCatalogClient,
  type ProductWrite,
  RELATES_TO_VIEW,
} from "@generated/sdk_example/index.ts";
import {
  type Category as PartialCategory,
  CategoryClient,
} from "@generated/sdk_example_partial/index.ts";
import { config, freshSpace, ids } from "./e2e_env.ts";

const T0 = Date.UTC(2024, 4, 1);
const hours = (n: number) => new Date(T0 + n * 3_600_000);

async function seeded(name: string) {
  const client = new ProductCatalogClient(config());
  const space = await freshSpace(client, name);
  const sdk = new ProductCatalogClient(config(), {
    defaultInstanceSpace: space,
  });
  const furniture = CATEGORY_VIEW.write({
    space,
    externalId: "furniture",
    name: "Furniture",
  });
  const chairs = CATEGORY_VIEW.write({
    space,
    externalId: "chairs",
    name: "Chairs",
    parent: furniture,
  });
  const products: ProductWrite[] = Array.from({ length: 10 }, (_, i) => ({
    space,
    externalId: `p${i}`,
    name: `${i % 2 === 0 ? "Chair" : "Table"} ${i}`,
    description: i < 3 ? "solid oak" : "pine",
    price: 10 * i,
    quantity: i,
    isActive: i % 3 !== 0,
    releaseDate: `2024-01-${String(1 + i).padStart(2, "0")}`,
    updatedAt: hours(i),
    tags: i % 2 === 0 ? ["wood", "indoor"] : ["wood"],
    measurements: [i, 1.5],
    status: i < 7 ? "active" : "discontinued",
    attributes: { legs: i },
    category: i % 2 === 0 ? chairs : furniture,
  }));
  products[0]!.relatedProducts = [
    RELATES_TO_VIEW.nestedEdge({
      endNode: { space, externalId: "p1" },
      strength: 0.9,
      note: "pairs well",
      since: new Date(T0),
    }),
    RELATES_TO_VIEW.nestedEdge({
      endNode: { space, externalId: "p2" },
      strength: 0.2,
    }),
  ];
  const result = await sdk.upsert(products.map((p) => PRODUCT_VIEW.write(p)));
  return { sdk, space, result };
}

Deno.test("nested upsert, then retrieve one, many and missing", async () => {
  const { sdk, space, result } = await seeded("ex-upsert");
  // 10 products, 2 nested categories, 2 edges.
  assert.equal(result.created.length, 14);
  assert.ok(
    result.created.some((item) =>
      item.instanceType === "edge" &&
      item.externalId === "Product.relatedProducts:p0:p1"
    ),
  );
  const product = await sdk.product.retrieve("p4");
  assert.ok(product);
  assert.equal(product.instanceType, "node");
  assert.deepEqual(
    [product.name, product.price, product.quantity, product.isActive],
    ["Chair 4", 40, 4, true],
  );
  assert.equal(product.releaseDate, "2024-01-05");
  assert.ok(product.updatedAt instanceof Date);
  assert.equal(product.updatedAt.getTime(), hours(4).getTime());
  assert.deepEqual(product.tags, ["wood", "indoor"]);
  assert.deepEqual(product.measurements, [4, 1.5]);
  assert.equal(product.status, "active");
  assert.deepEqual(product.attributes, { legs: 4 });
  assert.deepEqual(product.category, { space, externalId: "chairs" });
  assert.equal(product.dataRecord.version, 1);
  const chairs = await sdk.category.retrieve({ space, externalId: "chairs" });
  assert.deepEqual(chairs?.parent, { space, externalId: "furniture" });
  const many = await sdk.product.retrieve(["p3", "missing", "p1"]);
  assert.deepEqual(many.map((p) => p.externalId), ["p3", "p1"]);
  assert.equal(await sdk.product.retrieve("nope"), undefined);
  // A category is no product: retrieving it through the product view finds nothing.
  assert.equal(await sdk.product.retrieve("chairs"), undefined);
});

Deno.test("patch semantics: unset fields stay, null clears, replace resets", async () => {
  const { sdk, space } = await seeded("ex-patch");
  await sdk.product.upsert({
    space,
    externalId: "p5",
    name: "Table 5",
    description: null,
  });
  const patched = await sdk.product.retrieve("p5");
  assert.equal(patched?.description, null);
  assert.equal(patched?.price, 50);
  assert.deepEqual(patched?.tags, ["wood"]);
  const again = await sdk.product.upsert({
    space,
    externalId: "p5",
    name: "Table 5",
  });
  assert.equal(again.unchanged.length, 1);
  await sdk.product.upsert({ space, externalId: "p6", name: "Bare" }, {
    mode: "replace",
  });
  const replaced = await sdk.product.retrieve("p6");
  assert.equal(replaced?.price, null);
  assert.equal(replaced?.name, "Bare");
  // Defaults of the container apply to properties a create leaves out.
  await sdk.product.upsert({ space, externalId: "fresh", name: "Fresh" });
  const fresh = await sdk.product.retrieve("fresh");
  assert.deepEqual([fresh?.quantity, fresh?.isActive], [0, true]);
});

Deno.test("every generated list argument filters its property", async () => {
  const { sdk, space } = await seeded("ex-filters");
  const list = async (args: Parameters<typeof sdk.product.list>[0]) =>
    ids(await sdk.product.list({ limit: null, space, ...args }));
  assert.deepEqual(await list({}), [
    "p0",
    "p1",
    "p2",
    "p3",
    "p4",
    "p5",
    "p6",
    "p7",
    "p8",
    "p9",
  ]);
  assert.equal((await sdk.product.list({ space })).length, 10);
  assert.equal((await sdk.product.list({ space, limit: 3 })).length, 3);
  assert.deepEqual(await list({ name: "Table 3" }), ["p3"]);
  assert.deepEqual(await list({ name: ["Table 1", "Table 3"] }), ["p1", "p3"]);
  assert.deepEqual(await list({ namePrefix: "Chair" }), [
    "p0",
    "p2",
    "p4",
    "p6",
    "p8",
  ]);
  assert.deepEqual(
    await list({ description: "solid oak", descriptionPrefix: "solid" }),
    ["p0", "p1", "p2"],
  );
  assert.deepEqual(await list({ minPrice: 20, maxPrice: 40 }), [
    "p2",
    "p3",
    "p4",
  ]);
  assert.deepEqual(await list({ minQuantity: 8 }), ["p8", "p9"]);
  assert.deepEqual(await list({ maxQuantity: 1 }), ["p0", "p1"]);
  assert.deepEqual(await list({ isActive: false }), ["p0", "p3", "p6", "p9"]);
  assert.deepEqual(await list({ minReleaseDate: "2024-01-09" }), ["p8", "p9"]);
  assert.deepEqual(await list({ maxReleaseDate: "2024-01-02" }), ["p0", "p1"]);
  assert.deepEqual(await list({ maxUpdatedAt: hours(1) }), ["p0", "p1"]);
  assert.deepEqual(await list({ minUpdatedAt: hours(9) }), ["p9"]);
  assert.deepEqual(await list({ tagsContainsAny: ["indoor"] }), [
    "p0",
    "p2",
    "p4",
    "p6",
    "p8",
  ]);
  assert.deepEqual(
    await list({ tagsContainsAll: ["wood", "indoor"], minQuantity: 5 }),
    ["p6", "p8"],
  );
  assert.deepEqual(await list({ measurementsContainsAny: [9] }), ["p9"]);
  assert.deepEqual(await list({ measurementsContainsAll: [3, 1.5] }), ["p3"]);
  assert.deepEqual(await list({ status: "discontinued" }), ["p7", "p8", "p9"]);
  assert.deepEqual(await list({ status: ["active"], maxQuantity: 1 }), [
    "p0",
    "p1",
  ]);
  const furniture: NodeId = { space, externalId: "furniture" };
  assert.deepEqual(await list({ category: furniture, maxQuantity: 4 }), [
    "p1",
    "p3",
  ]);
  assert.deepEqual(
    await list({
      category: [{ space, externalId: "chairs" }],
      maxQuantity: 3,
    }),
    ["p0", "p2"],
  );
  assert.deepEqual(await list({ externalIdPrefix: "p1" }), ["p1"]);
  assert.deepEqual(await list({ space: "elsewhere" }), []);
  assert.deepEqual(
    await list({ filter: PRODUCT_VIEW.filters.price.range({ gt: 80 }) }),
    ["p9"],
  );
  // The generated table is what the runtime reads, and every argument names a field of the view.
  for (const [argument, [field]] of Object.entries(PRODUCT_FILTER_ARGS)) {
    assert.ok(field in PRODUCT_PROPERTIES, `${argument} -> ${field}`);
  }
  await assert.rejects(
    // @ts-expect-error: a misspelt argument is a type error, and a clear error at run time.
    () => sdk.product.list({ minPrise: 3 }),
    (error: unknown) =>
      error instanceof PygenValueError && /minPrise/.test(error.message),
  );
});

Deno.test("sorting and iterate with resume", async () => {
  const { sdk, space } = await seeded("ex-iterate");
  const byPrice = await sdk.product.list({
    space,
    sortBy: "price",
    direction: "descending",
    limit: 3,
  });
  assert.deepEqual(byPrice.map((p) => p.price), [90, 80, 70]);
  const pages: string[][] = [];
  let cursor: string | null = null;
  for await (const page of sdk.product.iterate({ space, chunkSize: 4 })) {
    pages.push(page.items.map((p: Product) => p.externalId));
    if (pages.length === 1) cursor = page.nextCursor;
  }
  assert.deepEqual(pages.map((page) => page.length), [4, 4, 2]);
  assert.ok(cursor);
  const resumed: string[] = [];
  const rest = sdk.product.iterate({ space, chunkSize: 4, cursor });
  for await (const page of rest) {
    resumed.push(...page.items.map((p: Product) => p.externalId));
  }
  assert.deepEqual(resumed.sort(), pages.slice(1).flat().sort());
});

Deno.test("search, aggregate and histogram", async () => {
  const { sdk, space } = await seeded("ex-search");
  const found = await sdk.product.search("oak", {
    space,
    properties: "description",
  });
  assert.deepEqual(ids(found), ["p0", "p1", "p2"]);
  const chairs = await sdk.product.search("Chair", { space, maxPrice: 30 });
  assert.deepEqual(ids(chairs), ["p0", "p2"]);
  assert.equal(await sdk.product.aggregate("count", { space }), 10);
  assert.equal(
    await sdk.product.aggregate("count", { space, isActive: true }),
    6,
  );
  assert.equal(
    await sdk.product.aggregate("avg", { space, property: "price" }),
    45,
  );
  assert.equal(
    await sdk.product.aggregate("max", {
      space,
      property: "quantity",
      maxPrice: 50,
    }),
    5,
  );
  const groups = await sdk.product.aggregate("count", {
    space,
    groupBy: "status",
  });
  assert.deepEqual(
    groups.map((g) => [g.group.status, g.value]).sort(),
    [["active", 7], ["discontinued", 3]],
  );
  const buckets = await sdk.product.histogram("price", 50, { space });
  assert.deepEqual(buckets.map((b) => [b.start, b.count]), [[0, 5], [50, 5]]);
  // Several named metrics in one request, ungrouped and per group.
  assert.deepEqual(
    await sdk.product.aggregate({
      total: "count",
      avgPrice: { avg: "price" },
      minPrice: { min: "price" },
      maxQuantity: { max: "quantity" },
      prices: { histogram: "price", interval: 50 },
    }, { space, isActive: true }),
    {
      total: 6,
      avgPrice: 45,
      minPrice: 10,
      maxQuantity: 8,
      prices: [{ start: 0, count: 3 }, { start: 50, count: 3 }],
    },
  );
  const perStatus = await sdk.product.aggregate(
    { n: "count", revenue: { sum: "price" }, active: { count: "isActive" } },
    { space, groupBy: "status" },
  );
  assert.deepEqual(
    perStatus.map((g) => [g.group.status, g.aggregates]).sort(),
    [
      ["active", { n: 7, revenue: 210, active: 7 }],
      ["discontinued", { n: 3, revenue: 240, active: 3 }],
    ],
  );
});

Deno.test("edges with properties: listed, filtered, read as connections", async () => {
  const { sdk, space } = await seeded("ex-edges");
  const edges = await sdk.relatesTo.list({
    startNode: { space, externalId: "p0" },
    minStrength: 0.5,
  });
  assert.equal(edges.length, 1);
  const edge = edges[0]!;
  assert.equal(edge.instanceType, "edge");
  assert.deepEqual(edge.endNode, { space, externalId: "p1" });
  assert.deepEqual(edge.type, PRODUCT_RELATED_PRODUCTS_EDGE_TYPE);
  assert.deepEqual([edge.strength, edge.note], [0.9, "pairs well"]);
  assert.equal(edge.since?.getTime(), T0);
  assert.deepEqual(
    ids(await sdk.relatesTo.list({ space, notePrefix: "pairs" })),
    [
      "Product.relatedProducts:p0:p1",
    ],
  );
  const full = await sdk.product.retrieve("p0", {
    retrieveConnections: "full",
  });
  const related = full?.relatedProducts ?? [];
  assert.deepEqual(
    related.map((e) => [e.strength, (e.endNode as Product).name]).sort(),
    [[0.2, "Chair 2"], [0.9, "Table 1"]],
  );
  assert.equal((full?.category as { name?: string } | null)?.name, "Chairs");
  const categories = await sdk.category.list({
    space,
    retrieveConnections: "identifier",
    name: "Furniture",
  });
  assert.deepEqual(
    ids((categories[0]?.products ?? []) as NodeId[]),
    ["p1", "p3", "p5", "p7", "p9"],
  );
});

Deno.test("delete through the view API, and errors name what is wrong", async () => {
  const { sdk, space } = await seeded("ex-delete");
  const deleted = await sdk.product.delete(["p8", "p9"]);
  assert.deepEqual(ids(deleted), ["p8", "p9"]);
  assert.equal((await sdk.product.list({ space, limit: null })).length, 8);
  assert.equal(await sdk.product.retrieve("p9"), undefined);
  await sdk.relatesTo.delete({
    space,
    externalId: "Product.relatedProducts:p0:p1",
  });
  assert.equal((await sdk.relatesTo.list({ space })).length, 1);
  assert.throws(
    () =>
      PRODUCT_VIEW.toWrite({
        space,
        externalId: "bad",
        name: "x",
        // @ts-expect-error: a wrong value type is a type error, and a clear error at run time.
        price: "cheap",
      }),
    (error: unknown) =>
      error instanceof PygenValueError &&
      /Product\/v1/.test(error.message) && /price/.test(error.message),
  );
  await assert.rejects(
    () =>
      sdk.product.upsert([
        { space, externalId: "v1", name: "A", existingVersion: 0 },
        { space, externalId: "p1", name: "Taken", existingVersion: 0 },
      ]),
    (error: unknown) => {
      assert.ok(error instanceof PygenAPIError, String(error));
      assert.match(error.message, /p1/);
      return true;
    },
  );
});

Deno.test("a reverse relation whose source view is not in the SDK is read as ids", async () => {
  const { space } = await seeded("partial");
  // The SDK generated without Product: Category.products (the reverse of Product.category) reads node ids.
  const sdk = new CategoryClient(config(), { defaultInstanceSpace: space });
  assert.equal("product" in sdk, false);
  for (const mode of ["identifier", "full"] as const) {
    const chairs: PartialCategory | undefined = await sdk.category.retrieve(
      "chairs",
      { retrieveConnections: mode },
    );
    const products: NodeId[] = chairs?.products ?? [];
    assert.deepEqual(
      products.map((id) => Object.keys(id).sort()),
      Array(5).fill(["externalId", "space"]),
      `${mode}: ids only, no objects`,
    );
    assert.deepEqual(ids(products).sort(), ["p0", "p2", "p4", "p6", "p8"]);
  }
  const [listed] = await sdk.category.list({
    space, // other tests (in other spaces) have categories named furniture too
    externalIdPrefix: "furniture",
    retrieveConnections: "identifier",
  });
  assert.deepEqual(ids(listed?.products ?? []).sort(), [
    "p1",
    "p3",
    "p5",
    "p7",
    "p9",
  ]);
});
