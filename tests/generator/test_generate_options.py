"""``generate_sdk``'s options and inputs, its warnings and errors, and ``generate_sdk_notebook``."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from generator_testkit import generate
from pygen_client import DataModelDefinition, ModelFile, load_example_model, load_model_file
from pygen_generator import GenerationWarning, GeneratorError, build_ir, generate_sdk, generate_sdk_notebook
from pygen_runtime import ClientConfig, NodeId, Token, ViewId

PRODUCT = ViewId("pygen_example", "Product", "v1")
CATEGORY = ViewId("pygen_example", "Category", "v1")


def test_defaults_come_from_the_first_data_model() -> None:
    files = generate_sdk(load_example_model())
    assert Path("product_catalog/_client.py") in files
    assert "class ProductCatalogClient(InstanceClient):" in files[Path("product_catalog/_client.py")]


def test_inputs_model_file_definition_and_path_give_the_same_sdk(tmp_path: Path) -> None:
    model = load_example_model()
    path = tmp_path / "model.json"
    path.write_text(__import__("json").dumps(model.dump()), encoding="utf-8")
    from_file = generate_sdk(model, package="p")
    assert generate_sdk(str(path), package="p") == from_file
    assert generate_sdk(model.data_model, package="p") == from_file
    assert generate_sdk([model], package="p") == from_file


def test_several_data_models_make_one_sdk(shared_dir: Path) -> None:
    models = [load_model_file(shared_dir / "models" / f"pygen_OmniMulti{name}.json") for name in "ABC"]
    ir = build_ir(models)
    assert [str(model) for model in ir.data_models] == [
        "pygen-models:OmniMultiA/1",
        "pygen-models:OmniMultiB/1",
        "pygen-models:OmniMultiC/1",
    ]
    files, _ = generate(models, "multi")
    header = " ".join(line.removeprefix("# ") for line in files[Path("multi/_client.py")].splitlines()[0:2])
    assert "data models pygen-models:OmniMultiA/1, pygen-models:OmniMultiB/1, pygen-models:OmniMultiC/1" in header
    views = {view.id for view in ir.views}
    assert views == {view for model in models for view in model.data_model.view_ids}  # each view once


def test_exclusions_leave_views_out_and_type_their_connections_by_id() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = generate_sdk(load_example_model(), package="p", exclude_views=["Category"])
    assert Path("p/data_classes/_category.py") not in files
    product = files[Path("p/data_classes/_product.py")]
    assert 'category: Annotated[NodeId | None, _CATEGORY] = property_field(PRODUCT_VIEW, "category")' in product
    messages = [str(item.message) for item in caught if item.category is GenerationWarning]
    assert any("pygen_example:Category/v1 is not in the SDK" in message for message in messages)
    assert build_ir(load_example_model(), exclude_views=[CATEGORY]).view(CATEGORY) is None
    assert build_ir(load_example_model(), exclude_spaces=["pygen_example"]).views == ()


def test_errors_name_what_is_wrong() -> None:
    model = load_example_model()
    with pytest.raises(GeneratorError, match=r"exclusions match no view of the model\(s\): 'Categry'"):
        generate_sdk(model, exclude_views=["Categry"])
    with pytest.raises(GeneratorError, match="space 'nowhere'"):
        generate_sdk(model, exclude_spaces=["nowhere"])
    with pytest.raises(GeneratorError, match="no views to generate"):
        generate_sdk(model, exclude_spaces=["pygen_example"])
    with pytest.raises(GeneratorError, match="language 'rust' is not supported"):
        generate_sdk(model, language="rust")  # type: ignore[arg-type]
    with pytest.raises(GeneratorError, match="client_name 'my client' is not a valid Python class name"):
        generate_sdk(model, client_name="my client")
    references = DataModelDefinition.load({**model.data_model.dump(), "views": [PRODUCT.dump()]})
    with pytest.raises(
        GeneratorError, match=r"lists 1 view\(s\) without their definition \(pygen_example:Product/v1\)"
    ):
        generate_sdk(ModelFile(data_model=references))
    with pytest.raises(GeneratorError, match="expected a ModelFile, a DataModelDefinition or a path, got int"):
        generate_sdk([model, 3])  # type: ignore[list-item]


def test_unsupported_property_types_are_left_out_with_a_warning() -> None:
    data = load_example_model().dump()
    product = next(view for view in data["views"] if view["externalId"] == "Product")
    product["properties"]["price"]["type"] = {"type": "money", "list": False}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = generate_sdk(ModelFile.load(data), package="p")
    assert (
        "price"
        not in files[Path("p/data_classes/_product.py")].split("class ProductWrite")[0].split("PRODUCT_VIEW")[-1]
    )
    assert any(
        "view pygen_example:Product/v1, property 'price': left out of the SDK: property type 'money' is not supported"
        in str(item.message)
        for item in caught
    )
    assert build_ir(ModelFile.load(data)).skipped[0].property_id == "price"


def test_generate_sdk_notebook_returns_a_ready_client(emulator: Any) -> None:
    model = load_example_model()
    emulator.load_model(model.dump())
    config = ClientConfig(emulator.base_url, emulator.project, Token("t"))
    client = generate_sdk_notebook(model, config, package="notebook_sdk", default_instance_space="shop")
    client.http.post("/models/spaces", json={"items": [{"space": "shop"}]})
    module = sys.modules["notebook_sdk"]
    client.upsert(module.ProductWrite(space="shop", external_id="p1", name="Chair", category=("shop", "c1")))
    assert client.product.retrieve("p1").category == NodeId("shop", "c1")
    assert getattr(module, "__file__", None) is None and module.__spec__.origin == "<pygen:notebook_sdk>"  # in memory
    # Generating again (another client name) replaces the package: no stale modules remain.
    again = generate_sdk_notebook(model, config, package="notebook_sdk", client_name="Catalog")
    assert type(again).__name__ == "Catalog" and sys.modules["notebook_sdk"] is not module
    assert again.default_space is None and client.default_space == "shop"  # the generated default, and none
    assert again.product.list(name="Chair").as_external_ids() == ["p1"]
    client.close()
    again.close()
