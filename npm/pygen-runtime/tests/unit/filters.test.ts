import assert from "node:assert/strict";
import {
  And,
  and,
  containerProperty,
  ContainsAll,
  ContainsAny,
  edgeFilters,
  Equals,
  Exists,
  type Filter,
  HasData,
  In,
  InstanceReferences,
  MatchAll,
  Nested,
  nodeFilters,
  nodeProperty,
  not,
  or,
  Overlaps,
  parameter,
  Prefix,
  propertyValue,
  PygenValueError,
  Range,
  RawFilter,
  viewProperty,
} from "./deps.ts";
import { PRODUCT_VIEW } from "../example_sdk/index.ts";

const view = { space: "sp", externalId: "Pump", version: "v1" };
const p = (id: string) => viewProperty(view, id);
const dump = (filter: Filter) => JSON.parse(JSON.stringify(filter));

Deno.test("every filter kind dumps to the DMS JSON", () => {
  const cases: [Filter, unknown][] = [
    [new Equals(p("name"), "a"), {
      equals: { property: ["sp", "Pump/v1", "name"], value: "a" },
    }],
    [new In(p("n"), [1, 2]), {
      in: { property: ["sp", "Pump/v1", "n"], values: [1, 2] },
    }],
    [new Range(p("n"), { gt: 1, lte: 5 }), {
      range: { property: ["sp", "Pump/v1", "n"], gt: 1, lte: 5 },
    }],
    [new Prefix(nodeProperty("externalId"), "pump-"), {
      prefix: { property: ["node", "externalId"], value: "pump-" },
    }],
    [new Exists(p("n")), { exists: { property: ["sp", "Pump/v1", "n"] } }],
    [new ContainsAny(p("tags"), ["a"]), {
      containsAny: { property: ["sp", "Pump/v1", "tags"], values: ["a"] },
    }],
    [new ContainsAll(p("tags"), ["a", "b"]), {
      containsAll: { property: ["sp", "Pump/v1", "tags"], values: ["a", "b"] },
    }],
    [new MatchAll(), { matchAll: {} }],
    [
      new Nested(
        p("site"),
        new Equals(
          containerProperty({ space: "sp", externalId: "Site" }, "name"),
          "Oslo",
        ),
      ),
      {
        nested: {
          scope: ["sp", "Pump/v1", "site"],
          filter: {
            equals: { property: ["sp", "Site", "name"], value: "Oslo" },
          },
        },
      },
    ],
    [
      new Overlaps(p("start"), p("end"), {
        gte: new Date("2024-01-01T00:00:00Z"),
        lt: new Date("2025-01-01T00:00:00Z"),
      }),
      {
        overlaps: {
          startProperty: ["sp", "Pump/v1", "start"],
          endProperty: ["sp", "Pump/v1", "end"],
          gte: "2024-01-01T00:00:00.000+00:00",
          lt: "2025-01-01T00:00:00.000+00:00",
        },
      },
    ],
    [
      new HasData([view, { space: "sp", externalId: "PumpContainer" }]),
      {
        hasData: [
          { type: "view", space: "sp", externalId: "Pump", version: "v1" },
          { type: "container", space: "sp", externalId: "PumpContainer" },
        ],
      },
    ],
    [
      new InstanceReferences([
        { space: "s", externalId: "a", name: "dropped" } as never,
      ]),
      { instanceReferences: [{ space: "s", externalId: "a" }] },
    ],
    [new Equals(p("a"), propertyValue(p("b"))), {
      equals: {
        property: ["sp", "Pump/v1", "a"],
        value: { property: ["sp", "Pump/v1", "b"] },
      },
    }],
    [new Prefix(p("a"), parameter("pre")), {
      prefix: { property: ["sp", "Pump/v1", "a"], value: { parameter: "pre" } },
    }],
    [new RawFilter({ equals: { property: ["node", "space"], value: "x" } }), {
      equals: { property: ["node", "space"], value: "x" },
    }],
  ];
  for (const [filter, expected] of cases) {
    assert.deepEqual(dump(filter), expected, JSON.stringify(expected));
  }
});

Deno.test("and/or flatten, a single operand stands alone, and double negation cancels", () => {
  const a = new Exists(p("a"));
  const b = new Exists(p("b"));
  const c = new Exists(p("c"));
  assert.deepEqual(dump(a.and(b).and(c)), { and: [dump(a), dump(b), dump(c)] });
  assert.deepEqual(dump(or(a, or(b, c))), { or: [dump(a), dump(b), dump(c)] });
  assert.equal(and(a), a);
  assert.deepEqual(dump(a.or(b.not())), { or: [dump(a), { not: dump(b) }] });
  assert.equal(not(not(a)), a);
  assert.ok(
    and(a, { matchAll: {} }) instanceof And,
    "JSON filters mix with objects",
  );
});

