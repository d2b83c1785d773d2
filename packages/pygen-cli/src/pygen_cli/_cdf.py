"""The ``ClientConfig`` for reaching CDF (or the emulator), from the merged settings.

The same URL is used for the API and, unless a token URL is given, for the default scope: ``--base-url`` is never
ignored, whichever way of authenticating is chosen (pygen v1 dropped it in its token-url branch).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pygen_runtime import ClientConfig, ConfigurationError

from ._errors import CLIUsageError
from ._settings import ENVIRONMENT_VARIABLES, Settings
from ._version import __version__

__all__ = ["CLI_MAX_RETRIES", "client_config"]

# A command should fail within seconds when the server is unreachable; the runtime's default (10 retries with
# backoff up to 30 s) suits long-running SDK jobs. CDF_MAX_RETRIES overrides it.
CLI_MAX_RETRIES = 3

_SETTING_TO_VARIABLE = {setting: name for name, setting in ENVIRONMENT_VARIABLES.items()}
_HOW_TO_SET = {
    "base_url": "--base-url, CDF_URL or base_url in pygen.toml; or --cluster, CDF_CLUSTER",
    "project": "--project, CDF_PROJECT or project in pygen.toml",
}


def client_config(settings: Settings, environ: Mapping[str, str] | None = None) -> ClientConfig:
    """Build the connection config; a missing or invalid setting is a ``CLIUsageError`` saying how to set it."""
    env = os.environ if environ is None else environ
    missing = [
        f"the CDF {'URL' if key == 'base_url' else key} ({how})"
        for key, how in _HOW_TO_SET.items()
        if key not in settings and not (key == "base_url" and "cluster" in settings)
    ]
    has_client_credentials = "client_id" in settings and "client_secret" in settings
    if "token" not in settings and not has_client_credentials:
        missing.append(
            "credentials (CDF_TOKEN, or --client-id/CDF_CLIENT_ID with --client-secret/CDF_CLIENT_SECRET and "
            "--token-url/CDF_TOKEN_URL or --tenant-id/CDF_TENANT_ID)"
        )
    elif has_client_credentials and "token_url" not in settings and "tenant_id" not in settings:
        missing.append("the token URL (--token-url, CDF_TOKEN_URL or token_url in pygen.toml; or --tenant-id)")
    if missing:
        raise CLIUsageError(f"cannot connect to CDF: missing {'; '.join(missing)}")

    variables: dict[str, str] = {
        name: value for name, value in env.items() if name.startswith("CDF_") and name not in ENVIRONMENT_VARIABLES
    }
    variables.setdefault("CDF_MAX_RETRIES", str(CLI_MAX_RETRIES))
    variables.setdefault("CDF_CLIENT_NAME", f"pygen-cli/{__version__}")
    for setting, name in _SETTING_TO_VARIABLE.items():
        value = settings.get(setting)
        if value is not None:
            variables[name] = " ".join(value) if isinstance(value, list) else str(value)
    try:
        return ClientConfig.from_env(variables)
    except ConfigurationError as error:
        raise CLIUsageError(f"invalid CDF connection settings: {str(error).removeprefix('environment: ')}") from None
