"""``client.relates_to``: typed reads of the edge view pygen_example:RelatesTo/v1."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pygen_runtime import (
    DEFAULT_LIMIT,
    AggregateName,
    AggregateResult,
    Aggregation,
    DirectRelationProperty,
    Filter,
    InstanceAPI,
    InstanceClient,
    InstanceFilters,
    NodeId,
    NumberProperty,
    Page,
    TextProperty,
    TimestampProperty,
    and_filters,
)
from pygen_runtime import Direction as SortDirection

from ..data_classes._relates_to import RELATES_TO_VIEW, RelatesTo, RelatesToField, RelatesToList, RelatesToTextField

if TYPE_CHECKING:
    from typing_extensions import Unpack


class RelatesToFilters(InstanceFilters, total=False):
    """Keyword filters of ``client.relates_to``; all given filters must match.

    Keys:
        min_strength, max_strength / min_since, max_since: inclusive bounds.
        note: equal to the value, or to any value of a list; note_prefix: starts with the value.
        start_node, end_node: the edge's start or end node, or any of a list.
        external_id_prefix, space: the edge's external id prefix and space(s).
    """

    min_strength: float
    max_strength: float
    note: str | Sequence[str]
    note_prefix: str
    min_since: datetime
    max_since: datetime
    start_node: NodeId | tuple[str, str] | Sequence[NodeId | tuple[str, str]]
    end_node: NodeId | tuple[str, str] | Sequence[NodeId | tuple[str, str]]


class RelatesToAPI(InstanceAPI[RelatesTo, RelatesToList]):
    """Read product relations (edges): ``retrieve``, ``list``, ``iterate``, ``search`` and ``aggregate``."""

    def __init__(
        self, client: InstanceClient, *, default_space: str | None = None, edge_type: NodeId | None = None
    ) -> None:
        super().__init__(
            client, RelatesTo, RelatesToList, RelatesToFilters, default_space=default_space, edge_type=edge_type
        )

    def _property_filter(self, filters: Mapping[str, Any]) -> Filter | None:
        return and_filters(
            NumberProperty(RELATES_TO_VIEW, "strength").range(filters.get("min_strength"), filters.get("max_strength")),
            TextProperty(RELATES_TO_VIEW, "note").equals_or_in(filters.get("note")),
            TextProperty(RELATES_TO_VIEW, "note").prefix(filters.get("note_prefix")),
            TimestampProperty(RELATES_TO_VIEW, "since").range(filters.get("min_since"), filters.get("max_since")),
            DirectRelationProperty(["edge", "startNode"]).equals_or_in(filters.get("start_node")),
            DirectRelationProperty(["edge", "endNode"]).equals_or_in(filters.get("end_node")),
        )

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        filter: Filter | None = None,
        sort_by: RelatesToField | Sequence[RelatesToField] | None = None,
        direction: SortDirection = "ascending",
        **filters: Unpack[RelatesToFilters],
    ) -> Iterator[Page[RelatesToList]]:
        """Relations page by page; pass a page's ``next_cursor`` as ``cursor`` to resume."""
        return self._iterate(
            filters,
            chunk_size=chunk_size,
            cursor=cursor,
            limit=limit,
            filter=filter,
            sort_by=sort_by,
            direction=direction,
        )

    def search(
        self,
        query: str | None = None,
        properties: RelatesToTextField | Sequence[RelatesToTextField] | None = None,
        *,
        filter: Filter | None = None,
        sort_by: RelatesToField | Sequence[RelatesToField] | None = None,
        direction: SortDirection = "ascending",
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = DEFAULT_LIMIT,
        **filters: Unpack[RelatesToFilters],
    ) -> RelatesToList:
        """Free-text search for ``query`` in the relation notes."""
        return self._search(
            filters,
            query=query,
            properties=properties,
            filter=filter,
            sort_by=sort_by,
            direction=direction,
            operator=operator,
            limit=limit,
        )

    def aggregate(
        self,
        aggregate: AggregateName | Aggregation | Sequence[AggregateName | Aggregation],
        property: RelatesToField | None = None,
        *,
        group_by: RelatesToField | Sequence[RelatesToField] | None = None,
        query: str | None = None,
        search_properties: RelatesToTextField | Sequence[RelatesToTextField] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        **filters: Unpack[RelatesToFilters],
    ) -> AggregateResult:
        """Count, sum, avg, min or max over the matching relations, optionally per group."""
        return self._aggregate(
            filters,
            aggregate,
            property=property,
            group_by=group_by,
            query=query,
            search_properties=search_properties,
            filter=filter,
            limit=limit,
        )

    def list(
        self,
        *,
        filter: Filter | None = None,
        sort_by: RelatesToField | Sequence[RelatesToField] | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
        **filters: Unpack[RelatesToFilters],
    ) -> RelatesToList:
        """Relations matching the filters, at most ``limit`` (``None`` for all)."""
        return self._list(filters, filter=filter, sort_by=sort_by, direction=direction, limit=limit)
