"""Sibling packages move in lockstep: every pin on a sibling must name that sibling's own version."""

from __future__ import annotations

import importlib
from pathlib import Path

import tomllib
from packaging.requirements import Requirement

REPO_ROOT = Path(__file__).resolve().parents[2]


def _packages() -> dict[str, dict[str, object]]:
    found = {}
    for pyproject in sorted((REPO_ROOT / "packages").glob("*/pyproject.toml")):
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        found[data["project"]["name"]] = data["project"]
    return found


def _requirements(project: dict[str, object]) -> list[Requirement]:
    reqs = [Requirement(r) for r in project.get("dependencies", [])]  # type: ignore[union-attr]
    for extra in (project.get("optional-dependencies") or {}).values():  # type: ignore[union-attr]
        reqs.extend(Requirement(r) for r in extra)
    return reqs


def test_there_are_packages_to_check() -> None:
    assert "pygen-runtime" in _packages()


def test_every_sibling_pin_matches_the_siblings_version() -> None:
    packages = _packages()
    mismatches = []
    for name, project in packages.items():
        for req in _requirements(project):
            if req.name not in packages:
                continue
            sibling_version = packages[req.name]["version"]
            pins = [s for s in req.specifier if s.operator == "=="]
            if len(pins) != 1 or pins[0].version != sibling_version:
                mismatches.append(f"{name} requires {req} but {req.name} is {sibling_version}")
    assert not mismatches, "\n".join(mismatches)


def test_module_version_matches_pyproject() -> None:
    for name, project in _packages().items():
        module = importlib.import_module(name.replace("-", "_"))
        assert module.__version__ == project["version"], (
            f"{name}: __version__ {module.__version__} != {project['version']}"
        )
