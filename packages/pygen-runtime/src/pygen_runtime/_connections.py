"""Markers that describe a view's connections, attached to fields with ``Annotated[..., marker]``.

Writes use them to turn nested objects into nodes and edges; reads use them to know which fields are connections
(not stored in the instance's ``properties``) and how to fetch them with ``retrieve_connections``.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from ._ids import NodeId, ViewId
from ._record import Record


class DirectRelation(Record):
    """A direct-relation property (single or list) pointing at nodes, optionally of a known view."""

    __slots__ = ("property_id", "target_view", "is_list")  # noqa: RUF023  (the order is the field order)
    property_id: str
    target_view: ViewId | None
    is_list: bool

    def __init__(self, property_id: str, target_view: ViewId | None = None, is_list: bool = False) -> None:
        self._set(property_id=property_id, target_view=target_view, is_list=is_list)


class EdgeConnection(Record):
    """Edges of ``edge_type`` from (``outwards``) or to (``inwards``) this node, optionally with properties from
    ``edge_view``, ending at nodes of ``target_view``."""

    __slots__ = ("edge_type", "target_view", "edge_view", "direction", "is_list")  # noqa: RUF023  (the order is the field order)
    edge_type: NodeId
    target_view: ViewId | None
    edge_view: ViewId | None
    direction: Literal["outwards", "inwards"]
    is_list: bool

    def __init__(
        self,
        edge_type: NodeId,
        target_view: ViewId | None = None,
        edge_view: ViewId | None = None,
        direction: Literal["outwards", "inwards"] = "outwards",
        is_list: bool = True,
    ) -> None:
        self._set(
            edge_type=edge_type, target_view=target_view, edge_view=edge_view, direction=direction, is_list=is_list
        )


class ReverseDirectRelation(Record):
    """Nodes of ``source_view`` whose direct relation ``through_property`` (in ``through_view``) points here.

    ``is_list`` says whether this field holds many nodes; ``through_is_list`` whether the property it goes through is
    a list of direct relations, which DMS cannot traverse inwards (the runtime filters on it instead).
    """

    __slots__ = ("source_view", "through_view", "through_property", "is_list", "through_is_list")  # noqa: RUF023  (the order is the field order)
    source_view: ViewId
    through_view: ViewId
    through_property: str
    is_list: bool
    through_is_list: bool

    def __init__(
        self,
        source_view: ViewId,
        through_view: ViewId,
        through_property: str,
        is_list: bool = True,
        through_is_list: bool = False,
    ) -> None:
        self._set(
            source_view=source_view,
            through_view=through_view,
            through_property=through_property,
            is_list=is_list,
            through_is_list=through_is_list,
        )


Connection = DirectRelation | EdgeConnection | ReverseDirectRelation


def edge_external_id(edge_type: NodeId, start: NodeId, end: NodeId) -> str:
    """The deterministic external id of an edge created from a nested write, so re-upserting the same object
    updates the edge instead of adding a second one: ``{type}:{start}:{end}``, hashed when it would exceed 255."""
    candidate = f"{edge_type.external_id}:{start.external_id}:{end.external_id}"
    if len(candidate) <= 255:
        return candidate
    digest = hashlib.sha256(
        "\x00".join(
            (edge_type.space, edge_type.external_id, start.space, start.external_id, end.space, end.external_id)
        ).encode()
    ).hexdigest()
    return f"{candidate[:190]}:{digest}"
