"""Sorting of list, search and query results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ._errors import InvalidInputError
from ._record import Record

Direction = Literal["ascending", "descending"]


class InstanceSort(Record):
    """Sort by one property: ``InstanceSort([space, "Pump/v1", "name"], "descending", nulls_first=True)``."""

    __slots__ = ("property", "direction", "nulls_first")  # noqa: RUF023  (the order is the field order)
    property: tuple[str, ...]
    direction: Direction
    nulls_first: bool | None

    def __init__(
        self, property: Sequence[str], direction: Direction = "ascending", nulls_first: bool | None = None
    ) -> None:
        if isinstance(property, str) or not property or not all(isinstance(part, str) for part in property):
            raise InvalidInputError(f"InstanceSort: the property must be a list of strings, got {property!r}")
        if direction not in ("ascending", "descending"):
            raise InvalidInputError(f"InstanceSort: direction must be 'ascending' or 'descending', got {direction!r}")
        self._set(property=tuple(property), direction=direction, nulls_first=nulls_first)

    def dump(self, *, search: bool = False) -> dict[str, Any]:
        """The wire form; search sorts have no ``nullsFirst``."""
        body: dict[str, Any] = {"property": list(self.property), "direction": self.direction}
        if self.nulls_first is not None and not search:
            body["nullsFirst"] = self.nulls_first
        return body
