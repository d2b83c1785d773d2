"""The DMS filter language as typed objects, the per-type builders, and their validation messages."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest
from pygen_runtime import (
    And,
    BooleanProperty,
    ContainerId,
    ContainsAll,
    ContainsAny,
    DateProperty,
    DirectRelationProperty,
    EdgeId,
    EnumProperty,
    Equals,
    Exists,
    Filter,
    HasData,
    In,
    InstanceReferences,
    InvalidInputError,
    ListProperty,
    MatchAll,
    Nested,
    NodeId,
    Not,
    NumberProperty,
    Or,
    Overlaps,
    Parameter,
    Prefix,
    PropertyValue,
    Range,
    TextProperty,
    TimestampProperty,
    ViewId,
    and_filters,
)
from runtime_testkit import SpecValidator

VIEW = ViewId("pygen_example", "Product", "v1")
NAME = ["pygen_example", "Product/v1", "name"]
PRICE = ["pygen_example", "Product/v1", "price"]

EVERY_FILTER: list[tuple[Filter, dict[str, Any]]] = [
    (Equals(NAME, "x"), {"equals": {"property": NAME, "value": "x"}}),
    (
        Equals(["node", "type"], NodeId("s", "t")),
        {"equals": {"property": ["node", "type"], "value": {"space": "s", "externalId": "t"}}},
    ),
    (In(NAME, ["a", "b"]), {"in": {"property": NAME, "values": ["a", "b"]}}),
    (Range(PRICE, gt=1, lte=5.5), {"range": {"property": PRICE, "gt": 1, "lte": 5.5}}),
    (
        Range(["node", "createdTime"], gte=datetime(2024, 1, 1, tzinfo=timezone.utc)),
        {"range": {"property": ["node", "createdTime"], "gte": "2024-01-01T00:00:00.000+00:00"}},
    ),
    (Prefix(NAME, "Ch"), {"prefix": {"property": NAME, "value": "Ch"}}),
    (Prefix(NAME, Parameter("p")), {"prefix": {"property": NAME, "value": {"parameter": "p"}}}),
    (Exists(PRICE), {"exists": {"property": PRICE}}),
    (ContainsAny(["s", "V/1", "tags"], ["a"]), {"containsAny": {"property": ["s", "V/1", "tags"], "values": ["a"]}}),
    (
        ContainsAll(["s", "V/1", "tags"], ["a", "b"]),
        {"containsAll": {"property": ["s", "V/1", "tags"], "values": ["a", "b"]}},
    ),
    (MatchAll(), {"matchAll": {}}),
    (
        Nested(["s", "V/1", "category"], Equals(["s", "C/1", "name"], "x")),
        {
            "nested": {
                "scope": ["s", "V/1", "category"],
                "filter": {"equals": {"property": ["s", "C/1", "name"], "value": "x"}},
            }
        },
    ),
    (
        Overlaps(["s", "V/1", "start"], ["s", "V/1", "end"], gte=date(2024, 1, 1), lt=date(2025, 1, 1)),
        {
            "overlaps": {
                "startProperty": ["s", "V/1", "start"],
                "endProperty": ["s", "V/1", "end"],
                "gte": "2024-01-01",
                "lt": "2025-01-01",
            }
        },
    ),
    (
        HasData([VIEW, ContainerId("s", "C")]),
        {"hasData": [VIEW.dump(), {"type": "container", "space": "s", "externalId": "C"}]},
    ),
    (
        InstanceReferences([NodeId("s", "a"), EdgeId("s", "e"), ("s", "b")]),
        {
            "instanceReferences": [
                {"space": "s", "externalId": "a"},
                {"space": "s", "externalId": "e"},
                {"space": "s", "externalId": "b"},
            ]
        },
    ),
    (
        Equals(PRICE, PropertyValue(["s", "V/1", "cost"])),
        {"equals": {"property": PRICE, "value": {"property": ["s", "V/1", "cost"]}}},
    ),
    (Not(Exists(PRICE)), {"not": {"exists": {"property": PRICE}}}),
    (And(Exists(PRICE), Exists(NAME)), {"and": [{"exists": {"property": PRICE}}, {"exists": {"property": NAME}}]}),
    (Or(Exists(PRICE), Exists(NAME)), {"or": [{"exists": {"property": PRICE}}, {"exists": {"property": NAME}}]}),
]


@pytest.mark.parametrize(("item", "wire"), EVERY_FILTER)
def test_every_filter_dumps_loads_and_matches_the_spec(item: Filter, wire: dict[str, Any], spec: SpecValidator) -> None:
    assert item.dump() == wire
    assert Filter.load(wire).dump() == wire
    spec.request({"filter": wire}, "NodeOrEdgeListRequestV3")


def test_operators_flatten() -> None:
    a, b, c = Exists(["n", "a"]), Exists(["n", "b"]), Exists(["n", "c"])
    assert (a & b & c) == And(a, b, c)
    assert (a | b | c) == Or(a, b, c)
    assert ((a & b) | c) == Or(And(a, b), c)
    assert ~a == Not(a) and ~~a == a


def test_and_filters_skips_none() -> None:
    a, b = Exists(["n", "a"]), Exists(["n", "b"])
    assert and_filters(None, None) is None
    assert and_filters(None, a) is a
    assert and_filters(a, None, And(b, a)) == And(a, b, a)


def test_builders_pass_none_through_and_build_the_right_filter() -> None:
    assert TextProperty(VIEW, "name").prefix(None) is None
    assert TextProperty(VIEW, "name").equals_or_in("x") == Equals(NAME, "x")
    assert TextProperty(VIEW, "name").equals_or_in(["x", "y"]) == In(NAME, ["x", "y"])
    assert TextProperty(VIEW, "name").equals_or_in(["x"]) == Equals(NAME, "x")
    assert TextProperty(["node", "externalId"]).prefix("p") == Prefix(["node", "externalId"], "p")
    assert NumberProperty(VIEW, "price").range(None, None) is None
    assert NumberProperty(VIEW, "price").range(1, None) == Range(PRICE, gte=1)
    assert NumberProperty(VIEW, "price").in_([1, 2]) == In(PRICE, [1, 2])
    assert BooleanProperty(VIEW, "isActive").equals(False) == Equals(["pygen_example", "Product/v1", "isActive"], False)
    assert DateProperty(VIEW, "d").range(date(2024, 1, 1), date(2024, 2, 1)).dump()["range"] == {  # type: ignore[union-attr]
        "property": ["pygen_example", "Product/v1", "d"],
        "gte": "2024-01-01",
        "lte": "2024-02-01",
    }
    assert EnumProperty(VIEW, "status").equals_or_in(["a", "b"]) == In(
        ["pygen_example", "Product/v1", "status"], ["a", "b"]
    )
    relation = DirectRelationProperty(VIEW, "category")
    assert relation.equals_or_in(("s", "c")) == Equals(["pygen_example", "Product/v1", "category"], NodeId("s", "c"))
    assert relation.equals_or_in([("s", "c"), NodeId("s", "d")]) == In(
        ["pygen_example", "Product/v1", "category"], [NodeId("s", "c"), NodeId("s", "d")]
    )
    assert ListProperty(VIEW, "tags").contains_any("x") == ContainsAny(["pygen_example", "Product/v1", "tags"], ["x"])
    assert TextProperty(VIEW, "name").exists() == Exists(NAME)
    moment = datetime(2024, 5, 31, 2, 0, tzinfo=timezone.utc)
    assert TimestampProperty(VIEW, "updatedAt").range(None, moment) == Range(
        ["pygen_example", "Product/v1", "updatedAt"], lte=moment
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Equals(PRICE, None),
            "Equals on ['pygen_example', 'Product/v1', 'price']: the value is None; to match missing values use ~Exists(property)",
        ),
        (
            lambda: Range(PRICE, gt=1, gte=2),
            "Range on ['pygen_example', 'Product/v1', 'price']: give gt or gte, not both",
        ),
        (
            lambda: Range(PRICE),
            "Range on ['pygen_example', 'Product/v1', 'price']: give at least one of gt, gte, lt, lte",
        ),
        (
            lambda: Equals("price", 1),
            "Equals: a property reference is a list of strings such as [space, 'View/version', property] or ['node', 'externalId'], got 'price'",
        ),
        (
            lambda: In(NAME, "abc"),
            "In on ['pygen_example', 'Product/v1', 'name']: expected a list of values, got 'abc'",
        ),
        (lambda: In(NAME, []), "In on ['pygen_example', 'Product/v1', 'name']: the list of values is empty"),
        (
            lambda: Prefix(NAME, 5),
            "Prefix on ['pygen_example', 'Product/v1', 'name']: the prefix must be a string, got 5",
        ),
        (
            lambda: Range(["node", "createdTime"], gt=datetime(2024, 1, 1)),
            "Range on ['node', 'createdTime']: the datetime 2024-01-01T00:00:00 has no time zone; give an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)",
        ),
        (
            lambda: Nested(["a", "b", "c", "d"], MatchAll()),
            "Nested: the scope ['a', 'b', 'c', 'd'] has more than 3 parts",
        ),
        (lambda: Exists(PRICE) & "x", "&: expected a Filter, got 'x'"),  # type: ignore[operator]
        (lambda: NumberProperty(VIEW, "price").range("1", None), "filter on min_price: expected a number, got '1'"),
        (
            lambda: DirectRelationProperty(VIEW, "category").equals_or_in("c1"),
            "filter on category: the string 'c1' is not a node id because it has no space; use NodeId('<space>', 'c1') or pass space=...",
        ),
        (
            lambda: TimestampProperty(VIEW, "updatedAt").range(datetime(2024, 1, 1), None),
            "Range on ['pygen_example', 'Product/v1', 'updatedAt']: the datetime 2024-01-01T00:00:00 has no time zone; "
            "give an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)",
        ),
        (
            lambda: DateProperty(VIEW, "d").range(datetime(2024, 1, 1), None),
            "filter on min_d: expected a date (datetime.date), got datetime.datetime(2024, 1, 1, 0, 0)",
        ),
        (lambda: TextProperty(VIEW, "name").equals_or_in(["a", 1]), "filter on name: expected str items, got 1"),
        (lambda: Filter.load({"equals": {"value": 1}}), "filter 'equals' is missing 'property': {'value': 1}"),
        (lambda: Filter.load({"near": {}}), "unknown filter 'near'"),
        (
            lambda: Filter.load({"and": [], "or": []}),
            "a filter must be an object with exactly one key, got {'and': [], 'or': []}",
        ),
    ],
)
def test_bad_filters_are_explained(build: Any, message: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        build()
    assert str(error.value) == message
