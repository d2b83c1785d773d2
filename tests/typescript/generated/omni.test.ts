/**
 * End to end: the TypeScript SDK generated from Omni (sp_pygen_models:Omni/1), the coverage model, against the
 * emulator with pygen_Omni.instances.yaml loaded (given as JSON in PYGEN_OMNI_INSTANCES): every property type read
 * back as stored, filters against the stored data, node types from view filters, defaults, required properties,
 * a read-only view, edges with properties in both directions, reverse relations, interfaces, aggregates.
 */

import assert from "node:assert/strict";
import {
  type AnyViewDescriptor,
  EdgeConnectionAPI,
  InstanceAPI,
  type NodeId,
  PygenValueError,
} from "pygen-runtime";
import {
  CONNECTION_EDGE_A_VIEW,
  CONNECTION_ITEM_A_VIEW,
  CONNECTION_ITEM_B_VIEW,
  CONNECTION_ITEM_D_VIEW,
  CONNECTION_ITEM_E_VIEW,
  CONNECTION_ITEM_F_OUTWARDS_MULTI_EDGE_TYPE,
  CONNECTION_ITEM_F_VIEW,
  CONNECTION_ITEM_G_VIEW,
  ConnectionEdgeAAPI,
  type ConnectionItemD,
  type ConnectionItemF,
  type ConnectionItemG,
  OmniClient,
  type PrimitiveNullable,
} from "@generated/sdk_pygen_omni/index.ts";
import { config, env, freshSpace, ids, numbered } from "./e2e_env.ts";

const DATA_SPACE = "sp_omni_instances";
const MODEL_SPACE = "sp_pygen_models";

interface RawStored {
  space: string;
  externalId: string;
  instanceType: string;
  properties?: Record<string, Record<string, Record<string, unknown>>>;
}

const STORED: RawStored[] = JSON.parse(
  await Deno.readTextFile(env("PYGEN_OMNI_INSTANCES")),
);

/** externalId -> stored properties, for the instances with data in one view. */
function storedIn(
  view: string,
  filteredByTypeOnly = false,
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const item of STORED) {
    const props = item.properties?.[MODEL_SPACE]?.[`${view}/1`];
    // An instance with no values in the view's containers has no data in it (nor does it pass a hasData filter).
    // (Views whose filter is only a node type hold their nodes whatever data they have.)
    const member = props && (filteredByTypeOnly || Object.keys(props).length);
    if (member && item.space === DATA_SPACE) {
      out.set(item.externalId, props);
    }
  }
  return out;
}

/** The value a field should read as, from the stored wire value. */
function expected(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => expected(type, item));
  if (type === "timestamp") return new Date(String(value)).getTime();
  if (type === "date") return String(value).slice(0, 10);
  return value;
}

function actual(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => actual(type, item));
  if (type === "timestamp") {
    assert.ok(value instanceof Date, `timestamps read as Date, got ${value}`);
    return value.getTime();
  }
  if (type === "date") assert.match(String(value), /^\d{4}-\d{2}-\d{2}$/);
  return value;
}

function close(a: unknown, b: unknown, type: string, where: string): void {
  if (type === "float32" && typeof a === "number" && typeof b === "number") {
    assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), where);
  } else if (type === "float32" && Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, where);
    a.forEach((item, i) => close(item, b[i], type, `${where}[${i}]`));
  } else {
    assert.deepEqual(a, b, where);
  }
}

const client = () => new OmniClient(config());

