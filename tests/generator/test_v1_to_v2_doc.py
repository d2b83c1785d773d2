"""``docs/v1-to-v2.md``: every code block runs, in order and as one script, against the emulator with the example
SDK in ``examples/product_catalog`` (the blocks assert what they show)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pygen_client import load_example_model

REPO_ROOT = Path(__file__).resolve().parents[2]
DOC = REPO_ROOT / "docs" / "v1-to-v2.md"


def blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)


def test_the_doc_has_examples_for_each_part() -> None:
    found = blocks()
    assert len(found) == 4
    joined = "\n".join(found)
    for used in ("retrieve_connections=", ".iterate(", ".search(", ".aggregate(", ".histogram(", "_edge.list("):
        assert used in joined, used


def test_every_example_runs_against_the_emulator(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    emulator.load_model(load_example_model().dump())
    monkeypatch.setenv("CDF_URL", emulator.base_url)
    monkeypatch.setenv("CDF_PROJECT", emulator.project)
    monkeypatch.setenv("CDF_TOKEN", emulator.config.token or "any-token")
    for name in ("CDF_CLUSTER", "CDF_CLIENT_ID", "CDF_CLIENT_SECRET", "CDF_TOKEN_URL", "CDF_TENANT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.syspath_prepend(str(REPO_ROOT / "examples" / "product_catalog"))
    namespace: dict[str, Any] = {}
    for index, block in enumerate(blocks()):
        exec(compile(block, f"docs/v1-to-v2.md block {index + 1}", "exec"), namespace)
        if index == 0:  # the instance space the examples write to
            namespace["client"].http.post("/models/spaces", json={"items": [{"space": "shop"}]})
    namespace["client"].close()
