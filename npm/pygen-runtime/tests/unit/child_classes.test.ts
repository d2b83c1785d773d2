/**
 * `ParentInstanceAPI.retrieve(..., { asChildClass })`: the exact requests, the order the children are asked in,
 * narrowing with `descriptor.is`, and clear errors before any request. Behaviour against a server is tested with
 * generated SDKs (Omni, CogniteCore) in `tests/typescript/generated/`; here the reference SDK's `Category` plays a
 * child of `Product` (the runtime does not check the hierarchy, the generator does), as in the Python tests.
 */

import assert from "node:assert/strict";
import {
  HTTPClient,
  InstanceList,
  ParentInstanceAPI,
  PygenValueError,
  type RawNode,
} from "./deps.ts";
import {
  type Category,
  CATEGORY_VIEW,
  type Product,
  PRODUCT_FILTER_ARGS,
  type PRODUCT_PROPERTIES,
  PRODUCT_VIEW,
  ProductCatalogClient,
  type ProductFilterArgs,
  type ProductWrite,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";
import { type Captured, fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

const PRODUCT = {
  type: "view",
  space: "pygen_example",
  externalId: "Product",
  version: "v1",
};
const CATEGORY = { ...PRODUCT, externalId: "Category" };
/** The ids the fake server has as categories (and products). */
const CATEGORY_IDS = new Set(["c1", "c2"]);

function node(
  externalId: string,
  views: readonly string[],
  name: string,
): RawNode {
  return {
    instanceType: "node",
    space: "shop",
    externalId,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: {
      pygen_example: Object.fromEntries(
        views.map((view) => [`${view}/v1`, { name: `${name}` }]),
      ),
    },
  };
}

type Body = {
  items?: { externalId: string }[];
  sources?: { source: { externalId: string } }[];
  with?: { root: { nodes: { filter: unknown } } };
  select?: Record<string, unknown>;
};

/** byids: categories have data in Category and Product; every other id but "missing" only in Product. */
function answer(request: Captured): Response {
  const body = request.json() as Body;
  if (request.path === "/models/instances/byids") {
    const views = (body.sources ?? []).map((s) => s.source.externalId);
    const ids = (body.items ?? []).map((item) => item.externalId);
    if (views.includes("Category")) {
      return json({
        items: ids.filter((id) => CATEGORY_IDS.has(id)).map((id) =>
          node(id, ["Category", "Product"], `category ${id}`)
        ),
      });
    }
    return json({
      items: ids.filter((id) => id !== "missing").map((id) =>
        node(id, ["Product"], `product ${id}`)
      ),
    });
  }
  if (request.path === "/models/instances/query") {
    return json({
      items: Object.fromEntries(
        Object.keys(body.select ?? {}).map((name) => [name, []]),
      ),
      nextCursor: {},
    });
  }
  return json({ items: [] });
}

function setup(
  children: ConstructorParameters<
    typeof ParentInstanceAPI<
      Product,
      ProductWrite,
      typeof PRODUCT_PROPERTIES,
      ProductFilterArgs,
      { Category: Category }
    >
  >[3] = [["Category", () => CATEGORY_VIEW]],
) {
  const fake = new FakeFetch().otherwise(answer);
  const client = new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    { defaultInstanceSpace: "shop" },
  );
  const api = new ParentInstanceAPI<
    Product,
    ProductWrite,
    typeof PRODUCT_PROPERTIES,
    ProductFilterArgs,
    { Category: Category }
  >(client, PRODUCT_VIEW, PRODUCT_FILTER_ARGS, children);
  return { fake, api };
}

const ref = (externalId: string) => ({
  instanceType: "node",
  space: "shop",
  externalId,
});

Deno.test("asChildClass: one byids per child for the ids left, then the parent; order kept, missing left out", async () => {
  const { fake, api } = setup();
  const items = await api.retrieve(
    ["p1", "c1", "missing", { space: "shop", externalId: "c2" }, "c1"],
    { asChildClass: ["Category"] },
  );
  assert.ok(items instanceof InstanceList);
  assert.deepEqual(
    items.map((item) => [
      CATEGORY_VIEW.is(item) ? "Category" : "Product",
      item.externalId,
      item.name,
    ]),
    [
      ["Product", "p1", "product p1"],
      ["Category", "c1", "category c1"],
      ["Category", "c2", "category c2"],
    ],
  );
  assert.deepEqual(fake.requests.map((r) => [r.path, r.json()]), [
    ["/models/instances/byids", {
      items: ["p1", "c1", "missing", "c2"].map(ref),
      // the child and the parent: an instance must have data in both (as the parent's retrieve requires)
      sources: [{ source: CATEGORY }, { source: PRODUCT }],
    }],
    ["/models/instances/byids", {
      items: ["p1", "missing"].map(ref),
      sources: [{ source: PRODUCT }],
    }],
  ]);
  // The tag narrows: a Category has no `price`, a Product has.
  const [first, second] = items;
  assert.ok(first && PRODUCT_VIEW.is(first) && !CATEGORY_VIEW.is(first));
  assert.ok(second && CATEGORY_VIEW.is(second) && !PRODUCT_VIEW.is(second));
});

Deno.test("asChildClass: no parent request when every id is a child; one id gives one object or undefined", async () => {
  const { fake, api } = setup();
  const item = await api.retrieve({ space: "shop", externalId: "c1" }, {
    asChildClass: "Category",
  });
  assert.ok(item && CATEGORY_VIEW.is(item));
  assert.equal(item.externalId, "c1");
  assert.equal(fake.requests.length, 1);
  assert.equal(
    await api.retrieve("missing", { asChildClass: ["Category"] }),
    undefined,
  );
  assert.equal(fake.requests.length, 3); // the child, then the parent for the id left
});

Deno.test("asChildClass: a child answer without data in both views is not taken as the child", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const body = request.json() as Body;
    const views = (body.sources ?? []).map((s) => s.source.externalId);
    // A lenient server: the node comes back with Category data only.
    return json({
      items: [
        node("x", views.includes("Category") ? ["Category"] : ["Product"], "x"),
      ],
    });
  });
  const client = new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    { defaultInstanceSpace: "shop" },
  );
  const api = new ParentInstanceAPI<
    Product,
    ProductWrite,
    typeof PRODUCT_PROPERTIES,
    ProductFilterArgs,
    { Category: Category }
  >(client, PRODUCT_VIEW, PRODUCT_FILTER_ARGS, [[
    "Category",
    () => CATEGORY_VIEW,
  ]]);
  const item = await api.retrieve("x", { asChildClass: ["Category"] });
  assert.ok(item && PRODUCT_VIEW.is(item));
  assert.equal(fake.requests.length, 2);
});

