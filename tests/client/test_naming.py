"""Identifier conversion shared by validation and the generator."""

from __future__ import annotations

import keyword

import pytest
from pygen_client import (
    PYTHON_RESERVED_CLASS_NAMES,
    PYTHON_RESERVED_FIELD_NAMES,
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    runtime_reserved_field_names,
    split_words,
    to_camel_case,
    to_pascal_case,
    to_snake_case,
)


@pytest.mark.parametrize(
    ("identifier", "snake", "pascal", "camel"),
    [
        ("isActive", "is_active", "IsActive", "isActive"),
        ("is_active", "is_active", "IsActive", "isActive"),
        ("is-active", "is_active", "IsActive", "isActive"),
        ("CogniteCADModel", "cognite_cad_model", "CogniteCADModel", "cogniteCADModel"),
        ("object3D", "object_3d", "Object3D", "object3D"),
        ("Cognite3DModel", "cognite_3d_model", "Cognite3DModel", "cognite3DModel"),
        (
            "Cognite360ImageCollection",
            "cognite360_image_collection",
            "Cognite360ImageCollection",
            "cognite360ImageCollection",
        ),
        ("float32Value", "float32_value", "Float32Value", "float32Value"),
        ("TSO", "tso", "TSO", "tso"),
        ("DocumentTypeName", "document_type_name", "DocumentTypeName", "documentTypeName"),
        ("pump", "pump", "Pump", "pump"),
        ("my_view", "my_view", "MyView", "myView"),
        ("Pumps.contains", "pumps_contains", "PumpsContains", "pumpsContains"),
    ],
)
def test_conversions(identifier: str, snake: str, pascal: str, camel: str) -> None:
    assert (to_snake_case(identifier), to_pascal_case(identifier), to_camel_case(identifier)) == (snake, pascal, camel)


def test_words() -> None:
    assert split_words("CADModel3DView") == ("CAD", "Model", "3D", "View")
    assert split_words("__") == ()
    assert to_camel_case("__") == ""


def test_reserved_sets() -> None:
    assert set(keyword.kwlist) <= PYTHON_RESERVED_FIELD_NAMES
    assert {"list", "type", "id", "model_dump", "model_config", "json"} <= PYTHON_RESERVED_FIELD_NAMES
    assert {"name", "description", "price"}.isdisjoint(PYTHON_RESERVED_FIELD_NAMES)
    assert {"Exception", "Field", "BaseModel"} <= PYTHON_RESERVED_CLASS_NAMES
    assert {"Date", "Promise", "Record"} <= TYPESCRIPT_RESERVED_CLASS_NAMES
    assert {"space", "external_id", "data_record"} <= runtime_reserved_field_names()


def test_python_field_name_resolves_reserved_and_invalid_names() -> None:
    from pygen_client import MAX_PYTHON_NAME_LENGTH, python_field_name

    assert python_field_name("isActive").name == "is_active" and python_field_name("isActive").reason is None
    assert python_field_name("type").name == "type_"  # a runtime attribute
    assert python_field_name("class").name == "class_"  # a keyword
    assert python_field_name("query").name == "query_"  # a parameter of the API methods
    assert python_field_name("date").name == "date_"  # shadows the annotation type
    assert python_field_name("properties").name == "properties_"  # the runtime's raw property groups
    assert python_field_name("1st").name == "field_1_st"
    assert python_field_name("名前").name == "field_540d_524d"
    long = python_field_name("x" * 200)
    assert len(long.name) == MAX_PYTHON_NAME_LENGTH and long.name == python_field_name("x" * 200).name
    assert long.name != python_field_name("x" * 201).name  # the hash keeps shortened names apart


def test_python_field_names_number_colliding_properties_deterministically() -> None:
    from pygen_client import python_field_names

    names = python_field_names(["isActive", "IsActive", "is_active"])
    assert {prop: item.name for prop, item in names.items()} == {
        "is_active": "is_active",  # the property whose id is the name keeps it
        "IsActive": "is_active_2",
        "isActive": "is_active_3",
    }
    assert names == python_field_names(["is_active", "IsActive", "isActive"])  # order of input does not matter


def test_python_view_names_disambiguate_by_version_then_space_then_number() -> None:
    from pygen_client import python_view_names
    from pygen_runtime import ViewId

    shop, archive = ViewId("shop", "Item", "v1"), ViewId("archive", "Item", "v1")
    item_v2 = ViewId("shop", "Item", "v2")
    names = python_view_names({shop: "node", archive: "node", item_v2: "node"})
    # all three collide; the version separates v2, the space separates the two v1 views
    assert [names[view].base for view in (shop, archive, item_v2)] == ["ShopItem", "ArchiveItem", "ItemV2"]
    assert names[archive].attribute == "archive_item" and names[archive].collides_with == (shop, item_v2)
    assert names[item_v2].attribute == "item_v2"

    category, category_write = ViewId("s", "Category", "1"), ViewId("s", "CategoryWrite", "1")
    names = python_view_names({category: "node", category_write: "node"})
    assert (names[category].base, names[category_write].base) == ("CategoryV1", "CategoryWriteV1")
    assert names[category].attribute == "category_v1"

    upper, lower = ViewId("s", "ABTest", "1"), ViewId("s", "AbTest", "1")  # same snake_case, nothing separates them
    names = python_view_names({upper: "node", lower: "node"})
    assert (names[upper].base, names[upper].attribute) == ("ABTest", "ab_test")
    assert (names[lower].base, names[lower].attribute) == ("AbTest2", "ab_test_2")


def test_python_view_names_reserved_and_all_views() -> None:
    from pygen_client import python_view_names
    from pygen_runtime import ViewId

    field, query, pump, pump_edge = (
        ViewId("s", "Field", "1"),
        ViewId("s", "Query", "1"),
        ViewId("s", "Pump", "1"),
        ViewId("s", "PumpEdge", "1"),
    )
    names = python_view_names({field: "node", query: "node", pump: "node", pump_edge: "edge"})
    assert names[field].base == "Field_" and names[field].reserved_name == "Field"
    assert (names[query].base, names[query].attribute) == ("Query_", "query_")  # a runtime name; client.query
    assert names[pump].base == "Pump" and names[pump_edge].base == "PumpEdge"  # a node view claims no edge classes
    names = python_view_names({pump: "all", pump_edge: "edge"})  # now Pump's edge classes are PumpEdge...
    assert (names[pump].base, names[pump_edge].base) == ("PumpV1", "PumpEdgeV1")
    assert python_view_names({pump: "node"}, reserved=["PumpList"])[pump].base == "Pump_"
