/**
 * `retrieve(ids, { asChildClass })` of generated TypeScript SDKs against the emulator, mirroring the Python tests
 * (tests/generator/test_e2e_child_classes.py): Omni's interfaces (MainInterface <- SubInterface <-
 * Implementation1/Implementation2, and the read-only Implementation1NonWriteable that matches the same nodes as
 * Implementation1) with the instances file loaded, CogniteCore's CogniteDescribable with assets, equipment and time
 * series, and the hostile family (keyword and runtime names, one external id in two spaces, a grandchild). Mixed
 * ids keep their order, the most derived listed child wins, missing ids are absent, child objects carry their own
 * connections, the requests are bounded by the listed children, unknown names fail before any request.
 */

import assert from "node:assert/strict";
import {
  ClientConfig,
  type Instance,
  InstanceList,
  type NodeId,
  ParentInstanceAPI,
  PygenValueError,
  TokenCredentials,
} from "pygen-runtime";
import {
  IMPLEMENTATION1_NON_WRITEABLE_VIEW,
  IMPLEMENTATION1_VIEW,
  IMPLEMENTATION2_VIEW,
  MAIN_INTERFACE_VIEW,
  OmniClient,
  SUB_INTERFACE_VIEW,
} from "@generated/sdk_pygen_omni/index.ts";
import {
  COGNITE_ASSET_VIEW,
  COGNITE_DESCRIBABLE_VIEW,
  COGNITE_EQUIPMENT_VIEW,
  COGNITE_TIME_SERIES_VIEW,
  CogniteCoreClient,
} from "@generated/sdk_cognite_core/index.ts";
import { env, freshSpace } from "./e2e_env.ts";

const SPACE = "sp_omni_instances";
const AMANDA = { space: SPACE, externalId: "Implementation1:Amanda" };
const CHRISTOPHER = { space: SPACE, externalId: "Implementation1:Christopher" };
const BRETT = { space: SPACE, externalId: "Implementation2:Brett" };
const MISSING = { space: SPACE, externalId: "missing" };

