"""The documentation text of generated TypeScript (JSDoc paragraphs), from the model's names and descriptions."""

from __future__ import annotations

import json

from .._ir import Field, PrimitiveField, View

__all__ = ["field_summary", "one_line", "primitive_notes", "view_summary", "view_where"]

_REFERENCE_TEXT = {"timeseries": "a CDF time series", "file": "a CDF file", "sequence": "a CDF sequence"}


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _squash(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def field_summary(item: Field) -> str:
    """A field's name (unless it only repeats the property id) and description, on one line."""
    name = item.name if item.name and _squash(item.name) != _squash(item.property_id) else None
    parts = [one_line(part).rstrip(".") for part in (name, item.description) if part and part.strip()]
    if len(parts) == 2 and _squash(parts[1]).startswith(_squash(parts[0])):
        parts = parts[1:]
    text = ". ".join(parts)
    return f"{text}." if text and text[-1].isalnum() else text


def view_summary(view: View) -> str:
    """The view's description, or its name when it has none (unless that only repeats the external id)."""
    if view.description and view.description.strip():
        return view.description.strip()
    if view.name and _squash(view.name) != _squash(view.id.external_id):
        return one_line(view.name)
    return ""


def view_where(view: View) -> str:
    """``View `space:externalId/version```, or ``Edge view ...`` for edge views."""
    kind = "Edge view" if view.kind == "edge" else "View"
    return f"{kind} `{view.id}`"


def primitive_notes(item: PrimitiveField, *, write: bool) -> list[str]:
    """What a reader of the field needs to know beyond its description: the shape of the value, its unit, and for
    writes how CDF fills it."""
    notes: list[str] = []
    if item.kind == "date":
        notes.append('A date, `"YYYY-MM-DD"`.')
    elif item.kind == "int64":
        notes.append(
            "An int64: values beyond 2^53 lose precision when read"
            + ("; a `bigint` is sent exactly." if write else " (keep such ids in text properties).")
        )
    elif item.kind in _REFERENCE_TEXT:
        notes.append(f"The external id of {_REFERENCE_TEXT[item.kind]}.")
    elif item.kind == "enum" and not write:
        notes.append("Values unknown to this SDK (added to the model later) are passed through.")
    if item.unit:
        notes.append(f"Unit `{item.unit}`.")
    if item.read_only:
        notes.append("Maintained by CDF: read-only.")
    if write:
        if item.default is not None and not item.auto_increment:
            notes.append(f"Default `{json.dumps(item.default, ensure_ascii=False)}` when left out on create.")
        if item.auto_increment:
            notes.append("Set by DMS when left out.")
        if item.immutable:
            notes.append("Cannot change once written.")
    return notes
