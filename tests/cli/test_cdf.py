"""Reading data models from CDF (the emulator over HTTP): model pull, credentials from flags and the environment,
and every failure with its exact message and exit code. No secret is ever printed, even under --verbose."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from pygen_cli._cdf import client_config
from pygen_cli._settings import resolve_settings
from pygen_client import example_model_text, load_example_model, load_model_file
from pygen_emulator import Emulator, EmulatorConfig

if TYPE_CHECKING:
    from .conftest import Run

MODEL_FLAGS = ("--space", "pygen_example", "--external-id", "ProductCatalog", "--version", "v1")
CLIENT_ID = "pygen-cli-tests"
CLIENT_SECRET = "cli-secret-Zq81xv"
TOKEN = "static-token-Wp55ke"


@pytest.fixture
def deployed(emulator: Emulator) -> Emulator:
    """The session emulator (any bearer token accepted) with the example model deployed."""
    emulator.load_model(json.loads(example_model_text()))
    return emulator


@pytest.fixture(scope="module")
def guarded() -> Iterator[Emulator]:
    """An emulator that accepts only the static TOKEN, or tokens issued to CLIENT_ID/CLIENT_SECRET."""
    with Emulator(EmulatorConfig(oauth_clients={CLIENT_ID: CLIENT_SECRET})) as server:
        server.load_model(json.loads(example_model_text()))
        yield server


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_model_pull_saves_the_model(pygen: Callable[..., Run], deployed: Emulator) -> None:
    run = pygen(
        "model", "pull", *MODEL_FLAGS, "--base-url", deployed.base_url, "--project", deployed.project,
        env={"CDF_TOKEN": "anything"},
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    target = Path("pygen_example_ProductCatalog.json").resolve()
    assert run.stdout == f"saved pygen_example:ProductCatalog/v1 in {target} (3 views, 3 containers)\n"
    pulled = load_model_file(target)
    example = load_example_model()
    assert [view.as_id() for view in pulled.views] == [view.as_id() for view in example.views]
    assert sorted(str(c.as_id()) for c in pulled.containers) == sorted(str(c.as_id()) for c in example.containers)
    again = pygen(
        "model", "pull", *MODEL_FLAGS, "--base-url", deployed.base_url, "--project", deployed.project,
        env={"CDF_TOKEN": "anything"},
    )  # fmt: skip
    assert again.stdout.startswith("updated pygen_example:ProductCatalog/v1 in ")


def test_model_pull_to_yaml_with_settings_from_config_and_environment(
    pygen: Callable[..., Run], deployed: Emulator, write_file: Callable[..., Path]
) -> None:
    write_file("pygen.toml", 'models = ["pygen_example:ProductCatalog/v1"]\nproject = "pygen"\n')
    run = pygen("model", "pull", "-o", "models/catalog.yaml", env={"CDF_URL": deployed.base_url, "CDF_TOKEN": "x"})
    assert run.exit_code == 0, run.stderr
    data = yaml.safe_load(Path("models/catalog.yaml").read_text())
    assert data["externalId"] == "ProductCatalog"
    assert len(data["views"]) == 3


def test_model_pull_needs_a_model_in_cdf(pygen: Callable[..., Run], write_file: Callable[..., Path]) -> None:
    write_file("pygen.toml", "example = true\n")
    run = pygen("model", "pull")
    assert run.exit_code == 2
    assert run.stderr == (
        "error: model pull fetches data models from CDF: pass --space, --external-id and --version (the settings "
        "name only a model file or the example)\n"
    )


def test_model_pull_output_must_be_json_or_yaml(pygen: Callable[..., Run]) -> None:
    run = pygen("model", "pull", *MODEL_FLAGS, "-o", "model.txt")
    assert run.exit_code == 2
    assert run.stderr == "error: --output model.txt: expected a .json, .yaml or .yml file, or a directory\n"


def test_validate_a_model_in_cdf(pygen: Callable[..., Run], deployed: Emulator) -> None:
    run = pygen("validate", *MODEL_FLAGS, env={"CDF_URL": deployed.base_url, "CDF_PROJECT": "pygen", "CDF_TOKEN": "x"})
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "pygen_example:ProductCatalog/v1:\nno problems found\n"


def test_data_model_not_found(pygen: Callable[..., Run], deployed: Emulator) -> None:
    run = pygen(
        "validate", "--space", "pygen_example", "--external-id", "Nope", "--version", "v1",
        "--base-url", deployed.base_url, "--project", "pygen", env={"CDF_TOKEN": "x"},
    )  # fmt: skip
    assert run.exit_code == 1
    assert run.stderr == (
        f"error: data model pygen_example:Nope/v1 not found in project 'pygen' at {deployed.base_url}\n"
    )


def test_flag_wins_over_environment(pygen: Callable[..., Run], deployed: Emulator) -> None:
    env = {"CDF_URL": "http://127.0.0.1:9", "CDF_PROJECT": "wrong", "CDF_TOKEN": "x"}
    run = pygen("validate", *MODEL_FLAGS, "--base-url", deployed.base_url, "--project", "pygen", env=env)
    assert run.exit_code == 0, run.stderr


def test_unreachable_server(pygen: Callable[..., Run]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    run = pygen(
        "validate", *MODEL_FLAGS, "--base-url", url, "--project", "p",
        env={"CDF_TOKEN": "x", "CDF_MAX_RETRIES": "0"},
    )  # fmt: skip
    assert run.exit_code == 1
    assert run.stderr.startswith(
        f"error: cannot reach CDF at {url}: POST {url}/api/v1/projects/p/models/datamodels/byids failed after "
        "1 attempt(s): ConnectError: "
    )
    assert len(run.stderr.splitlines()) == 1


def test_unreachable_server_is_retried_three_times_by_default(pygen: Callable[..., Run]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    run = pygen("validate", *MODEL_FLAGS, "--base-url", url, "--project", "p", env={"CDF_TOKEN": "x"})
    assert run.exit_code == 1
    assert "failed after 4 attempt(s)" in run.stderr
    assert run.stderr.count("warning: Retrying POST") == 3
    quiet = pygen("validate", *MODEL_FLAGS, "--base-url", url, "--project", "p", "-q", env={"CDF_TOKEN": "x"})
    assert "warning" not in quiet.stderr
    assert quiet.stderr.startswith("error: cannot reach CDF at ")


def test_missing_connection_settings(pygen: Callable[..., Run]) -> None:
    run = pygen("validate", *MODEL_FLAGS)
    assert run.exit_code == 2
    assert run.stderr == (
        "error: cannot connect to CDF: missing the CDF URL (--base-url, CDF_URL or base_url in pygen.toml; or "
        "--cluster, CDF_CLUSTER); the CDF project (--project, CDF_PROJECT or project in pygen.toml); credentials "
        "(CDF_TOKEN, or --client-id/CDF_CLIENT_ID with --client-secret/CDF_CLIENT_SECRET and "
        "--token-url/CDF_TOKEN_URL or --tenant-id/CDF_TENANT_ID)\n"
    )
    run = pygen("validate", *MODEL_FLAGS, "--base-url", "http://h", "--project", "p", "--client-id", "a",
                env={"CDF_CLIENT_SECRET": CLIENT_SECRET})  # fmt: skip
    assert run.exit_code == 2
    assert run.stderr == (
        "error: cannot connect to CDF: missing the token URL (--token-url, CDF_TOKEN_URL or token_url in "
        "pygen.toml; or --tenant-id)\n"
    )


def test_invalid_connection_settings(pygen: Callable[..., Run]) -> None:
    run = pygen("validate", *MODEL_FLAGS, "--base-url", "ftp://h", "--project", "p", env={"CDF_TOKEN": TOKEN})
    assert run.exit_code == 2
    assert run.stderr == "error: invalid CDF connection settings: base_url must be an http(s) URL, got 'ftp://h'\n"


def test_cluster_becomes_the_base_url_and_default_scope() -> None:
    settings = resolve_settings(
        {"cluster": ("westeurope-1", "--cluster"), "project": ("p", "--project")},
        cwd=Path.cwd(),
        environ={"CDF_CLIENT_ID": "id", "CDF_CLIENT_SECRET": "s", "CDF_TENANT_ID": "tenant"},
    )
    config = client_config(settings, environ={})
    assert config.base_url == "https://westeurope-1.cognitedata.com"
    assert config.max_retries == 3
    assert config.client_name == "pygen-cli/0.1.0"
    credentials = config.credentials
    assert credentials.token_url == "https://login.microsoftonline.com/tenant/oauth2/v2.0/token"  # type: ignore[attr-defined]
    assert credentials.scopes == ["https://westeurope-1.cognitedata.com/.default"]  # type: ignore[attr-defined]
    assert client_config(settings, environ={"CDF_MAX_RETRIES": "7"}).max_retries == 7


def test_client_credentials_from_flags_with_base_url(pygen: Callable[..., Run], guarded: Emulator) -> None:
    # --base-url is used for the API whichever way of authenticating is chosen (pygen v1 ignored it here).
    run = pygen(
        "validate", *MODEL_FLAGS, "--base-url", guarded.base_url, "--project", "pygen",
        "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, "--token-url", guarded.token_url,
        "--scopes", "a b", "--verbose",
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert CLIENT_SECRET not in run.output


def test_client_credentials_from_the_environment(pygen: Callable[..., Run], guarded: Emulator) -> None:
    env = {
        "CDF_URL": guarded.base_url,
        "CDF_PROJECT": "pygen",
        "CDF_CLIENT_ID": CLIENT_ID,
        "CDF_CLIENT_SECRET": CLIENT_SECRET,
        "CDF_TOKEN_URL": guarded.token_url,
    }
    run = pygen("validate", *MODEL_FLAGS, "-v", env=env)
    assert run.exit_code == 0, run.stderr
    assert CLIENT_SECRET not in run.output


@pytest.mark.parametrize("verbose", [False, True])
def test_wrong_client_secret(pygen: Callable[..., Run], guarded: Emulator, verbose: bool) -> None:
    wrong = "wrong-secret-Kd93ba"
    run = pygen(
        "validate", *MODEL_FLAGS, "--base-url", guarded.base_url, "--project", "pygen",
        "--client-id", CLIENT_ID, "--client-secret", wrong, "--token-url", guarded.token_url,
        *(["--verbose"] if verbose else []), env={"CDF_MAX_RETRIES": "0"},
    )  # fmt: skip
    assert run.exit_code == 1
    last = run.stderr.splitlines()[-1]
    assert last.startswith(f"error: CDF rejected the credentials for project 'pygen' at {guarded.base_url}: ")
    assert wrong not in run.output
    assert ("Traceback" in run.stderr) is verbose


@pytest.mark.parametrize("verbose", [False, True])
def test_wrong_token(pygen: Callable[..., Run], guarded: Emulator, verbose: bool) -> None:
    wrong = "wrong-token-Pq02hz"
    run = pygen(
        "model", "pull", *MODEL_FLAGS, "--base-url", guarded.base_url, "--project", "pygen",
        *(["--verbose"] if verbose else []), env={"CDF_TOKEN": wrong, "CDF_MAX_RETRIES": "0"},
    )  # fmt: skip
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-1].startswith(
        f"error: CDF rejected the credentials for project 'pygen' at {guarded.base_url}: "
    )
    assert wrong not in run.output
    assert not Path("pygen_example_ProductCatalog.json").exists()


def test_no_secret_is_printed_in_any_failure(pygen: Callable[..., Run], guarded: Emulator) -> None:
    """Every way a run can fail with a secret in play, under --verbose: the secret is never in the output."""
    secret = "never-print-me-Vb71"
    cases = [
        ["validate", *MODEL_FLAGS],  # missing URL and project
        ["validate", *MODEL_FLAGS, "--base-url", f"http://127.0.0.1:{_closed_port()}", "--project", "p"],
        ["validate", *MODEL_FLAGS, "--base-url", guarded.base_url, "--project", "nope"],
        ["validate", *MODEL_FLAGS, "--base-url", secret, "--project", "p"],  # a secret where a URL belongs
        ["model", "pull", *MODEL_FLAGS, "--base-url", guarded.base_url, "--project", "pygen"],
    ]
    for args in cases:
        for env in (
            {"CDF_TOKEN": secret, "CDF_MAX_RETRIES": "0"},
            {"CDF_CLIENT_ID": CLIENT_ID, "CDF_CLIENT_SECRET": secret, "CDF_TOKEN_URL": guarded.token_url,
             "CDF_MAX_RETRIES": "0"},
        ):  # fmt: skip
            run = pygen(*args, "--verbose", env=env)
            assert run.exit_code != 0, args
            assert secret not in run.output, (args, env)
            flagged = pygen(*args, "--verbose", "--client-id", "x", "--client-secret", secret, "--token-url",
                            guarded.token_url, env={"CDF_MAX_RETRIES": "0"})  # fmt: skip
            assert flagged.exit_code != 0, args
            assert secret not in flagged.output, args


def test_model_pull_of_several_models_reports_a_partial_failure(
    pygen: Callable[..., Run], deployed: Emulator, write_file: Callable[..., Path]
) -> None:
    write_file(
        "pygen.toml",
        'models = ["pygen_example:ProductCatalog/v1", "pygen_example:Missing/v1"]\nproject = "pygen"\n',
    )
    Path("models").mkdir()
    run = pygen("model", "pull", "-o", "models", env={"CDF_URL": deployed.base_url, "CDF_TOKEN": "x"})
    assert run.exit_code == 1
    saved = Path("models/pygen_example_ProductCatalog.json")
    assert run.stdout == f"saved pygen_example:ProductCatalog/v1 in {saved} (3 views, 3 containers)\n"
    assert run.stderr == (
        f"error: data model pygen_example:Missing/v1 not found in project 'pygen' at {deployed.base_url} "
        "(saved before this failure: pygen_example:ProductCatalog/v1)\n"
    )
    assert saved.is_file()
    run = pygen("model", "pull", "-o", "one.json", env={"CDF_URL": deployed.base_url, "CDF_TOKEN": "x"})
    assert run.exit_code == 2
    assert run.stderr == "error: --output one.json must be a directory when pulling 2 data models\n"
