"""The SDK's package files: the client, the lazy ``__init__`` modules, ``py.typed``, an optional ``pyproject.toml``."""

from __future__ import annotations

import re

from .._naming.python import ClassNames
from ._code import Imports, ModuleText, header_comment, isort_key
from ._context import SDKContext
from ._escape import docstring_lines, string_literal
from ._layout import Arg, Atom, Display, call, class_header, def_header, import_from, statement

__all__ = ["api_init", "client_module", "data_classes_init", "package_init", "pyproject_toml"]


def client_module(context: SDKContext) -> str:
    options = context.options
    imports = Imports()
    runtime = context.runtime(depth=0)
    imports.add("functools", "cached_property")
    imports.add("typing", "TYPE_CHECKING")
    imports.add_module("httpx")
    imports.add(runtime, "ClientConfig", "HTTPClient", "InstanceClient")
    body = ModuleText()
    body.header(
        header_comment(options.generator_version, context.source),
        f"``{options.client_name}``: the client of {context.source}.",
    )
    body.imports(imports)
    variants: list[tuple[str, ClassNames]] = []
    api_imports = Imports()
    for view in context.sdk.views:
        names = context.names[view.id]
        for variant in names.variants:
            variants.append((names.module, variant))
            api_imports.add(f"._api._{names.module}", variant.api)
    body.block(["if TYPE_CHECKING:", *api_imports.lines(indent=4)])
    default = "None" if options.default_instance_space is None else string_literal(options.default_instance_space)
    body.block(
        [
            f"DEFAULT_INSTANCE_SPACE: str | None = {default}",
            *docstring_lines(
                "The instance space of ids given as bare external ids, unless the client says otherwise.",
                None,
                indent=0,
            ),
        ]
    )
    attributes = ", ".join(f"``{variant.attribute}``" for _, variant in variants[:6])
    if len(variants) > 6:
        attributes += f" and {len(variants) - 6} more"
    lines = class_header(options.client_name, Atom("InstanceClient"))
    lines += docstring_lines(
        f"Typed access to {context.source}.",
        f"One API per view ({attributes}), each created on first use. Writes go through ``upsert`` and "
        "``delete``, which accept objects of every view (and the connected objects nested in them) at once.\n\n"
        "Args:\n"
        "    config: Where and as whom to connect (``ClientConfig.from_env()``), or an ``HTTPClient`` to share.\n"
        '    default_space: The instance space of ids given as bare external ids (``retrieve("p1")``).\n'
        "    transport: Replaces the network (tests, or an in-process emulator).",
        indent=4,
        wrap_body=True,
    )
    lines += [
        "",
        "    def __init__(",
        "        self,",
        "        config: ClientConfig | HTTPClient,",
        "        *,",
        "        default_space: str | None = DEFAULT_INSTANCE_SPACE,",
        "        transport: httpx.BaseTransport | None = None,",
        "    ) -> None:",
        "        super().__init__(config, default_space=default_space, transport=transport)",
    ]
    for module, variant in variants:
        view = next(item for item in context.sdk.views if context.names[item.id].module == module)
        what = "edges" if variant.kind == "edge" else ("nodes" if view.kind == "all" else None)
        label = view.name or view.id.external_id
        summary = f"{' '.join(label.split())} ({'edges of ' if what == 'edges' else ''}view {view.id})."
        lines += [
            "",
            "    @cached_property",
            *def_header(variant.attribute, ["self"], variant.api, 4),
            *docstring_lines(summary, None, indent=8),
            *import_from(f"._api._{module}", [variant.api], indent=8),
            "",
            *statement(f"return {variant.api}", call("", "self", default_space="self.default_space"), 8),
        ]
    body.block(lines, kind="class")
    return body.text()


def _lazy_init(context: SDKContext, summary: str, body_text: str | None, exports: dict[str, str]) -> str:
    """A package ``__init__`` whose names are imported on first access (importing the package loads no view)."""
    body = ModuleText()
    body.header(header_comment(context.options.generator_version, context.source), summary, body_text)
    imports = Imports()
    imports.add("importlib", "import_module")
    imports.add("typing", "TYPE_CHECKING", "Any")
    body.imports(imports)
    names = sorted(exports, key=isort_key)
    mapping = Display(
        tuple(Arg(Atom(string_literal(exports[name])), f"{string_literal(name)}: ") for name in names), "{}"
    )
    body.block(statement("_EXPORTS: dict[str, str] = ", mapping, 0))
    body.block(statement("__all__ = ", Display(tuple(Arg(Atom(string_literal(name))) for name in names), "[]"), 0))
    body.block(
        [
            "def __getattr__(name: str) -> Any:",
            "    module = _EXPORTS.get(name)",
            "    if module is None:",
            '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
            "    value = getattr(import_module(module, __name__), name)",
            "    globals()[name] = value  # later lookups skip __getattr__",
            "    return value",
        ],
        kind="def",
    )
    body.block(["def __dir__() -> list[str]:", "    return sorted(__all__)"], kind="def")
    by_module: dict[str, list[str]] = {}
    for name in names:
        by_module.setdefault(exports[name], []).append(name)
    type_imports = Imports()
    for module, module_names in by_module.items():
        type_imports.add(module, *module_names)
    block = ["if TYPE_CHECKING:", *type_imports.lines(indent=4)]
    body.block(block)
    return body.text()


