"""Generated TypeScript SDKs under Node: compiled by tsc (NodeNext, with the strictest options a consumer may turn
on: exactOptionalPropertyTypes, verbatimModuleSyntax, noUnused*) against pygen-runtime installed from its npm
tarball, and the compiled example SDK running under ``node --test`` against the emulator."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "generated"))

from ts_testkit import HERE, Workspace, workspace

Run = Callable[..., Any]
STRICT = {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM"],
    "types": [],
    "strict": True,
    "exactOptionalPropertyTypes": True,
    "noUncheckedIndexedAccess": True,
    "noImplicitOverride": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "isolatedModules": True,
    "verbatimModuleSyntax": True,
    "rewriteRelativeImportExtensions": True,
    "rootDir": ".",
    "outDir": "js",
}


@pytest.fixture(scope="module")
def ts_workspace(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Workspace:
    try:
        shared_dir: Path | None = request.getfixturevalue("shared_dir")
    except pytest.skip.Exception:
        shared_dir = None
    return workspace(tmp_path_factory.getbasetemp() / "ts-generated", shared_dir)


@pytest.fixture(scope="module")
def node_project(
    ts_workspace: Workspace, packed_tarball: Path, npm: str, sh: Run, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A fresh Node project with the runtime tarball installed and the generated SDKs copied in."""
    project = tmp_path_factory.mktemp("node-generated")
    (project / "package.json").write_text(
        json.dumps({"name": "generated-sdk-consumer", "private": True, "type": "module"}), encoding="utf-8"
    )
    done = sh([npm, "install", "--no-audit", "--no-fund", "--offline", str(packed_tarball)], cwd=project)
    assert done.returncode == 0, done.explain()
    for name in ("example", "cognite_core", "pygen_omni", "hostile", "stress", "example_options"):
        if name in ts_workspace.sdks:
            package = ts_workspace.sdks[name].package
            shutil.copytree(ts_workspace.root / package, project / package)
    (project / "tsconfig.json").write_text(
        json.dumps({"compilerOptions": STRICT, "include": ["sdk_*/**/*.ts"]}), encoding="utf-8"
    )
    shutil.copy(HERE / "node_smoke.test.mjs", project / "node_smoke.test.mjs")
    return project


@pytest.mark.slow
def test_generated_sdks_compile_with_strict_tsc_against_the_npm_package(
    node_project: Path, node: str, npm_installed: Path, sh: Run
) -> None:
    tsc = npm_installed / "typescript" / "bin" / "tsc"
    done = sh([node, str(tsc), "-p", str(node_project / "tsconfig.json")], cwd=node_project, timeout=300)
    assert done.returncode == 0, done.explain()
    assert (node_project / "js" / "sdk_example" / "index.js").is_file()
    compiled = (node_project / "js" / "sdk_example" / "api" / "product.js").read_text(encoding="utf-8")
    assert 'from "../data_classes/product.js"' in compiled and '.ts"' not in compiled


def test_the_compiled_example_sdk_runs_under_node(
    node_project: Path, node: str, sh: Run, example_emulator: Any
) -> None:
    if not (node_project / "js" / "sdk_example" / "index.js").is_file():
        pytest.fail("the SDK was not compiled: run the whole module (the compile test comes first)")
    done = sh([node, "--test", "node_smoke.test.mjs"], cwd=node_project, env=example_emulator.env(), timeout=120)
    assert done.returncode == 0, done.explain()
    assert "# pass 2" in done.stdout and "# fail 0" in done.stdout, done.explain()
