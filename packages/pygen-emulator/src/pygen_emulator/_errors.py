"""Errors: the package's public error base, and the DMS-format API error the server answers with."""

from __future__ import annotations

from typing import Any


class EmulatorError(Exception):
    """Base class of every error pygen-emulator raises to its Python callers."""


class ModelLoadError(EmulatorError):
    """A model or instances file could not be loaded; the message names the file and the problem."""


class ApiError(EmulatorError):
    """An error answered to an HTTP client in the DMS error format ``{"error": {"code", "message", ...}}``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        missing: list[dict[str, Any]] | None = None,
        duplicated: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.missing = missing
        self.duplicated = duplicated
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.status, "message": self.message}
        if self.missing:
            error["missing"] = self.missing
        if self.duplicated:
            error["duplicated"] = self.duplicated
        error.update(self.extra)
        return {"error": error}


def bad_request(message: str, **kwargs: Any) -> ApiError:
    return ApiError(400, message, **kwargs)


def conflict(message: str, **kwargs: Any) -> ApiError:
    return ApiError(409, message, **kwargs)
