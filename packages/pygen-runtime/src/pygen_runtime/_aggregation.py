"""Aggregation requests (count, sum, avg, min, max, histogram) and their results, grouped or not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from ._errors import InvalidInputError, ResponseParseError
from ._ids import NodeId
from ._record import Record

AggregateName = Literal["count", "sum", "avg", "min", "max"]


class Aggregation(Record):
    """Base of aggregations; ``property`` is a view property id (or a field name in generated APIs)."""

    __slots__ = ("property",)
    name: ClassVar[str] = ""
    property: str | None

    def __init__(self, property: str | None) -> None:
        if property is not None and (not isinstance(property, str) or not property):
            raise InvalidInputError(f"{type(self).__name__}: property must be a non-empty string, got {property!r}")
        self._set(property=property)

    def dump(self) -> dict[str, Any]:
        body: dict[str, Any] = {} if self.property is None else {"property": self.property}
        return {self.name: body}


class Count(Aggregation):
    """Count instances, or the non-null values of ``property`` when given."""

    __slots__ = ()
    name: ClassVar[str] = "count"

    def __init__(self, property: str | None = None) -> None:
        super().__init__(property)


class _PropertyAggregation(Aggregation):
    __slots__ = ()
    property: str

    def __init__(self, property: str) -> None:
        if property is None:
            raise InvalidInputError(f"{type(self).__name__} needs a property")
        super().__init__(property)


class Sum(_PropertyAggregation):
    __slots__ = ()
    name: ClassVar[str] = "sum"


class Avg(_PropertyAggregation):
    __slots__ = ()
    name: ClassVar[str] = "avg"


class Min(_PropertyAggregation):
    __slots__ = ()
    name: ClassVar[str] = "min"


class Max(_PropertyAggregation):
    __slots__ = ()
    name: ClassVar[str] = "max"


class Histogram(_PropertyAggregation):
    """Bucket the numeric ``property`` in steps of ``interval``."""

    __slots__ = ("interval",)
    name: ClassVar[str] = "histogram"
    interval: float

    def __init__(self, property: str, interval: float) -> None:
        super().__init__(property)
        if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval <= 0:
            raise InvalidInputError(f"Histogram on {property}: interval must be a positive number, got {interval!r}")
        self._set(interval=interval)

    def dump(self) -> dict[str, Any]:
        return {"histogram": {"property": self.property, "interval": self.interval}}


_BY_NAME: dict[str, type[Aggregation]] = {"count": Count, "sum": Sum, "avg": Avg, "min": Min, "max": Max}


def make_aggregation(value: Aggregation | str, property: str | None) -> Aggregation:
    """Accept an ``Aggregation`` or a name (``"avg"``) plus ``property``."""
    if isinstance(value, Aggregation):
        return value
    kind = _BY_NAME.get(value) if isinstance(value, str) else None
    if kind is None:
        raise InvalidInputError(
            f"unknown aggregate {value!r}; use one of {', '.join(_BY_NAME)} or an Aggregation object"
        )
    if property is None and kind is not Count:
        raise InvalidInputError(f"aggregate {value!r} needs a property")
    return kind(property)


class AggregatedValue(Record):
    """``aggregate`` (count/sum/avg/min/max) of ``property``; ``value`` is ``None`` when nothing matched."""

    __slots__ = ("aggregate", "property", "value")
    aggregate: str
    property: str | None
    value: float | None

    def __init__(self, aggregate: str, property: str | None, value: float | None) -> None:
        self._set(aggregate=aggregate, property=property, value=value)


class HistogramBucket(Record):
    __slots__ = ("count", "start")
    start: float
    count: int

    def __init__(self, start: float, count: int) -> None:
        self._set(start=start, count=count)


class HistogramValue(Record):
    __slots__ = ("buckets", "interval", "property")
    property: str
    interval: float
    buckets: list[HistogramBucket]

    def __init__(self, property: str, interval: float, buckets: list[HistogramBucket]) -> None:
        self._set(property=property, interval=interval, buckets=buckets)


class AggregateGroup(Record):
    """The aggregates of one group; ``group`` is empty when no ``group_by`` was given."""

    __slots__ = ("aggregates", "group")
    group: dict[str, Any]
    aggregates: list[AggregatedValue | HistogramValue]

    def __init__(self, group: dict[str, Any], aggregates: list[AggregatedValue | HistogramValue]) -> None:
        self._set(group=group, aggregates=aggregates)

    @property
    def value(self) -> float | None:
        """The value of this group's one count/sum/avg/min/max aggregate (``group.value`` per group)."""
        values = [item for item in self.aggregates if isinstance(item, AggregatedValue)]
        if len(values) != 1:
            raise InvalidInputError(
                f"value needs a group with exactly one aggregate; this group has {len(values)}: use .aggregates"
            )
        return values[0].value


class AggregateResult(list[AggregateGroup]):
    """The groups an aggregate request returned (one group when nothing was grouped)."""

    @property
    def value(self) -> float | None:
        """The single value of an ungrouped request for one count/sum/avg/min/max aggregate."""
        values = [item for group in self for item in group.aggregates if isinstance(item, AggregatedValue)]
        if len(self) > 1 or len(values) != 1:
            raise InvalidInputError(
                f"value needs exactly one group with one aggregate; this result has {len(self)} group(s) and "
                f"{len(values)} value(s): iterate over it instead"
            )
        return values[0].value

    def to_pandas(self) -> Any:
        from ._pandas import import_pandas

        pandas = import_pandas()
        rows = []
        for group in self:
            row: dict[str, Any] = dict(group.group)
            for item in group.aggregates:
                if isinstance(item, AggregatedValue):
                    row[f"{item.aggregate}:{item.property}" if item.property else item.aggregate] = item.value
            rows.append(row)
        return pandas.DataFrame(rows)


def parse_aggregate_response(body: Mapping[str, Any], rename: Mapping[str, str] | None = None) -> AggregateResult:
    """Parse ``/models/instances/aggregate``; ``rename`` maps property ids back to field names."""
    names = rename or {}
    result = AggregateResult()
    try:
        for item in body["items"]:
            group = {names.get(key, key): _group_value(value) for key, value in (item.get("group") or {}).items()}
            aggregates: list[AggregatedValue | HistogramValue] = []
            for entry in item.get("aggregates", []):
                prop = entry.get("property")
                prop = names.get(prop, prop) if prop is not None else None
                if entry["aggregate"] == "histogram":
                    buckets = [HistogramBucket(bucket["start"], bucket["count"]) for bucket in entry.get("buckets", [])]
                    aggregates.append(HistogramValue(prop or "", entry["interval"], buckets))
                else:
                    aggregates.append(AggregatedValue(entry["aggregate"], prop, entry.get("value")))
            result.append(AggregateGroup(group, aggregates))
    except (KeyError, TypeError) as error:
        raise ResponseParseError(f"unexpected aggregate response, missing {error}: {str(body)[:300]}") from None
    return result


def _group_value(value: Any) -> Any:
    if isinstance(value, Mapping) and set(value) == {"space", "externalId"}:
        return NodeId(value["space"], value["externalId"])
    return value
