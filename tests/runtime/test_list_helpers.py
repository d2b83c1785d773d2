"""List-level helpers of read lists (v1 had them): ``data_records``, ``as_write()`` and one property per connection
that gathers the connected objects of all items (``products.category``), tested on the reference example SDK
against the emulator over HTTP, plus the cases a server cannot produce (a read-only view's items)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import ClassVar

import pytest
from example_sdk import (
    Category,
    CategoryList,
    CategoryWrite,
    Product,
    ProductCatalogClient,
    ProductList,
    ProductWrite,
    RelatesToWrite,
)
from pygen_runtime import DataRecord, InstanceList, InvalidInputError, Node, NodeId, ViewId, property_field


def seed(client: ProductCatalogClient) -> None:
    """furniture > chairs; six products, even ones chairs, odd ones furniture; p0 -> p1, p2 and p3 -> p1 (edges)."""
    furniture = CategoryWrite(space="shop", external_id="furniture", name="Furniture")
    chairs = CategoryWrite(space="shop", external_id="chairs", name="Chairs", parent=furniture)
    products = [
        ProductWrite(
            space="shop",
            external_id=f"p{index}",
            name=f"Product {index}",
            price=float(index),
            category=chairs if index % 2 == 0 else furniture,
        )
        for index in range(6)
    ]
    products[0].related_products = [RelatesToWrite(end_node=products[1], strength=0.9), products[2]]
    products[3].related_products = [RelatesToWrite(end_node=products[1], strength=0.1)]
    client.upsert(products)


def external_ids(items: InstanceList[Product] | InstanceList[Category]) -> list[str]:
    return [item.external_id for item in items]


def test_connection_properties_gather_the_connected_objects_once(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    products = client.product.list(limit=None, retrieve_connections="full", sort_by="external_id")
    assert external_ids(products) == ["p0", "p1", "p2", "p3", "p4", "p5"]

    categories = products.category
    assert isinstance(categories, CategoryList) and all(isinstance(item, Category) for item in categories)
    assert external_ids(categories) == ["chairs", "furniture"]  # six references, each category once, first seen first
    assert categories.get("chairs") is not None and categories.get("chairs").name == "Chairs"  # type: ignore[union-attr]

    related = products.related_products  # the end nodes of the edges, not the edges
    assert isinstance(related, ProductList) and all(isinstance(item, Product) for item in related)
    assert sorted(external_ids(related)) == ["p1", "p2"]  # p1 is reached from p0 and p3: once
    assert related.get("p1").price == 1.0  # type: ignore[union-attr]

    by_category = client.category.list(retrieve_connections="full", sort_by="external_id")
    assert isinstance(by_category.products, ProductList)  # a reverse relation
    assert sorted(external_ids(by_category.products)) == ["p0", "p1", "p2", "p3", "p4", "p5"]
    assert external_ids(by_category.parent) == ["furniture"]  # chairs' parent; furniture has none


def test_ids_are_not_objects_so_they_are_skipped(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    plain = client.product.list(limit=None)
    assert all(isinstance(item.category, NodeId) for item in plain)
    assert plain.category == CategoryList() and plain.related_products == ProductList()
    identifiers = client.product.list(limit=None, retrieve_connections="identifier")
    assert identifiers.category == [] and identifiers.related_products == []
    assert client.category.list(retrieve_connections="identifier").products == []
    assert ProductList().category == []


def test_data_records_and_as_write_of_a_list(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    products = client.product.list(limit=None, sort_by="external_id", retrieve_connections="full")
    records = products.data_records
    assert len(records) == 6 and all(isinstance(record, DataRecord) for record in records)
    assert [record.version for record in records] == [item.version for item in products]
    assert all(record.created_time.tzinfo is not None and record.deleted_time is None for record in records)
    now = datetime.now(timezone.utc)
    assert all(
        now - timedelta(minutes=5) < record.last_updated_time <= now + timedelta(minutes=1) for record in records
    )

    writes = products.as_write()
    assert all(type(write) is ProductWrite for write in writes)
    assert [write.external_id for write in writes] == external_ids(products)
    assert writes[0].category == NodeId("shop", "chairs")  # a filled Category becomes its id again
    assert "related_products" not in writes[0].model_fields_set  # edges are left out, as item.as_write() does
    for write in writes:
        write.price = (write.price or 0) + 100
    client.upsert(writes)
    assert [item.price for item in client.product.list(limit=None, sort_by="external_id")] == [
        100.0,
        101.0,
        102.0,
        103.0,
        104.0,
        105.0,
    ]
    assert ProductList().as_write() == [] and ProductList().data_records == []


class Reading(Node):
    """A node of a read-only view: its read class has no ``as_write``."""

    view_id: ClassVar[ViewId] = ViewId("shop", "Reading", "v1")
    value: float | None = property_field(ViewId("shop", "Reading", "v1"), "value")


def test_as_write_of_a_read_only_views_items_is_a_clear_error() -> None:
    readings = InstanceList([Reading(space="shop", external_id=f"r{index}") for index in range(7)])
    with pytest.raises(InvalidInputError) as caught:
        readings.as_write()
    message = str(caught.value)
    assert "7 of 7 item(s)" in message and "read-only view" in message
    assert "Reading (shop:Reading/v1)" in message and "'r0'" in message and "'r4'" in message
    assert "'r5'" not in message and "..." in message  # the first five are named, not all of them
    mixed = InstanceList[Node]([Product(space="shop", external_id="p"), Reading(space="shop", external_id="r")])
    with pytest.raises(InvalidInputError, match=r"1 of 2 item\(s\).*'r'"):
        mixed.as_write()
