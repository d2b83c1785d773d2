"""Helpers of the generated-TypeScript-SDK tests (imported by ``tests/typescript/test_generated_*.py``).

``workspace()`` generates the TypeScript SDK of every model once per session into one folder: the bundled example,
every model of ``../shared/models`` (when present), a synthetic model, the Python generator's hostile model and
this folder's ``stress_model`` (names and values at the edges of what deno fmt lays out). The folder holds a
``deno.json`` that maps ``pygen-runtime`` to the runtime's source and ``@generated/`` to itself, so deno can check,
lint, format-check and test every SDK in one process each; deno's cache lives in the session's temporary folder.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pygen_client import ModelFile, load_example_model, load_model_file, to_snake_case
from pygen_generator import GenerationWarning, generate_sdk, synthetic_model

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[2]
RUNTIME_ENTRY = REPO_ROOT / "npm" / "pygen-runtime" / "src" / "index.ts"
HOSTILE_MODEL = REPO_ROOT / "tests" / "generator" / "hostile_model.py"
# The compiler options of npm/pygen-runtime/deno.json: generated code must pass the runtime's own strictness.
COMPILER_OPTIONS = {"strict": True, "noImplicitOverride": True, "noUncheckedIndexedAccess": True}


def load_module(name: str, path: Path) -> ModuleType:
    """A helper module of another test folder, loaded from its path (never copied)."""
    if name in sys.modules:
        return sys.modules[name]
    if str(path.parent) not in sys.path:  # the hostile model's module imports its own siblings by name
        sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def hostile_model() -> ModelFile:
    """The Python generator's hostile model (tests/generator/hostile_model.py)."""
    model: ModelFile = load_module("hostile_model", HOSTILE_MODEL).hostile_model()
    return model


def hostile_family_model() -> ModelFile:
    """The Python generator's hostile family (children named like keywords, runtime names, one external id in two
    spaces, a grandchild), for ``asChildClass``."""
    model: ModelFile = load_module("hostile_model", HOSTILE_MODEL).hostile_family_model()
    return model


def stress_model() -> ModelFile:
    model: ModelFile = load_module("ts_stress_model", HERE / "stress_model.py").stress_model()
    return model


def models_to_generate(shared_dir: Path | None) -> dict[str, Callable[[], ModelFile]]:
    """name -> how to load the model; the shared models only when the shared folder is there."""
    models: dict[str, Callable[[], ModelFile]] = {"example": load_example_model}
    if shared_dir is not None:
        for path in sorted((shared_dir / "models").glob("*.json")):
            models[to_snake_case(path.stem)] = lambda path=path: load_model_file(path)  # type: ignore[misc]
    models["example_options"] = load_example_model  # generated with OPTIONS["example_options"]
    models["example_partial"] = load_example_model  # without Product: Category.products reads ids from outside
    models["synthetic"] = lambda: synthetic_model(60, seed=1)
    models["hostile"] = hostile_model
    models["hostile_family"] = hostile_family_model
    models["stress"] = stress_model
    return models


# generate_sdk options of the SDKs that are generated with some (the others use the defaults).
OPTIONS: dict[str, dict[str, object]] = {
    "example_options": {"client_name": "ShopClient", "default_instance_space": "shop", "pyproject": True},
    "example_partial": {"client_name": "CategoryClient", "exclude_views": ["Product"]},
}


@dataclass
class GeneratedTS:
    """One generated TypeScript SDK: its model, its files (relative to the workspace) and the warnings."""

    name: str
    model: ModelFile
    package: str
    files: dict[Path, str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Workspace:
    """The folder every SDK was generated into, with its deno.json and deno cache."""

    root: Path
    deno_dir: Path
    sdks: dict[str, GeneratedTS]

    @property
    def config(self) -> Path:
        return self.root / "deno.json"

    def env(self) -> dict[str, str]:
        return {"DENO_DIR": str(self.deno_dir), "NO_COLOR": "1"}

    def entry_points(self) -> list[str]:
        return [f"{sdk.package}/index.ts" for sdk in self.sdks.values()]


def generate(model: ModelFile, package: str, **options: object) -> tuple[dict[Path, str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = generate_sdk(model, language="typescript", package=package, **options)  # type: ignore[arg-type]
    return files, [str(item.message) for item in caught if issubclass(item.category, GenerationWarning)]


def write_files(root: Path, files: dict[Path, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def deno_config(root: Path) -> dict[str, object]:
    """The workspace's deno.json: the runtime from source, every SDK under ``@generated/``."""
    return {
        "nodeModulesDir": "none",
        "compilerOptions": COMPILER_OPTIONS,
        "imports": {"pygen-runtime": RUNTIME_ENTRY.as_uri(), "@generated/": root.as_uri() + "/"},
        "fmt": {"proseWrap": "preserve"},
        "lint": {"rules": {"tags": ["recommended"]}},
    }


_WORKSPACE: dict[Path, Workspace] = {}


def workspace(base: Path, shared_dir: Path | None) -> Workspace:
    """Every SDK generated once under ``base`` (cached for the session)."""
    if base in _WORKSPACE:
        return _WORKSPACE[base]
    root = base / "sdks"
    root.mkdir(parents=True, exist_ok=True)
    sdks: dict[str, GeneratedTS] = {}
    for name, load in models_to_generate(shared_dir).items():
        model = load()
        package = f"sdk_{name}"
        files, notes = generate(model, package, **OPTIONS.get(name, {}))
        write_files(root, files)
        sdks[name] = GeneratedTS(name, model, package, files, notes)
    (root / "deno.json").write_text(json.dumps(deno_config(root), indent=2) + "\n", encoding="utf-8")
    deno_dir = base / "deno_dir"
    deno_dir.mkdir(exist_ok=True)
    _WORKSPACE[base] = Workspace(root, deno_dir, sdks)
    return _WORKSPACE[base]
