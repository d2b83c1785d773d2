"""``retrieve(..., as_child_class=[...])`` of generated SDKs, end to end against the emulator: Omni's interfaces
(MainInterface <- SubInterface <- Implementation1/Implementation2, and the read-only Implementation1NonWriteable
that matches the same nodes as Implementation1) with the instances file loaded, and CogniteCore's
CogniteDescribable with assets, equipment and time series. Mixed ids keep their order, the most derived listed
child wins, missing ids are absent, connections of child objects are the child's own, unknown names fail before any
request, and the number of requests is bounded by the listed children."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from generator_testkit import GeneratedSDK
from pygen_runtime import ClientConfig, InstanceList, InvalidInputError, NodeId, Token

SPACE = "sp_omni_instances"
AMANDA = NodeId(SPACE, "Implementation1:Amanda")
CHRISTOPHER = NodeId(SPACE, "Implementation1:Christopher")
BRETT = NodeId(SPACE, "Implementation2:Brett")
PLAIN = NodeId(SPACE, "main:plain")  # has data in MainInterface only


@pytest.fixture
def omni_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Path) -> GeneratedSDK:
    return generated_sdks["pygen_omni"]


@pytest.fixture
def sdk(omni_sdk: GeneratedSDK) -> Any:
    return omni_sdk.module()


@pytest.fixture
def omni(emulated: Any, omni_sdk: GeneratedSDK, shared_dir: Path, sdk: Any) -> Any:
    client = emulated(omni_sdk, space=SPACE, instances=shared_dir / "models" / "pygen_Omni.instances.yaml")
    client.upsert(sdk.MainInterfaceWrite(space=SPACE, external_id=PLAIN.external_id, main_value="only main"))
    return client


def kinds(items: Any) -> list[tuple[str, str]]:
    return [(type(item).__name__, item.external_id) for item in items]


def test_listed_children_come_back_as_their_classes_in_the_order_asked(omni: Any, sdk: Any) -> None:
    ids = [AMANDA, PLAIN, NodeId(SPACE, "missing"), BRETT, CHRISTOPHER]
    items = omni.main_interface.retrieve(ids, as_child_class=["SubInterface", "Implementation1", "Implementation2"])
    assert type(items) is InstanceList
    # Implementation1 is listed after SubInterface but implements it: the most derived listed child wins.
    assert kinds(items) == [
        ("Implementation1", AMANDA.external_id),
        ("MainInterface", PLAIN.external_id),
        ("Implementation2", BRETT.external_id),
        ("Implementation1", CHRISTOPHER.external_id),
    ]
    amanda = items[0]
    assert isinstance(amanda, sdk.Implementation1)
    assert amanda.value1 == "Study alone probably social free."
    assert amanda.main_value == "Charge radio able behind nor major side."
    assert items[1].main_value == "only main"
    assert items[2].sub_value == "Child south run enough policy."
    # The same ids without as_child_class: all parent objects, same set and order.
    plain = omni.main_interface.retrieve(ids)
    assert kinds(plain) == [("MainInterface", external_id) for _, external_id in kinds(items)]
    assert [item.main_value for item in plain] == [item.main_value for item in items]


def test_only_the_listed_children_are_used(omni: Any) -> None:
    items = omni.main_interface.retrieve([AMANDA, BRETT, PLAIN], as_child_class=["SubInterface"])
    assert kinds(items) == [
        ("SubInterface", AMANDA.external_id),
        ("SubInterface", BRETT.external_id),
        ("MainInterface", PLAIN.external_id),
    ]
    assert items[0].sub_value is not None or items[0].main_value is not None
    items = omni.main_interface.retrieve([AMANDA, BRETT], as_child_class=["Implementation2"])
    assert kinds(items) == [("MainInterface", AMANDA.external_id), ("Implementation2", BRETT.external_id)]
    # An empty list: nothing becomes a child, but the result is the as_child_class kind of list.
    items = omni.main_interface.retrieve([AMANDA], as_child_class=[])
    assert type(items) is InstanceList
    assert kinds(items) == [("MainInterface", AMANDA.external_id)]


def test_children_that_do_not_implement_each_other_keep_the_sdk_order(omni: Any) -> None:
    # Implementation1NonWriteable's filter matches every node of type Implementation1: Amanda is in both views.
    listed = ["Implementation1NonWriteable", "Implementation1"]
    items = omni.sub_interface.retrieve([AMANDA], as_child_class=listed)
    assert kinds(items) == [("Implementation1", AMANDA.external_id)]
    alone = omni.sub_interface.retrieve(AMANDA, as_child_class=["Implementation1NonWriteable"])
    assert type(alone).__name__ == "Implementation1NonWriteable"
    assert alone.main_value == "Charge radio able behind nor major side."


def test_one_id_gives_one_object_or_none(omni: Any, sdk: Any) -> None:
    api = omni.main_interface
    child = api.retrieve(BRETT.external_id, space=SPACE, as_child_class=["Implementation2"])
    assert isinstance(child, sdk.Implementation2)
    assert child.as_id() == BRETT
    parent = api.retrieve((SPACE, PLAIN.external_id), as_child_class=["Implementation2"])
    assert isinstance(parent, sdk.MainInterface)
    assert api.retrieve(NodeId(SPACE, "missing"), as_child_class=["Implementation2"]) is None
    # One name given bare (not a list) is still one name, not its characters.
    assert isinstance(api.retrieve(BRETT, as_child_class="Implementation2"), sdk.Implementation2)
    # default_space of the client applies as in any retrieve
    assert isinstance(api.retrieve(AMANDA.external_id, as_child_class=["Implementation1"]), sdk.Implementation1)


def test_requests_are_bounded_by_the_listed_children(omni: Any, emulator: Any) -> None:
    api = omni.main_interface
    listed = ["SubInterface", "Implementation1", "Implementation2", "Implementation1NonWriteable"]

    def byids(ids: list[NodeId]) -> int:
        emulator.clear_requests()
        api.retrieve(ids, as_child_class=listed)
        return sum(1 for record in emulator.requests if record.path.endswith("/models/instances/byids"))

    # Implementation1 is asked first and matches both: no request for the other children or the parent.
    assert byids([AMANDA, CHRISTOPHER]) == 1
    # Implementation1, then Implementation1NonWriteable, Implementation2 (matches Brett), SubInterface, the parent.
    assert byids([AMANDA, BRETT, PLAIN, NodeId(SPACE, "missing")]) == 5
    emulator.clear_requests()
    api.retrieve([AMANDA, BRETT], as_child_class=listed, retrieve_connections="identifier")
    paths = [record.path for record in emulator.requests]
    assert all(path.endswith("/models/instances/query") for path in paths), paths
    assert len(paths) == 3  # Implementation1 (Amanda), Implementation1NonWriteable (none), Implementation2 (Brett)


def test_child_objects_carry_their_own_connections(omni: Any, sdk: Any) -> None:
    # Implementation1NonWriteable is read-only (no write class): write its direct relation through the container.
    node = NodeId(SPACE, "Implementation1:connected")
    omni.http.post(
        "/models/instances",
        json={
            "items": [
                {
                    "instanceType": "node",
                    "space": SPACE,
                    "externalId": node.external_id,
                    "type": {"space": "sp_pygen_models", "externalId": "Implementation1"},
                    "sources": [
                        {
                            "source": {
                                "type": "container",
                                "space": "sp_pygen_models",
                                "externalId": "Implementation1",
                            },
                            "properties": {
                                "implementation1Value": "v1",
                                "requiredImplementation1Value": "v2",
                                "connectionValue": {"space": SPACE, "externalId": AMANDA.external_id},
                            },
                        },
                        {
                            "source": {"type": "container", "space": "sp_pygen_models", "externalId": "MainInterface"},
                            "properties": {"mainValue": "connected main"},
                        },
                    ],
                }
            ]
        },
    )
    api = omni.main_interface
    full = api.retrieve([node, PLAIN], as_child_class=["Implementation1NonWriteable"], retrieve_connections="full")
    assert kinds(full) == [("Implementation1NonWriteable", node.external_id), ("MainInterface", PLAIN.external_id)]
    target = full[0].connection_value
    assert isinstance(target, sdk.Implementation1)
    assert target.as_id() == AMANDA
    assert target.value1 == "Study alone probably social free."
    identifier = api.retrieve(node, as_child_class=["Implementation1NonWriteable"], retrieve_connections="identifier")
    assert identifier.connection_value == AMANDA
    skipped = api.retrieve(node, as_child_class=["Implementation1NonWriteable"])
    assert skipped.connection_value == AMANDA
    assert skipped.main_value == "connected main"


def test_unknown_child_names_fail_before_any_request(sdk: Any, omni_sdk: GeneratedSDK) -> None:
    # A client pointing nowhere: any request would raise a connection error instead.
    client = omni_sdk.client_class(ClientConfig("http://127.0.0.1:9", "p", Token("t")), default_space=SPACE)
    api = client.main_interface
    with pytest.raises(InvalidInputError) as error:
        api.retrieve([AMANDA], as_child_class=["Implementation1", "Bogus", "MainInterface"])
    message = str(error.value)
    assert "'Bogus', 'MainInterface' are not child views of sp_pygen_models:MainInterface/1" in message
    assert "valid: 'Implementation1', 'Implementation1NonWriteable', 'Implementation2', 'SubInterface'" in message
    with pytest.raises(InvalidInputError, match=r"^as_child_class: 'Nope' is not a child view of .*SubInterface/1"):
        client.sub_interface.retrieve(AMANDA, as_child_class=["Implementation2", "Nope"])
    with pytest.raises(TypeError):  # a view without children has no as_child_class at all
        client.implementation1.retrieve(AMANDA, as_child_class=["Implementation1"])
    client.close()


def test_views_without_children_keep_the_plain_api(omni_sdk: GeneratedSDK) -> None:
    from pygen_runtime import ParentInstanceAPI

    client = omni_sdk.client_class(ClientConfig("http://127.0.0.1:9", "p", Token("t")))
    assert isinstance(client.main_interface, ParentInstanceAPI)
    assert isinstance(client.sub_interface, ParentInstanceAPI)
    assert not isinstance(client.implementation1, ParentInstanceAPI)
    assert not isinstance(client.primitive_nullable, ParentInstanceAPI)
    assert list(client.main_interface._children) == [
        "Implementation1",
        "Implementation1NonWriteable",
        "Implementation2",
        "SubInterface",  # implemented by the others: after them
    ]
    client.close()


# -- CogniteCore ----------------------------------------------------------------------------------------------------

CORE = "plant"


@pytest.fixture
def core_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Path) -> GeneratedSDK:
    return generated_sdks["cognite_core"]


def test_cognite_describable_as_assets_equipment_and_time_series(emulated: Any, core_sdk: GeneratedSDK) -> None:
    sdk = core_sdk.module()
    core = emulated(core_sdk, space=CORE)
    site = sdk.CogniteAssetWrite(space=CORE, external_id="site", name="Site")
    pump = sdk.CogniteAssetWrite(space=CORE, external_id="pump", name="Pump", parent=site)
    motor = sdk.CogniteEquipmentWrite(space=CORE, external_id="motor", name="Motor", asset=pump)
    series = sdk.CogniteTimeSeriesWrite(
        space=CORE, external_id="ts", name="Pressure", type_="numeric", is_step=False, assets=[pump], equipment=[motor]
    )
    note = sdk.CogniteDescribableWrite(space=CORE, external_id="note", name="Just a note")
    core.upsert([series, note])
    api = core.cognite_describable
    ids = ["ts", "missing", "note", "pump", "motor", "site"]
    items = api.retrieve(
        ids, as_child_class=["CogniteAsset", "CogniteEquipment", "CogniteTimeSeries"], retrieve_connections="full"
    )
    assert kinds(items) == [
        ("CogniteTimeSeries", "ts"),
        ("CogniteDescribable", "note"),
        ("CogniteAsset", "pump"),
        ("CogniteEquipment", "motor"),
        ("CogniteAsset", "site"),
    ]
    by_id = {item.external_id: item for item in items}
    # The child's own connections, filled as objects: a direct relation, a reverse relation, lists of relations.
    assert isinstance(by_id["pump"].parent, sdk.CogniteAsset)
    assert by_id["pump"].parent.name == "Site"
    assert [child.external_id for child in by_id["site"].children] == ["pump"]
    assert isinstance(by_id["motor"].asset, sdk.CogniteAsset)
    assert [asset.external_id for asset in by_id["ts"].assets] == ["pump"]
    assert [item.external_id for item in by_id["pump"].equipment] == ["motor"]
    assert by_id["note"].name == "Just a note"
    # Without connections the relations stay ids.
    plain = api.retrieve("pump", as_child_class=["CogniteAsset"])
    assert isinstance(plain, sdk.CogniteAsset)
    assert plain.parent == NodeId(CORE, "site")
    assert plain.children is None


# -- typing for callers ---------------------------------------------------------------------------------------------

CALLER = """
from __future__ import annotations

