/**
 * The DMS filter language as typed objects. Every filter serialises to exactly the JSON DMS expects (`dump()`,
 * also used by `JSON.stringify`), and filters combine with `.and()`, `.or()` and `.not()` (or the `and`, `or`,
 * `not` functions).
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import type { ContainerId, NodeId, ViewId } from "./ids.ts";
import { describeValue, toDirectRelation, viewPropertyKey } from "./ids.ts";
import { filterValue } from "./values.ts";
import type { SourceReference } from "./wire.ts";

/** A property path: `["node", "externalId"]`, `[space, "View/v1", prop]` or `[space, container, prop]`. */
export type PropertyReference = readonly string[];

/** A filter in its JSON form. */
export type FilterJSON = { readonly [key: string]: unknown };

/** A value that refers to a query parameter (query and sync only). */
export interface ParameterValue {
  readonly parameter: string;
}

/** A value that refers to another property of the same instance. */
export interface PropertyValue {
  readonly property: PropertyReference;
}

/** Range bounds; at most one lower (`gt`/`gte`) and one upper (`lt`/`lte`) bound. */
export interface RangeBounds<T = unknown> {
  readonly gt?: T;
  readonly gte?: T;
  readonly lt?: T;
  readonly lte?: T;
}

/** A filter object or its JSON form (the escape hatch for anything the builders do not cover). */
export type FilterLike = Filter | FilterJSON;

/** Base class of every filter. */
export abstract class Filter {
  /** The JSON DMS expects. */
  abstract dump(): FilterJSON;

  /** So that a filter can sit anywhere in a request body given to `JSON.stringify`. */
  toJSON(): FilterJSON {
    return this.dump();
  }

  /** This filter and all `others`. */
  and(...others: FilterLike[]): Filter {
    return and(this, ...others);
  }

  /** This filter or any of `others`. */
  or(...others: FilterLike[]): Filter {
    return or(this, ...others);
  }

  /** Everything this filter does not match. */
  not(): Filter {
    return not(this);
  }
}

function checkProperty(
  property: PropertyReference,
  filter: string,
): PropertyReference {
  if (
    !Array.isArray(property) || property.length < 2 || property.length > 3 ||
    !property.every((part) => typeof part === "string" && part !== "")
  ) {
    throw new PygenValueError(
      `${filter} filter: a property reference is 2 or 3 non-empty strings, got ${
        describeValue(property)
      }`,
    );
  }
  return [...property];
}

/** `{equals: {property, value}}`. */
export class Equals extends Filter {
  readonly property: PropertyReference;
  constructor(property: PropertyReference, readonly value: unknown) {
    super();
    this.property = checkProperty(property, "equals");
  }
  dump(): FilterJSON {
    return {
      equals: { property: this.property, value: filterValue(this.value) },
    };
  }
}

/** `{in: {property, values}}`. */
export class In extends Filter {
  readonly property: PropertyReference;
  constructor(
    property: PropertyReference,
    readonly values: readonly unknown[],
  ) {
    super();
    this.property = checkProperty(property, "in");
    if (!Array.isArray(values)) {
      throw new PygenValueError(`in filter: values must be an array`);
    }
  }
  dump(): FilterJSON {
    return {
      in: { property: this.property, values: this.values.map(filterValue) },
    };
  }
}

function checkBounds(bounds: RangeBounds, filter: string): RangeBounds {
  const set = (Object.keys(bounds) as (keyof RangeBounds)[]).filter((key) =>
    bounds[key] !== undefined
  );
  const unknown = set.filter((key) =>
    !["gt", "gte", "lt", "lte"].includes(key)
  );
  if (unknown.length) {
    throw new PygenValueError(
      `${filter} filter: unknown bound(s) ${unknown.join(", ")}`,
    );
  }
  if (set.length === 0) {
    throw new PygenValueError(
      `${filter} filter: give at least one of gt, gte, lt, lte`,
    );
  }
  if (set.includes("gt") && set.includes("gte")) {
    throw new PygenValueError(`${filter} filter: use gt or gte, not both`);
  }
  if (set.includes("lt") && set.includes("lte")) {
    throw new PygenValueError(`${filter} filter: use lt or lte, not both`);
  }
  const out: Record<string, unknown> = {};
  for (const key of set) out[key] = bounds[key];
  return out as RangeBounds;
}

function dumpBounds(bounds: RangeBounds): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(bounds)) {
    out[key] = filterValue(value);
  }
  return out;
}

