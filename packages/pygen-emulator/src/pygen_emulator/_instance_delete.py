"""Deleting instances: soft deletes (``deletedTime`` set, visible to sync), a node's edges go with it."""

from __future__ import annotations

import sqlite3
from typing import Any

from ._backend import Backend
from ._clock import now_ms
from ._errors import ApiError
from ._instance_ids import InstanceKey, lookup, parse_instance_id, ref
from ._request import check_keys, get_list, join

TOMBSTONE_RETENTION_MS = 3 * 24 * 3600 * 1000
_PURGE_INTERVAL_MS = 60_000


def parse_deletes(items: list[Any], where: str) -> list[tuple[InstanceKey, int | None]]:
    return [parse_instance_id(raw, join(where, i), allow_version=True) for i, raw in enumerate(items)]


def version_conflict(keys: list[InstanceKey]) -> ApiError:
    shown = ", ".join(f"{k[0]} {k[1]}:{k[2]}" for k in keys[:5])
    more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
    return ApiError(409, f"A version conflict caused the ingest to fail. Conflicting instances: {shown}{more}")


def delete_in_transaction(
    backend: Backend, conn: sqlite3.Connection, deletes: list[tuple[InstanceKey, int | None]], now: int
) -> list[dict[str, Any]]:
    """Soft-delete the given instances (skipping missing ones); returns the deleted ids in request order."""
    keys = list(dict.fromkeys(key for key, _ in deletes))
    rows = lookup(conn, keys)
    conflicts = [
        key
        for key, version in deletes
        if version is not None and key in rows and rows[key].alive and rows[key].version > version
    ]
    if conflicts:
        raise version_conflict(conflicts)
    alive = [rows[key] for key in keys if key in rows and rows[key].alive]
    if not alive:
        return []
    store = backend.store
    node_ids = [row.id for row in alive if row.kind == "node"]
    edge_ids = {row.id for row in alive if row.kind == "edge"}
    if node_ids:
        import json

        attached = conn.execute(
            "SELECT id FROM instances WHERE deleted IS NULL AND kind = 'edge' AND (start_id IN (SELECT value FROM json_each(?1)) "
            "OR end_id IN (SELECT value FROM json_each(?1)))",
            (json.dumps(node_ids),),
        ).fetchall()
        edge_ids.update(row[0] for row in attached)
    targets = [*node_ids, *sorted(edge_ids)]
    conn.executemany(
        "UPDATE instances SET deleted = ?, updated = ?, seq = ? WHERE id = ?",
        [(now, now, store.next_seq(), inst_id) for inst_id in targets],
    )
    _purge_old_tombstones(backend, conn, now)
    return [ref(key) for key in keys if key in rows and rows[key].alive]


def _purge_old_tombstones(backend: Backend, conn: sqlite3.Connection, now: int) -> None:
    last = getattr(backend, "_last_purge", 0)
    if now - last < _PURGE_INTERVAL_MS:
        return
    backend._last_purge = now  # type: ignore[attr-defined]
    cutoff = now - TOMBSTONE_RETENTION_MS
    conn.execute(
        "DELETE FROM props WHERE inst_id IN (SELECT id FROM instances WHERE deleted IS NOT NULL AND deleted < ?)",
        (cutoff,),
    )
    conn.execute("DELETE FROM instances WHERE deleted IS NOT NULL AND deleted < ?", (cutoff,))


def delete(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    check_keys(body, {"items"}, "")
    items = get_list(body, "items", "", required=True, min_items=1, max_items=1000)
    deletes = parse_deletes(items, "items")
    with backend.store.write() as conn:
        backend.registry.require_spaces([key[1] for key, _ in deletes])
        return {"items": delete_in_transaction(backend, conn, deletes, now_ms())}
