/**
 * The edge APIs of edge connections: `InstanceAPI` with `edgeType` (an edge view restricted to one connection's
 * type), `EdgeConnectionAPI` (plain edges of a type), views read as edges through `instanceType`, and reverse
 * relations whose source view is not in the SDK (read as ids). Exact bodies with a fake fetch; behaviour against
 * the emulator is in the generated-SDK end-to-end tests.
 */

import assert from "node:assert/strict";
import {
  EdgeConnectionAPI,
  HTTPClient,
  InstanceAPI,
  InstanceClient,
  type JsonValue,
  type NodeInstance,
  type NodeWrite,
  parseEdge,
  type PropertyMap,
  PygenValueError,
  type RawEdge,
  type RawInstance,
  type RawNode,
  ViewDescriptor,
} from "./deps.ts";
import {
  ProductCatalogClient,
  type RELATES_TO_PROPERTIES,
  type RelatesTo,
  type RelatesToFilterArgs,
  type RelatesToWrite,
} from "../example_sdk/index.ts";
import { type Captured, fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

const RELATED = {
  space: "pygen_example",
  externalId: "Product.relatedProducts",
} as const;
const TYPE_FILTER = { equals: { property: ["edge", "type"], value: RELATED } };
const RELATES_REF = {
  type: "view",
  space: "pygen_example",
  externalId: "RelatesTo",
  version: "v1",
} as const;

function client(fake: FakeFetch): ProductCatalogClient {
  return new ProductCatalogClient(
    new HTTPClient(fakeConfig(fake, { retry: { maxRetries: 0 } })),
    { defaultInstanceSpace: "shop" },
  );
}

function rawEdge(
  externalId: string,
  type: { space: string; externalId: string } = RELATED,
  properties: Record<string, JsonValue> | undefined = { strength: 0.5 },
): RawEdge {
  return {
    instanceType: "edge",
    space: "shop",
    externalId,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    type,
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
    properties: properties
      ? { pygen_example: { "RelatesTo/v1": properties } }
      : {},
  };
}

/** The edge view's API restricted to the edges of `Product.relatedProducts`. */
function relatedApi(fake: FakeFetch) {
  const sdk = client(fake);
  return new InstanceAPI<
    RelatesTo,
    RelatesToWrite,
    typeof RELATES_TO_PROPERTIES,
    RelatesToFilterArgs
  >(
    sdk,
    sdk.relatesTo.descriptor,
    sdk.relatesTo.argSpec,
    { edgeType: RELATED },
  );
}

Deno.test("edgeType: list, search, aggregate and histogram filter on the edge type", async () => {
  const fake = new FakeFetch().otherwise((request) =>
    request.path.endsWith("/aggregate")
      ? json({ items: [{ instanceType: "edge", aggregates: [] }] })
      : json({ items: [rawEdge("e1")] })
  );
  const api = relatedApi(fake);
  assert.deepEqual(api.edgeType, RELATED);
  const found = await api.list({ minStrength: 0.5, limit: 5 });
  assert.equal(found.length, 1);
  const listed = fake.requests[0]?.json() as { filter: { and: unknown[] } };
  assert.deepEqual(listed.filter.and.slice(0, 2), [
    { hasData: [RELATES_REF] },
    TYPE_FILTER,
  ]);
  assert.equal(listed.filter.and.length, 3, "the argument filter stays");

  await api.search("x");
  await api.aggregate("count");
  await api.histogram("strength", 0.1);
  for (const request of fake.requests.slice(1)) {
    const text = request.text ?? "";
    assert.ok(
      text.includes(JSON.stringify(TYPE_FILTER)),
      `${request.path} is not filtered on the edge type: ${text}`,
    );
  }
});

Deno.test("edgeType: iterate filters on the type page by page", async () => {
  const fake = new FakeFetch()
    .enqueue(() => json({ items: [rawEdge("e1")], nextCursor: "c2" }))
    .enqueue(() => json({ items: [rawEdge("e2")], nextCursor: null }));
  const pages = [];
  for await (const page of relatedApi(fake).iterate({ chunkSize: 1 })) {
    pages.push(page.items.map((item) => item.externalId));
  }
  assert.deepEqual(pages, [["e1"], ["e2"]]);
  for (const request of fake.requests) {
    assert.deepEqual(
      (request.json() as { filter: { and: unknown[] } }).filter.and[1],
      TYPE_FILTER,
    );
  }
});

Deno.test("edgeType: retrieve leaves out edges of other types", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: [
        rawEdge("e1"),
        rawEdge("other", { space: "pygen_example", externalId: "else" }),
      ],
    })
  );
  const api = relatedApi(fake);
  const found = await api.retrieve(["e1", "other"]);
  assert.deepEqual(found.map((item) => item.externalId), ["e1"]);
  assert.equal(await api.retrieve("other"), undefined);
});

