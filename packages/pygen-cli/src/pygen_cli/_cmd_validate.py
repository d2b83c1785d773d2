"""``pygen validate``: the client's validation findings as a readable report; exit 1 on errors."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from ._options import (
    Audience,
    BaseUrl,
    ClientId,
    ClientSecret,
    Cluster,
    ConfigFile,
    Example,
    ExternalId,
    ModelFile,
    NoConfig,
    Project,
    Quiet,
    Scopes,
    Space,
    TenantId,
    TokenUrl,
    Verbose,
    Version,
    connection_flags,
    model_flags,
)
from ._output import Output
from ._run import describe_model, settings_for

__all__ = ["validate"]


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


def validate(
    example: Example = False,
    model_file: ModelFile = None,
    space: Space = None,
    external_id: ExternalId = None,
    version: Version = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="text for people, json for tools (on stdout).")
    ] = ReportFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    base_url: BaseUrl = None,
    cluster: Cluster = None,
    project: Project = None,
    client_id: ClientId = None,
    client_secret: ClientSecret = None,
    token_url: TokenUrl = None,
    tenant_id: TenantId = None,
    scopes: Scopes = None,
    audience: Audience = None,
    config: ConfigFile = None,
    no_config: NoConfig = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Check data models for problems before generating: errors, warnings, and how to fix each.

    Exit code 0 when there are no errors (and, with --strict, no warnings), 1 otherwise.
    """
    from pygen_client import validate_model

    from ._model_sources import load_models, model_sources

    output = Output(verbose=verbose, quiet=quiet)
    with output.handle_errors():
        flags = {
            **model_flags(example, model_file, space, external_id, version),
            **connection_flags(
                base_url, cluster, project, client_id, client_secret, token_url, tenant_id, scopes, audience
            ),
        }
        settings = settings_for(flags, config=config, no_config=no_config, output=output)
        models = load_models(model_sources(settings), settings, output)
        reports = [(model, validate_model(model)) for model in models]
    failed = any(report.has_errors or (strict and report.warnings) for _, report in reports)
    if output_format is ReportFormat.json:
        document = [
            {
                "data_model": describe_model(model),
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": report.dump(),
            }
            for model, report in reports
        ]
        output.result(json.dumps(document, indent=2))
    else:
        for index, (model, report) in enumerate(reports):
            if index:
                output.result()
            output.result(f"{describe_model(model)}:")
            output.result(report.format())
    if failed:
        raise typer.Exit(1)
