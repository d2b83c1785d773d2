/**
 * {@link ViewDescriptor}: a view's definition compiled once into the conversions between generated data classes
 * and the DMS wire format. Reads are lenient (unknown properties and new enum values pass, missing nullable
 * values become `null`); writes send exactly the fields that are set, checked against their types.
 *
 * @module
 */

import type {
  ConnectionMap,
  NestedEdgeWrite,
  RelationMap,
} from "./connections.ts";
import { PygenValueError } from "./errors.ts";
import type {
  FilterBuilderOf,
  PropertyFilter,
  ViewFilters,
} from "./filter_builders.ts";
import { filterBuilder } from "./filter_builders.ts";
import type { Filter, PropertyReference } from "./filters.ts";
import { HasData, viewProperty } from "./filters.ts";
import type { InstanceType, NodeId, ViewId } from "./ids.ts";
import { idOf, viewIdString, viewPropertyKey, viewReference } from "./ids.ts";
import type {
  DataRecord,
  EdgeInstance,
  EdgeWrite,
  Instance,
} from "./instances.ts";
import { InstanceList } from "./instances.ts";
import type { FieldOf, PropertyMap, PropertySpec, UsedFor } from "./schema.ts";
import { parseTimestamp, valueReader, valueWriter } from "./values.ts";
import type {
  DirectRelationReference,
  RawEdge,
  RawInstance,
  RawInstanceWrite,
  ViewReference,
} from "./wire.ts";
import { WriteCollector } from "./write_collector.ts";

/** Keys of an instance that are not view properties (read-only extras let a read object be written back). */
export const INSTANCE_KEYS: ReadonlySet<string> = new Set([
  "instanceType",
  "space",
  "externalId",
  "type",
  "startNode",
  "endNode",
  "existingVersion",
  "dataRecord",
]);

/** The static description of a view, written once per view by the generator. */
export interface ViewDefinition<TProps extends PropertyMap = PropertyMap> {
  readonly view: ViewId;
  readonly usedFor: UsedFor;
  /** Field → view property, for every property the view maps. */
  readonly properties: TProps;
  /** For direct-relation fields: the view of their targets (for `"full"` reads and nested writes). */
  readonly relations?: RelationMap;
  /** Edge connections and reverse relations, by field. */
  readonly connections?: ConnectionMap;
  /** False for views DMS will not write through (they do not map every required property). */
  readonly writable?: boolean;
  /**
   * The node type the view's filter requires (`equals` on `["node", "type"]`): node writes that leave `type`
   * unset get it, so that written nodes show up in the view (as the Python SDK's write classes default it).
   */
  readonly nodeType?: NodeId;
  /**
   * What the descriptor reads and writes: nodes or edges. Default: edges for `usedFor: "edge"`, else nodes. A view
   * used for both (`"all"`) gets two descriptors, one per kind, with `instanceType: "edge"` on the second.
   */
  readonly instanceType?: InstanceType;
}

/** How one field is converted, compiled once per view. */
export interface FieldPlan {
  readonly field: string;
  readonly spec: PropertySpec;
  readonly read: ((value: unknown) => unknown) | undefined;
  readonly write: (value: unknown, where: string) => unknown;
  /** `field <name> (property "<id>")`, for messages. */
  readonly location: string;
}

/** An item tagged with the view it is written through, for `InstanceClient.upsert` and nested writes. */
export class ViewWrite<TWrite = unknown> {
  constructor(readonly descriptor: AnyViewDescriptor, readonly data: TWrite) {}

  /** The wire form of this item and of every item nested in it, nodes before edges (checks every value). */
  dump(): RawInstanceWrite[] {
    const collector = new WriteCollector();
    collector.add(this, "the item");
    return collector.all();
  }
}

/**
 * One view, as generated code describes it: `TRead` and `TWrite` are the generated data classes, `TProps` the
 * field ↔ property map (declared `as const` so that filter builders and field names are typed).
 */
