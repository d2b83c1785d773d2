"""Generated ``iterate(..., retrieve_connections=...)`` against the emulator over HTTP, for the SDKs generated from
the example model and from Omni (``pygen_Omni.instances.yaml`` loaded): several pages, each with its direct
relations, edges (with and without properties, both directions) and reverse relations (through a single relation
and through a list), ``limit`` cut inside a page, resume from a cursor, and the same objects as ``list`` and
``retrieve`` with the same mode."""

from __future__ import annotations

import importlib
import inspect
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from generator_testkit import GeneratedSDK
from pygen_runtime import NodeId

MODES = ["identifier", "full"]
OMNI_SPACE = "sp_omni_instances"
OMNI_MODEL_SPACE = "sp_pygen_models"
PRODUCTS = 7


# -- the example model --------------------------------------------------------------------------------------------


@pytest.fixture
def catalog(emulated: Any, example_sdk: GeneratedSDK) -> Any:
    return emulated(example_sdk, space="shop")


def seed_catalog(client: Any, sdk: Any) -> None:
    """Chairs and tables under furniture; product i is in chairs (even) or tables (odd) and relates to products i+1
    and i+2 (modulo 7): every product has a category and two outgoing edges with properties."""
    furniture = sdk.CategoryWrite(space="shop", external_id="furniture", name="Furniture")
    chairs = sdk.CategoryWrite(space="shop", external_id="chairs", name="Chairs", parent=furniture)
    tables = sdk.CategoryWrite(space="shop", external_id="tables", name="Tables", parent=furniture)
    products = [
        sdk.ProductWrite(
            space="shop",
            external_id=f"p{index}",
            name=f"Product {index}",
            price=float(index),
            category=chairs if index % 2 == 0 else tables,
        )
        for index in range(PRODUCTS)
    ]
    for index, item in enumerate(products):
        item.related_products = [
            sdk.RelatesToWrite(end_node=products[(index + step) % PRODUCTS], strength=step / 10) for step in (1, 2)
        ]
    client.upsert(products)


def test_generated_iterate_has_retrieve_connections_where_list_has_it(example_sdk: GeneratedSDK) -> None:
    package = example_sdk.module().__name__
    apis = {name: importlib.import_module(f"{package}._api._{name}") for name in ("product", "category", "relates_to")}
    for api in (apis["product"].ProductAPI, apis["category"].CategoryAPI):
        parameter = inspect.signature(api.iterate).parameters["retrieve_connections"]
        assert parameter.default == "skip" and parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert "retrieve_connections" in (api.iterate.__doc__ or "")
    edge_api = apis["relates_to"].RelatesToAPI  # an edge view: no connections to fill, as in its list
    assert "retrieve_connections" not in inspect.signature(edge_api.iterate).parameters
    assert "retrieve_connections" not in inspect.signature(edge_api.list).parameters


@pytest.mark.parametrize("mode", MODES)
def test_example_pages_carry_their_connections(catalog: Any, example_sdk: GeneratedSDK, mode: str) -> None:
    sdk = example_sdk.module()
    seed_catalog(catalog, sdk)
    pages = list(catalog.product.iterate(chunk_size=3, sort_by="external_id", retrieve_connections=mode))

    assert [page.items.as_external_ids() for page in pages] == [["p0", "p1", "p2"], ["p3", "p4", "p5"], ["p6"]]
    for page in pages:
        for item in page.items:
            index = int(item.external_id[1:])
            category = "chairs" if index % 2 == 0 else "tables"
            ends = sorted(edge.end_node.external_id for edge in item.related_products)
            assert ends == sorted(f"p{(index + step) % PRODUCTS}" for step in (1, 2))
            assert sorted(edge.strength for edge in item.related_products) == [0.1, 0.2]
            if mode == "full":
                assert isinstance(item.category, sdk.Category) and item.category.external_id == category
                assert all(isinstance(edge.end_node, sdk.Product) for edge in item.related_products)
            else:
                assert item.category == NodeId("shop", category)
                assert all(isinstance(edge.end_node, NodeId) for edge in item.related_products)

    categories = list(catalog.category.iterate(chunk_size=1, sort_by="external_id", retrieve_connections=mode))
    members = {category.external_id: category.products for page in categories for category in page.items}
    assert [len(page) for page in categories] == [1, 1, 1]
    assert sorted(item.external_id for item in members["chairs"]) == ["p0", "p2", "p4", "p6"]
    assert sorted(item.external_id for item in members["tables"]) == ["p1", "p3", "p5"]
    assert members["furniture"] == []
    expected_type = sdk.Product if mode == "full" else NodeId
    assert all(isinstance(item, expected_type) for items in members.values() for item in items)


