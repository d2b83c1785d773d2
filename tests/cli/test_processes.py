"""The important paths as real processes: the installed ``pygen`` console script, a running emulator, and a
generated SDK that talks to it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pygen_client import example_model_text
from pygen_emulator import Emulator

if TYPE_CHECKING:
    from .conftest import Run

MODEL_FLAGS = ("--space", "pygen_example", "--external-id", "ProductCatalog", "--version", "v1")

# Upserts two products through the generated SDK, lists them with a generated filter, and prints what came back.
SDK_SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from pygen_runtime import ClientConfig, Token
    from product_catalog import ProductCatalogClient, ProductWrite

    config = ClientConfig(sys.argv[2], sys.argv[3], Token("any-token"))
    with ProductCatalogClient(config) as client:
        client.upsert([
            ProductWrite(space="pygen_example", external_id="widget", name="Widget", price=9.5),
            ProductWrite(space="pygen_example", external_id="gadget", name="Gadget", price=20.0, tags=["new"]),
        ])
        expensive = client.product.list(min_price=10)
        every = client.product.list(limit=None)
    print(json.dumps({
        "expensive": [(p.external_id, p.name, p.price, p.tags) for p in expensive],
        "all": sorted(p.external_id for p in every),
    }))
    """
)


def _run_sdk(sdk_dir: Path, base_url: str, project: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", SDK_SCRIPT, str(sdk_dir), base_url, project],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout)
    return result


def test_version(pygen_process: Callable[..., Run]) -> None:
    run = pygen_process("--version")
    assert run.exit_code == 0
    assert run.stdout.startswith("pygen 0.1.0 (pygen-generator 0.1.0, pygen-client 0.1.0, pygen-runtime 0.1.0")


def test_no_command_shows_help_and_unknown_command_is_a_usage_error(pygen_process: Callable[..., Run]) -> None:
    run = pygen_process()
    assert run.exit_code == 2
    assert "generate" in run.output and "validate" in run.output and "emulator" in run.output
    run = pygen_process("generat")
    assert run.exit_code == 2
    assert "No such command 'generat'" in " ".join(run.stderr.split())


def test_generate_the_example_and_import_it(pygen_process: Callable[..., Run], tmp_path: Path) -> None:
    run = pygen_process("generate", "--example", "--output-dir", str(tmp_path / "sdk"))
    assert run.exit_code == 0, run.stderr
    assert (
        run.stdout == f"generated the python SDK in {tmp_path / 'sdk'}: 11 created, 0 updated, 0 removed, 0 unchanged\n"
    )
    assert run.stderr == ""  # no terminal: no progress output
    imported = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import product_catalog as p; "
         "print(p.ProductCatalogClient.__name__, p.ProductWrite(space='s', external_id='e', name='x').name)", str(tmp_path / "sdk")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "ProductCatalogClient x\n"


def test_error_exit_codes_as_a_process(pygen_process: Callable[..., Run], tmp_path: Path) -> None:
    missing = pygen_process("generate", "--model-file", str(tmp_path / "nope.json"))
    assert (missing.exit_code, missing.stderr) == (1, f"error: model file {tmp_path / 'nope.json'} does not exist\n")
    usage = pygen_process("generate")
    assert usage.exit_code == 2
    assert usage.stderr.startswith("error: no data model given: ")
    (tmp_path / "pygen.toml").write_text('models = "sp:M/v1"\n')
    config = pygen_process("generate", cwd=tmp_path)
    assert config.exit_code == 2
    assert config.stderr == (
        "error: pygen.toml, line 1: models: expected a non-empty list of data models, each "
        "'space:externalId/version' or {space = ..., external_id = ..., version = ...}, got string 'sp:M/v1'\n"
    )


def test_generate_from_a_running_emulator(
    pygen_process: Callable[..., Run], emulator: Emulator, tmp_path: Path
) -> None:
    emulator.load_model(json.loads(example_model_text()))
    run = pygen_process(
        "generate", *MODEL_FLAGS, "--base-url", emulator.base_url, "--project", emulator.project,
        "--output-dir", str(tmp_path / "sdk"), "--instance-space", "pygen_example",
        env={"CDF_TOKEN": "any-token"},
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith(f"generated the python SDK in {tmp_path / 'sdk'}: 11 created")
    # The SDK generated from CDF equals the one generated from the file the model was deployed from.
    check = pygen_process(
        "generate", "--example", "--instance-space", "pygen_example", "-o", str(tmp_path / "sdk"), "--check"
    )
    assert check.exit_code == 0, check.stdout
    result = _run_sdk(tmp_path / "sdk", emulator.base_url, emulator.project)
    assert result == {"expensive": [["gadget", "Gadget", 20.0, ["new"]]], "all": ["gadget", "widget"]}


def _read_urls(process: subprocess.Popen[str]) -> dict[str, str]:
    """The emulator prints ``key: value`` lines on stdout once it serves."""
    assert process.stdout is not None
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while "token_url" not in urls:
        line = process.stdout.readline()
        if not line:
            stderr = process.stderr.read() if process.stderr else ""
            pytest.fail(f"pygen emulator exited ({process.wait()}) before serving: {stderr}")
        key, _, value = line.strip().partition(": ")
        urls[key] = value
        assert time.monotonic() < deadline, "pygen emulator did not print its URLs within 60 s"
    return urls


def test_emulator_process_serves_a_generated_sdk(
    start_pygen_process: Callable[..., subprocess.Popen[str]], pygen_process: Callable[..., Run], tmp_path: Path
) -> None:
    process = start_pygen_process("emulator", "--example", "--port", "0", "--project", "demo")
    urls = _read_urls(process)
    assert urls["project"] == "demo"
    assert urls["base_url"].startswith("http://127.0.0.1:")
    assert urls["token_url"] == f"{urls['base_url']}/oauth2/token"
    # Generate from the emulator (the model it deployed), then run the SDK against it.
    run = pygen_process(
        "generate", *MODEL_FLAGS, "-o", str(tmp_path / "sdk"), "--instance-space", "pygen_example",
        env={"CDF_URL": urls["base_url"], "CDF_PROJECT": "demo", "CDF_TOKEN": "any-token"},
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    result = _run_sdk(tmp_path / "sdk", urls["base_url"], "demo")
    assert result == {"expensive": [["gadget", "Gadget", 20.0, ["new"]]], "all": ["gadget", "widget"]}
    process.terminate()
    assert process.wait(timeout=20) == 0
    assert process.stderr is not None
    stderr = process.stderr.read()
    assert "deployed the example model: " in stderr
    assert "emulator stopped" in stderr


def test_emulator_process_with_models_instances_and_a_token(
    start_pygen_process: Callable[..., subprocess.Popen[str]], pygen_process: Callable[..., Run], tmp_path: Path
) -> None:
    model = tmp_path / "catalog.json"
    model.write_text(example_model_text())
    instances = tmp_path / "instances.yaml"
    instances.write_text(
        "- instanceType: node\n  space: pygen_example\n  externalId: lamp\n  properties:\n"
        "    pygen_example:\n      Product/v1:\n        name: Lamp\n        price: 30.0\n"
    )
    secret = "emulator-token-Hq44"
    process = start_pygen_process(
        "emulator", "--model", str(model), "--instances", str(instances), "--port", "0", "--token", secret, "--verbose"
    )
    urls = _read_urls(process)
    wrong = pygen_process(
        "validate", *MODEL_FLAGS, env={"CDF_URL": urls["base_url"], "CDF_PROJECT": "pygen", "CDF_TOKEN": "wrong-token"}
    )
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith(f"error: CDF rejected the credentials for project 'pygen' at {urls['base_url']}: ")
    right = pygen_process(
        "model", "pull", *MODEL_FLAGS, "-o", str(tmp_path / "pulled.json"),
        env={"CDF_URL": urls["base_url"], "CDF_PROJECT": "pygen", "CDF_TOKEN": secret},
    )  # fmt: skip
    assert right.exit_code == 0, right.stderr
    assert json.loads((tmp_path / "pulled.json").read_text())["externalId"] == "ProductCatalog"
    process.terminate()
    process.wait(timeout=20)
    assert process.stderr is not None
    stderr = process.stderr.read()
    assert f"loaded 1 instances from {instances}" in stderr
    assert secret not in stderr


def test_emulator_errors(pygen_process: Callable[..., Run], tmp_path: Path) -> None:
    run = pygen_process("emulator", "--model", str(tmp_path / "missing.json"), "--port", "0")
    assert run.exit_code == 1
    assert run.stderr.startswith("error: ") and "missing.json" in run.stderr
    assert len(run.stderr.splitlines()) == 1
    run = pygen_process("emulator", "--oauth-client", "no-colon", "--port", "0")
    assert run.exit_code == 2
    assert run.stderr == "error: --oauth-client expects ID:SECRET, e.g. --oauth-client my-app:my-secret\n"
    run = pygen_process("emulator", "--port", "70000")
    assert run.exit_code == 2
    assert "Invalid value for '--port'" in run.flat_stderr
    assert "less than or equal to 65535" in run.flat_stderr


def test_progress_only_on_a_terminal_and_only_on_stderr(pygen_process: Callable[..., Run], tmp_path: Path) -> None:
    # TTY_COMPATIBLE=1 makes rich treat the pipes as a terminal, as if run interactively.
    run = pygen_process("generate", "--example", "-o", str(tmp_path / "a"), env={"TTY_COMPATIBLE": "1"})
    assert run.exit_code == 0, run.stderr
    assert (
        run.stdout == f"generated the python SDK in {tmp_path / 'a'}: 11 created, 0 updated, 0 removed, 0 unchanged\n"
    )
    assert "Generating the python SDK" in run.stderr
    assert "\x1b[" in run.stderr  # spinner control sequences
    quiet = pygen_process("generate", "--example", "-o", str(tmp_path / "b"), "-q", env={"TTY_COMPATIBLE": "1"})
    assert quiet.stderr == ""
    piped = pygen_process("generate", "--example", "-o", str(tmp_path / "c"))
    assert piped.stderr == ""


def test_emulator_without_the_extra_says_how_to_install_it(
    pygen: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pygen_emulator", None)  # as if pygen-cli[emulator] was not installed
    run = pygen("emulator", "--port", "0")
    assert run.exit_code == 1
    assert run.stderr == "error: the emulator is not installed: install it with pip install 'pygen-cli[emulator]'\n"