/** `{range: {property, gt|gte, lt|lte}}`. */
export class Range extends Filter {
  readonly property: PropertyReference;
  readonly bounds: RangeBounds;
  constructor(property: PropertyReference, bounds: RangeBounds) {
    super();
    this.property = checkProperty(property, "range");
    this.bounds = checkBounds(bounds, "range");
  }
  dump(): FilterJSON {
    return { range: { property: this.property, ...dumpBounds(this.bounds) } };
  }
}

/** `{prefix: {property, value}}` (single-valued text, or a parameter). */
export class Prefix extends Filter {
  readonly property: PropertyReference;
  constructor(
    property: PropertyReference,
    readonly value: string | ParameterValue,
  ) {
    super();
    this.property = checkProperty(property, "prefix");
  }
  dump(): FilterJSON {
    return { prefix: { property: this.property, value: this.value } };
  }
}

/** `{exists: {property}}`. */
export class Exists extends Filter {
  readonly property: PropertyReference;
  constructor(property: PropertyReference) {
    super();
    this.property = checkProperty(property, "exists");
  }
  dump(): FilterJSON {
    return { exists: { property: this.property } };
  }
}

/** `{containsAny: {property, values}}` (list properties). */
export class ContainsAny extends Filter {
  readonly property: PropertyReference;
  constructor(
    property: PropertyReference,
    readonly values: readonly unknown[],
  ) {
    super();
    this.property = checkProperty(property, "containsAny");
  }
  dump(): FilterJSON {
    return {
      containsAny: {
        property: this.property,
        values: this.values.map(filterValue),
      },
    };
  }
}

/** `{containsAll: {property, values}}` (list properties). */
export class ContainsAll extends Filter {
  readonly property: PropertyReference;
  constructor(
    property: PropertyReference,
    readonly values: readonly unknown[],
  ) {
    super();
    this.property = checkProperty(property, "containsAll");
  }
  dump(): FilterJSON {
    return {
      containsAll: {
        property: this.property,
        values: this.values.map(filterValue),
      },
    };
  }
}

/** `{matchAll: {}}`. */
export class MatchAll extends Filter {
  dump(): FilterJSON {
    return { matchAll: {} };
  }
}

/** `{nested: {scope, filter}}`: `filter` applies to the node the direct relation `scope` points at. */
export class Nested extends Filter {
  readonly scope: PropertyReference;
  readonly filter: Filter;
  constructor(scope: PropertyReference, filter: FilterLike) {
    super();
    this.scope = checkProperty(scope, "nested");
    this.filter = toFilter(filter);
  }
  dump(): FilterJSON {
    return { nested: { scope: this.scope, filter: this.filter.dump() } };
  }
}

/** `{overlaps: {startProperty, endProperty, gt|gte, lt|lte}}`: the interval overlaps the given range. */
export class Overlaps extends Filter {
  readonly startProperty: PropertyReference;
  readonly endProperty: PropertyReference;
  readonly bounds: RangeBounds;
  constructor(
    startProperty: PropertyReference,
    endProperty: PropertyReference,
    bounds: RangeBounds,
  ) {
    super();
    this.startProperty = checkProperty(startProperty, "overlaps");
    this.endProperty = checkProperty(endProperty, "overlaps");
    this.bounds = checkBounds(bounds, "overlaps");
  }
  dump(): FilterJSON {
    return {
      overlaps: {
        startProperty: this.startProperty,
        endProperty: this.endProperty,
        ...dumpBounds(this.bounds),
      },
    };
  }
}

/** A view or container to test for data in; a wire reference (with `type`) is accepted as is. */
export type HasDataSource = ViewId | ContainerId | SourceReference;

function toSourceReference(source: HasDataSource): SourceReference {
  const typed = source as { type?: unknown };
  if (
    typed.type === "view" || (typed.type === undefined && "version" in source)
  ) {
    const view = source as ViewId;
    return {
      type: "view",
      space: view.space,
      externalId: view.externalId,
      version: view.version,
    };
  }
  if (typed.type === "container" || typed.type === undefined) {
    return {
      type: "container",
      space: source.space,
      externalId: source.externalId,
    };
  }
  throw new PygenValueError(
    `hasData filter: unknown source ${describeValue(source)}`,
  );
}

/** `{hasData: [sources]}`: instances with data in the given views or containers. */
export class HasData extends Filter {
  readonly sources: readonly SourceReference[];
  constructor(sources: readonly HasDataSource[]) {
    super();
    if (sources.length === 0) {
      throw new PygenValueError(
        "hasData filter: give at least one view or container",
      );
    }
    this.sources = sources.map(toSourceReference);
  }
  dump(): FilterJSON {
    return { hasData: this.sources };
  }
}

