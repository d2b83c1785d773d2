/**
 * End to end: the TypeScript SDK generated from CogniteCore (cdf_cdm:CogniteCore/v1) against the emulator: an
 * asset hierarchy with equipment, time series and files written with nested direct relations (single and list),
 * enum and direct-relation filters, reverse relations through single and list relations, search, aggregates,
 * iterate, the interfaces views (CogniteDescribable) and delete.
 */

import assert from "node:assert/strict";
import { type NodeId } from "pygen-runtime";
import {
  COGNITE_ASSET_VIEW,
  COGNITE_DESCRIBABLE_EDGE_VIEW,
  COGNITE_EQUIPMENT_VIEW,
  COGNITE_FILE_VIEW,
  COGNITE_TIME_SERIES_VIEW,
  type CogniteAsset,
  CogniteCoreClient,
  type CogniteDescribableEdge,
  type CogniteTimeSeries,
} from "@generated/sdk_cognite_core/index.ts";
import { config, freshSpace, ids } from "./e2e_env.ts";

async function seeded(name: string) {
  const sdk = new CogniteCoreClient(config());
  const space = await freshSpace(sdk, name);
  const site = COGNITE_ASSET_VIEW.write({
    space,
    externalId: "site",
    name: "Site",
    tags: ["top"],
  });
  const pumps = [0, 1, 2].map((i) =>
    COGNITE_ASSET_VIEW.write({
      space,
      externalId: `pump${i}`,
      name: `Pump ${i}`,
      description: i === 0 ? "the main feed pump" : "a spare pump",
      parent: site,
      sourceUpdatedTime: new Date(Date.UTC(2024, 0, 1 + i)),
    })
  );
  const motor = COGNITE_EQUIPMENT_VIEW.write({
    space,
    externalId: "motor0",
    name: "Pump motor",
    asset: pumps[0],
    serialNumber: "SN-1",
  });
  const series = [0, 1, 2].map((i) =>
    COGNITE_TIME_SERIES_VIEW.write({
      space,
      externalId: `ts${i}`,
      name: `Pressure ${i}`,
      type_: i < 2 ? "numeric" : "string",
      isStep: i === 1,
      assets: i === 0 ? [pumps[0]!] : [pumps[0]!, pumps[i]!],
      equipment: i === 0 ? [motor] : null,
    })
  );
  const manual = COGNITE_FILE_VIEW.write({
    space,
    externalId: "manual",
    name: "Pump manual",
    mimeType: "application/pdf",
    assets: [pumps[0]!, pumps[1]!],
  });
  const result = await sdk.upsert([...series, manual]);
  return { sdk, space, result };
}

Deno.test("nested writes through single and list direct relations", async () => {
  const { sdk, space, result } = await seeded("core-write");
  // 3 time series, the file, the motor and 4 assets nested in them.
  assert.equal(result.created.length, 9);
  const pump = await sdk.cogniteAsset.retrieve("pump1", { space });
  assert.ok(pump);
  assert.equal(pump.name, "Pump 1");
  assert.deepEqual(pump.parent, { space, externalId: "site" });
  assert.equal(pump.sourceUpdatedTime?.getTime(), Date.UTC(2024, 0, 2));
  const ts1 = await sdk.cogniteTimeSeries.retrieve({
    space,
    externalId: "ts1",
  });
  assert.deepEqual(
    [ts1?.type_, ts1?.isStep, ids((ts1?.assets ?? []) as NodeId[])],
    ["numeric", true, ["pump0", "pump1"]],
  );
  const motor = await sdk.cogniteEquipment.retrieve("motor0", { space });
  assert.equal(motor?.serialNumber, "SN-1");
  assert.deepEqual(motor?.asset, { space, externalId: "pump0" });
});

Deno.test("enum, direct-relation and text filters; search and aggregates", async () => {
  const { sdk, space } = await seeded("core-filters");
  const series = sdk.cogniteTimeSeries;
  assert.deepEqual(ids(await series.list({ space, type_: "string" })), ["ts2"]);
  assert.deepEqual(ids(await series.list({ space, isStep: false })), [
    "ts0",
    "ts2",
  ]);
  assert.deepEqual(
    ids(
      await series.list({
        space,
        assetsContainsAny: [{ space, externalId: "pump2" }],
      }),
    ),
    ["ts2"],
  );
  assert.deepEqual(
    ids(
      await series.list({
        space,
        assetsContainsAll: [
          { space, externalId: "pump0" },
          { space, externalId: "pump1" },
        ],
      }),
    ),
    ["ts1"],
  );
  const assets = sdk.cogniteAsset;
  assert.deepEqual(
    ids(await assets.list({ space, parent: { space, externalId: "site" } })),
    ["pump0", "pump1", "pump2"],
  );
  assert.deepEqual(ids(await assets.list({ space, namePrefix: "Pump" })), [
    "pump0",
    "pump1",
    "pump2",
  ]);
  assert.deepEqual(
    ids(await assets.list({ space, tagsContainsAny: ["top"] })),
    [
      "site",
    ],
  );
  assert.deepEqual(
    ids(
      await assets.list({
        space,
        minSourceUpdatedTime: new Date(Date.UTC(2024, 0, 2)),
      }),
    ),
    ["pump1", "pump2"],
  );
  assert.deepEqual(ids(await assets.search("feed", { space })), ["pump0"]);
  assert.equal(await assets.aggregate("count", { space }), 4);
  const byType = await series.aggregate("count", { space, groupBy: "type_" });
  assert.deepEqual(
    byType.map((group) => [group.group.type_, group.value]).sort(),
    [["numeric", 2], ["string", 1]],
  );
  // Several metrics per group: the group key is the field name (type_), not the property id (type).
  const typeSummary = await series.aggregate(
    { n: "count", steps: { count: "isStep" } },
    { space, groupBy: "type_" },
  );
  assert.deepEqual(
    typeSummary.map((group) => [group.group.type_, group.aggregates]).sort(),
    [["numeric", { n: 2, steps: 2 }], ["string", { n: 1, steps: 1 }]],
  );
  const pages: number[] = [];
  for await (const page of assets.iterate({ space, chunkSize: 3 })) {
    pages.push(page.items.length);
  }
  assert.deepEqual(pages, [3, 1]);
  // The interface view sees every node with a name.
  const described = await sdk.cogniteDescribable.list({
    space,
    namePrefix: "Pump",
    limit: null,
  });
  assert.deepEqual(ids(described), [
    "manual",
    "motor0",
    "pump0",
    "pump1",
    "pump2",
  ]);
});

