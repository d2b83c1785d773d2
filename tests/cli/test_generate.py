"""``pygen generate`` in-process: every option, config files, --dry-run, --check, --overwrite and the error paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .conftest import Run

EXAMPLE_FILES = [
    "product_catalog/__init__.py",
    "product_catalog/_api/__init__.py",
    "product_catalog/_api/_category.py",
    "product_catalog/_api/_product.py",
    "product_catalog/_api/_relates_to.py",
    "product_catalog/_client.py",
    "product_catalog/data_classes/__init__.py",
    "product_catalog/data_classes/_category.py",
    "product_catalog/data_classes/_product.py",
    "product_catalog/data_classes/_relates_to.py",
    "product_catalog/py.typed",
]


def _files(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def _generated(root: Path) -> list[str]:
    return [name for name in _files(root) if name != ".pygen-manifest.json"]


def test_generate_the_example(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "--output-dir", "out")
    assert run.exit_code == 0, run.stderr
    out = Path("out").resolve()
    assert run.stdout == f"generated the python SDK in {out}: 11 created, 0 updated, 0 removed, 0 unchanged\n"
    assert run.stderr == ""
    assert _generated(out) == EXAMPLE_FILES
    again = pygen("generate", "--example", "--output-dir", "out")
    assert again.stdout == f"generated the python SDK in {out}: 0 created, 0 updated, 0 removed, 11 unchanged\n"


def test_default_output_dir_is_the_working_directory(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example")
    assert run.exit_code == 0, run.stderr
    assert _generated(Path.cwd()) == EXAMPLE_FILES


def test_package_client_name_and_instance_space(pygen: Callable[..., Run]) -> None:
    run = pygen(
        "generate", "--example", "-o", "out", "--package", "shop.sdk", "--client-name", "ShopClient",
        "--instance-space", "shop_data",
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    client = Path("out/shop/sdk/_client.py").read_text()
    assert "class ShopClient(InstanceClient):" in client
    assert 'DEFAULT_INSTANCE_SPACE: str | None = "shop_data"' in client


def test_bad_package_name(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--package", "1bad")
    assert run.exit_code == 1
    assert run.stderr.startswith("error: ") and "1bad" in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert not Path("out").exists()


def test_exclude_views_and_spaces(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--exclude-views", "Category,pygen_example:RelatesTo/v1")
    assert run.exit_code == 0, run.stderr
    assert "product_catalog/_api/_category.py" not in _generated(Path("out"))
    assert "product_catalog/_api/_relates_to.py" not in _generated(Path("out"))
    # What the generator decided because of it is reported as a warning.
    assert (
        "warning: view pygen_example:Product/v1, property 'category': the direct relation's target view" in run.stderr
    )

    repeated = pygen(
        "generate", "--example", "-o", "out2", "--exclude-views", "Category", "--exclude-views", "RelatesTo"
    )
    assert repeated.exit_code == 0, repeated.stderr
    assert _generated(Path("out2")) == _generated(Path("out"))

    run = pygen("generate", "--example", "-o", "out3", "--exclude-spaces", "pygen_example")
    assert run.exit_code == 1
    assert run.stderr.endswith("error: the model(s) have no views to generate (after exclusions)\n")


def test_unknown_exclusion_is_an_error(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--exclude-views", "Nope", "--exclude-spaces", "nowhere")
    assert run.exit_code == 1
    assert run.stderr == (
        "error: exclusions match no view of the model(s): 'Nope', space 'nowhere'; the views are: Category, "
        "Product, RelatesTo; the spaces are: pygen_example\n"
    )
    bad = pygen("generate", "--example", "-o", "out", "--exclude-views", "sp:View")
    assert bad.exit_code == 2
    assert bad.stderr == "error: --exclude-views 'sp:View': expected 'externalId' or 'space:externalId/version'\n"


def test_vendor_runtime_and_pyproject(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--vendor-runtime", "--pyproject")
    assert run.exit_code == 0, run.stderr
    files = _generated(Path("out"))
    assert "pyproject.toml" in files
    assert any(name.startswith("product_catalog/_runtime/") for name in files)
    assert "from pygen_runtime" not in Path("out/product_catalog/_client.py").read_text()


def test_dry_run_writes_nothing(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--dry-run")
    assert run.exit_code == 0, run.stderr
    out = Path("out").resolve()
    assert run.stdout.splitlines() == [
        *(f"create    {out / name}" for name in EXAMPLE_FILES),
        f"dry run, nothing written (python SDK in {out}): 11 to create, 0 to update, 0 to remove, 0 unchanged",
    ]
    assert not out.exists()


def test_dry_run_after_a_change_lists_updates_and_removals(pygen: Callable[..., Run]) -> None:
    pygen("generate", "--example", "-o", "out")
    run = pygen("generate", "--example", "-o", "out", "--exclude-views", "Category", "--dry-run")
    out = Path("out").resolve()
    assert f"remove    {out / 'product_catalog/_api/_category.py'}" in run.stdout.splitlines()
    assert f"update    {out / 'product_catalog/_client.py'}" in run.stdout.splitlines()
    assert run.stdout.splitlines()[-1] == (
        f"dry run, nothing written (python SDK in {out}): 0 to create, 4 to update, 2 to remove, 5 unchanged"
    )
    assert (out / "product_catalog/_api/_category.py").exists()


def test_check_passes_then_fails_after_a_one_line_model_change(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    path = write_model(example_model, "catalog.json")
    assert pygen("generate", "-m", str(path), "-o", "sdk").exit_code == 0
    run = pygen("generate", "-m", str(path), "-o", "sdk", "--check")
    assert run.exit_code == 0, run.output
    assert run.stdout == f"up to date: the python SDK in {Path('sdk').resolve()} (11 files)\n"

    text = path.read_text()
    changed = text.replace('"Unit price in EUR."', '"Unit price in NOK."', 1)
    assert changed.count("\n") == text.count("\n") and changed != text
    path.write_text(changed)
    run = pygen("generate", "-m", str(path), "-o", "sdk", "--check")
    assert run.exit_code == 3
    product = Path("sdk/product_catalog/data_classes/_product.py").resolve()
    assert run.stdout.splitlines() == [
        f"update    {product}",
        "out of date: 1 file(s) differ from what pygen generate would write; run it without --check to update them",
    ]
    verbose = pygen("generate", "-m", str(path), "-o", "sdk", "--check", "--verbose")
    assert verbose.exit_code == 3
    assert f"--- {product} (on disk)" in verbose.stdout
    assert any(line.startswith("+") and "NOK" in line for line in verbose.stdout.splitlines())
    assert "NOK" not in product.read_text()  # --check writes nothing


def test_check_reports_missing_and_stale_files(pygen: Callable[..., Run]) -> None:
    pygen("generate", "--example", "-o", "out", "--exclude-views", "RelatesTo")
    run = pygen(
        "generate", "--example", "-o", "out", "--exclude-views", "RelatesTo", "--exclude-views", "Category", "--check"
    )
    assert run.exit_code == 3
    assert f"remove    {Path('out/product_catalog/_api/_category.py').resolve()}" in run.stdout
    run = pygen("generate", "--example", "-o", "out", "--check")
    assert run.exit_code == 3
    assert f"create    {Path('out/product_catalog/_api/_relates_to.py').resolve()}" in run.stdout


def test_check_and_dry_run_together_is_a_usage_error(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "--check", "--dry-run")
    assert run.exit_code == 2
    assert run.stderr == "error: --dry-run and --check cannot be used together: --check already writes nothing\n"


def test_hand_edited_file_needs_overwrite(pygen: Callable[..., Run]) -> None:
    pygen("generate", "--example", "-o", "out")
    client = Path("out/product_catalog/_client.py")
    client.write_text(client.read_text() + "# my change\n")
    run = pygen("generate", "--example", "-o", "out")
    assert run.exit_code == 1
    assert run.stderr == (
        f"error: nothing written to {Path('out').resolve()}; 1 conflict(s):\n"
        "  - product_catalog/_client.py: was edited since it was generated\n"
        "Pass --overwrite to replace them, or move them away.\n"
    )
    assert "# my change" in client.read_text()
    run = pygen("generate", "--example", "-o", "out", "--overwrite")
    assert run.exit_code == 0, run.stderr
    assert "# my change" not in client.read_text()


def test_files_not_written_by_pygen_are_left_alone(pygen: Callable[..., Run]) -> None:
    Path("out").mkdir()
    Path("out/notes.md").write_text("mine")
    assert pygen("generate", "--example", "-o", "out").exit_code == 0
    assert pygen("generate", "--example", "-o", "out", "--exclude-views", "Category").exit_code == 0
    assert Path("out/notes.md").read_text() == "mine"


def test_output_dir_is_a_file(pygen: Callable[..., Run]) -> None:
    Path("out").write_text("x")
    run = pygen("generate", "--example", "-o", "out")
    assert run.exit_code == 2
    assert run.stderr == f"error: output directory {Path('out').resolve()} is a file\n"


def test_generate_typescript(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--language", "typescript")
    assert run.exit_code == 0, run.stderr
    out = Path("out").resolve()
    assert run.stdout == f"generated the typescript SDK in {out}: 8 created, 0 updated, 0 removed, 0 unchanged\n"
    files = _generated(out)
    assert files == [
        f"product_catalog/{name}.ts"
        for name in ("api/category", "api/product", "api/relates_to", "client", "data_classes/category",
                     "data_classes/product", "data_classes/relates_to", "index")
    ]  # fmt: skip
    assert 'from "pygen-runtime"' in Path("out/product_catalog/client.ts").read_text()


def test_generate_all_languages_into_subdirectories(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--language", "all", "--vendor-runtime")
    assert run.exit_code == 0, run.stderr
    python_files = len(_generated(Path("out/python")))
    assert run.stdout.splitlines() == [
        f"generated the python SDK in {Path('out/python').resolve()}: {python_files} created, 0 updated, 0 removed, "
        "0 unchanged",
        f"generated the typescript SDK in {Path('out/typescript').resolve()}: 8 created, 0 updated, 0 removed, "
        "0 unchanged",
    ]
    # --vendor-runtime copies the Python runtime into the Python SDK; the TypeScript SDK imports the npm package.
    assert any(name.startswith("product_catalog/_runtime/") for name in _generated(Path("out/python")))
    assert 'from "pygen-runtime"' in Path("out/typescript/product_catalog/client.ts").read_text()
    check = pygen("generate", "--example", "-o", "out", "--language", "all", "--vendor-runtime", "--check")
    assert check.exit_code == 0, check.stdout + check.stderr


def test_vendor_runtime_with_only_typescript_is_a_usage_error(pygen: Callable[..., Run]) -> None:
    run = pygen("generate", "--example", "-o", "out", "--language", "typescript", "--vendor-runtime")
    assert run.exit_code == 2
    assert run.stderr == (
        "error: --vendor-runtime applies to Python SDKs only; a TypeScript SDK depends on the npm package "
        "pygen-runtime\n"
    )
    assert not Path("out").exists()


def test_invalid_model_is_not_generated(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    product = next(view for view in example_model["views"] if view["externalId"] == "Product")
    product["properties"]["price"]["container"]["externalId"] = "Nowhere"
    path = write_model(example_model, "broken.json")
    run = pygen("generate", "-m", str(path), "-o", "out")
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"error: error[missing-container] {path}: view pygen_example:Product/v1")
    assert lines[1].startswith("    fix: ")
    assert lines[-1] == (
        f"error: data model pygen_example:ProductCatalog/v1 ({path}) has 1 error(s); nothing was generated"
    )
    assert not Path("out").exists()


def test_several_models_in_one_sdk(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    other = json.loads(json.dumps(example_model).replace("pygen_example", "other_space"))
    other["externalId"] = "OtherCatalog"
    path = write_model(other, "other.json")
    run = pygen("generate", "--example", "-m", str(path), "-o", "out")
    assert run.exit_code == 0, run.stderr
    files = _generated(Path("out"))
    # Views of both models are in one package (named after the first model); colliding names are resolved.
    assert files[0].startswith("product_catalog/")
    assert len([name for name in files if "/_api/_" in name and not name.endswith("__init__.py")]) == 6


def test_every_option_from_pygen_toml(
    pygen: Callable[..., Run], write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file(
        "project/pygen.toml",
        "example = true\n"
        'language = "python"\n'
        'output_dir = "generated"\n'
        'package = "catalog_sdk"\n'
        'client_name = "CatalogClient"\n'
        'instance_space = "catalog"\n'
        'exclude_views = ["RelatesTo"]\n'
        "exclude_spaces = []\n"
        "vendor_runtime = false\n"
        "pyproject = true\n"
        "overwrite = false\n",
    )
    (Path("project") / "sub").mkdir()
    monkeypatch.chdir("project/sub")
    run = pygen("generate")
    assert run.exit_code == 0, run.stderr
    out = Path("..", "generated").resolve()  # relative to pygen.toml, not to the working directory
    assert run.stdout.startswith(f"generated the python SDK in {out}: ")
    files = _generated(out)
    assert "pyproject.toml" in files
    assert "catalog_sdk/_api/_relates_to.py" not in files
    client = (out / "catalog_sdk/_client.py").read_text()
    assert "class CatalogClient(InstanceClient):" in client
    assert 'DEFAULT_INSTANCE_SPACE: str | None = "catalog"' in client
    # Flags win over the file.
    run = pygen("generate", "--package", "flag_sdk", "--output-dir", "flagged", "--no-pyproject")
    assert run.exit_code == 0, run.stderr
    assert "pyproject.toml" not in _generated(Path("flagged"))
    assert (Path("flagged") / "flag_sdk" / "_client.py").is_file()


def test_output_dir_defaults_to_the_config_files_directory(
    pygen: Callable[..., Run], write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("repo/pyproject.toml", '[tool.pygen]\nexample = true\npackage = "from_pyproject"\n')
    (Path("repo") / "src").mkdir()
    monkeypatch.chdir("repo/src")
    run = pygen("generate")
    assert run.exit_code == 0, run.stderr
    assert (Path("..") / "from_pyproject" / "_client.py").is_file()


def test_verbose_lists_files_quiet_prints_only_the_result(pygen: Callable[..., Run]) -> None:
    verbose = pygen("generate", "--example", "-o", "out", "--verbose", "--exclude-views", "Category")
    assert f"create    {Path('out/product_catalog/_client.py').resolve()}" in verbose.stderr
    quiet = pygen("generate", "--example", "-o", "out2", "--quiet", "--exclude-views", "Category")
    assert quiet.stderr == ""
    assert quiet.stdout.startswith("generated the python SDK in ")


def test_an_unexpected_error_is_reported_as_a_bug(pygen: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    import pygen_cli._generation as generation

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(generation, "generate_files", broken)
    run = pygen("generate", "--example", "-o", "out")
    assert run.exit_code == 1
    assert run.stderr == (
        "error: unexpected RuntimeError: boom (this is a bug in pygen; please report it with the output of --verbose)\n"
    )
    verbose = pygen("generate", "--example", "-o", "out", "--verbose")
    assert 'raise RuntimeError("boom")' in verbose.stderr


def test_interrupted_exits_130(pygen: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    import pygen_cli._generation as generation

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(generation, "generate_files", interrupted)
    run = pygen("generate", "--example", "-o", "out")
    assert run.exit_code == 130
    assert run.stderr == "error: interrupted\n"
    assert not Path("out").exists()
