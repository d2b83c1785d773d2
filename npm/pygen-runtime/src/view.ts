/**
 * {@link ViewDescriptor}: a view's definition compiled once into the conversions between generated data classes
 * and the DMS wire format. Reads are lenient (unknown properties and new enum values pass, missing values
 * become `null`); writes send exactly the fields that are set, checked against their types.
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import type {
  FilterBuilderOf,
  PropertyFilter,
  ViewFilters,
} from "./filter_builders.ts";
import { filterBuilder } from "./filter_builders.ts";
import type { Filter, PropertyReference } from "./filters.ts";
import { HasData, viewProperty } from "./filters.ts";
import type { InstanceType, ViewId } from "./ids.ts";
import {
  describeValue,
  toDirectRelation,
  viewIdString,
  viewPropertyKey,
  viewReference,
} from "./ids.ts";
import type { DataRecord, Instance } from "./instances.ts";
import { InstanceList } from "./instances.ts";
import type {
  FieldOf,
  PropertyMap,
  PropertySpec,
  UsedFor,
  ViewDefinition,
} from "./schema.ts";
import { parseTimestamp, valueReader, valueWriter } from "./values.ts";
import type {
  DirectRelationReference,
  RawInstance,
  RawInstanceWrite,
  ViewReference,
} from "./wire.ts";

/** Keys of a write object that are not view properties. Read-only extras let a read object be written back. */
const INSTANCE_KEYS = new Set([
  "instanceType",
  "space",
  "externalId",
  "type",
  "startNode",
  "endNode",
  "existingVersion",
  "dataRecord",
]);

interface FieldPlan {
  readonly field: string;
  readonly spec: PropertySpec;
  readonly read: ((value: unknown) => unknown) | undefined;
  readonly write: (value: unknown, where: string) => unknown;
}

/** An item tagged with the view it is written through, for `InstanceClient.upsert`. */
export class ViewWrite<TWrite = unknown> {
  constructor(
    readonly descriptor: ViewDescriptor<Instance, TWrite>,
    readonly data: TWrite,
  ) {}

