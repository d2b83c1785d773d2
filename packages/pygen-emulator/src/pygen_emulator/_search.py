"""``instances/search``: text query over a view's text properties, with filters, relevance or explicit sort."""

from __future__ import annotations

import json
from typing import Any

from ._backend import Backend
from ._errors import bad_request
from ._filters import Compiler, json_path, sql_str
from ._paging import order_by, parse_sort
from ._property_types import parse_view_ref
from ._render import Projection, columns, render, typing
from ._request import as_object, check_keys, get_bool, get_int, get_str, type_name
from ._schema import view_label
from ._text_search import FUNCTION, register, text_properties, tokens

_KEYS = {
    "view",
    "query",
    "instanceType",
    "properties",
    "targetUnits",
    "filter",
    "includeTyping",
    "sort",
    "operator",
    "limit",
}


def _contains_overlaps(raw: Any) -> bool:
    if isinstance(raw, dict):
        return "overlaps" in raw or any(_contains_overlaps(v) for v in raw.values())
    if isinstance(raw, list):
        return any(_contains_overlaps(v) for v in raw)
    return False


def text_match(compiler: Compiler, body: dict[str, Any], view: Any, where: str = "") -> str | None:
    """The SQL relevance expression of ``query``/``properties``/``operator``, or None when there is no query."""
    query = get_str(body, "query", where)
    operator = get_str(body, "operator", where, default="OR", choices=("AND", "OR"))
    props = text_properties(view, body.get("properties"), "properties")
    if query is None or not tokens(query):
        return None
    texts = [
        f"json_extract((SELECT data FROM props WHERE inst_id = i.id AND container_id = {p.container_id}), {sql_str(json_path(p.cprop))})"
        for p in props
    ]
    args = ", ".join([compiler.add(json.dumps(tokens(query))), "1" if operator == "AND" else "0", *texts])
    return f"{FUNCTION}({args})"


def search(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, _KEYS, "")
    if body.get("targetUnits"):
        raise bad_request("targetUnits: unit conversion is not supported by the emulator")
    ref = parse_view_ref(body.get("view"), "view")
    key = (ref["space"], ref["externalId"], ref["version"])
    instance_type = get_str(body, "instanceType", "", default="node", choices=("node", "edge"))
    limit = get_int(body, "limit", "", default=1000, minimum=1, maximum=1000)
    registry = backend.registry
    with backend.store.read() as conn:
        register(conn)
        if key not in registry.views:
            raise bad_request(f"view: One or more views do not exist: {view_label(key)}", missing=[ref])
        view = registry.resolve(key)
        compiler = Compiler(registry, instance_type)
        conditions = [f"i.kind = {compiler.add(instance_type)}", "i.deleted IS NULL", compiler.membership(view)]
        if body.get("filter") is not None:
            if _contains_overlaps(body["filter"]):
                raise bad_request("filter: the overlaps filter is not supported in search")
            conditions.append(compiler.compile(body["filter"], "filter"))
        score = text_match(compiler, body, view)
        if score is not None:
            conditions.append(f"{score} > 0")
        sort_raw = body.get("sort")
        if sort_raw is not None and not isinstance(sort_raw, list):
            raise bad_request(f"sort: expected an array, got {type_name(sort_raw)}")
        keys = parse_sort(compiler, sort_raw, "sort", allow_nulls_first=False)
        ordering = order_by(keys) if keys or score is None else f"{score} DESC, i.id ASC"
        sql = f"SELECT {columns(instance_type)} FROM instances i WHERE {' AND '.join(conditions)} ORDER BY {ordering} LIMIT {limit}"
        rows = conn.execute(sql, compiler.params).fetchall()
        projection = Projection([view])
        out: dict[str, Any] = {"items": render(rows, projection, projection.fetch(conn, (r[0] for r in rows)))}
        if get_bool(body, "includeTyping", "", False):
            out["typing"] = typing([view])
    return out
