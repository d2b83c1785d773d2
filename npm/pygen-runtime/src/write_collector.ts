/**
 * Turns write items (with nested connected writes) into DMS apply items, like the Python runtime's WriteItems:
 *
 * - only fields that are set are sent (`undefined` = leave as is, `null` = clear);
 * - a nested node write in a direct-relation field becomes its own item and a `{space, externalId}` reference;
 * - an edge-connection field becomes edges (to ids, to nested node writes, or nested edge writes), with the
 *   deterministic external id of {@link edgeExternalId} unless one is given;
 * - node writes nested in a reverse-relation field are written as they are (they hold the relation);
 * - the same instance given twice with identical content is sent once; with different content it is an error.
 *
 * @module
 */

import type { EdgeConnection } from "./connections.ts";
import { edgeExternalId } from "./connections.ts";
import { PygenValueError } from "./errors.ts";
import { describeValue, toDirectRelation } from "./ids.ts";
import { toJSONText } from "./values.ts";
import type { AnyViewDescriptor } from "./view.ts";
import { INSTANCE_KEYS, ViewWrite } from "./view.ts";
import type {
  DirectRelationReference,
  RawEdgeWrite,
  RawInstanceWrite,
  RawNodeWrite,
} from "./wire.ts";

interface Entry {
  readonly raw: RawInstanceWrite;
  readonly where: string;
}

type Parent = {
  readonly id: DirectRelationReference;
  readonly connection: EdgeConnection;
};

const key = (space: string, externalId: string) =>
  `${space}\u0000${externalId}`;

/** Options of a {@link WriteCollector}. */
export interface WriteCollectorOptions {
  /**
   * The space of view writes that leave `space` out (nested ones and top-level edges too): the client's
   * `defaultInstanceSpace`. Without it such an item is an error naming it.
   */
  readonly defaultSpace?: string | undefined;
}

/** Collects apply items from write items, nodes and edges each in the order first seen. */
export class WriteCollector {
  readonly #defaultSpace: string | undefined;
  readonly #nodes = new Map<string, Entry>();
  readonly #edges = new Map<string, Entry>();
  readonly #visited = new Map<object, DirectRelationReference>();
  readonly #duplicates: { first: Entry; second: Entry; what: string }[] = [];

  constructor(options: WriteCollectorOptions = {}) {
    this.#defaultSpace = options.defaultSpace;
  }

