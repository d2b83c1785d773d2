import assert from "node:assert/strict";
import {
  HTTPClient,
  InstanceAPI,
  InstanceClient,
  type JsonValue,
  type NodeInstance,
  type NodeWrite,
  type PropertyMap,
  type RawNode,
  ViewDescriptor,
} from "./deps.ts";
import { fakeConfig, FakeFetch, json } from "./fake_fetch.ts";

// A tag names items in a list of direct relations; an item's `taggedBy` is the reverse of it.
const TAG = { space: "m", externalId: "Tag", version: "1" } as const;
const ITEM = { space: "m", externalId: "Item", version: "1" } as const;
const TAG_REF = { type: "view", ...TAG } as const;
const TAG_PROPERTIES = {
  name: { id: "name", type: "text" },
  items: { id: "items", type: "direct", list: true },
  main: { id: "main", type: "direct" },
} as const satisfies PropertyMap;
const ITEM_PROPERTIES = {
  name: { id: "name", type: "text" },
} as const satisfies PropertyMap;

interface Tag extends NodeInstance {
  name: string | null;
}
interface Item extends NodeInstance {
  name: string | null;
  taggedBy?: unknown[];
  mainOf?: unknown[];
}

const TAG_VIEW: ViewDescriptor<Tag, NodeWrite, typeof TAG_PROPERTIES> =
  new ViewDescriptor({
    view: TAG,
    usedFor: "node",
    properties: TAG_PROPERTIES,
    relations: { items: () => ITEM_VIEW, main: () => ITEM_VIEW },
  });
const ITEM_VIEW: ViewDescriptor<Item, NodeWrite, typeof ITEM_PROPERTIES> =
  new ViewDescriptor({
    view: ITEM,
    usedFor: "node",
    properties: ITEM_PROPERTIES,
    connections: {
      // No `list` given: read from Tag's spec of `items`.
      taggedBy: {
        kind: "reverse",
        source: () => TAG_VIEW,
        through: { view: TAG, property: "items" },
      },
      mainOf: {
        kind: "reverse",
        source: () => TAG_VIEW,
        through: { view: TAG, property: "main" },
      },
    },
  });

const node = (
  view: { externalId: string },
  externalId: string,
  properties: Record<string, JsonValue>,
): RawNode => ({
  instanceType: "node",
  space: "s",
  externalId,
  version: 1,
  createdTime: 0,
  lastUpdatedTime: 0,
  properties: { m: { [`${view.externalId}/1`]: properties } },
});
const ref = (externalId: string) => ({ space: "s", externalId });

interface Body {
  with: Record<
    string,
    { nodes: { through?: unknown; filter?: Record<string, unknown> } }
  >;
  select: Record<string, unknown>;
  cursors?: Record<string, string>;
}

