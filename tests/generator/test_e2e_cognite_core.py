"""The SDK generated from CogniteCore, end to end against the emulator: an asset hierarchy with equipment, time
series and files (nested upserts through direct relations, single and list), enum and direct-relation filters,
reverse relations (through single and list direct relations), a view used for both nodes and edges, an edge view
with an enum, system-maintained properties left out of writes, search, aggregates and delete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from generator_testkit import GeneratedSDK
from pygen_runtime import NodeId

SPACE = "plant"


@pytest.fixture
def core_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Path) -> GeneratedSDK:
    return generated_sdks["cognite_core"]


@pytest.fixture
def core(emulated: Any, core_sdk: GeneratedSDK) -> Any:
    return emulated(core_sdk, space=SPACE)


@pytest.fixture
def sdk(core_sdk: GeneratedSDK) -> Any:
    return core_sdk.module()


def seed(core: Any, sdk: Any) -> None:
    root = sdk.CogniteAssetWrite(space=SPACE, external_id="site", name="Site", tags=["top"])
    pumps = [
        sdk.CogniteAssetWrite(space=SPACE, external_id=f"pump{index}", name=f"Pump {index}", parent=root)
        for index in range(3)
    ]
    equipment = sdk.CogniteEquipmentWrite(
        space=SPACE, external_id="motor0", name="Pump motor", asset=pumps[0], serial_number="SN-1"
    )
    series = [
        sdk.CogniteTimeSeriesWrite(
            space=SPACE,
            external_id=f"ts{index}",
            name=f"Pressure {index}",
            type_="numeric" if index < 2 else "string",
            is_step=index == 1,
            assets=[pumps[0]] if index == 0 else [pumps[0], pumps[index]],
            equipment=[equipment] if index == 0 else None,
        )
        for index in range(3)
    ]
    document = sdk.CogniteFileWrite(space=SPACE, external_id="manual", name="Pump manual", assets=pumps[:2])
    annotation = sdk.CogniteAnnotationWrite(
        space=SPACE,
        external_id="mentions",
        type=NodeId(SPACE, "mentions"),
        start_node=document,
        end_node=pumps[1],
        name="Pump 1 mentioned",
        confidence=0.9,
        status="Approved",
    )
    result = core.upsert([*series, annotation])
    assert len(result.created) == 10  # 4 assets, 1 equipment, 3 time series, 1 file and the annotation edge
    assert NodeId(SPACE, "site") in result.created


def ids(items: Any) -> list[str]:
    return sorted(item.external_id for item in items)


def test_hierarchy_filters_and_enums(core: Any, sdk: Any) -> None:
    seed(core, sdk)
    assert ids(core.cognite_asset.list(parent=(SPACE, "site"))) == ["pump0", "pump1", "pump2"]
    assert ids(core.cognite_asset.list(tags_contains_any="top")) == ["site"]
    assert ids(core.cognite_time_series.list(type_="numeric")) == ["ts0", "ts1"]
    assert ids(core.cognite_time_series.list(type_=["string"], is_step=False)) == ["ts2"]
    assert ids(core.cognite_time_series.list(assets_contains_any=NodeId(SPACE, "pump2"))) == ["ts2"]
    assert ids(core.cognite_time_series.list(assets_contains_all=[(SPACE, "pump0"), (SPACE, "pump1")])) == ["ts1"]
    assert ids(core.cognite_equipment.list(asset=(SPACE, "pump0"), serial_number_prefix="SN")) == ["motor0"]
    assert ids(core.cognite_file.list(assets_contains_any=[(SPACE, "pump1")])) == ["manual"]
    grouped = core.cognite_time_series.aggregate("count", group_by="type_")
    assert {group.group["type_"]: group.aggregates[0].value for group in grouped} == {"numeric": 2, "string": 1}
    assert ids(core.cognite_asset.search("pump", properties="name")) == ["pump0", "pump1", "pump2"]


def test_reverse_relations_through_single_and_list_direct_relations(core: Any, sdk: Any) -> None:
    seed(core, sdk)
    site = core.cognite_asset.retrieve("site", retrieve_connections="full")
    assert ids(site.children) == ["pump0", "pump1", "pump2"]
    assert all(isinstance(child, sdk.CogniteAsset) for child in site.children)
    pump = core.cognite_asset.retrieve("pump0", retrieve_connections="full")
    assert isinstance(pump.parent, sdk.CogniteAsset) and pump.parent.name == "Site"
    assert ids(pump.equipment) == ["motor0"]
    assert ids(pump.time_series) == ["ts0", "ts1", "ts2"]  # through the list direct relation CogniteTimeSeries.assets
    assert ids(pump.files) == ["manual"]
    motor = core.cognite_equipment.retrieve("motor0", retrieve_connections="identifier")
    assert motor.time_series == [NodeId(SPACE, "ts0")]


def test_views_for_nodes_and_edges_and_edge_views(core: Any, sdk: Any) -> None:
    seed(core, sdk)
    described = core.cognite_describable.list(name_prefix="Pump", limit=None)
    assert ids(described) == ["manual", "motor0", "pump0", "pump1", "pump2"]  # files, equipment and assets
    assert all(type(item) is sdk.CogniteDescribable for item in described)
    edges = core.cognite_describable_edge.list()  # the same view, read as edges
    assert [(edge.external_id, edge.name) for edge in edges] == [("mentions", "Pump 1 mentioned")]
    annotations = core.cognite_annotation.list(status="Approved", min_confidence=0.5)
    assert [(edge.start_node, edge.end_node) for edge in annotations] == [
        (NodeId(SPACE, "manual"), NodeId(SPACE, "pump1"))
    ]
    assert core.cognite_annotation.list(status="Rejected") == []


def test_system_maintained_properties_are_read_only(sdk: Any) -> None:
    assert {"path", "root", "path_last_updated_time"} <= set(sdk.CogniteAsset.model_fields)
    assert {"path", "root", "path_last_updated_time"}.isdisjoint(sdk.CogniteAssetWrite.model_fields)
    assert {"is_uploaded", "uploaded_time"}.isdisjoint(sdk.CogniteFileWrite.model_fields)


def test_delete(core: Any, sdk: Any) -> None:
    seed(core, sdk)
    core.delete(["pump2", "ts2"])
    assert ids(core.cognite_asset.list(parent=(SPACE, "site"))) == ["pump0", "pump1"]
    assert ids(core.cognite_time_series.list(limit=None)) == ["ts0", "ts1"]
    core.delete([NodeId(SPACE, "manual")])
    assert core.cognite_annotation.list() == []  # its edge went with the file


def test_a_write_with_nothing_set_shows_up_in_its_view(core: Any, sdk: Any) -> None:
    """An id-only write object writes through its view (empty property group), so the node has data in it."""
    core.upsert(
        [
            sdk.CogniteAssetWrite(space=SPACE, external_id="bare"),
            sdk.CogniteAssetWrite(
                space=SPACE,
                external_id="child",
                name="Child",
                parent=sdk.CogniteAssetWrite(space=SPACE, external_id="top"),
            ),
            sdk.CogniteEquipmentWrite(space=SPACE, external_id="kit"),
        ]
    )
    assert core.cognite_asset.list(limit=None).as_external_ids() == ["bare", "child", "top"]
    assert core.cognite_equipment.list(limit=None).as_external_ids() == ["kit"]
    assert core.cognite_asset.retrieve("top").name is None
    # An empty write to an existing node changes nothing that was written before.
    core.upsert(sdk.CogniteAssetWrite(space=SPACE, external_id="child"))
    assert core.cognite_asset.retrieve("child").name == "Child"
