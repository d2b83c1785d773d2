"""Base classes of generated data classes: ``Node``/``Edge`` for reads and ``NodeWrite``/``EdgeWrite`` for writes.

Read classes parse the DMS wire shape directly: each view property is a field whose validation alias is the path
``properties.{space}.{View/version}.{propertyId}`` (see ``property_field``), so pydantic-core turns response bytes
into typed objects without a per-item Python hook. Reads are lenient: every property is optional, unknown
properties are ignored. Writes are strict (unknown fields and wrong types raise ``InvalidInputError``) and send only
the fields that were set; an explicit ``None`` clears a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import AliasPath, BaseModel, ConfigDict, Field, ValidationError

from ._connections import Connection
from ._errors import InvalidInputError
from ._ids import EdgeId, NodeId, ViewId

InstanceType = Literal["node", "edge"]
InstanceWriteT = TypeVar("InstanceWriteT", bound="InstanceWrite")

BASE_FIELDS = frozenset(
    {"space", "external_id", "version", "created_time", "last_updated_time", "deleted_time", "type", "start_node",
     "end_node", "existing_version", "properties"}
)  # fmt: skip


# The wire names of the base fields. ``dump()`` is flat, so a property with one of these ids (CogniteAsset's ``type``)
# dumps under its field name (``type_``) instead of overwriting the base field or being overwritten by it.
BASE_WIRE_NAMES = frozenset(
    {"space", "externalId", "version", "createdTime", "lastUpdatedTime", "deletedTime", "type", "startNode", "endNode",
     "instanceType", "existingVersion"}
)  # fmt: skip


def dump_alias(property_id: str) -> str | None:
    """The key of a property in a camelCase ``dump()``: its id, unless that is the wire name of a base field."""
    return None if property_id in BASE_WIRE_NAMES else property_id


def property_field(view: ViewId, property_id: str, default: Any = None) -> Any:
    """The field of one view property in a read class: read from the instance's nested ``properties``.

    Typed ``Any`` so it can be the default of a field of any type: ``price: float | None = property_field(V, "price")``.
    """
    return Field(
        default,
        validation_alias=AliasPath("properties", view.space, view.source_key, property_id),
        serialization_alias=dump_alias(property_id),
    )


def connection_field(property_id: str) -> Any:
    """The field of an edge connection or reverse relation (read or write class): ``None`` until
    ``retrieve_connections`` fills it; ``dump()`` names it by its property id."""
    return Field(None, serialization_alias=dump_alias(property_id))


def relation_field(view: ViewId, property_id: str) -> Any:
    """Like ``property_field``, for a single direct relation typed as a union with its target read class,
    ``NodeId | Category | None``: the wire value ``{space, externalId}`` always parses as ``NodeId`` (tried first),
    and ``retrieve_connections="full"`` puts the objects there later. A relation without a target class,
    ``NodeId | None``, is not a union: use ``property_field`` for it."""
    return Field(
        None,
        validation_alias=AliasPath("properties", view.space, view.source_key, property_id),
        serialization_alias=dump_alias(property_id),
        union_mode="left_to_right",
    )


@dataclass(frozen=True)
class DataRecord:
    """Bookkeeping DMS keeps for every instance."""

    version: int
    created_time: datetime
    last_updated_time: datetime
    deleted_time: datetime | None = None


class Instance(BaseModel):
    """A node or edge as read from DMS. Times are epoch milliseconds, as on the wire; see ``data_record``."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True, protected_namespaces=())

    instance_type: ClassVar[InstanceType]
    view_id: ClassVar[ViewId | None] = None

    space: str
    external_id: str = Field(validation_alias="externalId", serialization_alias="externalId")
    version: int = 0
    created_time: int = Field(0, validation_alias="createdTime", serialization_alias="createdTime")
    last_updated_time: int = Field(0, validation_alias="lastUpdatedTime", serialization_alias="lastUpdatedTime")
    deleted_time: int | None = Field(None, validation_alias="deletedTime", serialization_alias="deletedTime")

    def as_id(self) -> NodeId | EdgeId:
        raise NotImplementedError

    @property
    def data_record(self) -> DataRecord:
        return DataRecord(
            self.version,
            _ms_to_datetime(self.created_time),
            _ms_to_datetime(self.last_updated_time),
            None if self.deleted_time is None else _ms_to_datetime(self.deleted_time),
        )

    def dump(self, camel_case: bool = True) -> dict[str, Any]:
        """A flat, JSON-ready dict: base fields and properties side by side. With ``camel_case`` the keys are the
        wire names (``externalId``) and property ids; a property whose id is a base field's wire name (``type``)
        keeps its field name (``type_``), so no value is lost."""
        return self.model_dump(mode="json", by_alias=camel_case)

    def _repr_html_(self) -> str:
        """A table of the fields, for notebooks."""
        from ._html import instance_html

        return instance_html(self)

    def _to_write(self, write_class: type[InstanceWriteT]) -> InstanceWriteT:
        """Build ``write_class`` from this object's set fields; connections become ids, edges are left out."""
        data: dict[str, Any] = {}
        connections = connection_fields(type(self))
        for name in write_class.model_fields:
            if name == "existing_version" or name not in type(self).model_fields:
                continue
            if name in connections and _is_edge_or_reverse(connections[name]):
                continue
            if name not in self.model_fields_set and name not in BASE_FIELDS:
                continue  # never read, so leave it out: writing it back would clear the stored value
            value = getattr(self, name)
            data[name] = _as_reference(value)
        # The values come from DMS, which validated them; constructing without validation also keeps enum values
        # that this SDK does not know yet (the read class accepts them, the write class's Literal would not).
        return write_class.model_construct(**data)


