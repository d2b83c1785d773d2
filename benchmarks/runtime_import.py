"""Import time of pygen-runtime relative to ``import httpx, pydantic``.

Each measurement runs in a fresh interpreter: the baseline modules are imported first, then the timed import.
Reported: ``import pygen_runtime`` (its public names load lazily), and resolving every public name (everything a
generated SDK can touch), both on top of ``import httpx, pydantic`` and on top of a pydantic whose ``BaseModel``
machinery is already loaded (``from pydantic import BaseModel, Field, ...``; importing ``pydantic`` alone is lazy, so
the first model class pays for pydantic's own internals), and the path of a generated SDK: the hand-written example SDK of
``tests/runtime/example_sdk`` imported, its client created and one view API used.

Target: ``import pygen_runtime`` adds under 60 ms. Run: ``uv run python benchmarks/runtime_import.py [--repeat R]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

BARE = "import httpx, pydantic"
LOADED = (
    "import httpx, pydantic\nfrom pydantic import AliasPath, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError"
)
ALL_NAMES = "import pygen_runtime\nfor name in pygen_runtime.__all__: getattr(pygen_runtime, name)"
EXAMPLE_SDK = Path(__file__).resolve().parents[1] / "tests" / "runtime"
SDK_PATH = (
    f"import sys\nsys.path.insert(0, {str(EXAMPLE_SDK)!r})\n"
    "from example_sdk import ProductCatalogClient\nfrom pygen_runtime import ClientConfig, Token\n"
    "client = ProductCatalogClient(ClientConfig('http://127.0.0.1:9', 'p', Token('t')))\nclient.product"
)


def measure(baseline: str, timed: str) -> float:
    script = f"{baseline}\nimport time\nstarted = time.perf_counter()\n{timed}\nprint(time.perf_counter() - started)"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return float(output.strip().splitlines()[-1]) * 1000


def total(code: str) -> float:
    script = f"import time\nstarted = time.perf_counter()\n{code}\nprint(time.perf_counter() - started)"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return float(output.strip().splitlines()[-1]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    total(f"{LOADED}\n{ALL_NAMES}")  # warm the bytecode caches

    cases = {
        "import httpx, pydantic (baseline)": lambda: total(BARE),
        "pydantic's BaseModel/Field machinery, after the baseline": lambda: measure(BARE, LOADED),
        "import pygen_runtime, after the baseline": lambda: measure(BARE, "import pygen_runtime"),
        "all public names, after the baseline": lambda: measure(BARE, ALL_NAMES),
        "all public names, after BaseModel is loaded": lambda: measure(LOADED, ALL_NAMES),
        "example SDK: import, client, client.product (baseline)": lambda: measure(BARE, SDK_PATH),
        "example SDK: import, client, client.product (loaded)": lambda: measure(LOADED, SDK_PATH),
    }
    results = {label: [run() for _ in range(args.repeat)] for label, run in cases.items()}
    print(
        f"pygen-runtime import benchmark, Python {sys.version.split()[0]}, median of {args.repeat} fresh interpreters (ms)"
    )
    for label, values in results.items():
        print(f"  {label:<60} {statistics.median(values):7.1f}")
    added = statistics.median(results["import pygen_runtime, after the baseline"])
    print(f"import pygen_runtime adds {added:.1f} ms over import httpx, pydantic (target < 60 ms)")
    print(
        "resolving every public name adds "
        f"{statistics.median(results['all public names, after BaseModel is loaded']):.1f} ms once pydantic's BaseModel is "
        f"loaded ({statistics.median(results['all public names, after the baseline']):.1f} ms including pydantic's own "
        "first-model cost)"
    )
    print(json.dumps({label: round(statistics.median(values), 1) for label, values in results.items()}))


if __name__ == "__main__":
    main()
