"""The SDK generated from the example model, end to end against the emulator over HTTP: nested upsert, retrieve,
every kind of filter keyword, iterate across pages (and resume), search, aggregate, histogram, edges, connections
and delete."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from generator_testkit import GeneratedSDK
from pygen_runtime import Avg, Count, EdgeId, Equals, InvalidInputError, Max, NodeId, Or

T0 = datetime(2024, 5, 1, tzinfo=timezone.utc)


@pytest.fixture
def catalog(emulated: Any, example_sdk: GeneratedSDK) -> Any:
    return emulated(example_sdk, space="shop")


@pytest.fixture
def sdk(example_sdk: GeneratedSDK) -> Any:
    return example_sdk.module()


def seed(client: Any, sdk: Any) -> Any:
    """Two categories (one nested in the other) and ten products; p0 relates to p1 and p2 with edge properties."""
    furniture = sdk.CategoryWrite(space="shop", external_id="furniture", name="Furniture")
    chairs = sdk.CategoryWrite(space="shop", external_id="chairs", name="Chairs", parent=furniture)
    products = [
        sdk.ProductWrite(
            space="shop",
            external_id=f"p{index}",
            name=f"{'Chair' if index % 2 == 0 else 'Table'} {index}",
            description="solid oak" if index < 3 else "pine",
            price=10.0 * index,
            quantity=index,
            is_active=index % 3 != 0,
            release_date=date(2024, 1, 1) + timedelta(days=index),
            updated_at=T0 + timedelta(hours=index),
            tags=["wood", "indoor"] if index % 2 == 0 else ["wood"],
            measurements=[float(index), 1.5],
            status="active" if index < 7 else "discontinued",
            attributes={"legs": index},
            category=chairs if index % 2 == 0 else furniture,
        )
        for index in range(10)
    ]
    products[0].related_products = [
        sdk.RelatesToWrite(end_node=products[1], strength=0.9, note="pairs well", since=T0),
        sdk.RelatesToWrite(end_node=products[2], strength=0.2),
    ]
    return client.upsert(products)


def ids(items: Any) -> list[str]:
    return sorted(item.external_id for item in items)


def test_nested_upsert_then_retrieve(catalog: Any, sdk: Any) -> None:
    result = seed(catalog, sdk)
    assert len(result.created) == 14  # 10 products, 2 categories (nested), 2 edges
    assert EdgeId("shop", "Product.relatedProducts:p0:p1") in result.created
    product = catalog.product.retrieve("p4")
    assert isinstance(product, sdk.Product)
    assert (product.name, product.price, product.quantity, product.is_active) == ("Chair 4", 40.0, 4, True)
    assert (product.release_date, product.updated_at) == (date(2024, 1, 5), T0 + timedelta(hours=4))
    assert (product.tags, product.measurements, product.status, product.attributes) == (
        ["wood", "indoor"],
        [4.0, 1.5],
        "active",
        {"legs": 4},
    )
    assert product.category == NodeId("shop", "chairs")
    assert catalog.category.retrieve("chairs").parent == NodeId("shop", "furniture")
    assert catalog.product.retrieve(["p3", ("shop", "missing"), NodeId("shop", "p1")]).as_external_ids() == ["p3", "p1"]
    assert catalog.product.retrieve("nope") is None


def test_write_defaults_required_fields_and_patch(catalog: Any, sdk: Any) -> None:
    seed(catalog, sdk)
    with pytest.raises(
        InvalidInputError, match=r"name \(property .name. of view pygen_example:Product/v1\): required, but not given"
    ):
        sdk.ProductWrite(space="shop", external_id="x")
    fresh = sdk.ProductWrite(space="shop", external_id="fresh", name="Fresh")
    assert (fresh.quantity, fresh.is_active) == (0, True)  # the container defaults, shown before writing
    catalog.upsert(fresh)
    stored = catalog.product.retrieve("fresh")
    assert (stored.quantity, stored.is_active, stored.price) == (0, True, None)
    catalog.upsert(sdk.ProductWrite(space="shop", external_id="p5", name="Table 5", description=None))
    patched = catalog.product.retrieve("p5")
    assert patched.description is None and patched.price == 50.0 and patched.tags == ["wood"]  # only set fields sent
    assert catalog.upsert(sdk.ProductWrite(space="shop", external_id="p5", name="Table 5")).unchanged


def test_every_filter_keyword(catalog: Any, sdk: Any) -> None:
    seed(catalog, sdk)
    product = catalog.product
    assert ids(product.list(limit=None)) == [f"p{index}" for index in range(10)]
    assert len(product.list()) == 10 and len(product.list(limit=3)) == 3
    assert ids(product.list(name="Table 3")) == ["p3"]  # text equals
    assert ids(product.list(name=["Table 1", "Table 3"])) == ["p1", "p3"]  # text in
    assert ids(product.list(name_prefix="Chair")) == ["p0", "p2", "p4", "p6", "p8"]  # text prefix
    assert ids(product.list(description="solid oak", description_prefix="solid")) == ["p0", "p1", "p2"]
    assert ids(product.list(min_price=20, max_price=40)) == ["p2", "p3", "p4"]  # float range
    assert ids(product.list(min_quantity=8)) == ["p8", "p9"]  # int range
    assert ids(product.list(is_active=False)) == ["p0", "p3", "p6", "p9"]  # boolean
    assert ids(product.list(min_release_date=date(2024, 1, 9))) == ["p8", "p9"]  # date range
    assert ids(product.list(max_updated_at=T0 + timedelta(hours=1))) == ["p0", "p1"]  # timestamp range
    assert ids(product.list(tags_contains_any="indoor")) == ["p0", "p2", "p4", "p6", "p8"]  # list contains any
    assert ids(product.list(tags_contains_all=["wood", "indoor"], min_quantity=5)) == ["p6", "p8"]
    assert ids(product.list(measurements_contains_any=[9.0])) == ["p9"]  # numeric list
    assert ids(product.list(status="discontinued")) == ["p7", "p8", "p9"]  # enum
    assert ids(product.list(status=["active"], max_quantity=1)) == ["p0", "p1"]
    assert ids(product.list(category=("shop", "furniture"), max_quantity=4)) == ["p1", "p3"]  # direct relation
    assert ids(product.list(category=[NodeId("shop", "chairs")], max_quantity=3)) == ["p0", "p2"]
    assert ids(product.list(external_id_prefix="p1", space="shop")) == ["p1"]
    assert product.list(space="elsewhere") == []
    raw = Or(Equals(["node", "externalId"], "p2"), Equals(["node", "externalId"], "p7"))
    assert ids(product.list(filter=raw)) == ["p2", "p7"]  # the raw filter escape hatch
    assert ids(catalog.category.list(parent=NodeId("shop", "furniture"))) == ["chairs"]
    ordered = product.list(sort_by="price", direction="descending", limit=3)
    assert ordered.as_external_ids() == ["p9", "p8", "p7"]
    assert all(isinstance(item, sdk.Product) for item in product.list(limit=None))  # never categories or edges
    with pytest.raises(InvalidInputError, match=r"unknown filter keyword\(s\) min_prize"):
        product.list(min_prize=3)


def test_iterate_across_pages_and_resume(catalog: Any, sdk: Any) -> None:
    seed(catalog, sdk)
    pages = list(catalog.product.iterate(chunk_size=3, sort_by="external_id"))
    assert [page.items.as_external_ids() for page in pages] == [
        ["p0", "p1", "p2"],
        ["p3", "p4", "p5"],
        ["p6", "p7", "p8"],
        ["p9"],
    ]
    first = next(catalog.product.iterate(chunk_size=4, sort_by="external_id", is_active=True))
    assert first.items.as_external_ids() == ["p1", "p2", "p4", "p5"] and first.next_cursor
    rest = catalog.product.iterate(chunk_size=4, cursor=first.next_cursor, sort_by="external_id", is_active=True)
    assert [item.external_id for page in rest for item in page] == ["p7", "p8"]


def test_search_aggregate_and_histogram(catalog: Any, sdk: Any) -> None:
    seed(catalog, sdk)
    assert ids(catalog.product.search("oak", properties="description", limit=None)) == ["p0", "p1", "p2"]
    assert ids(catalog.product.search("oak", is_active=True)) == ["p1", "p2"]
    assert catalog.relates_to.search("pairs").as_external_ids() == ["Product.relatedProducts:p0:p1"]
    assert catalog.product.aggregate("count").value == 10
    assert catalog.product.aggregate("avg", "price", is_active=True).value == pytest.approx(45.0)
    assert catalog.product.aggregate(Max("quantity"), status="discontinued").value == 9
    grouped = catalog.product.aggregate([Count(), Avg("price")], group_by="status")
    by_status = {group.group["status"]: {item.aggregate: item.value for item in group.aggregates} for group in grouped}
    assert by_status["active"]["count"] == 7 and by_status["discontinued"]["avg"] == pytest.approx(80.0)
    histogram = catalog.product.histogram("price", 50, is_active=True)
    assert [(bucket.start, bucket.count) for bucket in histogram.buckets] == [(0, 3), (50, 3)]
    assert catalog.relates_to.aggregate("max", "strength").value == pytest.approx(0.9)


def test_edges_and_connections(catalog: Any, sdk: Any) -> None:
    seed(catalog, sdk)
    edges = catalog.relates_to.list(min_strength=0.5)
    assert [(edge.start_node, edge.end_node, edge.note) for edge in edges] == [
        (NodeId("shop", "p0"), NodeId("shop", "p1"), "pairs well")
    ]
    assert ids(catalog.relates_to.list(start_node=("shop", "p0"))) == [
        "Product.relatedProducts:p0:p1",
        "Product.relatedProducts:p0:p2",
    ]
    assert ids(catalog.relates_to.list(end_node=[("shop", "p2")])) == ["Product.relatedProducts:p0:p2"]
    identifiers = catalog.product.retrieve("p0", retrieve_connections="identifier")
    assert sorted(edge.end_node.external_id for edge in identifiers.related_products) == ["p1", "p2"]
    assert all(isinstance(edge.end_node, NodeId) for edge in identifiers.related_products)
    full = catalog.product.retrieve("p0", retrieve_connections="full")
    assert isinstance(full.category, sdk.Category) and full.category.name == "Chairs"
    ends = {edge.end_node.external_id: edge for edge in full.related_products}
    assert isinstance(ends["p1"].end_node, sdk.Product) and ends["p1"].end_node.name == "Table 1"
    assert ends["p1"].strength == 0.9
    furniture = catalog.category.retrieve("furniture", retrieve_connections="full")
    assert ids(furniture.products) == ["p1", "p3", "p5", "p7", "p9"] and isinstance(furniture.products[0], sdk.Product)
    listed = catalog.category.list(retrieve_connections="identifier", name="Chairs")
    assert ids(listed[0].products) == ["p0", "p2", "p4", "p6", "p8"]
    written = full.as_write()  # read -> write: connections become ids, edges are left out
    assert written.category == NodeId("shop", "chairs") and written.related_products is None


def test_delete(catalog: Any, sdk: Any) -> None:
    seed(catalog, sdk)
    result = catalog.delete(["p0", "p9", "nope"])  # bare external ids use the client's default space
    assert result.deleted == [NodeId("shop", "p0"), NodeId("shop", "p9")]
    assert ids(catalog.product.list(limit=None)) == [f"p{index}" for index in range(1, 9)]
    assert catalog.relates_to.list() == []  # deleting a node deletes its edges
    catalog.delete(catalog.product.retrieve(["p1", "p2"]))  # read objects work too
    assert catalog.product.aggregate("count").value == 6
