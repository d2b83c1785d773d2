import assert from "node:assert/strict";
import {
  HTTPClient,
  InstanceAPI,
  InstanceClient,
  MAX_METRICS,
  type NodeInstance,
  type NodeWrite,
  type PropertyMap,
  PygenValueError,
  ViewDescriptor,
} from "./deps.ts";
import { ProductCatalogClient } from "../example_sdk/index.ts";
import { fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

const VIEW_REF = {
  type: "view",
  space: "pygen_example",
  externalId: "Product",
  version: "v1",
};
const prop = (id: string) => ["pygen_example", "Product/v1", id];

function products(fake: FakeFetch) {
  return new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    { defaultInstanceSpace: "shop" },
  ).product;
}

const aggregateBodies = (fake: FakeFetch) =>
  fake.to("/models/instances/aggregate").map((request) => request.json());

Deno.test("aggregate with named metrics: one request, values by name, typed by the metric", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [{
        instanceType: "node",
        aggregates: [
          { aggregate: "count", property: "externalId", value: 4 },
          { aggregate: "avg", property: "price", value: 2.5 },
          { aggregate: "max", property: "quantity" },
          { aggregate: "count", property: "description", value: 3 },
          {
            aggregate: "histogram",
            property: "price",
            interval: 10,
            buckets: [{ start: 0, count: 3 }, { start: 10, count: 1 }],
          },
        ],
      }],
    })
  );
  const result = await products(fake).aggregate({
    total: "count",
    avgPrice: { avg: "price" },
    maxQuantity: { max: "quantity" },
    described: { count: "description" },
    prices: { histogram: "price", interval: 10 },
  }, { namePrefix: "W", query: "oak", searchProperties: ["name"] });
  // The types follow the metrics: counts are numbers, other metrics may be null, histograms are buckets (checked
  // before assert.deepEqual, which narrows the result to the expected value).
  const total: number = result.total;
  // @ts-expect-error avg is null when there is nothing to aggregate
  const avg: number = result.avgPrice;
  const buckets: { start: number; count: number }[] = result.prices;
  // @ts-expect-error only the metrics asked for are in the result
  result.minPrice;
  assert.deepEqual([total, avg, buckets.length], [4, 2.5, 2]);
  assert.deepEqual(result, {
    total: 4,
    avgPrice: 2.5,
    maxQuantity: null,
    described: 3,
    prices: [{ start: 0, count: 3 }, { start: 10, count: 1 }],
  });
  assert.deepEqual(aggregateBodies(fake), [{
    view: VIEW_REF,
    instanceType: "node",
    aggregates: [
      { count: {} },
      { avg: { property: "price" } },
      { max: { property: "quantity" } },
      { count: { property: "description" } },
      { histogram: { property: "price", interval: 10 } },
    ],
    query: "oak",
    properties: ["name"],
    filter: { prefix: { property: prop("name"), value: "W" } },
  }]);
});

Deno.test("aggregate with named metrics and groupBy: every group carries every metric", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [
        {
          instanceType: "node",
          group: {
            status: "active",
            category: { space: "s", externalId: "c" },
          },
          aggregates: [
            { aggregate: "count", value: 2 },
            { aggregate: "sum", property: "price", value: 30 },
          ],
        },
        {
          instanceType: "node",
          group: { status: "draft" },
          aggregates: [
            { aggregate: "count", value: 1 },
            { aggregate: "sum", property: "price" },
          ],
        },
      ],
    })
  );
  const groups = await products(fake).aggregate(
    { n: { count: true }, revenue: { sum: "price" } },
    { groupBy: ["status", "category"], isActive: true, limit: 10 },
  );
  const n: number = groups[0]!.aggregates.n;
  // @ts-expect-error sum is null when there is nothing to aggregate
  const revenue: number = groups[1]!.aggregates.revenue;
  assert.deepEqual([n, revenue], [2, null]);
  assert.deepEqual(groups, [
    {
      group: { status: "active", category: { space: "s", externalId: "c" } },
      aggregates: { n: 2, revenue: 30 },
    },
    { group: { status: "draft" }, aggregates: { n: 1, revenue: null } },
  ]);
  assert.deepEqual(aggregateBodies(fake), [{
    view: VIEW_REF,
    instanceType: "node",
    aggregates: [{ count: {} }, { sum: { property: "price" } }],
    filter: { equals: { property: prop("isActive"), value: true } },
    groupBy: ["status", "category"],
    limit: 10,
  }]);
});

Deno.test("aggregate with named metrics: values are matched by aggregate and property, defaults when missing", async () => {
  const fake = new FakeFetch().enqueue(
    // Answered out of order: each value still lands under its own name.
    () =>
      json({
        items: [{
          instanceType: "node",
          aggregates: [
            { aggregate: "max", property: "price", value: 9 },
            { aggregate: "min", property: "price", value: 1 },
          ],
        }],
      }),
    // No group at all (nothing matched): counts 0, histograms empty, other metrics null.
    () => json({ items: [] }),
  );
  const api = products(fake);
  assert.deepEqual(
    await api.aggregate({ low: { min: "price" }, high: { max: "price" } }),
    { low: 1, high: 9 },
  );
  assert.deepEqual(
    await api.aggregate({
      total: "count",
      avgPrice: { avg: "price" },
      prices: { histogram: "price", interval: 5 },
    }),
    { total: 0, avgPrice: null, prices: [] },
  );
});

