"""The example SDK end to end against the pygen emulator over HTTP: upsert, retrieve, list with filters, iterate,
search, aggregate, histogram, connections, query, sync and delete."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

import pytest
from example_sdk import CategoryWrite, Product, ProductCatalogClient, ProductWrite, RelatesTo, RelatesToWrite
from pygen_runtime import (
    Avg,
    Count,
    EdgeId,
    Equals,
    InvalidInputError,
    Max,
    NodeId,
    NodeResultSet,
    Or,
    Select,
    SourceSelector,
    SyncQuery,
    UpsertResult,
    ViewId,
)

T0 = datetime(2024, 5, 1, tzinfo=timezone.utc)


def seed(client: ProductCatalogClient) -> UpsertResult:
    """Two categories and ten products; p0 relates to p1 and p2 with edge properties."""
    furniture = CategoryWrite(space="shop", external_id="furniture", name="Furniture")
    chairs = CategoryWrite(space="shop", external_id="chairs", name="Chairs", parent=furniture)
    products = []
    for index in range(10):
        products.append(
            ProductWrite(
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
        )
    products[0].related_products = [
        RelatesToWrite(end_node=products[1], strength=0.9, note="pairs well", since=T0),
        RelatesToWrite(end_node=products[2], strength=0.2),
    ]
    return client.upsert(products)


def test_upsert_then_retrieve_round_trip(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    result = seed(client)
    assert len(result.created) == 14 and result.updated == [] and result.unchanged == []
    assert set(result.created) >= {NodeId("shop", "chairs"), EdgeId("shop", "Product.relatedProducts:p0:p1")}

    product = client.product.retrieve("p4")
    assert isinstance(product, Product)
    assert (product.name, product.price, product.quantity, product.is_active) == ("Chair 4", 40.0, 4, True)
    assert product.release_date == date(2024, 1, 5)
    assert product.updated_at == T0 + timedelta(hours=4)
    assert (product.tags, product.measurements, product.status, product.attributes) == (
        ["wood", "indoor"],
        [4.0, 1.5],
        "active",
        {"legs": 4},
    )
    assert product.category == NodeId("shop", "chairs")
    assert product.version == 1 and product.data_record.created_time.year >= 2024

    many = client.product.retrieve(["p3", ("shop", "missing"), NodeId("shop", "p1")])
    assert many.as_external_ids() == ["p3", "p1"]  # request order, missing ids absent


def test_retrieve_skips_instances_of_other_views(emulated_catalog: ProductCatalogClient) -> None:
    seed(emulated_catalog)
    assert emulated_catalog.product.retrieve("chairs") is None  # a category has no Product data


@pytest.mark.parametrize("mode", ["skip", "identifier"])
def test_a_repeated_id_is_retrieved_once_at_its_first_position(
    emulated_catalog: ProductCatalogClient, mode: Literal["skip", "identifier"]
) -> None:
    seed(emulated_catalog)
    found = emulated_catalog.product.retrieve(["p2", "p1", "p2", "p1"], retrieve_connections=mode)
    assert found.as_external_ids() == ["p2", "p1"]  # as in the TypeScript SDK


def test_patch_sends_only_what_was_set_and_none_clears(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    result = client.upsert(ProductWrite(space="shop", external_id="p5", name="Table 5", description=None))
    assert result.updated == [NodeId("shop", "p5")]
    product = client.product.retrieve("p5")
    assert product is not None
    assert product.description is None  # cleared
    assert (product.price, product.tags, product.category) == (50.0, ["wood"], NodeId("shop", "furniture"))  # kept
    again = client.upsert(ProductWrite(space="shop", external_id="p5", name="Table 5"))
    assert again.unchanged == [NodeId("shop", "p5")]


def test_list_with_filters(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    names = lambda items: sorted(item.external_id for item in items)  # noqa: E731
    assert names(client.product.list(limit=None)) == [f"p{index}" for index in range(10)]
    assert len(client.product.list()) == 10 and len(client.product.list(limit=3)) == 3
    assert names(client.product.list(name_prefix="Chair")) == ["p0", "p2", "p4", "p6", "p8"]
    assert names(client.product.list(name=["Table 1", "Table 3"])) == ["p1", "p3"]
    assert names(client.product.list(min_price=20, max_price=40)) == ["p2", "p3", "p4"]
    assert names(client.product.list(is_active=False)) == ["p0", "p3", "p6", "p9"]
    assert names(client.product.list(min_release_date=date(2024, 1, 9))) == ["p8", "p9"]
    assert names(client.product.list(max_updated_at=T0 + timedelta(hours=1))) == ["p0", "p1"]
    assert names(client.product.list(tags_contains_any="indoor")) == ["p0", "p2", "p4", "p6", "p8"]
    assert names(client.product.list(tags_contains_all=["wood", "indoor"], min_quantity=5)) == ["p6", "p8"]
    assert names(client.product.list(status="discontinued")) == ["p7", "p8", "p9"]
    assert names(client.product.list(category=("shop", "furniture"), max_quantity=4)) == ["p1", "p3"]
    assert names(client.product.list(external_id_prefix="p1", space="shop")) == ["p1"]
    assert names(
        client.product.list(filter=Or(Equals(["node", "externalId"], "p2"), Equals(["node", "externalId"], "p7")))
    ) == ["p2", "p7"]
    assert names(client.category.list(parent=NodeId("shop", "furniture"))) == ["chairs"]
    ordered = client.product.list(sort_by="price", direction="descending", limit=3)
    assert [item.external_id for item in ordered] == ["p9", "p8", "p7"]
    # list restricts to the view: categories and edges never show up as products
    assert all(isinstance(item, Product) for item in client.product.list(limit=None))


def test_unknown_filter_keyword_is_rejected(emulated_catalog: ProductCatalogClient) -> None:
    with pytest.raises(
        InvalidInputError, match=r"unknown filter keyword\(s\) min_prize for pygen_example:Product/v1; valid: category"
    ):
        emulated_catalog.product.list(min_prize=3)  # type: ignore[call-arg]


def test_iterate_pages_and_resume(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    pages = client.product.iterate(chunk_size=4, sort_by="external_id")
    first = next(pages)
    assert first.items.as_external_ids() == ["p0", "p1", "p2", "p3"] and first.next_cursor
    resumed = list(client.product.iterate(chunk_size=4, cursor=first.next_cursor, sort_by="external_id"))
    assert [page.items.as_external_ids() for page in resumed] == [["p4", "p5", "p6", "p7"], ["p8", "p9"]]
    assert resumed[-1].next_cursor is None
    limited = list(client.product.iterate(chunk_size=4, limit=5, sort_by="external_id"))
    assert [len(page) for page in limited] == [4, 1]


def test_search(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    found = client.product.search("oak", properties="description", limit=None)
    assert sorted(found.as_external_ids()) == ["p0", "p1", "p2"]
    filtered = client.product.search("oak", is_active=True)
    assert sorted(filtered.as_external_ids()) == ["p1", "p2"]
    assert client.relates_to.search("pairs").as_external_ids() == ["Product.relatedProducts:p0:p1"]


def test_aggregate_and_histogram(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    assert client.product.aggregate("count").value == 10
    assert client.product.aggregate("avg", "price", is_active=True).value == pytest.approx(
        (10 + 20 + 40 + 50 + 70 + 80) / 6
    )
    assert client.product.aggregate(Max("quantity"), status="discontinued").value == 9
    grouped = client.product.aggregate([Count(), Avg("price")], group_by="status")
    by_status = {group.group["status"]: {item.aggregate: item.value for item in group.aggregates} for group in grouped}  # type: ignore[union-attr]
    assert by_status["active"]["count"] == 7 and by_status["discontinued"]["count"] == 3
    assert by_status["discontinued"]["avg"] == pytest.approx(80.0)
    histogram = client.product.histogram("price", 50)
    assert histogram.property == "price" and histogram.interval == 50
    assert [(bucket.start, bucket.count) for bucket in histogram.buckets] == [(0, 5), (50, 5)]
    assert client.relates_to.aggregate("max", "strength").value == pytest.approx(0.9)


def test_edges_are_readable_on_their_own(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    edges = client.relates_to.list(min_strength=0.5)
    assert len(edges) == 1
    edge = edges[0]
    assert isinstance(edge, RelatesTo)
    assert (edge.start_node, edge.end_node) == (NodeId("shop", "p0"), NodeId("shop", "p1"))
    assert (edge.strength, edge.note, edge.since) == (0.9, "pairs well", T0)
    assert edge.type == NodeId("pygen_example", "Product.relatedProducts")
    assert client.relates_to.retrieve("Product.relatedProducts:p0:p2") is not None


def test_retrieve_connections(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    identifiers = client.product.retrieve("p0", retrieve_connections="identifier")
    assert identifiers is not None
    assert identifiers.category == NodeId("shop", "chairs")
    assert sorted(edge.end_node.external_id for edge in identifiers.related_products or []) == ["p1", "p2"]
    assert all(isinstance(edge.end_node, NodeId) for edge in identifiers.related_products or [])

    full = client.product.retrieve("p0", retrieve_connections="full")
    assert full is not None and full.related_products is not None
    assert full.category is not None and getattr(full.category, "name", None) == "Chairs"
    ends = {edge.end_node.external_id: edge for edge in full.related_products}
    assert isinstance(ends["p1"].end_node, Product) and ends["p1"].end_node.name == "Table 1"
    assert ends["p1"].strength == 0.9

    category = client.category.retrieve("furniture", retrieve_connections="full")
    assert category is not None and category.products is not None
    assert sorted(item.external_id for item in category.products) == ["p1", "p3", "p5", "p7", "p9"]
    chairs = client.category.list(retrieve_connections="identifier", name="Chairs")
    assert [item.external_id for item in chairs[0].products or []] != []
    assert chairs[0].parent == NodeId("shop", "furniture")


def test_query_and_sync_with_typed_results(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    product_view = ViewId("pygen_example", "Product", "v1")
    query: dict[str, Any] = {
        "with": {
            "cheap": {
                "nodes": {"filter": {"range": {"property": product_view.property_ref("price"), "lt": 25}}},
                "limit": 10,
            }
        },
        "select": {"cheap": {"sources": [{"source": product_view.dump(), "properties": ["name", "price"]}]}},
    }
    result = client.query(query, result_types={"cheap": Product})
    assert sorted(item.external_id for item in result["cheap"]) == ["p0", "p1", "p2"]
    assert all(isinstance(item, Product) and item.name for item in result["cheap"])

    sync = SyncQuery(
        with_={"products": NodeResultSet(filter=Equals(["node", "space"], "shop"), limit=1000)},
        select={"products": Select((SourceSelector(product_view),))},
    )
    first = client.sync(sync)
    assert len(first["products"]) == 12  # every node in the space (products and categories)
    client.upsert(ProductWrite(space="shop", external_id="p3", name="Renamed"))
    changes = client.sync(SyncQuery(sync.with_, sync.select, cursors=first.next_cursors))
    assert [item.external_id for item in changes["products"]] == ["p3"]


def test_delete(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    result = client.delete(["p0", "p9", "nope"], space="shop")
    assert result.deleted == [NodeId("shop", "p0"), NodeId("shop", "p9")]
    assert sorted(client.product.list(limit=None).as_external_ids()) == [f"p{index}" for index in range(1, 9)]
    assert client.relates_to.list() == []  # deleting a node deletes its edges


def test_to_pandas_and_dump(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    products = client.product.list(sort_by="external_id", limit=3)
    frame = products.to_pandas()
    assert list(frame["external_id"]) == ["p0", "p1", "p2"]
    assert list(frame["price"]) == [0.0, 10.0, 20.0]
    dumped = products.dump()
    assert (
        dumped[1]["externalId"] == "p1"
        and dumped[1]["isActive"] is True
        and dumped[1]["category"] == {"space": "shop", "externalId": "furniture"}
    )


def test_partial_update_changes_only_the_given_fields(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    client.upsert(ProductWrite.partial("shop", "p2", price=99.0))
    product = client.product.retrieve("p2")
    assert product is not None and (product.price, product.name, product.tags) == (99.0, "Chair 2", ["wood", "indoor"])


def test_writes_with_nothing_set_write_through_their_view(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    relation = RelatesToWrite(
        space="shop",
        external_id="bare-relation",
        type=NodeId("pygen_example", "Product.relatedProducts"),
        start_node=("shop", "p3"),
        end_node=("shop", "p4"),
    )
    client.upsert([relation, ProductWrite.partial("shop", "p5")])
    found = client.relates_to.list(limit=None).get("bare-relation")  # it has data in RelatesTo, though none was set
    assert found is not None and found.strength is None and found.end_node == NodeId("shop", "p4")
    unchanged = client.product.retrieve("p5")
    assert unchanged is not None and (unchanged.name, unchanged.price) == ("Table 5", 50.0)


def test_the_edges_of_one_edge_connection(emulated_catalog: ProductCatalogClient) -> None:
    """``client.product.related_products_edge``: the RelatesTo API restricted to the connection's edge type."""
    client = emulated_catalog
    seed(client)
    client.upsert(ProductWrite.partial("shop", "p3", related_products=[("shop", "p4")]))  # a bare id: no properties
    other_type = RelatesToWrite(
        space="shop",
        external_id="elsewhere",
        type=NodeId("pygen_example", "SomethingElse"),
        start_node=("shop", "p0"),
        end_node=("shop", "p5"),
        strength=0.95,
    )
    client.upsert(other_type)  # the same edge view, another edge type: not an edge of this connection
    edges = client.product.related_products_edge
    assert isinstance(edges, type(client.relates_to)) and edges.edge_type is not None

    every = edges.list(limit=None)
    assert sorted(every.as_external_ids()) == sorted(
        ["Product.relatedProducts:p0:p1", "Product.relatedProducts:p0:p2", "Product.relatedProducts:p3:p4"]
    )
    assert all(isinstance(edge, RelatesTo) for edge in every)
    assert "elsewhere" in client.relates_to.list(limit=None).as_external_ids()
    from_p0 = edges.list(start_node=("shop", "p0"), sort_by="strength", direction="descending")
    assert [(edge.end_node, edge.strength) for edge in from_p0] == [
        (NodeId("shop", "p1"), 0.9),
        (NodeId("shop", "p2"), 0.2),
    ]
    assert edges.list(min_strength=0.5).as_external_ids() == ["Product.relatedProducts:p0:p1"]
    assert edges.list(end_node=[("shop", "p2"), ("shop", "p4")], limit=1, sort_by="external_id").as_external_ids() == [
        "Product.relatedProducts:p0:p2"
    ]
    assert edges.list(external_id_prefix="Product.relatedProducts:p3", space="shop")[0].strength is None
    pages = list(edges.iterate(chunk_size=2))
    assert [len(page) for page in pages] == [2, 1] and pages[0].next_cursor
    assert edges.aggregate("count").value == 3 and client.relates_to.aggregate("count").value == 4
    assert edges.search("pairs").as_external_ids() == ["Product.relatedProducts:p0:p1"]
    assert edges.retrieve(("shop", "elsewhere")) is None  # another connection's edge
    assert client.relates_to.retrieve(("shop", "elsewhere")) is not None


