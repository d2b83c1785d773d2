"""Checks of references between views: implements, direct-relation targets, edges and reverse relations.

A reference to a view outside the model is legal in CDF (the view exists there), so it is a warning that says what
the generator will do without it. A reference that cannot work (a reverse relation through a property that is not
a direct relation, a cycle of ``implements``) is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from pygen_runtime import ContainerId, ViewId

from .._schema import (
    DirectRelationType,
    EdgeConnection,
    MappedProperty,
    ReverseDirectRelation,
    ViewDefinition,
)
from .._schema._views import EDGE_CONNECTION_TYPES, REVERSE_CONNECTION_TYPES
from ._context import CheckContext, container_ref, describe_type, view_ref
from ._findings import Finding, Location

__all__ = ["check_connections", "check_implements"]


def check_implements(context: CheckContext) -> Iterator[Finding]:
    for view in context.views.values():
        for parent in view.implements:
            if parent not in context.views:
                yield context.finding(
                    "warning",
                    "implements-outside-model",
                    f"implements view {view_ref(parent)}, which is not in the data model{context.other_versions(parent)}",
                    f"Add {view_ref(parent)} to the data model to generate it as a parent class; otherwise "
                    f"{view.external_id} is generated with the inherited properties but without that parent class.",
                    context.at(view=view.as_id()),
                )
    yield from _implements_cycles(context)


def _implements_cycles(context: CheckContext) -> Iterator[Finding]:
    reported: set[frozenset[ViewId]] = set()
    for start in context.views:
        path: list[ViewId] = []
        cycle = _find_cycle(context, start, path, set())
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            chain = " -> ".join(view_ref(view_id) for view_id in [*cycle, cycle[0]])
            yield context.finding(
                "error",
                "implements-cycle",
                f"views implement each other in a cycle: {chain}",
                "Remove one of the implements references in the cycle.",
                context.at(view=cycle[0]),
            )


def _find_cycle(context: CheckContext, view_id: ViewId, path: list[ViewId], done: set[ViewId]) -> list[ViewId] | None:
    if view_id in path:
        return path[path.index(view_id) :]
    if view_id in done or view_id not in context.views:
        return None
    path.append(view_id)
    for parent in context.views[view_id].implements:
        cycle = _find_cycle(context, parent, path, done)
        if cycle:
            return cycle
    path.pop()
    done.add(view_id)
    return None


def check_connections(context: CheckContext) -> Iterator[Finding]:
    for view in context.views.values():
        for prop_id, prop in view.properties.items():
            if isinstance(prop, MappedProperty):
                yield from _direct_relation(context, view, prop_id, prop)
            elif isinstance(prop, EdgeConnection):
                yield from _edge(context, view, prop_id, prop)
            elif isinstance(prop, ReverseDirectRelation):
                yield from _reverse(context, view, prop_id, prop)


def _direct_relation(
    context: CheckContext, view: ViewDefinition, prop_id: str, prop: MappedProperty
) -> Iterator[Finding]:
    target = prop.direct_relation_target
    if target is not None and target not in context.views:
        yield context.finding(
            "warning",
            "direct-relation-target-outside-model",
            f"direct relation targets view {view_ref(target)}, which is not in the data model"
            f"{context.other_versions(target)}",
            f"Add {view_ref(target)} to the data model to get typed targets; otherwise the property is generated "
            "as a plain node reference.",
            context.at(view=view.as_id(), prop=prop_id),
        )


def _edge(context: CheckContext, view: ViewDefinition, prop_id: str, edge: EdgeConnection) -> Iterator[Finding]:
    here = context.at(view=view.as_id(), prop=prop_id)
    if edge.connection_type not in EDGE_CONNECTION_TYPES:
        yield context.finding(
            "error",
            "unsupported-connection",
            f"edge connection type '{edge.connection_type}' is not supported; expected "
            f"{' or '.join(EDGE_CONNECTION_TYPES)}",
            "Use a supported connection type; if CDF has added this one, upgrade pygen.",
            here,
        )
    if edge.direction not in ("outwards", "inwards"):
        yield context.finding(
            "error",
            "unsupported-connection",
            f"edge direction '{edge.direction}' is not supported; expected outwards or inwards",
            "Set direction to outwards or inwards.",
            here,
        )
    if edge.source not in context.views:
        yield context.finding(
            "warning",
            "edge-target-outside-model",
            f"edge connection targets view {view_ref(edge.source)}, which is not in the data model"
            f"{context.other_versions(edge.source)}",
            f"Add {view_ref(edge.source)} to the data model to get typed end nodes; otherwise they are generated as "
            "plain node references.",
            here,
        )
    edge_source = edge.edge_source
    if edge_source is None:
        return
    edge_view = context.views.get(edge_source)
    if edge_view is None:
        yield context.finding(
            "warning",
            "edge-properties-outside-model",
            f"edge properties come from view {view_ref(edge_source)}, which is not in the data model"
            f"{context.other_versions(edge_source)}",
            f"Add {view_ref(edge_source)} to the data model; otherwise the edges are generated without their "
            "properties.",
            here,
        )
    elif edge_view.used_for == "node":
        yield context.finding(
            "warning",
            "edge-source-not-edge-view",
            f"edge properties come from view {view_ref(edge_source)}, which is used for nodes only (usedFor 'node')",
            "Point edgeSource at a view with usedFor 'edge' or 'all'.",
            here,
        )


def _reverse(
    context: CheckContext, view: ViewDefinition, prop_id: str, reverse: ReverseDirectRelation
) -> Iterator[Finding]:
    here = context.at(view=view.as_id(), prop=prop_id)
    if reverse.connection_type not in REVERSE_CONNECTION_TYPES:
        yield context.finding(
            "error",
            "unsupported-connection",
            f"reverse relation type '{reverse.connection_type}' is not supported; expected "
            f"{' or '.join(REVERSE_CONNECTION_TYPES)}",
            "Use a supported connection type; if CDF has added this one, upgrade pygen.",
            here,
        )
    if reverse.source not in context.views:
        yield context.finding(
            "warning",
            "reverse-source-outside-model",
            f"reverse direct relation reads view {view_ref(reverse.source)}, which is not in the data model"
            f"{context.other_versions(reverse.source)}",
            f"Add {view_ref(reverse.source)} to the data model to get typed results; otherwise they are generated as "
            "plain node references.",
            here,
        )
    through, identifier = reverse.through.source, reverse.through.identifier
    if isinstance(through, ViewId):
        yield from _through_view(context, here, through, identifier)
    else:
        yield from _through_container(context, here, through, identifier)


def _through_view(context: CheckContext, here: Location, through: ViewId, identifier: str) -> Iterator[Finding]:
    through_view = context.views.get(through)
    if through_view is None:
        yield context.finding(
            "warning",
            "reverse-through-outside-model",
            f"reverse direct relation goes through view {view_ref(through)}, which is not in the data model, so "
            f"'{identifier}' cannot be checked{context.other_versions(through)}",
            f"Add {view_ref(through)} to the data model.",
            here,
        )
        return
    target = through_view.properties.get(identifier)
    direct = [key for key, prop in through_view.mapped_properties.items() if prop.is_direct_relation]
    if target is None:
        yield _unresolved(context, here, "view", view_ref(through), identifier, direct)
    elif not (isinstance(target, MappedProperty) and isinstance(target.type, DirectRelationType)):
        kind = describe_type(target.type) + " property" if isinstance(target, MappedProperty) else _kind(target)
        yield _not_direct(context, here, f"view {view_ref(through)}", f"{view_ref(through)}.{identifier}", kind, direct)


def _through_container(
    context: CheckContext, here: Location, through: ContainerId, identifier: str
) -> Iterator[Finding]:
    if not context.knows_container(through):
        yield context.finding(
            "warning",
            "reverse-through-outside-model",
            f"reverse direct relation goes through container {container_ref(through)}, which is not in the model, "
            f"so '{identifier}' cannot be checked",
            "Add the container to the model's containers.",
            here,
        )
        return
    property_type = context.container_property_type(through, identifier)
    container = context.containers.get(through)
    direct = (
        [key for key, prop in container.properties.items() if isinstance(prop.type, DirectRelationType)]
        if container
        else []
    )
    if property_type is None:
        yield _unresolved(context, here, "container", container_ref(through), identifier, direct)
    elif not isinstance(property_type, DirectRelationType):
        kind = describe_type(property_type) + " property"
        owner = f"container {container_ref(through)}"
        yield _not_direct(context, here, owner, f"{container_ref(through)}.{identifier}", kind, direct)


def _kind(prop: object) -> str:
    return "an edge connection" if isinstance(prop, EdgeConnection) else "a reverse direct relation"


def _direct_suggestion(owner: str, direct: list[str]) -> str:
    if not direct:
        return f"Point 'through' at a direct relation property; {owner} has none."
    return f"Point 'through' at a direct relation property of {owner}: {', '.join(direct)}."


def _unresolved(
    context: CheckContext, here: Location, kind: str, owner: str, identifier: str, direct: list[str]
) -> Finding:
    return context.finding(
        "error",
        "reverse-through-unresolved",
        f"reverse direct relation goes through {owner}.{identifier}, but that {kind} has no property '{identifier}'",
        _direct_suggestion(f"{kind} {owner}", direct),
        here,
    )


def _not_direct(
    context: CheckContext, here: Location, owner: str, target: str, kind: str, direct: list[str]
) -> Finding:
    return context.finding(
        "error",
        "reverse-through-not-direct",
        f"reverse direct relation goes through {target}, which is {_article(kind)}, not a direct relation",
        _direct_suggestion(owner, direct),
        here,
    )


def _article(kind: str) -> str:
    if kind.startswith(("a ", "an ")):
        return kind
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"
