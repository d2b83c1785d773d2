"""``GET /models/statistics``: counts and (emulated) limits of the project."""

from __future__ import annotations

from typing import Any

from ._backend import Backend

LIMITS = {"spaces": 100, "containers": 1000, "views": 2000, "dataModels": 500, "containerProperties": 25000}
INSTANCE_LIMIT = 5_000_000


def project(backend: Backend) -> dict[str, Any]:
    registry = backend.registry
    with backend.store.read() as conn:
        rows = dict(
            conn.execute(
                "SELECT kind || (CASE WHEN deleted IS NULL THEN '' ELSE '-deleted' END), COUNT(*) FROM instances GROUP BY 1"
            ).fetchall()
        )
        counts = {
            "spaces": sum(1 for s in registry.spaces.values() if not s.is_global),
            "containers": sum(1 for c in registry.containers.values() if not c.is_global),
            "views": sum(1 for v in registry.views.values() if not v.is_global),
            "dataModels": sum(1 for m in registry.data_models.values() if not m.is_global),
            "containerProperties": sum(len(c.properties) for c in registry.containers.values() if not c.is_global),
        }
    out: dict[str, Any] = {key: {"count": counts[key], "limit": limit} for key, limit in LIMITS.items()}
    nodes, edges = rows.get("node", 0), rows.get("edge", 0)
    out["instances"] = {
        "edges": edges,
        "softDeletedEdges": rows.get("edge-deleted", 0),
        "nodes": nodes,
        "softDeletedNodes": rows.get("node-deleted", 0),
        "instances": nodes + edges,
        "instancesLimit": INSTANCE_LIMIT,
        "softDeletedInstances": rows.get("node-deleted", 0) + rows.get("edge-deleted", 0),
        "softDeletedInstancesLimit": INSTANCE_LIMIT,
    }
    out.update(concurrentReadLimit=64, concurrentWriteLimit=32, concurrentDeleteLimit=16)
    return out
