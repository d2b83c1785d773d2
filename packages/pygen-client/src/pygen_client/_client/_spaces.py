"""``client.spaces``: create, retrieve, list, iterate and delete spaces."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from .._schema import SpaceApply, SpaceDefinition
from ._page import SchemaPage
from ._resource import LIST_PAGE_SIZE, SchemaAPI, as_list

__all__ = ["SpacesAPI"]


class SpacesAPI(SchemaAPI[str, SpaceApply, SpaceDefinition]):
    _path = "/models/spaces"
    _kind = "space"
    _read_class = SpaceDefinition

    def _dump_id(self, item_id: str) -> dict[str, Any]:
        return {"space": item_id}

    def _load_id(self, data: Mapping[str, Any]) -> str:
        return str(data["space"])

    def _id_of_apply(self, item: SpaceApply) -> str:
        return item.space

    def _id_of_read(self, item: SpaceDefinition) -> str:
        return item.space

    def create(self, items: SpaceApply | Sequence[SpaceApply]) -> builtins.list[SpaceDefinition]:
        """Create or update spaces (100 per request)."""
        return self._create(as_list(items, SpaceApply)[0])

    @overload
    def retrieve(self, spaces: str) -> SpaceDefinition | None: ...

    @overload
    def retrieve(self, spaces: builtins.list[str] | tuple[str, ...]) -> builtins.list[SpaceDefinition]: ...

    def retrieve(self, spaces: str | Sequence[str]) -> SpaceDefinition | builtins.list[SpaceDefinition] | None:
        """One space (``None`` if it does not exist) or several (missing ones left out), in the order asked."""
        ids, single = as_list(spaces, str)
        found = self._retrieve(ids)
        return (found[0] if found else None) if single else found

    def list(self, *, limit: int | None = None, include_global: bool = False) -> builtins.list[SpaceDefinition]:
        """Spaces, following cursors until ``limit`` items (``None``: all of them)."""
        return self._list(_params(include_global), limit)

    def iterate(
        self, *, chunk_size: int = LIST_PAGE_SIZE, include_global: bool = False, cursor: str | None = None
    ) -> Iterator[SchemaPage[SpaceDefinition]]:
        """Pages of spaces; each page's ``next_cursor`` resumes the iteration later."""
        return self._iterate(_params(include_global), chunk_size=chunk_size, cursor=cursor)

    def delete(self, spaces: str | Sequence[str]) -> builtins.list[str]:
        """Delete spaces (only empty spaces can be deleted); returns the ones that were deleted."""
        return self._delete(as_list(spaces, str)[0])


def _params(include_global: bool) -> dict[str, Any]:
    return {"includeGlobal": "true" if include_global else "false"}
