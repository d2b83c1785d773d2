"""Turn write objects (with nested connected writes) into DMS apply items: nodes first, then edges.

Only fields the user set are sent (an explicit ``None`` clears the value), always through the object's view (with
``properties: {}`` when nothing is set, so the instance has data in the view); nested ``NodeWrite`` objects become
their own items and a ``{space, externalId}`` reference; edge connections become edges with a deterministic
external id. The same instance given twice with identical content is sent once; with different content it is an
error, since DMS would keep only one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from ._connections import EdgeConnection, ReverseDirectRelation, edge_external_id
from ._errors import InvalidInputError
from ._ids import EdgeId, NodeId, as_node_id
from ._instances import BASE_FIELDS, EdgeWrite, InstanceWrite, NodeWrite, connection_fields
from ._values import to_wire_value

InstanceKey = tuple[str, str, str]  # (instanceType, space, externalId)


class WriteItems:
    """Collects apply items from write objects, in the order first seen."""

    def __init__(self, *, default_space: str | None = None) -> None:
        # The space of write objects (and top-level edges) created without one: the client's default space.
        self.default_space = default_space
        self.nodes: dict[InstanceKey, dict[str, Any]] = {}
        self.edges: dict[InstanceKey, dict[str, Any]] = {}
        self._visited: set[int] = set()
        self._duplicates: list[tuple[InstanceKey, dict[str, Any], dict[str, Any], str]] = []

    @classmethod
    def from_writes(cls, items: Iterable[InstanceWrite], *, default_space: str | None = None) -> WriteItems:
        collected = cls(default_space=default_space)
        for index, item in enumerate(items):
            if not isinstance(item, InstanceWrite):
                raise InvalidInputError(
                    f"upsert item {index}: expected a write object (NodeWrite/EdgeWrite subclass), got {item!r}"
                )
            collected.add(item)
        collected._check_duplicates()
        return collected

    def all(self) -> list[dict[str, Any]]:
        """Every item, nodes before edges, so an edge's end nodes are written first when the batch is split."""
        return [*self.nodes.values(), *self.edges.values()]

    def add(self, item: InstanceWrite) -> NodeId | EdgeId:
        if isinstance(item, NodeWrite):
            return self._add_node(item)
        if isinstance(item, EdgeWrite):
            return self._add_edge(item, None, None)
        raise InvalidInputError(f"{type(item).__name__} is neither a NodeWrite nor an EdgeWrite")

    def _add_node(self, node: NodeWrite) -> NodeId:
        space = node.space or self.default_space
        if space is None:
            raise InvalidInputError(
                f"{type(node).__name__} {node.external_id!r}: space is not set; set it, or create the client with "
                "default_space"
            )
        identifier = NodeId(space, node.external_id)
        if id(node) in self._visited:
            return identifier
        self._visited.add(id(node))
        body: dict[str, Any] = {"instanceType": "node", "space": space, "externalId": node.external_id}
        if node.existing_version is not None:
            body["existingVersion"] = node.existing_version
        if node.type is not None:
            body["type"] = node.type.dump()
        self._store(self.nodes, ("node", space, node.external_id), body, node)  # before children: stable order
        self._add_sources(node, body, identifier)
        return identifier

    def _add_edge(self, edge: EdgeWrite, parent: NodeId | None, connection: EdgeConnection | None) -> EdgeId:
        if id(edge) in self._visited and edge.space and edge.external_id:
            return EdgeId(edge.space, edge.external_id)
        self._visited.add(id(edge))
        name = type(edge).__name__
        start = self._end(edge.start_node, f"{name}.start_node")
        end = self._end(edge.end_node, f"{name}.end_node")
        edge_type = edge.type
        if connection is not None and parent is not None:
            edge_type = edge_type or connection.edge_type
            if connection.direction == "outwards":
                start = start or parent
            else:
                end = end or parent
        missing = [
            label for label, value in (("type", edge_type), ("start_node", start), ("end_node", end)) if value is None
        ]
        if missing:
            raise InvalidInputError(
                f"{name} {edge.external_id or ''}: {', '.join(missing)} not set; set them, or nest the edge in the "
                "edge connection field of a node write object, which fills them in".replace("  ", " ")
            )
        assert edge_type is not None and start is not None and end is not None
        space = edge.space or (parent.space if parent is not None else self.default_space)
        external_id = edge.external_id or (edge_external_id(edge_type, start, end) if parent is not None else None)
        if space is None or external_id is None:
            raise InvalidInputError(
                f"{name} from {start} to {end}: space and external_id are required for a top-level edge"
            )
        body: dict[str, Any] = {
            "instanceType": "edge",
            "space": space,
            "externalId": external_id,
            "type": edge_type.dump(),
            "startNode": start.dump(),
            "endNode": end.dump(),
        }
        if edge.existing_version is not None:
            body["existingVersion"] = edge.existing_version
        identifier = EdgeId(space, external_id)
        self._store(self.edges, ("edge", space, external_id), body, edge)
        self._add_sources(edge, body, None)
        return identifier

    def _add_sources(self, item: InstanceWrite, body: dict[str, Any], node_id: NodeId | None) -> None:
        properties: dict[str, Any] = {}
        name = type(item).__name__
        fields_set = item.model_fields_set
        for field, property_id, connection in _write_plan(type(item)):
            if field not in fields_set:
                continue
            value = getattr(item, field)
            where = f"{name} {body['space']}:{body['externalId']} field {field}"
            if isinstance(connection, EdgeConnection):
                if value is not None:
                    self._add_edges(value, node_id, connection, where)
                continue
            if isinstance(connection, ReverseDirectRelation):
                if value is not None:  # the other side holds the relation: write those nodes as they are
                    for target in value if isinstance(value, list) else [value]:
                        if isinstance(target, InstanceWrite):
                            self.add(target)
                continue
            properties[property_id] = self._value(value, where)
        if item.view_id is not None:
            # Always, even with nothing set: writing through the view gives the instance its rows in the view's
            # containers, so it has data in the view (hasData) and shows up in the view's list.
            body["sources"] = [{"source": item.view_id.dump(), "properties": properties}]
        elif properties:
            raise InvalidInputError(f"{name} has properties but no view_id to write them through")

    def _add_edges(self, value: Any, parent: NodeId | None, connection: EdgeConnection, where: str) -> None:
        if parent is None:
            raise InvalidInputError(f"{where}: edge connections are only supported on nodes")
        targets = value if isinstance(value, list) else [value]
        for target in targets:
            if isinstance(target, EdgeWrite):
                self._add_edge(target, parent, connection)
                continue
            other = self._end(target, where)
            if other is None:
                raise InvalidInputError(f"{where}: None is not a node to connect to")
            start, end = (parent, other) if connection.direction == "outwards" else (other, parent)
            external_id = edge_external_id(connection.edge_type, start, end)
            body: dict[str, Any] = {
                "instanceType": "edge",
                "space": parent.space,
                "externalId": external_id,
                "type": connection.edge_type.dump(),
                "startNode": start.dump(),
                "endNode": end.dump(),
            }
            if connection.edge_view is not None:  # an edge of the connection has data in its edge view, if empty
                body["sources"] = [{"source": connection.edge_view.dump(), "properties": {}}]
            self._store(self.edges, ("edge", parent.space, external_id), body, target)

    def _end(self, value: Any, where: str) -> NodeId | None:
        if value is None:
            return None
        if isinstance(value, NodeWrite):
            return self._add_node(value)
        return as_node_id(value, where=where)

    def _value(self, value: Any, where: str) -> Any:
        if isinstance(value, NodeWrite):
            return self._add_node(value).dump()
        if isinstance(value, list):
            return [self._value(item, f"{where}[{index}]") for index, item in enumerate(value)]
        return to_wire_value(value, where=where)

    def _store(
        self, table: dict[InstanceKey, dict[str, Any]], key: InstanceKey, body: dict[str, Any], item: Any
    ) -> None:
        existing = table.get(key)
        if existing is None:
            table[key] = body
        elif existing is not body:
            # Compared at the end, when both bodies are complete (sources are added after storing).
            self._duplicates.append((key, existing, body, type(item).__name__))

    def _check_duplicates(self) -> None:
        for key, first, second, name in self._duplicates:
            if first != second:
                raise InvalidInputError(
                    f"{name} {key[1]}:{key[2]} is given twice with different values; DMS would keep only one. "
                    f"First: {first}; second: {second}"
                )


@cache
def _write_plan(cls: type[InstanceWrite]) -> list[tuple[str, str, Any]]:
    """(field name, property id, connection marker or None) for each non-base field, in declaration order."""
    connections = connection_fields(cls)  # also completes a deferred model, so model_fields are final
    plan = []
    for name, info in cls.model_fields.items():
        if name in BASE_FIELDS:
            continue
        plan.append((name, info.serialization_alias or name, connections.get(name)))
    return plan
