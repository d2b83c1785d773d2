"""Bad input: each answered with a DMS-format error naming the problem, and the database left unchanged."""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import pytest
from pygen_emulator import Emulator

S = "plant"
ASSET = {"type": "view", "space": S, "externalId": "Asset", "version": "1"}


def asset(xid: str, **props: Any) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": S,
        "externalId": xid,
        "sources": [{"source": ASSET, "properties": {"name": xid, **props}}],
    }


@pytest.fixture(autouse=True)
def existing(plant: Emulator, dms: Any) -> None:
    dms.applied(asset("kept", tag="original"))


def assert_unchanged(dms: Any, before: Any) -> None:
    assert dms.snapshot() == before, "a rejected request must not change the database"


def test_malformed_json(raw_api: httpx.Client, dms: Any) -> None:
    before = dms.snapshot()
    response = raw_api.post("/models/instances", content=b'{"items": [', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "Request body is not valid JSON" in response.json()["error"]["message"]
    assert response.json()["error"]["code"] == 400
    for body, fragment in (
        (b"[]", "must be a JSON object"),
        (b"", "empty"),
        (b'{"items": [NaN]}', "NaN is not valid JSON"),
    ):
        answer = raw_api.post("/models/instances", content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 400 and fragment in answer.json()["error"]["message"], answer.text
    assert_unchanged(dms, before)


def test_broken_gzip(raw_api: httpx.Client) -> None:
    response = raw_api.post("/models/instances/list", content=b"not gzip", headers={"content-encoding": "gzip"})
    assert response.status_code == 400 and "not valid gzip" in response.json()["error"]["message"]
    good = raw_api.post(
        "/models/instances/list", content=gzip.compress(b'{"limit": 5}'), headers={"content-encoding": "gzip"}
    )
    assert good.status_code == 200 and [i["externalId"] for i in good.json()["items"]] == ["kept"]


@pytest.mark.parametrize(
    ("items", "fragment"),
    [
        (
            [asset("new", rating="high")],
            "items[0].sources[0].properties.rating: invalid value for property 'rating' (float64)",
        ),
        ([asset("new", count=1.5)], "expected an int64 integer"),
        ([asset("new", count=2**63)], "outside the int64 range"),
        ([asset("new", active="yes")], "expected a boolean"),
        ([asset("new", installed="31/12/2024")], "expected an ISO 8601 timestamp"),
        ([asset("new", commissioned="2024-02-30")], "invalid date"),
        ([asset("new", meta=[1, 2])], "expected a JSON object"),
        ([asset("new", status="broken")], "'broken' is not one of the enum values"),
        ([asset("new", parent="kept")], "expected a direct relation"),
        ([asset("new", tags="solo")], "expected a list of text values"),
        ([asset("new", readings=[1, 2, 3, 4, 5, 6])], "list has 6 items, more than the maximum of 5"),
        (
            [asset("new", related=[{"space": S, "externalId": f"n{i}"} for i in range(101)])],
            "more than the maximum of 100",
        ),
        ([asset("new", tag="a\x00b")], "NUL"),
        ([asset("new", name=None)], "property 'name' is not nullable"),
        ([asset("new", nope=1)], "Unknown property 'nope' in view plant:Asset/1"),
        (
            [{**asset("new"), "sources": [{"source": {**ASSET, "externalId": "Ghost"}, "properties": {}}]}],
            "One or more views do not exist: plant:Ghost/1",
        ),
        ([{**asset("new"), "space": "no space!"}], "items[0].space: invalid space identifier"),
        ([{**asset("new"), "space": "nowhere"}], "One or more spaces do not exist: nowhere"),
        ([{**asset("new"), "externalId": ""}], "items[0].externalId: invalid instance externalId"),
        ([{**asset("new"), "externalId": "x" * 257}], "invalid instance externalId"),
        ([{**asset("new"), "instanceType": "thing"}], "items[0].instanceType: expected 'node' or 'edge'"),
        ([{**asset("new"), "colour": "red"}], "Unexpected field - items[0].colour"),
        ([asset("ok"), asset("new", count="x")], "items[1]"),
        ([asset(f"n{i}") for i in range(1001)], "items: must contain at most 1000 items"),
    ],
)
def test_bad_writes_are_rejected_whole(raw_dms: Any, dms: Any, items: list[dict[str, Any]], fragment: str) -> None:
    before = dms.snapshot()
    response = raw_dms.apply(*items, asset("kept", tag="changed?"))
    message = raw_dms.error(response, 400)
    assert fragment in message
    assert_unchanged(dms, before)


def test_items_plus_deletes_over_the_limit(raw_dms: Any, dms: Any) -> None:
    before = dms.snapshot()
    deletes = [{"instanceType": "node", "space": S, "externalId": f"d{i}"} for i in range(600)]
    response = raw_dms.apply(*[asset(f"n{i}") for i in range(500)], delete=deletes)
    assert "at most 1000 instances, got 1100" in raw_dms.error(response, 400)
    assert_unchanged(dms, before)


@pytest.mark.parametrize(
    ("path", "body", "fragment"),
    [
        ("spaces", {"items": [{"space": "1bad"}]}, "items[0].space: invalid space identifier '1bad'"),
        ("spaces", {"items": [{"space": "ok", "name": "x" * 256}]}, "size must be between 0 and 255"),
        ("spaces", {"items": []}, "must contain at least 1 item"),
        ("spaces", {"items": [{"space": f"s{i}"} for i in range(101)]}, "at most 100 items"),
        (
            "containers",
            {"items": [{"space": S, "externalId": "Bad-Name", "properties": {"a": {"type": {"type": "text"}}}}]},
            "invalid externalId 'Bad-Name'",
        ),
        (
            "containers",
            {"items": [{"space": S, "externalId": "String", "properties": {"a": {"type": {"type": "text"}}}}]},
            "externalId 'String' is reserved",
        ),
        (
            "containers",
            {"items": [{"space": S, "externalId": "C", "properties": {"space": {"type": {"type": "text"}}}}]},
            "property identifier 'space' is reserved",
        ),
        (
            "containers",
            {"items": [{"space": S, "externalId": "C", "properties": {"a": {"type": {"type": "decimal"}}}}]},
            "unknown property type 'decimal'",
        ),
        (
            "containers",
            {
                "items": [
                    {
                        "space": S,
                        "externalId": "C",
                        "properties": {"a": {"type": {"type": "text"}, "autoIncrement": True}},
                    }
                ]
            },
            "only single int32 and int64",
        ),
        ("containers", {"items": [{"space": S, "externalId": "C", "properties": {}}]}, "1-100 properties"),
        ("views", {"items": [{"space": S, "externalId": "V", "version": "1 0"}]}, "invalid version '1 0'"),
        (
            "views",
            {"items": [{"space": S, "externalId": "V", "version": "1", "filter": {"bogus": {}}}]},
            "unknown filter 'bogus'",
        ),
        (
            "instances/byids",
            {"items": [{"instanceType": "node", "space": S, "externalId": "x"}] * 1001},
            "at most 1000 items",
        ),
        ("instances/list", {"sort": [{"property": ["node", "externalId"]}] * 6}, "at most 5 sort keys"),
        (
            "instances/list",
            {"sources": [{"source": {**ASSET, "externalId": "Ghost"}}]},
            "One or more views do not exist: plant:Ghost/1",
        ),
        ("instances/list", {"instanceType": "thing"}, "instanceType: expected one of ['node', 'edge']"),
    ],
)
def test_bad_requests(raw_dms: Any, dms: Any, path: str, body: dict[str, Any], fragment: str) -> None:
    before = dms.snapshot()
    message = raw_dms.error(raw_dms.post(path, body), 400)
    assert fragment in message
    assert_unchanged(dms, before)
    assert dms.ok(dms.client.get("/models/containers", params={"limit": 1000}))["items"][0]["externalId"] == "Asset"
