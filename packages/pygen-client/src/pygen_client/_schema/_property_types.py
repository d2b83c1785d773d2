"""Property types of container and view properties: a union discriminated on ``type``.

``list``/``maxListSize`` apply to every type; text adds ``maxTextSize`` and ``collation``; floats add ``unit``;
direct relations add the required ``container`` and (in views) the target view ``source``; enums carry their
``values`` and ``unknownValue``. A ``type`` this version does not know is kept as ``UnknownPropertyType`` so reading
a model never breaks when CDF adds a type; validation reports it as unsupported.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Tag

from ._base import ContainerReference, DMSModel, ViewReference

__all__ = [
    "PRIMITIVE_TYPE_NAMES",
    "PROPERTY_TYPE_NAMES",
    "BooleanType",
    "DateType",
    "DirectRelationType",
    "EnumType",
    "EnumValue",
    "FileReferenceType",
    "Float32Type",
    "Float64Type",
    "Int32Type",
    "Int64Type",
    "JSONType",
    "PropertyType",
    "PropertyTypeBase",
    "SequenceReferenceType",
    "TextType",
    "TimeSeriesReferenceType",
    "TimestampType",
    "UnitReference",
    "UnknownPropertyType",
]


class PropertyTypeBase(DMSModel):
    """Fields shared by every property type."""

    _always_dumped: ClassVar[tuple[str, ...]] = ("type",)

    type: str
    list: bool = False
    max_list_size: int | None = None


class TextType(PropertyTypeBase):
    type: Literal["text"] = "text"
    max_text_size: int | None = None
    collation: str = "ucs_basic"


class UnitReference(DMSModel):
    """The unit of a float property: a unit external id from the CDF unit catalog, and the source's own name."""

    external_id: str
    source_unit: str | None = None


class BooleanType(PropertyTypeBase):
    type: Literal["boolean"] = "boolean"


class Float32Type(PropertyTypeBase):
    type: Literal["float32"] = "float32"
    unit: UnitReference | None = None


class Float64Type(PropertyTypeBase):
    type: Literal["float64"] = "float64"
    unit: UnitReference | None = None


class Int32Type(PropertyTypeBase):
    type: Literal["int32"] = "int32"


class Int64Type(PropertyTypeBase):
    type: Literal["int64"] = "int64"


class TimestampType(PropertyTypeBase):
    type: Literal["timestamp"] = "timestamp"


class DateType(PropertyTypeBase):
    type: Literal["date"] = "date"


class JSONType(PropertyTypeBase):
    type: Literal["json"] = "json"


class TimeSeriesReferenceType(PropertyTypeBase):
    """The external id of a CDF time series (no referential integrity)."""

    type: Literal["timeseries"] = "timeseries"


class FileReferenceType(PropertyTypeBase):
    """The external id of a CDF file (no referential integrity)."""

    type: Literal["file"] = "file"


class SequenceReferenceType(PropertyTypeBase):
    """The external id of a CDF sequence (no referential integrity)."""

    type: Literal["sequence"] = "sequence"


class DirectRelationType(PropertyTypeBase):
    """A direct relation to a node.

    ``container`` (containers) requires the target to have data in that container. ``source`` (views) is the
    view the target is expected to be read through: a hint for SDK generation, not enforced by DMS.
    """

    type: Literal["direct"] = "direct"
    container: ContainerReference | None = None
    source: ViewReference | None = None


class EnumValue(DMSModel):
    name: str | None = None
    description: str | None = None


class EnumType(PropertyTypeBase):
    """One of a fixed set of value ids; ``unknown_value`` is what readers see for values added later."""

    type: Literal["enum"] = "enum"
    values: dict[str, EnumValue]
    unknown_value: str | None = None


class UnknownPropertyType(PropertyTypeBase):
    """A property type this version of pygen does not know; every field is kept as it was read."""


PRIMITIVE_TYPE_NAMES: frozenset[str] = frozenset(
    {"boolean", "float32", "float64", "int32", "int64", "timestamp", "date", "json"}
)
PROPERTY_TYPE_NAMES: tuple[str, ...] = (
    "text",
    "boolean",
    "float32",
    "float64",
    "int32",
    "int64",
    "timestamp",
    "date",
    "json",
    "timeseries",
    "file",
    "sequence",
    "direct",
    "enum",
)


def _property_type_tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if isinstance(kind, str) and kind in PROPERTY_TYPE_NAMES else "unknown"


PropertyType = Annotated[
    Annotated[TextType, Tag("text")]
    | Annotated[BooleanType, Tag("boolean")]
    | Annotated[Float32Type, Tag("float32")]
    | Annotated[Float64Type, Tag("float64")]
    | Annotated[Int32Type, Tag("int32")]
    | Annotated[Int64Type, Tag("int64")]
    | Annotated[TimestampType, Tag("timestamp")]
    | Annotated[DateType, Tag("date")]
    | Annotated[JSONType, Tag("json")]
    | Annotated[TimeSeriesReferenceType, Tag("timeseries")]
    | Annotated[FileReferenceType, Tag("file")]
    | Annotated[SequenceReferenceType, Tag("sequence")]
    | Annotated[DirectRelationType, Tag("direct")]
    | Annotated[EnumType, Tag("enum")]
    | Annotated[UnknownPropertyType, Tag("unknown")],
    Discriminator(_property_type_tag),
]
