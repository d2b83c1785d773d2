"""A first conformance pass: the Omni model and instances read back through every read endpoint."""

from __future__ import annotations

import httpx
from pygen_emulator import Emulator

VIEW = {"type": "view", "space": "sp_pygen_models", "externalId": "PrimitiveNullable", "version": "1"}


def test_schema_lists_conform(omni: Emulator, api: httpx.Client) -> None:
    for path in ("/models/spaces", "/models/containers", "/models/views", "/models/datamodels"):
        response = api.get(path, params={"limit": 1000})
        assert response.status_code == 200, response.text
        assert response.json()["items"]
    response = api.get("/models/datamodels", params={"inlineViews": "true"})
    assert response.status_code == 200
    assert len(response.json()["items"][0]["views"]) == 23


def test_instance_reads_conform(omni: Emulator, api: httpx.Client) -> None:
    response = api.post("/models/instances/list", json={"sources": [{"source": VIEW}], "includeTyping": True})
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == 5
