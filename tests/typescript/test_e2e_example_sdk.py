"""End-to-end: the hand-written example TypeScript SDK (npm/pygen-runtime/tests/example_sdk) under deno against a
local pygen emulator with the product catalog model: upsert (patch, replace, 2,500 items across requests), retrieve,
list with every filter argument, iterate with resume, search, aggregate (one metric and several named metrics),
histogram, edges, delete, version conflicts, a partly failed batch, OAuth client credentials, /query, /sync, nested
writes and retrieveConnections."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

Run = Callable[..., Any]


def test_example_sdk_runs_against_the_emulator(deno: str, runtime_dir: Path, sh: Run, example_emulator: Any) -> None:
    done = sh(
        [deno, "test", "--no-prompt", "--allow-net", "--allow-env", "tests/e2e/"],
        cwd=runtime_dir,
        env=example_emulator.env(),
        timeout=240,
    )
    assert done.returncode == 0, done.explain()
    summary = re.search(r"^ok \| (\d+) passed.*$", done.stdout, flags=re.MULTILINE)
    assert summary is not None, done.explain()
    assert int(summary.group(1)) >= 16, summary.group(0)
    assert "ignored" not in summary.group(0), summary.group(0)
