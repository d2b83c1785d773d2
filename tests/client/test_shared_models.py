"""Every real model in ``../shared/models``: loads, round-trips to the same JSON, validates as expected.

The expected findings are written out per model. None of these models is broken; what they get are warnings
about names the generator will change and, for the CogniteCore snapshot without 3D, direct relations to a view
that snapshot leaves out.
"""

from __future__ import annotations

import json
from pathlib import Path

from pygen_client import (
    DirectRelationType,
    EdgeConnection,
    EnumType,
    MappedProperty,
    ReverseDirectRelation,
    load_model_file,
    save_model_file,
    validate_model,
)

# (severity, code, view external id, property) for each finding, in report order.
EXPECTED_FINDINGS: dict[str, list[tuple[str, str, str, str | None]]] = {
    "cognite_core.json": [
        ("warning", "reserved-identifier", "Cognite360ImageCollection", "model3D"),
        ("warning", "reserved-identifier", "Cognite360ImageCollection", "type"),
        ("warning", "reserved-identifier", "Cognite360ImageModel", "type"),
        ("warning", "reserved-identifier", "Cognite3DModel", "type"),
        ("warning", "reserved-identifier", "Cognite3DRevision", "model3D"),
        ("warning", "reserved-identifier", "Cognite3DRevision", "type"),
        ("warning", "reserved-identifier", "CogniteAsset", "type"),
        ("warning", "reserved-identifier", "CogniteCADModel", "type"),
        ("warning", "reserved-identifier", "CogniteCADNode", "model3D"),
        ("warning", "reserved-identifier", "CogniteCADRevision", "model3D"),
        ("warning", "reserved-identifier", "CogniteCADRevision", "type"),
        ("warning", "reserved-identifier", "CognitePointCloudModel", "type"),
        ("warning", "reserved-identifier", "CognitePointCloudRevision", "model3D"),
        ("warning", "reserved-identifier", "CognitePointCloudRevision", "type"),
        ("warning", "reserved-identifier", "CognitePointCloudVolume", "model3D"),
        ("warning", "reserved-identifier", "CogniteSourceSystem", "version"),
        ("warning", "reserved-identifier", "CogniteTimeSeries", "type"),
    ],
    "cognite_core_no3d.json": [
        ("warning", "direct-relation-target-outside-model", "CogniteVisualizable", "object3D"),
        ("warning", "direct-relation-target-outside-model", "CogniteAsset", "object3D"),
        ("warning", "reserved-identifier", "CogniteSourceSystem", "version"),
        ("warning", "reserved-identifier", "CogniteAsset", "type"),
        ("warning", "reserved-identifier", "CogniteTimeSeries", "type"),
    ],
    "neat_CapacityBid.json": [],
    "pygen_Omni.json": [
        ("warning", "reserved-identifier", "Empty", "date"),
        ("warning", "reserved-identifier", "Empty", "json"),
        ("warning", "reserved-identifier", "PrimitiveNullable", "date"),
        ("warning", "reserved-identifier", "PrimitiveNullable", "json"),
        ("warning", "reserved-identifier", "PrimitiveNullableListed", "date"),
        ("warning", "reserved-identifier", "PrimitiveNullableListed", "json"),
        ("warning", "reserved-identifier", "PrimitiveRequired", "date"),
        ("warning", "reserved-identifier", "PrimitiveRequired", "json"),
        ("warning", "reserved-identifier", "PrimitiveRequiredListed", "date"),
        ("warning", "reserved-identifier", "PrimitiveRequiredListed", "json"),
    ],
    "pygen_OmniMultiA.json": [],
    "pygen_OmniMultiB.json": [],
    "pygen_OmniMultiC.json": [],
    "pygen_OmniSub.json": [("warning", "reserved-identifier", "ConnectionItemA", "properties")],
    "pygen_Pumps.json": [],
    "pygen_ScenarioInstance.json": [],
    "pygen_WindTurbine.json": [("warning", "reserved-identifier", "SensorTimeSeries", "type")],
}


