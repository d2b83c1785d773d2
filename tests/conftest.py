"""Fixtures shared by every test package.

The real data models and the DMS OpenAPI spec live outside the repository (``../shared`` from the repository root,
or wherever ``PYGEN_SHARED_DIR`` points). Tests that need them take the ``shared_dir`` fixture, which skips with a
clear reason on a machine that has only the repository; CI always has the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["pygen_emulator.pytest_plugin"]


def _shared_dir() -> Path:
    configured = os.environ.get("PYGEN_SHARED_DIR")
    return Path(configured).resolve() if configured else (REPO_ROOT.parent / "shared").resolve()


SHARED_DIR = _shared_dir()
SHARED_MODELS = sorted((SHARED_DIR / "models").glob("*.json")) if SHARED_DIR.is_dir() else []


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED_DIR / "models").is_dir():
        pytest.skip(f"shared reference folder not found at {SHARED_DIR} (set PYGEN_SHARED_DIR to point at it)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def dms_openapi_spec(shared_dir: Path) -> dict[str, object]:
    import json

    spec: dict[str, object] = json.loads((shared_dir / "spec" / "dms-openapi.json").read_text(encoding="utf-8"))
    return spec
