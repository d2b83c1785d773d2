"""Instance writes: versions and conflicts, patch versus replace, defaults, auto-increment, auto-create, edges."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pygen_emulator import Emulator

S = "plant"
ASSET = {"type": "view", "space": S, "externalId": "Asset", "version": "1"}
PUMP = {"type": "view", "space": S, "externalId": "Pump", "version": "1"}
FLOW_EDGE = {"type": "view", "space": S, "externalId": "FlowEdge", "version": "1"}
ASSET_CONTAINER = {"type": "container", "space": S, "externalId": "Asset"}
PUMP_CONTAINER = {"type": "container", "space": S, "externalId": "Pump"}


def asset(xid: str, view: dict[str, str] = ASSET, **props: Any) -> dict[str, Any]:
    props.setdefault("name", xid)
    return {"instanceType": "node", "space": S, "externalId": xid, "sources": [{"source": view, "properties": props}]}


def edge(xid: str, start: str, end: str, **props: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "instanceType": "edge",
        "space": S,
        "externalId": xid,
        "type": {"space": S, "externalId": "feeds"},
        "startNode": {"space": S, "externalId": start},
        "endNode": {"space": S, "externalId": end},
    }
    if props:
        item["sources"] = [{"source": FLOW_EDGE, "properties": props}]
    return item


def props_of(item: dict[str, Any] | None, view: str = "Asset/1") -> dict[str, Any]:
    assert item is not None
    return item["properties"][S][view]  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _model(plant: Emulator) -> None:
    """Every test here runs against the plant model."""


class TestVersions:
    def test_create_then_unchanged_reapply(self, dms: Any) -> None:
        [created] = dms.applied(asset("a1", tag="x"))
        assert created["version"] == 1 and created["wasModified"] is True
        assert created["createdTime"] == created["lastUpdatedTime"]
        time.sleep(0.01)
        [again] = dms.applied(asset("a1", tag="x"))
        assert again["wasModified"] is False and again["version"] == 1
        assert again["lastUpdatedTime"] == created["lastUpdatedTime"]
        [changed] = dms.applied(asset("a1", tag="y"))
        assert changed["wasModified"] is True and changed["version"] == 2
        assert (
            changed["lastUpdatedTime"] > created["lastUpdatedTime"] and changed["createdTime"] == created["createdTime"]
        )
        assert dms.node("a1", sources=[{"source": ASSET}])["version"] == 2

    def test_stale_existing_version_conflicts_and_changes_nothing(self, dms: Any) -> None:
        dms.applied(asset("a1", tag="v1"))
        dms.applied(asset("a1", tag="v2"))
        before = dms.snapshot()
        stale = {**asset("a1", tag="v3"), "existingVersion": 1}
        message = dms.error(dms.apply(stale, asset("other")), 409)
        assert message.startswith("A version conflict caused the ingest to fail.") and "plant:a1" in message
        assert dms.snapshot() == before, "a failed request must leave the database unchanged"

    def test_skip_on_version_conflict_skips_only_the_conflicting_items(self, dms: Any) -> None:
        dms.applied(asset("a1"), asset("a2"))
        dms.applied(asset("a1", tag="bump"))
        items = dms.applied(
            {**asset("a1", tag="lost"), "existingVersion": 1},
            {**asset("a2", tag="kept"), "existingVersion": 1},
            skipOnVersionConflict=True,
        )
        assert [i["externalId"] for i in items] == ["a2"]
        assert props_of(dms.node("a1", sources=[{"source": ASSET}]))["tag"] == "bump"
        assert props_of(dms.node("a2", sources=[{"source": ASSET}]))["tag"] == "kept"

    def test_existing_version_zero_means_create_only(self, dms: Any) -> None:
        assert dms.applied({**asset("new"), "existingVersion": 0})[0]["version"] == 1
        dms.error(dms.apply({**asset("new"), "existingVersion": 0}), 409)

    def test_matching_existing_version_succeeds(self, dms: Any) -> None:
        dms.applied(asset("a1"))
        assert dms.applied({**asset("a1", tag="t"), "existingVersion": 1})[0]["version"] == 2


class TestPatchAndReplace:
    def test_patch_keeps_unnamed_properties_and_null_clears(self, dms: Any) -> None:
        dms.applied(asset("a1", tag="t", rating=1.5, count=3))
        dms.applied(
            {
                "instanceType": "node",
                "space": S,
                "externalId": "a1",
                "sources": [{"source": ASSET, "properties": {"rating": 2.5, "tag": None}}],
            }
        )
        props = props_of(dms.node("a1", sources=[{"source": ASSET}]))
        assert props["rating"] == 2.5 and props["count"] == 3 and props["name"] == "a1"
        assert "tag" not in props, "writing null clears the value"

    def test_replace_resets_omitted_properties_to_default_or_null(self, dms: Any) -> None:
        dms.applied(asset("a1", tag="t", rating=1.5, color="red"))
        number = props_of(dms.node("a1", sources=[{"source": ASSET}]))["number"]
        dms.applied(asset("a1", count=7), replace=True)
        props = props_of(dms.node("a1", sources=[{"source": ASSET}]))
        assert props["count"] == 7 and "tag" not in props and "rating" not in props
        assert props["color"] == "grey", "replace falls back to the container default"
        assert props["number"] == number, "an auto-increment value survives replace"

    def test_replace_fails_when_a_required_property_is_missing(self, dms: Any) -> None:
        dms.applied(asset("a1"))
        bare = {
            "instanceType": "node",
            "space": S,
            "externalId": "a1",
            "sources": [{"source": ASSET, "properties": {"tag": "x"}}],
        }
        message = dms.error(dms.apply(bare, replace=True), 400)
        assert "missing required property 'name'" in message and "items[0]" in message

    def test_replace_only_touches_containers_of_the_listed_sources(self, dms: Any) -> None:
        dms.applied(asset("p1", view=PUMP, flow=3.0, tag="t"))
        dms.applied(
            {
                "instanceType": "node",
                "space": S,
                "externalId": "p1",
                "sources": [{"source": PUMP_CONTAINER, "properties": {"flow": 4.0}}],
            },
            replace=True,
        )
        props = props_of(dms.node("p1", sources=[{"source": PUMP}]), "Pump/1")
        assert props["flow"] == 4.0 and props["tag"] == "t"


class TestDefaultsAndConstraints:
    def test_defaults_and_auto_increment_on_create(self, dms: Any) -> None:
        dms.applied(asset("a1"), asset("a2"))
        first = props_of(dms.node("a1", sources=[{"source": ASSET}]))
        second = props_of(dms.node("a2", sources=[{"source": ASSET}]))
        assert first["color"] == "grey"
        assert second["number"] == first["number"] + 1

    def test_required_property(self, dms: Any) -> None:
        message = dms.error(
            dms.apply(
                {
                    "instanceType": "node",
                    "space": S,
                    "externalId": "x",
                    "sources": [{"source": ASSET, "properties": {"tag": "t"}}],
                }
            ),
            400,
        )
        assert "missing required property 'name'" in message

    def test_immutable_property(self, dms: Any) -> None:
        dms.applied(asset("a1", serial="SN-1"))
        dms.applied(asset("a1", serial="SN-1"))  # the same value is fine
        message = dms.error(dms.apply(asset("a1", serial="SN-2")), 400)
        assert "'serial' is immutable" in message

    def test_requires_constraint(self, dms: Any) -> None:
        only_pump = {
            "instanceType": "node",
            "space": S,
            "externalId": "p",
            "sources": [{"source": PUMP_CONTAINER, "properties": {"flow": 1.0}}],
        }
        message = dms.error(dms.apply(only_pump), 400)
        assert "requires data in container plant:Asset" in message
        assert dms.applied(asset("p", view=PUMP, flow=1.0))[0]["version"] == 1, (
            "through the view both containers are written"
        )

    def test_non_writable_and_wrong_kind_sources(self, dms: Any, emulator: Emulator) -> None:
        message = dms.error(
            dms.apply({**asset("n"), "sources": [{"source": FLOW_EDGE, "properties": {"amount": 1.0}}]}), 400
        )
        assert "used for edges" in message
        connection = dms.error(dms.apply(asset("n", children=[])), 400)
        assert "'children'" in connection and "connection" in connection


class TestAutoCreate:
    def test_direct_relation_targets_are_created(self, dms: Any) -> None:
        dms.applied(
            asset("child", parent={"space": S, "externalId": "ghost"}, related=[{"space": S, "externalId": "ghost2"}])
        )
        ghost = dms.node("ghost")
        assert ghost is not None and ghost["properties"] == {}
        assert dms.node("ghost2") is not None

    def test_without_auto_create_missing_targets_fail(self, dms: Any) -> None:
        before = dms.snapshot()
        response = dms.apply(
            asset("child", parent={"space": S, "externalId": "ghost"}), autoCreateDirectRelations=False
        )
        assert "direct relation targets" in dms.error(response, 400)
        assert response.json()["error"]["missing"] == [{"space": S, "externalId": "ghost"}]
        assert dms.snapshot() == before

    def test_target_written_in_the_same_request_is_not_missing(self, dms: Any) -> None:
        items = dms.applied(
            asset("child", parent={"space": S, "externalId": "mum"}), asset("mum"), autoCreateDirectRelations=False
        )
        assert len(items) == 2

    def test_edges_need_their_ends_unless_asked_to_create_them(self, dms: Any) -> None:
        assert "edge start nodes" in dms.error(dms.apply(edge("e1", "s", "t")), 400)
        dms.applied(asset("s"))
        assert "edge end nodes" in dms.error(dms.apply(edge("e1", "s", "t")), 400)
        [created] = dms.applied(edge("e1", "s", "t", amount=2.0), autoCreateEndNodes=True)
        assert created["instanceType"] == "edge" and dms.node("t") is not None

    def test_edge_ends_cannot_change(self, dms: Any) -> None:
        dms.applied(asset("s"), asset("t"), asset("u"))
        dms.applied(edge("e1", "s", "t"))
        assert "cannot change" in dms.error(dms.apply(edge("e1", "s", "u")), 400)

    def test_edge_read_shape(self, dms: Any) -> None:
        dms.applied(asset("s"), asset("t"))
        dms.applied(edge("e1", "s", "t", amount=2.5))
        [item] = dms.list(instanceType="edge", sources=[{"source": FLOW_EDGE}])
        assert item["type"] == {"space": S, "externalId": "feeds"}
        assert item["startNode"] == {"space": S, "externalId": "s"} and item["endNode"] == {
            "space": S,
            "externalId": "t",
        }
        assert item["properties"] == {S: {"FlowEdge/1": {"amount": 2.5}}}


class TestValues:
    def test_values_are_normalized_and_round_trip(self, dms: Any) -> None:
        meta = {"nested": {"list": [1, "two", None]}, "ok": True}
        dms.applied(
            asset(
                "a1",
                installed="2024-01-01T01:30:00+01:00",
                commissioned="2024-02-29",
                count=2**62,
                rating=1e300,
                active=False,
                meta=meta,
                tags=["a", "b", "a"],
                status="stopped",
                readings=[1, 2.5],
            )
        )
        props = props_of(dms.node("a1", sources=[{"source": ASSET}]))
        assert props["installed"] == "2024-01-01T00:30:00.000+00:00"
        assert props["commissioned"] == "2024-02-29"
        assert props["count"] == 2**62 and props["rating"] == 1e300 and props["active"] is False
        assert props["meta"] == meta and props["tags"] == ["a", "b", "a"] and props["status"] == "stopped"
        assert props["readings"] == [1, 2.5]

    def test_node_type_is_kept_and_can_change(self, dms: Any) -> None:
        dms.applied({**asset("a1"), "type": {"space": S, "externalId": "Kind"}})
        assert dms.node("a1")["type"] == {"space": S, "externalId": "Kind"}
        dms.applied(asset("a1"))  # omitting type leaves it
        assert dms.node("a1")["type"] == {"space": S, "externalId": "Kind"}
        [changed] = dms.applied({**asset("a1"), "type": {"space": S, "externalId": "Other"}})
        assert changed["wasModified"] is True


class TestDeleteInApply:
    def test_items_and_delete_in_one_request(self, dms: Any) -> None:
        dms.applied(asset("old"))
        body = dms.ok(dms.apply(asset("new"), delete=[{"instanceType": "node", "space": S, "externalId": "old"}]))
        assert [i["externalId"] for i in body["items"]] == ["new"]
        assert body["deleted"] == [{"instanceType": "node", "space": S, "externalId": "old"}]
        assert dms.node("old") is None

    def test_duplicates_in_one_request(self, dms: Any) -> None:
        response = dms.apply(asset("a1"), asset("a1"))
        assert "Duplicate instances" in dms.error(response, 400)
        assert response.json()["error"]["duplicated"] == [{"instanceType": "node", "space": S, "externalId": "a1"}]


def test_an_empty_property_group_gives_the_instance_its_rows(dms: Any) -> None:
    """``properties: {}`` writes the view's container rows (defaults applied), so the instance has data in the view,
    as in CDF; without the source it has none."""
    dms.applied(asset("a"), asset("b"))
    empty = [{"source": FLOW_EDGE, "properties": {}}]
    dms.applied(edge("bare", "a", "b"), {**edge("through-view", "a", "b"), "sources": empty})
    assert dms.ids(instanceType="edge", filter={"hasData": [FLOW_EDGE]}) == ["through-view"]
    [listed] = dms.list(instanceType="edge", sources=[{"source": FLOW_EDGE}], filter={"hasData": [FLOW_EDGE]})
    assert props_of(listed, "FlowEdge/1") == {}
    # Required properties still are: an empty group cannot create an Asset row without its name.
    message = dms.error(
        dms.apply(
            {"instanceType": "node", "space": S, "externalId": "x", "sources": [{"source": ASSET, "properties": {}}]}
        ),
        400,
    )
    assert "name" in message
