"""``api/<view>.ts``: the list arguments of one view (an interface and the table the runtime reads) and its API
class, a one-line subclass of the runtime's ``InstanceAPI``. A view that other views of the SDK implement subclasses
``ParentInstanceAPI`` instead, with its children (``<View>Children``: child name -> read type, and the list of
``[name, () => descriptor]`` the runtime reads), so that ``retrieve`` takes ``asChildClass``."""

from __future__ import annotations

import re

from .._ir import DirectRelationField, EdgeField, PrimitiveField, View, view_sort_key
from .._naming.typescript import FilterArg, ViewNames
from ._context import Imports, SDKContext
from ._docs import view_summary
from ._escape import jsdoc, string_literal
from ._layout import (
    Arrow,
    Atom,
    Concat,
    Doc,
    Entry,
    array,
    call,
    doc_lines,
    entry_lines,
    fits,
    generic,
    obj,
)
from ._types import arg_element, arg_type

__all__ = ["api_module"]

_METHODS = "`retrieve`, `list`, `iterate`, `search`, `aggregate`, `histogram`, `upsert` and `delete`"
_PROPERTY_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


class _APIFile:
    def __init__(self, context: SDKContext, view: View) -> None:
        self.context = context
        self.view = view
        self.names: ViewNames = context.names[view.id]
        self.imports = Imports()
        self.data_file = f"../data_classes/{self.names.stem}.ts"
        self.fields = {item.property_id: item for item in view.fields}
        self.children = self._children()

    def text(self) -> str:
        names = self.names
        self.imports.from_file(self.data_file, names.read, names.properties)
        self.imports.from_file(self.data_file, names.descriptor, value=True)
        if self.view.writable:
            self.imports.from_file(self.data_file, names.write)
        self.imports.from_runtime("ArgSpec", "InstanceClient")
        self.imports.from_runtime("ParentInstanceAPI" if self.children else "InstanceAPI", value=True)
        blocks = [self._args_interface(), self._args_table()]
        if self.children:
            blocks.append(self._children_interface())
        blocks.append(self._api_class())
        if names.edge_variant is not None:
            blocks += self._edge_side()
        head = "\n".join([self.context.header(), "", *self.imports.lines()])
        return "\n\n".join([head, *("\n".join(block) for block in blocks)]) + "\n"

    def _base(self) -> str:
        base = "EdgeFilterArgs" if self.view.kind == "edge" else "FilterArgs"
        self.imports.from_runtime(base)
        return base

    def _args_interface(self) -> list[str]:
        names = self.names
        base = self._base()
        where = (
            f"`{names.read}` edges (plus `startNode`, `endNode` and `type`)"
            if self.view.kind == "edge"
            else f"`{names.read}`"
        )
        lines = jsdoc(
            [f"Filters of `list`, `iterate`, `search`, `aggregate` and `histogram` on {where}; all combine with `and`."]
        )
        if not names.args:
            # An interface without members is its base type (deno lint rejects empty interfaces).
            one = f"export type {names.filter_args} = {base};"
            return lines + ([one] if fits(one) else [f"export type {names.filter_args} =", f"  {base};"])
        head = f"export interface {names.filter_args} extends {base} {{"
        lines += [head] if fits(head) else [f"export interface {names.filter_args}", f"  extends {base} {{"]
        for arg in names.args:
            lines += jsdoc([self._arg_doc(arg)], 2)
            lines += entry_lines(arg.name + "?", self._arg_type(arg), 2, ";")
        return [*lines, "}"]

    def _arg_type(self, arg: FilterArg) -> Doc:
        item = self.fields[arg.property_id]
        if isinstance(item, DirectRelationField):
            self.imports.from_runtime("NodeId")
            element: Doc = Atom("NodeId")
        else:
            assert isinstance(item, PrimitiveField)
            enum_name = self.names.enums.get(item.property_id)
            if enum_name is not None:
                self.imports.from_file(self.data_file, enum_name)
            element = arg_element(item, enum_name)
        return arg_type(arg.kind, element)

    def _arg_doc(self, arg: FilterArg) -> str:
        item = self.fields[arg.property_id]
        field = f"`{self.names.fields[arg.property_id]}`"
        kind = item.kind if isinstance(item, PrimitiveField) else "direct"
        if arg.kind == "equalsOrIn":
            if kind == "direct":
                return f"{field} points at this node (or one of these nodes)."
            return f"{field} equals this value (or one of these values)."
        if arg.kind == "equals":
            return f"{field} equals this."
        if arg.kind == "prefix":
            return f"{field} starts with this."
        if arg.kind in ("containsAny", "containsAll"):
            many = "at least one of these" if arg.kind == "containsAny" else "all of these"
            if kind == "direct":
                return f"{field} points at {many} nodes."
            return f"{field} holds {many}."
        low = arg.kind == "min"
        if kind == "date":
            return f'{field} is on or {"after" if low else "before"} this day (`"YYYY-MM-DD"`).'
        if kind == "timestamp":
            return f"{field} is at or {'after' if low else 'before'} this time."
        return f"{field} is at {'least' if low else 'most'} this."

    def _args_table(self) -> list[str]:
        names = self.names
        lines = jsdoc([f"How each {{@link {names.filter_args}}} argument filters: `[field, kind]`."])
        spec = generic("ArgSpec", f"typeof {names.properties}")
        if not names.args:
            return lines + doc_lines(spec, 0, f"export const {names.arg_table} = {{}} as const satisfies ", ";")
        lines.append(f"export const {names.arg_table} = {{")
        for arg in names.args:
            pair = array([Atom(string_literal(names.fields[arg.property_id])), Atom(string_literal(arg.kind))])
            lines += entry_lines(arg.name, pair, 2, ",")
        return lines + doc_lines(spec, 0, "} as const satisfies ", ";")

    def _api_class(self) -> list[str]:
        names, view = self.names, self.view
        kind = "edge view" if view.kind == "edge" else "view"
        paragraphs = [view_summary(view), f"{_METHODS} on the {kind} `{view.id}`."]
        if self.children:
            paragraphs.append(
                f"`retrieve(ids, {{ asChildClass: [...] }})` returns the nodes of the views implementing this one as "
                f"their own types (see {{@link {names.children}}}); `<VIEW>.is(item)` tells them apart."
            )
        lines = jsdoc(paragraphs)
        write = names.write if view.writable else "never"
        props = f"typeof {names.properties}"
        if self.children:
            base = generic("ParentInstanceAPI", names.read, write, props, names.filter_args, names.children)
        else:
            base = generic("InstanceAPI", names.read, write, props, names.filter_args)
        lines += doc_lines(base, 0, f"export class {names.api} extends ", " {")
        if self.children:
            children = array(
                [array([Atom(string_literal(name)), Arrow(Atom(child.descriptor))]) for name, child in self.children]
            )
            lines.append("  constructor(client: InstanceClient) {")
            lines += doc_lines(call("super", "client", names.descriptor, names.arg_table, children), 4, "    ", ";")
        elif view.kind == "edge":
            # An edge view's API also serves the edge connections it gives properties to, one edge type each.
            self.imports.from_runtime("InstanceAPIOptions")
            lines.append("  constructor(client: InstanceClient, options: InstanceAPIOptions = {}) {")
            lines += doc_lines(call("super", "client", names.descriptor, names.arg_table, "options"), 4, "    ", ";")
        else:
            lines.append("  constructor(client: InstanceClient) {")
            lines += doc_lines(call("super", "client", names.descriptor, names.arg_table), 4, "    ", ";")
        lines.append("  }")
        for item in view.edges if view.is_node else ():
            lines += self._edge_api(item)
        return [*lines, "}"]

    def _children(self) -> list[tuple[str, ViewNames]]:
        """``(name, names)`` of each node view of the SDK that implements this one (directly or not), most derived
        first: a child comes before every child it implements (it has more ancestors among them), then by view id;
        as the Python SDK orders them. The name is the view's external id, or its full id when two children share
        an external id (views of other spaces or versions)."""
        if not self.view.is_node:
            return []
        views = [self.context.view(child) for child in self.view.descendants]
        nodes = [view for view in views if view is not None and view.is_node]
        ids = {view.id for view in nodes}
        external_ids = [view.id.external_id for view in nodes]
        ordered = sorted(nodes, key=lambda view: (-len(ids.intersection(view.ancestors)), view_sort_key(view.id)))
        return [
            (
                view.id.external_id if external_ids.count(view.id.external_id) == 1 else str(view.id),
                self.context.names[view.id],
            )
            for view in ordered
        ]

    def _children_interface(self) -> list[str]:
        """``<View>Children``: child name -> read type, what ``asChildClass`` takes and the result is typed by."""
        names = self.names
        lines = jsdoc(
            [
                f"The views implementing `{self.view.id}`, by the name `asChildClass` of "
                f"`{names.api}.retrieve` takes: their external id (the full view id when two share one). Listed most "
                "derived first; an instance with data in several listed children becomes the first of them.",
            ]
        )
        lines.append(f"export interface {names.children} {{")
        for name, child in self.children:
            self.imports.from_file(f"../data_classes/{child.stem}.ts", child.read)
            self.imports.from_file(f"../data_classes/{child.stem}.ts", child.descriptor, value=True)
            key = name if _PROPERTY_NAME.fullmatch(name) else string_literal(name)
            lines += entry_lines(key, Atom(child.read), 2, ";")
        return [*lines, "}"]

    def _edge_side(self) -> list[list[str]]:
        """A view used for nodes and edges: the filters and the API of its edges (``client.<view>Edge``)."""
        names, view = self.names, self.view
        variant = names.edge_variant
        assert variant is not None
        self.imports.from_file(self.data_file, variant.read)
        self.imports.from_file(self.data_file, variant.descriptor, value=True)
        if view.writable:
            self.imports.from_file(self.data_file, variant.write)
        self.imports.from_runtime("EdgeFilterArgs", "InstanceAPIOptions")
        self.imports.from_runtime("InstanceAPI", value=True)  # the node side may be a ParentInstanceAPI
        args = jsdoc([f"Filters of `{variant.api}`: those of `{names.read}` plus `startNode`, `endNode` and `type`."])
        one = f"export type {variant.filter_args} = {names.filter_args} & EdgeFilterArgs;"
        # deno fmt puts an intersection that does not fit one line one `& member` per line.
        args += (
            [one]
            if fits(one)
            else [f"export type {variant.filter_args} =", f"  & {names.filter_args}", "  & EdgeFilterArgs;"]
        )
        lines = jsdoc([view_summary(view), f"{_METHODS} on the edges of the view `{view.id}`."])
        write = variant.write if view.writable else "never"
        base = generic("InstanceAPI", variant.read, write, f"typeof {names.properties}", variant.filter_args)
        lines += doc_lines(base, 0, f"export class {variant.api} extends ", " {")
        lines.append("  constructor(client: InstanceClient, options: InstanceAPIOptions = {}) {")
        lines += doc_lines(call("super", "client", variant.descriptor, names.arg_table, "options"), 4, "    ", ";")
        return [args, [*lines, "  }", "}"]]

    def _edge_api(self, item: EdgeField) -> list[str]:
        """``get <field>Edge()``: the edges of one edge connection, through the edge view's API restricted to the
        connection's edge type, or as plain edges (``EdgeConnectionAPI``) when they carry no properties."""
        getter = self.names.edge_apis[item.property_id]
        constant = self.names.edge_types[item.property_id]
        self.imports.from_file(self.data_file, constant, value=True)
        field = self.names.fields[item.property_id]
        edge_type = f"`{item.edge_type.space}:{item.edge_type.external_id}`"
        edge_view = self.context.view(item.edge_view)
        if edge_view is not None and edge_view.is_edge:
            edge_names = self.context.names[edge_view.id]
            api = edge_names.edge_api
            if edge_view.id != self.view.id:
                self.imports.from_file(f"./{edge_names.stem}.ts", api, value=True)
            created = call(f"new {api}", "this.client", obj([Entry("edgeType", Atom(constant))]))
            about = f"with `{edge_names.edge_read}` properties: that view's API for this edge type only"
        else:
            api = "EdgeConnectionAPI"
            self.imports.from_runtime(api, value=True)
            created = call(f"new {api}", "this.client", constant)
            about = "as plain edges (they carry no properties)"
        lines = ["", *entry_lines(f"#{getter}?", Atom(api), 2, ";"), ""]
        lines += jsdoc([f"The edges of `{field}` (type {edge_type}, {item.direction}), {about}."], 2)
        lines.append(f"  get {getter}(): {api} {{")
        return [*lines, *_cached(getter, api, created), "  }"]


def _cached(attribute: str, api: str, created: Doc) -> list[str]:
    """``return (this.#x ??= new XAPI(...));`` broken as deno fmt breaks it: inside the call's parentheses when the
    line up to them fits, else after ``??=`` with the call on the next lines."""
    head = f"    return (this.#{attribute} ??= "
    if fits(f"{head}new {api}("):
        return doc_lines(Concat((Atom(f"(this.#{attribute} ??= "), created, Atom(")"))), 4, "    return ", ";")
    return [f"    return (this.#{attribute} ??=", *doc_lines(created, 6, "      ", ");")]


def api_module(context: SDKContext, view: View) -> str:
    return _APIFile(context, view).text()
