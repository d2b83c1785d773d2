"""``InstanceAPI[T, TList]``: the per-view API generated SDKs subclass (one per view).

Generated subclasses add typed keyword filters (``**filters: Unpack[<View>Filters]``) to ``list``, ``iterate``,
``search``, ``aggregate`` and ``histogram`` and implement ``_property_filter``; everything else lives here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, Generic, Literal, TypedDict, TypeVar, overload

from ._aggregation import (
    AggregateName,
    AggregateResult,
    Aggregation,
    Count,
    Histogram,
    HistogramValue,
    make_aggregation,
    parse_aggregate_response,
)
from ._errors import CDFAPIError, InvalidInputError
from ._filter_builders import and_filters
from ._filters import Filter, HasData, In, Prefix
from ._ids import EdgeId, NodeId, ViewId
from ._instance_client import InstanceClient, _json
from ._instances import Edge, Instance, property_ids
from ._lists import InstanceList, Page
from ._parsing import parse_items
from ._sort import Direction, InstanceSort

T_Read = TypeVar("T_Read", bound=Instance)
T_List = TypeVar("T_List", bound=InstanceList[Any])

DEFAULT_LIMIT = 25
LIST_PAGE_LIMIT = 1000
SEARCH_LIMIT = 1000
RetrieveConnections = Literal["skip", "identifier", "full"]
IdLike = str | NodeId | EdgeId | tuple[str, str]

_BASE_PROPERTIES = {
    "external_id": "externalId",
    "space": "space",
    "version": "version",
    "created_time": "createdTime",
    "last_updated_time": "lastUpdatedTime",
    "type": "type",
    "start_node": "startNode",
    "end_node": "endNode",
}


class InstanceFilters(TypedDict, total=False):
    """Keyword filters every view API has; generated ``<View>Filters`` extend it."""

    external_id_prefix: str
    space: str | Sequence[str]


class InstanceAPI(Generic[T_Read, T_List]):
    """Typed reads of one view: ``retrieve``, ``list``, ``iterate``, ``search``, ``aggregate``, ``histogram``.

    Args:
        client: The SDK client (its HTTP client is shared).
        read_class: The generated read class; its ``view_id`` is the view this API reads.
        list_class: The generated list class.
        filters: The generated ``TypedDict`` of keyword filters (used to reject unknown keywords clearly).
        default_space: Instance space used when an id is given as a bare string.
        edge_type: For an edge view: only the edges of this type (the edges of one edge connection, as
            ``client.product.related_products_edge`` gives them); every method then reads those edges only.
    """

    def __init__(
        self,
        client: InstanceClient,
        read_class: type[T_Read],
        list_class: type[T_List],
        filters: type[Mapping[str, Any]] = InstanceFilters,
        *,
        default_space: str | None = None,
        edge_type: NodeId | None = None,
    ) -> None:
        view = read_class.view_id
        if view is None:
            raise InvalidInputError(f"{read_class.__name__} has no view_id; an InstanceAPI needs a view")
        self._client = client
        self._read_class = read_class
        self._list_class = list_class
        self._filter_keys = frozenset(
            getattr(filters, "__required_keys__", set()) | getattr(filters, "__optional_keys__", set())
        )
        self.view_id: ViewId = view
        self.default_space = default_space
        self._instance_type = "edge" if issubclass(read_class, Edge) else "node"
        if edge_type is not None and self._instance_type != "edge":
            raise InvalidInputError(f"edge_type={edge_type} given for {view}, which is a view of nodes")
        self.edge_type = edge_type

    # Field <-> property id maps need the read class's final annotations, which builds its pydantic schema; that
    # happens on first use, so creating the API (the client attribute) stays cheap.
    @cached_property
    def _property_ids(self) -> dict[str, str]:
        return property_ids(self._read_class)

    @cached_property
    def _field_names(self) -> dict[str, str]:
        return {prop: field for field, prop in self._property_ids.items()}

    # -- hooks for generated code ------------------------------------------------------------------------------

    def _property_filter(self, filters: Mapping[str, Any]) -> Filter | None:
        """Generated APIs turn their view-specific keyword filters into a filter here."""
        return None

    # -- retrieve -----------------------------------------------------------------------------------------------

    @overload
    def retrieve(  # type: ignore[overload-overlap]  # a (space, xid) tuple is one id, not a sequence of ids
        self, ids: IdLike, *, space: str | None = None, retrieve_connections: RetrieveConnections = "skip"
    ) -> T_Read | None: ...

    @overload
    def retrieve(
        self, ids: Sequence[IdLike], *, space: str | None = None, retrieve_connections: RetrieveConnections = "skip"
    ) -> T_List: ...

    def retrieve(
        self,
        ids: IdLike | Sequence[IdLike],
        *,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> T_Read | T_List | None:
        """One instance (or ``None``) for one id; a list, in the order asked, for a list of ids.

        Ids are ``NodeId``/``EdgeId``, ``(space, external_id)`` tuples, or external ids with ``space=``. Ids
        that do not exist, or have no data in this view, are simply absent. ``retrieve_connections`` also fetches
        connections: ``"identifier"`` fills edge and reverse-relation fields with ids, ``"full"`` with objects.
        """
        single = isinstance(ids, (str, NodeId, EdgeId, tuple))
        # A repeated id is asked for and comes back once, where it was first given (as in TypeScript).
        identifiers = list(
            dict.fromkeys(
                self._client._ids(
                    [ids] if single else list(ids),  # type: ignore[arg-type]
                    space=space or self.default_space,
                    instance_type=self._instance_type,
                )
            )
        )
        _check_mode(retrieve_connections)
        if retrieve_connections == "skip":
            items = self._client._retrieve(self._read_class, identifiers, [self.view_id])
        else:
            from ._connection_loader import retrieve_with_connections

            items = retrieve_with_connections(self, identifiers, retrieve_connections)
        if self.edge_type is not None:  # edges of other connections that share the edge view are not these
            items = [item for item in items if item.type == self.edge_type]
        order = {identifier: index for index, identifier in enumerate(identifiers)}
        items.sort(key=lambda item: order.get(item.as_id(), len(order)))
        if single:
            return items[0] if items else None
        return self._list_class(items)

    # -- list and iterate ---------------------------------------------------------------------------------------

    def _list(
        self,
        filters: Mapping[str, Any],
        *,
        filter: Filter | Mapping[str, Any] | None = None,
        sort_by: Any = None,
        direction: Direction = "ascending",
        limit: int | None = DEFAULT_LIMIT,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> T_List:
        """All matching instances up to ``limit`` (``None`` = all), paging 1000 at a time (10,000 roots per
        ``/query`` with connections)."""
        _check_limit(limit)
        _check_mode(retrieve_connections)
        if retrieve_connections != "skip":
            from ._connection_loader import check_connections_supported, list_with_connections

            check_connections_supported(self, retrieve_connections)
            where = self._where(filters, filter, has_data=True)
            sort = self._sort(sort_by, direction)
            return self._list_class(list_with_connections(self, where, sort, limit, retrieve_connections))
        result = self._list_class()
        for page in self._iterate(
            filters, filter=filter, sort_by=sort_by, direction=direction, limit=limit, chunk_size=LIST_PAGE_LIMIT
        ):
            result.extend(page.items)
        return result

    def _iterate(
        self,
        filters: Mapping[str, Any],
        *,
        chunk_size: int = LIST_PAGE_LIMIT,
        cursor: str | None = None,
        limit: int | None = None,
        filter: Filter | Mapping[str, Any] | None = None,
        sort_by: Any = None,
        direction: Direction = "ascending",
        retrieve_connections: RetrieveConnections = "skip",
    ) -> Iterator[Page[T_List]]:
        """Pages of at most ``chunk_size`` items; only the current page is held in memory.

        With ``retrieve_connections`` each page is one ``/query`` run: the page of roots and their connections
        (each connected set paged to the end for that page). Its ``next_cursor`` is then a ``/query`` cursor, which
        only an iterate with connections (and the same filters and sort) can resume from.
        """
        check_chunk_size(chunk_size)
        _check_limit(limit)
        _check_mode(retrieve_connections)
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidInputError(f"cursor must be a page's next_cursor (a string) or None, got {cursor!r}")
        cursor = cursor or None
        where = self._where(filters, filter, has_data=True)
        sort = self._sort(sort_by, direction)
        if retrieve_connections != "skip":
            from ._connection_loader import check_connections_supported

            check_connections_supported(self, retrieve_connections)
            return self._connection_pages(where, sort, chunk_size, cursor, limit, retrieve_connections)
        body: dict[str, Any] = {
            "instanceType": self._instance_type,
            "sources": [{"source": self.view_id.dump()}],
        }
        if where is not None:
            body["filter"] = where
        if sort:
            body["sort"] = sort
        return list_pages(self._client, body, self._read_class, self._list_class, chunk_size, cursor, limit, api=self)

    def _connection_pages(
        self,
        where: dict[str, Any] | None,
        sort: list[dict[str, Any]],
        chunk_size: int,
        cursor: str | None,
        limit: int | None,
        mode: RetrieveConnections,
    ) -> Iterator[Page[T_List]]:
        from ._connection_loader import iterate_with_connections

        pages = iterate_with_connections(
            self, where, sort, chunk_size=chunk_size, cursor=cursor, limit=limit, mode=mode
        )
        for items, next_cursor, page_cursor in pages:
            yield Page(self._list_class(items), next_cursor, page_cursor)

    # -- search and aggregates ----------------------------------------------------------------------------------

    def _search(
        self,
        filters: Mapping[str, Any],
        *,
        query: str | None = None,
        properties: str | Sequence[str] | None = None,
        filter: Filter | Mapping[str, Any] | None = None,
        sort_by: Any = None,
        direction: Direction = "ascending",
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = DEFAULT_LIMIT,
    ) -> T_List:
        """Free-text search (no cursor in DMS: at most 1000 results; ``limit=None`` asks for 1000)."""
        _check_limit(limit)
        if limit is not None and limit > SEARCH_LIMIT:
            raise InvalidInputError(f"search returns at most {SEARCH_LIMIT} results; got limit={limit}")
        body: dict[str, Any] = {"view": self.view_id.dump(), "instanceType": self._instance_type}
        if query is not None:
            body["query"] = query
        if properties is not None:
            body["properties"] = self._property_list(properties, "properties")
        where = self._where(filters, filter, has_data=False)
        if where is not None:
            body["filter"] = where
        sort = self._sort(sort_by, direction, search=True)
        if sort:
            body["sort"] = sort
        if operator is not None:
            if operator not in ("AND", "OR"):
                raise InvalidInputError(f"operator must be 'AND' or 'OR', got {operator!r}")
            body["operator"] = operator
        body["limit"] = SEARCH_LIMIT if limit is None else limit
        response = self._client.http.post("/models/instances/search", json=body)
        items, _ = parse_items(self._read_class, response.content, what="POST /models/instances/search")
        return self._list_class(items)

    def _aggregate(
        self,
        filters: Mapping[str, Any],
        aggregate: AggregateName | Aggregation | Sequence[AggregateName | Aggregation],
        *,
        property: str | None = None,
        group_by: str | Sequence[str] | None = None,
        query: str | None = None,
        search_properties: str | Sequence[str] | None = None,
        filter: Filter | Mapping[str, Any] | None = None,
        limit: int | None = None,
    ) -> AggregateResult:
        """Count/sum/avg/min/max/histogram, optionally grouped; property names are field names or property ids."""
        requested = [aggregate] if isinstance(aggregate, (str, Aggregation)) else list(aggregate)
        if not requested:
            raise InvalidInputError("aggregate: give at least one aggregate")
        aggregations = [self._resolve_aggregation(make_aggregation(item, property)) for item in requested]
        body: dict[str, Any] = {"view": self.view_id.dump(), "instanceType": self._instance_type}
        if query is not None:
            body["query"] = query
        if search_properties is not None:
            body["properties"] = self._property_list(search_properties, "search_properties")
        where = self._where(filters, filter, has_data=False)
        if where is not None:
            body["filter"] = where
        if group_by is not None:
            body["groupBy"] = self._property_list(group_by, "group_by")
        body["aggregates"] = [item.dump() for item in aggregations]
        if limit is not None:
            _check_limit(limit)
            body["limit"] = limit
        response = self._client.http.post("/models/instances/aggregate", json=body)
        return parse_aggregate_response(_json(response, "POST /models/instances/aggregate"), self._field_names)

    def _histogram(
        self,
        filters: Mapping[str, Any],
        property: str,
        interval: float,
        *,
        query: str | None = None,
        search_properties: str | Sequence[str] | None = None,
        filter: Filter | Mapping[str, Any] | None = None,
        limit: int | None = None,
    ) -> HistogramValue:
        result = self._aggregate(
            filters,
            Histogram(property, interval),
            query=query,
            search_properties=search_properties,
            filter=filter,
            limit=limit,
        )
        for group in result:
            for item in group.aggregates:
                if isinstance(item, HistogramValue):
                    return item
        return HistogramValue(property, interval, [])

    # -- helpers ------------------------------------------------------------------------------------------------

    def _where(
        self, filters: Mapping[str, Any], filter: Filter | Mapping[str, Any] | None, *, has_data: bool
    ) -> dict[str, Any] | None:
        unknown = sorted(set(filters) - self._filter_keys - set(InstanceFilters.__optional_keys__))
        if unknown:
            valid = ", ".join(sorted(self._filter_keys | set(InstanceFilters.__optional_keys__)))
            raise InvalidInputError(
                f"unknown filter keyword(s) {', '.join(unknown)} for {self.view_id}; valid: {valid}"
            )
        base = self._instance_type
        space = filters.get("space")
        space_filter: Filter | None = None
        if space is not None:
            spaces = [space] if isinstance(space, str) else list(space)
            space_filter = In([base, "space"], spaces) if len(spaces) > 1 else _equals([base, "space"], spaces[0])
        prefix = filters.get("external_id_prefix")
        combined = and_filters(
            HasData([self.view_id]) if has_data else None,
            None if self.edge_type is None else _equals(["edge", "type"], self.edge_type),
            space_filter,
            None if prefix is None else Prefix([base, "externalId"], prefix),
            self._property_filter(filters),
            _as_filter(filter),
        )
        if combined is None:
            return None
        return combined.dump()

    def _property_ref(self, name: str, where: str) -> list[str]:
        if name in self._property_ids:
            return self.view_id.property_ref(self._property_ids[name])
        if name in self._field_names:  # already a property id
            return self.view_id.property_ref(name)
        if name in _BASE_PROPERTIES:
            return [self._instance_type, _BASE_PROPERTIES[name]]
        if name in _BASE_PROPERTIES.values():
            return [self._instance_type, name]
        valid = ", ".join(sorted([*self._property_ids, *_BASE_PROPERTIES]))
        raise InvalidInputError(f"{where}: {name!r} is not a field of {self._read_class.__name__}; valid: {valid}")

    def _property_id(self, name: str, where: str) -> str:
        if name in self._property_ids:
            return self._property_ids[name]
        if name in self._field_names:
            return name
        valid = ", ".join(sorted(self._property_ids))
        raise InvalidInputError(f"{where}: {name!r} is not a property of {self._read_class.__name__}; valid: {valid}")

    def _property_list(self, names: str | Sequence[str], where: str) -> list[str]:
        items = [names] if isinstance(names, str) else list(names)
        return [self._property_id(name, where) for name in items]

    def _sort(self, sort_by: Any, direction: Direction, *, search: bool = False) -> list[dict[str, Any]]:
        if sort_by is None:
            return []
        items = [sort_by] if isinstance(sort_by, (str, InstanceSort)) else list(sort_by)
        result = []
        for item in items:
            sort = (
                item if isinstance(item, InstanceSort) else InstanceSort(self._property_ref(item, "sort_by"), direction)
            )
            result.append(sort.dump(search=search))
        return result

    def _resolve_aggregation(self, aggregation: Aggregation) -> Aggregation:
        if aggregation.property is None:
            return aggregation
        prop = self._property_id(aggregation.property, f"aggregate {aggregation.name}")
        if isinstance(aggregation, Histogram):
            return Histogram(prop, aggregation.interval)
        if isinstance(aggregation, Count):
            return Count(prop)
        return type(aggregation)(prop)


def list_pages(
    client: InstanceClient,
    body: dict[str, Any],
    item_type: Any,
    list_class: type[T_List],
    chunk_size: int,
    cursor: str | None,
    limit: int | None,
    *,
    api: InstanceAPI[Any, Any] | None = None,
) -> Iterator[Page[T_List]]:
    """``/models/instances/list`` page by page (``body`` without limit and cursor), up to ``limit`` items.

    With ``api``, a 400 on the first request of a resumed iterate says the cursor may be from an iterate with
    connections (a ``/query`` cursor).
    """
    remaining = limit
    first = True
    while remaining is None or remaining > 0:
        request = {**body, "limit": chunk_size if remaining is None else min(chunk_size, remaining)}
        if cursor:
            request["cursor"] = cursor
        try:
            response = client.http.post("/models/instances/list", json=request)
        except CDFAPIError as error:
            if api is None or not first or not cursor or error.status != 400:
                raise
            from ._connection_loader import rejected_cursor

            raise rejected_cursor(error, api, with_connections=False) from error
        first = False
        items, next_cursor = parse_items(item_type, response.content, what="POST /models/instances/list")
        if remaining is not None:
            remaining -= len(items)
        yield Page(list_class(items), next_cursor, cursor)
        if not next_cursor or not items:
            return
        cursor = next_cursor


def check_chunk_size(chunk_size: int) -> None:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or not 1 <= chunk_size <= LIST_PAGE_LIMIT:
        raise InvalidInputError(f"chunk_size must be an integer from 1 to {LIST_PAGE_LIMIT}, got {chunk_size!r}")


def _as_filter(value: Filter | Mapping[str, Any] | None) -> Filter | None:
    if value is None or isinstance(value, Filter):
        return value
    if isinstance(value, Mapping):
        return Filter.load(value)
    raise InvalidInputError(f"filter must be a Filter or a DMS filter dict, got {value!r}")


def _equals(property: list[str], value: Any) -> Filter:
    from ._filters import Equals

    return Equals(property, value)


def _check_limit(limit: int | None) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise InvalidInputError(f"limit must be a non-negative integer or None (= all), got {limit!r}")


def _check_mode(mode: str) -> None:
    if mode not in ("skip", "identifier", "full"):
        raise InvalidInputError(f"retrieve_connections must be 'skip', 'identifier' or 'full', got {mode!r}")
