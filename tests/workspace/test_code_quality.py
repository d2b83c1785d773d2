"""The whole workspace stays lint-clean, formatted and `mypy --strict` clean (configuration in the root pyproject)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["packages", "tests", "benchmarks", "examples/regenerate.py"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False)


def test_ruff_check_is_clean() -> None:
    result = _run("ruff", "check", "--no-cache", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("ruff", "format", "--check", "--no-cache", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean_for_every_package(tmp_path: Path) -> None:
    sources = sorted(str(path) for path in (REPO_ROOT / "packages").glob("*/src"))
    result = _run("mypy", "--strict", "--cache-dir", str(tmp_path / "mypy-cache"), *sources)
    assert result.returncode == 0, result.stdout + result.stderr