export class ViewDescriptor<
  TRead extends Instance = Instance,
  TWrite = unknown,
  TProps extends PropertyMap = PropertyMap,
> {
  readonly view: ViewId;
  readonly usedFor: UsedFor;
  readonly properties: TProps;
  readonly relations: RelationMap;
  readonly connections: ConnectionMap;
  readonly writable: boolean;
  /** The node type node writes get when they leave `type` unset (see {@link ViewDefinition.nodeType}). */
  readonly nodeType: NodeId | undefined;
  /** Nodes or edges: what list, search and retrieve ask for (`"all"` views as given, by default as nodes). */
  readonly instanceType: InstanceType;
  /** `space:externalId/version`, for messages. */
  readonly name: string;
  /** Field → conversion plan, in declaration order. */
  readonly plans: ReadonlyMap<string, FieldPlan>;
  readonly #fieldByPropertyId: ReadonlyMap<string, string>;
  readonly #planList: readonly FieldPlan[];
  readonly #sourceKey: string;
  #filters: ViewFilters<TProps> | undefined;

  constructor(definition: ViewDefinition<TProps>) {
    this.view = Object.freeze({
      space: definition.view.space,
      externalId: definition.view.externalId,
      version: definition.view.version,
    });
    this.usedFor = definition.usedFor;
    this.properties = definition.properties;
    this.relations = definition.relations ?? {};
    this.connections = definition.connections ?? {};
    this.writable = definition.writable ?? true;
    this.nodeType = definition.nodeType === undefined
      ? undefined
      : Object.freeze({
        space: definition.nodeType.space,
        externalId: definition.nodeType.externalId,
      });
    this.name = viewIdString(this.view);
    this.instanceType = instanceTypeOf(definition, this.name);
    const plans = new Map<string, FieldPlan>();
    const byId = new Map<string, string>();
    const clash = (field: string, what: string) =>
      new PygenValueError(
        `view ${this.name}: field name ${
          JSON.stringify(field)
        } clashes with ${what}; rename it ` +
          `(the generator appends "_")`,
      );
    for (const [field, spec] of Object.entries(definition.properties)) {
      if (INSTANCE_KEYS.has(field)) throw clash(field, "an instance field");
      if (byId.has(spec.id)) {
        throw new PygenValueError(
          `view ${this.name}: property ${
            JSON.stringify(spec.id)
          } is mapped by both ` +
            `${JSON.stringify(byId.get(spec.id))} and ${JSON.stringify(field)}`,
        );
      }
      byId.set(spec.id, field);
      plans.set(field, {
        field,
        spec,
        read: valueReader(spec),
        write: valueWriter(spec),
        location: `field ${field} (property ${JSON.stringify(spec.id)})`,
      });
    }
    for (const field of Object.keys(this.connections)) {
      if (INSTANCE_KEYS.has(field)) throw clash(field, "an instance field");
      if (plans.has(field)) throw clash(field, "a property field");
    }
    for (const field of Object.keys(this.relations)) {
      if (plans.get(field)?.spec.type !== "direct") {
        throw new PygenValueError(
          `view ${this.name}: relations.${field} must name a direct-relation property field`,
        );
      }
    }
    this.plans = plans;
    this.#planList = [...plans.values()];
    this.#sourceKey = viewPropertyKey(this.view);
    this.#fieldByPropertyId = byId;
  }

  /** The wire reference of the view. */
  get reference(): ViewReference {
    return viewReference(this.view);
  }

  /** The view property id behind a field. */
  propertyId(field: FieldOf<TProps>): string {
    return this.#plan(field).spec.id;
  }

  /** The field that holds a view property id, if the view maps it. */
  fieldOf(propertyId: string): FieldOf<TProps> | undefined {
    return this.#fieldByPropertyId.get(propertyId) as
      | FieldOf<TProps>
      | undefined;
  }

  /** `[space, "View/version", propertyId]` of a field, for filters and sorts. */
  propertyRef(field: FieldOf<TProps>): PropertyReference {
    return viewProperty(this.view, this.propertyId(field));
  }

  /** The spec of a field. */
  spec(field: FieldOf<TProps>): PropertySpec {
    return this.#plan(field).spec;
  }

  /** One typed filter builder per field (built once). */
  get filters(): ViewFilters<TProps> {
    if (!this.#filters) {
      const built: Record<string, PropertyFilter> = {};
      for (const [field, plan] of this.plans) {
        built[field] = filterBuilder(
          plan.spec,
          viewProperty(this.view, plan.spec.id),
        );
      }
      this.#filters = built as ViewFilters<TProps>;
    }
    return this.#filters;
  }

  /** The typed filter builder of one field. */
  filter<K extends FieldOf<TProps>>(field: K): FilterBuilderOf<TProps[K]> {
    this.#plan(field);
    return this.filters[field];
  }

  /**
   * Whether `value` was read as this view by a `retrieve` with `asChildClass` (see `ParentInstanceAPI`), whose
   * result mixes the read types of a view and its children: `if (COGNITE_ASSET_VIEW.is(item)) item.assetClass`.
   * Every object of such a result is tagged with the view it was read as (its parent's too); objects from other
   * reads are of one type already and are not tagged (tagging costs about 0.2 µs per object), so give `false`.
   */
  is(value: unknown): value is TRead {
    return typeof value === "object" && value !== null &&
      READ_AS.get(value) === this;
  }

  /** Instances with data in this view. */
  hasData(): Filter {
    return new HasData([this.view]);
  }

  /** Tags an item with this view, for `InstanceClient.upsert` of mixed views and for nested writes. */
  write(data: TWrite): ViewWrite<TWrite> {
    return new ViewWrite(this as unknown as AnyViewDescriptor, data);
  }

  /**
   * An edge of this (edge) view to nest in a node's edge-connection field: its type, near end, space and external
   * id are filled in from the connection.
   */
  nestedEdge(
    data: TWrite extends EdgeWrite ? NestedEdgeWrite<TWrite> : never,
  ): ViewWrite<TWrite extends EdgeWrite ? NestedEdgeWrite<TWrite> : never> {
    if (this.instanceType !== "edge") {
      throw new PygenValueError(
        `view ${this.name} is not an edge view; nestedEdge is for edge views`,
      );
    }
    return new ViewWrite(this as unknown as AnyViewDescriptor, data);
  }

  /**
   * The write form of a read instance: its id (and edge ends) and every writable property field, so that changing
   * a field and upserting it writes the instance back. Connections are left out; direct relations read as
   * objects become ids. Enum values unknown to this SDK are caught on write.
   */
  asWrite(read: TRead): TWrite {
    const source = read as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {
      space: source.space,
      externalId: source.externalId,
    };
    if (read.instanceType === "edge") {
      out.type = read.type;
      out.startNode = asId(read.startNode);
      out.endNode = asId(read.endNode);
    } else if (read.type) {
      out.type = read.type;
    }
    for (const plan of this.plans.values()) {
      if (plan.spec.readOnly || !Object.hasOwn(source, plan.field)) continue;
      const value = source[plan.field];
      out[plan.field] = plan.spec.type !== "direct"
        ? value
        : Array.isArray(value)
        ? value.map(asId)
        : asId(value);
    }
    return out as TWrite;
  }

  #plan(field: string): FieldPlan {
    const plan = this.plans.get(field);
    if (!plan) {
      throw new PygenValueError(
        `view ${this.name} has no field ${JSON.stringify(field)}; fields: ${
          [...this.plans.keys()].join(", ")
        }`,
      );
    }
    return plan;
  }

  /** A read instance as the generated read class (lenient: never throws on odd data). */
  parse(raw: RawInstance): TRead {
    const out: Record<string, unknown> = {
      instanceType: raw.instanceType,
      space: raw.space,
      externalId: raw.externalId,
    };
    if (raw.instanceType === "edge") {
      out.type = readId(raw.type);
      out.startNode = readId(raw.startNode);
      out.endNode = readId(raw.endNode);
    } else {
      out.type = raw.type ? readId(raw.type) : null;
    }
    out.dataRecord = dataRecord(raw);
    const values: Record<string, unknown> =
      raw.properties?.[this.view.space]?.[this.#sourceKey] ?? {};
    for (const plan of this.#planList) {
      const value = values[plan.spec.id];
      // A missing key reads as undefined, or as an Object.prototype member for ids like "constructor".
      if (value !== undefined && (typeof value !== "function")) {
        out[plan.field] = value === null
          ? null
          : plan.read
          ? plan.read(value)
          : value;
      } else if (!plan.spec.required) {
        out[plan.field] = null;
      }
    }
    return out as unknown as TRead;
  }

  /** Many read instances as an {@link InstanceList}. */
  parseList(raws: readonly RawInstance[]): InstanceList<TRead> {
    const list = new InstanceList<TRead>();
    for (const raw of raws) list.push(this.parse(raw));
    return list;
  }

  /**
   * The wire form of a write item and of every item nested in it (direct-relation targets, edges of edge
   * connections, nodes of reverse relations), nodes before edges. Throws {@link PygenValueError} naming the
   * view, item, field, property and value on the first problem.
   */
  toWrites(item: TWrite): RawInstanceWrite[] {
    return this.write(item).dump();
  }

  /** The wire form of the item itself (nested items appear in it only as references; see {@link toWrites}). */
  toWrite(item: TWrite): RawInstanceWrite {
    const collector = new WriteCollector();
    const id = collector.add(this.write(item), "the item");
    return collector.get(this.instanceType, id) as RawInstanceWrite;
  }
}

