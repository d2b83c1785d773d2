"""pytest fixtures for testing against a local emulator (a product feature for SDK users, and pygen's own tests).

Enable it in a ``conftest.py``::

    pytest_plugins = ["pygen_emulator.pytest_plugin"]

Fixtures:
    emulator_config: session-scoped ``EmulatorConfig`` the server starts with; override it in your conftest to set a
        token, OAuth clients or faults.
    emulator_server: one running ``Emulator`` for the whole session.
    emulator: the session's emulator, reset (no schema, no data, configured faults) before each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._config import EmulatorConfig
from ._server import Emulator


@pytest.fixture(scope="session")
def emulator_config() -> EmulatorConfig:
    """The configuration of the session's emulator (in memory, any bearer token accepted)."""
    return EmulatorConfig()


@pytest.fixture(scope="session")
def emulator_server(emulator_config: EmulatorConfig) -> Iterator[Emulator]:
    """One emulator serving for the whole test session."""
    with Emulator(emulator_config) as server:
        yield server


@pytest.fixture
def emulator(emulator_server: Emulator) -> Emulator:
    """The session's emulator, emptied before the test."""
    emulator_server.reset()
    return emulator_server
