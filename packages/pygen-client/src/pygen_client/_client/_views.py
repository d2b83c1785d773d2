"""``client.views``: create, retrieve, list, iterate and delete views."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from pygen_runtime import ViewId

from .._schema import ViewApply, ViewDefinition
from .._schema._base import load_view_id
from ._page import SchemaPage
from ._resource import LIST_PAGE_SIZE, SchemaAPI, as_list

__all__ = ["ViewsAPI"]


class ViewsAPI(SchemaAPI[ViewId, ViewApply, ViewDefinition]):
    _path = "/models/views"
    _kind = "view"
    _read_class = ViewDefinition

    def _dump_id(self, item_id: ViewId) -> dict[str, Any]:
        return {"space": item_id.space, "externalId": item_id.external_id, "version": item_id.version}

    def _load_id(self, data: Mapping[str, Any]) -> ViewId:
        return load_view_id(data)

    def _id_of_apply(self, item: ViewApply) -> ViewId:
        return item.as_id()

    def _id_of_read(self, item: ViewDefinition) -> ViewId:
        return item.as_id()

    def create(self, items: ViewApply | Sequence[ViewApply]) -> builtins.list[ViewDefinition]:
        """Create or update views (100 per request, in the order given: put implemented views first)."""
        return self._create(as_list(items, ViewApply)[0])

    @overload
    def retrieve(self, ids: ViewId, *, include_inherited_properties: bool = True) -> ViewDefinition | None: ...

    @overload
    def retrieve(
        self, ids: Sequence[ViewId], *, include_inherited_properties: bool = True
    ) -> builtins.list[ViewDefinition]: ...

    def retrieve(
        self, ids: ViewId | Sequence[ViewId], *, include_inherited_properties: bool = True
    ) -> ViewDefinition | builtins.list[ViewDefinition] | None:
        """One view (``None`` if missing) or several (missing ones left out), in the order asked."""
        id_list, single = as_list(ids, ViewId)
        found = self._retrieve(id_list, {"includeInheritedProperties": _flag(include_inherited_properties)})
        return (found[0] if found else None) if single else found

    def list(
        self,
        *,
        space: str | None = None,
        include_inherited_properties: bool = True,
        all_versions: bool = False,
        include_global: bool = False,
        limit: int | None = None,
    ) -> builtins.list[ViewDefinition]:
        """Views (latest versions unless ``all_versions``), up to ``limit`` (``None``: all)."""
        params = _params(space, include_inherited_properties, all_versions, include_global)
        return self._list(params, limit)

    def iterate(
        self,
        *,
        space: str | None = None,
        include_inherited_properties: bool = True,
        all_versions: bool = False,
        include_global: bool = False,
        chunk_size: int = LIST_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Iterator[SchemaPage[ViewDefinition]]:
        """Pages of views; each page's ``next_cursor`` resumes the iteration later."""
        params = _params(space, include_inherited_properties, all_versions, include_global)
        return self._iterate(params, chunk_size=chunk_size, cursor=cursor)

    def delete(self, ids: ViewId | Sequence[ViewId]) -> builtins.list[ViewId]:
        """Delete views (their data stays in the containers); returns the ones that were deleted."""
        return self._delete(as_list(ids, ViewId)[0])


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _params(space: str | None, inherited: bool, all_versions: bool, include_global: bool) -> dict[str, Any]:
    params = {
        "includeInheritedProperties": _flag(inherited),
        "allVersions": _flag(all_versions),
        "includeGlobal": _flag(include_global),
    }
    if space is not None:
        params["space"] = space
    return params
