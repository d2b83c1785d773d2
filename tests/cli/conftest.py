"""Fixtures for the pygen-cli tests: the command in-process (typer's runner) and as a real subprocess."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pygen_cli import app
from pygen_client import example_model_text
from typer.testing import CliRunner

_BOX = re.compile(r"[\u2500-\u257f]")


@dataclass
class Run:
    """One run of the command: exit code and both streams."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def flat_stderr(self) -> str:
        """stderr with rich's box drawing removed and whitespace collapsed, for usage errors typer prints in a
        panel wrapped at the terminal width."""
        return " ".join(_BOX.sub(" ", self.stderr).split())


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts in an empty directory with no CDF_* variables, so no config or credential of the machine
    leaks in."""
    for name in list(os.environ):
        if name.startswith("CDF_"):
            monkeypatch.delenv(name)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture
def pygen() -> Callable[..., Run]:
    """Run ``pygen ARGS`` in-process with typer's runner; ``env`` adds environment variables."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def _pygen_executable() -> list[str]:
    script = Path(sys.executable).parent / "pygen"
    if script.exists():
        return [str(script)]
    found = shutil.which("pygen")
    return [found] if found else [sys.executable, "-m", "pygen_cli"]


@pytest.fixture
def pygen_process() -> Callable[..., Run]:
    """Run ``pygen ARGS`` as a real process (the installed console script), with a clean CDF_* environment."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 120) -> Run:
        environment = {name: value for name, value in os.environ.items() if not name.startswith("CDF_")}
        environment.update(env or {})
        completed = subprocess.run(
            [*_pygen_executable(), *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=cwd or Path.cwd(),
            timeout=timeout,
            check=False,
        )
        return Run(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def start_pygen_process() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start a long-running ``pygen`` process (the emulator); every one started is stopped after the test."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        environment = {name: value for name, value in os.environ.items() if not name.startswith("CDF_")}
        process = subprocess.Popen(
            [*_pygen_executable(), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def example_model() -> dict[str, Any]:
    """The bundled example model as a dict (a fresh copy to change)."""
    data: dict[str, Any] = json.loads(example_model_text())
    return copy.deepcopy(data)


@pytest.fixture
def write_model(tmp_path: Path) -> Callable[[dict[str, Any], str], Path]:
    """Write a model dict as a JSON file under the test's directory."""

    def write(model: dict[str, Any], name: str = "model.json") -> Path:
        path = tmp_path / "models" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model, indent=2), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_file() -> Callable[[str | Path, str], Path]:
    """Write a text file relative to the working directory (creating folders)."""

    def write(path: str | Path, text: str) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    return write
