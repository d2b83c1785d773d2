"""The whole DMS filter language as typed, immutable objects combinable with ``&``, ``|`` and ``~``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ._errors import InvalidInputError
from ._ids import ContainerId, EdgeId, NodeId, ViewId
from ._record import Record
from ._values import to_wire_value

PropertyReference = Sequence[str]


class PropertyValue(Record):
    """Compare with another property instead of a literal: ``Equals(a, PropertyValue(b))``."""

    __slots__ = ("property",)
    property: tuple[str, ...]

    def __init__(self, property: PropertyReference) -> None:
        self._set(property=_property(property, "PropertyValue"))

    def dump(self) -> dict[str, Any]:
        return {"property": list(self.property)}


class Parameter(Record):
    """A named parameter, resolved from ``parameters`` of a query or sync request."""

    __slots__ = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        self._set(name=name)

    def dump(self) -> dict[str, Any]:
        return {"parameter": self.name}


class Filter(Record, ABC):
    """Base of every filter. ``a & b``, ``a | b`` and ``~a`` build ``And``, ``Or`` and ``Not``."""

    __slots__ = ()
    keyword: ClassVar[str]

    @abstractmethod
    def dump(self) -> dict[str, Any]:
        """The wire form, e.g. ``{"equals": {"property": [...], "value": ...}}``."""

    def __and__(self, other: Filter) -> Filter:
        return And(*_operands(And, self), *_operands(And, _check_filter(other, "&")))

    def __or__(self, other: Filter) -> Filter:
        return Or(*_operands(Or, self), *_operands(Or, _check_filter(other, "|")))

    def __invert__(self) -> Filter:
        return self.filter if isinstance(self, Not) else Not(self)

    @staticmethod
    def load(data: Mapping[str, Any]) -> Filter:
        """Parse the wire form (e.g. a view's ``filter``) into filter objects."""
        return load_filter(data)


class And(Filter):
    keyword: ClassVar[str] = "and"
    __slots__ = ("filters",)
    filters: tuple[Filter, ...]

    def __init__(self, *filters: Filter) -> None:
        if not filters:
            raise InvalidInputError("And() needs at least one filter")
        self._set(filters=tuple(_check_filter(item, "And") for item in filters))

    def dump(self) -> dict[str, Any]:
        return {"and": [item.dump() for item in self.filters]}


class Or(Filter):
    keyword: ClassVar[str] = "or"
    __slots__ = ("filters",)
    filters: tuple[Filter, ...]

    def __init__(self, *filters: Filter) -> None:
        if not filters:
            raise InvalidInputError("Or() needs at least one filter")
        self._set(filters=tuple(_check_filter(item, "Or") for item in filters))

    def dump(self) -> dict[str, Any]:
        return {"or": [item.dump() for item in self.filters]}


class Not(Filter):
    keyword: ClassVar[str] = "not"
    __slots__ = ("filter",)
    filter: Filter

    def __init__(self, filter: Filter) -> None:
        self._set(filter=_check_filter(filter, "Not"))

    def dump(self) -> dict[str, Any]:
        return {"not": self.filter.dump()}


class Equals(Filter):
    keyword: ClassVar[str] = "equals"
    __slots__ = ("property", "value")
    property: tuple[str, ...]
    value: Any

    def __init__(self, property: PropertyReference, value: Any) -> None:
        _init(self, property=_property(property, "Equals"), value=_value(value, "Equals", property))

    def dump(self) -> dict[str, Any]:
        return {"equals": {"property": list(self.property), "value": self.value}}


class In(Filter):
    keyword: ClassVar[str] = "in"
    __slots__ = ("property", "values")
    property: tuple[str, ...]
    values: Any

    def __init__(self, property: PropertyReference, values: Sequence[Any] | PropertyValue | Parameter) -> None:
        _init(self, property=_property(property, "In"), values=_values(values, "In", property))

    def dump(self) -> dict[str, Any]:
        return {"in": {"property": list(self.property), "values": self.values}}


class Range(Filter):
    keyword: ClassVar[str] = "range"
    __slots__ = ("property", "bounds")  # noqa: RUF023  (the order is the field order)
    property: tuple[str, ...]
    bounds: tuple[tuple[str, Any], ...]

    def __init__(
        self, property: PropertyReference, *, gt: Any = None, gte: Any = None, lt: Any = None, lte: Any = None
    ) -> None:
        _init(self, property=_property(property, "Range"), bounds=_bounds("Range", property, gt, gte, lt, lte))

    def dump(self) -> dict[str, Any]:
        return {"range": {"property": list(self.property), **dict(self.bounds)}}


class Prefix(Filter):
    keyword: ClassVar[str] = "prefix"
    __slots__ = ("property", "value")
    property: tuple[str, ...]
    value: Any

    def __init__(self, property: PropertyReference, value: str | Parameter) -> None:
        if not isinstance(value, (str, Parameter)):
            raise InvalidInputError(f"Prefix on {_show(property)}: the prefix must be a string, got {value!r}")
        _init(self, property=_property(property, "Prefix"), value=_value(value, "Prefix", property))

    def dump(self) -> dict[str, Any]:
        return {"prefix": {"property": list(self.property), "value": self.value}}


class Exists(Filter):
    keyword: ClassVar[str] = "exists"
    __slots__ = ("property",)
    property: tuple[str, ...]

    def __init__(self, property: PropertyReference) -> None:
        _init(self, property=_property(property, "Exists"))

    def dump(self) -> dict[str, Any]:
        return {"exists": {"property": list(self.property)}}


class ContainsAny(Filter):
    keyword: ClassVar[str] = "containsAny"
    __slots__ = ("property", "values")
    property: tuple[str, ...]
    values: Any

    def __init__(self, property: PropertyReference, values: Sequence[Any] | PropertyValue | Parameter) -> None:
        _init(self, property=_property(property, "ContainsAny"), values=_values(values, "ContainsAny", property))

    def dump(self) -> dict[str, Any]:
        return {"containsAny": {"property": list(self.property), "values": self.values}}


class ContainsAll(Filter):
    keyword: ClassVar[str] = "containsAll"
    __slots__ = ("property", "values")
    property: tuple[str, ...]
    values: Any

    def __init__(self, property: PropertyReference, values: Sequence[Any] | PropertyValue | Parameter) -> None:
        _init(self, property=_property(property, "ContainsAll"), values=_values(values, "ContainsAll", property))

    def dump(self) -> dict[str, Any]:
        return {"containsAll": {"property": list(self.property), "values": self.values}}


class MatchAll(Filter):
    keyword: ClassVar[str] = "matchAll"
    __slots__ = ()

    def __init__(self) -> None:
        pass

    def dump(self) -> dict[str, Any]:
        return {"matchAll": {}}


class Nested(Filter):
    """Apply ``filter`` to the node that the direct relation ``scope`` points at."""

    keyword: ClassVar[str] = "nested"
    __slots__ = ("scope", "filter")  # noqa: RUF023  (the order is the field order)
    scope: tuple[str, ...]
    filter: Filter

    def __init__(self, scope: PropertyReference, filter: Filter) -> None:
        scope_ref = _property(scope, "Nested")
        if len(scope_ref) > 3:
            raise InvalidInputError(f"Nested: the scope {_show(scope)} has more than 3 parts")
        _init(self, scope=scope_ref, filter=_check_filter(filter, "Nested"))

    def dump(self) -> dict[str, Any]:
        return {"nested": {"scope": list(self.scope), "filter": self.filter.dump()}}


class Overlaps(Filter):
    """Match items whose ``[start_property, end_property]`` range overlaps the given bounds (not in search)."""

    keyword: ClassVar[str] = "overlaps"
    __slots__ = ("start_property", "end_property", "bounds")  # noqa: RUF023  (the order is the field order)
    start_property: tuple[str, ...]
    end_property: tuple[str, ...]
    bounds: tuple[tuple[str, Any], ...]

    def __init__(
        self,
        start_property: PropertyReference,
        end_property: PropertyReference,
        *,
        gt: Any = None,
        gte: Any = None,
        lt: Any = None,
        lte: Any = None,
    ) -> None:
        _init(
            self,
            start_property=_property(start_property, "Overlaps"),
            end_property=_property(end_property, "Overlaps"),
            bounds=_bounds("Overlaps", start_property, gt, gte, lt, lte),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "overlaps": {
                "startProperty": list(self.start_property),
                "endProperty": list(self.end_property),
                **dict(self.bounds),
            }
        }


class HasData(Filter):
    """Match instances with data in any of the given views or containers."""

    keyword: ClassVar[str] = "hasData"
    __slots__ = ("sources",)
    sources: tuple[ViewId | ContainerId, ...]

    def __init__(self, sources: Sequence[ViewId | ContainerId] | ViewId | ContainerId) -> None:
        items = (sources,) if isinstance(sources, (ViewId, ContainerId)) else tuple(sources)
        for item in items:
            if not isinstance(item, (ViewId, ContainerId)):
                raise InvalidInputError(f"HasData: expected ViewId or ContainerId, got {item!r}")
        _init(self, sources=items)

    def dump(self) -> dict[str, Any]:
        return {"hasData": [source.dump() for source in self.sources]}


class InstanceReferences(Filter):
    """Match the instances with any of the given ids."""

    keyword: ClassVar[str] = "instanceReferences"
    __slots__ = ("ids",)
    ids: tuple[NodeId | EdgeId, ...]

    def __init__(self, ids: Sequence[NodeId | EdgeId | tuple[str, str]]) -> None:
        converted: list[NodeId | EdgeId] = []
        for item in ids:
            if isinstance(item, (NodeId, EdgeId)):
                converted.append(item)
            elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(part, str) for part in item):
                converted.append(NodeId(item[0], item[1]))
            else:
                raise InvalidInputError(
                    f"InstanceReferences: expected NodeId, EdgeId or (space, external_id), got {item!r}"
                )
        _init(self, ids=tuple(converted))

    def dump(self) -> dict[str, Any]:
        return {"instanceReferences": [item.dump() for item in self.ids]}


