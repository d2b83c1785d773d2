/**
 * Values on the wire, per DMS type: how a TypeScript value is checked and written, and how a read value is
 * turned back into the TypeScript type. Writes are strict (a bad value is an error naming where it is);
 * reads are lenient (an odd value is passed through, never an error).
 *
 * - timestamp: a `Date`, sent as ISO 8601 with milliseconds and offset (`2024-05-31T02:12:29.000+00:00`);
 * - date: a `"YYYY-MM-DD"` string (never a `Date`, which would drag a time zone in);
 * - int64: a `number` up to 2^53 - 1, or a `bigint` for anything larger (sent as an exact JSON integer).
 *   Reads return `number`, so values beyond 2^53 lose precision when JSON is parsed;
 * - direct relation: `{space, externalId}` (any object carrying those two, e.g. a read instance, works).
 *
 * @module
 */

import { PygenValueError } from "./errors.ts";
import { describeValue, idOf, toDirectRelation } from "./ids.ts";
import type { PropertySpec, PropertyType } from "./schema.ts";

const TIMESTAMP_TEXT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}(:?\d{2})?)$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A `Date` as DMS wants it: `YYYY-MM-DDTHH:MM:SS.sss+00:00`. */
export function formatTimestamp(value: Date, where = "timestamp"): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new PygenValueError(
      `${where}: expected a valid Date, got ${describeValue(value)}`,
    );
  }
  const year = value.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new PygenValueError(
      `${where}: DMS timestamps must be in the years 0001-9999, got year ${year}`,
    );
  }
  return value.toISOString().replace(/Z$/, "+00:00");
}

/** Reads a DMS timestamp (ISO text, or epoch milliseconds for instance metadata) into a `Date`. */
export function parseTimestamp(value: string | number): Date {
  return new Date(value);
}

/** Checks a `"YYYY-MM-DD"` string names a real calendar day; returns it unchanged. */
export function formatDate(value: unknown, where = "date"): string {
  if (typeof value === "string") {
    const match = DATE_TEXT.exec(value);
    if (match) {
      const [, y, m, d] = match.map(Number) as [number, number, number, number];
      const probe = new Date(Date.UTC(2000, m - 1, d));
      probe.setUTCFullYear(y);
      if (
        y >= 1 && probe.getUTCFullYear() === y &&
        probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
      ) {
        return value;
      }
    }
  }
  const hint = value instanceof Date
    ? ` (dates are "YYYY-MM-DD" strings; use dateString(date) to take the UTC day of a Date)`
    : ` (expected a "YYYY-MM-DD" string)`;
  throw new PygenValueError(
    `${where}: not a valid date: ${describeValue(value)}${hint}`,
  );
}

/** The UTC calendar day of a `Date` as `"YYYY-MM-DD"`. */
export function dateString(value: Date): string {
  return formatTimestamp(value, "dateString").slice(0, 10);
}

type WriteConverter = (value: unknown, where: string) => unknown;
type ReadConverter = (value: unknown) => unknown;

function expectString(value: unknown, where: string, what: string): string {
  if (typeof value !== "string") {
    throw new PygenValueError(
      `${where}: expected ${what}, got ${describeValue(value)}`,
    );
  }
  if (value.includes("\u0000")) {
    throw new PygenValueError(`${where}: text must not contain NUL characters`);
  }
  return value;
}

function writeInteger(bits: 32 | 64): WriteConverter {
  return (value, where) => {
    if (bits === 64 && typeof value === "bigint") {
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new PygenValueError(`${where}: ${value}n does not fit in int64`);
      }
      return value;
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new PygenValueError(
        `${where}: expected an integer, got ${describeValue(value)}`,
      );
    }
    if (bits === 32 && (value < -(2 ** 31) || value > 2 ** 31 - 1)) {
      throw new PygenValueError(`${where}: ${value} does not fit in int32`);
    }
    if (bits === 64 && !Number.isSafeInteger(value)) {
      throw new PygenValueError(
        `${where}: ${value} is beyond 2^53 and has already lost precision as a number; pass a bigint`,
      );
    }
    return value;
  };
}

function writeFloat(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new PygenValueError(
      `${where}: expected a finite number, got ${describeValue(value)}`,
    );
  }
  return value;
}

function writeTimestamp(value: unknown, where: string): string {
  if (typeof value === "string" && TIMESTAMP_TEXT.test(value)) return value;
  if (value instanceof Date) return formatTimestamp(value, where);
  throw new PygenValueError(
    `${where}: expected a Date, got ${describeValue(value)}`,
  );
}

function writeJson(value: unknown, where: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const hint = Array.isArray(value)
      ? " (DMS JSON values are objects; wrap the array, e.g. {items: [...]})"
      : "";
    throw new PygenValueError(
      `${where}: expected a JSON object, got ${describeValue(value)}${hint}`,
    );
  }
  return value;
}

