"""Opaque cursors: URL-safe base64 of a small JSON payload, with a fingerprint of the request they belong to.

"All parameters except cursor have to stay the same" (DMS spec); the fingerprint lets the server say so with a 400
instead of returning a page of some other listing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from ._errors import bad_request


def fingerprint(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def encode(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: object, where: str, *, expected_fingerprint: str | None = None) -> dict[str, Any]:
    if not isinstance(cursor, str) or not cursor:
        raise bad_request(f"{where}: invalid cursor {cursor!r}")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        raise bad_request(
            f"{where}: invalid cursor {cursor[:40]!r}; pass back a nextCursor exactly as returned"
        ) from None
    if not isinstance(payload, dict):
        raise bad_request(f"{where}: invalid cursor {cursor[:40]!r}")
    if expected_fingerprint is not None and payload.get("f") != expected_fingerprint:
        raise bad_request(
            f"{where}: the cursor belongs to a different request; all parameters except the cursor must stay the same"
        )
    return payload
