"""``ProductCatalogClient``: the client of pygen_example:ProductCatalog/v1."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import httpx
from pygen_runtime import ClientConfig, HTTPClient, InstanceClient

if TYPE_CHECKING:
    from ._api._category import CategoryAPI
    from ._api._product import ProductAPI
    from ._api._relates_to import RelatesToAPI


class ProductCatalogClient(InstanceClient):
    """Typed access to the data model pygen_example:ProductCatalog/v1.

    One API per view (``product``, ``category``, ``relates_to``), each created on first use. Writes go through
    ``upsert`` and ``delete``, which accept objects of every view (and nested connected objects) at once.

    Args:
        config: Where and as whom to connect (``ClientConfig.from_env()``), or an ``HTTPClient`` to share.
        default_space: The instance space of ids given as bare external ids (``retrieve("p1")``).
        transport: Replaces the network (tests, or an in-process emulator).
    """

    def __init__(
        self,
        config: ClientConfig | HTTPClient,
        *,
        default_space: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(config, default_space=default_space, transport=transport)

    @cached_property
    def product(self) -> ProductAPI:
        """Products (view pygen_example:Product/v1)."""
        from ._api._product import ProductAPI

        return ProductAPI(self, default_space=self.default_space)

    @cached_property
    def category(self) -> CategoryAPI:
        """Categories (view pygen_example:Category/v1)."""
        from ._api._category import CategoryAPI

        return CategoryAPI(self, default_space=self.default_space)

    @cached_property
    def relates_to(self) -> RelatesToAPI:
        """Relations between products (edge view pygen_example:RelatesTo/v1)."""
        from ._api._relates_to import RelatesToAPI

        return RelatesToAPI(self, default_space=self.default_space)
