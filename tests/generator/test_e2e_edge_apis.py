"""The API of every edge connection (``client.<view>.<field>_edge``), generated from Omni, end to end against the
emulator: edges without properties (plain ``Edge`` objects) and with an edge view (its typed API restricted to the
connection's edge type), outwards and inwards, filtered by start and end node, edge properties, external id prefix,
space and limit, and paged."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from generator_testkit import GeneratedSDK
from pygen_runtime import Edge, EdgeConnectionAPI, InvalidInputError, NodeId

SPACE = "edges"
T0 = datetime(2024, 5, 1, tzinfo=timezone.utc)


def n(external_id: str) -> NodeId:
    return NodeId(SPACE, external_id)


@pytest.fixture
def omni_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Path) -> GeneratedSDK:
    return generated_sdks["pygen_omni"]


@pytest.fixture
def omni(emulated: Any, omni_sdk: GeneratedSDK) -> Any:
    """A: a0 -> b0, b1, b2 and a1 -> b1 (bidirectional, no properties); B: b0 -> b1 (reflexive);
    F: f0 -> g0, g1 and f1 -> g0 (multiProperty, ConnectionEdgeA; f1's from a bare id), f0 -> e0 (singleProperty)."""
    client = emulated(omni_sdk, space=SPACE)
    sdk = omni_sdk.module()
    b = [sdk.ConnectionItemBWrite(space=SPACE, external_id=f"b{index}", name=f"B {index}") for index in range(3)]
    b[0].self_edge = [n("b1")]
    g = [sdk.ConnectionItemGWrite(space=SPACE, external_id=f"g{index}", name=f"G {index}") for index in range(2)]
    client.upsert(
        [
            *b,
            sdk.ConnectionItemAWrite(space=SPACE, external_id="a0", name="A 0", outwards=b),
            sdk.ConnectionItemAWrite(space=SPACE, external_id="a1", name="A 1", outwards=[n("b1")]),
            sdk.ConnectionItemFWrite(
                space=SPACE,
                external_id="f0",
                name="F 0",
                outwards_multi=[
                    sdk.ConnectionEdgeAWrite(end_node=g[0], name="edge f0-g0", start_time=T0),
                    sdk.ConnectionEdgeAWrite(end_node=g[1], name="edge f0-g1", start_time=T0.replace(month=7)),
                ],
                outwards_single=sdk.ConnectionEdgeAWrite(
                    end_node=sdk.ConnectionItemEWrite(space=SPACE, external_id="e0"), name="single"
                ),
            ),
            sdk.ConnectionItemFWrite(space=SPACE, external_id="f1", name="F 1", outwards_multi=[n("g0")]),
        ]
    )
    return client


def ends(edges: Any) -> list[tuple[str, str]]:
    return sorted((edge.start_node.external_id, edge.end_node.external_id) for edge in edges)


def test_edges_without_properties_outwards_and_inwards(omni: Any) -> None:
    outwards = omni.connection_item_a.outwards_edge
    assert isinstance(outwards, EdgeConnectionAPI)
    every = outwards.list(limit=None)
    assert ends(every) == [("a0", "b0"), ("a0", "b1"), ("a0", "b2"), ("a1", "b1")]
    assert all(type(edge) is Edge and edge.type == NodeId("sp_pygen_models", "bidirectional") for edge in every)
    assert ends(outwards.list(start_node=n("a0"))) == [("a0", "b0"), ("a0", "b1"), ("a0", "b2")]
    assert ends(outwards.list(start_node=[("edges", "a0"), n("a1")], end_node=n("b1"))) == [("a0", "b1"), ("a1", "b1")]
    assert outwards.list(external_id_prefix="bidirectional:a1").as_external_ids() == ["bidirectional:a1:b1"]
    assert len(outwards.list(space=SPACE)) == 4 and outwards.list(space=["elsewhere"]) == []
    assert outwards.list(limit=2, sort_by="external_id", direction="descending").as_external_ids() == [
        "bidirectional:a1:b1",
        "bidirectional:a0:b2",
    ]
    # The inwards connection of the same edge type, seen from B: B is the end node.
    inwards = omni.connection_item_b.inwards_edge
    assert ends(inwards.list(end_node=n("b1"))) == [("a0", "b1"), ("a1", "b1")]
    # Another edge type from the same nodes is another connection.
    assert ends(omni.connection_item_b.self_edge_edge.list(limit=None)) == [("b0", "b1")]


def test_edges_without_properties_page_and_resume(omni: Any) -> None:
    outwards = omni.connection_item_a.outwards_edge
    pages = list(outwards.iterate(chunk_size=3, sort_by="external_id"))
    assert [len(page) for page in pages] == [3, 1]
    resumed = next(outwards.iterate(chunk_size=3, cursor=pages[0].next_cursor, sort_by="external_id"))
    assert resumed.items.as_external_ids() == pages[1].items.as_external_ids()
    assert len(list(outwards.iterate(chunk_size=1, limit=2))) == 2
    with pytest.raises(InvalidInputError, match="sort_by"):
        outwards.list(sort_by="name")
    with pytest.raises(InvalidInputError, match="no space"):
        outwards.list(start_node="a0")


def test_edges_with_properties_are_the_edge_views_typed_api_for_one_edge_type(
    omni: Any, omni_sdk: GeneratedSDK
) -> None:
    sdk = omni_sdk.module()
    multi = omni.connection_item_f.outwards_multi_edge
    assert type(multi) is type(omni.connection_edge_a)
    every = multi.list(limit=None)
    assert ends(every) == [("f0", "g0"), ("f0", "g1"), ("f1", "g0")]
    assert all(isinstance(edge, sdk.ConnectionEdgeA) for edge in every)
    assert {edge.name for edge in every} == {"edge f0-g0", "edge f0-g1", None}  # f1's edge came from a bare id
    assert ends(multi.list(name_prefix="edge", max_start_time=T0)) == [("f0", "g0")]
    assert ends(multi.list(start_node=n("f1"))) == [("f1", "g0")]
    assert [edge.name for edge in omni.connection_item_f.outwards_single_edge.list()] == ["single"]
    assert len(omni.connection_edge_a.list(limit=None)) == 4  # the edge view itself: both edge types
    # Inwards, from G: G is the end node of the multiProperty edges.
    inwards = omni.connection_item_g.inwards_multi_property_edge
    assert ends(inwards.list(end_node=n("g0"))) == [("f0", "g0"), ("f1", "g0")]
    assert inwards.aggregate("count").value == 3
    assert inwards.search("g1").as_external_ids() == ["multiProperty:f0:g1"]


def test_every_edge_connection_has_its_api(omni_sdk: GeneratedSDK) -> None:
    """Each edge field of a node view gets ``<field>_edge`` on the view's API: the edge view's API for edges with
    properties, ``EdgeConnectionAPI`` for the others, each for the connection's edge type."""
    from functools import cached_property

    from pygen_client import python_field_names
    from pygen_generator import build_ir
    from pygen_generator._ir import EdgeField
    from pygen_runtime import ClientConfig, InstanceAPI, Token

    client = omni_sdk.client_class(ClientConfig("http://127.0.0.1:9", "p", Token("t")))
    attributes = [name for name, value in vars(type(client)).items() if isinstance(value, cached_property)]
    checked = 0
    for view in build_ir(omni_sdk.model).views:
        if not view.is_node:
            continue
        fields = python_field_names(item.property_id for item in view.fields)
        api = next(getattr(client, name) for name in attributes if _is_node_api(getattr(client, name), view.id))
        for item in view.fields:
            if isinstance(item, EdgeField):
                edge_api = getattr(api, f"{fields[item.property_id].name}_edge")
                assert edge_api.edge_type == item.edge_type
                assert isinstance(edge_api, InstanceAPI if item.edge_view is not None else EdgeConnectionAPI)
                checked += 1
    assert checked == 12
    client.close()


def _is_node_api(api: Any, view_id: Any) -> bool:
    return bool(api.view_id == view_id and api._instance_type == "node")
