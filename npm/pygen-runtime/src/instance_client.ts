/**
 * {@link InstanceClient}: the base class of every generated client. It owns the HTTP client and does the
 * instance operations that span views: upsert (chunked, in parallel, results in request order), delete,
 * retrieve by id, and the `/query` and `/sync` endpoints.
 *
 * @module
 */

import { chunk, settleInOrder } from "./concurrency.ts";
import type { ClientConfigOptions } from "./config.ts";
import { ClientConfig } from "./config.ts";
import type { FailedRequest } from "./errors.ts";
import { MultiRequestError, PygenValueError } from "./errors.ts";
import { HTTPClient } from "./http.ts";
import type { InstanceId, NodeId, OptionalSpaceId, ViewId } from "./ids.ts";
import { describeValue, resolveInstanceId, viewReference } from "./ids.ts";
import type { InstanceResult, UpsertResult } from "./instances.ts";
import { parseTimestamp } from "./values.ts";
import type { ViewWrite } from "./view.ts";
import { WriteCollector } from "./write_collector.ts";
import type { RawInstance, RawInstanceWrite, RawUpsertItem } from "./wire.ts";

/** Items per `POST /models/instances`, `/delete` and `/byids` request (the API's limit). */
export const INSTANCE_CHUNK_SIZE = 1000;

/** Something to upsert: an item tagged with its view (`View.write(item)`), or a raw DMS write object. */
export type UpsertItem = ViewWrite<unknown> | RawInstanceWrite;

/** An instance to delete or retrieve: `{instanceType, space, externalId}`, `{space, externalId}` (a node), or a
 * bare external id in the default instance space. */
export type InstanceIdLike =
  | InstanceId
  | NodeId
  | string
  | (OptionalSpaceId & { readonly instanceType?: "node" | "edge" | undefined });

/** Options of {@link InstanceClient.upsert}. */
export interface UpsertOptions {
  /** `"patch"` (default) writes only the given properties; `"replace"` resets the others to default/null. */
  mode?: "patch" | "replace";
  /** Skip items whose `existingVersion` is older than the stored one instead of failing the request. */
  skipOnVersionConflict?: boolean;
  /** Create missing direct-relation targets as empty nodes. Default true (the API's default). */
  autoCreateDirectRelations?: boolean;
  /** Create missing edge start nodes. Default false. */
  autoCreateStartNodes?: boolean;
  /** Create missing edge end nodes. Default false. */
  autoCreateEndNodes?: boolean;
  /** Instances to delete in the same call (after the writes). */
  delete?: InstanceIdLike | readonly InstanceIdLike[];
  signal?: AbortSignal;
}

/** A `/query` request; filters may be {@link Filter} objects. */
export interface QueryRequest {
  with: Record<string, unknown>;
  select: Record<string, unknown>;
  cursors?: Record<string, string | null | undefined>;
  parameters?: Record<string, unknown>;
  includeTyping?: boolean;
}

/** A `/query` response. */
export interface QueryResponse {
  items: Record<string, RawInstance[]>;
  nextCursor: Record<string, string | null | undefined>;
  typing?: Record<string, unknown>;
}

/** A `/sync` request. */
export interface SyncRequest extends QueryRequest {
  mode?: "onePhase" | "twoPhase" | "noBackfill";
  skipAlreadyDeleted?: boolean;
  allowExpiredCursorsAndAcceptMissedDeletes?: boolean;
  backfillSort?: unknown[];
}

/** A `/sync` response: `nextCursor` is always there. */
export type SyncResponse = QueryResponse;

/** Options of {@link InstanceClient.retrieve}. */
export interface RetrieveOptions {
  /** Views whose properties to return. */
  sources?: readonly ViewId[];
  includeTyping?: boolean;
  signal?: AbortSignal;
}

/** Client-level options. */
export interface InstanceClientOptions {
  /** The space of ids given as bare external id strings. */
  defaultInstanceSpace?: string;
}

