"""Endpoints for data models: apply (with inline view definitions), list, byids, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import Backend
from ._clock import now_ms
from ._errors import bad_request
from ._ids import check_dms_xid, check_space, check_version
from ._listing import page
from ._property_types import parse_view_ref
from ._request import as_object, check_keys, get_list, get_str, join, query_bool
from ._schema import DataModelRecord, ViewKey, view_label, view_ref
from ._views import _latest_only, apply_parsed, parse_version_ids, parse_view

_MODEL_KEYS = {"space", "externalId", "version", "name", "description", "views"}


def _parse(raw: object, where: str, backend: Backend) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    obj = as_object(raw, where)
    check_keys(obj, _MODEL_KEYS, where)
    definition: dict[str, Any] = {
        "space": check_space(obj.get("space"), join(where, "space")),
        "externalId": check_dms_xid(obj.get("externalId"), join(where, "externalId"), creating=True),
        "version": check_version(obj.get("version"), join(where, "version")),
    }
    for key, limit in (("name", 255), ("description", 1024)):
        text = get_str(obj, key, where, max_length=limit)
        if text is not None:
            definition[key] = text
    refs: list[dict[str, str]] = []
    inline: list[dict[str, Any]] = []
    views = obj.get("views")
    if views is not None:
        vwhere = join(where, "views")
        if not isinstance(views, list):
            raise bad_request(f"{vwhere}: expected an array of view references or view definitions")
        for index, view in enumerate(views):
            iwhere = join(vwhere, index)
            view_obj = as_object(view, iwhere)
            if "properties" in view_obj or "implements" in view_obj or "filter" in view_obj or "name" in view_obj:
                parsed = parse_view(view_obj, iwhere, backend)
                inline.append(parsed)
                refs.append(view_ref((parsed["space"], parsed["externalId"], parsed["version"])))
            else:
                refs.append(parse_view_ref(view_obj, iwhere))
        definition["views"] = refs
    return definition, inline


def apply(backend: Backend, body: dict[str, Any], *, as_global: bool = False) -> dict[str, Any]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=100)
    parsed = [_parse(raw, join("items", i), backend) for i, raw in enumerate(items)]
    registry = backend.registry
    keys: list[ViewKey] = [(d["space"], d["externalId"], d["version"]) for d, _ in parsed]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise bad_request(
            "Duplicate data models in the request: " + ", ".join(view_label(k) for k in duplicates),
            duplicated=[{"space": s, "externalId": x, "version": v} for s, x, v in duplicates],
        )
    out = []
    with backend.schema_write() as conn:
        registry.require_spaces([d["space"] for d, _ in parsed])
        inline = [view for _, views in parsed for view in views]
        if inline:
            apply_parsed(backend, conn, inline, as_global=as_global)
        now = now_ms()
        for index, (definition, _) in enumerate(parsed):
            key = keys[index]
            view_keys = [(r["space"], r["externalId"], r["version"]) for r in definition.get("views") or []]
            registry.require_views(view_keys)
            stored = {k: v for k, v in definition.items() if k not in ("space", "externalId", "version")}
            existing = registry.data_models.get(key)
            if existing is not None and existing.is_global and not as_global:
                raise bad_request(f"Data model {view_label(key)} is global and cannot be modified")
            if existing is not None and existing.definition == stored:
                out.append(render(backend, existing, inline_views=False))
                continue
            record = DataModelRecord(
                *key,
                stored,
                existing.is_global if existing else as_global,
                existing.created if existing else now,
                now,
                existing.ord if existing else registry.next_ord(),
            )
            registry.save_data_model(conn, record)
            out.append(render(backend, record, inline_views=False))
    return {"items": out}


def render(backend: Backend, record: DataModelRecord, *, inline_views: bool) -> dict[str, Any]:
    definition = record.definition
    out: dict[str, Any] = {"space": record.space, "externalId": record.external_id}
    for field in ("name", "description"):
        if definition.get(field) is not None:
            out[field] = definition[field]
    out["version"] = record.version
    views = []
    for key in record.view_keys:
        if not inline_views:
            views.append(view_ref(key))
        elif key in backend.registry.views:
            views.append(backend.registry.resolve(key).to_json())
    out.update(views=views, isGlobal=record.is_global, createdTime=record.created, lastUpdatedTime=record.updated)
    return out


def list_(backend: Backend, params: Mapping[str, str]) -> dict[str, Any]:
    space = params.get("space")
    inline_views = query_bool(params, "inlineViews", False)
    with backend.store.read():
        records = [m for m in backend.registry.data_models.values() if space is None or m.space == space]
        if not query_bool(params, "allVersions", False):
            records = _latest_only(records)
        return page(records, params, lambda r: render(backend, r, inline_views=inline_views))


def by_ids(backend: Backend, body: dict[str, Any], params: Mapping[str, str]) -> dict[str, Any]:
    ids = parse_version_ids(body)
    inline_views = query_bool(params, "inlineViews", False)
    models = backend.registry.data_models
    with backend.store.read():
        keys: list[ViewKey] = []
        for space, xid, version in ids:
            if version is not None:
                keys.append((space, xid, version))
            else:
                keys.extend(sorted((k for k in models if k[0] == space and k[1] == xid), key=lambda k: models[k].ord))
        return {
            "items": [render(backend, models[k], inline_views=inline_views) for k in dict.fromkeys(keys) if k in models]
        }


def delete(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    ids = parse_version_ids(body)
    deleted = []
    with backend.schema_write() as conn:
        for space, xid, version in ids:
            if version is None:
                raise bad_request(f"items: deleting data model {space}:{xid} requires a version")
            key = (space, xid, version)
            record = backend.registry.data_models.get(key)
            if record is None:
                continue
            if record.is_global:
                raise bad_request(f"Data model {view_label(key)} is global and cannot be deleted")
            backend.registry.delete_data_model(conn, key)
            deleted.append({"space": space, "externalId": xid, "version": version})
    return {"items": deleted}
