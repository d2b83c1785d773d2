"""Aggregation requests (count, sum, avg, min, max, histogram) and their results, grouped or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._errors import InvalidInputError, ResponseParseError
from ._ids import NodeId

AggregateName = Literal["count", "sum", "avg", "min", "max"]


@dataclass(frozen=True)
class Aggregation:
    """Base of aggregations; ``property`` is a view property id (or a field name in generated APIs)."""

    property: str | None

    name: str = field(init=False, default="")

    def dump(self) -> dict[str, Any]:
        body: dict[str, Any] = {} if self.property is None else {"property": self.property}
        return {self.name: body}


@dataclass(frozen=True)
class Count(Aggregation):
    """Count instances, or the non-null values of ``property`` when given."""

    property: str | None = None
    name: str = field(init=False, default="count")


@dataclass(frozen=True)
class Sum(Aggregation):
    property: str
    name: str = field(init=False, default="sum")


@dataclass(frozen=True)
class Avg(Aggregation):
    property: str
    name: str = field(init=False, default="avg")


@dataclass(frozen=True)
class Min(Aggregation):
    property: str
    name: str = field(init=False, default="min")


@dataclass(frozen=True)
class Max(Aggregation):
    property: str
    name: str = field(init=False, default="max")


@dataclass(frozen=True)
class Histogram(Aggregation):
    """Bucket the numeric ``property`` in steps of ``interval``."""

    property: str
    interval: float
    name: str = field(init=False, default="histogram")

    def __post_init__(self) -> None:
        if isinstance(self.interval, bool) or not isinstance(self.interval, (int, float)) or self.interval <= 0:
            raise InvalidInputError(
                f"Histogram on {self.property}: interval must be a positive number, got {self.interval!r}"
            )

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
    if kind is Count:
        return Count(property)
    if property is None:
        raise InvalidInputError(f"aggregate {value!r} needs a property")
    return kind(property)


@dataclass(frozen=True)
class AggregatedValue:
    """``aggregate`` (count/sum/avg/min/max) of ``property``; ``value`` is ``None`` when nothing matched."""

    aggregate: str
    property: str | None
    value: float | None


@dataclass(frozen=True)
class HistogramBucket:
    start: float
    count: int


@dataclass(frozen=True)
class HistogramValue:
    property: str
    interval: float
    buckets: list[HistogramBucket]


@dataclass(frozen=True)
class AggregateGroup:
    """The aggregates of one group; ``group`` is empty when no ``group_by`` was given."""

    group: dict[str, Any]
    aggregates: list[AggregatedValue | HistogramValue]


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
