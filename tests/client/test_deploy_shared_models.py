"""Deploy every model in ``../shared/models`` to the emulator through ``PygenClient`` and read it back equal.

Global items (CogniteCore in ``cdf_cdm``) exist in every CDF project and ``deploy`` leaves them out. The emulator
starts empty, so a model that builds on CogniteCore (WindTurbine maps its containers) is deployed into a project
that first gets CogniteCore, as a real project has it; the CogniteCore models themselves are deployed with
``include_global=True``.

"Equal" means: everything the file says about the data model, its views and its containers comes back the same,
except what the server owns (``createdTime``, ``lastUpdatedTime``, ``isGlobal``: anything created through the API is
not global). A field the server omits reads as its documented default (``null``, or ``false`` for ``list``).
Fields the file does not have (older dumps lack ``queryable`` and ``constraintState``) may be added by
the server. Two representation choices are normalised: a direct relation's target view may be answered at
``type.source`` where an older file has the top-level ``source``, and ``mappedContainers`` has no defined order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pygen_client import DMSModel, MappedProperty, ModelFile, PygenClient, ViewDefinition, load_model_file

SERVER_FIELDS = {"createdTime", "lastUpdatedTime", "isGlobal"}


@pytest.fixture
def client(client_config: Any) -> Iterator[PygenClient]:
    with PygenClient(client_config) as pygen_client:
        yield pygen_client


def _as_file_says(expected: Any, actual: Any) -> Any:
    """``actual`` restricted to the keys ``expected`` has (recursively); a key ``actual`` lacks reads as null."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {key: _as_file_says(value, actual.get(key)) for key, value in expected.items()}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [_as_file_says(want, got) for want, got in zip(expected, actual, strict=True)]
    return actual


def _without_server_fields(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_server_fields(value) for key, value in data.items() if key not in SERVER_FIELDS}
    if isinstance(data, list):
        return [_without_server_fields(value) for value in data]
    return data


def _full(model: DMSModel) -> dict[str, Any]:
    """Every field, an omitted one at its documented default (an enum without ``list`` is not a list)."""
    return model.model_dump(mode="json", by_alias=True)


def _view_facts(view: ViewDefinition, *, full: bool = False) -> dict[str, Any]:
    """What a view says, normalised (the direct-relation target compared in one place, whichever position it came in)."""
    data = _full(view) if full else view.dump()
    data["mappedContainers"] = sorted(
        data.get("mappedContainers", []), key=lambda ref: (ref["space"], ref["externalId"])
    )
    for key, prop in view.properties.items():
        if isinstance(prop, MappedProperty):
            facts = data["properties"][key]
            facts.pop("source", None)
            facts["type"].pop("source", None)
            target = prop.direct_relation_target
            facts["directRelationTarget"] = None if target is None else str(target)
    return data


def _apply_views(model: ModelFile) -> dict[Any, dict[str, Any]]:
    return {view.as_id(): view.dump() for view in model.as_apply(include_global=True).views}


def _compare(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[Any, Any]:
    expected = _without_server_fields(expected)
    return expected, _as_file_says(expected, actual)


def test_deploy_and_read_back_equal(shared_dir: Path, client: PygenClient, shared_model_name: str) -> None:
    model = load_model_file(shared_dir / "models" / shared_model_name)
    include_global = model.data_model.is_global
    if not include_global and any(item.is_global for item in [*model.views, *model.containers]):
        client.deploy(load_model_file(shared_dir / "models" / "cognite_core.json"), include_global=True)
    result = client.deploy(model, include_global=include_global)
    assert [item.as_id() for item in result.data_models] == [model.data_model.as_id()]
    assert {view.as_id() for view in result.views} == {view.as_id() for view in model.views}
    deployed_containers = {item.as_id() for item in model.containers if include_global or not item.is_global}
    assert {item.as_id() for item in result.containers} == deployed_containers

    fetched = client.retrieve_model(model.data_model.as_id())
    assert isinstance(fetched, ModelFile)
    assert fetched.data_model.view_ids == model.data_model.view_ids  # the model keeps its view order
    for want, got in zip(model.views, fetched.views, strict=True):
        expected, actual = _compare(_view_facts(want), _view_facts(got, full=True))
        assert actual == expected, f"view {want.as_id()}"
    assert {item.as_id() for item in fetched.containers} == {item.as_id() for item in model.containers}
    for container in model.containers:
        if container.as_id() not in deployed_containers:
            continue  # CogniteCore's own, deployed from cognite_core.json
        returned = fetched.container(container.as_id())
        assert returned is not None
        expected, actual = _compare(container.dump(), _full(returned))
        assert actual == expected, f"container {container.as_id()}"
    model_facts = {key: value for key, value in model.data_model.dump().items() if key != "views"}
    expected, actual = _compare(model_facts, _full(fetched.data_model))
    assert actual == expected
    # The write forms, which is what a second deploy would send, are the same too.
    assert _apply_views(fetched) == _apply_views(model)


def test_deploying_twice_changes_nothing(shared_dir: Path, client: PygenClient) -> None:
    model = load_model_file(shared_dir / "models" / "pygen_Omni.json")
    first = client.deploy(model)
    second = client.deploy(model)
    assert second.spaces == []  # the spaces exist now and are left alone
    assert [view.last_updated_time for view in second.views] == [view.last_updated_time for view in first.views]
    assert [item.last_updated_time for item in second.containers] == [
        item.last_updated_time for item in first.containers
    ]


def test_global_items_are_left_out_unless_asked_for(shared_dir: Path, client: PygenClient) -> None:
    core = load_model_file(shared_dir / "models" / "cognite_core_no3d.json")
    result = client.deploy(core)
    assert (result.spaces, result.containers, result.views, result.data_models) == ([], [], [], [])
    assert client.spaces.retrieve("cdf_cdm") is None
    everything = client.deploy(core, include_global=True)
    assert len(everything.views) == len(core.views) and len(everything.containers) == len(core.containers)
