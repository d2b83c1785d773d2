"""``ParentInstanceAPI.retrieve(..., as_child_class=...)``: the exact requests (validated against the DMS OpenAPI
spec), the order of the children asked, and that child classes load only when named. Behaviour against a server is
tested with generated SDKs in ``tests/generator/test_e2e_child_classes.py``; here the reference SDK's ``Category``
plays a child of ``Product`` (the runtime does not check the hierarchy, the generator does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from example_sdk import Category, Product, ProductCatalogClient, ProductList, RelatesTo
from example_sdk._api._product import ProductFilters
from pygen_runtime import InstanceList, InvalidInputError, NodeId, ParentInstanceAPI, lazy_class
from runtime_testkit import Call, MockEnv, SpecValidator, json_response

PRODUCT = {"type": "view", "space": "pygen_example", "externalId": "Product", "version": "v1"}
CATEGORY = {"type": "view", "space": "pygen_example", "externalId": "Category", "version": "v1"}
CATEGORY_IDS = {"c1", "c2"}  # the ids the server has as categories (and products)


def node(external_id: str, view: dict[str, str], name: str) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": "shop",
        "externalId": external_id,
        "version": 1,
        "createdTime": 1,
        "lastUpdatedTime": 1,
        "properties": {"pygen_example": {f"{view['externalId']}/v1": {"name": name}}},
    }


def answer(call: Call) -> httpx.Response:
    if call.path == "/models/instances/byids":
        views = [source["source"]["externalId"] for source in call.body["sources"]]
        ids = [item["externalId"] for item in call.body["items"]]
        if "Category" in views:
            return json_response(
                {"items": [node(xid, CATEGORY, f"category {xid}") for xid in ids if xid in CATEGORY_IDS]}
            )
        return json_response({"items": [node(xid, PRODUCT, f"product {xid}") for xid in ids if xid != "missing"]})
    if call.path == "/models/instances/query":
        return json_response({"items": {name: [] for name in call.body["select"]}, "nextCursor": {}})
    return json_response({"items": []})


def parent_api(client: ProductCatalogClient, children: dict[str, Any]) -> ParentInstanceAPI[Any, Any, Any, Any]:
    return ParentInstanceAPI(client, Product, ProductList, ProductFilters, default_space="shop", children=children)


@pytest.fixture
def catalog(mock: Callable[..., MockEnv]) -> tuple[ProductCatalogClient, MockEnv]:
    env = mock(answer)
    return ProductCatalogClient(env.http(), default_space="shop"), env


def test_one_byids_per_child_for_the_ids_left_then_the_parent(
    catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator
) -> None:
    client, env = catalog
    api = parent_api(client, {"Category": Category})
    items = api.retrieve(["p1", "c1", "missing", ("shop", "c2")], as_child_class=["Category"])
    assert type(items) is InstanceList
    assert [(type(item).__name__, item.external_id, item.name) for item in items] == [
        ("Product", "p1", "product p1"),
        ("Category", "c1", "category c1"),
        ("Category", "c2", "category c2"),
    ]
    calls = env.server.calls_to("/models/instances/byids")
    for call in calls:
        spec.request(call.body, "ListOfSpaceExternalIdsRequestWithTyping")
    assert [call.body for call in calls] == [
        {
            "items": [
                {"instanceType": "node", "space": "shop", "externalId": xid} for xid in ("p1", "c1", "missing", "c2")
            ],
            # the child and the parent: an instance must have data in both (as the parent's retrieve requires)
            "sources": [{"source": CATEGORY}, {"source": PRODUCT}],
        },
        {
            "items": [{"instanceType": "node", "space": "shop", "externalId": xid} for xid in ("p1", "missing")],
            "sources": [{"source": PRODUCT}],
        },
    ]


def test_no_parent_request_when_every_id_is_a_child(catalog: tuple[ProductCatalogClient, MockEnv]) -> None:
    client, env = catalog
    api = parent_api(client, {"Category": Category})
    item = api.retrieve(NodeId("shop", "c1"), as_child_class=["Category"])
    assert isinstance(item, Category)
    assert len(env.server.calls) == 1
    assert api.retrieve("missing", as_child_class=["Category"]) is None


def test_without_as_child_class_retrieve_is_the_parents(catalog: tuple[ProductCatalogClient, MockEnv]) -> None:
    client, env = catalog
    api = parent_api(client, {"Category": Category})
    items = api.retrieve(["p1", "c1"])
    assert type(items) is ProductList
    assert [type(item) for item in items] == [Product, Product]
    assert [call.body["sources"] for call in env.server.calls] == [[{"source": PRODUCT}]]


def test_with_connections_the_child_query_requires_data_in_both_views(
    catalog: tuple[ProductCatalogClient, MockEnv], spec: SpecValidator
) -> None:
    client, env = catalog
    api = parent_api(client, {"Category": Category})
    assert api.retrieve(["c1"], as_child_class=["Category"], retrieve_connections="identifier") == []
    calls = env.server.calls_to("/models/instances/query")
    assert len(calls) == 2  # the child (nothing found), then the parent
    for call in calls:
        spec.request(call.body, "QueryRequest")
    reference = {"instanceReferences": [{"space": "shop", "externalId": "c1"}]}
    assert calls[0].body["with"]["root"]["nodes"]["filter"] == {
        "and": [{"hasData": [CATEGORY]}, {"hasData": [PRODUCT]}, reference]
    }
    assert calls[0].body["select"]["root"] == {"sources": [{"source": CATEGORY, "properties": ["*"]}]}
    assert calls[1].body["with"]["root"]["nodes"]["filter"] == {"and": [{"hasData": [PRODUCT]}, reference]}


def test_child_classes_load_only_when_named(catalog: tuple[ProductCatalogClient, MockEnv]) -> None:
    client, _ = catalog
    ghost = lazy_class("example_sdk_no_such_module", "Ghost")
    api = parent_api(client, {"Category": lazy_class("example_sdk.data_classes._category", "Category"), "Ghost": ghost})
    assert isinstance(api.retrieve("c1", as_child_class=["Category"]), Category)
    with pytest.raises(ImportError, match="example_sdk_no_such_module"):
        api.retrieve("c1", as_child_class=["Ghost"])


def test_bad_names_and_classes_are_clear_errors_before_any_request(
    catalog: tuple[ProductCatalogClient, MockEnv],
) -> None:
    client, env = catalog
    api = parent_api(client, {"Category": Category, "RelatesTo": RelatesTo})
    with pytest.raises(
        InvalidInputError,
        match=r"'Bogus' is not a child view of pygen_example:Product/v1 .* valid: 'Category', 'RelatesTo'",
    ):
        api.retrieve("c1", as_child_class=["Category", "Bogus"])
    with pytest.raises(InvalidInputError, match=r"'RelatesTo' maps to .*RelatesTo.*, which is not a node read class"):
        api.retrieve("c1", as_child_class=["RelatesTo"])
    with pytest.raises(InvalidInputError, match="retrieve_connections must be"):
        api.retrieve("c1", as_child_class=["Category"], retrieve_connections="all")  # type: ignore[call-overload]
    assert env.server.calls == []
