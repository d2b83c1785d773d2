"""``pygen generate --check`` on the committed ``examples/``: passes as committed, fails after a one-line change to
the model. Each example folder with a ``pygen.toml`` is checked (the config says which model and options)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pygen_client import example_model_text

if TYPE_CHECKING:
    from .conftest import Run


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIGS = sorted((REPO_ROOT / "examples").glob("**/pygen.toml"))


def _changed_model(config: Path, target: Path) -> Path:
    """The example's model with the first view's description changed (one line of the file; the data model's own
    description does not appear in the SDK)."""
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    if settings.get("example"):
        text = example_model_text()
        suffix = ".json"
    else:
        files = settings["model_file"] if isinstance(settings["model_file"], list) else [settings["model_file"]]
        source = (config.parent / files[0]).resolve()
        text, suffix = source.read_text(encoding="utf-8"), source.suffix
    views, marker = ('"views"', '"description": "') if suffix == ".json" else ("views:", "description: ")
    start = text.find(marker, text.find(views))
    assert text.find(views) >= 0 and start >= 0, f"no view description to change in the model of {config}"
    changed = text[:start] + text[start:].replace(marker, f"{marker}Changed. ", 1)
    assert changed.count("\n") == text.count("\n")
    target.write_text(changed, encoding="utf-8")
    return target


def test_the_committed_examples_are_described_by_pygen_toml() -> None:
    # Without this, removing a pygen.toml would silently drop its example from the check below.
    folders = {str(config.parent.relative_to(REPO_ROOT)) for config in EXAMPLE_CONFIGS}
    assert {"examples/product_catalog", "examples/product_catalog_ts"} <= folders


@pytest.mark.parametrize("config", EXAMPLE_CONFIGS, ids=lambda path: str(path.parent.relative_to(REPO_ROOT)))
def test_check_on_the_committed_examples(pygen_process: Callable[..., Run], config: Path, tmp_path: Path) -> None:
    run = pygen_process("generate", "--check", cwd=config.parent)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("up to date: ")
    changed = _changed_model(config, tmp_path / "changed.json")
    run = pygen_process("generate", "--check", "--config", str(config), "--model-file", str(changed))
    assert run.exit_code == 3, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1].startswith("out of date: ")
    assert run.stdout.splitlines()[-1].endswith(
        "file(s) differ from what pygen generate would write; run it without --check to update them"
    )