Deno.test("without asChildClass retrieve is the parent's, and its objects are not tagged", async () => {
  const { fake, api } = setup();
  const items = await api.retrieve(["p1", "c1"]);
  assert.deepEqual(items.map((item) => item.externalId), ["p1", "c1"]);
  assert.ok(items.every((item) => !PRODUCT_VIEW.is(item)));
  assert.deepEqual(fake.requests.map((r) => (r.json() as Body).sources), [[
    { source: PRODUCT },
  ]]);
  assert.deepEqual(api.childNames, ["Category"]);
});

Deno.test("asChildClass with retrieveConnections: one /query per child with hasData of both views", async () => {
  const { fake, api } = setup();
  const items = await api.retrieve(["c1"], {
    asChildClass: ["Category"],
    retrieveConnections: "identifier",
  });
  assert.equal(items.length, 0);
  const calls = fake.to("/models/instances/query").map((r) => r.json() as Body);
  assert.equal(calls.length, 2); // the child (nothing found), then the parent
  const references = {
    instanceReferences: [{ space: "shop", externalId: "c1" }],
  };
  assert.deepEqual(calls[0]?.with?.root.nodes.filter, {
    and: [{ hasData: [CATEGORY] }, { hasData: [PRODUCT] }, references],
  });
  assert.deepEqual((calls[0]?.select as Record<string, unknown>).root, {
    sources: [{ source: CATEGORY, properties: ["*"] }],
  });
  assert.deepEqual(calls[1]?.with?.root.nodes.filter, {
    and: [{ hasData: [PRODUCT] }, references],
  });
});