class Node(Instance):
    """A node as read from DMS. Generated read classes of node views subclass it."""

    instance_type: ClassVar[InstanceType] = "node"
    type: NodeId | None = None

    def as_id(self) -> NodeId:
        return NodeId(self.space, self.external_id)


class Edge(Instance):
    """An edge as read from DMS. Generated read classes of edge views subclass it."""

    instance_type: ClassVar[InstanceType] = "edge"
    type: NodeId
    # A NodeId as read; the node object itself with retrieve_connections="full". Generated edge classes narrow
    # the node type to the views the edge connects.
    start_node: NodeId | Node = Field(
        validation_alias="startNode", serialization_alias="startNode", union_mode="left_to_right"
    )
    end_node: NodeId | Node = Field(
        validation_alias="endNode", serialization_alias="endNode", union_mode="left_to_right"
    )

    def as_id(self) -> EdgeId:
        return EdgeId(self.space, self.external_id)


class UntypedNode(Node):
    """A node with its raw ``properties`` (``{space: {"View/version": {property: value}}}``), for view-less reads."""

    properties: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)

    def properties_of(self, view: ViewId) -> dict[str, Any]:
        return self.properties.get(view.space, {}).get(view.source_key, {})


class UntypedEdge(Edge):
    """An edge with its raw ``properties``."""

    properties: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)

    def properties_of(self, view: ViewId) -> dict[str, Any]:
        return self.properties.get(view.space, {}).get(view.source_key, {})


class InstanceWrite(BaseModel):
    """Base of write classes. Construction and assignment validate; errors are ``InvalidInputError``."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, populate_by_name=True, defer_build=True, protected_namespaces=()
    )

    instance_type: ClassVar[InstanceType]
    view_id: ClassVar[ViewId | None] = None

    existing_version: int | None = Field(None, serialization_alias="existingVersion")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise InvalidInputError(describe_validation_error(type(self), data, error)) from None

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            raise InvalidInputError(
                describe_validation_error(type(self), {name: value}, error, instance=self)
            ) from None

    def as_id(self) -> NodeId | EdgeId:
        raise NotImplementedError

    def _repr_html_(self) -> str:
        """A table of the fields, for notebooks."""
        from ._html import instance_html

        return instance_html(self)

    @classmethod
    def partial(cls: type[InstanceWriteT], space: str, external_id: str, **fields: Any) -> InstanceWriteT:
        """An update of only ``fields`` of an existing instance: required fields may be left out, because DMS
        patches what is stored. Each given value is validated like in the constructor."""
        unknown = sorted(set(fields) - set(cls.model_fields))
        if unknown:
            raise InvalidInputError(f"{cls.__name__}.partial: unknown field(s) {', '.join(unknown)}")
        instance = cls.model_construct(space=space, external_id=external_id)
        for name, value in fields.items():
            setattr(instance, name, value)
        return instance


class NodeWrite(InstanceWrite):
    """A node to create or update. Generated write classes of node views subclass it."""

    instance_type: ClassVar[InstanceType] = "node"
    # None: the client's ``default_space`` is used when the node is written.
    space: str | None = None
    external_id: str = Field(serialization_alias="externalId")
    type: NodeId | None = None

    def as_id(self) -> NodeId:
        if self.space is None:
            raise InvalidInputError(
                f"{type(self).__name__} {self.external_id!r} has no space yet; set it (the client's default_space "
                "is only applied when the node is written)"
            )
        return NodeId(self.space, self.external_id)


class EdgeWrite(InstanceWrite):
    """An edge to create or update. Generated write classes of edge views subclass it.

    Nested in a node's edge connection, only ``end_node`` (``start_node`` for inwards connections) and the edge
    properties are needed: the type, the other end, the space and a deterministic external id are filled in.
    Given to ``upsert`` on its own, every field must be set.
    """

    instance_type: ClassVar[InstanceType] = "edge"
    space: str | None = None
    external_id: str | None = Field(None, serialization_alias="externalId")
    type: NodeId | None = None
    start_node: NodeId | NodeWrite | None = Field(None, serialization_alias="startNode")
    end_node: NodeId | NodeWrite | None = Field(None, serialization_alias="endNode")

    def as_id(self) -> EdgeId:
        if self.space is None or self.external_id is None:
            raise InvalidInputError(
                f"{type(self).__name__} has no space/external_id yet; set them or nest it in a node"
            )
        return EdgeId(self.space, self.external_id)


def ensure_complete(cls: type[BaseModel]) -> None:
    """Build a deferred model now: its annotations (and their connection markers) are only final once the views it
    references are importable, which they are by the time a client uses it."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild()


