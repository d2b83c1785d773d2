"""HTTPClient against httpx.MockTransport: headers, gzip, retries, Retry-After, timeouts, dropped connections,
token refresh, concurrency, logging and errors."""

from __future__ import annotations

import gzip
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pygen_runtime import (
    AuthenticationError,
    CDFAPIError,
    CDFConnectionError,
    ClientConfig,
    HTTPClient,
    InvalidInputError,
    OAuthClientCredentials,
    Token,
    __version__,
)
from runtime_testkit import BASE_URL, PROJECT, Call, MockEnv, error_response, json_response

Mock = Callable[[Callable[[Call], Any]], MockEnv]


def ok(call: Call) -> httpx.Response:
    return json_response({"items": []})


def test_headers_url_and_gzip_body(mock: Mock) -> None:
    env = mock(ok)
    http = env.http(client_name="my-app")
    response = http.post("/models/instances/list", json={"limit": 5, "text": "æøå"}, params={"x": True})
    assert response.json() == {"items": []}
    (call,) = env.server.calls
    assert str(call.url) == f"{BASE_URL}/api/v1/projects/{PROJECT}/models/instances/list?x=true"
    assert call.headers["authorization"] == "Bearer test-token"
    assert call.headers["cdf-version"] == "20230101"
    assert call.headers["x-cdp-sdk"] == f"CognitePygen:{__version__}"
    assert call.headers["x-cdp-app"] == "my-app"
    assert call.headers["user-agent"].startswith(f"pygen-runtime/{__version__} httpx/")
    assert call.headers["content-encoding"] == "gzip"
    assert call.headers["content-type"] == "application/json"
    assert json.loads(gzip.decompress(call.raw)) == {"limit": 5, "text": "æøå"}


def test_gzip_off_sends_plain_json(mock: Mock) -> None:
    env = mock(ok)
    env.http(gzip=False).post("/models/spaces/byids", json={"items": [{"space": "s"}]})
    (call,) = env.server.calls
    assert "content-encoding" not in call.headers
    assert call.raw == b'{"items":[{"space":"s"}]}'


def test_get_with_params_drops_none(mock: Mock) -> None:
    env = mock(ok)
    env.http().get("/models/spaces", params={"limit": 10, "cursor": None, "includeGlobal": False})
    assert env.server.calls[0].url.params == httpx.QueryParams({"limit": "10", "includeGlobal": "false"})


def test_429_with_retry_after_seconds_then_success(mock: Mock) -> None:
    answers = [error_response(429, "Too many", {"retry-after": "2.5"}), json_response({"items": [1]})]
    env = mock(lambda call: answers.pop(0))
    assert env.http().post("/models/instances", json={"items": []}).json() == {"items": [1]}
    assert env.sleeps == [2.5]
    assert len(env.server.calls) == 2


def test_429_with_retry_after_http_date(mock: Mock) -> None:
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 5))
    answers = [error_response(429, "Too many", {"retry-after": later}), json_response({})]
    env = mock(lambda call: answers.pop(0))
    env.http().post("/models/instances", json={})
    assert len(env.sleeps) == 1 and 3.0 <= env.sleeps[0] <= 5.0


def test_retry_after_is_capped_by_max_retry_backoff(mock: Mock) -> None:
    answers = [error_response(429, "Too many", {"retry-after": "600"}), json_response({})]
    env = mock(lambda call: answers.pop(0))
    env.http(max_retry_backoff=7).post("/models/instances", json={})
    assert env.sleeps == [7.0]


def test_503_burst_uses_full_jitter_backoff(mock: Mock) -> None:
    answers = [error_response(503, "busy") for _ in range(4)] + [json_response({"ok": True})]
    env = mock(lambda call: answers.pop(0))
    assert env.http().post("/models/instances/query", json={}).json() == {"ok": True}
    assert env.sleeps == [0.25, 0.5, 1.0, 2.0]  # 0.5 * 2**n * jitter(0.5)


def test_retries_exhausted_raise_with_request_id(mock: Mock) -> None:
    env = mock(lambda call: error_response(503, "still busy", {"x-request-id": "abc-123"}))
    with pytest.raises(CDFAPIError) as error:
        env.http(max_retries=3).post("/models/instances", json={})
    assert (error.value.status, error.value.code, error.value.message, error.value.request_id) == (
        503,
        503,
        "still busy",
        "abc-123",
    )
    assert len(env.server.calls) == 4
    assert "request id abc-123" in str(error.value)


def test_max_retries_zero_sends_once(mock: Mock) -> None:
    env = mock(lambda call: error_response(429, "slow down"))
    with pytest.raises(CDFAPIError):
        env.http(max_retries=0).post("/models/instances", json={})
    assert len(env.server.calls) == 1 and env.sleeps == []


