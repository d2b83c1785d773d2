"""``InstanceList`` (a list of read objects with helpers) and ``Page`` (one page of a paged read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._ids import EdgeId, NodeId
from ._instances import Instance

if TYPE_CHECKING:
    import pandas as pd

T_Instance = TypeVar("T_Instance", bound=Instance)
T_List = TypeVar("T_List", bound="InstanceList[Any]")


class InstanceList(list[T_Instance]):
    """A plain ``list`` of read objects, plus id helpers, ``dump()``, ``to_pandas()`` and a notebook table."""

    def as_ids(self) -> list[NodeId | EdgeId]:
        return [item.as_id() for item in self]

    def as_external_ids(self) -> list[str]:
        return [item.external_id for item in self]

    def get(self, external_id: str, space: str | None = None) -> T_Instance | None:
        """The first item with this external id (and space, when given), or ``None``."""
        for item in self:
            if item.external_id == external_id and (space is None or item.space == space):
                return item
        return None

    def dump(self, camel_case: bool = True) -> list[dict[str, Any]]:
        return [item.dump(camel_case) for item in self]

    def to_pandas(self, *, camel_case: bool = False) -> pd.DataFrame:
        """One row per item, one column per field (needs the ``pandas`` extra; pandas is imported only here)."""
        from ._pandas import instances_to_pandas

        return instances_to_pandas(self, camel_case=camel_case)

    def _repr_html_(self) -> str:
        """A table, one row per item (the first and last rows of a long list), for notebooks."""
        from ._html import instances_html

        return instances_html(self, type(self).__name__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


@dataclass(frozen=True)
class Page(Generic[T_List]):
    """One page of results. Pass ``next_cursor`` back (``iterate(cursor=...)``) to continue, even in a new process."""

    items: T_List
    next_cursor: str | None
    cursor: str | None = None

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
