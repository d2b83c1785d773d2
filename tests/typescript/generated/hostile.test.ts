/**
 * End to end: the TypeScript SDK of the Python generator's hostile model (tests/generator/hostile_model.py)
 * against the emulator. Renamed fields write and read their own properties, renamed list arguments filter their
 * own property, model text survives as data, and colliding views each get their own API. The hostile family
 * (children named like keywords and runtime names, one external id in two spaces, a grandchild) reads its
 * children through `asChildClass`.
 */

import assert from "node:assert/strict";
import { type NodeId, PygenValueError } from "pygen-runtime";
import {
  CLASS_PROPERTIES,
  CLASS_VIEW,
  type ClassWrite,
  type Field,
  FIELD_VIEW,
  HostileClient,
  LINK_VIEW,
} from "@generated/sdk_hostile/index.ts";
import {
  FAMILY_VIEW,
  GRAND_KID_VIEW,
  HOSTILE_FAMILY_B_KID_VIEW,
  HOSTILE_FAMILY_KID_VIEW,
  HostileFamilyClient,
  LAMBDA_VIEW,
  PARENT_INSTANCE_API_VIEW,
} from "@generated/sdk_hostile_family/index.ts";
import { config, env, freshSpace, ids } from "./e2e_env.ts";

/** HOSTILE_TEXT, HOSTILE_DEFAULT and LONG_ID of hostile_model.py, written by the pytest side. */
const HOSTILE: { text: string; default: string; longId: string } = JSON.parse(
  await Deno.readTextFile(env("PYGEN_HOSTILE_CONSTANTS")),
);

async function client(name: string) {
  const space = await freshSpace(new HostileClient(config()), name);
  return {
    space,
    sdk: new HostileClient(config(), { defaultInstanceSpace: space }),
  };
}

Deno.test("renamed fields write and read their own properties", async () => {
  const { sdk, space } = await client("hostile-fields");
  const longField = Object.entries(CLASS_PROPERTIES).find(([, spec]) =>
    spec.id === HOSTILE.longId
  )?.[0];
  assert.ok(longField, "the 241-character property has a (shortened) field");
  const written: ClassWrite = {
    space,
    externalId: "c1",
    name: 'n\\"x',
    class: HOSTILE.text,
    def: "d",
    type_: "t",
    limit: "l",
    query: "q",
    properties: "p",
    date: "not a date",
    dataRecord_: "dr",
    externalId_: "eid",
    status: "None",
    field1St: 1,
    field3D: true,
    isActive: true,
    isActive2: false,
    isActive3: true,
    namePrefix: "np",
    externalIdPrefix: "eip",
    value: 1,
    minValue: "two",
    [longField]: "long",
  };
  const field = FIELD_VIEW.write({
    space,
    externalId: "f1",
    owner: CLASS_VIEW.write(written),
    classes: [
      LINK_VIEW.nestedEdge({
        startNode: { space, externalId: "c1" },
        weight: 0.5,
        class: "k",
      }),
    ],
  });
  const result = await sdk.upsert([field]);
  assert.equal(result.created.length, 3); // the class (nested), the field, the edge
  const [raw] = await sdk.retrieve([{ space, externalId: "c1" }], {
    sources: [CLASS_VIEW.view],
  });
  const stored = raw?.properties?.hostile?.["class/v1"] ?? {};
  assert.deepEqual(
    [
      stored.class,
      stored.def,
      stored.type,
      stored.limit,
      stored.query,
      stored.properties,
      stored.dataRecord,
      stored.external_id,
    ],
    [HOSTILE.text, "d", "t", "l", "q", "p", "dr", "eid"],
  );
  assert.deepEqual(
    [stored["1st"], stored["3D"], stored.isActive, stored.IsActive],
    [1, true, true, false],
  );
  assert.deepEqual(
    [stored.is_active, stored[HOSTILE.longId], stored.name_prefix],
    [true, "long", "np"],
  );
  const read = await sdk.class.retrieve("c1", { retrieveConnections: "full" });
  assert.ok(read);
  assert.deepEqual(
    [read.class, read.name, read.status, read.type_, read.dataRecord_],
    [HOSTILE.text, 'n\\"x', "None", "t", "dr"],
  );
  assert.equal(read.type, null); // the node's own type is not the property "type"
  assert.equal(read.greeting, HOSTILE.default); // the container default
  assert.equal(read.counter, 1); // autoIncrement: filled in by DMS
  assert.deepEqual(
    (read.fields ?? []).map((edge) => [
      (edge.endNode as Field).externalId,
      edge.weight,
      edge.class,
    ]),
    [["f1", 0.5, "k"]],
  );
  assert.deepEqual(ids((read.owned ?? []) as NodeId[]), ["f1"]);
  assert.equal((read.ownedViaContainer as Field | null)?.externalId, "f1");
  const back = CLASS_VIEW.asWrite(read);
  assert.equal(back.class, HOSTILE.text);
  assert.equal(back.type_, "t");
});

