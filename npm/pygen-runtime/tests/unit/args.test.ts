import assert from "node:assert/strict";
import { type ArgSpec, argumentFilters, type Filter } from "./deps.ts";
import {
  PRODUCT_PROPERTIES,
  PRODUCT_VIEW,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";

const dump = (filters: Filter[]) => JSON.parse(JSON.stringify(filters));
const prop = (id: string) => ["pygen_example", "Product/v1", id];

Deno.test("min and max of one field merge into one range where the first of them appears", () => {
  const spec = {
    maxPrice: ["price", "max"],
    name: ["name", "equalsOrIn"],
    minPrice: ["price", "min"],
  } as const satisfies ArgSpec<typeof PRODUCT_PROPERTIES>;
  assert.deepEqual(
    dump(
      argumentFilters(PRODUCT_VIEW, spec, {
        minPrice: 1,
        name: "a",
        maxPrice: 9,
      }),
    ),
    [
      { range: { property: prop("price"), gte: 1, lte: 9 } },
      { equals: { property: prop("name"), value: "a" } },
    ],
  );
});

Deno.test("null and undefined arguments are not given; options are not arguments", () => {
  const spec = { name: ["name", "equalsOrIn"] } as const satisfies ArgSpec<
    typeof PRODUCT_PROPERTIES
  >;
  assert.deepEqual(
    argumentFilters(PRODUCT_VIEW, spec, {
      name: null,
      space: undefined,
      limit: 5,
      sortBy: "name",
    }),
    [],
  );
});

Deno.test("an argument kind that does not fit its field's type is reported", () => {
  const spec = {
    isActive: ["isActive", "equalsOrIn"],
  } as const satisfies ArgSpec<typeof PRODUCT_PROPERTIES>;
  assert.throws(
    () => argumentFilters(PRODUCT_VIEW, spec, { isActive: true }),
    /argument isActive: a equalsOrIn argument does not fit field isActive of view pygen_example:Product\/v1/,
  );
  const prefixOnNumber = {
    pricePrefix: ["price", "prefix"],
  } as const satisfies ArgSpec<typeof PRODUCT_PROPERTIES>;
  assert.throws(
    () => argumentFilters(PRODUCT_VIEW, prefixOnNumber, { pricePrefix: "1" }),
    /does not fit field price/,
  );
});

Deno.test("edge views take startNode, endNode and type as lists or single ids", () => {
  const filters = argumentFilters(RELATES_TO_VIEW, {}, {
    type: { space: "t", externalId: "T" },
    endNode: [{ space: "s", externalId: "a" }, { space: "s", externalId: "b" }],
  });
  assert.deepEqual(dump(filters), [
    {
      in: {
        property: ["edge", "endNode"],
        values: [{ space: "s", externalId: "a" }, {
          space: "s",
          externalId: "b",
        }],
      },
    },
    {
      equals: {
        property: ["edge", "type"],
        value: { space: "t", externalId: "T" },
      },
    },
  ]);
  assert.throws(
    () =>
      argumentFilters(PRODUCT_VIEW, {}, {
        startNode: { space: "s", externalId: "a" },
      }),
    /unknown argument/,
  );
});
