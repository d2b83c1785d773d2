"""Finding and reading ``pygen.toml`` and ``[tool.pygen]`` of ``pyproject.toml``.

Both are searched for from the working directory upwards. When both are found, ``pygen.toml`` wins key by key.
Relative paths in a file are relative to the directory of that file, so a command means the same from any
subdirectory.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._config_keys import COMMAND_LINE_ONLY, CONFIG_KEYS, PATH_KEYS, RENAMED_KEYS, SECRET_KEYS, ValueProblem
from ._errors import ConfigFileError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = ["PYGEN_TOML", "PYPROJECT_TOML", "ConfigLayer", "discover_config_files", "read_config_file"]

PYGEN_TOML = "pygen.toml"
PYPROJECT_TOML = "pyproject.toml"


@dataclass(frozen=True)
class ConfigLayer:
    """The checked settings of one config file: key -> value (paths made absolute), and how to name the file."""

    path: Path
    label: str
    values: dict[str, Any]


def discover_config_files(start: Path) -> list[Path]:
    """The nearest ``pyproject.toml`` with a ``[tool.pygen]`` table and the nearest ``pygen.toml``, each searched
    from ``start`` upwards, lowest precedence first."""
    found: list[Path] = []
    pyproject = _nearest(start, PYPROJECT_TOML, _has_pygen_table)
    if pyproject is not None:
        found.append(pyproject)
    pygen_toml = _nearest(start, PYGEN_TOML, lambda _: True)
    if pygen_toml is not None:
        found.append(pygen_toml)
    return found


def read_config_file(path: Path, *, cwd: Path) -> ConfigLayer:
    """Read and check one config file: a ``pyproject.toml`` (its ``[tool.pygen]``) or any other file in the
    ``pygen.toml`` form. Every problem is a ``ConfigFileError`` naming the file, the line and the key."""
    shown = _display_path(path, cwd)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigFileError(f"config file {shown} does not exist", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigFileError(f"cannot read config file {shown}: {error}", path=str(path)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigFileError(f"{shown}: not valid TOML: {error}", path=str(path)) from None
    if path.name == PYPROJECT_TOML:
        table = document.get("tool", {}).get("pygen") if isinstance(document.get("tool"), dict) else None
        if table is None:
            raise ConfigFileError(f"{shown}: has no [tool.pygen] table", path=str(path))
        label, prefix, section = f"{shown} [tool.pygen]", "tool.pygen.", "tool.pygen"
    else:
        table, label, prefix, section = document, shown, "", None
    if not isinstance(table, dict):
        raise ConfigFileError(f"{label}: expected a table of settings", path=str(path))
    values = _check_table(table, text=text, shown=shown, label=label, prefix=prefix, section=section)
    for key in PATH_KEYS:
        if key in values:
            values[key] = _resolve_paths(values[key], path.parent)
    return ConfigLayer(path=path, label=label, values=values)


def _check_table(
    table: dict[str, Any], *, text: str, shown: str, label: str, prefix: str, section: str | None
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():

        def fail(problem: str, key: str = key) -> ConfigFileError:
            line = _line_of(text, key, section)
            where = f"{shown}, line {line}" if line else label
            return ConfigFileError(f"{where}: {problem}", path=shown, key=f"{prefix}{key}")

        if key in SECRET_KEYS:
            raise fail(
                f"{key} must not be stored in a config file, which is usually committed; set the environment "
                f"variable {SECRET_KEYS[key]} instead"
            )
        if key in COMMAND_LINE_ONLY:
            raise fail(f"{key} is chosen per run, not in a config file; pass {COMMAND_LINE_ONLY[key]} instead")
        spec = CONFIG_KEYS.get(key)
        if spec is None:
            raise fail(f"unknown key {prefix}{key}{_suggestion(key)}")
        try:
            values[key] = spec.check(value)
        except ValueProblem as problem:
            raise fail(f"{prefix}{key}: {problem}") from None
    return values


def _suggestion(key: str) -> str:
    if key in RENAMED_KEYS:
        new = RENAMED_KEYS[key]
        return f" (pygen v1); use {new} instead" if new else " (pygen v1); generated code is always formatted"
    normalized = key.replace("-", "_").lower()
    if normalized in CONFIG_KEYS:
        return f"; did you mean {normalized}?"
    close = difflib.get_close_matches(normalized, list(CONFIG_KEYS), n=1, cutoff=0.7)
    if close:
        return f"; did you mean {close[0]}?"
    return f"; valid keys are {', '.join(CONFIG_KEYS)}"


def _line_of(text: str, key: str, section: str | None) -> int | None:
    """The line that sets ``key`` (within ``[section]`` when given): TOML parsers do not report positions."""
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            current = match.group(1).replace('"', "").replace(" ", "")
            continue
        if current == section and pattern.match(line):
            return number
    return None


def _resolve_paths(value: Any, base: Path) -> Any:
    if isinstance(value, list):
        return [str((base / item).resolve()) for item in value]
    return str((base / value).resolve())


def _nearest(start: Path, name: str, accept: Any) -> Path | None:
    for directory in [start, *start.parents]:
        candidate = directory / name
        if candidate.is_file() and accept(candidate):
            return candidate
    return None


def _has_pygen_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "pygen" not in text:  # most pyproject.toml files never mention pygen: skip parsing them
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return "tool.pygen" in text  # broken and meant for pygen: read_config_file reports the TOML error
    return isinstance(tool, dict) and "pygen" in tool


def _display_path(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)
