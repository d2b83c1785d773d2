"""Listing: sort (with nulls placement), limits, keyset cursors that neither skip nor repeat, sources and typing."""

from __future__ import annotations

import random
from typing import Any

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


def page_through(dms: Any, **body: Any) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        page = dms.ok(dms.post("instances/list", {**body, **({"cursor": cursor} if cursor else {})}))
        seen += [item["externalId"] for item in page["items"]]
        cursor = page.get("nextCursor")
        if cursor is None:
            return seen


@pytest.fixture(autouse=True)
def _model(plant: Emulator) -> None:
    """Every test here runs against the plant model."""


def test_sort_with_nulls_last_and_first(dms: Any) -> None:
    dms.applied(asset("a", count=2), asset("b"), asset("c", count=1), asset("d", count=2))
    rating = [S, "Asset/1", "count"]
    assert dms.ids(sort=[{"property": rating}]) == ["c", "a", "d", "b"]
    assert dms.ids(sort=[{"property": rating, "direction": "descending"}]) == ["a", "d", "c", "b"]
    assert dms.ids(sort=[{"property": rating, "nullsFirst": True}]) == ["b", "c", "a", "d"]
    two_keys = [
        {"property": rating, "direction": "descending"},
        {"property": ["node", "externalId"], "direction": "descending"},
    ]
    assert dms.ids(sort=two_keys) == ["d", "a", "c", "b"]


@pytest.mark.parametrize("nulls_first", [False, True])
@pytest.mark.parametrize("direction", ["ascending", "descending"])
def test_sorted_cursor_pages_have_no_gaps_or_duplicates(dms: Any, direction: str, nulls_first: bool) -> None:
    generator = random.Random(7)
    items = [asset(f"n{i:03d}", **({"count": generator.randint(0, 5)} if i % 4 else {})) for i in range(120)]
    dms.applied(*items)
    sort = [{"property": [S, "Asset/1", "count"], "direction": direction, "nullsFirst": nulls_first}]
    paged = page_through(dms, sort=sort, limit=7)
    assert len(paged) == 120 and len(set(paged)) == 120
    assert paged == dms.ids(sort=sort, limit=1000), "pages concatenate to the one-shot sorted listing"


def test_cursor_survives_writes_between_pages(dms: Any) -> None:
    dms.applied(*[asset(f"n{i:02d}") for i in range(30)])
    first = dms.ok(dms.post("instances/list", {"limit": 10}))
    dms.applied(asset("n05", tag="changed"), asset("zz-new"))
    rest = page_through(dms, limit=10, cursor=first["nextCursor"])
    seen = [i["externalId"] for i in first["items"]] + rest
    assert len(seen) == len(set(seen)), "no instance is returned twice"
    assert {f"n{i:02d}" for i in range(30)} <= set(seen)


def test_cursor_must_belong_to_the_same_request(raw_dms: Any, dms: Any) -> None:
    dms.applied(*[asset(f"n{i}") for i in range(3)])
    cursor = dms.ok(dms.post("instances/list", {"limit": 1}))["nextCursor"]
    message = raw_dms.error(
        raw_dms.post("instances/list", {"limit": 1, "cursor": cursor, "filter": {"matchAll": {}}}), 400
    )
    assert "cursor belongs to a different request" in message
    assert "invalid cursor" in raw_dms.error(raw_dms.post("instances/list", {"cursor": "garbage!"}), 400)


def test_sources_restrict_and_project_and_typing(dms: Any, emulator: Emulator) -> None:
    dms.applied(asset("a", tag="t"))
    dms.applied({"instanceType": "node", "space": S, "externalId": "bare"})
    body = dms.ok(dms.post("instances/list", {"sources": [{"source": ASSET}], "includeTyping": True}))
    assert [i["externalId"] for i in body["items"]] == ["a"]
    assert body["items"][0]["properties"][S]["Asset/1"]["tag"] == "t"
    typing = body["typing"][S]["Asset/1"]
    assert typing["tag"]["type"]["type"] == "text" and typing["number"]["autoIncrement"] is True
    assert "children" not in typing, "typing describes mapped properties only"
    without = dms.list()
    assert {i["externalId"] for i in without} == {"a", "bare"} and all(i["properties"] == {} for i in without)


def test_default_limit_and_bounds(dms: Any, raw_dms: Any) -> None:
    dms.applied(*[asset(f"n{i}") for i in range(3)])
    assert len(dms.list(limit=2)) == 2
    assert "must be at most 1000" in raw_dms.error(raw_dms.post("instances/list", {"limit": 1001}), 400)
    assert "must be at least 1" in raw_dms.error(raw_dms.post("instances/list", {"limit": 0}), 400)


def test_byids_keeps_request_order_and_omits_missing(dms: Any) -> None:
    dms.applied(asset("a"), asset("b"))
    refs = [{"instanceType": "node", "space": S, "externalId": x} for x in ("b", "missing", "a")]
    found = dms.ok(dms.post("instances/byids", {"items": refs, "sources": [{"source": ASSET}], "includeTyping": True}))
    assert [i["externalId"] for i in found["items"]] == ["b", "a"]
    assert "Asset/1" in found["typing"][S]


def test_byids_with_sources_returns_only_instances_with_data_in_every_source(dms: Any) -> None:
    dms.applied(asset("plain"))  # Asset data only, no Pump data
    pump = {"type": "view", "space": S, "externalId": "Pump", "version": "1"}
    refs = [{"instanceType": "node", "space": S, "externalId": "plain"}]
    assert dms.ok(dms.post("instances/byids", {"items": refs, "sources": [{"source": pump}]}))["items"] == []
    both = dms.ok(dms.post("instances/byids", {"items": refs, "sources": [{"source": ASSET}]}))["items"]
    assert [i["externalId"] for i in both] == ["plain"]
    assert [i["externalId"] for i in dms.ok(dms.post("instances/byids", {"items": refs}))["items"]] == ["plain"]


@pytest.mark.slow
def test_ten_thousand_instances_page_without_duplicates_or_gaps(dms: Any) -> None:
    expected = {f"n{i:05d}" for i in range(10_000)}
    names = sorted(expected)
    for start in range(0, 10_000, 1000):
        dms.applied(*[asset(x, count=i % 97) for i, x in enumerate(names[start : start + 1000], start)])
    unsorted = page_through(dms, limit=1000, sources=[{"source": ASSET}])
    assert len(unsorted) == 10_000 and set(unsorted) == expected
    flt = {"range": {"property": [S, "Asset/1", "count"], "gte": 10}}
    sort = [{"property": [S, "Asset/1", "count"], "direction": "descending"}]
    sorted_pages = page_through(dms, limit=333, filter=flt, sort=sort)
    wanted = {x for i, x in enumerate(names) if i % 97 >= 10}
    assert len(sorted_pages) == len(wanted) and set(sorted_pages) == wanted
