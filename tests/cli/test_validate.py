"""``pygen validate``: the client's findings as a report, exit 1 on errors; model-file problems named precisely."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .conftest import Run


def _break_container(model: dict[str, Any]) -> dict[str, Any]:
    """Point the Product view's ``price`` at a container that the model does not have (an error)."""
    product = next(view for view in model["views"] if view["externalId"] == "Product")
    product["properties"]["price"]["container"]["externalId"] = "Nowhere"
    return model


def test_example_has_no_problems(pygen: Callable[..., Run]) -> None:
    run = pygen("validate", "--example")
    assert run.exit_code == 0
    assert run.stdout == "pygen_example:ProductCatalog/v1:\nno problems found\n"


def test_errors_fail_with_the_findings_and_fixes(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    path = write_model(_break_container(example_model), "broken.json")
    run = pygen("validate", "--model-file", str(path))
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == f"pygen_example:ProductCatalog/v1 ({path}):"
    assert lines[1] == (
        f"error[missing-container] {path}: view pygen_example:Product/v1: maps container pygen_example:Nowhere "
        "(property 'price'), which is not in the model's containers"
    )
    assert lines[2].startswith("    fix: ")
    assert lines[-1] == "1 error(s), 0 warning(s)"


def test_json_report(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    path = write_model(_break_container(example_model), "broken.json")
    run = pygen("validate", "--example", "--model-file", str(path), "--format", "json")
    assert run.exit_code == 1
    document = json.loads(run.stdout)
    assert [(entry["errors"], entry["warnings"]) for entry in document] == [(0, 0), (1, 0)]
    assert document[1]["findings"][0]["code"] == "missing-container"
    assert document[1]["findings"][0]["location"]["view"] == {
        "space": "pygen_example",
        "externalId": "Product",
        "version": "v1",
    }


def test_strict_fails_on_warnings(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    # A view implementing a view outside the model is legal in CDF: a warning.
    product = next(view for view in example_model["views"] if view["externalId"] == "Product")
    product["implements"] = [{"space": "elsewhere", "externalId": "Base", "version": "v1", "type": "view"}]
    path = write_model(example_model, "warned.json")
    assert pygen("validate", "-m", str(path)).exit_code == 0
    run = pygen("validate", "-m", str(path), "--strict")
    assert run.exit_code == 1
    assert "warning[implements-outside-model]" in run.stdout
    assert run.stdout.splitlines()[-1] == "0 error(s), 1 warning(s)"


def test_missing_model_file(pygen: Callable[..., Run]) -> None:
    run = pygen("validate", "--model-file", "nope.json")
    assert run.exit_code == 1
    assert run.stderr == f"error: model file {Path('nope.json').resolve()} does not exist\n"


def test_model_file_is_a_directory(pygen: Callable[..., Run], tmp_path: Path) -> None:
    run = pygen("validate", "--model-file", str(tmp_path))
    assert run.exit_code == 1
    assert run.stderr == f"error: model file {tmp_path} is a directory, expected a .json or .yaml model file\n"


def test_bad_model_file_names_the_line_view_and_property(
    pygen: Callable[..., Run], example_model: dict[str, Any], write_model: Callable[..., Path]
) -> None:
    product = next(view for view in example_model["views"] if view["externalId"] == "Product")
    product["properties"]["name"]["type"]["list"] = "yes"
    path = write_model(example_model, "bad.json")
    run = pygen("validate", "--model-file", str(path))
    assert run.exit_code == 1
    line = next(number for number, text in enumerate(path.read_text().splitlines(), 1) if '"list": "yes"' in text)
    assert run.stderr == (
        f"error: {path}: line {line}, view pygen_example:Product/v1, property 'name', type.list: input should be a "
        "valid boolean, got 'yes'\n"
    )
    assert "Traceback" not in run.stderr


def test_not_json(pygen: Callable[..., Run], write_file: Callable[..., Path]) -> None:
    write_file("model.json", "{not json")
    run = pygen("validate", "--model-file", "model.json")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"error: {Path('model.json').resolve()}")
    assert len(run.stderr.splitlines()) <= 3
    assert "Traceback" not in run.stderr


def test_traceback_only_with_verbose(pygen: Callable[..., Run]) -> None:
    quiet = pygen("validate", "--model-file", "nope.json")
    verbose = pygen("validate", "--model-file", "nope.json", "--verbose")
    assert "Traceback" not in quiet.stderr
    assert "Traceback (most recent call last)" in verbose.stderr
    assert verbose.stderr.splitlines()[-1] == quiet.stderr.splitlines()[-1]
    assert verbose.exit_code == quiet.exit_code == 1


def test_no_model_is_a_usage_error(pygen: Callable[..., Run]) -> None:
    run = pygen("validate")
    assert run.exit_code == 2
    assert run.stderr == (
        "error: no data model given: pass --example (the bundled example), --model-file FILE, or --space, "
        "--external-id and --version (a model in CDF); or set them in pygen.toml\n"
    )


def test_half_a_data_model_id_is_a_usage_error(pygen: Callable[..., Run], write_file: Callable[..., Path]) -> None:
    run = pygen("validate", "--space", "sp", "--external-id", "M")
    assert run.exit_code == 2
    assert run.stderr == (
        "error: --space and --external-id need --version too: a data model in CDF is identified by space, "
        "external id and version\n"
    )
    write_file("pygen.toml", 'space = "sp"\n')
    run = pygen("validate")
    assert run.exit_code == 2
    assert run.stderr == (
        "error: space in pygen.toml needs external_id and version too: a data model in CDF is identified by "
        "space, external id and version\n"
    )


def test_unknown_option_is_a_usage_error(pygen: Callable[..., Run]) -> None:
    run = pygen("validate", "--exmaple")
    assert run.exit_code == 2
    assert "No such option: --exmaple" in run.flat_stderr
    assert "(Possible options: --example)" in run.flat_stderr