Deno.test("edgeType: upsert refuses edges of another type, naming the item", async () => {
  const fake = new FakeFetch().otherwise(() => json({ items: [] }));
  const api = relatedApi(fake);
  const edge = {
    space: "shop",
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
    strength: 1,
  };
  await assert.rejects(
    () =>
      api.upsert([
        { ...edge, externalId: "ok", type: RELATED },
        {
          ...edge,
          externalId: "bad",
          type: { space: "pygen_example", externalId: "else" },
        },
      ]),
    (error: Error) =>
      error instanceof PygenValueError &&
      /item 1: this API holds the edges of type pygen_example:Product\.relatedProducts/
        .test(error.message),
  );
  await assert.rejects(
    () => api.upsert({ ...edge, externalId: "untyped" } as never),
    /item 0: .*got type undefined/,
  );
  assert.equal(fake.requests.length, 0, "nothing is sent");
});

Deno.test("edgeType is refused for a view read as nodes", () => {
  const sdk = client(new FakeFetch());
  assert.throws(
    () =>
      new InstanceAPI(sdk, sdk.product.descriptor, {}, { edgeType: RELATED }),
    /edgeType given for pygen_example:Product\/v1, which is read as nodes/,
  );
});

Deno.test("EdgeConnectionAPI.list: the exact body with type, ends, space, prefix, filter and sort", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({ items: [rawEdge("e1", RELATED, undefined)], nextCursor: null })
  );
  const api = new EdgeConnectionAPI(client(fake), RELATED);
  const found = await api.list({
    startNode: { space: "shop", externalId: "p1" },
    endNode: [
      { space: "shop", externalId: "p2" },
      { space: "shop", externalId: "p3" },
    ],
    space: "shop",
    externalIdPrefix: "Product",
    filter: { equals: { property: ["edge", "version"], value: 1 } },
    sortBy: ["externalId", "createdTime"],
    direction: "descending",
    limit: 7,
  });
  assert.deepEqual(fake.requests[0]?.json(), {
    instanceType: "edge",
    filter: {
      and: [
        TYPE_FILTER,
        {
          equals: {
            property: ["edge", "startNode"],
            value: { space: "shop", externalId: "p1" },
          },
        },
        {
          in: {
            property: ["edge", "endNode"],
            values: [
              { space: "shop", externalId: "p2" },
              { space: "shop", externalId: "p3" },
            ],
          },
        },
        { equals: { property: ["edge", "space"], value: "shop" } },
        { prefix: { property: ["edge", "externalId"], value: "Product" } },
        { equals: { property: ["edge", "version"], value: 1 } },
      ],
    },
    sort: [
      { property: ["edge", "externalId"], direction: "descending" },
      { property: ["edge", "createdTime"], direction: "descending" },
    ],
    limit: 7,
  });
  assert.equal(found.length, 1);
  const [edge] = found;
  assert.equal(edge?.instanceType, "edge");
  assert.deepEqual(edge?.type, RELATED);
  assert.deepEqual(edge?.startNode, { space: "shop", externalId: "p1" });
  assert.deepEqual(edge?.endNode, { space: "shop", externalId: "p2" });
  assert.equal(edge?.dataRecord.version, 1);
});

