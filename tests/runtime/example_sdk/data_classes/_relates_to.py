"""Data classes of the view pygen_example:RelatesTo/v1 (an edge view).

Properties of the edge from a product to a related product.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import AwareDatetime, Field
from pygen_runtime import Edge, EdgeWrite, InstanceList, NodeId, ViewId, lazy_class, property_field

if TYPE_CHECKING:
    from ._product import Product
else:  # loaded on first use
    Product = lazy_class("._product", "Product", __package__)

RELATES_TO_VIEW = ViewId("pygen_example", "RelatesTo", "v1")

RelatesToField = Literal[
    "external_id", "space", "version", "created_time", "last_updated_time", "start_node", "end_node", "strength",
    "note", "since",
]  # fmt: skip
"""Fields of ``RelatesTo`` usable in ``sort_by`` and ``group_by``."""

RelatesToTextField = Literal["note"]
"""Text fields of ``RelatesTo``, searchable with ``client.relates_to.search(..., properties=...)``."""


class RelatesTo(Edge):
    """Properties of the edge from a product to a related product (read from pygen_example:RelatesTo/v1).

    Args:
        strength: How strongly two products relate, 0 to 1.
        note: Free text.
        since: When the relation was established.
        end_node: The related product (a ``NodeId``; a ``Product`` with ``retrieve_connections="full"``).
    """

    view_id: ClassVar[ViewId] = RELATES_TO_VIEW

    end_node: NodeId | Product = Field(
        validation_alias="endNode", serialization_alias="endNode", union_mode="left_to_right"
    )
    strength: float | None = property_field(RELATES_TO_VIEW, "strength")
    note: str | None = property_field(RELATES_TO_VIEW, "note")
    since: datetime | None = property_field(RELATES_TO_VIEW, "since")

    def as_write(self) -> RelatesToWrite:
        """A ``RelatesToWrite`` with the values read."""
        return self._to_write(RelatesToWrite)


class RelatesToWrite(EdgeWrite):
    """A relation between two products to create or update (written through pygen_example:RelatesTo/v1).

    Nested in ``ProductWrite.related_products`` only ``end_node`` and the properties are needed; the edge type,
    start node, space and a deterministic external id are filled in.
    """

    view_id: ClassVar[ViewId] = RELATES_TO_VIEW

    strength: float | None = Field(None, serialization_alias="strength")
    note: str | None = Field(None, serialization_alias="note")
    since: AwareDatetime | None = Field(None, serialization_alias="since")


class RelatesToList(InstanceList[RelatesTo]):
    """A list of ``RelatesTo`` edges with ``as_write()``, ``data_records``, ``dump()``, ``to_pandas()`` and id
    helpers."""

    def as_write(self) -> list[RelatesToWrite]:
        return [item.as_write() for item in self]
