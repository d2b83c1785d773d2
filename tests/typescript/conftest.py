"""Fixtures that drive the TypeScript runtime (`npm/pygen-runtime`) from pytest: deno, npm and a local emulator.

deno comes from PyPI through the root dev group, so it sits next to the interpreter; Node and npm must be on
PATH (the CI machine has them). `npm ci` runs at most once per lockfile: its result is cached in
`npm/pygen-runtime/node_modules`, stamped with a hash of `package-lock.json`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNTIME_DIR = REPO_ROOT / "npm" / "pygen-runtime"
EXAMPLE_MODEL = REPO_ROOT / "packages" / "pygen-client" / "src" / "pygen_client" / "_example" / "product_catalog.json"
NPM_STAMP = RUNTIME_DIR / "node_modules" / ".pygen-lock-sha256"


@dataclass(frozen=True)
class Completed:
    """The outcome of a command, with everything needed to explain a failure."""

    args: Sequence[str]
    returncode: int
    stdout: str
    stderr: str

    def explain(self) -> str:
        return f"$ {' '.join(self.args)}\nexit {self.returncode}\n--- stdout\n{self.stdout[-6000:]}\n--- stderr\n{self.stderr[-6000:]}"


def run(args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 240) -> Completed:
    """Run a command without raising; deno's colours are turned off so output is readable in pytest reports."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    done = subprocess.run(
        list(args), cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )
    return Completed(list(args), done.returncode, done.stdout, done.stderr)


def _tool(name: str, hint: str) -> str:
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"`{name}` was not found next to {sys.executable} or on PATH; {hint}")
    return found


@pytest.fixture(scope="session")
def sh() -> Callable[..., Completed]:
    """`sh([args], cwd=..., env=..., timeout=...)`: run a command and get a `Completed` (never raises)."""
    return run


@pytest.fixture(scope="session")
def deno() -> str:
    """The deno executable (from the `deno` package of the root dev group)."""
    return _tool("deno", "run `uv sync` (deno comes from PyPI through the root dev group)")


@pytest.fixture(scope="session")
def npm() -> str:
    return _tool("npm", "install Node.js 20 or newer (it brings npm)")


@pytest.fixture(scope="session")
def node() -> str:
    return _tool("node", "install Node.js 20 or newer")


@pytest.fixture(scope="session")
def runtime_dir() -> Path:
    return RUNTIME_DIR


@pytest.fixture(scope="session")
def npm_installed(npm: str) -> Path:
    """`npm ci` in npm/pygen-runtime, skipped when node_modules already matches package-lock.json."""
    lock_hash = hashlib.sha256((RUNTIME_DIR / "package-lock.json").read_bytes()).hexdigest()
    if NPM_STAMP.is_file() and NPM_STAMP.read_text(encoding="utf-8").strip() == lock_hash:
        return RUNTIME_DIR / "node_modules"
    done = run([npm, "ci", "--no-audit", "--no-fund"], cwd=RUNTIME_DIR)
    assert done.returncode == 0, done.explain()
    NPM_STAMP.write_text(lock_hash, encoding="utf-8")
    return RUNTIME_DIR / "node_modules"


@pytest.fixture(scope="session")
def packed_tarball(npm: str, npm_installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`npm pack` of the package (its `prepack` script runs the tsc build into lib/)."""
    destination = tmp_path_factory.mktemp("npm-pack")
    done = run([npm, "pack", "--pack-destination", str(destination)], cwd=RUNTIME_DIR)
    assert done.returncode == 0, done.explain()
    tarballs = sorted(destination.glob("pygen-runtime-*.tgz"))
    assert len(tarballs) == 1, f"expected one tarball in {destination}, found {tarballs}\n{done.explain()}"
    return tarballs[0]


@dataclass(frozen=True)
class RunningEmulator:
    """A local emulator with the example model loaded, and how to reach it."""

    base_url: str
    project: str
    token: str
    token_url: str
    client_id: str
    client_secret: str

    def env(self) -> dict[str, str]:
        """What the TypeScript end-to-end tests read to find the emulator."""
        return {
            "PYGEN_EMULATOR_URL": self.base_url,
            "PYGEN_EMULATOR_PROJECT": self.project,
            "PYGEN_EMULATOR_TOKEN": self.token,
            "PYGEN_EMULATOR_TOKEN_URL": self.token_url,
            "PYGEN_EMULATOR_CLIENT_ID": self.client_id,
            "PYGEN_EMULATOR_CLIENT_SECRET": self.client_secret,
        }


@pytest.fixture(scope="session")
def example_emulator() -> Iterator[RunningEmulator]:
    """An emulator (in memory) with the product catalog example model, accepting a fixed token and one OAuth client."""
    from pygen_emulator import Emulator, EmulatorConfig

    config = EmulatorConfig(token="ts-secret", oauth_clients={"ts-client": "ts-client-secret"})
    with Emulator(config) as emulator:
        emulator.load_model(EXAMPLE_MODEL)
        yield RunningEmulator(
            base_url=emulator.base_url,
            project=emulator.project,
            token="ts-secret",
            token_url=emulator.token_url,
            client_id="ts-client",
            client_secret="ts-client-secret",
        )
