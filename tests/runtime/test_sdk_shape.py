"""The shape generated SDKs take: lazy imports, lazy per-view APIs, strict typing, and the runtime's public API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pygen_runtime
import pytest

RUNTIME_TESTS = Path(__file__).resolve().parent


def loaded_modules(code: str) -> dict[str, list[str]]:
    """Run ``code`` in a fresh interpreter; report which example_sdk/pygen_runtime/pandas modules got imported."""
    script = (
        f"import sys, json\nsys.path.insert(0, {str(RUNTIME_TESTS)!r})\n{code}\n"
        "mods = sorted(sys.modules)\n"
        "print(json.dumps({p: [m for m in mods if m == p or m.startswith(p + '.')] for p in "
        "('example_sdk', 'pygen_runtime', 'pandas', 'pydantic.main')}))"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    loaded: dict[str, list[str]] = json.loads(output.splitlines()[-1])
    return loaded


def test_importing_the_sdk_loads_no_view() -> None:
    loaded = loaded_modules("import example_sdk")
    assert loaded["example_sdk"] == ["example_sdk"]


def test_creating_the_client_creates_no_view_api() -> None:
    loaded = loaded_modules(
        "from example_sdk import ProductCatalogClient\nfrom pygen_runtime import ClientConfig, Token\n"
        "client = ProductCatalogClient(ClientConfig('http://127.0.0.1:9', 'p', Token('t')))"
    )
    assert loaded["example_sdk"] == ["example_sdk", "example_sdk._client"]
    assert loaded["pandas"] == []


def test_first_access_loads_that_view_only() -> None:
    loaded = loaded_modules(
        "from example_sdk import ProductCatalogClient\nfrom pygen_runtime import ClientConfig, Token\n"
        "client = ProductCatalogClient(ClientConfig('http://127.0.0.1:9', 'p', Token('t')))\nclient.category"
    )
    assert "example_sdk._api._category" in loaded["example_sdk"]
    assert "example_sdk.data_classes._category" in loaded["example_sdk"]
    # Category connects to Product (its reverse relation products): a lazy stand-in, neither module is loaded.
    assert "example_sdk._api._product" not in loaded["example_sdk"]
    assert "example_sdk.data_classes._product" not in loaded["example_sdk"]


def test_importing_the_runtime_is_lazy_and_never_imports_pandas() -> None:
    bare = loaded_modules("import pygen_runtime")
    assert bare["pygen_runtime"] == ["pygen_runtime", "pygen_runtime._version"]
    assert bare["pydantic.main"] == []
    everything = loaded_modules("import pygen_runtime\nfor name in pygen_runtime.__all__: getattr(pygen_runtime, name)")
    assert everything["pandas"] == []
    assert "pygen_runtime._pandas" not in everything["pygen_runtime"]


def test_api_attributes_are_created_once() -> None:
    from example_sdk import ProductCatalogClient
    from pygen_runtime import ClientConfig, Token

    client = ProductCatalogClient(ClientConfig("http://127.0.0.1:9", "p", Token("t")))
    assert client.product is client.product
    assert client.product.view_id == pygen_runtime.ViewId("pygen_example", "Product", "v1")
    client.close()


def test_every_public_name_is_exported_and_importable() -> None:
    from pygen_runtime import _EXPORTS  # type: ignore[attr-defined]

    assert sorted(pygen_runtime.__all__) == sorted(["__version__", *_EXPORTS])
    for name in pygen_runtime.__all__:
        assert getattr(pygen_runtime, name) is not None
    with pytest.raises(AttributeError, match="module 'pygen_runtime' has no attribute 'Nope'"):
        pygen_runtime.Nope  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.slow
def test_example_sdk_is_mypy_strict_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            "-p",
            "example_sdk",
        ],
        capture_output=True,
        text=True,
        cwd=RUNTIME_TESTS,
        env={"MYPYPATH": str(RUNTIME_TESTS), "PATH": "", "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
