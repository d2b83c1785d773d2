import assert from "node:assert/strict";
import {
  HTTPClient,
  InstanceList,
  type Page,
  PygenValueError,
  type RawNode,
} from "./deps.ts";
import { type Product, ProductCatalogClient } from "../example_sdk/index.ts";
import { type Captured, fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

const VIEW_REF = {
  type: "view",
  space: "pygen_example",
  externalId: "Product",
  version: "v1",
};
const HAS_DATA = { hasData: [VIEW_REF] };
const prop = (id: string) => ["pygen_example", "Product/v1", id];

function sdk(
  fake: FakeFetch,
  defaultInstanceSpace: string | undefined = "shop",
) {
  return new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    defaultInstanceSpace ? { defaultInstanceSpace } : {},
  );
}

function node(
  externalId: string,
  properties: Record<string, unknown> | null = { name: externalId },
): RawNode {
  return {
    instanceType: "node",
    space: "shop",
    externalId,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: properties
      ? { pygen_example: { "Product/v1": properties as never } }
      : {},
  };
}

/** A list endpoint over `total` products, paging with numeric cursors. */
function pagedList(total: number) {
  return (request: Captured) => {
    const body = request.json() as { limit: number; cursor?: string };
    const start = Number(body.cursor ?? 0);
    const end = Math.min(total, start + body.limit);
    const items = Array.from(
      { length: end - start },
      (_, i) => node(`p${start + i}`),
    );
    return json({ items, nextCursor: end < total ? String(end) : null });
  };
}

Deno.test("list: the exact body with hasData, argument filters, sort and default limit", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({ items: [node("p1", { name: "Widget", price: 3 })] })
  );
  const products = await sdk(fake).product.list({
    namePrefix: "Wid",
    minPrice: 1,
    maxPrice: 10,
    status: ["active", "draft"],
    category: { space: "shop", externalId: "tools" },
    minUpdatedAt: new Date("2024-01-01T00:00:00Z"),
    tagsContainsAny: ["new"],
    isActive: true,
    space: "shop",
    externalIdPrefix: "p",
    filter: { exists: { property: prop("description") } },
    sortBy: ["price", "externalId"],
    direction: "descending",
    nullsFirst: true,
  });
  assert.ok(products instanceof InstanceList);
  assert.equal(products[0]?.price, 3);
  assert.deepEqual(fake.requests[0]?.json(), {
    instanceType: "node",
    sources: [{ source: VIEW_REF }],
    filter: {
      and: [
        HAS_DATA,
        { equals: { property: ["node", "space"], value: "shop" } },
        { prefix: { property: ["node", "externalId"], value: "p" } },
        { prefix: { property: prop("name"), value: "Wid" } },
        { range: { property: prop("price"), gte: 1, lte: 10 } },
        { equals: { property: prop("isActive"), value: true } },
        {
          range: {
            property: prop("updatedAt"),
            gte: "2024-01-01T00:00:00.000+00:00",
          },
        },
        { containsAny: { property: prop("tags"), values: ["new"] } },
        { in: { property: prop("status"), values: ["active", "draft"] } },
        {
          equals: {
            property: prop("category"),
            value: { space: "shop", externalId: "tools" },
          },
        },
        { exists: { property: prop("description") } },
      ],
    },
    sort: [
      { property: prop("price"), direction: "descending", nullsFirst: true },
      {
        property: ["node", "externalId"],
        direction: "descending",
        nullsFirst: true,
      },
    ],
    limit: 25,
  });
});

Deno.test("list without arguments still only returns instances of the view", async () => {
  const fake = new FakeFetch().otherwise(() => json({ items: [] }));
  await sdk(fake).product.list();
  assert.deepEqual(fake.requests[0]?.json(), {
    instanceType: "node",
    sources: [{ source: VIEW_REF }],
    filter: HAS_DATA,
    limit: 25,
  });
});

Deno.test("list follows cursors up to the limit; limit null means everything", async () => {
  const fake = new FakeFetch().otherwise(pagedList(2300));
  const some = await sdk(fake).product.list({ limit: 1500 });
  assert.equal(some.length, 1500);
  assert.deepEqual(
    fake.requests.map((r) => (r.json() as { limit: number }).limit),
    [1000, 500],
  );
  const all = await sdk(fake).product.list({ limit: null });
  assert.equal(all.length, 2300);
  assert.equal(all[2299]?.externalId, "p2299");
  assert.deepEqual(
    fake.requests.slice(2).map((r) => (r.json() as { cursor?: string }).cursor),
    [undefined, "1000", "2000"],
  );
});

