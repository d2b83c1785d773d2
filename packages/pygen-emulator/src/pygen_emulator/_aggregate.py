"""``instances/aggregate``: count, sum, avg, min, max and histograms over a view, optionally grouped, in SQL."""

from __future__ import annotations

import json
from typing import Any

from ._backend import Backend
from ._errors import bad_request
from ._filters import BASE_FIELDS, Compiler, Target
from ._property_types import parse_view_ref
from ._request import as_object, check_keys, get_bool, get_int, get_list, get_str, join
from ._schema import MappedProperty, ResolvedView, view_label
from ._search import text_match
from ._values import NUMERIC_TYPES

_KEYS = {
    "view",
    "instanceType",
    "query",
    "properties",
    "filter",
    "operator",
    "groupBy",
    "aggregates",
    "limit",
    "targetUnits",
    "includeTyping",
}
_GROUPABLE = NUMERIC_TYPES | {"text", "direct", "boolean", "enum"}
MAX_BUCKETS = 10_000


def _target(compiler: Compiler, view: ResolvedView, pid: Any, where: str) -> tuple[str, Target]:
    if not isinstance(pid, str):
        raise bad_request(f"{where}: expected a property id (a string), got {pid!r}")
    prop = view.properties.get(pid)
    if prop is None and pid in BASE_FIELDS and pid not in ("type", "startNode", "endNode", "deletedTime"):
        return pid, compiler.target([compiler.instance_type or "node", pid], where)
    if prop is None:
        raise bad_request(f"{where}: Unknown property {pid!r} in view {view_label(view.key)}")
    if not isinstance(prop, MappedProperty):
        raise bad_request(f"{where}: property {pid!r} of view {view_label(view.key)} is a connection and cannot be aggregated")
    return pid, compiler.target([view.record.space, view.group_key, pid], where)


def aggregate(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, _KEYS, "")
    if body.get("targetUnits"):
        raise bad_request("targetUnits: unit conversion is not supported by the emulator")
    ref = parse_view_ref(body.get("view"), "view")
    key = (ref["space"], ref["externalId"], ref["version"])
    instance_type = get_str(body, "instanceType", "", default="node", choices=("node", "edge"))
    limit = get_int(body, "limit", "", default=100, minimum=1, maximum=1000)
    group_raw = get_list(body, "groupBy", "", max_items=5)
    aggregates_raw = get_list(body, "aggregates", "", max_items=5) or [{"count": {}}]
    registry = backend.registry
    with backend.store.read() as conn:
        if key not in registry.views:
            raise bad_request(f"view: One or more views do not exist: {view_label(key)}", missing=[ref])
        view = registry.resolve(key)
        compiler = Compiler(registry, instance_type)
        conditions = [f"i.kind = {compiler.add(instance_type)}", "i.deleted IS NULL", compiler.membership(view)]
        if body.get("filter") is not None:
            conditions.append(compiler.compile(body["filter"], "filter"))
        score = text_match(compiler, body, view)
        if score is not None:
            conditions.append(f"{score} > 0")
        groups = []
        for index, pid in enumerate(group_raw):
            name, target = _target(compiler, view, pid, join("groupBy", index))
            if target.is_list or target.kind not in _GROUPABLE:
                raise bad_request(f"groupBy[{index}]: cannot group by {name!r} ({target.kind}{'[]' if target.is_list else ''})")
            groups.append((name, target))
        group_columns: list[str] = []
        for _, target in groups:
            if target.kind == "direct":
                group_columns += [target.space_expr or "NULL", target.xid_expr or "NULL"]
            else:
                group_columns.append(target.expr)
        metrics = _parse_metrics(compiler, view, aggregates_raw)
        where_sql = " AND ".join(conditions)
        scalar_exprs = ["COUNT(*)"] + [m["sql"] for m in metrics if m["sql"] is not None]
        g_cols = [f"g{n}" for n in range(len(group_columns))]
        inner = ", ".join([*(f"{expr} AS g{n}" for n, expr in enumerate(group_columns)), *(f"{m['value']} AS v{n}" for n, m in enumerate(metrics))]) or "1"
        group_by = f"GROUP BY {', '.join(g_cols)}" if g_cols else ""
        select = ", ".join([*g_cols, *_outer_exprs(metrics)]) if metrics else ", ".join(g_cols)
        sql = (
            f"SELECT {select}, COUNT(*) AS n FROM (SELECT {inner} FROM instances i WHERE {where_sql}) {group_by} "
            f"ORDER BY n DESC{''.join(f', {c}' for c in g_cols)} LIMIT {limit}"
        )
        del scalar_exprs
        rows = conn.execute(sql, compiler.params).fetchall()
        if not g_cols and not rows:
            rows = [tuple([None] * len(metrics)) + (0,)]
        items = []
        for row in rows:
            group_values = row[: len(g_cols)]
            if any(value is None for value in group_values):
                continue  # like CDF's terms aggregation: instances without a value are in no group
            item: dict[str, Any] = {"instanceType": instance_type}
            if groups:
                item["group"] = _group_dict(groups, group_values)
            values = row[len(g_cols) : len(g_cols) + len(metrics)]
            item["aggregates"] = [
                _metric_output(conn, compiler, metric, value, inner, where_sql, g_cols, group_values, index)
                for index, (metric, value) in enumerate(zip(metrics, values))
            ]
            items.append(item)
        out: dict[str, Any] = {"items": items}
        if get_bool(body, "includeTyping", "", False):
            from ._render import typing

            out["typing"] = typing([view])
    return out