def test_non_retryable_error_keeps_every_detail(mock: Mock) -> None:
    env = mock(
        lambda call: error_response(
            400,
            "Instance not found",
            missing=[{"space": "s", "externalId": "x"}],
            duplicated=[{"space": "s", "externalId": "y"}],
            hint="extra",
        )
    )
    with pytest.raises(CDFAPIError) as error:
        env.http().post("/models/instances/byids", json={})
    assert len(env.server.calls) == 1
    assert error.value.missing == [{"space": "s", "externalId": "x"}]
    assert error.value.duplicated == [{"space": "s", "externalId": "y"}]
    assert error.value.extra == {"hint": "extra"}
    assert error.value.method == "POST" and error.value.url and error.value.url.endswith("/models/instances/byids")


def test_error_body_that_is_not_json(mock: Mock) -> None:
    env = mock(lambda call: httpx.Response(404, content=b"<html>Not Found</html>"))
    with pytest.raises(CDFAPIError) as error:
        env.http().get("/models/nothing")
    assert error.value.message == "<html>Not Found</html>" and error.value.code == 404


def test_auto_retryable_body_is_retried(mock: Mock) -> None:
    answers = [error_response(400, "transient", isAutoRetryable=True), json_response({"done": 1})]
    env = mock(lambda call: answers.pop(0))
    assert env.http().post("/models/instances", json={}).json() == {"done": 1}


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("connection refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset by peer"),
    ],
)
def test_transport_failures_are_retried(mock: Mock, failure: Exception) -> None:
    answers: list[Any] = [failure, failure, json_response({"items": []})]
    env = mock(lambda call: answers.pop(0))
    assert env.http().post("/models/instances/list", json={}).json() == {"items": []}
    assert len(env.server.calls) == 3 and env.sleeps == [0.25, 0.5]


def test_timeouts_until_retries_run_out(mock: Mock) -> None:
    env = mock(lambda call: httpx.ReadTimeout("timed out"))
    with pytest.raises(CDFConnectionError) as error:
        env.http(max_retries=2).post("/models/instances/list", json={})
    assert error.value.attempts == 3 and len(env.server.calls) == 3
    assert "failed after 3 attempt(s): ReadTimeout: timed out" in str(error.value)


def test_real_timeout_from_a_slow_server() -> None:
    # A socket-level timeout, not a simulated one: the server holds the response longer than the client waits.
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                accepted.append(connection)  # read nothing, answer nothing
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        config = ClientConfig(f"http://127.0.0.1:{port}", "p", Token("t"), timeout=0.2, max_retries=1)
        sleeps: list[float] = []
        with HTTPClient(config, sleep=sleeps.append) as http, pytest.raises(CDFConnectionError, match="ReadTimeout"):
            http.post("/models/instances/list", json={})
        assert len(accepted) == 2 and len(sleeps) == 1
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


class TokenEndpoint:
    """A token endpoint and an API on the same mock: the API accepts only the newest token."""

    def __init__(self, expires_in: int = 3600) -> None:
        self.issued: list[str] = []
        self.expires_in = expires_in
        self.reject_next_with_401 = 0
        self.forms: list[str] = []

    def __call__(self, call: Call) -> httpx.Response:
        if call.url.path == "/oauth2/token":
            self.forms.append(call.raw.decode())
            self.issued.append(f"token-{len(self.issued) + 1}")
            return httpx.Response(
                200, json={"access_token": self.issued[-1], "expires_in": self.expires_in, "token_type": "Bearer"}
            )
        if self.reject_next_with_401:
            self.reject_next_with_401 -= 1
            return error_response(401, "Unauthorized")
        if call.headers["authorization"] != f"Bearer {self.issued[-1]}":
            return error_response(401, "Unauthorized")
        return json_response({"items": []})


def oauth(clock: Callable[[], float] = time.monotonic, **extra: Any) -> OAuthClientCredentials:
    return OAuthClientCredentials(
        "https://idp.example.com/oauth2/token",
        "client",
        "s3cret",
        ["https://test.cognitedata.com/.default"],
        clock=clock,
        **extra,
    )


def test_client_credentials_form_and_reuse(mock: Mock) -> None:
    endpoint = TokenEndpoint()
    env = mock(endpoint)
    http = env.http(credentials=oauth(audience="aud"))
    http.get("/models/spaces")
    http.get("/models/spaces")
    assert endpoint.issued == ["token-1"]
    form = dict(pair.split("=") for pair in endpoint.forms[0].split("&"))
    assert form == {
        "grant_type": "client_credentials",
        "client_id": "client",
        "client_secret": "s3cret",
        "scope": "https%3A%2F%2Ftest.cognitedata.com%2F.default",
        "audience": "aud",
    }
    token_call = env.server.calls[0]
    assert "authorization" not in token_call.headers


