/**
 * Instance models: what generated data classes extend, and the result types of instance operations.
 *
 * Generated read types extend {@link NodeInstance} or {@link EdgeInstance} with one field per view property;
 * generated write types extend {@link NodeWrite} or {@link EdgeWrite}. Writes send exactly what is set: a field
 * left out (or `undefined`) is not sent, so the stored value stays; `null` clears it.
 *
 * @module
 */

import type { InstanceId, NodeId } from "./ids.ts";
import { formatTimestamp } from "./values.ts";

/** Bookkeeping DMS keeps per instance. */
export interface DataRecord {
  /** Starts at 1 and grows with every change. */
  readonly version: number;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
  /** Set on soft-deleted instances (seen through `sync`). */
  readonly deletedTime: Date | null;
}

/** Fields every read node has. */
export interface NodeInstance {
  readonly instanceType: "node";
  space: string;
  externalId: string;
  /** The node type, if one was set. */
  type: NodeId | null;
  dataRecord: DataRecord;
}

/** Fields every read edge has. */
export interface EdgeInstance {
  readonly instanceType: "edge";
  space: string;
  externalId: string;
  /** The edge type. */
  type: NodeId;
  startNode: NodeId;
  endNode: NodeId;
  dataRecord: DataRecord;
}

/** A read node or edge. */
export type Instance = NodeInstance | EdgeInstance;

/** Fields every node write has. */
export interface NodeWrite {
  /** Left out: the client's `defaultInstanceSpace` when the node is written (an error when it has none). */
  space?: string;
  externalId: string;
  /** The node type; `null` clears it. */
  type?: NodeId | null;
  /** Fail (or skip, with `skipOnVersionConflict`) if the stored version is newer; `0` means create only. */
  existingVersion?: number;
}

/** Fields every edge write has. */
export interface EdgeWrite {
  /** Left out: the space of the node it is nested in, else the client's `defaultInstanceSpace`. */
  space?: string;
  externalId: string;
  type: NodeId;
  startNode: NodeId;
  endNode: NodeId;
  existingVersion?: number;
}

/** A node or edge write. */
export type InstanceWrite = NodeWrite | EdgeWrite;

/** What `upsert` reports per item. */
export interface InstanceResult extends InstanceId {
  readonly version: number;
  readonly wasModified: boolean;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
}

/** The outcome of an upsert, every list in request order. */
export interface UpsertResult {
  /** Every item CDF acknowledged (skipped version conflicts are absent). */
  readonly items: readonly InstanceResult[];
  /** Items that did not exist before. */
  readonly created: readonly InstanceResult[];
  /** Items that existed and changed. */
  readonly updated: readonly InstanceResult[];
  /** Items that existed and were already as written (their version did not move). */
  readonly unchanged: readonly InstanceResult[];
  /** Instances deleted in the same call. */
  readonly deleted: readonly InstanceId[];
}

/**
 * The node objects a connection field of a read type holds once `retrieveConnections: "full"` filled it: a direct
 * relation's target (`NodeId | Category | null` gives `Category`), the far end of an edge (`ConnectionEdge<RelatesTo,
 * Product>[]` gives `Product`) or a reverse relation's source. Ids, and fields that are no connection, give `never`.
 */
export type ConnectedNode<V> = Extract<
  FarEnd<V extends readonly (infer E)[] ? E : V>,
  NodeInstance
>;

type FarEnd<E> = E extends { readonly instanceType: "edge" }
  ? E extends { startNode: infer S; endNode: infer N } ? S | N : never
  : E;

/** A list of read instances with helpers. It is a real `Array`, so every array method works. */
export class InstanceList<T extends { space: string; externalId: string }>
  extends Array<T> {
  /** `map`, `filter` and friends return plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Builds a list from any iterable (the constructor is `Array`'s, so use this instead). */
  static fromItems<T extends { space: string; externalId: string }>(
    items: Iterable<T>,
  ): InstanceList<T> {
    const list = new InstanceList<T>();
    for (const item of items) list.push(item);
    return list;
  }

  /** `{space, externalId}` of every item. */
  asIds(): NodeId[] {
    return this.map((item) => ({
      space: item.space,
      externalId: item.externalId,
    }));
  }

  /** The external ids of every item. */
  asExternalIds(): string[] {
    return this.map((item) => item.externalId);
  }

  /** The `dataRecord` (version, created/last-updated/deleted time) of every item. */
  get dataRecords(): DataRecord[] {
    return this.map((item) => (item as { dataRecord?: DataRecord }).dataRecord)
      .filter((record): record is DataRecord => record !== undefined);
  }

  /**
   * The connected objects of all items in the connection `field` (v1's `products.category`), as one list: direct
   * relations, the far end of edges (the end node; the start node for inwards edges) and reverse relations that
   * `retrieveConnections: "full"` filled. Ids are skipped (so without `"full"` it is empty); each object is kept
   * once (by space and external id), in the order first seen. Typed by the field: `products.connected("category")`
   * is an `InstanceList<Category>`.
   */
  connected<K extends keyof T>(field: K): InstanceList<ConnectedNode<T[K]>> {
    const found = new InstanceList<ConnectedNode<T[K]>>();
    const seen = new Set<string>();
    const add = (value: unknown) => {
      if (!isNodeObject(value)) return;
      const key = `${value.space}\u0001${value.externalId}`;
      if (seen.has(key)) return;
      seen.add(key);
      found.push(value as ConnectedNode<T[K]>);
    };
    for (const item of this) {
      const value: unknown = item[field];
      for (const entry of Array.isArray(value) ? value : [value]) {
        if (isEdgeObject(entry)) {
          // The far end is the filled one (the near end stays an id); a self-loop has the item at both ends.
          const ends = [entry.startNode, entry.endNode].filter(isNodeObject);
          add(ends.find((end) => !sameId(end, item)) ?? ends[0]);
        } else {
          add(entry);
        }
      }
    }
    return found;
  }

  /** JSON-ready objects: `Date`s as ISO strings, everything else as is. */
  dump(): Record<string, unknown>[] {
    return this.map((item) => dumpValue(item) as Record<string, unknown>);
  }
}

/** One page of results. Pass `nextCursor` to `iterate({cursor})` to continue, even in another process. */
export interface Page<T extends { space: string; externalId: string }> {
  readonly items: InstanceList<T>;
  /** The cursor of the next page; `null` when this was the last. */
  readonly nextCursor: string | null;
  /** The cursor this page was fetched with (`null` for the first page). */
  readonly cursor: string | null;
}

/** Converts a value to plain JSON: `Date` → ISO text, `bigint` kept, nested objects and arrays walked. */
export function dumpValue(value: unknown): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const year = value.getUTCFullYear();
    return year >= 1 && year <= 9999
      ? formatTimestamp(value)
      : value.toISOString();
  }
  if (Array.isArray(value)) return value.map(dumpValue);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) out[key] = dumpValue(inner);
    }
    return out;
  }
  return value;
}

function isNodeObject(value: unknown): value is NodeInstance {
  return typeof value === "object" && value !== null &&
    (value as { instanceType?: unknown }).instanceType === "node";
}

function isEdgeObject(
  value: unknown,
): value is { startNode: unknown; endNode: unknown } {
  return typeof value === "object" && value !== null &&
    (value as { instanceType?: unknown }).instanceType === "edge";
}

function sameId(
  a: { space: string; externalId: string },
  b: { space: string; externalId: string },
): boolean {
  return a.space === b.space && a.externalId === b.externalId;
}
