"""The npm package: `npm pack` of the tsc build installs into a fresh Node project, type-checks from a NodeNext
TypeScript consumer, and runs a `node --test` smoke test against the emulator."""

from __future__ import annotations

import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]


def test_the_tarball_holds_only_the_build_and_the_manifest(packed_tarball: Path) -> None:
    with tarfile.open(packed_tarball) as archive:
        names = sorted(member.name.removeprefix("package/") for member in archive.getmembers() if member.isfile())
    extras = [name for name in names if not name.startswith("lib/")]
    assert extras == ["README.md", "package.json"], extras
    built = [name for name in names if name.startswith("lib/")]
    assert "lib/index.js" in built
    assert "lib/index.d.ts" in built
    assert all(name.endswith((".js", ".d.ts")) for name in built), built
    assert not any(name.startswith(("lib/tests", "src/")) for name in names)


def test_the_build_rewrites_ts_imports_to_js(packed_tarball: Path) -> None:
    with tarfile.open(packed_tarball) as archive:
        member = archive.extractfile("package/lib/index.js")
        assert member is not None
        text = member.read().decode("utf-8")
    assert 'from "./errors.js"' in text
    assert '.ts"' not in text


@pytest.fixture(scope="module")
def node_project(
    packed_tarball: Path, npm: str, sh: Run, runtime_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A fresh Node project outside the repository with the tarball installed."""
    project = tmp_path_factory.mktemp("node-consumer")
    (project / "package.json").write_text(
        json.dumps({"name": "pygen-runtime-consumer", "private": True, "type": "module"}), encoding="utf-8"
    )
    for name in ("smoke.test.mjs", "consumer.ts", "tsconfig.json", "tsconfig.sdk.json"):
        shutil.copy(runtime_dir / "tests" / "node" / name, project / name)
    shutil.copytree(runtime_dir / "tests" / "example_sdk", project / "example_sdk")
    done = sh([npm, "install", "--no-audit", "--no-fund", "--offline", str(packed_tarball)], cwd=project)
    assert done.returncode == 0, done.explain()
    assert (project / "node_modules" / "pygen-runtime" / "lib" / "index.js").is_file()
    return project


def test_a_nodenext_typescript_project_and_the_example_sdk_type_check_against_the_installed_package(
    node_project: Path, node: str, npm_installed: Path, sh: Run
) -> None:
    """tsc (not deno) resolves `pygen-runtime` through the `exports` map to the shipped .d.ts files."""
    tsc = npm_installed / "typescript" / "bin" / "tsc"
    done = sh([node, str(tsc), "-p", str(node_project / "tsconfig.json")], cwd=node_project)
    assert done.returncode == 0, done.explain()


def test_node_smoke_test_runs_against_the_emulator(
    node_project: Path, node: str, npm_installed: Path, sh: Run, example_emulator: Any
) -> None:
    tsc = npm_installed / "typescript" / "bin" / "tsc"
    compiled = sh([node, str(tsc), "-p", str(node_project / "tsconfig.sdk.json")], cwd=node_project)
    assert compiled.returncode == 0, compiled.explain()
    assert (node_project / "example_sdk_js" / "index.js").is_file()
    done = sh([node, "--test", "smoke.test.mjs"], cwd=node_project, env=example_emulator.env(), timeout=120)
    assert done.returncode == 0, done.explain()
    assert "# pass 4" in done.stdout, done.explain()
    assert "# fail 0" in done.stdout, done.explain()
