"""Views and their three kinds of property, in read and write form.

A view property is one of:

- ``MappedProperty``: maps a container property; the read form copies the container's type, nullability and
  default. A direct relation's target view sits at ``type.source`` in current responses and at a top-level
  ``source`` in older ones; ``direct_relation_target`` reads either.
- ``EdgeConnection``: edges of ``type`` to nodes read through ``source``, with edge properties from
  ``edge_source``; single or multi, outwards or inwards.
- ``ReverseDirectRelation``: the nodes whose direct relation ``through`` (a view or container property) points at
  this node; single or multi.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, PlainValidator, Tag
from pygen_runtime import ContainerId, ViewId

from ._base import (
    ContainerReference,
    DMSModel,
    NodeReference,
    Version,
    ViewOrContainerReference,
    ViewReference,
    set_fields,
)
from ._containers import ConstraintState
from ._property_types import DirectRelationType, PropertyType

__all__ = [
    "EDGE_CONNECTION_TYPES",
    "REVERSE_CONNECTION_TYPES",
    "EdgeConnection",
    "MappedProperty",
    "MappedPropertyApply",
    "ReverseDirectRelation",
    "ReverseDirectRelationApply",
    "ThroughReference",
    "ViewApply",
    "ViewDefinition",
    "ViewProperty",
    "ViewPropertyApply",
]

EDGE_CONNECTION_TYPES = ("single_edge_connection", "multi_edge_connection")
REVERSE_CONNECTION_TYPES = ("single_reverse_direct_relation", "multi_reverse_direct_relation")
_DESCRIBED = ("name", "description")


class MappedPropertyApply(DMSModel):
    container: ContainerReference
    container_property_identifier: str
    name: str | None = None
    description: str | None = None
    source: ViewReference | None = None  # the target view of a direct relation


class MappedProperty(DMSModel):
    container: ContainerReference
    container_property_identifier: str
    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    name: str | None = None
    description: str | None = None
    source: ViewReference | None = None  # older responses put the direct-relation target view here
    constraint_state: ConstraintState | None = None

    @property
    def is_direct_relation(self) -> bool:
        return isinstance(self.type, DirectRelationType)

    @property
    def direct_relation_target(self) -> ViewId | None:
        """The view a direct relation points to, from ``type.source`` or the older top-level ``source``."""
        if not isinstance(self.type, DirectRelationType):
            return None
        return self.type.source or self.source

    def as_apply(self) -> MappedPropertyApply:
        fields = set_fields(self, include={"container", "container_property_identifier", *_DESCRIBED})
        if (target := self.direct_relation_target) is not None:
            fields["source"] = target
        return MappedPropertyApply(**fields)


class EdgeConnection(DMSModel):
    """Edges of ``type`` to (or, inwards, from) nodes read through the view ``source``. Read and write form."""

    connection_type: str = "multi_edge_connection"
    type: NodeReference
    source: ViewReference
    edge_source: ViewReference | None = None
    direction: str = "outwards"
    name: str | None = None
    description: str | None = None

    @property
    def is_list(self) -> bool:
        return self.connection_type != "single_edge_connection"

    def as_apply(self) -> EdgeConnection:
        return EdgeConnection(
            **set_fields(self, include={"connection_type", "type", "source", "edge_source", "direction", *_DESCRIBED})
        )


class ThroughReference(DMSModel):
    """The direct-relation property a reverse relation follows backwards: a view or container property."""

    source: ViewOrContainerReference
    identifier: str


class ReverseDirectRelationApply(DMSModel):
    connection_type: str
    source: ViewReference
    through: ThroughReference
    name: str | None = None
    description: str | None = None


class ReverseDirectRelation(ReverseDirectRelationApply):
    targets_list: bool | None = None  # whether the ``through`` property is a list of direct relations

    @property
    def is_list(self) -> bool:
        return self.connection_type != "single_reverse_direct_relation"

    @property
    def through_view(self) -> ViewId | None:
        return self.through.source if isinstance(self.through.source, ViewId) else None

    @property
    def through_container(self) -> ContainerId | None:
        return self.through.source if isinstance(self.through.source, ContainerId) else None

    def as_apply(self) -> ReverseDirectRelationApply:
        return ReverseDirectRelationApply(
            **set_fields(self, include={"connection_type", "source", *_DESCRIBED}),
            through=ThroughReference(source=self.through.source, identifier=self.through.identifier),
        )


def _view_property_tag(value: Any) -> str:
    if not isinstance(value, dict):
        if isinstance(value, (MappedProperty, MappedPropertyApply)):
            return "mapped"
        return "reverse" if isinstance(value, ReverseDirectRelationApply) else "edge"
    if "container" in value or "containerPropertyIdentifier" in value:
        return "mapped"
    connection_type = value.get("connectionType")
    if "through" in value or connection_type in REVERSE_CONNECTION_TYPES:
        return "reverse"
    if connection_type in EDGE_CONNECTION_TYPES or "edgeSource" in value or "direction" in value:
        return "edge"
    if connection_type is None and isinstance(value.get("type"), dict) and "source" in value:
        return "edge"
    return "unknown"


def _reject_unknown_view_property(value: Any) -> Any:
    connection_type = value.get("connectionType") if isinstance(value, dict) else None
    found = (
        f"connectionType {connection_type!r}"
        if connection_type
        else f"keys {sorted(value) if isinstance(value, dict) else value!r}"
    )
    raise ValueError(
        "expected a mapped property (container, containerPropertyIdentifier), an edge connection "
        "(connectionType single_edge_connection/multi_edge_connection, type, source) or a reverse direct relation "
        f"(connectionType single_reverse_direct_relation/multi_reverse_direct_relation, source, through); got {found}"
    )


# Always fails with a message naming the three shapes; typed as MappedProperty only to keep the union precise.
_UnknownViewProperty = Annotated[MappedProperty, PlainValidator(_reject_unknown_view_property)]

ViewProperty = Annotated[
    Annotated[MappedProperty, Tag("mapped")]
    | Annotated[EdgeConnection, Tag("edge")]
    | Annotated[ReverseDirectRelation, Tag("reverse")]
    | Annotated[_UnknownViewProperty, Tag("unknown")],
    Discriminator(_view_property_tag),
]
_UnknownViewPropertyApply = Annotated[MappedPropertyApply, PlainValidator(_reject_unknown_view_property)]
ViewPropertyApply = Annotated[
    Annotated[MappedPropertyApply, Tag("mapped")]
    | Annotated[EdgeConnection, Tag("edge")]
    | Annotated[ReverseDirectRelationApply, Tag("reverse")]
    | Annotated[_UnknownViewPropertyApply, Tag("unknown")],
    Discriminator(_view_property_tag),
]


class ViewApply(DMSModel):
    space: str
    external_id: str
    version: Version
    name: str | None = None
    description: str | None = None
    filter: dict[str, Any] | None = None
    implements: list[ViewReference] | None = None
    properties: dict[str, ViewPropertyApply] = Field(default_factory=dict)

    def as_id(self) -> ViewId:
        return ViewId(space=self.space, external_id=self.external_id, version=self.version)


class ViewDefinition(DMSModel):
    """A view as the API returns it: every property (inherited ones included) fully typed."""

    space: str
    external_id: str
    version: Version
    name: str | None = None
    description: str | None = None
    filter: dict[str, Any] | None = None
    implements: list[ViewReference] = Field(default_factory=list)
    writable: bool = True
    queryable: bool = True
    used_for: str = "node"  # node, edge or all
    is_global: bool = False
    mapped_containers: list[ContainerReference] = Field(default_factory=list)
    properties: dict[str, ViewProperty]
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> ViewId:
        return ViewId(space=self.space, external_id=self.external_id, version=self.version)

    @property
    def mapped_properties(self) -> dict[str, MappedProperty]:
        return {key: prop for key, prop in self.properties.items() if isinstance(prop, MappedProperty)}

    @property
    def edge_connections(self) -> dict[str, EdgeConnection]:
        return {key: prop for key, prop in self.properties.items() if isinstance(prop, EdgeConnection)}

    @property
    def reverse_direct_relations(self) -> dict[str, ReverseDirectRelation]:
        return {key: prop for key, prop in self.properties.items() if isinstance(prop, ReverseDirectRelation)}

    def referenced_containers(self) -> list[ContainerId]:
        """Every container the view maps, in first-seen order (``mappedContainers`` first)."""
        seen = dict.fromkeys(self.mapped_containers)
        seen.update(dict.fromkeys(prop.container for prop in self.mapped_properties.values()))
        return list(seen)

    def as_apply(self) -> ViewApply:
        return ViewApply(
            **set_fields(self, include={"space", "external_id", "version", "name", "description", "filter"}),
            implements=self.implements,
            properties={key: prop.as_apply() for key, prop in self.properties.items()},
        )
