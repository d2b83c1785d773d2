"""``instances/sync``: change streams per result set, from a monotonic change sequence, with tombstones.

Every write gives the row a new ``seq``. A sync cursor remembers the last ``seq`` seen (and, while the first full
pass is running, the ``seq`` at which it started, so instances deleted before the sync began are skipped when
``skipAlreadyDeleted`` is set). Soft-deleted instances come back with ``deletedTime`` until their tombstones expire.
"""

from __future__ import annotations

import json
from typing import Any

from . import _cursors
from ._backend import Backend
from ._clock import now_ms
from ._errors import bad_request
from ._instance_delete import TOMBSTONE_RETENTION_MS
from ._query import Evaluator, parse_cursors, parse_named
from ._request import as_object, check_keys, get_bool, get_int, get_str, join
from ._result_sets import ResultSet, evaluation_order, expression_kind

_SYNC_KEYS = {
    "with",
    "select",
    "cursors",
    "parameters",
    "includeTyping",
    "allowExpiredCursorsAndAcceptMissedDeletes",
    "debug",
}
_COMMON = {"limit", "skipAlreadyDeleted", "mode", "backfillSort"}
_NODES_KEYS = {"from", "chainTo", "through", "direction", "filter"}
_EDGES_KEYS = {"from", "chainTo", "maxDistance", "direction", "filter", "nodeFilter", "terminationFilter"}


