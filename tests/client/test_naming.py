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
