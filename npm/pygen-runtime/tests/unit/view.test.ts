import assert from "node:assert/strict";
import {
  type NodeInstance,
  PygenValueError,
  type RawNode,
  ViewDescriptor,
} from "./deps.ts";
import {
  type Product,
  PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  PRODUCT_VIEW,
  type ProductWrite,
  RELATES_TO_VIEW,
} from "../example_sdk/index.ts";

const rawProduct = (properties: Record<string, unknown>): RawNode => ({
  instanceType: "node",
  space: "shop",
  externalId: "p1",
  version: 3,
  createdTime: 1_700_000_000_000,
  lastUpdatedTime: 1_700_000_100_000,
  properties: { pygen_example: { "Product/v1": properties as never } },
});

Deno.test("parse: wire values become TypeScript values, in field order", () => {
  const product = PRODUCT_VIEW.parse(rawProduct({
    name: "Widget",
    price: 9.5,
    updatedAt: "2024-05-31T02:12:29.000+00:00",
    releaseDate: "2024-05-01",
    category: { space: "shop", externalId: "tools" },
    tags: ["a", "b"],
    status: "active",
    attributes: { color: "red" },
  }));
  assert.deepEqual(
    product,
    {
      instanceType: "node",
      space: "shop",
      externalId: "p1",
      type: null,
      dataRecord: {
        version: 3,
        createdTime: new Date(1_700_000_000_000),
        lastUpdatedTime: new Date(1_700_000_100_000),
        deletedTime: null,
      },
      name: "Widget",
      description: null,
      price: 9.5,
      quantity: null,
      isActive: null,
      releaseDate: "2024-05-01",
      updatedAt: new Date("2024-05-31T02:12:29Z"),
      tags: ["a", "b"],
      measurements: null,
      status: "active",
      attributes: { color: "red" },
      category: { space: "shop", externalId: "tools" },
    } satisfies Product,
  );
});

Deno.test("parse is lenient: unknown properties, new enum values, missing required values", () => {
  const product = PRODUCT_VIEW.parse(
    rawProduct({ status: "recalled", brandNew: 1 }),
  );
  assert.equal(product.status, "recalled");
  assert.ok(!("brandNew" in product));
  assert.ok(
    !("name" in product),
    "a missing required value is left out rather than invented",
  );
  const bare = PRODUCT_VIEW.parse(
    { ...rawProduct({}), properties: undefined } as unknown as RawNode,
  );
  assert.equal(bare.price, null);
});

Deno.test("parse reads edges with type, start and end node", () => {
  const edge = RELATES_TO_VIEW.parse({
    instanceType: "edge",
    space: "shop",
    externalId: "e1",
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    deletedTime: 5,
    type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
    properties: {
      pygen_example: {
        "RelatesTo/v1": { strength: 0.5, since: "2020-01-01T00:00:00.000Z" },
      },
    },
  });
  assert.deepEqual(edge.type, {
    space: "pygen_example",
    externalId: "Product.relatedProducts",
  });
  assert.deepEqual(edge.endNode, { space: "shop", externalId: "p2" });
  assert.deepEqual(edge.dataRecord.deletedTime, new Date(5));
  assert.equal(edge.strength, 0.5);
  assert.deepEqual(edge.since, new Date(Date.UTC(2020, 0, 1)));
  assert.equal(edge.note, null);
});

Deno.test("toWrite sends exactly the fields that are set: undefined is left out, null clears", () => {
  const item: ProductWrite = {
    space: "shop",
    externalId: "p1",
    name: "Widget",
    price: undefined,
    description: null,
    updatedAt: new Date("2024-05-31T02:12:29Z"),
    category: { space: "shop", externalId: "tools" },
    quantity: 0,
    isActive: false,
  };
  assert.deepEqual(PRODUCT_VIEW.toWrite(item), {
    instanceType: "node",
    space: "shop",
    externalId: "p1",
    sources: [{
      source: {
        type: "view",
        space: "pygen_example",
        externalId: "Product",
        version: "v1",
      },
      properties: {
        name: "Widget",
        description: null,
        updatedAt: "2024-05-31T02:12:29.000+00:00",
        category: { space: "shop", externalId: "tools" },
        quantity: 0,
        isActive: false,
      },
    }],
  });
});

