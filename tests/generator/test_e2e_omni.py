"""The SDK generated from Omni (the coverage model), end to end against the emulator with
``pygen_Omni.instances.yaml`` loaded: every property type read back as stored, every filter kind against the data,
paging, search, aggregates, histograms, nested upserts through single and multi edges (with and without edge
properties, in both directions), reverse relations, connections, node types from view filters, defaults,
read-only views, interfaces and delete."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from generator_testkit import GeneratedSDK
from pygen_client import python_field_names
from pygen_runtime import InvalidInputError, NodeId

SPACE = "sp_omni_instances"
MODEL_SPACE = "sp_pygen_models"


@pytest.fixture(scope="module")
def instances_path(shared_dir: Path) -> Path:
    return shared_dir / "models" / "pygen_Omni.instances.yaml"


@pytest.fixture(scope="module")
def instances(instances_path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(instances_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def omni_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Path) -> GeneratedSDK:
    return generated_sdks["pygen_omni"]


@pytest.fixture
def omni(emulated: Any, omni_sdk: GeneratedSDK, instances_path: Path) -> Any:
    return emulated(omni_sdk, space=SPACE, instances=instances_path)


@pytest.fixture
def sdk(omni_sdk: GeneratedSDK) -> Any:
    return omni_sdk.module()


def stored(instances: list[dict[str, Any]], view: str) -> dict[str, dict[str, Any]]:
    """external id -> the properties stored for ``view`` in the instances file."""
    return {
        item["externalId"]: item["properties"][MODEL_SPACE][f"{view}/1"]
        for item in instances
        if f"{view}/1" in item.get("properties", {}).get(MODEL_SPACE, {})
    }


def expected_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [expected_value(item, kind) for item in value]
    if kind == "timestamp":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "direct":
        return NodeId(value["space"], value["externalId"])
    return value


KINDS = {
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


@pytest.mark.parametrize(
    ("view", "attribute"),
    [
        ("PrimitiveNullable", "primitive_nullable"),
        ("PrimitiveRequired", "primitive_required"),
        ("PrimitiveNullableListed", "primitive_nullable_listed"),
        ("PrimitiveRequiredListed", "primitive_required_listed"),
        ("CDFExternalReferences", "cdf_external_references"),
        ("CDFExternalReferencesListed", "cdf_external_references_listed"),
    ],
)
def test_every_property_type_reads_back_as_stored(
    omni: Any, instances: list[dict[str, Any]], view: str, attribute: str
) -> None:
    expected = stored(instances, view)
    read = {item.external_id: item for item in getattr(omni, attribute).list(limit=None)}
    assert sorted(read) == sorted(expected)
    fields = python_field_names({prop for properties in expected.values() for prop in properties})
    compared = 0
    for external_id, properties in expected.items():
        for prop_id, value in properties.items():
            actual = getattr(read[external_id], fields[prop_id].name)
            if isinstance(value, float) or (isinstance(value, list) and value and isinstance(value[0], float)):
                assert actual == pytest.approx(value, rel=1e-6), (external_id, prop_id)
            else:
                assert actual == expected_value(value, KINDS.get(prop_id, "text")), (external_id, prop_id)
            compared += 1
    assert compared >= 10


def test_every_filter_kind_against_the_data(omni: Any, instances: list[dict[str, Any]]) -> None:
    rows = stored(instances, "PrimitiveNullable")
    api = omni.primitive_nullable

    def matching(predicate: Any) -> list[str]:
        return sorted(key for key, value in rows.items() if predicate(value))

    def listed(**filters: Any) -> list[str]:
        return sorted(api.list(limit=None, **filters).as_external_ids())

    some = next(value for value in rows.values() if "text" in value and "int32" in value and "timestamp" in value)
    assert listed(text=some["text"]) == matching(lambda row: row.get("text") == some["text"])
    texts = [row["text"] for row in rows.values() if "text" in row][:2]
    assert listed(text=texts) == matching(lambda row: row.get("text") in texts)
    assert listed(text_prefix=some["text"][:4]) == matching(
        lambda row: row.get("text", "").startswith(some["text"][:4])
    )
    assert listed(min_int32=some["int32"]) == matching(lambda row: "int32" in row and row["int32"] >= some["int32"])
    assert listed(max_int64=0) == matching(lambda row: "int64" in row and row["int64"] <= 0)
    assert listed(min_float64=0.0) == matching(lambda row: "float64" in row and row["float64"] >= 0)
    assert listed(boolean=True) == matching(lambda row: row.get("boolean") is True)
    day = date(2024, 6, 1)
    assert listed(min_date_=day) == matching(lambda row: "date" in row and date.fromisoformat(row["date"]) >= day)
    moment = datetime.fromisoformat(some["timestamp"])
    assert listed(max_timestamp=moment) == matching(
        lambda row: "timestamp" in row and datetime.fromisoformat(row["timestamp"]) <= moment
    )
    assert listed(boolean=True, min_int32=some["int32"]) == matching(
        lambda row: row.get("boolean") is True and "int32" in row and row["int32"] >= some["int32"]
    )
    lists = stored(instances, "PrimitiveNullableListed")
    first_text = next(row["text"][0] for row in lists.values() if row.get("text"))
    assert sorted(omni.primitive_nullable_listed.list(text_contains_any=first_text).as_external_ids()) == sorted(
        key for key, row in lists.items() if first_text in (row.get("text") or [])
    )
    ints = next(row["int32"][:2] for row in lists.values() if len(row.get("int32") or []) >= 2)
    assert sorted(omni.primitive_nullable_listed.list(int32_contains_all=ints).as_external_ids()) == sorted(
        key for key, row in lists.items() if set(ints) <= set(row.get("int32") or [])
    )
    singles = stored(instances, "ConnectionItemD")
    target = next(row["directSingle"] for row in singles.values() if row.get("directSingle"))
    assert sorted(
        omni.connection_item_d.list(direct_single=(target["space"], target["externalId"])).as_external_ids()
    ) == sorted(key for key, row in singles.items() if row.get("directSingle") == target)
    multi = next(row["directMulti"][0] for row in singles.values() if row.get("directMulti"))
    assert sorted(
        omni.connection_item_d.list(
            direct_multi_contains_any=NodeId(multi["space"], multi["externalId"])
        ).as_external_ids()
    ) == sorted(key for key, row in singles.items() if multi in (row.get("directMulti") or []))
    refs = stored(instances, "CDFExternalReferences")
    series = next(row["timeseries"] for row in refs.values() if row.get("timeseries"))
    assert omni.cdf_external_references.list(timeseries=series).as_external_ids() == [
        key for key, row in refs.items() if row.get("timeseries") == series
    ]
    assert sorted(omni.implementation1.list(external_id_prefix="Implementation1:M").as_external_ids()) == [
        "Implementation1:Marc",
        "Implementation1:Matthew",
    ]


def test_iterate_search_aggregate_histogram(omni: Any, instances: list[dict[str, Any]]) -> None:
    rows = stored(instances, "PrimitiveNullable")
    pages = list(omni.primitive_nullable.iterate(chunk_size=2, sort_by="external_id"))
    assert [len(page) for page in pages] == [2] * (len(rows) // 2) + ([1] if len(rows) % 2 else [])
    assert [item.external_id for page in pages for item in page] == sorted(rows)
    assert all(page.next_cursor for page in pages[:-1]) and pages[-1].next_cursor is None
    word = next(row["text"] for row in rows.values() if row.get("text")).split()[0]
    found = omni.primitive_nullable.search(word, properties="text")
    assert found and all(word.lower() in item.text.lower() for item in found)
    ints = [row["int32"] for row in rows.values() if "int32" in row]
    assert omni.primitive_nullable.aggregate("count").value == len(rows)
    assert omni.primitive_nullable.aggregate("max", "int32").value == max(ints)
    assert omni.primitive_nullable.aggregate("count", "int32").value == len(ints)
    grouped = omni.primitive_nullable.aggregate("count", group_by="boolean")
    counts = {
        group.group["boolean"]: group.aggregates[0].value for group in grouped if group.group["boolean"] is not None
    }
    flags = [row["boolean"] for row in rows.values() if "boolean" in row]
    assert counts == {flag: flags.count(flag) for flag in set(flags)}
    histogram = omni.primitive_nullable.histogram("int32", 10**9)
    assert sum(bucket.count for bucket in histogram.buckets) == len(ints)


def test_nested_upsert_through_edges_and_connections(omni: Any, sdk: Any) -> None:
    b1 = sdk.ConnectionItemBWrite(space="new", external_id="b1", name="B one")
    b2 = sdk.ConnectionItemBWrite(space="new", external_id="b2", name="B two", self_edge=[b1])
    a = sdk.ConnectionItemAWrite(
        space="new", external_id="a1", name="A", outwards=[b1, b2], other_direct=NodeId(SPACE, "ConnectionItemC:Beth")
    )
    omni.http.post("/models/spaces", json={"items": [{"space": "new"}]})
    result = omni.upsert(a)
    assert len(result.created) == 6  # three nodes, three edges
    assert a.type == NodeId(MODEL_SPACE, "ConnectionItemA")  # from the view filter: the node shows up in the view
    assert omni.connection_item_a.list(space="new").as_external_ids() == ["a1"]
    full = omni.connection_item_a.retrieve(("new", "a1"), retrieve_connections="full")
    assert sorted(item.external_id for item in full.outwards) == ["b1", "b2"]
    assert all(isinstance(item, sdk.ConnectionItemB) for item in full.outwards)
    inwards = omni.connection_item_b.retrieve(("new", "b1"), retrieve_connections="identifier")
    assert inwards.inwards == [NodeId("new", "a1")]  # the inwards edge seen from the other end
    assert omni.connection_item_b.retrieve(("new", "b2"), retrieve_connections="identifier").self_edge == [
        NodeId("new", "b1")
    ]

    # edges with properties, single and multi, in both directions
    g1 = sdk.ConnectionItemGWrite(space="new", external_id="g1", name="G one")
    e1 = sdk.ConnectionItemEWrite(space="new", external_id="e1", name="E one")
    f1 = sdk.ConnectionItemFWrite(
        space="new",
        external_id="f1",
        name="F one",
        outwards_multi=[
            sdk.ConnectionEdgeAWrite(end_node=g1, name="to g1", start_time=datetime(2024, 1, 1).astimezone())
        ],
        outwards_single=sdk.ConnectionEdgeAWrite(end_node=e1, name="to e1"),
    )
    omni.upsert(f1)
    f_read = omni.connection_item_f.retrieve(("new", "f1"), retrieve_connections="full")
    assert [(edge.name, edge.end_node.external_id, type(edge.end_node).__name__) for edge in f_read.outwards_multi] == [
        ("to g1", "g1", "ConnectionItemG")
    ]
    assert f_read.outwards_single.name == "to e1" and f_read.outwards_single.end_node.name == "E one"
    g_read = omni.connection_item_g.retrieve(("new", "g1"), retrieve_connections="full")
    assert [(edge.name, edge.start_node.external_id) for edge in g_read.inwards_multi_property] == [("to g1", "f1")]
    assert sorted(edge.name for edge in omni.connection_edge_a.list(space="new", name_prefix="to ")) == [
        "to e1",
        "to g1",
    ]


def test_reverse_relations_single_and_multi(omni: Any, instances: list[dict[str, Any]]) -> None:
    singles = stored(instances, "ConnectionItemD")
    pointed = {}
    for key, row in singles.items():
        if row.get("directSingle"):
            pointed.setdefault(row["directSingle"]["externalId"], []).append(key)
    target, sources = next(iter(pointed.items()))
    item = omni.connection_item_e.retrieve((SPACE, target), retrieve_connections="identifier")
    assert item.direct_reverse_single == NodeId(SPACE, sources[0])
    full = omni.connection_item_e.retrieve((SPACE, target), retrieve_connections="full")
    assert full.direct_reverse_single.external_id == sources[0] and full.direct_reverse_single.name == singles[
        sources[0]
    ].get("name")
    multis: dict[str, list[str]] = {}
    for key, row in singles.items():
        for ref in row.get("directMulti") or []:
            multis.setdefault(ref["externalId"], []).append(key)
    target, sources = max(multis.items(), key=lambda item: len(item[1]))
    many = omni.connection_item_e.retrieve((SPACE, target), retrieve_connections="identifier")
    assert sorted(ref.external_id for ref in many.direct_reverse_multi) == sorted(sources)


def test_defaults_required_fields_read_only_views_and_interfaces(omni: Any, sdk: Any) -> None:
    written = sdk.PrimitiveWithDefaultsWrite(space=SPACE, external_id="defaults", default_boolean=False)
    assert (written.default_string, written.default_object) == ("my default text", {"foo": "bar"})  # shown before
    omni.upsert(written)
    read = omni.primitive_with_defaults.retrieve("defaults")  # DMS applied the container defaults of unset fields
    assert (read.default_boolean, read.default_string, read.default_object) == (
        False,
        "my default text",
        {"foo": "bar"},
    )
    assert read.default_float32 == pytest.approx(0.42) and isinstance(read.auto_increment_int32, int)
    with pytest.raises(InvalidInputError, match="required, but not given"):
        sdk.PrimitiveRequiredWrite(space=SPACE, external_id="x", boolean=True)
    assert not hasattr(sdk, "ConnectionItemCWrite")  # ConnectionItemC is not writable
    assert len(omni.connection_item_c.list()) == 5
    assert omni.connection_item_c_edge.list() == []  # the same view, read as edges
    assert {item.external_id.split(":")[0] for item in omni.main_interface.list(limit=None)} >= {
        "Implementation1",
        "Implementation2",
    }
    assert all(isinstance(item, sdk.Implementation1) for item in omni.implementation1.list(limit=None))


def test_delete(omni: Any, instances: list[dict[str, Any]]) -> None:
    keys = sorted(stored(instances, "Implementation2"))
    result = omni.delete(keys[:2])
    assert sorted(item.external_id for item in result.deleted) == keys[:2]
    assert sorted(omni.implementation2.list(limit=None).as_external_ids()) == keys[2:]
