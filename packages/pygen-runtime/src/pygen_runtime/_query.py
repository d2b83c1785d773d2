"""Typed building blocks of ``/models/instances/query`` and ``/models/instances/sync`` requests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._errors import InvalidInputError
from ._filters import Filter
from ._ids import ContainerId, ViewId
from ._sort import InstanceSort
from ._values import to_wire_value

Direction = Literal["outwards", "inwards"]
ChainTo = Literal["source", "destination"]
SyncMode = Literal["onePhase", "twoPhase", "noBackfill"]


@dataclass(frozen=True)
class SourceSelector:
    """Which properties of ``view`` to return; ``("*",)`` means all."""

    view: ViewId
    properties: tuple[str, ...] = ("*",)

    def dump(self) -> dict[str, Any]:
        return {"source": self.view.dump(), "properties": list(self.properties)}


@dataclass(frozen=True)
class Select:
    sources: tuple[SourceSelector, ...] = ()
    sort: tuple[InstanceSort, ...] = ()
    limit: int | None = None

    def dump(self, *, sync: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.sources:
            body["sources"] = [source.dump() for source in self.sources]
        if not sync:
            if self.sort:
                body["sort"] = [item.dump() for item in self.sort]
            if self.limit is not None:
                body["limit"] = self.limit
        elif self.sort or self.limit is not None:
            raise InvalidInputError("sync select takes only sources (no sort or limit)")
        return body


@dataclass(frozen=True)
class NodeResultSet:
    """A set of nodes: a root scan (no ``from_``), the ends of edges (``from_`` an edge set), or nodes reached
    through a direct relation (``from_`` a node set, ``through=(view_or_container, property)``)."""

    from_: str | None = None
    filter: Filter | None = None
    through: tuple[ViewId | ContainerId, str] | None = None
    direction: Direction | None = None
    chain_to: ChainTo | None = None
    sort: tuple[InstanceSort, ...] = ()
    limit: int | None = None
    # sync only
    skip_already_deleted: bool | None = None
    mode: SyncMode | None = None
    backfill_sort: tuple[InstanceSort, ...] = ()

    def dump(self, *, sync: bool = False) -> dict[str, Any]:
        nodes: dict[str, Any] = {}
        if self.from_:
            nodes["from"] = self.from_
        if self.filter is not None:
            nodes["filter"] = self.filter.dump()
        if self.through is not None:
            source, identifier = self.through
            nodes["through"] = {"source": source.dump(), "identifier": identifier}
        if self.direction:
            nodes["direction"] = self.direction
        if self.chain_to:
            nodes["chainTo"] = self.chain_to
        body: dict[str, Any] = {"nodes": nodes}
        _add_common(body, self.sort, self.limit, sync, self.skip_already_deleted, self.mode, self.backfill_sort)
        return body


@dataclass(frozen=True)
class EdgeResultSet:
    """A set of edges, usually traversed ``from_`` a node set (``max_distance=1`` for direct neighbours)."""

    from_: str | None = None
    filter: Filter | None = None
    node_filter: Filter | None = None
    termination_filter: Filter | None = None
    max_distance: int | None = None
    direction: Direction | None = None
    limit_each: int | None = None
    chain_to: ChainTo | None = None
    sort: tuple[InstanceSort, ...] = ()
    post_sort: tuple[InstanceSort, ...] = ()
    limit: int | None = None
    # sync only
    skip_already_deleted: bool | None = None
    mode: SyncMode | None = None
    backfill_sort: tuple[InstanceSort, ...] = ()

    def dump(self, *, sync: bool = False) -> dict[str, Any]:
        edges: dict[str, Any] = {}
        if self.from_:
            edges["from"] = self.from_
        for key, item in (
            ("filter", self.filter),
            ("nodeFilter", self.node_filter),
            ("terminationFilter", self.termination_filter),
        ):
            if item is not None:
                edges[key] = item.dump()
        if self.max_distance is not None:
            edges["maxDistance"] = self.max_distance
        if self.direction:
            edges["direction"] = self.direction
        if self.limit_each is not None:
            edges["limitEach"] = self.limit_each
        if self.chain_to:
            edges["chainTo"] = self.chain_to
        body: dict[str, Any] = {"edges": edges}
        if self.post_sort:
            if sync:
                raise InvalidInputError("sync result sets cannot have post_sort")
            body["postSort"] = [item.dump() for item in self.post_sort]
        _add_common(body, self.sort, self.limit, sync, self.skip_already_deleted, self.mode, self.backfill_sort)
        return body


@dataclass(frozen=True)
class SetOperation:
    """``unionAll``, ``union`` or ``intersection`` of other result sets (by name), minus ``except_``."""

    kind: Literal["unionAll", "union", "intersection"]
    operands: tuple[str | SetOperation, ...]
    except_: tuple[str, ...] = ()
    limit: int | None = None

    def dump(self, *, sync: bool = False) -> dict[str, Any]:
        if sync:
            raise InvalidInputError("sync does not support set operations")
        body: dict[str, Any] = {self.kind: [item if isinstance(item, str) else item.dump() for item in self.operands]}
        if self.except_:
            body["except"] = list(self.except_)
        if self.limit is not None:
            body["limit"] = self.limit
        return body


ResultSet = NodeResultSet | EdgeResultSet | SetOperation


@dataclass(frozen=True)
class Query:
    """A ``/query`` request: named result sets (``with_``) and what to return of each (``select``)."""

    with_: Mapping[str, ResultSet]
    select: Mapping[str, Select]
    cursors: Mapping[str, str | None] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    include_typing: bool = False

    def dump(self) -> dict[str, Any]:
        return _dump_query(self, sync=False)


@dataclass(frozen=True)
class SyncQuery:
    """A ``/sync`` request; pass the previous ``next_cursors`` as ``cursors`` to get only what changed."""

    with_: Mapping[str, NodeResultSet | EdgeResultSet]
    select: Mapping[str, Select]
    cursors: Mapping[str, str | None] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    include_typing: bool = False
    allow_expired_cursors_and_accept_missed_deletes: bool = False

    def dump(self) -> dict[str, Any]:
        body = _dump_query(self, sync=True)
        if self.allow_expired_cursors_and_accept_missed_deletes:
            body["allowExpiredCursorsAndAcceptMissedDeletes"] = True
        return body


def _dump_query(query: Query | SyncQuery, *, sync: bool) -> dict[str, Any]:
    if not query.with_:
        raise InvalidInputError("a query needs at least one result set in with_")
    unknown = sorted(set(query.select) - set(query.with_))
    if unknown:
        raise InvalidInputError(f"select names result sets that are not in with_: {', '.join(unknown)}")
    body: dict[str, Any] = {
        "with": {name: expression.dump(sync=sync) for name, expression in query.with_.items()},
        "select": {name: selection.dump(sync=sync) for name, selection in query.select.items()},
    }
    cursors = {name: cursor for name, cursor in query.cursors.items() if cursor is not None}
    if cursors:
        body["cursors"] = cursors
    if query.parameters:
        body["parameters"] = {
            name: to_wire_value(value, where=f"query parameter {name}") for name, value in query.parameters.items()
        }
    if query.include_typing:
        body["includeTyping"] = True
    return body


def _add_common(
    body: dict[str, Any],
    sort: Sequence[InstanceSort],
    limit: int | None,
    sync: bool,
    skip_already_deleted: bool | None,
    mode: SyncMode | None,
    backfill_sort: Sequence[InstanceSort],
) -> None:
    if sort:
        if sync:
            raise InvalidInputError("sync result sets cannot be sorted; use backfill_sort with mode='twoPhase'")
        body["sort"] = [item.dump() for item in sort]
    if limit is not None:
        body["limit"] = limit
    if sync:
        if skip_already_deleted is not None:
            body["skipAlreadyDeleted"] = skip_already_deleted
        if mode is not None:
            body["mode"] = mode
        if backfill_sort:
            if mode != "twoPhase":
                raise InvalidInputError("backfill_sort can only be used with mode='twoPhase'")
            body["backfillSort"] = [item.dump() for item in backfill_sort]
    elif skip_already_deleted is not None or mode is not None or backfill_sort:
        raise InvalidInputError("skip_already_deleted, mode and backfill_sort apply to sync only")
