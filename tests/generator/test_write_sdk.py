"""``write_sdk``: writes generated files, replaces an earlier generation (removing what it no longer generates), and
leaves alone every file it did not write; conflicts are reported before anything is written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pygen_generator import MANIFEST_NAME, GeneratorError, write_sdk

FIRST = {Path("pkg/__init__.py"): "a = 1\n", Path("pkg/_old.py"): "old = 1\n", Path("pkg/sub/_x.py"): "x = 1\n"}
SECOND = {Path("pkg/__init__.py"): "a = 2\n", Path("pkg/_new.py"): "new = 1\n"}


def test_first_write_creates_files_and_a_manifest(tmp_path: Path) -> None:
    result = write_sdk(FIRST, tmp_path / "out")
    assert sorted(result.written) == sorted(FIRST) and result.removed == [] and result.unchanged == []
    assert (tmp_path / "out" / "pkg" / "sub" / "_x.py").read_text() == "x = 1\n"
    manifest = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text())
    assert sorted(manifest["files"]) == sorted(path.as_posix() for path in FIRST)
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out" / "pkg" / "__init__.py").stat().st_mode & 0o777 == 0o666 & ~umask  # not 0o600


def test_regeneration_replaces_removes_stale_and_keeps_foreign_files(tmp_path: Path) -> None:
    write_sdk(FIRST, tmp_path)
    (tmp_path / "pkg" / "notes.md").write_text("mine")  # a file of the user's, inside the package
    (tmp_path / "README.md").write_text("mine too")
    result = write_sdk(SECOND, tmp_path)
    assert result.written == [Path("pkg/__init__.py"), Path("pkg/_new.py")]
    assert sorted(result.removed) == [Path("pkg/_old.py"), Path("pkg/sub/_x.py")]
    assert not (tmp_path / "pkg" / "sub").exists()  # left empty by the removal
    assert (tmp_path / "pkg" / "notes.md").read_text() == "mine" and (tmp_path / "README.md").read_text() == "mine too"
    assert (tmp_path / "pkg" / "__init__.py").read_text() == "a = 2\n"


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    write_sdk(FIRST, tmp_path)
    target = tmp_path / "pkg" / "__init__.py"
    os.utime(target, (1_000_000, 1_000_000))
    result = write_sdk(FIRST, tmp_path)
    assert sorted(result.unchanged) == sorted(FIRST) and result.written == []
    assert target.stat().st_mtime == 1_000_000


def test_foreign_or_edited_files_are_conflicts_unless_overwrite(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("hand written\n")
    with pytest.raises(GeneratorError, match=r"pkg/__init__.py: exists and was not written by pygen") as error:
        write_sdk(FIRST, tmp_path)
    assert "overwrite=True" in str(error.value)
    assert not (tmp_path / "pkg" / "_old.py").exists()  # nothing written
    write_sdk(FIRST, tmp_path, overwrite=True)
    (tmp_path / "pkg" / "_old.py").write_text("edited by hand\n")
    with pytest.raises(GeneratorError, match=r"pkg/_old.py: is no longer generated, but was edited"):
        write_sdk(SECOND, tmp_path)
    (tmp_path / "pkg" / "__init__.py").write_text("edited\n")
    with pytest.raises(GeneratorError, match=r"pkg/__init__.py: was edited since it was generated"):
        write_sdk(FIRST, tmp_path)
    result = write_sdk(SECOND, tmp_path, overwrite=True)
    assert Path("pkg/_old.py") in result.removed and (tmp_path / "pkg" / "__init__.py").read_text() == "a = 2\n"


def test_bad_paths_and_manifests_are_errors(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match=r"'\.\./evil\.py' is not a path inside the output folder"):
        write_sdk({Path("../evil.py"): ""}, tmp_path)
    with pytest.raises(GeneratorError, match="is not a path inside the output folder"):
        write_sdk({Path("/abs.py"): ""}, tmp_path)
    (tmp_path / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(GeneratorError, match="not a pygen manifest"):
        write_sdk(FIRST, tmp_path)
    (tmp_path / "file").write_text("")
    with pytest.raises(GeneratorError, match="exists and is not a folder"):
        write_sdk(FIRST, tmp_path / "file")
    (tmp_path / "dir" / "pkg" / "__init__.py").mkdir(parents=True)
    with pytest.raises(GeneratorError, match=r"pkg/__init__\.py: is a folder"):
        write_sdk(FIRST, tmp_path / "dir", overwrite=True)
