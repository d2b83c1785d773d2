"""The base class of every DMS schema model and the pydantic adapters for the runtime's id classes.

The wire format is camelCase JSON; the Python attributes are snake_case. Two rules keep a model faithful to what
the API (or a model file) said:

- unknown fields are kept (``extra="allow"``) and dumped back, so a field CDF adds later is never lost;
- ``dump()`` writes only the fields that were present (``exclude_unset``), so a model loads and dumps back to the
  same JSON, explicit ``null`` values included.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, PlainValidator
from pydantic.alias_generators import to_camel
from pygen_runtime import ContainerId, NodeId, ViewId

__all__ = [
    "ContainerReference",
    "DMSModel",
    "DataModelId",
    "NodeReference",
    "Version",
    "ViewOrContainerReference",
    "ViewReference",
    "dump_container_id",
    "dump_view_id",
    "set_fields",
    "view_id_str",
    "without_nulls",
]


_T_Model = TypeVar("_T_Model", bound="DMSModel")


class DMSModel(BaseModel):
    """Base of every DMS schema model: camelCase aliases, unknown fields kept, dumps only what was set."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        strict=True,  # "list": "yes" is a mistake to report, not a value to coerce
        defer_build=True,  # build validators on first use, not on import
        protected_namespaces=(),
    )

    # Fields dumped even when they were filled in by a default (the discriminator of a union, for example),
    # so a model built in Python dumps to a body the API can read.
    _always_dumped: ClassVar[tuple[str, ...]] = ()

    def model_post_init(self, context: Any, /) -> None:
        self.__pydantic_fields_set__.update(self._always_dumped)

    @classmethod
    def load(cls: type[_T_Model], data: Mapping[str, Any]) -> _T_Model:
        """Parse the camelCase JSON form (as the API returns it)."""
        return cls.model_validate(data)

    def dump(self) -> dict[str, Any]:
        """The camelCase JSON form: exactly the fields that were set, unknown fields included."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


def set_fields(
    model: DMSModel, *, include: Collection[str] | None = None, exclude: Collection[str] = ()
) -> dict[str, Any]:
    """The declared fields of ``model`` that were set and are not None: the input for building a write form."""
    return {
        name: getattr(model, name)
        for name in type(model).model_fields
        if (include is None or name in include)
        and name not in exclude
        and name in model.model_fields_set
        and getattr(model, name) is not None
    }


def without_nulls(model: _T_Model) -> _T_Model:
    """A copy without explicit ``null`` fields (at any depth): write forms send only values."""
    data = model.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return type(model).model_validate(data)


def _text(value: Any, field: str) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"{field} must be a string, got {value!r}")


def _version(value: Any) -> str:
    # YAML reads `version: 1` as an integer; the intent is unambiguous, so accept it. A float (`1.10`) is not.
    if isinstance(value, bool):
        raise ValueError(f"version must be a string, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"version must be a string, got the number {value!r} (quote it in YAML: '{value}')")
    return _text(value, "version")


def _reference_fields(value: Any, kind: str, required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a {kind} reference {{{', '.join(required)}}}, got {value!r}")
    missing = [key for key in required if key not in value]
    if missing:
        raise ValueError(f"{kind} reference {dict(value)!r} is missing {', '.join(repr(key) for key in missing)}")
    return value


def load_view_id(value: Any) -> ViewId:
    if isinstance(value, ViewId):
        return value
    data = _reference_fields(value, "view", ("space", "externalId", "version"))
    if data.get("type", "view") != "view":
        raise ValueError(f"expected a view reference (type 'view'), got type {data['type']!r}")
    return ViewId(
        space=_text(data["space"], "space"),
        external_id=_text(data["externalId"], "externalId"),
        version=_version(data["version"]),
    )


def load_container_id(value: Any) -> ContainerId:
    if isinstance(value, ContainerId):
        return value
    data = _reference_fields(value, "container", ("space", "externalId"))
    if data.get("type", "container") != "container":
        raise ValueError(f"expected a container reference (type 'container'), got type {data['type']!r}")
    return ContainerId(space=_text(data["space"], "space"), external_id=_text(data["externalId"], "externalId"))


def load_node_id(value: Any) -> NodeId:
    if isinstance(value, NodeId):
        return value
    data = _reference_fields(value, "node", ("space", "externalId"))
    return NodeId(space=_text(data["space"], "space"), external_id=_text(data["externalId"], "externalId"))


def load_view_or_container_id(value: Any) -> ViewId | ContainerId:
    if isinstance(value, (ViewId, ContainerId)):
        return value
    if isinstance(value, Mapping):
        kind = value.get("type")
        if kind == "container" or (kind is None and "version" not in value):
            return load_container_id(value)
        if kind not in (None, "view"):
            raise ValueError(f"expected a view or container reference (type 'view' or 'container'), got {kind!r}")
    return load_view_id(value)


def dump_view_id(view_id: ViewId) -> dict[str, str]:
    return {"space": view_id.space, "externalId": view_id.external_id, "version": view_id.version, "type": "view"}


def dump_container_id(container_id: ContainerId) -> dict[str, str]:
    return {"space": container_id.space, "externalId": container_id.external_id, "type": "container"}


def dump_node_id(node_id: NodeId) -> dict[str, str]:
    return {"space": node_id.space, "externalId": node_id.external_id}


def dump_view_or_container_id(source: ViewId | ContainerId) -> dict[str, str]:
    return dump_view_id(source) if isinstance(source, ViewId) else dump_container_id(source)


def view_id_str(view_id: ViewId) -> str:
    """The short form used in messages: ``space:externalId/version``."""
    return f"{view_id.space}:{view_id.external_id}/{view_id.version}"


# A view or data model version; YAML's unquoted `version: 1` is read as the string "1".
Version = Annotated[str, BeforeValidator(lambda value: _version(value) if isinstance(value, (int, float)) else value)]

# The runtime's frozen id classes, read from and written to the DMS reference objects
# ({space, externalId, version, type: "view"} and so on).
ViewReference = Annotated[ViewId, PlainValidator(load_view_id), PlainSerializer(dump_view_id)]
ContainerReference = Annotated[ContainerId, PlainValidator(load_container_id), PlainSerializer(dump_container_id)]
NodeReference = Annotated[NodeId, PlainValidator(load_node_id), PlainSerializer(dump_node_id)]
ViewOrContainerReference = Annotated[
    ViewId | ContainerId, PlainValidator(load_view_or_container_id), PlainSerializer(dump_view_or_container_id)
]


@dataclass(frozen=True)
class DataModelId:
    """Identifies a data model: ``space``, ``external_id`` and ``version``."""

    space: str
    external_id: str
    version: str

    def dump(self) -> dict[str, str]:
        return {"space": self.space, "externalId": self.external_id, "version": self.version}

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> DataModelId:
        return cls(space=data["space"], external_id=data["externalId"], version=str(data["version"]))

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"
