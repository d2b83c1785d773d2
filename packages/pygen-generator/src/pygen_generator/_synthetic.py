"""Data models built in code: ``ModelBuilder`` writes the canonical model-file form (a data model with its views
inlined, plus the containers they map), and ``synthetic_model`` uses it to make a realistic model of any size, for
benchmarks and tests. The result deploys to CDF or the emulator as it is."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from pygen_client import ModelFile

__all__ = ["ModelBuilder", "ViewBuilder", "synthetic_model"]


def _view_ref(space: str, external_id: str, version: str) -> dict[str, str]:
    return {"space": space, "externalId": external_id, "version": version, "type": "view"}


def _container_ref(space: str, external_id: str) -> dict[str, str]:
    return {"space": space, "externalId": external_id, "type": "container"}


@dataclass
class ViewBuilder:
    """One view: its own properties, in the order added (inherited ones are added by ``ModelBuilder.build``)."""

    model: ModelBuilder
    space: str
    external_id: str
    version: str
    used_for: str = "node"
    implements: list[ViewBuilder] = field(default_factory=list)
    name: str | None = None
    description: str | None = None
    filter: dict[str, Any] | None = None
    writable: bool | None = None
    container: str | None = None
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ref(self) -> dict[str, str]:
        return _view_ref(self.space, self.external_id, self.version)

    def prop(
        self,
        prop_id: str,
        type_: str = "text",
        *,
        is_list: bool = False,
        nullable: bool = True,
        default: Any = None,
        auto_increment: bool = False,
        immutable: bool = False,
        target: ViewBuilder | None = None,
        enum_values: dict[str, dict[str, Any]] | None = None,
        container: str | None = None,
        container_property: str | None = None,
        name: str | None = None,
        description: str | None = None,
        max_list_size: int | None = None,
    ) -> ViewBuilder:
        """A mapped property, stored in ``container`` (default: the view's own container, named after the view)."""
        container_id = container or self.container or self.external_id
        container_prop = container_property or prop_id
        prop_type: dict[str, Any] = {"type": type_, "list": is_list}
        if type_ == "text":
            prop_type["collation"] = "ucs_basic"
        if type_ == "enum":
            prop_type["values"] = enum_values or {"a": {}}
        if max_list_size is not None:
            prop_type["maxListSize"] = max_list_size
        self.model._container_property(
            container_id,
            container_prop,
            dict(prop_type),
            nullable=nullable,
            default=default,
            auto_increment=auto_increment,
            immutable=immutable,
            used_for=self.used_for,
        )
        if type_ == "direct" and target is not None:
            prop_type["source"] = target.ref
        self.properties[prop_id] = {
            "container": _container_ref(self.model.space, container_id),
            "containerPropertyIdentifier": container_prop,
            "type": prop_type,
            "nullable": nullable,
            "immutable": immutable,
            "autoIncrement": auto_increment,
            "defaultValue": default,
            "name": name,
            "description": description,
        }
        return self

    def edge(
        self,
        prop_id: str,
        edge_type: str,
        target: ViewBuilder,
        *,
        edge_source: ViewBuilder | None = None,
        direction: str = "outwards",
        multi: bool = True,
        name: str | None = None,
        description: str | None = None,
    ) -> ViewBuilder:
        self.properties[prop_id] = {
            "type": {"space": self.model.space, "externalId": edge_type},
            "source": target.ref,
            "edgeSource": None if edge_source is None else edge_source.ref,
            "direction": direction,
            "connectionType": "multi_edge_connection" if multi else "single_edge_connection",
            "name": name,
            "description": description,
        }
        return self

    def reverse(
        self,
        prop_id: str,
        source: ViewBuilder,
        through: str,
        *,
        through_container: str | None = None,
        multi: bool = True,
        name: str | None = None,
        description: str | None = None,
    ) -> ViewBuilder:
        """The nodes of ``source`` whose direct relation ``through`` points here (through the view, or through
        ``through_container``'s property ``through`` when given)."""
        through_ref: dict[str, str] = (
            _container_ref(self.model.space, through_container) if through_container else source.ref
        )
        self.properties[prop_id] = {
            "source": source.ref,
            "through": {"source": through_ref, "identifier": through},
            "connectionType": "multi_reverse_direct_relation" if multi else "single_reverse_direct_relation",
            "name": name,
            "description": description,
        }
        return self


@dataclass
class ModelBuilder:
    """A data model under construction; ``build()`` gives the canonical dict, ``model_file()`` a ``ModelFile``."""

    space: str
    external_id: str
    version: str = "v1"
    name: str | None = None
    description: str | None = None
    views: list[ViewBuilder] = field(default_factory=list)
    containers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def view(
        self,
        external_id: str,
        *,
        version: str | None = None,
        space: str | None = None,
        used_for: str = "node",
        implements: list[ViewBuilder] | None = None,
        name: str | None = None,
        description: str | None = None,
        filter: dict[str, Any] | None = None,
        writable: bool | None = None,
        container: str | None = None,
    ) -> ViewBuilder:
        view = ViewBuilder(
            self,
            space or self.space,
            external_id,
            version or self.version,
            used_for=used_for,
            implements=list(implements or []),
            name=name,
            description=description,
            filter=filter,
            writable=writable,
            container=container,
        )
        self.views.append(view)
        return view

    def _container_property(
        self,
        container: str,
        prop: str,
        prop_type: dict[str, Any],
        *,
        nullable: bool,
        default: Any,
        auto_increment: bool,
        immutable: bool,
        used_for: str,
    ) -> None:
        entry = self.containers.setdefault(
            container,
            {
                "space": self.space,
                "externalId": container,
                "usedFor": used_for,
                "properties": {},
                "constraints": {},
                "indexes": {},
                "isGlobal": False,
            },
        )
        if entry["usedFor"] != used_for:
            entry["usedFor"] = "all"
        prop_type = {key: value for key, value in prop_type.items() if key != "source"}
        entry["properties"].setdefault(
            prop,
            {
                "type": prop_type,
                "nullable": nullable,
                "immutable": immutable,
                "autoIncrement": auto_increment,
                "defaultValue": default,
            },
        )

    def _all_properties(self, view: ViewBuilder, seen: set[int] | None = None) -> dict[str, dict[str, Any]]:
        """Inherited properties first (parents in priority order), then the view's own, which override."""
        seen = set() if seen is None else seen
        if id(view) in seen:
            return {}
        seen.add(id(view))
        merged: dict[str, dict[str, Any]] = {}
        for parent in reversed(view.implements):
            merged.update(self._all_properties(parent, seen))
        merged.update(view.properties)
        return merged

    def build(self) -> dict[str, Any]:
        views = []
        for view in self.views:
            properties = self._all_properties(view)
            mapped = list(
                dict.fromkeys(prop["container"]["externalId"] for prop in properties.values() if "container" in prop)
            )
            writable = view.writable
            if writable is None:
                writable = True
            views.append(
                {
                    "space": view.space,
                    "externalId": view.external_id,
                    "version": view.version,
                    "name": view.name,
                    "description": view.description,
                    "filter": view.filter,
                    "implements": [parent.ref for parent in view.implements],
                    "writable": writable,
                    "queryable": True,
                    "usedFor": view.used_for,
                    "isGlobal": False,
                    "mappedContainers": [_container_ref(self.space, container) for container in mapped],
                    "properties": properties,
                }
            )
        return {
            "space": self.space,
            "externalId": self.external_id,
            "version": self.version,
            "name": self.name,
            "description": self.description,
            "isGlobal": False,
            "views": views,
            "containers": list(self.containers.values()),
        }

    def model_file(self) -> ModelFile:
        return ModelFile.load(self.build())


_WORDS = [
    "pump",
    "valve",
    "motor",
    "sensor",
    "tank",
    "pipe",
    "well",
    "site",
    "plant",
    "line",
    "unit",
    "meter",
    "gauge",
    "filter",
    "boiler",
    "turbine",
    "blade",
    "tower",
    "station",
    "grid",
    "cable",
    "relay",
    "switch",
    "breaker",
    "panel",
    "inverter",
    "battery",
    "cell",
    "module",
    "frame",
    "rotor",
    "shaft",
    "gear",
    "bearing",
]


def synthetic_model(views: int = 500, *, seed: int = 0, space: str = "synthetic") -> ModelFile:
    """A data model of ``views`` views shaped like real ones: about 12 properties each (text, numbers, booleans,
    timestamps, dates, JSON, enums, lists), direct relations, edges (a tenth with edge properties), reverse
    relations, and interfaces implemented by about a third of the views. Deterministic for a given ``seed``."""
    rng = random.Random(seed)
    builder = ModelBuilder(space, "Synthetic", "v1", name="Synthetic", description=f"{views} generated views")
    interfaces: list[ViewBuilder] = []
    for index in range(max(1, views // 25)):
        interface = builder.view(f"Interface{index}", description="Shared properties of several views.")
        interface.prop("name", "text", name="Name").prop("description", "text").prop("tags", "text", is_list=True).prop(
            f"code{index}", "int64"
        )
        interfaces.append(interface)
    edge_views: list[ViewBuilder] = []
    for index in range(max(1, views // 50)):
        edge_view = builder.view(f"Link{index}", used_for="edge", description="Properties of a link.")
        edge_view.prop("weight", "float64").prop("note", "text").prop("since", "timestamp")
        edge_views.append(edge_view)
    nodes: list[ViewBuilder] = []
    remaining = views - len(interfaces) - len(edge_views)
    for index in range(remaining):
        word = _WORDS[index % len(_WORDS)].capitalize()
        implements = [rng.choice(interfaces)] if index % 3 == 0 else []
        view = builder.view(
            f"{word}{index}",
            implements=implements,
            name=f"{word} {index}",
            description=f"A {word.lower()} of the synthetic plant, number {index}.",
        )
        view.prop("label", "text", nullable=index % 5 != 0, description="A label.")
        view.prop("value", "float64", description="The current value.")
        view.prop("count", "int32", default=0)
        view.prop("active", "boolean", default=True)
        view.prop("updated", "timestamp")
        view.prop("day", "date")
        view.prop("extra", "json")
        view.prop("readings", "float32", is_list=True)
        view.prop("labels", "text", is_list=True)
        view.prop(
            "state",
            "enum",
            enum_values={"running": {"name": "Running"}, "stopped": {"name": "Stopped"}, "unknown": {}},
        )
        view.prop("series", "timeseries")
        nodes.append(view)
    for index, view in enumerate(nodes):
        if len(nodes) > 1:
            other = nodes[(index * 7 + 3) % len(nodes)]
            view.prop("parent", "direct", target=other, description="The parent.")
            view.prop("related", "direct", is_list=True, target=nodes[(index * 11 + 5) % len(nodes)])
            if index % 2 == 0:
                edge_source = edge_views[index % len(edge_views)] if index % 10 == 0 else None
                view.edge(
                    "links", f"{view.external_id}.links", nodes[(index * 13 + 1) % len(nodes)], edge_source=edge_source
                )
            if index % 4 == 1 and "children" not in other.properties:
                other.reverse("children", view, "parent", description="The views whose parent this is.")
    return builder.model_file()
