"""Batch writes split into several requests: partial failures lose nothing and send nothing twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx
import pytest
from example_sdk import CategoryWrite, ProductCatalogClient, ProductWrite
from pygen_runtime import CDFAPIError, EdgeId, MultiRequestError, NodeId
from runtime_testkit import Call, MockEnv, error_response, json_response

Mock = Callable[..., MockEnv]


def applied(call: Call) -> httpx.Response:
    items = [
        {**item, "version": 1, "wasModified": True, "createdTime": 5, "lastUpdatedTime": 5}
        for item in call.body["items"]
    ]
    return json_response({"items": items, "deleted": []})


def test_5000_upserts_one_chunk_fails_permanently(mock: Mock) -> None:
    def handler(call: Call) -> httpx.Response:
        if any(item["externalId"] == "p2500" for item in call.body["items"]):
            return error_response(400, "Invalid value for property price", {"x-request-id": "bad-chunk"})
        return applied(call)

    env = mock(handler)
    client = ProductCatalogClient(env.http(max_workers=4))
    items = [ProductWrite(space="shop", external_id=f"p{index}", name=f"Product {index}") for index in range(5000)]

    with pytest.raises(MultiRequestError) as caught:
        client.upsert(items)
    error = caught.value

    sent = Counter(item["externalId"] for call in env.server.calls for item in call.body["items"])
    assert len(env.server.calls) == 5 and all(count == 1 for count in sent.values()) and len(sent) == 5000
    expected_failed = [NodeId("shop", f"p{index}") for index in range(2000, 3000)]
    assert error.failed == expected_failed and error.unknown == []
    assert error.successful.created == [
        NodeId("shop", f"p{index}") for index in range(5000) if not 2000 <= index < 3000
    ]
    assert len(error.errors) == 1 and isinstance(error.errors[0], CDFAPIError)
    assert error.errors[0].request_id == "bad-chunk"
    message = str(error)
    assert message.startswith("upsert: 1 of 5 request(s) failed\n1000 item(s) failed: shop:p2000, shop:p2001")
    assert "caused by CDFAPIError: Invalid value for property price | status 400" in message


def test_server_errors_after_retries_are_reported_as_unknown(mock: Mock) -> None:
    def handler(call: Call) -> httpx.Response:
        if call.body["items"][0]["externalId"] == "p1000":
            return error_response(503, "unavailable")
        return applied(call)

    env = mock(handler)
    client = ProductCatalogClient(env.http(max_retries=2))
    items = [ProductWrite(space="shop", external_id=f"p{index}", name="x") for index in range(2500)]
    with pytest.raises(MultiRequestError) as caught:
        client.upsert(items)
    assert caught.value.failed == []
    assert caught.value.unknown == [NodeId("shop", f"p{index}") for index in range(1000, 2000)]
    assert len(caught.value.successful.created) == 1500
    # the failing chunk was sent 1 + 2 retries times; every other chunk exactly once
    first_ids = Counter(call.body["items"][0]["externalId"] for call in env.server.calls)
    assert first_ids == {"p0": 1, "p1000": 3, "p2000": 1}


def test_large_batches_write_all_nodes_before_any_edge_and_keep_order(mock: Mock) -> None:
    env = mock(applied)
    client = ProductCatalogClient(env.http(max_workers=3))
    items = []
    for index in range(1500):
        product = ProductWrite(space="shop", external_id=f"p{index}", name="x")
        if index:
            product.related_products = [NodeId("shop", f"p{index - 1}")]
        items.append(product)
    result = client.upsert(items)
    kinds = [{item["instanceType"] for item in call.body["items"]} for call in env.server.calls]
    assert kinds == [{"node"}, {"node"}, {"edge"}, {"edge"}]
    assert result.created[:1500] == [NodeId("shop", f"p{index}") for index in range(1500)]
    assert result.created[1500:] == [
        EdgeId("shop", f"Product.relatedProducts:p{index}:p{index - 1}") for index in range(1, 1500)
    ]


def test_small_batches_are_one_transaction(mock: Mock) -> None:
    env = mock(applied)
    client = ProductCatalogClient(env.http())
    product = ProductWrite(
        space="shop", external_id="p", name="x", category=CategoryWrite(space="shop", external_id="c", name="c")
    )
    client.upsert(product, delete=[NodeId("shop", "gone")])
    assert len(env.server.calls) == 1


def test_a_single_failing_request_raises_its_own_error(mock: Mock) -> None:
    env = mock(lambda call: error_response(409, "A version conflict caused the ingest to fail."))
    client = ProductCatalogClient(env.http())
    with pytest.raises(CDFAPIError) as error:
        client.upsert(ProductWrite(space="shop", external_id="p", name="x", existing_version=0))
    assert error.value.status == 409 and not isinstance(error.value, MultiRequestError)


def test_skipped_on_version_conflict_are_reported(mock: Mock) -> None:
    def handler(call: Call) -> httpx.Response:
        kept = [item for item in call.body["items"] if item["externalId"] != "b"]
        return applied(Call(call.method, call.url, call.headers, call.raw, {**call.body, "items": kept}))

    env = mock(handler)
    client = ProductCatalogClient(env.http())
    result = client.upsert(
        [ProductWrite(space="s", external_id=name, name=name, existing_version=1) for name in "abc"],
        skip_on_version_conflict=True,
    )
    assert result.created == [NodeId("s", "a"), NodeId("s", "c")]
    assert result.skipped == [NodeId("s", "b")]


def test_created_updated_unchanged(mock: Mock) -> None:
    def handler(call: Call) -> httpx.Response:
        base = {"instanceType": "node", "space": "s", "version": 2}
        return json_response(
            {
                "items": [
                    {**base, "externalId": "new", "wasModified": True, "createdTime": 7, "lastUpdatedTime": 7},
                    {**base, "externalId": "changed", "wasModified": True, "createdTime": 1, "lastUpdatedTime": 7},
                    {**base, "externalId": "same", "wasModified": False, "createdTime": 1, "lastUpdatedTime": 1},
                ],
                "deleted": [],
            }
        )

    env = mock(handler)
    result = ProductCatalogClient(env.http()).upsert(
        [ProductWrite(space="s", external_id=name, name=name) for name in ("new", "changed", "same")]
    )
    assert (result.created, result.updated, result.unchanged) == (
        [NodeId("s", "new")],
        [NodeId("s", "changed")],
        [NodeId("s", "same")],
    )
    assert result.versions[NodeId("s", "changed")] == 2


def test_delete_in_chunks_with_a_failure(mock: Mock) -> None:
    def handler(call: Call) -> httpx.Response:
        if call.body["items"][0]["externalId"] == "n1000":
            return error_response(400, "One or more spaces do not exist: nope")
        return json_response({"items": call.body["items"]})

    env = mock(handler)
    client = ProductCatalogClient(env.http())
    with pytest.raises(MultiRequestError) as caught:
        client.delete([NodeId("s", f"n{index}") for index in range(2001)])
    assert len(caught.value.successful.deleted) == 1001
    assert caught.value.failed == [NodeId("s", f"n{index}") for index in range(1000, 2000)]
    assert sorted(len(call.body["items"]) for call in env.server.calls) == [1, 1000, 1000]


def test_nothing_to_write_sends_nothing(mock: Mock) -> None:
    env = mock(applied)
    client = ProductCatalogClient(env.http())
    assert client.upsert([]) == client.upsert([], delete=[]) and client.delete([]).deleted == []
    assert env.server.calls == []
