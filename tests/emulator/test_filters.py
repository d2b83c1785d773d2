"""Every filter kind of the DMS filter language, on a small data set whose answers are known."""

from __future__ import annotations

from typing import Any

import pytest
from pygen_emulator import Emulator

S = "plant"
ASSET = {"type": "view", "space": S, "externalId": "Asset", "version": "1"}
PUMP = {"type": "view", "space": S, "externalId": "Pump", "version": "1"}


def prop(name: str) -> list[str]:
    return [S, "Asset/1", name]


def node(xid: str) -> dict[str, str]:
    return {"space": S, "externalId": xid}


DATA: dict[str, dict[str, Any]] = {
    "a": {
        "tag": "alpha-1",
        "rating": 1.0,
        "count": 10,
        "active": True,
        "installed": "2024-01-01T00:00:00Z",
        "tags": ["x", "y"],
        "status": "running",
        "parent": node("c"),
        "start": "2024-01-01T00:00:00Z",
        "end": "2024-01-31T00:00:00Z",
        "meta": {"k": 1},
    },
    "b": {
        "tag": "alpha-2",
        "rating": 2.5,
        "count": 20,
        "active": False,
        "installed": "2024-06-01T12:00:00+02:00",
        "tags": ["y"],
        "status": "stopped",
        "parent": node("c"),
        "related": [node("a"), node("c")],
        "start": "2024-02-01T00:00:00Z",
    },
    "c": {
        "tag": "beta",
        "rating": 5.0,
        "count": 30,
        "tags": [],
        "related": [node("a")],
        "start": "2023-01-01T00:00:00Z",
        "end": "2023-02-01T00:00:00Z",
    },
    "d": {"rating": -1.0, "count": 40, "active": True, "tags": ["z"]},
}


# "p" is a Pump; Pump implements Asset, so p has Asset data too (name "Pump P", parent a, no tags).
@pytest.fixture(autouse=True)
def data(plant: Emulator, dms: Any) -> None:
    items = [
        {
            "instanceType": "node",
            "space": S,
            "externalId": xid,
            "sources": [{"source": ASSET, "properties": {"name": f"Asset {xid.upper()}", **props}}],
        }
        for xid, props in DATA.items()
    ]
    items[3]["type"] = {"space": S, "externalId": "Special"}
    dms.applied(*items)
    dms.applied(
        {
            "instanceType": "node",
            "space": S,
            "externalId": "p",
            "sources": [{"source": PUMP, "properties": {"name": "Pump P", "flow": 3.0, "parent": node("a")}}],
        }
    )


def matches(dms: Any, flt: dict[str, Any], **body: Any) -> list[str]:
    return sorted(dms.ids(filter=flt, sources=[{"source": ASSET}], **body))


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"equals": {"property": prop("tag"), "value": "beta"}}, ["c"]),
        ({"equals": {"property": prop("count"), "value": 20}}, ["b"]),
        ({"equals": {"property": prop("active"), "value": True}}, ["a", "d"]),
        ({"equals": {"property": prop("installed"), "value": "2024-06-01T10:00:00.000+00:00"}}, ["b"]),
        ({"equals": {"property": prop("parent"), "value": node("c")}}, ["a", "b"]),
        ({"equals": {"property": prop("tags"), "value": ["x", "y"]}}, ["a"]),
        ({"equals": {"property": prop("tags"), "value": "y"}}, ["a", "b"]),
        ({"equals": {"property": prop("meta"), "value": {"k": 1}}}, ["a"]),
        ({"equals": {"property": ["node", "externalId"], "value": "d"}}, ["d"]),
        ({"equals": {"property": ["node", "type"], "value": {"space": S, "externalId": "Special"}}}, ["d"]),
        ({"in": {"property": prop("tag"), "values": ["alpha-1", "beta", "nope"]}}, ["a", "c"]),
        ({"in": {"property": prop("parent"), "values": [node("c"), node("zzz")]}}, ["a", "b"]),
        ({"in": {"property": prop("status"), "values": []}}, []),
        ({"range": {"property": prop("rating"), "gt": 1.0, "lte": 5.0}}, ["b", "c"]),
        ({"range": {"property": prop("count"), "gte": 30}}, ["c", "d"]),
        ({"range": {"property": prop("installed"), "lt": "2024-03-01T00:00:00Z"}}, ["a"]),
        ({"range": {"property": prop("tag"), "gte": "alpha-2", "lt": "c"}}, ["b", "c"]),
        ({"range": {"property": ["node", "externalId"], "gt": "b"}}, ["c", "d", "p"]),
        ({"prefix": {"property": prop("tag"), "value": "alpha"}}, ["a", "b"]),
        ({"prefix": {"property": ["node", "externalId"], "value": "c"}}, ["c"]),
        ({"exists": {"property": prop("active")}}, ["a", "b", "d"]),
        ({"exists": {"property": prop("tags")}}, ["a", "b", "c", "d"]),
        ({"exists": {"property": prop("parent")}}, ["a", "b", "p"]),
        ({"containsAny": {"property": prop("tags"), "values": ["x", "z"]}}, ["a", "d"]),
        ({"containsAll": {"property": prop("tags"), "values": ["x", "y"]}}, ["a"]),
        ({"containsAll": {"property": prop("tags"), "values": ["y"]}}, ["a", "b"]),
        ({"containsAny": {"property": prop("related"), "values": [node("c")]}}, ["b"]),
        ({"containsAll": {"property": prop("related"), "values": [node("a"), node("c")]}}, ["b"]),
        ({"matchAll": {}}, ["a", "b", "c", "d", "p"]),
        ({"not": {"equals": {"property": prop("active"), "value": True}}}, ["b", "c", "p"]),
        (
            {"and": [{"exists": {"property": prop("active")}}, {"range": {"property": prop("count"), "lt": 30}}]},
            ["a", "b"],
        ),
        (
            {
                "or": [
                    {"equals": {"property": prop("tag"), "value": "beta"}},
                    {"equals": {"property": prop("count"), "value": 40}},
                ]
            },
            ["c", "d"],
        ),
        ({"instanceReferences": [node("a"), node("d"), node("missing")]}, ["a", "d"]),
        (
            {"nested": {"scope": prop("parent"), "filter": {"equals": {"property": prop("tag"), "value": "beta"}}}},
            ["a", "b"],
        ),
        (
            {"nested": {"scope": prop("parent"), "filter": {"equals": {"property": prop("tag"), "value": "alpha-1"}}}},
            ["p"],
        ),
        (
            {"nested": {"scope": prop("related"), "filter": {"prefix": {"property": prop("tag"), "value": "alpha"}}}},
            ["b", "c"],
        ),
        (
            {
                "overlaps": {
                    "startProperty": prop("start"),
                    "endProperty": prop("end"),
                    "gte": "2024-01-15T00:00:00Z",
                    "lte": "2024-03-01T00:00:00Z",
                }
            },
            ["a", "b"],
        ),
        (
            {"overlaps": {"startProperty": prop("start"), "endProperty": prop("end"), "lt": "2023-06-01T00:00:00Z"}},
            ["c"],
        ),
        ({"equals": {"property": prop("rating"), "value": {"property": prop("rating")}}}, ["a", "b", "c", "d"]),
        ({"range": {"property": prop("count"), "gt": {"property": prop("rating")}}}, ["a", "b", "c", "d"]),
        ({"hasData": [{"type": "container", "space": S, "externalId": "Pump"}]}, ["p"]),
        ({"hasData": [{"type": "view", "space": S, "externalId": "Asset", "version": "1"}]}, ["a", "b", "c", "d", "p"]),
    ],
)
def test_filter(dms: Any, flt: dict[str, Any], expected: list[str]) -> None:
    assert matches(dms, flt) == expected


