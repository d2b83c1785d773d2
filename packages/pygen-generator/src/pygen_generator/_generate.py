"""``generate_sdk``: model(s) -> IR -> the files of an SDK, as ``{relative path: text}``."""

from __future__ import annotations

import keyword
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pygen_client import ModelFile, to_pascal_case, to_snake_case
from pygen_runtime import ViewId

from ._errors import GenerationWarning, GeneratorError
from ._inputs import ModelInput, as_model_files, resolve_exclusions
from ._ir import SDKModel
from ._naming.python import check_client_name, check_package
from ._python import EmitOptions, emit_python
from ._transform import build_ir as _build_ir
from ._version import __version__

__all__ = ["build_ir", "default_client_name", "default_package", "generate_sdk"]


def build_ir(
    model: ModelInput | Sequence[ModelInput],
    *,
    exclude_views: Iterable[ViewId | str] = (),
    exclude_spaces: Iterable[str] = (),
    notes: list[str] | None = None,
) -> SDKModel:
    """The language-neutral IR of ``model`` (one or several data models), without the excluded views."""
    files = as_model_files(model)
    views = [view for file in files for view in file.views]
    excluded = resolve_exclusions(views, exclude_views, exclude_spaces)
    return _build_ir(files, exclude=excluded, notes=notes)


def default_package(files: Sequence[ModelFile]) -> str:
    """snake_case of the first data model's external id (``CogniteCore`` -> ``cognite_core``)."""
    name = to_snake_case(files[0].data_model.external_id) or "sdk"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = f"sdk_{name}"
    return name


def default_client_name(files: Sequence[ModelFile]) -> str:
    """PascalCase of the first data model's external id plus ``Client`` (``CogniteCore`` -> ``CogniteCoreClient``)."""
    name = to_pascal_case(files[0].data_model.external_id) or "Sdk"
    if name[0].isdigit():
        name = f"Sdk{name}"
    return f"{name}Client"


def generate_sdk(
    model: ModelInput | Sequence[ModelInput],
    *,
    language: Literal["python", "typescript"] = "python",
    package: str | None = None,
    client_name: str | None = None,
    default_instance_space: str | None = None,
    exclude_views: Iterable[ViewId | str] = (),
    exclude_spaces: Iterable[str] = (),
    pygen_as_dependency: bool = True,
    pyproject: bool = False,
) -> dict[Path, str]:
    """The files of a typed SDK for ``model``, as ``{path relative to the output folder: text}``.

    Args:
        model: A model file (``ModelFile``, or a path to one), a ``DataModelDefinition`` with its views inlined, or
            a list of them: one SDK for all their views (a view listed by several models appears once).
        language: The SDK's language: ``"python"``, or ``"typescript"`` (an SDK importing the npm ``pygen-runtime``).
        package: The package name, dotted for a subpackage (``my_domain.client``); default: snake_case of the first
            data model's external id.
        client_name: The client class; default: the first data model's external id in PascalCase plus ``Client``.
        default_instance_space: The instance space the generated client uses for bare external ids by default.
        exclude_views: Views to leave out, as ``ViewId`` or external id (every version). Connections to them are
            typed by id only. An exclusion that matches no view is an error.
        exclude_spaces: Leave out every view of these spaces.
        pygen_as_dependency: Import ``pygen_runtime`` (the default), or copy it into ``<package>/_runtime`` so the
            SDK needs only httpx and pydantic.
        pyproject: Also write a ``pyproject.toml`` to build the SDK as a wheel (TypeScript: ``deno.json`` and
            ``package.json``).

    Every decision the generator makes for you (a renamed identifier, a property left out, a connection typed by id
    only) is reported as a ``GenerationWarning``. Output is deterministic: the same input gives the same bytes.
    """
    if language not in ("python", "typescript"):
        raise GeneratorError(f"language {language!r} is not supported; choose 'python' or 'typescript'")
    files = as_model_files(model)
    notes: list[str] = []
    views = [view for file in files for view in file.views]
    excluded = resolve_exclusions(views, exclude_views, exclude_spaces)
    sdk = _build_ir(files, exclude=excluded, notes=notes)
    if not sdk.views:
        raise GeneratorError("the model(s) have no views to generate (after exclusions)")
    package = check_package(package if package is not None else default_package(files))
    if language == "typescript":
        from ._typescript import generate_typescript

        name = client_name if client_name is not None else default_client_name(files)
        emitted = generate_typescript(sdk, package, name, default_instance_space, pygen_as_dependency, pyproject, notes)
        for note in notes:
            warnings.warn(note, GenerationWarning, stacklevel=2)
        return {Path(path): text for path, text in emitted.items()}
    client_name = check_client_name(client_name if client_name is not None else default_client_name(files))
    if default_instance_space is not None and not isinstance(default_instance_space, str):
        raise GeneratorError(f"default_instance_space must be a string, got {default_instance_space!r}")
    options = EmitOptions(
        package=package,
        client_name=client_name,
        default_instance_space=default_instance_space,
        vendored_runtime=not pygen_as_dependency,
        pyproject=pyproject,
        generator_version=__version__,
    )
    emitted = emit_python(sdk, options, notes=notes)
    for note in notes:
        warnings.warn(note, GenerationWarning, stacklevel=2)
    return {Path(path): text for path, text in emitted.items()}
