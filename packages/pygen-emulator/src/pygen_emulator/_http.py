"""HTTP plumbing shared by the routes: body decoding (gzip, strict JSON), JSON responses, DMS error responses."""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

from starlette.responses import Response

from ._errors import ApiError, bad_request


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def decode_body(raw: bytes, content_encoding: str | None) -> Any:
    encoding = (content_encoding or "").strip().lower()
    if encoding == "gzip":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise bad_request(f"Request body is not valid gzip data: {error}") from None
    elif encoding == "deflate":
        try:
            raw = zlib.decompress(raw)
        except zlib.error as error:
            raise bad_request(f"Request body is not valid deflate data: {error}") from None
    elif encoding not in ("", "identity"):
        raise ApiError(415, f"Unsupported Content-Encoding {content_encoding!r}; use gzip or none")
    if not raw.strip():
        raise bad_request("Request body is empty; expected a JSON object")
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError as error:
        raise bad_request(f"Request body is not UTF-8: {error}") from None
    except ValueError as error:
        raise bad_request(f"Request body is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise bad_request(f"Request body must be a JSON object, got {type(value).__name__}")
    return value


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    content = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return Response(content, status_code=status, media_type="application/json", headers=headers)


def error_response(error: ApiError, request_id: str) -> Response:
    headers = {"x-request-id": request_id, **error.headers}
    return json_response(error.body(), error.status, headers)
