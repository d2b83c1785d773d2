"""Every DMS property type, single and list, to and from the wire format (a view beyond the example model)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, Field
from pygen_runtime import Node, NodeId, NodeWrite, ViewId, property_field
from pygen_runtime._parsing import parse_items
from pygen_runtime._write_items import WriteItems

VIEW = ViewId("types", "Everything", "v1")
Colour = Literal["red", "green"]


class Everything(Node):
    view_id: ClassVar[ViewId] = VIEW
    text: str | None = property_field(VIEW, "text")
    int32: int | None = property_field(VIEW, "int32")
    int64: int | None = property_field(VIEW, "int64")
    float32: float | None = property_field(VIEW, "float32")
    float64: float | None = property_field(VIEW, "float64")
    boolean: bool | None = property_field(VIEW, "boolean")
    timestamp: datetime | None = property_field(VIEW, "timestamp")
    day: date | None = property_field(VIEW, "date")
    json_object: dict[str, Any] | None = property_field(VIEW, "json")
    colour: Colour | str | None = property_field(VIEW, "enum")
    timeseries: str | None = property_field(VIEW, "timeseries")
    file: str | None = property_field(VIEW, "file")
    sequence: str | None = property_field(VIEW, "sequence")
    direct: NodeId | None = property_field(VIEW, "direct")
    texts: list[str] | None = property_field(VIEW, "texts")
    int64s: list[int] | None = property_field(VIEW, "int64s")
    float32s: list[float] | None = property_field(VIEW, "float32s")
    booleans: list[bool] | None = property_field(VIEW, "booleans")
    timestamps: list[datetime] | None = property_field(VIEW, "timestamps")
    days: list[date] | None = property_field(VIEW, "dates")
    json_objects: list[dict[str, Any]] | None = property_field(VIEW, "jsons")
    timeseries_list: list[str] | None = property_field(VIEW, "timeseriesList")
    directs: list[NodeId] | None = property_field(VIEW, "directs")


class EverythingWrite(NodeWrite):
    view_id: ClassVar[ViewId] = VIEW
    text: str | None = Field(None, serialization_alias="text")
    int32: int | None = Field(None, serialization_alias="int32", ge=-(2**31), le=2**31 - 1)
    int64: int | None = Field(None, serialization_alias="int64")
    float32: float | None = Field(None, serialization_alias="float32")
    float64: float | None = Field(None, serialization_alias="float64")
    boolean: bool | None = Field(None, serialization_alias="boolean")
    timestamp: AwareDatetime | None = Field(None, serialization_alias="timestamp")
    day: date | None = Field(None, serialization_alias="date")
    json_object: dict[str, Any] | None = Field(None, serialization_alias="json")
    colour: Colour | None = Field(None, serialization_alias="enum")
    timeseries: str | None = Field(None, serialization_alias="timeseries")
    file: str | None = Field(None, serialization_alias="file")
    sequence: str | None = Field(None, serialization_alias="sequence")
    direct: NodeId | None = Field(None, serialization_alias="direct")
    texts: list[str] | None = Field(None, serialization_alias="texts")
    int64s: list[int] | None = Field(None, serialization_alias="int64s")
    float32s: list[float] | None = Field(None, serialization_alias="float32s")
    booleans: list[bool] | None = Field(None, serialization_alias="booleans")
    timestamps: list[AwareDatetime] | None = Field(None, serialization_alias="timestamps")
    days: list[date] | None = Field(None, serialization_alias="dates")
    json_objects: list[dict[str, Any]] | None = Field(None, serialization_alias="jsons")
    timeseries_list: list[str] | None = Field(None, serialization_alias="timeseriesList")
    directs: list[NodeId] | None = Field(None, serialization_alias="directs")


OSLO = timezone(timedelta(hours=2))
VALUES: dict[str, Any] = {
    "text": 'æøå "quoted" \n newline',
    "int32": -(2**31),
    "int64": 2**53 + 1,
    "float32": 1.5,
    "float64": -0.1,
    "boolean": False,
    "timestamp": datetime(2024, 5, 31, 4, 12, 29, 123000, tzinfo=OSLO),
    "day": date(1999, 12, 31),
    "json_object": {"nested": {"list": [1, "two", None]}},
    "colour": "green",
    "timeseries": "ts:temperature",
    "file": "file:manual.pdf",
    "sequence": "seq:curve",
    "direct": NodeId("shop", "target"),
    "texts": ["a", "b"],
    "int64s": [2**62, -1],
    "float32s": [0.25],
    "booleans": [True, False],
    "timestamps": [datetime(2024, 1, 1, tzinfo=timezone.utc)],
    "days": [date(2024, 2, 29)],
    "json_objects": [{"a": 1}, {"b": [2]}],
    "timeseries_list": ["ts:1", "ts:2"],
    "directs": [NodeId("shop", "x"), ("shop", "y")],
}
WIRE: dict[str, Any] = {
    "text": 'æøå "quoted" \n newline',
    "int32": -(2**31),
    "int64": 2**53 + 1,
    "float32": 1.5,
    "float64": -0.1,
    "boolean": False,
    "timestamp": "2024-05-31T04:12:29.123+02:00",
    "date": "1999-12-31",
    "json": {"nested": {"list": [1, "two", None]}},
    "enum": "green",
    "timeseries": "ts:temperature",
    "file": "file:manual.pdf",
    "sequence": "seq:curve",
    "direct": {"space": "shop", "externalId": "target"},
    "texts": ["a", "b"],
    "int64s": [2**62, -1],
    "float32s": [0.25],
    "booleans": [True, False],
    "timestamps": ["2024-01-01T00:00:00.000+00:00"],
    "dates": ["2024-02-29"],
    "jsons": [{"a": 1}, {"b": [2]}],
    "timeseriesList": ["ts:1", "ts:2"],
    "directs": [{"space": "shop", "externalId": "x"}, {"space": "shop", "externalId": "y"}],
}


def test_every_type_writes_to_the_wire_format() -> None:
    (body,) = WriteItems.from_writes([EverythingWrite(space="s", external_id="e", **VALUES)]).all()
    assert body["sources"] == [{"source": VIEW.dump(), "properties": WIRE}]
    assert json.loads(json.dumps(body)) == body  # plain JSON, nothing Python-specific left


def test_every_type_reads_from_the_wire_format() -> None:
    node = {
        "instanceType": "node",
        "space": "s",
        "externalId": "e",
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {"types": {"Everything/v1": WIRE}},
    }
    (item,) = parse_items(Everything, json.dumps({"items": [node]}).encode(), what="test")[0]
    expected = {**VALUES, "directs": [NodeId("shop", "x"), NodeId("shop", "y")]}
    assert {name: getattr(item, name) for name in expected} == expected
    assert item.int64 == 9007199254740993  # beyond 2**53: exact, no float rounding
    assert item.timestamp is not None and item.timestamp.utcoffset() == timedelta(hours=2)


def test_nulls_read_as_none_and_clear_on_write() -> None:
    node = {
        "instanceType": "node",
        "space": "s",
        "externalId": "e",
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {"types": {"Everything/v1": dict.fromkeys(WIRE)}},
    }
    (item,) = parse_items(Everything, json.dumps({"items": [node]}).encode(), what="test")[0]
    assert all(getattr(item, name) is None for name in VALUES)
    (body,) = WriteItems.from_writes([EverythingWrite(space="s", external_id="e", **dict.fromkeys(VALUES))]).all()
    assert body["sources"][0]["properties"] == dict.fromkeys(WIRE)
