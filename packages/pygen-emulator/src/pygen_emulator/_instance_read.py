"""``instances/list`` and ``instances/byids``: filtered, sorted, keyset-paged reads compiled to SQL."""

from __future__ import annotations

import json
from typing import Any

from . import _cursors
from ._backend import Backend
from ._filters import Compiler
from ._instance_ids import parse_instance_id
from ._paging import after, order_by, parse_sort, sort_columns
from ._render import N_COLUMNS, Projection, columns, render, typing
from ._request import as_object, check_keys, get_bool, get_int, get_list, get_str, join
from ._sources import parse_sources

_LIST_KEYS = {"instanceType", "sources", "filter", "sort", "limit", "cursor", "includeTyping", "debug"}


def list_(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, _LIST_KEYS, "")
    instance_type = get_str(body, "instanceType", "", default="node", choices=("node", "edge"))
    limit = get_int(body, "limit", "", default=1000, minimum=1, maximum=1000)
    include_typing = get_bool(body, "includeTyping", "", False)
    registry = backend.registry
    with backend.store.read() as conn:
        views, _ = parse_sources(registry, body.get("sources"), "sources")
        compiler = Compiler(registry, instance_type)
        conditions = [f"i.kind = {compiler.add(instance_type)}", "i.deleted IS NULL"]
        conditions.extend(compiler.membership(view) for view in views)
        if body.get("filter") is not None:
            conditions.append(compiler.compile(body["filter"], "filter"))
        keys = parse_sort(compiler, body.get("sort"), "sort")
        fingerprint = _cursors.fingerprint(instance_type, body.get("sources"), body.get("filter"), body.get("sort"))
        if body.get("cursor") is not None:
            state = _cursors.decode(body["cursor"], "cursor", expected_fingerprint=fingerprint)
            conditions.append(after(compiler, keys, state.get("k", []), int(state["id"])))
        sql = (
            f"SELECT {columns(instance_type)}{sort_columns(keys)} FROM instances i WHERE {' AND '.join(conditions)} "
            f"ORDER BY {order_by(keys)} LIMIT {limit + 1}"
        )
        rows = conn.execute(sql, compiler.params).fetchall()
        page = rows[:limit]
        projection = Projection(views) if views else None
        props = projection.fetch(conn, (row[0] for row in page)) if projection else {}
        out: dict[str, Any] = {"items": render(page, projection, props)}
        if include_typing:
            out["typing"] = typing(views)
    if len(rows) > limit:
        last = page[-1]
        out["nextCursor"] = _cursors.encode({"k": list(last[N_COLUMNS:]), "id": last[0], "f": fingerprint})
    return out


def by_ids(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, {"items", "sources", "includeTyping"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=1000)
    keys = [parse_instance_id(raw, join("items", i), default_type="node")[0] for i, raw in enumerate(items)]
    include_typing = get_bool(body, "includeTyping", "", False)
    registry = backend.registry
    with backend.store.read() as conn:
        views, _ = parse_sources(registry, body.get("sources"), "sources")
        kinds = {key[0] for key in keys}
        # The spec (SourceSelectorWithoutPropertiesV3): "The node/edge must have data in all the sources defined".
        compiler = Compiler(registry, None)
        conditions = ["i.deleted IS NULL", *(compiler.membership(view) for view in views)]
        ids_param = compiler.add(json.dumps(list(dict.fromkeys(keys))))
        sql = (
            f"SELECT {columns(None if len(kinds) > 1 or 'edge' in kinds else 'node')} FROM json_each({ids_param}) k "
            "JOIN instances i ON i.space = json_extract(k.value, '$[1]') AND "
            "i.external_id = json_extract(k.value, '$[2]') AND i.kind = json_extract(k.value, '$[0]') "
            f"WHERE {' AND '.join(conditions)} ORDER BY k.key"
        )
        rows = conn.execute(sql, compiler.params).fetchall()
        projection = Projection(views) if views else None
        props = projection.fetch(conn, (row[0] for row in rows)) if projection else {}
        out: dict[str, Any] = {"items": render(rows, projection, props)}
        if include_typing:
            out["typing"] = typing(views)
    return out
