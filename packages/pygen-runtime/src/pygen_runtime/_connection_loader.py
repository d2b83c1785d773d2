"""``retrieve_connections``: fetch instances with their direct relations, edges and reverse relations through one
``/query`` request per page of roots, then stitch the results onto the typed objects.

- ``"identifier"``: edge connections get edge objects (or target ``NodeId``s when the edge has no properties) and
  reverse relations get ``NodeId``s; direct relations are ids already.
- ``"full"``: direct relations, edge ends and reverse relations become typed objects of the target views.

``iterate`` with connections runs one such page per step (the root set's ``/query`` cursor carried between pages);
``list`` with connections is the same pages, 10,000 roots each. The connected result sets are paged with their own
cursors, so nothing is cut off at the per-set limit. A reverse relation through a *list* of direct relations cannot
be a traversal (DMS: "Cannot traverse lists of direct relations inwards."): those nodes are found with a
``containsAny`` filter on the list, 100 root ids per request. A node appears once in a reverse relation however
often its list names the root.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._batch import run_chunks, split
from ._connections import Connection, DirectRelation, EdgeConnection, ReverseDirectRelation
from ._errors import CDFAPIError, InvalidInputError
from ._filters import ContainsAny, Equals, Filter, HasData, InstanceReferences
from ._ids import EdgeId, NodeId, ViewId
from ._instances import Edge, Instance, Node, UntypedNode, connection_fields, property_ids
from ._lazy import resolve_lazy
from ._query import EdgeResultSet, NodeResultSet, Query, Select, SourceSelector
from ._sort import InstanceSort

if TYPE_CHECKING:
    from ._instance_api import InstanceAPI

QUERY_LIMIT = 10_000
FILTER_VALUES_LIMIT = 100  # values of one filter on a direct relation property (DMS limit)
ROOT = "root"
REVERSE = "reverse"


@dataclass
class _Plan:
    field: str
    connection: Connection
    target_class: type[Instance] | None  # typed class of the connected nodes, when the annotation names one
    edge_class: type[Edge] | None  # typed class of the edges (edge connections with properties)
    through_list: bool = False  # a reverse relation through a list of direct relations: filtered, not traversed


def retrieve_with_connections(
    api: InstanceAPI[Any, Any], ids: Sequence[NodeId | EdgeId], mode: str, *, also_in: ViewId | None = None
) -> list[Any]:
    """The instances of ``ids`` with data in the API's view (and in ``also_in``, when given), with connections."""
    check_connections_supported(api, mode)
    results: list[Any] = []
    has_data: Filter = HasData([api.view_id])
    if also_in is not None:  # one hasData per view: a hasData listing several matches data in any of them
        has_data = has_data & HasData([also_in])
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        root = NodeResultSet(filter=has_data & InstanceReferences(list(chunk)), limit=len(chunk))
        results.extend(_run(api, root, mode, None)[0])
    return results


def iterate_with_connections(
    api: InstanceAPI[Any, Any],
    where: dict[str, Any] | None,
    sort: list[dict[str, Any]],
    *,
    chunk_size: int,
    cursor: str | None,
    limit: int | None,
    mode: str,
) -> Iterator[tuple[list[Any], str | None, str | None]]:
    """Pages of roots with their connections, as ``(items, next_cursor, cursor)``: one ``_run`` per page (a root
    ``NodeResultSet`` of ``chunk_size``, its connected sets paged to the end), the root cursor carried between pages.

    The cursors are ``/query`` cursors of the root set; only an iterate with connections can resume from them.
    """
    check_connections_supported(api, mode)
    root_filter = Filter.load(where) if where else None
    sorts = tuple(
        InstanceSort(item["property"], item.get("direction", "ascending"), item.get("nullsFirst")) for item in sort
    )
    remaining = limit
    first = True
    while remaining is None or remaining > 0:
        size = chunk_size if remaining is None else min(chunk_size, remaining)
        root = NodeResultSet(filter=root_filter, sort=sorts, limit=size)
        try:
            items, next_cursor = _run(api, root, mode, cursor)
        except CDFAPIError as error:
            if not first or cursor is None or error.status != 400:
                raise
            raise rejected_cursor(error, api, with_connections=True) from error
        first = False
        if remaining is not None:
            remaining -= len(items)
        yield items, next_cursor, cursor
        if not next_cursor or not items:
            return
        cursor = next_cursor


