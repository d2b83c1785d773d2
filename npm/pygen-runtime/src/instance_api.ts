/**
 * {@link InstanceAPI}: one per view in a generated client. Retrieve by id, list with typed arguments, iterate
 * page by page (constant memory, resumable from a cursor), search, aggregate and histogram, plus upsert and
 * delete of this view's items. List and iterate only return instances with data in the view.
 *
 * @module
 */

import type {
  HistogramBucket,
  MetricsGroup,
  MetricsSpec,
  MetricValues,
} from "./aggregates.ts";
import { metricValues, resolveMetrics } from "./aggregates.ts";
import type { ArgSpec, FilterArgs } from "./args.ts";
import { argumentFilters } from "./args.ts";
import { PygenAPIError, PygenValueError } from "./errors.ts";
import type { ViewFilters } from "./filter_builders.ts";
import type { Filter, PropertyReference } from "./filters.ts";
import { and, Equals, InstanceReferences } from "./filters.ts";
import type { RetrieveConnections } from "./connections.ts";
import { QUERY_LIMIT, queryWithConnections } from "./connection_loader.ts";
import { chunk } from "./concurrency.ts";
import type { InstanceId, NodeId, OptionalSpaceId } from "./ids.ts";
import { describeValue, toDirectRelation, viewPropertyKey } from "./ids.ts";
import type { UpsertOptions } from "./instance_client.ts";
import { INSTANCE_CHUNK_SIZE, InstanceClient } from "./instance_client.ts";
import type { Instance, Page, UpsertResult } from "./instances.ts";
import { InstanceList } from "./instances.ts";
import type {
  FieldOf,
  NumericFieldOf,
  PropertyMap,
  SortableFieldOf,
  TextFieldOf,
} from "./schema.ts";
import type { ViewDescriptor } from "./view.ts";
import type { RawAggregateItem, RawInstance, RawSort } from "./wire.ts";

/** What `list`, `search` and `aggregate` return when no `limit` is given. */
export const DEFAULT_LIMIT = 25;
/** The largest page the list endpoint serves. */
export const MAX_PAGE_SIZE = 1000;

/** Instance metadata that can be sorted on, besides the view's own fields. */
export type MetadataSortField =
  | "externalId"
  | "space"
  | "version"
  | "createdTime"
  | "lastUpdatedTime"
  | "type"
  | "startNode"
  | "endNode";

const METADATA_SORT_FIELDS: ReadonlySet<string> = new Set<MetadataSortField>([
  "externalId",
  "space",
  "version",
  "createdTime",
  "lastUpdatedTime",
  "type",
  "startNode",
  "endNode",
]);

/** A sort direction. */
export type SortDirection = "ascending" | "descending";

/** Sorting options. */
export interface SortOptions<TSort extends string> {
  /** Field(s) to sort by, in priority order. */
  sortBy?: TSort | MetadataSortField | readonly (TSort | MetadataSortField)[];
  /** Default `"ascending"`. */
  direction?: SortDirection;
  /** Put nulls first (list and iterate only). */
  nullsFirst?: boolean;
  /** Raw DMS sort specs, for anything `sortBy` cannot say; used instead of `sortBy`. */
  sort?: readonly RawSort[];
}

/** Options of `list`. */
export interface ListOptions<TSort extends string> extends SortOptions<TSort> {
  /** How many to return; default {@link DEFAULT_LIMIT}; `null` (or `Infinity`) for all; 0 for none. */
  limit?: number | null;
  /** Also fetch connections (node views): see {@link RetrieveConnections}. Default `"skip"`. */
  retrieveConnections?: RetrieveConnections;
  signal?: AbortSignal;
}

/** Options of `retrieve`. */
export interface RetrieveByIdOptions {
  /** The space of ids given as bare external ids (default: the client's `defaultInstanceSpace`). */
  space?: string;
  /** Also fetch connections (node views): see {@link RetrieveConnections}. Default `"skip"`. */
  retrieveConnections?: RetrieveConnections;
  signal?: AbortSignal;
}

