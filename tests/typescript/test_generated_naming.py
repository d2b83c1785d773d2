"""The TypeScript naming policy and the options of ``generate_sdk(..., language="typescript")``: the names of the
generated-SDK shape, reserved names and collisions resolved with a warning, list arguments that are the Python
keywords in camelCase (for every shared model), and clear errors for options TypeScript cannot honour."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from pygen_client import (
    load_example_model,
    load_model_file,
    python_field_name,
    python_field_names,
    python_view_names,
    to_camel_case,
)
from pygen_generator import GenerationWarning, GeneratorError, ModelBuilder, build_ir, generate_sdk, synthetic_model
from pygen_generator._naming.python import PythonNames
from pygen_generator._naming.typescript import (
    INSTANCE_KEYS,
    MAX_TYPESCRIPT_NAME_LENGTH,
    RESERVED_ARGUMENT_NAMES,
    TypeScriptNames,
    typescript_field_names,
    typescript_view_names,
)
from pygen_runtime import ViewId

sys.path.insert(0, str(Path(__file__).resolve().parent / "generated"))

from ts_testkit import hostile_model


def _ts(model: Any, **options: Any) -> tuple[dict[str, str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = generate_sdk(model, language="typescript", package="sdk", **options)
    notes = [str(item.message) for item in caught if issubclass(item.category, GenerationWarning)]
    return {path.as_posix(): text for path, text in files.items()}, notes


def test_the_example_model_gets_the_names_of_the_documented_shape() -> None:
    names = TypeScriptNames(build_ir(load_example_model()), client_name="ProductCatalogClient", notes=[])
    product = names[ViewId("pygen_example", "Product", "v1")]
    assert (product.read, product.write, product.field, product.filter_args, product.api) == (
        "Product",
        "ProductWrite",
        "ProductField",
        "ProductFilterArgs",
        "ProductAPI",
    )
    assert (product.properties, product.descriptor, product.arg_table) == (
        "PRODUCT_PROPERTIES",
        "PRODUCT_VIEW",
        "PRODUCT_FILTER_ARGS",
    )
    assert product.enums == {"status": "ProductStatus"}
    assert product.edge_types == {"relatedProducts": "PRODUCT_RELATED_PRODUCTS_EDGE_TYPE"}
    assert (product.stem, product.attribute) == ("product", "product")
    relates = names[ViewId("pygen_example", "RelatesTo", "v1")]
    assert (relates.stem, relates.attribute, relates.descriptor) == ("relates_to", "relatesTo", "RELATES_TO_VIEW")
    args = {arg.name: (arg.property_id, arg.kind) for arg in product.args}
    assert args["namePrefix"] == ("name", "prefix") and args["minPrice"] == ("price", "min")
    assert args["tagsContainsAny"] == ("tags", "containsAny") and args["isActive"] == ("isActive", "equals")
    assert args["category"] == ("category", "equalsOrIn") and args["status"] == ("status", "equalsOrIn")
    assert "attributes" not in {arg.property_id for arg in product.args}  # json: no argument, use `filter`
    files, notes = _ts(load_example_model())
    assert notes == []
    assert sorted(files) == [
        "sdk/api/category.ts",
        "sdk/api/product.ts",
        "sdk/api/relates_to.ts",
        "sdk/client.ts",
        "sdk/data_classes/category.ts",
        "sdk/data_classes/product.ts",
        "sdk/data_classes/relates_to.ts",
        "sdk/index.ts",
    ]
    assert "export class ProductCatalogClient extends InstanceClient {" in files["sdk/client.ts"]
    assert '  isActive: { id: "isActive", type: "boolean" },\n' in files["sdk/data_classes/product.ts"]


def test_fields_are_camel_case_with_the_real_property_id_in_the_map() -> None:
    names = typescript_field_names(["is_active", "isActive", "IsActive", "1st", "3D", "type", "dataRecord", "__x", "Ω"])
    assert names["isActive"].name == "isActive" and names["isActive"].reason is None  # its id is the name: it keeps it
    assert {names["IsActive"].name, names["is_active"].name} == {"isActive2", "isActive3"}
    assert names["1st"].name == "field1St" and "digit" in (names["1st"].reason or "")
    assert names["3D"].name == "field3D"
    for reserved in ("type", "dataRecord"):
        assert names[reserved].name == f"{reserved}_" and "reserved" in (names[reserved].reason or "")
    assert names["__x"].name == "x"
    assert names["Ω"].name == "field3a9" and names["Ω"].reason
    long = typescript_field_names(["p" + "LongPropertyName" * 15])["p" + "LongPropertyName" * 15]
    assert len(long.name) <= 50 and long.reason and "longer than" in long.reason
    assert set(INSTANCE_KEYS) <= {
        "instanceType",
        "space",
        "externalId",
        "type",
        "startNode",
        "endNode",
        "existingVersion",
        "dataRecord",
    }


def test_view_name_collisions_and_shadowing_are_resolved_deterministically() -> None:
    views = [
        ViewId("shop", "Item", "v1"),
        ViewId("shop", "item", "v1"),
        ViewId("other", "Item", "v1"),
        ViewId("shop", "Date", "v1"),
        ViewId("shop", "NodeId", "v1"),
        ViewId("shop", "Upsert", "v1"),
        ViewId("shop", "V" + "eryLongViewName" * 16, "v1"),
    ]
    first = typescript_view_names(views, reserved=["ShopClient"])
    again = typescript_view_names(list(reversed(views)), reserved=["ShopClient"])
    assert first == again
    # As the Python policy: the colliding views move to the next candidate until they separate (other:Item becomes
    # OtherItem); views nothing separates (the same space and version) keep the plain name, numbered.
    items = {view: first[view].read for view in views[:3]}
    assert items == {
        ViewId("shop", "Item", "v1"): "Item",
        ViewId("shop", "item", "v1"): "Item2",
        ViewId("other", "Item", "v1"): "OtherItem",
    }
    python = python_view_names(dict.fromkeys(views[:3], "node"))
    assert {view: python[view].base for view in views[:3]} == items
    assert [first[view].stem for view in views[:3]] == ["item", "item_2", "other_item"]
    assert first[ViewId("shop", "Date", "v1")].read == "Date_"  # would shadow the global Date
    assert "global TypeScript type" in (first[ViewId("shop", "Date", "v1")].reason or "")
    assert first[ViewId("shop", "NodeId", "v1")].read == "NodeId_"
    assert first[ViewId("shop", "Upsert", "v1")].attribute == "upsert_"  # client.upsert stays the method
    long = first[views[-1]]
    assert len(long.read) <= MAX_TYPESCRIPT_NAME_LENGTH and "longer than" in (long.reason or "")
    stems = [names.stem for names in first.values()]
    assert len(set(stems)) == len(stems)


def test_every_rename_is_a_warning_naming_view_and_property() -> None:
    builder = ModelBuilder("demo", "Demo", "v1")
    view = builder.view("Record", description="Named like the global type.")
    view.prop("type", "text").prop("space", "text").prop("limit", "text").prop("name", "text").prop(
        "name_prefix", "text"
    )
    _, notes = _ts(builder.model_file())
    assert any("view demo:Record/v1: TypeScript types named 'Record_" in note for note in notes), notes
    assert any("property 'type': TypeScript field 'type_'" in note for note in notes), notes
    assert any("property 'space': TypeScript field 'space_'" in note for note in notes), notes
    assert any("property 'limit': TypeScript argument 'limit_'" in note for note in notes), notes
    # name's prefix argument yields to the field name_prefix (namePrefix), as the Python keywords do.
    assert any("property 'name': TypeScript argument 'namePrefix_'" in note for note in notes), notes


@pytest.mark.parametrize(
    "model_name",
    [
        "cognite_core.json",
        "pygen_Omni.json",
        "pygen_WindTurbine.json",
        "neat_CapacityBid.json",
        "pygen_OmniSub.json",
        "hostile",
        "synthetic",
    ],
)
def test_list_arguments_are_the_python_keywords_in_camel_case(request: pytest.FixtureRequest, model_name: str) -> None:
    """The contract the parity test relies on: per view and property, each TypeScript argument is the camelCase of
    the Python keyword (up to the trailing ``_`` either language adds to a name it reserves)."""
    if model_name == "hostile":
        model = hostile_model()
    elif model_name == "synthetic":
        model = synthetic_model(60, seed=1)
    else:
        model = load_model_file(request.getfixturevalue("shared_dir") / "models" / model_name)
    sdk = build_ir(model)
    python = PythonNames(sdk, client_name="Client", notes=[])
    typescript = TypeScriptNames(sdk, client_name="Client", notes=[])
    roles = {
        "equals": ("equals", "equalsOrIn"),
        "prefix": ("prefix",),
        "min": ("min",),
        "max": ("max",),
        "contains_any": ("containsAny",),
        "contains_all": ("containsAll",),
    }
    compared = 0
    for view in sdk.views:
        ts_args = {(arg.property_id, arg.kind): arg.name for arg in typescript[view.id].args}
        fields = typescript_field_names(item.property_id for item in view.fields)
        colliding = {prop for prop, field in fields.items() if "also generates" in (field.reason or "")}
        python_fields = python_field_names(item.property_id for item in view.fields)
        colliding |= {prop for prop, field in python_fields.items() if "also generates" in (field.reason or "")}
        colliding |= {prop for prop in fields if fields[prop].name.rstrip("_") != fields[prop].natural}
        for key in python[view.id].filter_keys:
            if "longer than" in (python_field_name(key.property_id).reason or ""):
                continue  # names shortened with a hash are capped differently in each language
            if key.property_id in colliding:
                continue  # each language's plain name goes to the property whose id it is (isActive vs is_active)
            kind = next(kind for kind in roles[key.role] if (key.property_id, kind) in ts_args)
            assert to_camel_case(key.key).rstrip("_") == ts_args[(key.property_id, kind)].rstrip("_"), (view.id, key)
            compared += 1
        assert len(ts_args) == len(python[view.id].filter_keys), view.id
    assert compared >= 5


def test_generated_arguments_avoid_every_runtime_reserved_name(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "models").glob("*.json")):
        names = TypeScriptNames(build_ir(load_model_file(path)), client_name="Client", notes=[])
        for view in names.views.values():
            assert not {arg.name for arg in view.args} & set(RESERVED_ARGUMENT_NAMES), (path.name, view.view)
            assert not set(view.fields.values()) & INSTANCE_KEYS, (path.name, view.view)


def test_options_typescript_cannot_honour_are_clear_errors() -> None:
    model = load_example_model()
    with pytest.raises(GeneratorError, match=r"vendoring the runtime.*npm package pygen-runtime"):
        generate_sdk(model, language="typescript", pygen_as_dependency=False)
    with pytest.raises(GeneratorError, match="'my-client' is not a valid TypeScript class name"):
        generate_sdk(model, language="typescript", client_name="my-client")
    with pytest.raises(GeneratorError, match="'Promise' would shadow"):
        generate_sdk(model, language="typescript", client_name="Promise")
    with pytest.raises(GeneratorError, match="language 'rust' is not supported; choose 'python' or 'typescript'"):
        generate_sdk(model, language="rust")  # type: ignore[arg-type]
    with pytest.raises(GeneratorError, match="default_instance_space must be a string"):
        generate_sdk(model, language="typescript", default_instance_space=3)  # type: ignore[arg-type]


def test_package_files_and_the_default_instance_space() -> None:
    files, _ = _ts(load_example_model(), pyproject=True, default_instance_space="shop", client_name="ShopClient")
    deno = json.loads(files["sdk/deno.json"])
    assert deno["exports"] == "./index.ts" and deno["imports"]["pygen-runtime"].startswith("npm:pygen-runtime@")
    package = json.loads(files["sdk/package.json"])
    assert package["type"] == "module" and "pygen-runtime" in package["dependencies"]
    client = files["sdk/client.ts"]
    assert 'super(config, { defaultInstanceSpace: "shop", ...options });' in client
    assert "export class ShopClient extends InstanceClient {" in client
    plain, _ = _ts(load_example_model())
    assert "sdk/deno.json" not in plain and "constructor(" not in plain["sdk/client.ts"]


def test_several_data_models_make_one_client() -> None:
    first = ModelBuilder("a", "First", "v1")
    first.view("Thing").prop("name", "text")
    second = ModelBuilder("b", "Second", "v2")
    second.view("Thing").prop("label", "text")
    files, _ = _ts([first.model_file(), second.model_file()])
    client = files["sdk/client.ts"]
    assert (
        files["sdk/index.ts"].startswith("// Generated by pygen ") and "data models a:First/v1, b:Second/v2" in client
    )
    assert "static readonly DATA_MODELS = [" in client
    assert "get thingV1(): ThingV1API {" in client and "get thingV2(): ThingV2API {" in client


def test_a_reverse_relation_whose_source_view_is_left_out_reads_ids() -> None:
    """As in Python: the relation stays, typed as node ids, with no source descriptor (and `list` on `through`
    when the relation goes through a list, which the runtime cannot read from a missing source view)."""
    builder = ModelBuilder("s", "M", "v1")
    owner = builder.view("Owner")
    owner.prop("name", "text")
    item = builder.view("Item")
    item.prop("owner", "direct", target=owner)
    item.prop("owners", "direct", target=owner, is_list=True)
    owner.reverse("items", item, "owner")
    owner.reverse("listedIn", item, "owners")
    files, notes = _ts(builder.model_file(), exclude_views=["Item"])
    text = files["sdk/data_classes/owner.ts"]
    assert "  items?: NodeId[];" in text and "  listedIn?: NodeId[];" in text
    assert "(a view outside this SDK)" in text and "source:" not in text
    assert text.count("list: true") == 1, text
    assert any("'items'" in note and note.endswith("read as ids") for note in notes), notes
    write_interface = text.split("export interface OwnerWrite")[1].split("\n}\n")[0]
    assert "items" not in write_interface, "nothing to nest: the source view has no write type here"


def test_names_every_object_inherits_are_never_fields_arguments_or_attributes() -> None:
    builder = ModelBuilder("s", "M", "v1")
    view = builder.view("ValueOf")
    view.prop("toString", "text").prop("constructor", "text").prop("hasOwnProperty", "int32")
    names = TypeScriptNames(build_ir(builder.model_file()), client_name="MClient", notes=[])
    value_of = names[ViewId("s", "ValueOf", "v1")]
    assert value_of.attribute == "valueOf_"
    assert value_of.fields == {
        "constructor": "constructor_",
        "hasOwnProperty": "hasOwnProperty_",
        "toString": "toString_",
    }
    assert {arg.name for arg in value_of.args} == {
        "constructor_",
        "constructorPrefix",
        "minHasOwnProperty",
        "maxHasOwnProperty",
        "toString_",
        "toStringPrefix",
    }


def test_a_view_used_for_nodes_and_edges_gets_an_edge_side_whose_names_yield_to_other_views() -> None:
    builder = ModelBuilder("s", "M", "v1")
    builder.view("Thing", used_for="all").prop("name", "text")
    builder.view("ThingEdge").prop("label", "text")
    builder.view("Plain").prop("name", "text")
    files, notes = _ts(builder.model_file())
    names = TypeScriptNames(build_ir(builder.model_file()), client_name="MClient", notes=[])
    variant = names[ViewId("s", "Thing", "v1")].edge_variant
    assert variant is not None
    assert (variant.read, variant.write, variant.api, variant.descriptor, variant.attribute) == (
        "ThingEdge_",
        "ThingEdge_Write",
        "ThingEdge_API",
        "THING_EDGE_VIEW_",
        "thingEdge_",
    ), "ThingEdge..., THING_EDGE_VIEW and client.thingEdge belong to the view ThingEdge"
    assert names[ViewId("s", "Plain", "v1")].edge_variant is None
    assert any("edge-side name 'ThingEdge_'" in note for note in notes), notes
    data = files["sdk/data_classes/thing.ts"]
    assert "export interface ThingEdge_ extends EdgeInstance {" in data
    assert 'instanceType: "edge",' in data
    client = files["sdk/client.ts"]
    assert "get thingEdge_(): ThingEdge_API {" in client and "get thingEdge(): ThingEdgeAPI {" in client
    assert "ThingEdge_API" in files["sdk/index.ts"] and "THING_EDGE_VIEW_" in files["sdk/index.ts"]
