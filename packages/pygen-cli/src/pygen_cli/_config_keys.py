"""The keys a ``pygen.toml`` file (or ``[tool.pygen]`` in ``pyproject.toml``) may hold, and how each is checked.

Every ``pygen generate`` option that makes sense to commit has a key of the same name (``--output-dir`` is
``output_dir``). Wrong types are errors, never silently replaced by a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pygen_client import DataModelId

__all__ = [
    "COMMAND_LINE_ONLY",
    "CONFIG_KEYS",
    "CONNECTION_KEYS",
    "LANGUAGES",
    "MODEL_SOURCE_KEYS",
    "PATH_KEYS",
    "RENAMED_KEYS",
    "SECRET_KEYS",
    "KeySpec",
    "parse_data_model_id",
]

LANGUAGES = ("python", "typescript", "all")
_DATA_MODEL_ID = re.compile(r"^(?P<space>[^:/\s]+):(?P<external_id>[^:/\s]+)/(?P<version>[^:/\s]+)$")


class ValueProblem(ValueError):
    """A value does not fit its key; the message says what was expected (the caller adds where)."""


@dataclass(frozen=True)
class KeySpec:
    """One config key: a check that returns the normalized value or raises ``ValueProblem``, and its help text."""

    check: Callable[[Any], Any]
    help: str


def _describe(value: Any) -> str:
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "table"}
    return f"{kind.get(type(value), type(value).__name__)} {value!r}"


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"expected a string, got {_describe(value)}")
    if not value.strip():
        raise ValueProblem("expected a non-empty string, got ''")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueProblem(f"expected true or false, got {_describe(value)}")
    return value


def _string_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueProblem(f"expected a list of strings, got {_describe(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ValueProblem(f"item {index}: expected a non-empty string, got {_describe(item)}")
    return list(value)


def _string_or_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [_string(value)]
    if not isinstance(value, list):
        raise ValueProblem(f"expected a string or a list of strings, got {_describe(value)}")
    return _string_list(value)


def _language(value: Any) -> str:
    text = _string(value)
    if text not in LANGUAGES:
        raise ValueProblem(f"expected one of {', '.join(repr(item) for item in LANGUAGES)}, got {text!r}")
    return text


def parse_data_model_id(text: str) -> DataModelId:
    """``space:externalId/version`` as a ``DataModelId``; ``ValueError`` naming the expected form otherwise."""
    from pygen_client import DataModelId  # imported when needed: pygen --help stays fast

    match = _DATA_MODEL_ID.match(text.strip())
    if not match:
        raise ValueProblem(f"expected 'space:externalId/version', got {text!r}")
    return DataModelId(match["space"], match["external_id"], match["version"])


def _models(value: Any) -> list[DataModelId]:
    if not isinstance(value, list) or not value:
        raise ValueProblem(
            "expected a non-empty list of data models, each 'space:externalId/version' or "
            f"{{space = ..., external_id = ..., version = ...}}, got {_describe(value)}"
        )
    from pygen_client import DataModelId

    ids: list[DataModelId] = []
    for index, item in enumerate(value):
        try:
            if isinstance(item, str):
                ids.append(parse_data_model_id(item))
            elif isinstance(item, dict):
                expected = ("space", "external_id", "version")
                unknown = sorted(set(item) - set(expected))
                if unknown:
                    raise ValueProblem(f"unknown key {unknown[0]!r}; a data model has space, external_id and version")
                missing = [key for key in expected if key not in item]
                if missing:
                    raise ValueProblem(f"missing {', '.join(missing)}")
                parts = []
                for key in expected:
                    try:
                        parts.append(_string(item[key]))
                    except ValueProblem as problem:
                        raise ValueProblem(f"{key}: {problem}") from None
                ids.append(DataModelId(*parts))
            else:
                raise ValueProblem(
                    f"expected 'space:externalId/version' or a table with space, external_id and version, "
                    f"got {_describe(item)}"
                )
        except ValueProblem as problem:
            raise ValueProblem(f"item {index}: {problem}") from None
    return ids


CONFIG_KEYS: dict[str, KeySpec] = {
    # Where the data model comes from (the highest layer that names a source replaces the lower layers' sources).
    "example": KeySpec(_boolean, "generate from the bundled example model"),
    "model_file": KeySpec(_string_or_list, "model file(s) (JSON or YAML), relative to the config file"),
    "models": KeySpec(_models, "data models in CDF: ['space:externalId/version', ...]"),
    "space": KeySpec(_string, "space of the data model in CDF"),
    "external_id": KeySpec(_string, "external id of the data model in CDF"),
    "version": KeySpec(_string, "version of the data model in CDF"),
    # What to generate and where.
    "language": KeySpec(_language, "python, typescript or all"),
    "output_dir": KeySpec(_string, "directory the SDK is written to, relative to the config file"),
    "package": KeySpec(_string, "name of the generated package"),
    "client_name": KeySpec(_string, "name of the generated client class"),
    "instance_space": KeySpec(_string, "default instance space of the generated SDK"),
    "exclude_views": KeySpec(_string_list, "views to leave out: 'externalId' or 'space:externalId/version'"),
    "exclude_spaces": KeySpec(_string_list, "spaces whose views are left out"),
    "vendor_runtime": KeySpec(_boolean, "copy pygen-runtime into the SDK instead of depending on it"),
    "pyproject": KeySpec(
        _boolean, "write a pyproject.toml (Python) or deno.json and package.json (TypeScript) for the generated package"
    ),
    "overwrite": KeySpec(_boolean, "replace an earlier generation in the output directory"),
    # How to reach CDF (secrets are refused: they belong in the environment).
    "base_url": KeySpec(_string, "CDF base URL, e.g. https://westeurope-1.cognitedata.com or the emulator's URL"),
    "cluster": KeySpec(_string, "CDF cluster, e.g. westeurope-1 (instead of base_url)"),
    "project": KeySpec(_string, "CDF project"),
    "client_id": KeySpec(_string, "OAuth client id (client-credentials flow)"),
    "token_url": KeySpec(_string, "OAuth token URL"),
    "tenant_id": KeySpec(_string, "Entra ID tenant (instead of token_url)"),
    "scopes": KeySpec(_string_or_list, "OAuth scopes"),
    "audience": KeySpec(_string, "OAuth audience"),
}

MODEL_SOURCE_KEYS = ("example", "model_file", "models", "space", "external_id", "version")
CONNECTION_KEYS = ("base_url", "cluster", "project", "client_id", "token_url", "tenant_id", "scopes", "audience")
PATH_KEYS = ("model_file", "output_dir")

# Secret key -> the environment variable to use instead.
SECRET_KEYS = {"client_secret": "CDF_CLIENT_SECRET", "token": "CDF_TOKEN"}

# Keys that choose how one run behaves: accepted only as command-line flags.
COMMAND_LINE_ONLY = {
    "check": "--check",
    "dry_run": "--dry-run",
    "verbose": "--verbose",
    "quiet": "--quiet",
    "config": "--config",
}

# Keys of pygen v1's [tool.pygen] -> what they are called now (None: no longer needed).
RENAMED_KEYS: dict[str, str | None] = {
    "top_level_package": "package",
    "data_models": "models",
    "cdf_url": "base_url",
    "cdf_cluster": "cluster",
    "cdf_project": "project",
    "format_code": None,
}
