"""Deploy every model in ``../shared/models`` to the emulator through ``PygenClient`` and read it back equal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pygen_client import MappedProperty, ModelFile, PygenClient, load_model_file


@pytest.fixture
def client(client_config: Any) -> Iterator[PygenClient]:
    with PygenClient(client_config) as pygen_client:
        yield pygen_client


def _apply_by_id(items: list[Any]) -> dict[Any, dict[str, Any]]:
    return {item.as_id(): item.dump() for item in items}


def _mapped_definitions(model: ModelFile) -> dict[Any, dict[str, Any]]:
    """What a view says about each mapped property (type, nullability, default), copied from its container."""
    return {
        (view.as_id(), key): {
            "type": prop.type.dump(),
            "nullable": prop.nullable,
            "immutable": prop.immutable,
            "autoIncrement": prop.auto_increment,
            "defaultValue": prop.default_value,
            "target": prop.direct_relation_target,
        }
        for view in model.views
        for key, prop in view.properties.items()
        if isinstance(prop, MappedProperty)
    }


def test_deploy_and_read_back_equal(shared_dir: Path, client: PygenClient, shared_model_name: str) -> None:
    model = load_model_file(shared_dir / "models" / shared_model_name)
    result = client.deploy(model)
    assert [item.as_id() for item in result.data_models] == [model.data_model.as_id()]
    assert {view.as_id() for view in result.views} == {view.as_id() for view in model.views}

    fetched = client.retrieve_model(model.data_model.as_id())
    assert isinstance(fetched, ModelFile)
    expected, actual = model.as_apply(), fetched.as_apply()
    # The definitions (write forms) come back exactly as deployed ...
    assert _apply_by_id(actual.views) == _apply_by_id(expected.views)
    assert _apply_by_id(actual.containers) == _apply_by_id(expected.containers)
    assert [item.dump() for item in actual.data_models] == [item.dump() for item in expected.data_models]
    # ... the data model keeps its view order, and the views describe their properties as the file does.
    assert fetched.data_model.view_ids == model.data_model.view_ids
    assert _mapped_definitions(fetched) == _mapped_definitions(model)


def test_deploying_twice_changes_nothing(shared_dir: Path, client: PygenClient) -> None:
    model = load_model_file(shared_dir / "models" / "pygen_WindTurbine.json")
    first = client.deploy(model)
    second = client.deploy(model)
    assert second.spaces == []  # the spaces exist now and are left alone
    assert [view.last_updated_time for view in second.views] == [view.last_updated_time for view in first.views]
