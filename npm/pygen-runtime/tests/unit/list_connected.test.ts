/**
 * `InstanceList.connected(field)` and `dataRecords`: the connected objects of all items of a read list (v1's
 * `products.category`), typed by the field, each once, ids skipped; edges give their far end in both directions.
 */

import assert from "node:assert/strict";
import { InstanceList, type NodeId, type RawNode } from "./deps.ts";
import {
  type Category,
  CATEGORY_VIEW,
  type Product,
  PRODUCT_VIEW,
  type RelatesTo,
} from "../example_sdk/index.ts";

const SPACE = "shop";
const id = (externalId: string): NodeId => ({ space: SPACE, externalId });

function raw(
  view: "Product" | "Category",
  externalId: string,
  properties: Record<string, unknown>,
): RawNode {
  return {
    instanceType: "node",
    space: SPACE,
    externalId,
    version: 3,
    createdTime: 1_700_000_000_000,
    lastUpdatedTime: 1_700_000_100_000,
    properties: { pygen_example: { [`${view}/v1`]: properties } },
  } as RawNode;
}

const category = (externalId: string): Category =>
  CATEGORY_VIEW.parse(raw("Category", externalId, { name: externalId }));
const product = (externalId: string): Product =>
  PRODUCT_VIEW.parse(raw("Product", externalId, { name: externalId }));

function edge(
  start: NodeId | Product,
  end: NodeId | Product,
): RelatesTo & { startNode: NodeId | Product; endNode: NodeId | Product } {
  return {
    instanceType: "edge",
    space: SPACE,
    externalId: `${start.externalId}-${end.externalId}`,
    type: id("Product.relatedProducts"),
    startNode: start,
    endNode: end,
    dataRecord: {
      version: 1,
      createdTime: new Date(0),
      lastUpdatedTime: new Date(0),
      deletedTime: null,
    },
  } as RelatesTo & {
    startNode: NodeId | Product;
    endNode: NodeId | Product;
  };
}

Deno.test("connected: direct relations, each target once in first-seen order, ids skipped", () => {
  const chairs = category("chairs");
  const tables = category("tables");
  const items = InstanceList.fromItems([
    { ...product("p1"), category: tables },
    { ...product("p2"), category: chairs },
    { ...product("p3"), category: tables },
    { ...product("p4"), category: id("unfilled") },
    { ...product("p5"), category: null },
  ]);
  const categories: InstanceList<Category> = items.connected("category");
  assert.ok(categories instanceof InstanceList);
  assert.deepEqual(categories.asExternalIds(), ["tables", "chairs"]);
  assert.equal(categories[0], tables, "the objects themselves, not copies");
  assert.equal(
    items.connected("name").length,
    0,
    "a field that is no connection",
  );
});

Deno.test("connected: edges give their far end (end node outwards, start node inwards), once", () => {
  const p1 = product("p1");
  const p2 = product("p2");
  const p3 = product("p3");
  const outwards = InstanceList.fromItems([
    { ...p1, relatedProducts: [edge(id("p1"), p2), edge(id("p1"), p3)] },
    { ...p2, relatedProducts: [edge(id("p2"), p3), edge(id("p2"), id("p9"))] },
  ]);
  const ends: InstanceList<Product> = outwards.connected("relatedProducts");
  assert.deepEqual(ends.asExternalIds(), ["p2", "p3"]);
  // Seen from the end nodes (an inwards connection): the start node is the filled end.
  const inwards = InstanceList.fromItems([
    { ...p2, relatedProducts: [edge(p1, id("p2"))] },
    { ...p3, relatedProducts: [edge(p1, id("p3")), edge(p2, id("p3"))] },
  ]);
  assert.deepEqual(inwards.connected("relatedProducts").asExternalIds(), [
    "p1",
    "p2",
  ]);
  const loop = InstanceList.fromItems([
    { ...p1, relatedProducts: [edge(id("p1"), p1)] },
  ]);
  assert.deepEqual(loop.connected("relatedProducts").asExternalIds(), ["p1"]);
});

Deno.test("connected: reverse relations; an empty list gives an empty list", () => {
  const items = InstanceList.fromItems([
    { ...category("chairs"), products: [product("p1"), product("p2")] },
    { ...category("tables"), products: [product("p2"), id("p3")] },
  ]);
  const products: InstanceList<Product> = items.connected("products");
  assert.deepEqual(products.asExternalIds(), ["p1", "p2"]);
  const none = new InstanceList<Category>().connected("products");
  assert.ok(none instanceof InstanceList && none.length === 0);
});

Deno.test("dataRecords: one per item, in order", () => {
  const items = InstanceList.fromItems([product("p1"), product("p2")]);
  const records = items.dataRecords;
  assert.equal(records.length, 2);
  assert.equal(records[0]?.version, 3);
  assert.deepEqual(records[1]?.createdTime, new Date(1_700_000_000_000));
});