def load_filter(data: Mapping[str, Any]) -> Filter:
    """Parse a wire-format filter into filter objects; unknown or malformed filters raise ``InvalidInputError``."""
    if not isinstance(data, Mapping) or len(data) != 1:
        raise InvalidInputError(f"a filter must be an object with exactly one key, got {data!r}")
    ((keyword, body),) = data.items()
    if keyword in {"and", "or"}:
        if not isinstance(body, list) or not body:
            raise InvalidInputError(f"filter '{keyword}' needs a non-empty list, got {body!r}")
        parts = [load_filter(item) for item in body]
        return And(*parts) if keyword == "and" else Or(*parts)
    if keyword == "not":
        return Not(load_filter(body))
    if keyword == "matchAll":
        return MatchAll()
    if keyword == "hasData":
        return HasData([ViewId.load(item) if item.get("type") == "view" else ContainerId.load(item) for item in body])
    if keyword == "instanceReferences":
        return InstanceReferences([(item["space"], item["externalId"]) for item in body])
    if not isinstance(body, Mapping):
        raise InvalidInputError(f"filter '{keyword}' needs an object, got {body!r}")
    try:
        if keyword == "equals":
            return Equals(body["property"], _load_value(body["value"]))
        if keyword == "in":
            return In(body["property"], _load_value(body["values"]))
        if keyword == "range":
            return Range(body["property"], **{key: _load_value(body[key]) for key in _BOUND_KEYS if key in body})
        if keyword == "prefix":
            return Prefix(body["property"], _load_value(body["value"]))
        if keyword == "exists":
            return Exists(body["property"])
        if keyword == "containsAny":
            return ContainsAny(body["property"], _load_value(body["values"]))
        if keyword == "containsAll":
            return ContainsAll(body["property"], _load_value(body["values"]))
        if keyword == "nested":
            return Nested(body["scope"], load_filter(body["filter"]))
        if keyword == "overlaps":
            bounds = {key: _load_value(body[key]) for key in _BOUND_KEYS if key in body}
            return Overlaps(body["startProperty"], body["endProperty"], **bounds)
    except KeyError as missing:
        raise InvalidInputError(f"filter '{keyword}' is missing {missing}: {dict(body)!r}") from None
    raise InvalidInputError(f"unknown filter '{keyword}'")


