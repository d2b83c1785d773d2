"""retrieve_connections: paging of connected result sets and fetching connected objects a set did not bring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar

import httpx
from example_sdk import Category, Product, ProductCatalogClient
from pygen_runtime import DirectRelation, Node, NodeId, ReverseDirectRelation, ViewId, property_field
from pygen_runtime._connection_loader import _plans
from runtime_testkit import Call, MockEnv, json_response

BASE = {"space": "shop", "version": 1, "createdTime": 0, "lastUpdatedTime": 0}
EDGE_TYPE = {"space": "pygen_example", "externalId": "Product.relatedProducts"}


def product(external_id: str, **properties: Any) -> dict[str, Any]:
    return {
        **BASE,
        "instanceType": "node",
        "externalId": external_id,
        "properties": {"pygen_example": {"Product/v1": properties}},
    }


def relation(end: str, strength: float) -> dict[str, Any]:
    return {
        **BASE,
        "instanceType": "edge",
        "externalId": f"p0-{end}",
        "type": EDGE_TYPE,
        "startNode": {"space": "shop", "externalId": "p0"},
        "endNode": {"space": "shop", "externalId": end},
        "properties": {"pygen_example": {"RelatesTo/v1": {"strength": strength}}},
    }


def test_full_mode_pages_connected_sets_and_fetches_what_is_missing(mock: Callable[..., MockEnv]) -> None:
    def handler(call: Call) -> httpx.Response:
        if call.path == "/models/instances/query" and "cursors" not in call.body:
            return json_response(
                {
                    "items": {
                        "root": [product("p0", name="Chair", category={"space": "shop", "externalId": "c"})],
                        "c0": [],
                        "c1_edges": [relation("p1", 0.9)],
                        "c1": [product("p1", name="Table")],
                    },
                    "nextCursor": {"root": None, "c0": None, "c1_edges": "more-edges", "c1": None},
                }
            )
        if call.path == "/models/instances/query":
            return json_response({"items": {"c1_edges": [relation("p2", 0.1)]}, "nextCursor": {"c1_edges": None}})
        assert call.path == "/models/instances/byids"
        view = call.body["sources"][0]["source"]["externalId"]
        items = []
        for item in call.body["items"]:
            if view == "Category":
                items.append(
                    {
                        **BASE,
                        "instanceType": "node",
                        "externalId": item["externalId"],
                        "properties": {"pygen_example": {"Category/v1": {"name": "Chairs"}}},
                    }
                )
            else:
                items.append(product(item["externalId"], name=f"Product {item['externalId']}"))
        return json_response({"items": items})

    env = mock(handler)
    client = ProductCatalogClient(env.http(), default_space="shop")
    result = client.product.retrieve("p0", retrieve_connections="full")

    assert result is not None
    assert isinstance(result.category, Category) and result.category.name == "Chairs"
    edges = {edge.external_id: edge for edge in result.related_products or []}
    assert set(edges) == {"p0-p1", "p0-p2"}
    assert isinstance(edges["p0-p1"].end_node, Product) and edges["p0-p1"].end_node.name == "Table"
    assert isinstance(edges["p0-p2"].end_node, Product) and edges["p0-p2"].end_node.name == "Product p2"
    assert edges["p0-p2"].strength == 0.1

    queries = env.server.calls_to("/models/instances/query")
    assert len(queries) == 2
    assert queries[1].body["cursors"] == {"c1_edges": "more-edges"}
    assert list(queries[1].body["select"]) == ["c1_edges"]
    fetched = sorted(
        (call.body["sources"][0]["source"]["externalId"], call.body["items"][0]["externalId"])
        for call in env.server.calls_to("/models/instances/byids")
    )
    assert fetched == [("Category", "c"), ("Product", "p2")]


def test_identifier_mode_fills_reverse_relations_with_ids(mock: Callable[..., MockEnv]) -> None:
    def handler(call: Call) -> httpx.Response:
        assert call.body["select"]["c1"] == {
            "sources": [
                {
                    "source": {"type": "view", "space": "pygen_example", "externalId": "Product", "version": "v1"},
                    "properties": ["category"],
                }
            ]
        }
        category = {
            **BASE,
            "instanceType": "node",
            "externalId": "c",
            "properties": {"pygen_example": {"Category/v1": {"name": "C"}}},
        }
        pointing = [
            product("p1", category={"space": "shop", "externalId": "c"}),
            product("p2", category={"space": "shop", "externalId": "c"}),
            product("p3", category={"space": "shop", "externalId": "other"}),
        ]
        return json_response({"items": {"root": [category], "c1": pointing}, "nextCursor": {}})

    env = mock(handler)
    categories = ProductCatalogClient(env.http(), default_space="shop").category.list(retrieve_connections="identifier")
    assert categories[0].products == [NodeId("shop", "p1"), NodeId("shop", "p2")]
    assert categories[0].parent is None


TAG_VIEW, ITEM_VIEW = ViewId("m", "Tag", "1"), ViewId("m", "Item", "1")


class Tag(Node):
    view_id: ClassVar[ViewId] = TAG_VIEW
    items: Annotated[list[NodeId] | None, DirectRelation("items", ITEM_VIEW, is_list=True)] = property_field(
        TAG_VIEW, "items"
    )
    main: Annotated[NodeId | None, DirectRelation("main", ITEM_VIEW)] = property_field(TAG_VIEW, "main")


class Item(Node):
    view_id: ClassVar[ViewId] = ITEM_VIEW
    tagged_by: Annotated[list[NodeId | Tag] | None, ReverseDirectRelation(TAG_VIEW, TAG_VIEW, "items")] = None
    main_of: Annotated[list[NodeId | Tag] | None, ReverseDirectRelation(TAG_VIEW, TAG_VIEW, "main")] = None
    declared: Annotated[
        list[NodeId] | None, ReverseDirectRelation(TAG_VIEW, TAG_VIEW, "other", through_is_list=True)
    ] = None


def test_a_reverse_relation_through_a_list_is_recognised_without_the_marker_saying_so() -> None:
    """SDKs generated before ``through_is_list`` existed: the source class's relation marker tells."""
    plans = {plan.field: plan.through_list for plan in _plans(Item)}
    assert plans == {"tagged_by": True, "main_of": False, "declared": True}