Deno.test("every property type reads back as stored, in every primitive view", async () => {
  const sdk = client();
  const views: [string, { descriptor: AnyViewDescriptor; list: unknown }][] = [
    ["PrimitiveNullable", sdk.primitiveNullable],
    ["PrimitiveRequired", sdk.primitiveRequired],
    ["PrimitiveNullableListed", sdk.primitiveNullableListed],
    ["PrimitiveRequiredListed", sdk.primitiveRequiredListed],
    ["PrimitiveWithDefaults", sdk.primitiveWithDefaults],
    ["CDFExternalReferences", sdk.cdfExternalReferences],
    ["CDFExternalReferencesListed", sdk.cdfExternalReferencesListed],
  ];
  let compared = 0;
  for (const [view, api] of views) {
    const stored = storedIn(view);
    assert.ok(stored.size > 0, `${view} has stored instances`);
    const descriptor = api.descriptor;
    const items = await (api as unknown as {
      list(args: object): Promise<Record<string, unknown>[]>;
    }).list({ space: DATA_SPACE, limit: null });
    assert.deepEqual(
      items.map((item) => item.externalId as string).sort(),
      [...stored.keys()].sort(),
      view,
    );
    for (const item of items) {
      const props = stored.get(item.externalId as string)!;
      for (const [field, plan] of descriptor.plans) {
        // A property the file leaves out got its container default when the instance was created.
        if (!(plan.spec.id in props)) continue;
        const where = `${view} ${item.externalId}.${field}`;
        close(
          actual(plan.spec.type, item[field]),
          expected(plan.spec.type, props[plan.spec.id]),
          plan.spec.type,
          where,
        );
        compared++;
      }
    }
  }
  assert.ok(compared > 150, `compared ${compared} values`);
});

Deno.test("filters against the stored data give what the data says", async () => {
  const sdk = client();
  const stored = [...storedIn("PrimitiveNullable").entries()];
  const all = await sdk.primitiveNullable.list({
    space: DATA_SPACE,
    limit: null,
  });
  assert.equal(all.length, stored.length);
  const expect = (keep: (props: Record<string, unknown>) => boolean) =>
    stored.filter(([, props]) => keep(props)).map(([id]) => id).sort();
  const ints = stored.map(([, p]) => p.int32).filter((v) =>
    v !== null && v !== undefined
  ) as number[];
  const middle = ints.sort((a, b) => a - b)[Math.floor(ints.length / 2)]!;
  const list = async (args: Parameters<typeof sdk.primitiveNullable.list>[0]) =>
    ids(
      await sdk.primitiveNullable.list({
        space: DATA_SPACE,
        limit: null,
        ...args,
      }),
    );
  assert.deepEqual(
    await list({ minInt32: middle }),
    expect((p) => typeof p.int32 === "number" && p.int32 >= middle),
  );
  assert.deepEqual(
    await list({ maxInt32: middle }),
    expect((p) => typeof p.int32 === "number" && p.int32 <= middle),
  );
  const text = stored.find(([, p]) => typeof p.text === "string")![1]
    .text as string;
  assert.deepEqual(await list({ text }), expect((p) => p.text === text));
  assert.deepEqual(
    await list({ textPrefix: text.slice(0, 2) }),
    expect((p) =>
      typeof p.text === "string" && p.text.startsWith(text.slice(0, 2))
    ),
  );
  assert.deepEqual(
    await list({ boolean: true }),
    expect((p) => p.boolean === true),
  );
  const first = all.find((item: PrimitiveNullable) => item.timestamp !== null)!;
  assert.deepEqual(
    await list({
      minTimestamp: first.timestamp!,
      maxTimestamp: first.timestamp!,
    }),
    expect((p) =>
      p.timestamp !== null && p.timestamp !== undefined &&
      new Date(String(p.timestamp)).getTime() === first.timestamp!.getTime()
    ),
  );
  const day = all.find((item: PrimitiveNullable) => item.date !== null)!.date!;
  assert.deepEqual(
    await list({ minDate: day, maxDate: day }),
    expect((p) => typeof p.date === "string" && p.date.slice(0, 10) === day),
  );
  assert.equal(
    await sdk.primitiveNullable.aggregate("count", { space: DATA_SPACE }),
    stored.length,
  );
  assert.equal(
    await sdk.primitiveNullable.aggregate("max", {
      space: DATA_SPACE,
      property: "int32",
    }),
    Math.max(...ints),
  );
  const buckets = await sdk.primitiveNullable.histogram(
    "int32",
    1_000_000_000,
    { space: DATA_SPACE },
  );
  assert.equal(buckets.reduce((sum, b) => sum + b.count, 0), ints.length);
});

