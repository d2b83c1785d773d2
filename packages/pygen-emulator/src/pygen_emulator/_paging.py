"""Sorting and keyset paging in SQL: ORDER BY the sort keys (nulls placed as asked) then the row id, and a cursor that
remembers the last row's sort values so the next page starts right after it: no duplicates, no gaps, even when rows
are written between pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._filters import Compiler
from ._request import as_object, check_keys, get_bool, get_str, join


@dataclass
class SortKey:
    expr: str
    descending: bool
    nulls_first: bool


def parse_sort(
    compiler: Compiler, raw: Any, where: str, *, alias: str = "i", allow_nulls_first: bool = True, max_items: int = 5
) -> list[SortKey]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raw = [raw]
    if len(raw) > max_items:
        from ._errors import bad_request

        raise bad_request(f"{where}: at most {max_items} sort keys, got {len(raw)}")
    keys = []
    for index, item in enumerate(raw):
        here = join(where, index)
        obj = as_object(item, here)
        check_keys(
            obj, {"property", "direction", "nullsFirst"} if allow_nulls_first else {"property", "direction"}, here
        )
        target = compiler.sort_target(obj.get("property"), join(here, "property"), alias)
        direction = get_str(obj, "direction", here, default="ascending", choices=("ascending", "descending"))
        keys.append(SortKey(target.expr, direction == "descending", get_bool(obj, "nullsFirst", here, False)))
    return keys


def order_by(keys: list[SortKey], alias: str = "i") -> str:
    parts = []
    for key in keys:
        parts.append(f"({key.expr} IS NULL) {'DESC' if key.nulls_first else 'ASC'}")
        parts.append(f"{key.expr} {'DESC' if key.descending else 'ASC'}")
    parts.append(f"{alias}.id ASC")
    return ", ".join(parts)


def sort_columns(keys: list[SortKey]) -> str:
    return "".join(f", {key.expr}" for key in keys)


def after(compiler: Compiler, keys: list[SortKey], values: list[Any], last_id: int, alias: str = "i") -> str:
    """The keyset condition "this row sorts after the row with these sort values and id"."""
    if not isinstance(values, list) or len(values) != len(keys):
        from ._errors import bad_request

        raise bad_request("cursor: the cursor does not match the sort of this request")
    alternatives = []
    equal_so_far: list[str] = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            beyond = f"({key.expr} IS NOT NULL)" if key.nulls_first else "0"
        else:
            op = "<" if key.descending else ">"
            beyond = f"({key.expr} {op} {compiler.add(value)})"
            if not key.nulls_first:
                beyond = f"({beyond} OR {key.expr} IS NULL)"
        alternatives.append("(" + " AND ".join([*equal_so_far, beyond]) + ")")
        equal_so_far.append(f"({key.expr} IS {compiler.add(value)})")
    alternatives.append("(" + " AND ".join([*equal_so_far, f"{alias}.id > {compiler.add(last_id)}"]) + ")")
    return "(" + " OR ".join(alternatives) + ")"
