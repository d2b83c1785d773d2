import assert from "node:assert/strict";
import {
  HTTPClient,
  InstanceClient,
  MultiRequestError,
  PygenAPIError,
  PygenValueError,
  type RawInstanceWrite,
  type RawUpsertItem,
  type UpsertResult,
  type ViewWrite,
} from "./deps.ts";
import {
  PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  PRODUCT_VIEW,
  ProductCatalogClient,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";
import {
  apiError,
  type Captured,
  delay,
  fakeConfig,
  FakeFetch,
  json,
} from "./fake_fetch.ts";

const APPLY = "/models/instances";

function client(fake: FakeFetch, overrides = {}) {
  const http = new HTTPClient(
    fakeConfig(fake, { retry: { maxRetries: 0 }, ...overrides }),
  );
  return new ProductCatalogClient(http, { defaultInstanceSpace: "shop" });
}

/** Echoes an apply request the way DMS answers it: every item created (version 1). */
function echoApply(
  request: Captured,
  times = { created: 1000, updated: 1000 },
): Response {
  const body = request.json() as { items: RawInstanceWrite[] };
  const items: RawUpsertItem[] = body.items.map((item) => ({
    instanceType: item.instanceType,
    space: item.space,
    externalId: item.externalId,
    version: 1,
    wasModified: true,
    createdTime: times.created,
    lastUpdatedTime: times.created,
  }));
  return json({ items });
}

const products = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) =>
      PRODUCT_VIEW.write({
        space: "shop",
        externalId: `p${from + i}`,
        name: `P${from + i}`,
      }),
  );

Deno.test("upsert sends 1000 items per request and returns results in request order", async () => {
  // Later requests answer first, so completion order differs from request order.
  let call = 0;
  const fake = new FakeFetch().otherwise(async (request) => {
    await delay(30 - 10 * call++);
    return echoApply(request);
  });
  const result = await client(fake, { maxWorkers: 3 }).upsert(products(2500));
  const sizes = fake.to(APPLY).map((r) =>
    (r.json() as { items: unknown[] }).items.length
  );
  assert.deepEqual(sizes, [1000, 1000, 500]);
  assert.equal(result.items.length, 2500);
  assert.deepEqual(
    result.items.map((i) => i.externalId),
    Array.from({ length: 2500 }, (_, i) => `p${i}`),
  );
  assert.equal(result.created.length, 2500);
  assert.deepEqual(result.deleted, []);
});

Deno.test("upsert keeps at most maxWorkers requests in flight", async () => {
  const fake = new FakeFetch().otherwise(async (request) => {
    await delay(5);
    return echoApply(request);
  });
  await client(fake, { maxWorkers: 2 }).upsert(products(5500));
  assert.equal(fake.requests.length, 6);
  assert.equal(fake.maxInFlight, 2);
});

Deno.test("the exact apply body: sources, patch by default, the flags", async () => {
  const fake = new FakeFetch().otherwise(echoApply);
  const sdk = client(fake);
  await sdk.upsert(
    PRODUCT_VIEW.write({
      space: "shop",
      externalId: "p1",
      name: "Widget",
      price: 2.5,
    }),
  );
  await sdk.upsert([
    PRODUCT_VIEW.write({ space: "shop", externalId: "p1", name: "W" }),
  ], {
    mode: "replace",
    skipOnVersionConflict: true,
    autoCreateStartNodes: true,
  });
  const [patch, replace] = fake.to(APPLY).map((r) => r.json());
  assert.deepEqual(patch, {
    items: [{
      instanceType: "node",
      space: "shop",
      externalId: "p1",
      sources: [{
        source: {
          type: "view",
          space: "pygen_example",
          externalId: "Product",
          version: "v1",
        },
        properties: { name: "Widget", price: 2.5 },
      }],
    }],
    replace: false,
    skipOnVersionConflict: false,
    autoCreateDirectRelations: true,
    autoCreateStartNodes: false,
    autoCreateEndNodes: false,
  });
  assert.deepEqual(
    { ...(replace as Record<string, unknown>), items: undefined },
    {
      items: undefined,
      replace: true,
      skipOnVersionConflict: true,
      autoCreateDirectRelations: true,
      autoCreateStartNodes: true,
      autoCreateEndNodes: false,
    },
  );
});