def list_with_connections(
    api: InstanceAPI[Any, Any], where: dict[str, Any] | None, sort: list[dict[str, Any]], limit: int | None, mode: str
) -> list[Any]:
    """Everything up to ``limit``: the pages of ``iterate_with_connections``, 10,000 roots (the /query limit) each."""
    pages = iterate_with_connections(api, where, sort, chunk_size=QUERY_LIMIT, cursor=None, limit=limit, mode=mode)
    return [item for items, _, _ in pages for item in items]


def check_connections_supported(api: InstanceAPI[Any, Any], mode: str) -> None:
    """Connections are fields of node classes; an edge view's API has none to fill."""
    if mode != "skip" and api._instance_type != "node":
        raise InvalidInputError(
            f"retrieve_connections={mode!r}: {api.view_id} is read as edges ({api._read_class.__name__}), and "
            "connections are filled for views of nodes; use retrieve_connections='skip'"
        )


def rejected_cursor(error: CDFAPIError, api: InstanceAPI[Any, Any], *, with_connections: bool) -> InvalidInputError:
    """The API rejected the cursor an iterate resumed from: most likely it came from a different kind of iterate."""
    kind = "with retrieve_connections (a /query cursor)" if with_connections else "without connections (a list cursor)"
    other = "without connections" if with_connections else "with retrieve_connections"
    return InvalidInputError(
        f"iterate on {api.view_id} could not resume from cursor= ({error.message}). This iterate is {kind}: a cursor "
        f"from an iterate {other} cannot resume it. Resume with the retrieve_connections, filters and sort of the "
        "iterate that gave the cursor."
    )


def _run(
    api: InstanceAPI[Any, Any], root: NodeResultSet, mode: str, root_cursor: str | None
) -> tuple[list[Any], str | None]:
    check_connections_supported(api, mode)
    read_class = api._read_class
    plans = _plans(read_class)
    with_: dict[str, Any] = {ROOT: root}
    select: dict[str, Select] = {ROOT: Select((SourceSelector(api.view_id),))}
    types_: dict[str, type[Instance]] = {ROOT: read_class}
    for index, plan in enumerate(plans):
        name = f"c{index}"
        connection = plan.connection
        if isinstance(connection, DirectRelation):
            if mode != "full" or plan.target_class is None or connection.target_view is None:
                continue
            with_[name] = NodeResultSet(
                from_=ROOT, through=(api.view_id, connection.property_id), direction="outwards", limit=QUERY_LIMIT
            )
            select[name] = Select((SourceSelector(connection.target_view),))
            types_[name] = plan.target_class
        elif isinstance(connection, EdgeConnection):
            edges = f"{name}_edges"
            with_[edges] = EdgeResultSet(
                from_=ROOT,
                direction=connection.direction,
                max_distance=1,
                filter=Equals(["edge", "type"], connection.edge_type),
                limit=QUERY_LIMIT,
            )
            select[edges] = Select((SourceSelector(connection.edge_view),)) if connection.edge_view else Select()
            if plan.edge_class is not None:
                types_[edges] = plan.edge_class
            if mode == "full" and plan.target_class is not None and connection.target_view is not None:
                with_[name] = NodeResultSet(from_=edges, chain_to="destination", limit=QUERY_LIMIT)
                select[name] = Select((SourceSelector(connection.target_view),))
                types_[name] = plan.target_class
        elif isinstance(connection, ReverseDirectRelation):
            if plan.through_list:
                continue  # DMS cannot traverse a list of direct relations inwards: filtered for after the roots
            with_[name] = NodeResultSet(
                from_=ROOT,
                through=(connection.through_view, connection.through_property),
                direction="inwards",
                limit=QUERY_LIMIT,
            )
            select[name], reverse_type = _reverse_select(plan, connection, mode)
            if reverse_type is not None:
                types_[name] = reverse_type

    client = api._client
    cursors = {ROOT: root_cursor} if root_cursor else {}
    result = client.query(Query(with_, select, cursors=cursors), result_types=types_)
    sets = {name: list(items) for name, items in result.items.items()}
    next_root = result.next_cursors.get(ROOT)
    pending = {name: cursor for name, cursor in result.next_cursors.items() if name != ROOT and cursor}
    while pending:  # page the connected sets for this same page of roots
        more = client.query(
            Query(with_, {name: select[name] for name in pending}, cursors={**cursors, **pending}), result_types=types_
        )
        for name, items in more.items.items():
            sets.setdefault(name, []).extend(items)
        pending = {name: cursor for name, cursor in more.next_cursors.items() if name in pending and cursor}
    roots = sets.get(ROOT, [])
    for index, plan in enumerate(plans):
        if isinstance(plan.connection, ReverseDirectRelation) and plan.through_list and roots:
            sets[f"c{index}"] = _reverse_through_list(api, plan, plan.connection, roots, mode)
    if mode == "full":
        _fetch_missing_targets(api, roots, plans, sets)
    _stitch(roots, plans, sets, mode)
    return roots, next_root


