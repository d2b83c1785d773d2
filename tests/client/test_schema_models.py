"""The DMS schema models: every property type, the three view property kinds, unknown fields, write forms."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from pygen_client import (
    BooleanType,
    BTreeIndex,
    ContainerApply,
    ContainerDefinition,
    ContainerPropertyApply,
    DataModelApply,
    DataModelDefinition,
    DataModelId,
    DateType,
    DirectRelationType,
    EdgeConnection,
    EnumType,
    EnumValue,
    FileReferenceType,
    Float32Type,
    Float64Type,
    Int32Type,
    Int64Type,
    InvertedIndex,
    JSONType,
    MappedProperty,
    MappedPropertyApply,
    RequiresConstraint,
    ReverseDirectRelation,
    SequenceReferenceType,
    SpaceApply,
    SpaceDefinition,
    TextType,
    TimeSeriesReferenceType,
    TimestampType,
    UniquenessConstraint,
    UnknownConstraint,
    UnknownIndex,
    UnknownPropertyType,
    ViewApply,
    ViewDefinition,
)
from pygen_runtime import ContainerId, NodeId, ViewId

PRODUCT = {"space": "s", "externalId": "Product", "version": "v1", "type": "view"}
CONTAINER = {"space": "s", "externalId": "Product", "type": "container"}


def _view(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"space": "s", "externalId": "Product", "version": "v1", "properties": properties, **extra}


def _mapped(type_: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"container": CONTAINER, "containerPropertyIdentifier": "p", "type": type_, **extra}


@pytest.mark.parametrize(
    ("raw", "expected_class"),
    [
        ({"type": "text", "list": False, "collation": "ucs_basic", "maxTextSize": 200}, TextType),
        ({"type": "boolean"}, BooleanType),
        ({"type": "float32", "unit": {"externalId": "length:m", "sourceUnit": "metre"}}, Float32Type),
        ({"type": "float64", "list": True, "maxListSize": 10}, Float64Type),
        ({"type": "int32"}, Int32Type),
        ({"type": "int64", "list": True}, Int64Type),
        ({"type": "timestamp"}, TimestampType),
        ({"type": "date"}, DateType),
        ({"type": "json"}, JSONType),
        ({"type": "timeseries", "list": True}, TimeSeriesReferenceType),
        ({"type": "file"}, FileReferenceType),
        ({"type": "sequence"}, SequenceReferenceType),
        ({"type": "direct", "container": CONTAINER, "source": PRODUCT}, DirectRelationType),
        ({"type": "enum", "values": {"a": {"name": "A"}}, "unknownValue": "a"}, EnumType),
        ({"type": "vector", "dimensions": 3}, UnknownPropertyType),
    ],
)
def test_every_property_type_reads_as_its_class_and_dumps_back(raw: dict[str, Any], expected_class: type) -> None:
    prop = MappedProperty.load(_mapped(raw))
    assert type(prop.type) is expected_class
    assert prop.dump()["type"] == raw


def test_property_type_options_are_typed() -> None:
    text = MappedProperty.load(_mapped({"type": "text", "maxTextSize": 5, "collation": "und"})).type
    assert isinstance(text, TextType) and (text.max_text_size, text.collation, text.list) == (5, "und", False)
    floats = MappedProperty.load(_mapped({"type": "float64", "unit": {"externalId": "power:megaw"}})).type
    assert isinstance(floats, Float64Type) and floats.unit is not None and floats.unit.external_id == "power:megaw"
    direct = MappedProperty.load(_mapped({"type": "direct", "container": CONTAINER, "maxListSize": 5, "list": True}))
    assert isinstance(direct.type, DirectRelationType)
    assert direct.type.container == ContainerId("s", "Product") and direct.type.max_list_size == 5
    enum = MappedProperty.load(
        _mapped({"type": "enum", "values": {"on": {"name": "On", "description": "up"}}, "unknownValue": "on"})
    ).type
    assert isinstance(enum, EnumType) and enum.values["on"].description == "up" and enum.unknown_value == "on"


def test_an_unknown_property_type_keeps_every_field() -> None:
    prop = MappedProperty.load(_mapped({"type": "vector", "dimensions": 3, "list": False}))
    assert isinstance(prop.type, UnknownPropertyType)
    assert prop.type.type == "vector" and prop.type.model_extra == {"dimensions": 3}


def test_direct_relation_target_is_read_from_both_positions() -> None:
    current = MappedProperty.load(_mapped({"type": "direct", "source": PRODUCT}))
    older = MappedProperty.load(_mapped({"type": "direct"}, source=PRODUCT))
    neither = MappedProperty.load(_mapped({"type": "direct"}, source=None))
    not_direct = MappedProperty.load(_mapped({"type": "text"}, source=PRODUCT))
    assert current.direct_relation_target == ViewId("s", "Product", "v1")
    assert older.direct_relation_target == ViewId("s", "Product", "v1")
    assert neither.direct_relation_target is None and neither.is_direct_relation
    assert not_direct.direct_relation_target is None and not not_direct.is_direct_relation
    # Each dumps back in the position it was read from.
    assert "source" in current.dump()["type"] and "source" not in current.dump()
    assert older.dump()["source"] == PRODUCT and "source" not in older.dump()["type"]


def test_the_three_view_property_kinds() -> None:
    view = ViewDefinition.load(
        _view(
            {
                "name": _mapped({"type": "text"}),
                "children": {
                    "type": {"space": "s", "externalId": "Product.children"},
                    "source": PRODUCT,
                    "edgeSource": {**PRODUCT, "externalId": "Link"},
                    "direction": "inwards",
                    "connectionType": "single_edge_connection",
                },
                "defaultEdge": {"type": {"space": "s", "externalId": "t"}, "source": PRODUCT},
                "parents": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": PRODUCT,
                    "through": {"source": CONTAINER, "identifier": "parent"},
                    "targetsList": True,
                },
                "owner": {
                    "connectionType": "single_reverse_direct_relation",
                    "source": PRODUCT,
                    "through": {"source": PRODUCT, "identifier": "parent"},
                },
            }
        )
    )
    assert set(view.mapped_properties) == {"name"}
    assert set(view.edge_connections) == {"children", "defaultEdge"}
    assert set(view.reverse_direct_relations) == {"parents", "owner"}
    children = view.edge_connections["children"]
    assert (children.type, children.direction, children.is_list) == (NodeId("s", "Product.children"), "inwards", False)
    assert children.edge_source == ViewId("s", "Link", "v1")
    default_edge = view.edge_connections["defaultEdge"]
    assert (default_edge.connection_type, default_edge.direction, default_edge.is_list) == (
        "multi_edge_connection",
        "outwards",
        True,
    )
    assert "connectionType" not in default_edge.dump()  # defaults are not written back
    parents, owner = view.reverse_direct_relations["parents"], view.reverse_direct_relations["owner"]
    assert parents.through_container == ContainerId("s", "Product") and parents.through_view is None
    assert parents.is_list and parents.targets_list is True
    assert owner.through_view == ViewId("s", "Product", "v1") and not owner.is_list


def test_a_view_property_of_no_known_kind_is_rejected_with_the_expected_shapes() -> None:
    with pytest.raises(ValidationError) as error:
        ViewDefinition.load(_view({"odd": {"connectionType": "graph", "source": PRODUCT}}))
    assert "expected a mapped property" in str(error.value)
    assert "got connectionType 'graph'" in str(error.value)


def test_unknown_fields_are_kept_at_every_level() -> None:
    raw_view = _view(
        {
            "name": _mapped({"type": "text", "futureOption": 1}, futureFlag=True),
            "edge": {"type": {"space": "s", "externalId": "t"}, "source": PRODUCT, "weight": 2},
            "reverse": {
                "connectionType": "multi_reverse_direct_relation",
                "source": PRODUCT,
                "through": {"source": PRODUCT, "identifier": "x", "hint": "h"},
                "extra": [1],
            },
        },
        newViewField={"nested": True},
    )
    raw_model = {"space": "s", "externalId": "M", "version": "1", "views": [raw_view], "tags": ["a"]}
    raw_container = {
        "space": "s",
        "externalId": "C",
        "properties": {"p": {"type": {"type": "text"}, "newPropField": 1}},
        "constraints": {"u": {"constraintType": "uniqueness", "properties": ["p"], "extra": 1}},
        "indexes": {"i": {"indexType": "btree", "properties": ["p"], "extra": 2}},
        "newContainerField": "x",
    }
    assert DataModelDefinition.load(raw_model).dump() == raw_model
    assert ContainerDefinition.load(raw_container).dump() == raw_container


def test_constraints_and_indexes_by_kind() -> None:
    container = ContainerDefinition.load(
        {
            "space": "s",
            "externalId": "C",
            "properties": {"p": {"type": {"type": "text"}}},
            "constraints": {
                "req": {"require": CONTAINER, "state": "current"},
                "uniq": {"constraintType": "uniqueness", "properties": ["p"], "bySpace": True},
                "future": {"constraintType": "check", "expression": "p > 0"},
            },
            "indexes": {
                "bt": {"properties": ["p"], "cursorable": True},
                "inv": {"indexType": "inverted", "properties": ["p"]},
                "future": {"indexType": "vector", "properties": ["p"]},
            },
        }
    )
    constraints, indexes = container.constraints or {}, container.indexes or {}
    assert isinstance(constraints["req"], RequiresConstraint) and constraints["req"].require == ContainerId(
        "s", "Product"
    )
    assert isinstance(constraints["uniq"], UniquenessConstraint) and constraints["uniq"].by_space
    assert isinstance(constraints["future"], UnknownConstraint)
    assert isinstance(indexes["bt"], BTreeIndex) and indexes["bt"].cursorable
    assert isinstance(indexes["inv"], InvertedIndex)
    assert isinstance(indexes["future"], UnknownIndex)
    apply = container.as_apply().dump()
    assert "state" not in apply["constraints"]["req"]
    assert apply["indexes"]["future"] == {"indexType": "vector", "properties": ["p"]}


def test_data_model_views_inlined_or_referenced() -> None:
    model = DataModelDefinition.load(
        {"space": "s", "externalId": "M", "version": "1", "views": [PRODUCT, _view({"p": _mapped({"type": "int32"})})]}
    )
    assert model.views[0] == ViewId("s", "Product", "v1")
    assert isinstance(model.views[1], ViewDefinition)
    assert model.view_ids == [ViewId("s", "Product", "v1")] * 2
    assert [view.external_id for view in model.inlined_views] == ["Product"]
    assert model.as_id() == DataModelId("s", "M", "1")


def test_yaml_style_integer_versions_become_strings_and_floats_are_refused() -> None:
    model = DataModelDefinition.load({"space": "s", "externalId": "M", "version": 1, "views": []})
    assert model.version == "1"
    with pytest.raises(ValidationError, match=r"got the number 1\.1"):
        DataModelDefinition.load({"space": "s", "externalId": "M", "version": 1.1})


def test_values_are_not_coerced() -> None:
    with pytest.raises(ValidationError, match="valid boolean"):
        MappedProperty.load(_mapped({"type": "text", "list": "yes"}))


def test_read_forms_become_write_forms_without_server_fields() -> None:
    view = ViewDefinition.load(
        _view(
            {
                "target": _mapped(
                    {"type": "direct", "source": PRODUCT},
                    nullable=False,
                    constraintState={"nullability": "current"},
                    description="the target",
                ),
                "parents": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": PRODUCT,
                    "through": {"source": PRODUCT, "identifier": "target"},
                    "targetsList": False,
                },
            },
            writable=True,
            queryable=True,
            isGlobal=False,
            createdTime=1,
            lastUpdatedTime=2,
            mappedContainers=[CONTAINER],
            implements=[PRODUCT],
            description=None,
        )
    )
    apply = view.as_apply()
    assert isinstance(apply, ViewApply)
    assert apply.dump() == {
        "space": "s",
        "externalId": "Product",
        "version": "v1",
        "implements": [PRODUCT],
        "properties": {
            "target": {
                "container": CONTAINER,
                "containerPropertyIdentifier": "p",
                "description": "the target",
                "source": PRODUCT,  # the direct-relation hint moves to where the write form has it
            },
            "parents": {
                "connectionType": "multi_reverse_direct_relation",
                "source": PRODUCT,
                "through": {"source": PRODUCT, "identifier": "target"},
            },
        },
    }
    space = SpaceDefinition.load({"space": "s", "name": "S", "isGlobal": False, "createdTime": 1})
    assert space.as_apply().dump() == {"space": "s", "name": "S"}


def test_write_forms_built_in_python_dump_what_the_api_needs() -> None:
    container = ContainerApply(
        space="s",
        external_id="C",
        properties={
            "name": ContainerPropertyApply(type=TextType(), nullable=False),
            "status": ContainerPropertyApply(type=EnumType(values={"on": EnumValue(name="On")})),
        },
        indexes={"by_name": BTreeIndex(properties=["name"], cursorable=True)},
    )
    assert container.dump() == {
        "space": "s",
        "externalId": "C",
        "properties": {
            "name": {"type": {"type": "text"}, "nullable": False},
            "status": {"type": {"type": "enum", "values": {"on": {"name": "On"}}}},
        },
        "indexes": {"by_name": {"indexType": "btree", "properties": ["name"], "cursorable": True}},
    }
    view = ViewApply(
        space="s",
        external_id="V",
        version="1",
        implements=[ViewId("s", "Base", "1")],
        properties={
            "name": MappedPropertyApply(container=ContainerId("s", "C"), container_property_identifier="name"),
            "links": EdgeConnection(type=NodeId("s", "V.links"), source=ViewId("s", "V", "1")),
        },
    )
    assert view.dump()["properties"]["links"] == {
        "type": {"space": "s", "externalId": "V.links"},
        "source": {"space": "s", "externalId": "V", "version": "1", "type": "view"},
    }
    assert view.dump()["implements"] == [{"space": "s", "externalId": "Base", "version": "1", "type": "view"}]
    model = DataModelApply(space="s", external_id="M", version="1", views=[ViewId("s", "V", "1"), view])
    dumped = model.dump()
    assert dumped["views"][0] == {"space": "s", "externalId": "V", "version": "1", "type": "view"}
    assert dumped["views"][1]["properties"]["name"]["containerPropertyIdentifier"] == "name"
    assert SpaceApply(space="s").dump() == {"space": "s"}


def test_reference_errors_say_what_is_missing() -> None:
    with pytest.raises(ValidationError, match=r"view reference .* is missing 'version'"):
        ViewDefinition.load(_view({}, implements=[{"space": "s", "externalId": "X"}]))
    with pytest.raises(ValidationError, match="expected a view reference \\(type 'view'\\), got type 'container'"):
        ViewDefinition.load(_view({}, implements=[{**PRODUCT, "type": "container"}]))


def test_reverse_relation_type_helpers() -> None:
    reverse = ReverseDirectRelation.load(
        {
            "connectionType": "single_reverse_direct_relation",
            "source": PRODUCT,
            "through": {"source": PRODUCT, "identifier": "x"},
        }
    )
    assert reverse.as_apply().dump() == {
        "connectionType": "single_reverse_direct_relation",
        "source": PRODUCT,
        "through": {"source": PRODUCT, "identifier": "x"},
    }
