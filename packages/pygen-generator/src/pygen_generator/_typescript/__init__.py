"""The TypeScript emitter: IR -> ``{relative path: text}`` of a typed SDK (a pure function of its input).

The SDK follows the shape of npm/pygen-runtime's ``docs/generated-sdk-shape.md``: ``index.ts``, ``client.ts``, one
``data_classes/<view>.ts`` and one ``api/<view>.ts`` per view, importing the npm runtime as ``pygen-runtime``;
optionally a ``deno.json`` and a ``package.json``. The text is laid out as ``deno fmt`` lays it out, so the SDK is
format-clean without running a formatter.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .._errors import GeneratorError
from .._ir import SDKModel
from .._naming.typescript import TypeScriptNames, check_typescript_client_name
from .._version import __version__
from ._api_module import api_module
from ._context import EmitOptions, SDKContext
from ._data_module import data_module
from ._package import client_module, deno_json, index_module, package_json

__all__ = ["EmitOptions", "emit_typescript", "generate_typescript"]

# The npm runtime the generated package.json and deno.json depend on (moves in lockstep with the generator).
RUNTIME_VERSION = __version__


def emit_typescript(sdk: SDKModel, options: EmitOptions, *, notes: list[str]) -> dict[PurePosixPath, str]:
    names = TypeScriptNames(sdk, client_name=options.client_name, notes=notes)
    context = SDKContext(sdk, names, options)
    root = PurePosixPath(*options.package.split("."))
    files: dict[PurePosixPath, str] = {
        root / "index.ts": index_module(context),
        root / "client.ts": client_module(context),
    }
    for view in sdk.views:
        stem = names[view.id].stem
        files[root / "data_classes" / f"{stem}.ts"] = data_module(context, view)
        files[root / "api" / f"{stem}.ts"] = api_module(context, view)
    if options.package_files:
        files[root / "deno.json"] = deno_json(context)
        files[root / "package.json"] = package_json(context)
    return dict(sorted(files.items()))


def generate_typescript(
    sdk: SDKModel,
    package: str,
    client_name: str,
    default_instance_space: str | None,
    pygen_as_dependency: bool,
    package_files: bool,
    notes: list[str],
) -> dict[PurePosixPath, str]:
    """``generate_sdk(..., language="typescript")``: the options checked, then the files emitted."""
    if not pygen_as_dependency:
        raise GeneratorError(
            "pygen_as_dependency=False (vendoring the runtime) is for Python SDKs; a TypeScript SDK imports the npm "
            "package pygen-runtime (map it in deno.json or install it with npm)"
        )
    if default_instance_space is not None and not isinstance(default_instance_space, str):
        raise GeneratorError(f"default_instance_space must be a string, got {default_instance_space!r}")
    options = EmitOptions(
        package=package,
        client_name=check_typescript_client_name(client_name),
        default_instance_space=default_instance_space,
        package_files=package_files,
        generator_version=__version__,
        runtime_version=RUNTIME_VERSION,
    )
    return emit_typescript(sdk, options, notes=notes)
