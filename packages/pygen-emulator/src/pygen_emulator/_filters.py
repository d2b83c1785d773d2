"""Compiling DMS filters (and sorts) to SQL over the ``instances`` and ``props`` tables.

A filter becomes one boolean SQL expression about an instance row alias (``i`` by default). Property values are read
from the instance's container row with JSON1: ``json_extract((SELECT data FROM props WHERE inst_id = i.id AND
container_id = 7), '$."name"')``. Every leaf is wrapped so it is never NULL: a leaf about a missing property is
false, so ``not`` of it is true (see the README's notes on null semantics).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ._errors import bad_request
from ._filter_shape import RANGE_KEYS, check_filter_shape, check_property_ref
from ._request import join, short, type_name
from ._schema import ContainerProperty, MappedProperty, Registry, ResolvedView, ViewKey, view_label
from ._values import NUMERIC_TYPES, normalize_date, normalize_timestamp

# Base (instance-level) fields: name -> (value kind, column template, edge only)
BASE_FIELDS: dict[str, tuple[str, str, bool]] = {
    "externalId": ("text", "{a}.external_id", False),
    "space": ("text", "{a}.space", False),
    "instanceType": ("text", "{a}.kind", False),
    "version": ("int64", "{a}.version", False),
    "createdTime": ("epoch", "{a}.created", False),
    "lastUpdatedTime": ("epoch", "{a}.updated", False),
    "deletedTime": ("epoch", "{a}.deleted", False),
    "type": ("direct", "", False),
    "startNode": ("direct", "", True),
    "endNode": ("direct", "", True),
}


def json_path(prop: str) -> str:
    return '$."' + prop.replace('"', '\\"') + '"'


def sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Target:
    """A resolved property reference: how to read it in SQL and what kind of value it holds."""

    label: str
    kind: str  # text, int32, ..., timestamp, date, json, direct, enum, boolean, epoch, ...
    is_list: bool
    expr: str  # scalar SQL expression (JSON text for lists and objects)
    space_expr: str | None = None  # direct relations: the target's space and externalId
    xid_expr: str | None = None
    data_expr: str | None = None  # container properties: the container row's JSON
    path: str | None = None
    prop: ContainerProperty | None = None
    base: str | None = None

    def each(self) -> str:
        """A json_each table source over a list property."""
        return f"json_each({self.data_expr}, {sql_str(self.path or '$')})"


class Compiler:
    """Compiles filters and sorts for one request; collects the SQL parameters (named, ``:p0``, ``:p1``, ...)."""

    def __init__(
        self,
        registry: Registry,
        instance_type: str | None = "node",
        *,
        parameters: dict[str, Any] | None = None,
        allow_parameters: bool = False,
    ) -> None:
        self.registry = registry
        self.instance_type = instance_type
        self.parameters = parameters or {}
        self.allow_parameters = allow_parameters
        self.params: dict[str, Any] = {}
        self._aliases = 0
        self._membership_stack: list[ViewKey] = []

    def alias(self) -> str:
        self._aliases += 1
        return f"n{self._aliases}"

    def add(self, value: Any) -> str:
        """Bind a value; named parameters, so a fragment may be used in any order or more than once."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return ":" + name

    # -- property references ------------------------------------------------------------------------------------------

    def target(self, ref: list[str], where: str, alias: str = "i") -> Target:
        check_property_ref(ref, where)
        if len(ref) == 2:
            return self._base_target(ref, where, alias)
        space, source, prop = ref
        if "/" in source:
            xid, version = source.split("/", 1)
            key = (space, xid, version)
            if key not in self.registry.views:
                raise bad_request(f"{where}: One or more views do not exist: {view_label(key)}", missing=[_vref(key)])
            view = self.registry.resolve(key)
            mapped = view.properties.get(prop)
            if mapped is None:
                raise bad_request(f"{where}: Unknown property {prop!r} in view {view_label(key)}")
            if not isinstance(mapped, MappedProperty):
                raise bad_request(
                    f"{where}: property {prop!r} of view {view_label(key)} is a connection; filter on the "
                    "connected instances instead"
                )
            return self._container_target(mapped.container_id, mapped.prop, f"{space}:{source}.{prop}", alias)
        container = self.registry.containers.get((space, source))
        if container is None:
            raise bad_request(f"{where}: One or more containers do not exist: {space}:{source}")
        cprop = container.properties.get(prop)
        if cprop is None:
            raise bad_request(f"{where}: Unknown property {prop!r} in container {space}:{source}")
        return self._container_target(container.id, cprop, f"{space}:{source}.{prop}", alias)

    def _base_target(self, ref: list[str], where: str, alias: str) -> Target:
        scope, name = ref
        if scope not in ("node", "edge"):
            raise bad_request(f"{where}: a 2-part property reference must start with 'node' or 'edge', got {ref}")
        if name not in BASE_FIELDS:
            raise bad_request(f"{where}: unknown {scope} property {name!r}; expected one of {sorted(BASE_FIELDS)}")
        kind, column, edge_only = BASE_FIELDS[name]
        if edge_only and self.instance_type == "node":
            raise bad_request(f"{where}: {name} exists only on edges")
        label = f"{scope}.{name}"
        if name == "type":
            return Target(
                label,
                "direct",
                False,
                f"({alias}.type_space || ':' || {alias}.type_xid)",
                f"{alias}.type_space",
                f"{alias}.type_xid",
                base=name,
            )
        if name in ("startNode", "endNode"):
            column_id = f"{alias}.start_id" if name == "startNode" else f"{alias}.end_id"
            sub = f"(SELECT {{}} FROM instances WHERE id = {column_id})"
            return Target(
                label,
                "direct",
                False,
                sub.format("space || ':' || external_id"),
                sub.format("space"),
                sub.format("external_id"),
                base=name,
            )
        return Target(label, kind, False, column.format(a=alias), base=name)

    def _container_target(self, container_id: int, prop: ContainerProperty, label: str, alias: str) -> Target:
        data = f"(SELECT data FROM props WHERE inst_id = {alias}.id AND container_id = {container_id})"
        path = json_path(prop.identifier)
        target = Target(
            label,
            prop.kind,
            prop.is_list,
            f"json_extract({data}, {sql_str(path)})",
            data_expr=data,
            path=path,
            prop=prop,
        )
        if prop.kind == "direct" and not prop.is_list:
            target.space_expr = f"json_extract({data}, {sql_str(path + '.space')})"
            target.xid_expr = f"json_extract({data}, {sql_str(path + '.externalId')})"
            target.expr = f"({target.space_expr} || ':' || {target.xid_expr})"
        return target

    # -- values -------------------------------------------------------------------------------------------------------

    def _resolve_parameter(self, value: Any, where: str) -> Any:
        if isinstance(value, dict) and set(value) == {"parameter"}:
            if not self.allow_parameters:
                raise bad_request(f"{where}: parameters can only be used in query and sync filters")
            name = value["parameter"]
            if name not in self.parameters:
                raise bad_request(f"{where}: parameter {name!r} is not given in parameters")
            return self.parameters[name]
        return value

    def scalar(self, target: Target, value: Any, where: str) -> Any:
        """Convert one filter value to the SQL parameter comparable with ``target``."""
        kind = target.kind
        if kind == "direct":
            if (
                not isinstance(value, dict)
                or not isinstance(value.get("space"), str)
                or not isinstance(value.get("externalId"), str)
            ):
                raise bad_request(
                    f'{where}: {target.label} is a direct relation; expected {{"space", "externalId"}}, got {short(value)}'
                )
            return (value["space"], value["externalId"])
        if kind in NUMERIC_TYPES or kind == "epoch":
            if kind == "epoch" and isinstance(value, str):
                try:
                    from ._values import timestamp_to_ms

                    return timestamp_to_ms(normalize_timestamp(value))
                except ValueError as error:
                    raise bad_request(f"{where}: {error}") from None
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise bad_request(
                    f"{where}: {target.label} is {kind}; expected a number, got {type_name(value)} {short(value)}"
                )
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                raise bad_request(f"{where}: {target.label} is boolean; expected true or false, got {short(value)}")
            return 1 if value else 0
        if kind == "timestamp":
            try:
                return normalize_timestamp(value)
            except ValueError as error:
                raise bad_request(f"{where}: {target.label}: {error}") from None
        if kind == "date":
            try:
                return normalize_date(value)
            except ValueError as error:
                raise bad_request(f"{where}: {target.label}: {error}") from None
        if kind == "json":
            return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        if not isinstance(value, str):
            raise bad_request(
                f"{where}: {target.label} is {kind}; expected a string, got {type_name(value)} {short(value)}"
            )
        return value

    def _reference_expr(self, value: Any, where: str, alias: str) -> str | None:
        if isinstance(value, dict) and set(value) == {"property"}:
            other = self.target(value["property"], join(where, "property"), alias)
            return other.expr
        return None

    # -- filters ------------------------------------------------------------------------------------------------------

    def compile(self, raw: Any, where: str = "filter", alias: str = "i", *, shape_checked: bool = False) -> str:
        if not shape_checked:
            check_filter_shape(raw, where, allow_parameter=self.allow_parameters)
        name, body = next(iter(raw.items()))
        here = join(where, name)
        if name in ("and", "or"):
            parts = [self.compile(f, join(here, n), alias, shape_checked=True) for n, f in enumerate(body)]
            return "(" + f" {name.upper()} ".join(parts) + ")"
        if name == "not":
            return f"(NOT {self.compile(body, here, alias, shape_checked=True)})"
        if name == "matchAll":
            return "1"
        if name == "hasData":
            return self._has_data(body, here, alias)
        if name == "instanceReferences":
            if not body:
                return "0"
            pairs = []
            for index, ref in enumerate(body):
                if not isinstance(ref.get("space"), str) or not isinstance(ref.get("externalId"), str):
                    raise bad_request(f"{join(here, index)}: expected {{space, externalId}} strings")
                pairs.append(f"({self.add(ref['space'])}, {self.add(ref['externalId'])})")
            return f"(({alias}.space, {alias}.external_id) IN (VALUES {', '.join(pairs)}))"
        if name == "nested":
            return self._nested(body, here, alias)
        if name == "overlaps":
            return self._overlaps(body, here, alias)
        target = self.target(body["property"], join(here, "property"), alias)
        if name == "exists":
            if target.space_expr is not None:
                return f"({target.space_expr} IS NOT NULL)"
            return f"({target.expr} IS NOT NULL)"
        if name == "equals":
            return self._equals(target, body["value"], join(here, "value"), alias)
        if name == "in":
            return self._in(target, body["values"], join(here, "values"), alias, name)
        if name in ("containsAny", "containsAll"):
            return self._contains(target, body["values"], join(here, "values"), alias, name)
        if name == "prefix":
            return self._prefix(target, body["value"], join(here, "value"))
        if name == "range":
            return self._range(target, body, here, alias)
        raise bad_request(f"{here}: unsupported filter")  # pragma: no cover - shapes are checked above

    def _equals(self, target: Target, value: Any, where: str, alias: str) -> str:
        other = self._reference_expr(value, where, alias)
        if other is not None:
            return f"IFNULL({target.expr} = {other}, 0)"
        value = self._resolve_parameter(value, where)
        if target.is_list:
            if isinstance(value, list):
                converted = [self.scalar(_element(target), v, join(where, n)) for n, v in enumerate(value)]
                if target.kind == "direct":
                    converted = [{"space": s, "externalId": x} for s, x in converted]
                return f"IFNULL(json({target.expr}) = json({self.add(json.dumps(converted, separators=(',', ':'), ensure_ascii=False))}), 0)"
            return self._contains(target, [value], where, alias, "containsAny")
        if isinstance(value, list):
            raise bad_request(f"{where}: {target.label} is not a list; expected a single value, got an array")
        converted = self.scalar(target, value, where)
        if target.kind == "direct":
            return f"IFNULL({target.space_expr} = {self.add(converted[0])} AND {target.xid_expr} = {self.add(converted[1])}, 0)"
        if target.kind == "json":
            return f"IFNULL(json({target.expr}) = json({self.add(converted)}), 0)"
        return f"IFNULL({target.expr} = {self.add(converted)}, 0)"

    def _values(self, target: Target, values: Any, where: str) -> list[Any]:
        values = self._resolve_parameter(values, where)
        if not isinstance(values, list):
            raise bad_request(f"{where}: expected an array of values, got {type_name(values)}")
        element = _element(target)
        return [
            self.scalar(element, self._resolve_parameter(v, join(where, n)), join(where, n))
            for n, v in enumerate(values)
        ]

    def _in(self, target: Target, values: Any, where: str, alias: str, name: str) -> str:
        if target.is_list:
            return self._contains(target, values, where, alias, "containsAny")
        converted = self._values(target, values, where)
        if not converted:
            return "0"
        if target.kind == "direct":
            pairs = ", ".join(f"({self.add(s)}, {self.add(x)})" for s, x in converted)
            return f"IFNULL(({target.space_expr}, {target.xid_expr}) IN (VALUES {pairs}), 0)"
        if target.kind == "json":
            return f"IFNULL(json({target.expr}) IN ({', '.join(f'json({self.add(v)})' for v in converted)}), 0)"
        return f"IFNULL({target.expr} IN ({', '.join(self.add(v) for v in converted)}), 0)"

    def _contains(self, target: Target, values: Any, where: str, alias: str, name: str) -> str:
        converted = self._values(target, values, where)
        if not target.is_list:
            if name == "containsAll" and len({json.dumps(v) for v in converted}) > 1:
                return "0"
            return self._in(target, converted_back(target, converted), where, alias, "in") if converted else "0"
        if not converted:
            return "0" if name == "containsAny" else "1"
        if target.kind == "direct":
            element = "(json_extract(je.value, '$.space') || char(0) || json_extract(je.value, '$.externalId'))"
            keys = sorted({f"{s}\x00{x}" for s, x in converted})
        elif target.kind == "json":
            element = "json(je.value)"
            keys = sorted({json.dumps(json.loads(v), separators=(",", ":")) for v in converted})
        else:
            element = "je.value"
            keys = list(dict.fromkeys(converted))
        placeholders = ", ".join(self.add(k) for k in keys)
        if name == "containsAny":
            return f"EXISTS (SELECT 1 FROM {target.each()} je WHERE {element} IN ({placeholders}))"
        return f"((SELECT COUNT(DISTINCT {element}) FROM {target.each()} je WHERE {element} IN ({placeholders})) = {len(keys)})"

    def _prefix(self, target: Target, value: Any, where: str) -> str:
        value = self._resolve_parameter(value, where)
        if target.is_list or target.kind not in (
            "text",
            "enum",
            "timeseries",
            "file",
            "sequence",
            "date",
            "timestamp",
            "direct",
        ):
            raise bad_request(
                f"{where}: prefix works on single-valued text properties; {target.label} is {_describe(target)}"
            )
        if target.kind == "direct":
            if (
                not isinstance(value, dict)
                or not isinstance(value.get("space"), str)
                or not isinstance(value.get("externalId"), str)
            ):
                raise bad_request(
                    f'{where}: prefix on a direct relation expects {{"space", "externalId"}}, got {short(value)}'
                )
            xid = value["externalId"]
            return (
                f"IFNULL({target.space_expr} = {self.add(value['space'])} AND "
                f"substr({target.xid_expr}, 1, {len(xid)}) = {self.add(xid)}, 0)"
            )
        if not isinstance(value, str):
            raise bad_request(f"{where}: prefix expects a string, got {type_name(value)}")
        return f"IFNULL(substr({target.expr}, 1, {len(value)}) = {self.add(value)}, 0)"

    def _bound(self, target: Target, value: Any, where: str, alias: str) -> str:
        other = self._reference_expr(value, where, alias)
        if other is not None:
            return other
        value = self._resolve_parameter(value, where)
        return self.add(self.scalar(target, value, where))

    def _range(self, target: Target, body: dict[str, Any], where: str, alias: str) -> str:
        if target.is_list or target.kind in ("direct", "json", "boolean"):
            raise bad_request(
                f"{where}: range works on numbers, timestamps, dates and text; {target.label} is {_describe(target)}"
            )
        parts = []
        for key, op in (("gt", ">"), ("gte", ">="), ("lt", "<"), ("lte", "<=")):
            if key in body:
                parts.append(f"{target.expr} {op} {self._bound(target, body[key], join(where, key), alias)}")
        return f"IFNULL({' AND '.join(parts)}, 0)"

    def _overlaps(self, body: dict[str, Any], where: str, alias: str) -> str:
        start = self.target(body["startProperty"], join(where, "startProperty"), alias)
        end = self.target(body["endProperty"], join(where, "endProperty"), alias)
        for target in (start, end):
            if target.is_list or target.kind in ("direct", "json", "boolean"):
                raise bad_request(
                    f"{where}: overlaps works on numbers, timestamps and dates; {target.label} is {_describe(target)}"
                )
        conditions = [f"({start.expr} IS NOT NULL OR {end.expr} IS NOT NULL)"]
        for key, op in (("gt", ">"), ("gte", ">=")):
            if key in body:
                conditions.append(
                    f"({end.expr} IS NULL OR {end.expr} {op} {self._bound(end, body[key], join(where, key), alias)})"
                )
        for key, op in (("lt", "<"), ("lte", "<=")):
            if key in body:
                conditions.append(
                    f"({start.expr} IS NULL OR {start.expr} {op} {self._bound(start, body[key], join(where, key), alias)})"
                )
        return f"IFNULL({' AND '.join(conditions)}, 0)"

    def _nested(self, body: dict[str, Any], where: str, alias: str) -> str:
        scope = self.target(body["scope"], join(where, "scope"), alias)
        if scope.kind != "direct":
            raise bad_request(
                f"{join(where, 'scope')}: nested needs a direct relation property; {scope.label} is {_describe(scope)}"
            )
        inner_alias = self.alias()
        # The inner filter is about nodes, whatever instance type the outer request lists.
        saved = self.instance_type
        self.instance_type = "node"
        try:
            inner = self.compile(body["filter"], join(where, "filter"), inner_alias, shape_checked=True)
        finally:
            self.instance_type = saved
        live = f"{inner_alias}.kind = 'node' AND {inner_alias}.deleted IS NULL"
        if scope.is_list:
            return (
                f"EXISTS (SELECT 1 FROM {scope.each()} je JOIN instances {inner_alias} ON "
                f"{inner_alias}.space = json_extract(je.value, '$.space') AND "
                f"{inner_alias}.external_id = json_extract(je.value, '$.externalId') AND {inner_alias}.kind = 'node' "
                f"WHERE {live} AND {inner})"
            )
        if scope.base in ("startNode", "endNode"):
            column = f"{alias}.start_id" if scope.base == "startNode" else f"{alias}.end_id"
            return f"EXISTS (SELECT 1 FROM instances {inner_alias} WHERE {inner_alias}.id = {column} AND {live} AND {inner})"
        return (
            f"EXISTS (SELECT 1 FROM instances {inner_alias} WHERE {inner_alias}.space = {scope.space_expr} AND "
            f"{inner_alias}.external_id = {scope.xid_expr} AND {live} AND {inner})"
        )

    def _has_data(self, refs: list[dict[str, Any]], where: str, alias: str) -> str:
        if not refs:
            return "1"
        parts = []
        for index, ref in enumerate(refs):
            here = join(where, index)
            if ref["type"] == "container":
                container = self.registry.containers.get((ref.get("space"), ref.get("externalId")))  # type: ignore[arg-type]
                if container is None:
                    raise bad_request(
                        f"{here}: One or more containers do not exist: {ref.get('space')}:{ref.get('externalId')}",
                        missing=[ref],
                    )
                parts.append(
                    f"EXISTS (SELECT 1 FROM props WHERE inst_id = {alias}.id AND container_id = {container.id})"
                )
            else:
                key = (str(ref.get("space")), str(ref.get("externalId")), str(ref.get("version")))
                if key not in self.registry.views:
                    raise bad_request(f"{here}: One or more views do not exist: {view_label(key)}", missing=[ref])
                parts.append(self.membership(self.registry.resolve(key), alias))
        return "(" + " OR ".join(parts) + ")"

    def membership(self, view: ResolvedView, alias: str = "i") -> str:
        """SQL for "the instance has data in this view": its filter when it has one, else data in every container."""
        if view.filter is not None and view.key not in self._membership_stack:
            self._membership_stack.append(view.key)
            try:
                return self.compile(view.filter, f"filter of view {view_label(view.key)}", alias)
            finally:
                self._membership_stack.pop()
        if not view.mapped_containers:
            return "1"
        parts = [
            f"EXISTS (SELECT 1 FROM props WHERE inst_id = {alias}.id AND container_id = {c.id})"
            for c in view.mapped_containers
        ]
        return "(" + " AND ".join(parts) + ")"

    # -- sorting ------------------------------------------------------------------------------------------------------

    def sort_target(self, ref: Any, where: str, alias: str = "i") -> Target:
        target = self.target(ref, where, alias)
        if target.is_list:
            raise bad_request(f"{where}: cannot sort on the list property {target.label}")
        if target.kind == "json":
            raise bad_request(f"{where}: cannot sort on the json property {target.label}")
        return target


def _element(target: Target) -> Target:
    return Target(target.label, target.kind, False, "", prop=target.prop)


def _describe(target: Target) -> str:
    return f"a list of {target.kind}" if target.is_list else target.kind


def converted_back(target: Target, converted: list[Any]) -> list[Any]:
    """Undo ``scalar`` for re-use of already converted values by ``_in``."""
    if target.kind == "direct":
        return [{"space": s, "externalId": x} for s, x in converted]
    if target.kind == "boolean":
        return [bool(v) for v in converted]
    if target.kind == "json":
        return [json.loads(v) for v in converted]
    return converted


def _vref(key: ViewKey) -> dict[str, str]:
    return {"type": "view", "space": key[0], "externalId": key[1], "version": key[2]}


RANGE_BOUND_KEYS = RANGE_KEYS
