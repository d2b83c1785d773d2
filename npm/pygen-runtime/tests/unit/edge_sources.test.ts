import assert from "node:assert/strict";
import { type NodeWrite, type PropertyMap, ViewDescriptor } from "./deps.ts";

const LINK = { space: "m", externalId: "link", version: "1" } as const;
const NODE_PROPERTIES = {
  name: { id: "name", type: "text" },
} as const satisfies PropertyMap;
const NODE_VIEW: ViewDescriptor<never, NodeWrite, typeof NODE_PROPERTIES> =
  new ViewDescriptor({
    view: LINK,
    usedFor: "node",
    properties: NODE_PROPERTIES,
    connections: {
      plain: { kind: "edge", edgeType: { space: "m", externalId: "plain" } },
    },
  });

Deno.test("an edge of a connection without an edge view is written without sources", () => {
  const writes = NODE_VIEW.toWrites({
    space: "s",
    externalId: "a",
    plain: [{ space: "s", externalId: "b" }],
  } as never);
  const edge = writes.find((item) => item.instanceType === "edge");
  assert.equal(edge?.externalId, "plain:a:b");
  assert.ok(edge && !("sources" in edge));
  const node = writes.find((item) => item.instanceType === "node");
  assert.deepEqual(node?.sources, [{
    source: { type: "view", ...LINK },
    properties: {},
  }]);
});
