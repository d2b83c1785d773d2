/**
 * `retrieveConnections`: instances with their direct relations, edges and reverse relations, fetched through one
 * `/query` request per page of roots (plus follow-up pages of any connected set that was cut off), then stitched
 * onto the typed objects. Mirrors the Python runtime's connection loader.
 *
 * - `"identifier"`: edge connections get their edges (or the far node ids when the edges have no properties),
 *   reverse relations get node ids; direct relations are ids already;
 * - `"full"`: direct relations, edge ends and reverse relations become typed objects of their views.
 *
 * @module
 */

import type {
  ConnectionSpec,
  EdgeConnection,
  ReverseRelation,
} from "./connections.ts";
import { PygenValueError } from "./errors.ts";
import type { Filter } from "./filters.ts";
import { Equals } from "./filters.ts";
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
const ROOT = "root";

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
      plans.push({
        field,
        name: `c${index++}`,
        kind: "reverse",
        list,
        connection,
        target: connection.source(),
      });
    }
  }
  return plans;
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
    } else if (plan.kind === "reverse") {
      const { through } = plan.connection as ReverseRelation;
      const throughView = viewReference(through.view);
      withSets[plan.name] = {
        nodes: {
          from: ROOT,
          through: { source: throughView, identifier: through.property },
          direction: "inwards",
        },
        limit: QUERY_LIMIT,
      };
      const throughOnly = {
        source: throughView,
        properties: [through.property],
      };
      const source = plan.target as AnyViewDescriptor;
      const sameView =
        viewPropertyKey(source.view) === viewPropertyKey(through.view) &&
        source.view.space === through.view.space;
      select[plan.name] = {
        sources: mode === "full"
          ? (sameView ? [allOf(source)] : [allOf(source), throughOnly])
          : [throughOnly],
      };
    }
  }
  return { with: withSets, select };
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
      for (const raw of sets.get(plan.name) ?? []) {
        const value = raw.properties?.[through.view.space]
          ?.[viewPropertyKey(through.view)]?.[through.property];
        const values: unknown[] = Array.isArray(value) ? value : [value];
        const references = values.filter(isId) as DirectRelationReference[];
        const item = mode === "full" && plan.target
          ? plan.target.parse(raw)
          : { space: raw.space, externalId: raw.externalId };
        for (const reference of references) {
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