Deno.test("up to 1000 instances go in one request (one transaction), nodes before edges; raw writes work", async () => {
  const fake = new FakeFetch().otherwise(echoApply);
  const edge = RELATES_TO_VIEW.write({
    space: "shop",
    externalId: "e1",
    type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
  });
  const raw: RawInstanceWrite = {
    instanceType: "node",
    space: "shop",
    externalId: "bare",
  };
  const result = await client(fake).upsert([edge, ...products(2, 1), raw]);
  const sent = fake.to(APPLY).map((r) =>
    (r.json() as { items: RawInstanceWrite[] }).items.map((i) => i.externalId)
  );
  assert.deepEqual(sent, [["p1", "p2", "bare", "e1"]]);
  assert.deepEqual(result.items.map((i) => i.externalId), [
    "p1",
    "p2",
    "bare",
    "e1",
  ], "results in the order sent");
});

Deno.test("beyond 1000 instances, every node request runs before any edge request", async () => {
  const order: string[] = [];
  const fake = new FakeFetch().otherwise(async (request) => {
    const items = (request.json() as { items: RawInstanceWrite[] }).items;
    order.push(`${items[0]?.instanceType}:${items.length}`);
    await delay(items[0]?.instanceType === "node" ? 20 : 1);
    return echoApply(request);
  });
  const edges = Array.from({ length: 3 }, (_, i) =>
    RELATES_TO_VIEW.write({
      space: "shop",
      externalId: `e${i}`,
      type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
      startNode: { space: "shop", externalId: "p0" },
      endNode: { space: "shop", externalId: `p${i + 1}` },
    }));
  const result = await client(fake, { maxWorkers: 4 }).upsert([
    ...edges,
    ...products(1500),
  ]);
  assert.deepEqual(order, ["node:1000", "node:500", "edge:3"]);
  assert.equal(result.items.length, 1503);
  assert.deepEqual(result.items.slice(-3).map((i) => i.externalId), [
    "e0",
    "e1",
    "e2",
  ]);
});

Deno.test("created, updated and unchanged are told apart", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [
        {
          instanceType: "node",
          space: "shop",
          externalId: "p0",
          version: 1,
          wasModified: true,
          createdTime: 5,
          lastUpdatedTime: 5,
        },
        {
          instanceType: "node",
          space: "shop",
          externalId: "p1",
          version: 4,
          wasModified: true,
          createdTime: 1,
          lastUpdatedTime: 9,
        },
        {
          instanceType: "node",
          space: "shop",
          externalId: "p2",
          version: 2,
          wasModified: false,
          createdTime: 1,
          lastUpdatedTime: 3,
        },
      ],
    })
  );
  const result = await client(fake).upsert(products(3));
  assert.deepEqual(result.created.map((i) => i.externalId), ["p0"]);
  assert.deepEqual(result.updated.map((i) => i.externalId), ["p1"]);
  assert.deepEqual(result.unchanged.map((i) => i.externalId), ["p2"]);
  assert.deepEqual(result.updated[0]?.lastUpdatedTime, new Date(9));
});

Deno.test("items skipped on a version conflict are absent from the result", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const response = echoApply(request);
    return response.json().then((body: { items: RawUpsertItem[] }) =>
      json({ items: body.items.slice(1) })
    );
  });
  const result = await client(fake).upsert(products(3), {
    skipOnVersionConflict: true,
  });
  assert.deepEqual(result.items.map((i) => i.externalId), ["p1", "p2"]);
});

Deno.test("a partly failed upsert reports what succeeded and exactly which items failed", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const items = (request.json() as { items: RawInstanceWrite[] }).items;
    return items[0]?.externalId === "p1000"
      ? apiError(400, "Unknown property in p1000 batch")
      : echoApply(request);
  });
  const error = await client(fake).upsert(products(2500)).catch((e) => e);
  assert.ok(error instanceof MultiRequestError);
  const succeeded =
    (error as MultiRequestError<UpsertResult, ViewWrite>).successes;
  assert.equal(succeeded.items.length, 1500);
  assert.equal(succeeded.created.length, 1500);
  assert.equal(succeeded.items[0]?.externalId, "p0");
  assert.equal(succeeded.items[1000]?.externalId, "p2000");
  assert.equal(error.failures.length, 1);
  assert.ok(error.failures[0]?.error instanceof PygenAPIError);
  assert.equal(error.failedItems.length, 1000);
  assert.deepEqual(
    error.failedItems[0],
    PRODUCT_VIEW.toWrite({ space: "shop", externalId: "p1000", name: "P1000" }),
  );
  assert.match(
    error.message,
    /upsert: 1 of 3 request\(s\) failed, 1000 item\(s\) were not processed and 1500 succeeded/,
  );
});

