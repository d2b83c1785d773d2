"""The README's "What a generated SDK looks like" code runs as written against the emulator, on examples/."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]

_CHECKS = """
from pygen_runtime import NodeId

assert [item.external_id for item in cheap] == ["chair"]
assert [(group.group, group.value) for group in per_category] == [
    ({"category": NodeId("pygen_example", "furniture")}, 1)
]
assert type(product.category).__name__ == "Category" and product.category.name == "Furniture"
print("ok")
"""


def _readme_code() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What a generated SDK looks like", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    return code


def test_the_readme_sdk_code_runs_against_the_emulator(emulator: Any, tmp_path: Path) -> None:
    from pygen_client import example_model_text

    emulator.load_model(json.loads(example_model_text()))
    script = tmp_path / "readme_example.py"
    script.write_text(_readme_code() + _CHECKS, encoding="utf-8")
    environment = {
        "CDF_URL": emulator.base_url,
        "CDF_PROJECT": emulator.project,
        "CDF_TOKEN": emulator.config.token or "any-token",
        "PYTHONPATH": str(REPO_ROOT / "examples" / "product_catalog"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, str(script)], env=environment, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"
