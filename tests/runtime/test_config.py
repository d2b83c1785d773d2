"""ClientConfig: validation, ``from_env`` and ``from_toml`` with exact error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pygen_runtime import ClientConfig, ConfigurationError, InvalidInputError, OAuthClientCredentials, Token

TOKEN = Token("t")


def test_defaults_and_project_url() -> None:
    config = ClientConfig("https://westeurope-1.cognitedata.com/", "my-project", TOKEN)
    assert config.base_url == "https://westeurope-1.cognitedata.com"
    assert config.project_url == "https://westeurope-1.cognitedata.com/api/v1/projects/my-project"
    assert (config.client_name, config.timeout, config.max_retries, config.max_retry_backoff) == (
        "pygen-sdk",
        30.0,
        10,
        30.0,
    )
    assert (config.max_concurrent_requests, config.max_workers, config.gzip) == (20, 4, True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"base_url": "westeurope-1.cognitedata.com"},
            "ClientConfig.base_url must be an http(s) URL, got 'westeurope-1.cognitedata.com'",
        ),
        ({"base_url": "https://x.com/api/v1/projects/p"}, "must not contain the project path"),
        ({"project": " "}, "ClientConfig.project must be a non-empty string, got ' '"),
        (
            {"credentials": "secret"},
            "ClientConfig.credentials must be Token(...) or OAuthClientCredentials(...), got 'secret'",
        ),
        ({"timeout": 0}, "ClientConfig.timeout must be greater than 0.0, got 0"),
        ({"max_retries": -1}, "ClientConfig.max_retries must be at least 0, got -1"),
        ({"max_retries": 2.5}, "ClientConfig.max_retries must be an integer, got 2.5"),
        ({"max_workers": 0}, "ClientConfig.max_workers must be at least 1, got 0"),
        ({"gzip": "yes"}, "ClientConfig.gzip must be true or false, got 'yes'"),
    ],
)
def test_invalid_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    settings: dict[str, object] = {
        "base_url": "https://x.cognitedata.com",
        "project": "p",
        "credentials": TOKEN,
        **kwargs,
    }
    with pytest.raises(ConfigurationError) as error:
        ClientConfig(**settings)  # type: ignore[arg-type]
    assert message in str(error.value)


def test_from_env_with_token_and_every_option() -> None:
    config = ClientConfig.from_env(
        {
            "CDF_URL": "http://127.0.0.1:8000",
            "CDF_PROJECT": "pygen",
            "CDF_TOKEN": "secret",
            "CDF_CLIENT_NAME": "my-app",
            "CDF_TIMEOUT": "12.5",
            "CDF_MAX_RETRIES": "3",
            "CDF_MAX_RETRY_BACKOFF": "4",
            "CDF_MAX_CONCURRENT_REQUESTS": "7",
            "CDF_MAX_WORKERS": "2",
            "CDF_GZIP": "false",
        }
    )
    assert config.base_url == "http://127.0.0.1:8000"
    assert isinstance(config.credentials, Token)
    assert (config.client_name, config.timeout, config.max_retries, config.max_retry_backoff) == (
        "my-app",
        12.5,
        3,
        4.0,
    )
    assert (config.max_concurrent_requests, config.max_workers, config.gzip) == (7, 2, False)


def test_from_env_client_credentials_with_cluster_default_scope() -> None:
    config = ClientConfig.from_env(
        {
            "CDF_CLUSTER": "westeurope-1",
            "CDF_PROJECT": "p",
            "CDF_CLIENT_ID": "id",
            "CDF_CLIENT_SECRET": "s3cret",
            "CDF_TOKEN_URL": "https://idp.example.com/token",
            "CDF_AUDIENCE": "aud",
        }
    )
    credentials = config.credentials
    assert isinstance(credentials, OAuthClientCredentials)
    assert config.base_url == "https://westeurope-1.cognitedata.com"
    assert credentials.scopes == ["https://westeurope-1.cognitedata.com/.default"]
    assert (credentials.token_url, credentials.client_id, credentials.audience) == (
        "https://idp.example.com/token",
        "id",
        "aud",
    )
    assert "s3cret" not in repr(credentials) and "s3cret" not in repr(config)


def test_from_env_tenant_id_and_scope_list() -> None:
    config = ClientConfig.from_env(
        {
            "CDF_URL": "https://x.cognitedata.com",
            "CDF_PROJECT": "p",
            "CDF_CLIENT_ID": "id",
            "CDF_CLIENT_SECRET": "s",
            "CDF_TENANT_ID": "tenant-1",
            "CDF_SCOPES": "a/.default, b/.default",
        }
    )
    assert isinstance(config.credentials, OAuthClientCredentials)
    assert config.credentials.token_url == "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"
    assert config.credentials.scopes == ["a/.default", "b/.default"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "environment: missing CDF_URL (or CDF_CLUSTER), CDF_PROJECT"),
        (
            {"CDF_URL": "https://x.com", "CDF_PROJECT": "p"},
            "environment: no credentials: set CDF_TOKEN, or the client-credentials settings (missing CDF_CLIENT_ID, CDF_CLIENT_SECRET, CDF_TOKEN_URL (or CDF_TENANT_ID))",
        ),
        (
            {"CDF_URL": "https://x.com", "CDF_CLUSTER": "c", "CDF_PROJECT": "p", "CDF_TOKEN": "t"},
            "environment: give either CDF_URL or CDF_CLUSTER, not both",
        ),
        (
            {"CDF_URL": "https://x.com", "CDF_PROJECT": "p", "CDF_TOKEN": "t", "CDF_MAX_RETRIES": "many"},
            "environment: CDF_MAX_RETRIES must be an integer, got 'many'",
        ),
        (
            {"CDF_URL": "https://x.com", "CDF_PROJECT": "p", "CDF_TOKEN": "t", "CDF_GZIP": "maybe"},
            "environment: CDF_GZIP must be true or false, got 'maybe'",
        ),
        (
            {"CDF_URL": "https://x.com", "CDF_PROJECT": "p", "CDF_TOKEN": "t", "CDF_CLIENT_ID": "i"},
            "environment: give either CDF_TOKEN or CDF_CLIENT_ID/CDF_CLIENT_SECRET, not both",
        ),
        (
            {"CDF_URL": "https://x.com", "CDF_PROJECT": "p", "CDF_TOKEN": "t", "CDF_TIMEOUT": "-1"},
            "environment: timeout must be greater than 0.0, got -1.0",
        ),
    ],
)
def test_from_env_errors_name_the_variables(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as error:
        ClientConfig.from_env(environ)
    assert str(error.value) == message


def test_from_toml_section_and_env_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SECRET", "from-env")
    file = tmp_path / "config.toml"
    file.write_text(
        """