def _reverse_select(plan: _Plan, connection: ReverseDirectRelation, mode: str) -> tuple[Select, type[Instance] | None]:
    """What to return of the nodes of a reverse relation: all of the source view as typed objects (``"full"``),
    else only the property that points back (enough to stitch the ids)."""
    if mode == "full" and plan.target_class is not None:
        return Select((SourceSelector(connection.source_view, ("*",)),)), plan.target_class
    return Select((SourceSelector(connection.through_view, (connection.through_property,)),)), None


def _reverse_through_list(
    api: InstanceAPI[Any, Any], plan: _Plan, connection: ReverseDirectRelation, roots: list[Any], mode: str
) -> list[Any]:
    """The nodes whose list of direct relations contains any of the roots: a ``containsAny`` filter on it, with at
    most 100 values per request (the DMS limit for direct-relation filter values), each paged to the end."""
    select, item_type = _reverse_select(plan, connection, mode)
    types_ = {REVERSE: item_type} if item_type is not None else {}
    reference = connection.through_view.property_ref(connection.through_property)
    ids = list(dict.fromkeys(root.as_id() for root in roots))
    client = api._client

    def send(chunk: Sequence[NodeId]) -> list[Any]:
        nodes = NodeResultSet(filter=ContainsAny(reference, list(chunk)), limit=QUERY_LIMIT)
        found: list[Any] = []
        cursor: str | None = None
        while True:
            cursors = {REVERSE: cursor} if cursor else {}
            result = client.query(Query({REVERSE: nodes}, {REVERSE: select}, cursors=cursors), result_types=types_)
            found.extend(result.items.get(REVERSE, []))
            cursor = result.next_cursors.get(REVERSE)
            if not cursor:
                return found

    outcomes = run_chunks(split(ids, FILTER_VALUES_LIMIT), send, client.config.max_workers)
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return [item for outcome in outcomes for item in outcome.result or []]


def _fetch_missing_targets(
    api: InstanceAPI[Any, Any], roots: list[Any], plans: list[_Plan], sets: dict[str, list[Any]]
) -> None:
    """Connected objects a result set did not bring (an edge set paged separately from the nodes chained to it)
    are fetched by id, so ``"full"`` never leaves an id where an object was asked for."""
    root_ids = {root.as_id() for root in roots}
    for index, plan in enumerate(plans):
        connection = plan.connection
        name = f"c{index}"
        if plan.target_class is None or not isinstance(connection, (DirectRelation, EdgeConnection)):
            continue
        target_view = connection.target_view
        if target_view is None:
            continue
        known = {item.as_id() for item in sets.get(name, [])}
        wanted: dict[NodeId, None] = {}
        if isinstance(connection, DirectRelation):
            for root in roots:
                value = getattr(root, plan.field)
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, NodeId) and item not in known:
                        wanted[item] = None
        elif isinstance(connection, EdgeConnection):
            outwards = connection.direction == "outwards"
            for edge in sets.get(f"{name}_edges", []):
                near, far = (edge.start_node, edge.end_node) if outwards else (edge.end_node, edge.start_node)
                if near in root_ids and isinstance(far, NodeId) and far not in known:
                    wanted[far] = None
        if wanted:
            fetched = api._client._retrieve(plan.target_class, list(wanted), [target_view])
            sets.setdefault(name, []).extend(fetched)


