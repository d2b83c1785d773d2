"""``client.containers``: create, retrieve, list, iterate and delete containers."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from pygen_runtime import ContainerId

from .._schema import ContainerApply, ContainerDefinition
from .._schema._base import load_container_id
from ._page import SchemaPage
from ._resource import LIST_PAGE_SIZE, SchemaAPI, as_list

__all__ = ["ContainersAPI"]


class ContainersAPI(SchemaAPI[ContainerId, ContainerApply, ContainerDefinition]):
    _path = "/models/containers"
    _kind = "container"
    _read_class = ContainerDefinition

    def _dump_id(self, item_id: ContainerId) -> dict[str, Any]:
        return {"space": item_id.space, "externalId": item_id.external_id}

    def _load_id(self, data: Mapping[str, Any]) -> ContainerId:
        return load_container_id(data)

    def _id_of_apply(self, item: ContainerApply) -> ContainerId:
        return item.as_id()

    def _id_of_read(self, item: ContainerDefinition) -> ContainerId:
        return item.as_id()

    def create(self, items: ContainerApply | Sequence[ContainerApply]) -> builtins.list[ContainerDefinition]:
        """Create or update containers (100 per request)."""
        return self._create(as_list(items, ContainerApply)[0])

    @overload
    def retrieve(self, ids: ContainerId) -> ContainerDefinition | None: ...

    @overload
    def retrieve(self, ids: Sequence[ContainerId]) -> builtins.list[ContainerDefinition]: ...

    def retrieve(
        self, ids: ContainerId | Sequence[ContainerId]
    ) -> ContainerDefinition | builtins.list[ContainerDefinition] | None:
        """One container (``None`` if missing) or several (missing ones left out), in the order asked."""
        id_list, single = as_list(ids, ContainerId)
        found = self._retrieve(id_list)
        return (found[0] if found else None) if single else found

    def list(
        self,
        *,
        space: str | None = None,
        used_for: Sequence[str] | None = None,
        include_global: bool = False,
        limit: int | None = None,
    ) -> builtins.list[ContainerDefinition]:
        """Containers (optionally of one ``space``, or ``used_for`` node/edge/all), up to ``limit`` (``None``: all)."""
        return self._list(_params(space, used_for, include_global), limit)

    def iterate(
        self,
        *,
        space: str | None = None,
        used_for: Sequence[str] | None = None,
        include_global: bool = False,
        chunk_size: int = LIST_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Iterator[SchemaPage[ContainerDefinition]]:
        """Pages of containers; each page's ``next_cursor`` resumes the iteration later."""
        return self._iterate(_params(space, used_for, include_global), chunk_size=chunk_size, cursor=cursor)

    def delete(self, ids: ContainerId | Sequence[ContainerId]) -> builtins.list[ContainerId]:
        """Delete containers (and their data); returns the ones that were deleted."""
        return self._delete(as_list(ids, ContainerId)[0])


def _params(space: str | None, used_for: Sequence[str] | None, include_global: bool) -> dict[str, Any]:
    params: dict[str, Any] = {"includeGlobal": "true" if include_global else "false"}
    if space is not None:
        params["space"] = space
    if used_for is not None:
        params["usedFor"] = [used_for] if isinstance(used_for, str) else list(used_for)
    return params
