"""The schema held in memory: spaces, containers, views and data models, and how views resolve.

The registry is the single source of truth while the server runs; every change is written through to SQLite in the
same transaction, and the registry is rebuilt from SQLite on start. Resolved views (inheritance applied, properties
mapped to containers) are cached until the next schema change.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ._errors import bad_request
from ._values import Validator, make_validator

ContainerKey = tuple[str, str]
ViewKey = tuple[str, str, str]


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def view_ref(key: ViewKey) -> dict[str, str]:
    return {"type": "view", "space": key[0], "externalId": key[1], "version": key[2]}


def container_ref(key: ContainerKey) -> dict[str, str]:
    return {"type": "container", "space": key[0], "externalId": key[1]}


def view_label(key: ViewKey) -> str:
    return f"{key[0]}:{key[1]}/{key[2]}"


def container_label(key: ContainerKey) -> str:
    return f"{key[0]}:{key[1]}"


@dataclass
class SpaceRecord:
    space: str
    name: str | None
    description: str | None
    is_global: bool
    created: int
    updated: int
    ord: int = 0

    def definition(self) -> dict[str, Any]:
        out: dict[str, Any] = {"space": self.space}
        if self.name is not None:
            out["name"] = self.name
        if self.description is not None:
            out["description"] = self.description
        return out

    def to_json(self) -> dict[str, Any]:
        out = self.definition()
        out.update(isGlobal=self.is_global, createdTime=self.created, lastUpdatedTime=self.updated)
        return out

    def stored(self) -> str:
        return dumps({"def": self.definition(), "isGlobal": self.is_global, "c": self.created, "u": self.updated})


@dataclass
class ContainerProperty:
    identifier: str
    spec: dict[str, Any]
    validator: Validator

    @property
    def type(self) -> dict[str, Any]:
        return self.spec["type"]  # type: ignore[no-any-return]

    @property
    def kind(self) -> str:
        return str(self.spec["type"]["type"])

    @property
    def is_list(self) -> bool:
        return bool(self.spec["type"].get("list"))

    @property
    def nullable(self) -> bool:
        return bool(self.spec["nullable"])

    @property
    def immutable(self) -> bool:
        return bool(self.spec["immutable"])

    @property
    def auto_increment(self) -> bool:
        return bool(self.spec["autoIncrement"])

    @property
    def default(self) -> Any:
        return self.spec.get("defaultValue")

    def constraint_state(self) -> dict[str, str]:
        state: dict[str, str] = {}
        if not self.nullable:
            state["nullability"] = "current"
        if "maxListSize" in self.type:
            state["maxListSize"] = "current"
        if "maxTextSize" in self.type:
            state["maxTextSize"] = "current"
        return state

    def to_json(self) -> dict[str, Any]:
        out = dict(self.spec)
        out["constraintState"] = self.constraint_state()
        return out


@dataclass
class ContainerRecord:
    id: int
    space: str
    external_id: str
    definition: dict[str, Any]  # the stored create form: name, description, usedFor, properties, constraints, indexes
    is_global: bool
    created: int
    updated: int
    ord: int = 0
    properties: dict[str, ContainerProperty] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.properties = {
            pid: ContainerProperty(pid, spec, make_validator(spec["type"]))
            for pid, spec in self.definition["properties"].items()
        }

    @property
    def key(self) -> ContainerKey:
        return (self.space, self.external_id)

    @property
    def used_for(self) -> str:
        return str(self.definition.get("usedFor", "node"))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"space": self.space, "externalId": self.external_id}
        for key in ("name", "description"):
            if self.definition.get(key) is not None:
                out[key] = self.definition[key]
        out["usedFor"] = self.used_for
        out["properties"] = {pid: prop.to_json() for pid, prop in self.properties.items()}
        out["constraints"] = {
            cid: {**spec, "state": "current"} for cid, spec in (self.definition.get("constraints") or {}).items()
        }
        out["indexes"] = {
            iid: {**spec, "state": "current"} for iid, spec in (self.definition.get("indexes") or {}).items()
        }
        out.update(isGlobal=self.is_global, createdTime=self.created, lastUpdatedTime=self.updated)
        return out

    def stored(self) -> str:
        return dumps({"def": self.definition, "isGlobal": self.is_global, "c": self.created, "u": self.updated})


@dataclass
class ViewRecord:
    space: str
    external_id: str
    version: str
    definition: dict[str, Any]  # stored create form: name, description, filter, implements, properties
    is_global: bool
    created: int
    updated: int
    ord: int = 0

    @property
    def key(self) -> ViewKey:
        return (self.space, self.external_id, self.version)

    @property
    def implements(self) -> list[ViewKey]:
        return [(ref["space"], ref["externalId"], ref["version"]) for ref in self.definition.get("implements") or []]

    def stored(self) -> str:
        return dumps({"def": self.definition, "isGlobal": self.is_global, "c": self.created, "u": self.updated})


@dataclass
class DataModelRecord:
    space: str
    external_id: str
    version: str
    definition: dict[str, Any]  # name, description, views (list of view keys as refs)
    is_global: bool
    created: int
    updated: int
    ord: int = 0

    @property
    def key(self) -> ViewKey:
        return (self.space, self.external_id, self.version)

    @property
    def view_keys(self) -> list[ViewKey]:
        return [(ref["space"], ref["externalId"], ref["version"]) for ref in self.definition.get("views") or []]

    def stored(self) -> str:
        return dumps({"def": self.definition, "isGlobal": self.is_global, "c": self.created, "u": self.updated})


@dataclass
class MappedProperty:
    """A view property that maps a container property."""

    identifier: str
    container: ContainerRecord
    prop: ContainerProperty
    spec: dict[str, Any]  # the view's own definition: container, containerPropertyIdentifier, name, description, source

    @property
    def container_id(self) -> int:
        return self.container.id

    @property
    def cprop(self) -> str:
        return self.prop.identifier

    def to_json(self) -> dict[str, Any]:
        type_ = dict(self.prop.type)
        if type_["type"] == "direct" and self.spec.get("source") is not None:
            type_["source"] = self.spec["source"]
        out: dict[str, Any] = {
            "container": container_ref(self.container.key),
            "containerPropertyIdentifier": self.prop.identifier,
            "type": type_,
            "nullable": self.prop.nullable,
            "immutable": self.prop.immutable,
            "autoIncrement": self.prop.auto_increment,
        }
        if self.prop.default is not None:
            out["defaultValue"] = self.prop.default
        # The view's own labels only: CDF does not fall back to the container property's name or description.
        for key in ("name", "description"):
            if self.spec.get(key) is not None:
                out[key] = self.spec[key]
        out["constraintState"] = self.prop.constraint_state()
        return out


@dataclass
class ResolvedView:
    record: ViewRecord
    properties: dict[str, MappedProperty | dict[str, Any]]  # mapped, or the read form of a connection
    own: set[str]
    mapped_containers: list[ContainerRecord]
    used_for: str
    writable: bool

    @property
    def key(self) -> ViewKey:
        return self.record.key

    @property
    def group_key(self) -> str:
        return f"{self.record.external_id}/{self.record.version}"

    @property
    def filter(self) -> dict[str, Any] | None:
        return self.record.definition.get("filter")

    @property
    def mapped(self) -> dict[str, MappedProperty]:
        return {pid: prop for pid, prop in self.properties.items() if isinstance(prop, MappedProperty)}

    def to_json(self, *, include_inherited: bool = True) -> dict[str, Any]:
        definition = self.record.definition
        out: dict[str, Any] = {"space": self.record.space, "externalId": self.record.external_id}
        for key in ("name", "description", "filter"):
            if definition.get(key) is not None:
                out[key] = definition[key]
        out["implements"] = [view_ref(key) for key in self.record.implements]
        out["version"] = self.record.version
        properties: dict[str, Any] = {}
        for pid, prop in self.properties.items():
            if not include_inherited and pid not in self.own:
                continue
            properties[pid] = prop.to_json() if isinstance(prop, MappedProperty) else prop
        out.update(
            properties=properties,
            mappedContainers=[container_ref(c.key) for c in self.mapped_containers],
            writable=self.writable,
            queryable=bool(
                self.filter is not None or any(isinstance(p, MappedProperty) for p in self.properties.values())
            ),
            usedFor=self.used_for,
            isGlobal=self.record.is_global,
            createdTime=self.record.created,
            lastUpdatedTime=self.record.updated,
        )
        return out


class Registry:
    """Every schema item, in memory, written through to the store's tables."""

    def __init__(self) -> None:
        self.spaces: dict[str, SpaceRecord] = {}
        self.containers: dict[ContainerKey, ContainerRecord] = {}
        self.containers_by_id: dict[int, ContainerRecord] = {}
        self.views: dict[ViewKey, ViewRecord] = {}
        self.data_models: dict[ViewKey, DataModelRecord] = {}
        self._resolved: dict[ViewKey, ResolvedView] = {}
        self._ord = 0
        self.generation = 0

    def next_ord(self) -> int:
        self._ord += 1
        return self._ord

    def changed(self) -> None:
        self._resolved.clear()
        self.generation += 1

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    # -- persistence --------------------------------------------------------------------------------------------------

    def load(self, conn: sqlite3.Connection) -> None:
        self.clear()
        for space, body, ord_ in conn.execute("SELECT space, body, ord FROM spaces ORDER BY ord"):
            data = json.loads(body)
            d = data["def"]
            self.spaces[space] = SpaceRecord(
                space, d.get("name"), d.get("description"), data["isGlobal"], data["c"], data["u"], ord_
            )
            self._ord = max(self._ord, ord_)
        for id_, space, xid, body, ord_ in conn.execute(
            "SELECT id, space, external_id, body, ord FROM containers ORDER BY ord"
        ):
            data = json.loads(body)
            record = ContainerRecord(id_, space, xid, data["def"], data["isGlobal"], data["c"], data["u"], ord_)
            self.containers[record.key] = record
            self.containers_by_id[id_] = record
            self._ord = max(self._ord, ord_)
        for space, xid, version, body, ord_ in conn.execute(
            "SELECT space, external_id, version, body, ord FROM views ORDER BY ord"
        ):
            data = json.loads(body)
            self.views[(space, xid, version)] = ViewRecord(
                space, xid, version, data["def"], data["isGlobal"], data["c"], data["u"], ord_
            )
            self._ord = max(self._ord, ord_)
        for space, xid, version, body, ord_ in conn.execute(
            "SELECT space, external_id, version, body, ord FROM data_models ORDER BY ord"
        ):
            data = json.loads(body)
            self.data_models[(space, xid, version)] = DataModelRecord(
                space, xid, version, data["def"], data["isGlobal"], data["c"], data["u"], ord_
            )
            self._ord = max(self._ord, ord_)
        self.changed()

    def save_space(self, conn: sqlite3.Connection, record: SpaceRecord) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO spaces (space, body, ord) VALUES (?, ?, ?)",
            (record.space, record.stored(), record.ord),
        )
        self.spaces[record.space] = record
        self.changed()

    def save_container(self, conn: sqlite3.Connection, record: ContainerRecord) -> ContainerRecord:
        if record.id <= 0:
            cursor = conn.execute(
                "INSERT INTO containers (space, external_id, body, ord) VALUES (?, ?, ?, ?)",
                (record.space, record.external_id, record.stored(), record.ord),
            )
            record.id = int(cursor.lastrowid or 0)
        else:
            conn.execute("UPDATE containers SET body = ? WHERE id = ?", (record.stored(), record.id))
        self.containers[record.key] = record
        self.containers_by_id[record.id] = record
        self.changed()
        return record

    def save_view(self, conn: sqlite3.Connection, record: ViewRecord) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO views (space, external_id, version, body, ord) VALUES (?, ?, ?, ?, ?)",
            (*record.key, record.stored(), record.ord),
        )
        self.views[record.key] = record
        self.changed()

    def save_data_model(self, conn: sqlite3.Connection, record: DataModelRecord) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO data_models (space, external_id, version, body, ord) VALUES (?, ?, ?, ?, ?)",
            (*record.key, record.stored(), record.ord),
        )
        self.data_models[record.key] = record
        self.changed()

    def delete_space(self, conn: sqlite3.Connection, space: str) -> None:
        conn.execute("DELETE FROM spaces WHERE space = ?", (space,))
        del self.spaces[space]
        self.changed()

    def delete_container(self, conn: sqlite3.Connection, key: ContainerKey) -> None:
        record = self.containers.pop(key)
        del self.containers_by_id[record.id]
        conn.execute("DELETE FROM containers WHERE id = ?", (record.id,))
        conn.execute("DELETE FROM props WHERE container_id = ?", (record.id,))
        self.changed()

    def delete_view(self, conn: sqlite3.Connection, key: ViewKey) -> None:
        del self.views[key]
        conn.execute("DELETE FROM views WHERE space = ? AND external_id = ? AND version = ?", key)
        self.changed()

    def delete_data_model(self, conn: sqlite3.Connection, key: ViewKey) -> None:
        del self.data_models[key]
        conn.execute("DELETE FROM data_models WHERE space = ? AND external_id = ? AND version = ?", key)
        self.changed()

    # -- lookups ------------------------------------------------------------------------------------------------------

    def latest_view(self, space: str, external_id: str) -> ViewRecord | None:
        candidates = [v for (s, x, _), v in self.views.items() if s == space and x == external_id]
        return max(candidates, key=lambda v: (v.created, v.ord)) if candidates else None

    def require_views(self, keys: list[ViewKey]) -> None:
        missing = [key for key in dict.fromkeys(keys) if key not in self.views]
        if missing:
            raise bad_request(
                "One or more views do not exist: " + ", ".join(view_label(k) for k in missing),
                missing=[view_ref(k) for k in missing],
            )

    def require_containers(self, keys: list[ContainerKey]) -> None:
        missing = [key for key in dict.fromkeys(keys) if key not in self.containers]
        if missing:
            raise bad_request(
                "One or more containers do not exist: " + ", ".join(container_label(k) for k in missing),
                missing=[container_ref(k) for k in missing],
            )

    def require_spaces(self, spaces: list[str]) -> None:
        missing = [space for space in dict.fromkeys(spaces) if space not in self.spaces]
        if missing:
            raise bad_request(
                "One or more spaces do not exist: " + ", ".join(missing), missing=[{"space": s} for s in missing]
            )

    def resolve(self, key: ViewKey) -> ResolvedView:
        """The view with inheritance applied; 400 naming the view when it does not exist."""
        cached = self._resolved.get(key)
        if cached is not None:
            return cached
        if key not in self.views:
            self.require_views([key])
        return self._resolve(key, ())

    def _resolve(self, key: ViewKey, stack: tuple[ViewKey, ...]) -> ResolvedView:
        cached = self._resolved.get(key)
        if cached is not None:
            return cached
        if key in stack:
            cycle = " -> ".join(view_label(k) for k in (*stack, key))
            raise bad_request(f"View inheritance cycle: {cycle}")
        record = self.views[key]
        properties: dict[str, MappedProperty | dict[str, Any]] = {}
        # implements is in priority order (first wins), so apply the lowest priority first.
        for parent_key in reversed(record.implements):
            if parent_key not in self.views:
                continue
            parent = self._resolve(parent_key, (*stack, key))
            properties.update(parent.properties)
        own = set()
        for pid, spec in (record.definition.get("properties") or {}).items():
            built = self._build_property(pid, spec)
            if built is not None:
                properties[pid] = built
                own.add(pid)
        containers: dict[int, ContainerRecord] = {}
        for prop in properties.values():
            if isinstance(prop, MappedProperty):
                containers.setdefault(prop.container.id, prop.container)
        mapped_ids = {(p.container.id, p.prop.identifier) for p in properties.values() if isinstance(p, MappedProperty)}
        writable = bool(containers) and all(
            (container.id, pid) in mapped_ids
            for container in containers.values()
            for pid, cprop in container.properties.items()
            if not cprop.nullable
        )
        resolved = ResolvedView(
            record, properties, own, list(containers.values()), _used_for(list(containers.values())), writable
        )
        self._resolved[key] = resolved
        return resolved

    def _build_property(self, pid: str, spec: dict[str, Any]) -> MappedProperty | dict[str, Any] | None:
        if "container" in spec:
            ref = spec["container"]
            container = self.containers.get((ref["space"], ref["externalId"]))
            if container is None:
                return None  # the container was deleted after the view was created; the property is gone
            cprop = container.properties.get(spec["containerPropertyIdentifier"])
            if cprop is None:
                return None
            return MappedProperty(pid, container, cprop, spec)
        connection = dict(spec)
        if connection["connectionType"] in ("single_reverse_direct_relation", "multi_reverse_direct_relation"):
            connection["targetsList"] = self._through_is_list(connection["through"])
        return connection

    def _through_is_list(self, through: dict[str, Any]) -> bool:
        source = through["source"]
        if source.get("type") == "container":
            container = self.containers.get((source["space"], source["externalId"]))
            cprop = container.properties.get(through["identifier"]) if container else None
            return bool(cprop and cprop.is_list)
        spec = self._find_property_spec(
            (source["space"], source["externalId"], source.get("version", "")), through["identifier"], set()
        )
        if spec is None or "container" not in spec:
            return False
        container = self.containers.get((spec["container"]["space"], spec["container"]["externalId"]))
        cprop = container.properties.get(spec["containerPropertyIdentifier"]) if container else None
        return bool(cprop and cprop.is_list)

    def _find_property_spec(self, key: ViewKey, pid: str, seen: set[ViewKey]) -> dict[str, Any] | None:
        """A view property's definition (own, else inherited) without resolving connections, which may be cyclic."""
        record = self.views.get(key)
        if record is None or key in seen:
            return None
        seen.add(key)
        own = (record.definition.get("properties") or {}).get(pid)
        if own is not None:
            return own  # type: ignore[no-any-return]
        for parent in record.implements:
            found = self._find_property_spec(parent, pid, seen)
            if found is not None:
                return found
        return None


def _used_for(containers: list[ContainerRecord]) -> str:
    allowed = {"node", "edge"}
    for container in containers:
        if container.used_for == "node":
            allowed &= {"node"}
        elif container.used_for == "edge":
            allowed &= {"edge"}
    if allowed == {"node", "edge"}:
        return "all"
    return allowed.pop() if allowed else "all"