  /** The wire form of this item (checks every value). */
  dump(): RawInstanceWrite {
    return this.descriptor.toWrite(this.data);
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
  readonly writable: boolean;
  /** Nodes or edges: what list, search and retrieve ask for (`"all"` views read as nodes). */
  readonly instanceType: InstanceType;
  /** `space:externalId/version`, for messages. */
  readonly name: string;
  readonly #plans: ReadonlyMap<string, FieldPlan>;
  readonly #fieldByPropertyId: ReadonlyMap<string, string>;
  #filters: ViewFilters<TProps> | undefined;

  constructor(definition: ViewDefinition<TProps>) {
    this.view = Object.freeze({
      space: definition.view.space,
      externalId: definition.view.externalId,
      version: definition.view.version,
    });
    this.usedFor = definition.usedFor;
    this.properties = definition.properties;
    this.writable = definition.writable ?? true;
    this.instanceType = definition.usedFor === "edge" ? "edge" : "node";
    this.name = viewIdString(this.view);
    const plans = new Map<string, FieldPlan>();
    const byId = new Map<string, string>();
    for (const [field, spec] of Object.entries(definition.properties)) {
      if (INSTANCE_KEYS.has(field)) {
        throw new PygenValueError(
          `view ${this.name}: field name ${
            JSON.stringify(field)
          } clashes with an instance field; rename it ` +
            `(the generator appends "_")`,
        );
      }
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
      });
    }
    this.#plans = plans;
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
      for (const [field, plan] of this.#plans) {
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

  /** Instances with data in this view. */
  hasData(): Filter {
    return new HasData([this.view]);
  }

  /**
   * The write form of a read instance: its id (and edge ends) and every writable field, so that changing a
   * field and upserting it writes the instance back. Enum values unknown to this SDK are caught on write.
   */
  asWrite(read: TRead): TWrite {
    const source = read as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {
      space: source.space,
      externalId: source.externalId,
    };
    if (read.instanceType === "edge") {
      out.type = read.type;
      out.startNode = read.startNode;
      out.endNode = read.endNode;
    } else if (read.type) {
      out.type = read.type;
    }
    for (const plan of this.#plans.values()) {
      if (!plan.spec.readOnly && Object.hasOwn(source, plan.field)) {
        out[plan.field] = source[plan.field];
      }
    }
    return out as TWrite;
  }

  /** Tags an item with this view, for `InstanceClient.upsert` of mixed views. */
  write(data: TWrite): ViewWrite<TWrite> {
    return new ViewWrite(
      this as unknown as ViewDescriptor<Instance, TWrite>,
      data,
    );
  }

  #plan(field: string): FieldPlan {
    const plan = this.#plans.get(field);
    if (!plan) {
      throw new PygenValueError(
        `view ${this.name} has no field ${JSON.stringify(field)}; fields: ${
          [...this.#plans.keys()].join(", ")
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
    const values =
      raw.properties?.[this.view.space]?.[viewPropertyKey(this.view)] ?? {};
    for (const plan of this.#plans.values()) {
      const id = plan.spec.id;
      if (Object.hasOwn(values, id)) {
        const value = values[id];
        out[plan.field] = value === null || value === undefined
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
   * The wire form of a write item: instance fields, plus `sources: [{source: view, properties}]` with exactly
   * the fields that are set (`undefined` = leave as is, `null` = clear). Throws {@link PygenValueError} naming
   * the view, item, field and value on the first problem.
   */
  toWrite(item: TWrite): RawInstanceWrite {
    if (typeof item !== "object" || item === null) {
      throw new PygenValueError(
        `view ${this.name}: expected a write object, got ${
          describeValue(item)
        }`,
      );
    }
    const data = item as Record<string, unknown>;
    const label = `view ${this.name}, item ${describeValue(data.externalId)}`;
    if (!this.writable) {
      throw new PygenValueError(
        `${label}: the view is read-only (not writable)`,
      );
    }
    for (const key of ["space", "externalId"] as const) {
      if (typeof data[key] !== "string" || data[key] === "") {
        throw new PygenValueError(
          `${label}: \`${key}\` must be a non-empty string, got ${
            describeValue(data[key])
          }`,
        );
      }
    }
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (INSTANCE_KEYS.has(key)) continue;
      const plan = this.#plans.get(key);
      if (!plan) {
        throw new PygenValueError(
          `${label}: unknown field ${
            JSON.stringify(key)
          }; fields of this view: ${[...this.#plans.keys()].join(", ")}`,
        );
      }
      if (value === undefined || plan.spec.readOnly) continue;
      const where = `${label}, field ${key} (property ${
        JSON.stringify(plan.spec.id)
      })`;
      if (value === null) {
        if (plan.spec.required) {
          throw new PygenValueError(
            `${where}: the property is required and cannot be null`,
          );
        }
        properties[plan.spec.id] = null;
      } else {
        properties[plan.spec.id] = plan.write(value, where);
      }
    }
    const existingVersion = data.existingVersion;
    if (
      existingVersion !== undefined &&
      (!Number.isInteger(existingVersion) || (existingVersion as number) < 0)
    ) {
      throw new PygenValueError(
        `${label}: existingVersion must be an integer >= 0, got ${
          describeValue(existingVersion)
        }`,
      );
    }
    // Like the Python runtime: no properties set means no source, so an id-only write creates a bare instance.
    const sources = Object.keys(properties).length
      ? { sources: [{ source: this.reference, properties }] }
      : {};
    const base = {
      space: data.space as string,
      externalId: data.externalId as string,
      ...(existingVersion !== undefined
        ? { existingVersion: existingVersion as number }
        : {}),
    };
    const isEdge = this.usedFor === "edge" ||
      (this.usedFor === "all" && data.startNode !== undefined);
    if (isEdge) {
      return {
        instanceType: "edge",
        ...base,
        type: toDirectRelation(data.type, `${label}, type (edges need a type)`),
        startNode: toDirectRelation(data.startNode, `${label}, startNode`),
        endNode: toDirectRelation(data.endNode, `${label}, endNode`),
        ...sources,
      };
    }
    return {
      instanceType: "node",
      ...base,
      ...(data.type === undefined ? {} : {
        type: data.type === null
          ? null
          : toDirectRelation(data.type, `${label}, type`),
      }),
      ...sources,
    };
  }
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
