/**
 * How a view's connections are described to the runtime, mirroring the Python runtime's markers:
 *
 * - direct relations are properties (`type: "direct"`); the view of their targets, if known, is given in the
 *   view definition's `relations`;
 * - {@link EdgeConnection}: edges of one type from (`outwards`) or to (`inwards`) the node, optionally with
 *   properties from an edge view, ending at nodes of a target view;
 * - {@link ReverseRelation}: nodes of another view whose direct relation points at this node (as ids only when that
 *   view is not in the SDK).
 *
 * View references are thunks (`() => PRODUCT_VIEW`) so generated data-class files can refer to each other.
 *
 * @module
 */

import type { EdgeInstance, EdgeWrite } from "./instances.ts";
import type { NodeId, ViewId } from "./ids.ts";
import { sha256Hex } from "./sha256.ts";
import type { AnyViewDescriptor, ViewWrite } from "./view.ts";

/** Edges of `edgeType` from or to this node. */
export interface EdgeConnection {
  readonly kind: "edge";
  /** The type of the edges. */
  readonly edgeType: NodeId;
  /** `"outwards"` (default): this node is the start node; `"inwards"`: the end node. */
  readonly direction?: "outwards" | "inwards";
  /** The view of the nodes at the other end, when known. */
  readonly target?: () => AnyViewDescriptor;
  /** The edge view holding the edges' properties, if the edges have any. */
  readonly edgeView?: () => AnyViewDescriptor;
  /** A multi-edge connection (default true): the field holds a list. */
  readonly list?: boolean;
}

/** Nodes of `source` whose direct relation `through.property` (of `through.view`) points at this node. */
export interface ReverseRelation {
  readonly kind: "reverse";
  /**
   * The view of the nodes that hold the relation. Left out when that view is not in the SDK: the nodes are then
   * read as ids only (also with `retrieveConnections: "full"`).
   */
  readonly source?: () => AnyViewDescriptor;
  /**
   * The direct-relation property that points here. `list`: whether it is a list of direct relations, which DMS
   * cannot traverse inwards (the runtime filters on it with `containsAny` instead); when not given, it is read from
   * the source view's spec of that property (and is false without a source view).
   */
  readonly through: {
    readonly view: ViewId;
    readonly property: string;
    readonly list?: boolean;
  };
  /** A multi reverse relation (default true): the field holds a list. */
  readonly list?: boolean;
}

/** An edge connection or a reverse relation. */
export type ConnectionSpec = EdgeConnection | ReverseRelation;

/** Field name → connection, for one view. */
export type ConnectionMap = { readonly [field: string]: ConnectionSpec };

/** Field name → the view of a direct relation's targets. */
export type RelationMap = { readonly [field: string]: () => AnyViewDescriptor };

/**
 * What `retrieve` and `list` fetch besides the instances themselves:
 * - `"skip"` (default): nothing; connection fields stay unset, direct relations are ids;
 * - `"identifier"`: edge connections get their edges (or the far node ids when the edges have no properties),
 *   reverse relations get node ids;
 * - `"full"`: direct relations, edge ends and reverse relations become typed objects of their views.
 */
export type RetrieveConnections = "skip" | "identifier" | "full";

/**
 * An edge of a connection as read: with `retrieveConnections: "full"` its far end is an object of the target view.
 */
export type ConnectionEdge<
  TEdge extends EdgeInstance,
  TTarget,
  TDirection extends "outwards" | "inwards" = "outwards",
> = TDirection extends "outwards"
  ? Omit<TEdge, "endNode"> & { endNode: NodeId | TTarget }
  : Omit<TEdge, "startNode"> & { startNode: NodeId | TTarget };

/**
 * An edge written inside a node's edge-connection field: type, the near end, the space and the external id are
 * filled in from the connection and the node; the far end may be an id or a nested node write.
 */
export type NestedEdgeWrite<TEdgeWrite extends EdgeWrite> =
  & Omit<TEdgeWrite, "space" | "externalId" | "type" | "startNode" | "endNode">
  & {
    space?: string;
    externalId?: string;
    type?: NodeId;
    startNode?: NodeId | ViewWrite;
    endNode?: NodeId | ViewWrite;
  };

/**
 * The external id of an edge created from a connection, the same as the Python runtime's: `{type}:{start}:{end}`
 * (external ids), or, beyond 255 characters, its first 190 characters, `:` and a SHA-256 of all six id parts. So
 * writing the same connection again updates the edge instead of adding a second one.
 */
export function edgeExternalId(
  edgeType: NodeId,
  start: NodeId,
  end: NodeId,
): string {
  const candidate =
    `${edgeType.externalId}:${start.externalId}:${end.externalId}`;
  const characters = Array.from(candidate); // code points, like Python's len() and slicing
  if (characters.length <= 255) return candidate;
  const digest = sha256Hex(
    [
      edgeType.space,
      edgeType.externalId,
      start.space,
      start.externalId,
      end.space,
      end.externalId,
    ].join("\u0000"),
  );
  return `${characters.slice(0, 190).join("")}:${digest}`;
}
