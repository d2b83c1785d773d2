"""What ``generate_sdk`` accepts as a model: model files (loaded or by path), data model definitions with their views
inlined, or several of these; and the exclusion options, checked against the models."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

from pygen_client import DataModelDefinition, ModelFile, ViewDefinition, load_model_file
from pygen_runtime import ViewId

from ._errors import GeneratorError

__all__ = ["ModelInput", "as_model_files", "resolve_exclusions"]

ModelInput = ModelFile | DataModelDefinition | str | PathLike[str]


def as_model_files(model: ModelInput | Sequence[ModelInput]) -> list[ModelFile]:
    """One ``ModelFile`` per given model, in the order given; paths are loaded (their errors name the file)."""
    items: Iterable[object]
    if isinstance(model, (ModelFile, DataModelDefinition, str, PathLike)):
        items = [model]
    elif isinstance(model, Sequence):
        items = model
    else:
        raise GeneratorError(
            f"model: expected a ModelFile, a DataModelDefinition, a path to a model file or a list of them, "
            f"got {type(model).__name__}"
        )
    files: list[ModelFile] = []
    for index, item in enumerate(items):
        if isinstance(item, ModelFile):
            files.append(item)
        elif isinstance(item, DataModelDefinition):
            files.append(ModelFile(data_model=item, has_containers_key=False))
        elif isinstance(item, (str, PathLike)):
            files.append(load_model_file(Path(item)))
        else:
            raise GeneratorError(
                f"model[{index}]: expected a ModelFile, a DataModelDefinition or a path, got {type(item).__name__}"
            )
    if not files:
        raise GeneratorError("model: no data model given")
    for file in files:
        missing = [view for view in file.data_model.views if not isinstance(view, ViewDefinition)]
        if missing:
            where = f"{file.path}: " if file.path else ""
            listed = ", ".join(str(view) for view in missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise GeneratorError(
                f"{where}data model {_model_ref(file.data_model)} lists {len(missing)} view(s) without their "
                f"definition ({listed}); generation needs the views inlined (retrieve the model with inline_views=True)"
            )
    return files


def resolve_exclusions(
    views: Sequence[ViewDefinition], exclude_views: Iterable[ViewId | str], exclude_spaces: Iterable[str]
) -> set[ViewId]:
    """The ids of the views to leave out. Every exclusion must match a view of the models: a typo is an error, not a
    silently ignored option."""
    by_external_id: dict[str, list[ViewId]] = {}
    for view in views:
        by_external_id.setdefault(view.external_id, []).append(view.as_id())
    known = {view.as_id() for view in views}
    excluded: set[ViewId] = set()
    unknown: list[str] = []
    for item in exclude_views:
        if isinstance(item, ViewId):
            if item in known:
                excluded.add(item)
            else:
                unknown.append(str(item))
        elif isinstance(item, str):
            if item in by_external_id:
                excluded.update(by_external_id[item])
            else:
                unknown.append(repr(item))
        else:
            raise GeneratorError(f"exclude_views: expected ViewId or a view external id, got {item!r}")
    spaces = {view.space for view in views}
    for space in exclude_spaces:
        if space not in spaces:
            unknown.append(f"space {space!r}")
        excluded.update(view_id for view_id in known if view_id.space == space)
    if unknown:
        available = ", ".join(sorted({view.external_id for view in views}))
        raise GeneratorError(
            f"exclusions match no view of the model(s): {', '.join(unknown)}; the views are: {available}; "
            f"the spaces are: {', '.join(sorted(spaces))}"
        )
    return excluded


def _model_ref(model: DataModelDefinition) -> str:
    return f"{model.space}:{model.external_id}/{model.version}"
