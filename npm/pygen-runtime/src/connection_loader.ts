/**
 * `retrieveConnections`: instances with their direct relations, edges and reverse relations, fetched through one
 * `/query` request per page of roots (plus follow-up pages of any connected set that was cut off), then stitched
 * onto the typed objects. Mirrors the Python runtime's connection loader.
 *
 * - `"identifier"`: edge connections get their edges (or the far node ids when the edges have no properties),
 *   reverse relations get node ids; direct relations are ids already;
 * - `"full"`: direct relations, edge ends and reverse relations become typed objects of their views.
 *
 * A reverse relation through a list of direct relations cannot be traversed (DMS: "Cannot traverse lists of direct
 * relations inwards."): its nodes are found with a `containsAny` filter on the list, 100 root ids per request (the
 * DMS limit for direct-relation filter values). A node appears once in a reverse relation however often it names
 * the root.
 *
 * @module
 */

import type {
  ConnectionSpec,
  EdgeConnection,
  ReverseRelation,
} from "./connections.ts";
import { chunk, settleInOrder } from "./concurrency.ts";
import { PygenValueError } from "./errors.ts";
import type { Filter } from "./filters.ts";
import { ContainsAny, Equals } from "./filters.ts";
import { idOf, viewPropertyKey, viewReference } from "./ids.ts";
import type { InstanceClient, QueryRequest } from "./instance_client.ts";
import type { Instance } from "./instances.ts";
import type { AnyViewDescriptor } from "./view.ts";
import type {
  DirectRelationReference,
  RawEdge,
  RawInstance,
  RawSort,
} from "./wire.ts";

/** The per-result-set limit of `/query`. */
export const QUERY_LIMIT = 10_000;
/** Values of one filter on a direct relation property (DMS limit). */
export const FILTER_VALUES_LIMIT = 100;
const ROOT = "root";
const REVERSE = "reverse";

/** The page of roots to fetch. */
export interface RootSelection {
  readonly filter: Filter;
  readonly sort?: readonly RawSort[];
  readonly limit: number;
  readonly cursor?: string | undefined;
}

interface Plan {
  readonly field: string;
  readonly name: string;
  readonly kind: "direct" | "edge" | "reverse";
  readonly list: boolean;
  readonly propertyId?: string;
  readonly connection?: ConnectionSpec;
  readonly target?: AnyViewDescriptor;
  readonly edgeView?: AnyViewDescriptor;
  /** A reverse relation through a list of direct relations: filtered for, not traversed. */
  readonly throughList?: boolean;
}

const idKey = (id: { space: string; externalId: string }) =>
  `${id.space}\u0000${id.externalId}`;

/** One page of roots with their connections; returns the typed roots and the roots' next cursor. */
export async function queryWithConnections(
  client: InstanceClient,
  descriptor: AnyViewDescriptor,
  root: RootSelection,
  mode: "identifier" | "full",
  signal?: AbortSignal,
): Promise<{ items: Instance[]; nextCursor: string | null }> {
  if (descriptor.instanceType !== "node") {
    throw new PygenValueError(
      `retrieveConnections works on node views; ${descriptor.name} is an edge view`,
    );
  }
  const plans = planConnections(descriptor, mode);
  const request = buildQuery(descriptor, root, plans, mode);
  const options = signal ? { signal } : {};
  const response = await client.query(request, options);
  const sets = new Map<string, RawInstance[]>(
    Object.entries(response.items ?? {}).map(([k, v]) => [k, [...v]]),
  );
  // Page the connected sets of this same page of roots until none is cut off.
  let pending = pendingCursors(
    response.nextCursor,
    new Set(Object.keys(request.select).filter((n) => n !== ROOT)),
  );
  while (Object.keys(pending).length) {
    const select = Object.fromEntries(
      Object.keys(pending).map((name) => [name, request.select[name]]),
    );
    const more = await client.query({
      ...request,
      select,
      cursors: { ...(root.cursor ? { [ROOT]: root.cursor } : {}), ...pending },
    }, options);
    for (const [name, items] of Object.entries(more.items ?? {})) {
      sets.set(name, [...(sets.get(name) ?? []), ...items]);
    }
    pending = pendingCursors(more.nextCursor, new Set(Object.keys(pending)));
  }
  const roots = (sets.get(ROOT) ?? []).map((raw) =>
    descriptor.parse(raw) as Instance & Record<string, unknown>
  );
  for (const plan of plans) {
    if (plan.throughList && roots.length) {
      sets.set(
        plan.name,
        await reverseThroughList(client, plan, roots, mode, options),
      );
    }
  }
  stitch(roots, plans, sets, mode);
  return { items: roots, nextCursor: response.nextCursor?.[ROOT] ?? null };
}

function pendingCursors(
  cursors: Record<string, string | null | undefined> | undefined,
  names: ReadonlySet<string>,
): Record<string, string> {
  const pending: Record<string, string> = {};
  for (const [name, cursor] of Object.entries(cursors ?? {})) {
    if (names.has(name) && cursor) pending[name] = cursor;
  }
  return pending;
}

