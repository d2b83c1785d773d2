"""``pygen model pull``: save data models from CDF as model files (for review, for the emulator, or offline use)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import CLIUsageError, PygenCLIError
from ._options import (
    Audience,
    BaseUrl,
    ClientId,
    ClientSecret,
    Cluster,
    ConfigFile,
    ExternalId,
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
from ._run import settings_for

if TYPE_CHECKING:
    from pygen_client import DataModelId

__all__ = ["model_app"]

model_app = typer.Typer(help="Work with data model files.", no_args_is_help=True)


@model_app.command("pull")
def pull(
    space: Space = None,
    external_id: ExternalId = None,
    version: Version = None,
    output_path: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (.json, or .yaml/.yml), or a directory for <space>_<externalId>.json files "
            "[default: the current directory].",
        ),
    ] = None,
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
    """Save data models from CDF (views inlined, with their containers) as model files.

    The models are the --space/--external-id/--version given, or the CDF models of pygen.toml.
    """
    from pygen_client import save_model_file

    from ._cdf import client_config
    from ._model_sources import fetch_models, model_sources

    output = Output(verbose=verbose, quiet=quiet)
    with output.handle_errors():
        flags = {
            **model_flags(False, None, space, external_id, version),
            **connection_flags(
                base_url, cluster, project, client_id, client_secret, token_url, tenant_id, scopes, audience
            ),
        }
        settings = settings_for(flags, config=config, no_config=no_config, output=output)
        sources = model_sources(settings)
        if not sources.cdf:
            raise CLIUsageError(
                "model pull fetches data models from CDF: pass --space, --external-id and --version "
                "(the settings name only a model file or the example)"
            )
        targets = _targets(list(sources.cdf), output_path)
        connection = client_config(settings)
        saved: list[str] = []
        for model_id, target in zip(sources.cdf, targets, strict=True):
            try:
                (model,) = fetch_models([model_id], connection, output)
            except PygenCLIError as error:
                if not saved:
                    raise
                # A partial failure says what was done, so nothing needs to be pulled twice.
                raise PygenCLIError(f"{error} (saved before this failure: {', '.join(saved)})") from error
            existed = target.exists()
            target.parent.mkdir(parents=True, exist_ok=True)
            save_model_file(model, target)
            saved.append(str(model_id))
            output.result(
                f"{'updated' if existed else 'saved'} {model_id} in {target} "
                f"({len(model.views)} views, {len(model.containers or [])} containers)"
            )


def _targets(ids: list[DataModelId], output_path: Path | None) -> list[Path]:
    if output_path is not None and not output_path.is_dir():
        if len(ids) > 1:
            raise CLIUsageError(f"--output {output_path} must be a directory when pulling {len(ids)} data models")
        if output_path.suffix.lower() not in {".json", ".yaml", ".yml"}:
            raise CLIUsageError(f"--output {output_path}: expected a .json, .yaml or .yml file, or a directory")
        return [output_path]
    directory = output_path or Path.cwd()
    return [directory / f"{model_id.space}_{model_id.external_id}.json" for model_id in ids]