/**
 * A plain edge (no view properties) as read, for edges read without a view (the edges of a connection without
 * edge properties).
 */
export function parseEdge(raw: RawEdge): EdgeInstance {
  return {
    instanceType: "edge",
    space: raw.space,
    externalId: raw.externalId,
    type: readId(raw.type),
    startNode: readId(raw.startNode),
    endNode: readId(raw.endNode),
    dataRecord: dataRecord(raw),
  };
}

function instanceTypeOf(
  definition: ViewDefinition,
  name: string,
): InstanceType {
  const natural = definition.usedFor === "edge" ? "edge" : "node";
  const wanted = definition.instanceType;
  if (wanted === undefined || wanted === natural) return natural;
  if (
    (wanted !== "node" && wanted !== "edge") || definition.usedFor !== "all"
  ) {
    throw new PygenValueError(
      `view ${name}: instanceType ${
        JSON.stringify(wanted)
      } does not fit usedFor ${JSON.stringify(definition.usedFor)}; ` +
        `only a view used for "all" is read as either`,
    );
  }
  return wanted;
}

/** The view each object of a `retrieve` with `asChildClass` was read as (weak: the objects stay collectable). */
const READ_AS = new WeakMap<object, AnyViewDescriptor>();

/** Tags objects as read as `descriptor`, for {@link ViewDescriptor.is}; returns them. */
export function tagReadAs<T extends object>(
  items: readonly T[],
  descriptor: AnyViewDescriptor,
): readonly T[] {
  for (const item of items) READ_AS.set(item, descriptor);
  return items;
}

/** A descriptor of any view, where the concrete types do not matter. */
// deno-lint-ignore no-explicit-any
export type AnyViewDescriptor = ViewDescriptor<any, any, any>;

function asId(value: unknown): unknown {
  return idOf(value) ?? value;
}

function readId(
  value: DirectRelationReference | null | undefined,
): { space: string; externalId: string } {
  return { space: value?.space ?? "", externalId: value?.externalId ?? "" };
}

function dataRecord(raw: RawInstance): DataRecord {
  return {
    version: raw.version,
    createdTime: parseTimestamp(raw.createdTime),
    lastUpdatedTime: parseTimestamp(raw.lastUpdatedTime),
    deletedTime: raw.deletedTime === undefined || raw.deletedTime === null
      ? null
      : parseTimestamp(raw.deletedTime),
  };
}