from pygen_runtime import InstanceList
from typing_extensions import assert_type

from {package} import {client}
from {package}.data_classes import (
    Implementation1,
    Implementation1NonWriteable,
    Implementation2,
    MainInterface,
    MainInterfaceList,
    SubInterface,
)

Any = MainInterface | Implementation1 | Implementation1NonWriteable | Implementation2 | SubInterface


def check(client: {client}) -> None:
    api = client.main_interface
    assert_type(api.retrieve("x", space="s"), MainInterface | None)
    assert_type(api.retrieve(["x"], space="s"), MainInterfaceList)
    one = api.retrieve("x", space="s", as_child_class=["Implementation1"])
    assert_type(one, Any | None)
    many = api.retrieve(["x", "y"], space="s", as_child_class=["SubInterface", "Implementation1"])
    assert_type(many, InstanceList[Any])
    for item in many:
        print(item.main_value)  # inherited by every child: no narrowing needed
        if isinstance(item, Implementation1):
            print(item.value1)
    api.retrieve("x", as_child_class=["Bogus"])  # type: ignore[list-item]
    api.retrieve("x", as_child_class=["MainInterface"])  # type: ignore[list-item]
    client.implementation1.retrieve("x", as_child_class=["Implementation1"])  # type: ignore[call-overload]
    client.sub_interface.retrieve("x", as_child_class=["SubInterface"])  # type: ignore[list-item]