Deno.test("upsert can delete in the same call (the same transaction when it fits)", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const body = request.json() as {
      items: RawInstanceWrite[];
      delete?: unknown[];
    };
    return echoApply(request).json().then((answer: { items: unknown[] }) =>
      json({ items: answer.items, deleted: (body.delete ?? []).slice(1) })
    );
  });
  const result = await client(fake).upsert(products(1), {
    delete: ["old-1", { space: "other", externalId: "old-2" }],
  });
  assert.equal(fake.requests.length, 1);
  const body = fake.requests[0]?.json() as {
    items: RawInstanceWrite[];
    delete: unknown[];
  };
  assert.deepEqual(body.items.map((i) => i.externalId), ["p0"]);
  assert.deepEqual(body.delete, [
    { instanceType: "node", space: "shop", externalId: "old-1" },
    { instanceType: "node", space: "other", externalId: "old-2" },
  ]);
  assert.deepEqual(result.deleted, [{
    instanceType: "node",
    space: "other",
    externalId: "old-2",
  }]);
  assert.equal(result.created.length, 1);
});

Deno.test("an item with no properties set is still written through its view, and so is an edge from a bare id", async () => {
  const fake = new FakeFetch().otherwise(echoApply);
  const edge = RELATES_TO_VIEW.write({
    space: "shop",
    externalId: "e0",
    type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
  });
  await client(fake).upsert(edge);
  const [item] =
    (fake.requests[0]?.json() as { items: Record<string, unknown>[] }).items;
  // So the instance gets its container rows: it has data in the view and shows up in the view's list.
  assert.deepEqual(item?.sources, [{
    source: { type: "view", ...RELATES_TO_VIEW.view },
    properties: {},
  }]);
  const plain = await client(fake).upsert(
    PRODUCT_VIEW.write({
      space: "shop",
      externalId: "p9",
      name: "P",
      relatedProducts: [{ space: "shop", externalId: "p1" }],
    }),
  );
  assert.equal(plain.created.length, 2);
  const nested = (fake.requests[1]?.json() as {
    items: Record<string, unknown>[];
  }).items.find((item) => item.instanceType === "edge");
  assert.deepEqual(nested?.sources, [{
    source: { type: "view", ...RELATES_TO_VIEW.view },
    properties: {},
  }], "an edge of a connection with an edge view has data in it");
});

Deno.test("a single failed request throws its own error", async () => {
  const fake = new FakeFetch().otherwise(() =>
    apiError(409, "A version conflict caused the ingest to fail.")
  );
  const error = await client(fake).upsert(products(2)).catch((e) => e);
  assert.ok(error instanceof PygenAPIError);
  assert.equal(error.status, 409);
});

Deno.test("invalid items are all reported before anything is sent", async () => {
  const fake = new FakeFetch().otherwise(echoApply);
  const items = [
    PRODUCT_VIEW.write({ space: "shop", externalId: "ok", name: "fine" }),
    PRODUCT_VIEW.write({
      space: "shop",
      externalId: "bad-price",
      name: "x",
      price: NaN,
    }),
    { instanceType: "node", space: "shop" } as unknown as RawInstanceWrite,
    PRODUCT_VIEW.write({ space: "shop", externalId: "ok", name: "different" }),
  ];
  const error = await client(fake).upsert(items).catch((e) => e);
  assert.ok(error instanceof PygenValueError);
  assert.match(
    error.message,
    /upsert: 3 problem\(s\) in 4 item\(s\); nothing was sent/,
  );
  assert.match(
    error.message,
    /item 1: view pygen_example:Product\/v1, item "bad-price", field price/,
  );
  assert.match(
    error.message,
    /item 2: a raw write object needs string space and externalId/,
  );
  assert.match(
    error.message,
    /node shop:ok is given twice with different values \(item 0 and item 3\)/,
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("the same instance given twice with the same values is sent once", async () => {
  const fake = new FakeFetch().otherwise(echoApply);
  const item = { space: "shop", externalId: "twice", name: "same" };
  const result = await client(fake).upsert([
    PRODUCT_VIEW.write(item),
    PRODUCT_VIEW.write({ ...item }),
  ]);
  assert.equal(
    (fake.requests[0]?.json() as { items: unknown[] }).items.length,
    1,
  );
  assert.deepEqual(result.items.map((i) => i.externalId), ["twice"]);
});

Deno.test("upsert of nothing sends nothing", async () => {
  const fake = new FakeFetch();
  const result = await client(fake).upsert([]);
  assert.deepEqual(result.items, []);
  assert.equal(fake.requests.length, 0);
});

Deno.test("delete: chunks of 1000, ids normalised, deleted ids returned", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const items = (request.json() as { items: { externalId: string }[] }).items;
    return json({ items: items.filter((i) => i.externalId !== "missing") });
  });
  const sdk = client(fake);
  const ids = [
    "a",
    { space: "other", externalId: "b" },
    { instanceType: "edge" as const, space: "shop", externalId: "e" },
    "missing",
    ...Array.from({ length: 1000 }, (_, i) => `x${i}`),
  ];
  const deleted = await sdk.delete(ids);
  const bodies = fake.to("/models/instances/delete").map((r) =>
    r.json() as { items: unknown[] }
  );
  assert.deepEqual(bodies.map((b) => b.items.length).sort(), [1000, 4]);
  assert.deepEqual(bodies.find((b) => b.items.length === 1000), {
    items: [
      { instanceType: "node", space: "shop", externalId: "a" },
      { instanceType: "node", space: "other", externalId: "b" },
      { instanceType: "edge", space: "shop", externalId: "e" },
      { instanceType: "node", space: "shop", externalId: "missing" },
      ...Array.from(
        { length: 996 },
        (_, i) => ({
          instanceType: "node",
          space: "shop",
          externalId: `x${i}`,
        }),
      ),
    ],
  });
  assert.equal(deleted.length, 1003);
  assert.deepEqual(deleted[2], {
    instanceType: "edge",
    space: "shop",
    externalId: "e",
  });
});

