"""``instances/aggregate``: count, sum, avg, min, max and histograms over a view, optionally grouped, in SQL."""

from __future__ import annotations

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
        raise bad_request(
            f"{where}: property {pid!r} of view {view_label(view.key)} is a connection and cannot be aggregated"
        )
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
                raise bad_request(
                    f"groupBy[{index}]: cannot group by {name!r} ({target.kind}{'[]' if target.is_list else ''})"
                )
            groups.append((name, target))
        group_columns: list[str] = []
        for _, target in groups:
            if target.kind == "direct":
                group_columns += [target.space_expr or "NULL", target.xid_expr or "NULL"]
            else:
                group_columns.append(target.expr)
        metrics = _parse_metrics(compiler, view, aggregates_raw)
        where_sql = " AND ".join(conditions)
        g_cols = [f"g{n}" for n in range(len(group_columns))]
        columns = [*(f"{expr} AS g{n}" for n, expr in enumerate(group_columns))]
        columns += [f"{m['value']} AS v{n}" for n, m in enumerate(metrics)]
        inner = f"SELECT {', '.join(columns)} FROM instances i WHERE {where_sql}"
        # Like CDF's terms aggregation, instances without a value for a groupBy property are in no group.
        grouped = " AND ".join(f"{c} IS NOT NULL" for c in g_cols) or "1"
        group_by = f"GROUP BY {', '.join(g_cols)}" if g_cols else ""
        select = ", ".join([*g_cols, *(_outer(n, m) for n, m in enumerate(metrics)), "COUNT(*) AS n"])
        order = ", ".join(["n DESC", *g_cols])
        sql = f"SELECT {select} FROM ({inner}) WHERE {grouped} {group_by} ORDER BY {order} LIMIT {limit}"
        rows = conn.execute(sql, compiler.params).fetchall()
        items = []
        for row in rows:
            group_values = tuple(row[: len(g_cols)])
            item: dict[str, Any] = {"instanceType": instance_type}
            if groups:
                item["group"] = _group_dict(groups, group_values)
            values = row[len(g_cols) : len(g_cols) + len(metrics)]
            histogram = _Histograms(conn, compiler.params, inner, g_cols, group_values)
            item["aggregates"] = [
                _metric_output(histogram, metric, value, index)
                for index, (metric, value) in enumerate(zip(metrics, values, strict=True))
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
            raise bad_request(
                f"{where}: unknown aggregate {name!r}; expected one of avg, count, min, max, sum, histogram"
            )
        spec = as_object(spec if spec is not None else {}, join(where, name))
        here = join(where, name)
        check_keys(spec, {"property", "interval"} if name == "histogram" else {"property"}, here)
        if name == "count" and spec.get("property") is None:
            metrics.append({"name": "count", "property": "externalId", "value": "1"})
            continue
        pid, target = _target(compiler, view, spec.get("property"), join(here, "property"))
        if name != "count" and (target.is_list or target.kind not in NUMERIC_TYPES):
            raise bad_request(
                f"{join(here, 'property')}: {name} needs a numeric property; {pid!r} is {target.kind}{'[]' if target.is_list else ''}"
            )
        metric: dict[str, Any] = {"name": name, "property": pid, "value": target.expr}
        if name == "histogram":
            interval = spec.get("interval")
            if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval <= 0:
                raise bad_request(f"{join(here, 'interval')}: expected a positive number, got {interval!r}")
            metric["interval"] = interval
        metrics.append(metric)
    return metrics


def _outer(index: int, metric: dict[str, Any]) -> str:
    """The aggregate over inner column ``v{index}`` (histograms are computed by a query of their own)."""
    name = metric["name"]
    if name == "histogram":
        return "NULL"
    column = f"v{index}"
    return {
        "avg": f"AVG({column})",
        "count": f"COUNT({column})",
        "min": f"MIN({column})",
        "max": f"MAX({column})",
        "sum": f"TOTAL({column})",
    }[name]


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


class _Histograms:
    """Histogram buckets of one group, computed in SQL."""

    def __init__(
        self, conn: Any, params: dict[str, Any], inner: str, g_cols: list[str], group_values: tuple[Any, ...]
    ) -> None:
        self.conn = conn
        self.params = params
        self.inner = inner
        self.g_cols = g_cols
        self.group_values = group_values

    def buckets(self, index: int, interval: float, prop: str) -> list[dict[str, Any]]:
        column = f"v{index}"
        quotient = f"({column} * 1.0 / :hist_interval)"
        # floor() without relying on SQLite's optional math functions
        bucket = f"(CAST({quotient} AS INTEGER) - ({quotient} < CAST({quotient} AS INTEGER)))"
        match = " AND ".join(f"{col} = :hist_g{n}" for n, col in enumerate(self.g_cols)) or "1"
        params = {
            **self.params,
            "hist_interval": interval,
            **{f"hist_g{n}": v for n, v in enumerate(self.group_values)},
        }
        rows = self.conn.execute(
            f"SELECT {bucket} AS b, COUNT(*) FROM ({self.inner}) WHERE {match} AND {column} IS NOT NULL GROUP BY b ORDER BY b",
            params,
        ).fetchall()
        counts = {int(b): int(c) for b, c in rows}
        if not counts:
            return []
        low, high = min(counts), max(counts)
        if high - low + 1 > MAX_BUCKETS:
            raise bad_request(
                f"histogram on {prop!r}: interval {interval} gives {high - low + 1} buckets, more than {MAX_BUCKETS}"
            )
        return [{"start": b * interval, "count": counts.get(b, 0)} for b in range(low, high + 1)]


def _metric_output(histograms: _Histograms, metric: dict[str, Any], value: Any, index: int) -> dict[str, Any]:
    if metric["name"] == "histogram":
        interval = metric["interval"]
        buckets = histograms.buckets(index, interval, metric["property"])
        return {"aggregate": "histogram", "property": metric["property"], "interval": interval, "buckets": buckets}
    out: dict[str, Any] = {"aggregate": metric["name"], "property": metric["property"]}
    if value is not None:
        out["value"] = value
    return out
