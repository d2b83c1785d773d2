/**
 * The TypeScript half of the parity test (test_parity_python_typescript.py): runs a scenario file (its argument)
 * through the TypeScript SDK generated from its model, imported as "@generated/sdk/index.ts", and prints one JSON
 * object: query name -> normalised result. The Python half normalises its results the same way.
 *
 * Normal form: an instance is {externalId, instanceType, properties: {propertyId: value}, connections: {field:
 * [...]}} (plus type/startNode/endNode for edges); ids of the run's space are "$/<externalId>", other ids
 * "<space>/<externalId>"; timestamps are {"$ms": epoch milliseconds}; lists of instances keep the SDK's order
 * except where the scenario says the order is not defined (search, iterate pages).
 */

import {
  type AnyViewDescriptor,
  ClientConfig,
  EdgeConnectionAPI,
  InstanceAPI,
  InstanceClient,
  type InstanceClientOptions,
  ParentInstanceAPI,
  TokenCredentials,
} from "pygen-runtime";
import * as sdk from "@generated/sdk/index.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Query = {
  name: string;
  op: string;
  view?: string;
  edges?: string;
  ids?: string[];
  args?: Record<string, Json>;
  options?: Record<string, Json>;
  query?: string;
  aggregation?: string;
  /** Named metrics, for the several-metrics form of aggregate. */
  metrics?: Record<string, Json>;
  property?: string;
  groupBy?: string;
  interval?: number;
  items?: Record<string, Json>[];
};

const [scenarioPath] = Deno.args;
const scenario: { writes: Record<string, Json>[]; queries: Query[] } = JSON
  .parse(await Deno.readTextFile(scenarioPath!));
const space = Deno.env.get("PARITY_SPACE")!;
// The SDK's client: its one export that is an InstanceClient subclass.
const Client = Object.values(sdk).find((item) =>
  typeof item === "function" && item.prototype instanceof InstanceClient
) as new (
  config: ClientConfig,
  options: InstanceClientOptions,
) => InstanceClient;
const client = new Client(
  new ClientConfig({
    baseUrl: Deno.env.get("PARITY_URL")!,
    project: Deno.env.get("PARITY_PROJECT")!,
    credentials: new TokenCredentials(Deno.env.get("PARITY_TOKEN")!),
  }),
  { defaultInstanceSpace: space },
);

// deno-lint-ignore no-explicit-any
type AnyAPI = InstanceAPI<any, any, any, any>;

/**
 * The API of a view: the client attribute is the camelCase of its external id (`ThingEdge`: the edge side of
 * `Thing`); with `edges`, the edge API of that connection (`<field>Edge`).
 */
function api(view: string, edges?: string): AnyAPI {
  const attribute = view[0]!.toLowerCase() + view.slice(1);
  const found = (client as unknown as Record<string, AnyAPI>)[attribute]!;
  if (edges === undefined) return found;
  const edgeApi = (found as unknown as Record<string, unknown>)[`${edges}Edge`];
  if (
    !(edgeApi instanceof InstanceAPI) &&
    !(edgeApi instanceof EdgeConnectionAPI)
  ) {
    throw new Error(`${view} has no edge API ${edges}Edge`);
  }
  return edgeApi as AnyAPI;
}

/** A scenario value as the SDK takes it. */
function value(raw: Json): unknown {
  if (Array.isArray(raw)) return raw.map(value);
  if (raw !== null && typeof raw === "object") {
    if ("$node" in raw) return { space, externalId: raw.$node };
    if ("$id" in raw) {
      const [idSpace, externalId] = raw.$id as string[];
      return { space: idSpace, externalId };
    }
    if ("$date" in raw) return raw.$date;
    if ("$timestamp" in raw) return new Date(raw.$timestamp as string);
    return Object.fromEntries(
      Object.entries(raw).map(([key, item]) => [key, item]),
    );
  }
  return raw;
}

function values(
  raw: Record<string, Json> | undefined,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([key, item]) => [key, value(item)]),
  );
}

function id(item: { space: string; externalId: string }): string {
  return item.space === space
    ? `$/${item.externalId}`
    : `${item.space}/${item.externalId}`;
}

function norm(item: unknown): Json {
  if (item === null || item === undefined) return null;
  if (item instanceof Date) return { $ms: item.getTime() };
  if (Array.isArray(item)) return item.map(norm);
  if (typeof item === "object") {
    const record = item as Record<string, unknown>;
    if ("instanceType" in record) return instance(record);
    if (
      Object.keys(record).length === 2 && "space" in record &&
      "externalId" in record
    ) {
      return id(record as { space: string; externalId: string });
    }
    return Object.fromEntries(
      Object.entries(record).map(([key, inner]) => [key, norm(inner)]),
    );
  }
  return item as Json;
}

/** The descriptor of every view API of the client, the ones with the most fields first. */
const DESCRIPTORS: AnyViewDescriptor[] = Object.getOwnPropertyNames(
  Object.getPrototypeOf(client),
)
  .map((name) => (client as unknown as Record<string, unknown>)[name])
  .filter((item): item is AnyAPI => item instanceof InstanceAPI)
  .map((item) => item.descriptor as AnyViewDescriptor)
  .sort((a, b) => b.plans.size - a.plans.size);

