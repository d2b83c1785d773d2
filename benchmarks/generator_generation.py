"""Generation time of pygen-generator, as a whole process and in process, and the size of what it generates.

Measured:
- CogniteCore (33 views) generated and written by a fresh interpreter (import, load the model file, generate,
  write): the time a user waits for ``pygen generate``, without the CLI's own start-up. Target < 1.0 s (pygen v1:
  about 7.5 s).
- A synthetic 500-view model (``pygen_generator.synthetic_model``, saved to a file first), the same way.
  Target < 5 s.
- In process: load, IR and emit per model, and generated lines per view (pygen v1: about 1,400).

Run: ``uv run python benchmarks/generator_generation.py [--repeat N] [--language python|typescript]``. Numbers on a shared machine are noisy;
each is the median of N fresh processes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Literal, cast

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PYGEN_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()

WHOLE_PROCESS = """
import sys, time, warnings
started = time.perf_counter()
from pygen_client import load_model_file
from pygen_generator import generate_sdk, write_sdk
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    files = generate_sdk(load_model_file(sys.argv[1]), package="sdk", language=sys.argv[3])
write_sdk(files, sys.argv[2], overwrite=True)
print(time.perf_counter() - started)
"""


def whole_process(model: Path, repeat: int, language: str) -> tuple[float, float]:
    """Median seconds of a fresh ``python`` generating ``model``: measured outside (process start to exit) and
    inside (first import to written files)."""
    outside, inside = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as output:
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", WHOLE_PROCESS, str(model), output, language],
                capture_output=True,
                text=True,
                check=True,
            )
            outside.append(time.perf_counter() - started)
            inside.append(float(result.stdout.strip().splitlines()[-1]))
    return statistics.median(outside), statistics.median(inside)


def in_process(path: Path, language: str) -> dict[str, float]:
    from pygen_client import load_model_file
    from pygen_generator import build_ir, generate_sdk

    started = time.perf_counter()
    model = load_model_file(path)
    loaded = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ir = build_ir(model)
        built = time.perf_counter()
        files = generate_sdk(model, package="sdk", language=cast(Literal["python", "typescript"], language))
    emitted = time.perf_counter()
    lines = sum(text.count("\n") for path, text in files.items() if path.suffix in (".py", ".ts"))
    return {
        "views": len(ir.views),
        "load_ms": (loaded - started) * 1000,
        "ir_ms": (built - loaded) * 1000,
        "generate_ms": (emitted - built) * 1000,
        "files": len(files),
        "lines": lines,
        "lines_per_view": lines / len(ir.views),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--language", choices=("python", "typescript"), default="python")
    args = parser.parse_args()
    from pygen_generator import synthetic_model

    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / "synthetic_500.json"
        synthetic.write_text(json.dumps(synthetic_model(500).dump()), encoding="utf-8")
        core = SHARED / "models" / "cognite_core.json"
        print(
            f"pygen-generator generation benchmark ({args.language} SDKs), Python {sys.version.split()[0]}, "
            f"median of {args.repeat} processes"
        )
        results = {}
        for label, path, target in (("CogniteCore (33 views)", core, 1.0), ("synthetic (500 views)", synthetic, 5.0)):
            outside, inside = whole_process(path, args.repeat, args.language)
            results[label] = {"process_s": round(outside, 3), "import_to_written_s": round(inside, 3)}
            verdict = "meets" if outside < target else "MISSES"
            print(
                f"  {label:<24} whole process {outside:6.3f} s (import..written {inside:6.3f} s); target < {target} s: {verdict}"
            )
        print(f"in process (load / IR / generate, generated {args.language} lines):")
        models = sorted((SHARED / "models").glob("*.json")) if SHARED.is_dir() else []
        for path in [*models, synthetic]:
            numbers = in_process(path, args.language)
            results[path.stem] = {key: round(value, 1) for key, value in numbers.items()}
            print(
                f"  {path.stem:<28} {int(numbers['views']):4d} views  load {numbers['load_ms']:7.1f} ms  "
                f"IR {numbers['ir_ms']:6.1f} ms  generate_sdk {numbers['generate_ms']:7.1f} ms  "
                f"{int(numbers['lines']):7d} lines ({numbers['lines_per_view']:5.0f} per view; v1 ~1,400)"
            )
        print(json.dumps(results))


if __name__ == "__main__":
    main()