Deno.test("asChildClass: the most derived listed child is asked first, each for the ids still unmatched", async () => {
  const fake = new FakeFetch().otherwise(answer);
  const client = new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    { defaultInstanceSpace: "shop" },
  );
  // "Derived" stands for a grandchild listed before its parent "Category" (the generator's order).
  const api = new ParentInstanceAPI<
    Product,
    ProductWrite,
    typeof PRODUCT_PROPERTIES,
    ProductFilterArgs,
    { Derived: Product; Category: Category }
  >(client, PRODUCT_VIEW, PRODUCT_FILTER_ARGS, [
    ["Derived", () => PRODUCT_VIEW],
    ["Category", () => CATEGORY_VIEW],
  ]);
  // Named in the other order: the list order decides, not the argument's.
  await api.retrieve(["c1", "p1"], { asChildClass: ["Category", "Derived"] });
  assert.deepEqual(
    fake.to("/models/instances/byids").map((r) => {
      const body = r.json() as Body;
      return [
        body.sources?.map((s) => s.source.externalId),
        body.items?.map((item) => item.externalId),
      ];
    }),
    [
      [["Product", "Product"], ["c1", "p1"]],
      // Derived (here: Product itself) matched both: nothing is left for Category or the parent
    ],
  );
});

Deno.test("asChildClass: unknown names and non-node children are clear errors before any request", async () => {
  const { fake, api } = setup(
    [
      ["Category", () => CATEGORY_VIEW],
      ["RelatesTo", () => RELATES_TO_VIEW as never],
    ] as never,
  );
  await assert.rejects(
    () =>
      api.retrieve("c1", {
        asChildClass: ["Category", "Bogus"] as unknown as ["Category"],
      }),
    (error: unknown) =>
      error instanceof PygenValueError &&
      error.message ===
        'asChildClass: "Bogus" is not a child view of pygen_example:Product/v1 in this SDK; ' +
          'valid: "Category", "RelatesTo"',
  );
  await assert.rejects(
    () =>
      api.retrieve("c1", {
        asChildClass: ["RelatesTo"] as unknown as ["Category"],
      }),
    /asChildClass: "RelatesTo" maps to .*, which is not a node view descriptor/,
  );
  await assert.rejects(
    () =>
      api.retrieve("c1", {
        asChildClass: ["Category"],
        retrieveConnections: "all" as never,
      }),
    /retrieveConnections must be "skip", "identifier" or "full", got "all"/,
  );
  await assert.rejects(
    () => api.retrieve([42 as never], { asChildClass: ["Category"] }),
    PygenValueError,
  );
  assert.deepEqual(fake.requests, []);
});

Deno.test("asChildClass result types: the union of the parent and the listed children only", async () => {
  const { api } = setup();
  const items = await api.retrieve(["c1"], { asChildClass: ["Category"] });
  // Compile-time checks: the element type is Product | Category, and narrowing gives each its own fields.
  const names: string[] = items.map((item) =>
    CATEGORY_VIEW.is(item)
      ? `${item.name}:${item.parent === null}`
      : `${item.name}:${(item satisfies Product).price}`
  );
  assert.deepEqual(names, ["category c1:true"]);
  const none = await api.retrieve(["p1"], { asChildClass: [] });
  const onlyProducts: InstanceList<Product> = none;
  assert.equal(onlyProducts.length, 1);
  // @ts-expect-error: "RelatesTo" is not a child of this API
  await api.retrieve(["p1"], { asChildClass: ["RelatesTo"] }).catch(() => {});
});
