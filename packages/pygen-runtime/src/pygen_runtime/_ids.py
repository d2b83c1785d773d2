"""Identifiers of views, containers, nodes and edges, with their camelCase wire form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import core_schema

from ._errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class ViewId:
    """A view: ``ViewId("my_space", "Pump", "v1")``."""

    space: str
    external_id: str
    version: str

    def dump(self) -> dict[str, str]:
        return {"type": "view", "space": self.space, "externalId": self.external_id, "version": self.version}

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> ViewId:
        return cls(_required(data, "space", cls), _required(data, "externalId", cls), _required(data, "version", cls))

    @property
    def source_key(self) -> str:
        """The key of this view's property group in an instance's ``properties``: ``"Pump/v1"``."""
        return f"{self.external_id}/{self.version}"

    def property_ref(self, property_id: str) -> list[str]:
        """The filter/sort reference of one of this view's properties: ``[space, "Pump/v1", property]``."""
        return [self.space, self.source_key, property_id]

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


@dataclass(frozen=True, slots=True)
class ContainerId:
    """A container: ``ContainerId("my_space", "Pump")``."""

    space: str
    external_id: str

    def dump(self) -> dict[str, str]:
        return {"type": "container", "space": self.space, "externalId": self.external_id}

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> ContainerId:
        return cls(_required(data, "space", cls), _required(data, "externalId", cls))

    def property_ref(self, property_id: str) -> list[str]:
        return [self.space, self.external_id, property_id]

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


@dataclass(frozen=True, slots=True)
class NodeId:
    """A node: ``NodeId("my_space", "pump_42")``. Direct relations read as ``NodeId``."""

    space: str
    external_id: str

    def dump(self) -> dict[str, str]:
        return {"space": self.space, "externalId": self.external_id}

    def dump_with_type(self) -> dict[str, str]:
        return {"instanceType": "node", "space": self.space, "externalId": self.external_id}

    @classmethod
    def load(cls, data: Mapping[str, Any] | tuple[str, str]) -> NodeId:
        if isinstance(data, tuple):
            return cls(*data)
        return cls(_required(data, "space", cls), _required(data, "externalId", cls))

    def as_id(self) -> NodeId:
        return self

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return _reference_schema(cls, coerce=_coerce_node_id)


@dataclass(frozen=True, slots=True)
class EdgeId:
    """An edge: ``EdgeId("my_space", "pump_42:valve_7")``."""

    space: str
    external_id: str

    def dump(self) -> dict[str, str]:
        return {"space": self.space, "externalId": self.external_id}

    def dump_with_type(self) -> dict[str, str]:
        return {"instanceType": "edge", "space": self.space, "externalId": self.external_id}

    @classmethod
    def load(cls, data: Mapping[str, Any] | tuple[str, str]) -> EdgeId:
        if isinstance(data, tuple):
            return cls(*data)
        return cls(_required(data, "space", cls), _required(data, "externalId", cls))

    def as_id(self) -> EdgeId:
        return self

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return _reference_schema(cls, coerce=_coerce_edge_id)


InstanceId = NodeId | EdgeId


def _reference_schema(cls: type, *, coerce: Any) -> core_schema.CoreSchema:
    """``{space, externalId}`` on the wire. JSON input is validated in Rust; Python input also accepts
    ``(space, external_id)`` tuples and explains why a bare string is not enough. Built by hand (no schema ref),
    so the Python-side coercion applies wherever the type is used."""
    fields = [
        core_schema.dataclass_field("space", core_schema.str_schema()),
        core_schema.dataclass_field(
            "external_id", core_schema.str_schema(), validation_alias="externalId", serialization_alias="externalId"
        ),
    ]
    plain = core_schema.dataclass_schema(
        cls, core_schema.dataclass_args_schema(cls.__name__, fields), ["space", "external_id"], slots=True, frozen=True
    )
    return core_schema.json_or_python_schema(
        json_schema=plain, python_schema=core_schema.no_info_before_validator_function(coerce, plain)
    )


def _coerce_edge_id(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(part, str) for part in value):
        return EdgeId(value[0], value[1])
    return value


def _coerce_node_id(value: Any) -> Any:
    if isinstance(value, NodeId):
        return value
    if isinstance(value, tuple):
        if len(value) == 2 and all(isinstance(part, str) for part in value):
            return NodeId(value[0], value[1])
        raise ValueError(f"a node id tuple must be (space, external_id), got {value!r}")
    if isinstance(value, str):
        raise ValueError(
            f"the string {value!r} is not a node id: it has no space; use NodeId('<space>', {value!r}) "
            f"or a (space, external_id) tuple"
        )
    return value


def as_node_id(value: Any, *, where: str, default_space: str | None = None) -> NodeId:
    """Convert a user-given node reference (``NodeId``, ``(space, xid)``, a node object, or a string when a default
    space is known) into a ``NodeId``, or raise ``InvalidInputError`` naming ``where`` it was given."""
    if isinstance(value, NodeId):
        return value
    if isinstance(value, str):
        if default_space is not None:
            return NodeId(default_space, value)
        raise InvalidInputError(
            f"{where}: the string {value!r} is not a node id because it has no space; "
            f"use NodeId('<space>', {value!r}) or pass space=..."
        )
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(part, str) for part in value):
        return NodeId(value[0], value[1])
    if isinstance(value, Mapping) and "space" in value and ("externalId" in value or "external_id" in value):
        return NodeId(value["space"], value.get("externalId", value.get("external_id")))
    as_id = getattr(value, "as_id", None)
    if callable(as_id):
        node_id = as_id()
        if isinstance(node_id, NodeId):
            return node_id
    raise InvalidInputError(f"{where}: expected a node id (NodeId or (space, external_id)), got {value!r}")


def _required(data: Mapping[str, Any], key: str, cls: type) -> str:
    try:
        value = data[key]
    except (KeyError, TypeError):
        raise InvalidInputError(f"cannot load {cls.__name__} from {data!r}: '{key}' is missing") from None
    if not isinstance(value, str):
        raise InvalidInputError(f"cannot load {cls.__name__} from {data!r}: '{key}' must be a string")
    return value
