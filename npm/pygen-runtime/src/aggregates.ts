/**
 * Several metrics in one aggregate request, the form `InstanceAPI.aggregate({...})` takes: each metric has a name
 * the caller picks, and its value comes back under that name, typed by the metric (`count` a number, `avg`/`sum`/
 * `min`/`max` a number or `null`, `histogram` buckets). Checked before anything is sent; sent as one
 * `/models/instances/aggregate` request with one entry in `aggregates` per metric, in the order given.
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import type { NodeId } from "./ids.ts";
import { describeValue } from "./ids.ts";
import type {
  FieldOf,
  NumericFieldOf,
  PropertyMap,
  PropertySpec,
} from "./schema.ts";
import type { RawAggregatedValue } from "./wire.ts";

/** DMS computes at most this many aggregates in one request. */
export const MAX_METRICS = 5;

/** One histogram bucket: values from `start` (inclusive) to `start + interval`. */
export interface HistogramBucket {
  readonly start: number;
  readonly count: number;
}

/**
 * One metric of a several-metrics `aggregate`:
 * - `"count"` or `{ count: true }`: the number of matching instances;
 * - `{ count: field }`: the number of non-null values of any field;
 * - `{ avg | sum | min | max: field }`: over a numeric (not list) field; `null` when there is nothing to aggregate;
 * - `{ histogram: field, interval }`: the counts of a numeric field's values in buckets of width `interval`.
 */
export type MetricSpec<TProps extends PropertyMap> =
  | "count"
  | { readonly count: true | FieldOf<TProps> }
  | { readonly avg: NumericFieldOf<TProps> }
  | { readonly sum: NumericFieldOf<TProps> }
  | { readonly min: NumericFieldOf<TProps> }
  | { readonly max: NumericFieldOf<TProps> }
  | {
    readonly histogram: NumericFieldOf<TProps>;
    readonly interval: number;
  };

/** Metric name → metric: what a several-metrics `aggregate` takes (1 to {@link MAX_METRICS} entries). */
export type MetricsSpec<TProps extends PropertyMap> = {
  readonly [name: string]: MetricSpec<TProps>;
};

/** The value of one metric: counts are numbers, histograms buckets, every other metric a number or `null`. */
export type MetricValue<TMetric> = TMetric extends
  "count" | { readonly count: unknown } ? number
  : TMetric extends { readonly histogram: unknown } ? HistogramBucket[]
  : number | null;

/** The values of several metrics, under the names they were asked for. */
export type MetricValues<TMetrics> = {
  readonly [K in keyof TMetrics]: MetricValue<TMetrics[K]>;
};

/** One group of a grouped several-metrics aggregate: the group's field values and every metric's value. */
export interface MetricsGroup<TField extends string, TValues> {
  readonly group: {
    readonly [K in TField]?: string | number | boolean | NodeId;
  };
  readonly aggregates: TValues;
}

type Kind = "count" | "avg" | "sum" | "min" | "max" | "histogram";

const KINDS: readonly Kind[] = [
  "count",
  "avg",
  "sum",
  "min",
  "max",
  "histogram",
];
const NUMERIC_TYPES: ReadonlySet<string> = new Set([
  "int32",
  "int64",
  "float32",
  "float64",
]);

/** A checked metric: its entry in the request's `aggregates` and what to match in the response. */
export interface ResolvedMetric {
  readonly name: string;
  readonly kind: Kind;
  /** The view property id, if the metric has one. */
  readonly property: string | undefined;
  readonly request: Record<string, unknown>;
}

/** What `resolveMetrics` needs of a view: its name and its field → property spec map. */
export interface MetricsView {
  readonly name: string;
  readonly properties: PropertyMap;
}

/** Checks named metrics against a view and turns them into request entries; every error names the metric. */
export function resolveMetrics(
  view: MetricsView,
  metrics: unknown,
): ResolvedMetric[] {
  if (
    typeof metrics !== "object" || metrics === null || Array.isArray(metrics)
  ) {
    throw new PygenValueError(
      `aggregate on ${view.name}: give one aggregation name ("count", "avg", ...) or an object of named metrics ` +
        `such as { total: "count", avgPrice: { avg: "price" } }, got ${
          describeValue(metrics)
        }`,
    );
  }
  const entries = Object.entries(metrics);
  if (entries.length === 0) {
    throw new PygenValueError(
      `aggregate on ${view.name}: give at least one metric, e.g. { total: "count" }`,
    );
  }
  if (entries.length > MAX_METRICS) {
    throw new PygenValueError(
      `aggregate on ${view.name}: DMS computes at most ${MAX_METRICS} metrics in one request, got ` +
        `${entries.length} (${
          entries.map(([name]) => name).join(", ")
        }); split them over several calls`,
    );
  }
  return entries.map(([name, spec]) => resolveMetric(view, name, spec));
}