Deno.test("node types: writes default to the type the view's filter requires", async () => {
  const sdk = new OmniClient(config());
  const space = await freshSpace(sdk, "omni-types");
  await sdk.connectionItemA.upsert({ space, externalId: "a1", name: "A one" });
  assert.deepEqual(CONNECTION_ITEM_A_VIEW.nodeType, {
    space: MODEL_SPACE,
    externalId: "ConnectionItemA",
  });
  const [raw] = await sdk.retrieve([{ space, externalId: "a1" }]);
  assert.deepEqual(raw?.type, {
    space: MODEL_SPACE,
    externalId: "ConnectionItemA",
  });
  assert.deepEqual(ids(await sdk.connectionItemA.list({ space })), ["a1"]);
  // A node written with another type is not in the view (its filter wants the type).
  await sdk.connectionItemA.upsert({
    space,
    externalId: "a2",
    name: "A two",
    type: { space: MODEL_SPACE, externalId: "Other" },
  });
  assert.deepEqual(ids(await sdk.connectionItemA.list({ space })), ["a1"]);
  // Implementation1's filter needs its type and data in its container.
  await sdk.implementation1.upsert({
    space,
    externalId: "i1",
    value2: "v",
    mainValue: "m",
  });
  assert.deepEqual(ids(await sdk.implementation1.list({ space })), ["i1"]);
  assert.deepEqual(
    ids(await sdk.mainInterface.list({ space, mainValue: "m" })),
    ["i1"],
  );
});

Deno.test("defaults, required properties and the read-only view", async () => {
  const sdk = client();
  const space = await freshSpace(sdk, "omni-defaults");
  // One property given, so the node has data in the view; the container fills in the others.
  await sdk.primitiveWithDefaults.upsert({
    space,
    externalId: "d1",
    defaultFloat32: 1.5,
  });
  const read = await sdk.primitiveWithDefaults.retrieve({
    space,
    externalId: "d1",
  });
  assert.deepEqual(
    [read?.defaultBoolean, read?.defaultString, read?.defaultObject],
    [true, "my default text", { foo: "bar" }],
  );
  assert.equal(read?.defaultFloat32, 1.5);
  assert.equal(typeof read?.autoIncrementInt32, "number");
  assert.throws(
    () =>
      sdk.primitiveRequired.descriptor.toWrite({
        space,
        externalId: "r1",
        boolean: true,
        date: "2024-01-01",
        float32: 1,
        float64: 1,
        int32: 1,
        int64: 1,
        json: {},
        // @ts-expect-error: a required property cannot be cleared.
        text: null,
        timestamp: new Date(),
      }),
    (error: unknown) =>
      error instanceof PygenValueError && /text/.test(error.message) &&
      /required/.test(error.message),
  );
  const locked = await sdk.connectionItemC.list({
    space: DATA_SPACE,
    limit: null,
  });
  assert.deepEqual(
    ids(locked),
    [...storedIn("ConnectionItemC", true).keys()].sort(),
  );
  assert.equal(sdk.connectionItemC.descriptor.writable, false);
  await assert.rejects(
    // @ts-expect-error: a read-only view has no write type.
    () => sdk.connectionItemC.upsert({ space, externalId: "c1" }),
    (error: unknown) =>
      error instanceof PygenValueError && /read-only/.test(error.message),
  );
});

