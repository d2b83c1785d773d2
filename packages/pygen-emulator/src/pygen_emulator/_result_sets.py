"""Evaluating the result-set expressions of ``query`` and ``sync``: root scans, traversal through direct relations
(both directions) and through edges (multi-hop, with node and termination filters), ``chainTo`` and set operations.

Each expression becomes an ordered list of instance row ids; a dependent expression reads its parent's ids (the
current page of it) and is restricted to ``i.id IN (candidates)`` in its own SQL, so filters, sorts and keyset cursors
work the same for root and chained expressions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ._errors import bad_request
from ._filters import Compiler, json_path, sql_str
from ._request import as_object, check_keys, get_int, get_str, join, type_name
from ._schema import MappedProperty, Registry, view_label

MAX_TRAVERSAL_DEPTH = 100
SET_OPERATIONS = ("union", "unionAll", "intersection")


@dataclass
class ResultSet:
    name: str
    kind: str  # node, edge or mixed
    ids: list[int]
    direction: str = "outwards"  # for edge sets: how they were traversed (decides chainTo)
    rows_extra: list[tuple[Any, ...]] = field(default_factory=list)  # sort values of each row, for cursors
    has_more: bool = False


def expression_kind(raw: Any, where: str) -> str:
    obj = as_object(raw, where)
    if "nodes" in obj:
        return "nodes"
    if "edges" in obj:
        return "edges"
    if any(op in obj for op in SET_OPERATIONS):
        return "set"
    raise bad_request(f"{where}: a result set expression needs one of nodes, edges, union, unionAll, intersection")


def dependencies(raw: dict[str, Any]) -> list[str]:
    kind = "nodes" if "nodes" in raw else "edges" if "edges" in raw else "set"
    if kind != "set":
        spec = raw.get(kind) or {}
        source = spec.get("from") if isinstance(spec, dict) else None
        return [source] if isinstance(source, str) else []
    names: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            names.append(node)
        elif isinstance(node, dict):
            for op in SET_OPERATIONS:
                for item in node.get(op) or []:
                    walk(item)
            for item in node.get("except") or []:
                walk(item)

    walk(raw)
    return names


def evaluation_order(with_: dict[str, Any], where: str) -> list[str]:
    """Names in dependency order; 400 on unknown names and cycles."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise bad_request(f"{where}: result set expressions form a cycle: {' -> '.join((*path, name))}")
        state[name] = 1
        for dep in dependencies(with_[name]):
            if dep not in with_:
                raise bad_request(f"{join(where, name)}: refers to result set {dep!r}, which is not defined in with")
            visit(dep, (*path, name))
        state[name] = 2
        order.append(name)

    for name in with_:
        visit(name, ())
    return order


