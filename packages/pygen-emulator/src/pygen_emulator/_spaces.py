"""Endpoints for spaces: apply (upsert), list, byids, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backend import Backend
from ._clock import now_ms
from ._errors import bad_request
from ._ids import check_space
from ._listing import page
from ._request import as_object, check_keys, get_list, get_str, join
from ._schema import SpaceRecord


def apply(backend: Backend, body: dict[str, Any], *, as_global: bool = False) -> dict[str, Any]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=100)
    parsed: list[tuple[str, str | None, str | None]] = []
    seen: set[str] = set()
    for index, raw in enumerate(items):
        where = join("items", index)
        obj = as_object(raw, where)
        check_keys(obj, {"space", "name", "description"}, where)
        space = check_space(obj.get("space"), join(where, "space"), creating=not as_global)
        if space in seen:
            raise bad_request(f"Duplicate space {space!r} in the request", duplicated=[{"space": space}])
        seen.add(space)
        parsed.append(
            (
                space,
                get_str(obj, "name", where, max_length=255),
                get_str(obj, "description", where, max_length=1024),
            )
        )
    registry = backend.registry
    out = []
    with backend.schema_write() as conn:
        now = now_ms()
        for space, name, description in parsed:
            existing = registry.spaces.get(space)
            if existing is not None and existing.is_global and not as_global:
                raise bad_request(f"Space {space!r} is global and cannot be modified")
            if existing is not None and (existing.name, existing.description) == (name, description):
                out.append(existing.to_json())
                continue
            record = SpaceRecord(
                space,
                name,
                description,
                as_global,
                existing.created if existing else now,
                now,
                existing.ord if existing else registry.next_ord(),
            )
            registry.save_space(conn, record)
            out.append(record.to_json())
    return {"items": out}


def list_(backend: Backend, params: Mapping[str, str]) -> dict[str, Any]:
    with backend.store.read():
        return page(list(backend.registry.spaces.values()), params, SpaceRecord.to_json)


def _ids(body: dict[str, Any]) -> list[str]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=100)
    spaces = []
    for index, raw in enumerate(items):
        where = join("items", index)
        obj = as_object(raw, where)
        check_keys(obj, {"space"}, where)
        spaces.append(check_space(obj.get("space"), join(where, "space")))
    return spaces


def by_ids(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    spaces = _ids(body)
    with backend.store.read():
        found = [backend.registry.spaces[s].to_json() for s in dict.fromkeys(spaces) if s in backend.registry.spaces]
    return {"items": found}


def delete(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    spaces = _ids(body)
    registry = backend.registry
    deleted = []
    with backend.schema_write() as conn:
        for space in dict.fromkeys(spaces):
            record = registry.spaces.get(space)
            if record is None:
                continue
            if record.is_global:
                raise bad_request(f"Space {space!r} is global and cannot be deleted")
            contents = _contents(backend, space)
            if contents:
                raise bad_request(f"Only empty spaces can be deleted; space {space!r} still contains {contents}")
            registry.delete_space(conn, space)
            deleted.append({"space": space})
    return {"items": deleted}


def _contents(backend: Backend, space: str) -> str:
    registry = backend.registry
    counts = {
        "containers": sum(1 for key in registry.containers if key[0] == space),
        "views": sum(1 for key in registry.views if key[0] == space),
        "data models": sum(1 for key in registry.data_models if key[0] == space),
    }
    row = backend.store.conn.execute(
        "SELECT COUNT(*) FROM instances WHERE space = ? AND deleted IS NULL", (space,)
    ).fetchone()
    counts["instances"] = int(row[0])
    return ", ".join(f"{count} {what}" for what, count in counts.items() if count)
