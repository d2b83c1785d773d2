"""Soft deletes (a node's edges go with it) and sync: change cursors, tombstones, modes, expiry."""

from __future__ import annotations

from typing import Any

import pytest
from pygen_emulator import Emulator

S = "plant"
ASSET = {"type": "view", "space": S, "externalId": "Asset", "version": "1"}
FEEDS = {"space": S, "externalId": "feeds"}


def asset(xid: str, **props: Any) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": S,
        "externalId": xid,
        "sources": [{"source": ASSET, "properties": {"name": xid, **props}}],
    }


def edge(xid: str, start: str, end: str) -> dict[str, Any]:
    return {
        "instanceType": "edge",
        "space": S,
        "externalId": xid,
        "type": FEEDS,
        "startNode": {"space": S, "externalId": start},
        "endNode": {"space": S, "externalId": end},
    }


def ref(xid: str, kind: str = "node") -> dict[str, str]:
    return {"instanceType": kind, "space": S, "externalId": xid}


ASSETS_SYNC = {
    "with": {"assets": {"nodes": {"filter": {"hasData": [ASSET]}}, "limit": 2}},
    "select": {"assets": {"sources": [{"source": ASSET, "properties": ["name", "tag"]}]}},
}


@pytest.fixture(autouse=True)
def _model(plant: Emulator) -> None:
    """Every test here runs against the plant model."""


def sync_all(
    dms: Any, body: dict[str, Any], cursor: str | None = None, name: str = "assets"
) -> tuple[list[dict[str, Any]], str]:
    """Follow a sync stream until it is caught up; returns everything seen and the final cursor."""
    seen: list[dict[str, Any]] = []
    while True:
        request = {**body, **({"cursors": {name: cursor}} if cursor else {})}
        page = dms.ok(dms.post("instances/sync", request))
        seen += page["items"][name]
        cursor = page["nextCursor"][name]
        if not page["items"][name]:
            return seen, str(cursor)


class TestDelete:
    def test_delete_is_soft_and_takes_the_edges(self, dms: Any) -> None:
        dms.applied(asset("a"), asset("b"), asset("c"))
        dms.applied(edge("ab", "a", "b"), edge("ca", "c", "a"), edge("bc", "b", "c"))
        deleted = dms.ok(dms.post("instances/delete", {"items": [ref("a"), ref("missing")]}))["items"]
        assert deleted == [ref("a")], "missing instances are left out of the answer"
        assert dms.node("a") is None
        assert dms.ids(instanceType="edge") == ["bc"], "edges into and out of a deleted node go with it"

    def test_delete_with_existing_version(self, dms: Any) -> None:
        dms.applied(asset("a"))
        dms.applied(asset("a", tag="v2"))
        dms.error(dms.post("instances/delete", {"items": [{**ref("a"), "existingVersion": 1}]}), 409)
        assert dms.node("a") is not None
        assert dms.ok(dms.post("instances/delete", {"items": [{**ref("a"), "existingVersion": 2}]}))["items"] == [
            ref("a")
        ]

    def test_delete_in_unknown_space(self, raw_dms: Any) -> None:
        message = raw_dms.error(
            raw_dms.post(
                "instances/delete", {"items": [{"instanceType": "node", "space": "nowhere", "externalId": "x"}]}
            ),
            400,
        )
        assert "One or more spaces do not exist: nowhere" in message

    def test_recreating_a_deleted_instance_starts_fresh(self, dms: Any) -> None:
        dms.applied(asset("a", tag="old"))
        dms.ok(dms.post("instances/delete", {"items": [ref("a")]}))
        [again] = dms.applied(asset("a"))
        assert again["wasModified"] is True and again["createdTime"] == again["lastUpdatedTime"]
        props = dms.node("a", sources=[{"source": ASSET}])["properties"][S]["Asset/1"]
        assert "tag" not in props, "the old values are gone"


