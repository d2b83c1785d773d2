"""``client.product``: typed reads of the view pygen_example:Product/v1."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pygen_runtime import (
    DEFAULT_LIMIT,
    AggregateName,
    AggregateResult,
    Aggregation,
    BooleanProperty,
    DateProperty,
    DirectRelationProperty,
    EnumProperty,
    Filter,
    HistogramValue,
    InstanceAPI,
    InstanceClient,
    InstanceFilters,
    ListProperty,
    NodeId,
    NumberProperty,
    Page,
    RetrieveConnections,
    TextProperty,
    TimestampProperty,
    and_filters,
)
from pygen_runtime import Direction as SortDirection

from ..data_classes._product import (
    PRODUCT_VIEW,
    Product,
    ProductField,
    ProductList,
    ProductNumericField,
    ProductStatus,
    ProductTextField,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._relates_to import RelatesToAPI


class ProductFilters(InstanceFilters, total=False):
    """Keyword filters of ``client.product``; all given filters must match.

    Keys:
        name / description / status: equal to the value, or to any value of a list.
        name_prefix / description_prefix: starts with the value.
        min_price, max_price / min_quantity, max_quantity / min_release_date, max_release_date /
            min_updated_at, max_updated_at: inclusive bounds.
        is_active: equal to the value.
        tags_contains_any, tags_contains_all / measurements_contains_any, measurements_contains_all: list contents.
        category: points at this category (a ``NodeId`` or ``(space, external_id)``), or at any of a list of them.
        external_id_prefix, space: the instance's external id prefix and space(s).
    """

    name: str | Sequence[str]
    name_prefix: str
    description: str | Sequence[str]
    description_prefix: str
    min_price: float
    max_price: float
    min_quantity: int
    max_quantity: int
    is_active: bool
    min_release_date: date
    max_release_date: date
    min_updated_at: datetime
    max_updated_at: datetime
    tags_contains_any: str | Sequence[str]
    tags_contains_all: str | Sequence[str]
    measurements_contains_any: float | Sequence[float]
    measurements_contains_all: float | Sequence[float]
    status: ProductStatus | Sequence[ProductStatus]
    category: NodeId | tuple[str, str] | Sequence[NodeId | tuple[str, str]]


class ProductAPI(InstanceAPI[Product, ProductList]):
    """Read products: ``retrieve``, ``list``, ``iterate``, ``search``, ``aggregate`` and ``histogram``.

    Write them with ``client.upsert(ProductWrite(...))``.
    """

    def __init__(self, client: InstanceClient, *, default_space: str | None = None) -> None:
        super().__init__(client, Product, ProductList, ProductFilters, default_space=default_space)

    def _property_filter(self, filters: Mapping[str, Any]) -> Filter | None:
        return and_filters(
            TextProperty(PRODUCT_VIEW, "name").equals_or_in(filters.get("name")),
            TextProperty(PRODUCT_VIEW, "name").prefix(filters.get("name_prefix")),
            TextProperty(PRODUCT_VIEW, "description").equals_or_in(filters.get("description")),
            TextProperty(PRODUCT_VIEW, "description").prefix(filters.get("description_prefix")),
            NumberProperty(PRODUCT_VIEW, "price").range(filters.get("min_price"), filters.get("max_price")),
            NumberProperty(PRODUCT_VIEW, "quantity").range(filters.get("min_quantity"), filters.get("max_quantity")),
            BooleanProperty(PRODUCT_VIEW, "isActive").equals(filters.get("is_active")),
            DateProperty(PRODUCT_VIEW, "releaseDate").range(
                filters.get("min_release_date"), filters.get("max_release_date")
            ),
            TimestampProperty(PRODUCT_VIEW, "updatedAt").range(
                filters.get("min_updated_at"), filters.get("max_updated_at")
            ),
            ListProperty(PRODUCT_VIEW, "tags").contains_any(filters.get("tags_contains_any")),
            ListProperty(PRODUCT_VIEW, "tags").contains_all(filters.get("tags_contains_all")),
            ListProperty(PRODUCT_VIEW, "measurements").contains_any(filters.get("measurements_contains_any")),
            ListProperty(PRODUCT_VIEW, "measurements").contains_all(filters.get("measurements_contains_all")),
            EnumProperty(PRODUCT_VIEW, "status").equals_or_in(filters.get("status")),
            DirectRelationProperty(PRODUCT_VIEW, "category").equals_or_in(filters.get("category")),
        )

    @cached_property
    def related_products_edge(self) -> RelatesToAPI:
        """The ``related_products`` edges, with their properties.

        Edges of type pygen_example:Product.relatedProducts; this node is their ``start_node``. A ``RelatesToAPI``
        of these edges only: ``list`` and ``iterate`` filter by ``start_node``/``end_node``, the edge properties,
        ``external_id_prefix`` and ``space``; ``search``, ``aggregate`` and ``retrieve`` work too.
        """
        from ._relates_to import RelatesToAPI

        return RelatesToAPI(
            self._client, default_space=self.default_space, edge_type=NodeId("pygen_example", "Product.relatedProducts")
        )

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        filter: Filter | None = None,
        sort_by: ProductField | Sequence[ProductField] | None = None,
        direction: SortDirection = "ascending",
        retrieve_connections: RetrieveConnections = "skip",
        **filters: Unpack[ProductFilters],
    ) -> Iterator[Page[ProductList]]:
        """Products page by page (``chunk_size`` per page), holding one page in memory at a time.

        Each page carries ``next_cursor``; pass it as ``cursor`` to resume later, even from another process.
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
        properties: ProductTextField | Sequence[ProductTextField] | None = None,
        *,
        filter: Filter | None = None,
        sort_by: ProductField | Sequence[ProductField] | None = None,
        direction: SortDirection = "ascending",
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = DEFAULT_LIMIT,
        **filters: Unpack[ProductFilters],
    ) -> ProductList:
        """Free-text search for ``query`` in ``properties`` (all text fields by default), best matches first."""
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
        property: ProductField | None = None,
        *,
        group_by: ProductField | Sequence[ProductField] | None = None,
        query: str | None = None,
        search_properties: ProductTextField | Sequence[ProductTextField] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        **filters: Unpack[ProductFilters],
    ) -> AggregateResult:
        """Count, sum, avg, min or max over the matching products, optionally per group.

        ``client.product.aggregate("avg", "price", is_active=True).value`` is one number;
        ``client.product.aggregate("count", group_by="status")`` has one group per status.
        """
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

    def histogram(
        self,
        property: ProductNumericField,
        interval: float,
        *,
        query: str | None = None,
        search_properties: ProductTextField | Sequence[ProductTextField] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        **filters: Unpack[ProductFilters],
    ) -> HistogramValue:
        """Counts of the matching products in buckets of ``interval`` over ``property``."""
        return self._histogram(
            filters, property, interval, query=query, search_properties=search_properties, filter=filter, limit=limit
        )

    def list(
        self,
        *,
        filter: Filter | None = None,
        sort_by: ProductField | Sequence[ProductField] | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
        retrieve_connections: RetrieveConnections = "skip",
        **filters: Unpack[ProductFilters],
    ) -> ProductList:
        """Products matching the filters, at most ``limit`` (``None`` for all).

        ``retrieve_connections="identifier"`` also fills ``related_products`` with edges; ``"full"`` also puts the
        ``Category`` and the related ``Product`` objects in place of their ids.
        """
        return self._list(
            filters,
            filter=filter,
            sort_by=sort_by,
            direction=direction,
            limit=limit,
            retrieve_connections=retrieve_connections,
        )