/** Options of `iterate`. */
export interface IterateOptions<TSort extends string>
  extends SortOptions<TSort> {
  /** Items per page (1-1000). Default 1000. */
  chunkSize?: number;
  /** Stop after this many items in total; default: all. */
  limit?: number | null;
  /**
   * Resume from the `nextCursor` of an earlier page (keep every other argument the same, `retrieveConnections`
   * too: with connections the cursor is a `/query` cursor, without them a `/models/instances/list` cursor).
   */
  cursor?: string | null;
  /**
   * Also fetch each page's connections (node views), as `list` does: see {@link RetrieveConnections}. Each page
   * is then one `/query` request (plus follow-up pages of connected sets cut off). Default `"skip"`.
   */
  retrieveConnections?: RetrieveConnections;
  signal?: AbortSignal;
}

/** Options of `search`. */
export interface SearchOptions<TText extends string, TSort extends string> {
  /** Text fields to search in; default all text fields of the view. */
  properties?: TText | readonly TText[];
  /** Whether every query word must match (`"AND"`) or any (`"OR"`, the API's default). */
  operator?: "AND" | "OR";
  /** How many to return, at most 1000 (search has no paging); default {@link DEFAULT_LIMIT}; `null` = 1000. */
  limit?: number | null;
  sortBy?: TSort | MetadataSortField | readonly (TSort | MetadataSortField)[];
  direction?: SortDirection;
  signal?: AbortSignal;
}

/** The metric aggregations. `count` counts instances, or non-null values of `property`. */
export type Aggregation = "count" | "avg" | "min" | "max" | "sum";

/** Options of `aggregate` and `histogram`. */
export interface AggregateOptions<TText extends string> {
  /** Restrict to instances matching this free-text query. */
  query?: string;
  /** Text fields the `query` looks in. */
  searchProperties?: TText | readonly TText[];
  signal?: AbortSignal;
}

/** One group of a grouped aggregate: the group's field values and the aggregate's value. */
export interface AggregateGroup<TField extends string> {
  readonly group: {
    readonly [K in TField]?: string | number | boolean | NodeId;
  };
  readonly value: number | null;
}

export type { HistogramBucket } from "./aggregates.ts";

/** Options of an {@link InstanceAPI}. */
export interface InstanceAPIOptions {
  /**
   * For an edge view: only the edges of this type (the edges of one edge connection, as
   * `client.product.relatedProductsEdge` gives them). `list`, `iterate`, `search`, `aggregate` and `histogram` then
   * filter on the type, `retrieve` leaves out edges of other types, and `upsert` refuses them.
   */
  readonly edgeType?: NodeId;
}

/** The API of one view; generated code subclasses it and supplies the descriptor and the argument table. */
export class InstanceAPI<
  TRead extends Instance,
  TWrite,
  TProps extends PropertyMap,
  TArgs extends FilterArgs = FilterArgs,