Deno.test("renamed list arguments filter their own property", async () => {
  const { sdk, space } = await client("hostile-args");
  await sdk.class.upsert([
    {
      space,
      externalId: "a",
      name: "alpha",
      namePrefix: "np",
      externalIdPrefix: "eip",
      minValue: "low",
      value: 1,
    },
    { space, externalId: "b", name: "beta", class: HOSTILE.text, value: 9 },
  ]);
  const listed = async (args: Parameters<typeof sdk.class.list>[0]) =>
    ids(await sdk.class.list({ space, ...args }));
  assert.deepEqual(await listed({ namePrefix: "np" }), ["a"]); // the field namePrefix, by equality
  assert.deepEqual(await listed({ namePrefix_: "be" }), ["b"]); // name's prefix, renamed
  assert.deepEqual(await listed({ externalIdPrefix_: "eip" }), ["a"]); // the field externalIdPrefix
  assert.deepEqual(await listed({ externalIdPrefix: "b" }), ["b"]); // the instance's external id
  assert.deepEqual(await listed({ minValue: "low" }), ["a"]); // the text field min_value
  assert.deepEqual(await listed({ minValue_: 5 }), ["b"]); // value's lower bound, renamed
  assert.deepEqual(await listed({ class: HOSTILE.text }), ["b"]);
  assert.deepEqual(await listed({ status: ["None", "class"] }), []);
  assert.deepEqual(
    ids(await sdk.class.search("alpha", { space, properties: "name" })),
    ["a"],
  );
  assert.equal(await sdk.class.aggregate("count", { space }), 2);
});

Deno.test("colliding and reserved view names each get their own API", async () => {
  const { sdk, space } = await client("hostile-views");
  const other = await freshSpace(sdk, "hostile-other");
  await sdk.upsert([
    sdk.hostileThing.descriptor.write({ space, externalId: "t1", here: "h" }),
    sdk.hostileBThing.descriptor.write({
      space: other,
      externalId: "t2",
      there: "t",
    }),
    sdk.itemView.descriptor.write({ space, externalId: "i1", b: "b" }),
    sdk.itemView2.descriptor.write({ space, externalId: "i2", a: "a" }),
    sdk.node.descriptor.write({ space, externalId: "n1", label: "node" }),
    sdk.upsert_.descriptor.write({ space, externalId: "u1", x: "x" }),
    sdk.str.descriptor.write({ space, externalId: "s1", x: "s" }),
  ]);
  assert.deepEqual(ids(await sdk.hostileThing.list({ space })), ["t1"]);
  assert.deepEqual(ids(await sdk.hostileBThing.list({ space: other })), [
    "t2",
  ]);
  assert.deepEqual(ids(await sdk.itemView.list({ space })), ["i1"]);
  assert.deepEqual(ids(await sdk.itemView2.list({ space })), ["i2"]);
  assert.deepEqual(ids(await sdk.node.list({ space })), ["n1"]);
  assert.deepEqual(ids(await sdk.upsert_.list({ space })), ["u1"]);
  assert.deepEqual(ids(await sdk.str.list({ space })), ["s1"]);
  assert.equal(typeof sdk.upsert, "function"); // the client's own method is still there
  assert.equal(sdk.cachedProperty.descriptor.view.externalId, "CachedProperty");
  const deleted = await sdk.delete([{ space, externalId: "t1" }, {
    space,
    externalId: "i1",
  }]);
  assert.deepEqual(ids(deleted), ["i1", "t1"]);
  assert.throws(
    // @ts-expect-error: a field the view does not have is a type error, and an error naming it at run time.
    () => CLASS_VIEW.toWrite({ space, externalId: "x", name: "x", nope: 1 }),
    (error: unknown) =>
      error instanceof PygenValueError && /"nope"/.test(error.message),
  );
});