function planConnections(
  descriptor: AnyViewDescriptor,
  mode: "identifier" | "full",
): Plan[] {
  const plans: Plan[] = [];
  let index = 0;
  for (const [field, thunk] of Object.entries(descriptor.relations)) {
    if (mode !== "full") continue;
    const spec = descriptor.plans.get(field)?.spec;
    if (!spec) continue;
    plans.push({
      field,
      name: `c${index++}`,
      kind: "direct",
      list: spec.list === true,
      propertyId: spec.id,
      target: thunk(),
    });
  }
  for (const [field, connection] of Object.entries(descriptor.connections)) {
    const list = connection.list ?? true;
    if (connection.kind === "edge") {
      plans.push({
        field,
        name: `c${index++}`,
        kind: "edge",
        list,
        connection,
        ...(connection.target ? { target: connection.target() } : {}),
        ...(connection.edgeView ? { edgeView: connection.edgeView() } : {}),
      });
    } else {
      // Without a source view (outside the SDK) the nodes are read as ids, whatever the mode.
      const source = connection.source?.();
      plans.push({
        field,
        name: `c${index++}`,
        kind: "reverse",
        list,
        connection,
        ...(source ? { target: source } : {}),
        throughList: throughIsList(connection, source),
      });
    }
  }
  return plans;
}

/** Whether a reverse relation goes through a list: as declared, else from the source view's property spec. */
function throughIsList(
  connection: ReverseRelation,
  source: AnyViewDescriptor | undefined,
): boolean {
  const { through } = connection;
  if (through.list !== undefined) return through.list;
  if (!source || !sameView(source, through.view)) return false;
  for (const plan of source.plans.values()) {
    if (plan.spec.id === through.property) return plan.spec.list === true;
  }
  return false;
}

const sameView = (
  source: AnyViewDescriptor,
  view: { space: string; externalId: string; version: string },
) =>
  viewPropertyKey(source.view) === viewPropertyKey(view) &&
  source.view.space === view.space;

/** The select of a reverse relation's nodes: the through property (to stitch), plus all of the source in full. */
function reverseSelect(plan: Plan, mode: "identifier" | "full"): unknown {
  const { through } = plan.connection as ReverseRelation;
  const throughOnly = {
    source: viewReference(through.view),
    properties: [through.property],
  };
  const source = plan.target;
  return {
    sources: mode === "full" && source
      ? (sameView(source, through.view)
        ? [allOf(source)]
        : [allOf(source), throughOnly])
      : [throughOnly],
  };
}

/**
 * The nodes whose list of direct relations contains any of the roots: a `containsAny` filter on the list with at
 * most {@link FILTER_VALUES_LIMIT} values per request (over `maxWorkers` in parallel), each paged to the end.
 */
async function reverseThroughList(
  client: InstanceClient,
  plan: Plan,
  roots: readonly Instance[],
  mode: "identifier" | "full",
  options: { signal?: AbortSignal },
): Promise<RawInstance[]> {
  const { through } = plan.connection as ReverseRelation;
  const property = [
    through.view.space,
    viewPropertyKey(through.view),
    through.property,
  ];
  const unique = new Map(
    roots.map((root) => [idKey(root), {
      space: root.space,
      externalId: root.externalId,
    }]),
  );
  const select = { [REVERSE]: reverseSelect(plan, mode) };
  const settled = await settleInOrder(
    chunk([...unique.values()], FILTER_VALUES_LIMIT),
    client.config.maxWorkers,
    async (ids) => {
      const withSets = {
        [REVERSE]: {
          nodes: { filter: new ContainsAny(property, ids) },
          limit: QUERY_LIMIT,
        },
      };
      const found: RawInstance[] = [];
      let cursor: string | null | undefined;
      do {
        const response = await client.query({
          with: withSets,
          select,
          ...(cursor ? { cursors: { [REVERSE]: cursor } } : {}),
        }, options);
        found.push(...(response.items?.[REVERSE] ?? []));
        cursor = response.nextCursor?.[REVERSE];
      } while (cursor);
      return found;
    },
  );
  const out: RawInstance[] = [];
  for (const outcome of settled) {
    if (!outcome.ok) throw outcome.error;
    out.push(...outcome.value);
  }
  return out;
}

const allOf = (view: AnyViewDescriptor) => ({
  source: view.reference,
  properties: ["*"],
});

