/**
 * Identifiers of views, containers and instances, and the conversions between them and their wire form.
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import type {
  ContainerReference,
  DirectRelationReference,
  ViewReference,
} from "./wire.ts";

/** A view: `space:externalId/version`. */
export interface ViewId {
  readonly space: string;
  readonly externalId: string;
  readonly version: string;
}

/** A container: `space:externalId`. */
export interface ContainerId {
  readonly space: string;
  readonly externalId: string;
}

/** A node. Any object with `space` and `externalId` (a read instance, for example) can stand in for one. */
export interface NodeId {
  readonly space: string;
  readonly externalId: string;
}

/** An edge. */
export interface EdgeId {
  readonly space: string;
  readonly externalId: string;
}

/** `"node"` or `"edge"`. */
export type InstanceType = "node" | "edge";

/** A node or an edge, saying which. */
export interface InstanceId {
  readonly instanceType: InstanceType;
  readonly space: string;
  readonly externalId: string;
}

/** `{instanceType: "node", space, externalId}`. */
export function nodeId(space: string, externalId: string): InstanceId & NodeId {
  return { instanceType: "node", space, externalId };
}

/** `{instanceType: "edge", space, externalId}`. */
export function edgeId(space: string, externalId: string): InstanceId & EdgeId {
  return { instanceType: "edge", space, externalId };
}

/** The wire reference `{type: "view", space, externalId, version}`. */
export function viewReference(view: ViewId): ViewReference {
  return {
    type: "view",
    space: view.space,
    externalId: view.externalId,
    version: view.version,
  };
}

/** The wire reference `{type: "container", space, externalId}`. */
export function containerReference(container: ContainerId): ContainerReference {
  return {
    type: "container",
    space: container.space,
    externalId: container.externalId,
  };
}

/** `space:externalId/version`, the way CDF names views in messages. */
export function viewIdString(view: ViewId): string {
  return `${view.space}:${view.externalId}/${view.version}`;
}

/** The key of a view's properties in a read instance: `"externalId/version"`. */
export function viewPropertyKey(view: ViewId): string {
  return `${view.externalId}/${view.version}`;
}

/** Whether two views are the same. */
export function sameView(a: ViewId, b: ViewId): boolean {
  return a.space === b.space && a.externalId === b.externalId &&
    a.version === b.version;
}

/**
 * `{space, externalId}` of anything that carries those two strings (a read instance, a node id), else
 * `undefined`. Lenient: reads use it to keep odd values as they are.
 */
export function idOf(value: unknown): DirectRelationReference | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { space, externalId } = value as {
    space?: unknown;
    externalId?: unknown;
  };
  return typeof space === "string" && typeof externalId === "string"
    ? { space, externalId }
    : undefined;
}

/**
 * Reads a direct-relation-like value into `{space, externalId}`, dropping any other keys (so a whole read
 * instance can be passed where an id is expected). `where` names the place for the error message (a function
 * when building the name costs something: it is only called on failure).
 */
export function toDirectRelation(
  value: unknown,
  where: string | (() => string),
): DirectRelationReference {
  const id = idOf(value);
  if (id && id.space !== "" && id.externalId !== "") return id;
  throw new PygenValueError(
    `${
      typeof where === "string" ? where : where()
    }: expected {space, externalId} with non-empty strings, got ${
      describeValue(value)
    }`,
  );
}

/** An id, or a write object, that may leave its space to the default instance space. */
export interface OptionalSpaceId {
  readonly space?: string;
  readonly externalId: string;
}

/**
 * Resolves a caller-given node id: `{space, externalId}` as is, or a bare external id (or `{externalId}` without a
 * space) in `defaultSpace`.
 * Never guesses tuples: an array is always a list of ids, handled by the caller.
 */
export function resolveInstanceId(
  value: string | OptionalSpaceId,
  defaultSpace: string | undefined,
  where: string,
): DirectRelationReference {
  if (
    typeof value === "object" && value !== null && value.space === undefined &&
    typeof value.externalId === "string" && value.externalId !== ""
  ) {
    // A write object that left its space to the client (as upsert allows) is deleted from the same space.
    if (defaultSpace === undefined) {
      throw new PygenValueError(
        `${where}: ${
          JSON.stringify(value.externalId)
        } has no space; set it, or set a default instance space ` +
          `(option \`space\` or the client's \`defaultInstanceSpace\`)`,
      );
    }
    return { space: defaultSpace, externalId: value.externalId };
  }
  if (typeof value === "string") {
    if (value === "") {
      throw new PygenValueError(`${where}: an external id must not be empty`);
    }
    if (defaultSpace === undefined) {
      throw new PygenValueError(
        `${where}: got the bare external id ${
          JSON.stringify(value)
        } but no space; pass {space, externalId} ` +
          `or set a default instance space (option \`space\` or the client's \`defaultInstanceSpace\`)`,
      );
    }
    return { space: defaultSpace, externalId: value };
  }
  return toDirectRelation(value, where);
}

/** A short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (value instanceof Date) {
    return `Date(${
      Number.isNaN(value.getTime()) ? "Invalid" : value.toISOString()
    })`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
