"""Config files: discovery from the working directory upwards, precedence, and every error naming file, line and key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pygen_cli._config_files import discover_config_files
from pygen_cli._settings import resolve_settings

if TYPE_CHECKING:
    from .conftest import Run


def _settings_lines(run: Run) -> dict[str, str]:
    """``key = value  (source)`` lines of ``pygen config show`` as {key: "value  (source)"}."""
    found = {}
    for line in run.stdout.splitlines():
        if line.startswith("  ") and " = " in line:
            key, _, rest = line.strip().partition(" = ")
            found[key] = rest
    return found


def test_no_config_files(pygen: Callable[..., Run], tmp_path: Path) -> None:
    run = pygen("config", "show")
    assert run.exit_code == 0
    assert "config files: none found" in run.stdout
    assert "settings: none (defaults apply)" in run.stdout


def test_pygen_toml_is_found_from_a_subdirectory(
    pygen: Callable[..., Run], write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("pygen.toml", 'package = "plant_sdk"\noutput_dir = "sdk"\n')
    (Path("deep") / "er").mkdir(parents=True)
    root = Path.cwd()
    monkeypatch.chdir(root / "deep" / "er")
    run = pygen("config", "show")
    assert run.exit_code == 0, run.stderr
    settings = _settings_lines(run)
    assert settings["package"] == '"plant_sdk"  (../../pygen.toml)'.replace("../../", str(root) + "/")
    # Relative paths are relative to the file that says them, not to the working directory.
    assert settings["output_dir"].startswith(json.dumps(str(root.resolve() / "sdk")))


def test_precedence_pygen_toml_over_pyproject_over_default(
    pygen: Callable[..., Run], write_file: Callable[..., Path]
) -> None:
    write_file(
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.pygen]\npackage = "from_pyproject"\nclient_name = "FromPyproject"\n',
    )
    write_file("pygen.toml", 'package = "from_pygen_toml"\n')
    run = pygen("config", "show")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[:3] == [
        "config files (lowest precedence first):",
        "  pyproject.toml [tool.pygen]",
        "  pygen.toml",
    ]
    settings = _settings_lines(run)
    assert settings["package"] == '"from_pygen_toml"  (pygen.toml)'
    assert settings["client_name"] == '"FromPyproject"  (pyproject.toml [tool.pygen])'


def test_flag_wins_over_files_and_environment_over_files(tmp_path: Path, write_file: Callable[..., Path]) -> None:
    write_file("pyproject.toml", '[tool.pygen]\npackage = "a"\nproject = "file_project"\n')
    write_file("pygen.toml", 'package = "b"\ninstance_space = "from_toml"\n')
    settings = resolve_settings(
        {"package": ("c", "--package"), "instance_space": (None, "--instance-space")},
        cwd=Path.cwd(),
        environ={"CDF_PROJECT": "env_project"},
    )
    assert (settings.get("package"), settings.source("package")) == ("c", "--package")
    assert (settings.get("instance_space"), settings.source("instance_space")) == ("from_toml", "pygen.toml")
    assert (settings.get("project"), settings.source("project")) == ("env_project", "CDF_PROJECT")
    assert "overwrite" not in settings  # the default applies


def test_model_source_of_a_higher_layer_replaces_the_lower_layers_sources(write_file: Callable[..., Path]) -> None:
    write_file("pygen.toml", 'models = ["sp:Model/v1"]\nmodel_file = "a.json"\n')
    settings = resolve_settings({"example": (True, "--example")}, cwd=Path.cwd(), environ={})
    assert settings.get("example") is True
    assert "models" not in settings and "model_file" not in settings
    # Within one layer, sources combine (several models in one SDK).
    settings = resolve_settings({}, cwd=Path.cwd(), environ={})
    assert [str(item) for item in settings.get("models")] == ["sp:Model/v1"]
    assert settings.get("model_file") == [str((Path.cwd() / "a.json").resolve())]


def test_alternatives_a_flag_url_replaces_a_cluster_from_a_file(write_file: Callable[..., Path]) -> None:
    write_file("pygen.toml", 'cluster = "westeurope-1"\ntenant_id = "t"\n')
    settings = resolve_settings(
        {"base_url": ("http://localhost:1", "--base-url")},
        cwd=Path.cwd(),
        environ={"CDF_TOKEN_URL": "http://localhost:1/token"},
    )
    assert settings.get("base_url") == "http://localhost:1"
    assert "cluster" not in settings
    assert settings.get("token_url") == "http://localhost:1/token"
    assert "tenant_id" not in settings


def test_several_data_models_in_one_file(pygen: Callable[..., Run], write_file: Callable[..., Path]) -> None:
    write_file(
        "pygen.toml",
        'models = ["sp:A/v1", { space = "sp", external_id = "B", version = "2" }]\n'
        'model_file = ["one.json", "two.yaml"]\n',
    )
    settings = resolve_settings({}, cwd=Path.cwd(), environ={})
    assert [str(item) for item in settings.get("models")] == ["sp:A/v1", "sp:B/2"]
    assert [Path(item).name for item in settings.get("model_file")] == ["one.json", "two.yaml"]


def test_discovery_takes_the_nearest_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "sub" / "pkg").mkdir(parents=True)
    (root / "pygen.toml").write_text('package = "outer"\n')
    (root / "sub" / "pygen.toml").write_text('package = "inner"\n')
    (root / "sub" / "pkg" / "pyproject.toml").write_text('[project]\nname = "no-pygen-here"\n')
    (root / "pyproject.toml").write_text('[tool.pygen]\nclient_name = "C"\n')
    found = discover_config_files(root / "sub" / "pkg")
    # A pyproject.toml without [tool.pygen] is passed over; the nearest of each kind wins.
    assert found == [root / "pyproject.toml", root / "sub" / "pygen.toml"]


def test_explicit_config_file_and_no_config(
    pygen: Callable[..., Run], write_file: Callable[..., Path], tmp_path: Path
) -> None:
    write_file("pygen.toml", 'package = "found"\n')
    write_file("ci/other.toml", 'package = "explicit"\n')
    run = pygen("config", "show", "--config", "ci/other.toml")
    assert _settings_lines(run)["package"] == f'"explicit"  ({Path("ci/other.toml")})'
    run = pygen("config", "show", "--no-config")
    assert "settings: none (defaults apply)" in run.stdout
    run = pygen("config", "show", "--config", "ci/other.toml", "--no-config")
    assert run.exit_code == 2
    assert run.stderr == "error: --config and --no-config cannot be used together\n"


def test_explicit_pyproject_without_table(pygen: Callable[..., Run], write_file: Callable[..., Path]) -> None:
    write_file("elsewhere/pyproject.toml", '[project]\nname = "x"\n')
    run = pygen("config", "show", "--config", "elsewhere/pyproject.toml")
    assert run.exit_code == 2
    assert run.stderr == "error: elsewhere/pyproject.toml: has no [tool.pygen] table\n"


def test_missing_explicit_config_file(pygen: Callable[..., Run]) -> None:
    run = pygen("config", "show", "--config", "nope.toml")
    assert run.exit_code == 2
    assert run.stderr == "error: config file nope.toml does not exist\n"


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "pygen.toml",
            'package = "ok"\noutput-dir = "x"\n',
            "pygen.toml, line 2: unknown key output-dir; did you mean output_dir?",
        ),
        ("pygen.toml", 'pakage = "x"\n', "pygen.toml, line 1: unknown key pakage; did you mean package?"),
        (
            "pygen.toml",
            'colour = "blue"\n',
            "pygen.toml, line 1: unknown key colour; valid keys are example, model_file, models, space, "
            "external_id, version, language, output_dir, package, client_name, instance_space, exclude_views, "
            "exclude_spaces, vendor_runtime, pyproject, overwrite, base_url, cluster, project, client_id, "
            "token_url, tenant_id, scopes, audience",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.pygen]\noverwrite = "true"\n',
            "pyproject.toml, line 5: tool.pygen.overwrite: expected true or false, got string 'true'",
        ),
        (
            "pyproject.toml",
            "[tool.pygen]\ntop_level_package = 'a.b'\n",
            "pyproject.toml, line 2: unknown key tool.pygen.top_level_package (pygen v1); use package instead",
        ),
        (
            "pygen.toml",
            "format_code = true\n",
            "pygen.toml, line 1: unknown key format_code (pygen v1); generated code is always formatted",
        ),
        ("pygen.toml", "version = 1\n", "pygen.toml, line 1: version: expected a string, got integer 1"),
        (
            "pygen.toml",
            'language = "rust"\n',
            "pygen.toml, line 1: language: expected one of 'python', 'typescript', 'all', got 'rust'",
        ),
        (
            "pygen.toml",
            'exclude_views = "A"\n',
            "pygen.toml, line 1: exclude_views: expected a list of strings, got string 'A'",
        ),
        (
            "pygen.toml",
            "exclude_spaces = [1]\n",
            "pygen.toml, line 1: exclude_spaces: item 0: expected a non-empty string, got integer 1",
        ),
        (
            "pygen.toml",
            'models = ["sp:Model"]\n',
            "pygen.toml, line 1: models: item 0: expected 'space:externalId/version', got 'sp:Model'",
        ),
        (
            "pygen.toml",
            '[[models]]\nspace = "sp"\nexternal_id = "M"\n',
            "pygen.toml: models: item 0: missing version",
        ),
        ("pygen.toml", 'package = ""\n', "pygen.toml, line 1: package: expected a non-empty string, got ''"),
        (
            "pygen.toml",
            "check = true\n",
            "pygen.toml, line 1: check is chosen per run, not in a config file; pass --check instead",
        ),
        ("pygen.toml", "package = \n", "pygen.toml: not valid TOML: Invalid value (at line 1, column 11)"),
    ],
)
def test_config_errors_name_file_line_and_key(
    pygen: Callable[..., Run], write_file: Callable[..., Path], file: str, text: str, message: str
) -> None:
    write_file(file, text)
    for command in (["config", "show"], ["generate", "--example"], ["validate", "--example"]):
        run = pygen(*command)
        assert run.exit_code == 2, (command, run.output)
        assert run.stderr == f"error: {message}\n"
        assert run.stdout == ""


@pytest.mark.parametrize(("key", "variable"), [("client_secret", "CDF_CLIENT_SECRET"), ("token", "CDF_TOKEN")])
def test_secrets_are_refused_in_config_files(
    pygen: Callable[..., Run], write_file: Callable[..., Path], key: str, variable: str
) -> None:
    write_file("pyproject.toml", f'[tool.pygen]\nproject = "p"\n{key} = "hunter2-very-secret"\n')
    run = pygen("generate", "--example", "--dry-run")
    assert run.exit_code == 2
    assert run.stderr == (
        f"error: pyproject.toml, line 3: {key} must not be stored in a config file, which is usually committed; "
        f"set the environment variable {variable} instead\n"
    )
    assert "hunter2-very-secret" not in run.output


def test_config_show_hides_secrets_from_the_environment(pygen: Callable[..., Run]) -> None:
    run = pygen("config", "show", env={"CDF_CLIENT_SECRET": "s3cr3t-value", "CDF_PROJECT": "p"})
    assert run.exit_code == 0
    settings = _settings_lines(run)
    assert settings["client_secret"] == "*** (set)  (CDF_CLIENT_SECRET)"
    assert settings["project"] == '"p"  (CDF_PROJECT)'
    assert "s3cr3t-value" not in run.output
