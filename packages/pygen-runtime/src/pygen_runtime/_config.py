"""``ClientConfig``: where to connect, as whom, and how patiently; from arguments, the environment or TOML."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass
from pathlib import Path
from typing import Any

from ._credentials import Credentials, OAuthClientCredentials, Token
from ._errors import ConfigurationError

DEFAULT_CLIENT_NAME = "pygen-sdk"
DMS_API_VERSION = "20230101"

# Environment variable -> setting name (the setting names are also the TOML keys). Documented in the README.
ENV_VARIABLES = {
    "CDF_URL": "base_url",
    "CDF_CLUSTER": "cluster",
    "CDF_PROJECT": "project",
    "CDF_CLIENT_NAME": "client_name",
    "CDF_TOKEN": "token",
    "CDF_CLIENT_ID": "client_id",
    "CDF_CLIENT_SECRET": "client_secret",
    "CDF_TOKEN_URL": "token_url",
    "CDF_TENANT_ID": "tenant_id",
    "CDF_SCOPES": "scopes",
    "CDF_AUDIENCE": "audience",
    "CDF_TIMEOUT": "timeout",
    "CDF_MAX_RETRIES": "max_retries",
    "CDF_MAX_RETRY_BACKOFF": "max_retry_backoff",
    "CDF_MAX_CONCURRENT_REQUESTS": "max_concurrent_requests",
    "CDF_MAX_WORKERS": "max_workers",
    "CDF_GZIP": "gzip",
}
_SETTING_TO_ENV = {setting: env for env, setting in ENV_VARIABLES.items()}
_FLOAT_SETTINGS = ("timeout", "max_retry_backoff")
_INT_SETTINGS = ("max_retries", "max_concurrent_requests", "max_workers")
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client needs to talk to CDF (or to the pygen emulator).

    Args:
        base_url: ``https://{cluster}.cognitedata.com`` or any URL, e.g. ``http://127.0.0.1:8000`` for the emulator.
        project: The CDF project; requests go to ``{base_url}/api/v1/projects/{project}``.
        credentials: ``Token(...)`` or ``OAuthClientCredentials(...)``.
        client_name: Sent as ``x-cdp-app`` so requests can be traced to your application.
        timeout: Seconds to wait for connect/read/write of one attempt.
        max_retries: Retries after the first attempt for retryable failures (0 disables retrying).
        max_retry_backoff: Upper bound, in seconds, of one wait between retries (also caps ``Retry-After``).
        max_concurrent_requests: Requests in flight at once across all threads sharing the client.
        max_workers: Worker threads for batch operations split into several requests (upsert, delete, retrieve).
        gzip: Compress JSON request bodies (``Content-Encoding: gzip``).
    """

    base_url: str
    project: str
    credentials: Credentials
    _: KW_ONLY
    client_name: str = DEFAULT_CLIENT_NAME
    timeout: float = 30.0
    max_retries: int = 10
    max_retry_backoff: float = 30.0
    max_concurrent_requests: int = 20
    max_workers: int = 4
    gzip: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.base_url, str) or not re.match(r"^https?://[^/\s]+", self.base_url):
            raise ConfigurationError(f"ClientConfig.base_url must be an http(s) URL, got {self.base_url!r}")
        if "/api/v1/projects/" in self.base_url:
            raise ConfigurationError(
                f"ClientConfig.base_url must not contain the project path, got {self.base_url!r}; "
                "give the project separately"
            )
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if not isinstance(self.project, str) or not self.project.strip():
            raise ConfigurationError(f"ClientConfig.project must be a non-empty string, got {self.project!r}")
        if not isinstance(self.credentials, Credentials):
            raise ConfigurationError(
                f"ClientConfig.credentials must be Token(...) or OAuthClientCredentials(...), got {self.credentials!r}"
            )
        if not isinstance(self.client_name, str) or not self.client_name.strip():
            raise ConfigurationError(f"ClientConfig.client_name must be a non-empty string, got {self.client_name!r}")
        _check_number("timeout", self.timeout, minimum=0.0, exclusive=True)
        _check_number("max_retries", self.max_retries, minimum=0, integer=True)
        _check_number("max_retry_backoff", self.max_retry_backoff, minimum=0.0)
        _check_number("max_concurrent_requests", self.max_concurrent_requests, minimum=1, integer=True)
        _check_number("max_workers", self.max_workers, minimum=1, integer=True)
        if not isinstance(self.gzip, bool):
            raise ConfigurationError(f"ClientConfig.gzip must be true or false, got {self.gzip!r}")

    @property
    def project_url(self) -> str:
        """``{base_url}/api/v1/projects/{project}``: the root every DMS path is relative to."""
        return f"{self.base_url}/api/v1/projects/{self.project}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClientConfig:
        """Build a config from ``CDF_*`` environment variables (see the README for the full list).

        ``CDF_URL`` (or ``CDF_CLUSTER``) and ``CDF_PROJECT`` are required, plus either ``CDF_TOKEN`` or
        ``CDF_CLIENT_ID``, ``CDF_CLIENT_SECRET`` and ``CDF_TOKEN_URL`` (or ``CDF_TENANT_ID`` for Entra ID).
        """
        env = os.environ if environ is None else environ
        values = {setting: env[name] for name, setting in ENV_VARIABLES.items() if env.get(name, "").strip()}
        return _from_settings(values, source="environment", name_of=_SETTING_TO_ENV.__getitem__)

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str], section: str | None = None) -> ClientConfig:
        """Build a config from a TOML file, optionally from one (dotted) ``section`` of it.

        Keys are the ``ClientConfig`` argument names plus ``cluster``, ``token``, ``client_id``,
        ``client_secret``, ``token_url``, ``tenant_id``, ``scopes`` and ``audience``. String values may reference
        environment variables as ``"${CDF_CLIENT_SECRET}"`` so secrets stay out of the file.
        """
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigurationError(f"cannot read config file {file}: {error.strerror or error}") from None
        data: Any = _parse_toml(text, file)
        where = str(file)
        if section:
            for part in section.split("."):
                if not isinstance(data, dict) or part not in data:
                    raise ConfigurationError(f"{file}: section [{section}] not found")
                data = data[part]
            where = f"{file} [{section}]"
        if not isinstance(data, dict):
            raise ConfigurationError(f"{where}: expected a table of settings")
        known = set(ENV_VARIABLES.values())
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigurationError(
                f"{where}: unknown key(s) {', '.join(unknown)}; expected some of {', '.join(sorted(known))}"
            )
        values = {key: _expand_env(value, where, key) for key, value in data.items()}
        return _from_settings(values, source=where, name_of=str)


