"""One page of a schema listing, with the cursor that continues it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["SchemaPage"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class SchemaPage(Generic[_T]):
    """``items`` of one response; pass ``next_cursor`` to ``iterate(cursor=...)`` to resume. ``None`` means done."""

    items: list[_T] = field(default_factory=list)
    next_cursor: str | None = None

    def __iter__(self) -> Iterator[_T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
