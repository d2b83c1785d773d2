"""Eight client threads upsert and read at once for 20 seconds: no write is lost and no read is torn.

Each thread owns ten Pump nodes and writes them as one batch, setting ``count`` (Asset container) and ``flow``
(Pump container) to the same value ``k`` each round. A consistent read must therefore see, for every thread's batch,
one single ``k`` on all ten nodes and in both containers. At the end every node holds its thread's last ``k`` and has
one version per write.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
from pygen_emulator import Emulator

S = "plant"
PUMP = {"type": "view", "space": S, "externalId": "Pump", "version": "1"}
THREADS = 8
NODES_PER_THREAD = 10
DURATION = 20.0


def batch(thread: int, k: int) -> dict[str, Any]:
    return {
        "items": [
            {
                "instanceType": "node",
                "space": S,
                "externalId": f"t{thread}-n{n}",
                "sources": [{"source": PUMP, "properties": {"name": f"t{thread}", "count": k, "flow": float(k)}}],
            }
            for n in range(NODES_PER_THREAD)
        ]
    }


def read_all(client: httpx.Client) -> list[dict[str, Any]]:
    response = client.post("/models/instances/list", json={"sources": [{"source": PUMP}], "limit": 1000})
    response.raise_for_status()
    return response.json()["items"]  # type: ignore[no-any-return]


@pytest.mark.slow
def test_eight_threads_lose_no_write_and_see_no_torn_read(plant: Emulator) -> None:
    problems: list[str] = []
    writes = [0] * THREADS
    reads = [0] * THREADS
    deadline = time.monotonic() + DURATION

    def check(items: list[dict[str, Any]]) -> None:
        seen: dict[str, set[Any]] = {}
        for item in items:
            props = item["properties"][S]["Pump/1"]
            if props["flow"] != float(props["count"]):
                problems.append(
                    f"torn across containers: {item['externalId']} has count {props['count']}, flow {props['flow']}"
                )
            seen.setdefault(props["name"], set()).add(props["count"])
        for name, values in seen.items():
            if len(values) != 1:
                problems.append(f"torn across a batch: the nodes of {name} have counts {sorted(values)}")

    def worker(thread: int) -> None:
        with httpx.Client(base_url=plant.api_url, headers={"Authorization": "Bearer t"}, timeout=30) as client:
            k = 0
            while time.monotonic() < deadline and not problems:
                k += 1
                response = client.post("/models/instances", json=batch(thread, k))
                if response.status_code != 200 or not all(i["wasModified"] for i in response.json()["items"]):
                    problems.append(f"thread {thread} write {k}: {response.status_code} {response.text[:200]}")
                    return
                writes[thread] = k
                check(read_all(client))
                reads[thread] += 1

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DURATION + 60)
    assert not problems, problems[:5]
    assert min(writes) > 5 and sum(reads) > 40, (writes, reads)
    with httpx.Client(base_url=plant.api_url, headers={"Authorization": "Bearer t"}) as client:
        final = {item["externalId"]: item for item in read_all(client)}
    assert len(final) == THREADS * NODES_PER_THREAD
    for thread in range(THREADS):
        for n in range(NODES_PER_THREAD):
            item = final[f"t{thread}-n{n}"]
            assert item["properties"][S]["Pump/1"]["count"] == writes[thread], (
                "the last acknowledged write is what is stored"
            )
            assert item["version"] == writes[thread], "one version per write: no write was lost or merged"