def test_has_data_selects_by_view_and_container(dms: Any) -> None:
    pump_container = {"type": "container", "space": S, "externalId": "Pump"}
    assert dms.ids(filter={"hasData": [pump_container]}) == ["p"]
    assert sorted(dms.ids(filter={"hasData": [PUMP, {"type": "container", "space": S, "externalId": "Asset"}]})) == [
        "a",
        "b",
        "c",
        "d",
        "p",
    ]
    assert sorted(dms.ids(sources=[{"source": PUMP}])) == ["p"]


def test_filter_on_container_property_and_inherited_view_property(dms: Any) -> None:
    container_ref = [S, "Asset", "tag"]
    assert matches(dms, {"prefix": {"property": container_ref, "value": "be"}}) == ["c"]
    pumps = dms.ids(filter={"equals": {"property": [S, "Pump/1", "name"], "value": "Pump P"}})
    assert pumps == ["p"]


def test_edges_filter_on_their_ends(dms: Any) -> None:
    feeds = {"space": S, "externalId": "feeds"}
    edges = [
        {
            "instanceType": "edge",
            "space": S,
            "externalId": f"e{i}",
            "type": feeds,
            "startNode": node(s),
            "endNode": node(t),
        }
        for i, (s, t) in enumerate([("a", "b"), ("a", "c"), ("b", "c")])
    ]
    dms.applied(*edges)
    by_start = dms.ids(instanceType="edge", filter={"equals": {"property": ["edge", "startNode"], "value": node("a")}})
    assert sorted(by_start) == ["e0", "e1"]
    nested = {
        "nested": {"scope": ["edge", "endNode"], "filter": {"equals": {"property": prop("tag"), "value": "beta"}}}
    }
    assert sorted(dms.ids(instanceType="edge", filter=nested)) == ["e1", "e2"]
    assert dms.ids(instanceType="edge", filter={"equals": {"property": ["edge", "type"], "value": feeds}}) == [
        "e0",
        "e1",
        "e2",
    ]


@pytest.mark.parametrize(
    ("flt", "fragment"),
    [
        ({"equals": {"property": prop("count"), "value": "ten"}}, "count is int64; expected a number"),
        ({"equals": {"property": prop("nope"), "value": 1}}, "Unknown property 'nope'"),
        ({"equals": {"property": [S, "Ghost/1", "x"], "value": 1}}, "One or more views do not exist: plant:Ghost/1"),
        ({"prefix": {"property": prop("count"), "value": "1"}}, "prefix works on single-valued text"),
        ({"range": {"property": prop("rating"), "gt": 1, "gte": 2}}, "use either gt or gte"),
        ({"wat": {}}, "unknown filter 'wat'"),
        ({"equals": {"property": ["node"], "value": 1}}, "a property reference has 2 parts"),
        ({"equals": {"property": prop("installed"), "value": "yesterday"}}, "expected an ISO 8601 timestamp"),
        ({"equals": {"property": prop("children"), "value": 1}}, "is a connection"),
    ],
)
def test_bad_filters_are_400_naming_the_problem(raw_dms: Any, flt: dict[str, Any], fragment: str) -> None:
    message = raw_dms.error(raw_dms.post("instances/list", {"filter": flt}), 400)
    assert fragment in message
    assert "filter" in message


def test_parameters_are_rejected_outside_query(raw_dms: Any) -> None:
    flt = {"equals": {"property": prop("tag"), "value": {"parameter": "p"}}}
    assert "parameters can only be used in query and sync" in raw_dms.error(
        raw_dms.post("instances/list", {"filter": flt}), 400
    )