function buildQuery(
  descriptor: AnyViewDescriptor,
  root: RootSelection,
  plans: readonly Plan[],
  mode: "identifier" | "full",
): QueryRequest & { select: Record<string, unknown> } {
  const withSets: Record<string, unknown> = {
    [ROOT]: {
      nodes: { filter: root.filter },
      limit: root.limit,
      ...(root.sort?.length ? { sort: root.sort } : {}),
    },
  };
  const select: Record<string, unknown> = {
    [ROOT]: { sources: [allOf(descriptor)] },
  };
  for (const plan of plans) {
    if (plan.kind === "direct" && plan.target) {
      withSets[plan.name] = {
        nodes: {
          from: ROOT,
          through: {
            source: descriptor.reference,
            identifier: plan.propertyId,
          },
          direction: "outwards",
        },
        limit: QUERY_LIMIT,
      };
      select[plan.name] = { sources: [allOf(plan.target)] };
    } else if (plan.kind === "edge") {
      const connection = plan.connection as EdgeConnection;
      const edges = `${plan.name}_edges`;
      withSets[edges] = {
        edges: {
          from: ROOT,
          direction: connection.direction ?? "outwards",
          maxDistance: 1,
          filter: new Equals(["edge", "type"], {
            space: connection.edgeType.space,
            externalId: connection.edgeType.externalId,
          }),
        },
        limit: QUERY_LIMIT,
      };
      select[edges] = plan.edgeView ? { sources: [allOf(plan.edgeView)] } : {};
      if (mode === "full" && plan.target) {
        withSets[plan.name] = {
          nodes: { from: edges, chainTo: "destination" },
          limit: QUERY_LIMIT,
        };
        select[plan.name] = { sources: [allOf(plan.target)] };
      }
    } else if (plan.kind === "reverse" && !plan.throughList) {
      const { through } = plan.connection as ReverseRelation;
      withSets[plan.name] = {
        nodes: {
          from: ROOT,
          through: {
            source: viewReference(through.view),
            identifier: through.property,
          },
          direction: "inwards",
        },
        limit: QUERY_LIMIT,
      };
      select[plan.name] = reverseSelect(plan, mode);
    }
  }
  return {
    with: withSets,
    select,
    // The page of roots after this cursor (iterate and list carry it from page to page).
    ...(root.cursor ? { cursors: { [ROOT]: root.cursor } } : {}),
  };
}

function stitch(
  roots: (Instance & Record<string, unknown>)[],
  plans: readonly Plan[],
  sets: ReadonlyMap<string, RawInstance[]>,
  mode: "identifier" | "full",
): void {
  const byId = new Map(roots.map((root) => [idKey(root), root]));
  for (const plan of plans) {
    if (plan.kind === "direct") {
      const targets = parsedById(sets.get(plan.name), plan.target);
      const swap = (value: unknown) =>
        isId(value)
          ? targets.get(idKey(value as DirectRelationReference)) ?? value
          : value;
      for (const root of roots) {
        const value = root[plan.field];
        root[plan.field] = Array.isArray(value) ? value.map(swap) : swap(value);
      }
      continue;
    }
    const collected = new Map<string, unknown[]>(
      roots.map((root) => [idKey(root), []]),
    );
    if (plan.kind === "edge") {
      const outwards =
        ((plan.connection as EdgeConnection).direction ?? "outwards") ===
          "outwards";
      const targets = mode === "full"
        ? parsedById(sets.get(plan.name), plan.target)
        : new Map<string, unknown>();
      for (const raw of sets.get(`${plan.name}_edges`) ?? []) {
        const edge = raw as RawEdge;
        const [near, far] = outwards
          ? [edge.startNode, edge.endNode]
          : [edge.endNode, edge.startNode];
        const bucket = collected.get(idKey(near));
        if (!bucket) continue;
        const farId = { space: far.space, externalId: far.externalId };
        const farValue = targets.get(idKey(farId)) ?? farId;
        if (plan.edgeView) {
          const parsed = plan.edgeView.parse(edge) as Record<string, unknown>;
          parsed[outwards ? "endNode" : "startNode"] = farValue;
          bucket.push(parsed);
        } else {
          bucket.push(farValue);
        }
      }
    } else {
      const { through } = plan.connection as ReverseRelation;
      const seen = new Set<string>();
      for (const raw of sets.get(plan.name) ?? []) {
        const value = raw.properties?.[through.view.space]
          ?.[viewPropertyKey(through.view)]?.[through.property];
        const values: unknown[] = Array.isArray(value) ? value : [value];
        const references = values.filter(isId) as DirectRelationReference[];
        const item = mode === "full" && plan.target
          ? plan.target.parse(raw)
          : { space: raw.space, externalId: raw.externalId };
        for (const reference of references) {
          // Once per node, even when its list names the root twice or several requests returned it.
          const pair = `${idKey(reference)}\u0001${idKey(raw)}`;
          if (seen.has(pair)) continue;
          seen.add(pair);
          collected.get(idKey(reference))?.push(item);
        }
      }
    }
    for (const [key, values] of collected) {
      const root = byId.get(key);
      if (root) root[plan.field] = plan.list ? values : values[0] ?? null;
    }
  }
}

function parsedById(
  raws: readonly RawInstance[] | undefined,
  view: AnyViewDescriptor | undefined,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!view) return out;
  for (const raw of raws ?? []) out.set(idKey(raw), view.parse(raw));
  return out;
}

function isId(value: unknown): boolean {
  return idOf(value) !== undefined;
}
