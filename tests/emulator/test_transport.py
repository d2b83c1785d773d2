"""Transport: auth (static token, local client-credentials endpoint), gzip bodies, x-request-id, error statuses, faults,
token inspect, statistics."""

from __future__ import annotations

import base64
import gzip
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from pygen_emulator import Emulator, EmulatorConfig, FaultConfig


@pytest.fixture
def secured() -> Iterator[Emulator]:
    """An emulator that wants the token "secret" or one issued to client "app"."""
    with Emulator(EmulatorConfig(token="secret", oauth_clients={"app": "s3cret"}, token_lifetime=3600)) as emu:
        yield emu


def spaces(emu: Emulator, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    if token == "Basic-ish":
        headers = {"Authorization": "Basic YTpi"}
    return httpx.get(f"{emu.api_url}/models/spaces", headers=headers)


class TestAuth:
    def test_static_token(self, secured: Emulator) -> None:
        assert spaces(secured, "secret").status_code == 200
        for token in ("wrong", None, "Basic-ish"):
            response = spaces(secured, token)
            assert response.status_code == 401, token
            assert response.json()["error"]["code"] == 401 and "Unauthorized" in response.json()["error"]["message"]

    def test_open_emulator_still_needs_a_bearer_header(self, emulator: Emulator) -> None:
        assert spaces(emulator, "anything").status_code == 200
        assert spaces(emulator, None).status_code == 401

    def test_client_credentials_form_and_basic(self, secured: Emulator) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": "app",
            "client_secret": "s3cret",
            "scope": "x/.default",
        }
        token = httpx.post(secured.token_url, data=form).json()
        assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
        assert spaces(secured, token["access_token"]).status_code == 200
        basic = base64.b64encode(b"app:s3cret").decode()
        via_basic = httpx.post(
            secured.token_url, data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
        )
        assert spaces(secured, via_basic.json()["access_token"]).status_code == 200

    def test_token_endpoint_rejections(self, secured: Emulator) -> None:
        wrong = httpx.post(
            secured.token_url, data={"grant_type": "client_credentials", "client_id": "app", "client_secret": "no"}
        )
        assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
        unknown = httpx.post(
            secured.token_url, data={"grant_type": "client_credentials", "client_id": "who", "client_secret": "x"}
        )
        assert unknown.status_code == 401
        grant = httpx.post(
            secured.token_url, data={"grant_type": "password", "client_id": "app", "client_secret": "s3cret"}
        )
        assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"

    def test_issued_tokens_expire_and_can_be_revoked(self, secured: Emulator) -> None:
        short = secured.issue_token(lifetime=0)
        time.sleep(0.01)
        assert "expired" in spaces(secured, short).json()["error"]["message"]
        token = secured.issue_token()
        assert spaces(secured, token).status_code == 200
        secured.revoke_tokens()
        assert spaces(secured, token).status_code == 401

    def test_token_inspect(self, secured: Emulator) -> None:
        response = httpx.get(f"{secured.base_url}/api/v1/token/inspect", headers={"Authorization": "Bearer secret"})
        assert response.status_code == 200
        assert response.json()["projects"] == [{"projectUrlName": "pygen", "groups": []}]
        assert httpx.get(f"{secured.base_url}/api/v1/token/inspect").status_code == 401


class TestHttp:
    def test_gzip_request_body(self, api: httpx.Client) -> None:
        body = gzip.compress(json.dumps({"items": [{"space": "zipped"}]}).encode())
        response = api.post(
            "/models/spaces", content=body, headers={"content-encoding": "gzip", "content-type": "application/json"}
        )
        assert response.status_code == 200 and response.json()["items"][0]["space"] == "zipped"

    def test_request_id_is_echoed_or_made(self, api: httpx.Client) -> None:
        assert api.get("/models/spaces", headers={"x-request-id": "abc-123"}).headers["x-request-id"] == "abc-123"
        first, second = (
            api.get("/models/spaces").headers["x-request-id"],
            api.get("/models/spaces").headers["x-request-id"],
        )
        assert first and second and first != second

    def test_unknown_endpoint_wrong_method_and_project(self, raw_api: httpx.Client, emulator: Emulator) -> None:
        unknown = raw_api.post("/models/nothing", json={})
        assert unknown.status_code == 404 and "Unknown endpoint /models/nothing" in unknown.json()["error"]["message"]
        wrong_method = raw_api.get("/models/instances/list")
        assert wrong_method.status_code == 405
        other = httpx.get(
            f"{emulator.base_url}/api/v1/projects/other/models/spaces", headers={"Authorization": "Bearer x"}
        )
        assert other.status_code == 403 and "'other'" in other.json()["error"]["message"]
        outside = httpx.get(f"{emulator.base_url}/nowhere")
        assert outside.status_code == 404 and outside.json()["error"]["code"] == 404

    def test_statistics(self, api: httpx.Client, omni: Emulator) -> None:
        stats = api.get("/models/statistics").json()
        assert (
            stats["instances"]["nodes"] >= 90 and stats["views"]["count"] == 23 and stats["containers"]["count"] == 13
        )


class TestFaults:
    def test_fail_first_then_recover_with_retry_after(self, emulator: Emulator, api: httpx.Client) -> None:
        emulator.set_faults(FaultConfig(fail_first=2, retry_after=0.5, auto_retryable_header=True))
        first = api.get("/models/spaces")
        assert first.status_code == 429 and first.headers["retry-after"] == "0.5"
        assert first.headers["cdf-is-auto-retryable"] == "true"
        assert "concurrent requests" in first.json()["error"]["message"]
        assert api.get("/models/spaces").status_code == 429
        assert api.get("/models/spaces").status_code == 200
        assert [r.status for r in emulator.requests] == [429, 429, 200]

    def test_fractions_are_seeded_and_reset_restores_config(self, emulator: Emulator, api: httpx.Client) -> None:
        emulator.set_faults(FaultConfig(rate_limit_fraction=0.3, server_error_fraction=0.2, seed=42))
        statuses = [api.get("/models/spaces").status_code for _ in range(200)]
        assert 40 < statuses.count(429) < 80 and 20 < statuses.count(503) < 60
        emulator.set_faults(FaultConfig(rate_limit_fraction=0.3, server_error_fraction=0.2, seed=42))
        assert [api.get("/models/spaces").status_code for _ in range(200)] == statuses, (
            "the same seed fails the same requests"
        )
        emulator.reset()
        assert all(api.get("/models/spaces").status_code == 200 for _ in range(20))

    def test_latency(self, emulator: Emulator, api: httpx.Client) -> None:
        emulator.set_faults(FaultConfig(latency=0.2))
        started = time.perf_counter()
        assert api.get("/models/spaces").status_code == 200
        assert time.perf_counter() - started >= 0.2

    def test_token_endpoint_is_never_faulted(self, emulator: Emulator) -> None:
        emulator.set_faults(FaultConfig(rate_limit_fraction=1.0))
        token = httpx.post(
            emulator.token_url, data={"grant_type": "client_credentials", "client_id": "a", "client_secret": "b"}
        )
        assert token.status_code == 200

    def test_invalid_fault_config(self) -> None:
        with pytest.raises(ValueError, match="rate_limit_fraction must be between 0 and 1"):
            FaultConfig(rate_limit_fraction=2)
        with pytest.raises(ValueError, match="fail_status"):
            FaultConfig(fail_status=404)