class Traversal:
    """Candidate instance ids of a chained expression, computed from its parent result set."""

    def __init__(self, registry: Registry, conn: sqlite3.Connection, parameters: dict[str, Any]) -> None:
        self.registry = registry
        self.conn = conn
        self.parameters = parameters

    def compiler(self, instance_type: str | None) -> Compiler:
        return Compiler(self.registry, instance_type, parameters=self.parameters, allow_parameters=True)

    def chain_nodes(self, parent: ResultSet, chain_to: str) -> list[int]:
        """Node ids a chained expression starts from: the parent's nodes, or one end of the parent's edges."""
        if parent.kind == "node":
            return parent.ids
        if not parent.ids:
            return []
        column = "end_id" if (chain_to == "destination") == (parent.direction == "outwards") else "start_id"
        rows = self.conn.execute(
            f"SELECT i.{column} FROM json_each(?) k JOIN instances i ON i.id = k.value WHERE i.kind = 'edge' ORDER BY k.key",
            (json.dumps(parent.ids),),
        ).fetchall()
        nodes = [row[0] for row in rows if row[0] is not None]
        if parent.kind == "mixed":
            kinds = dict(
                self.conn.execute(
                    "SELECT id, kind FROM instances WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(parent.ids),),
                ).fetchall()
            )
            nodes = [i for i in parent.ids if kinds.get(i) == "node"] + nodes
        return list(dict.fromkeys(nodes))

    def through(self, spec: dict[str, Any], parent: ResultSet, where: str) -> list[int]:
        """Nodes reached from the parent's nodes through a direct relation property (outwards or inwards)."""
        raw = as_object(spec.get("through"), join(where, "through"))
        container_id, cprop, is_list = self._through_property(raw, join(where, "through"))
        direction = get_str(spec, "direction", where, default="inwards", choices=("outwards", "inwards"))
        if is_list and direction == "inwards":
            raise bad_request("Cannot traverse lists of direct relations inwards.")  # CDF's words (DMS_CONTRACT 5.7)
        start = self.chain_nodes(
            parent, get_str(spec, "chainTo", where, default="destination", choices=("source", "destination"))
        )
        if not start:
            return []
        path = sql_str(json_path(cprop))
        values = (
            f"json_each(p.data, {path})" if is_list else f"json_each(json_array(json(json_extract(p.data, {path}))))"
        )  # a list is only ever followed outwards
        if direction == "outwards":
            sql = (
                f"SELECT DISTINCT t.id FROM props p, {values} je JOIN instances t ON t.space = json_extract(je.value, '$.space') "
                "AND t.external_id = json_extract(je.value, '$.externalId') AND t.kind = 'node' "
                "WHERE p.container_id = ? AND p.inst_id IN (SELECT value FROM json_each(?)) AND je.type = 'object'"
            )
        else:
            sql = (
                f"SELECT DISTINCT p.inst_id FROM props p, {values} je JOIN instances f ON f.space = json_extract(je.value, '$.space') "
                "AND f.external_id = json_extract(je.value, '$.externalId') AND f.kind = 'node' "
                "WHERE p.container_id = ? AND f.id IN (SELECT value FROM json_each(?)) AND je.type = 'object'"
            )
        return [row[0] for row in self.conn.execute(sql, (container_id, json.dumps(start)))]

    def _through_property(self, raw: dict[str, Any], where: str) -> tuple[int, str, bool]:
        check_keys(raw, {"source", "identifier", "view"}, where)
        identifier = get_str(raw, "identifier", where, required=True)
        source = raw.get("source") if raw.get("source") is not None else raw.get("view")
        source = as_object(source, join(where, "source"))
        if source.get("type") == "container":
            container = self.registry.containers.get((source.get("space"), source.get("externalId")))  # type: ignore[arg-type]
            if container is None:
                raise bad_request(
                    f"{join(where, 'source')}: One or more containers do not exist: {source.get('space')}:{source.get('externalId')}"
                )
            prop = container.properties.get(identifier)
            if prop is None:
                raise bad_request(
                    f"{join(where, 'identifier')}: Unknown property {identifier!r} in container {source.get('space')}:{source.get('externalId')}"
                )
            if prop.kind != "direct":
                raise bad_request(f"{join(where, 'identifier')}: {identifier!r} is {prop.kind}, not a direct relation")
            return container.id, identifier, prop.is_list
        key = (source.get("space"), source.get("externalId"), source.get("version"))
        if key not in self.registry.views:
            raise bad_request(f"{join(where, 'source')}: One or more views do not exist: {view_label(key)}")  # type: ignore[arg-type]
        mapped = self.registry.resolve(key).properties.get(identifier)
        if not isinstance(mapped, MappedProperty):
            raise bad_request(f"{join(where, 'identifier')}: Unknown property {identifier!r} in view {view_label(key)}")
        if mapped.prop.kind != "direct":
            raise bad_request(
                f"{join(where, 'identifier')}: {identifier!r} is {mapped.prop.kind}, not a direct relation"
            )
        return mapped.container_id, mapped.cprop, mapped.prop.is_list

    def edges_from(self, spec: dict[str, Any], parent: ResultSet, where: str, *, alive_only: bool = True) -> list[int]:
        """Edges reached by walking from the parent's nodes, hop by hop, up to maxDistance."""
        direction = get_str(spec, "direction", where, default="outwards", choices=("outwards", "inwards"))
        max_distance = get_int(spec, "maxDistance", where, minimum=1)
        limit_each = get_int(spec, "limitEach", where, minimum=1, maximum=2000)
        if limit_each is not None and max_distance != 1:
            raise bad_request(f"{join(where, 'limitEach')}: limitEach needs maxDistance = 1")
        start = self.chain_nodes(
            parent, get_str(spec, "chainTo", where, default="destination", choices=("source", "destination"))
        )
        near, far = ("start_id", "end_id") if direction == "outwards" else ("end_id", "start_id")
        compiler = self.compiler("edge")
        conditions = ["i.kind = 'edge'"]
        if alive_only:
            conditions.append("i.deleted IS NULL")
        if spec.get("filter") is not None:
            conditions.append(compiler.compile(spec["filter"], join(where, "filter")))
        if spec.get("nodeFilter") is not None:
            node_sql = compiler.compile(spec["nodeFilter"], join(where, "nodeFilter"), alias="nf")
            conditions.append(f"EXISTS (SELECT 1 FROM instances nf WHERE nf.id = i.{far} AND {node_sql})")
        termination = None
        if spec.get("terminationFilter") is not None:
            term_compiler = self.compiler("node")
            termination = (
                term_compiler.compile(spec["terminationFilter"], join(where, "terminationFilter"), alias="t"),
                term_compiler.params,
            )
        sql = (
            f"SELECT i.id, i.{near}, i.{far} FROM instances i WHERE i.{near} IN (SELECT value FROM json_each(:frontier)) "
            f"AND {' AND '.join(conditions)} ORDER BY i.{near}, i.id"
        )
        visited = set(start)
        frontier = list(start)
        edges: list[int] = []
        seen_edges: set[int] = set()
        depth = 0
        while frontier and depth < (max_distance or MAX_TRAVERSAL_DEPTH):
            depth += 1
            params = dict(compiler.params)
            params["frontier"] = json.dumps(frontier)
            per_source: dict[int, int] = {}
            reached: list[int] = []
            for edge_id, source_id, target_id in self.conn.execute(sql, params):
                if limit_each is not None:
                    per_source[source_id] = per_source.get(source_id, 0) + 1
                    if per_source[source_id] > limit_each:
                        continue
                if edge_id not in seen_edges:
                    seen_edges.add(edge_id)
                    edges.append(edge_id)
                if target_id is not None and target_id not in visited:
                    visited.add(target_id)
                    reached.append(target_id)
            if termination is not None and reached:
                term_sql, term_params = termination
                stop = {
                    row[0]
                    for row in self.conn.execute(
                        f"SELECT t.id FROM instances t WHERE t.id IN (SELECT value FROM json_each(:reached)) AND {term_sql}",
                        {**term_params, "reached": json.dumps(reached)},
                    )
                }
                reached = [node for node in reached if node not in stop]
            frontier = reached
        return edges


