"""One run's settings, merged from flags, the environment, ``pygen.toml``, ``[tool.pygen]`` and defaults.

Precedence, highest first: command-line flag > environment variable (connection settings only) > ``pygen.toml`` >
``[tool.pygen]`` of ``pyproject.toml`` > default. Every value remembers where it came from (``pygen config show``).

Some keys are alternatives rather than independent values, and the highest layer that sets one of them decides:
where the data model comes from (``example``, ``model_file``, ``models``, ``space``/``external_id``/``version``),
``base_url`` or ``cluster``, ``token`` or client credentials, ``token_url`` or ``tenant_id``. So ``--model-file``
on the command line replaces ``models`` of ``pygen.toml`` instead of adding to it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._config_files import ConfigLayer, discover_config_files, read_config_file
from ._config_keys import MODEL_SOURCE_KEYS

__all__ = ["ENVIRONMENT_VARIABLES", "Setting", "Settings", "resolve_settings"]

# Environment variable -> setting, as documented by pygen-runtime's ClientConfig.from_env().
ENVIRONMENT_VARIABLES = {
    "CDF_URL": "base_url",
    "CDF_CLUSTER": "cluster",
    "CDF_PROJECT": "project",
    "CDF_TOKEN": "token",
    "CDF_CLIENT_ID": "client_id",
    "CDF_CLIENT_SECRET": "client_secret",
    "CDF_TOKEN_URL": "token_url",
    "CDF_TENANT_ID": "tenant_id",
    "CDF_SCOPES": "scopes",
    "CDF_AUDIENCE": "audience",
}
SECRET_SETTINGS = ("client_secret", "token")

# Groups of alternatives: once a higher layer sets a key of one alternative, lower layers' keys of the other
# alternatives of the same group are ignored.
_ALTERNATIVES: tuple[tuple[frozenset[str], ...], ...] = (
    (frozenset({"base_url"}), frozenset({"cluster"})),
    (frozenset({"token"}), frozenset({"client_id", "client_secret"})),
    (frozenset({"token_url"}), frozenset({"tenant_id"})),
)


@dataclass(frozen=True)
class Setting:
    """A value and where it came from: a flag (``--output-dir``), a variable (``CDF_PROJECT``) or a file label."""

    value: Any
    source: str


@dataclass(frozen=True)
class _Layer:
    source: str | None  # None: each value names its own source (flags, environment variables)
    values: dict[str, Setting]


@dataclass
class Settings:
    """The merged settings of one run and the config files they were read from (lowest precedence first)."""

    values: dict[str, Setting] = field(default_factory=dict)
    config_files: list[ConfigLayer] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        setting = self.values.get(key)
        return default if setting is None else setting.value

    def source(self, key: str) -> str | None:
        setting = self.values.get(key)
        return None if setting is None else setting.source

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def secrets(self) -> list[str]:
        """Secret values in play (to be kept out of every line printed)."""
        return [str(self.values[key].value) for key in SECRET_SETTINGS if key in self.values]


def resolve_settings(
    flags: Mapping[str, tuple[Any, str]],
    *,
    cwd: Path,
    config_file: Path | None = None,
    use_config_files: bool = True,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge the layers. ``flags`` maps a setting to ``(value, flag name)``; a ``None`` value means not given.

    ``config_file`` replaces the search for config files; ``use_config_files=False`` skips them altogether.
    """
    files: list[ConfigLayer] = []
    if config_file is not None:
        files.append(read_config_file(config_file if config_file.is_absolute() else cwd / config_file, cwd=cwd))
    elif use_config_files:
        files.extend(read_config_file(path, cwd=cwd) for path in discover_config_files(cwd))
    env = os.environ if environ is None else environ
    env_values = {
        setting: Setting(env[name].strip(), name)
        for name, setting in ENVIRONMENT_VARIABLES.items()
        if env.get(name, "").strip()
    }
    flag_values = {key: Setting(value, flag) for key, (value, flag) in flags.items() if value is not None}
    layers = [
        _Layer(None, flag_values),
        _Layer(None, env_values),
        *(
            _Layer(layer.label, {k: Setting(v, layer.label) for k, v in layer.values.items()})
            for layer in reversed(files)
        ),
    ]
    merged: dict[str, Setting] = {}
    for layer in layers:
        takes_sources = not any(key in merged for key in MODEL_SOURCE_KEYS)
        for key, setting in layer.values.items():
            if key in merged or (key in MODEL_SOURCE_KEYS and not takes_sources):
                continue
            if _ruled_out(key, merged):
                continue
            merged[key] = setting
    return Settings(values=merged, config_files=files)


def _ruled_out(key: str, merged: Mapping[str, Setting]) -> bool:
    for group in _ALTERNATIVES:
        mine = next((alternative for alternative in group if key in alternative), None)
        if mine is None:
            continue
        others = set().union(*(alternative for alternative in group if alternative is not mine))
        if any(other in merged for other in others):
            return True
    return False
