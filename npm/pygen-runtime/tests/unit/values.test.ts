import assert from "node:assert/strict";
import {
  dateString,
  formatDate,
  formatTimestamp,
  type PropertySpec,
  PygenValueError,
  Range,
  toJSONText,
  valueReader,
  valueWriter,
} from "./deps.ts";

const write = (spec: Omit<PropertySpec, "id">, value: unknown) =>
  valueWriter({ id: "p", ...spec })(value, "where");
const rejects = (
  spec: Omit<PropertySpec, "id">,
  value: unknown,
  message: RegExp,
) =>
  assert.throws(
    () => write(spec, value),
    (e: unknown) =>
      e instanceof PygenValueError && message.test(e.message) &&
      e.message.startsWith("where"),
    `${JSON.stringify(spec)} ${String(value)}`,
  );

Deno.test("timestamps are sent as ISO 8601 with milliseconds and +00:00", () => {
  assert.equal(
    formatTimestamp(new Date("2024-05-31T02:12:29Z")),
    "2024-05-31T02:12:29.000+00:00",
  );
  assert.equal(
    formatTimestamp(new Date(Date.UTC(2024, 0, 1, 23, 59, 59, 7))),
    "2024-01-01T23:59:59.007+00:00",
  );
  assert.equal(
    write({ type: "timestamp" }, new Date("2020-02-02T10:00:00.123+02:00")),
    "2020-02-02T08:00:00.123+00:00",
  );
  assert.equal(
    write({ type: "timestamp" }, "2020-02-02T10:00:00+02:00"),
    "2020-02-02T10:00:00+02:00",
  );
  rejects({ type: "timestamp" }, new Date("nope"), /expected a valid Date/);
  rejects(
    { type: "timestamp" },
    1717121549000,
    /expected a Date, got 1717121549000/,
  );
  rejects({ type: "timestamp" }, "yesterday", /expected a Date/);
  assert.throws(
    () => formatTimestamp(new Date(Date.UTC(10000, 0, 1))),
    /years 0001-9999/,
  );
});

Deno.test("dates are YYYY-MM-DD strings naming a real day", () => {
  assert.equal(formatDate("2024-02-29"), "2024-02-29");
  assert.equal(formatDate("0001-01-01"), "0001-01-01");
  for (
    const bad of [
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-1-1",
      "0000-01-01",
      "2024-04-31",
    ]
  ) {
    assert.throws(() => formatDate(bad), /not a valid date/, bad);
  }
  assert.throws(() => formatDate(new Date()), /use dateString\(date\)/);
  assert.equal(dateString(new Date("2024-03-05T23:30:00Z")), "2024-03-05");
});

Deno.test("integers: int32 range, int64 safe numbers or bigint", () => {
  assert.equal(write({ type: "int32" }, 2 ** 31 - 1), 2 ** 31 - 1);
  rejects({ type: "int32" }, 2 ** 31, /does not fit in int32/);
  rejects({ type: "int32" }, 1.5, /expected an integer, got 1.5/);
  assert.equal(
    write({ type: "int64" }, Number.MAX_SAFE_INTEGER),
    Number.MAX_SAFE_INTEGER,
  );
  assert.equal(
    write({ type: "int64" }, 9223372036854775807n),
    9223372036854775807n,
  );
  rejects({ type: "int64" }, 2 ** 60, /beyond 2\^53.*pass a bigint/);
  rejects({ type: "int64" }, 2n ** 63n, /does not fit in int64/);
});

Deno.test("bigints are written as exact JSON integers", () => {
  assert.equal(
    toJSONText({
      a: 9007199254740993n,
      b: [-9223372036854775808n],
      c: "9007199254740993n",
    }),
    '{"a":9007199254740993,"b":[-9223372036854775808],"c":"9007199254740993n"}',
  );
  assert.throws(() => toJSONText({ x: NaN }), /x: NaN cannot be sent as JSON/);
  assert.throws(
    () =>
      toJSONText({ filter: new Range(["s", "V/1", "p"], { gt: Infinity }) }),
    /gt: Infinity cannot be sent as JSON/,
    "values inside filter objects are checked too",
  );
  assert.equal(
    toJSONText({ when: new Date(0), n: [1, null] }),
    '{"when":"1970-01-01T00:00:00.000Z","n":[1,null]}',
  );
});

Deno.test("floats must be finite; booleans must be booleans", () => {
  assert.equal(write({ type: "float64" }, 1.25), 1.25);
  rejects({ type: "float32" }, NaN, /finite number, got NaN/);
  rejects({ type: "float64" }, Infinity, /finite number/);
  rejects({ type: "float64" }, "1.5", /finite number/);
  rejects({ type: "boolean" }, "true", /expected a boolean/);
});

Deno.test("text rejects non-strings and NUL; references are external id strings", () => {
  assert.equal(write({ type: "text" }, "ok"), "ok");
  rejects({ type: "text" }, 5, /expected a string, got 5/);
  rejects({ type: "text" }, "a\u0000b", /NUL/);
  rejects(
    { type: "timeseries" },
    { externalId: "x" },
    /timeseries external id/,
  );
});

Deno.test("JSON values are objects; arrays get a hint", () => {
  assert.deepEqual(write({ type: "json" }, { a: [1, 2] }), { a: [1, 2] });
  rejects({ type: "json" }, [1, 2], /wrap the array/);
  rejects({ type: "json" }, "{}", /expected a JSON object/);
});

Deno.test("enums accept their values only", () => {
  assert.equal(write({ type: "enum", values: ["a", "b"] }, "b"), "b");
  rejects(
    { type: "enum", values: ["a", "b"] },
    "c",
    /"c" is not one of the enum values "a", "b"/,
  );
});

Deno.test("direct relations become exactly {space, externalId}", () => {
  assert.deepEqual(
    write({ type: "direct" }, {
      space: "s",
      externalId: "x",
      name: "extra",
      dataRecord: {},
    }),
    {
      space: "s",
      externalId: "x",
    },
  );
  rejects({ type: "direct" }, "x", /expected \{space, externalId\}/);
  rejects({ type: "direct" }, { space: "", externalId: "x" }, /non-empty/);
});

Deno.test("lists check every element and name its index", () => {
  assert.deepEqual(write({ type: "date", list: true }, ["2024-01-01"]), [
    "2024-01-01",
  ]);
  assert.deepEqual(write({ type: "timestamp", list: true }, [new Date(0)]), [
    "1970-01-01T00:00:00.000+00:00",
  ]);
  rejects(
    { type: "int32", list: true },
    [1, "2"],
    /^where\[1\]: expected an integer/,
  );
  rejects(
    { type: "text", list: true },
    ["a", null],
    /where\[1\]: list items must not be null/,
  );
  rejects({ type: "text", list: true }, "a", /expected an array/);
});

Deno.test("reads convert timestamps and direct relations, leniently", () => {
  const ts = valueReader({ id: "t", type: "timestamp" });
  assert.ok(ts);
  assert.deepEqual(
    ts("2024-05-31T02:12:29.000+00:00"),
    new Date("2024-05-31T02:12:29Z"),
  );
  assert.equal(ts(true), true, "odd values pass through");
  const directs = valueReader({ id: "d", type: "direct", list: true });
  assert.deepEqual(
    directs?.([{ space: "s", externalId: "a", extra: 1 }, "weird"]),
    [
      { space: "s", externalId: "a" },
      "weird",
    ],
  );
  assert.equal(
    valueReader({ id: "x", type: "text" }),
    undefined,
    "no conversion needed",
  );
});
