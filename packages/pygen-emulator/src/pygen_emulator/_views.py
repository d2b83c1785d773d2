"""Endpoints for views: apply (upsert with compatibility rules), list, byids, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from ._backend import Backend
from ._clock import now_ms
from ._errors import bad_request, conflict
from ._filter_shape import check_filter_shape
from ._ids import check_dms_xid, check_instance_xid, check_property_id, check_space, check_version
from ._listing import page
from ._property_types import parse_container_ref, parse_view_ref
from ._request import as_object, check_keys, get_list, get_obj, get_str, join, query_bool
from ._schema import DataModelRecord, ResolvedView, ViewKey, ViewRecord, view_label, view_ref

_VIEW_KEYS = {"space", "externalId", "version", "name", "description", "filter", "implements", "properties"}
_EDGE_KINDS = ("single_edge_connection", "multi_edge_connection")
_REVERSE_KINDS = ("single_reverse_direct_relation", "multi_reverse_direct_relation")


def _name_description(obj: dict[str, Any], where: str, out: dict[str, Any]) -> None:
    for key, limit in (("name", 255), ("description", 1024)):
        text = get_str(obj, key, where, max_length=limit)
        if text is not None:
            out[key] = text


def _direct_relation_ref(raw: object, where: str) -> dict[str, str]:
    obj = as_object(raw, where)
    check_keys(obj, {"space", "externalId"}, where)
    return {
        "space": check_space(obj.get("space"), join(where, "space")),
        "externalId": check_instance_xid(obj.get("externalId"), join(where, "externalId")),
    }


def parse_view_property(raw: object, where: str) -> dict[str, Any]:
    obj = as_object(raw, where)
    out: dict[str, Any] = {}
    if "container" in obj:
        check_keys(obj, {"container", "containerPropertyIdentifier", "name", "description", "source"}, where)
        out["container"] = parse_container_ref(obj["container"], join(where, "container"))
        out["containerPropertyIdentifier"] = get_str(obj, "containerPropertyIdentifier", where, required=True)
        if obj.get("source") is not None:
            out["source"] = parse_view_ref(obj["source"], join(where, "source"))
        _name_description(obj, where, out)
        return out
    kind = get_str(obj, "connectionType", where, default="multi_edge_connection")
    if kind in _REVERSE_KINDS:
        check_keys(obj, {"connectionType", "source", "through", "name", "description"}, where)
        through = get_obj(obj, "through", where, required=True) or {}
        twhere = join(where, "through")
        check_keys(through, {"source", "identifier"}, twhere)
        source = as_object(through.get("source"), join(twhere, "source"))
        parsed_source = (
            parse_container_ref(source, join(twhere, "source"))
            if source.get("type") == "container"
            else parse_view_ref(source, join(twhere, "source"))
        )
        out.update(
            connectionType=kind,
            source=parse_view_ref(obj.get("source"), join(where, "source")),
            through={"source": parsed_source, "identifier": get_str(through, "identifier", twhere, required=True)},
        )
        _name_description(obj, where, out)
        return out
    if kind not in _EDGE_KINDS:
        raise bad_request(
            f"{join(where, 'connectionType')}: expected one of {[*_EDGE_KINDS, *_REVERSE_KINDS]}, got {kind!r}"
        )
    check_keys(obj, {"connectionType", "type", "source", "edgeSource", "direction", "name", "description"}, where)
    out.update(
        connectionType=kind,
        type=_direct_relation_ref(obj.get("type"), join(where, "type")),
        source=parse_view_ref(obj.get("source"), join(where, "source")),
    )
    if obj.get("edgeSource") is not None:
        out["edgeSource"] = parse_view_ref(obj["edgeSource"], join(where, "edgeSource"))
    out["direction"] = get_str(obj, "direction", where, default="outwards", choices=("outwards", "inwards"))
    _name_description(obj, where, out)
    return out


def parse_view(raw: object, where: str, backend: Backend) -> dict[str, Any]:
    obj = as_object(raw, where)
    check_keys(obj, _VIEW_KEYS, where)
    out: dict[str, Any] = {
        "space": check_space(obj.get("space"), join(where, "space")),
        "externalId": check_dms_xid(obj.get("externalId"), join(where, "externalId"), creating=True),
        "version": check_version(obj.get("version"), join(where, "version")),
    }
    _name_description(obj, where, out)
    if obj.get("filter") is not None:
        out["filter"] = check_filter_shape(obj["filter"], join(where, "filter"))
    implements = []
    for index, ref in enumerate(get_list(obj, "implements", where)):
        parsed = parse_view_ref(ref, join(join(where, "implements"), index), version_required=False)
        if "version" not in parsed:
            latest = backend.registry.latest_view(parsed["space"], parsed["externalId"])
            if latest is None:
                raise bad_request(
                    f"{join(where, 'implements')}[{index}]: view {parsed['space']}:{parsed['externalId']} does not exist"
                )
            parsed["version"] = latest.version
        implements.append(parsed)
    out["implements"] = implements
    properties = get_obj(obj, "properties", where) or {}
    pwhere = join(where, "properties")
    if len(properties) > 300:
        raise bad_request(f"{pwhere}: a view can have at most 300 properties, got {len(properties)}")
    out["properties"] = {
        check_property_id(pid, join(pwhere, pid)): parse_view_property(spec, join(pwhere, pid))
        for pid, spec in properties.items()
    }
    return out


def apply(backend: Backend, body: dict[str, Any], *, as_global: bool = False) -> dict[str, Any]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=100)
    with backend.schema_write() as conn:
        keys = apply_parsed(
            backend,
            conn,
            [parse_view(raw, join("items", i), backend) for i, raw in enumerate(items)],
            as_global=as_global,
        )
        return {"items": [backend.registry.resolve(key).to_json() for key in keys]}


def apply_parsed(backend: Backend, conn: Any, parsed: list[dict[str, Any]], *, as_global: bool) -> list[ViewKey]:
    """Store parsed view definitions and check they resolve; call inside a schema write transaction."""
    registry = backend.registry
    keys: list[ViewKey] = [(p["space"], p["externalId"], p["version"]) for p in parsed]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise bad_request(
            "Duplicate views in the request: " + ", ".join(view_label(k) for k in duplicates),
            duplicated=[view_ref(k) for k in duplicates],
        )
    registry.require_spaces([p["space"] for p in parsed])
    now = now_ms()
    changed: list[tuple[int, ViewKey]] = []
    for index, definition in enumerate(parsed):
        key = keys[index]
        stored = {k: v for k, v in definition.items() if k not in ("space", "externalId", "version")}
        existing = registry.views.get(key)
        if existing is not None:
            if existing.is_global and not as_global:
                raise bad_request(f"View {view_label(key)} is global and cannot be modified")
            if existing.definition == stored:
                continue
            _check_compatible(existing, stored, f"items[{index}]")
        record = ViewRecord(
            *key,
            stored,
            existing.is_global if existing else as_global,
            existing.created if existing else now,
            now,
            existing.ord if existing else registry.next_ord(),
        )
        registry.save_view(conn, record)
        changed.append((index, key))
    for index, key in changed:
        _check_resolves(backend, registry.views[key], f"items[{index}]")
    return keys


def _check_compatible(existing: ViewRecord, new: dict[str, Any], where: str) -> None:
    label = view_label(existing.key)
    old_props = existing.definition.get("properties") or {}
    new_props = new.get("properties") or {}
    removed = [pid for pid in old_props if pid not in new_props]
    if removed:
        raise conflict(f"{where}: cannot remove properties {removed} from view {label}; create a new view version")
    for pid, spec in old_props.items():
        before = {k: v for k, v in spec.items() if k not in ("name", "description")}
        after = {k: v for k, v in new_props[pid].items() if k not in ("name", "description")}
        if before != after:
            raise conflict(
                f"{where}.properties.{pid}: cannot change property {pid!r} of view {label}; create a new view version"
            )
    if existing.definition.get("implements") != new.get("implements"):
        raise conflict(f"{where}.implements: cannot change what view {label} implements; create a new view version")


def _check_resolves(backend: Backend, record: ViewRecord, where: str) -> None:
    registry = backend.registry
    for index, parent in enumerate(record.implements):
        if parent not in registry.views:
            raise bad_request(
                f"{where}.implements[{index}]: One or more views do not exist: {view_label(parent)}",
                missing=[view_ref(parent)],
            )
    for pid, spec in (record.definition.get("properties") or {}).items():
        pwhere = f"{where}.properties.{pid}"
        if "container" in spec:
            ckey = (spec["container"]["space"], spec["container"]["externalId"])
            container = registry.containers.get(ckey)
            if container is None:
                raise bad_request(
                    f"{pwhere}.container: One or more containers do not exist: {ckey[0]}:{ckey[1]}",
                    missing=[spec["container"]],
                )
            if spec["containerPropertyIdentifier"] not in container.properties:
                raise bad_request(
                    f"{pwhere}.containerPropertyIdentifier: container {ckey[0]}:{ckey[1]} has no property "
                    f"{spec['containerPropertyIdentifier']!r}"
                )
    resolved = registry.resolve(record.key)
    kinds = {c.used_for for c in resolved.mapped_containers}
    if "node" in kinds and "edge" in kinds:
        raise bad_request(f"{where}: view {view_label(record.key)} maps both node-only and edge-only containers")


def view_output(resolved: ResolvedView, include_inherited: bool) -> dict[str, Any]:
    return resolved.to_json(include_inherited=include_inherited)


VersionedT = TypeVar("VersionedT", ViewRecord, DataModelRecord)


def _latest_only(records: list[VersionedT]) -> list[VersionedT]:
    """The newest version (by createdTime) of each view or data model."""
    latest: dict[tuple[str, str], VersionedT] = {}
    for record in records:
        current = latest.get((record.space, record.external_id))
        if current is None or (record.created, record.ord) > (current.created, current.ord):
            latest[(record.space, record.external_id)] = record
    return list(latest.values())


def list_(backend: Backend, params: Mapping[str, str]) -> dict[str, Any]:
    space = params.get("space")
    inherited = query_bool(params, "includeInheritedProperties", True)
    with backend.store.read():
        records = [v for v in backend.registry.views.values() if space is None or v.space == space]
        if not query_bool(params, "allVersions", False):
            records = _latest_only(records)
        return page(records, params, lambda r: backend.registry.resolve(r.key).to_json(include_inherited=inherited))


def parse_version_ids(body: dict[str, Any], *, max_items: int = 100) -> list[tuple[str, str, str | None]]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=max_items)
    out = []
    for index, raw in enumerate(items):
        where = join("items", index)
        obj = as_object(raw, where)
        check_keys(obj, {"space", "externalId", "version", "type"}, where)
        version = obj.get("version")
        out.append(
            (
                check_space(obj.get("space"), join(where, "space")),
                check_dms_xid(obj.get("externalId"), join(where, "externalId")),
                check_version(version, join(where, "version")) if version is not None else None,
            )
        )
    return out


def by_ids(backend: Backend, body: dict[str, Any], params: Mapping[str, str]) -> dict[str, Any]:
    ids = parse_version_ids(body)
    inherited = query_bool(params, "includeInheritedProperties", True)
    registry = backend.registry
    with backend.store.read():
        keys: list[ViewKey] = []
        for space, xid, version in ids:
            if version is not None:
                keys.append((space, xid, version))
            else:
                keys.extend(
                    sorted(
                        (k for k in registry.views if k[0] == space and k[1] == xid),
                        key=lambda k: registry.views[k].ord,
                    )
                )
        return {
            "items": [
                registry.resolve(k).to_json(include_inherited=inherited)
                for k in dict.fromkeys(keys)
                if k in registry.views
            ]
        }


def delete(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    ids = parse_version_ids(body)
    deleted = []
    with backend.schema_write() as conn:
        for space, xid, version in ids:
            if version is None:
                raise bad_request(f"items: deleting view {space}:{xid} requires a version")
            key = (space, xid, version)
            record = backend.registry.views.get(key)
            if record is None:
                continue
            if record.is_global:
                raise bad_request(f"View {view_label(key)} is global and cannot be deleted")
            backend.registry.delete_view(conn, key)
            deleted.append({"space": space, "externalId": xid, "version": version})
    return {"items": deleted}
