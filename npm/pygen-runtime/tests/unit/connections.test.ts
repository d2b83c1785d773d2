import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  edgeExternalId,
  HTTPClient,
  PygenValueError,
  type RawInstanceWrite,
  type RawNode,
} from "./deps.ts";
import { sha256Hex } from "../../src/sha256.ts";
import {
  CATEGORY_VIEW,
  type Product,
  PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  PRODUCT_VIEW,
  ProductCatalogClient,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";
import { type Captured, fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

const EDGE_TYPE = PRODUCT_RELATED_PRODUCTS_EDGE_TYPE;
const PRODUCT_REF = {
  type: "view",
  space: "pygen_example",
  externalId: "Product",
  version: "v1",
} as const;
const CATEGORY_REF = {
  type: "view",
  space: "pygen_example",
  externalId: "Category",
  version: "v1",
} as const;
const RELATES_REF = {
  type: "view",
  space: "pygen_example",
  externalId: "RelatesTo",
  version: "v1",
} as const;

Deno.test("sha256Hex matches node:crypto", () => {
  for (
    const text of [
      "",
      "abc",
      "a".repeat(55),
      "a".repeat(56),
      "a".repeat(64),
      "æøå\u0000🙂",
      "x".repeat(1000),
    ]
  ) {
    assert.equal(
      sha256Hex(text),
      createHash("sha256").update(text).digest("hex"),
      `length ${text.length}`,
    );
  }
});

Deno.test("edge external ids: type:start:end, hashed past 255 characters like the Python runtime", () => {
  const start = { space: "s", externalId: "p1" };
  const end = { space: "s", externalId: "p2" };
  assert.equal(
    edgeExternalId(EDGE_TYPE, start, end),
    "Product.relatedProducts:p1:p2",
  );
  const long = { space: "s", externalId: "x".repeat(250) };
  const id = edgeExternalId(EDGE_TYPE, start, long);
  const candidate = `Product.relatedProducts:p1:${"x".repeat(250)}`;
  const digest = createHash("sha256")
    .update(
      [
        "pygen_example",
        "Product.relatedProducts",
        "s",
        "p1",
        "s",
        "x".repeat(250),
      ].join("\u0000"),
    )
    .digest("hex");
  assert.equal(id, `${candidate.slice(0, 190)}:${digest}`);
  assert.equal(id.length, 255);
  // Python counts code points, not UTF-16 units.
  const emoji = { space: "s", externalId: "🙂".repeat(120) };
  const emojiId = edgeExternalId(EDGE_TYPE, emoji, emoji);
  assert.equal(
    Array.from(emojiId.split(":").slice(0, -1).join(":")).length,
    190,
  );
});

Deno.test("nested writes: a direct relation to a node write, edges to ids, node writes and nested edges", () => {
  const writes = PRODUCT_VIEW.toWrites({
    space: "shop",
    externalId: "p1",
    name: "Widget",
    category: CATEGORY_VIEW.write({
      space: "shop",
      externalId: "tools",
      name: "Tools",
    }),
    relatedProducts: [
      { space: "shop", externalId: "p2" },
      PRODUCT_VIEW.write({ space: "shop", externalId: "p3", name: "New" }),
      RELATES_TO_VIEW.nestedEdge({
        endNode: { space: "other", externalId: "p4" },
        strength: 0.5,
      }),
    ],
  });
  assert.deepEqual(
    writes,
    [
      {
        instanceType: "node",
        space: "shop",
        externalId: "p1",
        sources: [{
          source: PRODUCT_REF,
          properties: {
            name: "Widget",
            category: { space: "shop", externalId: "tools" },
          },
        }],
      },
      {
        instanceType: "node",
        space: "shop",
        externalId: "tools",
        sources: [{ source: CATEGORY_REF, properties: { name: "Tools" } }],
      },
      {
        instanceType: "node",
        space: "shop",
        externalId: "p3",
        sources: [{ source: PRODUCT_REF, properties: { name: "New" } }],
      },
      {
        instanceType: "edge",
        space: "shop",
        externalId: "Product.relatedProducts:p1:p2",
        type: EDGE_TYPE,
        startNode: { space: "shop", externalId: "p1" },
        endNode: { space: "shop", externalId: "p2" },
        sources: [{ source: RELATES_REF, properties: {} }],
      },
      {
        instanceType: "edge",
        space: "shop",
        externalId: "Product.relatedProducts:p1:p3",
        type: EDGE_TYPE,
        startNode: { space: "shop", externalId: "p1" },
        endNode: { space: "shop", externalId: "p3" },
        sources: [{ source: RELATES_REF, properties: {} }],
      },
      {
        instanceType: "edge",
        space: "shop",
        externalId: "Product.relatedProducts:p1:p4",
        type: EDGE_TYPE,
        startNode: { space: "shop", externalId: "p1" },
        endNode: { space: "other", externalId: "p4" },
        sources: [{ source: RELATES_REF, properties: { strength: 0.5 } }],
      },
    ] satisfies RawInstanceWrite[],
  );
});

Deno.test("nested writes: reverse relations write the other nodes; cycles and repeats are written once", () => {
  const tools = CATEGORY_VIEW.write({
    space: "shop",
    externalId: "tools",
    name: "Tools",
  });
  const writes = CATEGORY_VIEW.toWrites({
    space: "shop",
    externalId: "tools",
    name: "Tools",
    products: [
      PRODUCT_VIEW.write({
        space: "shop",
        externalId: "p1",
        name: "A",
        category: tools,
      }),
      PRODUCT_VIEW.write({
        space: "shop",
        externalId: "p2",
        name: "B",
        category: tools,
      }),
    ],
  });
  assert.deepEqual(writes.map((w) => w.externalId), ["tools", "p1", "p2"]);
  assert.deepEqual(writes[1]?.sources?.[0]?.properties.category, {
    space: "shop",
    externalId: "tools",
  });
  assert.throws(
    () =>
      CATEGORY_VIEW.toWrites({
        space: "s",
        externalId: "c",
        name: "C",
        products: [{ space: "s", externalId: "p" }] as never,
      }),
    /a reverse relation is stored on the other nodes \(property "category"\)/,
  );
});

Deno.test("nested writes: the same node twice with different values is an error naming both places", async () => {
  const fake = new FakeFetch();
  const sdk = new ProductCatalogClient(new HTTPClient(fakeConfig(fake)));
  const error = await sdk.upsert([
    PRODUCT_VIEW.write({
      space: "s",
      externalId: "p1",
      name: "A",
      category: CATEGORY_VIEW.write({
        space: "s",
        externalId: "c",
        name: "One",
      }),
    }),
    CATEGORY_VIEW.write({ space: "s", externalId: "c", name: "Two" }),
  ]).catch((e) => e);
  assert.ok(error instanceof PygenValueError);
  assert.match(
    error.message,
    /node s:c is given twice with different values \(view pygen_example:Product\/v1, item "p1", field category \(property "category"\) and item 1\)/,
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("nested writes: errors say where the nested item is", () => {
  assert.throws(
    () =>
      PRODUCT_VIEW.toWrites({
        space: "s",
        externalId: "p1",
        name: "A",
        category: CATEGORY_VIEW.write({
          space: "s",
          externalId: "c",
          name: 5 as never,
        }),
      }),
    /item "p1", field category \(property "category"\): view pygen_example:Category\/v1, item "c", field name \(property "name"\): expected a string, got 5/,
  );
  assert.throws(
    () =>
      RELATES_TO_VIEW.toWrites(
        RELATES_TO_VIEW.nestedEdge({ endNode: { space: "s", externalId: "x" } })
          .data as never,
      ),
    /type, startNode not set; set them, or nest the edge/,
  );
  assert.throws(() => PRODUCT_VIEW.nestedEdge({} as never), /not an edge view/);
});

function rootNode(
  externalId: string,
  properties: Record<string, unknown>,
): RawNode {
  return {
    instanceType: "node",
    space: "shop",
    externalId,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: { pygen_example: { "Product/v1": properties as never } },
  };
}

Deno.test("retrieve with connections: one /query with every connection, then stitched (full)", async () => {
  const fake = new FakeFetch().otherwise((request: Captured) => {
    const body = request.json() as { cursors?: Record<string, string> };
    if (body.cursors?.c1_edges) {
      // The follow-up page of the cut-off edge set.
      return json({
        items: {
          c1_edges: [{
            instanceType: "edge",
            space: "shop",
            externalId: "e2",
            version: 1,
            createdTime: 0,
            lastUpdatedTime: 0,
            type: EDGE_TYPE,
            startNode: { space: "shop", externalId: "p1" },
            endNode: { space: "shop", externalId: "p3" },
            properties: {
              pygen_example: { "RelatesTo/v1": { strength: 0.1 } },
            },
          }],
        },
        nextCursor: { c1_edges: null },
      });
    }
    return json({
      items: {
        root: [
          rootNode("p1", {
            name: "A",
            category: { space: "shop", externalId: "tools" },
          }),
        ],
        c0: [{
          instanceType: "node",
          space: "shop",
          externalId: "tools",
          version: 1,
          createdTime: 0,
          lastUpdatedTime: 0,
          properties: { pygen_example: { "Category/v1": { name: "Tools" } } },
        }],
        c1_edges: [{
          instanceType: "edge",
          space: "shop",
          externalId: "e1",
          version: 1,
          createdTime: 0,
          lastUpdatedTime: 0,
          type: EDGE_TYPE,
          startNode: { space: "shop", externalId: "p1" },
          endNode: { space: "shop", externalId: "p2" },
          properties: { pygen_example: { "RelatesTo/v1": { strength: 0.9 } } },
        }],
        c1: [rootNode("p2", { name: "B" })],
      },
      nextCursor: { root: null, c1_edges: "more-edges" },
    });
  });
  const sdk = new ProductCatalogClient(new HTTPClient(fakeConfig(fake)), {
    defaultInstanceSpace: "shop",
  });
  const product = await sdk.product.retrieve("p1", {
    retrieveConnections: "full",
  }) as Product;

  const first = fake.requests[0]?.json() as {
    with: Record<string, unknown>;
    select: Record<string, unknown>;
  };
  assert.deepEqual(first.with, {
    root: {
      nodes: {
        filter: {
          and: [{ hasData: [PRODUCT_REF] }, {
            instanceReferences: [{ space: "shop", externalId: "p1" }],
          }],
        },
      },
      limit: 1,
    },
    c0: {
      nodes: {
        from: "root",
        through: { source: PRODUCT_REF, identifier: "category" },
        direction: "outwards",
      },
      limit: 10000,
    },
    c1_edges: {
      edges: {
        from: "root",
        direction: "outwards",
        maxDistance: 1,
        filter: { equals: { property: ["edge", "type"], value: EDGE_TYPE } },
      },
      limit: 10000,
    },
    c1: { nodes: { from: "c1_edges", chainTo: "destination" }, limit: 10000 },
  });
  assert.deepEqual(first.select, {
    root: { sources: [{ source: PRODUCT_REF, properties: ["*"] }] },
    c0: { sources: [{ source: CATEGORY_REF, properties: ["*"] }] },
    c1_edges: { sources: [{ source: RELATES_REF, properties: ["*"] }] },
    c1: { sources: [{ source: PRODUCT_REF, properties: ["*"] }] },
  });
  const second = fake.requests[1]?.json() as {
    select: Record<string, unknown>;
    cursors: Record<string, string>;
  };
  assert.deepEqual(Object.keys(second.select), ["c1_edges"]);
  assert.deepEqual(second.cursors, { c1_edges: "more-edges" });

  assert.equal((product.category as { name?: string }).name, "Tools");
  assert.deepEqual(product.relatedProducts?.map((edge) => edge.externalId), [
    "e1",
    "e2",
  ]);
  assert.equal(
    (product.relatedProducts?.[0]?.endNode as Product).name,
    "B",
    "the far end is the target object",
  );
  assert.deepEqual(product.relatedProducts?.[1]?.endNode, {
    space: "shop",
    externalId: "p3",
  }, "not fetched: an id");
  assert.equal(product.relatedProducts?.[0]?.strength, 0.9);
});

Deno.test("reverse relations in identifier mode select only the through property", async () => {
  const fake = new FakeFetch().otherwise(() =>
    json({
      items: {
        root: [{
          instanceType: "node",
          space: "shop",
          externalId: "tools",
          version: 1,
          createdTime: 0,
          lastUpdatedTime: 0,
          properties: { pygen_example: { "Category/v1": { name: "Tools" } } },
        }],
        c0: [
          rootNode("p1", { category: { space: "shop", externalId: "tools" } }),
          rootNode("p2", {
            category: { space: "shop", externalId: "elsewhere" },
          }),
        ],
      },
      nextCursor: {},
    })
  );
  const sdk = new ProductCatalogClient(new HTTPClient(fakeConfig(fake)), {
    defaultInstanceSpace: "shop",
  });
  const [category] = await sdk.category.list({
    retrieveConnections: "identifier",
    limit: 5,
  });
  const body = fake.requests[0]?.json() as {
    with: Record<string, unknown>;
    select: Record<string, unknown>;
  };
  assert.deepEqual(body.with.c0, {
    nodes: {
      from: "root",
      through: { source: PRODUCT_REF, identifier: "category" },
      direction: "inwards",
    },
    limit: 10000,
  });
  assert.deepEqual(body.select.c0, {
    sources: [{ source: PRODUCT_REF, properties: ["category"] }],
  });
  assert.deepEqual((body.with.root as { limit: number }).limit, 5);
  assert.deepEqual(category?.products, [{ space: "shop", externalId: "p1" }]);
  assert.deepEqual(
    category?.parent,
    null,
    "identifier mode leaves direct relations as ids",
  );
});

Deno.test("retrieveConnections is for node views and must be a known mode", async () => {
  const sdk = new ProductCatalogClient(
    new HTTPClient(fakeConfig(new FakeFetch())),
    { defaultInstanceSpace: "s" },
  );
  await assert.rejects(
    sdk.relatesTo.retrieve("e", { retrieveConnections: "full" }),
    /works on node views/,
  );
  await assert.rejects(
    sdk.product.list({ retrieveConnections: "all" as never }),
    /must be "skip", "identifier" or "full"/,
  );
});

Deno.test("iterate with connections: one /query per page, the root cursor carried, the last page cut to the limit", async () => {
  const category = (externalId: string) => ({
    instanceType: "node",
    space: "shop",
    externalId,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: { pygen_example: { "Category/v1": { name: externalId } } },
  });
  const fake = new FakeFetch().otherwise((request) => {
    const body = request.json() as { cursors?: Record<string, string> };
    const after = body.cursors?.root;
    return after === undefined
      ? json({
        items: { root: [category("a"), category("b")], c0: [], c1: [] },
        nextCursor: { root: "after-b" },
      })
      : json({
        items: { root: [category("c")], c0: [], c1: [] },
        nextCursor: { root: "after-c" },
      });
  });
  const sdk = new ProductCatalogClient(new HTTPClient(fakeConfig(fake)), {
    defaultInstanceSpace: "shop",
  });
  const pages = [];
  for await (
    const page of sdk.category.iterate({
      chunkSize: 2,
      limit: 3,
      retrieveConnections: "full",
    })
  ) pages.push(page);
  assert.deepEqual(
    pages.map((
      page,
    ) => [
      page.items.map((item) => item.externalId),
      page.cursor,
      page.nextCursor,
    ]),
    [[["a", "b"], null, "after-b"], [["c"], "after-b", "after-c"]],
  );
  const bodies = fake.requests.map((request) =>
    request.json() as {
      with: Record<string, { limit: number }>;
      cursors?: Record<string, string>;
    }
  );
  assert.deepEqual(fake.requests.map((request) => request.path), [
    "/models/instances/query",
    "/models/instances/query",
  ]);
  assert.deepEqual(bodies.map((body) => body.with.root?.limit), [2, 1]);
  assert.deepEqual(bodies.map((body) => body.cursors), [undefined, {
    root: "after-b",
  }]);
  assert.deepEqual(Object.keys(bodies[0]!.with).sort(), ["c0", "c1", "root"]);
});
