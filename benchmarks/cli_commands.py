"""Wall-clock time of ``pygen`` as a whole process: what a user (or shell completion, or CI) waits for.

Measures, each the median of --repeat fresh processes: ``pygen --version`` (start-up, also what every shell
completion pays), ``pygen generate --example --check`` after a generation (the CI check), and a full
``pygen generate --model-file`` of a model given with --model (default: the bundled example; for example
``--model ../shared/models/cognite_core.json``). Prints the numbers; asserts nothing.

    uv run --all-packages python benchmarks/cli_commands.py [--repeat 5] [--model FILE]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _pygen() -> list[str]:
    script = Path(sys.executable).parent / "pygen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pygen_cli"]


def _time(args: list[str], repeat: int, cwd: Path) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run([*_pygen(), *args], cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if completed.returncode not in (0, 3):
            raise SystemExit(f"pygen {' '.join(args)} failed ({completed.returncode}): {completed.stderr}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--model", type=Path, default=None, help="model file for the full generation (default: the example)"
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pygen-cli-bench-"))
    try:
        source = ["--model-file", str(options.model.resolve())] if options.model else ["--example"]
        print(f"pygen --version:                 {_time(['--version'], options.repeat, work) * 1000:7.0f} ms")
        subprocess.run(
            [*_pygen(), "generate", "--example", "-o", "check", "-q"], cwd=work, check=True, capture_output=True
        )
        print(
            f"pygen generate --example --check: {_time(['generate', '--example', '-o', 'check', '--check'], options.repeat, work) * 1000:7.0f} ms"
        )
        label = options.model.name if options.model else "the example"
        full = _time(["generate", *source, "-o", "full", "--overwrite", "-q"], options.repeat, work)
        print(f"pygen generate ({label}):  {full * 1000:7.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
