"""The error hierarchy: every error pygen-runtime raises is a ``PygenError``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class PygenError(Exception):
    """Base class of every error raised by pygen-runtime and by generated SDKs."""


class ConfigurationError(PygenError, ValueError):
    """The client configuration is incomplete or invalid (environment, TOML file or arguments)."""


class InvalidInputError(PygenError, ValueError):
    """A value given by the caller cannot be used; the message names the value and where it was given."""


class ResponseParseError(PygenError):
    """A response body from the server does not have the expected shape."""


class CDFConnectionError(PygenError):
    """A request could not be completed (connection refused, timeout, dropped connection) after all retries."""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.attempts = attempts


class CDFAPIError(PygenError):
    """The API answered with a non-2xx status (after retries).

    Attributes mirror the DMS error body ``{"error": {"code", "message", "missing", "duplicated"}}`` plus the
    HTTP status and the ``x-request-id`` response header, which Cognite support asks for.
    """

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        missing: Sequence[Any] = (),
        duplicated: Sequence[Any] = (),
        request_id: str | None = None,
        *,
        method: str | None = None,
        url: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.code = code if code is not None else status
        self.message = message
        self.missing = list(missing)
        self.duplicated = list(duplicated)
        self.request_id = request_id
        self.method = method
        self.url = url
        self.extra = dict(extra or {})
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [self.message, f"status {self.status}"]
        if self.method and self.url:
            parts.append(f"{self.method} {self.url}")
        if self.request_id:
            parts.append(f"request id {self.request_id}")
        if self.missing:
            parts.append(f"missing: {_preview(self.missing)}")
        if self.duplicated:
            parts.append(f"duplicated: {_preview(self.duplicated)}")
        return " | ".join(parts)


class AuthenticationError(CDFAPIError):
    """Credentials were rejected: the token endpoint failed, or the API answered 401 even after a fresh token."""


class MultiRequestError(PygenError):
    """A batch operation split over several requests failed in part.

    Nothing is dropped: ``successful`` holds the combined result of the requests that succeeded (for example an
    ``UpsertResult``), ``failed`` the ids of the items in requests the API rejected, ``unknown`` the ids of the items
    whose request failed without an answer (so they may or may not have been applied), and ``errors`` the
    underlying exceptions, one per failed request.
    """

    def __init__(
        self,
        message: str,
        *,
        successful: Any,
        failed: Sequence[Any] = (),
        unknown: Sequence[Any] = (),
        errors: Sequence[BaseException] = (),
    ) -> None:
        self.successful = successful
        self.failed = list(failed)
        self.unknown = list(unknown)
        self.errors = list(errors)
        details = [message]
        if self.failed:
            details.append(f"{len(self.failed)} item(s) failed: {_preview(self.failed)}")
        if self.unknown:
            details.append(f"{len(self.unknown)} item(s) with unknown outcome: {_preview(self.unknown)}")
        for error in self.errors[:3]:
            details.append(f"caused by {type(error).__name__}: {error}")
        if len(self.errors) > 3:
            details.append(f"... and {len(self.errors) - 3} more error(s)")
        super().__init__("\n".join(details))


def _preview(values: Sequence[Any], limit: int = 5) -> str:
    shown = ", ".join(str(value) for value in values[:limit])
    return shown + (f", ... ({len(values) - limit} more)" if len(values) > limit else "")
