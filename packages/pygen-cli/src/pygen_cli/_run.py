"""Steps every command shares: merging its settings, and naming a data model in messages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import CLIUsageError
from ._output import Output
from ._settings import SECRET_SETTINGS, Settings, resolve_settings

if TYPE_CHECKING:
    from pygen_client import ModelFile

__all__ = ["describe_model", "settings_for"]


def settings_for(
    flags: dict[str, tuple[Any, str]], *, config: Path | None, no_config: bool, output: Output
) -> Settings:
    """The run's settings; secrets among them are registered for redaction before anything can print them."""
    output.add_secrets([str(flags[key][0]) for key in SECRET_SETTINGS if key in flags and flags[key][0]])
    if config is not None and no_config:
        raise CLIUsageError("--config and --no-config cannot be used together")
    settings = resolve_settings(flags, cwd=Path.cwd(), config_file=config, use_config_files=not no_config)
    output.add_secrets(settings.secrets())
    for layer in settings.config_files:
        output.detail(f"settings from {layer.label}")
    return settings


def describe_model(model: ModelFile) -> str:
    data_model = model.data_model
    name = f"{data_model.space}:{data_model.external_id}/{data_model.version}"
    return f"{name} ({model.path})" if model.path else name