  /**
   * Adds a top-level item (a tagged view write or a raw DMS write); returns its id. `where` names the item in
   * duplicate reports (e.g. "item 3"); error messages name the view and the external id.
   */
  add(
    item: ViewWrite | RawInstanceWrite,
    where: string,
  ): DirectRelationReference {
    if (item instanceof ViewWrite) {
      return isEdgeWrite(item)
        ? this.#addEdge(item, where, "")
        : this.#addNode(item, where, "");
    }
    const raw = checkRawWrite(item);
    this.#store(
      raw.instanceType === "node" ? this.#nodes : this.#edges,
      raw,
      where,
    );
    return { space: raw.space, externalId: raw.externalId };
  }

  /** The collected write of one instance. */
  get(
    instanceType: "node" | "edge",
    id: DirectRelationReference,
  ): RawInstanceWrite | undefined {
    return (instanceType === "node" ? this.#nodes : this.#edges).get(
      key(id.space, id.externalId),
    )?.raw;
  }

  /** Instances given twice with different content (DMS would keep only one of them). */
  conflicts(): string[] {
    return this.#duplicates
      .filter(({ first, second }) =>
        toJSONText(first.raw) !== toJSONText(second.raw)
      )
      .map(({ first, second, what }) =>
        `${what} is given twice with different values (${first.where} and ${second.where})`
      );
  }

  /** Every item, nodes before edges; throws if an instance was given twice with different content. */
  all(): RawInstanceWrite[] {
    const conflicts = this.conflicts();
    if (conflicts.length) throw new PygenValueError(conflicts.join("; "));
    return [...this.#nodes.values(), ...this.#edges.values()].map((entry) =>
      entry.raw
    );
  }

  #store(
    table: Map<string, Entry>,
    raw: RawInstanceWrite,
    where: string,
  ): void {
    const entry: Entry = { raw, where };
    const id = key(raw.space, raw.externalId);
    const existing = table.get(id);
    if (existing === undefined) {
      table.set(id, entry);
    } else {
      this.#duplicates.push({
        first: existing,
        second: entry,
        what: `${raw.instanceType} ${raw.space}:${raw.externalId}`,
      });
    }
  }

  // `context` is "" for top-level items, else where the item is nested (it prefixes error messages).
  #addNode(
    write: ViewWrite,
    where: string,
    context: string,
  ): DirectRelationReference {
    const known = this.#visited.get(write);
    if (known) return known;
    const { descriptor, data, label } = open(write, context);
    const id = {
      space: this.#space(data.space, label),
      externalId: data.externalId as string,
    };
    this.#visited.set(write, id);
    const raw: RawNodeWrite = {
      instanceType: "node",
      space: id.space,
      externalId: id.externalId,
    };
    addExistingVersion(raw, data, label);
    // A type left unset takes the view's node type (null clears it, as always).
    const type = data.type === undefined ? descriptor.nodeType : data.type;
    if (type !== undefined) {
      raw.type = type === null
        ? null
        : toDirectRelation(type, () => `${label()}, type`);
    }
    // Stored before its nested items so that parents come first; its sources are added below.
    this.#store(this.#nodes, raw, where);
    addSources(raw, descriptor, this.#properties(descriptor, data, label, id));
    return id;
  }

  #addEdge(
    write: ViewWrite,
    where: string,
    context: string,
    parent?: Parent,
  ): DirectRelationReference {
    const known = this.#visited.get(write);
    if (known) return known;
    const descriptor = write.descriptor;
    const data = asRecord(write.data, `${context}view ${descriptor.name}`);
    const label = lazy(() =>
      `${context}view ${descriptor.name}, item ${
        describeValue(data.externalId ?? "(nested edge)")
      }`
    );
    let start = this.#end(data.startNode, () => `${label()}, startNode`);
    let end = this.#end(data.endNode, () => `${label()}, endNode`);
    let type = data.type === undefined || data.type === null
      ? undefined
      : toDirectRelation(data.type, () => `${label()}, type`);
    if (parent) {
      type ??= parent.connection.edgeType;
      if ((parent.connection.direction ?? "outwards") === "outwards") {
        start ??= parent.id;
      } else end ??= parent.id;
    }
    const missing = [["type", type], ["startNode", start], ["endNode", end]]
      .filter(([, v]) => v === undefined);
    if (missing.length) {
      throw new PygenValueError(
        `${label()}: ${
          missing.map(([name]) => name).join(", ")
        } not set; set them, or nest the edge ` +
          `(View.nestedEdge) in the edge-connection field of a node write, which fills them in`,
      );
    }
    const edgeType = type as DirectRelationReference;
    const startNode = start as DirectRelationReference;
    const endNode = end as DirectRelationReference;
    const externalId =
      optionalString(data.externalId, () => `${label()}, externalId`) ??
        (parent ? edgeExternalId(edgeType, startNode, endNode) : undefined);
    if (externalId === undefined) {
      throw new PygenValueError(
        `${label()}: externalId is required for an edge that is not nested in a node`,
      );
    }
    // A nested edge lives in its node's space unless it says otherwise.
    const space = parent && (data.space === undefined || data.space === null)
      ? parent.id.space
      : this.#space(data.space, label);
    if (!descriptor.writable) {
      throw new PygenValueError(
        `${label()}: the view is read-only (not writable)`,
      );
    }
    const id = { space, externalId };
    this.#visited.set(write, id);
    const raw: RawEdgeWrite = {
      instanceType: "edge",
      space,
      externalId,
      type: edgeType,
      startNode,
      endNode,
    };
    addExistingVersion(raw, data, label);
    this.#store(this.#edges, raw, where);
    addSources(raw, descriptor, this.#properties(descriptor, data, label));
    return id;
  }

  /** The space of a view write: as given, else the default space; an error naming the item without either. */
  #space(value: unknown, label: () => string): string {
    if (value !== undefined && value !== null) {
      const given = optionalString(value, () => `${label()}, space`);
      if (given !== undefined) return given;
    }
    if (this.#defaultSpace === undefined) {
      throw new PygenValueError(
        `${label()}: space is not set; set it, or create the client with a defaultInstanceSpace`,
      );
    }
    return this.#defaultSpace;
  }

  #end(
    value: unknown,
    where: () => string,
  ): DirectRelationReference | undefined {
    if (value === undefined || value === null) return undefined;
    return value instanceof ViewWrite
      ? this.#nestedNode(value, where())
      : toDirectRelation(value, where);
  }

  #nestedNode(write: ViewWrite, where: string): DirectRelationReference {
    if (isEdgeWrite(write)) {
      throw new PygenValueError(
        `${where}: expected a node (an id or a node write), got an edge write of ${write.descriptor.name}`,
      );
    }
    return this.#addNode(write, where, `${where}: `);
  }

  #properties(
    descriptor: AnyViewDescriptor,
    data: Record<string, unknown>,
    label: () => string,
    nodeId?: DirectRelationReference,
  ): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const field in data) {
      if (!Object.hasOwn(data, field) || INSTANCE_KEYS.has(field)) continue;
      const value = data[field];
      const connection = descriptor.connections[field];
      if (connection) {
        if (value === undefined || value === null) continue;
        const where = `${label()}, field ${field}`;
        const entries = Array.isArray(value) ? value as unknown[] : [value];
        if (connection.kind === "edge") {
          if (!nodeId) {
            throw new PygenValueError(
              `${where}: edge connections are only written from nodes`,
            );
          }
          entries.forEach((entry, i) =>
            this.#connect(entry, nodeId, connection, `${where}[${i}]`)
          );
        } else {
          entries.forEach((entry, i) => {
            if (!(entry instanceof ViewWrite)) {
              throw new PygenValueError(
                `${where}[${i}]: a reverse relation is stored on the other nodes (property ` +
                  `${
                    JSON.stringify(connection.through.property)
                  }); give node writes (View.write) that set it, ` +
                  `got ${describeValue(entry)}`,
              );
            }
            this.#nestedNode(entry, `${where}[${i}]`);
          });
        }
        continue;
      }
      const plan = descriptor.plans.get(field);
      if (!plan) {
        throw new PygenValueError(
          `${label()}: unknown field ${
            JSON.stringify(field)
          }; fields of this view: ` +
            [...descriptor.plans.keys(), ...Object.keys(descriptor.connections)]
              .join(", "),
        );
      }
      if (value === undefined || plan.spec.readOnly) continue;
      const id = plan.spec.id;
      if (value === null) {
        if (plan.spec.required) {
          throw new PygenValueError(
            `${label()}, ${plan.location}: the property is required and cannot be null`,
          );
        }
        properties[id] = null;
        continue;
      }
      // Messages are built only on failure: the item label is the costly part.
      try {
        properties[id] = plan.spec.type === "direct"
          ? this.#relation(value, plan.spec.list === true, plan.location, label)
          : plan.write(value, plan.location);
      } catch (error) {
        if (
          error instanceof PygenValueError &&
          error.message.startsWith(plan.location)
        ) {
          throw new PygenValueError(`${label()}, ${error.message}`);
        }
        throw error;
      }
    }
    return properties;
  }

  // `where` is the field's location; nested items are told where they sit with the full item label.
  #relation(
    value: unknown,
    list: boolean,
    where: string,
    label: () => string,
  ): unknown {
    const one = (item: unknown, at: string) =>
      item instanceof ViewWrite
        ? this.#nestedNode(item, `${label()}, ${at}`)
        : toDirectRelation(item, at);
    if (!list) return one(value, where);
    if (!Array.isArray(value)) {
      throw new PygenValueError(
        `${where}: expected an array (list property), got ${
          describeValue(value)
        }`,
      );
    }
    return value.map((item, i) => one(item, `${where}[${i}]`));
  }

  #connect(
    entry: unknown,
    parent: DirectRelationReference,
    connection: EdgeConnection,
    where: string,
  ): void {
    if (entry instanceof ViewWrite && isEdgeWrite(entry)) {
      this.#addEdge(entry, where, `${where}: `, { id: parent, connection });
      return;
    }
    const other = entry instanceof ViewWrite
      ? this.#nestedNode(entry, where)
      : toDirectRelation(entry, where);
    const outwards = (connection.direction ?? "outwards") === "outwards";
    const [startNode, endNode] = outwards ? [parent, other] : [other, parent];
    const raw: RawEdgeWrite = {
      instanceType: "edge",
      space: parent.space,
      externalId: edgeExternalId(connection.edgeType, startNode, endNode),
      type: {
        space: connection.edgeType.space,
        externalId: connection.edgeType.externalId,
      },
      startNode,
      endNode,
    };
    // Like the Python runtime: an edge of a connection with an edge view has data in it, even with no properties.
    if (connection.edgeView) {
      raw.sources = [{
        source: connection.edgeView().reference,
        properties: {},
      }];
    }
    this.#store(this.#edges, raw, where);
  }
}