Deno.test("edges with properties, both directions, single and multi", async () => {
  const sdk = client();
  const space = await freshSpace(sdk, "omni-edges");
  const gs = numbered("g", 3).map((externalId) =>
    CONNECTION_ITEM_G_VIEW.write({ space, externalId, name: externalId })
  );
  await sdk.connectionItemF.upsert({
    space,
    externalId: "f1",
    name: "F one",
    outwardsMulti: gs.map((g, i) =>
      CONNECTION_EDGE_A_VIEW.nestedEdge({ endNode: g, name: `edge ${i}` })
    ),
    outwardsSingle: CONNECTION_EDGE_A_VIEW.nestedEdge({
      endNode: CONNECTION_ITEM_E_VIEW.write({
        space,
        externalId: "e1",
        name: "E one",
      }),
      name: "single",
    }),
  });
  const f = await sdk.connectionItemF.retrieve("f1", {
    space,
    retrieveConnections: "full",
  });
  assert.ok(f);
  assert.deepEqual(
    (f.outwardsMulti ?? []).map((
      edge,
    ) => [edge.name, (edge.endNode as ConnectionItemG).name]).sort(),
    [["edge 0", "g00"], ["edge 1", "g01"], ["edge 2", "g02"]],
  );
  assert.equal(f.outwardsSingle?.name, "single");
  const g = await sdk.connectionItemG.retrieve({ space, externalId: "g01" }, {
    retrieveConnections: "full",
  });
  const inwards = g?.inwardsMultiProperty ?? [];
  assert.deepEqual(
    inwards.map((
      edge,
    ) => [edge.name, (edge.startNode as ConnectionItemF).externalId]),
    [["edge 1", "f1"]],
  );
  // E reads the multiProperty edges that end at it as one inwards edge with properties.
  await sdk.connectionEdgeA.upsert({
    space,
    externalId: "f1-e1",
    type: CONNECTION_ITEM_F_OUTWARDS_MULTI_EDGE_TYPE,
    startNode: { space, externalId: "f1" },
    endNode: { space, externalId: "e1" },
    name: "to e",
  });
  await sdk.connectionItemD.upsert({
    space,
    externalId: "d1",
    name: "D one",
    outwardsSingle: { space, externalId: "e1" },
  });
  const e = await sdk.connectionItemE.retrieve({ space, externalId: "e1" }, {
    retrieveConnections: "identifier",
  });
  assert.equal(e?.inwardsSingleProperty?.name, "to e");
  assert.deepEqual(e?.inwardsSingleProperty?.startNode, {
    space,
    externalId: "f1",
  });
  assert.deepEqual(e?.inwardsSingle, { space, externalId: "d1" });
  const edges = await sdk.connectionEdgeA.list({
    space,
    namePrefix: "edge",
    limit: null,
  });
  assert.equal(edges.length, 3);
});

/** The ends of some edges as `start>end`, sorted. */
const ends = (
  edges: readonly {
    startNode: { externalId: string };
    endNode: { externalId: string };
  }[],
) =>
  edges.map((e) => `${e.startNode.externalId}>${e.endNode.externalId}`).sort();

/**
 * A: a0 -> b0, b1, b2 and a1 -> b1 (bidirectional, no properties); B: b0 -> b1 (reflexive); F: f0 -> g0, g1 and
 * f1 -> g0 (multiProperty, ConnectionEdgeA; f1's from a bare id), f0 -> e0 (singleProperty).
 */
async function seedEdges(sdk: OmniClient, space: string): Promise<void> {
  const b = numbered("b", 3).map((externalId, i) =>
    CONNECTION_ITEM_B_VIEW.write({
      space,
      externalId,
      name: `B ${i}`,
      ...(i === 0 ? { selfEdge: [{ space, externalId: "b01" }] } : {}),
    })
  );
  const g = numbered("g", 2).map((externalId) =>
    CONNECTION_ITEM_G_VIEW.write({ space, externalId, name: externalId })
  );
  await sdk.upsert([
    CONNECTION_ITEM_A_VIEW.write({
      space,
      externalId: "a0",
      name: "A 0",
      outwards: b,
    }),
    CONNECTION_ITEM_A_VIEW.write({
      space,
      externalId: "a1",
      name: "A 1",
      outwards: [{ space, externalId: "b01" }],
    }),
    CONNECTION_ITEM_F_VIEW.write({
      space,
      externalId: "f0",
      name: "F 0",
      outwardsMulti: [
        CONNECTION_EDGE_A_VIEW.nestedEdge({
          endNode: g[0]!,
          name: "edge f0-g0",
          startTime: T0,
        }),
        CONNECTION_EDGE_A_VIEW.nestedEdge({
          endNode: g[1]!,
          name: "edge f0-g1",
          startTime: new Date("2024-07-01T00:00:00Z"),
        }),
      ],
      outwardsSingle: CONNECTION_EDGE_A_VIEW.nestedEdge({
        endNode: CONNECTION_ITEM_E_VIEW.write({ space, externalId: "e0" }),
        name: "single",
      }),
    }),
    CONNECTION_ITEM_F_VIEW.write({
      space,
      externalId: "f1",
      name: "F 1",
      outwardsMulti: [{ space, externalId: "g00" }],
    }),
  ]);
}

