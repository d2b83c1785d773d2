"""``write_sdk``: put generated files on disk, replacing an earlier generation without touching anything else.

A manifest (``.pygen-manifest.json`` in the output folder) lists the files the last generation wrote, with a hash
of their content. The next generation removes the files it listed that are no longer generated, rewrites only the
files whose content changed, and leaves alone every file it did not write. A generated file edited by hand, or a
file of someone else at a path the SDK needs, is only replaced with ``overwrite=True``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ._errors import GeneratorError
from ._version import __version__

__all__ = ["MANIFEST_NAME", "WriteResult", "write_sdk"]

MANIFEST_NAME = ".pygen-manifest.json"


@dataclass
class WriteResult:
    """What ``write_sdk`` did, as paths relative to the output folder."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_manifest(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise TypeError("files is not a mapping of paths to hashes")
    except (ValueError, KeyError, TypeError) as error:
        raise GeneratorError(
            f"{path}: not a pygen manifest ({error}); delete it, or choose another output folder"
        ) from None
    return files


def _check_relative(path: PurePath) -> str:
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise GeneratorError(f"write_sdk: {str(path)!r} is not a path inside the output folder")
    return path.as_posix()


def write_sdk(
    files: Mapping[PurePath | str, str], output_dir: str | os.PathLike[str], *, overwrite: bool = False
) -> WriteResult:
    """Write ``files`` (from ``generate_sdk``) under ``output_dir``.

    Files of an earlier generation that are no longer generated are removed (with folders left empty by that);
    unchanged files are not rewritten. Raises ``GeneratorError`` listing every conflict, before writing anything,
    when a path to write holds a file the last generation did not write, or one edited since; ``overwrite=True``
    replaces those (and removes edited stale files).
    """
    root = Path(output_dir)
    if root.exists() and not root.is_dir():
        raise GeneratorError(f"write_sdk: {root} exists and is not a folder")
    manifest_path = root / MANIFEST_NAME
    previous = _load_manifest(manifest_path)
    wanted = {_check_relative(PurePath(path)): text.encode("utf-8") for path, text in files.items()}
    if MANIFEST_NAME in wanted:
        raise GeneratorError(f"write_sdk: {MANIFEST_NAME} is the manifest's own name, not a file to generate")
    conflicts: list[str] = []
    for relative in sorted(wanted):
        target = root / relative
        if target.is_dir():
            conflicts.append(f"{relative}: is a folder")
        elif target.is_file():
            current = _digest(target.read_bytes())
            if current == _digest(wanted[relative]):
                continue
            if relative not in previous:
                conflicts.append(f"{relative}: exists and was not written by pygen")
            elif previous[relative] != current:
                conflicts.append(f"{relative}: was edited since it was generated")
    stale = sorted(set(previous) - set(wanted))
    for relative in stale:
        target = root / relative
        if target.is_file() and _digest(target.read_bytes()) != previous[relative]:
            conflicts.append(f"{relative}: is no longer generated, but was edited since it was generated")
    folder_conflicts = [item for item in conflicts if item.endswith("is a folder")]
    if folder_conflicts or (conflicts and not overwrite):
        listed = "\n".join(f"  - {item}" for item in (folder_conflicts or conflicts))
        hint = "" if folder_conflicts else "\nPass overwrite=True to replace them, or move them away."
        raise GeneratorError(
            f"write_sdk: nothing written to {root}; {len(folder_conflicts or conflicts)} conflict(s):\n{listed}{hint}"
        )
    result = WriteResult()
    root.mkdir(parents=True, exist_ok=True)
    for relative in stale:
        target = root / relative
        if target.is_file():
            target.unlink()
            result.removed.append(Path(relative))
            _remove_empty_parents(target.parent, root)
    for relative, data in sorted(wanted.items()):
        target = root / relative
        if target.is_file() and target.read_bytes() == data:
            result.unchanged.append(Path(relative))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(target, data)
        result.written.append(Path(relative))
    manifest = {
        "generator": f"pygen-generator {__version__}",
        "files": {relative: _digest(data) for relative, data in sorted(wanted.items())},
    }
    _atomic_write(manifest_path, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return result


def _file_mode(target: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets what ``open`` would give it (0o666 minus the umask),
    not the 0o600 of a temporary file."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _atomic_write(target: Path, data: bytes) -> None:
    mode = _file_mode(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
