"""The transformer: DMS schema models -> the language-neutral IR (property kinds, connections, inheritance, view
kinds, node types from filters, what is left out and why), and the Python naming policy built on it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hostile_model import LONG_ID, hostile_model
from pygen_client import MAX_PYTHON_NAME_LENGTH, ModelFile, load_example_model, load_model_file
from pygen_generator import (
    DirectRelationField,
    EdgeField,
    ModelBuilder,
    PrimitiveField,
    ReverseRelationField,
    build_ir,
)
from pygen_generator._naming.python import PythonNames
from pygen_runtime import ContainerId, NodeId, ViewId

OMNI = "sp_pygen_models"


def view_id(external_id: str, space: str = OMNI, version: str = "1") -> ViewId:
    return ViewId(space, external_id, version)


@pytest.fixture(scope="module")
def omni(shared_dir: Path) -> ModelFile:
    return load_model_file(shared_dir / "models" / "pygen_Omni.json")


@pytest.fixture(scope="module")
def core(shared_dir: Path) -> ModelFile:
    return load_model_file(shared_dir / "models" / "cognite_core.json")


def test_the_ir_is_sorted_and_frozen(omni: ModelFile) -> None:
    ir = build_ir(omni)
    assert [view.id.external_id for view in ir.views] == sorted(view.id.external_id for view in ir.views)
    for view in ir.views:
        assert [item.property_id for item in view.fields] == sorted(item.property_id for item in view.fields)
    with pytest.raises(AttributeError):
        ir.views[0].kind = "edge"  # type: ignore[misc]


def test_every_primitive_kind_and_variant(omni: ModelFile) -> None:
    ir = build_ir(omni)
    nullable = ir.view(view_id("PrimitiveNullable"))
    required = ir.view(view_id("PrimitiveRequiredListed"))
    assert nullable is not None and required is not None
    kinds = {item.property_id: item.kind for item in nullable.primitive_fields}
    assert kinds == {
        "boolean": "boolean",
        "date": "date",
        "float32": "float32",
        "float64": "float64",
        "int32": "int32",
        "int64": "int64",
        "json": "json",
        "text": "text",
        "timestamp": "timestamp",
    }
    assert all(item.nullable and not item.is_list for item in nullable.primitive_fields)
    assert all(item.required and item.is_list for item in required.primitive_fields)
    refs = ir.view(view_id("CDFExternalReferencesListed"))
    assert refs is not None and {item.kind for item in refs.primitive_fields} == {"timeseries", "file", "sequence"}
    defaults = ir.view(view_id("PrimitiveWithDefaults"))
    assert defaults is not None
    by_id = {item.property_id: item for item in defaults.primitive_fields}
    assert by_id["defaultObject"].default == {"foo": "bar"} and by_id["defaultString"].default == "my default text"
    assert by_id["autoIncrementInt32"].auto_increment and not by_id["autoIncrementInt32"].required


def test_connections(omni: ModelFile) -> None:
    ir = build_ir(omni)
    a, e, f = (ir.view(view_id(name)) for name in ("ConnectionItemA", "ConnectionItemE", "ConnectionItemF"))
    assert a is not None and e is not None and f is not None
    outwards = a.field("outwards")
    assert isinstance(outwards, EdgeField)
    assert (outwards.direction, outwards.edge_type, outwards.target, outwards.edge_view, outwards.is_list) == (
        "outwards",
        NodeId(OMNI, "bidirectional"),
        view_id("ConnectionItemB"),
        None,
        True,
    )
    single = e.field("inwardsSingleProperty")
    assert isinstance(single, EdgeField) and single.direction == "inwards" and not single.is_list
    assert single.edge_view == view_id("ConnectionEdgeA")
    direct = a.field("selfDirect")
    assert isinstance(direct, DirectRelationField) and direct.target == view_id("ConnectionItemA")
    untargeted = e.field("directNoSource")
    assert (
        isinstance(untargeted, DirectRelationField) and untargeted.target is None and untargeted.declared_target is None
    )
    listed = f.field("directList")
    assert isinstance(listed, DirectRelationField) and listed.is_list
    reverse = e.field("directReverseMulti")
    assert isinstance(reverse, ReverseRelationField)
    assert (
        reverse.source,
        reverse.through_view,
        reverse.through_property,
        reverse.through_is_list,
        reverse.is_list,
    ) == (
        view_id("ConnectionItemD"),
        view_id("ConnectionItemD"),
        "directMulti",
        True,
        True,
    )
    reverse_single = e.field("directReverseSingle")
    assert isinstance(reverse_single, ReverseRelationField) and not reverse_single.is_list


def test_view_kinds_node_types_and_inheritance(omni: ModelFile, core: ModelFile) -> None:
    ir = build_ir(omni)
    assert ir.view(view_id("ConnectionEdgeA")).kind == "edge"  # type: ignore[union-attr]
    item_c = ir.view(view_id("ConnectionItemC"))
    assert item_c is not None and item_c.kind == "all" and not item_c.writable
    assert ir.view(view_id("ConnectionItemA")).node_type == NodeId(OMNI, "ConnectionItemA")  # type: ignore[union-attr]
    assert ir.view(view_id("Implementation1")).node_type == NodeId(OMNI, "Implementation1")  # type: ignore[union-attr]
    assert ir.view(view_id("SubInterface")).node_type is None  # type: ignore[union-attr]  # an `in` filter
    implementation = ir.view(view_id("Implementation1"))
    assert implementation is not None
    assert implementation.implements == (view_id("SubInterface"), view_id("MainInterface"))
    assert implementation.ancestors == (view_id("SubInterface"), view_id("MainInterface"))
    assert implementation.field("mainValue").inherited_from == view_id("SubInterface")  # type: ignore[union-attr]
    assert implementation.field("value1").inherited_from is None  # type: ignore[union-attr]
    assert ir.view(view_id("MainInterface")).descendants == (  # type: ignore[union-attr]
        view_id("Implementation1"),
        view_id("Implementation1NonWriteable"),
        view_id("Implementation2"),
        view_id("SubInterface"),
    )
    core_ir = build_ir(core)
    revision = core_ir.view(ViewId("cdf_cdm", "CogniteCADRevision", "v1"))
    assert revision is not None
    model = revision.field("model3D")
    assert isinstance(model, DirectRelationField) and model.overrides == ViewId("cdf_cdm", "Cognite3DRevision", "v1")
    assert model.target == ViewId("cdf_cdm", "CogniteCADModel", "v1")  # narrowed by the override
    asset = core_ir.view(ViewId("cdf_cdm", "CogniteAsset", "v1"))
    assert asset is not None and asset.field("name").inherited_from == ViewId("cdf_cdm", "CogniteDescribable", "v1")  # type: ignore[union-attr]
    assert {item.property_id for item in asset.fields if getattr(item, "read_only", False)} == {
        "path",
        "pathLastUpdatedTime",
        "root",
    }
    assert core_ir.view(ViewId("cdf_cdm", "CogniteDescribable", "v1")).kind == "all"  # type: ignore[union-attr]
    series = core_ir.view(ViewId("cdf_cdm", "CogniteTimeSeries", "v1"))
    assert series is not None
    series_type = series.field("type")
    assert isinstance(series_type, PrimitiveField) and [value.value for value in series_type.enum_values] == [
        "string",
        "numeric",
    ]


def test_reverse_relations_through_containers_and_targets_outside_the_sdk() -> None:
    ir = build_ir(hostile_model())
    klass = ir.view(ViewId("hostile", "class", "v1"))
    assert klass is not None
    via_container = klass.field("ownedViaContainer")
    assert isinstance(via_container, ReverseRelationField)
    assert (via_container.through_view, via_container.through_property) == (ViewId("hostile", "Field", "v1"), "owner")
    excluded = build_ir(hostile_model(), exclude_views=["Field"])
    fields = excluded.view(ViewId("hostile", "class", "v1")).field("fields")  # type: ignore[union-attr]
    assert isinstance(fields, EdgeField) and fields.target is None
    assert fields.declared_target == ViewId("hostile", "Field", "v1")


def test_problems_become_notes() -> None:
    builder = ModelBuilder("s", "M")
    view = builder.view("V")
    view.prop("count", "int32", default="not a number")
    view.prop("link", "direct", target=builder.view("Gone"))
    data = builder.build()
    data["views"] = [item for item in data["views"] if item["externalId"] != "Gone"]
    notes: list[str] = []
    ir = build_ir(ModelFile.load(data), notes=notes)
    count = ir.view(ViewId("s", "V", "v1")).field("count")  # type: ignore[union-attr]
    assert isinstance(count, PrimitiveField) and count.default is None
    assert notes == [
        "view s:V/v1, property 'count': the container default 'not a number' does not fit the type int32; it is ignored",
        "view s:V/v1, property 'link': the direct relation's target view s:Gone/v1 is not in the SDK; its values are "
        "typed as NodeId",
    ]


def test_python_names(core: ModelFile) -> None:
    notes: list[str] = []
    ir = build_ir(core)
    names = PythonNames(ir, client_name="CogniteCoreClient", notes=notes)
    describable = names[ViewId("cdf_cdm", "CogniteDescribable", "v1")]
    assert [(variant.kind, variant.read, variant.attribute) for variant in describable.variants] == [
        ("node", "CogniteDescribable", "cognite_describable"),
        ("edge", "CogniteDescribableEdge", "cognite_describable_edge"),
    ]
    asset = names[ViewId("cdf_cdm", "CogniteAsset", "v1")]
    assert (asset.module, asset.constant, asset.fields["type"], asset.fields["pathLastUpdatedTime"]) == (
        "cognite_asset",
        "COGNITE_ASSET_VIEW",
        "type_",
        "path_last_updated_time",
    )
    keys = {(key.property_id, key.role): key.key for key in asset.filter_keys}
    assert keys[("name", "equals")] == "name" and keys[("name", "prefix")] == "name_prefix"
    assert keys[("parent", "equals")] == "parent" and keys[("tags", "contains_any")] == "tags_contains_any"
    assert keys[("sourceCreatedTime", "min")] == "min_source_created_time"
    assert ("children", "equals") not in keys  # reverse relations are not filterable
    series = names[ViewId("cdf_cdm", "CogniteTimeSeries", "v1")]
    assert series.enum_aliases == {"type": "CogniteTimeSeriesType"}
    assert any("property 'type': field named 'type_'" in note for note in notes)


def test_python_names_of_hostile_identifiers() -> None:
    notes: list[str] = []
    names = PythonNames(build_ir(hostile_model()), client_name="HostileClient", notes=notes)
    klass = names[ViewId("hostile", "class", "v1")]
    assert klass.variants[0].read == "Class" and klass.variants[0].attribute == "class_"
    assert klass.enum_aliases["status"] == "ClassStatusEnum"  # 'ClassStatus' is the class of another view
    assert len(klass.fields[LONG_ID]) == MAX_PYTHON_NAME_LENGTH
    keys = {(key.property_id, key.role): key.key for key in klass.filter_keys}
    assert keys[("name_prefix", "equals")] == "name_prefix" and keys[("name", "prefix")] == "name_prefix_"
    assert keys[("externalIdPrefix", "equals")] == "external_id_prefix_"
    assert keys[("min_value", "equals")] == "min_value" and keys[("value", "min")] == "min_value_"
    long_view = next(view for view in names.views.values() if len(view.base) == MAX_PYTHON_NAME_LENGTH)
    assert long_view.variants[0].api == long_view.base + "API"
    assert names[ViewId("hostile", "Node", "v1")].variants[1].read == "Node_Edge"
    assert len(notes) == len(set(notes)) and all(note.startswith("view hostile") for note in notes)


def test_the_example_model_needs_no_renames() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        notes: list[str] = []
        PythonNames(build_ir(load_example_model(), notes=notes), client_name="C", notes=notes)
    assert notes == []
    assert ContainerId("pygen_example", "Product") in {
        item.container for view in build_ir(load_example_model()).views for item in view.primitive_fields
    }


def test_python_names_of_edge_connection_apis() -> None:
    """``<field>_edge`` per edge connection of a node view (v1's name), from the field name the policy chose."""
    builder = ModelBuilder("s", "M")
    target = builder.view("Target")
    props = builder.view("Props", used_for="edge")
    view = builder.view("V")
    view.edge("relatedItems", "V.related", target, edge_source=props)
    view.edge("from", "V.from", target, direction="inwards", multi=False)  # a keyword: field 'from_'
    view.edge("listEdge", "V.list", target)
    notes: list[str] = []
    names = PythonNames(build_ir(builder.model_file()), client_name="C", notes=notes)
    assert names[ViewId("s", "V", "v1")].edge_apis == {
        "from": "from__edge",
        "listEdge": "list_edge_edge",
        "relatedItems": "related_items_edge",
    }
    assert names[ViewId("s", "Props", "v1")].edge_apis == {} and names[ViewId("s", "Target", "v1")].edge_apis == {}
    hostile = PythonNames(build_ir(hostile_model()), client_name="HostileClient", notes=[])
    assert hostile[ViewId("hostile", "class", "v1")].edge_apis == {
        "fields": "fields_edge",
        "plainFields": "plain_fields_edge",
    }
    assert hostile[ViewId("hostile", "Field", "v1")].edge_apis == {"classes": "classes_edge"}
