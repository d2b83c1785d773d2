"""The exact request body of every endpoint the runtime calls, each validated against the DMS OpenAPI spec."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

import httpx
import pytest
from example_sdk import CategoryWrite, ProductCatalogClient, ProductWrite, RelatesToWrite
from pygen_runtime import (
    Avg,
    Count,
    EdgeId,
    EdgeResultSet,
    EdgeWrite,
    Equals,
    Histogram,
    InvalidInputError,
    NodeId,
    NodeResultSet,
    NodeWrite,
    Query,
    Select,
    SourceSelector,
    SyncQuery,
    ViewId,
)
from runtime_testkit import Call, MockEnv, SpecValidator, json_response

PRODUCT = {"type": "view", "space": "pygen_example", "externalId": "Product", "version": "v1"}
CATEGORY = {"type": "view", "space": "pygen_example", "externalId": "Category", "version": "v1"}
RELATES_TO = {"type": "view", "space": "pygen_example", "externalId": "RelatesTo", "version": "v1"}
HAS_PRODUCT = {"hasData": [PRODUCT]}


def answer(call: Call) -> httpx.Response:
    if call.path == "/models/instances":
        items = [
            {**item, "version": 1, "wasModified": True, "createdTime": 1, "lastUpdatedTime": 1}
            for item in call.body["items"]
        ]
        return json_response({"items": items, "deleted": [dict(item) for item in call.body.get("delete", [])]})
    if call.path == "/models/instances/aggregate":
        return json_response({"items": [{"instanceType": "node", "aggregates": [{"aggregate": "count", "value": 0}]}]})
    if call.path in ("/models/instances/query", "/models/instances/sync"):
        return json_response({"items": {name: [] for name in call.body["select"]}, "nextCursor": {}})
    return json_response({"items": []})


@pytest.fixture
def catalog(mock: Callable[..., MockEnv]) -> tuple[ProductCatalogClient, MockEnv]:
    env = mock(answer)
    return ProductCatalogClient(env.http(), default_space="shop"), env


def only_body(env: MockEnv, path: str) -> Any:
    calls = env.server.calls_to(path)
    assert len(calls) == 1, [call.path for call in env.server.calls]
    return calls[0].body


def test_upsert_nested_writes(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    chairs = CategoryWrite(space="shop", external_id="chairs", name="Chairs")
    stool = ProductWrite(space="shop", external_id="stool", name="Stool")
    product = ProductWrite(
        space="shop",
        external_id="chair",
        name="Chair",
        price=49.5,
        description=None,
        release_date=date(2024, 5, 31),
        updated_at=datetime(2024, 5, 31, 2, 12, 29, 123000, tzinfo=timezone.utc),
        tags=["wood"],
        status="active",
        attributes={"legs": 4},
        category=chairs,
        related_products=[RelatesToWrite(end_node=stool, strength=0.8), ("shop", "table")],
    )
    result = client.upsert(product, skip_on_version_conflict=True)
    body = only_body(env, "/models/instances")
    spec.request(body, "InstanceBulk")
    assert body == {
        "items": [
            {
                "instanceType": "node",
                "space": "shop",
                "externalId": "chair",
                "sources": [
                    {
                        "source": PRODUCT,
                        "properties": {
                            "name": "Chair",
                            "description": None,
                            "price": 49.5,
                            "releaseDate": "2024-05-31",
                            "updatedAt": "2024-05-31T02:12:29.123+00:00",
                            "tags": ["wood"],
                            "status": "active",
                            "attributes": {"legs": 4},
                            "category": {"space": "shop", "externalId": "chairs"},
                        },
                    }
                ],
            },
            {
                "instanceType": "node",
                "space": "shop",
                "externalId": "chairs",
                "sources": [{"source": CATEGORY, "properties": {"name": "Chairs"}}],
            },
            {
                "instanceType": "node",
                "space": "shop",
                "externalId": "stool",
                "sources": [{"source": PRODUCT, "properties": {"name": "Stool"}}],
            },
            {
                "instanceType": "edge",
                "space": "shop",
                "externalId": "Product.relatedProducts:chair:stool",
                "type": {"space": "pygen_example", "externalId": "Product.relatedProducts"},
                "startNode": {"space": "shop", "externalId": "chair"},
                "endNode": {"space": "shop", "externalId": "stool"},
                "sources": [{"source": RELATES_TO, "properties": {"strength": 0.8}}],
            },
            {
                "instanceType": "edge",
                "space": "shop",
                "externalId": "Product.relatedProducts:chair:table",
                "type": {"space": "pygen_example", "externalId": "Product.relatedProducts"},
                "startNode": {"space": "shop", "externalId": "chair"},
                "endNode": {"space": "shop", "externalId": "table"},
                # A bare id: no properties, but the edge has data in the connection's edge view.
                "sources": [{"source": RELATES_TO, "properties": {}}],
            },
        ],
        "autoCreateDirectRelations": True,
        "autoCreateStartNodes": False,
        "autoCreateEndNodes": False,
        "skipOnVersionConflict": True,
        "replace": False,
    }
    assert result.created == [
        NodeId("shop", "chair"),
        NodeId("shop", "chairs"),
        NodeId("shop", "stool"),
        EdgeId("shop", "Product.relatedProducts:chair:stool"),
        EdgeId("shop", "Product.relatedProducts:chair:table"),
    ]


def test_upsert_replace_with_delete_and_version(
    catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator
) -> None:
    client, env = catalog
    client.upsert(
        [CategoryWrite(space="shop", external_id="c", name="C", existing_version=3)],
        mode="replace",
        delete=[NodeId("shop", "old")],
    )
    body = only_body(env, "/models/instances")
    spec.request(body, "InstanceBulk")
    assert body == {
        "items": [
            {
                "instanceType": "node",
                "space": "shop",
                "externalId": "c",
                "existingVersion": 3,
                "sources": [{"source": CATEGORY, "properties": {"name": "C"}}],
            }
        ],
        "delete": [{"instanceType": "node", "space": "shop", "externalId": "old"}],
        "autoCreateDirectRelations": True,
        "autoCreateStartNodes": False,
        "autoCreateEndNodes": False,
        "skipOnVersionConflict": False,
        "replace": True,
    }


def test_a_write_with_nothing_set_still_writes_through_its_view(
    catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator
) -> None:
    """So the instance gets its rows in the view's containers (hasData) and shows up in the view's list; writes
    without a view (the base classes) send no sources."""
    client, env = catalog
    relation = RelatesToWrite(
        space="shop",
        external_id="r",
        type=NodeId("pygen_example", "Product.relatedProducts"),
        start_node=("shop", "a"),
        end_node=("shop", "b"),
    )
    plain_edge = EdgeWrite(
        space="shop", external_id="e", type=NodeId("t", "t"), start_node=("shop", "a"), end_node=("shop", "b")
    )
    client.upsert(
        [ProductWrite.partial("shop", "p"), NodeWrite(space="shop", external_id="bare"), relation, plain_edge]
    )
    body = only_body(env, "/models/instances")
    spec.request(body, "InstanceBulk")
    items = {item["externalId"]: item for item in body["items"]}
    assert items["p"]["sources"] == [{"source": PRODUCT, "properties": {}}]
    assert items["r"]["sources"] == [{"source": RELATES_TO, "properties": {}}]
    assert "sources" not in items["bare"] and "sources" not in items["e"]


def test_delete(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    client.delete(
        [NodeId("shop", "a"), EdgeId("shop", "e"), ("shop", "b"), ProductWrite(space="shop", external_id="c", name="C")]
    )
    body = only_body(env, "/models/instances/delete")
    spec.request(body, "NodeOrEdgeDeleteRequest")
    assert body == {
        "items": [
            {"instanceType": "node", "space": "shop", "externalId": "a"},
            {"instanceType": "edge", "space": "shop", "externalId": "e"},
            {"instanceType": "node", "space": "shop", "externalId": "b"},
            {"instanceType": "node", "space": "shop", "externalId": "c"},
        ]
    }


def test_retrieve_by_ids(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    assert client.product.retrieve(["a", ("other", "b"), NodeId("shop", "c")]) == []
    body = only_body(env, "/models/instances/byids")
    spec.request(body, "ListOfSpaceExternalIdsRequestWithTyping")
    assert body == {
        "items": [
            {"instanceType": "node", "space": "shop", "externalId": "a"},
            {"instanceType": "node", "space": "other", "externalId": "b"},
            {"instanceType": "node", "space": "shop", "externalId": "c"},
        ],
        "sources": [{"source": PRODUCT}],
    }


def test_retrieve_edges_by_id(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    assert client.relates_to.retrieve("e1") is None
    body = only_body(env, "/models/instances/byids")
    spec.request(body, "ListOfSpaceExternalIdsRequestWithTyping")
    assert body == {
        "items": [{"instanceType": "edge", "space": "shop", "externalId": "e1"}],
        "sources": [{"source": RELATES_TO}],
    }


def test_list_with_every_filter_kind(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    client.product.list(
        name_prefix="Ch",
        description=["a", "b"],
        min_price=10,
        max_price=99.5,
        is_active=True,
        min_release_date=date(2024, 1, 1),
        max_updated_at=datetime(2025, 1, 1, tzinfo=timezone.utc),
        tags_contains_any=["wood", "metal"],
        measurements_contains_all=1.5,
        status="active",
        category=("shop", "chairs"),
        external_id_prefix="ch",
        space=["shop", "archive"],
        filter=Equals(["node", "type"], {"space": "shop", "externalId": "kind"}),
        sort_by="price",
        direction="descending",
        limit=30,
    )
    body = only_body(env, "/models/instances/list")
    spec.request(body, "NodeOrEdgeListRequestV3")
    price = ["pygen_example", "Product/v1", "price"]
    assert body == {
        "instanceType": "node",
        "sources": [{"source": PRODUCT}],
        "filter": {
            "and": [
                HAS_PRODUCT,
                {"in": {"property": ["node", "space"], "values": ["shop", "archive"]}},
                {"prefix": {"property": ["node", "externalId"], "value": "ch"}},
                {"prefix": {"property": ["pygen_example", "Product/v1", "name"], "value": "Ch"}},
                {"in": {"property": ["pygen_example", "Product/v1", "description"], "values": ["a", "b"]}},
                {"range": {"property": price, "gte": 10, "lte": 99.5}},
                {"equals": {"property": ["pygen_example", "Product/v1", "isActive"], "value": True}},
                {"range": {"property": ["pygen_example", "Product/v1", "releaseDate"], "gte": "2024-01-01"}},
                {
                    "range": {
                        "property": ["pygen_example", "Product/v1", "updatedAt"],
                        "lte": "2025-01-01T00:00:00.000+00:00",
                    }
                },
                {"containsAny": {"property": ["pygen_example", "Product/v1", "tags"], "values": ["wood", "metal"]}},
                {"containsAll": {"property": ["pygen_example", "Product/v1", "measurements"], "values": [1.5]}},
                {"equals": {"property": ["pygen_example", "Product/v1", "status"], "value": "active"}},
                {
                    "equals": {
                        "property": ["pygen_example", "Product/v1", "category"],
                        "value": {"space": "shop", "externalId": "chairs"},
                    }
                },
                {"equals": {"property": ["node", "type"], "value": {"space": "shop", "externalId": "kind"}}},
            ]
        },
        "sort": [{"property": price, "direction": "descending"}],
        "limit": 30,
    }


def test_list_all_pages_through_cursors(mock: Callable[..., MockEnv], spec: SpecValidator) -> None:
    def pages(call: Call) -> httpx.Response:
        cursor = call.body.get("cursor")
        node = {"instanceType": "node", "space": "shop", "version": 1, "createdTime": 0, "lastUpdatedTime": 0}
        if cursor is None:
            return json_response({"items": [{**node, "externalId": "a"}], "nextCursor": "c1"})
        return json_response({"items": [{**node, "externalId": "b"}], "nextCursor": None})

    env = mock(pages)
    client = ProductCatalogClient(env.http())
    assert client.category.list(limit=None).as_external_ids() == ["a", "b"]
    bodies = [call.body for call in env.server.calls]
    for body in bodies:
        spec.request(body, "NodeOrEdgeListRequestV3")
    category_has_data = {"hasData": [CATEGORY]}
    assert bodies == [
        {"instanceType": "node", "sources": [{"source": CATEGORY}], "filter": category_has_data, "limit": 1000},
        {
            "instanceType": "node",
            "sources": [{"source": CATEGORY}],
            "filter": category_has_data,
            "limit": 1000,
            "cursor": "c1",
        },
    ]


def test_iterate_edges_resuming_from_cursor(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    pages = list(client.relates_to.iterate(chunk_size=50, cursor="saved", min_strength=0.5))
    assert len(pages) == 1 and pages[0].cursor == "saved" and pages[0].next_cursor is None
    body = only_body(env, "/models/instances/list")
    spec.request(body, "NodeOrEdgeListRequestV3")
    assert body == {
        "instanceType": "edge",
        "sources": [{"source": RELATES_TO}],
        "filter": {
            "and": [
                {"hasData": [RELATES_TO]},
                {"range": {"property": ["pygen_example", "RelatesTo/v1", "strength"], "gte": 0.5}},
            ]
        },
        "limit": 50,
        "cursor": "saved",
    }


def test_search(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    client.product.search("oak chair", ["name", "description"], operator="AND", is_active=True, sort_by="name", limit=5)
    body = only_body(env, "/models/instances/search")
    spec.request(body, "NodeOrEdgeSearchRequest")
    assert body == {
        "view": PRODUCT,
        "instanceType": "node",
        "query": "oak chair",
        "properties": ["name", "description"],
        "filter": {"equals": {"property": ["pygen_example", "Product/v1", "isActive"], "value": True}},
        "sort": [{"property": ["pygen_example", "Product/v1", "name"], "direction": "ascending"}],
        "operator": "AND",
        "limit": 5,
    }


def test_aggregate_grouped(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    client.product.aggregate(
        [Count(), Avg("price"), "max"],
        "quantity",
        group_by=["status", "is_active"],
        query="oak",
        search_properties="name",
        min_price=1,
        limit=10,
    )
    body = only_body(env, "/models/instances/aggregate")
    spec.request(body, "AggregationRequest")
    assert body == {
        "view": PRODUCT,
        "instanceType": "node",
        "query": "oak",
        "properties": ["name"],
        "filter": {"range": {"property": ["pygen_example", "Product/v1", "price"], "gte": 1}},
        "groupBy": ["status", "isActive"],
        "aggregates": [{"count": {}}, {"avg": {"property": "price"}}, {"max": {"property": "quantity"}}],
        "limit": 10,
    }


def test_histogram(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    client.product.histogram("price", 25, status=["active", "draft"])
    body = only_body(env, "/models/instances/aggregate")
    spec.request(body, "AggregationRequest")
    assert body == {
        "view": PRODUCT,
        "instanceType": "node",
        "filter": {"in": {"property": ["pygen_example", "Product/v1", "status"], "values": ["active", "draft"]}},
        "aggregates": [{"histogram": {"property": "price", "interval": 25}}],
    }
    assert Histogram("price", 25).dump() == body["aggregates"][0]


def test_query(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    product = ViewId("pygen_example", "Product", "v1")
    query = Query(
        with_={
            "products": NodeResultSet(filter=Equals(product.property_ref("status"), "active"), limit=10),
            "related": EdgeResultSet(from_="products", direction="outwards", max_distance=1, limit=100),
            "categories": NodeResultSet(from_="products", through=(product, "category"), direction="outwards"),
        },
        select={
            "products": Select((SourceSelector(product, ("name", "price")),)),
            "related": Select(),
            "categories": Select((SourceSelector(ViewId("pygen_example", "Category", "v1")),)),
        },
        cursors={"products": "abc", "related": None},
        parameters={"since": datetime(2024, 1, 1, tzinfo=timezone.utc)},
    )
    result = client.query(query)
    body = only_body(env, "/models/instances/query")
    spec.request(body, "QueryRequest")
    assert body == {
        "with": {
            "products": {
                "nodes": {
                    "filter": {"equals": {"property": ["pygen_example", "Product/v1", "status"], "value": "active"}}
                },
                "limit": 10,
            },
            "related": {"edges": {"from": "products", "maxDistance": 1, "direction": "outwards"}, "limit": 100},
            "categories": {
                "nodes": {
                    "from": "products",
                    "through": {"source": PRODUCT, "identifier": "category"},
                    "direction": "outwards",
                }
            },
        },
        "select": {
            "products": {"sources": [{"source": PRODUCT, "properties": ["name", "price"]}]},
            "related": {},
            "categories": {"sources": [{"source": CATEGORY, "properties": ["*"]}]},
        },
        "cursors": {"products": "abc"},
        "parameters": {"since": "2024-01-01T00:00:00.000+00:00"},
    }
    assert set(result.items) == {"products", "related", "categories"}


def test_sync(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    product = ViewId("pygen_example", "Product", "v1")
    client.sync(
        SyncQuery(
            with_={
                "changed": NodeResultSet(
                    filter=Equals(["node", "space"], "shop"), limit=500, skip_already_deleted=False
                )
            },
            select={"changed": Select((SourceSelector(product),))},
            cursors={"changed": "cursor-1"},
        )
    )
    body = only_body(env, "/models/instances/sync")
    spec.request(body, "SyncRequest")
    assert body == {
        "with": {
            "changed": {
                "nodes": {"filter": {"equals": {"property": ["node", "space"], "value": "shop"}}},
                "limit": 500,
                "skipAlreadyDeleted": False,
            }
        },
        "select": {"changed": {"sources": [{"source": PRODUCT, "properties": ["*"]}]}},
        "cursors": {"changed": "cursor-1"},
    }


def test_retrieve_connections_query(catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator) -> None:
    client, env = catalog
    client.product.retrieve(["a", "b"], retrieve_connections="full")
    body = only_body(env, "/models/instances/query")
    spec.request(body, "QueryRequest")
    edge_type = {"space": "pygen_example", "externalId": "Product.relatedProducts"}
    assert body == {
        "with": {
            "root": {
                "nodes": {
                    "filter": {
                        "and": [
                            HAS_PRODUCT,
                            {
                                "instanceReferences": [
                                    {"space": "shop", "externalId": "a"},
                                    {"space": "shop", "externalId": "b"},
                                ]
                            },
                        ]
                    }
                },
                "limit": 2,
            },
            "c0": {
                "nodes": {
                    "from": "root",
                    "through": {"source": PRODUCT, "identifier": "category"},
                    "direction": "outwards",
                },
                "limit": 10000,
            },
            "c1_edges": {
                "edges": {
                    "from": "root",
                    "filter": {"equals": {"property": ["edge", "type"], "value": edge_type}},
                    "maxDistance": 1,
                    "direction": "outwards",
                },
                "limit": 10000,
            },
            "c1": {"nodes": {"from": "c1_edges", "chainTo": "destination"}, "limit": 10000},
        },
        "select": {
            "root": {"sources": [{"source": PRODUCT, "properties": ["*"]}]},
            "c0": {"sources": [{"source": CATEGORY, "properties": ["*"]}]},
            "c1_edges": {"sources": [{"source": RELATES_TO, "properties": ["*"]}]},
            "c1": {"sources": [{"source": PRODUCT, "properties": ["*"]}]},
        },
    }


def test_the_spec_check_catches_wrong_bodies(spec: SpecValidator) -> None:
    with pytest.raises(AssertionError, match="has no such key"):
        spec.request({"items": [], "replaceAll": True}, "InstanceBulk")
    with pytest.raises(AssertionError, match="rejects the request body"):
        spec.request({"items": [{"instanceType": "node"}]}, "InstanceBulk")
    with pytest.raises(AssertionError, match="has no such key"):
        spec.request(
            {"filter": {"equals": {"property": ["node", "space"], "value": "s", "values": ["s"]}}},
            "NodeOrEdgeListRequestV3",
        )
    with pytest.raises(AssertionError, match="has no such key"):
        spec.request(
            {"view": PRODUCT, "aggregates": [{"avg": {"property": "price", "prop": "x"}}]}, "AggregationRequest"
        )


def test_ids_of_the_wrong_kind(catalog: tuple[ProductCatalogClient, MockEnv]) -> None:
    client, env = catalog
    client.relates_to.retrieve([NodeId("shop", "e1")])
    assert only_body(env, "/models/instances/byids")["items"] == [
        {"instanceType": "edge", "space": "shop", "externalId": "e1"}
    ]
    with pytest.raises(
        InvalidInputError, match=r"id: EdgeId\(space='shop', external_id='e1'\) is an edge id, but this API reads nodes"
    ):
        client.product.retrieve(EdgeId("shop", "e1"))
    with pytest.raises(
        InvalidInputError, match=r"id 0: the external id 'a' has no space; pass space=\.\.\. or a NodeId/EdgeId"
    ):
        ProductCatalogClient(env.http()).product.retrieve(["a", "b"], space=None)