Deno.test("EdgeConnectionAPI.list without arguments filters on the type only; several spaces are an in", async () => {
  const fake = new FakeFetch().otherwise(() => json({ items: [] }));
  const api = new EdgeConnectionAPI(client(fake), RELATED);
  await api.list();
  await api.list({ space: ["a", "b"], startNode: null as never });
  assert.deepEqual(fake.requests[0]?.json(), {
    instanceType: "edge",
    filter: TYPE_FILTER,
    limit: 25,
  });
  assert.deepEqual(
    (fake.requests[1]?.json() as { filter: unknown }).filter,
    {
      and: [TYPE_FILTER, {
        in: { property: ["edge", "space"], values: ["a", "b"] },
      }],
    },
  );
});

/** A list endpoint over `total` plain edges, paging with numeric cursors. */
function pagedEdges(total: number) {
  return (request: Captured) => {
    const body = request.json() as { limit: number; cursor?: string };
    const start = Number(body.cursor ?? 0);
    const end = Math.min(total, start + body.limit);
    const items = Array.from(
      { length: end - start },
      (_, i) => rawEdge(`e${start + i}`, RELATED, undefined),
    );
    return json({ items, nextCursor: end < total ? String(end) : null });
  };
}

Deno.test("EdgeConnectionAPI: list follows cursors up to the limit, iterate pages and resumes", async () => {
  const fake = new FakeFetch().otherwise(pagedEdges(2500));
  const api = new EdgeConnectionAPI(client(fake), RELATED);
  assert.equal((await api.list({ limit: null })).length, 2500);
  assert.deepEqual(
    fake.requests.map((request) => (request.json() as { limit: number }).limit),
    [1000, 1000, 1000],
  );
  assert.equal((await api.list({ limit: 1500 })).length, 1500);
  assert.equal((await api.list({ limit: 0 })).length, 0);

  const pages = [];
  for await (const page of api.iterate({ chunkSize: 400, limit: 1000 })) {
    pages.push([page.items.length, page.cursor, page.nextCursor]);
  }
  assert.deepEqual(pages, [
    [400, null, "400"],
    [400, "400", "800"],
    [200, "800", "1000"],
  ]);
  const resumed = [];
  for await (const page of api.iterate({ cursor: "2400" })) {
    resumed.push(...page.items.map((item) => item.externalId));
  }
  assert.equal(resumed.length, 100);
  assert.equal(resumed[0], "e2400");
});

Deno.test("EdgeConnectionAPI: bad arguments are named before anything is sent", async () => {
  const fake = new FakeFetch();
  const api = new EdgeConnectionAPI(client(fake), RELATED);
  await assert.rejects(
    api.list({ startnode: "p1" } as never),
    /unknown argument\(s\) startnode for the edges of type pygen_example:Product\.relatedProducts/,
  );
  await assert.rejects(
    api.list({ sortBy: "strength" as never }),
    /sortBy: "strength" is not a field of an edge; valid: externalId/,
  );
  await assert.rejects(
    api.list({ sortBy: "space", direction: "up" as never }),
    /direction must be "ascending" or "descending"/,
  );
  await assert.rejects(
    api.list({ externalIdPrefix: 3 as never }),
    /externalIdPrefix: expected a string, got 3/,
  );
  await assert.rejects(api.list({ limit: -1 }), /limit/);
  await assert.rejects(
    api.iterate({ chunkSize: 1001 }).next(),
    /chunkSize must be an integer from 1 to 1000/,
  );
  assert.equal(fake.requests.length, 0);
  assert.throws(
    () => new EdgeConnectionAPI(client(fake), "bare" as never),
    PygenValueError,
  );
  assert.throws(
    () => new EdgeConnectionAPI({} as never, RELATED),
    /needs an InstanceClient/,
  );
  assert.equal(
    String(api),
    "EdgeConnectionAPI(edges of type pygen_example:Product.relatedProducts)",
  );
});

Deno.test("parseEdge reads a plain edge with its ids and data record", () => {
  const edge = parseEdge({ ...rawEdge("e1"), deletedTime: 5 } as RawEdge);
  assert.deepEqual(
    { ...edge, dataRecord: { ...edge.dataRecord } },
    {
      instanceType: "edge",
      space: "shop",
      externalId: "e1",
      type: RELATED,
      startNode: { space: "shop", externalId: "p1" },
      endNode: { space: "shop", externalId: "p2" },
      dataRecord: {
        version: 1,
        createdTime: new Date(0),
        lastUpdatedTime: new Date(0),
        deletedTime: new Date(5),
      },
    },
  );
});