def _from_settings(values: dict[str, Any], *, source: str, name_of: Callable[[str], str]) -> ClientConfig:
    def fail(message: str) -> ConfigurationError:
        return ConfigurationError(f"{source}: {message}")

    base_url = values.get("base_url")
    if base_url and values.get("cluster"):
        raise fail(f"give either {name_of('base_url')} or {name_of('cluster')}, not both")
    if values.get("cluster"):
        base_url = f"https://{values['cluster']}.cognitedata.com"
    missing = []
    if not base_url:
        missing.append(f"{name_of('base_url')} (or {name_of('cluster')})")
    if not values.get("project"):
        missing.append(name_of("project"))
    if missing:
        raise fail(f"missing {', '.join(missing)}")

    credentials = _credentials(values, str(base_url), fail, name_of)
    options: dict[str, Any] = {}
    if "client_name" in values:
        options["client_name"] = _string(values["client_name"], name_of("client_name"), fail)
    for key in _FLOAT_SETTINGS:
        if key in values:
            options[key] = _number(values[key], name_of(key), fail, integer=False)
    for key in _INT_SETTINGS:
        if key in values:
            options[key] = _number(values[key], name_of(key), fail, integer=True)
    if "gzip" in values:
        options["gzip"] = _boolean(values["gzip"], name_of("gzip"), fail)
    try:
        return ClientConfig(str(base_url), _string(values["project"], name_of("project"), fail), credentials, **options)
    except ConfigurationError as error:
        raise fail(str(error).removeprefix("ClientConfig.")) from None