Deno.test("a reverse relation through a list is a containsAny filter, 100 ids per request, never an inwards traversal", async () => {
  const items = Array.from(
    { length: 230 },
    (_, index) => `i${String(index).padStart(3, "0")}`,
  );
  const fake = new FakeFetch().otherwise((request) => {
    const body = request.json() as Body;
    if (body.with.root) {
      return json({
        items: {
          root: items.map((xid) => node(ITEM, xid, { name: xid })),
          c1: [],
        },
        nextCursor: { root: null, c1: null },
      });
    }
    const contains = body.with.reverse?.nodes.filter?.containsAny as {
      values: { externalId: string }[];
    };
    const wanted = new Set(contains.values.map((value) => value.externalId));
    // t_each names its item twice; t_wide names one item of each request; page 2 of the first request.
    const found = [];
    for (const xid of wanted) {
      found.push(
        node(TAG, `t_${xid}`, { name: xid, items: [ref(xid), ref(xid)] }),
      );
    }
    if (["i000", "i150", "i229"].some((xid) => wanted.has(xid))) {
      found.push(
        node(TAG, "t_wide", {
          name: "wide",
          items: [ref("i000"), ref("i150"), ref("i229")],
        }),
      );
    }
    if (wanted.has("i000") && !body.cursors) {
      return json({
        items: { reverse: found.slice(0, 10) },
        nextCursor: { reverse: "page-2" },
      });
    }
    if (body.cursors) {
      return json({ items: { reverse: found.slice(10) }, nextCursor: {} });
    }
    return json({ items: { reverse: found }, nextCursor: {} });
  });
  const client = new InstanceClient(new HTTPClient(fakeConfig(fake)));
  const api = new InstanceAPI(client, ITEM_VIEW);
  const result = await api.list({
    retrieveConnections: "identifier",
    limit: null,
  });

  const bodies = fake.requests.map((request) => request.json() as Body);
  const first = bodies[0] as Body;
  assert.deepEqual(Object.keys(first.with).sort(), ["c1", "root"]);
  assert.deepEqual(first.with.c1?.nodes.through, {
    source: TAG_REF,
    identifier: "main",
  }, "a single relation is still traversed");
  const filtered = bodies.slice(1);
  for (const body of filtered) {
    assert.equal(body.with.reverse?.nodes.through, undefined);
    assert.deepEqual(body.select.reverse, {
      sources: [{ source: TAG_REF, properties: ["items"] }],
    });
  }
  const sizes = filtered.filter((body) => !body.cursors).map((body) =>
    (body.with.reverse?.nodes.filter?.containsAny as { values: unknown[] })
      .values.length
  );
  assert.deepEqual(sizes, [100, 100, 30]);
  assert.deepEqual(
    (filtered[0]?.with.reverse?.nodes.filter?.containsAny as {
      property: unknown;
    }).property,
    ["m", "Tag/1", "items"],
  );
  assert.equal(
    filtered.filter((body) => body.cursors?.reverse === "page-2").length,
    1,
  );

  assert.equal(result.length, 230);
  const byId = new Map(result.map((item) => [item.externalId, item]));
  const tagged = (xid: string) =>
    ((byId.get(xid)?.taggedBy ?? []) as { externalId: string }[]).map((t) =>
      t.externalId
    ).sort();
  assert.deepEqual(tagged("i001"), ["t_i001"], "named twice, listed once");
  assert.deepEqual(tagged("i150"), ["t_i150", "t_wide"]);
  assert.deepEqual(tagged("i000"), ["t_i000", "t_wide"]);
  assert.deepEqual(byId.get("i001")?.mainOf, []);
});

Deno.test("an explicit through.list wins over the source view's spec", async () => {
  const declared = new ViewDescriptor({
    view: ITEM,
    usedFor: "node",
    properties: ITEM_PROPERTIES,
    connections: {
      mainOf: {
        kind: "reverse",
        source: () => TAG_VIEW,
        through: { view: TAG, property: "main", list: true },
      },
    },
  });
  const fake = new FakeFetch().otherwise((request) => {
    const body = request.json() as Body;
    return body.with.root
      ? json({
        items: { root: [node(ITEM, "i1", { name: "one" })] },
        nextCursor: {},
      })
      : json({
        items: {
          reverse: [node(TAG, "t1", { name: "t", main: ref("i1") })],
        },
        nextCursor: {},
      });
  });
  const api = new InstanceAPI(
    new InstanceClient(new HTTPClient(fakeConfig(fake))),
    declared,
  );
  const item = await api.retrieve({ space: "s", externalId: "i1" }, {
    retrieveConnections: "full",
  }) as Item | undefined;
  const filter = (fake.requests[1]?.json() as Body).with.reverse?.nodes.filter;
  assert.deepEqual(filter, {
    containsAny: { property: ["m", "Tag/1", "main"], values: [ref("i1")] },
  });
  assert.deepEqual(
    (item?.mainOf as Tag[]).map((tag) => [tag.externalId, tag.name]),
    [["t1", "t"]],
  );
});
