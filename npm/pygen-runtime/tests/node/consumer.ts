// Type-checked with tsc against the installed tarball (tests/typescript/test_npm_package.py): the `exports` map
// must hand TypeScript the .d.ts files, and the public types must be usable from a NodeNext project.
import {
  ClientConfig,
  type Filter,
  InstanceAPI,
  InstanceClient,
  type InstanceList,
  type NodeInstance,
  type NodeWrite,
  type PropertyMap,
  TokenCredentials,
  ViewDescriptor,
} from "pygen-runtime";

const PROPERTIES = {
  name: { id: "name", type: "text", required: true },
  status: { id: "status", type: "enum", values: ["draft", "active"] },
} as const satisfies PropertyMap;

interface Thing extends NodeInstance {
  name: string;
  status: "draft" | "active" | null;
}

interface ThingWrite extends NodeWrite {
  name: string;
  status?: "draft" | "active" | null;
}

const THING = new ViewDescriptor<Thing, ThingWrite, typeof PROPERTIES>({
  view: { space: "s", externalId: "Thing", version: "v1" },
  usedFor: "node",
  properties: PROPERTIES,
});

const client = new InstanceClient(
  new ClientConfig({
    baseUrl: "http://localhost:1",
    project: "p",
    credentials: new TokenCredentials("t"),
  }),
);
const api = new InstanceAPI(client, THING);
const activeOnly: Filter = THING.filters.status.equals("active");
export const listed: Promise<InstanceList<Thing>> = api.list({
  filter: activeOnly,
  sortBy: "name",
});
export const written = client.upsert(
  THING.write({ space: "s", externalId: "x", name: "n", status: "draft" }),
);