Deno.test("aggregate with named metrics: any metric name is kept, even __proto__", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [{
        instanceType: "node",
        aggregates: [
          { aggregate: "count", value: 3 },
          { aggregate: "sum", property: "price", value: 7 },
        ],
      }],
    })
  );
  const result = await products(fake).aggregate({
    ["__proto__"]: "count",
    constructor: { sum: "price" },
  });
  assert.deepEqual(Object.entries(result), [["__proto__", 3], [
    "constructor",
    7,
  ]]);
});

Deno.test("aggregate with named metrics: property ids on the wire, field names in the result", async () => {
  const PROPERTIES = {
    kind: { id: "type", type: "text" },
    sizeInBytes: { id: "size", type: "int64" },
  } as const satisfies PropertyMap;
  const VIEW = new ViewDescriptor<NodeInstance, NodeWrite, typeof PROPERTIES>({
    view: { space: "m", externalId: "File", version: "1" },
    usedFor: "node",
    properties: PROPERTIES,
  });
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [{
        instanceType: "node",
        group: { type: "pdf" },
        aggregates: [{ aggregate: "avg", property: "size", value: 12 }],
      }],
    })
  );
  const client = new InstanceClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
  );
  const groups = await new InstanceAPI(client, VIEW).aggregate(
    { avgSize: { avg: "sizeInBytes" } },
    { groupBy: "kind" },
  );
  assert.deepEqual(groups, [{
    group: { kind: "pdf" },
    aggregates: { avgSize: 12 },
  }]);
  assert.deepEqual(aggregateBodies(fake)[0], {
    view: { type: "view", space: "m", externalId: "File", version: "1" },
    instanceType: "node",
    aggregates: [{ avg: { property: "size" } }],
    groupBy: ["type"],
    limit: 1000,
  });
});

Deno.test("aggregate with named metrics: bad metrics are clear errors and nothing is sent", async () => {
  const fake = new FakeFetch();
  const api = products(fake);
  const rejects = async (
    call: () => Promise<unknown>,
    message: RegExp,
  ): Promise<void> => {
    const error = await call().then(() => undefined, (error) => error);
    assert.ok(error instanceof PygenValueError, `expected an error ${message}`);
    assert.match(error.message, message);
  };
  await rejects(
    () => api.aggregate({ m: { median: "price" } as never }),
    /^aggregate on pygen_example:Product\/v1, metric "m": unknown aggregation "median"; use count, avg, sum, min, max or histogram$/,
  );
  await rejects(
    () => api.aggregate({ m: "avg" as never }),
    /metric "m": expected "count" or an object such as \{ avg: "price" \}, got "avg"/,
  );
  await rejects(
    () => api.aggregate({ m: { avg: true } as never }),
    /metric "m": avg needs a numeric field, e.g. \{ avg: "price" \}, got true/,
  );
  await rejects(
    // @ts-expect-error name is text, not a number
    () => api.aggregate({ m: { avg: "name" } }),
    /metric "m": avg needs a numeric field; "name" is text$/,
  );
  await rejects(
    // @ts-expect-error a list of numbers cannot be summed by DMS
    () => api.aggregate({ m: { sum: "measurements" } }),
    /metric "m": sum needs a numeric field; "measurements" is float64 list$/,
  );
  await rejects(
    // @ts-expect-error not a field of Product
    () => api.aggregate({ m: { count: "colour" } }),
    /metric "m": no field "colour"; fields: name, description, price/,
  );
  await rejects(
    () => api.aggregate({ m: { count: false } as never }),
    /metric "m": count takes true \(count instances\) or a field name/,
  );
  await rejects(
    () => api.aggregate({ m: { avg: "price", max: "price" } as never }),
    /metric "m": give exactly one of count, avg, sum, min, max or histogram, got avg and max/,
  );
  await rejects(
    () => api.aggregate({ m: { interval: 3 } as never }),
    /metric "m": unknown aggregation "interval"/,
  );
  await rejects(
    () => api.aggregate({ m: { histogram: "price", interval: 0 } }),
    /metric "m": histogram needs a positive interval, e.g. \{ histogram: "price", interval: 10 \}, got 0/,
  );
  await rejects(
    () => api.aggregate({}),
    /^aggregate on pygen_example:Product\/v1: give at least one metric/,
  );
  await rejects(
    () => api.aggregate(["count"] as never),
    /aggregate on pygen_example:Product\/v1: give one aggregation name .* or an object of named metrics/,
  );
  const six = Object.fromEntries(
    ["a", "b", "c", "d", "e", "f"].map((name) => [name, "count" as const]),
  );
  assert.equal(MAX_METRICS, 5);
  await rejects(
    () => api.aggregate(six),
    /DMS computes at most 5 metrics in one request, got 6 \(a, b, c, d, e, f\); split them/,
  );
  await rejects(
    // @ts-expect-error property is for the one-metric form
    () => api.aggregate({ m: "count" }, { property: "price" }),
    /`property` belongs to the one-metric form/,
  );
  await rejects(
    // @ts-expect-error limit counts groups: only with groupBy
    () => api.aggregate({ m: "count" }, { limit: 3 }),
    /limit is the most groups to return; it needs groupBy/,
  );
  await rejects(
    () => api.aggregate({ m: "count" }, { groupBy: "status", limit: 1001 }),
    /limit \(the most groups\) must be an integer from 1 to 1000, got 1001/,
  );
  await rejects(
    // @ts-expect-error not a field of Product
    () => api.aggregate({ m: "count" }, { groupBy: "colour" }),
    /view pygen_example:Product\/v1 has no field "colour"/,
  );
  assert.equal(fake.requests.length, 0);
});
