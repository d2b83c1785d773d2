"""``POST /models/instances``: upsert nodes and edges in one transaction.

Patch by default (only named properties change), ``replace`` per touched container, ``existingVersion`` checks with
optional skipping, auto-creation of direct-relation targets and edge ends, validation of every value against its
container property, and ``wasModified`` / version / ``lastUpdatedTime`` that change only on a real change.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ._backend import Backend
from ._clock import now_ms
from ._errors import bad_request
from ._ids import check_instance_xid, check_space
from ._instance_delete import delete_in_transaction, parse_deletes, version_conflict
from ._instance_ids import InstanceKey, NodeKey, Row, lookup, parse_node_ref
from ._request import as_object, check_keys, get_bool, get_int, get_list, join, type_name
from ._schema import ContainerRecord, MappedProperty, container_label, view_label

_BODY_KEYS = {
    "items",
    "delete",
    "autoCreateDirectRelations",
    "autoCreateStartNodes",
    "autoCreateEndNodes",
    "skipOnVersionConflict",
    "replace",
}
_NODE_KEYS = {"instanceType", "space", "externalId", "existingVersion", "type", "sources"}
_EDGE_KEYS = _NODE_KEYS | {"startNode", "endNode"}
MAX_ITEMS = 1000


@dataclass
class WriteItem:
    index: int
    kind: str
    space: str
    xid: str
    type: NodeKey | None
    type_given: bool
    start: NodeKey | None
    end: NodeKey | None
    existing_version: int | None
    # container id -> {container property id -> normalized value, or None to clear}
    writes: dict[int, dict[str, Any]] = field(default_factory=dict)
    # container id -> {container property id -> the name the client used (view property), for error messages}
    names: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def key(self) -> InstanceKey:
        return (self.kind, self.space, self.xid)

    @property
    def where(self) -> str:
        return f"items[{self.index}]"


class _Parser:
    def __init__(self, backend: Backend) -> None:
        self.registry = backend.registry

    def item(self, raw: object, index: int) -> WriteItem:
        where = f"items[{index}]"
        obj = as_object(raw, where)
        kind = obj.get("instanceType")
        if kind not in ("node", "edge"):
            raise bad_request(f"{join(where, 'instanceType')}: expected 'node' or 'edge', got {kind!r}")
        check_keys(obj, _EDGE_KEYS if kind == "edge" else _NODE_KEYS, where)
        space = check_space(obj.get("space"), join(where, "space"))
        xid = check_instance_xid(obj.get("externalId"), join(where, "externalId"))
        type_raw = obj.get("type")
        type_ = parse_node_ref(type_raw, join(where, "type")) if type_raw is not None else None
        start = end = None
        if kind == "edge":
            if type_ is None:
                raise bad_request(f"{join(where, 'type')}: required field is missing (every edge has a type)")
            start = parse_node_ref(obj.get("startNode"), join(where, "startNode"))
            end = parse_node_ref(obj.get("endNode"), join(where, "endNode"))
        item = WriteItem(
            index,
            kind,
            space,
            xid,
            type_,
            "type" in obj,
            start,
            end,
            get_int(obj, "existingVersion", where, minimum=0),
        )
        sources = obj.get("sources")
        if sources is not None:
            if not isinstance(sources, list):
                raise bad_request(f"{join(where, 'sources')}: expected an array, got {type_name(sources)}")
            if len(sources) > 100:
                raise bad_request(f"{join(where, 'sources')}: at most 100 sources per instance, got {len(sources)}")
            for s_index, source in enumerate(sources):
                self._source(item, source, f"{where}.sources[{s_index}]")
        return item

    def _source(self, item: WriteItem, raw: object, where: str) -> None:
        obj = as_object(raw, where)
        check_keys(obj, {"source", "properties"}, where)
        source = as_object(obj.get("source"), join(where, "source"))
        properties = obj.get("properties")
        if properties is None:
            properties = {}
        elif not isinstance(properties, dict):
            raise bad_request(f"{join(where, 'properties')}: expected an object, got {type_name(properties)}")
        kind = source.get("type")
        if kind == "view":
            key = (source.get("space"), source.get("externalId"), source.get("version"))
            if not all(isinstance(part, str) for part in key):
                raise bad_request(f"{join(where, 'source')}: a view reference needs space, externalId and version")
            if key not in self.registry.views:
                raise bad_request(
                    f"{join(where, 'source')}: One or more views do not exist: {view_label(key)}",  # type: ignore[arg-type]
                    missing=[source],
                )
            view = self.registry.resolve(key)
            label = f"view {view_label(view.key)}"
            if not view.writable:
                raise bad_request(
                    f"{join(where, 'source')}: {label} is not writable: it maps no container, or leaves a non-nullable "
                    "container property unmapped"
                )
            self._check_used_for(item, view.used_for, label, where)
            for mapped_container in view.mapped_containers:
                item.writes.setdefault(mapped_container.id, {})
            for pid, value in properties.items():
                mapped = view.properties.get(pid)
                pwhere = f"{where}.properties.{pid}"
                if mapped is None:
                    raise bad_request(f"{pwhere}: Unknown property {pid!r} in {label}")
                if not isinstance(mapped, MappedProperty):
                    raise bad_request(
                        f"{pwhere}: property {pid!r} of {label} is a connection ({mapped.get('connectionType')}); "
                        "write the edges or the direct relations on the other side instead"
                    )
                self._value(item, mapped.container, mapped.cprop, value, pwhere, pid)
        elif kind == "container":
            ckey = (source.get("space"), source.get("externalId"))
            container = self.registry.containers.get(ckey)  # type: ignore[arg-type]
            if container is None:
                raise bad_request(
                    f"{join(where, 'source')}: One or more containers do not exist: {ckey[0]}:{ckey[1]}",
                    missing=[source],
                )
            self._check_used_for(item, container.used_for, f"container {container_label(container.key)}", where)
            item.writes.setdefault(container.id, {})
            for pid, value in properties.items():
                pwhere = f"{where}.properties.{pid}"
                if pid not in container.properties:
                    raise bad_request(
                        f"{pwhere}: Unknown property {pid!r} in container {container_label(container.key)}"
                    )
                self._value(item, container, pid, value, pwhere, pid)
        else:
            raise bad_request(f"{join(where, 'source')}.type: expected 'view' or 'container', got {kind!r}")

    @staticmethod
    def _check_used_for(item: WriteItem, used_for: str, label: str, where: str) -> None:
        if used_for not in ("all", item.kind):
            raise bad_request(
                f"{join(where, 'source')}: {label} is used for {used_for}s and cannot hold data of a {item.kind}"
            )

    @staticmethod
    def _value(item: WriteItem, container: ContainerRecord, cprop: str, value: Any, where: str, name: str) -> None:
        prop = container.properties[cprop]
        if value is None:
            if not prop.nullable:
                raise bad_request(f"{where}: property {name!r} is not nullable; got null")
            normalized = None
        else:
            try:
                normalized = prop.validator(value)
            except ValueError as error:
                raise bad_request(
                    f"{where}: invalid value for property {name!r} ({prop.kind}{'[]' if prop.is_list else ''}): {error}"
                ) from None
        item.writes[container.id][cprop] = normalized
        item.names.setdefault(container.id, {})[cprop] = name


def apply(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, _BODY_KEYS, "")
    raw_items = get_list(body, "items", "", required=True, max_items=MAX_ITEMS)
    raw_deletes = get_list(body, "delete", "", max_items=MAX_ITEMS)
    if len(raw_items) + len(raw_deletes) > MAX_ITEMS:
        raise bad_request(
            f"items and delete together must hold at most {MAX_ITEMS} instances, got {len(raw_items) + len(raw_deletes)}"
        )
    options = {
        key: get_bool(body, key, "", default)
        for key, default in (
            ("autoCreateDirectRelations", True),
            ("autoCreateStartNodes", False),
            ("autoCreateEndNodes", False),
            ("skipOnVersionConflict", False),
            ("replace", False),
        )
    }
    parser = _Parser(backend)
    with backend.store.lock:
        items = [parser.item(raw, index) for index, raw in enumerate(raw_items)]
    deletes = parse_deletes(raw_deletes, "delete")
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        seen: set[InstanceKey] = set()
        duplicated = [k for k in keys if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        raise bad_request(
            "Duplicate instances in the request: "
            + ", ".join(f"{k[0]} {k[1]}:{k[2]}" for k in dict.fromkeys(duplicated)),
            duplicated=[{"instanceType": k[0], "space": k[1], "externalId": k[2]} for k in dict.fromkeys(duplicated)],
        )
    with backend.store.write() as conn:
        return _Writer(backend, conn, options).run(items, deletes)


class _Writer:
    def __init__(self, backend: Backend, conn: sqlite3.Connection, options: dict[str, bool]) -> None:
        self.backend = backend
        self.registry = backend.registry
        self.store = backend.store
        self.conn = conn
        self.options = options
        self.now = now_ms()
        self.item_ids: dict[InstanceKey, int] = {}

    def run(self, items: list[WriteItem], deletes: list[tuple[InstanceKey, int | None]]) -> dict[str, Any]:
        self.registry.require_spaces([item.space for item in items] + [key[1] for key, _ in deletes])
        deleted = delete_in_transaction(self.backend, self.conn, deletes, self.now) if deletes else []
        rows = lookup(self.conn, {item.key for item in items})
        items = self._check_versions(items, rows)
        node_ids = self._ensure_nodes(items, rows)
        existing_props = self._existing_props(items, rows)
        results = self._write(items, rows, node_ids, existing_props)
        self._check_constraints(items)
        return {"items": results, "deleted": deleted}

    def _check_versions(self, items: list[WriteItem], rows: dict[InstanceKey, Row]) -> list[WriteItem]:
        conflicts = []
        for item in items:
            row = rows.get(item.key)
            if (
                item.existing_version is not None
                and row is not None
                and row.alive
                and row.version > item.existing_version
            ):
                conflicts.append(item)
        if not conflicts:
            return items
        if self.options["skipOnVersionConflict"]:
            skipped = {id(item) for item in conflicts}
            return [item for item in items if id(item) not in skipped]
        raise version_conflict([item.key for item in conflicts])

    def _direct_targets(self, items: list[WriteItem]) -> dict[NodeKey, tuple[str, dict[str, str] | None]]:
        """Every node a written direct relation points at -> (where it is written, container constraint)."""
        targets: dict[NodeKey, tuple[str, dict[str, str] | None]] = {}
        containers = self.registry.containers_by_id
        for item in items:
            for cid, writes in item.writes.items():
                container = containers[cid]
                for cprop, value in writes.items():
                    if value is None:
                        continue
                    prop = container.properties[cprop]
                    if prop.kind != "direct":
                        continue
                    where = f"{item.where}: property {item.names[cid][cprop]!r}"
                    for target in value if prop.is_list else [value]:
                        targets.setdefault((target["space"], target["externalId"]), (where, prop.type.get("container")))
        return targets

    def _ensure_nodes(self, items: list[WriteItem], rows: dict[InstanceKey, Row]) -> dict[NodeKey, int]:
        """Node row ids for every node the request writes or references; creates the ones allowed to be auto-created."""
        written = {(item.space, item.xid) for item in items if item.kind == "node"}
        directs = self._direct_targets(items)
        starts = {item.start: item.where for item in items if item.start is not None}
        ends = {item.end: item.where for item in items if item.end is not None}
        referenced = (set(directs) | set(starts) | set(ends)) - written
        existing = lookup(self.conn, {("node", s, x) for s, x in referenced})
        live = {(k[1], k[2]): row for k, row in existing.items() if row.alive}
        missing_directs = [k for k in directs if k not in written and k not in live]
        missing_starts = [k for k in starts if k not in written and k not in live]
        missing_ends = [k for k in ends if k not in written and k not in live]
        problems = []
        constrained = [k for k in missing_directs if directs[k][1] is not None]
        if constrained:
            problems.append(("direct relation targets (with a container constraint, so not auto-created)", constrained))
        if missing_directs and not self.options["autoCreateDirectRelations"]:
            problems.append(("direct relation targets (autoCreateDirectRelations is false)", missing_directs))
        if missing_starts and not self.options["autoCreateStartNodes"]:
            problems.append(("edge start nodes (autoCreateStartNodes is false)", missing_starts))
        if missing_ends and not self.options["autoCreateEndNodes"]:
            problems.append(("edge end nodes (autoCreateEndNodes is false)", missing_ends))
        if problems:
            what, keys = problems[0]
            shown = ", ".join(f"{s}:{x}" for s, x in keys[:10])
            raise bad_request(
                f"Cannot write: {len(keys)} {what} do not exist: {shown}",
                missing=[{"space": s, "externalId": x} for s, x in keys],
            )
        to_create = list(dict.fromkeys([*missing_directs, *missing_starts, *missing_ends]))
        self.registry.require_spaces([s for s, _ in to_create])
        ids = {key: row.id for key, row in live.items()}
        revive = {(k[1], k[2]): row for k, row in existing.items() if not row.alive}
        inserts = []
        for key in to_create:
            old = revive.get(key)
            if old is not None:
                self.conn.execute("DELETE FROM props WHERE inst_id = ?", (old.id,))
                self.conn.execute(
                    "UPDATE instances SET type_space = NULL, type_xid = NULL, version = version + 1, created = ?, updated = ?, "
                    "deleted = NULL, seq = ? WHERE id = ?",
                    (self.now, self.now, self.store.next_seq(), old.id),
                )
                ids[key] = old.id
                continue
            new_id = self.store.allocate_ids(1)
            inserts.append(
                (
                    new_id,
                    "node",
                    key[0],
                    key[1],
                    None,
                    None,
                    None,
                    None,
                    1,
                    self.now,
                    self.now,
                    None,
                    self.store.next_seq(),
                )
            )
            ids[key] = new_id
        if inserts:
            self.conn.executemany("INSERT INTO instances VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", inserts)
        # Ids for the nodes this request writes: existing rows keep theirs, new ones get fresh ids.
        for item in items:
            if item.kind != "node":
                continue
            row = rows.get(item.key)
            ids[(item.space, item.xid)] = row.id if row is not None else self.store.allocate_ids(1)
        return ids

    def _existing_props(
        self, items: list[WriteItem], rows: dict[InstanceKey, Row]
    ) -> dict[tuple[int, int], dict[str, Any]]:
        wanted = [
            [rows[item.key].id, cid]
            for item in items
            if item.key in rows and rows[item.key].alive
            for cid in item.writes
        ]
        if not wanted:
            return {}
        cursor = self.conn.execute(
            "SELECT p.inst_id, p.container_id, p.data FROM json_each(?) k JOIN props p ON "
            "p.inst_id = json_extract(k.value, '$[0]') AND p.container_id = json_extract(k.value, '$[1]')",
            (json.dumps(wanted),),
        )
        return {(inst_id, cid): json.loads(data) for inst_id, cid, data in cursor}

    def _next_auto_increment(self, container: ContainerRecord, cprop: str, counters: dict[tuple[int, str], int]) -> int:
        key = (container.id, cprop)
        if key not in counters:
            row = self.conn.execute(
                "SELECT MAX(json_extract(data, ?)) FROM props WHERE container_id = ?",
                ('$."' + cprop.replace('"', '\\"') + '"', container.id),
            ).fetchone()
            counters[key] = int(row[0] or 0)
        counters[key] += 1
        return counters[key]

    def _write(
        self,
        items: list[WriteItem],
        rows: dict[InstanceKey, Row],
        node_ids: dict[NodeKey, int],
        existing_props: dict[tuple[int, int], dict[str, Any]],
    ) -> list[dict[str, Any]]:
        replace = self.options["replace"]
        containers = self.registry.containers_by_id
        counters: dict[tuple[int, str], int] = {}
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        prop_rows: list[tuple[int, int, str]] = []
        cleared: list[tuple[int]] = []
        revived: list[tuple[int | None, int | None, int]] = []
        results = []
        dumps = json.dumps
        for item in items:
            row = rows.get(item.key)
            is_new = row is None or not row.alive
            if item.kind == "node":
                inst_id = node_ids[(item.space, item.xid)]
            else:
                inst_id = row.id if row is not None else self.store.allocate_ids(1)
            self.item_ids[item.key] = inst_id
            start_id = node_ids[item.start] if item.start is not None else None
            end_id = node_ids[item.end] if item.end is not None else None
            if not is_new and row is not None:
                new_type = (
                    item.type
                    if item.type_given
                    else ((row.type_space, row.type_xid) if row.type_space is not None else None)
                )
                old_type = (row.type_space, row.type_xid) if row.type_space is not None else None
                changed = new_type != old_type
                if item.kind == "edge" and (changed or row.start_id != start_id or row.end_id != end_id):
                    raise bad_request(
                        f"{item.where}: the type, startNode and endNode of an existing edge cannot change "
                        f"(edge {item.space}:{item.xid}); delete it and create a new one"
                    )
            else:
                new_type = item.type
                changed = True
            for cid, writes in item.writes.items():
                container = containers[cid]
                old = None if is_new else existing_props.get((inst_id, cid))
                fresh = old is None or replace
                data = {} if fresh else dict(old)  # type: ignore[arg-type]
                for cprop, value in writes.items():
                    if value is None:
                        data.pop(cprop, None)
                    else:
                        data[cprop] = value
                if fresh:
                    for cprop, prop in container.properties.items():
                        if cprop in data or cprop in writes:
                            continue
                        if prop.auto_increment:
                            data[cprop] = (
                                old[cprop]
                                if old and cprop in old
                                else self._next_auto_increment(container, cprop, counters)
                            )
                        elif prop.default is not None:
                            data[cprop] = prop.default
                for cprop, prop in container.properties.items():
                    if not prop.nullable and cprop not in data:
                        name = item.names.get(cid, {}).get(cprop, cprop)
                        raise bad_request(
                            f"{item.where}: missing required property {name!r} (container {container_label(container.key)}"
                            f" property {cprop!r} is not nullable)"
                        )
                    if prop.immutable and old is not None and cprop in old and data.get(cprop) != old[cprop]:
                        name = item.names.get(cid, {}).get(cprop, cprop)
                        raise bad_request(
                            f"{item.where}: property {name!r} is immutable and already set to {old[cprop]!r}"
                        )
                if data != old:
                    changed = True
                    prop_rows.append((inst_id, cid, dumps(data, separators=(",", ":"), ensure_ascii=False)))
            type_space, type_xid = new_type if new_type is not None else (None, None)
            if is_new:
                if row is not None:  # reviving a soft-deleted instance: it starts over (an edge may get new ends)
                    cleared.append((inst_id,))
                    version = row.version + 1
                    revived.append((start_id, end_id, inst_id))
                    updates.append((type_space, type_xid, version, self.now, self.now, self.store.next_seq(), inst_id))
                else:
                    version = 1
                    inserts.append(
                        (
                            inst_id,
                            item.kind,
                            item.space,
                            item.xid,
                            type_space,
                            type_xid,
                            start_id,
                            end_id,
                            1,
                            self.now,
                            self.now,
                            None,
                            self.store.next_seq(),
                        )
                    )
                created = updated = self.now
            elif changed:
                assert row is not None
                version, created, updated = row.version + 1, row.created, self.now
                updates.append((type_space, type_xid, version, row.created, self.now, self.store.next_seq(), inst_id))
            else:
                assert row is not None
                version, created, updated = row.version, row.created, row.updated
            results.append(
                {
                    "instanceType": item.kind,
                    "space": item.space,
                    "externalId": item.xid,
                    "version": version,
                    "wasModified": changed,
                    "createdTime": created,
                    "lastUpdatedTime": updated,
                }
            )
        if cleared:
            self.conn.executemany("DELETE FROM props WHERE inst_id = ?", cleared)
        if inserts:
            self.conn.executemany("INSERT INTO instances VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", inserts)
        if updates:
            self.conn.executemany(
                "UPDATE instances SET type_space = ?, type_xid = ?, version = ?, created = ?, updated = ?, deleted = NULL, "
                "seq = ? WHERE id = ?",
                updates,
            )
        if revived:
            self.conn.executemany("UPDATE instances SET start_id = ?, end_id = ? WHERE id = ?", revived)
        if prop_rows:
            self.conn.executemany(
                "INSERT OR REPLACE INTO props (inst_id, container_id, data) VALUES (?, ?, ?)", prop_rows
            )
        return results

    def _check_constraints(self, items: list[WriteItem]) -> None:
        """Container constraints of everything written: direct relation container targets, requires, uniqueness."""
        containers = self.registry.containers_by_id
        touched: dict[int, set[int]] = {}
        for item in items:
            for cid in item.writes:
                container = containers[cid]
                if container.definition.get("constraints") or any(
                    p.kind == "direct" and p.type.get("container") for p in container.properties.values()
                ):
                    touched.setdefault(cid, set()).add(self.item_ids[item.key])
        for cid, inst_ids in touched.items():
            container = containers[cid]
            ids_json = json.dumps(sorted(inst_ids))
            for name, constraint in (container.definition.get("constraints") or {}).items():
                if constraint["constraintType"] == "requires":
                    required = self.registry.containers.get(
                        (constraint["require"]["space"], constraint["require"]["externalId"])
                    )
                    if required is None:
                        continue
                    row = self.conn.execute(
                        "SELECT i.space, i.external_id FROM instances i WHERE i.id IN (SELECT value FROM json_each(?)) AND NOT "
                        "EXISTS (SELECT 1 FROM props p WHERE p.inst_id = i.id AND p.container_id = ?) LIMIT 1",
                        (ids_json, required.id),
                    ).fetchone()
                    if row is not None:
                        raise bad_request(
                            f"Instance {row[0]}:{row[1]} has data in container {container_label(container.key)}, whose "
                            f"constraint {name!r} requires data in container {container_label(required.key)} too"
                        )
                else:
                    self._check_unique(container, name, constraint, ids_json)
            for cprop, prop in container.properties.items():
                target_container = prop.type.get("container") if prop.kind == "direct" else None
                if target_container is not None:
                    self._check_direct_container(container, cprop, prop.is_list, target_container, ids_json)

    def _check_unique(self, container: ContainerRecord, name: str, constraint: dict[str, Any], ids_json: str) -> None:
        paths = ['$."' + p.replace('"', '\\"') + '"' for p in constraint["properties"]]
        columns = ", ".join(f"json_extract(p.data, '{path}')" for path in paths)
        by_space = ", i.space" if constraint.get("bySpace") else ""
        row = self.conn.execute(
            f"SELECT {columns}{by_space}, COUNT(*) FROM props p JOIN instances i ON i.id = p.inst_id "
            f"WHERE p.container_id = ? AND i.deleted IS NULL AND ({columns}{by_space}) IN "
            f"(SELECT {columns}{by_space} FROM props p JOIN instances i ON i.id = p.inst_id WHERE p.container_id = ? AND "
            f"p.inst_id IN (SELECT value FROM json_each(?))) GROUP BY {columns}{by_space} HAVING COUNT(*) > 1 LIMIT 1",
            (container.id, container.id, ids_json),
        ).fetchone()
        if row is not None and all(value is not None for value in row[: len(paths)]):
            values = dict(zip(constraint["properties"], row, strict=False))
            raise bad_request(
                f"Uniqueness constraint {name!r} of container {container_label(container.key)} is violated: "
                f"{row[-1]} instances have {values}"
            )

    def _check_direct_container(
        self, container: ContainerRecord, cprop: str, is_list: bool, target: dict[str, str], ids_json: str
    ) -> None:
        required = self.registry.containers.get((target["space"], target["externalId"]))
        if required is None:
            return
        path = '$."' + cprop.replace('"', '\\"') + '"'
        # A list walks its elements; a single relation is wrapped in a one-element array to walk the same way.
        values = "json_each(p.data, ?)" if is_list else "json_each(json_array(json(json_extract(p.data, ?))))"
        row = self.conn.execute(
            f"SELECT je.value FROM props p, {values} je WHERE p.container_id = ? AND p.inst_id IN "
            "(SELECT value FROM json_each(?)) AND je.type = 'object' AND NOT EXISTS (SELECT 1 FROM instances t JOIN props tp "
            "ON tp.inst_id = t.id AND tp.container_id = ? WHERE t.space = json_extract(je.value, '$.space') AND "
            "t.external_id = json_extract(je.value, '$.externalId') AND t.kind = 'node' AND t.deleted IS NULL) LIMIT 1",
            (path, container.id, ids_json, required.id),
        ).fetchone()
        if row is not None:
            raise bad_request(
                f"Direct relation {container_label(container.key)}.{cprop} points at {row[0]}, which has no data in "
                f"container {container_label(required.key)} (the property's container constraint)"
            )
