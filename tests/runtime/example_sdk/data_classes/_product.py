"""Data classes of the view pygen_example:Product/v1 (a node view).

A product for sale, with its category and related products.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import AwareDatetime, Field
from pygen_runtime import (
    DirectRelation,
    EdgeConnection,
    InstanceList,
    Node,
    NodeId,
    NodeWrite,
    ViewId,
    connection_field,
    lazy_class,
    property_field,
    relation_field,
)

if TYPE_CHECKING:
    from ._category import Category, CategoryList, CategoryWrite
    from ._relates_to import RelatesTo, RelatesToWrite
else:  # loaded on first use
    Category = lazy_class("._category", "Category", __package__)
    CategoryList = lazy_class("._category", "CategoryList", __package__)
    CategoryWrite = lazy_class("._category", "CategoryWrite", __package__)
    RelatesTo = lazy_class("._relates_to", "RelatesTo", __package__)
    RelatesToWrite = lazy_class("._relates_to", "RelatesToWrite", __package__)

PRODUCT_VIEW = ViewId("pygen_example", "Product", "v1")

ProductStatus = Literal["draft", "active", "discontinued"]
"""Values of ``Product.status``: draft (not yet for sale), active (for sale), discontinued."""

ProductField = Literal[
    "external_id", "space", "version", "created_time", "last_updated_time", "name", "description", "price",
    "quantity", "is_active", "release_date", "updated_at", "tags", "measurements", "status", "attributes", "category",
]  # fmt: skip
"""Fields of ``Product`` usable in ``sort_by`` and ``group_by``."""

ProductTextField = Literal["name", "description", "tags"]
"""Text fields of ``Product``, searchable with ``client.product.search(..., properties=...)``."""

ProductNumericField = Literal["price", "quantity", "measurements"]
"""Numeric fields of ``Product``, for ``sum``/``avg``/``min``/``max`` and ``histogram``."""

PRODUCT_CATEGORY = DirectRelation("category", target_view=ViewId("pygen_example", "Category", "v1"))
PRODUCT_RELATED_PRODUCTS = EdgeConnection(
    NodeId("pygen_example", "Product.relatedProducts"),
    target_view=PRODUCT_VIEW,
    edge_view=ViewId("pygen_example", "RelatesTo", "v1"),
    direction="outwards",
)


class Product(Node):
    """A product for sale, with its category and related products (read from pygen_example:Product/v1).

    Every field is optional: a property without a value reads as ``None``, properties this SDK does not know are
    ignored, and ``status`` keeps enum values added to the model later as plain strings.

    Args:
        name: The product's display name.
        description: Free text.
        price: Unit price in EUR.
        quantity: Units in stock.
        is_active: Whether the product is for sale.
        release_date: When the product was released.
        updated_at: When the product was last changed.
        tags: Free-form labels.
        measurements: Measured values.
        status: ``draft``, ``active`` or ``discontinued``.
        attributes: Any JSON object.
        category: The category (a ``NodeId``; a ``Category`` with ``retrieve_connections="full"``).
        related_products: Edges to related products with their properties; filled by ``retrieve_connections``.
    """

    view_id: ClassVar[ViewId] = PRODUCT_VIEW

    name: str | None = property_field(PRODUCT_VIEW, "name")
    description: str | None = property_field(PRODUCT_VIEW, "description")
    price: float | None = property_field(PRODUCT_VIEW, "price")
    quantity: int | None = property_field(PRODUCT_VIEW, "quantity")
    is_active: bool | None = property_field(PRODUCT_VIEW, "isActive")
    release_date: date | None = property_field(PRODUCT_VIEW, "releaseDate")
    updated_at: datetime | None = property_field(PRODUCT_VIEW, "updatedAt")
    tags: list[str] | None = property_field(PRODUCT_VIEW, "tags")
    measurements: list[float] | None = property_field(PRODUCT_VIEW, "measurements")
    status: ProductStatus | str | None = property_field(PRODUCT_VIEW, "status")
    attributes: dict[str, Any] | None = property_field(PRODUCT_VIEW, "attributes")
    category: Annotated[NodeId | Category | None, PRODUCT_CATEGORY] = relation_field(PRODUCT_VIEW, "category")
    related_products: Annotated[list[RelatesTo] | None, PRODUCT_RELATED_PRODUCTS] = connection_field("relatedProducts")

    def as_write(self) -> ProductWrite:
        """A ``ProductWrite`` with the values read (edges are left out; connections become ids)."""
        return self._to_write(ProductWrite)


class ProductWrite(NodeWrite):
    """A product to create or update (written through pygen_example:Product/v1).

    Only the fields you set are sent; set a field to ``None`` to clear it. ``name`` is required. ``quantity`` and
    ``is_active`` show the container defaults (0 and True) that DMS applies when a new product leaves them out.

    ``category`` takes a ``NodeId``, a ``(space, external_id)`` tuple or a ``CategoryWrite`` (upserted too);
    ``related_products`` takes ``RelatesToWrite`` edges (with properties), ``ProductWrite`` objects or ids.
    """

    view_id: ClassVar[ViewId] = PRODUCT_VIEW

    name: str = Field(serialization_alias="name")
    description: str | None = Field(None, serialization_alias="description")
    price: float | None = Field(None, serialization_alias="price")
    quantity: int | None = Field(0, serialization_alias="quantity", ge=-(2**31), le=2**31 - 1)
    is_active: bool | None = Field(True, serialization_alias="isActive")
    release_date: date | None = Field(None, serialization_alias="releaseDate")
    updated_at: AwareDatetime | None = Field(None, serialization_alias="updatedAt")
    tags: list[str] | None = Field(None, serialization_alias="tags", max_length=100)
    measurements: list[float] | None = Field(None, serialization_alias="measurements")
    status: ProductStatus | None = Field(None, serialization_alias="status")
    attributes: dict[str, Any] | None = Field(None, serialization_alias="attributes")
    category: Annotated[NodeId | CategoryWrite | None, PRODUCT_CATEGORY] = Field(None, serialization_alias="category")
    related_products: Annotated[list[RelatesToWrite | ProductWrite | NodeId] | None, PRODUCT_RELATED_PRODUCTS] = (
        connection_field("relatedProducts")
    )


class ProductList(InstanceList[Product]):
    """A list of ``Product`` with ``as_write()``, ``data_records``, ``dump()``, ``to_pandas()`` and id helpers.

    Connection properties (``category``, ``related_products``) give the connected objects of all items as a list,
    each once: fill them with ``retrieve_connections="full"``.
    """

    def as_write(self) -> list[ProductWrite]:
        return [item.as_write() for item in self]

    @property
    def category(self) -> CategoryList:
        return self._connected("category", CategoryList)

    @property
    def related_products(self) -> ProductList:
        return self._connected("related_products", ProductList)