const T0 = new Date("2024-05-01T00:00:00Z");

Deno.test("edge APIs: edges without properties, outwards and inwards, paged", async () => {
  const sdk = client();
  const space = await freshSpace(sdk, "omni-edge-apis");
  await seedEdges(sdk, space);
  const n = (externalId: string) => ({ space, externalId });
  const outwards = sdk.connectionItemA.outwardsEdge;
  assert.ok(outwards instanceof EdgeConnectionAPI);
  const every = await outwards.list({ space, limit: null });
  assert.deepEqual(ends(every), ["a0>b00", "a0>b01", "a0>b02", "a1>b01"]);
  for (const edge of every) {
    assert.deepEqual(edge.type, {
      space: MODEL_SPACE,
      externalId: "bidirectional",
    });
    assert.equal(edge.instanceType, "edge");
  }
  assert.deepEqual(ends(await outwards.list({ startNode: n("a0") })), [
    "a0>b00",
    "a0>b01",
    "a0>b02",
  ]);
  assert.deepEqual(
    ends(
      await outwards.list({ startNode: [n("a0"), n("a1")], endNode: n("b01") }),
    ),
    ["a0>b01", "a1>b01"],
  );
  assert.deepEqual(
    ids(await outwards.list({ space, externalIdPrefix: "bidirectional:a1" })),
    ["bidirectional:a1:b01"],
  );
  assert.equal((await outwards.list({ space: ["elsewhere"] })).length, 0);
  assert.deepEqual(
    (await outwards.list({
      space,
      limit: 2,
      sortBy: "externalId",
      direction: "descending",
    })).map((edge) => edge.externalId),
    ["bidirectional:a1:b01", "bidirectional:a0:b02"],
  );
  // The inwards connection of the same edge type, seen from B: B is the end node.
  assert.deepEqual(
    ends(await sdk.connectionItemB.inwardsEdge.list({ endNode: n("b01") })),
    ["a0>b01", "a1>b01"],
  );
  // Another edge type from the same nodes is another connection.
  assert.deepEqual(
    ends(
      await sdk.connectionItemB.selfEdgeEdge.list({ space, limit: null }),
    ),
    ["b00>b01"],
  );

  const pages = [];
  for await (
    const page of outwards.iterate({
      space,
      chunkSize: 3,
      sortBy: "externalId",
    })
  ) {
    pages.push(page);
  }
  assert.deepEqual(pages.map((page) => page.items.length), [3, 1]);
  const resumed = await outwards.iterate({
    space,
    chunkSize: 3,
    sortBy: "externalId",
    cursor: pages[0]?.nextCursor ?? null,
  }).next();
  assert.deepEqual(
    resumed.value?.items.map((edge) => edge.externalId),
    pages[1]?.items.map((edge) => edge.externalId),
  );
  await assert.rejects(
    outwards.list({ sortBy: "name" as never }),
    /sortBy: "name" is not a field of an edge/,
  );
});

