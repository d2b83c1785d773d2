/**
 * {@link EdgeConnectionAPI}: the edges of one edge connection whose edges carry no properties (no edge view), as
 * plain edges. Mirrors the Python runtime's `EdgeConnectionAPI`.
 *
 * Generated SDKs give every edge connection an API on its view's API, `client.<view>.<field>Edge`. With an edge
 * view that is the edge view's own typed API restricted to the connection's edge type (`InstanceAPI` with
 * `edgeType`); without one it is this class: `list` and `iterate` over the edges of the type, filtered by start and
 * end node, space and external id prefix.
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import { DirectRelationFilter, TextFilter } from "./filter_builders.ts";
import type { Filter, FilterLike } from "./filters.ts";
import { and, Equals, toFilter } from "./filters.ts";
import type { NodeId } from "./ids.ts";
import { describeValue, toDirectRelation } from "./ids.ts";
import {
  checkChunkSize,
  listPage,
  MAX_PAGE_SIZE,
  resolveLimit,
  type SortDirection,
} from "./instance_api.ts";
import { InstanceClient } from "./instance_client.ts";
import type { EdgeInstance, Page } from "./instances.ts";
import { InstanceList } from "./instances.ts";
import { parseEdge } from "./view.ts";
import type { RawEdge, RawSort } from "./wire.ts";

/** What plain edges can be sorted on. */
export type EdgeSortField =
  | "externalId"
  | "space"
  | "version"
  | "createdTime"
  | "lastUpdatedTime";

const EDGE_SORT_FIELDS: ReadonlySet<string> = new Set<EdgeSortField>([
  "externalId",
  "space",
  "version",
  "createdTime",
  "lastUpdatedTime",
]);

/** The filters of {@link EdgeConnectionAPI.list} and {@link EdgeConnectionAPI.iterate}; all combine with `and`. */
export interface EdgeConnectionArgs {
  /** Only edges that start at this node (or at one of these nodes). */
  startNode?: NodeId | readonly NodeId[];
  /** Only edges that end at this node (or at one of these nodes). */
  endNode?: NodeId | readonly NodeId[];
  /** Only edges whose external id starts with this. */
  externalIdPrefix?: string;
  /** Only edges in this space (or these spaces). */
  space?: string | readonly string[];
  /** Any further filter. */
  filter?: FilterLike;
  /** Field(s) to sort by, in priority order. */
  sortBy?: EdgeSortField | readonly EdgeSortField[];
  /** Default `"ascending"`. */
  direction?: SortDirection;
  signal?: AbortSignal;
}

/** Options of {@link EdgeConnectionAPI.list}. */
export interface EdgeListOptions extends EdgeConnectionArgs {
  /** How many to return; default 25; `null` (or `Infinity`) for all; 0 for none. */
  limit?: number | null;
}

/** Options of {@link EdgeConnectionAPI.iterate}. */
export interface EdgeIterateOptions extends EdgeConnectionArgs {
  /** Edges per page (1-1000). Default 1000. */
  chunkSize?: number;
  /** Stop after this many edges in total; default: all. */
  limit?: number | null;
  /** Resume from the `nextCursor` of an earlier page (keep every other argument the same). */
  cursor?: string | null;
}

const KNOWN_ARGS: ReadonlySet<string> = new Set([
  "startNode",
  "endNode",
  "externalIdPrefix",
  "space",
  "filter",
  "sortBy",
  "direction",
  "signal",
  "limit",
  "chunkSize",
  "cursor",
]);

/** The edges of type `edgeType` (one edge connection without edge properties), as plain {@link EdgeInstance}s. */
export class EdgeConnectionAPI {
  readonly client: InstanceClient;
  /** The type of the connection's edges. */
  readonly edgeType: NodeId;
  readonly #typeFilter: Filter;

  constructor(client: InstanceClient, edgeType: NodeId) {
    if (!(client instanceof InstanceClient)) {
      throw new PygenValueError("EdgeConnectionAPI needs an InstanceClient");
    }
    this.client = client;
    this.edgeType = Object.freeze(
      toDirectRelation(edgeType, "EdgeConnectionAPI edgeType"),
    );
    this.#typeFilter = new Equals(["edge", "type"], { ...this.edgeType });
  }

