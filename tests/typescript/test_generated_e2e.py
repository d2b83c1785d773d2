"""Generated TypeScript SDKs end to end under deno against a local emulator (one ``deno test`` run for all):

- the example model's SDK (tests/typescript/generated/example.test.ts), and the runtime's own end-to-end suite of
  the hand-written reference SDK run unchanged against the generated one, which must be a drop-in replacement
  (reference_shape.test.ts compares their exports, property maps, descriptors and argument tables);
- Omni with ``pygen_Omni.instances.yaml`` loaded (omni.test.ts): every property type read back as stored, node
  types from view filters, read-only views, edges with properties in both directions, reverse relations;
- CogniteCore (cognite_core.test.ts): an asset hierarchy with equipment, time series and files;
- the Python generator's hostile model (hostile.test.ts): renamed fields and arguments reach the right properties;
  its hostile family reads children with ``asChildClass``;
- ``retrieve(ids, { asChildClass })`` on Omni's interfaces and CogniteCore (child_classes.test.ts), as the Python
  SDK's tests/generator/test_e2e_child_classes.py.

The emulator holds every model at once (their spaces differ) and each deno test writes into a space of its own.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent / "generated"))

from ts_testkit import HERE, HOSTILE_MODEL, REPO_ROOT, Workspace, load_module, workspace

Run = Callable[..., Any]
REFERENCE_E2E = REPO_ROOT / "npm" / "pygen-runtime" / "tests" / "e2e" / "example_sdk.test.ts"
TOKEN = "generated-ts-secret"
CLIENT = ("generated-ts-client", "generated-ts-client-secret")


@dataclass
class DenoRun:
    """The outcome of the one deno test run: per test file, the names of passed and failed tests."""

    output: str
    passed: dict[str, list[str]]
    failed: dict[str, list[str]]

    def check(self, file: str, at_least: int) -> None:
        failed = self.failed.get(file, [])
        passed = self.passed.get(file, [])
        assert not failed, f"{file}: failed {failed}\n{self.output[-12000:]}"
        assert len(passed) >= at_least, (
            f"{file}: {len(passed)} passed, expected at least {at_least}\n{self.output[-6000:]}"
        )


@pytest.fixture(scope="module")
def ts_workspace(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Workspace:
    try:
        shared_dir: Path | None = request.getfixturevalue("shared_dir")
    except pytest.skip.Exception:
        shared_dir = None
    return workspace(tmp_path_factory.getbasetemp() / "ts-generated", shared_dir)


@pytest.fixture(scope="module")
def loaded_emulator(ts_workspace: Workspace) -> Iterator[Any]:
    """An emulator with every model the end-to-end tests use (and the Omni instances) loaded."""
    from pygen_emulator import Emulator, EmulatorConfig

    with Emulator(EmulatorConfig(token=TOKEN, oauth_clients={CLIENT[0]: CLIENT[1]})) as emulator:
        for name in ("example", "pygen_omni", "cognite_core", "hostile", "hostile_family"):
            sdk = ts_workspace.sdks.get(name)
            if sdk is not None:
                emulator.load_model(sdk.model.dump())
        yield emulator


def _omni_instances(shared_dir: Path | None, target: Path) -> Path | None:
    """The Omni instances as JSON (deno reads JSON, not YAML), for comparing what the SDK reads with what is stored."""
    if shared_dir is None:
        return None
    data = yaml.safe_load((shared_dir / "models" / "pygen_Omni.instances.yaml").read_text(encoding="utf-8"))
    target.write_text(json.dumps(data, default=str), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def deno_run(
    ts_workspace: Workspace, loaded_emulator: Any, deno: str, sh: Run, request: pytest.FixtureRequest
) -> DenoRun:
    try:
        shared_dir: Path | None = request.getfixturevalue("shared_dir")
    except pytest.skip.Exception:
        shared_dir = None
    files = [HERE / "example.test.ts", HERE / "hostile.test.ts", HERE / "reference_shape.test.ts"]
    # The runtime's suite of the reference SDK, importing the generated SDK instead.
    reference = ts_workspace.root / "reference_example.test.ts"
    text = REFERENCE_E2E.read_text(encoding="utf-8")
    assert '"../example_sdk/index.ts"' in text, "the reference suite no longer imports the reference SDK by that path"
    reference.write_text(
        text.replace('"../example_sdk/index.ts"', '"@generated/sdk_example/index.ts"'), encoding="utf-8"
    )
    files.append(reference)
    # Data and reports live beside the SDK workspace, not in it, so `deno fmt --check .` there never sees them.
    data = ts_workspace.root.parent / "e2e-data"
    data.mkdir(exist_ok=True)
    env = {
        **ts_workspace.env(),
        "PYGEN_EMULATOR_URL": loaded_emulator.base_url,
        "PYGEN_EMULATOR_PROJECT": loaded_emulator.project,
        "PYGEN_EMULATOR_TOKEN": TOKEN,
        "PYGEN_EMULATOR_TOKEN_URL": loaded_emulator.token_url,
        "PYGEN_EMULATOR_CLIENT_ID": CLIENT[0],
        "PYGEN_EMULATOR_CLIENT_SECRET": CLIENT[1],
    }
    hostile = load_module("hostile_model", HOSTILE_MODEL)
    constants = data / "hostile_constants.json"
    constants.write_text(
        json.dumps({"text": hostile.HOSTILE_TEXT, "default": hostile.HOSTILE_DEFAULT, "longId": hostile.LONG_ID}),
        encoding="utf-8",
    )
    env["PYGEN_HOSTILE_CONSTANTS"] = str(constants)
    instances = _omni_instances(shared_dir, data / "omni_instances.json")
    if instances is not None:
        assert shared_dir is not None
        loaded_emulator.load_instances(shared_dir / "models" / "pygen_Omni.instances.yaml")
        env["PYGEN_OMNI_INSTANCES"] = str(instances)
        files += [HERE / "omni.test.ts", HERE / "cognite_core.test.ts", HERE / "child_classes.test.ts"]
    junit = data / "e2e-junit.xml"
    done = sh(
        [
            deno,
            "test",
            "--no-prompt",
            "--allow-net",
            "--allow-env",
            f"--allow-read={ts_workspace.root},{data}",
            "--config",
            str(ts_workspace.config),
            f"--junit-path={junit}",
            *map(str, files),
        ],
        cwd=ts_workspace.root,
        env=env,
        timeout=600,
    )
    passed: dict[str, list[str]] = {}
    failed: dict[str, list[str]] = {}
    if junit.is_file():
        for suite in ET.parse(junit).getroot().iter("testsuite"):
            file = Path(suite.get("name", "")).name
            for case in suite.iter("testcase"):
                bucket = failed if case.find("failure") is not None or case.find("error") is not None else passed
                bucket.setdefault(file, []).append(case.get("name", ""))
    output = done.explain()
    if done.returncode != 0 and not failed:  # a type error or a crash before any test ran
        pytest.fail(f"deno test did not run\n{output[-12000:]}")
    summary = re.search(r"^(ok|FAILED) \| \d+ passed.*$", done.stdout, flags=re.MULTILINE)
    assert summary is None or "ignored" not in summary.group(0), summary.group(0) if summary else ""
    return DenoRun(output, passed, failed)


def test_example_sdk_end_to_end(deno_run: DenoRun) -> None:
    deno_run.check("example.test.ts", at_least=7)


def test_the_reference_sdk_suite_passes_against_the_generated_example_sdk(deno_run: DenoRun) -> None:
    deno_run.check("reference_example.test.ts", at_least=16)


def test_the_generated_example_sdk_has_the_reference_shape(deno_run: DenoRun) -> None:
    deno_run.check("reference_shape.test.ts", at_least=4)


def test_hostile_sdk_end_to_end(deno_run: DenoRun) -> None:
    deno_run.check("hostile.test.ts", at_least=4)


def test_omni_sdk_end_to_end(deno_run: DenoRun, shared_dir: Path) -> None:
    deno_run.check("omni.test.ts", at_least=6)


def test_cognite_core_sdk_end_to_end(deno_run: DenoRun, shared_dir: Path) -> None:
    deno_run.check("cognite_core.test.ts", at_least=3)


def test_as_child_class_end_to_end(deno_run: DenoRun, shared_dir: Path) -> None:
    """retrieve(ids, { asChildClass }) on Omni's interfaces and CogniteCore's CogniteDescribable."""
    deno_run.check("child_classes.test.ts", at_least=6)
