"""Wire compatibility: Cognite's own Python SDK (``cognite-sdk``) runs the whole Omni flow against the emulator.

It deploys ``pygen_Omni.json``, writes the Omni instances, then lists, filters, retrieves, searches, aggregates,
queries, syncs and deletes them, authenticating with the client-credentials flow of the local token endpoint, gzip
bodies on (the SDK default) and a 429 thrown in to see the SDK retry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pygen_emulator import Emulator, EmulatorConfig, FaultConfig

cognite = pytest.importorskip("cognite.client", reason="cognite-sdk is a dev dependency of the workspace")

from cognite.client import ClientConfig, CogniteClient  # noqa: E402
from cognite.client.credentials import OAuthClientCredentials  # noqa: E402
from cognite.client.data_classes import data_modeling as dm  # noqa: E402
from cognite.client.data_classes import filters as f  # noqa: E402
from cognite.client.data_classes.data_modeling import query as q  # noqa: E402
from cognite.client.exceptions import CogniteAPIError  # noqa: E402

MODEL_SPACE = "sp_pygen_models"
DATA_SPACE = "sp_omni_instances"
NULLABLE = dm.ViewId(MODEL_SPACE, "PrimitiveNullable", "1")
CONNECTION_A = dm.ViewId(MODEL_SPACE, "ConnectionItemA", "1")


@pytest.fixture(scope="module")
def server() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(oauth_clients={"sdk-client": "sdk-secret"})) as emu:
        yield emu


@pytest.fixture(scope="module")
def client(server: Emulator) -> CogniteClient:
    credentials = OAuthClientCredentials(
        token_url=server.token_url,
        client_id="sdk-client",
        client_secret="sdk-secret",
        scopes=["http://127.0.0.1/.default"],
    )
    config = ClientConfig(
        client_name="pygen-emulator-tests", project=server.project, base_url=server.base_url, credentials=credentials
    )
    return CogniteClient(config)


@pytest.fixture(scope="module")
def omni(client: CogniteClient, shared_dir: Path) -> dict[str, Any]:
    """Deploy the Omni model and its instances through the SDK (module-scoped: the tests below read them)."""
    model = json.loads((shared_dir / "models" / "pygen_Omni.json").read_text())
    client.data_modeling.spaces.apply([dm.SpaceApply(MODEL_SPACE), dm.SpaceApply(DATA_SPACE)])
    containers = [
        dm.ContainerApply.load({k: v for k, v in c.items() if k not in ("isGlobal", "createdTime", "lastUpdatedTime")})
        for c in model["containers"]
    ]
    client.data_modeling.containers.apply(containers)
    views = dm.ViewList.load(model["views"]).as_apply()
    client.data_modeling.views.apply(views)
    client.data_modeling.data_models.apply(
        dm.DataModelApply(MODEL_SPACE, model["externalId"], model["version"], views=[v.as_id() for v in views])
    )
    instances = yaml.safe_load((shared_dir / "models" / "pygen_Omni.instances.yaml").read_text())
    nodes = []
    for item in instances:
        sources = [
            dm.NodeOrEdgeData(dm.ViewId(space, *group.split("/")), props)
            for space, groups in item.get("properties", {}).items()
            for group, props in groups.items()
            if props
        ]
        type_ = (item["type"]["space"], item["type"]["externalId"]) if item.get("type") else None
        nodes.append(dm.NodeApply(item["space"], item["externalId"], sources=sources, type=type_))
    result = client.data_modeling.instances.apply(nodes)
    return {"model": model, "instances": instances, "applied": result}


def test_schema_round_trip(client: CogniteClient, omni: dict[str, Any]) -> None:
    model = client.data_modeling.data_models.retrieve((MODEL_SPACE, "Omni", "1"), inline_views=True)[0]
    assert len(model.views) == 23
    view = client.data_modeling.views.retrieve(NULLABLE)[0]
    assert set(view.properties) == {
        "boolean",
        "date",
        "float32",
        "float64",
        "int32",
        "int64",
        "json",
        "text",
        "timestamp",
    }
    implementation = client.data_modeling.views.retrieve((MODEL_SPACE, "Implementation1", "1"))[0]
    assert {"mainValue", "subValue", "value1", "value2"} <= set(implementation.properties)
    assert len(client.data_modeling.containers.list(limit=-1)) == 13
    assert [s.space for s in client.data_modeling.spaces.list(limit=-1)] == [MODEL_SPACE, DATA_SPACE]


def test_apply_result(omni: dict[str, Any]) -> None:
    applied = omni["applied"]
    assert len(applied.nodes) == 90 and all(node.version == 1 and node.was_modified for node in applied.nodes)


def test_list_filter_and_retrieve(client: CogniteClient, omni: dict[str, Any]) -> None:
    expected = [i for i in omni["instances"] if "PrimitiveNullable/1" in i["properties"][MODEL_SPACE]]
    listed = client.data_modeling.instances.list(sources=[NULLABLE], limit=-1)
    assert sorted(n.external_id for n in listed) == sorted(i["externalId"] for i in expected)
    positive = [i for i in expected if (i["properties"][MODEL_SPACE]["PrimitiveNullable/1"].get("int32") or 0) > 0]
    filtered = client.data_modeling.instances.list(
        sources=[NULLABLE], filter=f.Range(NULLABLE.as_property_ref("int32"), gt=0), limit=-1
    )
    assert sorted(n.external_id for n in filtered) == sorted(i["externalId"] for i in positive)
    first = expected[0]
    node = client.data_modeling.instances.retrieve_nodes((DATA_SPACE, first["externalId"]), sources=[NULLABLE])
    assert node is not None
    want = first["properties"][MODEL_SPACE]["PrimitiveNullable/1"]
    got = node.properties[NULLABLE]
    assert {k: got[k] for k in want} == want
    typed = client.data_modeling.instances.list(instance_type="node", sources=[CONNECTION_A], limit=-1)
    assert len(typed) == 5, "ConnectionItemA's view filter (node.type) selects its five nodes"


def test_search_and_aggregate(client: CogniteClient, omni: dict[str, Any]) -> None:
    rows = [
        i["properties"][MODEL_SPACE]["PrimitiveNullable/1"]
        for i in omni["instances"]
        if "PrimitiveNullable/1" in i["properties"][MODEL_SPACE]
    ]
    word = next(text.split()[0] for text in (r.get("text") for r in rows) if text)
    found = client.data_modeling.instances.search(NULLABLE, query=word, properties=["text"])
    assert found and all(word.lower() in (n.properties[NULLABLE]["text"] or "").lower() for n in found)
    count = client.data_modeling.instances.aggregate(NULLABLE, dm.aggregations.Count("externalId")).value
    assert count == len(rows)
    values = [r["float64"] for r in rows if r.get("float64") is not None]
    average = client.data_modeling.instances.aggregate(NULLABLE, dm.aggregations.Avg("float64")).value
    assert average == pytest.approx(sum(values) / len(values))
    grouped = client.data_modeling.instances.aggregate(
        NULLABLE, dm.aggregations.Count("externalId"), group_by="boolean"
    )
    assert sum(g.aggregates[0].value for g in grouped) == sum(1 for r in rows if r.get("boolean") is not None)


def test_query_traversal_and_sync(client: CogniteClient, omni: dict[str, Any]) -> None:
    through = CONNECTION_A.as_property_ref("selfDirect")
    query = q.Query(
        with_={
            "a": q.NodeResultSetExpression(filter=f.HasData(views=[CONNECTION_A]), limit=100),
            "targets": q.NodeResultSetExpression(from_="a", through=through, direction="outwards", limit=100),
        },
        select={"a": q.Select([q.SourceSelector(CONNECTION_A, ["name", "selfDirect"])]), "targets": q.Select()},
    )
    result = client.data_modeling.instances.query(query)
    a_nodes = result["a"]
    assert len(a_nodes) == 5
    expected_targets = {
        n.properties[CONNECTION_A]["selfDirect"]["externalId"]
        for n in a_nodes
        if n.properties[CONNECTION_A].get("selfDirect")
    }
    assert {n.external_id for n in result["targets"]} == expected_targets
    synced = client.data_modeling.instances.sync(query)
    assert len(synced["a"]) == 5 and "a" in synced.cursors


def test_sdk_retries_through_an_injected_429(client: CogniteClient, server: Emulator, omni: dict[str, Any]) -> None:
    server.clear_requests()
    server.set_faults(FaultConfig(fail_first=1, retry_after=0))
    try:
        assert len(client.data_modeling.spaces.list(limit=-1)) == 2
    finally:
        server.set_faults(FaultConfig())
    assert [r.status for r in server.requests][:2] == [429, 200]


def test_errors_map_to_sdk_exceptions(client: CogniteClient, omni: dict[str, Any]) -> None:
    with pytest.raises(CogniteAPIError) as raised:
        client.data_modeling.instances.apply(
            dm.NodeApply(DATA_SPACE, "bad", sources=[dm.NodeOrEdgeData(NULLABLE, {"int32": "x"})])
        )
    assert raised.value.code == 400 and "int32" in raised.value.message
    conflict = dm.NodeApply(DATA_SPACE, omni["instances"][0]["externalId"], existing_version=0)
    with pytest.raises(CogniteAPIError) as version_error:
        client.data_modeling.instances.apply(conflict)
    assert version_error.value.code == 409


def test_delete_then_sync_shows_tombstones(client: CogniteClient, omni: dict[str, Any]) -> None:
    query = q.Query(
        with_={"nullable": q.NodeResultSetExpression(filter=f.HasData(views=[NULLABLE]), limit=100)},
        select={"nullable": q.Select([q.SourceSelector(NULLABLE, ["*"])])},
    )
    first = client.data_modeling.instances.sync(query)
    victim = first["nullable"][0].external_id
    deleted = client.data_modeling.instances.delete(nodes=[(DATA_SPACE, victim)])
    assert [n.external_id for n in deleted.nodes] == [victim]
    query.cursors = first.cursors
    later = client.data_modeling.instances.sync(query)
    assert [n.external_id for n in later["nullable"]] == [victim]
    assert later["nullable"][0].deleted_time is not None
    assert client.data_modeling.instances.retrieve_nodes((DATA_SPACE, victim)) is None