function resolveMetric(
  view: MetricsView,
  name: string,
  spec: unknown,
): ResolvedMetric {
  const where = `aggregate on ${view.name}, metric ${JSON.stringify(name)}`;
  if (spec === "count") {
    return { name, kind: "count", property: undefined, request: { count: {} } };
  }
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new PygenValueError(
      `${where}: expected "count" or an object such as { avg: "price" }, got ${
        describeValue(spec)
      }`,
    );
  }
  const keys = Object.keys(spec);
  const kinds = keys.filter((key) =>
    (KINDS as readonly string[]).includes(key)
  );
  const unknown = keys.filter((key) =>
    !(KINDS as readonly string[]).includes(key) &&
    !(key === "interval" && kinds.includes("histogram"))
  );
  if (unknown.length > 0) {
    throw new PygenValueError(
      `${where}: unknown aggregation ${
        unknown.map((key) => JSON.stringify(key)).join(", ")
      }; use count, avg, sum, min, max or histogram`,
    );
  }
  if (kinds.length !== 1) {
    throw new PygenValueError(
      `${where}: give exactly one of count, avg, sum, min, max or histogram, got ${
        kinds.length ? kinds.join(" and ") : "none"
      }`,
    );
  }
  const kind = kinds[0] as Kind;
  const field = (spec as Record<string, unknown>)[kind];
  if (kind === "count") {
    if (field === true) {
      return { name, kind, property: undefined, request: { count: {} } };
    }
    if (typeof field !== "string") {
      throw new PygenValueError(
        `${where}: count takes true (count instances) or a field name (count its non-null values), got ${
          describeValue(field)
        }`,
      );
    }
    const property = propertySpec(view, field, where).id;
    return { name, kind, property, request: { count: { property } } };
  }
  if (typeof field !== "string") {
    throw new PygenValueError(
      `${where}: ${kind} needs a numeric field, e.g. { ${kind}: "price" }, got ${
        describeValue(field)
      }`,
    );
  }
  const property = propertySpec(view, field, where);
  if (!NUMERIC_TYPES.has(property.type) || property.list) {
    throw new PygenValueError(
      `${where}: ${kind} needs a numeric field; ${
        JSON.stringify(field)
      } is ${property.type}${property.list ? " list" : ""}`,
    );
  }
  if (kind !== "histogram") {
    return {
      name,
      kind,
      property: property.id,
      request: { [kind]: { property: property.id } },
    };
  }
  const interval = (spec as { interval?: unknown }).interval;
  if (
    typeof interval !== "number" || !(interval > 0) ||
    !Number.isFinite(interval)
  ) {
    throw new PygenValueError(
      `${where}: histogram needs a positive interval, e.g. { histogram: "${field}", interval: 10 }, got ${
        describeValue(interval)
      }`,
    );
  }
  return {
    name,
    kind,
    property: property.id,
    request: { histogram: { property: property.id, interval } },
  };
}

function propertySpec(
  view: MetricsView,
  field: string,
  where: string,
): PropertySpec {
  if (!Object.hasOwn(view.properties, field)) {
    throw new PygenValueError(
      `${where}: no field ${JSON.stringify(field)}; fields: ${
        Object.keys(view.properties).join(", ")
      }`,
    );
  }
  return view.properties[field] as PropertySpec;
}

/**
 * The values of the metrics in one response group, by metric name. DMS answers in the order asked; a value is
 * still found by its aggregate and property if it is not. Nothing to aggregate: counts 0, histograms no buckets,
 * other metrics `null`.
 */
export function metricValues(
  metrics: readonly ResolvedMetric[],
  raw: readonly RawAggregatedValue[] | undefined,
): Record<string, number | null | HistogramBucket[]> {
  const values = raw ?? [];
  const out: Record<string, number | null | HistogramBucket[]> = {};
  // defineProperty, so that any metric name is an own property (an assignment to "__proto__" would be lost).
  const set = (name: string, value: number | null | HistogramBucket[]) =>
    Object.defineProperty(out, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  metrics.forEach((metric, index) => {
    const matches = (entry: RawAggregatedValue | undefined) =>
      entry !== undefined && entry.aggregate === metric.kind &&
      (metric.property === undefined || entry.property === undefined ||
        entry.property === metric.property);
    const atIndex = values[index];
    const found = matches(atIndex) ? atIndex : values.find(matches);
    if (metric.kind === "histogram") {
      const buckets = found && "buckets" in found ? found.buckets : [];
      set(
        metric.name,
        buckets.map((bucket) => ({ start: bucket.start, count: bucket.count })),
      );
      return;
    }
    const value = found && "value" in found ? found.value : undefined;
    set(
      metric.name,
      typeof value === "number" ? value : metric.kind === "count" ? 0 : null,
    );
  });
  return out;
}
