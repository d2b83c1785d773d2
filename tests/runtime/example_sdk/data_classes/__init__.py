"""Data classes of pygen_example:ProductCatalog/v1: one module per view, loaded on first use."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CATEGORY_VIEW": "._category",
    "Category": "._category",
    "CategoryField": "._category",
    "CategoryList": "._category",
    "CategoryTextField": "._category",
    "CategoryWrite": "._category",
    "PRODUCT_VIEW": "._product",
    "Product": "._product",
    "ProductField": "._product",
    "ProductList": "._product",
    "ProductNumericField": "._product",
    "ProductStatus": "._product",
    "ProductTextField": "._product",
    "ProductWrite": "._product",
    "RELATES_TO_VIEW": "._relates_to",
    "RelatesTo": "._relates_to",
    "RelatesToField": "._relates_to",
    "RelatesToList": "._relates_to",
    "RelatesToTextField": "._relates_to",
    "RelatesToWrite": "._relates_to",
}

__all__ = [
    "CATEGORY_VIEW",
    "PRODUCT_VIEW",
    "RELATES_TO_VIEW",
    "Category",
    "CategoryField",
    "CategoryList",
    "CategoryTextField",
    "CategoryWrite",
    "Product",
    "ProductField",
    "ProductList",
    "ProductNumericField",
    "ProductStatus",
    "ProductTextField",
    "ProductWrite",
    "RelatesTo",
    "RelatesToField",
    "RelatesToList",
    "RelatesToTextField",
    "RelatesToWrite",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from ._category import CATEGORY_VIEW, Category, CategoryField, CategoryList, CategoryTextField, CategoryWrite
    from ._product import (
        PRODUCT_VIEW,
        Product,
        ProductField,
        ProductList,
        ProductNumericField,
        ProductStatus,
        ProductTextField,
        ProductWrite,
    )
    from ._relates_to import (
        RELATES_TO_VIEW,
        RelatesTo,
        RelatesToField,
        RelatesToList,
        RelatesToTextField,
        RelatesToWrite,
    )
