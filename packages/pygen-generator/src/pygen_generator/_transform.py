"""DMS schema models (pygen-client) -> the IR.

Every view of every given data model becomes one IR view (a view listed by several models once), with one field
per property. Connections to views outside the SDK (not in any model, or excluded) keep their ids but lose their
typed target; properties of a type pygen does not know are left out. Each such decision is reported as a note,
which ``generate_sdk`` turns into a ``GenerationWarning``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pygen_client import (
    BooleanType,
    DateType,
    DirectRelationType,
    EdgeConnection,
    EnumType,
    FileReferenceType,
    Float32Type,
    Float64Type,
    Int32Type,
    Int64Type,
    JSONType,
    MappedProperty,
    ModelFile,
    ReverseDirectRelation,
    SequenceReferenceType,
    TextType,
    TimeSeriesReferenceType,
    TimestampType,
    ViewDefinition,
)
from pygen_runtime import ContainerId, NodeId, ViewId

from ._ir import (
    DataModel,
    DirectRelationField,
    EdgeField,
    EnumValue,
    Field,
    PrimitiveField,
    PrimitiveKind,
    ReverseRelationField,
    SDKModel,
    SkippedProperty,
    View,
    ViewKind,
    view_sort_key,
)

__all__ = ["SYSTEM_MAINTAINED_PROPERTIES", "build_ir"]

# Container properties CDF maintains itself: SDKs read them but never write them (DMS rejects the write).
SYSTEM_MAINTAINED_PROPERTIES: Mapping[ContainerId, frozenset[str]] = {
    ContainerId("cdf_cdm", "CogniteAsset"): frozenset(
        {"assetHierarchy_root", "assetHierarchy_path", "assetHierarchy_path_last_updated_time"}
    ),
    ContainerId("cdf_cdm", "CogniteFile"): frozenset({"isUploaded", "uploadedTime"}),
}

_PRIMITIVE_KINDS: dict[type, PrimitiveKind] = {
    TextType: "text",
    BooleanType: "boolean",
    Int32Type: "int32",
    Int64Type: "int64",
    Float32Type: "float32",
    Float64Type: "float64",
    TimestampType: "timestamp",
    DateType: "date",
    JSONType: "json",
    EnumType: "enum",
    TimeSeriesReferenceType: "timeseries",
    FileReferenceType: "file",
    SequenceReferenceType: "sequence",
}
_VIEW_KINDS: dict[str, ViewKind] = {"node": "node", "edge": "edge", "all": "all"}


def build_ir(files: Sequence[ModelFile], *, exclude: Iterable[ViewId] = (), notes: list[str] | None = None) -> SDKModel:
    """The IR of the views of ``files`` minus ``exclude``; ``notes`` collects what was decided along the way."""
    notes = notes if notes is not None else []
    definitions: dict[ViewId, ViewDefinition] = {}
    for file in files:
        for view in file.views:
            definitions.setdefault(view.as_id(), view)
    excluded = set(exclude)
    in_sdk = {view_id for view_id in definitions if view_id not in excluded}
    context = _Context(definitions, in_sdk, notes)
    views = [context.view(definitions[view_id]) for view_id in sorted(in_sdk, key=view_sort_key)]
    views = _with_descendants(views)
    data_models: dict[tuple[str, str, str], DataModel] = {}
    for file in files:
        model = file.data_model
        key = (model.space, model.external_id, model.version)
        if key in data_models:
            continue
        data_models[key] = DataModel(
            space=model.space,
            external_id=model.external_id,
            version=model.version,
            views=tuple(view_id for view_id in model.view_ids if view_id in in_sdk),
            name=model.name,
            description=model.description,
        )
    return SDKModel(
        data_models=tuple(data_models.values()),
        views=tuple(views),
        skipped=tuple(context.skipped),
        excluded_views=tuple(sorted(excluded & set(definitions), key=view_sort_key)),
    )


class _Context:
    def __init__(self, definitions: dict[ViewId, ViewDefinition], in_sdk: set[ViewId], notes: list[str]) -> None:
        self.definitions = definitions
        self.in_sdk = in_sdk
        self.notes = notes
        self.skipped: list[SkippedProperty] = []

    def note(self, view: ViewId, prop: str | None, message: str) -> None:
        where = f"view {view}" + (f", property '{prop}'" if prop is not None else "")
        self.notes.append(f"{where}: {message}")

    def view(self, view: ViewDefinition) -> View:
        view_id = view.as_id()
        kind = _VIEW_KINDS.get(view.used_for)
        if kind is None:
            self.note(view_id, None, f"usedFor {view.used_for!r} is not node, edge or all; generated as a node view")
            kind = "node"
        ancestors = self.ancestors(view)
        fields: list[Field] = []
        for prop_id in sorted(view.properties):
            built = self.field(view, prop_id)
            if built is not None:
                fields.append(_with_inheritance(built, prop_id, view, ancestors, self.definitions))
        return View(
            id=view_id,
            kind=kind,
            fields=tuple(fields),
            name=view.name,
            description=view.description,
            writable=view.writable,
            implements=tuple(view.implements),
            ancestors=ancestors,
            node_type=node_type_of(view.filter),
            filter=view.filter,
            is_global=view.is_global,
        )

    def ancestors(self, view: ViewDefinition) -> tuple[ViewId, ...]:
        """Implemented views, nearest first (breadth first, in ``implements`` priority order); cycles are cut."""
        seen: dict[ViewId, None] = {}
        queue = list(view.implements)
        while queue:
            current = queue.pop(0)
            if current in seen or current == view.as_id():
                continue
            seen[current] = None
            parent = self.definitions.get(current)
            if parent is not None:
                queue.extend(parent.implements)
        return tuple(seen)

    def field(self, view: ViewDefinition, prop_id: str) -> Field | None:
        prop = view.properties[prop_id]
        view_id = view.as_id()
        if isinstance(prop, MappedProperty):
            return self.mapped(view_id, prop_id, prop)
        if isinstance(prop, EdgeConnection):
            return self.edge(view_id, prop_id, prop)
        return self.reverse(view_id, prop_id, prop)

    def skip(self, view: ViewId, prop_id: str, reason: str) -> Field | None:
        """Leave the property out (returns ``None``, the transformer's "no field")."""
        self.skipped.append(SkippedProperty(view=view, property_id=prop_id, reason=reason))
        self.note(view, prop_id, f"left out of the SDK: {reason}")
        return None

    def mapped(self, view: ViewId, prop_id: str, prop: MappedProperty) -> Field | None:
        prop_type = prop.type
        read_only = prop.container_property_identifier in SYSTEM_MAINTAINED_PROPERTIES.get(prop.container, ())
        common: dict[str, Any] = {
            "property_id": prop_id,
            "name": prop.name,
            "description": prop.description,
            "container": prop.container,
            "container_property": prop.container_property_identifier,
            "immutable": prop.immutable,
            "read_only": read_only,
            "max_list_size": prop_type.max_list_size,
        }
        if isinstance(prop_type, DirectRelationType):
            declared = prop.direct_relation_target
            target = declared if declared in self.in_sdk else None
            if declared is not None and target is None:
                self.note(
                    view,
                    prop_id,
                    f"the direct relation's target view {declared} is not in the SDK; its values are typed as NodeId",
                )
            return DirectRelationField(
                **common,
                is_list=prop_type.list,
                nullable=prop.nullable,
                target=target,
                declared_target=declared,
            )
        kind = _PRIMITIVE_KINDS.get(type(prop_type))
        if kind is None:
            return self.skip(view, prop_id, f"property type {prop_type.type!r} is not supported by this pygen version")
        extra: dict[str, Any] = {}
        if isinstance(prop_type, TextType):
            extra["max_text_size"] = prop_type.max_text_size
        if isinstance(prop_type, (Float32Type, Float64Type)) and prop_type.unit is not None:
            extra["unit"] = prop_type.unit.external_id
        if isinstance(prop_type, EnumType):
            if not prop_type.values:
                return self.skip(view, prop_id, "the enum has no values")
            extra["enum_values"] = tuple(
                EnumValue(value=value, name=item.name, description=item.description)
                for value, item in prop_type.values.items()
            )
            extra["enum_unknown_value"] = prop_type.unknown_value
        default = prop.default_value
        if default is not None and not _valid_default(kind, prop_type.list, default, extra.get("enum_values", ())):
            self.note(view, prop_id, f"the container default {default!r} does not fit the type {kind}; it is ignored")
            default = None
        return PrimitiveField(
            **common,
            **extra,
            kind=kind,
            is_list=prop_type.list,
            nullable=prop.nullable,
            default=default,
            auto_increment=prop.auto_increment,
        )

    def edge(self, view: ViewId, prop_id: str, prop: EdgeConnection) -> Field | None:
        if prop.direction not in ("outwards", "inwards"):
            return self.skip(view, prop_id, f"edge direction {prop.direction!r} is not outwards or inwards")
        if prop.connection_type not in ("single_edge_connection", "multi_edge_connection"):
            return self.skip(view, prop_id, f"connection type {prop.connection_type!r} is not supported")
        target = prop.source if prop.source in self.in_sdk else None
        if target is None:
            self.note(
                view, prop_id, f"the edges' target view {prop.source} is not in the SDK; ends are typed as NodeId"
            )
        edge_view: ViewId | None = None
        if prop.edge_source is not None:
            source = self.definitions.get(prop.edge_source)
            if prop.edge_source not in self.in_sdk or source is None:
                self.note(
                    view,
                    prop_id,
                    f"the edge properties' view {prop.edge_source} is not in the SDK; the edges are read without them",
                )
            elif source.used_for not in ("edge", "all"):
                self.note(
                    view,
                    prop_id,
                    f"the edge properties' view {prop.edge_source} is used for nodes only; the edges are read without "
                    "properties",
                )
            else:
                edge_view = prop.edge_source
        return EdgeField(
            property_id=prop_id,
            name=prop.name,
            description=prop.description,
            is_list=prop.is_list,
            direction="inwards" if prop.direction == "inwards" else "outwards",
            edge_type=prop.type,
            target=target,
            declared_target=prop.source,
            edge_view=edge_view,
            declared_edge_view=prop.edge_source,
        )

    def reverse(self, view: ViewId, prop_id: str, prop: ReverseDirectRelation) -> Field | None:
        if prop.connection_type not in ("single_reverse_direct_relation", "multi_reverse_direct_relation"):
            return self.skip(view, prop_id, f"connection type {prop.connection_type!r} is not supported")
        through_view = prop.through_view
        through_property = prop.through.identifier
        if through_view is None:  # through a container property: use the source view's property that maps it
            container = prop.through_container
            source_definition = self.definitions.get(prop.source)
            mapped = None
            if source_definition is not None and container is not None:
                mapped = next(
                    (
                        key
                        for key, item in sorted(source_definition.mapped_properties.items())
                        if item.container == container and item.container_property_identifier == through_property
                    ),
                    None,
                )
            if mapped is None:
                return self.skip(
                    view,
                    prop_id,
                    f"the reverse relation goes through container property {container}.{through_property}, which no "
                    f"property of the source view {prop.source} maps",
                )
            through_view, through_property = prop.source, mapped
        through_is_list = prop.targets_list
        if through_is_list is None:
            through_definition = self.definitions.get(through_view)
            through_prop = through_definition.properties.get(through_property) if through_definition else None
            through_is_list = isinstance(through_prop, MappedProperty) and through_prop.type.list
        source = prop.source if prop.source in self.in_sdk else None
        if source is None:
            self.note(view, prop_id, f"the reverse relation's source view {prop.source} is not in the SDK; read as ids")
        return ReverseRelationField(
            property_id=prop_id,
            name=prop.name,
            description=prop.description,
            is_list=prop.is_list,
            source=source,
            declared_source=prop.source,
            through_view=through_view,
            through_property=through_property,
            through_is_list=bool(through_is_list),
        )


def node_type_of(view_filter: Any) -> NodeId | None:
    """The node type a view's filter requires (``equals`` on ``["node", "type"]``, possibly inside ``and``)."""
    if not isinstance(view_filter, Mapping):
        return None
    equals = view_filter.get("equals")
    if isinstance(equals, Mapping) and list(equals.get("property") or []) == ["node", "type"]:
        value = equals.get("value")
        if (
            isinstance(value, Mapping)
            and isinstance(value.get("space"), str)
            and isinstance(value.get("externalId"), str)
        ):
            return NodeId(value["space"], value["externalId"])
        return None
    parts = view_filter.get("and")
    if isinstance(parts, list):
        for part in parts:
            found = node_type_of(part)
            if found is not None:
                return found
    return None


def _signature(prop: Any) -> dict[str, Any]:
    """What makes two definitions of a property the same, apart from their documentation."""
    data: dict[str, Any] = prop.dump()
    for key in ("name", "description"):
        data.pop(key, None)
    if isinstance(prop, MappedProperty):
        data.pop("source", None)
        target = prop.direct_relation_target
        data["_target"] = None if target is None else str(target)
        if isinstance(data.get("type"), dict):
            data["type"] = {key: value for key, value in data["type"].items() if key != "source"}
    return data


def _with_inheritance(
    built: Field,
    prop_id: str,
    view: ViewDefinition,
    ancestors: tuple[ViewId, ...],
    definitions: Mapping[ViewId, ViewDefinition],
) -> Field:
    from dataclasses import replace

    own = _signature(view.properties[prop_id])
    for ancestor in ancestors:
        parent = definitions.get(ancestor)
        if parent is None or prop_id not in parent.properties:
            continue
        if _signature(parent.properties[prop_id]) == own:
            return replace(built, inherited_from=ancestor)
        return replace(built, overrides=ancestor)
    return built


def _with_descendants(views: list[View]) -> list[View]:
    from dataclasses import replace

    children: dict[ViewId, list[ViewId]] = {}
    for view in views:
        for ancestor in view.ancestors:
            children.setdefault(ancestor, []).append(view.id)
    return [
        replace(view, descendants=tuple(sorted(children.get(view.id, []), key=view_sort_key)))
        if view.id in children
        else view
        for view in views
    ]


_NUMBER_KINDS = {"int32": int, "int64": int, "float32": (int, float), "float64": (int, float)}


def _valid_default(kind: str, is_list: bool, value: Any, enum_values: tuple[EnumValue, ...]) -> bool:
    if is_list:
        return isinstance(value, list) and all(_valid_default(kind, False, item, enum_values) for item in value)
    if kind in ("text", "timeseries", "file", "sequence", "timestamp", "date"):
        return isinstance(value, str)
    if kind == "enum":
        return isinstance(value, str) and any(item.value == value for item in enum_values)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in _NUMBER_KINDS:
        expected: Any = _NUMBER_KINDS[kind]
        return isinstance(value, expected) and not isinstance(value, bool)
    if kind == "json":
        return isinstance(value, dict)
    return False
