"""Fixtures of the pygen-runtime tests: the example SDK on sys.path, the example model, a recording mock transport,
the DMS OpenAPI spec as a validator, and the example SDK connected to the emulator."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

RUNTIME_TESTS = Path(__file__).resolve().parent
if str(RUNTIME_TESTS) not in sys.path:  # makes ``example_sdk`` and ``runtime_testkit`` importable
    sys.path.insert(0, str(RUNTIME_TESTS))

from runtime_testkit import Handler, MockEnv, MockServer, SpecValidator  # noqa: E402

EXAMPLE_MODEL = (
    RUNTIME_TESTS.parents[1]
    / "packages"
    / "pygen-client"
    / "src"
    / "pygen_client"
    / "_example"
    / "product_catalog.json"
)


@pytest.fixture(scope="session")
def example_model() -> dict[str, Any]:
    model: dict[str, Any] = json.loads(EXAMPLE_MODEL.read_text(encoding="utf-8"))
    return model


@pytest.fixture
def mock() -> Callable[[Handler], MockEnv]:
    """``mock(handler)`` -> an environment whose ``http(**config)`` builds an ``HTTPClient`` on a recording mock
    transport; retries do not sleep, their delays are recorded in ``sleeps`` (jitter fixed at 0.5)."""

    def make(handler: Handler) -> MockEnv:
        return MockEnv(MockServer(handler), [])

    return make


@pytest.fixture(scope="session")
def spec(dms_openapi_spec: dict[str, Any]) -> SpecValidator:
    return SpecValidator(dms_openapi_spec)


@pytest.fixture
def emulated_catalog(emulator: Any, example_model: dict[str, Any]) -> Iterator[Any]:
    """A ``ProductCatalogClient`` on the emulator (over HTTP) with the example model deployed."""
    from example_sdk import ProductCatalogClient
    from pygen_runtime import ClientConfig, Token

    emulator.load_model(example_model)
    token = emulator.config.token or "any-token"
    config = ClientConfig(emulator.base_url, emulator.project, Token(token), max_retry_backoff=0.2)
    with ProductCatalogClient(config, default_space="shop") as client:
        client.http.post("/models/spaces", json={"items": [{"space": "shop"}]})  # the instance space
        yield client