Deno.test("iterate yields pages with their cursor and can resume from one", async () => {
  const fake = new FakeFetch().otherwise(pagedList(25));
  const api = sdk(fake).product;
  const pages: Page<Product>[] = [];
  for await (const page of api.iterate({ chunkSize: 10 })) pages.push(page);
  assert.deepEqual(pages.map((p) => p.items.length), [10, 10, 5]);
  assert.deepEqual(pages.map((p) => p.nextCursor), ["10", "20", null]);
  assert.deepEqual(pages.map((p) => p.cursor), [null, "10", "20"]);

  const resumed: string[] = [];
  for await (const page of api.iterate({ chunkSize: 10, cursor: "20" })) {
    resumed.push(...page.items.asExternalIds());
  }
  assert.deepEqual(resumed, ["p20", "p21", "p22", "p23", "p24"]);

  const limited: Page<Product>[] = [];
  for await (const page of api.iterate({ chunkSize: 10, limit: 15 })) {
    limited.push(page);
  }
  assert.deepEqual(limited.map((p) => p.items.length), [10, 5]);
  assert.equal(
    limited[1]?.nextCursor,
    "15",
    "the cursor to resume after a limit",
  );
  await assert.rejects(
    api.iterate({ chunkSize: 5000 }).next(),
    /chunkSize must be an integer from 1 to 1000/,
  );
});

Deno.test("search: the exact body, text properties mapped to property ids", async () => {
  const fake = new FakeFetch().otherwise(() => json({ items: [node("p1")] }));
  const found = await sdk(fake).product.search("red widget", {
    properties: ["name", "description"],
    operator: "AND",
    minPrice: 5,
    limit: null,
    sortBy: "price",
  });
  assert.equal(found.length, 1);
  assert.deepEqual(fake.to("/models/instances/search")[0]?.json(), {
    view: VIEW_REF,
    query: "red widget",
    instanceType: "node",
    properties: ["name", "description"],
    filter: { range: { property: prop("price"), gte: 5 } },
    sort: [{ property: prop("price"), direction: "ascending" }],
    operator: "AND",
    limit: 1000,
  });
});

Deno.test("aggregate: count, metrics and groups with field names", async () => {
  const fake = new FakeFetch().enqueue(
    () =>
      json({
        items: [{
          instanceType: "node",
          aggregates: [{ aggregate: "count", value: 42 }],
        }],
      }),
    () =>
      json({
        items: [{
          instanceType: "node",
          aggregates: [{ aggregate: "avg", property: "price", value: 2.5 }],
        }],
      }),
    () =>
      json({
        items: [{
          instanceType: "node",
          aggregates: [{ aggregate: "max", property: "price" }],
        }],
      }),
    () =>
      json({
        items: [
          {
            instanceType: "node",
            group: { status: "active" },
            aggregates: [{ aggregate: "sum", property: "quantity", value: 7 }],
          },
          {
            instanceType: "node",
            group: { status: "draft" },
            aggregates: [{ aggregate: "sum", property: "quantity", value: 0 }],
          },
        ],
      }),
  );
  const api = sdk(fake).product;
  assert.equal(await api.aggregate("count"), 42);
  assert.equal(
    await api.aggregate("avg", { property: "price", namePrefix: "W" }),
    2.5,
  );
  assert.equal(await api.aggregate("max", { property: "price" }), null);
  const groups = await api.aggregate("sum", {
    property: "quantity",
    groupBy: "status",
    query: "widget",
    searchProperties: "name",
  });
  assert.deepEqual(groups, [{ group: { status: "active" }, value: 7 }, {
    group: { status: "draft" },
    value: 0,
  }]);
  const bodies = fake.to("/models/instances/aggregate").map((r) => r.json());
  assert.deepEqual(bodies[0], {
    view: VIEW_REF,
    instanceType: "node",
    aggregates: [{ count: {} }],
  });
  assert.deepEqual(bodies[1], {
    view: VIEW_REF,
    instanceType: "node",
    aggregates: [{ avg: { property: "price" } }],
    filter: { prefix: { property: prop("name"), value: "W" } },
  });
  assert.deepEqual(bodies[3], {
    view: VIEW_REF,
    instanceType: "node",
    aggregates: [{ sum: { property: "quantity" } }],
    query: "widget",
    properties: ["name"],
    groupBy: ["status"],
    limit: 1000,
  });
  await assert.rejects(api.aggregate("avg"), /avg needs a `property`/);
  await assert.rejects(
    api.aggregate("median" as never),
    /unknown aggregation "median"/,
  );
});

Deno.test("histogram returns buckets", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [{
        instanceType: "node",
        aggregates: [{
          aggregate: "histogram",
          property: "price",
          interval: 10,
          buckets: [{ start: 0, count: 2 }, { start: 10, count: 1 }],
        }],
      }],
    })
  );
  const buckets = await sdk(fake).product.histogram("price", 10, {
    isActive: true,
  });
  assert.deepEqual(buckets, [{ start: 0, count: 2 }, { start: 10, count: 1 }]);
  assert.deepEqual(fake.requests[0]?.json(), {
    view: VIEW_REF,
    instanceType: "node",
    aggregates: [{ histogram: { property: "price", interval: 10 } }],
    filter: { equals: { property: prop("isActive"), value: true } },
  });
  await assert.rejects(
    sdk(fake).product.histogram("price", 0),
    /interval must be a positive number/,
  );
});