def _credentials(
    values: dict[str, Any], base_url: str, fail: Callable[[str], ConfigurationError], name_of: Callable[[str], str]
) -> Credentials:
    if values.get("token"):
        if values.get("client_id") or values.get("client_secret"):
            raise fail(f"give either {name_of('token')} or {name_of('client_id')}/{name_of('client_secret')}, not both")
        return Token(_string(values["token"], name_of("token"), fail))
    token_url = values.get("token_url")
    if not token_url and values.get("tenant_id"):
        token_url = f"https://login.microsoftonline.com/{values['tenant_id']}/oauth2/v2.0/token"
    needed = {
        "client_id": values.get("client_id"),
        "client_secret": values.get("client_secret"),
        "token_url": token_url,
    }
    absent = [
        f"{name_of(key)} (or {name_of('tenant_id')})" if key == "token_url" else name_of(key)
        for key, value in needed.items()
        if not value
    ]
    if absent:
        raise fail(
            f"no credentials: set {name_of('token')}, or the client-credentials settings (missing {', '.join(absent)})"
        )
    scopes_value = values.get("scopes")
    if scopes_value is None:
        scopes = [f"{base_url.rstrip('/')}/.default"]
    elif isinstance(scopes_value, str):
        scopes = [scope for scope in re.split(r"[\s,]+", scopes_value) if scope]
    elif isinstance(scopes_value, list) and all(isinstance(scope, str) for scope in scopes_value):
        scopes = scopes_value
    else:
        raise fail(f"{name_of('scopes')} must be a string or a list of strings, got {scopes_value!r}")
    audience = values.get("audience")
    try:
        return OAuthClientCredentials(
            _string(token_url, name_of("token_url"), fail),
            _string(needed["client_id"], name_of("client_id"), fail),
            _string(needed["client_secret"], name_of("client_secret"), fail),
            scopes,
            None if audience is None else _string(audience, name_of("audience"), fail),
        )
    except ValueError as error:
        raise fail(str(error)) from None


def _string(value: Any, name: str, fail: Callable[[str], ConfigurationError]) -> str:
    if not isinstance(value, str):
        raise fail(f"{name} must be a string, got {value!r}")
    return value


def _number(value: Any, name: str, fail: Callable[[str], ConfigurationError], *, integer: bool) -> Any:
    kind = "an integer" if integer else "a number"
    if isinstance(value, bool):
        raise fail(f"{name} must be {kind}, got {value!r}")
    try:
        return (
            int(str(value).strip()) if integer and not isinstance(value, int) else (value if integer else float(value))
        )
    except (TypeError, ValueError):
        raise fail(f"{name} must be {kind}, got {value!r}") from None


def _boolean(value: Any, name: str, fail: Callable[[str], ConfigurationError]) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise fail(f"{name} must be true or false, got {value!r}")


def _check_number(name: str, value: Any, *, minimum: float, integer: bool = False, exclusive: bool = False) -> None:
    kind: Any = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ConfigurationError(
            f"ClientConfig.{name} must be {'an integer' if integer else 'a number'}, got {value!r}"
        )
    if value < minimum or (exclusive and value == minimum):
        bound = f"greater than {minimum}" if exclusive else f"at least {minimum}"
        raise ConfigurationError(f"ClientConfig.{name} must be {bound}, got {value!r}")


def _expand_env(value: Any, where: str, key: str) -> Any:
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigurationError(
                f"{where}: {key} references ${{{name}}}, but the environment variable {name} is not set"
            )
        return os.environ[name]

    return _ENV_REFERENCE.sub(replace, value)


def _parse_toml(text: str, file: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        parsed: dict[str, Any] = tomllib.loads(text)
        return parsed
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{file} is not valid TOML: {error}") from None