"""


@pytest.mark.slow
def test_mypy_strict_types_as_child_class_for_callers(
    omni_sdk: GeneratedSDK, run_tool: Any, mypy_cache: Path, tmp_path: Path
) -> None:
    """The Literal rejects names that are not children (each ``type: ignore`` must be needed: strict mode reports an
    unused one), and the results are typed as the union of the parent and child read classes."""
    import os

    script = tmp_path / "caller.py"
    script.write_text(CALLER.format(package=omni_sdk.package, client=omni_sdk.client_class.__name__))
    env = {**os.environ, "MYPYPATH": str(omni_sdk.root)}
    result = run_tool("mypy", "--strict", "--cache-dir", str(mypy_cache), str(script), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


# -- hostile child names --------------------------------------------------------------------------------------------

FAMILY = "fam"


def test_hostile_child_names(emulated: Any, generated_sdks: dict[str, GeneratedSDK]) -> None:
    family_sdk = generated_sdks["hostile_family"]
    sdk = family_sdk.module()
    client = emulated(family_sdk, space=FAMILY)
    writes = {
        "plain": sdk.FamilyWrite(external_id="plain", surname="Plain"),
        "kw": sdk.LambdaWrite(external_id="kw", surname="Keyword", lam="λ"),
        "lit": sdk.Literal_Write(external_id="lit", surname="Literal", lit="x"),
        "api": sdk.ParentInstanceAPI_Write(external_id="api", surname="Api", api="y"),
        "alias": sdk.TypeAliasWrite(external_id="alias", surname="Alias", alias="z"),
        "here": sdk.HostileFamilyKidWrite(external_id="here", surname="Here", here="a"),
        "there": sdk.HostileFamilyBKidWrite(external_id="there", surname="There", there="b"),
        "grand": sdk.GrandKidWrite(external_id="grand", surname="Grand", lam="μ", grand="c"),
    }
    client.upsert(list(writes.values()))
    names = [
        "lambda",
        "Literal",
        "ParentInstanceAPI",
        "TypeAlias",
        "hostile_family:Kid/v1",
        "hostile_family_b:Kid/v1",
        "GrandKid",
    ]
    items = client.family.retrieve(list(writes), as_child_class=names)
    assert kinds(items) == [
        ("Family", "plain"),
        ("Lambda", "kw"),
        ("Literal_", "lit"),
        ("ParentInstanceAPI_", "api"),
        ("TypeAlias", "alias"),
        ("HostileFamilyKid", "here"),
        ("HostileFamilyBKid", "there"),
        ("GrandKid", "grand"),  # a lambda too, but the more derived
    ]
    assert [item.surname for item in items] == ["Plain", "Keyword", "Literal", "Api", "Alias", "Here", "There", "Grand"]
    assert items[-1].grand == "c"
    assert kinds(client.family.retrieve(["grand", "kw"], as_child_class=["lambda"])) == [
        ("Lambda", "grand"),
        ("Lambda", "kw"),
    ]
    # The plain external id of a duplicated child is not a name (which of the two would it be?).
    with pytest.raises(InvalidInputError, match="'Kid' is not a child view"):
        client.family.retrieve(["here"], as_child_class=["Kid"])
