"""Checks of the model's own structure: duplicates, views without definitions, property types, containers, ids."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from pygen_runtime import ContainerId

from .._identifiers import (
    DMS_EXTERNAL_ID_PATTERN,
    PROPERTY_ID_PATTERN,
    RESERVED_EXTERNAL_IDS,
    RESERVED_PROPERTY_IDS,
    RESERVED_SPACES,
    SPACE_PATTERN,
    VERSION_PATTERN,
)
from .._schema import PROPERTY_TYPE_NAMES, ContainerProperty, MappedProperty, UnknownPropertyType, ViewDefinition
from ._context import CheckContext, container_ref, describe_type
from ._findings import Finding, Location

__all__ = [
    "check_containers",
    "check_duplicates",
    "check_identifiers",
    "check_missing_views",
    "check_property_types",
]

_SPACE_RULE = "1-43 characters: a letter, then letters, digits, '_' or '-'"
_EXTERNAL_ID_RULE = "1-255 characters: a letter, then letters, digits or '_', not ending in '_'"
_VERSION_RULE = "1-43 characters: letters, digits, '.', '_' or '-', starting and ending with a letter or digit"
_PROPERTY_ID_RULE = "1-255 characters: letters, digits, '_' or '-', starting with a letter or digit"


def check_duplicates(context: CheckContext) -> Iterator[Finding]:
    view_counts = Counter(context.model.data_model.view_ids)
    for view_id, count in view_counts.items():
        if count > 1:
            definitions = [view.dump() for view in context.model.views if view.as_id() == view_id]
            differ = ", with different definitions" if any(item != definitions[0] for item in definitions) else ""
            yield context.finding(
                "error",
                "duplicate-view",
                f"the view is listed {count} times in the data model{differ}",
                "Keep one definition of the view and remove the others.",
                context.at(view=view_id),
            )
    container_counts = Counter(container.as_id() for container in context.model.containers)
    for container_id, count in container_counts.items():
        if count > 1:
            yield context.finding(
                "error",
                "duplicate-container",
                f"the container is listed {count} times in the model's containers",
                "Keep one definition of the container and remove the others.",
                context.at(container=container_id),
            )


def check_missing_views(context: CheckContext) -> Iterator[Finding]:
    for view_id in context.model.data_model.view_ids:
        if view_id not in context.views:
            yield context.finding(
                "error",
                "missing-view",
                "the view is listed in the data model, but its definition is not included",
                "Include the view definition in the model (fetch the model with its views inlined, for example "
                "with PygenClient.retrieve_model) or remove the reference.",
                context.at(view=view_id),
            )


def _unsupported_type(context: CheckContext, type_name: str, location: Location) -> Finding:
    return context.finding(
        "error",
        "unsupported-property-type",
        f"property type '{type_name}' is not supported; expected one of {', '.join(PROPERTY_TYPE_NAMES)}",
        "Use a supported property type; if CDF has added this type, upgrade pygen.",
        location,
    )


def check_property_types(context: CheckContext) -> Iterator[Finding]:
    for view in context.views.values():
        for prop_id, prop in view.mapped_properties.items():
            if isinstance(prop.type, UnknownPropertyType):
                yield _unsupported_type(context, prop.type.type, context.at(view=view.as_id(), prop=prop_id))
    for container in context.containers.values():
        for prop_id, container_prop in container.properties.items():
            if isinstance(container_prop.type, UnknownPropertyType):
                yield _unsupported_type(
                    context, container_prop.type.type, context.at(container=container.as_id(), prop=prop_id)
                )


def check_containers(context: CheckContext) -> Iterator[Finding]:
    """Mapped containers and container properties exist and agree with the view (when containers are given)."""
    if not context.has_containers:
        return
    for view in context.views.values():
        missing: dict[ContainerId, list[str]] = {}
        for prop_id, prop in view.mapped_properties.items():
            container = context.containers.get(prop.container)
            if container is None:
                missing.setdefault(prop.container, []).append(prop_id)
                continue
            yield from _check_mapping(context, view, prop_id, prop, container.properties)
        for container_id, prop_ids in missing.items():
            names = ", ".join(f"'{prop_id}'" for prop_id in prop_ids)
            yield context.finding(
                "error",
                "missing-container",
                f"maps container {container_ref(container_id)} (propert{'ies' if len(prop_ids) > 1 else 'y'} "
                f"{names}), which is not in the model's containers",
                "Add the container definition to the model's containers, or map a container that exists.",
                context.at(view=view.as_id()),
            )


def _check_mapping(
    context: CheckContext,
    view: ViewDefinition,
    prop_id: str,
    prop: MappedProperty,
    container_properties: Mapping[str, ContainerProperty],
) -> Iterator[Finding]:
    identifier = prop.container_property_identifier
    target = f"{container_ref(prop.container)}.{identifier}"
    container_prop = container_properties.get(identifier)
    if container_prop is None:
        available = list(container_properties)
        shown = ", ".join(available[:10]) + (", ..." if len(available) > 10 else "")
        yield context.finding(
            "error",
            "missing-container-property",
            f"maps property '{identifier}' of container {container_ref(prop.container)}, which has no such property",
            f"Map one of the container's properties ({shown}) or add '{identifier}' to the container.",
            context.at(view=view.as_id(), prop=prop_id),
        )
        return
    view_type, container_type = prop.type, container_prop.type
    if view_type.type != container_type.type or view_type.list != container_type.list:
        yield context.finding(
            "warning",
            "container-type-mismatch",
            f"the view types it as {describe_type(view_type)}, but container property {target} is "
            f"{describe_type(container_type)}",
            "Fetch the model again from CDF: the view's copy of the container property type is out of date.",
            context.at(view=view.as_id(), prop=prop_id),
        )


def check_identifiers(context: CheckContext) -> Iterator[Finding]:
    """Ids CDF would reject: wrong shape, or reserved."""
    data_model = context.model.data_model
    yield from _space(context, data_model.space)
    yield from _external_id(context, data_model.external_id, "data model")
    yield from _version(context, data_model.version, "data model")
    for view in context.views.values():
        view_id = view.as_id()
        yield from _space(context, view.space, view=view_id)
        yield from _external_id(context, view.external_id, "view", view=view_id)
        yield from _version(context, view.version, "view", view=view_id)
        for prop_id in view.properties:
            yield from _property_id(context, prop_id, view=view_id, prop=prop_id)
    for container in context.containers.values():
        container_id = container.as_id()
        yield from _space(context, container.space, container=container_id)
        yield from _external_id(context, container.external_id, "container", container=container_id)
        for prop_id in container.properties:
            yield from _property_id(context, prop_id, container=container_id, prop=prop_id)


def _invalid(context: CheckContext, message: str, suggestion: str, where: dict[str, Any]) -> Finding:
    return context.finding("error", "invalid-identifier", message, suggestion, context.at(**where))


def _space(context: CheckContext, space: str, **where: Any) -> Iterator[Finding]:
    if not SPACE_PATTERN.match(space):
        yield _invalid(context, f"space '{space}' is not a valid space id ({_SPACE_RULE})", "Rename the space.", where)
    elif space in RESERVED_SPACES:
        yield _invalid(context, f"space '{space}' is reserved by DMS", "Use another space.", where)


def _external_id(context: CheckContext, external_id: str, kind: str, **where: Any) -> Iterator[Finding]:
    if not DMS_EXTERNAL_ID_PATTERN.match(external_id):
        message = f"{kind} external id '{external_id}' is not valid ({_EXTERNAL_ID_RULE})"
        yield _invalid(context, message, f"Rename the {kind}.", where)
    elif external_id in RESERVED_EXTERNAL_IDS:
        message = f"{kind} external id '{external_id}' is reserved by DMS"
        yield _invalid(context, message, f"Rename the {kind}.", where)


def _version(context: CheckContext, version: str, kind: str, **where: Any) -> Iterator[Finding]:
    if not VERSION_PATTERN.match(version):
        message = f"{kind} version '{version}' is not valid ({_VERSION_RULE})"
        yield _invalid(context, message, f"Change the {kind} version.", where)


def _property_id(context: CheckContext, prop_id: str, **where: Any) -> Iterator[Finding]:
    if not PROPERTY_ID_PATTERN.match(prop_id):
        message = f"property id '{prop_id}' is not valid ({_PROPERTY_ID_RULE})"
        yield _invalid(context, message, "Rename the property.", where)
    elif prop_id in RESERVED_PROPERTY_IDS:
        message = f"property id '{prop_id}' is reserved by DMS"
        yield _invalid(context, message, "Rename the property.", where)
