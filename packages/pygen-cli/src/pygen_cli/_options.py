"""Options shared by several commands, declared once (typer reads them from the annotations)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["connection_flags", "model_flags"]

_MODEL = "Data model (one of, or several combined into one SDK)"
_CDF = "CDF connection (secrets only from the environment or flags)"
_CONFIG = "Configuration"

Example = Annotated[
    bool, typer.Option("--example", help="Use the bundled example model (no CDF needed).", rich_help_panel=_MODEL)
]
ModelFile = Annotated[
    list[Path] | None,
    typer.Option("--model-file", "-m", help="A model file (JSON or YAML); repeat for several.", rich_help_panel=_MODEL),
]
Space = Annotated[str | None, typer.Option("--space", help="Space of the data model in CDF.", rich_help_panel=_MODEL)]
ExternalId = Annotated[
    str | None, typer.Option("--external-id", help="External id of the data model in CDF.", rich_help_panel=_MODEL)
]
Version = Annotated[
    str | None, typer.Option("--version", help="Version of the data model in CDF.", rich_help_panel=_MODEL)
]

BaseUrl = Annotated[
    str | None,
    typer.Option(
        "--base-url", help="CDF URL, a private link, or the emulator's URL (env: CDF_URL).", rich_help_panel=_CDF
    ),
]
Cluster = Annotated[
    str | None,
    typer.Option("--cluster", help="CDF cluster, e.g. westeurope-1 (env: CDF_CLUSTER).", rich_help_panel=_CDF),
]
Project = Annotated[str | None, typer.Option("--project", help="CDF project (env: CDF_PROJECT).", rich_help_panel=_CDF)]
ClientId = Annotated[
    str | None, typer.Option("--client-id", help="OAuth client id (env: CDF_CLIENT_ID).", rich_help_panel=_CDF)
]
ClientSecret = Annotated[
    str | None,
    typer.Option(
        "--client-secret",
        help="OAuth client secret; prefer the environment, flags end up in shell history (env: CDF_CLIENT_SECRET).",
        rich_help_panel=_CDF,
    ),
]
TokenUrl = Annotated[
    str | None, typer.Option("--token-url", help="OAuth token URL (env: CDF_TOKEN_URL).", rich_help_panel=_CDF)
]
TenantId = Annotated[
    str | None,
    typer.Option(
        "--tenant-id", help="Entra ID tenant, instead of --token-url (env: CDF_TENANT_ID).", rich_help_panel=_CDF
    ),
]
Scopes = Annotated[
    str | None,
    typer.Option(
        "--scopes",
        help="OAuth scopes, space separated (default: {base-url}/.default) (env: CDF_SCOPES).",
        rich_help_panel=_CDF,
    ),
]
Audience = Annotated[
    str | None, typer.Option("--audience", help="OAuth audience (env: CDF_AUDIENCE).", rich_help_panel=_CDF)
]

ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Read settings from this file (pygen.toml form, or the tool.pygen table of a pyproject.toml) instead of searching.",
        rich_help_panel=_CONFIG,
    ),
]
NoConfig = Annotated[
    bool, typer.Option("--no-config", help="Ignore pygen.toml and pyproject.toml files.", rich_help_panel=_CONFIG)
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Say more; show tracebacks of errors.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only results and errors.")]


def model_flags(
    example: bool, model_file: list[Path] | None, space: str | None, external_id: str | None, version: str | None
) -> dict[str, tuple[Any, str]]:
    """The model-source flags as settings (``None``: not given)."""
    return {
        "example": (True if example else None, "--example"),
        "model_file": ([str(path.resolve()) for path in model_file] if model_file else None, "--model-file"),
        "space": (space, "--space"),
        "external_id": (external_id, "--external-id"),
        "version": (version, "--version"),
    }


def connection_flags(
    base_url: str | None,
    cluster: str | None,
    project: str | None,
    client_id: str | None,
    client_secret: str | None,
    token_url: str | None,
    tenant_id: str | None,
    scopes: str | None,
    audience: str | None,
) -> dict[str, tuple[Any, str]]:
    """The connection flags as settings (``None``: not given)."""
    return {
        "base_url": (base_url, "--base-url"),
        "cluster": (cluster, "--cluster"),
        "project": (project, "--project"),
        "client_id": (client_id, "--client-id"),
        "client_secret": (client_secret, "--client-secret"),
        "token_url": (token_url, "--token-url"),
        "tenant_id": (tenant_id, "--tenant-id"),
        "scopes": (scopes.split() if scopes else None, "--scopes"),
        "audience": (audience, "--audience"),
    }