/**
 * An instance in normal form; its view is the one of its kind whose fields it has (every instance here is one
 * view's); an edge of no view (an edge connection without properties) has no properties. An object of a
 * `retrieve` with `asChildClass` is tagged with the view it was read as (`ViewDescriptor.is`): that view, which
 * the normal form names in `readAs`.
 */
function instance(record: Record<string, unknown>): Json {
  const readAs = DESCRIPTORS.filter((d) => d.is(record));
  if (readAs.length > 1) {
    throw new Error(`${record.externalId} is tagged as several views`);
  }
  const descriptor = readAs[0] ?? DESCRIPTORS.find((d) =>
    d.instanceType === record.instanceType &&
    [...d.plans.keys()].every((field) => field in record)
  );
  const properties: Record<string, Json> = {};
  const connections: Record<string, Json> = {};
  for (const [field, plan] of descriptor?.plans ?? []) {
    properties[plan.spec.id] = norm(record[field]);
  }
  for (const field of Object.keys(descriptor?.connections ?? {})) {
    if (record[field] !== undefined) connections[field] = norm(record[field]);
  }
  const out: Record<string, Json> = {
    externalId: record.externalId as string,
    instanceType: record.instanceType as string,
    properties,
    connections,
  };
  if (record.instanceType === "edge") {
    for (const key of ["type", "startNode", "endNode"]) {
      out[key] = norm(record[key]);
    }
  }
  const view = readAs[0]?.view;
  if (view) out.readAs = `${view.space}:${view.externalId}/${view.version}`;
  return out;
}

function sortedById(items: Json[]): Json[] {
  return [...items].sort((a, b) =>
    String((a as Record<string, Json>).externalId).localeCompare(
      String((b as Record<string, Json>).externalId),
    )
  );
}

async function write(items: Record<string, Json>[]): Promise<Json> {
  const writes = items.map(({ view, ...data }) =>
    api(view as string).descriptor.write({ space, ...values(data) })
  );
  const result = await client.upsert(writes);
  return {
    created: result.created.map(id).sort(),
    updated: result.updated.map(id).sort(),
    unchanged: result.unchanged.map(id).sort(),
  };
}

async function run(query: Query): Promise<Json> {
  const target = query.view ? api(query.view, query.edges) : undefined;
  // Each SDK writes into a space of its own; every query looks only there.
  const args = { space, ...values(query.args) };
  const options = values(query.options);
  switch (query.op) {
    case "write":
      return await write(query.items!);
    case "retrieve":
      if ("asChildClass" in options && !(target instanceof ParentInstanceAPI)) {
        throw new Error(`${query.view} has no child views (asChildClass)`);
      }
      return norm([...await target!.retrieve(query.ids!, options)]);
    case "list":
      return norm([...await target!.list({ ...args, ...options })]);
    case "iterate": {
      const sizes: number[] = [];
      const all: Json[] = [];
      for await (const page of target!.iterate({ ...args, ...options })) {
        sizes.push(page.items.length);
        all.push(...page.items.map((item) => norm(item)));
      }
      return { sizes, items: sortedById(all) };
    }
    case "search":
      return sortedById(
        norm([
          ...await target!.search(query.query!, { ...args, ...options }),
        ]) as Json[],
      );
    case "aggregate": {
      if (query.metrics) return await metrics(target!, query, args);
      const result = await target!.aggregate(
        query.aggregation as "count",
        {
          ...args,
          ...(query.property ? { property: query.property } : {}),
          ...(query.groupBy ? { groupBy: query.groupBy } : {}),
        } as never,
      );
      if (!Array.isArray(result)) return result;
      return result.map((group) => ({
        group: groupById(target!, group.group),
        value: group.value,
      })).sort(byGroup);
    }
    case "histogram":
      return (await target!.histogram(query.property!, query.interval!, args))
        .map((bucket) => ({ start: bucket.start, count: bucket.count }));
    case "delete":
      return (await target!.delete(query.ids!)).map(id).sort();
    default:
      throw new Error(`unknown op ${query.op}`);
  }
}

/** An aggregate group keyed by property ids. */
function groupById(target: AnyAPI, group: Record<string, unknown>): Json {
  return Object.fromEntries(
    Object.entries(group).map((
      [field, item],
    ) => [target.descriptor.propertyId(field), norm(item)]),
  );
}

function byGroup(a: { group: Json }, b: { group: Json }): number {
  return JSON.stringify(a.group).localeCompare(JSON.stringify(b.group));
}

/** The several-metrics form of aggregate: values by metric name, per group when grouped. */
async function metrics(
  target: AnyAPI,
  query: Query,
  args: Record<string, unknown>,
): Promise<Json> {
  // Typed as counts only to pick the named-metrics overload; the runtime checks the real metrics.
  const spec = query.metrics as Record<string, "count">;
  // (With AnyAPI's `any` arguments TypeScript picks the grouped overload, hence the casts through unknown.)
  if (!query.groupBy) {
    return await target.aggregate(spec, args) as unknown as Json;
  }
  const groups = await target.aggregate(
    spec,
    { ...args, groupBy: query.groupBy } as never,
  );
  return groups.map((group) => ({
    group: groupById(target, group.group),
    aggregates: group.aggregates as Json,
  })).sort(byGroup);
}

const results: Record<string, Json> = {
  "(writes)": await write(scenario.writes),
};
for (const query of scenario.queries) {
  try {
    results[query.name] = await run(query);
  } catch (error) {
    results[query.name] = { error: String(error) };
  }
}
console.log(JSON.stringify(results));
