"""``instances/query``: root scans, traversal through direct relations (both ways) and edges, chainTo, set operations,
per-result-set cursors and parameters."""

from __future__ import annotations

from typing import Any

import pytest
from pygen_emulator import Emulator

S = "plant"
ASSET = {"type": "view", "space": S, "externalId": "Asset", "version": "1"}
FEEDS = {"space": S, "externalId": "feeds"}


def n(xid: str) -> dict[str, str]:
    return {"space": S, "externalId": xid}


def xid_is(value: Any) -> dict[str, Any]:
    return {"equals": {"property": ["node", "externalId"], "value": value}}


# root <- mid1, mid2 (parent); mid1 <- leaf (parent); leaf.related = [root, mid2]
# edges (feeds): root -> mid1 -> leaf -> pump, mid2 -> leaf
@pytest.fixture(autouse=True)
def graph(plant: Emulator, dms: Any) -> None:
    def asset(xid: str, **props: Any) -> dict[str, Any]:
        return {
            "instanceType": "node",
            "space": S,
            "externalId": xid,
            "sources": [{"source": ASSET, "properties": {"name": xid, **props}}],
        }

    dms.applied(
        asset("root", count=0),
        asset("mid1", parent=n("root"), count=1),
        asset("mid2", parent=n("root"), count=2),
        asset("leaf", parent=n("mid1"), related=[n("root"), n("mid2")], count=3),
        asset("pump", count=4),
    )
    edges = [("root", "mid1"), ("mid1", "leaf"), ("leaf", "pump"), ("mid2", "leaf")]
    dms.applied(
        *[
            {
                "instanceType": "edge",
                "space": S,
                "externalId": f"{a}-{b}",
                "type": FEEDS,
                "startNode": n(a),
                "endNode": n(b),
            }
            for a, b in edges
        ]
    )


