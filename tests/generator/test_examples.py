"""The committed ``examples/`` are exactly what the generator produces now (``examples/regenerate.py`` rewrites
them); and the example SDK does what its README shows."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def regenerate(shared_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_regenerate", EXAMPLES / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["product_catalog", "product_catalog_ts", "omni"])
def test_the_committed_example_is_what_the_generator_produces(regenerate: ModuleType, name: str) -> None:
    files = regenerate.generate(name)
    folder = EXAMPLES / name
    differ = [
        str(path)
        for path, text in files.items()
        if not (folder / path).is_file() or (folder / path).read_text(encoding="utf-8") != text
    ]
    assert not differ, f"examples/{name} is out of date (run `uv run python examples/regenerate.py`): {differ[:10]}"
    package = next(iter(files)).parts[0]
    on_disk = {
        path.relative_to(folder)
        for path in (folder / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert on_disk == set(files), (
        f"examples/{name} has files the generator no longer writes: {sorted(on_disk - set(files))}"
    )
    manifest = json.loads((folder / ".pygen-manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(path.as_posix() for path in files)


def test_the_regeneration_script_reports_current_examples(
    regenerate: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["regenerate.py", "--check"])
    assert regenerate.main() == 0
    assert capsys.readouterr().out.splitlines() == [
        "product_catalog: up to date",
        "product_catalog_ts: up to date",
        "omni: up to date",
    ]


def test_the_readme_snippet_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    snippet = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.syspath_prepend(str(EXAMPLES / "product_catalog"))
    namespace: dict[str, object] = {}
    exec(compile(snippet, "examples/README.md", "exec"), namespace)
    assert namespace["found"].as_external_ids() == ["p1"]  # type: ignore[attr-defined]
    assert namespace["product"].category.name == "Chairs"  # type: ignore[attr-defined]