@cache
def connection_fields(cls: type[BaseModel]) -> dict[str, Connection]:
    """Field name -> connection marker, for the fields annotated with one."""
    from ._connections import DirectRelation, EdgeConnection, ReverseDirectRelation

    ensure_complete(cls)
    found: dict[str, Connection] = {}
    for name, info in cls.model_fields.items():
        for item in info.metadata:
            if isinstance(item, (DirectRelation, EdgeConnection, ReverseDirectRelation)):
                found[name] = item
    return found


@cache
def property_ids(cls: type[BaseModel]) -> dict[str, str]:
    """Field name -> view property id, for the fields that hold view properties (read or write classes)."""
    ensure_complete(cls)
    result: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        if name in BASE_FIELDS:
            continue
        alias = info.validation_alias
        if isinstance(alias, AliasPath):
            result[name] = str(alias.path[-1])
        elif info.serialization_alias:
            result[name] = info.serialization_alias
    connections = connection_fields(cls)
    return {name: prop for name, prop in result.items() if not _is_edge_or_reverse(connections.get(name))}


def describe_validation_error(
    cls: type[BaseModel], data: dict[str, Any], error: ValidationError, *, instance: BaseModel | None = None
) -> str:
    """One readable message per invalid field: which object, which field and property, what is wrong, what was given."""
    space = data.get("space", getattr(instance, "space", None))
    external_id = data.get("external_id", data.get("externalId", getattr(instance, "external_id", None)))
    subject = cls.__name__ + (f" {space}:{external_id}" if space and external_id else "")
    view = getattr(cls, "view_id", None)
    props = property_ids(cls) if issubclass(cls, BaseModel) else {}
    lines: list[str] = []
    seen: set[tuple[Any, ...]] = set()
    for item in _useful_errors(error.errors(include_url=False)):
        location = item["loc"]
        field = str(location[0]) if location else ""
        key = (field, item["msg"])
        if key in seen:
            continue
        seen.add(key)
        where = ".".join(str(part) for part in location if not _is_schema_tag(part)) or "(object)"
        if field in props and view is not None:
            where += f" (property '{props[field]}' of view {view})"
        message = str(item["msg"])
        if item["type"] == "extra_forbidden":
            message = f"unknown field; {cls.__name__} has {', '.join(sorted(cls.model_fields))}"
        elif item["type"] == "missing":
            message = "required, but not given"
        elif item["type"] == "list_type":
            message = f"expected a list, got the single value {item['input']!r}"
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")  # our own explanations already name the value
        else:
            message += f"; got {item['input']!r}"
        lines.append(f"  - {where}: {message}")
    return f"invalid {subject}:\n" + "\n".join(lines)


def _useful_errors(errors: list[Any]) -> list[Any]:
    """Union members each report an error; keep our own explanations ("Value error") where there are some."""
    by_field: dict[Any, list[Any]] = {}
    for item in errors:
        by_field.setdefault(item["loc"][:1], []).append(item)
    useful: list[Any] = []
    for items in by_field.values():
        explained = [item for item in items if item["type"] == "value_error"]
        useful.extend(explained or items)
    return useful


def _is_schema_tag(part: Any) -> bool:
    """Union members add their schema or class name to error locations; fields are snake_case."""
    return isinstance(part, str) and ("[" in part or part[:1].isupper())


def _ms_to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def _is_edge_or_reverse(marker: Connection | None) -> bool:
    from ._connections import EdgeConnection, ReverseDirectRelation

    return isinstance(marker, (EdgeConnection, ReverseDirectRelation))


def _as_reference(value: Any) -> Any:
    if isinstance(value, Instance):
        return value.as_id()
    if isinstance(value, list):
        return [_as_reference(item) for item in value]
    return value
