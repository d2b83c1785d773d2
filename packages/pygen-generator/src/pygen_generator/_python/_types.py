"""DMS types -> Python annotations, and container defaults -> Python literals."""

from __future__ import annotations

import json
import math
from typing import Any

from .._ir import PrimitiveField
from ._escape import string_literal
from ._layout import Arg, Atom, Display, Expr

__all__ = ["default_literal", "element_type", "filter_value_type", "uses_any"]

_READ_TYPES = {
    "text": "str",
    "timeseries": "str",
    "file": "str",
    "sequence": "str",
    "boolean": "bool",
    "int32": "int",
    "int64": "int",
    "float32": "float",
    "float64": "float",
    "timestamp": "datetime",
    "date": "date",
    "json": "dict[str, Any]",
}
_WRITE_TYPES = {**_READ_TYPES, "timestamp": "AwareDatetime"}

INT_BOUNDS = {"int32": ("-(2**31)", "2**31 - 1"), "int64": ("-(2**63)", "2**63 - 1")}


def element_type(item: PrimitiveField, *, write: bool, enum_alias: str | None) -> str:
    """The type of one value: ``str``, ``datetime``, the enum's ``Literal`` alias (reads also accept unknown values)."""
    if item.kind == "enum":
        assert enum_alias is not None
        return enum_alias if write else f"{enum_alias} | str"
    return (_WRITE_TYPES if write else _READ_TYPES)[item.kind]


def filter_value_type(item: PrimitiveField, enum_alias: str | None) -> str:
    """The type of one value in a filter keyword (timestamps are any ``datetime``; the runtime checks the zone)."""
    if item.kind == "enum":
        assert enum_alias is not None
        return enum_alias
    return _READ_TYPES[item.kind]


def uses_any(item: PrimitiveField) -> bool:
    return item.kind == "json"


def default_literal(item: PrimitiveField) -> tuple[Expr, bool] | None:
    """The container default as a Python expression, and whether it is mutable (needs ``default_factory``).

    ``None`` when there is no default, or it is a time or date (shown in the docstring instead: as a string it would
    not have the field's type).
    """
    value = item.default
    if value is None or item.kind in ("timestamp", "date"):
        return None
    expr = _literal(value)
    return expr, isinstance(value, (dict, list))


def _literal(value: Any) -> Expr:
    if isinstance(value, bool):
        return Atom("True" if value else "False")
    if isinstance(value, int):
        return Atom(repr(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Atom(f'float("{value}")')
        return Atom(repr(value))
    if isinstance(value, str):
        return Atom(string_literal(value))
    if value is None:
        return Atom("None")
    if isinstance(value, list):
        return Display(tuple(Arg(_literal(item)) for item in value), "[]")
    if isinstance(value, dict):
        return Display(
            tuple(Arg(_literal(item), f"{string_literal(str(key))}: ") for key, item in value.items()),
            "{}",
        )
    return Atom(string_literal(json.dumps(value)))
