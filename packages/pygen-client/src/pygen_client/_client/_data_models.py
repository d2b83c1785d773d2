"""``client.data_models``: create, retrieve, list, iterate and delete data models."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from .._schema import DataModelApply, DataModelDefinition, DataModelId
from ._page import SchemaPage
from ._resource import LIST_PAGE_SIZE, SchemaAPI, as_list

__all__ = ["DataModelsAPI"]


class DataModelsAPI(SchemaAPI[DataModelId, DataModelApply, DataModelDefinition]):
    _path = "/models/datamodels"
    _kind = "data model"
    _read_class = DataModelDefinition

    def _dump_id(self, item_id: DataModelId) -> dict[str, Any]:
        return item_id.dump()

    def _load_id(self, data: Mapping[str, Any]) -> DataModelId:
        return DataModelId.load(data)

    def _id_of_apply(self, item: DataModelApply) -> DataModelId:
        return item.as_id()

    def _id_of_read(self, item: DataModelDefinition) -> DataModelId:
        return item.as_id()

    def create(self, items: DataModelApply | Sequence[DataModelApply]) -> builtins.list[DataModelDefinition]:
        """Create or update data models (100 per request). Inline view definitions create or update those views."""
        return self._create(as_list(items, DataModelApply)[0])

    @overload
    def retrieve(self, ids: DataModelId, *, inline_views: bool = False) -> DataModelDefinition | None: ...

    @overload
    def retrieve(
        self, ids: Sequence[DataModelId], *, inline_views: bool = False
    ) -> builtins.list[DataModelDefinition]: ...

    def retrieve(
        self, ids: DataModelId | Sequence[DataModelId], *, inline_views: bool = False
    ) -> DataModelDefinition | builtins.list[DataModelDefinition] | None:
        """One data model (``None`` if missing) or several (missing ones left out), in the order asked.

        With ``inline_views`` the views come as full ``ViewDefinition``s, otherwise as ``ViewId`` references.
        """
        id_list, single = as_list(ids, DataModelId)
        found = self._retrieve(id_list, {"inlineViews": _flag(inline_views)})
        return (found[0] if found else None) if single else found

    def list(
        self,
        *,
        space: str | None = None,
        inline_views: bool = False,
        all_versions: bool = False,
        include_global: bool = False,
        limit: int | None = None,
    ) -> builtins.list[DataModelDefinition]:
        """Data models (latest versions unless ``all_versions``), up to ``limit`` (``None``: all)."""
        return self._list(_params(space, inline_views, all_versions, include_global), limit)

    def iterate(
        self,
        *,
        space: str | None = None,
        inline_views: bool = False,
        all_versions: bool = False,
        include_global: bool = False,
        chunk_size: int = LIST_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Iterator[SchemaPage[DataModelDefinition]]:
        """Pages of data models; each page's ``next_cursor`` resumes the iteration later."""
        params = _params(space, inline_views, all_versions, include_global)
        return self._iterate(params, chunk_size=chunk_size, cursor=cursor)

    def delete(self, ids: DataModelId | Sequence[DataModelId]) -> builtins.list[DataModelId]:
        """Delete data models (their views and containers stay); returns the ones that were deleted."""
        return self._delete(as_list(ids, DataModelId)[0])


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _params(space: str | None, inline_views: bool, all_versions: bool, include_global: bool) -> dict[str, Any]:
    params = {
        "inlineViews": _flag(inline_views),
        "allVersions": _flag(all_versions),
        "includeGlobal": _flag(include_global),
    }
    if space is not None:
        params["space"] = space
    return params