/** Every request path the client sends, through a counting fetch. */
function counted(): { config: ClientConfig; paths: string[] } {
  const paths: string[] = [];
  const config = new ClientConfig({
    baseUrl: env("PYGEN_EMULATOR_URL"),
    project: env("PYGEN_EMULATOR_PROJECT"),
    credentials: new TokenCredentials(env("PYGEN_EMULATOR_TOKEN")),
    clientName: "generated-sdk-e2e",
    fetch: (input, init) => {
      const url = typeof input === "string"
        ? input
        : input instanceof URL
        ? input.href
        : input.url;
      paths.push(new URL(url).pathname.replace(/^.*\/models\//, "/models/"));
      return fetch(input, init);
    },
  });
  return { config, paths };
}

/** The view each object was read as (by the `is` of the candidate descriptors) and its external id. */
function kinds(
  items: readonly Instance[],
  views: Record<string, { is(value: unknown): boolean }>,
): [string, string][] {
  return items.map((item) => [
    Object.entries(views).find(([, view]) => view.is(item))?.[0] ?? "untagged",
    item.externalId,
  ]);
}

const OMNI = {
  MainInterface: MAIN_INTERFACE_VIEW,
  SubInterface: SUB_INTERFACE_VIEW,
  Implementation1: IMPLEMENTATION1_VIEW,
  Implementation1NonWriteable: IMPLEMENTATION1_NON_WRITEABLE_VIEW,
  Implementation2: IMPLEMENTATION2_VIEW,
};

/** An Omni client and a node with data in MainInterface only, in a space of its own. */
async function omni(name: string) {
  const { config, paths } = counted();
  const sdk = new OmniClient(config, { defaultInstanceSpace: SPACE });
  const space = await freshSpace(sdk, name);
  const plain = { space, externalId: "main:plain" };
  await sdk.upsert(
    MAIN_INTERFACE_VIEW.write({ ...plain, mainValue: "only main" }),
  );
  paths.length = 0;
  return { sdk, space, plain, paths };
}

Deno.test("Omni: listed children come back as their own types, in the order asked, missing left out", async () => {
  const { sdk, plain } = await omni("child-order");
  const asked = [AMANDA, plain, MISSING, BRETT, CHRISTOPHER];
  const items = await sdk.mainInterface.retrieve(asked, {
    asChildClass: ["SubInterface", "Implementation1", "Implementation2"],
  });
  assert.ok(items instanceof InstanceList);
  // Implementation1 is listed after SubInterface but implements it: the most derived listed child wins.
  assert.deepEqual(kinds(items, OMNI), [
    ["Implementation1", AMANDA.externalId],
    ["MainInterface", plain.externalId],
    ["Implementation2", BRETT.externalId],
    ["Implementation1", CHRISTOPHER.externalId],
  ]);
  const [amanda, main, brett] = items;
  assert.ok(amanda && IMPLEMENTATION1_VIEW.is(amanda));
  assert.equal(amanda.value1, "Study alone probably social free.");
  assert.equal(amanda.mainValue, "Charge radio able behind nor major side.");
  assert.equal(main?.mainValue, "only main");
  assert.ok(brett && IMPLEMENTATION2_VIEW.is(brett));
  assert.equal(brett.subValue, "Child south run enough policy.");
  // The same ids without asChildClass: the same set and order, all parent objects.
  const parents = await sdk.mainInterface.retrieve(asked);
  assert.deepEqual(
    parents.map((item) => item.externalId),
    items.map((item) => item.externalId),
  );
  assert.deepEqual(
    parents.map((item) => item.mainValue),
    items.map((item) => item.mainValue),
  );
});

Deno.test("Omni: only the listed children are used; siblings keep the SDK order; one id gives one object", async () => {
  const { sdk, plain } = await omni("child-listed");
  const api = sdk.mainInterface;
  assert.deepEqual(
    kinds(
      await api.retrieve([AMANDA, BRETT, plain], {
        asChildClass: ["SubInterface"],
      }),
      OMNI,
    ),
    [
      ["SubInterface", AMANDA.externalId],
      ["SubInterface", BRETT.externalId],
      ["MainInterface", plain.externalId],
    ],
  );
  assert.deepEqual(
    kinds(
      await api.retrieve([AMANDA, BRETT], {
        asChildClass: ["Implementation2"],
      }),
      OMNI,
    ),
    [["MainInterface", AMANDA.externalId], [
      "Implementation2",
      BRETT.externalId,
    ]],
  );
  const none = await api.retrieve([AMANDA], { asChildClass: [] });
  assert.deepEqual(kinds(none, OMNI), [["MainInterface", AMANDA.externalId]]);
  // Implementation1NonWriteable's filter matches every Implementation1 node: Amanda is in both views.
  assert.deepEqual(
    kinds(
      await sdk.subInterface.retrieve([AMANDA], {
        asChildClass: ["Implementation1NonWriteable", "Implementation1"],
      }),
      OMNI,
    ),
    [["Implementation1", AMANDA.externalId]],
  );
  const alone = await sdk.subInterface.retrieve(AMANDA, {
    asChildClass: "Implementation1NonWriteable",
  });
  assert.ok(alone && IMPLEMENTATION1_NON_WRITEABLE_VIEW.is(alone));
  assert.equal(alone.mainValue, "Charge radio able behind nor major side.");
  // Bare external ids use the client's default space (or `space`).
  const brett = await api.retrieve(BRETT.externalId, {
    asChildClass: ["Implementation2"],
  });
  assert.ok(brett && IMPLEMENTATION2_VIEW.is(brett));
  const main = await api.retrieve(plain.externalId, {
    space: plain.space,
    asChildClass: ["Implementation2"],
  });
  assert.ok(main && MAIN_INTERFACE_VIEW.is(main));
  assert.equal(
    await api.retrieve(MISSING, { asChildClass: ["Implementation2"] }),
    undefined,
  );
});

Deno.test("Omni: requests are bounded by the listed children", async () => {
  const { sdk, plain, paths } = await omni("child-requests");
  const listed = [
    "SubInterface",
    "Implementation1",
    "Implementation2",
    "Implementation1NonWriteable",
  ] as const;
  const byids = async (asked: NodeId[]) => {
    paths.length = 0;
    await sdk.mainInterface.retrieve(asked, { asChildClass: listed });
    assert.ok(paths.every((path) => path === "/models/instances/byids"));
    return paths.length;
  };
  // Implementation1 is asked first and matches both: no request for the other children or the parent.
  assert.equal(await byids([AMANDA, CHRISTOPHER]), 1);
  // Implementation1, Implementation1NonWriteable, Implementation2 (Brett), SubInterface, then the parent.
  assert.equal(await byids([AMANDA, BRETT, plain, MISSING]), 5);
  paths.length = 0;
  await sdk.mainInterface.retrieve([AMANDA, BRETT], {
    asChildClass: listed,
    retrieveConnections: "identifier",
  });
  // Implementation1 (Amanda), Implementation1NonWriteable (none), Implementation2 (Brett): one /query each.
  assert.deepEqual(paths, Array(3).fill("/models/instances/query"));
});

Deno.test("Omni: child objects carry their own connections", async () => {
  const { sdk, space, plain } = await omni("child-connections");
  // Implementation1NonWriteable is read-only (no write type): write its direct relation through the containers.
  const node = { space, externalId: "Implementation1:connected" };
  const container = (externalId: string) => ({
    type: "container",
    space: "sp_pygen_models",
    externalId,
  });
  await sdk.http.post("/models/instances", {
    items: [{
      instanceType: "node",
      ...node,
      type: { space: "sp_pygen_models", externalId: "Implementation1" },
      sources: [
        {
          source: container("Implementation1"),
          properties: {
            implementation1Value: "v1",
            requiredImplementation1Value: "v2",
            connectionValue: AMANDA,
          },
        },
        {
          source: container("MainInterface"),
          properties: { mainValue: "connected main" },
        },
      ],
    }],
  });
  const api = sdk.mainInterface;
  const full = await api.retrieve([node, plain], {
    asChildClass: ["Implementation1NonWriteable"],
    retrieveConnections: "full",
  });
  assert.deepEqual(kinds(full, OMNI), [
    ["Implementation1NonWriteable", node.externalId],
    ["MainInterface", plain.externalId],
  ]);
  const child = full[0];
  assert.ok(child && IMPLEMENTATION1_NON_WRITEABLE_VIEW.is(child));
  const target = child.connectionValue;
  assert.ok(target && "value1" in target);
  assert.deepEqual([target.space, target.externalId], [
    AMANDA.space,
    AMANDA.externalId,
  ]);
  assert.equal(target.value1, "Study alone probably social free.");
  const identifier = await api.retrieve(node, {
    asChildClass: ["Implementation1NonWriteable"],
    retrieveConnections: "identifier",
  });
  assert.ok(identifier && IMPLEMENTATION1_NON_WRITEABLE_VIEW.is(identifier));
  assert.deepEqual(identifier.connectionValue, AMANDA);
  const skipped = await api.retrieve(node, {
    asChildClass: ["Implementation1NonWriteable"],
  });
  assert.ok(skipped && IMPLEMENTATION1_NON_WRITEABLE_VIEW.is(skipped));
  assert.deepEqual(skipped.connectionValue, AMANDA);
  assert.equal(skipped.mainValue, "connected main");
});

Deno.test("Omni: unknown child names fail before any request; views without children keep the plain API", async () => {
  // A client pointing nowhere: any request would fail with a connection error instead.
  const paths: string[] = [];
  const sdk = new OmniClient(
    new ClientConfig({
      baseUrl: "http://127.0.0.1:9",
      project: "p",
      credentials: new TokenCredentials("t"),
      fetch: (input) => {
        paths.push(String(input));
        return Promise.reject(new Error("no request expected"));
      },
    }),
    { defaultInstanceSpace: SPACE },
  );
  await assert.rejects(
    () =>
      sdk.mainInterface.retrieve([AMANDA], {
        asChildClass: ["Implementation1", "Bogus", "MainInterface"] as never,
      }),
    (error: unknown) =>
      error instanceof PygenValueError &&
      error.message.includes(
        '"Bogus", "MainInterface" are not child views of sp_pygen_models:MainInterface/1',
      ) &&
      error.message.endsWith(
        'valid: "Implementation1", "Implementation1NonWriteable", "Implementation2", "SubInterface"',
      ),
  );
  await assert.rejects(
    () =>
      sdk.subInterface.retrieve(AMANDA, {
        asChildClass: ["Implementation2", "Nope"] as never,
      }),
    /^PygenValueError: asChildClass: "Nope" is not a child view of .*SubInterface\/1/,
  );
  assert.deepEqual(paths, []);
  assert.ok(sdk.mainInterface instanceof ParentInstanceAPI);
  assert.ok(sdk.subInterface instanceof ParentInstanceAPI);
  assert.ok(!(sdk.implementation1 instanceof ParentInstanceAPI));
  assert.ok(!(sdk.primitiveNullable instanceof ParentInstanceAPI));
  assert.deepEqual(sdk.mainInterface.childNames, [
    "Implementation1",
    "Implementation1NonWriteable",
    "Implementation2",
    "SubInterface", // implemented by the others: after them
  ]);
});

Deno.test("CogniteCore: CogniteDescribable as assets, equipment and time series with their own connections", async () => {
  const sdk = new CogniteCoreClient(counted().config);
  const space = await freshSpace(sdk, "core-children");
  const site = COGNITE_ASSET_VIEW.write({
    space,
    externalId: "site",
    name: "Site",
  });
  const pump = COGNITE_ASSET_VIEW.write({
    space,
    externalId: "pump",
    name: "Pump",
    parent: site,
  });
  const motor = COGNITE_EQUIPMENT_VIEW.write({
    space,
    externalId: "motor",
    name: "Motor",
    asset: pump,
  });
  const series = COGNITE_TIME_SERIES_VIEW.write({
    space,
    externalId: "ts",
    name: "Pressure",
    type_: "numeric",
    isStep: false,
    assets: [pump],
    equipment: [motor],
  });
  const note = COGNITE_DESCRIBABLE_VIEW.write({
    space,
    externalId: "note",
    name: "Just a note",
  });
  await sdk.upsert([series, note]);
  const api = sdk.cogniteDescribable;
  const items = await api.retrieve(
    ["ts", "missing", "note", "pump", "motor", "site"],
    {
      space,
      asChildClass: ["CogniteAsset", "CogniteEquipment", "CogniteTimeSeries"],
      retrieveConnections: "full",
    },
  );
  const CORE = {
    CogniteDescribable: COGNITE_DESCRIBABLE_VIEW,
    CogniteAsset: COGNITE_ASSET_VIEW,
    CogniteEquipment: COGNITE_EQUIPMENT_VIEW,
    CogniteTimeSeries: COGNITE_TIME_SERIES_VIEW,
  };
  assert.deepEqual(kinds(items, CORE), [
    ["CogniteTimeSeries", "ts"],
    ["CogniteDescribable", "note"],
    ["CogniteAsset", "pump"],
    ["CogniteEquipment", "motor"],
    ["CogniteAsset", "site"],
  ]);
  const byId = new Map(items.map((item) => [item.externalId, item]));
  // The child's own connections, filled as objects: a direct relation, a reverse relation, lists of relations.
  const pumpRead = byId.get("pump");
  assert.ok(pumpRead && COGNITE_ASSET_VIEW.is(pumpRead));
  assert.equal(
    (pumpRead.parent as { name?: string } | null)?.name,
    "Site",
  );
  assert.deepEqual(
    (pumpRead.equipment ?? []).map((item) => item.externalId),
    ["motor"],
  );
  const siteRead = byId.get("site");
  assert.ok(siteRead && COGNITE_ASSET_VIEW.is(siteRead));
  assert.deepEqual(
    (siteRead.children ?? []).map((item) => item.externalId),
    ["pump"],
  );
  const motorRead = byId.get("motor");
  assert.ok(motorRead && COGNITE_EQUIPMENT_VIEW.is(motorRead));
  assert.equal((motorRead.asset as { name?: string } | null)?.name, "Pump");
  const tsRead = byId.get("ts");
  assert.ok(tsRead && COGNITE_TIME_SERIES_VIEW.is(tsRead));
  assert.deepEqual(
    (tsRead.assets ?? []).map((item) => item?.externalId),
    ["pump"],
  );
  assert.equal(byId.get("note")?.name, "Just a note");
  // Without connections the relations stay ids.
  const plain = await api.retrieve("pump", {
    space,
    asChildClass: ["CogniteAsset"],
  });
  assert.ok(plain && COGNITE_ASSET_VIEW.is(plain));
  assert.deepEqual(plain.parent, { space, externalId: "site" });
  assert.equal(plain.children, undefined);
});