def test_refresh_before_expiry_on_the_monotonic_clock(mock: Mock) -> None:
    now = [1000.0]
    endpoint = TokenEndpoint(expires_in=100)
    env = mock(endpoint)
    http = env.http(credentials=oauth(clock=lambda: now[0]))
    http.get("/models/spaces")
    now[0] += 69  # 31 s left: still valid
    http.get("/models/spaces")
    assert endpoint.issued == ["token-1"]
    now[0] += 2  # 29 s left: inside the 30 s leeway
    http.get("/models/spaces")
    assert endpoint.issued == ["token-1", "token-2"]


def test_401_forces_exactly_one_refresh_and_one_retry(mock: Mock) -> None:
    endpoint = TokenEndpoint()
    env = mock(endpoint)
    credentials = oauth()
    http = env.http(credentials=credentials)
    http.get("/models/spaces")
    endpoint.reject_next_with_401 = 1  # e.g. the token was revoked
    assert http.get("/models/spaces").json() == {"items": []}
    assert endpoint.issued == ["token-1", "token-2"]
    api_calls = [call for call in env.server.calls if call.path == "/models/spaces"]
    assert [call.headers["authorization"] for call in api_calls] == [
        "Bearer token-1",
        "Bearer token-1",
        "Bearer token-2",
    ]


def test_401_after_refresh_raises_authentication_error(mock: Mock) -> None:
    endpoint = TokenEndpoint()
    env = mock(endpoint)
    http = env.http(credentials=oauth())
    endpoint.reject_next_with_401 = 5
    with pytest.raises(AuthenticationError) as error:
        http.get("/models/spaces")
    assert error.value.status == 401 and error.value.message == "Unauthorized"
    assert len(endpoint.issued) == 2  # the first token, and one forced refresh: no loop
    assert len([call for call in env.server.calls if call.path == "/models/spaces"]) == 2


def test_401_with_static_token_is_not_retried(mock: Mock) -> None:
    env = mock(lambda call: error_response(401, "Unauthorized"))
    with pytest.raises(AuthenticationError):
        env.http().get("/models/spaces")
    assert len(env.server.calls) == 1


def test_token_endpoint_error_is_an_authentication_error(mock: Mock) -> None:
    env = mock(lambda call: httpx.Response(400, json={"error": "invalid_client", "error_description": "bad secret"}))
    with pytest.raises(AuthenticationError) as error:
        env.http(credentials=oauth()).get("/models/spaces")
    assert str(error.value).startswith(
        "token request to https://idp.example.com/oauth2/token failed: invalid_client: bad secret"
    )
    assert "s3cret" not in str(error.value)


def test_one_token_fetch_for_many_threads(mock: Mock) -> None:
    endpoint = TokenEndpoint()
    gate = threading.Event()

    def slow_token(call: Call) -> httpx.Response:
        if call.url.path == "/oauth2/token":
            gate.wait(1)
        return endpoint(call)

    env = mock(slow_token)
    credentials = oauth()
    http = env.http(credentials=credentials)
    threads = [threading.Thread(target=http.get, args=("/models/spaces",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    gate.set()
    for thread in threads:
        thread.join()
    assert credentials.fetch_count == 1
    assert len(env.server.calls_to("/models/spaces")) == 8


def test_callable_token_is_called_per_request(mock: Mock) -> None:
    tokens = iter(["a", "b"])
    env = mock(ok)
    http = env.http(credentials=Token(lambda: next(tokens)))
    http.get("/models/spaces")
    http.get("/models/spaces")
    assert [call.headers["authorization"] for call in env.server.calls] == ["Bearer a", "Bearer b"]


def test_concurrency_cap_across_threads(mock: Mock) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    def slow(call: Call) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.02)
        with lock:
            in_flight -= 1
        return json_response({})

    env = mock(slow)
    http = env.http(max_concurrent_requests=3)
    threads = [threading.Thread(target=http.get, args=("/models/spaces",)) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(env.server.calls) == 12
    assert peak == 3


def test_debug_log_redacts_authorization_and_warns_on_retry(mock: Mock, caplog: pytest.LogCaptureFixture) -> None:
    answers = [error_response(503, "busy", {"x-request-id": "r-9"}), json_response({})]
    env = mock(lambda call: answers.pop(0))
    with caplog.at_level(logging.DEBUG, logger="pygen_runtime"):
        env.http().post("/models/instances", json={"items": []})
    text = caplog.text
    assert "test-token" not in text
    assert "'authorization': '<redacted>'" in text
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "after status 503 (request id r-9)" in warnings[0].getMessage()


def test_non_json_values_are_rejected_before_sending(mock: Mock) -> None:
    env = mock(ok)
    with pytest.raises(InvalidInputError, match="JSON has no NaN or infinity"):
        env.http().post("/models/instances", json={"value": float("nan")})
    assert env.server.calls == []


def test_closed_client_refuses_requests(mock: Mock) -> None:
    env = mock(ok)
    http = env.http()
    http.close()
    with pytest.raises(InvalidInputError, match="this client is closed"):
        http.get("/models/spaces")