> {
  readonly client: InstanceClient;
  readonly descriptor: ViewDescriptor<TRead, TWrite, TProps>;
  readonly argSpec: ArgSpec<TProps>;
  /** The one edge type this API reads (see {@link InstanceAPIOptions.edgeType}); `undefined`: every instance. */
  readonly edgeType: NodeId | undefined;
  readonly #typeFilter: Filter | undefined;

  constructor(
    client: InstanceClient,
    descriptor: ViewDescriptor<TRead, TWrite, TProps>,
    argSpec: ArgSpec<TProps> = {},
    options: InstanceAPIOptions = {},
  ) {
    if (!(client instanceof InstanceClient)) {
      throw new PygenValueError("InstanceAPI needs an InstanceClient");
    }
    this.client = client;
    this.descriptor = descriptor;
    this.argSpec = argSpec;
    if (options.edgeType === undefined) {
      this.edgeType = undefined;
    } else {
      if (descriptor.instanceType !== "edge") {
        throw new PygenValueError(
          `edgeType given for ${descriptor.name}, which is read as nodes; edgeType is for edge views`,
        );
      }
      this.edgeType = Object.freeze(
        toDirectRelation(options.edgeType, "InstanceAPI edgeType"),
      );
      this.#typeFilter = new Equals(["edge", "type"], { ...this.edgeType });
    }
  }

  /** Typed filter builders for this view's fields, for the `filter` argument. */
  get filters(): ViewFilters<TProps> {
    return this.descriptor.filters;
  }

  /** One instance by id (`undefined` if it does not exist or has no data in this view). */
  retrieve(
    id: string | NodeId,
    options?: RetrieveByIdOptions,
  ): Promise<TRead | undefined>;
  /** Instances by id, in the order asked for; ids that do not exist (in this view) are left out. */
  retrieve(
    ids: readonly (string | NodeId)[],
    options?: RetrieveByIdOptions,
  ): Promise<InstanceList<TRead>>;
  async retrieve(
    ids: string | NodeId | readonly (string | NodeId)[],
    options: RetrieveByIdOptions = {},
  ): Promise<TRead | undefined | InstanceList<TRead>> {
    const many = Array.isArray(ids);
    const mode = checkMode(options.retrieveConnections);
    // A repeated id is asked for and comes back once, where it was first given (as in Python).
    const resolved = [
      ...new Map(
        this.client.resolveIds(
          ids as readonly (string | NodeId)[],
          `${this.descriptor.name} retrieve`,
          {
            instanceType: this.descriptor.instanceType,
            ...(options.space !== undefined ? { space: options.space } : {}),
          },
        ).map((id) => [`${id.space}\u0000${id.externalId}`, id]),
      ).values(),
    ];
    let found: TRead[];
    if (resolved.length === 0) {
      found = [];
    } else if (mode === "skip") {
      const raws = await this.client.retrieve(resolved, {
        sources: [this.descriptor.view],
        ...(options.signal ? { signal: options.signal } : {}),
      });
      found = this.descriptor.parseList(
        raws.filter((raw) => this.#hasViewData(raw) && this.#hasEdgeType(raw)),
      );
    } else {
      found = [];
      for (const batch of chunk(resolved, INSTANCE_CHUNK_SIZE)) {
        const page = await queryWithConnections(
          this.client,
          this.descriptor,
          {
            filter: and(
              this.descriptor.hasData(),
              new InstanceReferences(batch),
            ),
            limit: batch.length,
          },
          mode,
          options.signal,
        );
        found.push(...page.items as TRead[]);
      }
      const order = new Map(
        resolved.map((
          id,
          index,
        ) => [`${id.space}\u0000${id.externalId}`, index]),
      );
      found.sort((a, b) =>
        (order.get(`${a.space}\u0000${a.externalId}`) ?? 0) -
        (order.get(`${b.space}\u0000${b.externalId}`) ?? 0)
      );
    }
    const list = InstanceList.fromItems(found);
    return many ? list : list[0];
  }

  /** Instances of this view matching the arguments. */
  async list(
    args: TArgs & ListOptions<SortableFieldOf<TProps>> = {} as TArgs,
  ): Promise<InstanceList<TRead>> {
    const limit = resolveLimit(args.limit, "list");
    const mode = checkMode(args.retrieveConnections);
    const out = new InstanceList<TRead>();
    if (limit === 0) return out;
    if (mode !== "skip") {
      for await (
        const page of this.#connectionPages(
          args,
          QUERY_LIMIT,
          limit,
          undefined,
          mode,
          args.signal,
        )
      ) {
        out.push(...page.items);
      }
      return out;
    }
    let cursor: string | undefined;
    const body = this.#listBody(args);
    do {
      const page = await this.#listPage(
        body,
        Math.min(MAX_PAGE_SIZE, limit - out.length),
        cursor,
        args.signal,
      );
      for (const raw of page.items) out.push(this.descriptor.parse(raw));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < limit);
    return out;
  }

  /**
   * Pages of instances (constant memory); every page carries the cursor to resume from. With
   * `retrieveConnections` each page comes with its connections (one `/query` per page).
   */
  async *iterate(
    args: TArgs & IterateOptions<SortableFieldOf<TProps>> = {} as TArgs,
  ): AsyncGenerator<Page<TRead>, void, undefined> {
    const chunkSize = checkChunkSize(args.chunkSize);
    let remaining = args.limit === undefined
      ? Infinity
      : resolveLimit(args.limit, "iterate");
    const mode = checkMode(args.retrieveConnections);
    let cursor = args.cursor ?? undefined;
    if (mode !== "skip") {
      yield* this.#connectionPages(
        args,
        chunkSize,
        remaining,
        cursor,
        mode,
        args.signal,
      );
      return;
    }
    const body = this.#listBody(args);
    let first = true;
    while (remaining > 0) {
      let page: { items: RawInstance[]; nextCursor: string | null };
      try {
        page = await this.#listPage(
          body,
          Math.min(chunkSize, remaining),
          cursor,
          args.signal,
        );
      } catch (error) {
        throw first && cursor ? this.#rejectedCursor(error, false) : error;
      }
      first = false;
      const items = this.descriptor.parseList(page.items);
      remaining -= items.length;
      const nextCursor = page.nextCursor ?? null;
      yield { items, nextCursor, cursor: cursor ?? null };
      if (nextCursor === null || items.length === 0) return;
      cursor = nextCursor;
    }
  }

  /**
   * Pages of roots with their connections, up to `limit` in all: one `queryWithConnections` per page (a root set
   * of `pageSize`), the root cursor carried between pages. `list` and `iterate` both page through here.
   */
  async *#connectionPages(
    args: TArgs & SortOptions<string>,
    pageSize: number,
    limit: number,
    cursor: string | undefined,
    mode: "identifier" | "full",
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Page<TRead>, void, undefined> {
    const filter = this.#filter(args, true) as Filter;
    const sort = this.#sort(args, true);
    let remaining = limit;
    let first = true;
    while (remaining > 0) {
      let page: { items: Instance[]; nextCursor: string | null };
      try {
        page = await queryWithConnections(
          this.client,
          this.descriptor,
          {
            filter,
            ...(sort ? { sort } : {}),
            limit: Math.min(pageSize, remaining),
            cursor,
          },
          mode,
          signal,
        );
      } catch (error) {
        throw first && cursor ? this.#rejectedCursor(error, true) : error;
      }
      first = false;
      const items = InstanceList.fromItems(page.items as TRead[]);
      remaining -= items.length;
      yield { items, nextCursor: page.nextCursor, cursor: cursor ?? null };
      if (page.nextCursor === null || items.length === 0) return;
      cursor = page.nextCursor;
    }
  }

  /** A 400 on resuming from a cursor: most likely the cursor came from the other kind of iterate. */
  #rejectedCursor(error: unknown, withConnections: boolean): unknown {
    if (!(error instanceof PygenAPIError) || error.status !== 400) return error;
    const kind = withConnections
      ? "with retrieveConnections (a /query cursor)"
      : "without connections (a list cursor)";
    const other = withConnections
      ? "without connections"
      : "with retrieveConnections";
    return new PygenValueError(
      `iterate on ${this.descriptor.name} could not resume from the cursor (${error.apiMessage}). This iterate is ` +
        `${kind}: a cursor from an iterate ${other} cannot resume it. Resume with the retrieveConnections, filters ` +
        "and sort of the iterate that gave the cursor.",
      { cause: error },
    );
  }

  /** Free-text search in this view's text fields, ordered by relevance unless sorted. */
  async search(
    query: string,
    args: TArgs & SearchOptions<TextFieldOf<TProps>, SortableFieldOf<TProps>> =
      {} as TArgs,
  ): Promise<InstanceList<TRead>> {
    if (typeof query !== "string") {
      throw new PygenValueError(
        `search: the query must be a string, got ${describeValue(query)}`,
      );
    }
    const limit = args.limit === null
      ? MAX_PAGE_SIZE
      : resolveLimit(args.limit, "search");
    if (limit > MAX_PAGE_SIZE) {
      throw new PygenValueError(
        `search returns at most ${MAX_PAGE_SIZE} results (it has no paging); got limit ${limit}. ` +
          "Use list or iterate with filters for more.",
      );
    }
    const filter = this.#filter(args, false);
    const properties = this.#propertyIds(args.properties, "search properties");
    const sort = this.#sort(args, false);
    if (limit === 0) return new InstanceList<TRead>();
    const response = await this.client.http.post<{ items: RawInstance[] }>(
      "/models/instances/search",
      {
        view: this.descriptor.reference,
        query,
        instanceType: this.descriptor.instanceType,
        ...(properties ? { properties } : {}),
        ...(filter ? { filter } : {}),
        ...(sort ? { sort } : {}),
        ...(args.operator ? { operator: args.operator } : {}),
        limit,
      },
      args.signal ? { signal: args.signal } : {},
    );
    return this.descriptor.parseList(response.items ?? []);
  }

  /** A metric over the matching instances, per group when `groupBy` is given. */
  aggregate(
    aggregation: Aggregation,
    args: TArgs & AggregateOptions<TextFieldOf<TProps>> & {
      property?: FieldOf<TProps>;
      groupBy: FieldOf<TProps> | readonly FieldOf<TProps>[];
      limit?: number;
    },
  ): Promise<AggregateGroup<FieldOf<TProps>>[]>;
  /** A metric over the matching instances: `count` (of instances, or of values of `property`), or
   * `avg`/`min`/`max`/`sum` of `property`. `null` when there is nothing to aggregate. */
  aggregate(
    aggregation: Aggregation,
    args?: TArgs & AggregateOptions<TextFieldOf<TProps>> & {
      property?: FieldOf<TProps>;
      groupBy?: undefined;
    },
  ): Promise<number | null>;
  /**
   * Several metrics per group in one request (at most 5), by name: each group's `aggregates` holds every metric's
   * value under its name, e.g. `aggregate({ total: "count", avgPrice: { avg: "price" } }, { groupBy: "status" })`.
   * `limit` is the most groups to return (default 1000).
   */
  aggregate<const TMetrics extends MetricsSpec<TProps>>(
    metrics: TMetrics,
    args: TArgs & AggregateOptions<TextFieldOf<TProps>> & {
      groupBy: FieldOf<TProps> | readonly FieldOf<TProps>[];
      limit?: number;
    },
  ): Promise<MetricsGroup<FieldOf<TProps>, MetricValues<TMetrics>>[]>;
  /**
   * Several metrics in one request (at most 5), by name: `"count"` or `{ count: true }` counts instances,
   * `{ count: field }` non-null values of a field, `{ avg | sum | min | max: numericField }` (`null` when there is
   * nothing to aggregate), `{ histogram: numericField, interval }` buckets. The values come back under the same
   * names: `const { total, avgPrice } = await api.aggregate({ total: "count", avgPrice: { avg: "price" } })`.
   */
  aggregate<const TMetrics extends MetricsSpec<TProps>>(
    metrics: TMetrics,
    args?: TArgs & AggregateOptions<TextFieldOf<TProps>> & {
      groupBy?: undefined;
    },
  ): Promise<MetricValues<TMetrics>>;
  async aggregate(
    aggregation: Aggregation | MetricsSpec<TProps>,
    args: TArgs & AggregateOptions<TextFieldOf<TProps>> & {
      property?: FieldOf<TProps>;
      groupBy?: FieldOf<TProps> | readonly FieldOf<TProps>[];
      limit?: number;
    } = {} as TArgs,
  ): Promise<
    | number
    | null
    | AggregateGroup<FieldOf<TProps>>[]
    | Record<string, unknown>
    | MetricsGroup<FieldOf<TProps>, Record<string, unknown>>[]
  > {
    if (typeof aggregation === "object" && aggregation !== null) {
      return await this.#aggregateMetrics(aggregation, args);
    }
    if (!["count", "avg", "min", "max", "sum"].includes(aggregation)) {
      throw new PygenValueError(
        `aggregate: unknown aggregation ${
          describeValue(aggregation)
        }; use count, avg, min, max or sum`,
      );
    }
    if (aggregation !== "count" && args.property === undefined) {
      throw new PygenValueError(
        `aggregate: ${aggregation} needs a \`property\``,
      );
    }
    const property = args.property === undefined
      ? undefined
      : this.descriptor.propertyId(args.property);
    const groupBy = this.#propertyIds(args.groupBy, "groupBy");
    const items = await this.#aggregate(
      [{ [aggregation]: property === undefined ? {} : { property } }],
      args,
      groupBy ? { groupBy, limit: args.limit ?? MAX_PAGE_SIZE } : {},
    );
    const valueOf = (item: RawAggregateItem | undefined): number | null => {
      const found = item?.aggregates?.[0];
      const value = found && "value" in found ? found.value : undefined;
      return typeof value === "number"
        ? value
        : aggregation === "count"
        ? 0
        : null;
    };
    if (!groupBy) return valueOf(items[0]);
    return items.map((item) => ({
      group: this.#groupFields(item),
      value: valueOf(item),
    } as AggregateGroup<FieldOf<TProps>>));
  }

  /** The several-metrics form of `aggregate`: every metric checked first, then one request. */
  async #aggregateMetrics(
    metrics: unknown,
    args: AggregateOptions<string> & {
      property?: string;
      groupBy?: string | readonly string[];
      limit?: number;
    },
  ): Promise<
    | Record<string, unknown>
    | MetricsGroup<FieldOf<TProps>, Record<string, unknown>>[]
  > {
    const resolved = resolveMetrics(this.descriptor, metrics);
    if (args.property !== undefined) {
      throw new PygenValueError(
        `aggregate on ${this.descriptor.name}: \`property\` belongs to the one-metric form; with named metrics ` +
          `give each metric its field, e.g. { avgPrice: { avg: "price" } }`,
      );
    }
    const groupBy = this.#propertyIds(args.groupBy, "groupBy");
    if (!groupBy && args.limit !== undefined) {
      throw new PygenValueError(
        `aggregate on ${this.descriptor.name}: limit is the most groups to return; it needs groupBy`,
      );
    }
    const limit = args.limit ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new PygenValueError(
        `aggregate on ${this.descriptor.name}: limit (the most groups) must be an integer from 1 to ` +
          `${MAX_PAGE_SIZE}, got ${describeValue(limit)}`,
      );
    }
    const items = await this.#aggregate(
      resolved.map((metric) => metric.request),
      args,
      groupBy ? { groupBy, limit } : {},
    );
    if (!groupBy) return metricValues(resolved, items[0]?.aggregates);
    return items.map((item) => ({
      group: this.#groupFields(item),
      aggregates: metricValues(resolved, item.aggregates),
    } as MetricsGroup<FieldOf<TProps>, Record<string, unknown>>));
  }

  /** A response group keyed by field names (property ids the view does not map stay as they are). */
  #groupFields(item: RawAggregateItem): Record<string, unknown> {
    const group: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(item.group ?? {})) {
      group[this.descriptor.fieldOf(id) ?? id] = value;
    }
    return group;
  }

  /** Counts of values of a numeric field in buckets of width `interval`. */
  async histogram(
    field: NumericFieldOf<TProps>,
    interval: number,
    args: TArgs & AggregateOptions<TextFieldOf<TProps>> = {} as TArgs,
  ): Promise<HistogramBucket[]> {
    if (
      typeof interval !== "number" || !(interval > 0) ||
      !Number.isFinite(interval)
    ) {
      throw new PygenValueError(
        `histogram: interval must be a positive number, got ${
          describeValue(interval)
        }`,
      );
    }
    const property = this.descriptor.propertyId(field);
    const items = await this.#aggregate(
      [{ histogram: { property, interval } }],
      args,
      {},
    );
    const found = items[0]?.aggregates?.[0];
    if (!found || !("buckets" in found)) return [];
    return found.buckets.map((bucket) => ({
      start: bucket.start,
      count: bucket.count,
    }));
  }

  /** Creates or updates items of this view (see {@link InstanceClient.upsert}); bad items reject, never throw. */
  async upsert(
    items: TWrite | readonly TWrite[],
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    const list = Array.isArray(items)
      ? items as readonly TWrite[]
      : [items as TWrite];
    if (this.edgeType) this.#checkEdgeTypes(list);
    return await this.client.upsert(
      list.map((item) => this.descriptor.write(item)),
      options,
    );
  }

  /**
   * Deletes instances of this view's kind (nodes or edges) by id (or the read or write objects themselves; without
   * a space they are in `space`, else the client's default); returns what CDF deleted.
   */
  async delete(
    ids: string | OptionalSpaceId | readonly (string | OptionalSpaceId)[],
    options: { space?: string; signal?: AbortSignal } = {},
  ): Promise<InstanceId[]> {
    const resolved = this.client.resolveIds(
      ids as readonly (string | OptionalSpaceId)[],
      `${this.descriptor.name} delete`,
      {
        instanceType: this.descriptor.instanceType,
        ...(options.space !== undefined ? { space: options.space } : {}),
      },
    );
    return await this.client.delete(
      resolved,
      options.signal ? { signal: options.signal } : {},
    );
  }

  #hasEdgeType(raw: RawInstance): boolean {
    const wanted = this.edgeType;
    if (wanted === undefined) return true;
    const type = raw.instanceType === "edge" ? raw.type : undefined;
    return type?.space === wanted.space &&
      type.externalId === wanted.externalId;
  }

  /** With an edge type, every edge written here must have it: edges of other types would not show up here. */
  #checkEdgeTypes(items: readonly TWrite[]): void {
    const wanted = this.edgeType as NodeId;
    items.forEach((item, index) => {
      const type = (item as { type?: unknown } | null)?.type;
      const id = type === undefined || type === null
        ? undefined
        : toDirectRelation(
          type,
          `${this.descriptor.name} upsert, item ${index}, type`,
        );
      if (id?.space !== wanted.space || id.externalId !== wanted.externalId) {
        throw new PygenValueError(
          `${this.descriptor.name} upsert, item ${index}: this API holds the edges of type ` +
            `${wanted.space}:${wanted.externalId}, got type ${
              describeValue(type)
            }`,
        );
      }
    });
  }

  #hasViewData(raw: RawInstance): boolean {
    const bySpace = raw.properties?.[this.descriptor.view.space];
    return bySpace !== undefined &&
      Object.hasOwn(bySpace, viewPropertyKey(this.descriptor.view));
  }

  #filter(args: object, restrictToView: boolean): Filter | undefined {
    const filters = argumentFilters(
      this.descriptor,
      this.argSpec,
      args as Readonly<Record<string, unknown>>,
    );
    if (this.#typeFilter) filters.unshift(this.#typeFilter);
    if (restrictToView) filters.unshift(this.descriptor.hasData());
    return filters.length ? and(...filters) : undefined;
  }

  #listBody(args: TArgs & SortOptions<string>): Record<string, unknown> {
    const filter = this.#filter(args, true);
    const sort = this.#sort(args, true);
    return {
      instanceType: this.descriptor.instanceType,
      sources: [{ source: this.descriptor.reference }],
      ...(filter ? { filter } : {}),
      ...(sort ? { sort } : {}),
    };
  }

  #listPage(
    body: Record<string, unknown>,
    limit: number,
    cursor: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ items: RawInstance[]; nextCursor: string | null }> {
    return listPage(this.client, body, limit, cursor, signal);
  }

  #sort(args: SortOptions<string>, withNulls: boolean): RawSort[] | undefined {
    if (args.sort) return [...args.sort];
    if (args.sortBy === undefined) return undefined;
    const fields = Array.isArray(args.sortBy)
      ? args.sortBy as readonly string[]
      : [args.sortBy as string];
    if (
      args.direction !== undefined && args.direction !== "ascending" &&
      args.direction !== "descending"
    ) {
      throw new PygenValueError(
        `sort direction must be "ascending" or "descending", got ${
          describeValue(args.direction)
        }`,
      );
    }
    return fields.map((field) => ({
      property: this.#sortProperty(field),
      direction: args.direction ?? "ascending",
      ...(withNulls && args.nullsFirst !== undefined
        ? { nullsFirst: args.nullsFirst }
        : {}),
    }));
  }

  #sortProperty(field: string): PropertyReference {
    if (Object.hasOwn(this.descriptor.properties, field)) {
      return this.descriptor.propertyRef(field as FieldOf<TProps>);
    }
    const edgeOnly = field === "startNode" || field === "endNode";
    if (
      METADATA_SORT_FIELDS.has(field) &&
      (!edgeOnly || this.descriptor.instanceType === "edge")
    ) {
      return [this.descriptor.instanceType, field];
    }
    throw new PygenValueError(
      `sortBy: view ${this.descriptor.name} has no field ${
        JSON.stringify(field)
      }`,
    );
  }

  #propertyIds(
    fields: string | readonly string[] | undefined,
    what: string,
  ): string[] | undefined {
    if (fields === undefined) return undefined;
    const list = Array.isArray(fields)
      ? fields as readonly string[]
      : [fields as string];
    if (list.length === 0) {
      throw new PygenValueError(`${what}: give at least one field`);
    }
    return list.map((field) =>
      this.descriptor.propertyId(field as FieldOf<TProps>)
    );
  }

  async #aggregate(
    aggregates: readonly Record<string, unknown>[],
    args: FilterArgs & {
      query?: string;
      searchProperties?: string | readonly string[];
      signal?: AbortSignal;
    },
    extra: Record<string, unknown>,
  ): Promise<RawAggregateItem[]> {
    const filter = this.#filter(args, false);
    const properties = this.#propertyIds(
      args.searchProperties,
      "searchProperties",
    );
    const response = await this.client.http.post<{ items: RawAggregateItem[] }>(
      "/models/instances/aggregate",
      {
        view: this.descriptor.reference,
        instanceType: this.descriptor.instanceType,
        aggregates,
        ...(args.query !== undefined ? { query: args.query } : {}),
        ...(properties ? { properties } : {}),
        ...(filter ? { filter } : {}),
        ...extra,
      },
      args.signal ? { signal: args.signal } : {},
    );
    return response.items ?? [];
  }
}

