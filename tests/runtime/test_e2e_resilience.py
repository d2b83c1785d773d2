"""Authentication and retries against the emulator over HTTP: the client-credentials flow with a forced refresh
after revocation, and injected 429/503 faults that the runtime retries through."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from example_sdk import CategoryWrite, ProductCatalogClient
from pygen_emulator import Emulator, EmulatorConfig, FaultConfig
from pygen_runtime import AuthenticationError, CDFAPIError, ClientConfig, OAuthClientCredentials, Token


@pytest.fixture(scope="module")
def oauth_emulator() -> Iterator[Emulator]:
    """A separate emulator that accepts only tokens from its own client-credentials endpoint."""
    with Emulator(EmulatorConfig(oauth_clients={"sdk-client": "sdk-secret"})) as server:
        yield server


def test_client_credentials_and_refresh_after_revocation(
    oauth_emulator: Emulator, example_model: dict[str, Any]
) -> None:
    oauth_emulator.reset()
    oauth_emulator.load_model(example_model)
    credentials = OAuthClientCredentials(oauth_emulator.token_url, "sdk-client", "sdk-secret", ["pygen/.default"])
    config = ClientConfig(oauth_emulator.base_url, oauth_emulator.project, credentials)
    with ProductCatalogClient(config) as client:
        client.http.post("/models/spaces", json={"items": [{"space": "shop"}]})
        client.upsert(CategoryWrite(space="shop", external_id="c", name="C"))
        assert credentials.fetch_count == 1
        oauth_emulator.revoke_tokens()
        assert client.category.list().as_external_ids() == ["c"]  # 401, one refresh, one retry
        assert credentials.fetch_count == 2
    statuses = [record.status for record in oauth_emulator.requests if record.path.endswith("/models/instances/list")]
    assert statuses == [401, 200]


def test_wrong_client_secret_is_an_authentication_error(oauth_emulator: Emulator) -> None:
    credentials = OAuthClientCredentials(oauth_emulator.token_url, "sdk-client", "wrong", ["pygen/.default"])
    config = ClientConfig(oauth_emulator.base_url, oauth_emulator.project, credentials)
    with (
        ProductCatalogClient(config) as client,
        pytest.raises(AuthenticationError, match=f"token request to {oauth_emulator.token_url} failed"),
    ):
        client.category.list()


def test_a_token_the_emulator_does_not_know_is_rejected(oauth_emulator: Emulator) -> None:
    config = ClientConfig(oauth_emulator.base_url, oauth_emulator.project, Token("made-up"))
    with ProductCatalogClient(config) as client, pytest.raises(AuthenticationError) as error:
        client.category.list()
    assert error.value.status == 401 and error.value.request_id


def test_injected_429s_with_retry_after_are_retried(emulated_catalog: ProductCatalogClient, emulator: Emulator) -> None:
    emulated_catalog.upsert(CategoryWrite(space="shop", external_id="c", name="C"))
    emulator.clear_requests()
    emulator.set_faults(FaultConfig(fail_first=3, fail_status=429, retry_after=0.05))
    assert emulated_catalog.category.list().as_external_ids() == ["c"]
    assert [record.status for record in emulator.requests] == [429, 429, 429, 200]


def test_injected_503_burst_and_exhausted_retries(emulator: Emulator, example_model: dict[str, Any]) -> None:
    emulator.load_model(example_model)
    config = ClientConfig(emulator.base_url, emulator.project, Token("t"), max_retries=2, max_retry_backoff=0.01)
    with ProductCatalogClient(config) as client:
        emulator.set_faults(FaultConfig(fail_first=10, fail_status=503))
        with pytest.raises(CDFAPIError) as error:
            client.category.list()
        assert error.value.status == 503 and error.value.request_id
        assert [record.status for record in emulator.requests] == [503, 503, 503]
