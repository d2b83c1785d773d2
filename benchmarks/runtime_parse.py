"""Parse speed of pygen-runtime: 100,000 list-response nodes into typed read objects, against json.loads.

Builds one ``/models/instances/list`` response body of 100,000 nodes of one view with ten properties of mixed
types (text, float64, int32, boolean, date, timestamp, text list, float64 list, enum, direct relation typed as a
generated SDK types it, ``NodeId | Asset | None`` with ``Asset`` a connected view's lazily loaded class) and times,
in the same run, (a) ``json.loads`` of the bytes and (b) parsing the same bytes into typed read objects the way a
generated SDK does (``pygen_runtime`` read class, fields read straight from the nested wire shape).

Target: (b) within 2x of (a). Run: ``uv run python benchmarks/runtime_parse.py [--items N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pygen_runtime import DirectRelation, Node, NodeId, ViewId, lazy_class, property_field, relation_field
from pygen_runtime._parsing import parse_items

VIEW = ViewId("bench", "Reading", "v1")
ASSET = DirectRelation("asset", target_view=ViewId("bench", "Asset", "v1"))

if TYPE_CHECKING:
    from pygen_runtime import Node as Asset
else:  # as generated code binds a connected view's class: a stand-in, never imported here
    Asset = lazy_class("bench_sdk.data_classes._asset", "Asset")


class Reading(Node):
    """What a generated read class looks like for a ten-property view."""

    view_id: ClassVar[ViewId] = VIEW

    name: str | None = property_field(VIEW, "name")
    value: float | None = property_field(VIEW, "value")
    count: int | None = property_field(VIEW, "count")
    is_valid: bool | None = property_field(VIEW, "isValid")
    day: date | None = property_field(VIEW, "day")
    measured_at: datetime | None = property_field(VIEW, "measuredAt")
    tags: list[str] | None = property_field(VIEW, "tags")
    samples: list[float] | None = property_field(VIEW, "samples")
    status: Literal["ok", "warning", "error"] | str | None = property_field(VIEW, "status")
    asset: Annotated[NodeId | Asset | None, ASSET] = relation_field(VIEW, "asset")


def build_body(count: int) -> bytes:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    statuses = ("ok", "warning", "error")
    items = []
    for index in range(count):
        moment = start + timedelta(seconds=17 * index)
        items.append(
            {
                "instanceType": "node",
                "space": "bench_data",
                "externalId": f"reading_{index:06d}",
                "version": 1 + index % 3,
                "createdTime": 1704067200000 + index,
                "lastUpdatedTime": 1704067200000 + 2 * index,
                "properties": {
                    "bench": {
                        "Reading/v1": {
                            "name": f"Reading number {index}",
                            "value": index * 0.25,
                            "count": index % 1000,
                            "isValid": index % 7 != 0,
                            "day": (date(2024, 1, 1) + timedelta(days=index % 365)).isoformat(),
                            "measuredAt": moment.isoformat(timespec="milliseconds"),
                            "tags": ["sensor", f"line-{index % 10}"],
                            "samples": [index * 0.1, index * 0.2, index * 0.3],
                            "status": statuses[index % 3],
                            "asset": {"space": "bench_data", "externalId": f"asset_{index % 500}"},
                        }
                    }
                },
            }
        )
    return json.dumps({"items": items, "nextCursor": None}, separators=(",", ":")).encode()


def timed(run: Callable[[], Any], *, disable_gc: bool = False) -> float:
    gc.collect()
    was_enabled = gc.isenabled()
    if disable_gc:
        gc.disable()
    try:
        started = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - started
    finally:
        if was_enabled:
            gc.enable()
    del result
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    body = build_body(args.items)
    items, _ = parse_items(Reading, body, what="warm-up")  # builds the schema once, as the first real call would
    sample = items[1]
    assert sample.asset == NodeId("bench_data", "asset_1") and sample.status == "warning" and len(items) == args.items
    del items

    loads: list[float] = []
    loads_no_gc: list[float] = []
    runtime: list[float] = []
    for _ in range(args.repeat):  # interleaved, so machine noise hits all three alike
        loads.append(timed(lambda: json.loads(body)))
        loads_no_gc.append(timed(lambda: json.loads(body), disable_gc=True))
        runtime.append(timed(lambda: parse_items(Reading, body, what="bench")))

    print(f"pygen-runtime parse benchmark: {args.items:,} nodes, 10 properties, {len(body) / 1e6:.1f} MB body")
    print(f"Python {platform.python_version()}, repeat {args.repeat}, best and median seconds")
    rows = [
        ("(a)  json.loads(bytes)", loads),
        ("(a') json.loads(bytes), GC disabled", loads_no_gc),
        ("(b)  runtime: bytes -> typed read objects", runtime),
    ]
    for label, values in rows:
        print(f"  {label:<44} best {min(values):.3f}  median {statistics.median(values):.3f}")
    print(f"ratio (b)/(a)  = {min(runtime) / min(loads):.2f}  (target < 2.0; json.loads as users call it)")
    print(
        f"ratio (b)/(a') = {min(runtime) / min(loads_no_gc):.2f}  (json.loads with the cyclic GC off, like the runtime)"
    )


if __name__ == "__main__":
    main()
