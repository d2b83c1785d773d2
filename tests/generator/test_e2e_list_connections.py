"""The read lists of generated SDKs, end to end against the emulator: one property per connection field that gathers
the connected objects of all items (direct relations, edge ends in both directions, reverse relations single and
through a list), each once and ids skipped; ``as_write()`` and ``data_records`` on lists; a read-only view's list.
The example SDK and Omni (with ``pygen_Omni.instances.yaml``)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from generator_testkit import GeneratedSDK
from pygen_runtime import DataRecord, InvalidInputError, NodeId

SPACE = "sp_omni_instances"
MODEL_SPACE = "sp_pygen_models"


@pytest.fixture
def example(example_sdk: GeneratedSDK) -> Any:
    return example_sdk.module()


@pytest.fixture
def catalog(emulated: Any, example_sdk: GeneratedSDK) -> Any:
    return emulated(example_sdk, space="shop")


def test_example_lists_gather_connections(catalog: Any, example: Any) -> None:
    furniture = example.CategoryWrite(external_id="furniture", name="Furniture")
    chairs = example.CategoryWrite(external_id="chairs", name="Chairs", parent=furniture)
    products = [
        example.ProductWrite(external_id=f"p{index}", name=f"P{index}", category=chairs if index < 2 else furniture)
        for index in range(4)
    ]
    products[0].related_products = [example.RelatesToWrite(end_node=products[2], strength=0.5), products[3]]
    products[1].related_products = [products[2]]  # p2 reached twice: once in the list
    catalog.upsert(products)

    full = catalog.product.list(retrieve_connections="full", sort_by="external_id")
    assert isinstance(full, example.ProductList)
    assert isinstance(full.category, example.CategoryList)
    assert [(item.external_id, item.name) for item in full.category] == [
        ("chairs", "Chairs"),
        ("furniture", "Furniture"),
    ]
    assert isinstance(full.related_products, example.ProductList)
    assert [(item.external_id, item.name) for item in full.related_products] == [("p2", "P2"), ("p3", "P3")]
    assert all(isinstance(item, example.Product) for item in full.related_products)

    categories = catalog.category.list(retrieve_connections="full", sort_by="external_id")
    assert sorted(categories.products.as_external_ids()) == ["p0", "p1", "p2", "p3"]  # reverse relation
    assert categories.parent.as_external_ids() == ["furniture"]

    identifiers = catalog.product.list(retrieve_connections="identifier")
    assert identifiers.category == [] and identifiers.related_products == []  # ids only: nothing to gather
    assert catalog.product.list().category == []

    writes = full.as_write()
    assert [type(write).__name__ for write in writes] == ["ProductWrite"] * 4
    assert [write.category for write in writes] == [NodeId("shop", "chairs")] * 2 + [NodeId("shop", "furniture")] * 2
    records = full.data_records
    assert [type(record) for record in records] == [DataRecord] * 4
    assert all(record.created_time <= datetime.now(timezone.utc) for record in records)
    assert [record.version for record in records] == [item.version for item in full]


@pytest.fixture
def omni_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Path) -> GeneratedSDK:
    return generated_sdks["pygen_omni"]


@pytest.fixture
def instances_path(shared_dir: Path) -> Path:
    return shared_dir / "models" / "pygen_Omni.instances.yaml"


@pytest.fixture
def omni(emulated: Any, omni_sdk: GeneratedSDK, instances_path: Path) -> Any:
    return emulated(omni_sdk, space=SPACE, instances=instances_path)


@pytest.fixture
def sdk(omni_sdk: GeneratedSDK) -> Any:
    return omni_sdk.module()


def test_omni_inwards_edges_give_their_start_nodes(omni: Any, sdk: Any) -> None:
    omni.http.post("/models/spaces", json={"items": [{"space": "new"}]})
    b1 = sdk.ConnectionItemBWrite(space="new", external_id="b1", name="B one")
    b2 = sdk.ConnectionItemBWrite(space="new", external_id="b2", name="B two")
    omni.upsert(
        [
            sdk.ConnectionItemAWrite(space="new", external_id="a1", name="A one", outwards=[b1, b2]),
            sdk.ConnectionItemAWrite(space="new", external_id="a2", name="A two", outwards=[b1]),
        ]
    )
    bs = omni.connection_item_b.list(space="new", retrieve_connections="full")
    assert sorted(bs.as_external_ids()) == ["b1", "b2"]
    starts = bs.inwards  # edges without properties, inwards: the A nodes they start at, a1 once
    assert isinstance(starts, sdk.ConnectionItemAList)
    assert sorted((item.external_id, item.name) for item in starts) == [("a1", "A one"), ("a2", "A two")]
    assert sorted(omni.connection_item_a.list(space="new", retrieve_connections="full").outwards.as_external_ids()) == [
        "b1",
        "b2",
    ]

    # edges with properties (ConnectionEdgeA), inwards: the start nodes, not the edges
    g1 = sdk.ConnectionItemGWrite(space="new", external_id="g1", name="G one")
    g2 = sdk.ConnectionItemGWrite(space="new", external_id="g2", name="G two")
    omni.upsert(
        [
            sdk.ConnectionItemFWrite(
                space="new",
                external_id=f"f{number}",
                name=f"F {number}",
                outwards_multi=[sdk.ConnectionEdgeAWrite(end_node=g, name=f"f{number}->{g.external_id}") for g in ends],
            )
            for number, ends in ((1, [g1, g2]), (2, [g2]))
        ]
    )
    gs = omni.connection_item_g.list(space="new", retrieve_connections="full", sort_by="external_id")
    assert [len(item.inwards_multi_property) for item in gs] == [1, 2]
    sources = gs.inwards_multi_property
    assert isinstance(sources, sdk.ConnectionItemFList)
    assert sorted((item.external_id, item.name) for item in sources) == [("f1", "F 1"), ("f2", "F 2")]
    fs = omni.connection_item_f.list(space="new", retrieve_connections="full", sort_by="external_id")
    assert isinstance(fs.outwards_multi, sdk.ConnectionItemGList)
    assert fs.outwards_multi.as_external_ids() == ["g1", "g2"]


def test_omni_reverse_relations_single_and_through_a_list(
    omni: Any, sdk: Any, instances_path: Path, omni_sdk: GeneratedSDK
) -> None:
    instances: list[dict[str, Any]] = yaml.safe_load(instances_path.read_text(encoding="utf-8"))
    view_key = "ConnectionItemD/1"
    ds = {
        item["externalId"]: item["properties"][MODEL_SPACE][view_key]
        for item in instances
        if view_key in item.get("properties", {}).get(MODEL_SPACE, {})
    }
    es = omni.connection_item_e.list(limit=None, retrieve_connections="full")
    e_ids = set(es.as_external_ids())
    single = {key for key, row in ds.items() if (row.get("directSingle") or {}).get("externalId") in e_ids}
    multi = {key for key, row in ds.items() if any(ref["externalId"] in e_ids for ref in row.get("directMulti") or [])}
    assert single and multi  # the data exercises both

    through_single = es.direct_reverse_single  # a single reverse relation: at most one D per E
    assert isinstance(through_single, sdk.ConnectionItemDList)
    assert all(
        isinstance(item, sdk.ConnectionItemD) and item.name == ds[item.external_id].get("name")
        for item in through_single
    )
    expected_single = {item.direct_reverse_single.external_id for item in es if item.direct_reverse_single is not None}
    assert set(through_single.as_external_ids()) == expected_single and expected_single <= single

    through_list = es.direct_reverse_multi  # through a list of direct relations: a D naming several Es once
    assert isinstance(through_list, sdk.ConnectionItemDList)
    assert sorted(through_list.as_external_ids()) == sorted(multi)
    assert len(through_list) == len(set(through_list.as_external_ids()))
    assert sum(len(item.direct_reverse_multi or []) for item in es) >= len(through_list)


def test_omni_read_only_view_list_as_write_is_a_clear_error(omni: Any, sdk: Any) -> None:
    items = omni.connection_item_c.list()
    assert len(items) == 5
    with pytest.raises(InvalidInputError) as caught:
        items.as_write()
    message = str(caught.value)
    assert "5 of 5 item(s)" in message and "read-only view" in message
    assert f"ConnectionItemC ({MODEL_SPACE}:ConnectionItemC/1)" in message
    assert not hasattr(sdk.ConnectionItemC, "as_write")  # as for the items themselves
    writable = omni.connection_item_a.list(limit=3)
    assert [write.external_id for write in writable.as_write()] == writable.as_external_ids()