Deno.test("bad filters are rejected with what is wrong", () => {
  assert.throws(
    () => new Range(p("n"), {}),
    /at least one of gt, gte, lt, lte/,
  );
  assert.throws(
    () => new Range(p("n"), { gt: 1, gte: 2 }),
    /gt or gte, not both/,
  );
  assert.throws(
    () => new Range(p("n"), { lt: 1, lte: 2 }),
    /lt or lte, not both/,
  );
  assert.throws(() => new Equals(["only-one"], 1), /2 or 3 non-empty strings/);
  assert.throws(() => new HasData([]), PygenValueError);
  assert.throws(() => new And([]), /at least one filter/);
  assert.throws(
    () => new RawFilter({ a: 1, b: 2 } as never),
    /exactly one key/,
  );
});

Deno.test("typed builders convert values by property type", () => {
  const f = PRODUCT_VIEW.filters;
  const ref = (id: string) => ["pygen_example", "Product/v1", id];
  assert.deepEqual(
    dump(f.updatedAt.range({ gte: new Date("2024-01-01T00:00:00Z") })),
    {
      range: {
        property: ref("updatedAt"),
        gte: "2024-01-01T00:00:00.000+00:00",
      },
    },
  );
  assert.deepEqual(dump(f.releaseDate.equals("2024-02-29")), {
    equals: { property: ref("releaseDate"), value: "2024-02-29" },
  });
  assert.throws(() => f.releaseDate.equals("2024-02-30"), /not a valid date/);
  assert.deepEqual(
    dump(f.category.equalsOrIn([{ space: "s", externalId: "c1" }])),
    {
      in: {
        property: ref("category"),
        values: [{ space: "s", externalId: "c1" }],
      },
    },
  );
  assert.deepEqual(dump(f.category.nested(f.name.prefix("x"))), {
    nested: {
      scope: ref("category"),
      filter: { prefix: { property: ref("name"), value: "x" } },
    },
  });
  assert.deepEqual(dump(f.tags.containsAll(["a", "b"])), {
    containsAll: { property: ref("tags"), values: ["a", "b"] },
  });
  assert.deepEqual(dump(f.status.in(["draft", "active"])), {
    in: { property: ref("status"), values: ["draft", "active"] },
  });
  assert.deepEqual(dump(f.isActive.equals(true)), {
    equals: { property: ref("isActive"), value: true },
  });
  assert.deepEqual(dump(f.attributes.exists()), {
    exists: { property: ref("attributes") },
  });
  assert.deepEqual(dump(f.price.range({ gt: 1, lt: 2 })), {
    range: { property: ref("price"), gt: 1, lt: 2 },
  });
});

Deno.test("typed builders are typed per property (compile-time checks)", () => {
  const f = PRODUCT_VIEW.filters;
  // These lines only need to compile with the expected errors; deno check fails if any of them type-checks.
  const neverCalled = () => {
    // @ts-expect-error: an enum builder only takes the enum's values
    f.status.equals("sold-out");
    // @ts-expect-error: a list property has no equals
    f.tags.equals("a");
    // @ts-expect-error: JSON properties only support exists
    f.attributes.equals({});
    // @ts-expect-error: the view has no such field
    f.prise.equals(1);
  };
  assert.equal(typeof neverCalled, "function");
  // @ts-expect-error: timestamps are compared with Dates (and a string is rejected at run time too)
  const notADate: Date = "2024-01-01";
  assert.throws(() => f.updatedAt.equals(notADate), /expected a valid Date/);
});

Deno.test("metadata builders for nodes and edges", () => {
  assert.deepEqual(dump(nodeFilters().externalId.prefix("p")), {
    prefix: { property: ["node", "externalId"], value: "p" },
  });
  assert.deepEqual(
    dump(nodeFilters().lastUpdatedTime.range({ gte: new Date(1000) })),
    {
      range: { property: ["node", "lastUpdatedTime"], gte: 1000 },
    },
  );
  assert.deepEqual(
    dump(edgeFilters().startNode.equals({ space: "s", externalId: "a" })),
    {
      equals: {
        property: ["edge", "startNode"],
        value: { space: "s", externalId: "a" },
      },
    },
  );
});
