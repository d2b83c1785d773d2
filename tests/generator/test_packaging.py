"""Packaging options: the runtime vendored into the SDK (``pygen_as_dependency=False``) and a ``pyproject.toml``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomllib
from generator_testkit import GeneratedSDK, generate
from pygen_client import load_example_model


def test_the_vendored_runtime_is_a_copy_with_imports_rewritten(generated_sdks: dict[str, GeneratedSDK]) -> None:
    import pygen_runtime

    sdk = generated_sdks["vendored"]
    runtime_files = sorted(path.name for path in Path(pygen_runtime.__file__).parent.glob("*.py"))
    vendored = sorted(path.name for path in sdk.files if path.parent.name == "_runtime" and path.suffix == ".py")
    assert vendored == runtime_files
    generated = [text for path, text in sdk.files.items() if "_runtime" not in path.parts and path.suffix == ".py"]
    assert not any("pygen_runtime" in text for text in generated)
    assert any("from .._runtime import" in text for text in generated)


def test_the_vendored_sdk_runs_without_pygen_runtime_installed(
    generated_sdks: dict[str, GeneratedSDK], emulator: Any
) -> None:
    """In a fresh interpreter where ``import pygen_runtime`` fails, the SDK writes and reads through the emulator."""
    sdk = generated_sdks["vendored"]
    emulator.load_model(sdk.model.dump())
    script = f"""
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name == "pygen_runtime" or name.startswith("pygen_runtime."):
            raise ImportError("pygen_runtime is not installed here")
sys.meta_path.insert(0, Blocker())
sys.path.insert(0, {str(sdk.root)!r})
from sdk_vendored import ProductCatalogClient, ProductWrite
from sdk_vendored._runtime import ClientConfig, Token
with ProductCatalogClient(ClientConfig({emulator.base_url!r}, {emulator.project!r}, Token("t")), default_space="shop") as c:
    c.http.post("/models/spaces", json={{"items": [{{"space": "shop"}}]}})
    c.upsert([ProductWrite(space="shop", external_id=f"p{{i}}", name=f"P{{i}}", price=float(i)) for i in range(3)])
    print(sorted(c.product.list(min_price=1).as_external_ids()))
print(sorted(name for name in sys.modules if name.startswith("pygen_runtime")))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['p1', 'p2']", "[]"]


def test_pyproject_builds_the_package_with_the_right_dependencies(generated_sdks: dict[str, GeneratedSDK]) -> None:
    vendored = tomllib.loads(generated_sdks["vendored"].files[Path("pyproject.toml")])
    assert vendored["project"]["name"] == "sdk-vendored"
    assert vendored["project"]["version"] == "1"  # the data model's version, v1
    assert not any(item.startswith("pygen-runtime") for item in vendored["project"]["dependencies"])
    assert vendored["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["sdk_vendored"]
    files, _ = generate(load_example_model(), "my_domain.client", pyproject=True)
    normal = tomllib.loads(files[Path("pyproject.toml")])
    assert normal["project"]["name"] == "my-domain-client"
    assert normal["project"]["dependencies"][0].startswith("pygen-runtime>=")
    assert normal["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["my_domain"]
    assert Path("my_domain/client/_client.py") in files and Path("pyproject.toml") in files


@pytest.mark.parametrize("package", ["my-sdk", "1sdk", "class", "a..b", ""])
def test_invalid_package_names_are_rejected(package: str) -> None:
    from pygen_generator import GeneratorError, generate_sdk

    with pytest.raises(GeneratorError, match="is not a valid Python package name"):
        generate_sdk(load_example_model(), package=package)
