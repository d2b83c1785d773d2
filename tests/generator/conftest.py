"""Fixtures of the generator tests: the models to generate from (every shared model, the example model, a synthetic
model and the hostile model), the SDKs generated from them once per session (written to a temporary folder and put
on ``sys.path``), and helpers to run ruff and mypy over them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pygen_generator import write_sdk

GENERATOR_TESTS = Path(__file__).resolve().parent
if str(GENERATOR_TESTS) not in sys.path:  # makes ``generator_testkit`` and ``hostile_model`` importable
    sys.path.insert(0, str(GENERATOR_TESTS))

from generator_testkit import GeneratedSDK, generate, models_to_generate  # noqa: E402


@pytest.fixture(scope="session")
def generated_sdks(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> dict[str, GeneratedSDK]:
    """Every model generated once: ``example``, each shared model (``pygen_omni``, ``cognite_core``, ...),
    ``synthetic`` and ``hostile``; package ``sdk_<name>``, each in its own folder on ``sys.path``. Without the shared
    folder only the example, synthetic and hostile SDKs exist (tests of shared models skip through ``shared_dir``)."""
    try:
        shared_dir: Path | None = request.getfixturevalue("shared_dir")
    except pytest.skip.Exception:
        shared_dir = None
    base = tmp_path_factory.mktemp("sdks")
    result: dict[str, GeneratedSDK] = {}
    for name, model in models_to_generate(shared_dir).items():
        package = f"sdk_{name}"
        files, notes = generate(model, package)
        root = base / name
        write_sdk(files, root)
        sys.path.insert(0, str(root))
        result[name] = GeneratedSDK(name, model, root, package, files, notes)
    # The example once more, with the runtime vendored into the SDK and a pyproject.toml (ruff and mypy check it too).
    example = result["example"].model
    files, notes = generate(example, "sdk_vendored", pygen_as_dependency=False, pyproject=True)
    write_sdk(files, base / "vendored")
    sys.path.insert(0, str(base / "vendored"))
    result["vendored"] = GeneratedSDK("vendored", example, base / "vendored", "sdk_vendored", files, notes)
    return result


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the session, so later mypy runs reuse what the first one checked."""
    return tmp_path_factory.mktemp("mypy_cache")


@pytest.fixture(scope="session")
def run_tool() -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd, env=env)

    return run


@pytest.fixture(scope="session")
def example_sdk(generated_sdks: dict[str, GeneratedSDK]) -> GeneratedSDK:
    return generated_sdks["example"]


@pytest.fixture
def emulated(emulator: Any) -> Iterator[Callable[..., Any]]:
    """``emulated(sdk, model_dict_or_path, space=...)``: deploy the model to the (reset) emulator, create the instance
    space, and return the SDK's client connected over HTTP (closed after the test)."""
    from pygen_runtime import ClientConfig, Token

    clients: list[Any] = []

    def connect(sdk: GeneratedSDK, *, space: str = "inst", instances: Path | None = None) -> Any:
        emulator.load_model(sdk.model.dump())
        if instances is not None:
            emulator.load_instances(instances)
        config = ClientConfig(
            emulator.base_url, emulator.project, Token(emulator.config.token or "t"), max_retry_backoff=0.2
        )
        client = sdk.client_class(config, default_space=space)
        client.http.post("/models/spaces", json={"items": [{"space": space}]})
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()
