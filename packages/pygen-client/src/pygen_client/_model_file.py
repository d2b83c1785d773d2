"""Model files: one data model with its views inlined, plus the containers they map, as JSON or YAML.

This is the canonical form of ``../shared/models``: the response of
``POST /models/datamodels/byids?inlineViews=true`` with a top-level ``containers`` list added.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pygen_runtime import ContainerId, ViewId

from ._duplicate_keys import DuplicateKeyDetector, duplicate_key_issues, strict_yaml_loader
from ._error_locations import issues_from_validation_error
from ._errors import ModelFileError, ModelFileIssue
from ._schema import (
    ContainerDefinition,
    DataModelDefinition,
    SchemaApply,
    SpaceApply,
    ViewApply,
    ViewDefinition,
)

__all__ = ["ModelFile", "load_model_file", "save_model_file"]

_CONTAINERS = TypeAdapter(list[ContainerDefinition])
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class ModelFile:
    """A data model (views inlined) and the containers its views map, as read from a file or from CDF."""

    data_model: DataModelDefinition
    containers: list[ContainerDefinition] = field(default_factory=list)
    path: Path | None = None
    # Whether the source had a ``containers`` key, so an empty list round-trips as written.
    has_containers_key: bool = field(default=True, repr=False)

    @classmethod
    def load(cls, data: Any, *, path: Path | None = None, text: str | None = None) -> ModelFile:
        """Parse the canonical form; raises ``ModelFileError`` listing every problem with its location."""
        if not isinstance(data, Mapping):
            kind = "nothing (the document is empty)" if data is None else f"a {type(data).__name__}"
            raise ModelFileError(
                path, [ModelFileIssue("", f"expected a data model object at the top level, got {kind}")]
            )
        data = dict(data)
        model_data = {key: value for key, value in data.items() if key != "containers"}
        issues: list[ModelFileIssue] = []
        data_model: DataModelDefinition | None = None
        containers: list[ContainerDefinition] = []
        try:
            data_model = DataModelDefinition.model_validate(model_data)
        except ValidationError as error:
            issues.extend(issues_from_validation_error(error, data, text=text))
        if "containers" in data:
            try:
                containers = _CONTAINERS.validate_python(data["containers"])
            except ValidationError as error:
                issues.extend(issues_from_validation_error(error, data, text=text, prefix=("containers",)))
        if issues or data_model is None:
            raise ModelFileError(path, issues)
        return cls(data_model=data_model, containers=containers, path=path, has_containers_key="containers" in data)

    def dump(self) -> dict[str, Any]:
        """The canonical JSON form (what ``load`` reads)."""
        output = self.data_model.dump()
        if self.containers or self.has_containers_key:
            output["containers"] = [container.dump() for container in self.containers]
        return output

    @property
    def views(self) -> list[ViewDefinition]:
        return self.data_model.inlined_views

    def view(self, view_id: ViewId) -> ViewDefinition | None:
        return next((view for view in self.views if view.as_id() == view_id), None)

    def container(self, container_id: ContainerId) -> ContainerDefinition | None:
        return next((item for item in self.containers if item.as_id() == container_id), None)

    def as_apply(self, *, include_global: bool = False) -> SchemaApply:
        """The write forms needed to deploy this model: its spaces, containers, views (parents first), data model.

        Global items (``isGlobal``, such as CogniteCore in ``cdf_cdm``) exist in every CDF project and cannot be
        written, so they are left out unless ``include_global`` (for an emulator, or to copy a global model).
        """
        data_models = [self.data_model] if include_global or not self.data_model.is_global else []
        views = [view for view in self.views if include_global or not view.is_global]
        containers = [item for item in self.containers if include_global or not item.is_global]
        spaces = dict.fromkeys(
            [
                *(model.space for model in data_models),
                *(view.space for view in views),
                *(item.space for item in containers),
            ]
        )
        return SchemaApply(
            spaces=[SpaceApply(space=space) for space in spaces],
            containers=[container.as_apply() for container in containers],
            views=_parents_first([view.as_apply() for view in views]),
            data_models=[model.as_apply() for model in data_models],
        )


def _parents_first(views: list[ViewApply]) -> list[ViewApply]:
    """Orders views so every view comes after the views it implements (stable; cycles keep their order)."""
    by_id = {view.as_id(): view for view in views}
    ordered: dict[ViewId, ViewApply] = {}
    visiting: set[ViewId] = set()

    def visit(view: ViewApply) -> None:
        view_id = view.as_id()
        if view_id in ordered or view_id in visiting:
            return
        visiting.add(view_id)
        for parent in view.implements or []:
            if parent in by_id:
                visit(by_id[parent])
        visiting.discard(view_id)
        ordered[view_id] = view

    for view in views:
        visit(view)
    return list(ordered.values())


def load_model_file(path: str | Path) -> ModelFile:
    """Read a model file (``.json``, ``.yaml`` or ``.yml``; other names are sniffed).

    Raises ``ModelFileError`` naming the file, the line when known, the view, the property and what was expected.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(path, [ModelFileIssue("", "file not found")]) from None
    except IsADirectoryError:
        raise ModelFileError(path, [ModelFileIssue("", "is a directory, expected a model file")]) from None
    except OSError as error:
        raise ModelFileError(path, [ModelFileIssue("", f"cannot read the file: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ModelFileError(
            path, [ModelFileIssue("", f"not UTF-8 text (invalid byte at offset {error.start})")]
        ) from None
    return ModelFile.load(_parse(text, path), path=path, text=text)


def _parse(text: str, path: Path) -> Any:
    if not text.strip():
        raise ModelFileError(path, [ModelFileIssue("", "the file is empty, expected a data model")])
    suffix = path.suffix.lower()
    as_json = suffix == ".json" or (suffix not in _YAML_SUFFIXES and text.lstrip().startswith(("{", "[")))
    if as_json:
        detector = DuplicateKeyDetector()
        try:
            data = json.loads(text, object_pairs_hook=detector)
        except json.JSONDecodeError as error:
            raise ModelFileError(
                path, [ModelFileIssue(f"column {error.colno}", f"invalid JSON: {error.msg}", line=error.lineno)]
            ) from None
        if detector.found:
            raise ModelFileError(path, duplicate_key_issues(text, data))
        return data
    import yaml  # only YAML files pay for importing it

    loader, found = strict_yaml_loader()
    try:
        data = yaml.load(text, Loader=loader)
        if found:
            raise ModelFileError(path, duplicate_key_issues(text, data))
        return data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        problem = error.problem or str(error)
        issue = ModelFileIssue(
            f"column {mark.column + 1}" if mark else "",
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
        )
        raise ModelFileError(path, [issue]) from None
    except yaml.YAMLError as error:
        raise ModelFileError(path, [ModelFileIssue("", f"invalid YAML: {error}")]) from None


def save_model_file(model: ModelFile, path: str | Path) -> Path:
    """Write ``model`` in the canonical form: YAML for ``.yaml``/``.yml``, JSON (2-space indent) otherwise."""
    path = Path(path)
    data = model.dump()
    if path.suffix.lower() in _YAML_SUFFIXES:
        import yaml

        text = yaml.dump(
            data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True
        )
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
