"""Helpers shared by the generator tests (through ``conftest.py`` fixtures and direct imports)."""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile_model import hostile_family_model, hostile_model
from pygen_client import ModelFile, load_example_model, load_model_file, to_snake_case
from pygen_generator import GenerationWarning, generate_sdk, synthetic_model

GENERATOR_TESTS = Path(__file__).resolve().parent
REPO_ROOT = GENERATOR_TESTS.parents[1]
# The rules the repository itself uses; RUF001-003 flag model text (curly quotes in CogniteCore's descriptions),
# which the SDK must keep as written.
RUFF_RULES = ["--select", "E,F,W,I,UP,B,SIM,RUF", "--ignore", "E501,RUF001,RUF002,RUF003", "--line-length", "120"]
SHARED_MODEL_NAMES = [
    "cognite_core.json",
    "cognite_core_no3d.json",
    "neat_CapacityBid.json",
    "pygen_Omni.json",
    "pygen_OmniMultiA.json",
    "pygen_OmniMultiB.json",
    "pygen_OmniMultiC.json",
    "pygen_OmniSub.json",
    "pygen_Pumps.json",
    "pygen_ScenarioInstance.json",
    "pygen_WindTurbine.json",
]


@dataclass
class GeneratedSDK:
    """One SDK generated for the session: where it is, its package, its files and the warnings it produced."""

    name: str
    model: ModelFile
    root: Path
    package: str
    files: dict[Path, str]
    warnings: list[str] = field(default_factory=list)

    def module(self, suffix: str = "") -> Any:
        return importlib.import_module(self.package + suffix)

    @property
    def client_class(self) -> Any:
        module = self.module()
        return getattr(module, next(name for name in module.__all__ if name.endswith("Client")))


def generate(model: ModelFile, package: str, **options: Any) -> tuple[dict[Path, str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = generate_sdk(model, package=package, **options)
    return files, [str(item.message) for item in caught if issubclass(item.category, GenerationWarning)]


def models_to_generate(shared_dir: Path | None) -> dict[str, ModelFile]:
    models: dict[str, ModelFile] = {"example": load_example_model()}
    if shared_dir is not None:
        for name in SHARED_MODEL_NAMES:
            models[to_snake_case(Path(name).stem)] = load_model_file(shared_dir / "models" / name)
    models["synthetic"] = synthetic_model(60, seed=1)
    models["hostile"] = hostile_model()
    models["hostile_family"] = hostile_family_model()
    return models
