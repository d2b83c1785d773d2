"""Spaces, containers, views and data models over HTTP: upsert, no-op re-apply, conflicts, list paging, byids, delete."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from pygen_emulator import Emulator

SPACE = "sp_schema"


def container(xid: str = "Pump", **properties: Any) -> dict[str, Any]:
    props = properties or {"name": {"type": {"type": "text"}}, "flow": {"type": {"type": "float64"}, "nullable": True}}
    return {"space": SPACE, "externalId": xid, "properties": props}


def view(xid: str = "Pump", version: str = "1", **extra: Any) -> dict[str, Any]:
    body = {
        "space": SPACE,
        "externalId": xid,
        "version": version,
        "properties": {
            "name": {
                "container": {"type": "container", "space": SPACE, "externalId": "Pump"},
                "containerPropertyIdentifier": "name",
            }
        },
    }
    body.update(extra)
    return body


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    return str(response.json()["error"]["message"])


@pytest.fixture
def space(api: httpx.Client) -> str:
    ok(api.post("/models/spaces", json={"items": [{"space": SPACE, "name": "Schema tests"}]}))
    return SPACE


class TestSpaces:
    def test_apply_returns_read_shape_and_reapply_is_a_no_op(self, api: httpx.Client) -> None:
        first = ok(api.post("/models/spaces", json={"items": [{"space": "s1", "name": "One", "description": "d"}]}))[
            "items"
        ][0]
        assert first["space"] == "s1" and first["name"] == "One" and first["isGlobal"] is False
        assert first["createdTime"] == first["lastUpdatedTime"]
        time.sleep(0.01)
        again = ok(api.post("/models/spaces", json={"items": [{"space": "s1", "name": "One", "description": "d"}]}))[
            "items"
        ][0]
        assert again["lastUpdatedTime"] == first["lastUpdatedTime"], (
            "an unchanged re-apply must not bump lastUpdatedTime"
        )
        changed = ok(api.post("/models/spaces", json={"items": [{"space": "s1", "name": "Uno"}]}))["items"][0]
        assert changed["lastUpdatedTime"] > first["lastUpdatedTime"]
        assert changed["createdTime"] == first["createdTime"]
        assert "description" not in changed

    def test_list_pages_with_cursor(self, api: httpx.Client) -> None:
        ok(api.post("/models/spaces", json={"items": [{"space": f"s{i:02d}"} for i in range(25)]}))
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
            page = ok(api.get("/models/spaces", params=params))
            seen += [s["space"] for s in page["items"]]
            cursor = page.get("nextCursor")
            if not cursor:
                break
        assert seen == [f"s{i:02d}" for i in range(25)]
        assert len(ok(api.get("/models/spaces"))["items"]) == 10, "the default limit is 10"

    def test_byids_omits_missing_and_delete_echoes_only_deleted(self, api: httpx.Client) -> None:
        ok(api.post("/models/spaces", json={"items": [{"space": "a1"}, {"space": "b1"}]}))
        found = ok(api.post("/models/spaces/byids", json={"items": [{"space": "a1"}, {"space": "nope"}]}))["items"]
        assert [s["space"] for s in found] == ["a1"]
        deleted = ok(api.post("/models/spaces/delete", json={"items": [{"space": "a1"}, {"space": "nope"}]}))["items"]
        assert deleted == [{"space": "a1"}]
        assert ok(api.post("/models/spaces/delete", json={"items": [{"space": "nope"}]}))["items"] == []

    def test_only_empty_spaces_can_be_deleted(self, api: httpx.Client, space: str) -> None:
        ok(api.post("/models/containers", json={"items": [container()]}))
        message = error(api.post("/models/spaces/delete", json={"items": [{"space": space}]}), 400)
        assert "Only empty spaces can be deleted" in message and "1 containers" in message

    def test_reserved_space_is_rejected(self, raw_api: httpx.Client) -> None:
        message = error(raw_api.post("/models/spaces", json={"items": [{"space": "cdf"}]}), 400)
        assert "reserved" in message and "items[0].space" in message


class TestContainers:
    def test_apply_fills_defaults_and_states(self, api: httpx.Client, space: str) -> None:
        item = ok(api.post("/models/containers", json={"items": [container()]}))["items"][0]
        assert item["usedFor"] == "node"
        assert item["properties"]["name"]["nullable"] is True
        assert item["properties"]["name"]["type"] == {"type": "text", "list": False, "collation": "ucs_basic"}
        assert item["properties"]["name"]["constraintState"] == {}
        assert item["constraints"] == {} and item["indexes"] == {}

    def test_missing_space(self, api: httpx.Client) -> None:
        body = error(api.post("/models/containers", json={"items": [container()]}), 400)
        assert "One or more spaces do not exist: sp_schema" in body

    def test_additive_change_is_allowed_and_type_change_conflicts(self, api: httpx.Client, space: str) -> None:
        first = ok(api.post("/models/containers", json={"items": [container()]}))["items"][0]
        wider = container(
            name={"type": {"type": "text"}}, flow={"type": {"type": "float64"}}, extra={"type": {"type": "int64"}}
        )
        updated = ok(api.post("/models/containers", json={"items": [wider]}))["items"][0]
        assert set(updated["properties"]) == {"name", "flow", "extra"}
        assert updated["createdTime"] == first["createdTime"]
        changed = container(
            name={"type": {"type": "int32"}}, flow={"type": {"type": "float64"}}, extra={"type": {"type": "int64"}}
        )
        message = error(api.post("/models/containers", json={"items": [changed]}), 409)
        assert "type changes from text to int32" in message and "properties.name" in message
        removed = container(name={"type": {"type": "text"}})
        assert "cannot remove properties" in error(api.post("/models/containers", json={"items": [removed]}), 409)

    def test_cannot_make_nullable_property_required_when_data_lacks_it(self, api: httpx.Client, space: str) -> None:
        ok(api.post("/models/containers", json={"items": [container()]}))
        source = {"type": "container", "space": SPACE, "externalId": "Pump"}
        node = {
            "instanceType": "node",
            "space": SPACE,
            "externalId": "p1",
            "sources": [{"source": source, "properties": {"flow": 1.0}}],
        }
        ok(api.post("/models/instances", json={"items": [node]}))
        stricter = container(name={"type": {"type": "text"}, "nullable": False}, flow={"type": {"type": "float64"}})
        assert "1 instance(s) have no value" in error(api.post("/models/containers", json={"items": [stricter]}), 409)

    def test_constraints_and_indexes_round_trip(self, api: httpx.Client, space: str) -> None:
        body = container()
        body["constraints"] = {"uniqueName": {"constraintType": "uniqueness", "properties": ["name"]}}
        body["indexes"] = {"byName": {"indexType": "btree", "properties": ["name"], "cursorable": True}}
        item = ok(api.post("/models/containers", json={"items": [body]}))["items"][0]
        assert item["constraints"]["uniqueName"] == {
            "constraintType": "uniqueness",
            "properties": ["name"],
            "bySpace": False,
            "state": "current",
        }
        assert item["indexes"]["byName"]["cursorable"] is True and item["indexes"]["byName"]["state"] == "current"
        deleted = ok(
            api.post(
                "/models/containers/indexes/delete",
                json={"items": [{"space": SPACE, "containerExternalId": "Pump", "identifier": "byName"}]},
            )
        )
        assert deleted["items"] == [{"space": SPACE, "containerExternalId": "Pump", "identifier": "byName"}]
        again = ok(api.post("/models/containers/byids", json={"items": [{"space": SPACE, "externalId": "Pump"}]}))[
            "items"
        ][0]
        assert again["indexes"] == {}

    def test_list_filters_by_space_and_used_for(self, api: httpx.Client, space: str) -> None:
        edge_container = container("Flow")
        edge_container["usedFor"] = "edge"
        ok(api.post("/models/containers", json={"items": [container(), edge_container]}))
        assert {c["externalId"] for c in ok(api.get("/models/containers", params={"space": SPACE}))["items"]} == {
            "Pump",
            "Flow",
        }
        edges_only = ok(api.get("/models/containers", params={"usedFor": "edge"}))["items"]
        assert [c["externalId"] for c in edges_only] == ["Flow"]
        assert ok(api.get("/models/containers", params={"space": "other"}))["items"] == []

    def test_delete_container_removes_its_data(self, api: httpx.Client, space: str) -> None:
        ok(api.post("/models/containers", json={"items": [container()]}))
        source = {"type": "container", "space": SPACE, "externalId": "Pump"}
        node = {
            "instanceType": "node",
            "space": SPACE,
            "externalId": "p1",
            "sources": [{"source": source, "properties": {"name": "x"}}],
        }
        ok(api.post("/models/instances", json={"items": [node]}))
        assert ok(api.post("/models/containers/delete", json={"items": [{"space": SPACE, "externalId": "Pump"}]}))[
            "items"
        ] == [{"space": SPACE, "externalId": "Pump"}]
        ok(api.post("/models/containers", json={"items": [container()]}))
        listed = ok(api.post("/models/instances/list", json={"filter": {"hasData": [source]}}))["items"]
        assert listed == [], "recreating a deleted container must not bring its old data back"


class TestViews:
    @pytest.fixture
    def pump(self, api: httpx.Client, space: str) -> None:
        ok(api.post("/models/containers", json={"items": [container()]}))

    def test_read_shape(self, api: httpx.Client, pump: None) -> None:
        item = ok(api.post("/models/views", json={"items": [view()]}))["items"][0]
        assert item["writable"] is True and item["queryable"] is True and item["usedFor"] == "node"
        assert item["mappedContainers"] == [{"type": "container", "space": SPACE, "externalId": "Pump"}]
        prop = item["properties"]["name"]
        assert (
            prop["type"]["type"] == "text"
            and prop["containerPropertyIdentifier"] == "name"
            and "constraintState" in prop
        )

    def test_missing_container_and_container_property(self, api: httpx.Client, space: str) -> None:
        assert "One or more containers do not exist" in error(api.post("/models/views", json={"items": [view()]}), 400)
        ok(api.post("/models/containers", json={"items": [container()]}))
        bad = view()
        bad["properties"]["name"]["containerPropertyIdentifier"] = "nope"
        assert "has no property 'nope'" in error(api.post("/models/views", json={"items": [bad]}), 400)

    def test_inheritance_versions_and_flags(self, api: httpx.Client, pump: None) -> None:
        flow = {
            "container": {"type": "container", "space": SPACE, "externalId": "Pump"},
            "containerPropertyIdentifier": "flow",
        }
        parent = view("Base")
        child = view(
            "Child",
            properties={"rate": flow},
            implements=[{"type": "view", "space": SPACE, "externalId": "Base", "version": "1"}],
        )
        ok(api.post("/models/views", json={"items": [parent, child]}))
        ref = [{"space": SPACE, "externalId": "Child", "version": "1"}]
        full = ok(api.post("/models/views/byids", json={"items": ref}))["items"][0]
        assert set(full["properties"]) == {"name", "rate"}
        own = ok(api.post("/models/views/byids", params={"includeInheritedProperties": "false"}, json={"items": ref}))[
            "items"
        ][0]
        assert set(own["properties"]) == {"rate"}
        ok(api.post("/models/views", json={"items": [view("Base", "2")]}))
        latest = ok(api.get("/models/views", params={"space": SPACE}))["items"]
        assert sorted((v["externalId"], v["version"]) for v in latest) == [("Base", "2"), ("Child", "1")]
        every = ok(api.get("/models/views", params={"space": SPACE, "allVersions": "true"}))["items"]
        assert len(every) == 3
        all_versions = ok(api.post("/models/views/byids", json={"items": [{"space": SPACE, "externalId": "Base"}]}))[
            "items"
        ]
        assert [v["version"] for v in all_versions] == ["1", "2"]

    def test_not_writable_without_required_property(self, api: httpx.Client, space: str) -> None:
        required = container(name={"type": {"type": "text"}, "nullable": False}, flow={"type": {"type": "float64"}})
        ok(api.post("/models/containers", json={"items": [required]}))
        partial = view(
            properties={
                "flow": {
                    "container": {"type": "container", "space": SPACE, "externalId": "Pump"},
                    "containerPropertyIdentifier": "flow",
                }
            }
        )
        assert ok(api.post("/models/views", json={"items": [partial]}))["items"][0]["writable"] is False

    def test_breaking_change_conflicts_and_additive_is_fine(self, api: httpx.Client, pump: None) -> None:
        ok(api.post("/models/views", json={"items": [view()]}))
        extra = {
            "container": {"type": "container", "space": SPACE, "externalId": "Pump"},
            "containerPropertyIdentifier": "flow",
        }
        added = view()
        added["properties"]["flow"] = extra
        assert set(ok(api.post("/models/views", json={"items": [added]}))["items"][0]["properties"]) == {"name", "flow"}
        remapped = view()
        remapped["properties"]["name"]["containerPropertyIdentifier"] = "flow"
        remapped["properties"]["flow"] = extra
        assert "create a new view version" in error(api.post("/models/views", json={"items": [remapped]}), 409)

    def test_connections_read_shape(self, api: httpx.Client, pump: None) -> None:
        direct = {
            "container": {"type": "container", "space": SPACE, "externalId": "Link"},
            "containerPropertyIdentifier": "target",
        }
        ok(
            api.post(
                "/models/containers",
                json={"items": [container("Link", target={"type": {"type": "direct", "list": True}})]},
            )
        )
        ref = {"type": "view", "space": SPACE, "externalId": "Pump", "version": "1"}
        connected = view(
            "Linked",
            properties={
                "target": {**direct, "source": ref},
                "pumps": {"type": {"space": SPACE, "externalId": "feeds"}, "source": ref},
                "sources": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": ref,
                    "through": {"source": {**ref, "externalId": "Linked"}, "identifier": "target"},
                },
            },
        )
        ok(api.post("/models/views", json={"items": [view(), connected]}))
        props = ok(
            api.post("/models/views/byids", json={"items": [{"space": SPACE, "externalId": "Linked", "version": "1"}]})
        )["items"][0]["properties"]
        assert props["target"]["type"] == {"type": "direct", "list": True, "source": ref}
        assert props["pumps"] == {
            "connectionType": "multi_edge_connection",
            "type": {"space": SPACE, "externalId": "feeds"},
            "source": ref,
            "direction": "outwards",
        }
        assert props["sources"]["targetsList"] is True

    def test_delete_view_keeps_data(self, api: httpx.Client, pump: None) -> None:
        ok(api.post("/models/views", json={"items": [view()]}))
        ok(
            api.post(
                "/models/instances",
                json={
                    "items": [
                        {
                            "instanceType": "node",
                            "space": SPACE,
                            "externalId": "n",
                            "sources": [
                                {
                                    "source": {"type": "view", "space": SPACE, "externalId": "Pump", "version": "1"},
                                    "properties": {"name": "kept"},
                                }
                            ],
                        }
                    ]
                },
            )
        )
        deleted = ok(
            api.post("/models/views/delete", json={"items": [{"space": SPACE, "externalId": "Pump", "version": "1"}]})
        )
        assert deleted["items"] == [{"space": SPACE, "externalId": "Pump", "version": "1"}]
        source = {"type": "container", "space": SPACE, "externalId": "Pump"}
        assert len(ok(api.post("/models/instances/list", json={"filter": {"hasData": [source]}}))["items"]) == 1


class TestDataModels:
    def test_inline_views_are_created_and_returned(self, api: httpx.Client, space: str) -> None:
        ok(api.post("/models/containers", json={"items": [container()]}))
        model = {"space": SPACE, "externalId": "Plant", "version": "1", "name": "Plant", "views": [view()]}
        item = ok(api.post("/models/datamodels", json={"items": [model]}))["items"][0]
        assert item["views"] == [{"type": "view", "space": SPACE, "externalId": "Pump", "version": "1"}]
        inline = ok(
            api.post(
                "/models/datamodels/byids",
                params={"inlineViews": "true"},
                json={"items": [{"space": SPACE, "externalId": "Plant", "version": "1"}]},
            )
        )
        assert inline["items"][0]["views"][0]["properties"]["name"]["type"]["type"] == "text"

    def test_unknown_view_reference(self, api: httpx.Client, space: str) -> None:
        model = {
            "space": SPACE,
            "externalId": "Plant",
            "version": "1",
            "views": [{"type": "view", "space": SPACE, "externalId": "Ghost", "version": "1"}],
        }
        body = api.post("/models/datamodels", json={"items": [model]})
        assert "One or more views do not exist: sp_schema:Ghost/1" in error(body, 400)
        assert body.json()["error"]["missing"] == [
            {"type": "view", "space": SPACE, "externalId": "Ghost", "version": "1"}
        ]

    def test_delete_data_model_keeps_views(self, api: httpx.Client, space: str) -> None:
        ok(api.post("/models/containers", json={"items": [container()]}))
        ok(
            api.post(
                "/models/datamodels",
                json={"items": [{"space": SPACE, "externalId": "Plant", "version": "1", "views": [view()]}]},
            )
        )
        ok(
            api.post(
                "/models/datamodels/delete", json={"items": [{"space": SPACE, "externalId": "Plant", "version": "1"}]}
            )
        )
        assert ok(api.get("/models/datamodels"))["items"] == []
        assert len(ok(api.get("/models/views"))["items"]) == 1


class TestGlobalItems:
    def test_global_items_are_hidden_and_read_only(
        self, emulator: Emulator, api: httpx.Client, raw_api: httpx.Client, shared_dir: Any
    ) -> None:
        emulator.load_model(shared_dir / "models" / "cognite_core_no3d.json")
        assert ok(api.get("/models/views"))["items"] == []
        assert len(ok(api.get("/models/views", params={"includeGlobal": "true", "limit": 1000}))["items"]) == 17
        describable = {"space": "cdf_cdm", "externalId": "CogniteDescribable", "version": "v1"}
        message = error(raw_api.post("/models/views/delete", json={"items": [describable]}), 400)
        assert "global" in message
