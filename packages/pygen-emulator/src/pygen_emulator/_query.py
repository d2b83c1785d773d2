"""``instances/query``: named result-set expressions, chained by traversal, with per-set sort, limit and cursors."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from . import _cursors
from ._backend import Backend
from ._errors import bad_request
from ._paging import after, order_by, parse_sort, sort_columns
from ._render import N_COLUMNS, Projection, columns, render, typing
from ._request import as_object, check_keys, get_bool, get_int, get_obj, join, type_name
from ._result_sets import ResultSet, Traversal, evaluation_order, expression_kind, set_operation
from ._sources import parse_sources

_QUERY_KEYS = {"with", "select", "cursors", "parameters", "includeTyping", "debug"}
_NODE_EXPRESSION_KEYS = {"nodes", "sort", "limit"}
_EDGE_EXPRESSION_KEYS = {"edges", "sort", "postSort", "limit"}
_NODES_KEYS = {"from", "chainTo", "through", "direction", "filter"}
_EDGES_KEYS = {"from", "chainTo", "maxDistance", "direction", "filter", "nodeFilter", "terminationFilter", "limitEach"}
MAX_LIMIT = 10_000


def parse_named(body: dict[str, Any], key: str, *, required: bool) -> dict[str, Any]:
    value = get_obj(body, key, "", required=required) or {}
    if required and not value:
        raise bad_request(f"{key}: must contain at least one entry")
    if len(value) > 50:
        raise bad_request(f"{key}: at most 50 entries, got {len(value)}")
    return value


def _without_limit(raw: dict[str, Any]) -> dict[str, Any]:
    """A cursor stays valid when only the limit changes (as in /list; clients shrink the last page to a limit)."""
    return {key: value for key, value in raw.items() if key != "limit"}


def parse_cursors(body: dict[str, Any], with_: dict[str, Any]) -> dict[str, str]:
    cursors = {}
    for name, cursor in parse_named(body, "cursors", required=False).items():
        if cursor is None:
            continue
        if name not in with_:
            raise bad_request(f"cursors.{name}: there is no result set expression {name!r} in with")
        if not isinstance(cursor, str):
            raise bad_request(f"cursors.{name}: expected a cursor string, got {type_name(cursor)}")
        cursors[name] = cursor
    return cursors


class Evaluator:
    def __init__(self, backend: Backend, conn: sqlite3.Connection, parameters: dict[str, Any]) -> None:
        self.registry = backend.registry
        self.conn = conn
        self.parameters = parameters
        self.traversal = Traversal(self.registry, conn, parameters)
        self.results: dict[str, ResultSet] = {}
        self.next_cursors: dict[str, str] = {}

    def evaluate(self, name: str, raw: Any, cursor: str | None) -> ResultSet:
        where = f"with.{name}"
        kind = expression_kind(raw, where)
        if kind == "set":
            result = self._set(name, raw, cursor, where)
        else:
            result = self._instances(name, raw, kind, cursor, where)
        self.results[name] = result
        return result

    def _set(self, name: str, raw: dict[str, Any], cursor: str | None, where: str) -> ResultSet:
        ids, kind = set_operation(raw, self.results, where)
        limit = get_int(raw, "limit", where, default=100, minimum=1, maximum=MAX_LIMIT)
        fingerprint = _cursors.fingerprint(name, _without_limit(raw), self.parameters)
        offset = int(_cursors.decode(cursor, f"cursors.{name}", expected_fingerprint=fingerprint)["o"]) if cursor else 0
        page = ids[offset : offset + limit]
        if offset + limit < len(ids):
            self.next_cursors[name] = _cursors.encode({"o": offset + limit, "f": fingerprint})
        return ResultSet(name, kind, page)

    def _instances(self, name: str, raw: dict[str, Any], kind: str, cursor: str | None, where: str) -> ResultSet:
        check_keys(raw, _NODE_EXPRESSION_KEYS if kind == "nodes" else _EDGE_EXPRESSION_KEYS, where)
        spec_where = join(where, kind)
        spec = as_object(raw[kind] if raw[kind] is not None else {}, spec_where)
        check_keys(spec, _NODES_KEYS if kind == "nodes" else _EDGES_KEYS, spec_where)
        instance_type = "node" if kind == "nodes" else "edge"
        limit = get_int(raw, "limit", where, default=100, minimum=1, maximum=MAX_LIMIT)
        compiler = self.traversal.compiler(instance_type)
        conditions = [f"i.kind = '{instance_type}'", "i.deleted IS NULL"]
        direction = "outwards"
        filter_done = False
        source = spec.get("from")
        if source is not None:
            parent = self.results[source]
            if kind == "nodes":
                if spec.get("through") is not None:
                    candidates = self.traversal.through(spec, parent, spec_where)
                else:
                    chain_to = spec.get("chainTo", "destination")
                    if chain_to not in ("source", "destination"):
                        raise bad_request(
                            f"{join(spec_where, 'chainTo')}: expected source or destination, got {chain_to!r}"
                        )
                    candidates = self.traversal.chain_nodes(parent, chain_to)
            else:
                direction = spec.get("direction") or "outwards"
                candidates = self.traversal.edges_from(spec, parent, spec_where)
                filter_done = True
            conditions.append(f"i.id IN (SELECT value FROM json_each({compiler.add(json.dumps(candidates))}))")
        elif kind == "edges":
            direction = spec.get("direction") or "outwards"
            if spec.get("nodeFilter") is not None:
                far = "end_id" if direction == "outwards" else "start_id"
                node_sql = compiler.compile(spec["nodeFilter"], join(spec_where, "nodeFilter"), alias="nf")
                conditions.append(f"EXISTS (SELECT 1 FROM instances nf WHERE nf.id = i.{far} AND {node_sql})")
        if spec.get("filter") is not None and not filter_done:
            conditions.append(compiler.compile(spec["filter"], join(spec_where, "filter")))
        sort_raw = raw.get("postSort") or raw.get("sort")
        keys = parse_sort(compiler, sort_raw, join(where, "sort"))
        fingerprint = _cursors.fingerprint(name, _without_limit(raw), self.parameters)
        if cursor:
            state = _cursors.decode(cursor, f"cursors.{name}", expected_fingerprint=fingerprint)
            conditions.append(after(compiler, keys, state.get("k", []), int(state["id"])))
        rows = self.conn.execute(
            f"SELECT i.id{sort_columns(keys)} FROM instances i WHERE {' AND '.join(conditions)} "
            f"ORDER BY {order_by(keys)} LIMIT {limit + 1}",
            compiler.params,
        ).fetchall()
        page = rows[:limit]
        if len(rows) > limit:
            last = page[-1]
            self.next_cursors[name] = _cursors.encode({"k": list(last[1:]), "id": last[0], "f": fingerprint})
        return ResultSet(name, instance_type, [row[0] for row in page], direction, has_more=len(rows) > limit)

    def select(
        self, name: str, raw: Any, *, with_typing: bool, allow_sort: bool = True
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        where = f"select.{name}"
        obj = as_object(raw if raw is not None else {}, where)
        check_keys(obj, {"sources", "sort", "limit"} if allow_sort else {"sources"}, where)
        result = self.results[name]
        views, selected = parse_sources(self.registry, obj.get("sources"), join(where, "sources"), with_properties=True)
        ids = result.ids
        instance_type = None if result.kind == "mixed" else result.kind
        if obj.get("sort") or obj.get("limit") is not None:
            compiler = self.traversal.compiler(instance_type)
            keys = parse_sort(compiler, obj.get("sort"), join(where, "sort"))
            limit = get_int(obj, "limit", where, default=len(ids) or 1, minimum=1, maximum=MAX_LIMIT)
            compiler.params["ids"] = json.dumps(ids)
            ids = [
                row[0]
                for row in self.conn.execute(
                    f"SELECT i.id FROM instances i WHERE i.id IN (SELECT value FROM json_each(:ids)) ORDER BY {order_by(keys)} LIMIT {limit}",
                    compiler.params,
                )
            ]
        rows = fetch_rows(self.conn, ids, instance_type)
        projection = Projection(views, selected) if views else None
        props = projection.fetch(self.conn, ids) if projection else {}
        return render(rows, projection, props), (typing(views, selected) if with_typing and views else None)


def fetch_rows(conn: sqlite3.Connection, ids: list[int], instance_type: str | None) -> list[tuple[Any, ...]]:
    if not ids:
        return []
    return conn.execute(
        f"SELECT {columns(instance_type)} FROM json_each(?) k JOIN instances i ON i.id = k.value ORDER BY k.key",
        (json.dumps(ids),),
    ).fetchall()


def query(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, _QUERY_KEYS, "")
    with_ = parse_named(body, "with", required=True)
    select = parse_named(body, "select", required=True)
    for name in select:
        if name not in with_:
            raise bad_request(f"select.{name}: there is no result set expression {name!r} in with")
    cursors = parse_cursors(body, with_)
    parameters = get_obj(body, "parameters", "") or {}
    include_typing = get_bool(body, "includeTyping", "", False)
    with backend.store.read() as conn:
        evaluator = Evaluator(backend, conn, parameters)
        for name in evaluation_order(with_, "with"):
            evaluator.evaluate(name, with_[name], cursors.get(name))
        items: dict[str, Any] = {}
        typings: dict[str, Any] = {}
        for name, raw in select.items():
            items[name], type_info = evaluator.select(name, raw, with_typing=include_typing)
            if type_info is not None:
                typings[name] = type_info
    out: dict[str, Any] = {"items": items, "nextCursor": evaluator.next_cursors}
    if include_typing:
        out["typing"] = typings
    return out


_ = N_COLUMNS
