"""The retry policy's pure functions."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest
from pygen_runtime._retry import (
    backoff_delay,
    is_retryable_exception,
    is_retryable_status,
    retry_after_seconds,
    retry_delay,
)

NOW = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("status", [408, 429, 502, 503, 504])
def test_transient_statuses_are_retryable(status: int) -> None:
    assert is_retryable_status(status, {}, b"")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500])
def test_other_statuses_are_not(status: int) -> None:
    assert not is_retryable_status(status, {}, b'{"error": {"code": 400, "message": "bad"}}')


def test_auto_retryable_header_and_body_flag() -> None:
    assert is_retryable_status(500, {"cdf-is-auto-retryable": "true"}, b"")
    assert is_retryable_status(400, {}, b'{"error": {"code": 400, "message": "m", "isAutoRetryable": true}}')
    assert not is_retryable_status(400, {}, b'{"error": {"code": 400, "message": "m", "isAutoRetryable": false}}')
    assert not is_retryable_status(400, {}, b"isAutoRetryable but not JSON")


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (httpx.ConnectError("refused"), True),
        (httpx.ReadTimeout("slow"), True),
        (httpx.ConnectTimeout("slow"), True),
        (httpx.PoolTimeout("busy"), True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), True),
        (httpx.ReadError("reset"), True),
        (httpx.UnsupportedProtocol("ftp"), False),
        (ValueError("bug"), False),
    ],
)
def test_transport_errors(error: BaseException, retryable: bool) -> None:
    assert is_retryable_exception(error) is retryable


def test_full_jitter_backoff_grows_and_is_capped() -> None:
    assert backoff_delay(0, cap=30, random=lambda: 1.0) == 0.5
    assert backoff_delay(3, cap=30, random=lambda: 1.0) == 4.0
    assert backoff_delay(10, cap=30, random=lambda: 1.0) == 30.0
    assert backoff_delay(10_000, cap=30, random=lambda: 1.0) == 30.0
    assert backoff_delay(3, cap=30, random=lambda: 0.0) == 0.0
    assert backoff_delay(3, cap=30, random=lambda: 0.25) == 1.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-4", 0.0),
        ("Wed, 01 Jan 2025 12:00:07 GMT", 7.0),
        ("Wed, 01 Jan 2025 11:59:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_retry_after_both_forms(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds


def test_retry_delay_prefers_server_and_caps_it() -> None:
    assert retry_delay(0, retry_after="2", cap=30, random=lambda: 0.9) == 2.0
    assert retry_delay(0, retry_after="120", cap=30, random=lambda: 0.9) == 30.0
    assert retry_delay(2, retry_after=None, cap=30, random=lambda: 0.5) == 1.0
    assert retry_delay(2, retry_after="garbage", cap=30, random=lambda: 0.5) == 1.0
