"""``HTTPClient``: the one pooled httpx client everything in a pygen client shares.

It adds the headers CDF expects, authenticates, gzips bodies, caps concurrency across threads, retries what is
retryable (see ``_retry``), logs at DEBUG with the Authorization header redacted, and turns failures into
``CDFAPIError`` / ``AuthenticationError`` / ``CDFConnectionError`` carrying the request id.
"""

from __future__ import annotations

import gzip
import json as _json
import logging
import random as _random
import sys
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx

from ._config import DMS_API_VERSION, ClientConfig
from ._errors import AuthenticationError, CDFAPIError, CDFConnectionError, InvalidInputError
from ._retry import is_retryable_exception, is_retryable_status, retry_delay
from ._version import __version__

logger = logging.getLogger("pygen_runtime")

_REDACTED_HEADERS = frozenset({"authorization", "cookie", "set-cookie"})


class HTTPClient:
    """Pooled, retrying, authenticated access to ``{base_url}/api/v1/projects/{project}``.

    ``transport`` replaces the network (``httpx.MockTransport`` in tests, or an ASGI transport to run an emulator
    in-process); ``sleep`` and ``random`` make retry timing reproducible.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._random = random
        self._semaphore = threading.BoundedSemaphore(config.max_concurrent_requests)
        self._transport = transport
        self._client_lock = threading.Lock()
        self._httpx: httpx.Client | None = None
        self._closed = False

    @property
    def _client(self) -> httpx.Client:
        # Created on first use: building an httpx.Client loads the TLS trust store, which costs tens of
        # milliseconds that creating an SDK client should not pay.
        client = self._httpx
        if client is None:
            with self._client_lock:
                client = self._httpx
                if client is None:
                    client = self._httpx = self._create_client()
        return client

    def _create_client(self) -> httpx.Client:
        config = self.config
        return httpx.Client(
            transport=self._transport,
            timeout=httpx.Timeout(config.timeout),
            limits=httpx.Limits(
                max_connections=config.max_concurrent_requests,
                max_keepalive_connections=config.max_concurrent_requests,
            ),
            headers={
                "accept": "application/json",
                "cdf-version": DMS_API_VERSION,
                "x-cdp-sdk": f"CognitePygen:{__version__}",
                "x-cdp-app": config.client_name,
                "user-agent": (
                    f"pygen-runtime/{__version__} httpx/{httpx.__version__} "
                    f"{sys.implementation.name}/{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
                ),
            },
            follow_redirects=False,
        )

    @property
    def project_url(self) -> str:
        return self.config.project_url

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """GET ``path`` (relative to the project URL, e.g. ``"/models/spaces"``); non-2xx raises."""
        return self.request("GET", path, params=params)

    def post(self, path: str, json: Any = None, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """POST a JSON body to ``path`` (relative to the project URL); non-2xx raises."""
        return self.request("POST", path, json=json, params=params)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
        absolute: bool = False,
        authenticate: bool = True,
        raise_for_status: bool = True,
    ) -> httpx.Response:
        """Send one logical request, retrying as the policy allows.

        ``absolute=True`` treats ``path`` as a full URL (the token endpoint); ``authenticate=False`` sends no
        Authorization header; ``data`` sends a form body instead of JSON.
        """
        if self._closed:
            raise InvalidInputError("this client is closed; create a new one")
        url = path if absolute else f"{self.config.project_url}/{path.lstrip('/')}"
        headers: dict[str, str] = {}
        content: bytes | None = None
        if json is not None:
            content = encode_json(json)
            headers["content-type"] = "application/json"
        elif data is not None:
            content = _form_body(data)
            headers["content-type"] = "application/x-www-form-urlencoded"
        if content is not None and self.config.gzip and json is not None:
            content = gzip.compress(content, compresslevel=5)
            headers["content-encoding"] = "gzip"
        query = _clean_params(params)

        attempt = 0
        auth_refreshed = False
        while True:
            if authenticate:
                headers["authorization"] = self.config.credentials.authorization_header(self)
            request = self._client.build_request(method, url, content=content, headers=headers, params=query)
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s (attempt %d) headers=%s body=%d bytes",
                    method,
                    request.url,
                    attempt + 1,
                    redact_headers(request.headers),
                    len(content or b""),
                )
            started = time.perf_counter()
            try:
                with self._semaphore:
                    response = self._client.send(request)
                    response.read()
            except httpx.TransportError as error:
                if attempt < self.config.max_retries and is_retryable_exception(error):
                    delay = retry_delay(
                        attempt, retry_after=None, cap=self.config.max_retry_backoff, random=self._random
                    )
                    logger.warning(
                        "Retrying %s %s in %.2f s (retry %d of %d) after %s: %s",
                        method, url, delay, attempt + 1, self.config.max_retries, type(error).__name__, error,
                    )  # fmt: skip
                    self._sleep(delay)
                    attempt += 1
                    continue
                raise CDFConnectionError(
                    f"{method} {url} failed after {attempt + 1} attempt(s): {type(error).__name__}: {error}",
                    method=method,
                    url=url,
                    attempts=attempt + 1,
                ) from error
            elapsed_ms = (time.perf_counter() - started) * 1000
            request_id = response.headers.get("x-request-id")
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> %d in %.0f ms (%d bytes, request id %s)",
                    method, url, response.status_code, elapsed_ms, len(response.content), request_id,
                )  # fmt: skip
            status = response.status_code
            if 200 <= status < 300:
                return response
            if not raise_for_status and not self._should_retry(response, attempt):
                return response  # the caller interprets the error itself (the token endpoint)
            if status == 401 and authenticate and not auth_refreshed:
                auth_refreshed = True
                stale = headers["authorization"]
                if self.config.credentials.refresh(self, stale) and (
                    self.config.credentials.authorization_header(self) != stale
                ):
                    logger.info("Got 401 from %s %s; retrying once with a fresh token", method, url)
                    continue
            if self._should_retry(response, attempt):
                delay = retry_delay(
                    attempt,
                    retry_after=response.headers.get("retry-after"),
                    cap=self.config.max_retry_backoff,
                    random=self._random,
                )
                logger.warning(
                    "Retrying %s %s in %.2f s (retry %d of %d) after status %d (request id %s)",
                    method, url, delay, attempt + 1, self.config.max_retries, status, request_id,
                )  # fmt: skip
                self._sleep(delay)
                attempt += 1
                continue
            raise api_error(response, method=method, url=url)

    def _should_retry(self, response: httpx.Response, attempt: int) -> bool:
        return attempt < self.config.max_retries and is_retryable_status(
            response.status_code, response.headers, response.content
        )

    def close(self) -> None:
        """Close the connection pool; further requests raise."""
        self._closed = True
        with self._client_lock:
            if self._httpx is not None:
                self._httpx.close()

    def __enter__(self) -> HTTPClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def encode_json(body: Any) -> bytes:
    """Compact UTF-8 JSON; NaN/infinity and non-JSON values raise ``InvalidInputError`` instead of sending junk."""
    try:
        return _json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError as error:
        raise InvalidInputError(f"cannot send the request: {error} (JSON has no NaN or infinity)") from None
    except TypeError as error:
        raise InvalidInputError(f"cannot send the request: {error}") from None


def api_error(response: httpx.Response, *, method: str, url: str) -> CDFAPIError:
    """Turn an error response into ``CDFAPIError`` (``AuthenticationError`` for 401), keeping every detail."""
    status = response.status_code
    request_id = response.headers.get("x-request-id")
    code: int | None = None
    message = ""
    missing: list[Any] = []
    duplicated: list[Any] = []
    extra: dict[str, Any] = {}
    try:
        body = _json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = error.get("code") if isinstance(error.get("code"), int) else None
        message = str(error.get("message", ""))
        missing = list(error.get("missing") or [])
        duplicated = list(error.get("duplicated") or [])
        extra = {key: value for key, value in error.items() if key not in {"code", "message", "missing", "duplicated"}}
    if not message:
        text = response.content[:500].decode("utf-8", "replace").strip()
        message = text or (response.reason_phrase or f"HTTP {status}")
    error_class = AuthenticationError if status == 401 else CDFAPIError
    return error_class(status, code, message, missing, duplicated, request_id, method=method, url=url, extra=extra)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {key: ("<redacted>" if key.lower() in _REDACTED_HEADERS else value) for key, value in headers.items()}


def _form_body(data: Mapping[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(dict(data)).encode("ascii")


def _clean_params(params: Mapping[str, Any] | None) -> dict[str, str] | None:
    if not params:
        return None
    clean: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        clean[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return clean
