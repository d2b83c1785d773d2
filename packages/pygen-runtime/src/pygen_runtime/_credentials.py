"""Credentials: a static or callable ``Token``, and ``OAuthClientCredentials`` with refresh before expiry."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._errors import AuthenticationError, InvalidInputError

if TYPE_CHECKING:
    from ._http import HTTPClient


class Credentials(ABC):
    """Produces the ``Authorization`` header for every request.

    ``HTTPClient`` calls ``authorization_header`` before each attempt and, when the API answers 401, calls
    ``refresh`` with the header it used; if that yields a different header the request is retried once.
    """

    @abstractmethod
    def authorization_header(self, http: HTTPClient) -> str:
        """The full header value, e.g. ``"Bearer eyJ..."``."""

    def refresh(self, http: HTTPClient, stale_header: str) -> bool:
        """Force a new token after ``stale_header`` was rejected. Returns whether the header changed."""
        return self.authorization_header(http) != stale_header


class Token(Credentials):
    """A bearer token: a fixed string, or a callable called before every request (so it can refresh itself)."""

    def __init__(self, token: str | Callable[[], str]) -> None:
        if isinstance(token, str):
            if not token.strip():
                raise InvalidInputError("Token: the token is an empty string")
        elif not callable(token):
            raise InvalidInputError(f"Token: expected a string or a callable returning one, got {type(token).__name__}")
        self._token = token

    def authorization_header(self, http: HTTPClient) -> str:
        token = self._token() if callable(self._token) else self._token
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                0, None, f"Token: the token callable returned {type(token).__name__}, not a string"
            )
        return f"Bearer {token}"

    def __repr__(self) -> str:
        return "Token(<callable>)" if callable(self._token) else "Token(<redacted>)"


class OAuthClientCredentials(Credentials):
    """The OAuth 2.0 client-credentials flow (a form POST to ``token_url``).

    The token is refreshed ``expiry_leeway`` seconds before it expires, measured on the monotonic clock (so wall
    clock jumps do not matter); only one thread fetches at a time, the others wait and reuse its token. A 401 from
    the API forces one refresh. ``token_custom_args`` are extra form fields some identity providers need.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: str | Sequence[str],
        audience: str | None = None,
        *,
        expiry_leeway: float = 30.0,
        token_custom_args: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for name, value in (("token_url", token_url), ("client_id", client_id), ("client_secret", client_secret)):
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError(f"OAuthClientCredentials: {name} must be a non-empty string, got {value!r}")
        if not token_url.startswith(("https://", "http://")):
            raise InvalidInputError(f"OAuthClientCredentials: token_url must be an http(s) URL, got {token_url!r}")
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.scopes = [scopes] if isinstance(scopes, str) else list(scopes)
        self.audience = audience
        self.expiry_leeway = expiry_leeway
        self.token_custom_args = dict(token_custom_args or {})
        self._clock = clock
        self._lock = threading.Lock()
        self._access_token: str | None = None
        self._expires_at = 0.0
        self.fetch_count = 0  # how many tokens were fetched; useful in tests and diagnostics

    def authorization_header(self, http: HTTPClient) -> str:
        token = self._access_token
        if token is None or self._clock() >= self._expires_at - self.expiry_leeway:
            with self._lock:
                # Another thread may have refreshed while we waited for the lock.
                token = self._access_token
                if token is None or self._clock() >= self._expires_at - self.expiry_leeway:
                    token = self._fetch(http)
        return f"Bearer {token}"

    def refresh(self, http: HTTPClient, stale_header: str) -> bool:
        with self._lock:
            if self._access_token is not None and f"Bearer {self._access_token}" != stale_header:
                return True  # another thread already replaced the rejected token
            self._fetch(http)
        return True

    def _fetch(self, http: HTTPClient) -> str:
        form: dict[str, str] = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "scope": " ".join(self.scopes),
            **self.token_custom_args,
        }
        if self.audience:
            form["audience"] = self.audience
        started = self._clock()
        response = http.request(
            "POST", self.token_url, data=form, absolute=True, authenticate=False, raise_for_status=False
        )
        if response.status_code != 200:
            raise AuthenticationError(
                response.status_code,
                None,
                f"token request to {self.token_url} failed: {_token_error(response.content)}",
                request_id=response.headers.get("x-request-id"),
            )
        try:
            body: Any = response.json()
            token = body["access_token"]
            expires_in = float(body.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise AuthenticationError(
                response.status_code, None, f"token response from {self.token_url} has no access_token"
            ) from None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                response.status_code, None, f"token response from {self.token_url} has an empty access_token"
            )
        self._access_token = token
        self._expires_at = started + expires_in
        self.fetch_count += 1
        return token

    def __repr__(self) -> str:
        return (
            f"OAuthClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r}, "
            f"client_secret=<redacted>, scopes={self.scopes!r}, audience={self.audience!r})"
        )


def _token_error(content: bytes) -> str:
    import json

    try:
        body = json.loads(content)
    except ValueError:
        return content[:300].decode("utf-8", "replace") or "empty response"
    if isinstance(body, dict):
        error = body.get("error")
        description = body.get("error_description")
        if isinstance(error, dict):  # CDF-style {"error": {"message": ...}}
            return str(error.get("message", error))
        return ": ".join(str(part) for part in (error, description) if part) or str(body)[:300]
    return str(body)[:300]
