"""Reverse relations through a list of direct relations (Omni's ``ConnectionItemE.directReverseMulti``, through
``ConnectionItemD.directMulti``), end to end against the emulator: DMS cannot traverse a list inwards, so the runtime
filters with ``containsAny`` (at most 100 values per request), and a node that names the same target twice, or is
found by several requests, appears once."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest
from generator_testkit import GeneratedSDK
from pygen_runtime import ClientConfig, NodeId, Token

SPACE = "rev"
EVERY = 230  # three requests of values: 100, 100 and 30
WIDE = ["e000", "e150", "e229"]  # d_wide names one target of each request of values


class Recording(httpx.BaseTransport):
    """The real HTTP transport, keeping the JSON body of every request."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.bodies: list[tuple[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        if request.headers.get("content-encoding") == "gzip":
            content = gzip.decompress(content)
        self.bodies.append((request.url.path, json.loads(content) if content else None))
        return self.inner.handle_request(request)

    def queries(self) -> list[Any]:
        return [body for path, body in self.bodies if path.endswith("/models/instances/query")]


@pytest.fixture
def omni_sdk(generated_sdks: dict[str, GeneratedSDK], shared_dir: Any) -> GeneratedSDK:
    return generated_sdks["pygen_omni"]


@pytest.fixture
def seeded(emulated: Any, emulator: Any, omni_sdk: GeneratedSDK) -> tuple[Any, Recording, dict[str, set[str]]]:
    """Omni deployed with 230 E nodes and D nodes pointing at them through directMulti; a client recording its
    requests; and the expected reverse relation of every E."""
    emulated(omni_sdk, space=SPACE)
    sdk = omni_sdk.module()
    recording = Recording()
    config = ClientConfig(emulator.base_url, emulator.project, Token(emulator.config.token or "t"))
    client = omni_sdk.client_class(config, default_space=SPACE, transport=recording)
    targets = [f"e{index:03d}" for index in range(EVERY)]
    items: list[Any] = [sdk.ConnectionItemEWrite(space=SPACE, external_id=xid, name=xid) for xid in targets]
    expected: dict[str, set[str]] = {xid: set() for xid in targets}
    for index, xid in enumerate(targets):
        following = targets[(index + 1) % EVERY]
        items.append(
            sdk.ConnectionItemDWrite(
                space=SPACE,
                external_id=f"d{index:03d}",
                name=f"points at {xid}",
                direct_multi=[NodeId(SPACE, xid), NodeId(SPACE, following), NodeId(SPACE, xid)],  # xid twice
            )
        )
        expected[xid].add(f"d{index:03d}")
        expected[following].add(f"d{index:03d}")
    items.append(
        sdk.ConnectionItemDWrite(
            space=SPACE, external_id="d_wide", name="wide", direct_multi=[NodeId(SPACE, xid) for xid in WIDE]
        )
    )
    for xid in WIDE:
        expected[xid].add("d_wide")
    client.upsert(items)
    recording.bodies.clear()
    yield client, recording, expected
    client.close()


def _filters_on_direct_multi(query: dict[str, Any]) -> list[list[Any]]:
    values = []
    for expression in query["with"].values():
        contains = (expression.get("nodes") or {}).get("filter", {}).get("containsAny")
        if contains and contains["property"][-1] == "directMulti":
            values.append(contains["values"])
    return values


def _never_traverses_the_list_inwards(recording: Recording) -> None:
    for query in recording.queries():
        for expression in query["with"].values():
            through = (expression.get("nodes") or {}).get("through")
            assert through is None or through["identifier"] != "directMulti", query


@pytest.mark.parametrize("mode", ["identifier", "full"])
def test_list_with_reverse_relations_through_a_list(seeded: Any, mode: str) -> None:
    client, recording, expected = seeded
    items = client.connection_item_e.list(limit=None, retrieve_connections=mode)

    assert len(items) == EVERY
    for item in items:
        found = [ref.external_id for ref in item.direct_reverse_multi]
        assert len(found) == len(set(found)), f"{item.external_id}: {found}"  # d_i names e_i twice: once here
        assert set(found) == expected[item.external_id], item.external_id
        if mode == "full":
            assert all(type(ref).__name__ == "ConnectionItemD" for ref in item.direct_reverse_multi)
            assert {ref.name for ref in item.direct_reverse_multi} >= {f"points at {item.external_id}"}
    _never_traverses_the_list_inwards(recording)
    chunks = [values for query in recording.queries() for values in _filters_on_direct_multi(query)]
    assert sorted(len(values) for values in chunks) == [30, 100, 100]
    assert sorted(value["externalId"] for values in chunks for value in values) == sorted(expected)


def test_retrieve_one_with_its_reverse_relation_through_a_list(seeded: Any) -> None:
    client, recording, expected = seeded
    item = client.connection_item_e.retrieve("e150", retrieve_connections="identifier")
    assert sorted(ref.external_id for ref in item.direct_reverse_multi) == sorted(expected["e150"])
    assert sorted(expected["e150"]) == ["d149", "d150", "d_wide"]
    _never_traverses_the_list_inwards(recording)
    assert [len(values) for query in recording.queries() for values in _filters_on_direct_multi(query)] == [1]


def test_a_target_nothing_points_at_has_an_empty_reverse_relation(seeded: Any, omni_sdk: GeneratedSDK) -> None:
    client, _, _ = seeded
    client.upsert(omni_sdk.module().ConnectionItemEWrite(space=SPACE, external_id="lonely", name="lonely"))
    item = client.connection_item_e.retrieve("lonely", retrieve_connections="full")
    assert item.direct_reverse_multi == []