Deno.test("reverse relations through single and list relations, then delete", async () => {
  const { sdk, space } = await seeded("core-reverse");
  const site = await sdk.cogniteAsset.retrieve("site", {
    space,
    retrieveConnections: "full",
  });
  assert.deepEqual(
    ((site?.children ?? []) as CogniteAsset[]).map((child) => child.name)
      .sort(),
    ["Pump 0", "Pump 1", "Pump 2"],
  );
  const pump0 = await sdk.cogniteAsset.retrieve("pump0", {
    space,
    retrieveConnections: "identifier",
  });
  assert.deepEqual(ids((pump0?.timeSeries ?? []) as NodeId[]), [
    "ts0",
    "ts1",
    "ts2",
  ]);
  assert.deepEqual(ids((pump0?.equipment ?? []) as NodeId[]), ["motor0"]);
  assert.deepEqual(ids((pump0?.files ?? []) as NodeId[]), ["manual"]);
  const full = await sdk.cogniteTimeSeries.list({
    space,
    retrieveConnections: "full",
    type_: "numeric",
  });
  assert.deepEqual(
    full.map((ts: CogniteTimeSeries) =>
      ((ts.assets ?? []) as CogniteAsset[]).map((a) => a.name).sort()
    ),
    [["Pump 0"], ["Pump 0", "Pump 1"]],
  );
  const deleted = await sdk.cogniteTimeSeries.delete(["ts0", "ts1", "ts2"], {
    space,
  });
  assert.equal(deleted.length, 3);
  assert.equal((await sdk.cogniteTimeSeries.list({ space })).length, 0);
  const after = await sdk.cogniteAsset.retrieve("pump0", {
    space,
    retrieveConnections: "identifier",
  });
  assert.deepEqual(after?.timeSeries, []);
});

Deno.test("a view used for nodes and edges: its edge API reads and writes edges, its node API nodes", async () => {
  const { sdk, space } = await seeded("core-describable-edges");
  const n = (externalId: string) => ({ space, externalId });
  const type = { space, externalId: "feeds" };
  const api = sdk.cogniteDescribableEdge;
  const written = await api.upsert([
    {
      space,
      externalId: "site-pump0",
      type,
      startNode: n("site"),
      endNode: n("pump0"),
      name: "Feeds pump 0",
      description: "main line",
      tags: ["water"],
    },
    {
      space,
      externalId: "site-pump1",
      type,
      startNode: n("site"),
      endNode: n("pump1"),
      name: "Feeds pump 1",
      aliases: ["spare line"],
    },
  ]);
  assert.equal(written.created.length, 2);
  assert.deepEqual(
    written.created.map((item) => item.instanceType),
    ["edge", "edge"],
  );
  // Also written through the client with the edge descriptor.
  await sdk.upsert(
    COGNITE_DESCRIBABLE_EDGE_VIEW.write({
      space,
      externalId: "pump0-pump1",
      type,
      startNode: n("pump0"),
      endNode: n("pump1"),
      name: "Bypass",
    }),
  );
  const edges: CogniteDescribableEdge[] = [
    ...(await api.list({ space, limit: null })),
  ];
  assert.deepEqual(ids(edges), ["pump0-pump1", "site-pump0", "site-pump1"]);
  const first = edges.find((edge) => edge.externalId === "site-pump0");
  assert.equal(first?.instanceType, "edge");
  assert.deepEqual(first?.startNode, n("site"));
  assert.deepEqual(first?.endNode, n("pump0"));
  assert.deepEqual(first?.type, type);
  assert.equal(first?.description, "main line");
  assert.deepEqual(first?.tags, ["water"]);
  assert.deepEqual(ids(await api.list({ space, startNode: n("site") })), [
    "site-pump0",
    "site-pump1",
  ]);
  assert.deepEqual(ids(await api.list({ space, namePrefix: "Feeds" })), [
    "site-pump0",
    "site-pump1",
  ]);
  assert.deepEqual(ids(await api.search("bypass", { space })), [
    "pump0-pump1",
  ]);
  assert.equal(await api.aggregate("count", { space }), 3);
  assert.equal(
    (await api.retrieve("site-pump1", { space }))?.aliases?.[0],
    "spare line",
  );
  // The node side of the same view lists nodes only.
  const nodes = await sdk.cogniteDescribable.list({ space, limit: null });
  assert.ok(nodes.length >= 4);
  assert.ok(nodes.every((item) => item.instanceType === "node"));
  assert.equal(
    await sdk.cogniteDescribable.retrieve("site-pump0", { space }),
    undefined,
  );
  const deleted = await api.delete(["site-pump0"], { space });
  assert.deepEqual(deleted, [{
    instanceType: "edge",
    space,
    externalId: "site-pump0",
  }]);
  assert.equal((await api.list({ space })).length, 2);
});