function checkMode(mode: RetrieveConnections | undefined): RetrieveConnections {
  if (mode === undefined) return "skip";
  if (mode !== "skip" && mode !== "identifier" && mode !== "full") {
    throw new PygenValueError(
      `retrieveConnections must be "skip", "identifier" or "full", got ${
        describeValue(mode)
      }`,
    );
  }
  return mode;
}

/** One page of `/models/instances/list` (`body` without limit and cursor). */
export function listPage(
  client: InstanceClient,
  body: Record<string, unknown>,
  limit: number,
  cursor: string | undefined,
  signal: AbortSignal | undefined,
): Promise<{ items: RawInstance[]; nextCursor: string | null }> {
  return client.http.post<
    { items: RawInstance[]; nextCursor?: string | null }
  >(
    "/models/instances/list",
    { ...body, limit, ...(cursor ? { cursor } : {}) },
    signal ? { signal } : {},
  ).then((page) => ({
    items: page.items ?? [],
    nextCursor: page.nextCursor ?? null,
  }));
}

/** The page size of `iterate`: default {@link MAX_PAGE_SIZE}, else an integer from 1 to 1000. */
export function checkChunkSize(chunkSize: number | undefined): number {
  const size = chunkSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PygenValueError(
      `iterate: chunkSize must be an integer from 1 to 1000, got ${
        describeValue(size)
      }`,
    );
  }
  return size;
}

/** `limit` as a number: default {@link DEFAULT_LIMIT}, `null` or `Infinity` for all. */
export function resolveLimit(
  limit: number | null | undefined,
  operation: string,
): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (limit === null || limit === Infinity) return Infinity;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new PygenValueError(
      `${operation}: limit must be an integer >= 0, null or Infinity, got ${
        describeValue(limit)
      }`,
    );
  }
  return limit;
}