function isEdgeWrite(write: ViewWrite): boolean {
  const descriptor = write.descriptor;
  if (descriptor.instanceType === "edge") return true;
  if (descriptor.usedFor !== "all") return false;
  // A view used for nodes and edges, through its node descriptor: an item with `startNode` is an edge.
  const data = write.data as { startNode?: unknown } | null;
  return typeof data === "object" && data !== null &&
    data.startNode !== undefined;
}

function asRecord(data: unknown, where: string): Record<string, unknown> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new PygenValueError(
      `${where}: expected a write object, got ${describeValue(data)}`,
    );
  }
  return data as Record<string, unknown>;
}

// `context` prefixes messages of nested items with where they are nested ("" for top-level items).
function open(write: ViewWrite, context: string) {
  const descriptor = write.descriptor;
  const data = asRecord(write.data, `${context}view ${descriptor.name}`);
  const label = lazy(() =>
    `${context}view ${descriptor.name}, item ${describeValue(data.externalId)}`
  );
  // `space` may be left out (the default space); it is checked where it is resolved.
  if (typeof data.externalId !== "string" || data.externalId === "") {
    throw new PygenValueError(
      `${label()}: \`externalId\` must be a non-empty string, got ${
        describeValue(data.externalId)
      }`,
    );
  }
  if (!descriptor.writable) {
    throw new PygenValueError(
      `${label()}: the view is read-only (not writable)`,
    );
  }
  return { descriptor, data, label };
}

