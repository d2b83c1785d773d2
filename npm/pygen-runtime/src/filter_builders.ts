/**
 * Typed filter builders, one class per kind of property, so a filter on a timestamp takes a `Date`, a filter on
 * a direct relation takes node ids, and so on. {@link viewFilters} derives the builders of every field of a view
 * from its property map, so generated code needs no per-view filter code.
 *
 * @module
 */

import type { NodeId } from "./ids.ts";
import { toDirectRelation } from "./ids.ts";
import type {
  Filter,
  FilterLike,
  PropertyReference,
  RangeBounds,
} from "./filters.ts";
import {
  ContainsAll,
  ContainsAny,
  Equals,
  Exists,
  In,
  Nested,
  Prefix,
  Range,
} from "./filters.ts";
import type { PropertyMap, PropertySpec } from "./schema.ts";
import { formatDate, formatTimestamp } from "./values.ts";

type Convert<T> = (value: T, where: string) => unknown;

function convertBounds<T>(
  bounds: RangeBounds<T>,
  convert: Convert<T>,
  where: string,
): RangeBounds {
  const out: Record<string, unknown> = {};
  for (
    const [key, value] of Object.entries(bounds) as [string, T | undefined][]
  ) {
    if (value !== undefined) out[key] = convert(value, `${where}.${key}`);
  }
  return out;
}

/** What every property builder can do. */
export class PropertyFilter {
  constructor(readonly property: PropertyReference) {}

  /** The property has a value. */
  exists(): Filter {
    return new Exists(this.property);
  }

  protected where(): string {
    return `filter on ${this.property.join(".")}`;
  }
}

/** Builders for values compared as a whole (`equals`, `in`, `range`), with a conversion to the wire value. */
class ComparableFilter<T> extends PropertyFilter {
  constructor(property: PropertyReference, readonly convert: Convert<T>) {
    super(property);
  }

  /** The property equals `value`. */
  equals(value: T): Filter {
    return new Equals(this.property, this.convert(value, this.where()));
  }

  /** The property is one of `values`. */
  in(values: readonly T[]): Filter {
    return new In(
      this.property,
      values.map((v, i) => this.convert(v, `${this.where()}[${i}]`)),
    );
  }

  /** `equals` for one value, `in` for an array: what generated list arguments accept. */
  equalsOrIn(value: T | readonly T[]): Filter {
    return Array.isArray(value)
      ? this.in(value as readonly T[])
      : this.equals(value as T);
  }

  /** The property is within the bounds (give at most one lower and one upper bound). */
  range(bounds: RangeBounds<T>): Filter {
    return new Range(
      this.property,
      convertBounds(bounds, this.convert, this.where()),
    );
  }
}

const asIs = <T>(value: T): unknown => value;

/** Text (and time series, file and sequence references). */
export class TextFilter extends ComparableFilter<string> {
  constructor(property: PropertyReference) {
    super(property, asIs);
  }

  /** The text starts with `prefix`. */
  prefix(prefix: string): Filter {
    return new Prefix(this.property, prefix);
  }
}

/** Integers and floats; int64 also takes `bigint`. */
export class NumberFilter extends ComparableFilter<number | bigint> {
  constructor(property: PropertyReference) {
    super(property, asIs);
  }
}

/** Booleans. */
export class BooleanFilter extends PropertyFilter {
  /** The property equals `value`. */
  equals(value: boolean): Filter {
    return new Equals(this.property, value);
  }
}

/** Timestamps: compared with `Date`s, sent as ISO text. */
export class TimestampFilter extends ComparableFilter<Date> {
  constructor(property: PropertyReference) {
    super(property, (value, where) => formatTimestamp(value, where));
  }
}

/** Instance metadata times (`createdTime`, `lastUpdatedTime`): compared with `Date`s, sent as epoch ms. */
export class EpochTimeFilter extends ComparableFilter<Date | number> {
  constructor(property: PropertyReference) {
    super(
      property,
      (value) => (value instanceof Date ? value.getTime() : value),
    );
  }
}

/** Dates: `"YYYY-MM-DD"` strings. */
export class DateFilter extends ComparableFilter<string> {
  constructor(property: PropertyReference) {
    super(property, (value, where) => formatDate(value, where));
  }
}

/** Enums: the allowed values as a string union. */
export class EnumFilter<T extends string = string> extends ComparableFilter<T> {
  constructor(property: PropertyReference) {
    super(property, asIs);
  }
}

/** Direct relations: compared with node ids `{space, externalId}`. */
export class DirectRelationFilter extends ComparableFilter<NodeId> {
  constructor(property: PropertyReference) {
    super(property, (value, where) => toDirectRelation(value, where));
  }

  /** `filter` matches the node this relation points at. */
  nested(filter: FilterLike): Filter {
    return new Nested(this.property, filter);
  }
}

