"""The package's errors. ``PygenClientError`` is the base of all of them (and a ``PygenError`` of the runtime)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pygen_runtime import PygenError

__all__ = ["ModelFileError", "ModelFileIssue", "PygenClientError", "SchemaResponseError"]


class PygenClientError(PygenError):
    """Base class of every error raised by pygen-client."""


@dataclass(frozen=True)
class ModelFileIssue:
    """One problem in a model file: where it is (readable path, line when known) and what is wrong."""

    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, {self.location}" if self.line is not None else self.location
        return f"{where}: {self.message}" if where else self.message


class ModelFileError(PygenClientError):
    """A model file could not be read or does not have the shape of a data model; ``issues`` lists every problem."""

    def __init__(self, path: Path | None, issues: list[ModelFileIssue]) -> None:
        self.path = path
        self.issues = issues
        where = str(path) if path is not None else "<model data>"
        if len(issues) == 1:
            text = f"{where}: {issues[0]}"
        else:
            text = f"{where}: {len(issues)} problems:\n" + "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(text)


class SchemaResponseError(PygenClientError):
    """The API answered with something that is not the expected schema object (names the request and the item)."""
