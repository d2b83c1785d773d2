"""The SDK of the hostile model behaves: renamed fields write and read the right properties, model text survives
as data and as documentation (never as code), renamed filter keywords filter the right property, and colliding
views each get their own API."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from generator_testkit import GeneratedSDK
from hostile_model import HOSTILE_DEFAULT, HOSTILE_TEXT, LONG_ID
from pygen_client import python_field_name
from pygen_runtime import NodeId, ViewId


@pytest.fixture
def hostile_sdk(generated_sdks: dict[str, GeneratedSDK]) -> GeneratedSDK:
    return generated_sdks["hostile"]


@pytest.fixture
def sdk(hostile_sdk: GeneratedSDK) -> Any:
    return hostile_sdk.module()


@pytest.fixture
def client(emulated: Any, hostile_sdk: GeneratedSDK) -> Any:
    return emulated(hostile_sdk, space="inst")


def test_model_text_is_documentation_not_code(sdk: Any, hostile_sdk: GeneratedSDK) -> None:
    read = sdk.Class
    assert read.__doc__ is not None and 'Ends a docstring: """ then code();' in read.__doc__
    assert "a backslash \\ and" in read.__doc__ and "ünïcødé 名前 🚀" in read.__doc__ and "\u2028" in read.__doc__
    source = inspect.getsource(inspect.getmodule(read))  # type: ignore[arg-type]
    assert "code();" in source and source.count("\ncode()") == 0  # nothing from the model became a statement
    enum_alias = sdk.data_classes._class.ClassStatusEnum  # 'ClassStatus' is a view's class
    assert enum_alias.__args__ == ("None", "class", "lambda", "None_", "_private")
    assert sdk.ClassWrite.model_fields["greeting"].default == HOSTILE_DEFAULT
    assert sdk.ClassWrite.model_fields["settings"].default_factory() == {  # type: ignore[misc]
        'key "quoted"': "value\\",
        "nested": {"list": [1, 2.5, True, None]},
    }


def test_renamed_fields_write_and_read_their_properties(client: Any, sdk: Any) -> None:
    long_field = python_field_name(LONG_ID).name
    written = sdk.ClassWrite(
        space="inst",
        external_id="c1",
        name='n\\"x',
        class_=HOSTILE_TEXT,
        def_="d",
        type_="t",
        limit_="l",
        query_="q",
        properties_="p",
        date_="not a date",
        status="None",
        field_1_st=1,
        field_3d=True,
        is_active=True,
        is_active_2=False,
        is_active_3=True,
        name_prefix="np",
        external_id_prefix="eip",
        value=1.0,
        min_value="two",
        **{long_field: "long"},
    )
    field = sdk.Field_Write(
        space="inst",
        external_id="f1",
        owner=written,
        classes=[sdk.LinkWrite(start_node=written, weight=0.5, class_="k")],
    )
    result = client.upsert([written, field])
    assert len(result.created) == 3
    raw = client.retrieve(NodeId("inst", "c1"), sources=ViewId("hostile", "class", "v1"))[0].properties_of(
        ViewId("hostile", "class", "v1")
    )
    assert (raw["class"], raw["def"], raw["type"], raw["limit"], raw["query"], raw["properties"]) == (
        HOSTILE_TEXT,
        "d",
        "t",
        "l",
        "q",
        "p",
    )
    assert (raw["1st"], raw["3D"], raw["isActive"], raw["is_active"], raw["IsActive"], raw[LONG_ID]) == (
        1,
        True,
        True,  # is_active_3: 'isActive' sorts after 'IsActive', and 'is_active' keeps the plain name
        True,
        False,
        "long",
    )
    read = client.class_.retrieve("c1", retrieve_connections="full")
    assert (read.class_, read.name, read.status, read.greeting) == (HOSTILE_TEXT, 'n\\"x', "None", HOSTILE_DEFAULT)
    assert read.counter == 1  # autoIncrement filled in by DMS
    assert [(edge.end_node.external_id, edge.weight, edge.class_) for edge in read.fields] == [("f1", 0.5, "k")]
    assert [item.external_id for item in read.owned] == ["f1"] and read.owned_via_container.external_id == "f1"
    assert read.as_write().class_ == HOSTILE_TEXT