[cognite.dev]
base_url = "http://127.0.0.1:8000"
project = "pygen"
client_id = "id"
client_secret = "${MY_SECRET}"
token_url = "http://127.0.0.1:8000/oauth2/token"
scopes = ["s1", "s2"]
max_workers = 8
gzip = false
""",
        encoding="utf-8",
    )
    config = ClientConfig.from_toml(file, section="cognite.dev")
    assert isinstance(config.credentials, OAuthClientCredentials)
    assert config.credentials._client_secret == "from-env"
    assert config.credentials.scopes == ["s1", "s2"]
    assert (config.max_workers, config.gzip) == (8, False)


@pytest.mark.parametrize(
    ("text", "section", "message"),
    [
        (
            'base_url = "https://x.com"\nproject = "p"\ntoken = "t"\ntimout = 3\n',
            None,
            "{file}: unknown key(s) timout; expected some of audience, base_url",
        ),
        ('[a]\nproject = "p"\n', "b", "{file}: section [b] not found"),
        (
            'base_url = "https://x.com"\nproject = "p"\ntoken = "t"\nmax_workers = "x"\n',
            None,
            "{file}: max_workers must be an integer, got 'x'",
        ),
        (
            'base_url = "https://x.com"\nproject = "p"\ntoken = "${NOT_SET_ANYWHERE_42}"\n',
            None,
            "{file}: token references ${NOT_SET_ANYWHERE_42}, but the environment variable NOT_SET_ANYWHERE_42 is not set",
        ),
        ("project = [", None, "{file} is not valid TOML"),
    ],
)
def test_from_toml_errors_name_file_and_key(tmp_path: Path, text: str, section: str | None, message: str) -> None:
    file = tmp_path / "config.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as error:
        ClientConfig.from_toml(file, section=section)
    assert message.replace("{file}", str(file)) in str(error.value)


def test_from_toml_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"cannot read config file .*missing\.toml"):
        ClientConfig.from_toml(tmp_path / "missing.toml")


def test_token_rejects_empty_and_non_callable() -> None:
    with pytest.raises(InvalidInputError, match="Token: the token is an empty string"):
        Token("  ")
    with pytest.raises(ValueError, match="expected a string or a callable returning one, got int"):
        Token(5)  # type: ignore[arg-type]