def _stitch(roots: list[Any], plans: list[_Plan], sets: dict[str, list[Any]], mode: str) -> None:
    by_id = {root.as_id(): root for root in roots}
    for index, plan in enumerate(plans):
        name = f"c{index}"
        connection = plan.connection
        collected: dict[NodeId, list[Any]] = {root_id: [] for root_id in by_id}
        if isinstance(connection, DirectRelation):
            if name not in sets:
                continue
            targets = {item.as_id(): item for item in sets[name]}
            for root in roots:
                value = getattr(root, plan.field)
                if isinstance(value, list):
                    setattr(
                        root,
                        plan.field,
                        [targets.get(item, item) if isinstance(item, NodeId) else item for item in value],
                    )
                elif isinstance(value, NodeId):
                    setattr(root, plan.field, targets.get(value, value))
            continue
        if isinstance(connection, EdgeConnection):
            targets = {item.as_id(): item for item in sets.get(name, [])}
            outwards = connection.direction == "outwards"
            for edge in sets.get(f"{name}_edges", []):
                near, far = (edge.start_node, edge.end_node) if outwards else (edge.end_node, edge.start_node)
                if near not in collected:
                    continue
                far_value = targets.get(far, far) if mode == "full" else far
                if plan.edge_class is not None:
                    setattr(edge, "end_node" if outwards else "start_node", far_value)
                    collected[near].append(edge)
                else:
                    collected[near].append(far_value)
        else:  # reverse direct relation
            assert isinstance(connection, ReverseDirectRelation)
            seen: set[tuple[NodeId, NodeId]] = set()
            for item in sets.get(name, []):
                for root_id in _references(item, connection):
                    # Once per node, even when its list names the root twice or several requests returned it.
                    if root_id in collected and (root_id, item.as_id()) not in seen:
                        seen.add((root_id, item.as_id()))
                        collected[root_id].append(
                            item if mode == "full" and not isinstance(item, UntypedNode) else item.as_id()
                        )
        for root_id, values in collected.items():
            setattr(by_id[root_id], plan.field, values if connection.is_list else (values[0] if values else None))


def _references(item: Any, connection: ReverseDirectRelation) -> list[NodeId]:
    if isinstance(item, UntypedNode):
        raw = item.properties_of(connection.through_view).get(connection.through_property)
        values = raw if isinstance(raw, list) else [raw]
        return [NodeId(value["space"], value["externalId"]) for value in values if isinstance(value, dict)]
    item_class: type[Instance] = type(item)
    fields = {prop: field for field, prop in property_ids(item_class).items()}
    value = getattr(item, fields.get(connection.through_property, connection.through_property), None)
    values = value if isinstance(value, list) else [value]
    return [
        entry if isinstance(entry, NodeId) else entry.as_id() for entry in values if isinstance(entry, (NodeId, Node))
    ]


def _plans(read_class: type[Instance]) -> list[_Plan]:
    hints = typing.get_type_hints(read_class, include_extras=False)
    plans = []
    for field, connection in connection_fields(read_class).items():
        classes = _classes_in(hints.get(field))
        edge_class = next((cls for cls in classes if issubclass(cls, Edge)), None)
        target = next((cls for cls in classes if issubclass(cls, Node)), None)
        if edge_class is not None and target is None:
            end_hints = typing.get_type_hints(edge_class)
            end_field = (
                "end_node"
                if not isinstance(connection, EdgeConnection) or connection.direction == "outwards"
                else "start_node"
            )
            ends = [cls for cls in _classes_in(end_hints.get(end_field)) if issubclass(cls, Node)]
            # An edge view shared by several connections narrows its ends to all their targets: take this one's.
            target_view = connection.target_view if isinstance(connection, EdgeConnection) else None
            target = next((cls for cls in ends if cls.view_id == target_view), ends[0] if ends else None)
        through_list = isinstance(connection, ReverseDirectRelation) and _through_is_list(connection, target)
        plans.append(_Plan(field, connection, target, edge_class, through_list))
    return plans


def _through_is_list(connection: ReverseDirectRelation, source: type[Instance] | None) -> bool:
    """As the marker says, or (SDKs generated before markers said so) as the source class's relation marker says."""
    if connection.through_is_list or source is None or source.view_id != connection.through_view:
        return connection.through_is_list
    for marker in connection_fields(source).values():
        if isinstance(marker, DirectRelation) and marker.property_id == connection.through_property:
            return marker.is_list
    return False


def _classes_in(annotation: Any) -> list[type[Instance]]:
    """Instance subclasses named in an annotation such as ``list[RelatesTo] | None`` or ``NodeId | Category``."""
    if annotation is None:
        return []
    if isinstance(annotation, type):
        annotation = resolve_lazy(annotation)  # a connected view's class is a stand-in until first needed
        return [annotation] if issubclass(annotation, Instance) else []
    if typing.get_origin(annotation) is not None:  # unions, list[...], Annotated[...]
        found: list[type[Instance]] = []
        for arg in typing.get_args(annotation):
            found.extend(_classes_in(arg))
        return found
    return []