Deno.test("asWrite and toWrite: a read object written back with a node type and existingVersion", () => {
  const read = PRODUCT_VIEW.parse(rawProduct({ name: "Widget", price: 2 }));
  const write = PRODUCT_VIEW.asWrite(read);
  assert.equal(write.name, "Widget");
  assert.equal(write.price, 2);
  assert.ok(!("dataRecord" in write) && !("instanceType" in write));
  const raw = PRODUCT_VIEW.toWrite({
    ...write,
    type: { space: "shop", externalId: "T" },
    existingVersion: 3,
  });
  assert.equal(raw.instanceType, "node");
  assert.deepEqual(raw.type, { space: "shop", externalId: "T" });
  assert.equal(raw.existingVersion, 3);
  assert.equal(raw.sources?.[0]?.properties.price, 2);
  assert.ok(!("dataRecord" in raw));
});

Deno.test("toWrite of an edge needs type, startNode and endNode", () => {
  const raw = RELATES_TO_VIEW.toWrite({
    space: "shop",
    externalId: "p1-p2",
    type: PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
    strength: 0.9,
  });
  assert.deepEqual(raw, {
    instanceType: "edge",
    space: "shop",
    externalId: "p1-p2",
    type: { space: "pygen_example", externalId: "Product.relatedProducts" },
    startNode: { space: "shop", externalId: "p1" },
    endNode: { space: "shop", externalId: "p2" },
    sources: [{
      source: {
        type: "view",
        space: "pygen_example",
        externalId: "RelatesTo",
        version: "v1",
      },
      properties: { strength: 0.9 },
    }],
  });
  assert.throws(
    () => RELATES_TO_VIEW.toWrite({ space: "s", externalId: "e" } as never),
    /view pygen_example:RelatesTo\/v1, item "e": type, startNode, endNode not set; set them, or nest the edge/,
  );
});

Deno.test("toWrite errors name the view, the item, the field, the property and the value", () => {
  const check = (item: unknown, message: RegExp) =>
    assert.throws(
      () => PRODUCT_VIEW.toWrite(item as ProductWrite),
      (e: unknown) => {
        assert.ok(e instanceof PygenValueError);
        assert.match(e.message, message);
        return true;
      },
    );
  check(
    { space: "s", externalId: "p1", name: "n", price: "cheap" },
    /^view pygen_example:Product\/v1, item "p1", field price \(property "price"\): expected a finite number, got "cheap"$/,
  );
  check(
    { space: "s", externalId: "p1", name: null },
    /field name \(property "name"\): the property is required/,
  );
  check(
    { space: "s", externalId: "p1", prise: 3 },
    /unknown field "prise"; fields of this view: name, description/,
  );
  check(
    { space: "", externalId: "p1" },
    /space: expected a non-empty string, got ""/,
  );
  check(
    { space: "s", externalId: "p1", existingVersion: -1 },
    /existingVersion must be an integer >= 0/,
  );
  check(
    { space: "s", externalId: "p1", status: "sold" },
    /"sold" is not one of the enum values/,
  );
  check(
    { space: "s", externalId: "p1", releaseDate: new Date() },
    /dates are "YYYY-MM-DD" strings/,
  );
});

