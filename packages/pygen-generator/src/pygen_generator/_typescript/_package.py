"""``client.ts`` (the client with one lazily created API per view), ``index.ts`` (what the SDK exports) and the
optional ``deno.json`` and ``package.json``."""

from __future__ import annotations

import json

from ._context import RUNTIME, Imports, SDKContext
from ._docs import one_line, view_summary
from ._escape import jsdoc, string_literal
from ._layout import Atom, Entry, Seq, doc_lines, entry_lines, fits, import_lines, obj

__all__ = ["client_module", "deno_json", "index_module", "package_json"]


def _model_object(context: SDKContext, index: int) -> Seq:
    model = context.sdk.data_models[index]
    return obj(
        [
            Entry("space", Atom(string_literal(model.space))),
            Entry("externalId", Atom(string_literal(model.external_id))),
            Entry("version", Atom(string_literal(model.version))),
        ]
    )


def client_module(context: SDKContext) -> str:
    names, options = context.names, context.options
    imports = Imports()
    imports.from_runtime("InstanceClient", value=True)
    getters: list[tuple[str, str, str]] = []  # attribute, API class, JSDoc
    for view in context.sdk.views:
        view_names = names[view.id]
        imports.from_file(f"./api/{view_names.stem}.ts", view_names.api, value=True)
        about = view_summary(view) or f"The {'edge ' if view.kind == 'edge' else ''}view `{view.id}`."
        getters.append((view_names.attribute, view_names.api, about))
        variant = view_names.edge_variant
        if variant is not None:
            imports.from_file(f"./api/{view_names.stem}.ts", variant.api, value=True)
            getters.append((variant.attribute, variant.api, f"The edges of the view `{view.id}` (nodes and edges)."))
    getters.sort()
    first = context.sdk.data_models[0]
    about = ": ".join(part for part in (one_line(first.name), (first.description or "").strip()) if part)
    models = ", ".join(f"`{model}`" for model in context.sdk.data_models)
    usage = (
        f"Data model{'s' if len(context.sdk.data_models) > 1 else ''} {models}. Create it with a `ClientConfig` (or its "
        "options) and, optionally, `{ defaultInstanceSpace }` for ids given as bare external ids."
    )
    if options.default_instance_space is not None:
        usage += f" The default instance space is `{options.default_instance_space}`."
    body = jsdoc([about, usage])
    body.append(f"export class {names.client} extends InstanceClient {{")
    body += jsdoc(["The data model this client was generated from."], 2)
    body += doc_lines(_model_object(context, 0), 2, "  static readonly DATA_MODEL = ", " as const;")
    if len(context.sdk.data_models) > 1:
        body += jsdoc(["Every data model of this client."], 2)
        models_array = Seq("[", tuple(_model_object(context, i) for i in range(len(context.sdk.data_models))), "]")
        body += doc_lines(models_array, 2, "  static readonly DATA_MODELS = ", " as const;")
    if options.default_instance_space is not None:
        imports.from_runtime("ClientConfig", "ClientConfigOptions", "HTTPClient", "InstanceClientOptions")
        space = string_literal(options.default_instance_space)
        body += [
            "",
            "  constructor(",
            "    config: ClientConfig | ClientConfigOptions | HTTPClient,",
            "    options: InstanceClientOptions = {},",
            "  ) {",
        ]
        super_line = f"    super(config, {{ defaultInstanceSpace: {space}, ...options }});"
        if fits(super_line):
            body.append(super_line)
        else:
            body += ["    super(config, {", f"      defaultInstanceSpace: {space},", "      ...options,", "    });"]
        body.append("  }")
    body.append("")
    for attribute, api, _ in getters:
        body += entry_lines(f"#{attribute}?", Atom(api), 2, ";")
    for attribute, api, about in getters:
        body.append("")
        body += jsdoc([about], 2)
        body.append(f"  get {attribute}(): {api} {{")
        body += _getter_body(attribute, api)
        body.append("  }")
    body.append("}")
    return "\n".join([context.header(), "", *imports.lines(), "", *body]) + "\n"


def _getter_body(attribute: str, api: str) -> list[str]:
    """``return (this.#x ??= new XAPI(this));`` broken as deno fmt breaks it: inside the call's parentheses when
    the line up to them fits, else after ``??=``."""
    head = f"    return (this.#{attribute} ??= new {api}("
    if fits(head + "this));"):
        return [head + "this));"]
    if fits(head):
        return [head, "      this,", "    ));"]
    return [f"    return (this.#{attribute} ??=", f"      new {api}(this));"]


def index_module(context: SDKContext) -> str:
    names = context.names
    models = ", ".join(f"`{model}`" for model in context.sdk.data_models)
    lines = [
        context.header(),
        "",
        *jsdoc(
            [f"Typed SDK for the CDF data model{'s' if len(context.sdk.data_models) > 1 else ''} {models}.", "@module"]
        ),
        "",
        *import_lines("export", [names.client], '"./client.ts"'),
    ]
    views = sorted(context.sdk.views, key=lambda view: names[view.id].stem)
    for view in views:
        view_names = names[view.id]
        exported = [view_names.api, view_names.arg_table, f"type {view_names.filter_args}"]
        variant = view_names.edge_variant
        if variant is not None:
            exported += [variant.api, f"type {variant.filter_args}"]
        lines += import_lines("export", exported, f'"./api/{view_names.stem}.ts"')
    for view in views:
        view_names = names[view.id]
        exported = [
            f"type {view_names.read}",
            f"type {view_names.field}",
            view_names.properties,
            view_names.descriptor,
            *(f"type {view_names.enums[item.property_id]}" for item in view.primitive_fields if item.kind == "enum"),
            *(view_names.edge_types[item.property_id] for item in view.edges),
        ]
        if view.writable:
            exported.append(f"type {view_names.write}")
        variant = view_names.edge_variant
        if variant is not None:
            exported += [f"type {variant.read}", variant.descriptor]
            if view.writable:
                exported.append(f"type {variant.write}")
        lines += import_lines("export", exported, f'"./data_classes/{view_names.stem}.ts"')
    return "\n".join(lines) + "\n"


def _package_name(context: SDKContext) -> str:
    return context.options.package.replace(".", "-").replace("_", "-").lower()


def deno_json(context: SDKContext) -> str:
    """The SDK as a Deno package: its exports and the runtime from npm."""
    data = {
        "name": f"@pygen/{_package_name(context)}",
        "version": "0.1.0",
        "exports": "./index.ts",
        "imports": {RUNTIME: f"npm:{RUNTIME}@{context.options.runtime_version}"},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def package_json(context: SDKContext) -> str:
    """The SDK as an npm package (TypeScript source; compile it with ``rewriteRelativeImportExtensions``)."""
    data = {
        "name": _package_name(context),
        "version": "0.1.0",
        "private": True,
        "type": "module",
        "description": f"Typed SDK for the CDF data model {context.source}, generated by pygen.",
        "exports": {".": "./index.ts"},
        "dependencies": {RUNTIME: context.options.runtime_version},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
