"""Bearer-token checks, the local OAuth2 client-credentials endpoint and ``/api/v1/token/inspect``."""

from __future__ import annotations

import base64
import secrets
import threading
import time
from urllib.parse import parse_qs, unquote

from ._config import EmulatorConfig


class TokenAuthority:
    """Issues and checks access tokens for one emulator."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self._issued: dict[str, float] = {}  # token -> expiry (monotonic seconds)
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        """True when any bearer token is accepted."""
        return self.config.token is None and not self.config.oauth_clients

    def check(self, authorization: str | None) -> str | None:
        """None when the request may proceed, else the reason it may not."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return "Unauthorized: the request has no 'Authorization: Bearer <token>' header"
        token = authorization[7:].strip()
        if not token:
            return "Unauthorized: empty bearer token"
        if self.open or token == self.config.token:
            return None
        with self._lock:
            expiry = self._issued.get(token)
        if expiry is None:
            return "Unauthorized: unknown or invalid bearer token"
        if expiry < time.monotonic():
            return "Unauthorized: the bearer token has expired"
        return None

    def issue(self, lifetime: int | None = None) -> tuple[str, int]:
        token = "emu-" + secrets.token_urlsafe(24)
        seconds = self.config.token_lifetime if lifetime is None else lifetime
        with self._lock:
            self._issued[token] = time.monotonic() + seconds
        return token, seconds

    def revoke_all(self) -> None:
        with self._lock:
            self._issued.clear()

    def client_credentials(self, form_body: bytes, authorization: str | None) -> tuple[int, dict[str, object]]:
        """Answer a token request (RFC 6749 section 4.4): status and JSON body."""
        form = {k: v[-1] for k, v in parse_qs(form_body.decode("utf-8", "replace")).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode()
                raw_id, _, raw_secret = decoded.partition(":")
                client_id, client_secret = unquote(raw_id), unquote(raw_secret)
            except (ValueError, UnicodeDecodeError):
                return 401, {"error": "invalid_client", "error_description": "malformed Basic authorization header"}
        if form.get("grant_type") != "client_credentials":
            return 400, {
                "error": "unsupported_grant_type",
                "error_description": f"only grant_type=client_credentials is supported, got {form.get('grant_type')!r}",
            }
        if not client_id:
            return 401, {"error": "invalid_client", "error_description": "client_id is missing"}
        expected = self.config.oauth_clients.get(client_id)
        if expected is None and not self.open:
            return 401, {"error": "invalid_client", "error_description": f"unknown client_id {client_id!r}"}
        if expected is not None and client_secret != expected:
            return 401, {"error": "invalid_client", "error_description": "wrong client_secret"}
        token, lifetime = self.issue()
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": lifetime}
