"""``iterate(..., retrieve_connections=...)`` of the example SDK against the emulator over HTTP: several pages, each
with its direct relations, edges and reverse relations; ``limit`` cut inside a page; resuming from a cursor; the same
result as ``list``; cursors of the other kind of iterate rejected with a clear error; and the exact ``/query``
requests (recorded on a mock transport)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from example_sdk import Category, CategoryWrite, Product, ProductCatalogClient, ProductWrite, RelatesTo, RelatesToWrite
from pygen_runtime import InvalidInputError, NodeId
from runtime_testkit import Call, MockEnv, json_response

PRODUCTS = 7


def seed(client: ProductCatalogClient) -> None:
    """Three categories (chairs and tables under furniture) and seven products; product i is in chairs (even i) or
    tables (odd i) and relates to products i+1 and i+2 (modulo 7), so every product has a category, two outgoing
    edges and two incoming ones."""
    furniture = CategoryWrite(space="shop", external_id="furniture", name="Furniture")
    chairs = CategoryWrite(space="shop", external_id="chairs", name="Chairs", parent=furniture)
    tables = CategoryWrite(space="shop", external_id="tables", name="Tables", parent=furniture)
    products = [
        ProductWrite(
            space="shop",
            external_id=f"p{index}",
            name=f"Product {index}",
            price=float(index),
            category=chairs if index % 2 == 0 else tables,
        )
        for index in range(PRODUCTS)
    ]
    for index, item in enumerate(products):
        item.related_products = [
            RelatesToWrite(end_node=products[(index + step) % PRODUCTS], strength=step / 10) for step in (1, 2)
        ]
    client.upsert(products)


def related(item: Product) -> list[tuple[str, float | None]]:
    return sorted((edge.end_node.external_id, edge.strength) for edge in item.related_products or [])


def expected_related(external_id: str) -> list[tuple[str, float | None]]:
    index = int(external_id[1:])
    return sorted((f"p{(index + step) % PRODUCTS}", step / 10) for step in (1, 2))


def test_iterate_with_identifiers_fills_every_page(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    pages = list(client.product.iterate(chunk_size=3, sort_by="external_id", retrieve_connections="identifier"))

    assert [page.items.as_external_ids() for page in pages] == [["p0", "p1", "p2"], ["p3", "p4", "p5"], ["p6"]]
    assert [page.next_cursor is not None for page in pages] == [True, True, False]
    assert pages[0].cursor is None and pages[1].cursor == pages[0].next_cursor
    for page in pages:
        for item in page.items:
            index = int(item.external_id[1:])
            assert item.category == NodeId("shop", "chairs" if index % 2 == 0 else "tables")
            assert related(item) == expected_related(item.external_id)
            assert all(
                isinstance(edge, RelatesTo) and isinstance(edge.end_node, NodeId)
                for edge in item.related_products or []
            )


def test_iterate_full_puts_objects_in_place_on_every_page(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    pages = list(client.product.iterate(chunk_size=2, sort_by="external_id", retrieve_connections="full"))

    assert [len(page) for page in pages] == [2, 2, 2, 1]
    for page in pages:
        for item in page.items:
            index = int(item.external_id[1:])
            assert isinstance(item.category, Category)
            assert item.category.name == ("Chairs" if index % 2 == 0 else "Tables")
            assert related(item) == expected_related(item.external_id)
            for edge in item.related_products or []:
                assert isinstance(edge.end_node, Product)
                assert edge.end_node.name == f"Product {edge.end_node.external_id[1:]}"


def test_iterate_fills_reverse_relations_in_both_modes(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    members = {"chairs": ["p0", "p2", "p4", "p6"], "tables": ["p1", "p3", "p5"], "furniture": []}

    identifiers = list(client.category.iterate(chunk_size=1, sort_by="external_id", retrieve_connections="identifier"))
    assert [page.items.as_external_ids() for page in identifiers] == [["chairs"], ["furniture"], ["tables"]]
    for page in identifiers:
        category = page.items[0]
        assert sorted(item.external_id for item in category.products or []) == members[category.external_id]
        assert all(isinstance(item, NodeId) for item in category.products or [])
        assert category.parent == (None if category.external_id == "furniture" else NodeId("shop", "furniture"))

    full = list(client.category.iterate(chunk_size=2, sort_by="external_id", retrieve_connections="full"))
    assert [page.items.as_external_ids() for page in full] == [["chairs", "furniture"], ["tables"]]
    for page in full:
        for category in page.items:
            products = category.products or []
            assert all(isinstance(item, Product) for item in products)
            assert sorted(item.external_id for item in products) == members[category.external_id]
            if category.external_id != "furniture":
                assert isinstance(category.parent, Category) and category.parent.name == "Furniture"


def test_limit_cuts_inside_a_page_and_the_cut_page_still_has_its_connections(
    emulated_catalog: ProductCatalogClient,
) -> None:
    client = emulated_catalog
    seed(client)
    pages = list(client.product.iterate(chunk_size=3, limit=5, sort_by="external_id", retrieve_connections="full"))

    assert [page.items.as_external_ids() for page in pages] == [["p0", "p1", "p2"], ["p3", "p4"]]
    assert all(isinstance(item.category, Category) for page in pages for item in page.items)
    assert related(pages[1].items[1]) == expected_related("p4")
    # The cut page's cursor continues right after the cut.
    rest = list(
        client.product.iterate(
            chunk_size=3, cursor=pages[-1].next_cursor, sort_by="external_id", retrieve_connections="full"
        )
    )
    assert [page.items.as_external_ids() for page in rest] == [["p5", "p6"]]
    assert list(client.product.iterate(limit=0, retrieve_connections="full")) == []


def test_resume_from_a_cursor_gives_the_remaining_pages(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    pages = client.product.iterate(chunk_size=3, sort_by="price", direction="descending", retrieve_connections="full")
    first = next(pages)
    assert first.items.as_external_ids() == ["p6", "p5", "p4"] and first.next_cursor

    resumed = list(
        client.product.iterate(
            chunk_size=3,
            cursor=first.next_cursor,
            sort_by="price",
            direction="descending",
            retrieve_connections="full",
        )
    )
    assert [page.items.as_external_ids() for page in resumed] == [["p3", "p2", "p1"], ["p0"]]
    assert resumed[0].cursor == first.next_cursor
    assert [page.items.dump() for page in resumed] == [page.items.dump() for page in pages]  # the rest of the original
    assert all(isinstance(item.category, Category) for page in resumed for item in page.items)


@pytest.mark.parametrize("mode", ["identifier", "full"])
def test_iterate_gives_what_list_gives(emulated_catalog: ProductCatalogClient, mode: Any) -> None:
    client = emulated_catalog
    seed(client)
    listed = client.product.list(limit=None, sort_by="external_id", retrieve_connections=mode, max_price=5)
    iterated = [
        item
        for page in client.product.iterate(chunk_size=2, sort_by="external_id", retrieve_connections=mode, max_price=5)
        for item in page.items
    ]
    assert [item.external_id for item in iterated] == [f"p{index}" for index in range(6)]
    assert [item.dump() for item in iterated] == listed.dump()
    categories = client.category.list(limit=None, sort_by="external_id", retrieve_connections=mode)
    iterated_categories = [
        item
        for page in client.category.iterate(chunk_size=1, sort_by="external_id", retrieve_connections=mode)
        for item in page.items
    ]
    assert [item.dump() for item in iterated_categories] == categories.dump()


def test_a_cursor_of_the_other_kind_of_iterate_is_rejected_clearly(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    seed(client)
    list_cursor = next(client.product.iterate(chunk_size=2)).next_cursor
    query_cursor = next(client.product.iterate(chunk_size=2, retrieve_connections="identifier")).next_cursor
    assert list_cursor and query_cursor

    with pytest.raises(InvalidInputError, match="cursor from an iterate without connections") as with_connections:
        next(client.product.iterate(chunk_size=2, cursor=list_cursor, retrieve_connections="identifier"))
    assert "pygen_example:Product/v1" in str(with_connections.value)
    with pytest.raises(InvalidInputError, match="cursor from an iterate with retrieve_connections"):
        next(client.product.iterate(chunk_size=2, cursor=query_cursor))


def test_edge_views_and_bad_arguments_are_rejected_before_any_request(emulated_catalog: ProductCatalogClient) -> None:
    client = emulated_catalog
    with pytest.raises(InvalidInputError, match="read as edges"):
        client.relates_to._iterate({}, retrieve_connections="identifier")
    with pytest.raises(InvalidInputError, match="read as edges"):
        client.relates_to._list({}, retrieve_connections="full")
    with pytest.raises(InvalidInputError, match="retrieve_connections must be"):
        client.product.iterate(retrieve_connections="all")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="chunk_size"):
        client.product.iterate(chunk_size=0, retrieve_connections="full")
    with pytest.raises(InvalidInputError, match="cursor must be"):
        client.product.iterate(cursor=5, retrieve_connections="full")  # type: ignore[arg-type]


def _node(external_id: str) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": "shop",
        "externalId": external_id,
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {"pygen_example": {"Category/v1": {"name": external_id}}},
    }


def test_each_page_is_one_query_with_the_root_cursor_carried(mock: Callable[..., MockEnv]) -> None:
    answers = {
        None: ({"root": [_node("a"), _node("b")], "c0": [], "c1": []}, {"root": "after-b"}),
        "after-b": ({"root": [_node("c")], "c0": [], "c1": []}, {"root": "after-c"}),
    }

    def handler(call: Call) -> httpx.Response:
        assert call.path == "/models/instances/query"
        items, cursors = answers[call.body.get("cursors", {}).get("root")]
        return json_response({"items": items, "nextCursor": cursors})

    env = mock(handler)
    client = ProductCatalogClient(env.http(), default_space="shop")
    pages = list(client.category.iterate(chunk_size=2, limit=3, name_prefix="x", retrieve_connections="full"))

    assert [page.items.as_external_ids() for page in pages] == [["a", "b"], ["c"]]
    assert pages[-1].next_cursor == "after-c"  # the limit is reached; the cursor still continues after the cut
    first, second = (call.body for call in env.server.calls)
    root_filter = {
        "and": [
            {"hasData": [{"type": "view", "space": "pygen_example", "externalId": "Category", "version": "v1"}]},
            {"prefix": {"property": ["pygen_example", "Category/v1", "name"], "value": "x"}},
        ]
    }
    assert first["with"]["root"] == {"nodes": {"filter": root_filter}, "limit": 2}
    assert "cursors" not in first or first["cursors"] == {}
    assert second["with"]["root"] == {"nodes": {"filter": root_filter}, "limit": 1}  # 3 - 2 left
    assert second["cursors"] == {"root": "after-b"}
    assert set(first["with"]) == {"root", "c0", "c1"}  # the parent relation and the products reverse relation
    assert first["with"]["c1"]["nodes"]["direction"] == "inwards"
