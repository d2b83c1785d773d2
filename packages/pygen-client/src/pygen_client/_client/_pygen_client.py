"""``PygenClient``: the DMS schema resource APIs, plus fetching and deploying whole data models."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pygen_runtime import CDFAPIError, ContainerId, MultiRequestError

from .._model_file import ModelFile
from .._schema import (
    ContainerDefinition,
    DataModelDefinition,
    DataModelId,
    SchemaApply,
    SpaceApply,
    SpaceDefinition,
    ViewDefinition,
)
from ._containers import ContainersAPI
from ._data_models import DataModelsAPI
from ._resource import SchemaHTTP
from ._spaces import SpacesAPI
from ._views import ViewsAPI

if TYPE_CHECKING:
    from pygen_runtime import ClientConfig

__all__ = ["DeployResult", "PygenClient"]


@dataclass
class DeployResult:
    """What ``deploy`` applied, as the API returned it (spaces that already existed are not re-applied)."""

    spaces: list[SpaceDefinition] = field(default_factory=list)
    containers: list[ContainerDefinition] = field(default_factory=list)
    views: list[ViewDefinition] = field(default_factory=list)
    data_models: list[DataModelDefinition] = field(default_factory=list)


class PygenClient:
    """The DMS schema client: ``spaces``, ``containers``, ``views`` and ``data_models``.

    ``PygenClient(ClientConfig.from_env())``; use it as a context manager (or call ``close()``) to release the
    HTTP connection pool.
    """

    def __init__(self, config: ClientConfig, *, http_client: SchemaHTTP | None = None) -> None:
        from pygen_runtime import HTTPClient  # imports httpx: only when a client is made

        self.config = config
        self._http: SchemaHTTP = http_client if http_client is not None else HTTPClient(config)
        self.spaces = SpacesAPI(self._http)
        self.containers = ContainersAPI(self._http)
        self.views = ViewsAPI(self._http)
        self.data_models = DataModelsAPI(self._http)

    def close(self) -> None:
        close = getattr(self._http, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> PygenClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def retrieve_model(self, data_model_id: DataModelId) -> ModelFile | None:
        """A data model with its views inlined and the containers they map: the model-file form.

        ``None`` when the data model does not exist. Save it with ``save_model_file``.
        """
        data_model = self.data_models.retrieve(data_model_id, inline_views=True)
        if data_model is None:
            return None
        container_ids: dict[ContainerId, None] = {}
        for view in data_model.inlined_views:
            container_ids.update(dict.fromkeys(view.referenced_containers()))
        containers = self.containers.retrieve(list(container_ids)) if container_ids else []
        return ModelFile(data_model=data_model, containers=containers)

    def deploy(self, model: ModelFile | SchemaApply, *, include_global: bool = False) -> DeployResult:
        """Apply a model: missing spaces, then containers, views (implemented views first) and data models.

        Global items of a ``ModelFile`` (CogniteCore, for example) are skipped unless ``include_global``: they exist
        in every CDF project and cannot be written there. Spaces that exist are left as they are (re-applying would
        clear their name and description).

        When a step fails, later steps are not attempted and ``MultiRequestError`` carries the ``DeployResult`` of
        what was applied (``successful``), the ids the API rejected or that were never sent (``failed``), and the
        ids whose request got no answer (``unknown``).
        """
        schema = model.as_apply(include_global=include_global) if isinstance(model, ModelFile) else model
        result = DeployResult()
        pending: list[Any] = [
            *(space.space for space in schema.spaces),
            *(item.as_id() for item in schema.containers),
            *(item.as_id() for item in schema.views),
            *(item.as_id() for item in schema.data_models),
        ]

        def settle(target: list[Any]) -> None:
            done = {_id_of(item) for item in target}
            pending[:] = [item_id for item_id in pending if item_id not in done]

        def step(name: str, action: Any, items: list[Any], target: list[Any]) -> None:
            if not items:
                return
            try:
                target.extend(action(items))
            except MultiRequestError as error:
                target.extend(error.successful)
                settle(target)
                raise _deploy_error(name, result, pending, error, error.errors, error.unknown) from error
            except CDFAPIError as error:  # the API answered: nothing in this step was applied
                raise _deploy_error(name, result, pending, error, [error], []) from error
            except Exception as error:  # no answer: this step's items may or may not have been applied
                unknown = [_id_of_apply(item) for item in items]
                raise _deploy_error(name, result, pending, error, [error], unknown) from error
            settle(target)

        existing = {space.space for space in self.spaces.retrieve([space.space for space in schema.spaces])}
        pending[:] = [item_id for item_id in pending if not (isinstance(item_id, str) and item_id in existing)]
        new_spaces: list[SpaceApply] = [space for space in schema.spaces if space.space not in existing]
        step("spaces", self.spaces.create, new_spaces, result.spaces)
        step("containers", self.containers.create, schema.containers, result.containers)
        step("views", self.views.create, schema.views, result.views)
        step("data models", self.data_models.create, schema.data_models, result.data_models)
        return result


def _deploy_error(
    step: str,
    result: DeployResult,
    pending: list[Any],
    cause: BaseException,
    errors: list[BaseException],
    unknown: list[Any],
) -> MultiRequestError:
    return MultiRequestError(
        f"deploy stopped while applying {step}: {cause}",
        successful=result,
        failed=[item_id for item_id in pending if item_id not in unknown],
        unknown=unknown,
        errors=errors,
    )


def _id_of(item: Any) -> Any:
    return item.space if isinstance(item, SpaceDefinition) else item.as_id()


def _id_of_apply(item: Any) -> Any:
    return item.space if isinstance(item, SpaceApply) else item.as_id()
