"""``instances/search`` (text query, operator, properties, filters, sort) and ``instances/aggregate``."""

from __future__ import annotations

from typing import Any

import pytest
from pygen_emulator import Emulator

S = "plant"
ASSET = {"type": "view", "space": S, "externalId": "Asset", "version": "1"}

ROWS = {
    "p1": {
        "name": "Main water pump",
        "tag": "north",
        "rating": 1.0,
        "count": 1,
        "active": True,
        "status": "running",
        "parent": {"space": S, "externalId": "site"},
    },
    "p2": {
        "name": "Backup water pump",
        "tag": "south",
        "rating": 3.0,
        "count": 2,
        "active": False,
        "status": "stopped",
    },
    "p3": {
        "name": "Oil pumping station",
        "tag": "north",
        "rating": 5.0,
        "count": 3,
        "active": True,
        "status": "running",
        "parent": {"space": S, "externalId": "site"},
    },
    "v1": {"name": "Valve", "tag": "north", "count": 4},
}


@pytest.fixture(autouse=True)
def data(plant: Emulator, dms: Any) -> None:
    items = [
        {"instanceType": "node", "space": S, "externalId": xid, "sources": [{"source": ASSET, "properties": props}]}
        for xid, props in ROWS.items()
    ]
    dms.applied(*items)


def search(dms: Any, **body: Any) -> list[str]:
    result = dms.ok(dms.post("instances/search", {"view": ASSET, **body}))
    return [item["externalId"] for item in result["items"]]


class TestSearch:
    def test_or_matches_any_token_ranked_by_relevance(self, dms: Any) -> None:
        found = search(dms, query="water pump")
        assert set(found) == {"p1", "p2", "p3"}
        assert found[-1] == "p3", "p3 matches only 'pump' (as a prefix of 'pumping'), so it ranks last"

    def test_and_needs_every_token(self, dms: Any) -> None:
        assert sorted(search(dms, query="water pump", operator="AND")) == ["p1", "p2"]

    def test_prefix_and_case_insensitive(self, dms: Any) -> None:
        assert search(dms, query="VAL") == ["v1"]

    def test_properties_restrict_where_to_look(self, dms: Any) -> None:
        assert sorted(search(dms, query="north")) == ["p1", "p3", "v1"]
        assert search(dms, query="north", properties=["name"]) == []

    def test_filter_sort_limit_and_no_query(self, dms: Any) -> None:
        flt = {"equals": {"property": [S, "Asset/1", "active"], "value": True}}
        assert sorted(search(dms, query="pump", filter=flt)) == ["p1", "p3"]
        by_count = search(dms, sort=[{"property": [S, "Asset/1", "count"], "direction": "descending"}], limit=2)
        assert by_count == ["v1", "p3"]
        assert len(search(dms)) == 4

    def test_rules(self, raw_dms: Any) -> None:
        overlaps = {
            "overlaps": {
                "startProperty": [S, "Asset/1", "start"],
                "endProperty": [S, "Asset/1", "end"],
                "gt": "2024-01-01T00:00:00Z",
            }
        }
        assert "overlaps filter is not supported in search" in raw_dms.error(
            raw_dms.post("instances/search", {"view": ASSET, "filter": overlaps}), 400
        )
        assert "Unknown property 'nope'" in raw_dms.error(
            raw_dms.post("instances/search", {"view": ASSET, "query": "x", "properties": ["nope"]}), 400
        )
        ghost = {**ASSET, "externalId": "Ghost"}
        assert "One or more views do not exist: plant:Ghost/1" in raw_dms.error(
            raw_dms.post("instances/search", {"view": ghost}), 400
        )


def aggregate(dms: Any, **body: Any) -> list[dict[str, Any]]:
    return dms.ok(dms.post("instances/aggregate", {"view": ASSET, **body}))["items"]  # type: ignore[no-any-return]


class TestAggregate:
    def test_metrics_without_groups(self, dms: Any) -> None:
        [item] = aggregate(
            dms,
            aggregates=[
                {"count": {"property": "externalId"}},
                {"count": {"property": "rating"}},
                {"sum": {"property": "count"}},
                {"avg": {"property": "rating"}},
                {"max": {"property": "rating"}},
            ],
        )
        values = [(a["aggregate"], a["property"], a["value"]) for a in item["aggregates"]]
        assert values == [
            ("count", "externalId", 4),
            ("count", "rating", 3),
            ("sum", "count", 10),
            ("avg", "rating", 3.0),
            ("max", "rating", 5.0),
        ]
        assert item["instanceType"] == "node" and "group" not in item

    def test_group_by(self, dms: Any) -> None:
        items = aggregate(dms, groupBy=["tag"], aggregates=[{"count": {}}, {"min": {"property": "rating"}}])
        groups = {item["group"]["tag"]: [a.get("value") for a in item["aggregates"]] for item in items}
        assert groups == {"north": [3, 1.0], "south": [1, 3.0]}
        booleans = aggregate(dms, groupBy=["active", "status"], aggregates=[{"count": {}}])
        assert sorted((i["group"]["active"], i["group"]["status"], i["aggregates"][0]["value"]) for i in booleans) == [
            (False, "stopped", 1),
            (True, "running", 2),
        ], "instances without a value are in no group"
        parents = aggregate(dms, groupBy=["parent"])
        assert parents == [
            {
                "instanceType": "node",
                "group": {"parent": {"space": S, "externalId": "site"}},
                "aggregates": [{"aggregate": "count", "property": "externalId", "value": 2}],
            }
        ]

    def test_histogram(self, dms: Any) -> None:
        [item] = aggregate(dms, aggregates=[{"histogram": {"property": "rating", "interval": 2}}])
        [histogram] = item["aggregates"]
        assert histogram["interval"] == 2 and histogram["property"] == "rating"
        assert histogram["buckets"] == [{"start": 0, "count": 1}, {"start": 2, "count": 1}, {"start": 4, "count": 1}]

    def test_query_and_filter_narrow_the_set(self, dms: Any) -> None:
        [item] = aggregate(dms, query="water", aggregates=[{"count": {}}])
        assert item["aggregates"][0]["value"] == 2
        flt = {"equals": {"property": [S, "Asset/1", "tag"], "value": "north"}}
        [filtered] = aggregate(dms, filter=flt, aggregates=[{"avg": {"property": "count"}}])
        assert filtered["aggregates"][0]["value"] == pytest.approx(8 / 3)

    def test_empty_set(self, dms: Any) -> None:
        flt = {"equals": {"property": [S, "Asset/1", "tag"], "value": "nowhere"}}
        [item] = aggregate(dms, filter=flt, aggregates=[{"count": {}}, {"avg": {"property": "rating"}}])
        assert item["aggregates"][0]["value"] == 0
        assert "value" not in item["aggregates"][1], "an average of nothing has no value"

    @pytest.mark.parametrize(
        ("body", "fragment"),
        [
            ({"aggregates": [{"avg": {"property": "tag"}}]}, "avg needs a numeric property"),
            ({"aggregates": [{"median": {"property": "rating"}}]}, "unknown aggregate 'median'"),
            ({"groupBy": ["meta"]}, "cannot group by 'meta'"),
            ({"aggregates": [{"histogram": {"property": "rating", "interval": 0}}]}, "expected a positive number"),
        ],
    )
    def test_bad_aggregates(self, raw_dms: Any, body: dict[str, Any], fragment: str) -> None:
        assert fragment in raw_dms.error(raw_dms.post("instances/aggregate", {"view": ASSET, **body}), 400)
