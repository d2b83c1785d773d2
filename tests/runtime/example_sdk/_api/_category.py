"""``client.category``: typed reads of the view pygen_example:Category/v1."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
    Page,
    RetrieveConnections,
    TextProperty,
    and_filters,
)
from pygen_runtime import Direction as SortDirection

from ..data_classes._category import CATEGORY_VIEW, Category, CategoryField, CategoryList, CategoryTextField

if TYPE_CHECKING:
    from typing_extensions import Unpack


class CategoryFilters(InstanceFilters, total=False):
    """Keyword filters of ``client.category``; all given filters must match.

    Keys:
        name / description: equal to the value, or to any value of a list.
        name_prefix / description_prefix: starts with the value.
        parent: points at this category, or at any of a list of them.
        external_id_prefix, space: the instance's external id prefix and space(s).
    """

    name: str | Sequence[str]
    name_prefix: str
    description: str | Sequence[str]
    description_prefix: str
    parent: NodeId | tuple[str, str] | Sequence[NodeId | tuple[str, str]]


class CategoryAPI(InstanceAPI[Category, CategoryList]):
    """Read categories: ``retrieve``, ``list``, ``iterate``, ``search`` and ``aggregate``.

    Write them with ``client.upsert(CategoryWrite(...))``.
    """

    def __init__(self, client: InstanceClient, *, default_space: str | None = None) -> None:
        super().__init__(client, Category, CategoryList, CategoryFilters, default_space=default_space)

    def _property_filter(self, filters: Mapping[str, Any]) -> Filter | None:
        return and_filters(
            TextProperty(CATEGORY_VIEW, "name").equals_or_in(filters.get("name")),
            TextProperty(CATEGORY_VIEW, "name").prefix(filters.get("name_prefix")),
            TextProperty(CATEGORY_VIEW, "description").equals_or_in(filters.get("description")),
            TextProperty(CATEGORY_VIEW, "description").prefix(filters.get("description_prefix")),
            DirectRelationProperty(CATEGORY_VIEW, "parent").equals_or_in(filters.get("parent")),
        )

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        filter: Filter | None = None,
        sort_by: CategoryField | Sequence[CategoryField] | None = None,
        direction: SortDirection = "ascending",
        retrieve_connections: RetrieveConnections = "skip",
        **filters: Unpack[CategoryFilters],
    ) -> Iterator[Page[CategoryList]]:
        """Categories page by page; pass a page's ``next_cursor`` as ``cursor`` to resume.

        ``retrieve_connections`` fills each page's connections as ``list`` does (one ``/query`` per page); resume such
        a page's cursor with the same ``retrieve_connections``.
        """
        return self._iterate(
            filters,
            chunk_size=chunk_size,
            cursor=cursor,
            limit=limit,
            filter=filter,
            sort_by=sort_by,
            direction=direction,
            retrieve_connections=retrieve_connections,
        )

    def search(
        self,
        query: str | None = None,
        properties: CategoryTextField | Sequence[CategoryTextField] | None = None,
        *,
        filter: Filter | None = None,
        sort_by: CategoryField | Sequence[CategoryField] | None = None,
        direction: SortDirection = "ascending",
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = DEFAULT_LIMIT,
        **filters: Unpack[CategoryFilters],
    ) -> CategoryList:
        """Free-text search for ``query`` in ``properties`` (all text fields by default)."""
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
        property: CategoryField | None = None,
        *,
        group_by: CategoryField | Sequence[CategoryField] | None = None,
        query: str | None = None,
        search_properties: CategoryTextField | Sequence[CategoryTextField] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        **filters: Unpack[CategoryFilters],
    ) -> AggregateResult:
        """Count (or other aggregates) over the matching categories, optionally per group."""
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
        sort_by: CategoryField | Sequence[CategoryField] | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
        retrieve_connections: RetrieveConnections = "skip",
        **filters: Unpack[CategoryFilters],
    ) -> CategoryList:
        """Categories matching the filters, at most ``limit`` (``None`` for all).

        ``retrieve_connections="identifier"`` fills ``products`` with ids; ``"full"`` with ``Product`` objects and
        puts the parent ``Category`` in place of its id.
        """
        return self._list(
            filters,
            filter=filter,
            sort_by=sort_by,
            direction=direction,
            limit=limit,
            retrieve_connections=retrieve_connections,
        )
