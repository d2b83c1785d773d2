"""``pygen generate``: a typed SDK from a data model in CDF, a model file, or the bundled example."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._errors import CLIUsageError, PygenCLIError
from ._file_plan import FilePlan, plan_files, unified_diff
from ._options import (
    Audience,
    BaseUrl,
    ClientId,
    ClientSecret,
    Cluster,
    ConfigFile,
    Example,
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
from ._options import (
    ModelFile as ModelFileOption,
)
from ._output import Output
from ._run import describe_model, settings_for
from ._settings import Settings

if TYPE_CHECKING:
    from pygen_client import ModelFile

    from ._generation import GeneratedSDK

__all__ = ["generate"]

_OUTPUT = "Output"
CHECK_FAILED = 3


class Language(str, Enum):
    python = "python"
    typescript = "typescript"
    all = "all"


def generate(
    example: Example = False,
    model_file: ModelFileOption = None,
    space: Space = None,
    external_id: ExternalId = None,
    version: Version = None,
    language: Annotated[
        Language | None,
        typer.Option("--language", "-l", help="SDK language (default: python).", rich_help_panel=_OUTPUT),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            help="Directory to write into (default: the config file's directory, else the current one). "
            "With --language all, each SDK goes into a python/ or typescript/ subdirectory.",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option("--package", help="Package name (default: from the data model).", rich_help_panel=_OUTPUT),
    ] = None,
    client_name: Annotated[
        str | None,
        typer.Option(
            "--client-name", help="Client class name (default: from the data model).", rich_help_panel=_OUTPUT
        ),
    ] = None,
    instance_space: Annotated[
        str | None,
        typer.Option("--instance-space", help="Default instance space of the SDK.", rich_help_panel=_OUTPUT),
    ] = None,
    exclude_views: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-views",
            help="Leave out a view: externalId or space:externalId/version; repeatable, or comma separated.",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    exclude_spaces: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-spaces",
            help="Leave out the views of a space; repeatable, or comma separated.",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    vendor_runtime: Annotated[
        bool | None,
        typer.Option(
            "--vendor-runtime/--no-vendor-runtime",
            help="Copy pygen-runtime into the SDK instead of depending on it (default: depend).",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    pyproject: Annotated[
        bool | None,
        typer.Option(
            "--pyproject/--no-pyproject",
            help="Also write a pyproject.toml for the SDK (TypeScript: deno.json and package.json) (default: no).",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    overwrite: Annotated[
        bool | None,
        typer.Option(
            "--overwrite/--no-overwrite",
            help="Replace an earlier generation (stale files removed) (default: no).",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be written; write nothing.", rich_help_panel=_OUTPUT)
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 3 if the files on disk differ from what would be generated (for CI).",
            rich_help_panel=_OUTPUT,
        ),
    ] = False,
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
    """Generate a typed SDK from a data model: in CDF (--space, --external-id, --version), in a model file (--model-file) or the bundled example (--example).

    Every option may also be set in pygen.toml or the tool.pygen table of pyproject.toml (flags win).

    Exit codes: 0 ok, 1 failure, 2 usage error, 3 --check found differences.
    """
    # Imported here, not at the top: `pygen --help` and shell completion should not pay for pydantic.
    from ._generation import generate_files, stale_files, write_files
    from ._model_sources import load_models, model_sources

    output = Output(verbose=verbose, quiet=quiet)
    with output.handle_errors():
        if dry_run and check:
            raise CLIUsageError("--dry-run and --check cannot be used together: --check already writes nothing")
        flags: dict[str, tuple[Any, str]] = {
            **model_flags(example, model_file, space, external_id, version),
            **connection_flags(
                base_url, cluster, project, client_id, client_secret, token_url, tenant_id, scopes, audience
            ),
            "language": (language.value if language else None, "--language"),
            "output_dir": (str(output_dir.resolve()) if output_dir else None, "--output-dir"),
            "package": (package, "--package"),
            "client_name": (client_name, "--client-name"),
            "instance_space": (instance_space, "--instance-space"),
            "exclude_views": (_split(exclude_views), "--exclude-views"),
            "exclude_spaces": (_split(exclude_spaces), "--exclude-spaces"),
            "vendor_runtime": (vendor_runtime, "--vendor-runtime" if vendor_runtime else "--no-vendor-runtime"),
            "pyproject": (pyproject, "--pyproject" if pyproject else "--no-pyproject"),
            "overwrite": (overwrite, "--overwrite" if overwrite else "--no-overwrite"),
        }
        settings = settings_for(flags, config=config, no_config=no_config, output=output)
        sources = model_sources(settings)
        target = _output_dir(settings)
        models = load_models(sources, settings, output)
        _validate(models, output)
        options = _generator_options(settings)
        languages = (
            ["python", "typescript"] if settings.get("language") == "all" else [settings.get("language", "python")]
        )
        if settings.get("vendor_runtime") and languages == ["typescript"]:
            raise CLIUsageError(
                "--vendor-runtime applies to Python SDKs only; a TypeScript SDK depends on the npm package pygen-runtime"
            )
        sdks: list[tuple[GeneratedSDK, Path]] = []
        for name in languages:
            # Vendoring copies the Python runtime into the SDK; with --language all it applies to the Python SDK.
            language_options = options if name == "python" else {**options, "pygen_as_dependency": True}
            with output.status(f"Generating the {name} SDK"):
                sdk = generate_files(models, language=name, options=language_options)
            for note in sdk.warnings:
                output.warning(note)
            sdks.append((sdk, target / name if len(languages) > 1 else target))
        if check:
            _check(sdks, output, verbose=verbose)
            return
        for sdk, directory in sdks:
            plan = plan_files(sdk.files, directory, stale_files(sdk.files, directory))
            if dry_run:
                for line in plan.lines(include_unchanged=verbose):
                    output.result(line)
                output.result(f"dry run, nothing written ({sdk.language} SDK in {directory}): {plan.summary()}")
                continue
            with output.status(f"Writing {len(sdk.files)} files to {directory}"):
                written = write_files(sdk, directory, overwrite=bool(settings.get("overwrite", False)))
            for line in plan.lines():
                output.detail(line)
            created = sum(1 for path in written.written if path in plan.created)
            output.result(
                f"generated the {sdk.language} SDK in {directory}: {created} created, "
                f"{len(written.written) - created} updated, {len(written.removed)} removed, "
                f"{len(written.unchanged)} unchanged"
            )


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _output_dir(settings: Settings) -> Path:
    if "output_dir" in settings:
        directory = Path(settings.get("output_dir"))
    elif settings.config_files:
        directory = settings.config_files[-1].path.parent.resolve()
    else:
        directory = Path.cwd()
    if directory.exists() and not directory.is_dir():
        raise CLIUsageError(f"output directory {directory} is a file")
    return directory


def _validate(models: list[ModelFile], output: Output) -> None:
    from pygen_client import validate_model

    for model in models:
        report = validate_model(model)
        if report.has_errors:
            for finding in report.errors:
                output.error(f"{finding}\n    fix: {finding.suggestion}")
            raise PygenCLIError(
                f"data model {describe_model(model)} has {len(report.errors)} error(s); nothing was generated"
            )
        if report.warnings:
            output.detail(f"{describe_model(model)}: {len(report.warnings)} validation warning(s)")
            for finding in report.warnings:
                output.detail(f"  {finding}")


def _generator_options(settings: Settings) -> dict[str, Any]:
    from ._generation import view_selector

    options: dict[str, Any] = {}
    for key in ("package", "client_name"):
        if key in settings:
            options[key] = settings.get(key)
    if "instance_space" in settings:
        options["default_instance_space"] = settings.get("instance_space")
    if "exclude_views" in settings:
        options["exclude_views"] = [view_selector(item) for item in settings.get("exclude_views")]
    if "exclude_spaces" in settings:
        options["exclude_spaces"] = list(settings.get("exclude_spaces"))
    if "vendor_runtime" in settings:
        options["pygen_as_dependency"] = not settings.get("vendor_runtime")
    if "pyproject" in settings:
        options["pyproject"] = bool(settings.get("pyproject"))
    return options


def _check(sdks: list[tuple[GeneratedSDK, Path]], output: Output, *, verbose: bool) -> None:
    from ._generation import stale_files

    plans: list[tuple[GeneratedSDK, FilePlan]] = []
    for sdk, directory in sdks:
        plans.append((sdk, plan_files(sdk.files, directory, stale_files(sdk.files, directory))))
    changed = sum(plan.changes for _, plan in plans)
    for sdk, plan in plans:
        if plan.changes == 0:
            output.result(f"up to date: the {sdk.language} SDK in {plan.output_dir} ({len(plan.unchanged)} files)")
            continue
        for line in plan.lines():
            output.result(line)
        if verbose:
            output.result(unified_diff(sdk.files, plan).rstrip("\n"))
    if changed:
        output.result(
            f"out of date: {changed} file(s) differ from what pygen generate would write; run it without --check "
            "to update them"
        )
        raise typer.Exit(CHECK_FAILED)
