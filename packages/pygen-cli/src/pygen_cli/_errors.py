"""The errors of the ``pygen`` command. Each carries the exit code the command ends with."""

from __future__ import annotations

from pygen_runtime import PygenError

__all__ = ["CLIUsageError", "ConfigFileError", "PygenCLIError"]


class PygenCLIError(PygenError):
    """A known failure of a ``pygen`` command: printed as one ``error:`` line, exit code 1."""

    exit_code = 1


class CLIUsageError(PygenCLIError):
    """The command was called in a way that cannot work (conflicting or missing options): exit code 2."""

    exit_code = 2


class ConfigFileError(CLIUsageError):
    """A ``pygen.toml`` or ``[tool.pygen]`` section is invalid; the message names the file, the line and the key."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.key = key