_BOUND_KEYS = ("gt", "gte", "lt", "lte")


def _load_value(value: Any) -> Any:
    if isinstance(value, Mapping) and set(value) == {"property"}:
        return PropertyValue(value["property"])
    if isinstance(value, Mapping) and set(value) == {"parameter"}:
        return Parameter(value["parameter"])
    return value


def _init(instance: Filter, **fields: Any) -> None:
    instance._set(**fields)


def _check_filter(value: Any, where: str) -> Filter:
    if not isinstance(value, Filter):
        raise InvalidInputError(f"{where}: expected a Filter, got {value!r}")
    return value


def _operands(kind: type[Filter], item: Filter) -> tuple[Filter, ...]:
    return item.filters if isinstance(item, (And, Or)) and isinstance(item, kind) else (item,)


def _property(property: Any, where: str) -> tuple[str, ...]:
    if isinstance(property, str) or not isinstance(property, Sequence) or not property:
        raise InvalidInputError(
            f"{where}: a property reference is a list of strings such as [space, 'View/version', property] "
            f"or ['node', 'externalId'], got {property!r}"
        )
    if not all(isinstance(part, str) and part for part in property):
        raise InvalidInputError(
            f"{where}: every part of the property reference must be a non-empty string, got {property!r}"
        )
    return tuple(property)


def _show(property: Any) -> str:
    return repr(list(property)) if isinstance(property, (list, tuple)) else repr(property)


def _value(value: Any, where: str, property: Any) -> Any:
    if isinstance(value, (PropertyValue, Parameter)):
        return value.dump()
    if value is None:
        raise InvalidInputError(
            f"{where} on {_show(property)}: the value is None; to match missing values use ~Exists(property)"
        )
    return to_wire_value(value, where=f"{where} on {_show(property)}")


def _values(values: Any, where: str, property: Any) -> Any:
    if isinstance(values, (PropertyValue, Parameter)):
        return values.dump()
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise InvalidInputError(f"{where} on {_show(property)}: expected a list of values, got {values!r}")
    if not values:
        raise InvalidInputError(f"{where} on {_show(property)}: the list of values is empty")
    return [_value(item, where, property) for item in values]


def _bounds(where: str, property: Any, gt: Any, gte: Any, lt: Any, lte: Any) -> tuple[tuple[str, Any], ...]:
    if gt is not None and gte is not None:
        raise InvalidInputError(f"{where} on {_show(property)}: give gt or gte, not both")
    if lt is not None and lte is not None:
        raise InvalidInputError(f"{where} on {_show(property)}: give lt or lte, not both")
    given = tuple(
        (key, _value(value, where, property))
        for key, value in zip(_BOUND_KEYS, (gt, gte, lt, lte), strict=True)
        if value is not None
    )
    if not given:
        raise InvalidInputError(f"{where} on {_show(property)}: give at least one of gt, gte, lt, lte")
    return given