function optionalString(
  value: unknown,
  where: () => string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new PygenValueError(
      `${where()}: expected a non-empty string, got ${describeValue(value)}`,
    );
  }
  return value;
}

function addExistingVersion(
  raw: RawInstanceWrite,
  data: Record<string, unknown>,
  label: () => string,
): void {
  const version = data.existingVersion;
  if (version === undefined || version === null) return;
  if (!Number.isInteger(version) || (version as number) < 0) {
    throw new PygenValueError(
      `${label()}: existingVersion must be an integer >= 0, got ${
        describeValue(version)
      }`,
    );
  }
  raw.existingVersion = version as number;
}

// Like the Python runtime: always through the view, even with no property set (`properties: {}`), so that the
// instance gets its rows in the view's containers: it has data in the view and shows up in the view's list.
function addSources(
  raw: RawInstanceWrite,
  descriptor: AnyViewDescriptor,
  properties: Record<string, unknown>,
): void {
  raw.sources = [{ source: descriptor.reference, properties }];
}

function checkRawWrite(item: unknown): RawInstanceWrite {
  const raw = item as Partial<RawInstanceWrite> | null;
  if (
    typeof raw !== "object" || raw === null ||
    (raw.instanceType !== "node" && raw.instanceType !== "edge")
  ) {
    throw new PygenValueError(
      `expected View.write(item) or a raw write object with instanceType "node" or "edge", got ${
        describeValue(item)
      }`,
    );
  }
  if (typeof raw.space !== "string" || typeof raw.externalId !== "string") {
    throw new PygenValueError(
      `a raw write object needs string space and externalId, got ${
        describeValue(item)
      }`,
    );
  }
  return raw as RawInstanceWrite;
}

/** A value computed on first use (error labels are built only when an error needs them). */
function lazy(make: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= make());
}
