"""Typed Python SDK for the data model pygen_example:ProductCatalog/v1.

Hand-written template of what pygen generates for every data model. Importing this package is cheap: the client
and the data classes are loaded on first use.

>>> from example_sdk import ProductCatalogClient
>>> client = ProductCatalogClient(ClientConfig.from_env())  # doctest: +SKIP
>>> client.product.list(name_prefix="Chair", min_price=10)  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ProductCatalogClient": "._client",
    "Category": ".data_classes._category",
    "CategoryList": ".data_classes._category",
    "CategoryWrite": ".data_classes._category",
    "Product": ".data_classes._product",
    "ProductList": ".data_classes._product",
    "ProductWrite": ".data_classes._product",
    "RelatesTo": ".data_classes._relates_to",
    "RelatesToList": ".data_classes._relates_to",
    "RelatesToWrite": ".data_classes._relates_to",
}

__all__ = [
    "Category",
    "CategoryList",
    "CategoryWrite",
    "Product",
    "ProductCatalogClient",
    "ProductList",
    "ProductWrite",
    "RelatesTo",
    "RelatesToList",
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
    from ._client import ProductCatalogClient
    from .data_classes._category import Category, CategoryList, CategoryWrite
    from .data_classes._product import Product, ProductList, ProductWrite
    from .data_classes._relates_to import RelatesTo, RelatesToList, RelatesToWrite
