"""Regenerate the committed example SDKs: ``uv run python examples/regenerate.py`` (``--check`` only compares).

- ``product_catalog/``: the SDK of pygen's bundled example model (also described by its ``pygen.toml``, so
  ``pygen generate`` in that folder does the same).
- ``product_catalog_ts/``: the TypeScript SDK of the same model (its ``pygen.toml`` says ``language =
  "typescript"``); it imports the npm package ``pygen-runtime``.
- ``omni/``: the SDK of ``pygen_Omni``, the coverage model, read from the shared reference folder
  (``$PYGEN_SHARED_DIR``, default ``../shared`` next to the repository).

``tests/generator/test_examples.py`` fails when these files differ from what the generator produces.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path
from typing import Any

from pygen_client import load_example_model, load_model_file
from pygen_generator import generate_sdk, write_sdk

EXAMPLES_DIR = Path(__file__).resolve().parent
REPO_ROOT = EXAMPLES_DIR.parent


def shared_dir() -> Path:
    configured = os.environ.get("PYGEN_SHARED_DIR")
    return Path(configured).resolve() if configured else (REPO_ROOT.parent / "shared").resolve()


def examples() -> dict[str, tuple[Any, dict[str, Any]]]:
    """folder name -> (model, generate_sdk options)."""
    return {
        "product_catalog": (load_example_model(), {"package": "product_catalog"}),
        "product_catalog_ts": (load_example_model(), {"package": "product_catalog", "language": "typescript"}),
        "omni": (load_model_file(shared_dir() / "models" / "pygen_Omni.json"), {"package": "omni"}),
    }


def generate(name: str) -> dict[Path, str]:
    model, options = examples()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the renames are expected, and described in each SDK's docstrings
        return generate_sdk(model, **options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the committed files are current")
    args = parser.parse_args()
    stale = False
    for name in examples():
        files = generate(name)
        folder = EXAMPLES_DIR / name
        if args.check:
            differ = [
                path
                for path, text in files.items()
                if not (folder / path).is_file() or (folder / path).read_text(encoding="utf-8") != text
            ]
            stale = stale or bool(differ)
            print(f"{name}: {'out of date: ' + ', '.join(map(str, differ)) if differ else 'up to date'}")
        else:
            result = write_sdk(files, folder, overwrite=True)
            print(
                f"{name}: {len(result.written)} written, {len(result.unchanged)} unchanged, {len(result.removed)} removed"
            )
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
