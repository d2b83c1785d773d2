"""The Python emitter: IR -> ``{relative path: text}`` of a typed SDK package (a pure function of its input)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import PurePosixPath

from .._ir import SDKModel
from .._naming.python import PythonNames
from ._api_module import api_module
from ._context import EmitOptions, SDKContext
from ._data_module import data_module
from ._package import api_init, client_module, data_classes_init, package_init, pyproject_toml

__all__ = ["EmitOptions", "emit_python"]


def emit_python(sdk: SDKModel, options: EmitOptions, *, notes: list[str]) -> dict[PurePosixPath, str]:
    names = PythonNames(sdk, client_name=options.client_name, notes=notes)
    context = SDKContext(sdk, names, options)
    root = PurePosixPath(*options.package.split("."))
    files: dict[PurePosixPath, str] = {
        root / "__init__.py": package_init(context),
        root / "_client.py": client_module(context),
        root / "py.typed": "",
        root / "data_classes" / "__init__.py": data_classes_init(context),
        root / "_api" / "__init__.py": api_init(context),
    }
    for view in sdk.views:
        module = names[view.id].data_module
        files[root / "data_classes" / f"{module}.py"] = data_module(context, view)
        files[root / "_api" / f"{module}.py"] = api_module(context, view)
    if options.vendored_runtime:
        files.update(vendored_runtime(root / "_runtime", options.generator_version))
    if options.pyproject:
        files[PurePosixPath("pyproject.toml")] = pyproject_toml(context)
    return dict(sorted(files.items()))


_ABSOLUTE_IMPORT = re.compile(r"^(\s*)from pygen_runtime(\.[\w.]+)? import\b", re.MULTILINE)


def vendored_runtime(target: PurePosixPath, generator_version: str) -> dict[PurePosixPath, str]:
    """The runtime's modules, copied under ``target`` (``<package>/_runtime``). They import each other relatively;
    an absolute ``pygen_runtime`` import, should one appear, is rewritten to the vendored copy."""
    from pygen_runtime import __version__ as runtime_version

    package = resources.files("pygen_runtime")
    files: dict[PurePosixPath, str] = {}
    for entry in sorted(package.iterdir(), key=lambda item: item.name):
        if not entry.is_file() or not (entry.name.endswith(".py") or entry.name == "py.typed"):
            continue
        text = entry.read_text(encoding="utf-8")
        if entry.name.endswith(".py"):
            text = _ABSOLUTE_IMPORT.sub(_relative_import, text)
            note = (
                f"# Vendored from pygen-runtime {runtime_version} by pygen-generator {generator_version}. "
                "Do not edit: regenerate instead.\n"
            )
            text = note + text
        files[target / entry.name] = text
    return files


def _relative_import(match: re.Match[str]) -> str:
    indent, submodule = match.group(1), (match.group(2) or "").lstrip(".")
    return f"{indent}from .{submodule} import"
