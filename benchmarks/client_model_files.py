"""How long pygen-client takes to load, validate, convert and dump every model in ../shared/models.

Run: ``uv run python benchmarks/client_model_files.py [repeats]``. Prints the best of ``repeats`` runs per model
(milliseconds); numbers from a busy machine are noisy.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pygen_client import load_model_file, validate_model

SHARED = Path(os.environ.get("PYGEN_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))


def best_of(repeats: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    paths = sorted((SHARED / "models").glob("*.json"))
    if not paths:
        raise SystemExit(f"no models found in {SHARED / 'models'} (set PYGEN_SHARED_DIR)")
    print(
        f"{'model':32} {'KB':>6} {'views':>5} {'load':>8} {'validate':>9} {'as_apply':>9} {'dump':>7}  (ms, best of {repeats})"
    )
    totals = [0.0, 0.0, 0.0, 0.0]
    for path in paths:
        model = load_model_file(path)
        numbers = [
            best_of(repeats, partial(load_model_file, path)),
            best_of(repeats, partial(validate_model, model)),
            best_of(repeats, model.as_apply),
            best_of(repeats, model.dump),
        ]
        totals = [total + number for total, number in zip(totals, numbers, strict=True)]
        size = path.stat().st_size / 1024
        print(f"{path.name:32} {size:6.0f} {len(model.views):5} " + " ".join(f"{n:8.1f}" for n in numbers))
    print(f"{'total':32} {'':6} {'':5} " + " ".join(f"{n:8.1f}" for n in totals))


if __name__ == "__main__":
    main()