function writeEnum(values: readonly string[] | undefined): WriteConverter {
  return (value, where) => {
    const text = expectString(value, where, "an enum value (string)");
    if (values && !values.includes(text)) {
      throw new PygenValueError(
        `${where}: ${JSON.stringify(text)} is not one of the enum values ${
          values.map((v) => `"${v}"`).join(", ")
        }`,
      );
    }
    return text;
  };
}

function scalarWriter(spec: PropertySpec): WriteConverter {
  const type: PropertyType = spec.type;
  switch (type) {
    case "text":
      return (v, w) => expectString(v, w, "a string");
    case "timeseries":
    case "file":
    case "sequence":
      return (v, w) => expectString(v, w, `a ${type} external id (string)`);
    case "int32":
      return writeInteger(32);
    case "int64":
      return writeInteger(64);
    case "float32":
    case "float64":
      return writeFloat;
    case "boolean":
      return (v, w) => {
        if (typeof v !== "boolean") {
          throw new PygenValueError(
            `${w}: expected a boolean, got ${describeValue(v)}`,
          );
        }
        return v;
      };
    case "timestamp":
      return writeTimestamp;
    case "date":
      return formatDate;
    case "json":
      return writeJson;
    case "enum":
      return writeEnum(spec.values);
    case "direct":
      return toDirectRelation;
    default:
      return assertNever(type);
  }
}

/**
 * The checked wire-value writer of one property (lists included). `null` is handled by the caller, because
 * whether it is allowed depends on the property, not on the type.
 */
export function valueWriter(spec: PropertySpec): WriteConverter {
  const scalar = scalarWriter(spec);
  if (!spec.list) return scalar;
  return (value, where) => {
    if (!Array.isArray(value)) {
      throw new PygenValueError(
        `${where}: expected an array (list property), got ${
          describeValue(value)
        }`,
      );
    }
    return value.map((item, index) => {
      if (item === null || item === undefined) {
        throw new PygenValueError(
          `${where}[${index}]: list items must not be null`,
        );
      }
      return scalar(item, `${where}[${index}]`);
    });
  };
}

function readTimestamp(value: unknown): unknown {
  return typeof value === "string" || typeof value === "number"
    ? parseTimestamp(value)
    : value;
}

function readDirect(value: unknown): unknown {
  return idOf(value) ?? value;
}

/** The lenient reader of one property, or `undefined` when the wire value is already the TypeScript value. */
export function valueReader(spec: PropertySpec): ReadConverter | undefined {
  const scalar = spec.type === "timestamp"
    ? readTimestamp
    : spec.type === "direct"
    ? readDirect
    : undefined;
  if (!scalar) return undefined;
  if (!spec.list) return scalar;
  return (value) => (Array.isArray(value) ? value.map(scalar) : value);
}

/** Converts a filter value given in TypeScript terms (Dates, ids, bigints) into its wire form. */
export function filterValue(value: unknown): unknown {
  if (value instanceof Date) return formatTimestamp(value, "filter value");
  if (Array.isArray(value)) return value.map(filterValue);
  return value;
}

const BIGINT_MARK = "\u0000pygen-bigint:";

/**
 * `JSON.stringify` that writes `bigint` values as exact JSON integers (for int64 beyond 2^53) and rejects
 * what JSON cannot carry (`NaN`, `Infinity`) instead of silently turning it into `null`.
 */
export function toJSONText(body: unknown): string {
  // A plain walk is several times cheaper than a JSON.stringify replacer, so the replacer only runs when needed.
  const found = scan(body);
  if (found === Found.Nothing) return JSON.stringify(body);
  let sawBigInt = false;
  const text = JSON.stringify(body, (key, value: unknown) => {
    if (typeof value === "bigint") {
      sawBigInt = true;
      return `${BIGINT_MARK}${value}`;
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new PygenValueError(
        `${key || "value"}: ${value} cannot be sent as JSON`,
      );
    }
    return value;
  });
  return sawBigInt
    ? text.replace(/"\\u0000pygen-bigint:(-?\d+)"/g, "$1")
    : text;
}

/** What {@link scan} found: nothing special, a bigint, or a number JSON cannot carry. */
const Found = { Nothing: 0, BigInt: 1, NotFinite: 2 } as const;
type Found = (typeof Found)[keyof typeof Found];

function scan(value: unknown): Found {
  if (typeof value === "number") {
    return Number.isFinite(value) ? Found.Nothing : Found.NotFinite;
  }
  if (typeof value === "bigint") return Found.BigInt;
  if (typeof value !== "object" || value === null) return Found.Nothing;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    return value instanceof Date ? Found.Nothing : scan(toJSON.call(value));
  }
  let found: Found = Found.Nothing;
  if (Array.isArray(value)) {
    for (const item of value) {
      const result = scan(item);
      if (result === Found.NotFinite) return result;
      if (result === Found.BigInt) found = result;
    }
    return found;
  }
  for (const key in value) {
    const result = scan((value as Record<string, unknown>)[key]);
    if (result === Found.NotFinite) return result;
    if (result === Found.BigInt) found = result;
  }
  return found;
}

function assertNever(value: never): never {
  throw new PygenValueError(
    `unsupported property type ${JSON.stringify(value)}`,
  );
}