class TestSync:
    def test_backfill_then_changes_then_tombstones(self, dms: Any) -> None:
        dms.applied(asset("a", tag="1"), asset("b"), asset("c"))
        first, cursor = sync_all(dms, ASSETS_SYNC)
        assert sorted(i["externalId"] for i in first) == ["a", "b", "c"]
        assert first[0]["properties"][S]["Asset/1"]["name"] in {"a", "b", "c"}
        caught_up = dms.ok(dms.post("instances/sync", {**ASSETS_SYNC, "cursors": {"assets": cursor}}))
        assert caught_up["items"]["assets"] == [] and caught_up["nextCursor"]["assets"]
        dms.applied(asset("a", tag="2"), asset("d"))
        dms.ok(dms.post("instances/delete", {"items": [ref("b")]}))
        changes, cursor = sync_all(dms, ASSETS_SYNC, cursor)
        by_id = {i["externalId"]: i for i in changes}
        assert set(by_id) == {"a", "b", "d"}
        assert by_id["a"]["properties"][S]["Asset/1"]["tag"] == "2"
        assert "deletedTime" in by_id["b"] and by_id["b"]["properties"] == {}
        assert "deletedTime" not in by_id["a"]

    def test_each_change_is_seen_once_even_when_written_twice(self, dms: Any) -> None:
        dms.applied(asset("a"))
        _, cursor = sync_all(dms, ASSETS_SYNC)
        dms.applied(asset("a", tag="1"))
        dms.applied(asset("a", tag="2"))
        changes, _ = sync_all(dms, ASSETS_SYNC, cursor)
        assert [(i["externalId"], i["version"]) for i in changes] == [("a", 3)]

    def test_already_deleted_instances_are_skipped_in_the_backfill(self, dms: Any) -> None:
        dms.applied(asset("a"), asset("gone"))
        dms.ok(dms.post("instances/delete", {"items": [ref("gone")]}))
        seen, _ = sync_all(dms, ASSETS_SYNC)
        assert [i["externalId"] for i in seen] == ["a"]
        body = {**ASSETS_SYNC, "with": {"assets": {**ASSETS_SYNC["with"]["assets"], "skipAlreadyDeleted": False}}}
        with_tombstones, _ = sync_all(dms, body)
        assert sorted(i["externalId"] for i in with_tombstones) == ["a", "gone"]

    def test_no_backfill_mode_starts_at_now(self, dms: Any) -> None:
        dms.applied(asset("old"))
        body = {**ASSETS_SYNC, "with": {"assets": {**ASSETS_SYNC["with"]["assets"], "mode": "noBackfill"}}}
        first = dms.ok(dms.post("instances/sync", body))
        assert first["items"]["assets"] == []
        dms.applied(asset("new"))
        changes, _ = sync_all(dms, body, first["nextCursor"]["assets"])
        assert [i["externalId"] for i in changes] == ["new"]

    def test_backfill_sort_needs_two_phase(self, raw_dms: Any) -> None:
        body = {
            **ASSETS_SYNC,
            "with": {
                "assets": {**ASSETS_SYNC["with"]["assets"], "backfillSort": [{"property": ["node", "externalId"]}]}
            },
        }
        assert raw_dms.error(raw_dms.post("instances/sync", body), 400).endswith(
            "Backfill sort can only be used with two-phase sync."
        )

    def test_expired_cursor(self, dms: Any, raw_dms: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        from pygen_emulator import _sync

        dms.applied(asset("a"))
        _, cursor = sync_all(dms, ASSETS_SYNC)
        real_now = _sync.now_ms
        monkeypatch.setattr(_sync, "now_ms", lambda: real_now() + 4 * 24 * 3600 * 1000)
        message = raw_dms.error(raw_dms.post("instances/sync", {**ASSETS_SYNC, "cursors": {"assets": cursor}}), 400)
        assert "expired" in message
        allowed = {**ASSETS_SYNC, "cursors": {"assets": cursor}, "allowExpiredCursorsAndAcceptMissedDeletes": True}
        assert dms.ok(dms.post("instances/sync", allowed))["items"]["assets"] == []

    def test_sync_edges_from_nodes(self, dms: Any) -> None:
        dms.applied(asset("a"), asset("b"), asset("c"))
        dms.applied(edge("ab", "a", "b"), edge("bc", "b", "c"))
        body = {
            "with": {
                "start": {"nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "a"}}}},
                "out": {"edges": {"from": "start", "direction": "outwards", "maxDistance": 1}},
            },
            "select": {"out": {}},
        }
        first = dms.ok(dms.post("instances/sync", body))
        assert [e["externalId"] for e in first["items"]["out"]] == ["ab"]
        assert set(first["nextCursor"]) == {"start", "out"}, "sync answers a cursor for every result set"
        dms.ok(dms.post("instances/delete", {"items": [ref("ab", "edge")]}))
        later = dms.ok(dms.post("instances/sync", {**body, "cursors": first["nextCursor"]}))
        [tombstone] = later["items"]["out"]
        assert tombstone["externalId"] == "ab" and "deletedTime" in tombstone


def test_a_deleted_edge_can_come_back_with_other_ends(dms: Any) -> None:
    dms.applied(asset("a"), asset("b"), asset("c"))
    dms.applied(edge("e", "a", "b"))
    dms.ok(dms.post("instances/delete", {"items": [ref("e", "edge")]}))
    [again] = dms.applied(edge("e", "a", "c"))
    assert again["wasModified"] is True
    [item] = dms.list(instanceType="edge")
    assert item["endNode"] == {"space": S, "externalId": "c"}
