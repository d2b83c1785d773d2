"""Where the data model(s) of a run come from: the bundled example, model files, or CDF; and loading them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pygen_client import DataModelId, ModelFile, PygenClient, load_example_model, load_model_file
from pygen_runtime import AuthenticationError, CDFAPIError, CDFConnectionError, ClientConfig

from ._cdf import client_config
from ._errors import CLIUsageError, PygenCLIError
from ._output import Output
from ._settings import Settings

__all__ = ["ModelSources", "fetch_models", "load_models", "model_sources"]

_ID_KEYS = ("space", "external_id", "version")
_FLAG_OF = {"space": "--space", "external_id": "--external-id", "version": "--version"}


@dataclass(frozen=True)
class ModelSources:
    """The data models of one run, in order: the example first, then files, then models in CDF."""

    example: bool
    files: tuple[Path, ...]
    cdf: tuple[DataModelId, ...]

    @property
    def count(self) -> int:
        return int(self.example) + len(self.files) + len(self.cdf)


def model_sources(settings: Settings) -> ModelSources:
    """Read the model-source settings; a run without a data model, or with half an id, is a usage error."""
    given = [key for key in _ID_KEYS if key in settings]
    cdf: list[DataModelId] = list(settings.get("models") or [])
    if given:
        absent = [key for key in _ID_KEYS if key not in settings]
        if absent:
            source = settings.source(given[0]) or ""
            if source.startswith("--"):
                names = [_FLAG_OF[key] for key in given], [_FLAG_OF[key] for key in absent]
            else:
                names = [f"{key} in {source}" for key in given], list(absent)
            verb = "needs" if len(given) == 1 else "need"
            raise CLIUsageError(
                f"{' and '.join(names[0])} {verb} {' and '.join(names[1])} too: a data model in CDF is identified "
                "by space, external id and version"
            )
        cdf.append(DataModelId(*(str(settings.get(key)) for key in _ID_KEYS)))
    sources = ModelSources(
        example=bool(settings.get("example")),
        files=tuple(Path(path) for path in settings.get("model_file") or []),
        cdf=tuple(cdf),
    )
    if sources.count == 0:
        raise CLIUsageError(
            "no data model given: pass --example (the bundled example), --model-file FILE, or --space, "
            "--external-id and --version (a model in CDF); or set them in pygen.toml"
        )
    return sources


def load_models(sources: ModelSources, settings: Settings, output: Output) -> list[ModelFile]:
    """The example, the files and the CDF models, in that order; a file problem names the file and the place."""
    models: list[ModelFile] = []
    if sources.example:
        models.append(load_example_model())
    for path in sources.files:
        if not path.exists():
            raise PygenCLIError(f"model file {path} does not exist")
        if path.is_dir():
            raise PygenCLIError(f"model file {path} is a directory, expected a .json or .yaml model file")
        models.append(load_model_file(path))
    if sources.cdf:
        models.extend(fetch_models(sources.cdf, client_config(settings), output))
    return models


def fetch_models(
    ids: tuple[DataModelId, ...] | list[DataModelId], config: ClientConfig, output: Output
) -> list[ModelFile]:
    """Retrieve data models (views inlined, with their containers) from CDF; errors say which model and where."""
    models: list[ModelFile] = []
    where = f"project {config.project!r} at {config.base_url}"
    with PygenClient(config) as client, output.progress("Fetching data models", total=len(ids)) as advance:
        for model_id in ids:
            output.detail(f"fetching data model {model_id} from {where}")
            try:
                model = client.retrieve_model(model_id)
            except AuthenticationError as error:
                raise PygenCLIError(f"CDF rejected the credentials for {where}: {error.message}") from error
            except CDFConnectionError as error:
                raise PygenCLIError(f"cannot reach CDF at {config.base_url}: {error}") from error
            except CDFAPIError as error:
                raise PygenCLIError(f"fetching data model {model_id} from {where} failed: {error}") from error
            if model is None:
                raise PygenCLIError(f"data model {model_id} not found in {where}")
            models.append(model)
            advance()
    return models