class SyncEvaluator(Evaluator):
    def __init__(self, backend: Backend, conn: Any, parameters: dict[str, Any], allow_expired: bool) -> None:
        super().__init__(backend, conn, parameters)
        self.current_seq = backend.store.last_seq
        self.now = now_ms()
        self.allow_expired = allow_expired
        self.full: dict[str, ResultSet] = {}

    def evaluate_sync(self, name: str, raw: Any, cursor: str | None) -> ResultSet:
        where = f"with.{name}"
        kind = expression_kind(raw, where)
        if kind == "set":
            raise bad_request(f"{where}: sync supports nodes and edges expressions only, not set operations")
        check_keys(raw, _COMMON | {kind}, where)
        spec_where = join(where, kind)
        spec = as_object(raw[kind] if raw[kind] is not None else {}, spec_where)
        check_keys(spec, _NODES_KEYS if kind == "nodes" else _EDGES_KEYS, spec_where)
        limit = get_int(raw, "limit", where, default=100, minimum=1, maximum=2000)
        skip_deleted = get_bool(raw, "skipAlreadyDeleted", where, True)
        mode = get_str(raw, "mode", where, default="onePhase", choices=("onePhase", "twoPhase", "noBackfill"))
        if raw.get("backfillSort") is not None and mode != "twoPhase":
            raise bad_request(f"{join(where, 'backfillSort')}: Backfill sort can only be used with two-phase sync.")
        fingerprint = _cursors.fingerprint(name, raw, self.parameters)
        instance_type = "node" if kind == "nodes" else "edge"
        # The full (alive) membership, which chained expressions start from.
        full = self._membership(name, kind, spec, spec_where, instance_type, alive_only=True)
        self.full[name] = full
        if cursor:
            state = _cursors.decode(cursor, f"cursors.{name}", expected_fingerprint=fingerprint)
            if self.now - int(state["t"]) > TOMBSTONE_RETENTION_MS and not self.allow_expired:
                raise bad_request(
                    f"cursors.{name}: the sync cursor has expired (older than 3 days); start over without a cursor, "
                    "or set allowExpiredCursorsAndAcceptMissedDeletes"
                )
            after_seq, backfill_start, issued = int(state["s"]), state.get("b"), int(state["t"])
        elif mode == "noBackfill":
            self.next_cursors[name] = _cursors.encode(
                {"s": self.current_seq, "b": None, "t": self.now, "f": fingerprint}
            )
            return ResultSet(name, instance_type, [])
        else:
            after_seq, backfill_start, issued = 0, self.current_seq, self.now
        compiler = self.traversal.compiler(instance_type)
        conditions = [
            f"i.kind = '{instance_type}'",
            f"i.seq > {compiler.add(after_seq)}",
            f"i.seq <= {compiler.add(self.current_seq)}",
        ]
        if spec.get("from") is not None:
            candidates = self._candidates(kind, spec, spec_where, alive_only=False)
            conditions.append(f"i.id IN (SELECT value FROM json_each({compiler.add(json.dumps(candidates))}))")
        if spec.get("filter") is not None:
            conditions.append(compiler.compile(spec["filter"], join(spec_where, "filter")))
        if skip_deleted and backfill_start is not None:
            conditions.append(f"(i.deleted IS NULL OR i.seq > {compiler.add(backfill_start)})")
        rows = self.conn.execute(
            f"SELECT i.id, i.seq FROM instances i WHERE {' AND '.join(conditions)} ORDER BY i.seq LIMIT {limit + 1}",
            compiler.params,
        ).fetchall()
        page = rows[:limit]
        if len(rows) > limit:
            state = {"s": page[-1][1], "b": backfill_start, "t": issued, "f": fingerprint}
        else:
            state = {"s": self.current_seq, "b": None, "t": self.now, "f": fingerprint}
        self.next_cursors[name] = _cursors.encode(state)
        direction = spec.get("direction") or "outwards"
        return ResultSet(name, instance_type, [row[0] for row in page], direction, has_more=len(rows) > limit)

    def _candidates(self, kind: str, spec: dict[str, Any], where: str, *, alive_only: bool) -> list[int]:
        parent = self.full[spec["from"]]
        if kind == "nodes":
            if spec.get("through") is not None:
                return self.traversal.through(spec, parent, where)
            return self.traversal.chain_nodes(parent, spec.get("chainTo", "destination"))
        return self.traversal.edges_from(spec, parent, where, alive_only=alive_only)

    def _membership(
        self, name: str, kind: str, spec: dict[str, Any], where: str, instance_type: str, *, alive_only: bool
    ) -> ResultSet:
        compiler = self.traversal.compiler(instance_type)
        conditions = [f"i.kind = '{instance_type}'", "i.deleted IS NULL"]
        if spec.get("from") is not None:
            candidates = self._candidates(kind, spec, where, alive_only=alive_only)
            conditions.append(f"i.id IN (SELECT value FROM json_each({compiler.add(json.dumps(candidates))}))")
        if spec.get("filter") is not None:
            conditions.append(compiler.compile(spec["filter"], join(where, "filter")))
        ids = [
            row[0]
            for row in self.conn.execute(
                f"SELECT i.id FROM instances i WHERE {' AND '.join(conditions)} ORDER BY i.id", compiler.params
            )
        ]
        return ResultSet(name, instance_type, ids, spec.get("direction") or "outwards")


def sync(backend: Backend, body: dict[str, Any]) -> dict[str, Any]:
    body = as_object(body, "")
    check_keys(body, _SYNC_KEYS, "")
    with_ = parse_named(body, "with", required=True)
    select = parse_named(body, "select", required=True)
    for name in select:
        if name not in with_:
            raise bad_request(f"select.{name}: there is no result set expression {name!r} in with")
    cursors = parse_cursors(body, with_)
    parameters = as_object(body.get("parameters") or {}, "parameters")
    include_typing = get_bool(body, "includeTyping", "", False)
    allow_expired = get_bool(body, "allowExpiredCursorsAndAcceptMissedDeletes", "", False)
    with backend.store.read() as conn:
        evaluator = SyncEvaluator(backend, conn, parameters, allow_expired)
        for name in evaluation_order(with_, "with"):
            evaluator.results[name] = evaluator.evaluate_sync(name, with_[name], cursors.get(name))
        items: dict[str, Any] = {}
        typings: dict[str, Any] = {}
        for name, raw in select.items():
            items[name], type_info = evaluator.select(name, raw, with_typing=include_typing, allow_sort=False)
            if type_info is not None:
                typings[name] = type_info
    out: dict[str, Any] = {"items": items, "nextCursor": evaluator.next_cursors}
    if include_typing:
        out["typing"] = typings
    return out
