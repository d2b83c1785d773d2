"""The TypeScript runtime under deno: type check, lint, formatting and the unit tests (one `deno test` run).

The unit tests use a scripted fake `fetch` for what a server cannot do on demand (exact retry sequences, stalls,
exact request bodies); behaviour against a real server is covered by test_e2e_example_sdk.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomllib

Run = Callable[..., Any]


def test_deno_check_passes_for_source_tests_and_the_example_sdk(deno: str, runtime_dir: Path, sh: Run) -> None:
    done = sh([deno, "check", "src/", "tests/"], cwd=runtime_dir)
    assert done.returncode == 0, done.explain()


def test_deno_lint_passes(deno: str, runtime_dir: Path, sh: Run) -> None:
    done = sh([deno, "lint"], cwd=runtime_dir)
    assert done.returncode == 0, done.explain()


def test_deno_fmt_check_passes(deno: str, runtime_dir: Path, sh: Run) -> None:
    done = sh([deno, "fmt", "--check"], cwd=runtime_dir)
    assert done.returncode == 0, done.explain()


def test_deno_unit_tests_pass(deno: str, runtime_dir: Path, sh: Run) -> None:
    done = sh([deno, "test", "--no-prompt", "tests/unit/"], cwd=runtime_dir)
    assert done.returncode == 0, done.explain()
    summary = re.search(r"^ok \| (\d+) passed.*$", done.stdout, flags=re.MULTILINE)
    assert summary is not None, done.explain()
    assert int(summary.group(1)) >= 100, f"expected the whole unit suite to run: {summary.group(0)}"
    assert "ignored" not in summary.group(0), f"no unit test may be ignored: {summary.group(0)}"


def test_versions_move_in_lockstep_with_the_python_packages(runtime_dir: Path, repo_root: Path) -> None:
    package = json.loads((runtime_dir / "package.json").read_text(encoding="utf-8"))
    deno_json = json.loads((runtime_dir / "deno.json").read_text(encoding="utf-8"))
    version_ts = (runtime_dir / "src" / "version.ts").read_text(encoding="utf-8")
    python = tomllib.loads((repo_root / "packages" / "pygen-runtime" / "pyproject.toml").read_text(encoding="utf-8"))
    expected = python["project"]["version"]
    assert package["version"] == expected
    assert deno_json["version"] == expected
    assert f'VERSION = "{expected}"' in version_ts


def test_package_json_exports_types_first_and_ships_only_the_build(runtime_dir: Path) -> None:
    package = json.loads((runtime_dir / "package.json").read_text(encoding="utf-8"))
    assert package["name"] == "pygen-runtime"
    assert package["type"] == "module"
    root_export = package["exports"]["."]
    assert next(iter(root_export)) == "types", "TypeScript reads the first matching condition: types must come first"
    assert root_export["types"] == "./lib/index.d.ts"
    assert root_export["import"] == "./lib/index.js"
    assert all(entry.startswith("lib/") for entry in package["files"]), package["files"]
    assert "dependencies" not in package, "the runtime has no runtime dependencies"
    assert set(package["devDependencies"]) == {"typescript"}
    lock = json.loads((runtime_dir / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/typescript"]["version"] == package["devDependencies"]["typescript"]


def test_deno_json_has_the_tasks_and_no_node_modules_dir(runtime_dir: Path) -> None:
    deno_json = json.loads((runtime_dir / "deno.json").read_text(encoding="utf-8"))
    assert deno_json["nodeModulesDir"] == "none"
    assert {"check", "lint", "fmt", "test"} <= set(deno_json["tasks"])
    assert "--check" in deno_json["tasks"]["fmt"]


def test_sources_use_only_relative_ts_imports(runtime_dir: Path) -> None:
    """No jsr:, npm: or URL imports in the runtime: it must build with plain tsc and run anywhere."""
    offenders = []
    for path in sorted((runtime_dir / "src").glob("*.ts")):
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(r'^\s*(?:import|export)\b.*\bfrom\s+"([^"]+)"', line)
            if match and not (match.group(1).startswith("./") and match.group(1).endswith(".ts")):
                offenders.append(f"{path.name}:{line_number}: {match.group(1)}")
    assert not offenders, offenders
