"""Typed per-data-type filter builders, used by generated keyword filters and by hand.

Every method accepts ``None`` and then returns ``None``, so generated code can pass optional keyword arguments
straight through and combine the results with ``and_filters``::

    and_filters(
        TextProperty(PRODUCT, "name").prefix(name_prefix),
        NumberProperty(PRODUCT, "price").range(min_price, max_price),
    )
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar, overload

from ._errors import InvalidInputError
from ._filters import And, ContainsAll, ContainsAny, Equals, Exists, Filter, In, Prefix, Range
from ._ids import ContainerId, NodeId, ViewId, as_node_id

_T = TypeVar("_T")


def and_filters(*filters: Filter | None) -> Filter | None:
    """``And`` of the given filters, skipping ``None``; a single filter is returned as is, none gives ``None``."""
    present = [item for item in filters if item is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    flat: list[Filter] = []
    for item in present:
        flat.extend(item.filters if isinstance(item, And) else (item,))
    return And(*flat)


class _PropertyBuilder:
    """A property of a view or container, or an instance base property (``["node", "externalId"]``)."""

    def __init__(self, source: ViewId | ContainerId | Sequence[str], property_id: str | None = None) -> None:
        if isinstance(source, (ViewId, ContainerId)):
            if not property_id:
                raise InvalidInputError(f"{type(self).__name__}({source}): the property id is missing")
            self.property: list[str] = source.property_ref(property_id)
        else:
            if property_id is not None or isinstance(source, str):
                raise InvalidInputError(f"{type(self).__name__}: give (view, property_id) or a property reference list")
            self.property = list(source)
        self.name = self.property[-1]

    def exists(self) -> Filter:
        return Exists(self.property)

    def _equals_or_in(self, value: Any) -> Filter | None:
        if value is None:
            return None
        if isinstance(value, (str, bool, int, float)):
            return Equals(self.property, value)
        if isinstance(value, Sequence):
            values = list(value)
            if not values:
                raise InvalidInputError(f"filter on {self.name}: the list of values is empty")
            return Equals(self.property, values[0]) if len(values) == 1 else In(self.property, values)
        return Equals(self.property, value)


class TextProperty(_PropertyBuilder):
    """Filters for a single text property (also ``timeseries``/``file``/``sequence`` references)."""

    @overload
    def equals(self, value: str) -> Filter: ...
    @overload
    def equals(self, value: None) -> None: ...
    def equals(self, value: str | None) -> Filter | None:
        return None if value is None else Equals(self.property, _check(value, str, self.name))

    @overload
    def in_(self, values: Sequence[str]) -> Filter: ...
    @overload
    def in_(self, values: None) -> None: ...
    def in_(self, values: Sequence[str] | None) -> Filter | None:
        return None if values is None else In(self.property, _check_list(values, str, self.name))

    @overload
    def equals_or_in(self, value: str | Sequence[str]) -> Filter: ...
    @overload
    def equals_or_in(self, value: None) -> None: ...
    def equals_or_in(self, value: str | Sequence[str] | None) -> Filter | None:
        """A string gives ``equals``; a list gives ``in``."""
        if value is not None and not isinstance(value, str):
            _check_list(value, str, self.name)
        elif value is not None:
            _check(value, str, self.name)
        return self._equals_or_in(value)

    @overload
    def prefix(self, value: str) -> Filter: ...
    @overload
    def prefix(self, value: None) -> None: ...
    def prefix(self, value: str | None) -> Filter | None:
        return None if value is None else Prefix(self.property, _check(value, str, self.name))


class NumberProperty(_PropertyBuilder):
    """Filters for an int32/int64/float32/float64 property."""

    def equals(self, value: float | None) -> Filter | None:
        return None if value is None else Equals(self.property, _check_number(value, self.name))

    def in_(self, values: Sequence[float] | None) -> Filter | None:
        if values is None:
            return None
        return In(self.property, [_check_number(value, self.name) for value in _check_list(values, object, self.name)])

    def range(self, min: float | None = None, max: float | None = None) -> Filter | None:
        """Inclusive bounds; either may be ``None``."""
        if min is None and max is None:
            return None
        low = None if min is None else _check_number(min, f"min_{self.name}")
        high = None if max is None else _check_number(max, f"max_{self.name}")
        return Range(self.property, gte=low, lte=high)


class BooleanProperty(_PropertyBuilder):
    def equals(self, value: bool | None) -> Filter | None:
        return None if value is None else Equals(self.property, _check(value, bool, self.name))


class DateProperty(_PropertyBuilder):
    """Filters for a ``date`` property (``YYYY-MM-DD`` on the wire)."""

    def equals(self, value: date | None) -> Filter | None:
        return None if value is None else Equals(self.property, _check_date(value, self.name))

    def range(self, min: date | None = None, max: date | None = None) -> Filter | None:
        if min is None and max is None:
            return None
        low = None if min is None else _check_date(min, f"min_{self.name}")
        high = None if max is None else _check_date(max, f"max_{self.name}")
        return Range(self.property, gte=low, lte=high)


class TimestampProperty(_PropertyBuilder):
    """Filters for a ``timestamp`` property; datetimes must carry a time zone."""

    def equals(self, value: datetime | None) -> Filter | None:
        return None if value is None else Equals(self.property, _check(value, datetime, self.name))

    def range(self, min: datetime | None = None, max: datetime | None = None) -> Filter | None:
        if min is None and max is None:
            return None
        low = None if min is None else _check(min, datetime, f"min_{self.name}")
        high = None if max is None else _check(max, datetime, f"max_{self.name}")
        return Range(self.property, gte=low, lte=high)


class EnumProperty(_PropertyBuilder):
    """Filters for an ``enum`` property (values are the enum value ids)."""

    def equals_or_in(self, value: str | Sequence[str] | None) -> Filter | None:
        if value is not None and not isinstance(value, str):
            _check_list(value, str, self.name)
        return self._equals_or_in(value)


class DirectRelationProperty(_PropertyBuilder):
    """Filters for a single direct relation; values are ``NodeId`` or ``(space, external_id)`` (a tuple is one
    id, a list is several)."""

    def equals(self, value: NodeId | tuple[str, str] | None) -> Filter | None:
        return None if value is None else Equals(self.property, as_node_id(value, where=f"filter on {self.name}"))

    def in_(self, values: Sequence[NodeId | tuple[str, str]] | None) -> Filter | None:
        if values is None:
            return None
        ids = [as_node_id(value, where=f"filter on {self.name}") for value in _check_list(values, object, self.name)]
        return In(self.property, ids)

    def equals_or_in(
        self, value: NodeId | tuple[str, str] | Sequence[NodeId | tuple[str, str]] | None
    ) -> Filter | None:
        if value is None:
            return None
        if isinstance(value, (NodeId, tuple, str)):
            return self.equals(value)  # a str gets the clear "no space" error
        ids = [as_node_id(item, where=f"filter on {self.name}") for item in _check_list(value, object, self.name)]
        return Equals(self.property, ids[0]) if len(ids) == 1 else In(self.property, ids)


class ListProperty(_PropertyBuilder):
    """Filters for a list property of any type. A single value is treated as a one-element list."""

    def contains_any(self, values: Any) -> Filter | None:
        return None if values is None else ContainsAny(self.property, _as_list(values, self.name))

    def contains_all(self, values: Any) -> Filter | None:
        return None if values is None else ContainsAll(self.property, _as_list(values, self.name))


def _as_list(values: Any, name: str) -> list[Any]:
    if isinstance(values, (str, bytes, NodeId, tuple)) or not isinstance(values, Sequence):
        values = [values]
    items = [as_node_id(item, where=f"filter on {name}") if isinstance(item, tuple) else item for item in values]
    if not items:
        raise InvalidInputError(f"filter on {name}: the list of values is empty")
    return items


def _check(value: Any, kind: type[_T], name: str) -> _T:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool) and kind is not object):
        raise InvalidInputError(f"filter on {name}: expected {kind.__name__}, got {value!r}")
    return value


def _check_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(f"filter on {name}: expected a number, got {value!r}")
    return value


def _check_date(value: Any, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInputError(f"filter on {name}: expected a date (datetime.date), got {value!r}")
    return value


def _check_list(values: Any, kind: type[_T], name: str) -> list[_T]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise InvalidInputError(f"filter on {name}: expected a list, got {values!r}")
    items = list(values)
    for item in items:
        if kind is not object and not isinstance(item, kind):
            raise InvalidInputError(f"filter on {name}: expected {kind.__name__} items, got {item!r}")
    return items
