"""Emulator throughput: apply 100,000 nodes in requests of 1,000, then list them all in pages of 1,000 with a filter.

Targets (issue 3): at least 10,000 nodes/s for apply and 20,000 nodes/s for list, so the emulator is never the
bottleneck when SDKs are measured against it. The server runs in its own process (as `pygen-emulator`), the client
is plain httpx, so the numbers are the emulator's and not the GIL's.

    uv run python benchmarks/emulator_throughput.py [--nodes 100000] [--chunk 1000] [--db :memory:]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from typing import Any

import httpx

SPACE = "bench"
VIEW = {"type": "view", "space": SPACE, "externalId": "Reading", "version": "1"}
CONTAINER = {"type": "container", "space": SPACE, "externalId": "Reading"}


def start_server(db: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pygen_emulator._cli", "--port", "0", "--db", db], stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = re.search(r"at (http://\S+)", process.stderr.readline())
        if match:
            return process, match.group(1)
    process.kill()
    raise RuntimeError("the emulator did not start")


def deploy(client: httpx.Client) -> None:
    client.post("/models/spaces", json={"items": [{"space": SPACE}]}).raise_for_status()
    properties = {
        "name": {"type": {"type": "text"}, "nullable": False},
        "value": {"type": {"type": "float64"}},
        "category": {"type": {"type": "text"}},
        "flag": {"type": {"type": "boolean"}},
        "at": {"type": {"type": "timestamp"}},
    }
    container = {"space": SPACE, "externalId": "Reading", "properties": properties}
    client.post("/models/containers", json={"items": [container]}).raise_for_status()
    view = {
        "space": SPACE,
        "externalId": "Reading",
        "version": "1",
        "properties": {p: {"container": CONTAINER, "containerPropertyIdentifier": p} for p in properties},
    }
    client.post("/models/views", json={"items": [view]}).raise_for_status()


def node(index: int) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": SPACE,
        "externalId": f"reading-{index:07d}",
        "sources": [
            {
                "source": VIEW,
                "properties": {
                    "name": f"Reading {index}",
                    "value": index * 0.5,
                    "category": f"cat-{index % 10}",
                    "flag": index % 2 == 0,
                    "at": f"2024-01-01T00:{index // 60 % 60:02d}:{index % 60:02d}.000Z",
                },
            }
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--db", default=":memory:")
    args = parser.parse_args()
    process, base = start_server(args.db)
    try:
        with httpx.Client(
            base_url=f"{base}/api/v1/projects/pygen", headers={"Authorization": "Bearer bench"}, timeout=120
        ) as client:
            deploy(client)
            bodies = [
                {"items": [node(i) for i in range(start, min(start + args.chunk, args.nodes))]}
                for start in range(0, args.nodes, args.chunk)
            ]
            started = time.perf_counter()
            for body in bodies:
                client.post("/models/instances", json=body).raise_for_status()
            apply_seconds = time.perf_counter() - started

            flt = {"and": [{"hasData": [VIEW]}, {"range": {"property": [SPACE, "Reading/1", "value"], "gte": 0}}]}
            listed = 0
            cursor = None
            started = time.perf_counter()
            while True:
                body: dict[str, Any] = {"sources": [{"source": VIEW}], "filter": flt, "limit": args.chunk}
                if cursor:
                    body["cursor"] = cursor
                page = client.post("/models/instances/list", json=body)
                page.raise_for_status()
                data = page.json()
                listed += len(data["items"])
                cursor = data.get("nextCursor")
                if not cursor:
                    break
            list_seconds = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=20)
    if listed != args.nodes:
        print(f"error: listed {listed} nodes, expected {args.nodes}", file=sys.stderr)
        return 1
    apply_rate, list_rate = args.nodes / apply_seconds, listed / list_seconds
    print(f"apply: {args.nodes} nodes in {apply_seconds:.2f} s = {apply_rate:,.0f} nodes/s (target >= 10,000)")
    print(f"list:  {listed} nodes in {list_seconds:.2f} s = {list_rate:,.0f} nodes/s (target >= 20,000)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
