"""The ``pygen`` typer application: commands are registered here, implemented in ``_cmd_*`` modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from ._cmd_config import config_app
from ._cmd_emulator import emulator
from ._cmd_generate import generate
from ._cmd_model import model_app
from ._cmd_validate import validate
from ._version import __version__

__all__ = ["app", "main"]

app = typer.Typer(
    name="pygen",
    help="Generate typed Python and TypeScript SDKs from a CDF data model.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("generate")(generate)
app.command("validate")(validate)
app.add_typer(model_app, name="model")
app.add_typer(config_app, name="config")
app.command("emulator")(emulator)


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("pygen-generator", "pygen-client", "pygen-runtime", "pygen-emulator"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return f"pygen {__version__} ({', '.join(parts)})"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(_versions())
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the versions and exit."),
    ] = False,
) -> None:
    """Generate typed Python and TypeScript SDKs from a CDF data model.

    Start with: pygen generate --example --output-dir my_sdk
    """


def main(argv: Sequence[str] | None = None) -> None:
    """The ``pygen`` console script; exits with the command's exit code."""
    app(args=None if argv is None else list(argv), prog_name="pygen")
