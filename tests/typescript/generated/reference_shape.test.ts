/**
 * The generated example SDK against the hand-written reference (npm/pygen-runtime/tests/example_sdk), which is the
 * contract docs/generated-sdk-shape.md describes: the same exports, the same field <-> property maps, the same
 * descriptors, and every list argument of the reference with the same meaning. (The generated SDK lists fields in
 * property-id order and offers the Python generator's extra arguments, such as measurementsContainsAny.)
 */

import assert from "node:assert/strict";
import type { AnyViewDescriptor, ConnectionSpec } from "pygen-runtime";
import * as generated from "@generated/sdk_example/index.ts";
import * as reference from "../../../npm/pygen-runtime/tests/example_sdk/index.ts";

const VIEWS = ["PRODUCT", "CATEGORY", "RELATES_TO"] as const;

function record(module: object, name: string): unknown {
  return (module as Record<string, unknown>)[name];
}

Deno.test("every export of the reference SDK exists in the generated one", () => {
  const missing = Object.keys(reference).filter((name) => !(name in generated));
  assert.deepEqual(missing, []);
  assert.equal(
    generated.ProductCatalogClient.DATA_MODEL.externalId,
    reference.ProductCatalogClient.DATA_MODEL.externalId,
  );
});

Deno.test("the field <-> property maps and edge types are the reference's", () => {
  for (const view of VIEWS) {
    assert.deepEqual(
      record(generated, `${view}_PROPERTIES`),
      record(reference, `${view}_PROPERTIES`),
      view,
    );
  }
  assert.deepEqual(
    generated.PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
    reference.PRODUCT_RELATED_PRODUCTS_EDGE_TYPE,
  );
});

function connection(spec: ConnectionSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  for (const key of ["target", "edgeView", "source"]) {
    const thunk = out[key] as (() => AnyViewDescriptor) | undefined;
    if (thunk) out[key] = thunk().name;
  }
  return out;
}

Deno.test("the descriptors describe the same views, relations and connections", () => {
  for (const view of VIEWS) {
    const mine = record(generated, `${view}_VIEW`) as AnyViewDescriptor;
    const theirs = record(reference, `${view}_VIEW`) as AnyViewDescriptor;
    assert.deepEqual(mine.view, theirs.view);
    assert.equal(mine.usedFor, theirs.usedFor);
    assert.equal(mine.writable, theirs.writable);
    assert.equal(mine.nodeType, theirs.nodeType);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(mine.relations).map((
          [field, thunk],
        ) => [field, thunk().name]),
      ),
      Object.fromEntries(
        Object.entries(theirs.relations).map((
          [field, thunk],
        ) => [field, thunk().name]),
      ),
    );
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(mine.connections).map((
          [field, spec],
        ) => [field, connection(spec)]),
      ),
      Object.fromEntries(
        Object.entries(theirs.connections).map((
          [field, spec],
        ) => [field, connection(spec)]),
      ),
    );
  }
});

Deno.test("every list argument of the reference means the same in the generated SDK", () => {
  for (const view of VIEWS) {
    const mine = record(generated, `${view}_FILTER_ARGS`) as Record<
      string,
      unknown
    >;
    const theirs = record(reference, `${view}_FILTER_ARGS`) as Record<
      string,
      unknown
    >;
    for (const [argument, spec] of Object.entries(theirs)) {
      assert.deepEqual(mine[argument], spec, `${view}: ${argument}`);
    }
  }
  assert.deepEqual(generated.PRODUCT_FILTER_ARGS.measurementsContainsAny, [
    "measurements",
    "containsAny",
  ]);
});
