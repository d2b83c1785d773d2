"""Import time of a generated SDK (CogniteCore, 33 views) and the cost of the first use of a view's API.

Each measurement runs in a fresh interpreter with the SDK generated to a temporary folder. Reported:
- ``import <sdk>`` plus creating the client, on top of ``import pygen_runtime`` (whose names load lazily, so this
  includes the runtime's own first use of httpx and pydantic), and on top of the runtime's names already loaded
  (the SDK's own cost). Target: under 50 ms over ``import pygen_runtime`` (pygen v1: about 0.6 s for the SDK).
- The first use of one view's API, for every view: ``client.<view>`` (its modules and classes; the classes of the
  views it connects to are lazy stand-ins, not imported) and a first ``client.<view>.list()`` on an in-process
  transport (the schema of the view's read class), median and worst. The list numbers are taken after pydantic's
  one-off process start (its plugin discovery, paid by the first validator of any model in a process), which is
  shown once on its own in ``client.cognite_asset.list()``. Target: under 20 ms.

Run: ``uv run python benchmarks/generator_import.py [--repeat N]``. Numbers on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PYGEN_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()
RUNTIME_NAMES = (
    "import pygen_runtime\nfrom pygen_runtime import ClientConfig, Token, InstanceClient, InstanceAPI, InstanceFilters, "
    "Node, Edge, NodeWrite, EdgeWrite, InstanceList, property_field, relation_field, DirectRelation, EdgeConnection, "
    "ReverseDirectRelation, TextProperty, and_filters\nimport httpx"
)
CLIENT = "import sdk_core\nfrom pygen_runtime import ClientConfig, Token\nclient = sdk_core.CogniteCoreClient(ClientConfig('http://127.0.0.1:9', 'p', Token('t')))"
LIST_ONCE = """
import httpx
from pygen_runtime import ClientConfig, Token
import sdk_core
transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"items": []}))
client = sdk_core.CogniteCoreClient(ClientConfig("http://x", "p", Token("t")), transport=transport)
"""
PYDANTIC_STARTED = "from pydantic import TypeAdapter\nTypeAdapter(int)"


def measure(folder: Path, before: str, timed: str) -> float:
    script = (
        f"import sys, time\nsys.path.insert(0, {str(folder)!r})\n{before}\n"
        f"started = time.perf_counter()\n{timed}\nprint(time.perf_counter() - started)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1]) * 1000


def median(folder: Path, before: str, timed: str, repeat: int) -> float:
    return statistics.median(measure(folder, before, timed) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from pygen_client import load_model_file
    from pygen_generator import generate_sdk, write_sdk

    with tempfile.TemporaryDirectory() as output:
        folder = Path(output)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            write_sdk(
                generate_sdk(load_model_file(SHARED / "models" / "cognite_core.json"), package="sdk_core"), folder
            )
        measure(folder, RUNTIME_NAMES, CLIENT)  # warm the bytecode caches
        results = {
            "import pygen_runtime": median(folder, "", "import pygen_runtime", args.repeat),
            "sdk import + client, after import pygen_runtime": median(
                folder, "import pygen_runtime", CLIENT, args.repeat
            ),
            "sdk import + client, runtime names loaded": median(folder, RUNTIME_NAMES, CLIENT, args.repeat),
            "client.cognite_asset (first use)": median(
                folder, f"{RUNTIME_NAMES}\n{CLIENT}", "client.cognite_asset", args.repeat
            ),
            "client.cognite_asset.list() (first use, mock HTTP)": median(
                folder, f"{RUNTIME_NAMES}\n{LIST_ONCE}", "client.cognite_asset.list()", args.repeat
            ),
        }
        sys.path.insert(0, str(folder))
        import sdk_core

        attributes = [name for name, value in vars(sdk_core.CogniteCoreClient).items() if hasattr(value, "attrname")]
        per_view = {name: median(folder, f"{RUNTIME_NAMES}\n{CLIENT}", f"client.{name}", 3) for name in attributes}
        per_view_list = {
            name: median(folder, f"{RUNTIME_NAMES}\n{LIST_ONCE}\n{PYDANTIC_STARTED}", f"client.{name}.list()", 3)
            for name in attributes
        }
        print(
            f"generated CogniteCore SDK import benchmark, Python {sys.version.split()[0]}, median of {args.repeat} fresh interpreters (ms)"
        )
        for label, value in results.items():
            print(f"  {label:<55} {value:7.1f}")
        for label, timings in (("client.<view>", per_view), ("client.<view>.list()", per_view_list)):
            values = sorted(timings.values())
            under = sum(1 for value in values if value < 20)
            print(
                f"  first {label} over {len(values)} APIs: median {statistics.median(values):.1f}, "
                f"best {values[0]:.1f}, worst {values[-1]:.1f} ({max(timings, key=timings.__getitem__)}); "
                f"{under} of {len(values)} under 20 ms"
            )
        print(
            json.dumps(
                {
                    **{key: round(value, 1) for key, value in results.items()},
                    "per_view": {k: round(v, 1) for k, v in per_view.items()},
                    "per_view_list": {k: round(v, 1) for k, v in per_view_list.items()},
                }
            )
        )


if __name__ == "__main__":
    main()
