"""The programmatic API and the command: model and instance files, persistence in a SQLite file, reset, the CLI."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pygen_emulator import Emulator, EmulatorConfig, EmulatorError, ModelLoadError

MODELS = sorted(
    p.name
    for p in (Path(os.environ.get("PYGEN_SHARED_DIR", Path(__file__).parents[3] / "shared")) / "models").glob("*.json")
)


@pytest.mark.parametrize("name", MODELS)
def test_every_shared_model_loads_and_reads_back(shared_dir: Path, name: str) -> None:
    document = json.loads((shared_dir / "models" / name).read_text())
    emulator = Emulator()
    counts = emulator.load_model(shared_dir / "models" / name)
    assert counts["views"] == len(document["views"]) and counts["containers"] == len(document.get("containers", []))
    with emulator:
        response = httpx.post(
            f"{emulator.api_url}/models/datamodels/byids",
            params={"inlineViews": "true"},
            json={"items": [{k: document[k] for k in ("space", "externalId", "version")}]},
            headers={"Authorization": "Bearer t"},
        )
    [model] = response.json()["items"]
    assert [v["externalId"] for v in model["views"]] == [v["externalId"] for v in document["views"]]
    for want, got in zip(document["views"], model["views"], strict=True):
        assert set(got["properties"]) == set(want["properties"]), want["externalId"]
        assert got["writable"] == want["writable"], want["externalId"]
        assert got["usedFor"] == want["usedFor"], want["externalId"]
        for pid, prop in want["properties"].items():
            if "container" in prop:
                assert got["properties"][pid]["type"]["type"] == prop["type"]["type"], (want["externalId"], pid)
            else:
                assert got["properties"][pid]["connectionType"] == prop["connectionType"], (want["externalId"], pid)


def test_model_file_errors_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ModelLoadError, match=r"broken\.json is not valid JSON"):
        Emulator().load_model(broken)
    with pytest.raises(ModelLoadError, match="does not exist"):
        Emulator().load_model(tmp_path / "missing.json")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("space: s\nexternalId: M\nversion: '1'\nviews: [{space: s, externalId: V}]\n")
    with pytest.raises(ModelLoadError, match=r"wrong\.yaml: views\[0\] is not an inline view definition"):
        Emulator().load_model(wrong)
    bad_container = {
        "space": "s",
        "externalId": "M",
        "version": "1",
        "views": [],
        "containers": [{"space": "s", "externalId": "C", "properties": {"p": {"type": {"type": "decimal"}}}}],
    }
    with pytest.raises(ModelLoadError, match=r"cannot create the containers: .*unknown property type 'decimal'"):
        Emulator().load_model(bad_container)


def test_load_instances_from_a_list_and_reset(plant: Emulator) -> None:
    written = plant.load_instances(
        [
            {
                "instanceType": "node",
                "space": "fresh",
                "externalId": "n1",
                "properties": {"plant": {"Asset/1": {"name": "one"}}},
            },
            {
                "instanceType": "edge",
                "space": "fresh",
                "externalId": "e1",
                "type": {"space": "plant", "externalId": "feeds"},
                "startNode": {"space": "fresh", "externalId": "n1"},
                "endNode": {"space": "fresh", "externalId": "n2"},
                "properties": {"plant": {"FlowEdge/1": {"amount": 1.5}}},
            },
        ]
    )
    assert written == 2
    with httpx.Client(base_url=plant.api_url, headers={"Authorization": "Bearer t"}) as client:
        edges = client.post("/models/instances/list", json={"instanceType": "edge"}).json()["items"]
        assert [e["externalId"] for e in edges] == ["e1"]
        plant.reset()
        assert client.get("/models/spaces").json()["items"] == []
        assert client.post("/models/instances/list", json={}).json()["items"] == []
    with pytest.raises(ModelLoadError, match="item 0: expected a node or edge"):
        plant.load_instances([{"space": "x"}])


def test_file_database_survives_a_restart(tmp_path: Path, omni_model_path: Path, omni_instances_path: Path) -> None:
    db = tmp_path / "emulator.sqlite"
    with Emulator(EmulatorConfig(db=db)) as first:
        first.load_model(omni_model_path)
        first.load_instances(omni_instances_path)
        before = httpx.post(
            f"{first.api_url}/models/instances/list", json={"limit": 1000}, headers={"Authorization": "Bearer t"}
        ).json()
        httpx.post(
            f"{first.api_url}/models/instances/delete",
            json={
                "items": [
                    {
                        "instanceType": "node",
                        "space": "sp_omni_instances",
                        "externalId": before["items"][0]["externalId"],
                    }
                ]
            },
            headers={"Authorization": "Bearer t"},
        )
    with Emulator(EmulatorConfig(db=db)) as second:
        headers = {"Authorization": "Bearer t"}
        after = httpx.post(f"{second.api_url}/models/instances/list", json={"limit": 1000}, headers=headers).json()
        assert len(after["items"]) == len(before["items"]) - 1
        views = httpx.get(f"{second.api_url}/models/views", params={"limit": 1000}, headers=headers).json()["items"]
        assert len(views) == 23
        item = {"instanceType": "node", "space": "sp_omni_instances", "externalId": "after-restart"}
        [written] = httpx.post(f"{second.api_url}/models/instances", json={"items": [item]}, headers=headers).json()[
            "items"
        ]
        assert written["version"] == 1
        assert len({i["externalId"] for i in after["items"]}) == len(after["items"])


def test_start_errors_and_addresses() -> None:
    emulator = Emulator(EmulatorConfig(project="proj"))
    with pytest.raises(EmulatorError, match="not started"):
        _ = emulator.base_url
    with emulator:
        assert emulator.running and emulator.api_url == f"http://127.0.0.1:{emulator.port}/api/v1/projects/proj"
        assert emulator.token_url.endswith("/oauth2/token")
        taken = emulator.port
        with pytest.raises(EmulatorError, match="cannot listen"):
            Emulator(EmulatorConfig(port=taken)).start()
    assert not emulator.running


def test_command_serves_until_terminated(omni_model_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pygen_emulator._cli",
            "--port",
            "0",
            "--token",
            "cli-secret",
            "--model",
            str(omni_model_path),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        lines: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            lines.append(line)
            if "serving project" in line:
                break
        match = re.search(r"at (http://\S+)", "".join(lines))
        assert match, lines
        base = match.group(1)
        response = httpx.get(
            f"{base}/api/v1/projects/pygen/models/views",
            params={"limit": 100},
            headers={"Authorization": "Bearer cli-secret"},
        )
        assert len(response.json()["items"]) == 23
        assert (
            httpx.get(f"{base}/api/v1/projects/pygen/models/views", headers={"Authorization": "Bearer x"}).status_code
            == 401
        )
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_command_reports_bad_files(tmp_path: Path) -> None:
    from pygen_emulator._cli import main

    assert main(["--port", "0", "--model", str(tmp_path / "nope.json")]) == 1
