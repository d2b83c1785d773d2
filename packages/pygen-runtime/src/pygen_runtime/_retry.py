"""The retry policy as small pure functions, so each rule is unit-testable without a server."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

RETRYABLE_STATUSES = frozenset({408, 429, 502, 503, 504})
INITIAL_BACKOFF = 0.5  # seconds; attempt n waits up to INITIAL_BACKOFF * 2**n before the cap


def is_retryable_status(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    """408/429/502/503/504 always; any other error when CDF marks it auto-retryable (header or body flag)."""
    if status in RETRYABLE_STATUSES:
        return True
    if _truthy(headers.get("cdf-is-auto-retryable")):
        return True
    return status >= 400 and _body_says_auto_retryable(body)


def is_retryable_exception(error: BaseException) -> bool:
    """Transport failures where retrying can help: connect errors, timeouts, dropped or broken connections."""
    return isinstance(
        error,
        (httpx.TimeoutException, httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError),
    )


def backoff_delay(attempt: int, *, cap: float, random: Callable[[], float], initial: float = INITIAL_BACKOFF) -> float:
    """Full-jitter exponential backoff: uniform in ``[0, min(cap, initial * 2**attempt)]``; ``attempt`` from 0."""
    ceiling = min(cap, initial * float(1 << min(attempt, 30)))
    return ceiling * random()


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parse ``Retry-After`` in either form (delta seconds, or an HTTP-date); ``None`` when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        seconds = (moment - (now or datetime.now(timezone.utc))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def retry_delay(
    attempt: int, *, retry_after: str | None, cap: float, random: Callable[[], float], now: datetime | None = None
) -> float:
    """The wait before the next attempt: the server's ``Retry-After`` when given (capped), else jittered backoff."""
    server = retry_after_seconds(retry_after, now=now)
    if server is not None:
        return min(server, cap)
    return backoff_delay(attempt, cap=cap, random=random)


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in {"true", "1", "yes"}


def _body_says_auto_retryable(body: bytes) -> bool:
    if b"isAutoRetryable" not in body:
        return False
    try:
        error = json.loads(body).get("error", {})
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and error.get("isAutoRetryable") is True
