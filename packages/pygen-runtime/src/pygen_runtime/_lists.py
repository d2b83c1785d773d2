"""``InstanceList`` (a list of read objects with helpers) and ``Page`` (one page of a paged read)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._connections import EdgeConnection
from ._errors import InvalidInputError
from ._ids import EdgeId, NodeId
from ._instances import DataRecord, Edge, Instance, connection_fields

if TYPE_CHECKING:
    import pandas as pd

    from ._instances import InstanceWrite

T_Instance = TypeVar("T_Instance", bound=Instance)
T_List = TypeVar("T_List", bound="InstanceList[Any]")


class InstanceList(list[T_Instance]):
    """A plain ``list`` of read objects, plus id helpers, ``data_records``, ``as_write()``, ``dump()``,
    ``to_pandas()`` and a notebook table. Generated ``<View>List`` classes add one property per connection field
    (``products.category``), built by ``_connected``."""

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

    @property
    def data_records(self) -> list[DataRecord]:
        """The ``data_record`` (version, created/last-updated/deleted time) of every item, in order."""
        return [item.data_record for item in self]

    def as_write(self) -> Sequence[InstanceWrite]:
        """The write object of every item (``item.as_write()``), in order. Generated lists return the view's write
        class (``list[ProductWrite]``). Items of read-only views have no write class: an ``InvalidInputError``
        names them, and nothing is converted."""
        converters: list[Callable[[], InstanceWrite]] = []
        read_only: dict[str, list[str]] = {}
        for item in self:
            converter = getattr(item, "as_write", None)  # generated read classes of writable views define it
            if callable(converter):
                converters.append(converter)
            else:
                view = type(item).view_id
                key = f"{type(item).__name__} ({view})" if view is not None else type(item).__name__
                read_only.setdefault(key, []).append(item.external_id)
        if read_only:
            described = "; ".join(
                f"{key}: {', '.join(repr(external_id) for external_id in ids[:5])}" + (" ..." if len(ids) > 5 else "")
                for key, ids in read_only.items()
            )
            raise InvalidInputError(
                f"{type(self).__name__}.as_write(): {sum(map(len, read_only.values()))} of {len(self)} item(s) are "
                f"of a read-only view, which has no write class: {described}"
            )
        return [converter() for converter in converters]

    def _connected(self, field: str, list_class: type[T_List]) -> T_List:
        """The objects that the connection ``field`` of the items holds, as ``list_class``: direct relations,
        the far end of edges (the end node; the start node for inwards edges) and reverse relations that
        ``retrieve_connections="full"`` filled. Ids (not filled, or ``"identifier"``) are skipped; each object is
        kept once (by id), in the order first seen. Generated list properties call this in one line."""
        found = list_class()
        seen: set[NodeId | EdgeId] = set()
        far_end: dict[type[Any], str] = {}
        for item in self:
            value = getattr(item, field, None)
            if value is None:
                continue
            end = far_end.get(type(item))
            if end is None:
                marker = connection_fields(type(item)).get(field)
                inwards = isinstance(marker, EdgeConnection) and marker.direction == "inwards"
                end = far_end[type(item)] = "start_node" if inwards else "end_node"
            for entry in value if isinstance(value, list) else (value,):
                if isinstance(entry, Edge):
                    entry = getattr(entry, end)
                if isinstance(entry, Instance):
                    key = entry.as_id()
                    if key not in seen:
                        seen.add(key)
                        found.append(entry)
        return found

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
