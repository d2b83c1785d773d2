"""Requests that get no answer (a dropped connection), which a real server cannot be made to do on cue.

``httpx.MockTransport`` stands in for the network here; the runtime's HTTP client (no retries) runs on top of it.
Items whose request got no answer are reported as ``unknown``: they may or may not have been applied.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pygen_client import DataModelId, ModelFile, PygenClient, SpaceApply
from pygen_runtime import ClientConfig, ContainerId, HTTPClient, MultiRequestError, Token, ViewId


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> PygenClient:
    config = ClientConfig(base_url="http://dms.test", project="p", credentials=Token("t"), max_retries=0)
    return PygenClient(config, http_client=HTTPClient(config, transport=httpx.MockTransport(handler)))


def _body(request: httpx.Request) -> dict[str, Any]:
    content = request.content
    if request.headers.get("content-encoding") == "gzip":
        import gzip

        content = gzip.decompress(content)
    return json.loads(content)


def test_a_chunk_without_an_answer_is_reported_as_unknown() -> None:
    requests = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        if requests == 2:
            raise httpx.ConnectError("connection dropped", request=request)
        items = _body(request)["items"]
        return httpx.Response(200, json={"items": [{**item, "isGlobal": False} for item in items]})

    names = [f"space_{number:03d}" for number in range(150)]
    with pytest.raises(MultiRequestError) as error, _client(handler) as client:
        client.spaces.create([SpaceApply(space=name) for name in names])
    assert [space.space for space in error.value.successful] == names[:100]
    assert error.value.failed == []
    assert error.value.unknown == names[100:]
    assert "100 of 150 item(s) succeeded in 1 of 2 request(s)" in str(error.value)


def test_deploy_reports_the_step_without_an_answer_as_unknown(shop_model: dict[str, Any]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1/projects/p")
        if path == "/models/spaces/byids":
            return httpx.Response(200, json={"items": []})
        if path == "/models/containers":
            raise httpx.ReadTimeout("no answer", request=request)
        items = _body(request)["items"]
        return httpx.Response(200, json={"items": [{**item, "isGlobal": False} for item in items]})

    with pytest.raises(MultiRequestError) as error, _client(handler) as client:
        client.deploy(ModelFile.load(shop_model))
    assert [space.space for space in error.value.successful.spaces] == ["shop"]
    assert error.value.unknown == [ContainerId("shop", "Item"), ContainerId("shop", "Category")]
    assert error.value.failed == [
        ViewId("shop", "Item", "v1"),
        ViewId("shop", "Category", "v1"),
        DataModelId("shop", "Shop", "v1"),
    ]
