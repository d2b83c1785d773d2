/**
 * The DMS wire format (JSON as sent to and received from `/models/instances/*`), typed loosely where the API
 * may grow: responses are read leniently, so unknown keys never break a client.
 *
 * @module
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | {
  [key: string]: JsonValue;
};
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

export interface ViewReference {
  type: "view";
  space: string;
  externalId: string;
  version: string;
}

export interface ContainerReference {
  type: "container";
  space: string;
  externalId: string;
}

export type SourceReference = ViewReference | ContainerReference;

/** `{space, externalId}`: the value of a direct relation, a node type, or an edge's start or end node. */
export interface DirectRelationReference {
  space: string;
  externalId: string;
}

/** Properties of one instance, keyed by space, then `"<view>/<version>"` (or container id), then property id. */
export type PropertiesBySource = Record<
  string,
  Record<string, Record<string, JsonValue>>
>;

interface RawInstanceBase {
  space: string;
  externalId: string;
  version: number;
  createdTime: number;
  lastUpdatedTime: number;
  deletedTime?: number | null;
  properties?: PropertiesBySource;
}

export interface RawNode extends RawInstanceBase {
  instanceType: "node";
  type?: DirectRelationReference | null;
}

export interface RawEdge extends RawInstanceBase {
  instanceType: "edge";
  type: DirectRelationReference;
  startNode: DirectRelationReference;
  endNode: DirectRelationReference;
}

/** A node or an edge as DMS returns it. */
export type RawInstance = RawNode | RawEdge;

/** One source of a write: the view (or container) and the property values to write through it. */
export interface SourceData {
  source: SourceReference;
  properties: Record<string, unknown>;
}

export interface RawNodeWrite {
  instanceType: "node";
  space: string;
  externalId: string;
  existingVersion?: number;
  type?: DirectRelationReference | null;
  sources?: SourceData[];
}

export interface RawEdgeWrite {
  instanceType: "edge";
  space: string;
  externalId: string;
  existingVersion?: number;
  type: DirectRelationReference;
  startNode: DirectRelationReference;
  endNode: DirectRelationReference;
  sources?: SourceData[];
}

/** A node or an edge in the write format of `POST /models/instances`. */
export type RawInstanceWrite = RawNodeWrite | RawEdgeWrite;

/** One item of the `POST /models/instances` response. */
export interface RawUpsertItem {
  instanceType: "node" | "edge";
  space: string;
  externalId: string;
  version: number;
  wasModified: boolean;
  createdTime: number;
  lastUpdatedTime: number;
}

/** Sort of `/models/instances/list`. */
export interface RawSort {
  property: readonly string[];
  direction?: "ascending" | "descending";
  nullsFirst?: boolean;
}

/** One aggregate result value. */
export type RawAggregatedValue =
  | {
    aggregate: "avg" | "min" | "max" | "count" | "sum";
    property?: string;
    value?: number | null;
  }
  | {
    aggregate: "histogram";
    property: string;
    interval: number;
    buckets: { start: number; count: number }[];
  };

/** One group of the `/models/instances/aggregate` response. */
export interface RawAggregateItem {
  instanceType: "node" | "edge";
  group?: Record<string, string | number | boolean | DirectRelationReference>;
  aggregates: RawAggregatedValue[];
}
