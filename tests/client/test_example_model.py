"""The bundled example model ships as package data and covers what the generator needs to show."""

from __future__ import annotations

import json

from pygen_client import (
    EXAMPLE_MODEL_FILE_NAME,
    BooleanType,
    DateType,
    DirectRelationType,
    Float64Type,
    Int32Type,
    TextType,
    TimestampType,
    example_model_text,
    load_example_model,
    validate_model,
)


def test_the_example_loads_and_round_trips() -> None:
    model = load_example_model()
    assert EXAMPLE_MODEL_FILE_NAME == "product_catalog.json"
    assert model.dump() == json.loads(example_model_text())
    assert model.path is None
    assert [view.external_id for view in model.views] == ["Product", "Category", "RelatesTo"]


def test_the_example_is_valid() -> None:
    assert list(validate_model(load_example_model())) == []


def test_the_example_covers_the_documented_features() -> None:
    model = load_example_model()
    product, category, relates_to = model.views
    types = {key: prop.type for key, prop in product.mapped_properties.items()}
    assert isinstance(types["name"], TextType) and isinstance(types["price"], Float64Type)
    assert isinstance(types["quantity"], Int32Type) and isinstance(types["isActive"], BooleanType)
    assert isinstance(types["releaseDate"], DateType) and isinstance(types["updatedAt"], TimestampType)
    assert types["tags"].list and types["measurements"].list
    assert isinstance(types["category"], DirectRelationType)
    assert product.mapped_properties["category"].direct_relation_target == category.as_id()
    edge = product.edge_connections["relatedProducts"]
    assert edge.edge_source == relates_to.as_id() and relates_to.used_for == "edge"
    assert set(relates_to.mapped_properties) == {"strength", "note", "since"}
    assert category.reverse_direct_relations["products"].through.identifier == "category"