Deno.test("retrieve: one id gives one item or undefined; an array is always a list of ids", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const ids =
      (request.json() as { items: { space: string; externalId: string }[] })
        .items;
    return json({
      items: ids.filter((id) => id.externalId !== "missing").map((id) => ({
        ...(id.externalId === "category-node"
          ? node(id.externalId, null)
          : node(id.externalId)),
        space: id.space,
      })),
    });
  });
  const api = sdk(fake).product;
  const one = await api.retrieve("a");
  assert.equal(one?.externalId, "a");
  assert.equal(await api.retrieve("missing"), undefined);
  const pair = await api.retrieve(["a", "b"]);
  assert.deepEqual(
    pair.asExternalIds(),
    ["a", "b"],
    "two ids, never one (space, externalId) pair",
  );
  const mixed = await api.retrieve([
    { space: "elsewhere", externalId: "c" },
    "category-node",
    "d",
  ], { space: "s2" });
  assert.deepEqual(
    mixed.asExternalIds(),
    ["c", "d"],
    "instances without data in the view are left out",
  );
  assert.deepEqual(
    (fake.requests.at(-1)?.json() as { items: unknown[] }).items,
    [
      { instanceType: "node", space: "elsewhere", externalId: "c" },
      { instanceType: "node", space: "s2", externalId: "category-node" },
      { instanceType: "node", space: "s2", externalId: "d" },
    ],
  );
  assert.equal((await api.retrieve([])).length, 0);
  await assert.rejects(
    sdk(fake, "").product.retrieve("a"),
    PygenValueError,
  );
});

Deno.test("edge views list edges and filter on their ends", async () => {
  const fake = new FakeFetch().otherwise(() => json({ items: [] }));
  await sdk(fake).relatesTo.list({
    startNode: { space: "shop", externalId: "p1" },
    minStrength: 0.5,
    limit: 5,
  });
  assert.deepEqual(fake.requests[0]?.json(), {
    instanceType: "edge",
    sources: [{
      source: {
        type: "view",
        space: "pygen_example",
        externalId: "RelatesTo",
        version: "v1",
      },
    }],
    filter: {
      and: [
        {
          hasData: [{
            type: "view",
            space: "pygen_example",
            externalId: "RelatesTo",
            version: "v1",
          }],
        },
        {
          equals: {
            property: ["edge", "startNode"],
            value: { space: "shop", externalId: "p1" },
          },
        },
        {
          range: {
            property: ["pygen_example", "RelatesTo/v1", "strength"],
            gte: 0.5,
          },
        },
      ],
    },
    limit: 5,
  });
});

Deno.test("per-view upsert and delete go through the client with the view's kind", async () => {
  const fake = new FakeFetch().otherwise((request) =>
    request.path === "/models/instances"
      ? json({
        items: [{
          instanceType: "edge",
          space: "shop",
          externalId: "e1",
          version: 1,
          wasModified: true,
          createdTime: 1,
          lastUpdatedTime: 1,
        }],
      })
      : json({
        items: [{ instanceType: "edge", space: "shop", externalId: "e1" }],
      })
  );
  const client = sdk(fake);
  const result = await client.relatesTo.upsert({
    space: "shop",
    externalId: "e1",
    type: { space: "pygen_example", externalId: "Product.relatedProducts" },
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
    strength: 1,
  });
  assert.equal(result.created.length, 1);
  const deleted = await client.relatesTo.delete("e1");
  assert.deepEqual(deleted, [{
    instanceType: "edge",
    space: "shop",
    externalId: "e1",
  }]);
  assert.deepEqual(fake.requests[1]?.json(), {
    items: [{ instanceType: "edge", space: "shop", externalId: "e1" }],
  });
});

Deno.test("bad list options are rejected before sending", async () => {
  const fake = new FakeFetch();
  const api = sdk(fake).product;
  await assert.rejects(
    api.list({ limit: -1 }),
    /limit must be an integer >= 0/,
  );
  await assert.rejects(
    api.list({ limit: 2.5 }),
    /limit must be an integer >= 0/,
  );
  await assert.rejects(
    api.list({ sortBy: "prise" as never }),
    /sortBy: view pygen_example:Product\/v1 has no field "prise"/,
  );
  await assert.rejects(
    api.list({ sortBy: "startNode" }),
    /has no field "startNode"/,
    "edge-only metadata on a node view",
  );
  await assert.rejects(
    api.list({ minReleaseDate: "2024-02-30" }),
    /not a valid date/,
  );
  await assert.rejects(
    api.list({ externalIdPrefix: 5 as never }),
    /externalIdPrefix: expected a string/,
  );
  await assert.rejects(
    api.search("x", { limit: 5000 }),
    /search returns at most 1000 results/,
  );
  await assert.rejects(
    api.list({ minPrise: 3 } as never),
    /unknown argument\(s\) minPrise for view pygen_example:Product\/v1; valid: name, namePrefix/,
  );
  assert.equal((await api.list({ limit: 0 })).length, 0, "limit 0: nothing");
  assert.equal((await api.search("x", { limit: 0 })).length, 0);
  assert.equal(fake.requests.length, 0);
});
