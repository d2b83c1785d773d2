"""Instance identities: parsing ``{instanceType, space, externalId}`` references and looking rows up in bulk."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ._ids import check_instance_xid, check_space
from ._request import as_object, check_keys, get_int, get_str, join

InstanceKey = tuple[str, str, str]  # (kind, space, externalId)
NodeKey = tuple[str, str]  # (space, externalId)


@dataclass
class Row:
    id: int
    kind: str
    space: str
    external_id: str
    version: int
    type_space: str | None
    type_xid: str | None
    start_id: int | None
    end_id: int | None
    deleted: int | None
    created: int
    updated: int

    @property
    def alive(self) -> bool:
        return self.deleted is None


def parse_instance_id(
    raw: object, where: str, *, default_type: str | None = None, allow_version: bool = False
) -> tuple[InstanceKey, int | None]:
    obj = as_object(raw, where)
    allowed = {"instanceType", "space", "externalId"} | ({"existingVersion"} if allow_version else set())
    check_keys(obj, allowed, where)
    kind = get_str(
        obj, "instanceType", where, required=default_type is None, default=default_type, choices=("node", "edge")
    )
    space = check_space(obj.get("space"), join(where, "space"))
    xid = check_instance_xid(obj.get("externalId"), join(where, "externalId"))
    version = get_int(obj, "existingVersion", where, minimum=0) if allow_version else None
    return (kind, space, xid), version


def parse_node_ref(raw: object, where: str) -> NodeKey:
    obj = as_object(raw, where)
    check_keys(obj, {"space", "externalId"}, where)
    return check_space(obj.get("space"), join(where, "space")), check_instance_xid(
        obj.get("externalId"), join(where, "externalId")
    )


_LOOKUP = (
    "SELECT i.id, i.kind, i.space, i.external_id, i.version, i.type_space, i.type_xid, i.start_id, i.end_id, i.deleted, "
    "i.created, i.updated FROM json_each(?) k JOIN instances i ON i.space = json_extract(k.value, '$[1]') AND "
    "i.external_id = json_extract(k.value, '$[2]') AND i.kind = json_extract(k.value, '$[0]')"
)


def lookup(conn: sqlite3.Connection, keys: list[InstanceKey] | set[InstanceKey]) -> dict[InstanceKey, Row]:
    """The stored rows (alive or soft-deleted) of the given instances."""
    if not keys:
        return {}
    out = {}
    for values in conn.execute(_LOOKUP, (json.dumps(list(keys)),)):
        row = Row(*values)
        out[(row.kind, row.space, row.external_id)] = row
    return out


def ref(key: InstanceKey) -> dict[str, Any]:
    return {"instanceType": key[0], "space": key[1], "externalId": key[2]}
