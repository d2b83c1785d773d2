"""Responses built from the DMS OpenAPI spec (its own examples where it has them) parse into runtime objects."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from example_sdk import Product, ProductCatalogClient, RelatesTo
from pygen_runtime import (
    AggregatedValue,
    AuthenticationError,
    CDFAPIError,
    DeleteResult,
    EdgeId,
    HistogramBucket,
    HistogramValue,
    NodeId,
    UntypedEdge,
    UntypedNode,
    UpsertResult,
)
from pygen_runtime._aggregation import parse_aggregate_response
from pygen_runtime._instance_client import _parse_query
from pygen_runtime._parsing import UntypedInstance, parse_items
from runtime_testkit import Call, MockEnv, SpecValidator


def instances(spec: SpecValidator) -> tuple[dict[str, Any], dict[str, Any]]:
    node = spec.example("NodeDefinition")
    edge = spec.example("EdgeDefinition")
    return node, edge


def test_list_response_example_parses(spec: SpecValidator) -> None:
    node, edge = instances(spec)
    body = {"items": [node, edge], "nextCursor": spec.example("Cursor")["cursor"]}
    spec.response(body, "NodeAndEdgeCollectionResponseWithCursorV3")
    items, cursor = parse_items(UntypedInstance, json.dumps(body).encode(), what="list")
    assert cursor == "4zj0Vy2fo0NtNMb229mI9r1V3YG5NBL752kQz1cKtwo"
    assert isinstance(items[0], UntypedNode) and isinstance(items[1], UntypedEdge)
    assert items[0].properties == node["properties"]
    assert items[0].properties["key"]["key"]["someDirectRelation"] == {"space": "mySpace", "externalId": "someNode"}
    assert items[1].start_node == NodeId(edge["startNode"]["space"], edge["startNode"]["externalId"])


def test_spec_property_example_parses_into_a_typed_class_leniently(spec: SpecValidator) -> None:
    node, _ = instances(spec)
    node["properties"] = {"pygen_example": {"Product/v1": {**spec.example("PropertyValueGroupV3"), "name": "Chair"}}}
    spec.response({"items": [node]}, "ByIdsResponse")
    (product,) = parse_items(Product, json.dumps({"items": [node]}).encode(), what="byids")[0]
    assert product.name == "Chair" and product.price is None  # unknown example properties are ignored


def test_edge_example_parses_into_the_edge_class(spec: SpecValidator) -> None:
    _, edge = instances(spec)
    edge["properties"] = {"pygen_example": {"RelatesTo/v1": {"strength": 0.2, "note": "n"}}}
    spec.response({"items": [edge]}, "SearchResponse")
    (relation,) = parse_items(RelatesTo, json.dumps({"items": [edge]}).encode(), what="search")[0]
    assert (relation.strength, relation.note, relation.as_id()) == (0.2, "n", EdgeId(edge["space"], edge["externalId"]))


def test_apply_and_delete_response_examples(spec: SpecValidator) -> None:
    slim_node = spec.example("SlimNodeDefinition")
    slim_edge = spec.example("SlimEdgeDefinition")
    deleted = spec.example("DeletedInstances")
    body = {"items": [slim_node, slim_edge], "deleted": deleted}
    spec.response(body, "SlimNodeAndEdgeCollectionResponse")
    result = UpsertResult.from_response(body)
    written = [NodeId(slim_node["space"], slim_node["externalId"]), EdgeId(slim_edge["space"], slim_edge["externalId"])]
    assert result.written == written
    assert result.deleted == [NodeId(deleted[0]["space"], deleted[0]["externalId"])]
    spec.response({"items": deleted}, "NodeOrEdgeDeleteResponse")
    assert DeleteResult([NodeId(deleted[0]["space"], deleted[0]["externalId"])]).deleted[0].space == deleted[0]["space"]


def test_aggregate_response_examples(spec: SpecValidator) -> None:
    item = spec.example("AggregatedResultItem")
    number = spec.example("AggregatedNumberValue")
    histogram = spec.example("AggregatedHistogramValue")
    item["aggregates"] = [number, histogram]
    body = {"items": [item]}
    spec.response(body, "AggregationResponse")
    (group,) = parse_aggregate_response(body, rename={"duration": "run_time"})
    assert group.group == {"name": "PumpName1", "tag": "tag01"}
    assert group.aggregates == [
        AggregatedValue("avg", "run_time", 0.2),
        HistogramValue("run_time", 50, [HistogramBucket(1050, 7)]),
    ]


def test_query_response_example(spec: SpecValidator) -> None:
    node, edge = instances(spec)
    node["properties"] = {"pygen_example": {"Product/v1": {"name": "A"}}}
    body = {"items": {"products": [node], "links": [edge]}, "nextCursor": {"products": "c1", "links": None}}
    spec.response({**body, "nextCursor": {"products": "c1"}}, "QueryResponse")
    result = _parse_query(json.dumps(body).encode(), ["products", "links"], {"products": Product}, "query")
    assert isinstance(result["products"][0], Product) and result["products"][0].name == "A"
    assert isinstance(result["links"][0], UntypedEdge)
    assert result.next_cursors == {"products": "c1", "links": None}


@pytest.mark.parametrize(
    ("schema", "status", "error_type"), [("Error", 401, AuthenticationError), ("UpsertConflict", 409, CDFAPIError)]
)
def test_error_response_examples(
    spec: SpecValidator, mock: Callable[..., MockEnv], schema: str, status: int, error_type: type[CDFAPIError]
) -> None:
    example = spec.example(schema)
    body = {"error": example} if schema == "Error" else copy.deepcopy(example)
    body["error"]["code"] = status
    spec.response(body, "ErrorResponse")

    def handler(call: Call) -> httpx.Response:
        return httpx.Response(status, json=body, headers={"x-request-id": "rid"})

    env = mock(handler)
    with pytest.raises(error_type) as error:
        ProductCatalogClient(env.http()).product.retrieve(("s", "x"))
    assert (error.value.status, error.value.code, error.value.message, error.value.request_id) == (
        status,
        status,
        body["error"]["message"],
        "rid",
    )


def test_aggregate_group_value_is_its_single_aggregate() -> None:
    from pygen_runtime import AggregatedValue, AggregateGroup, HistogramValue, InvalidInputError

    group = AggregateGroup({"status": "active"}, [AggregatedValue(aggregate="count", property="name", value=3)])
    assert group.value == 3
    two = AggregateGroup({}, [AggregatedValue("min", "price", 1.0), AggregatedValue("max", "price", 9.0)])
    with pytest.raises(InvalidInputError, match="exactly one aggregate; this group has 2"):
        _ = two.value
    histogram_only = AggregateGroup({}, [HistogramValue(property="price", interval=10.0, buckets=[])])
    with pytest.raises(InvalidInputError, match="this group has 0"):
        _ = histogram_only.value
