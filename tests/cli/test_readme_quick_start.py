"""The README's quick start, run verbatim in a copy of the repository with a fresh virtual environment.

The copy's own test suite is replaced by one small test, so running the README's test command here checks that
the command works (uv installs every package of the copy, pytest finds the tests) without running the whole suite
a second time from inside itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pygen_client import example_model_text
from pygen_emulator import Emulator

_IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis",
    "dist", "build", "*.pyc", "example_sdk",
)  # fmt: skip

_COPY_TEST = """
import importlib
from pathlib import Path


def test_every_package_is_installed_from_this_checkout() -> None:
    root = Path(__file__).resolve().parents[1]
    for name in ("pygen_runtime", "pygen_client", "pygen_emulator", "pygen_generator", "pygen_cli"):
        module = importlib.import_module(name)
        assert root in Path(module.__file__).resolve().parents, (name, module.__file__)
"""


def _quick_start_commands(readme: str) -> list[str]:
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.DOTALL)]


def _fresh_environment(repo_root: Path) -> dict[str, str]:
    """The machine's environment without this test run's virtual environment or any CDF setting."""
    ours = str(Path(sys.executable).parent)
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CDF_", "UV_PROJECT", "PYTEST_")) and name not in {"VIRTUAL_ENV", "PYTHONPATH"}
    }
    environment["PATH"] = os.pathsep.join(
        part for part in environment.get("PATH", "").split(os.pathsep) if part != ours
    )
    return environment


def _run(command: str, cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=environment, capture_output=True, text=True, timeout=900, check=False
    )


@pytest.fixture(scope="module")
def checkout(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("readme") / "pygen"
    shutil.copytree(repo_root, copy, ignore=_IGNORED)
    shutil.rmtree(copy / "tests")
    (copy / "tests").mkdir()
    (copy / "tests" / "test_copy.py").write_text(_COPY_TEST, encoding="utf-8")
    return copy


def test_the_quick_start_has_the_two_commands(repo_root: Path) -> None:
    commands = _quick_start_commands((repo_root / "README.md").read_text(encoding="utf-8"))
    assert len(commands) >= 2
    assert "pygen generate --example" in commands[0]
    # CI runs the README's test command: keep them the same.
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    test_command = commands[1].split("&&")[-1].strip().removeprefix("UV_PYTHON_DOWNLOADS=never ")
    assert f"\n{test_command}\n" in ci, f"{test_command!r} is not what .ci/run runs"


@pytest.mark.slow
def test_the_quick_start_commands_work_verbatim(repo_root: Path, checkout: Path, emulator: Emulator) -> None:
    generate, run_tests, *others = _quick_start_commands((repo_root / "README.md").read_text(encoding="utf-8"))
    environment = _fresh_environment(repo_root)

    generated = _run(generate, checkout, environment)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sdk = checkout / "example_sdk"
    assert (sdk / "product_catalog" / "_client.py").is_file()
    assert f"generated the python SDK in {sdk}: 11 created" in generated.stdout
    imported = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), "-c", "import product_catalog; print(product_catalog.__all__[0])"],
        cwd=sdk, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr

    tested = _run(run_tests, checkout, environment)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert re.search(r"\b1 passed\b", tested.stdout), tested.stdout

    # The example for a model in CDF, against the emulator standing in for CDF.
    for command in others:
        model = json.loads(
            example_model_text().replace('"ProductCatalog"', '"MyModel"').replace("pygen_example", "my_space")
        )
        emulator.load_model(model)
        cdf = {**environment, "CDF_URL": emulator.base_url, "CDF_PROJECT": emulator.project, "CDF_TOKEN": "any"}
        from_cdf = _run(command, checkout, cdf)
        assert from_cdf.returncode == 0, from_cdf.stdout + from_cdf.stderr
        assert (checkout / "sdk" / "my_model" / "_client.py").is_file()