Deno.test("bare external ids without a default space are an error, not a guess", async () => {
  const fake = new FakeFetch();
  const sdk = new InstanceClient(new HTTPClient(fakeConfig(fake)));
  await assert.rejects(
    sdk.delete("a"),
    /got the bare external id "a" but no space/,
  );
  await assert.rejects(
    sdk.delete([
      { instanceType: "vertex", space: "s", externalId: "a" } as never,
    ]),
    /instanceType must be "node" or "edge"/,
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("retrieve returns raw instances in the order asked for, leaving out missing ones", async () => {
  const fake = new FakeFetch().otherwise((request) => {
    const items =
      (request.json() as { items: { space: string; externalId: string }[] })
        .items;
    return json({
      items: items.filter((i) => i.externalId !== "gone").reverse().map((
        i,
      ) => ({
        instanceType: "node",
        ...i,
        version: 1,
        createdTime: 0,
        lastUpdatedTime: 0,
        properties: {},
      })),
    });
  });
  const found = await client(fake).retrieve(["a", "gone", "b"], {
    sources: [PRODUCT_VIEW.view],
  });
  assert.deepEqual(found.map((i) => i.externalId), ["a", "b"]);
  assert.deepEqual(fake.requests[0]?.json(), {
    items: [
      { instanceType: "node", space: "shop", externalId: "a" },
      { instanceType: "node", space: "shop", externalId: "gone" },
      { instanceType: "node", space: "shop", externalId: "b" },
    ],
    sources: [{
      source: {
        type: "view",
        space: "pygen_example",
        externalId: "Product",
        version: "v1",
      },
    }],
  });
});

Deno.test("query and sync send filter objects as DMS JSON", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({ items: { products: [] }, nextCursor: { products: "c1" } })
  );
  const sdk = client(fake);
  const request = {
    with: {
      products: {
        nodes: { filter: PRODUCT_VIEW.filters.price.range({ gte: 1 }) },
        limit: 10,
      },
    },
    select: {
      products: {
        sources: [{ source: PRODUCT_VIEW.reference, properties: ["*"] }],
      },
    },
  };
  const response = await sdk.query(request);
  assert.deepEqual(response.nextCursor, { products: "c1" });
  await sdk.sync({ ...request, mode: "twoPhase" });
  assert.deepEqual(fake.to("/models/instances/query")[0]?.json(), {
    with: {
      products: {
        nodes: {
          filter: {
            range: {
              property: ["pygen_example", "Product/v1", "price"],
              gte: 1,
            },
          },
        },
        limit: 10,
      },
    },
    select: {
      products: {
        sources: [{
          source: {
            type: "view",
            space: "pygen_example",
            externalId: "Product",
            version: "v1",
          },
          properties: ["*"],
        }],
      },
    },
  });
  assert.equal(
    (fake.to("/models/instances/sync")[0]?.json() as { mode: string }).mode,
    "twoPhase",
  );
});

Deno.test("a generated client builds each view API once, on first use", () => {
  const sdk = client(new FakeFetch());
  assert.equal(sdk.product, sdk.product);
  assert.equal(sdk.product.descriptor, PRODUCT_VIEW);
  assert.equal(sdk.relatesTo.descriptor.instanceType, "edge");
  assert.equal(ProductCatalogClient.DATA_MODEL.externalId, "ProductCatalog");
  const fromOptions = new ProductCatalogClient({
    baseUrl: "http://localhost:1",
    project: "p",
    credentials: {
      authorizationHeader: () => Promise.resolve("Bearer x"),
      canRefresh: false,
    },
  });
  assert.equal(
    fromOptions.config.projectUrl,
    "http://localhost:1/api/v1/projects/p",
  );
});