type Keyed = { instanceType: string; space: string; externalId: string };

const keyOf = (item: Keyed): string =>
  `${item.instanceType}\u0000${item.space}\u0000${item.externalId}`;

/** Base class of generated clients; usable on its own with raw DMS objects. */
export class InstanceClient {
  readonly config: ClientConfig;
  readonly http: HTTPClient;
  readonly defaultInstanceSpace: string | undefined;

  constructor(
    config: ClientConfig | ClientConfigOptions | HTTPClient,
    options: InstanceClientOptions = {},
  ) {
    if (config instanceof HTTPClient) {
      this.http = config;
    } else {
      this.http = new HTTPClient(
        config instanceof ClientConfig ? config : new ClientConfig(config),
      );
    }
    this.config = this.http.config;
    this.defaultInstanceSpace = options.defaultInstanceSpace;
  }

  /**
   * Creates or updates instances (and the items nested in them). Up to 1000 instances (plus `delete` ids) go in
   * one request, which DMS applies as one transaction; larger batches go 1000 per request with up to
   * `maxWorkers` in parallel, all nodes before any edge. Everything is checked before anything is sent.
   * If some requests fail, a {@link MultiRequestError} carries the results that succeeded and the items
   * that did not.
   */
  async upsert(
    items: UpsertItem | readonly UpsertItem[],
    options: UpsertOptions = {},
  ): Promise<UpsertResult> {
    if (
      options.mode !== undefined && options.mode !== "patch" &&
      options.mode !== "replace"
    ) {
      throw new PygenValueError(
        `upsert: mode must be "patch" or "replace", got ${
          describeValue(options.mode)
        }`,
      );
    }
    const list = Array.isArray(items)
      ? items as readonly UpsertItem[]
      : [items as UpsertItem];
    const writes = this.#collect(list).map((raw, index) => ({ raw, index }));
    const deletes = options.delete === undefined
      ? []
      : this.resolveIds(options.delete, "upsert delete");
    const flags = {
      replace: options.mode === "replace",
      skipOnVersionConflict: options.skipOnVersionConflict ?? false,
      autoCreateDirectRelations: options.autoCreateDirectRelations ?? true,
      autoCreateStartNodes: options.autoCreateStartNodes ?? false,
      autoCreateEndNodes: options.autoCreateEndNodes ?? false,
    };
    type Write = (typeof writes)[number];
    type Request = { writes: Write[]; deletes: InstanceId[] };
    // Up to 1000 instances (and delete ids) go in one request, which DMS applies as one transaction. Larger
    // batches run in phases, each phase in parallel: nodes, then edges (which may point at those nodes), then
    // deletes.
    const total = writes.length + deletes.length;
    const phases: Request[][] = total === 0
      ? []
      : total <= INSTANCE_CHUNK_SIZE
      ? [[{ writes, deletes }]]
      : [
        chunk(
          writes.filter((w) => w.raw.instanceType === "node"),
          INSTANCE_CHUNK_SIZE,
        )
          .map((batch) => ({ writes: batch, deletes: [] })),
        chunk(
          writes.filter((w) => w.raw.instanceType === "edge"),
          INSTANCE_CHUNK_SIZE,
        )
          .map((batch) => ({ writes: batch, deletes: [] })),
        chunk(deletes, INSTANCE_CHUNK_SIZE).map((batch) => ({
          writes: [],
          deletes: batch,
        })),
      ].filter((phase) => phase.length);
    const send = (request: Request) =>
      this.http.post<{ items?: RawUpsertItem[]; deleted?: InstanceId[] }>(
        "/models/instances",
        {
          items: request.writes.map((w) => w.raw),
          ...(request.deletes.length ? { delete: request.deletes } : {}),
          ...flags,
        },
        options.signal ? { signal: options.signal } : {},
      );
    const requests: Request[] = [];
    const settled = [];
    for (const phase of phases) {
      requests.push(...phase);
      settled.push(...await settleInOrder(phase, this.config.maxWorkers, send));
    }

    const byIndex = new Map<number, InstanceResult>();
    const deleted: InstanceId[] = [];
    const failures: FailedRequest<RawInstanceWrite | InstanceId>[] = [];
    settled.forEach((outcome, requestIndex) => {
      const request = requests[requestIndex] as Request;
      if (!outcome.ok) {
        failures.push({
          error: outcome.error,
          items: [...request.writes.map((w) => w.raw), ...request.deletes],
        });
        return;
      }
      const sent = new Map(request.writes.map((w) => [keyOf(w.raw), w.index]));
      for (const item of outcome.value?.items ?? []) {
        const index = sent.get(keyOf(item));
        if (index !== undefined) byIndex.set(index, toInstanceResult(item));
      }
      for (const id of outcome.value?.deleted ?? []) {
        deleted.push({
          instanceType: id.instanceType,
          space: id.space,
          externalId: id.externalId,
        });
      }
    });
    const results = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((
      [, result],
    ) => result);
    const summary = summarise(results, deleted);
    if (failures.length) {
      if (requests.length === 1) throw failures[0]?.error;
      throw new MultiRequestError(
        "upsert",
        summary,
        results.length + deleted.length,
        failures,
        requests.length,
      );
    }
    return summary;
  }