/** `{instanceReferences: [{space, externalId}]}`: exactly these instances. */
export class InstanceReferences extends Filter {
  readonly ids: readonly NodeId[];
  constructor(ids: readonly NodeId[]) {
    super();
    this.ids = ids.map((id, index) =>
      toDirectRelation(id, `instanceReferences filter [${index}]`)
    );
  }
  dump(): FilterJSON {
    return { instanceReferences: this.ids };
  }
}

/** `{and: [filters]}`. */
export class And extends Filter {
  readonly filters: readonly Filter[];
  constructor(filters: readonly FilterLike[]) {
    super();
    if (filters.length === 0) {
      throw new PygenValueError("and filter: give at least one filter");
    }
    this.filters = filters.map(toFilter);
  }
  dump(): FilterJSON {
    return { and: this.filters.map((f) => f.dump()) };
  }
}

/** `{or: [filters]}`. */
export class Or extends Filter {
  readonly filters: readonly Filter[];
  constructor(filters: readonly FilterLike[]) {
    super();
    if (filters.length === 0) {
      throw new PygenValueError("or filter: give at least one filter");
    }
    this.filters = filters.map(toFilter);
  }
  dump(): FilterJSON {
    return { or: this.filters.map((f) => f.dump()) };
  }
}

/** `{not: filter}`. */
export class Not extends Filter {
  readonly filter: Filter;
  constructor(filter: FilterLike) {
    super();
    this.filter = toFilter(filter);
  }
  dump(): FilterJSON {
    return { not: this.filter.dump() };
  }
}

/** A filter given as JSON, sent exactly as given. */
export class RawFilter extends Filter {
  constructor(readonly json: FilterJSON) {
    super();
    if (
      typeof json !== "object" || json === null || Array.isArray(json) ||
      Object.keys(json).length !== 1
    ) {
      throw new PygenValueError(
        `a raw filter is an object with exactly one key (the filter kind), got ${
          describeValue(json)
        }`,
      );
    }
  }
  dump(): FilterJSON {
    return this.json;
  }
}

/** A filter object as is, or JSON wrapped in a {@link RawFilter}. */
export function toFilter(filter: FilterLike): Filter {
  return filter instanceof Filter ? filter : new RawFilter(filter);
}

/** All of the filters (nested `and`s are flattened; one filter is returned as is). */
export function and(...filters: FilterLike[]): Filter {
  const flat = filters.map(toFilter).flatMap((
    f,
  ) => (f instanceof And ? f.filters : [f]));
  return flat.length === 1 ? flat[0] as Filter : new And(flat);
}

/** Any of the filters (nested `or`s are flattened; one filter is returned as is). */
export function or(...filters: FilterLike[]): Filter {
  const flat = filters.map(toFilter).flatMap((
    f,
  ) => (f instanceof Or ? f.filters : [f]));
  return flat.length === 1 ? flat[0] as Filter : new Or(flat);
}

/** The negation of a filter (a double negation cancels out). */
export function not(filter: FilterLike): Filter {
  const inner = toFilter(filter);
  return inner instanceof Not ? inner.filter : new Not(inner);
}

/** `[space, "View/version", propertyId]`: a view property in a filter or sort. */
export function viewProperty(
  view: ViewId,
  propertyId: string,
): PropertyReference {
  return [view.space, viewPropertyKey(view), propertyId];
}

/** `[space, container, propertyId]`: a container property in a filter. */
export function containerProperty(
  container: ContainerId,
  propertyId: string,
): PropertyReference {
  return [container.space, container.externalId, propertyId];
}

/** Instance metadata every node has. */
export type NodeField =
  | "instanceType"
  | "version"
  | "space"
  | "externalId"
  | "type"
  | "createdTime"
  | "lastUpdatedTime"
  | "deletedTime";

/** Instance metadata every edge has. */
export type EdgeField = NodeField | "startNode" | "endNode";

/** `["node", field]`. */
export function nodeProperty(field: NodeField): PropertyReference {
  return ["node", field];
}

/** `["edge", field]`. */
export function edgeProperty(field: EdgeField): PropertyReference {
  return ["edge", field];
}

/** `{parameter: name}`, a value bound from a query's `parameters`. */
export function parameter(name: string): ParameterValue {
  return { parameter: name };
}

/** `{property: reference}`, a value read from another property. */
export function propertyValue(reference: PropertyReference): PropertyValue {
  return { property: reference };
}