@pytest.mark.parametrize("mode", MODES)
def test_example_limit_resume_and_list_agree(catalog: Any, example_sdk: GeneratedSDK, mode: str) -> None:
    seed_catalog(catalog, example_sdk.module())
    options: dict[str, Any] = {"sort_by": "price", "direction": "descending", "retrieve_connections": mode}
    limited = list(catalog.product.iterate(chunk_size=3, limit=4, **options))
    assert [page.items.as_external_ids() for page in limited] == [["p6", "p5", "p4"], ["p3"]]
    assert all(len(item.related_products) == 2 for page in limited for item in page.items)

    resumed = list(catalog.product.iterate(chunk_size=3, cursor=limited[-1].next_cursor, **options))
    assert [page.items.as_external_ids() for page in resumed] == [["p2", "p1", "p0"]]

    every = [item for page in catalog.product.iterate(chunk_size=2, **options) for item in page.items]
    assert [item.dump() for item in every] == catalog.product.list(limit=None, **options).dump()
    assert [item.external_id for page in [*limited, *resumed] for item in page.items] == [
        item.external_id for item in every
    ]


# -- Omni -----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def omni_instances(shared_dir: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(
        (shared_dir / "models" / "pygen_Omni.instances.yaml").read_text(encoding="utf-8")
    )
    return data


@pytest.fixture
def omni_sdk(generated_sdks: dict[str, GeneratedSDK]) -> GeneratedSDK:
    return generated_sdks["pygen_omni"]


@pytest.fixture
def omni(emulated: Any, omni_sdk: GeneratedSDK, shared_dir: Path) -> Any:
    return emulated(omni_sdk, space=OMNI_SPACE, instances=shared_dir / "models" / "pygen_Omni.instances.yaml")


CONNECTION_APIS = [f"connection_item_{letter}" for letter in "abcdefg"]


@pytest.mark.parametrize("mode", MODES)
def test_omni_iterate_equals_list_and_retrieve_for_every_connection_view(omni: Any, mode: str) -> None:
    for name in CONNECTION_APIS:
        api = getattr(omni, name)
        pages = list(api.iterate(chunk_size=2, sort_by="external_id", retrieve_connections=mode))
        assert [len(page) for page in pages] == [2, 2, 1], name
        iterated = [item for page in pages for item in page.items]
        listed = api.list(limit=None, sort_by="external_id", retrieve_connections=mode)
        assert [item.dump() for item in iterated] == listed.dump(), name
        retrieved = api.retrieve(listed.as_ids(), retrieve_connections=mode)
        assert [item.dump() for item in iterated] == retrieved.dump(), name


def _referrers(instances: list[dict[str, Any]], prop: str) -> dict[str, list[str]]:
    """ConnectionItemE external id -> the ConnectionItemD nodes whose ``prop`` points at it."""
    found: dict[str, list[str]] = {}
    for item in instances:
        row = item["properties"].get(OMNI_MODEL_SPACE, {}).get("ConnectionItemD/1")
        if row is None:
            continue
        value = row.get(prop)
        for ref in value if isinstance(value, list) else [value] if value else []:
            found.setdefault(ref["externalId"], []).append(item["externalId"])
    return found


