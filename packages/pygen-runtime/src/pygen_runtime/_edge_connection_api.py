"""``EdgeConnectionAPI``: the edges of one edge connection whose edges carry no properties (no edge view).

Generated SDKs give every edge connection an API on its view's API, ``client.<view>.<field>_edge``. With an edge
view that is the edge view's own typed API restricted to the connection's edge type (``InstanceAPI(...,
edge_type=...)``); without one it is this class: ``list`` and ``iterate`` over the edges of the type, filtered by
start and end node, space and external id prefix, as plain ``Edge`` objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from ._filter_builders import DirectRelationProperty, and_filters
from ._filters import Equals, Filter, In, Prefix
from ._ids import NodeId
from ._instance_api import DEFAULT_LIMIT, LIST_PAGE_LIMIT, _as_filter, _check_limit, check_chunk_size, list_pages
from ._instance_client import InstanceClient
from ._instances import Edge
from ._lists import InstanceList, Page
from ._sort import Direction, InstanceSort

EdgeSortField = Literal["external_id", "space", "version", "created_time", "last_updated_time"]
NodeRef = NodeId | tuple[str, str]

_SORT_PROPERTIES = {
    "external_id": "externalId",
    "space": "space",
    "version": "version",
    "created_time": "createdTime",
    "last_updated_time": "lastUpdatedTime",
}
_START_NODE = DirectRelationProperty(["edge", "startNode"])
_END_NODE = DirectRelationProperty(["edge", "endNode"])


class EdgeConnectionAPI:
    """The edges of type ``edge_type`` (one edge connection without edge properties), as plain ``Edge`` objects.

    Args:
        client: The SDK client (its HTTP client is shared).
        edge_type: The type of the connection's edges.
        default_space: Accepted for symmetry with the view APIs (node ids here always carry their space).
    """

    def __init__(self, client: InstanceClient, edge_type: NodeId, *, default_space: str | None = None) -> None:
        self._client = client
        self.edge_type = edge_type
        self.default_space = default_space

    def iterate(
        self,
        chunk_size: int = LIST_PAGE_LIMIT,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        start_node: NodeRef | Sequence[NodeRef] | None = None,
        end_node: NodeRef | Sequence[NodeRef] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | Mapping[str, Any] | None = None,
        sort_by: EdgeSortField | Sequence[EdgeSortField] | None = None,
        direction: Direction = "ascending",
    ) -> Iterator[Page[InstanceList[Edge]]]:
        """Matching edges page by page (``chunk_size`` per page), holding one page in memory at a time.

        ``start_node``/``end_node`` take one node id or a list (any of them); ``space`` one space or a list. Each
        page carries ``next_cursor``; pass it as ``cursor`` to resume later.
        """
        check_chunk_size(chunk_size)
        _check_limit(limit)
        body: dict[str, Any] = {
            "instanceType": "edge",
            "filter": self._where(start_node, end_node, external_id_prefix, space, filter).dump(),
        }
        sort = _sort(sort_by, direction)
        if sort:
            body["sort"] = sort
        return list_pages(self._client, body, Edge, InstanceList[Edge], chunk_size, cursor, limit)

    def list(
        self,
        *,
        start_node: NodeRef | Sequence[NodeRef] | None = None,
        end_node: NodeRef | Sequence[NodeRef] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | Mapping[str, Any] | None = None,
        sort_by: EdgeSortField | Sequence[EdgeSortField] | None = None,
        direction: Direction = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> InstanceList[Edge]:
        """Matching edges, at most ``limit`` (``None`` for all)."""
        result: InstanceList[Edge] = InstanceList()
        for page in self.iterate(
            LIST_PAGE_LIMIT,
            limit=limit,
            start_node=start_node,
            end_node=end_node,
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
            sort_by=sort_by,
            direction=direction,
        ):
            result.extend(page.items)
        return result

    def _where(
        self,
        start_node: Any,
        end_node: Any,
        external_id_prefix: str | None,
        space: str | Sequence[str] | None,
        filter: Filter | Mapping[str, Any] | None,
    ) -> Filter:
        spaces = None if space is None else [space] if isinstance(space, str) else list(space)
        combined = and_filters(
            Equals(["edge", "type"], self.edge_type),
            _START_NODE.equals_or_in(start_node),
            _END_NODE.equals_or_in(end_node),
            None
            if not spaces
            else Equals(["edge", "space"], spaces[0])
            if len(spaces) == 1
            else In(["edge", "space"], spaces),
            None if external_id_prefix is None else Prefix(["edge", "externalId"], external_id_prefix),
            _as_filter(filter),
        )
        assert combined is not None  # the type filter is always there
        return combined

    def __repr__(self) -> str:
        return f"EdgeConnectionAPI(edges of type {self.edge_type})"


def _sort(sort_by: Any, direction: Direction) -> list[dict[str, Any]]:
    if sort_by is None:
        return []
    from ._errors import InvalidInputError

    items = [sort_by] if isinstance(sort_by, str) else list(sort_by)
    result = []
    for item in items:
        if item not in _SORT_PROPERTIES:
            raise InvalidInputError(
                f"sort_by: {item!r} is not a field of an edge; valid: {', '.join(_SORT_PROPERTIES)}"
            )
        result.append(InstanceSort(["edge", _SORT_PROPERTIES[item]], direction).dump())
    return result