def package_init(context: SDKContext) -> str:
    exports = {context.options.client_name: "._client"}
    for view in context.sdk.views:
        names = context.names[view.id]
        for variant in names.variants:
            exports[variant.read] = f".data_classes.{names.data_module}"
            if view.writable:
                exports[variant.write] = f".data_classes.{names.data_module}"
            exports[variant.list] = f".data_classes.{names.data_module}"
    attribute = next(
        (variant.attribute for view in context.sdk.views for variant in context.names[view.id].variants), ""
    )
    example = (
        f">>> from {context.options.package} import {context.options.client_name}\n"
        f">>> client = {context.options.client_name}(ClientConfig.from_env())  # doctest: +SKIP\n"
        + (f">>> client.{attribute}.list(limit=10)  # doctest: +SKIP" if attribute else "")
    )
    return _lazy_init(
        context,
        f"Typed Python SDK for the data model {context.source}.",
        "Importing this package is cheap: the client and the data classes are loaded on first use.\n\n" + example,
        exports,
    )


def data_classes_init(context: SDKContext) -> str:
    exports: dict[str, str] = {}
    for view in context.sdk.views:
        names = context.names[view.id]
        module = f".{names.data_module}"
        exports[names.constant] = module
        for variant in names.variants:
            for name in (variant.read, variant.list, variant.field, variant.sort_field):
                exports[name] = module
            if view.writable:
                exports[variant.write] = module
    # Enum aliases are unique within their view's module only; export those that are unique across the SDK too.
    for view in context.sdk.views:
        names = context.names[view.id]
        for alias in names.enum_aliases.values():
            if alias not in exports:
                exports[alias] = f".{names.data_module}"
    return _lazy_init(
        context,
        f"Data classes of {context.source}: one module per view, loaded on first use.",
        None,
        exports,
    )


def api_init(context: SDKContext) -> str:
    body = ModuleText()
    body.header(
        header_comment(context.options.generator_version, context.source),
        f"Per-view APIs of {context.source}, created on first access through the client.",
    )
    return body.text()


_VERSION = re.compile(r"^[vV]?(\d+(\.\d+)*)$")


def pyproject_toml(context: SDKContext) -> str:
    """A minimal ``pyproject.toml`` (hatchling) to build the SDK as a wheel."""
    options = context.options
    first = context.sdk.data_models[0] if context.sdk.data_models else None
    match = _VERSION.match(first.version) if first else None
    version = match.group(1) if match else "0.1.0"
    name = options.package.replace(".", "-").replace("_", "-")
    top = options.package.split(".")[0]
    dependencies = (
        ['"httpx>=0.27"', '"pydantic>=2.7"', '"typing-extensions>=4.6"']
        if options.vendored_runtime
        else [f'"pygen-runtime>={_runtime_version()}"', '"typing-extensions>=4.6"']
    )
    description = f"Typed Python SDK for the data model {context.source}, generated by pygen."
    lines = [
        f"# Generated by pygen-generator {options.generator_version}. Do not edit: regenerate instead.",
        "[project]",
        f"name = {_toml_string(name)}",
        f"version = {_toml_string(version)}",
        f"description = {_toml_string(description)}",
        'requires-python = ">=3.10"',
        "dependencies = [",
        *(f"    {item}," for item in dependencies),
        "]",
        "",
        "[build-system]",
        'requires = ["hatchling>=1.25"]',
        'build-backend = "hatchling.build"',
        "",
        "[tool.hatch.build.targets.wheel]",
        f"packages = [{_toml_string(top)}]",
        "",
        "[tool.ruff]",
        "line-length = 120",
    ]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in escaped)
    return f'"{escaped}"'


def _runtime_version() -> str:
    from pygen_runtime import __version__

    return str(__version__)
