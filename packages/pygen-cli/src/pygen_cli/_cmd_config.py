"""``pygen config show``: the settings a run would use, and where each comes from."""

from __future__ import annotations

import json

import typer

from ._options import ConfigFile, NoConfig, Verbose
from ._output import Output
from ._run import settings_for
from ._settings import SECRET_SETTINGS

__all__ = ["config_app"]

config_app = typer.Typer(
    help="Inspect the settings of pygen.toml and the tool.pygen table of pyproject.toml.", no_args_is_help=True
)


@config_app.command("show")
def show(config: ConfigFile = None, no_config: NoConfig = False, verbose: Verbose = False) -> None:
    """Print the settings from config files and CDF_* environment variables, each with its source.

    Command-line flags take precedence over everything shown here.
    """
    output = Output(verbose=verbose)
    with output.handle_errors():
        settings = settings_for({}, config=config, no_config=no_config, output=output)
    if settings.config_files:
        output.result("config files (lowest precedence first):")
        for layer in settings.config_files:
            output.result(f"  {layer.label}")
    else:
        output.result("config files: none found (searched for pygen.toml and pyproject.toml [tool.pygen] upwards)")
    if not settings.values:
        output.result("settings: none (defaults apply)")
        return
    output.result("settings:")
    for key, setting in sorted(settings.values.items()):
        value = "*** (set)" if key in SECRET_SETTINGS else json.dumps(_plain(setting.value))
        output.result(f"  {key} = {value}  ({setting.source})")


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