Deno.test("descriptor: every type, read-only fields, int64 as bigint, lookups", () => {
  const props = {
    count: { id: "count", type: "int64" },
    file: { id: "file", type: "file" },
    computed: { id: "computed", type: "text", readOnly: true },
    typeField: { id: "type", type: "text" },
  } as const;
  const descriptor = new ViewDescriptor<
    NodeInstance,
    Record<string, unknown>,
    typeof props
  >({
    view: { space: "s", externalId: "V", version: "1" },
    usedFor: "node",
    properties: props,
  });
  const raw = descriptor.toWrite({
    space: "s",
    externalId: "x",
    count: 2n ** 62n,
    file: "f1",
    computed: "ignored",
    typeField: "t",
  });
  assert.deepEqual(raw.sources?.[0]?.properties, {
    count: 2n ** 62n,
    file: "f1",
    type: "t",
  });
  assert.equal(descriptor.propertyId("typeField"), "type");
  assert.equal(descriptor.fieldOf("type"), "typeField");
  assert.deepEqual(descriptor.propertyRef("typeField"), ["s", "V/1", "type"]);
  assert.throws(
    () => descriptor.propertyId("nope" as never),
    /view s:V\/1 has no field "nope"/,
  );
});

Deno.test("descriptor: field names that clash with instance fields or map one property twice are rejected", () => {
  assert.throws(
    () =>
      new ViewDescriptor({
        view: { space: "s", externalId: "V", version: "1" },
        usedFor: "node",
        properties: { type: { id: "type", type: "text" } },
      }),
    /field name "type" clashes with an instance field/,
  );
  assert.throws(
    () =>
      new ViewDescriptor({
        view: { space: "s", externalId: "V", version: "1" },
        usedFor: "node",
        properties: {
          a: { id: "x", type: "text" },
          b: { id: "x", type: "text" },
        },
      }),
    /property "x" is mapped by both "a" and "b"/,
  );
  const readOnly = new ViewDescriptor({
    view: { space: "s", externalId: "V", version: "1" },
    usedFor: "node",
    properties: {},
    writable: false,
  });
  assert.throws(
    () => readOnly.toWrite({ space: "s", externalId: "x" }),
    /the view is read-only/,
  );
});

Deno.test("parse: a property id that names an Object.prototype member is read safely", () => {
  const descriptor = new ViewDescriptor({
    view: { space: "s", externalId: "V", version: "1" },
    usedFor: "node",
    properties: {
      ctor: { id: "constructor", type: "text" },
      proto: { id: "toString", type: "text" },
    },
  });
  const raw = (props: Record<string, unknown>) => ({
    instanceType: "node" as const,
    space: "s",
    externalId: "x",
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: { s: { "V/1": props as never } },
  });
  const empty = descriptor.parse(raw({})) as unknown as Record<string, unknown>;
  assert.equal(empty.ctor, null);
  assert.equal(empty.proto, null);
  const set = descriptor.parse(
    raw({ constructor: "c", toString: "t" }),
  ) as unknown as Record<string, unknown>;
  assert.equal(set.ctor, "c");
  assert.equal(set.proto, "t");
});

Deno.test("nodeType: node writes that leave type unset get the view's node type; null and a given type win", () => {
  const typed = new ViewDescriptor<
    NodeInstance,
    { space: string; externalId: string; type?: unknown; name?: string }
  >({
    view: { space: "shop", externalId: "Typed", version: "v1" },
    usedFor: "node",
    properties: { name: { id: "name", type: "text" } },
    nodeType: { space: "shop", externalId: "TypedNode" },
  });
  assert.deepEqual(typed.nodeType, { space: "shop", externalId: "TypedNode" });
  const unset = typed.toWrite({ space: "s", externalId: "a", name: "x" });
  assert.deepEqual(unset.type, { space: "shop", externalId: "TypedNode" });
  const cleared = typed.toWrite({ space: "s", externalId: "b", type: null });
  assert.equal(cleared.type, null);
  const given = typed.toWrite({
    space: "s",
    externalId: "c",
    type: { space: "s", externalId: "Other" },
  });
  assert.deepEqual(given.type, { space: "s", externalId: "Other" });
  assert.throws(
    () => typed.toWrite({ space: "s", externalId: "d", type: "nope" }),
    (error: unknown) =>
      error instanceof PygenValueError && /item "d", type/.test(error.message),
  );
  // Views without a node type write no type unless one is given.
  assert.equal(PRODUCT_VIEW.nodeType, undefined);
  assert.ok(
    !("type" in
      PRODUCT_VIEW.toWrite({ space: "s", externalId: "p", name: "n" })),
  );
});