Deno.test("edge APIs: edges with properties are the edge view's API for one edge type", async () => {
  const sdk = client();
  const space = await freshSpace(sdk, "omni-edge-view-apis");
  await seedEdges(sdk, space);
  const n = (externalId: string) => ({ space, externalId });
  const multi = sdk.connectionItemF.outwardsMultiEdge;
  assert.ok(multi instanceof ConnectionEdgeAAPI);
  const every = await multi.list({ space, limit: null });
  assert.deepEqual(ends(every), ["f0>g00", "f0>g01", "f1>g00"]);
  assert.deepEqual(
    new Set(every.map((edge) => edge.name)),
    new Set(["edge f0-g0", "edge f0-g1", null]),
    "f1's edge came from a bare id",
  );
  assert.deepEqual(
    ends(await multi.list({ space, namePrefix: "edge", maxStartTime: T0 })),
    ["f0>g00"],
  );
  assert.deepEqual(ends(await multi.list({ startNode: n("f1") })), ["f1>g00"]);
  assert.deepEqual(
    (await sdk.connectionItemF.outwardsSingleEdge.list({ space })).map((e) =>
      e.name
    ),
    ["single"],
  );
  // The edge view itself: both edge types.
  assert.equal(
    (await sdk.connectionEdgeA.list({ space, limit: null })).length,
    4,
  );
  // Inwards, from G: G is the end node of the multiProperty edges.
  const inwards = sdk.connectionItemG.inwardsMultiPropertyEdge;
  assert.deepEqual(ends(await inwards.list({ endNode: n("g00") })), [
    "f0>g00",
    "f1>g00",
  ]);
  assert.equal(await inwards.aggregate("count", { space }), 3);
  assert.deepEqual(ids(await inwards.search("g1", { space })), [
    "multiProperty:f0:g01",
  ]);
});

Deno.test("edge APIs: every edge connection of a node view has one, for its edge type", () => {
  const sdk = client();
  let checked = 0;
  for (const attribute of Object.getOwnPropertyNames(OmniClient.prototype)) {
    const api = (sdk as unknown as Record<string, unknown>)[attribute];
    if (!(api instanceof InstanceAPI)) continue;
    const descriptor = api.descriptor as AnyViewDescriptor;
    if (descriptor.instanceType !== "node") continue;
    for (
      const [field, connection] of Object.entries(descriptor.connections)
    ) {
      if (connection.kind !== "edge") continue;
      const edgeApi: unknown =
        (api as unknown as Record<string, unknown>)[`${field}Edge`];
      assert.ok(
        connection.edgeView
          ? edgeApi instanceof InstanceAPI
          : edgeApi instanceof EdgeConnectionAPI,
        `${descriptor.name}.${field}Edge`,
      );
      assert.deepEqual(
        (edgeApi as { edgeType: NodeId }).edgeType,
        connection.edgeType,
      );
      checked++;
    }
  }
  assert.equal(checked, 12);
});

Deno.test("direct relations and the reverse relations through them", async () => {
  const sdk = client();
  const space = await freshSpace(sdk, "omni-reverse");
  const e1 = CONNECTION_ITEM_E_VIEW.write({
    space,
    externalId: "e1",
    name: "E one",
  });
  const e2 = CONNECTION_ITEM_E_VIEW.write({
    space,
    externalId: "e2",
    name: "E two",
  });
  await sdk.upsert([
    CONNECTION_ITEM_D_VIEW.write({
      space,
      externalId: "d1",
      name: "D one",
      directSingle: e1,
      directMulti: [e1, e2],
    }),
    CONNECTION_ITEM_D_VIEW.write({
      space,
      externalId: "d2",
      name: "D two",
      directSingle: e1,
      directMulti: [e2],
    }),
  ]);
  const e = await sdk.connectionItemE.retrieve({ space, externalId: "e1" }, {
    retrieveConnections: "full",
  });
  assert.deepEqual(ids((e?.directReverseMulti ?? []) as ConnectionItemD[]), [
    "d1",
  ]);
  const e2Read = await sdk.connectionItemE.retrieve(
    { space, externalId: "e2" },
    { retrieveConnections: "identifier" },
  );
  assert.deepEqual(ids((e2Read?.directReverseMulti ?? []) as NodeId[]), [
    "d1",
    "d2",
  ]);
  const d = await sdk.connectionItemD.list({
    space,
    directSingle: { space, externalId: "e1" },
    limit: null,
  });
  assert.deepEqual(ids(d), ["d1", "d2"]);
  const withE2 = await sdk.connectionItemD.list({
    space,
    directMultiContainsAny: [{ space, externalId: "e2" }],
  });
  assert.deepEqual(ids(withE2), ["d1", "d2"]);
  const both = await sdk.connectionItemD.list({
    space,
    directMultiContainsAll: [{ space, externalId: "e1" }, {
      space,
      externalId: "e2",
    }],
  });
  assert.deepEqual(ids(both), ["d1"]);
  const full = await sdk.connectionItemD.retrieve({ space, externalId: "d1" }, {
    retrieveConnections: "full",
  });
  assert.equal((full?.directSingle as { name?: string } | null)?.name, "E one");
});

