"""Notebook display (``_repr_html_``) of read objects and lists, as HTML tables.

Self-contained (no pandas needed) and safe: every value is escaped, because instance data can contain anything. Long
lists show their first and last rows, long values are shortened, and connected objects show as their ids, so a
notebook cell stays readable whatever was read.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ._ids import EdgeId, NodeId

if TYPE_CHECKING:
    from ._instances import Instance, InstanceWrite

MAX_ROWS = 40  # a longer list shows the first and last MAX_ROWS // 2 rows
MAX_CELL = 80  # characters of one value
MAX_ITEMS = 5  # values of a list shown in one cell


def instance_html(item: Instance | InstanceWrite) -> str:
    """One read or write object as a two-column table: field, value."""
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{_cell(getattr(item, name, None))}</td></tr>"
        for name in type(item).model_fields
    )
    where = f"{getattr(item, 'space', None) or ''}:{getattr(item, 'external_id', '')}"
    caption = html.escape(f"{type(item).__name__} {where}")
    return f'<table class="pygen"><caption>{caption}</caption><tbody>{rows}</tbody></table>'


def instances_html(items: Sequence[Instance], title: str) -> str:
    """A list as a table, one row per item and one column per field (of every class in the list)."""
    columns: list[str] = list(dict.fromkeys(name for cls in _classes(items) for name in cls.model_fields))
    head = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
    shown: list[Instance | None] = list(items)
    if len(items) > MAX_ROWS:
        half = MAX_ROWS // 2
        shown = [*items[:half], None, *items[-half:]]
    body = "".join(
        f'<tr><td colspan="{len(columns)}">…</td></tr>'
        if item is None
        else "<tr>" + "".join(f"<td>{_cell(getattr(item, name, None))}</td>" for name in columns) + "</tr>"
        for item in shown
    )
    summary = html.escape(f"{title}: {len(items)} item{'' if len(items) == 1 else 's'}")
    return (
        f'<table class="pygen"><caption>{summary}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _classes(items: Sequence[Instance]) -> list[type[Instance]]:
    return list(dict.fromkeys(type(item) for item in items))


def _cell(value: Any) -> str:
    return html.escape(_shorten(_text(value)))


def _text(value: Any) -> str:
    from ._instances import Instance, InstanceWrite

    if value is None:
        return ""
    if isinstance(value, (Instance, InstanceWrite, NodeId, EdgeId)):
        return f"{getattr(value, 'space', None) or ''}:{getattr(value, 'external_id', '')}"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        shown = ", ".join(_text(item) for item in value[:MAX_ITEMS])
        more = f", … ({len(value)} in all)" if len(value) > MAX_ITEMS else ""
        return f"[{shown}{more}]"
    return str(value)


def _shorten(text: str) -> str:
    text = " ".join(text.split())  # newlines and tabs would break the table's rows visually
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
