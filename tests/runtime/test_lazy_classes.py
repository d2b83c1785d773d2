"""Connected views' classes are lazy stand-ins (``lazy_class``): using one view never imports the views it connects
to, yet validation, serialisation and ``retrieve_connections`` behave as with the real classes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from example_sdk import Category, CategoryWrite, Product, ProductCatalogClient, ProductWrite, RelatesTo
from pygen_runtime import InvalidInputError, LazyClass, NodeId, lazy_class

RUNTIME_TESTS = Path(__file__).resolve().parent
NODE = {"space": "shop", "version": 1, "createdTime": 0, "lastUpdatedTime": 0}


def run_fresh(code: str) -> Any:
    """Run ``code`` in a fresh interpreter with the example SDK importable; it prints one JSON value last."""
    script = f"import sys, json\nsys.path.insert(0, {str(RUNTIME_TESTS)!r})\n{code}"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


SDK_MODULES = "[m for m in sorted(sys.modules) if m.startswith('example_sdk.')]"


def test_using_one_view_imports_none_of_the_views_it_connects_to() -> None:
    loaded = run_fresh(
        "import httpx\nfrom example_sdk import ProductCatalogClient\nfrom pygen_runtime import ClientConfig, Token\n"
        "transport = httpx.MockTransport(lambda request: httpx.Response(200, json={'items': [{'instanceType': 'node', "
        "'space': 's', 'externalId': 'p', 'version': 1, 'createdTime': 0, 'lastUpdatedTime': 0, 'properties': "
        "{'pygen_example': {'Product/v1': {'name': 'Chair', 'category': {'space': 's', 'externalId': 'c'}}}}}]}))\n"
        "client = ProductCatalogClient(ClientConfig('http://x', 'p', Token('t')), transport=transport)\n"
        "items = client.product.list()\n"
        "assert items[0].category.external_id == 'c', items\n"
        f"print(json.dumps({SDK_MODULES}))"
    )
    assert "example_sdk.data_classes._product" in loaded
    assert "example_sdk.data_classes._category" not in loaded  # Product.category is NodeId | Category
    assert "example_sdk.data_classes._relates_to" not in loaded  # Product.related_products is list[RelatesTo]


def test_a_stand_in_loads_its_class_when_the_runtime_needs_it() -> None:
    # In a fresh interpreter only Category's module is imported; the loader resolves Product through the stand-in.
    result = run_fresh(
        "from example_sdk.data_classes._category import Category\n"
        "from pygen_runtime._connection_loader import _plans\n"
        "before = 'example_sdk.data_classes._product' in sys.modules\n"
        "plans = {plan.field: plan.target_class.__name__ for plan in _plans(Category) if plan.target_class}\n"
        "print(json.dumps([before, plans, 'example_sdk.data_classes._product' in sys.modules]))"
    )
    assert result == [False, {"parent": "Category", "products": "Product"}, True]


def test_stand_ins_resolve_relative_to_their_package_and_check_instances() -> None:
    stand_in = lazy_class("._category", "Category", "example_sdk.data_classes")
    assert issubclass(stand_in, LazyClass)
    assert stand_in.lazy_module == "example_sdk.data_classes._category"
    assert stand_in.resolve() is Category
    category = Category.model_validate({**NODE, "externalId": "c"})
    assert isinstance(category, stand_in)
    assert not isinstance(NodeId("shop", "c"), stand_in)
    assert "example_sdk.data_classes._category.Category" in repr(stand_in)
    deeper = lazy_class("..data_classes._product", "Product", "example_sdk._api")
    assert deeper.resolve() is Product
    assert lazy_class("example_sdk.data_classes._relates_to", "RelatesTo").resolve() is RelatesTo
    built = lazy_class("._category", "CategoryWrite", "example_sdk.data_classes")(space="s", external_id="c", name="C")
    assert type(built) is CategoryWrite  # calling a stand-in builds the real class


def test_a_stand_in_for_a_missing_class_or_without_its_package_says_so() -> None:
    with pytest.raises(ImportError, match="has no class Nope"):
        lazy_class("._category", "Nope", "example_sdk.data_classes").resolve()
    with pytest.raises(ImportError, match="needs its package"):
        lazy_class("._category", "Category")


def test_writes_accept_the_connected_class_and_name_it_when_given_another() -> None:
    chairs = CategoryWrite(space="shop", external_id="chairs", name="Chairs")
    product = ProductWrite(space="shop", external_id="p", name="Chair", category=chairs)
    assert product.category is chairs
    product.category = ("shop", "tables")
    assert product.category == NodeId("shop", "tables")
    with pytest.raises(InvalidInputError) as error:
        ProductWrite(
            space="shop", external_id="p", name="Chair", category=ProductWrite(space="s", external_id="x", name="X")
        )
    message = str(error.value)
    assert "category (property 'category' of view pygen_example:Product/v1)" in message
    assert "instance of CategoryWrite" in message


def test_connected_objects_serialise_like_the_real_classes() -> None:
    product = Product.model_validate(
        {**NODE, "externalId": "p", "properties": {"pygen_example": {"Product/v1": {"name": "Chair"}}}}
    )
    product.category = Category.model_validate(
        {**NODE, "externalId": "c", "properties": {"pygen_example": {"Category/v1": {"name": "Chairs"}}}}
    )
    dumped = product.dump()
    assert dumped["category"]["name"] == "Chairs" and dumped["category"]["externalId"] == "c"
    assert product.dump(camel_case=False)["category"]["external_id"] == "c"
    product.category = NodeId("shop", "c")
    assert product.dump()["category"] == {"space": "shop", "externalId": "c"}


def test_full_retrieve_in_a_fresh_interpreter_fills_objects_of_unimported_views(
    emulator: Any, emulated_catalog: ProductCatalogClient
) -> None:
    client = emulated_catalog
    client.upsert(
        ProductWrite(
            space="shop",
            external_id="p",
            name="Chair",
            category=CategoryWrite(space="shop", external_id="c", name="Chairs"),
        )
    )
    config, token = client.config, emulator.config.token or "any-token"
    result = run_fresh(
        "from example_sdk import ProductCatalogClient\nfrom pygen_runtime import ClientConfig, Token\n"
        f"client = ProductCatalogClient(ClientConfig({config.base_url!r}, {config.project!r}, Token({token!r})), "
        "default_space='shop')\n"
        "product = client.product.retrieve('p', retrieve_connections='full')\n"
        "print(json.dumps([type(product.category).__name__, product.category.name]))"
    )
    assert result == ["Category", "Chairs"]


def own_schema(cls: Any, **options: Any) -> dict[str, Any]:
    """The schema of the class itself: a self-referencing class is a definition its schema refers to."""
    schema: dict[str, Any] = cls.model_json_schema(**options)
    return schema["$defs"][cls.__name__] if "$ref" in schema else schema


def test_json_schemas_describe_connected_objects_by_name() -> None:
    category = own_schema(Product)["properties"]["category"]["anyOf"]
    assert {"type": "object", "title": "Category", "description": "A Category object"} in category
    assert any(item.get("title") == "NodeId" or "$ref" in item for item in category)
    assert "category" in own_schema(ProductWrite, mode="serialization")["properties"]
    assert own_schema(Category)["properties"]["parent"]  # Category refers to itself
