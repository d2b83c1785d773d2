"""Fixtures for the pygen-client tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

BROKEN_MODELS_DIR = Path(__file__).resolve().parent / "broken_models"

# Every model in ../shared/models (test_shared_models checks this list against the folder).
SHARED_MODEL_NAMES = [
    "cognite_core.json",
    "cognite_core_no3d.json",
    "neat_CapacityBid.json",
    "pygen_Omni.json",
    "pygen_OmniMultiA.json",
    "pygen_OmniMultiB.json",
    "pygen_OmniMultiC.json",
    "pygen_OmniSub.json",
    "pygen_Pumps.json",
    "pygen_ScenarioInstance.json",
    "pygen_WindTurbine.json",
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "shared_model_name" in metafunc.fixturenames:
        metafunc.parametrize("shared_model_name", SHARED_MODEL_NAMES)


@pytest.fixture(scope="session")
def all_shared_model_names() -> list[str]:
    return sorted(SHARED_MODEL_NAMES)


@pytest.fixture(scope="session")
def broken_models_dir() -> Path:
    return BROKEN_MODELS_DIR


def _mapped(container: str, prop: str, type_: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "container": {"space": "shop", "externalId": container, "type": "container"},
        "containerPropertyIdentifier": prop,
        "type": type_,
        "nullable": True,
        "immutable": False,
        "autoIncrement": False,
        "defaultValue": None,
        "name": prop,
        "description": None,
        **extra,
    }


def _view(external_id: str, properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "space": "shop",
        "externalId": external_id,
        "version": "v1",
        "name": external_id,
        "description": None,
        "filter": None,
        "implements": [],
        "writable": True,
        "queryable": True,
        "usedFor": "node",
        "isGlobal": False,
        "mappedContainers": [{"space": "shop", "externalId": external_id, "type": "container"}],
        "properties": properties,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        **extra,
    }


def _container(external_id: str, properties: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "space": "shop",
        "externalId": external_id,
        "name": None,
        "description": None,
        "usedFor": "node",
        "properties": {
            key: {"type": copy.deepcopy(value["type"]), "nullable": True, "immutable": False, "autoIncrement": False}
            for key, value in properties.items()
        },
        "constraints": {},
        "indexes": {},
        "isGlobal": False,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        **extra,
    }


def _shop_model() -> dict[str, Any]:
    """A small valid model: Item (title, price, category -> Category, tags edge), Category (items reverse)."""
    item_properties = {
        "title": _mapped("Item", "title", {"type": "text", "list": False, "collation": "ucs_basic"}),
        "price": _mapped("Item", "price", {"type": "float64", "list": False}),
        "category": _mapped(
            "Item",
            "category",
            {
                "type": "direct",
                "list": False,
                "source": {"space": "shop", "externalId": "Category", "version": "v1", "type": "view"},
            },
        ),
        "similar": {
            "type": {"space": "shop", "externalId": "Item.similar"},
            "source": {"space": "shop", "externalId": "Item", "version": "v1", "type": "view"},
            "edgeSource": None,
            "direction": "outwards",
            "connectionType": "multi_edge_connection",
            "name": "similar",
            "description": None,
        },
    }
    category_properties = {
        "name": _mapped("Category", "name", {"type": "text", "list": False, "collation": "ucs_basic"}),
        "items": {
            "source": {"space": "shop", "externalId": "Item", "version": "v1", "type": "view"},
            "through": {
                "source": {"space": "shop", "externalId": "Item", "version": "v1", "type": "view"},
                "identifier": "category",
            },
            "connectionType": "multi_reverse_direct_relation",
            "targetsList": False,
            "name": "items",
            "description": None,
        },
    }
    return {
        "space": "shop",
        "externalId": "Shop",
        "version": "v1",
        "name": "Shop",
        "description": None,
        "isGlobal": False,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "views": [_view("Item", item_properties), _view("Category", category_properties)],
        "containers": [
            _container("Item", {key: value for key, value in item_properties.items() if "container" in value}),
            _container("Category", {"name": category_properties["name"]}),
        ],
    }


@pytest.fixture
def shop_model() -> dict[str, Any]:
    """A fresh copy of a small valid model to break in one place per test."""
    return copy.deepcopy(_shop_model())


@pytest.fixture(scope="session")
def make_mapped() -> Callable[..., dict[str, Any]]:
    return _mapped


@pytest.fixture(scope="session")
def make_view() -> Callable[..., dict[str, Any]]:
    return _view


@pytest.fixture
def client_config(emulator: Any) -> Any:
    """A runtime ``ClientConfig`` pointing at the emulator (reset for every test)."""
    from pygen_runtime import ClientConfig, Token

    return ClientConfig(
        base_url=emulator.base_url, project=emulator.project, credentials=Token(emulator_token(emulator))
    )


def emulator_token(emulator: Any) -> str:
    return str(
        getattr(emulator, "token", None) or getattr(getattr(emulator, "config", None), "token", None) or "secret"
    )


@pytest.fixture
def offline_config() -> Any:
    """A ``ClientConfig`` for tests whose HTTP layer is replaced: nothing is ever sent to this address."""
    from pygen_runtime import ClientConfig, Token

    return ClientConfig(base_url="http://127.0.0.1:9", project="offline", credentials=Token("unused"))
