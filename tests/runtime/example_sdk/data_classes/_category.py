"""Data classes of the view pygen_example:Category/v1 (a node view).

A product category; categories can nest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field
from pygen_runtime import (
    DirectRelation,
    InstanceList,
    Node,
    NodeId,
    NodeWrite,
    ReverseDirectRelation,
    ViewId,
    connection_field,
    lazy_class,
    property_field,
    relation_field,
)

if TYPE_CHECKING:
    from ._product import Product, ProductList, ProductWrite
else:  # loaded on first use
    Product = lazy_class("._product", "Product", __package__)
    ProductList = lazy_class("._product", "ProductList", __package__)
    ProductWrite = lazy_class("._product", "ProductWrite", __package__)

CATEGORY_VIEW = ViewId("pygen_example", "Category", "v1")

CategoryField = Literal[
    "external_id", "space", "version", "created_time", "last_updated_time", "name", "description", "parent"
]
"""Fields of ``Category`` usable in ``sort_by`` and ``group_by``."""

CategoryTextField = Literal["name", "description"]
"""Text fields of ``Category``, searchable with ``client.category.search(..., properties=...)``."""

CATEGORY_PARENT = DirectRelation("parent", target_view=CATEGORY_VIEW)
CATEGORY_PRODUCTS = ReverseDirectRelation(
    source_view=ViewId("pygen_example", "Product", "v1"),
    through_view=ViewId("pygen_example", "Product", "v1"),
    through_property="category",
)


class Category(Node):
    """A product category; categories can nest (read from pygen_example:Category/v1).

    Args:
        name: The category's name.
        description: Free text.
        parent: The parent category (a ``NodeId``; a ``Category`` with ``retrieve_connections="full"``).
        products: The products in this category; filled by ``retrieve_connections``.
    """

    view_id: ClassVar[ViewId] = CATEGORY_VIEW

    name: str | None = property_field(CATEGORY_VIEW, "name")
    description: str | None = property_field(CATEGORY_VIEW, "description")
    parent: Annotated[NodeId | Category | None, CATEGORY_PARENT] = relation_field(CATEGORY_VIEW, "parent")
    products: Annotated[list[NodeId | Product] | None, CATEGORY_PRODUCTS] = connection_field("products")

    def as_write(self) -> CategoryWrite:
        """A ``CategoryWrite`` with the values read (reverse relations are left out)."""
        return self._to_write(CategoryWrite)


class CategoryWrite(NodeWrite):
    """A category to create or update (written through pygen_example:Category/v1).

    Only the fields you set are sent; set a field to ``None`` to clear it. ``name`` is required. ``products`` is
    a reverse relation: the products hold it in their ``category``, so ``ProductWrite`` objects given here are
    upserted as they are.
    """

    view_id: ClassVar[ViewId] = CATEGORY_VIEW

    name: str = Field(serialization_alias="name")
    description: str | None = Field(None, serialization_alias="description")
    parent: Annotated[NodeId | CategoryWrite | None, CATEGORY_PARENT] = Field(None, serialization_alias="parent")
    products: Annotated[list[ProductWrite] | None, CATEGORY_PRODUCTS] = connection_field("products")


class CategoryList(InstanceList[Category]):
    """A list of ``Category`` with ``as_write()``, ``data_records``, ``dump()``, ``to_pandas()`` and id helpers.

    Connection properties (``parent``, ``products``) give the connected objects of all items as a list, each once:
    fill them with ``retrieve_connections="full"``.
    """

    def as_write(self) -> list[CategoryWrite]:
        return [item.as_write() for item in self]

    @property
    def parent(self) -> CategoryList:
        return self._connected("parent", CategoryList)

    @property
    def products(self) -> ProductList:
        return self._connected("products", ProductList)