  /** Deletes instances (nodes by default; edges need `instanceType: "edge"`), 1000 per request. Returns the
   * ids CDF deleted; ids that did not exist are not in the result. */
  async delete(
    ids: InstanceIdLike | readonly InstanceIdLike[],
    options: { signal?: AbortSignal } = {},
  ): Promise<InstanceId[]> {
    const resolved = this.resolveIds(ids, "delete");
    const requests = chunk(resolved, INSTANCE_CHUNK_SIZE);
    const settled = await settleInOrder(
      requests,
      this.config.maxWorkers,
      (batch) =>
        this.http.post<{ items: InstanceId[] }>(
          "/models/instances/delete",
          { items: batch },
          options.signal ? { signal: options.signal } : {},
        ),
    );
    const deleted: InstanceId[] = [];
    const failures: FailedRequest<InstanceId>[] = [];
    settled.forEach((outcome, i) => {
      if (outcome.ok) {
        for (const item of outcome.value?.items ?? []) {
          deleted.push({
            instanceType: item.instanceType,
            space: item.space,
            externalId: item.externalId,
          });
        }
      } else {
        failures.push({
          error: outcome.error,
          items: requests[i] as InstanceId[],
        });
      }
    });
    if (failures.length) {
      if (requests.length === 1) throw failures[0]?.error;
      throw new MultiRequestError(
        "delete",
        deleted,
        deleted.length,
        failures,
        requests.length,
      );
    }
    return deleted;
  }

  /** Instances by id in the raw DMS read format, in the order asked for; ids that do not exist are left out. */
  async retrieve(
    ids: InstanceIdLike | readonly InstanceIdLike[],
    options: RetrieveOptions = {},
  ): Promise<RawInstance[]> {
    const resolved = this.resolveIds(ids, "retrieve");
    const requests = chunk(resolved, INSTANCE_CHUNK_SIZE);
    const sources = options.sources?.map((view) => ({
      source: viewReference(view),
    }));
    const settled = await settleInOrder(
      requests,
      this.config.maxWorkers,
      (batch) =>
        this.http.post<{ items: RawInstance[] }>(
          "/models/instances/byids",
          {
            items: batch,
            ...(sources ? { sources } : {}),
            ...(options.includeTyping ? { includeTyping: true } : {}),
          },
          options.signal ? { signal: options.signal } : {},
        ),
    );
    const found = new Map<string, RawInstance>();
    const failures: FailedRequest<InstanceId>[] = [];
    settled.forEach((outcome, i) => {
      if (!outcome.ok) {
        failures.push({
          error: outcome.error,
          items: requests[i] as InstanceId[],
        });
        return;
      }
      for (const item of outcome.value?.items ?? []) {
        found.set(keyOf(item), item);
      }
    });
    const ordered = resolved.flatMap((id) => {
      const item = found.get(keyOf(id));
      return item ? [item] : [];
    });
    if (failures.length) {
      if (requests.length === 1) throw failures[0]?.error;
      throw new MultiRequestError(
        "retrieve",
        ordered,
        ordered.length,
        failures,
        requests.length,
      );
    }
    return ordered;
  }