Deno.test("iterate, search and delete over the stored data and new writes", async () => {
  const sdk = client();
  const stored = storedIn("Implementation1");
  const pages: number[] = [];
  const seen: string[] = [];
  for await (
    const page of sdk.implementation1.iterate({
      space: DATA_SPACE,
      chunkSize: 3,
    })
  ) {
    pages.push(page.items.length);
    seen.push(...page.items.map((item) => item.externalId));
  }
  assert.deepEqual(seen.sort(), [...stored.keys()].sort());
  assert.ok(pages.length >= Math.ceil(stored.size / 3) && pages[0] === 3);
  const [someId, someProps] = [...stored.entries()].find(([, p]) =>
    typeof p.mainValue === "string"
  )!;
  const word = String(someProps.mainValue).split(/\s+/)[0]!;
  const found = await sdk.implementation1.search(word, {
    space: DATA_SPACE,
    properties: "mainValue",
    limit: null,
  });
  assert.ok(ids(found).includes(someId), `${word} finds ${someId}`);
  const space = await freshSpace(sdk, "omni-delete");
  await sdk.primitiveNullable.upsert(
    numbered("n", 4).map((externalId, i) => ({
      space,
      externalId,
      text: `item ${i}`,
      int32: i,
    })),
  );
  const deleted = await sdk.primitiveNullable.delete(["n00", "n01"], {
    space,
  });
  assert.deepEqual(ids(deleted), ["n00", "n01"]);
  assert.deepEqual(ids(await sdk.primitiveNullable.list({ space })), [
    "n02",
    "n03",
  ]);
  assert.equal(
    await sdk.primitiveNullable.retrieve("n00", { space }),
    undefined,
  );
});

/** Every page of an iterate, gathered. */
async function allPages<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