def test_the_model_list_and_expectations_cover_every_shared_model(
    shared_dir: Path, all_shared_model_names: list[str]
) -> None:
    assert sorted(path.name for path in (shared_dir / "models").glob("*.json")) == all_shared_model_names
    assert sorted(EXPECTED_FINDINGS) == all_shared_model_names


def test_loads_and_dumps_back_to_the_same_json(shared_dir: Path, shared_model_name: str) -> None:
    path = shared_dir / "models" / shared_model_name
    model = load_model_file(path)
    assert model.dump() == json.loads(path.read_text(encoding="utf-8"))


def test_saves_to_a_file_that_loads_back_equal(shared_dir: Path, tmp_path: Path, shared_model_name: str) -> None:
    model = load_model_file(shared_dir / "models" / shared_model_name)
    for suffix in (".json", ".yaml"):
        assert load_model_file(save_model_file(model, tmp_path / f"copy{suffix}")).dump() == model.dump()


def test_validates_with_the_expected_findings(shared_dir: Path, shared_model_name: str) -> None:
    report = validate_model(load_model_file(shared_dir / "models" / shared_model_name))
    found = [
        (
            finding.severity,
            finding.code,
            finding.location.view.external_id if finding.location.view else None,
            finding.location.property,
        )
        for finding in report
    ]
    assert found == EXPECTED_FINDINGS[shared_model_name]
    assert not report.has_errors


def test_finding_messages_for_the_shared_models(shared_dir: Path) -> None:
    no3d = validate_model(load_model_file(shared_dir / "models" / "cognite_core_no3d.json"))
    first = no3d.findings[0]
    assert first.message == ("direct relation targets view cdf_cdm:Cognite3DObject/v1, which is not in the data model")
    assert first.suggestion == (
        "Add cdf_cdm:Cognite3DObject/v1 to the data model to get typed targets; otherwise the property is "
        "generated as a plain node reference."
    )
    core = validate_model(load_model_file(shared_dir / "models" / "cognite_core.json"))
    version = next(finding for finding in core if finding.location.property == "version")
    assert version.message == (
        "the property generates the Python field 'version', which is an attribute of pygen-runtime's instance classes"
    )
    omni = validate_model(load_model_file(shared_dir / "models" / "pygen_Omni.json"))
    assert omni.findings[1].message == "the property generates the Python field 'json', which is reserved by pydantic"
    assert omni.findings[1].suggestion == (
        "The generator will name the field 'json_'; rename the property to choose the name yourself."
    )
    assert omni.findings[0].message == (
        "the property generates the Python field 'date', which is a type name used in the generated annotations"
    )


def test_the_coverage_model_exercises_every_property_kind(shared_dir: Path) -> None:
    """Omni is the coverage model: make sure the typed read models expose what the generator walks."""
    model = load_model_file(shared_dir / "models" / "pygen_Omni.json")
    type_names = set()
    kinds = set()
    for view in model.views:
        for prop in view.properties.values():
            if isinstance(prop, MappedProperty):
                type_names.add(prop.type.type + ("[]" if prop.type.list else ""))
                if isinstance(prop.type, DirectRelationType):
                    kinds.add("direct")
            elif isinstance(prop, EdgeConnection):
                kinds.add(f"{prop.connection_type}:{prop.direction}:{'props' if prop.edge_source else 'plain'}")
            elif isinstance(prop, ReverseDirectRelation):
                kinds.add(prop.connection_type)
    assert {"text", "int32", "int64", "float32", "float64", "boolean", "timestamp", "date", "json"} <= type_names
    assert {"text[]", "int32[]", "timeseries", "file", "sequence"} <= type_names
    assert {"direct", "single_reverse_direct_relation", "multi_reverse_direct_relation"} <= kinds
    assert "multi_edge_connection:outwards:props" in kinds and "multi_edge_connection:inwards:plain" in kinds
    core = load_model_file(shared_dir / "models" / "cognite_core.json")
    assert any(isinstance(prop.type, EnumType) for view in core.views for prop in view.mapped_properties.values())