// A view used for nodes and edges: two descriptors, the second reading and writing edges.
const BOTH = { space: "m", externalId: "Describable", version: "1" } as const;
const BOTH_PROPERTIES = {
  name: { id: "name", type: "text" },
} as const satisfies PropertyMap;

Deno.test("a view used for both reads as nodes by default and as edges with instanceType edge", async () => {
  const asNodes = new ViewDescriptor({
    view: BOTH,
    usedFor: "all",
    properties: BOTH_PROPERTIES,
  });
  const asEdges = new ViewDescriptor({
    view: BOTH,
    usedFor: "all",
    instanceType: "edge",
    properties: BOTH_PROPERTIES,
  });
  assert.equal(asNodes.instanceType, "node");
  assert.equal(asEdges.instanceType, "edge");

  const fake = new FakeFetch().otherwise(() => json({ items: [] }));
  const sdk = new InstanceClient(new HTTPClient(fakeConfig(fake)));
  await new InstanceAPI(sdk, asEdges).list();
  assert.equal((fake.requests[0]?.json() as RawInstance).instanceType, "edge");

  const writes = asEdges.toWrites({
    space: "s",
    externalId: "e",
    type: { space: "m", externalId: "t" },
    startNode: { space: "s", externalId: "a" },
    endNode: { space: "s", externalId: "b" },
    name: "described",
  } as never);
  assert.equal(writes.length, 1);
  assert.equal(writes[0]?.instanceType, "edge");
  assert.deepEqual(writes[0]?.sources?.[0]?.properties, { name: "described" });

  for (const [usedFor, instanceType] of [["node", "edge"], ["all", "x"]]) {
    assert.throws(
      () =>
        new ViewDescriptor({
          view: BOTH,
          usedFor: usedFor as never,
          instanceType: instanceType as never,
          properties: BOTH_PROPERTIES,
        }),
      /view m:Describable\/1: instanceType .* does not fit usedFor/,
    );
  }
});

// A reverse relation whose source view (Holder) is not in the SDK: read as ids.
const TARGET = { space: "m", externalId: "Target", version: "1" } as const;
const HOLDER = { space: "m", externalId: "Holder", version: "1" } as const;
interface Target extends NodeInstance {
  name: string | null;
  heldBy?: unknown[];
}
const TARGET_PROPERTIES = {
  name: { id: "name", type: "text" },
} as const satisfies PropertyMap;
const TARGET_VIEW: ViewDescriptor<Target, NodeWrite, typeof TARGET_PROPERTIES> =
  new ViewDescriptor({
    view: TARGET,
    usedFor: "node",
    properties: TARGET_PROPERTIES,
    connections: {
      heldBy: { kind: "reverse", through: { view: HOLDER, property: "item" } },
    },
  });

Deno.test("a reverse relation without a source view is read as ids, also in full mode", async () => {
  const target: RawNode = {
    instanceType: "node",
    space: "s",
    externalId: "t1",
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: { m: { "Target/1": { name: "one" } } },
  };
  const holder: RawNode = {
    ...target,
    externalId: "h1",
    properties: {
      m: { "Holder/1": { item: { space: "s", externalId: "t1" } } },
    },
  };
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: { root: [target], c0: [holder] },
      nextCursor: { root: null, c0: null },
    })
  );
  const api = new InstanceAPI(
    new InstanceClient(new HTTPClient(fakeConfig(fake))),
    TARGET_VIEW,
  );
  for (const mode of ["identifier", "full"] as const) {
    const [found] = await api.list({ retrieveConnections: mode });
    assert.deepEqual(found?.heldBy, [{ space: "s", externalId: "h1" }], mode);
  }
  for (const request of fake.requests) {
    const body = request.json() as {
      with: Record<string, { nodes: { through?: unknown } }>;
      select: Record<string, unknown>;
    };
    assert.deepEqual(body.with.c0?.nodes.through, {
      source: { type: "view", ...HOLDER },
      identifier: "item",
    });
    assert.deepEqual(body.select.c0, {
      sources: [{ source: { type: "view", ...HOLDER }, properties: ["item"] }],
    });
  }
});