  /** `POST /models/instances/query`. */
  query(
    request: QueryRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<QueryResponse> {
    return this.http.post<QueryResponse>(
      "/models/instances/query",
      request,
      options,
    );
  }

  /** `POST /models/instances/sync`. */
  sync(
    request: SyncRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<SyncResponse> {
    return this.http.post<SyncResponse>(
      "/models/instances/sync",
      request,
      options,
    );
  }

  /** Normalises ids (bare strings use the default instance space; `{space, externalId}` is a node). */
  resolveIds(
    ids: InstanceIdLike | readonly InstanceIdLike[],
    operation: string,
    defaults: { space?: string; instanceType?: "node" | "edge" } = {},
  ): InstanceId[] {
    const list = Array.isArray(ids)
      ? ids as readonly InstanceIdLike[]
      : [ids as InstanceIdLike];
    return list.map((id, index) => {
      const where = `${operation}: id ${index}`;
      const { space, externalId } = resolveInstanceId(
        id,
        defaults.space ?? this.defaultInstanceSpace,
        where,
      );
      const given = typeof id === "object" && id !== null
        ? (id as { instanceType?: unknown }).instanceType
        : undefined;
      if (given !== undefined && given !== "node" && given !== "edge") {
        throw new PygenValueError(
          `${where}: instanceType must be "node" or "edge", got ${
            describeValue(given)
          }`,
        );
      }
      return {
        instanceType: (given as "node" | "edge" | undefined) ??
          defaults.instanceType ?? "node",
        space,
        externalId,
      };
    });
  }

  #collect(items: readonly UpsertItem[]): RawInstanceWrite[] {
    const collector = new WriteCollector({
      defaultSpace: this.defaultInstanceSpace,
    });
    const problems: string[] = [];
    items.forEach((item, index) => {
      try {
        collector.add(item, `item ${index}`);
      } catch (error) {
        problems.push(
          `item ${index}: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
    });
    problems.push(...collector.conflicts());
    if (problems.length) {
      const shown = problems.slice(0, 10).join("\n  ");
      const more = problems.length > 10
        ? `\n  ... and ${problems.length - 10} more`
        : "";
      throw new PygenValueError(
        `upsert: ${problems.length} problem(s) in ${items.length} item(s); nothing was sent:\n  ${shown}${more}`,
      );
    }
    return collector.all();
  }
}

function toInstanceResult(item: RawUpsertItem): InstanceResult {
  return {
    instanceType: item.instanceType,
    space: item.space,
    externalId: item.externalId,
    version: item.version,
    wasModified: item.wasModified,
    createdTime: parseTimestamp(item.createdTime),
    lastUpdatedTime: parseTimestamp(item.lastUpdatedTime),
  };
}

function summarise(
  items: InstanceResult[],
  deleted: InstanceId[],
): UpsertResult {
  const created: InstanceResult[] = [];
  const updated: InstanceResult[] = [];
  const unchanged: InstanceResult[] = [];
  for (const item of items) {
    if (!item.wasModified) unchanged.push(item);
    else if (item.createdTime.getTime() === item.lastUpdatedTime.getTime()) {
      created.push(item);
    } else updated.push(item);
  }
  return { items, created, updated, unchanged, deleted };
}