def set_operation(raw: Any, results: dict[str, ResultSet], where: str) -> tuple[list[int], str]:
    """Ids and kind of a union / unionAll / intersection, minus ``except``."""
    obj = as_object(raw, where)
    ops = [op for op in SET_OPERATIONS if op in obj]
    if len(ops) != 1:
        raise bad_request(f"{where}: expected exactly one of {list(SET_OPERATIONS)}")
    op = ops[0]
    check_keys(obj, {op, "except", "limit"}, where)
    members = obj[op]
    if not isinstance(members, list) or not members:
        raise bad_request(f"{join(where, op)}: expected a non-empty array of result set names or set operations")
    parts: list[tuple[list[int], str]] = []
    for index, member in enumerate(members):
        if isinstance(member, str):
            if member not in results:
                raise bad_request(f"{join(join(where, op), index)}: unknown result set {member!r}")
            parts.append((results[member].ids, results[member].kind))
        else:
            parts.append(set_operation(member, results, join(join(where, op), index)))
    kinds = {kind for _, kind in parts}
    kind = kinds.pop() if len(kinds) == 1 else "mixed"
    if op == "unionAll":
        ids = [i for part, _ in parts for i in part]
    elif op == "union":
        ids = list(dict.fromkeys(i for part, _ in parts for i in part))
    else:
        common = set(parts[0][0]).intersection(*(set(p) for p, _ in parts[1:]))
        ids = [i for i in dict.fromkeys(parts[0][0]) if i in common]
    excluded: set[int] = set()
    for index, name in enumerate(obj.get("except") or []):
        if not isinstance(name, str) or name not in results:
            raise bad_request(f"{join(join(where, 'except'), index)}: unknown result set {name!r} ({type_name(name)})")
        excluded.update(results[name].ids)
    return [i for i in ids if i not in excluded], kind
