/**
 * Generated list arguments (`name`, `namePrefix`, `minPrice`, ...) as data: each argument names a field and
 * what kind of filter it makes, and the runtime builds the filters. Per-view code only declares the table.
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import type { NodeId } from "./ids.ts";
import { describeValue } from "./ids.ts";
import type { Filter, FilterLike } from "./filters.ts";
import { MatchAll, toFilter } from "./filters.ts";
import {
  DirectRelationFilter,
  ListFilter,
  TextFilter,
} from "./filter_builders.ts";
import type { Instance } from "./instances.ts";
import type { FieldOf, PropertyMap } from "./schema.ts";
import type { ViewDescriptor } from "./view.ts";

/**
 * What an argument does with its value:
 * - `equals`: the field equals the value;
 * - `equalsOrIn`: equals for one value, in for an array;
 * - `prefix`: text starts with the value;
 * - `min` / `max`: inclusive lower / upper bound (both on one field merge into one range);
 * - `containsAny` / `containsAll`: list fields.
 */
export type ArgKind =
  | "equals"
  | "equalsOrIn"
  | "prefix"
  | "min"
  | "max"
  | "containsAny"
  | "containsAll";

/** Argument name → `[field, kind]`. */
export type ArgSpec<TProps extends PropertyMap = PropertyMap> = {
  readonly [argument: string]: readonly [field: FieldOf<TProps>, kind: ArgKind];
};

/** Arguments every list, iterate, search, aggregate and histogram call takes. */
export interface FilterArgs {
  /** Only instances in this space (or these spaces). */
  space?: string | readonly string[];
  /** Only instances whose external id starts with this. */
  externalIdPrefix?: string;
  /** Any further filter, combined with the others by `and`. */
  filter?: FilterLike;
}

/** Arguments edge views add: the edge's ends and type. */
export interface EdgeFilterArgs extends FilterArgs {
  startNode?: NodeId | readonly NodeId[];
  endNode?: NodeId | readonly NodeId[];
  type?: NodeId | readonly NodeId[];
}

/** Names the runtime reserves in argument objects; generated argument names must avoid them. */
export const RESERVED_ARGUMENT_NAMES: readonly string[] = [
  "space",
  "externalIdPrefix",
  "filter",
  "startNode",
  "endNode",
  "type",
  "limit",
  "sortBy",
  "direction",
  "nullsFirst",
  "sort",
  "cursor",
  "chunkSize",
  "properties",
  "operator",
  "property",
  "groupBy",
  "query",
  "searchProperties",
  "retrieveConnections",
  "signal",
];

const RESERVED: ReadonlySet<string> = new Set(RESERVED_ARGUMENT_NAMES);
const EDGE_ARGS = ["startNode", "endNode", "type"];

/** The builder methods argument kinds call; every comparable builder has them. */
interface Comparable {
  equals(value: unknown): Filter;
  equalsOrIn(value: unknown): Filter;
  range(bounds: { gte?: unknown; lte?: unknown }): Filter;
}

/** Builds the filters of the given arguments (base arguments, then generated ones in spec order). */
export function argumentFilters<TProps extends PropertyMap>(
  descriptor: ViewDescriptor<Instance, unknown, TProps>,
  spec: ArgSpec<TProps>,
  args: Readonly<Record<string, unknown>>,
): Filter[] {
  // `null` means "not given", like an absent argument.
  const given = (
    name: string,
  ): unknown => (args[name] === null ? undefined : args[name]);
  const kind = descriptor.instanceType;
  const filters: Filter[] = [];
  const unknown = Object.keys(args).filter((name) =>
    args[name] !== undefined && !Object.hasOwn(spec, name) &&
    (!RESERVED.has(name) || (kind === "node" && EDGE_ARGS.includes(name)))
  );
  if (unknown.length) {
    throw new PygenValueError(
      `unknown argument(s) ${
        unknown.join(", ")
      } for view ${descriptor.name}; valid: ${
        [
          ...Object.keys(spec),
          "space",
          "externalIdPrefix",
          "filter",
          ...(kind === "edge" ? EDGE_ARGS : []),
        ]
          .join(", ")
      }`,
    );
  }

  const space = given("space");
  if (space !== undefined) {
    filters.push(
      new TextFilter([kind, "space"]).equalsOrIn(space as string | string[]),
    );
  }
  const prefix = given("externalIdPrefix");
  if (prefix !== undefined) {
    if (typeof prefix !== "string") {
      throw new PygenValueError(
        `externalIdPrefix: expected a string, got ${describeValue(prefix)}`,
      );
    }
    filters.push(new TextFilter([kind, "externalId"]).prefix(prefix));
  }
  if (kind === "edge") {
    for (const name of ["startNode", "endNode", "type"] as const) {
      const value = given(name);
      if (value !== undefined) {
        filters.push(
          new DirectRelationFilter(["edge", name]).equalsOrIn(value as NodeId),
        );
      }
    }
  }

  // min/max arguments of one field become one range, placed where the first of them appears.
  const ranges = new Map<
    string,
    { slot: number; bounds: { gte?: unknown; lte?: unknown } }
  >();
  for (const [argument, entry] of Object.entries(spec)) {
    const [field, argKind] = entry;
    const value = given(argument);
    if (value === undefined) continue;
    const builder = descriptor.filter(field) as unknown;
    switch (argKind) {
      case "equals":
      case "equalsOrIn":
        if (typeof (builder as Partial<Comparable>)[argKind] !== "function") {
          throw notFor(argument, argKind, descriptor.name, field);
        }
        filters.push((builder as Comparable)[argKind](value));
        break;
      case "prefix":
        if (!(builder instanceof TextFilter)) {
          throw notFor(argument, argKind, descriptor.name, field);
        }
        filters.push(builder.prefix(value as string));
        break;
      case "min":
      case "max": {
        if (typeof (builder as Partial<Comparable>).range !== "function") {
          throw notFor(argument, argKind, descriptor.name, field);
        }
        let range = ranges.get(field);
        if (!range) {
          range = { slot: filters.length, bounds: {} };
          ranges.set(field, range);
          filters.push(new MatchAll());
        }
        range.bounds[argKind === "min" ? "gte" : "lte"] = value;
        break;
      }
      case "containsAny":
      case "containsAll":
        if (!(builder instanceof ListFilter)) {
          throw notFor(argument, argKind, descriptor.name, field);
        }
        filters.push(builder[argKind](value as unknown[]));
        break;
      default:
        throw new PygenValueError(
          `argument ${argument}: unknown argument kind ${
            JSON.stringify(argKind)
          }`,
        );
    }
  }
  for (const [field, range] of ranges) {
    filters[range.slot] =
      (descriptor.filter(field as FieldOf<TProps>) as unknown as Comparable)
        .range(range.bounds);
  }

  const extra = given("filter");
  if (extra !== undefined) filters.push(toFilter(extra as FilterLike));
  return filters;
}

function notFor(
  argument: string,
  kind: ArgKind,
  view: string,
  field: string,
): PygenValueError {
  return new PygenValueError(
    `argument ${argument}: a ${kind} argument does not fit field ${field} of view ${view}`,
  );
}
