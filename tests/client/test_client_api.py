"""The schema resource APIs against the emulator over HTTP: create, retrieve, list, iterate, delete, chunking.

A ``RecordingHTTP`` wrapper around the real HTTP client records each request body, so the tests can see how many
requests were made and how many items each carried; the server is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pygen_client import (
    BTreeIndex,
    ContainerApply,
    ContainerPropertyApply,
    DataModelApply,
    DataModelId,
    DirectRelationType,
    EdgeConnection,
    EnumType,
    EnumValue,
    Float64Type,
    Int64Type,
    MappedPropertyApply,
    ModelFile,
    PygenClient,
    ReverseDirectRelationApply,
    SchemaResponseError,
    SpaceApply,
    TextType,
    ThroughReference,
    TimestampType,
    UniquenessConstraint,
    ViewApply,
    ViewDefinition,
    load_model_file,
    save_model_file,
    validate_model,
)
from pygen_runtime import CDFAPIError, ContainerId, InvalidInputError, MultiRequestError, NodeId, ViewId


class RecordingHTTP:
    """Passes every call to the real HTTP client and remembers (method, path, body, params)."""

    def __init__(self, http: Any) -> None:
        self._http = http
        self.calls: list[tuple[str, str, Any, dict[str, Any] | None]] = []

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        self.calls.append(("GET", path, None, params))
        return self._http.get(path, params=params)

    def post(self, path: str, json: Any = None, params: dict[str, Any] | None = None) -> httpx.Response:
        self.calls.append(("POST", path, json, params))
        return self._http.post(path, json=json, params=params)

    def close(self) -> None:
        self._http.close()

    def item_counts(self, method: str, path: str) -> list[int]:
        return [
            len(body["items"])
            for call_method, call_path, body, _ in self.calls
            if (call_method, call_path) == (method, path)
        ]


@pytest.fixture
def recorder(client_config: Any) -> Iterator[RecordingHTTP]:
    from pygen_runtime import HTTPClient

    http = RecordingHTTP(HTTPClient(client_config))
    yield http
    http.close()


@pytest.fixture
def client(client_config: Any, recorder: RecordingHTTP) -> Iterator[PygenClient]:
    with PygenClient(client_config, http_client=recorder) as pygen_client:
        yield pygen_client


SPACE = "pygen_client_test"


def _container(external_id: str = "Pump", space: str = SPACE) -> ContainerApply:
    return ContainerApply(
        space=space,
        external_id=external_id,
        name=f"{external_id} container",
        used_for="node",
        properties={
            "name": ContainerPropertyApply(type=TextType(), nullable=False),
            "pressure": ContainerPropertyApply(type=Float64Type(), description="bar"),
            "count": ContainerPropertyApply(type=Int64Type(), default_value=0),
            "installed": ContainerPropertyApply(type=TimestampType()),
            "tags": ContainerPropertyApply(type=TextType(list=True, max_list_size=10)),
            "status": ContainerPropertyApply(
                type=EnumType(values={"running": EnumValue(name="Running"), "stopped": EnumValue()})
            ),
            "parent": ContainerPropertyApply(type=DirectRelationType()),
        },
        constraints={"unique_name": UniquenessConstraint(properties=["name"])},
        indexes={"by_name": BTreeIndex(properties=["name"], cursorable=True)},
    )


def _views() -> list[ViewApply]:
    pump = ViewId(SPACE, "Pump", "v1")
    container = ContainerId(SPACE, "Pump")
    base = ViewApply(
        space=SPACE,
        external_id="Asset",
        version="v1",
        properties={"name": MappedPropertyApply(container=container, container_property_identifier="name")},
    )
    pump_view = ViewApply(
        space=SPACE,
        external_id="Pump",
        version="v1",
        name="Pump",
        implements=[base.as_id()],
        properties={
            "name": MappedPropertyApply(container=container, container_property_identifier="name"),
            "pressure": MappedPropertyApply(container=container, container_property_identifier="pressure"),
            "parent": MappedPropertyApply(container=container, container_property_identifier="parent", source=pump),
            "children": ReverseDirectRelationApply(
                connection_type="multi_reverse_direct_relation",
                source=pump,
                through=ThroughReference(source=pump, identifier="parent"),
            ),
            "connected": EdgeConnection(type=NodeId(SPACE, "Pump.connected"), source=pump, direction="outwards"),
        },
    )
    return [base, pump_view]


def _deploy_pump_schema(client: PygenClient) -> None:
    client.spaces.create(SpaceApply(space=SPACE, name="Client tests"))
    client.containers.create(_container())
    client.views.create(_views())


def test_spaces_create_retrieve_list_delete(client: PygenClient) -> None:
    created = client.spaces.create([SpaceApply(space="alpha", name="Alpha"), SpaceApply(space="beta")])
    assert [(space.space, space.name) for space in created] == [("alpha", "Alpha"), ("beta", None)]
    assert created[0].created_time is not None and created[0].is_global is False
    alpha = client.spaces.retrieve("alpha")
    assert alpha is not None and alpha.name == "Alpha"
    assert client.spaces.retrieve("missing") is None
    assert [space.space for space in client.spaces.retrieve(["beta", "missing", "alpha"])] == ["beta", "alpha"]
    assert {"alpha", "beta"} <= {space.space for space in client.spaces.list()}
    assert client.spaces.delete(["alpha", "missing"]) == ["alpha"]
    assert client.spaces.retrieve("alpha") is None


def test_create_is_an_upsert(client: PygenClient) -> None:
    client.spaces.create(SpaceApply(space="alpha", name="First"))
    client.spaces.create(SpaceApply(space="alpha", name="Second"))
    alpha = client.spaces.retrieve("alpha")
    assert alpha is not None and alpha.name == "Second"
    assert [space.space for space in client.spaces.list()].count("alpha") == 1


def test_requests_are_chunked_at_100_items(client: PygenClient, recorder: RecordingHTTP) -> None:
    names = [f"space_{number:03d}" for number in range(250)]
    created = client.spaces.create([SpaceApply(space=name) for name in names])
    assert [space.space for space in created] == names
    assert recorder.item_counts("POST", "/models/spaces") == [100, 100, 50]
    retrieved = client.spaces.retrieve(list(reversed(names)))
    assert [space.space for space in retrieved] == list(reversed(names))  # the order asked
    assert recorder.item_counts("POST", "/models/spaces/byids") == [100, 100, 50]
    deleted = client.spaces.delete(names)
    assert sorted(deleted) == names
    assert recorder.item_counts("POST", "/models/spaces/delete") == [100, 100, 50]


def test_list_honours_the_limit_and_follows_cursors(client: PygenClient, recorder: RecordingHTTP) -> None:
    names = [f"space_{number:04d}" for number in range(1205)]
    client.spaces.create([SpaceApply(space=name) for name in names])
    recorder.calls.clear()
    assert len(client.spaces.list(limit=120)) == 120
    assert [call[3]["limit"] for call in recorder.calls if call[0] == "GET"] == [120]
    assert len(client.spaces.list(limit=0)) == 0
    recorder.calls.clear()
    everything = client.spaces.list(limit=None)
    assert {space.space for space in everything} >= set(names) and len(everything) == len({s.space for s in everything})
    gets = [call for call in recorder.calls if call[0] == "GET"]
    assert len(gets) == 2 and "cursor" not in gets[0][3] and "cursor" in gets[1][3]
    recorder.calls.clear()
    assert len(client.spaces.list(limit=1100)) == 1100
    assert [call[3]["limit"] for call in recorder.calls if call[0] == "GET"] == [1000, 100]
    with pytest.raises(InvalidInputError, match="limit must be a positive number"):
        client.spaces.list(limit=-1)


def test_iterate_yields_pages_and_resumes_from_a_cursor(client: PygenClient) -> None:
    names = [f"space_{number:03d}" for number in range(25)]
    client.spaces.create([SpaceApply(space=name) for name in names])
    pages = client.spaces.iterate(chunk_size=10)
    first = next(pages)
    assert len(first) == 10 and first.next_cursor is not None
    resumed = list(client.spaces.iterate(chunk_size=10, cursor=first.next_cursor))
    assert [len(page) for page in resumed] == [10, 5]
    assert resumed[-1].next_cursor is None
    seen = [space.space for page in [first, *resumed] for space in page]
    assert sorted(seen) == names
    with pytest.raises(InvalidInputError, match="chunk_size must be between 1 and 1000"):
        next(client.spaces.iterate(chunk_size=0))


def test_containers(client: PygenClient) -> None:
    client.spaces.create(SpaceApply(space=SPACE))
    sent = _container()
    [created] = client.containers.create(sent)
    assert created.as_id() == ContainerId(SPACE, "Pump")
    retrieved = client.containers.retrieve(ContainerId(SPACE, "Pump"))
    assert retrieved is not None
    assert retrieved.as_apply().dump() == created.as_apply().dump()
    for key, prop in sent.properties.items():
        assert retrieved.properties[key].type.type == prop.type.type
    assert retrieved.properties["name"].nullable is False
    assert isinstance(retrieved.properties["status"].type, EnumType)
    assert set(retrieved.properties["status"].type.values) == {"running", "stopped"}
    assert retrieved.indexes is not None and isinstance(retrieved.indexes["by_name"], BTreeIndex)
    assert retrieved.constraints is not None and isinstance(retrieved.constraints["unique_name"], UniquenessConstraint)
    assert [item.external_id for item in client.containers.list(space=SPACE)] == ["Pump"]
    assert client.containers.list(space="other") == []
    assert client.containers.delete(ContainerId(SPACE, "Pump")) == [ContainerId(SPACE, "Pump")]
    assert client.containers.retrieve([ContainerId(SPACE, "Pump")]) == []


def test_views(client: PygenClient) -> None:
    _deploy_pump_schema(client)
    pump = client.views.retrieve(ViewId(SPACE, "Pump", "v1"))
    assert isinstance(pump, ViewDefinition)
    assert pump.implements == [ViewId(SPACE, "Asset", "v1")]
    assert set(pump.mapped_properties) == {"name", "pressure", "parent"}
    assert pump.mapped_properties["parent"].direct_relation_target == ViewId(SPACE, "Pump", "v1")
    assert pump.edge_connections["connected"].type == NodeId(SPACE, "Pump.connected")
    assert pump.reverse_direct_relations["children"].through_view == ViewId(SPACE, "Pump", "v1")
    assert isinstance(pump.mapped_properties["pressure"].type, Float64Type)
    listed = client.views.list(space=SPACE)
    assert sorted(view.external_id for view in listed) == ["Asset", "Pump"]
    assert [view.external_id for view in client.views.list(space=SPACE, limit=1)] in (["Asset"], ["Pump"])
    pages = list(client.views.iterate(space=SPACE, chunk_size=1))
    assert sorted(view.external_id for page in pages for view in page) == ["Asset", "Pump"]
    deleted = client.views.delete([ViewId(SPACE, "Pump", "v1"), ViewId(SPACE, "Missing", "v1")])
    assert deleted == [ViewId(SPACE, "Pump", "v1")]
    assert client.views.retrieve(ViewId(SPACE, "Pump", "v1")) is None


def test_data_models(client: PygenClient, tmp_path: Path) -> None:
    _deploy_pump_schema(client)
    model = DataModelApply(
        space=SPACE, external_id="Pumps", version="1", name="Pumps", views=[view.as_id() for view in _views()]
    )
    [created] = client.data_models.create(model)
    assert created.as_id() == DataModelId(SPACE, "Pumps", "1")
    by_reference = client.data_models.retrieve(DataModelId(SPACE, "Pumps", "1"))
    assert by_reference is not None and by_reference.views == [
        ViewId(SPACE, "Asset", "v1"),
        ViewId(SPACE, "Pump", "v1"),
    ]
    inlined = client.data_models.retrieve(DataModelId(SPACE, "Pumps", "1"), inline_views=True)
    assert inlined is not None and [view.external_id for view in inlined.inlined_views] == ["Asset", "Pump"]
    listed = client.data_models.list(space=SPACE, inline_views=True)
    assert [item.external_id for item in listed] == ["Pumps"] and len(listed[0].inlined_views) == 2
    fetched = client.retrieve_model(DataModelId(SPACE, "Pumps", "1"))
    assert fetched is not None and [item.external_id for item in fetched.containers] == ["Pump"]
    saved = load_model_file(save_model_file(fetched, tmp_path / "pumps.yaml"))
    assert saved.dump() == fetched.dump()
    assert validate_model(saved).errors == []
    assert client.retrieve_model(DataModelId(SPACE, "Nope", "1")) is None
    assert client.data_models.delete(DataModelId(SPACE, "Pumps", "1")) == [DataModelId(SPACE, "Pumps", "1")]
    assert client.views.retrieve(ViewId(SPACE, "Pump", "v1")) is not None  # views outlive their data model


def test_a_failing_chunk_is_reported_with_what_succeeded(client: PygenClient) -> None:
    client.spaces.create(SpaceApply(space=SPACE))
    good = [_container(f"Good{number}") for number in range(100)]
    bad = [_container(f"Bad{number}", space="no_such_space") for number in range(50)]
    with pytest.raises(MultiRequestError) as error:
        client.containers.create([*good, *bad])
    assert [item.external_id for item in error.value.successful] == [item.external_id for item in good]
    assert error.value.failed == [item.as_id() for item in bad]
    assert error.value.unknown == []
    assert len(error.value.errors) == 1 and isinstance(error.value.errors[0], CDFAPIError)
    assert "100 of 150 item(s) succeeded in 1 of 2 request(s)" in str(error.value)
    assert len(client.containers.list(space=SPACE)) == 100


def test_a_single_failing_request_raises_the_api_error(client: PygenClient) -> None:
    with pytest.raises(CDFAPIError) as error:
        client.containers.create(_container(space="no_such_space"))
    assert error.value.status == 400


def test_wrong_argument_types_are_refused(client: PygenClient) -> None:
    with pytest.raises(InvalidInputError, match="expected ContainerId or a sequence of them, got 'Pump'"):
        client.containers.retrieve("Pump")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="expected ViewId items, got"):
        client.views.delete([("s", "Pump", "v1")])  # type: ignore[list-item]


class _CannedHTTP:
    """Answers every request with one fixed response: for response shapes a real server would not send."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        return self._response

    def post(self, path: str, json: Any = None, params: dict[str, Any] | None = None) -> httpx.Response:
        return self._response


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(200, text="<html>"), "POST /models/views/byids: the response is not JSON: '<html>'"),
        (httpx.Response(200, json=[1]), "POST /models/views/byids: expected an object with an 'items' list, got [1]"),
        (
            httpx.Response(
                200,
                json={
                    "items": [{"space": "s", "externalId": "V", "version": "1", "properties": {"p": {"container": 5}}}]
                },
            ),
            "POST /models/views/byids: cannot read view s:V/1: property 'p', container: expected a container "
            "reference {space, externalId}, got 5; property 'p', containerPropertyIdentifier: required field is "
            "missing; property 'p', type: required field is missing",
        ),
    ],
)
def test_unexpected_responses_are_named(offline_config: Any, response: httpx.Response, message: str) -> None:
    client = PygenClient(offline_config, http_client=_CannedHTTP(response))
    with pytest.raises(SchemaResponseError) as error:
        client.views.retrieve(ViewId("s", "V", "1"))
    assert str(error.value) == message


def test_deploy_stops_at_the_failing_step_and_reports_everything(
    client: PygenClient, shop_model: dict[str, Any]
) -> None:
    shop_model["containers"] = shop_model["containers"][:1]  # the Category view maps a container that is not there
    model = ModelFile.load(shop_model)
    with pytest.raises(MultiRequestError) as error:
        client.deploy(model)
    result = error.value.successful
    assert [space.space for space in result.spaces] == ["shop"]
    assert [item.external_id for item in result.containers] == ["Item"]
    assert result.views == [] and result.data_models == []
    assert error.value.failed == [
        ViewId("shop", "Item", "v1"),
        ViewId("shop", "Category", "v1"),
        DataModelId("shop", "Shop", "v1"),
    ]
    assert error.value.unknown == []
    assert str(error.value).startswith("deploy stopped while applying views: ")
