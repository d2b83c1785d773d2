"""Containers: properties with their types, constraints and indexes, in read and write form.

Constraints (``requires``, ``uniqueness``) and indexes (``btree``, ``inverted``) are unions discriminated on
``constraintType``/``indexType`` (always written, although the API has defaults for them); a kind this version does not know is kept as ``UnknownConstraint``/``UnknownIndex``.
The read forms carry the server's ``state``/``constraintState``; ``as_apply()`` drops them.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Tag
from pygen_runtime import ContainerId

from ._base import ContainerReference, DMSModel, set_fields, without_nulls
from ._property_types import PropertyType

__all__ = [
    "BTreeIndex",
    "ConstraintState",
    "ContainerApply",
    "ContainerConstraint",
    "ContainerDefinition",
    "ContainerIndex",
    "ContainerProperty",
    "ContainerPropertyApply",
    "InvertedIndex",
    "RequiresConstraint",
    "UniquenessConstraint",
    "UnknownConstraint",
    "UnknownIndex",
]


class ConstraintState(DMSModel):
    """Whether the server has finished enforcing a property constraint: ``current``, ``pending`` or ``failed``."""

    nullability: str | None = None
    max_list_size: str | None = None
    max_text_size: str | None = None


class ContainerPropertyApply(DMSModel):
    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    name: str | None = None
    description: str | None = None


class ContainerProperty(ContainerPropertyApply):
    constraint_state: ConstraintState | None = None

    def as_apply(self) -> ContainerPropertyApply:
        fields = set_fields(self, exclude={"constraint_state", "type"})
        return ContainerPropertyApply(type=without_nulls(self.type), **fields)


class RequiresConstraint(DMSModel):
    """Instances with data in this container must also have data in ``require``."""

    _always_dumped: ClassVar[tuple[str, ...]] = ("constraint_type",)

    constraint_type: Literal["requires"] = "requires"
    require: ContainerReference
    state: str | None = None


class UniquenessConstraint(DMSModel):
    _always_dumped: ClassVar[tuple[str, ...]] = ("constraint_type",)

    constraint_type: Literal["uniqueness"] = "uniqueness"
    properties: list[str]
    by_space: bool = False
    state: str | None = None


class UnknownConstraint(DMSModel):
    """A constraint kind this version does not know; kept as read."""

    _always_dumped: ClassVar[tuple[str, ...]] = ("constraint_type",)

    constraint_type: str


class BTreeIndex(DMSModel):
    _always_dumped: ClassVar[tuple[str, ...]] = ("index_type",)

    index_type: Literal["btree"] = "btree"
    properties: list[str]
    cursorable: bool = False
    by_space: bool = False
    state: str | None = None


class InvertedIndex(DMSModel):
    _always_dumped: ClassVar[tuple[str, ...]] = ("index_type",)

    index_type: Literal["inverted"] = "inverted"
    properties: list[str]
    state: str | None = None


class UnknownIndex(DMSModel):
    """An index kind this version does not know; kept as read."""

    _always_dumped: ClassVar[tuple[str, ...]] = ("index_type",)

    index_type: str


def _constraint_tag(value: Any) -> str:
    if not isinstance(value, dict):
        if isinstance(value, RequiresConstraint):
            return "requires"
        return "uniqueness" if isinstance(value, UniquenessConstraint) else "unknown"
    kind = value.get("constraintType")
    if kind is None:  # the API's default depends on the shape
        return "requires" if "require" in value else "uniqueness"
    return kind if kind in ("requires", "uniqueness") else "unknown"


def _index_tag(value: Any) -> str:
    if not isinstance(value, dict):
        if isinstance(value, BTreeIndex):
            return "btree"
        return "inverted" if isinstance(value, InvertedIndex) else "unknown"
    kind = value.get("indexType", "btree")
    return kind if kind in ("btree", "inverted") else "unknown"


ContainerConstraint = Annotated[
    Annotated[RequiresConstraint, Tag("requires")]
    | Annotated[UniquenessConstraint, Tag("uniqueness")]
    | Annotated[UnknownConstraint, Tag("unknown")],
    Discriminator(_constraint_tag),
]
ContainerIndex = Annotated[
    Annotated[BTreeIndex, Tag("btree")]
    | Annotated[InvertedIndex, Tag("inverted")]
    | Annotated[UnknownIndex, Tag("unknown")],
    Discriminator(_index_tag),
]


class ContainerApply(DMSModel):
    space: str
    external_id: str
    name: str | None = None
    description: str | None = None
    used_for: str | None = None
    properties: dict[str, ContainerPropertyApply]
    constraints: dict[str, ContainerConstraint] | None = None
    indexes: dict[str, ContainerIndex] | None = None

    def as_id(self) -> ContainerId:
        return ContainerId(space=self.space, external_id=self.external_id)


class ContainerDefinition(DMSModel):
    space: str
    external_id: str
    name: str | None = None
    description: str | None = None
    used_for: str = "node"  # node, edge, all or record
    properties: dict[str, ContainerProperty]
    constraints: dict[str, ContainerConstraint] | None = None
    indexes: dict[str, ContainerIndex] | None = None
    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> ContainerId:
        return ContainerId(space=self.space, external_id=self.external_id)

    def as_apply(self) -> ContainerApply:
        fields = set_fields(self, include={"space", "external_id", "name", "description", "used_for"})
        return ContainerApply(
            **fields,
            properties={key: prop.as_apply() for key, prop in self.properties.items()},
            constraints={key: _without_state(item) for key, item in (self.constraints or {}).items()},
            indexes={key: _without_state(item) for key, item in (self.indexes or {}).items()},
        )


def _without_state(item: Any) -> Any:
    data = without_nulls(item).dump()
    data.pop("state", None)
    return type(item).load(data)
