"""Endpoints for containers: apply (upsert with compatibility rules), list, byids, delete, index/constraint delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import Backend
from ._clock import now_ms
from ._errors import bad_request, conflict
from ._ids import check_dms_xid, check_property_id, check_space
from ._listing import page
from ._property_types import parse_container_property, parse_container_ref, type_change_reason
from ._request import as_object, check_keys, get_bool, get_list, get_obj, get_str, join
from ._schema import ContainerKey, ContainerRecord, container_label

_CONTAINER_KEYS = {"space", "externalId", "name", "description", "usedFor", "properties", "constraints", "indexes"}
MAX_PROPERTIES = 100
MAX_INDEXES = 10
MAX_CONSTRAINTS = 10


def parse_container(raw: object, where: str, *, creating: bool = True) -> dict[str, Any]:
    obj = as_object(raw, where)
    check_keys(obj, _CONTAINER_KEYS, where)
    out: dict[str, Any] = {
        "space": check_space(obj.get("space"), join(where, "space")),
        "externalId": check_dms_xid(obj.get("externalId"), join(where, "externalId"), creating=creating),
    }
    for key, limit in (("name", 255), ("description", 1024)):
        text = get_str(obj, key, where, max_length=limit)
        if text is not None:
            out[key] = text
    used_for = get_str(obj, "usedFor", where, default="node")
    if used_for == "record":
        raise bad_request(
            f"{join(where, 'usedFor')}: record containers belong to Streams, which the emulator does not serve"
        )
    if used_for not in ("node", "edge", "all"):
        raise bad_request(f"{join(where, 'usedFor')}: expected one of ['node', 'edge', 'all'], got {used_for!r}")
    out["usedFor"] = used_for
    properties = get_obj(obj, "properties", where, required=True) or {}
    props_where = join(where, "properties")
    if not 1 <= len(properties) <= MAX_PROPERTIES:
        raise bad_request(f"{props_where}: a container must have 1-{MAX_PROPERTIES} properties, got {len(properties)}")
    out["properties"] = {
        check_property_id(pid, join(props_where, pid)): parse_container_property(spec, join(props_where, pid))
        for pid, spec in properties.items()
    }
    out["constraints"] = _parse_constraints(obj, where, out["properties"])
    out["indexes"] = _parse_indexes(obj, where, out["properties"])
    return out


def _check_sub_id(identifier: str, where: str) -> None:
    if not 1 <= len(identifier) <= 43:
        raise bad_request(f"{where}: identifiers of constraints and indexes must be 1-43 characters")


def _check_property_list(raw: object, where: str, properties: dict[str, Any]) -> list[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) for p in raw):
        raise bad_request(f"{where}: expected a non-empty list of property identifiers")
    unknown = [p for p in raw if p not in properties]
    if unknown:
        raise bad_request(f"{where}: unknown container properties {unknown}")
    return list(raw)


def _parse_constraints(obj: dict[str, Any], where: str, properties: dict[str, Any]) -> dict[str, Any]:
    constraints = get_obj(obj, "constraints", where) or {}
    base = join(where, "constraints")
    if len(constraints) > MAX_CONSTRAINTS:
        raise bad_request(f"{base}: at most {MAX_CONSTRAINTS} constraints per container, got {len(constraints)}")
    out: dict[str, Any] = {}
    for cid, raw in constraints.items():
        cwhere = join(base, cid)
        _check_sub_id(cid, cwhere)
        spec = as_object(raw, cwhere)
        kind = get_str(spec, "constraintType", cwhere, required=True, choices=("requires", "uniqueness"))
        if kind == "requires":
            check_keys(spec, {"constraintType", "require", "state"}, cwhere)
            out[cid] = {
                "constraintType": "requires",
                "require": parse_container_ref(spec.get("require"), join(cwhere, "require")),
            }
        else:
            check_keys(spec, {"constraintType", "properties", "bySpace", "state"}, cwhere)
            out[cid] = {
                "constraintType": "uniqueness",
                "properties": _check_property_list(spec.get("properties"), join(cwhere, "properties"), properties),
                "bySpace": get_bool(spec, "bySpace", cwhere, False),
            }
    return out


def _parse_indexes(obj: dict[str, Any], where: str, properties: dict[str, Any]) -> dict[str, Any]:
    indexes = get_obj(obj, "indexes", where) or {}
    base = join(where, "indexes")
    if len(indexes) > MAX_INDEXES:
        raise bad_request(f"{base}: at most {MAX_INDEXES} indexes per container, got {len(indexes)}")
    out: dict[str, Any] = {}
    for iid, raw in indexes.items():
        iwhere = join(base, iid)
        _check_sub_id(iid, iwhere)
        spec = as_object(raw, iwhere)
        kind = get_str(spec, "indexType", iwhere, default="btree", choices=("btree", "inverted"))
        props = _check_property_list(spec.get("properties"), join(iwhere, "properties"), properties)
        if kind == "btree":
            check_keys(spec, {"indexType", "properties", "cursorable", "bySpace", "state"}, iwhere)
            out[iid] = {
                "indexType": "btree",
                "properties": props,
                "cursorable": get_bool(spec, "cursorable", iwhere, False),
                "bySpace": get_bool(spec, "bySpace", iwhere, False),
            }
        else:
            check_keys(spec, {"indexType", "properties", "state"}, iwhere)
            out[iid] = {"indexType": "inverted", "properties": props}
    return out


def apply(backend: Backend, body: dict[str, Any], *, as_global: bool = False) -> dict[str, Any]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=100)
    parsed = [parse_container(raw, join("items", i), creating=not as_global) for i, raw in enumerate(items)]
    keys = [(p["space"], p["externalId"]) for p in parsed]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise bad_request(
            "Duplicate containers in the request: " + ", ".join(container_label(k) for k in duplicates),
            duplicated=[{"space": s, "externalId": x} for s, x in duplicates],
        )
    registry = backend.registry
    out = []
    with backend.schema_write() as conn:
        registry.require_spaces([p["space"] for p in parsed])
        in_request = set(keys)
        for index, definition in enumerate(parsed):
            for cid, constraint in definition["constraints"].items():
                if constraint["constraintType"] == "requires":
                    target = (constraint["require"]["space"], constraint["require"]["externalId"])
                    # Global (system) containers may require containers of the platform the model file leaves out.
                    if target not in in_request and target not in registry.containers and not as_global:
                        raise bad_request(
                            f"items[{index}].constraints.{cid}.require: container {container_label(target)} does not exist",
                            missing=[constraint["require"]],
                        )
        now = now_ms()
        for index, definition in enumerate(parsed):
            key: ContainerKey = (definition["space"], definition["externalId"])
            existing = registry.containers.get(key)
            stored = {k: v for k, v in definition.items() if k not in ("space", "externalId")}
            if existing is None:
                record = ContainerRecord(0, key[0], key[1], stored, as_global, now, now, registry.next_ord())
                out.append(registry.save_container(conn, record).to_json())
                continue
            if existing.is_global and not as_global:
                raise bad_request(f"Container {container_label(key)} is global and cannot be modified")
            if existing.definition == stored:
                out.append(existing.to_json())
                continue
            _check_compatible(backend, existing, stored, f"items[{index}]")
            record = ContainerRecord(
                existing.id, key[0], key[1], stored, existing.is_global, existing.created, now, existing.ord
            )
            out.append(registry.save_container(conn, record).to_json())
    return {"items": out}


def _has_data(backend: Backend, container: ContainerRecord) -> bool:
    row = backend.store.conn.execute("SELECT 1 FROM props WHERE container_id = ? LIMIT 1", (container.id,)).fetchone()
    return row is not None


def _check_compatible(backend: Backend, existing: ContainerRecord, new: dict[str, Any], where: str) -> None:
    label = container_label(existing.key)
    old = existing.definition
    if old.get("usedFor", "node") != new["usedFor"]:
        raise conflict(
            f"{where}: cannot change usedFor of container {label} from {old.get('usedFor')} to {new['usedFor']}"
        )
    removed = [pid for pid in old["properties"] if pid not in new["properties"]]
    if removed:
        raise conflict(f"{where}: cannot remove properties {removed} from container {label}")
    for pid, spec in new["properties"].items():
        before = old["properties"].get(pid)
        pwhere = f"{where}.properties.{pid}"
        if before is None:
            if (
                not spec["nullable"]
                and spec.get("defaultValue") is None
                and not spec["autoIncrement"]
                and _has_data(backend, existing)
            ):
                raise conflict(
                    f"{pwhere}: cannot add a non-nullable property without a default value to container {label}, "
                    "which already holds data"
                )
            continue
        reason = type_change_reason(before["type"], spec["type"])
        if reason:
            raise conflict(f"{pwhere}: incompatible change to container {label}: {reason}")
        if before["autoIncrement"] != spec["autoIncrement"]:
            raise conflict(f"{pwhere}: cannot change autoIncrement of an existing property in container {label}")
        if before["nullable"] and not spec["nullable"]:
            row = backend.store.conn.execute(
                "SELECT COUNT(*) FROM props WHERE container_id = ? AND json_extract(data, ?) IS NULL",
                (existing.id, json_path(pid)),
            ).fetchone()
            if row[0]:
                raise conflict(
                    f"{pwhere}: cannot make property non-nullable in container {label}: {row[0]} instance(s) have no value"
                )
    for section in ("constraints", "indexes"):
        for sid, spec in new[section].items():
            before = (old.get(section) or {}).get(sid)
            if before is not None and before != spec:
                raise conflict(
                    f"{where}.{section}.{sid}: cannot change an existing {section[:-1] if section == 'constraints' else 'index'}"
                    f" of container {label}; delete it first"
                )


def json_path(prop: str) -> str:
    return '$."' + prop.replace('"', '\\"') + '"'


def list_(backend: Backend, params: Mapping[str, str], used_for: list[str]) -> dict[str, Any]:
    space = params.get("space")
    allowed = set(used_for) if used_for else {"node", "edge", "all"}
    with backend.store.read():
        records = [
            c
            for c in backend.registry.containers.values()
            if (space is None or c.space == space) and c.used_for in allowed
        ]
        return page(records, params, ContainerRecord.to_json)


def _ids(body: dict[str, Any]) -> list[ContainerKey]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=100)
    keys = []
    for index, raw in enumerate(items):
        where = join("items", index)
        obj = as_object(raw, where)
        check_keys(obj, {"space", "externalId", "type"}, where)
        keys.append(
            (
                check_space(obj.get("space"), join(where, "space")),
                check_dms_xid(obj.get("externalId"), join(where, "externalId")),
            )
        )
    return keys


def by_ids(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    keys = _ids(body)
    with backend.store.read():
        containers = backend.registry.containers
        return {"items": [containers[k].to_json() for k in dict.fromkeys(keys) if k in containers]}


def delete(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    keys = _ids(body)
    deleted = []
    with backend.schema_write() as conn:
        for key in dict.fromkeys(keys):
            record = backend.registry.containers.get(key)
            if record is None:
                continue
            if record.is_global:
                raise bad_request(f"Container {container_label(key)} is global and cannot be deleted")
            backend.registry.delete_container(conn, key)
            deleted.append({"space": key[0], "externalId": key[1]})
    return {"items": deleted}


def delete_sub_objects(backend: Backend, body: dict[str, Any], section: str) -> dict[str, Any]:
    """``containers/indexes/delete`` and ``containers/constraints/delete``."""
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=10)
    deleted = []
    with backend.schema_write() as conn:
        for index, raw in enumerate(items):
            where = join("items", index)
            obj = as_object(raw, where)
            check_keys(obj, {"space", "containerExternalId", "identifier"}, where)
            key = (
                check_space(obj.get("space"), join(where, "space")),
                check_dms_xid(obj.get("containerExternalId"), join(where, "containerExternalId")),
            )
            identifier = get_str(obj, "identifier", where, required=True)
            record = backend.registry.containers.get(key)
            if record is None or identifier not in (record.definition.get(section) or {}):
                continue
            definition = dict(record.definition)
            definition[section] = {k: v for k, v in definition[section].items() if k != identifier}
            updated = ContainerRecord(
                record.id, key[0], key[1], definition, record.is_global, record.created, now_ms(), record.ord
            )
            backend.registry.save_container(conn, updated)
            deleted.append({"space": key[0], "containerExternalId": key[1], "identifier": identifier})
    return {"items": deleted}