Deno.test("iterate with retrieveConnections: every connection view, both modes, the same as list", async () => {
  const sdk = client();
  const apis = {
    connectionItemA: sdk.connectionItemA,
    connectionItemB: sdk.connectionItemB,
    connectionItemC: sdk.connectionItemC,
    connectionItemD: sdk.connectionItemD,
    connectionItemE: sdk.connectionItemE,
    connectionItemF: sdk.connectionItemF,
    connectionItemG: sdk.connectionItemG,
  };
  for (const mode of ["identifier", "full"] as const) {
    for (const [name, api] of Object.entries(apis)) {
      const options = {
        space: DATA_SPACE,
        sortBy: "externalId" as const,
        retrieveConnections: mode,
      };
      const pages = await allPages(
        (api as typeof sdk.connectionItemA).iterate({
          ...options,
          chunkSize: 2,
        }),
      );
      assert.deepEqual(pages.map((page) => page.items.length), [2, 2, 1], name);
      const listed = await (api as typeof sdk.connectionItemA).list({
        ...options,
        limit: null,
      });
      assert.deepEqual(
        pages.flatMap((page) => [...page.items]),
        [...listed],
        `${name} ${mode}`,
      );
    }
  }

  // Reverse relations (through a single relation and through a list) on every page, as the stored data says.
  const referrers = (property: string) => {
    const out = new Map<string, string[]>();
    for (const [d, props] of storedIn("ConnectionItemD")) {
      const value = props[property];
      const refs = Array.isArray(value) ? value : value ? [value] : [];
      for (const ref of refs as NodeId[]) {
        out.set(ref.externalId, [...(out.get(ref.externalId) ?? []), d]);
      }
    }
    return out;
  };
  const storedD = storedIn("ConnectionItemD");
  const multi = referrers("directMulti");
  const single = referrers("directSingle");
  const pages = await allPages(sdk.connectionItemE.iterate({
    space: DATA_SPACE,
    chunkSize: 2,
    retrieveConnections: "full",
  }));
  assert.equal(pages.length, 3);
  for (const page of pages) {
    for (const e of page.items) {
      const reverse = (e.directReverseMulti ?? []) as ConnectionItemD[];
      assert.deepEqual(
        ids(reverse).sort(),
        [...(multi.get(e.externalId) ?? [])].sort(),
        e.externalId,
      );
      for (const d of reverse) {
        // "full": the ConnectionItemD objects themselves, with their values.
        assert.equal(d.name ?? null, storedD.get(d.externalId)?.name ?? null);
      }
      const sources = single.get(e.externalId) ?? [];
      const one = e.directReverseSingle as ConnectionItemD | null | undefined;
      if (sources.length) assert.ok(sources.includes(one?.externalId ?? ""));
      else assert.equal(one ?? null, null);
    }
  }
});

Deno.test("iterate with retrieveConnections: edges with properties on every page, both directions", async () => {
  const sdk = client();
  const space = await freshSpace(sdk, "omni-iterate-edges");
  const gs = numbered("g", 3).map((externalId) =>
    CONNECTION_ITEM_G_VIEW.write({ space, externalId, name: `G ${externalId}` })
  );
  await sdk.upsert(
    numbered("f", 3).map((externalId, i) =>
      CONNECTION_ITEM_F_VIEW.write({
        space,
        externalId,
        name: externalId,
        outwardsMulti: [0, 1].map((step) =>
          CONNECTION_EDGE_A_VIEW.nestedEdge({
            endNode: gs[(i + step) % 3]!,
            name: `${externalId}-g${(i + step) % 3}`,
          })
        ),
      })
    ),
  );
  const fPages = await allPages(sdk.connectionItemF.iterate({
    space,
    chunkSize: 1,
    sortBy: "externalId",
    retrieveConnections: "full",
  }));
  assert.deepEqual(fPages.map((page) => ids(page.items)), [["f00"], ["f01"], [
    "f02",
  ]]);
  fPages.forEach((page, i) => {
    const edges = [...(page.items[0]!.outwardsMulti ?? [])].sort((a, b) =>
      String(a.name).localeCompare(String(b.name))
    );
    assert.deepEqual(
      edges.map((edge) => [edge.name, (edge.endNode as ConnectionItemG).name]),
      [0, 1].map((step) => (i + step) % 3).sort().map((g) => [
        `f0${i}-g${g}`,
        `G g0${g}`,
      ]),
    );
  });
  const gPages = await allPages(sdk.connectionItemG.iterate({
    space,
    chunkSize: 2,
    sortBy: "externalId",
    retrieveConnections: "identifier",
  }));
  assert.deepEqual(gPages.map((page) => page.items.length), [2, 1]);
  for (const page of gPages) {
    for (const g of page.items) {
      const i = Number(g.externalId.slice(1));
      assert.deepEqual(
        (g.inwardsMultiProperty ?? []).map((edge) => edge.startNode.externalId)
          .sort(),
        [0, 1].map((step) => `f0${(i - step + 3) % 3}`).sort(),
      );
    }
  }
});