Deno.test("the hostile family: asChildClass by keyword, runtime and full-id names; the grandchild wins", async () => {
  const sdk = new HostileFamilyClient(config());
  const space = await freshSpace(sdk, "hostile-family");
  await sdk.upsert([
    GRAND_KID_VIEW.write({
      space,
      externalId: "grand",
      surname: "G",
      lam: "l",
      grand: "g",
    }),
    LAMBDA_VIEW.write({ space, externalId: "lam", surname: "L", lam: "l" }),
    HOSTILE_FAMILY_KID_VIEW.write({
      space,
      externalId: "kid",
      surname: "K",
      here: "here",
    }),
    HOSTILE_FAMILY_B_KID_VIEW.write({
      space,
      externalId: "kidB",
      surname: "B",
      there: "there",
    }),
    PARENT_INSTANCE_API_VIEW.write({
      space,
      externalId: "api",
      surname: "A",
      api: "x",
    }),
    FAMILY_VIEW.write({ space, externalId: "plain", surname: "P" }),
  ]);
  const items = await sdk.family.retrieve(
    ["api", "kidB", "plain", "kid", "lam", "grand"],
    {
      space,
      asChildClass: [
        "lambda",
        "hostile_family_b:Kid/v1",
        "GrandKid",
        "hostile_family:Kid/v1",
        "ParentInstanceAPI",
      ],
    },
  );
  const views = [
    ["GrandKid", GRAND_KID_VIEW],
    ["lambda", LAMBDA_VIEW],
    ["Kid", HOSTILE_FAMILY_KID_VIEW],
    ["KidB", HOSTILE_FAMILY_B_KID_VIEW],
    ["ParentInstanceAPI", PARENT_INSTANCE_API_VIEW],
    ["Family", FAMILY_VIEW],
  ] as const;
  assert.deepEqual(
    items.map((item) => [
      views.find(([, view]) => view.is(item))?.[0],
      item.externalId,
    ]),
    [
      ["ParentInstanceAPI", "api"],
      ["KidB", "kidB"],
      ["Family", "plain"],
      ["Kid", "kid"],
      ["lambda", "lam"],
      ["GrandKid", "grand"], // has data in lambda too: the most derived listed child wins
    ],
  );
  const grand = items[5];
  assert.ok(grand && GRAND_KID_VIEW.is(grand));
  assert.deepEqual([grand.surname, grand.lam, grand.grand], ["G", "l", "g"]);
  const kidB = items[1];
  assert.ok(kidB && HOSTILE_FAMILY_B_KID_VIEW.is(kidB));
  assert.equal(kidB.there, "there");
  assert.deepEqual(sdk.family.childNames, [
    "GrandKid",
    "hostile_family:Kid/v1",
    "Literal",
    "ParentInstanceAPI",
    "TypeAlias",
    "lambda",
    "hostile_family_b:Kid/v1",
  ]);
  await assert.rejects(
    () => sdk.family.retrieve("kid", { space, asChildClass: ["Kid" as never] }),
    /asChildClass: "Kid" is not a child view of hostile_family:Family\/v1/,
  );
});
