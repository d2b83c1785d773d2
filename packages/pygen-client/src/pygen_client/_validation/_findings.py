"""Validation findings as plain data: what is wrong, where, how bad, and how to fix it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pygen_runtime import ContainerId, ViewId

__all__ = ["Finding", "Location", "Severity", "ValidationReport"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where a finding is: the model file (if any), the view or container, and the property."""

    file: str | None = None
    view: ViewId | None = None
    container: ContainerId | None = None
    property: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.view is not None:
            parts.append(f"view {self.view.space}:{self.view.external_id}/{self.view.version}")
        if self.container is not None:
            parts.append(f"container {self.container.space}:{self.container.external_id}")
        if self.property is not None:
            parts.append(f"property '{self.property}'")
        where = ", ".join(parts)
        if self.file is None:
            return where or "data model"
        return f"{self.file}: {where}" if where else self.file

    def dump(self) -> dict[str, object]:
        return {
            "file": self.file,
            "view": None if self.view is None else _id_dict(self.view),
            "container": None if self.container is None else _id_dict(self.container),
            "property": self.property,
        }


def _id_dict(item: ViewId | ContainerId) -> dict[str, str]:
    data = {"space": item.space, "externalId": item.external_id}
    if isinstance(item, ViewId):
        data["version"] = item.version
    return data


@dataclass(frozen=True)
class Finding:
    """One validation result. ``code`` is stable (for filtering and tests); ``message`` and ``suggestion`` are prose."""

    severity: Severity
    code: str
    message: str
    location: Location
    suggestion: str

    def __str__(self) -> str:
        return f"{self.severity}[{self.code}] {self.location}: {self.message}"

    def dump(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "location": self.location.dump(),
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class ValidationReport:
    """Every finding for one data model, errors first, otherwise in model order."""

    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == "error" for finding in self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def format(self) -> str:
        """Human-readable text for a terminal: one finding per line, with its suggested fix indented below."""
        if not self.findings:
            return "no problems found"
        lines = []
        for finding in self.findings:
            lines.append(str(finding))
            lines.append(f"    fix: {finding.suggestion}")
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)

    def dump(self) -> list[dict[str, object]]:
        return [finding.dump() for finding in self.findings]
