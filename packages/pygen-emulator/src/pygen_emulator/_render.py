"""Turning instance rows and their container rows into the DMS read shape (and typing)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from ._schema import ResolvedView

# Columns every instance query selects, in this order; ``render`` reads them by position.
NODE_COLUMNS = "{a}.id, {a}.kind, {a}.space, {a}.external_id, {a}.type_space, {a}.type_xid, {a}.version, {a}.created, {a}.updated, {a}.deleted, NULL, NULL, NULL, NULL"
EDGE_COLUMNS = (
    "{a}.id, {a}.kind, {a}.space, {a}.external_id, {a}.type_space, {a}.type_xid, {a}.version, {a}.created, "
    "{a}.updated, {a}.deleted, (SELECT space FROM instances WHERE id = {a}.start_id), "
    "(SELECT external_id FROM instances WHERE id = {a}.start_id), (SELECT space FROM instances WHERE id = {a}.end_id), "
    "(SELECT external_id FROM instances WHERE id = {a}.end_id)"
)
N_COLUMNS = 14


def columns(instance_type: str | None, alias: str = "i") -> str:
    """The select list for rows of one instance type (None: either)."""
    return (NODE_COLUMNS if instance_type == "node" else EDGE_COLUMNS).format(a=alias)


class Projection:
    """Which container values become which view properties, for a set of source views."""

    def __init__(self, views: Sequence[ResolvedView], selected: dict[int, list[str] | None] | None = None) -> None:
        self.groups: list[tuple[str, str, list[tuple[str, int, str]], frozenset[int]]] = []
        container_ids: set[int] = set()
        for index, view in enumerate(views):
            wanted = selected.get(index) if selected else None
            plan = [
                (pid, prop.container_id, prop.cprop)
                for pid, prop in view.mapped.items()
                if wanted is None or pid in wanted
            ]
            mapped = frozenset(c.id for c in view.mapped_containers)
            container_ids.update(mapped)
            self.groups.append((view.record.space, view.group_key, plan, mapped))
        self.container_ids = sorted(container_ids)

    def fetch(self, conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[int, dict[str, Any]]]:
        """Container rows of the given instances, restricted to the containers this projection reads."""
        id_list = list(ids)
        if not id_list or not self.container_ids:
            return {}
        out: dict[int, dict[int, dict[str, Any]]] = {}
        loads = json.loads
        sql = (
            "SELECT inst_id, container_id, data FROM props WHERE inst_id IN (SELECT value FROM json_each(?)) "
            f"AND container_id IN ({','.join(str(c) for c in self.container_ids)})"
        )
        for inst_id, container_id, data in conn.execute(sql, (json.dumps(id_list),)):
            out.setdefault(inst_id, {})[container_id] = loads(data)
        return out

    def properties(self, data: dict[int, dict[str, Any]] | None) -> dict[str, Any]:
        """Property groups per source view. A group is present (possibly empty, as CDF returns it) when the instance
        has data in one of the view's containers, or the view maps no container at all."""
        data = data or {}
        out: dict[str, dict[str, Any]] = {}
        for space, group_key, plan, mapped in self.groups:
            if mapped and not any(cid in data for cid in mapped):
                continue
            group = {}
            for pid, cid, cprop in plan:
                row = data.get(cid)
                if row is not None:
                    value = row.get(cprop)
                    if value is not None:
                        group[pid] = value
            out.setdefault(space, {})[group_key] = group
        return out


def render(
    rows: Sequence[Sequence[Any]], projection: Projection | None, props: dict[int, dict[int, dict[str, Any]]]
) -> list[dict[str, Any]]:
    items = []
    for row in rows:
        item: dict[str, Any] = {
            "instanceType": row[1],
            "space": row[2],
            "externalId": row[3],
            "version": row[6],
            "createdTime": row[7],
            "lastUpdatedTime": row[8],
        }
        if row[4] is not None:
            item["type"] = {"space": row[4], "externalId": row[5]}
        if row[1] == "edge":
            item["startNode"] = {"space": row[10], "externalId": row[11]}
            item["endNode"] = {"space": row[12], "externalId": row[13]}
        if row[9] is not None:
            item["deletedTime"] = row[9]
            item["properties"] = {}
        else:
            item["properties"] = projection.properties(props.get(row[0])) if projection else {}
        items.append(item)
    return items


def typing(views: Sequence[ResolvedView], selected: dict[int, list[str] | None] | None = None) -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {}
    for index, view in enumerate(views):
        wanted = selected.get(index) if selected else None
        group = {pid: prop.to_json() for pid, prop in view.mapped.items() if wanted is None or pid in wanted}
        out.setdefault(view.record.space, {})[view.group_key] = group
    return out