def _parse_metrics(compiler: Compiler, view: ResolvedView, raw: list[Any]) -> list[dict[str, Any]]:
    metrics = []
    for index, item in enumerate(raw):
        where = join("aggregates", index)
        obj = as_object(item, where)
        if len(obj) != 1:
            raise bad_request(f"{where}: expected one of avg, count, min, max, sum, histogram")
        name, spec = next(iter(obj.items()))
        if name not in ("avg", "count", "min", "max", "sum", "histogram"):
            raise bad_request(f"{where}: unknown aggregate {name!r}; expected one of avg, count, min, max, sum, histogram")
        spec = as_object(spec if spec is not None else {}, join(where, name))
        here = join(where, name)
        check_keys(spec, {"property", "interval"} if name == "histogram" else {"property"}, here)
        if name == "count" and spec.get("property") is None:
            metrics.append({"name": "count", "property": "externalId", "value": "1", "sql": "COUNT(*)"})
            continue
        pid, target = _target(compiler, view, spec.get("property"), join(here, "property"))
        if name != "count" and (target.is_list or target.kind not in NUMERIC_TYPES):
            raise bad_request(f"{join(here, 'property')}: {name} needs a numeric property; {pid!r} is {target.kind}{'[]' if target.is_list else ''}")
        metric: dict[str, Any] = {"name": name, "property": pid, "value": target.expr}
        if name == "histogram":
            interval = spec.get("interval")
            if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval <= 0:
                raise bad_request(f"{join(here, 'interval')}: expected a positive number, got {interval!r}")
            metric["interval"] = interval
            metric["sql"] = None
        else:
            column = f"v{index}"
            metric["sql"] = {"avg": f"AVG({column})", "count": f"COUNT({column})", "min": f"MIN({column})", "max": f"MAX({column})", "sum": f"TOTAL({column})"}[name]
        metrics.append(metric)
    return metrics


def _outer_exprs(metrics: list[dict[str, Any]]) -> list[str]:
    out = []
    for index, metric in enumerate(metrics):
        if metric["sql"] is None:
            out.append("NULL")
        elif metric["sql"] == "COUNT(*)":
            out.append("COUNT(*)")
        else:
            out.append(metric["sql"].replace(f"v{index}", f"v{index}"))
    return out


def _group_dict(groups: list[tuple[str, Target]], values: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    position = 0
    for name, target in groups:
        if target.kind == "direct":
            space, xid = values[position], values[position + 1]
            position += 2
            if space is not None:
                out[name] = {"space": space, "externalId": xid}
            continue
        value = values[position]
        position += 1
        if value is None:
            continue
        out[name] = bool(value) if target.kind == "boolean" else value
    return out


def _metric_output(
    conn: Any,
    compiler: Compiler,
    metric: dict[str, Any],
    value: Any,
    inner: str,
    where_sql: str,
    g_cols: list[str],
    group_values: tuple[Any, ...],
    index: int,
) -> dict[str, Any]:
    if metric["name"] != "histogram":
        out: dict[str, Any] = {"aggregate": metric["name"], "property": metric["property"]}
        if value is not None:
            out["value"] = value
        elif metric["name"] in ("count", "sum"):
            out["value"] = 0
        return out
    interval = metric["interval"]
    match = " AND ".join(f"{col} IS :hg{n}" for n, col in enumerate(g_cols)) or "1"
    params = dict(compiler.params)
    params.update({f"hg{n}": value for n, value in enumerate(group_values)})
    params["hist_interval"] = interval
    bucket = (
        f"(CASE WHEN v{index} * 1.0 / :hist_interval < CAST(v{index} * 1.0 / :hist_interval AS INTEGER) "
        f"THEN CAST(v{index} * 1.0 / :hist_interval AS INTEGER) - 1 ELSE CAST(v{index} * 1.0 / :hist_interval AS INTEGER) END)"
    )
    rows = conn.execute(
        f"SELECT {bucket} AS b, COUNT(*) FROM (SELECT {inner} FROM instances i WHERE {where_sql}) WHERE {match} "
        f"AND v{index} IS NOT NULL GROUP BY b ORDER BY b",
        params,
    ).fetchall()
    counts = {int(b): int(c) for b, c in rows}
    buckets = []
    if counts:
        low, high = min(counts), max(counts)
        if high - low + 1 > MAX_BUCKETS:
            raise bad_request(
                f"histogram on {metric['property']!r}: interval {interval} gives {high - low + 1} buckets, more than {MAX_BUCKETS}"
            )
        buckets = [{"start": b * interval, "count": counts.get(b, 0)} for b in range(low, high + 1)]
    return {"aggregate": "histogram", "property": metric["property"], "interval": interval, "buckets": buckets}


_ = json
