"""DMS types -> TypeScript types, property specs and filter-argument types (as layout nodes)."""

from __future__ import annotations

from .._ir import PrimitiveField
from .._naming.typescript import ArgKind
from ._layout import Atom, Concat, Doc, Parens, Union

__all__ = [
    "arg_element",
    "arg_type",
    "list_of",
    "nullable",
    "primitive_read",
    "primitive_write",
    "union",
]

_SCALARS = {
    "text": "string",
    "timeseries": "string",
    "file": "string",
    "sequence": "string",
    "date": "string",
    "boolean": "boolean",
    "int32": "number",
    "int64": "number",
    "float32": "number",
    "float64": "number",
    "timestamp": "Date",
    "json": "Record<string, unknown>",
}
# Reads accept enum values added to the model after generation; `string & Record<never, never>` keeps editors
# suggesting the known values.
OPEN_STRING = "(string & Record<never, never>)"


def union(*members: Doc | str) -> Doc:
    """``A | B | ...`` (unions inside are flattened; one member is the member itself)."""
    flat: list[Doc] = []
    for member in members:
        item = Atom(member) if isinstance(member, str) else member
        flat.extend(item.members if isinstance(item, Union) else (item,))
    return flat[0] if len(flat) == 1 else Union(tuple(flat))


def list_of(element: Doc, *, readonly: bool) -> Doc:
    """``T[]``, ``readonly T[]``, ``(A | B)[]``."""
    prefix = (Atom("readonly "),) if readonly else ()
    if isinstance(element, Union):
        return Concat((*prefix, Parens(element), Atom("[]")))
    if isinstance(element, Atom) and not prefix:
        return Atom(f"{element.text}[]")
    return Concat((*prefix, element, Atom("[]")))


def nullable(value: Doc) -> Doc:
    return union(value, "null")


def _element(item: PrimitiveField, enum_name: str | None, *, write: bool) -> Doc:
    if item.kind == "enum":
        assert enum_name is not None
        return Atom(enum_name) if write else union(enum_name, OPEN_STRING)
    if item.kind == "int64" and write:
        return union("number", "bigint")
    return Atom(_SCALARS[item.kind])


def primitive_read(item: PrimitiveField, enum_name: str | None) -> Doc:
    """The read type: ``T`` (``T[]`` for lists), ``| null`` unless the container says not nullable."""
    element = _element(item, enum_name, write=False)
    value = list_of(element, readonly=False) if item.is_list else element
    return nullable(value) if item.nullable else value


def primitive_write(item: PrimitiveField, enum_name: str | None) -> Doc:
    """The write type: lists are ``readonly``; ``| null`` (clears the value) when the property is nullable."""
    element = _element(item, enum_name, write=True)
    value = list_of(element, readonly=True) if item.is_list else element
    return nullable(value) if item.nullable else value


def arg_type(kind: ArgKind, element: Doc) -> Doc:
    """The type of a filter argument of ``kind`` over values of type ``element``."""
    if kind == "equalsOrIn":
        return union(element, list_of(element, readonly=True))
    if kind in ("containsAny", "containsAll"):
        return list_of(element, readonly=True)
    return element


def arg_element(item: PrimitiveField, enum_name: str | None) -> Doc:
    """One value in a filter argument: like a written value (int64 as ``number | bigint``, enums closed)."""
    return _element(item, enum_name, write=True)