def test_renamed_filter_keywords_filter_their_property(client: Any, sdk: Any) -> None:
    client.upsert(
        [
            sdk.ClassWrite(
                space="inst",
                external_id="a",
                name="alpha",
                name_prefix="np",
                external_id_prefix="eip",
                min_value="low",
                value=1.0,
            ),
            sdk.ClassWrite(space="inst", external_id="b", name="beta", class_=HOSTILE_TEXT, value=9.0),
        ]
    )

    def listed(**filters: Any) -> list[str]:
        return sorted(client.class_.list(**filters).as_external_ids())

    assert listed(name_prefix="np") == ["a"]  # the field name_prefix, by equality
    assert listed(name_prefix_="be") == ["b"]  # name's prefix filter, renamed
    assert listed(external_id_prefix_="eip") == ["a"]  # the field externalIdPrefix, by equality
    assert listed(external_id_prefix="b") == ["b"]  # the instance's external id prefix
    assert listed(min_value="low") == ["a"]  # the text field min_value, by equality
    assert listed(min_value_=5.0) == ["b"]  # value's lower bound, renamed
    assert listed(class_=HOSTILE_TEXT) == ["b"]
    assert client.class_.search("alpha", properties="name").as_external_ids() == ["a"]


def test_colliding_views_get_their_own_apis(client: Any, sdk: Any) -> None:
    client.http.post("/models/spaces", json={"items": [{"space": "other"}]})
    client.upsert(
        [
            sdk.HostileThingWrite(space="inst", external_id="t1", here="h"),
            sdk.HostileBThingWrite(space="other", external_id="t2", there="t"),
            sdk.ItemViewWrite(space="inst", external_id="i1", b="b"),
            sdk.ItemView2Write(space="inst", external_id="i2", a="a"),
            sdk.Node_Write(space="inst", external_id="n1", label="node"),
            sdk.UpsertWrite(space="inst", external_id="u1", x="x"),
        ]
    )
    assert client.hostile_thing.list().as_external_ids() == ["t1"]
    assert client.hostile_b_thing.list().as_external_ids() == ["t2"]
    assert client.item_view.list().as_external_ids() == ["i1"] and client.item_view_2.list().as_external_ids() == ["i2"]
    assert client.node.list().as_external_ids() == ["n1"] and client.node_edge.list() == []
    assert client.upsert_.list().as_external_ids() == ["u1"]
    assert callable(client.upsert) and client.cached_property_.view_id.external_id == "CachedProperty"
    assert client.str.view_id.external_id == "Str"
    assert client.delete(["t1", "i1"]).deleted == [NodeId("inst", "t1"), NodeId("inst", "i1")]


def test_connection_list_properties_never_shadow_list_members(client: Any, sdk: Any, hostile_sdk: GeneratedSDK) -> None:
    """``Field.count`` (a direct relation) and ``Class.index`` (a reverse relation through it) are named like
    ``list.count``/``list.index``: the read lists keep those methods and name the connection properties ``count_``
    and ``index_``, with a note."""
    assert any("'count': list property named 'count_'" in note for note in hostile_sdk.warnings)
    assert any("'index': list property named 'index_'" in note for note in hostile_sdk.warnings)
    owner = sdk.ClassWrite(space="inst", external_id="owner", name="owner")
    client.upsert(
        [owner, *(sdk.Field_Write(space="inst", external_id=f"f{number}", count=owner) for number in range(3))]
    )
    fields = client.field.list(retrieve_connections="full")
    assert sorted(fields.as_external_ids()) == ["f0", "f1", "f2"]
    assert fields.count(fields[0]) == 1 and fields.index(fields[1]) == 1  # still list.count and list.index
    owners = fields.count_  # three fields, one owner: once
    assert isinstance(owners, sdk.ClassList) and [(item.external_id, item.name) for item in owners] == [
        ("owner", "owner")
    ]
    classes = client.class_.list(retrieve_connections="full")
    assert isinstance(classes.index_, sdk.Field_List) and sorted(classes.index_.as_external_ids()) == ["f0", "f1", "f2"]
    assert callable(classes.index) and classes.index(classes[0]) == 0