  /** Matching edges, at most `limit` (default 25; `null` for all). */
  async list(args: EdgeListOptions = {}): Promise<InstanceList<EdgeInstance>> {
    const limit = resolveLimit(args.limit, "list");
    const out = new InstanceList<EdgeInstance>();
    if (limit === 0) return out;
    const body = this.#body(args);
    let cursor: string | undefined;
    do {
      const page = await listPage(
        this.client,
        body,
        Math.min(MAX_PAGE_SIZE, limit - out.length),
        cursor,
        args.signal,
      );
      for (const raw of page.items) out.push(parseEdge(raw as RawEdge));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < limit);
    return out;
  }

  /** Matching edges page by page (constant memory); every page carries the cursor to resume from. */
  async *iterate(
    args: EdgeIterateOptions = {},
  ): AsyncGenerator<Page<EdgeInstance>, void, undefined> {
    const chunkSize = checkChunkSize(args.chunkSize);
    let remaining = args.limit === undefined
      ? Infinity
      : resolveLimit(args.limit, "iterate");
    const body = this.#body(args);
    let cursor = args.cursor ?? undefined;
    while (remaining > 0) {
      const page = await listPage(
        this.client,
        body,
        Math.min(chunkSize, remaining),
        cursor,
        args.signal,
      );
      const items = new InstanceList<EdgeInstance>();
      for (const raw of page.items) items.push(parseEdge(raw as RawEdge));
      remaining -= items.length;
      yield { items, nextCursor: page.nextCursor, cursor: cursor ?? null };
      if (page.nextCursor === null || items.length === 0) return;
      cursor = page.nextCursor;
    }
  }

  toString(): string {
    return `EdgeConnectionAPI(edges of type ${this.edgeType.space}:${this.edgeType.externalId})`;
  }

  #body(args: EdgeConnectionArgs): Record<string, unknown> {
    const unknown = Object.keys(args).filter((name) =>
      (args as Record<string, unknown>)[name] !== undefined &&
      !KNOWN_ARGS.has(name)
    );
    if (unknown.length) {
      throw new PygenValueError(
        `unknown argument(s) ${unknown.join(", ")} for the edges of type ` +
          `${this.edgeType.space}:${this.edgeType.externalId}; valid: startNode, endNode, externalIdPrefix, ` +
          "space, filter, sortBy, direction, limit (and chunkSize, cursor for iterate)",
      );
    }
    const filters: Filter[] = [this.#typeFilter];
    // `null` means "not given", like an absent argument (as for the view APIs).
    for (const end of ["startNode", "endNode"] as const) {
      const value = args[end];
      if (value !== undefined && value !== null) {
        filters.push(new DirectRelationFilter(["edge", end]).equalsOrIn(value));
      }
    }
    if (args.space !== undefined && args.space !== null) {
      filters.push(new TextFilter(["edge", "space"]).equalsOrIn(args.space));
    }
    const prefix = args.externalIdPrefix;
    if (prefix !== undefined && prefix !== null) {
      if (typeof prefix !== "string") {
        throw new PygenValueError(
          `externalIdPrefix: expected a string, got ${describeValue(prefix)}`,
        );
      }
      filters.push(new TextFilter(["edge", "externalId"]).prefix(prefix));
    }
    if (args.filter !== undefined && args.filter !== null) {
      filters.push(toFilter(args.filter));
    }
    const sort = this.#sort(args);
    return {
      instanceType: "edge",
      filter: filters.length === 1 ? filters[0] : and(...filters),
      ...(sort ? { sort } : {}),
    };
  }

  #sort(args: EdgeConnectionArgs): RawSort[] | undefined {
    if (args.sortBy === undefined || args.sortBy === null) return undefined;
    const fields = Array.isArray(args.sortBy)
      ? args.sortBy as readonly string[]
      : [args.sortBy as string];
    const direction = args.direction ?? "ascending";
    if (direction !== "ascending" && direction !== "descending") {
      throw new PygenValueError(
        `sort direction must be "ascending" or "descending", got ${
          describeValue(direction)
        }`,
      );
    }
    return fields.map((field) => {
      if (!EDGE_SORT_FIELDS.has(field)) {
        throw new PygenValueError(
          `sortBy: ${JSON.stringify(field)} is not a field of an edge; valid: ${
            [...EDGE_SORT_FIELDS].join(", ")
          }`,
        );
      }
      return { property: ["edge", field], direction };
    });
  }
}