def test_write_objects_without_a_space_go_to_the_clients_default_space(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog  # default_space="shop"
    chair = ProductWrite(
        external_id="chair",
        name="Chair",
        category=CategoryWrite(external_id="seating", name="Seating"),
        related_products=[RelatesToWrite(end_node=ProductWrite(external_id="stool", name="Stool"), strength=0.5)],
    )
    result = client.upsert(chair)
    nodes = {item for item in result.created if isinstance(item, NodeId)}
    edges = [item for item in result.created if isinstance(item, EdgeId)]
    assert nodes == {NodeId("shop", "chair"), NodeId("shop", "seating"), NodeId("shop", "stool")}
    assert len(edges) == 1 and edges[0].space == "shop"
    product = client.product.retrieve("chair")
    assert product is not None and product.category == NodeId("shop", "seating")
    assert chair.space is None  # the write object itself is left as given
    assert client.delete(chair).deleted == [NodeId("shop", "chair")]
    assert client.product.retrieve("chair") is None


def test_a_write_object_without_a_space_needs_a_default_space(emulated_catalog: ProductCatalogClient) -> None:
    bare = ProductCatalogClient(emulated_catalog.http)  # shares the connection, no default_space
    with pytest.raises(InvalidInputError) as error:
        bare.upsert(ProductWrite(external_id="chair", name="Chair"))
    assert str(error.value) == (
        "ProductWrite 'chair': space is not set; set it, or create the client with default_space"
    )
    with pytest.raises(InvalidInputError, match=r"ProductWrite 'chair' has no space yet"):
        ProductWrite(external_id="chair", name="Chair").as_id()