@pytest.mark.parametrize("mode", MODES)
def test_omni_reverse_relations_on_every_page(
    omni: Any, omni_sdk: GeneratedSDK, omni_instances: list[dict[str, Any]], mode: str
) -> None:
    sdk = omni_sdk.module()
    multi = _referrers(omni_instances, "directMulti")  # a reverse relation through a list: containsAny per page
    single = _referrers(omni_instances, "directSingle")
    pages = list(omni.connection_item_e.iterate(chunk_size=2, sort_by="external_id", retrieve_connections=mode))
    assert len(pages) == 3
    expected_type = sdk.ConnectionItemD if mode == "full" else NodeId
    for page in pages:
        for item in page.items:
            reverse_multi = item.direct_reverse_multi or []
            assert sorted(ref.external_id for ref in reverse_multi) == sorted(multi.get(item.external_id, []))
            assert all(isinstance(ref, expected_type) for ref in reverse_multi)
            sources = single.get(item.external_id, [])
            if sources:
                assert isinstance(item.direct_reverse_single, expected_type)
                assert item.direct_reverse_single.external_id in sources
            else:
                assert item.direct_reverse_single is None
    assert any(page.items[0].direct_reverse_multi for page in pages)


def test_omni_edges_on_every_page_in_both_directions(omni: Any, omni_sdk: GeneratedSDK) -> None:
    sdk = omni_sdk.module()
    omni.http.post("/models/spaces", json={"items": [{"space": "new"}]})
    gs = [sdk.ConnectionItemGWrite(space="new", external_id=f"g{index}", name=f"G {index}") for index in range(3)]
    bs = [sdk.ConnectionItemBWrite(space="new", external_id=f"b{index}", name=f"B {index}") for index in range(3)]
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    fs = [
        sdk.ConnectionItemFWrite(
            space="new",
            external_id=f"f{index}",
            name=f"F {index}",
            outwards_multi=[
                sdk.ConnectionEdgeAWrite(end_node=gs[(index + step) % 3], name=f"f{index}-g{(index + step) % 3}")
                for step in (0, 1)
            ],
        )
        for index in range(3)
    ]
    as_ = [
        sdk.ConnectionItemAWrite(space="new", external_id=f"a{index}", outwards=[bs[index], bs[(index + 1) % 3]])
        for index in range(3)
    ]
    fs[0].outwards_multi[0].start_time = start
    omni.upsert([*fs, *as_])

    full = list(omni.connection_item_f.iterate(chunk_size=1, space="new", retrieve_connections="full"))
    assert [page.items.as_external_ids() for page in full] == [["f0"], ["f1"], ["f2"]]
    for page in full:
        item = page.items[0]
        index = int(item.external_id[1:])
        edges = sorted(item.outwards_multi, key=lambda edge: edge.name)
        assert [edge.name for edge in edges] == sorted(f"f{index}-g{(index + step) % 3}" for step in (0, 1))
        assert all(isinstance(edge.end_node, sdk.ConnectionItemG) for edge in edges)
        assert all(edge.end_node.name == f"G {edge.end_node.external_id[1:]}" for edge in edges)
    assert next(edge for edge in full[0].items[0].outwards_multi if edge.name == "f0-g0").start_time == start

    inwards = list(omni.connection_item_g.iterate(chunk_size=2, space="new", retrieve_connections="identifier"))
    assert [len(page) for page in inwards] == [2, 1]
    for page in inwards:
        for item in page.items:
            index = int(item.external_id[1:])
            starts = sorted(edge.start_node.external_id for edge in item.inwards_multi_property)
            assert starts == sorted(f"f{(index - step) % 3}" for step in (0, 1))
            assert all(isinstance(edge.start_node, NodeId) for edge in item.inwards_multi_property)

    # edges without properties: ids (identifier) or objects (full), outwards and, from the other end, inwards
    outwards = list(omni.connection_item_a.iterate(chunk_size=2, space="new", retrieve_connections="full"))
    assert [len(page) for page in outwards] == [2, 1]
    for page in outwards:
        for item in page.items:
            index = int(item.external_id[1:])
            assert sorted(b.external_id for b in item.outwards) == sorted([f"b{index}", f"b{(index + 1) % 3}"])
            assert all(isinstance(b, sdk.ConnectionItemB) for b in item.outwards)
    seen_from_b = list(omni.connection_item_b.iterate(chunk_size=1, space="new", retrieve_connections="identifier"))
    assert {
        page.items[0].external_id: sorted(a.external_id for a in page.items[0].inwards) for page in seen_from_b
    } == {
        "b0": ["a0", "a2"],
        "b1": ["a0", "a1"],
        "b2": ["a1", "a2"],
    }
