"""What writing a generated SDK would change on disk: files to create, update, leave alone or remove.

``--dry-run`` prints it, ``--check`` fails on any change, and a normal run reports it after writing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FilePlan", "plan_files", "unified_diff"]


@dataclass
class FilePlan:
    """Paths relative to the output directory, sorted."""

    output_dir: Path
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated) + len(self.removed)

    def lines(self, *, include_unchanged: bool = False) -> list[str]:
        """One ``verb path`` line per file, in path order."""
        entries = [("create", path) for path in self.created]
        entries += [("update", path) for path in self.updated]
        entries += [("remove", path) for path in self.removed]
        if include_unchanged:
            entries += [("unchanged", path) for path in self.unchanged]
        return [f"{verb:<9} {self.output_dir / path}" for verb, path in sorted(entries, key=lambda entry: entry[1])]

    def summary(self) -> str:
        return (
            f"{len(self.created)} to create, {len(self.updated)} to update, {len(self.removed)} to remove, "
            f"{len(self.unchanged)} unchanged"
        )


def plan_files(files: Mapping[Path, str], output_dir: Path, stale: Iterable[Path] = ()) -> FilePlan:
    """Compare generated files (relative paths) with the output directory. ``stale`` are files of an earlier
    generation that would be removed."""
    plan = FilePlan(output_dir=output_dir)
    for relative in sorted(files):
        target = output_dir / relative
        if not target.is_file():
            plan.created.append(relative)
        elif target.read_bytes() == files[relative].encode("utf-8"):
            plan.unchanged.append(relative)
        else:
            plan.updated.append(relative)
    plan.removed = sorted(set(stale) - set(files))
    return plan


def unified_diff(files: Mapping[Path, str], plan: FilePlan) -> str:
    """The changes as a unified diff (``--check --verbose``): what the files on disk would become."""
    chunks: list[str] = []
    for relative in sorted([*plan.created, *plan.updated, *plan.removed]):
        target = plan.output_dir / relative
        before = (
            target.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True) if target.is_file() else []
        )
        after = files[relative].splitlines(keepends=True) if relative in files else []
        chunks.extend(
            difflib.unified_diff(before, after, fromfile=f"{target} (on disk)", tofile=f"{target} (generated)")
        )
    return "".join(chunks)