def query(dms: Any, with_: dict[str, Any], select: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body = {"with": with_, "select": select or {name: {} for name in with_}, **extra}
    return dms.ok(dms.post("instances/query", body))  # type: ignore[no-any-return]


def ids(result: dict[str, Any], name: str) -> list[str]:
    return sorted(item["externalId"] for item in result["items"][name])


def test_root_scan_with_sort_limit_and_properties(dms: Any) -> None:
    result = query(
        dms,
        {
            "assets": {
                "nodes": {"filter": {"hasData": [ASSET]}},
                "sort": [{"property": [S, "Asset/1", "count"], "direction": "descending"}],
                "limit": 3,
            }
        },
        {"assets": {"sources": [{"source": ASSET, "properties": ["count"]}]}},
        includeTyping=True,
    )
    items = result["items"]["assets"]
    assert [i["externalId"] for i in items] == ["pump", "leaf", "mid2"]
    assert items[0]["properties"] == {S: {"Asset/1": {"count": 4}}}, "only the selected properties come back"
    assert set(result["typing"]["assets"][S]["Asset/1"]) == {"count"}
    assert "assets" in result["nextCursor"]


def test_direct_relation_outwards_and_inwards(dms: Any) -> None:
    through = {"source": ASSET, "identifier": "parent"}
    result = query(
        dms,
        {
            "leaf": {"nodes": {"filter": xid_is("leaf")}},
            "ancestors": {"nodes": {"from": "leaf", "through": through, "direction": "outwards"}},
            "children_of_root": {"nodes": {"from": "root", "through": through}},  # direction defaults to inwards
            "root": {"nodes": {"filter": xid_is("root")}},
            "related": {
                "nodes": {
                    "from": "leaf",
                    "through": {"source": ASSET, "identifier": "related"},
                    "direction": "outwards",
                }
            },
        },
    )
    assert ids(result, "ancestors") == ["mid1"]
    assert ids(result, "children_of_root") == ["mid1", "mid2"]
    assert ids(result, "related") == ["mid2", "root"]


@pytest.mark.parametrize("source", [ASSET, {"type": "container", "space": S, "externalId": "Asset"}])
@pytest.mark.parametrize("endpoint", ["query", "sync"])
def test_a_list_of_direct_relations_cannot_be_traversed_inwards(
    dms: Any, source: dict[str, Any], endpoint: str
) -> None:
    """As in CDF: the reverse of a list relation needs a containsAny filter on it, not a traversal."""
    before = dms.snapshot()
    for direction in ({"direction": "inwards"}, {}):  # inwards is also the default with through
        with_ = {
            "mid2": {"nodes": {"filter": xid_is("mid2")}},
            "pointing_at_mid2": {
                "nodes": {"from": "mid2", "through": {"source": source, "identifier": "related"}, **direction}
            },
        }
        body = {"with": with_, "select": {name: {} for name in with_}}
        message = dms.error(dms.post(f"instances/{endpoint}", body), 400)
        assert message == "Cannot traverse lists of direct relations inwards."
    assert dms.snapshot() == before


def test_edges_one_hop_multi_hop_and_chain_to(dms: Any) -> None:
    result = query(
        dms,
        {
            "root": {"nodes": {"filter": xid_is("root")}},
            "one": {"edges": {"from": "root", "maxDistance": 1}},
            "all": {"edges": {"from": "root"}},
            "ends": {"nodes": {"from": "all"}},
            "starts": {"nodes": {"from": "all", "chainTo": "source"}},
            "pump": {"nodes": {"filter": xid_is("pump")}},
            "into_pump": {"edges": {"from": "pump", "direction": "inwards", "maxDistance": 2}},
            "upstream": {"nodes": {"from": "into_pump"}},
        },
    )
    assert ids(result, "one") == ["root-mid1"]
    assert ids(result, "all") == ["leaf-pump", "mid1-leaf", "root-mid1"]
    assert ids(result, "ends") == ["leaf", "mid1", "pump"]
    assert ids(result, "starts") == ["leaf", "mid1", "root"]
    assert ids(result, "into_pump") == ["leaf-pump", "mid1-leaf", "mid2-leaf"]
    assert ids(result, "upstream") == ["leaf", "mid1", "mid2"], "destination of inwards edges is their start node"


def test_edge_filters_node_filter_and_termination(dms: Any) -> None:
    result = query(
        dms,
        {
            "root": {"nodes": {"filter": xid_is("root")}},
            "not_to_leaf": {"edges": {"from": "root", "nodeFilter": {"not": xid_is("leaf")}}},
            "stop_at_mid1": {"edges": {"from": "root", "terminationFilter": xid_is("mid1")}},
            "no_feeds": {
                "edges": {"from": "root", "filter": {"not": {"equals": {"property": ["edge", "type"], "value": FEEDS}}}}
            },
        },
    )
    assert ids(result, "not_to_leaf") == ["root-mid1"]
    assert ids(result, "stop_at_mid1") == ["root-mid1"]
    assert ids(result, "no_feeds") == []


def test_limit_each(dms: Any) -> None:
    result = query(
        dms,
        {
            "starts": {
                "nodes": {"filter": {"in": {"property": ["node", "externalId"], "values": ["mid1", "mid2", "leaf"]}}}
            },
            "first": {"edges": {"from": "starts", "maxDistance": 1, "limitEach": 1}},
        },
    )
    assert ids(result, "first") == ["leaf-pump", "mid1-leaf", "mid2-leaf"]


def test_set_operations(dms: Any) -> None:
    result = query(
        dms,
        {
            "low": {"nodes": {"filter": {"range": {"property": [S, "Asset/1", "count"], "lte": 2}}}},
            "mids": {"nodes": {"filter": {"prefix": {"property": ["node", "externalId"], "value": "mid"}}}},
            "union": {"union": ["low", "mids"]},
            "union_all": {"unionAll": ["low", "mids"]},
            "both": {"intersection": ["low", "mids"]},
            "low_not_mid": {"union": ["low"], "except": ["mids"]},
            "nested": {"union": [{"intersection": ["low", "mids"]}, "low"]},
        },
    )
    assert ids(result, "union") == ["mid1", "mid2", "root"]
    assert len(result["items"]["union_all"]) == 5
    assert ids(result, "both") == ["mid1", "mid2"]
    assert ids(result, "low_not_mid") == ["root"]
    assert ids(result, "nested") == ["mid1", "mid2", "root"]


def test_per_result_set_cursors(dms: Any) -> None:
    with_ = {"assets": {"nodes": {"filter": {"hasData": [ASSET]}}, "limit": 2}}
    seen: list[str] = []
    cursors: dict[str, str] = {}
    for _ in range(10):
        result = query(dms, with_, cursors=cursors) if cursors else query(dms, with_)
        seen += [i["externalId"] for i in result["items"]["assets"]]
        if "assets" not in result["nextCursor"]:
            break
        cursors = {"assets": result["nextCursor"]["assets"]}
    assert sorted(seen) == ["leaf", "mid1", "mid2", "pump", "root"]


def test_a_cursor_survives_a_changed_limit_but_not_a_changed_expression(dms: Any, raw_dms: Any) -> None:
    # Clients cut the last page to what is left of their own limit, so only the limit changes between pages.
    def assets(limit: int, **nodes: Any) -> dict[str, Any]:
        return {"assets": {"nodes": {"filter": {"hasData": [ASSET]}, **nodes}, "limit": limit}}

    def in_order(result: dict[str, Any]) -> list[str]:
        return [item["externalId"] for item in result["items"]["assets"]]

    everything = in_order(query(dms, assets(10)))
    first = query(dms, assets(2))
    assert in_order(first) == everything[:2]
    cursor = first["nextCursor"]["assets"]
    assert in_order(query(dms, assets(1), cursors={"assets": cursor})) == everything[2:3]
    assert in_order(query(dms, assets(3), cursors={"assets": cursor})) == everything[2:5]

    changed = {"with": assets(2, chainTo="destination"), "select": {"assets": {}}, "cursors": {"assets": cursor}}
    assert "cursor" in raw_dms.error(raw_dms.post("instances/query", changed), 400).lower()


def test_parameters(dms: Any, raw_dms: Any) -> None:
    with_ = {
        "one": {"nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": {"parameter": "name"}}}}}
    }
    assert ids(query(dms, with_, parameters={"name": "mid2"}), "one") == ["mid2"]
    body = {"with": with_, "select": {"one": {}}}
    assert "parameter 'name' is not given" in raw_dms.error(raw_dms.post("instances/query", body), 400)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"with": {"a": {"nodes": {"from": "ghost"}}}, "select": {"a": {}}}, "refers to result set 'ghost'"),
        ({"with": {"a": {"nodes": {"from": "b"}}, "b": {"nodes": {"from": "a"}}}, "select": {"a": {}}}, "form a cycle"),
        ({"with": {"a": {"nodes": {}, "limit": 0}}, "select": {"a": {}}}, "must be at least 1"),
        ({"with": {"a": {"nodes": {"limit": 5}}}, "select": {"a": {}}}, "Unexpected field - with.a.nodes.limit"),
        ({"with": {"a": {"nodes": {}}}, "select": {"b": {}}}, "no result set expression 'b'"),
        (
            {"with": {"a": {"nodes": {}}}, "select": {"a": {"sources": [{"source": ASSET}]}}},
            "properties must not be null",
        ),
    ],
)
def test_bad_queries(raw_dms: Any, body: dict[str, Any], fragment: str) -> None:
    assert fragment in raw_dms.error(raw_dms.post("instances/query", body), 400)