/** List properties: `containsAny` / `containsAll` with element values converted like single values. */
export class ListFilter<T> extends PropertyFilter {
  constructor(property: PropertyReference, readonly convert: Convert<T>) {
    super(property);
  }

  /** The list holds at least one of `values`. */
  containsAny(values: readonly T[]): Filter {
    return new ContainsAny(
      this.property,
      values.map((v, i) => this.convert(v, `${this.where()}[${i}]`)),
    );
  }

  /** The list holds every one of `values`. */
  containsAll(values: readonly T[]): Filter {
    return new ContainsAll(
      this.property,
      values.map((v, i) => this.convert(v, `${this.where()}[${i}]`)),
    );
  }
}

/** JSON objects: only `exists`. */
export class JsonFilter extends PropertyFilter {}

type EnumValues<P> = P extends
  { readonly values: readonly (infer V extends string)[] } ? V : string;

type ScalarFilterOf<P extends PropertySpec> = P["type"] extends
  "text" | "timeseries" | "file" | "sequence" ? TextFilter
  : P["type"] extends "int32" | "int64" | "float32" | "float64" ? NumberFilter
  : P["type"] extends "boolean" ? BooleanFilter
  : P["type"] extends "timestamp" ? TimestampFilter
  : P["type"] extends "date" ? DateFilter
  : P["type"] extends "enum" ? EnumFilter<EnumValues<P>>
  : P["type"] extends "direct" ? DirectRelationFilter
  : JsonFilter;

type ElementOf<P extends PropertySpec> = P["type"] extends "timestamp" ? Date
  : P["type"] extends "direct" ? NodeId
  : P["type"] extends "int32" | "int64" | "float32" | "float64"
    ? number | bigint
  : P["type"] extends "boolean" ? boolean
  : P["type"] extends "enum" ? EnumValues<P>
  : string;

/** The builder class for one property spec. */
export type FilterBuilderOf<P extends PropertySpec> = P extends
  { readonly list: true } ? ListFilter<ElementOf<P>>
  : ScalarFilterOf<P>;

/** One typed builder per field of a view. */
export type ViewFilters<TProps extends PropertyMap> = {
  readonly [K in keyof TProps]: FilterBuilderOf<TProps[K]>;
};

function elementConverter(spec: PropertySpec): Convert<unknown> {
  switch (spec.type) {
    case "timestamp":
      return (value, where) => formatTimestamp(value as Date, where);
    case "date":
      return formatDate;
    case "direct":
      return toDirectRelation;
    default:
      return asIs;
  }
}

/** The builder for one property spec, given the property's reference. */
export function filterBuilder(
  spec: PropertySpec,
  property: PropertyReference,
): PropertyFilter {
  if (spec.list) return new ListFilter(property, elementConverter(spec));
  switch (spec.type) {
    case "text":
    case "timeseries":
    case "file":
    case "sequence":
      return new TextFilter(property);
    case "int32":
    case "int64":
    case "float32":
    case "float64":
      return new NumberFilter(property);
    case "boolean":
      return new BooleanFilter(property);
    case "timestamp":
      return new TimestampFilter(property);
    case "date":
      return new DateFilter(property);
    case "enum":
      return new EnumFilter(property);
    case "direct":
      return new DirectRelationFilter(property);
    default:
      return new JsonFilter(property);
  }
}

/** Builders for the metadata every node has (`space`, `externalId`, `type`, `version`, times). */
export interface NodeMetadataFilters {
  readonly space: TextFilter;
  readonly externalId: TextFilter;
  readonly type: DirectRelationFilter;
  readonly version: NumberFilter;
  readonly createdTime: EpochTimeFilter;
  readonly lastUpdatedTime: EpochTimeFilter;
}

/** Builders for the metadata every edge has: the node ones plus `startNode` and `endNode`. */
export interface EdgeMetadataFilters extends NodeMetadataFilters {
  readonly startNode: DirectRelationFilter;
  readonly endNode: DirectRelationFilter;
}

/** Metadata builders for nodes (`["node", ...]`). */
export function nodeFilters(): NodeMetadataFilters {
  return metadataFilters("node");
}

/** Metadata builders for edges (`["edge", ...]`). */
export function edgeFilters(): EdgeMetadataFilters {
  return {
    ...metadataFilters("edge"),
    startNode: new DirectRelationFilter(["edge", "startNode"]),
    endNode: new DirectRelationFilter(["edge", "endNode"]),
  };
}

function metadataFilters(kind: "node" | "edge"): NodeMetadataFilters {
  return {
    space: new TextFilter([kind, "space"]),
    externalId: new TextFilter([kind, "externalId"]),
    type: new DirectRelationFilter([kind, "type"]),
    version: new NumberFilter([kind, "version"]),
    createdTime: new EpochTimeFilter([kind, "createdTime"]),
    lastUpdatedTime: new EpochTimeFilter([kind, "lastUpdatedTime"]),
  };
}
