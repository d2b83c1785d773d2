"""``data_classes/<view>.ts``: the enum unions, read and write interfaces, field <-> property-id map, edge types and
descriptor of one view.

Data-class files import each other (a product's category, a category's products): the descriptor constant carries
its type annotation and refers to other views through thunks, so TypeScript never sees a circular initializer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pygen_runtime import NodeId, ViewId

from .._ir import DirectRelationField, EdgeField, Field, PrimitiveField, ReverseRelationField, View
from .._naming.typescript import ViewNames
from ._context import Imports, SDKContext
from ._docs import field_summary, primitive_notes, view_summary, view_where
from ._escape import jsdoc, string_literal
from ._layout import (
    Arrow,
    Atom,
    Concat,
    Doc,
    Entry,
    array,
    assignment_lines,
    doc_lines,
    entry_lines,
    fits,
    generic,
    obj,
    type_args,
    typed_constant_lines,
)
from ._types import list_of, nullable, primitive_read, primitive_write, union

__all__ = ["data_module"]

_READ_CONNECTIONS = "Filled by `retrieve`, `list` and `iterate` with `retrieveConnections`."


def view_id_object(view: ViewId) -> Doc:
    return obj(
        [
            Entry("space", Atom(string_literal(view.space))),
            Entry("externalId", Atom(string_literal(view.external_id))),
            Entry("version", Atom(string_literal(view.version))),
        ]
    )


def id_object(node: NodeId) -> Doc:
    return obj(
        [Entry("space", Atom(string_literal(node.space))), Entry("externalId", Atom(string_literal(node.external_id)))]
    )


@dataclass(frozen=True)
class _Member:
    """One interface member: its JSDoc paragraphs, name, whether it is optional, and its type."""

    docs: list[str]
    name: str
    optional: bool
    type: Doc


def connection_fields(view: View) -> list[Field]:
    """The connection fields: edges and reverse relations (read as ids when their source view is not in the SDK)."""
    return [item for item in view.fields if isinstance(item, (EdgeField, ReverseRelationField))]


def _node_view(context: SDKContext, view_id: ViewId | None) -> View | None:
    target = context.view(view_id)
    return target if target is not None and target.is_node else None


def _edge_view(context: SDKContext, view_id: ViewId | None) -> View | None:
    target = context.view(view_id)
    return target if target is not None and target.is_edge else None


class _DataFile:
    def __init__(self, context: SDKContext, view: View) -> None:
        self.context = context
        self.view = view
        self.names: ViewNames = context.names[view.id]
        self.imports = Imports()

    # -- names of other views, imported where needed --------------------------------------------------------------

    def _ref(self, view_id: ViewId, what: str) -> str:
        names = self.context.names[view_id]
        name: str = getattr(names, what)
        if view_id != self.view.id:
            self.imports.from_file(f"./{names.stem}.ts", name, value=what in ("descriptor", "edge_descriptor"))
        return name

    def _read_of(self, target: View | None) -> str | None:
        return None if target is None else self._ref(target.id, "read")

    def _write_of(self, target: View | None) -> Doc | None:
        if target is None or not target.writable:
            return None
        self.imports.from_runtime("ViewWrite")
        return generic("ViewWrite", self._ref(target.id, "write"))

    def _edge_read(self, edge_view: View) -> Doc:
        # A view used for nodes and edges has an edge side of its own (`<View>Edge`).
        return Atom(self._ref(edge_view.id, "edge_read"))

    def _edge_write(self, edge_view: View) -> Doc | None:
        if not edge_view.writable:
            return None
        self.imports.from_runtime("NestedEdgeWrite", "ViewWrite")
        return generic("ViewWrite", generic("NestedEdgeWrite", self._ref(edge_view.id, "edge_write")))

    # -- the file -------------------------------------------------------------------------------------------------

    def text(self) -> str:
        view, names = self.view, self.names
        self.imports.from_runtime("PropertyMap")
        self.imports.from_runtime("ViewDescriptor", value=True)
        blocks: list[list[str]] = []
        blocks += self._enums()
        blocks.append(self._read_interface())
        if view.writable:
            blocks.append(self._write_interface())
        blocks.append(self._property_map())
        blocks.append(
            jsdoc([f"The fields of `{names.read}`."])
            + assignment_lines(f"export type {names.field} =", Atom(f"keyof typeof {names.properties}"))
        )
        blocks += self._edge_types()
        blocks.append(self._descriptor())
        if names.edge_variant is not None:
            blocks += self._edge_side()
        return (
            "\n\n".join(
                ["\n".join([self.context.header(), "", *self.imports.lines()]), *("\n".join(b) for b in blocks)]
            )
            + "\n"
        )

    def _enums(self) -> list[list[str]]:
        blocks = []
        for item in self.view.primitive_fields:
            if item.kind != "enum":
                continue
            name = self.names.enums[item.property_id]
            field = self.names.fields[item.property_id]
            values = [
                (value.value, _enum_doc(value.name, value.description, value.value)) for value in item.enum_values
            ]
            head = f"export type {name} ="
            summary = f"The values of {{@link {self.names.read}.{field}}}."
            if item.enum_unknown_value:
                summary += f" Values added to the model later read as {string_literal(item.enum_unknown_value)}."
            documented = any(doc for _, doc in values)
            if len(values) == 1 or not documented:
                extra = [values[0][1]] if len(values) == 1 and values[0][1] else []
                lines = jsdoc([summary, *extra]) + assignment_lines(
                    head, union(*(string_literal(v) for v, _ in values))
                )
            else:
                lines = [*jsdoc([summary]), head]
                for index, (value, doc) in enumerate(values):
                    lines += jsdoc([doc], 2) if doc else []
                    lines.append(f"  | {string_literal(value)}" + (";" if index == len(values) - 1 else ""))
            blocks.append(lines)
        return blocks

    def _interface(self, docs: list[str], name: str, base: str, members: list[_Member]) -> list[str]:
        self.imports.from_runtime(base)
        lines = jsdoc(docs)
        if not members:
            # An interface without members is its base type (deno lint rejects empty interfaces).
            return lines + assignment_lines(f"export type {name} =", Atom(base))
        head = f"export interface {name} extends {base} {{"
        lines += [head] if fits(head) else [f"export interface {name}", f"  extends {base} {{"]
        for member in members:
            lines += jsdoc(member.docs, 2)
            lines += entry_lines(member.name + ("?" if member.optional else ""), member.type, 2, ";")
        return [*lines, "}"]

    def _read_interface(self) -> list[str]:
        view = self.view
        where = view_where(view) + "."
        if view.kind == "all":
            assert self.names.edge_variant is not None
            where = (
                f"View `{view.id}` of nodes and edges, read as nodes (as edges: {{@link "
                f"{self.names.edge_variant.read}}})."
            )
        members = []
        for item in view.fields:
            member = self._read_member(item)
            if member is not None:
                members.append(member)
        base = "EdgeInstance" if view.kind == "edge" else "NodeInstance"
        return self._interface([view_summary(view), where], self.names.read, base, members)

    def _write_interface(self) -> list[str]:
        view = self.view
        what = "edge view" if view.kind == "edge" else "view"
        docs = [
            view_summary(view),
            f"Write form of {what} `{view.id}`: a field left out is not changed, `null` clears it.",
        ]
        if view.is_node and view.node_type is not None:
            docs[-1] += (
                f" `type` defaults to the node type `{view.node_type.space}:{view.node_type.external_id}` that the "
                "view's filter requires, so written nodes show up in the view."
            )
        members = []
        for item in view.fields:
            member = self._write_member(item)
            if member is not None:
                members.append(member)
        if view.kind == "all":
            self.imports.from_runtime("NodeId")
            members.append(
                _Member(
                    ["With `endNode` (and `type`): the item is written as an edge."], "startNode", True, Atom("NodeId")
                )
            )
            members.append(_Member(["The end node, when the item is an edge."], "endNode", True, Atom("NodeId")))
        base = "EdgeWrite" if view.kind == "edge" else "NodeWrite"
        return self._interface(docs, self.names.write, base, members)

    def _edge_side(self) -> list[list[str]]:
        """A view used for nodes and edges, read and written as edges: its properties (no connections; an edge has
        none) on the edge's keys, and a descriptor with ``instanceType: "edge"``."""
        view, names = self.view, self.names
        variant = names.edge_variant
        assert variant is not None
        properties = [item for item in view.fields if isinstance(item, (PrimitiveField, DirectRelationField))]
        summary = view_summary(view)
        read_members = [member for item in properties if (member := self._read_member(item)) is not None]
        blocks = [
            self._interface(
                [summary, f"View `{view.id}` of nodes and edges, read as edges."],
                variant.read,
                "EdgeInstance",
                read_members,
            )
        ]
        if view.writable:
            write_members = [member for item in properties if (member := self._write_member(item)) is not None]
            docs = [
                summary,
                f"Write form of `{view.id}` as an edge: a field left out is not changed, `null` clears it.",
            ]
            blocks.append(self._interface(docs, variant.write, "EdgeWrite", write_members))
        entries: list[Entry] = [
            Entry("view", view_id_object(view.id)),
            Entry("usedFor", Atom('"all"')),
            Entry("instanceType", Atom('"edge"')),
            Entry("properties", Atom(names.properties)),
        ]
        relations = self._relations()
        if relations:
            entries.append(Entry("relations", obj(relations)))
        blocks.append(self._descriptor_lines(variant.read, variant.write, variant.descriptor, entries))
        return blocks

    def _relations(self) -> list[Entry]:
        relations = []
        for item in self.view.direct_relations:
            target = _node_view(self.context, item.target)
            if target is not None:
                descriptor = self._ref(target.id, "descriptor")
                relations.append(Entry(self.names.fields[item.property_id], Arrow(Atom(descriptor))))
        return relations

    # -- members --------------------------------------------------------------------------------------------------

    def _read_member(self, item: Field) -> _Member | None:
        name = self.names.fields[item.property_id]
        summary = field_summary(item)
        renamed = [f"View property `{item.property_id}`."] if name.rstrip("_") != item.property_id else []
        if isinstance(item, PrimitiveField):
            text = " ".join([summary, *primitive_notes(item, write=False), *renamed]).strip()
            return _Member([text], name, False, primitive_read(item, self.names.enums.get(item.property_id)))
        if isinstance(item, DirectRelationField):
            return self._read_relation(item, name, summary, renamed)
        if isinstance(item, EdgeField):
            return self._read_edges(item, name, summary, renamed)
        if isinstance(item, ReverseRelationField):
            return self._read_reverse(item, name, summary, renamed)
        return None

    def _read_relation(self, item: DirectRelationField, name: str, summary: str, renamed: list[str]) -> _Member:
        self.imports.from_runtime("NodeId")
        target = _node_view(self.context, item.target)
        read = self._read_of(target)
        element = union("NodeId", read) if read else Atom("NodeId")
        value = list_of(element, readonly=False) if item.is_list else element
        read_only = ["Maintained by CDF: read-only."] if item.read_only else []
        relation = _relation_doc(self.context, item, target, write=False)
        text = " ".join([summary, relation, *read_only, *renamed]).strip()
        return _Member([text], name, False, nullable(value) if item.nullable else value)

    def _read_edges(self, item: EdgeField, name: str, summary: str, renamed: list[str]) -> _Member:
        self.imports.from_runtime("NodeId")
        target = _node_view(self.context, item.target)
        edge_view = _edge_view(self.context, item.edge_view)
        target_read = self._read_of(target)
        element: Doc
        if edge_view is not None:
            self.imports.from_runtime("ConnectionEdge")
            args: list[Doc] = [self._edge_read(edge_view), Atom(target_read or "NodeId")]
            if item.direction == "inwards":
                args.append(Atom('"inwards"'))
            element = Concat((Atom("ConnectionEdge"), type_args(args)))
        else:
            element = union("NodeId", target_read) if target_read else Atom("NodeId")
        value = list_of(element, readonly=False) if item.is_list else nullable(element)
        return _Member([summary, *renamed, self._edge_doc(item, target, edge_view, write=False)], name, True, value)

    def _read_reverse(self, item: ReverseRelationField, name: str, summary: str, renamed: list[str]) -> _Member:
        source = _node_view(self.context, item.source)
        self.imports.from_runtime("NodeId")
        through = self._through_field(item)
        if source is None:
            # The source view is not in the SDK: the nodes are read as ids (whatever `retrieveConnections` says).
            element: Doc = Atom("NodeId")
            about = (
                f"Ids of the `{item.declared_source}` nodes (a view outside this SDK) whose `{through}` points here. "
                f"{_READ_CONNECTIONS}"
            )
        else:
            element = union("NodeId", self._ref(source.id, "read"))
            about = f"`{self.context.names[source.id].read}` nodes whose `{through}` points here. {_READ_CONNECTIONS}"
        value = list_of(element, readonly=False) if item.is_list else nullable(element)
        return _Member([summary, *renamed, about], name, True, value)

    def _through_field(self, item: ReverseRelationField) -> str:
        through = self.context.view(item.through_view)
        if through is None:
            return item.through_property
        return self.context.names[through.id].fields.get(item.through_property, item.through_property)

    def _write_member(self, item: Field) -> _Member | None:
        name = self.names.fields[item.property_id]
        summary = field_summary(item)
        renamed = [f"View property `{item.property_id}`."] if name.rstrip("_") != item.property_id else []
        if isinstance(item, PrimitiveField):
            if item.read_only:
                return None
            text = " ".join([summary, *primitive_notes(item, write=True), *renamed]).strip()
            value = primitive_write(item, self.names.enums.get(item.property_id))
            return _Member([text], name, not item.required, value)
        if isinstance(item, DirectRelationField):
            return None if item.read_only else self._write_relation(item, name, summary, renamed)
        if isinstance(item, EdgeField):
            return self._write_edges(item, name, summary, renamed)
        if isinstance(item, ReverseRelationField):
            return self._write_reverse(item, name, summary, renamed)
        return None

    def _write_relation(self, item: DirectRelationField, name: str, summary: str, renamed: list[str]) -> _Member:
        self.imports.from_runtime("NodeId")
        target = _node_view(self.context, item.target)
        nested = self._write_of(target)
        element = union("NodeId", nested) if nested else Atom("NodeId")
        value = list_of(element, readonly=True) if item.is_list else element
        text = " ".join([summary, _relation_doc(self.context, item, target, write=True), *renamed]).strip()
        return _Member([text], name, not item.required, nullable(value) if item.nullable else value)

    def _write_edges(self, item: EdgeField, name: str, summary: str, renamed: list[str]) -> _Member:
        self.imports.from_runtime("NodeId")
        target = _node_view(self.context, item.target)
        edge_view = _edge_view(self.context, item.edge_view)
        members: list[Doc] = [Atom("NodeId")]
        target_write = self._write_of(target)
        if target_write is not None:
            members.append(target_write)
        edge_write = self._edge_write(edge_view) if edge_view is not None else None
        if edge_write is not None:
            members.append(edge_write)
        element = union(*members)
        value = list_of(element, readonly=True) if item.is_list else element
        docs = [summary, *renamed, self._edge_doc(item, target, edge_view, write=True)]
        return _Member(docs, name, True, nullable(value))

    def _write_reverse(self, item: ReverseRelationField, name: str, summary: str, renamed: list[str]) -> _Member | None:
        source = _node_view(self.context, item.source)
        nested = self._write_of(source)
        if source is None or nested is None:
            return None
        value = list_of(nested, readonly=True) if item.is_list else nested
        source_names = self.context.names[source.id]
        through = self._through_field(item)
        about = (
            f"The relation is stored on the `{source_names.read}` nodes (`{source_names.read}.{through}`): nested "
            f"`{source_names.descriptor}.write(...)` items here are written as they are, so set their `{through}`."
        )
        return _Member([summary, *renamed, about], name, True, nullable(value))

    def _edge_doc(self, item: EdgeField, target: View | None, edge_view: View | None, *, write: bool) -> str:
        edge_type = f"`{item.edge_type.space}:{item.edge_type.external_id}`"
        target_text = f"`{self.context.names[target.id].read}`" if target is not None else "nodes"
        inwards = item.direction == "inwards"
        if not write:
            text = f"Edges of type {edge_type} {'from' if inwards else 'to'} {target_text}"
            if edge_view is not None:
                text += f", with `{self.context.names[edge_view.id].read}` properties"
            return f"{text}. {_READ_CONNECTIONS}"
        parts = ["an id"]
        if target is not None and target.writable:
            parts.append(f"a nested `{self.context.names[target.id].descriptor}.write(...)`")
        if edge_view is not None and edge_view.writable:
            parts.append(
                f"a nested `{self.context.names[edge_view.id].edge_descriptor}.nestedEdge(...)` with properties"
            )
        listed = ", ".join(parts[:-1]) + f" or {parts[-1]}" if len(parts) > 1 else parts[0]
        end = "start" if inwards else "end"
        return f"Each entry becomes an edge of type {edge_type} {'to' if inwards else 'from'} this node; its {end} node is {listed}."

    # -- constants ------------------------------------------------------------------------------------------------

    def _property_map(self) -> list[str]:
        entries = []
        for item in self.view.fields:
            if isinstance(item, (PrimitiveField, DirectRelationField)):
                entries.append(Entry(self.names.fields[item.property_id], _spec(item)))
        lines = jsdoc([f"Field ↔ view property id map of `{self.names.read}`."])
        return lines + _multiline_object(
            f"export const {self.names.properties} =", entries, " as const satisfies PropertyMap;"
        )

    def _edge_types(self) -> list[list[str]]:
        blocks = []
        for item in self.view.edges:
            self.imports.from_runtime("NodeId")
            constant = self.names.edge_types[item.property_id]
            field = self.names.fields[item.property_id]
            target = _node_view(self.context, item.target)
            edge_view = _edge_view(self.context, item.edge_view)
            about = f"to `{self.context.names[target.id].read}`" if target is not None else "to nodes"
            if item.direction == "inwards":
                about = about.replace("to ", "from ", 1)
            if edge_view is not None:
                about += f", with `{self.context.names[edge_view.id].read}` properties"
            docs = jsdoc([f"The type of the edges of {{@link {self.names.read}}} `{field}` ({about})."])
            blocks.append(docs + typed_constant_lines(constant, "NodeId", id_object(item.edge_type)))
        return blocks

    def _descriptor(self) -> list[str]:
        view, names = self.view, self.names
        entries: list[Entry] = [
            Entry("view", view_id_object(view.id)),
            Entry("usedFor", Atom(string_literal(view.kind))),
            Entry("properties", Atom(names.properties)),
        ]
        relations = self._relations()
        if relations:
            entries.append(Entry("relations", obj(relations)))
        connections = [self._connection(item) for item in connection_fields(view)]
        if connections:
            entries.append(Entry("connections", obj(connections)))
        return self._descriptor_lines(names.read, names.write, names.descriptor, entries)

    def _descriptor_lines(self, read: str, write: str, constant: str, entries: list[Entry]) -> list[str]:
        view, names = self.view, self.names
        if view.is_node and view.node_type is not None and constant == names.descriptor:
            entries.append(Entry("nodeType", id_object(view.node_type)))
        if not view.writable:
            entries.append(Entry("writable", Atom("false")))
        annotation = generic("ViewDescriptor", read, write if view.writable else "never", f"typeof {names.properties}")
        kind = "edge view" if view.kind == "edge" else "view"
        about = f"The {kind} `{view.id}`."
        if view.kind == "all":
            about += " Its nodes." if constant == names.descriptor else " Its edges."
        lines = jsdoc([about])
        head = f"export const {constant}: "
        lines += doc_lines(annotation, 0, head, " = new ViewDescriptor({")
        for entry in entries:
            lines += entry_lines(entry.key, entry.value, 2, ",")
        return [*lines, "});"]

    def _connection(self, item: Field) -> Entry:
        name = self.names.fields[item.property_id]
        if isinstance(item, EdgeField):
            entries = [
                Entry("kind", Atom('"edge"')),
                Entry("edgeType", Atom(self.names.edge_types[item.property_id])),
                Entry("direction", Atom(string_literal(item.direction))),
            ]
            target = _node_view(self.context, item.target)
            if target is not None:
                entries.append(Entry("target", Arrow(Atom(self._ref(target.id, "descriptor")))))
            edge_view = _edge_view(self.context, item.edge_view)
            if edge_view is not None:
                entries.append(Entry("edgeView", Arrow(Atom(self._ref(edge_view.id, "edge_descriptor")))))
            if not item.is_list:
                entries.append(Entry("list", Atom("false")))
            return Entry(name, obj(entries))
        assert isinstance(item, ReverseRelationField)
        source = _node_view(self.context, item.source)
        through = [
            Entry("view", view_id_object(item.through_view)),
            Entry("property", Atom(string_literal(item.through_property))),
        ]
        entries = [Entry("kind", Atom('"reverse"'))]
        if source is not None:
            entries.append(Entry("source", Arrow(Atom(self._ref(source.id, "descriptor")))))
        elif item.through_is_list:
            # Without the source view the runtime cannot read this from its property spec.
            through.append(Entry("list", Atom("true")))
        entries.append(Entry("through", obj(through)))
        if not item.is_list:
            entries.append(Entry("list", Atom("false")))
        return Entry(name, obj(entries))


def _multiline_object(head: str, entries: list[Entry], close: str) -> list[str]:
    """A top-level object literal (``close`` follows its ``}``), always one entry per line: deno fmt keeps it so."""
    if not entries:
        return [f"{head} {{}}{close}"]
    lines = [f"{head} {{"]
    for entry in entries:
        lines += entry_lines(entry.key, entry.value, 2, ",")
    return [*lines, "}" + close]


def _spec(item: PrimitiveField | DirectRelationField) -> Doc:
    kind = "direct" if isinstance(item, DirectRelationField) else item.kind
    entries = [Entry("id", Atom(string_literal(item.property_id))), Entry("type", Atom(string_literal(kind)))]
    if item.is_list:
        entries.append(Entry("list", Atom("true")))
    if not item.nullable:
        entries.append(Entry("required", Atom("true")))
    if isinstance(item, PrimitiveField) and item.kind == "enum":
        entries.append(Entry("values", array([Atom(string_literal(value.value)) for value in item.enum_values])))
    if item.read_only:
        entries.append(Entry("readOnly", Atom("true")))
    return obj(entries)


def _enum_doc(name: str | None, description: str | None, value: str) -> str:
    """``Name: description`` of an enum value; a name that only repeats the value is left out."""
    if name and name.strip() == value:
        name = None
    parts = [" ".join(part.split()) for part in (name, description) if part and part.strip()]
    return ": ".join(parts)


def _relation_doc(context: SDKContext, item: DirectRelationField, target: View | None, *, write: bool) -> str:
    if target is None:
        declared = f" of `{item.declared_target}` (a view outside this SDK)" if item.declared_target else ""
        return f"{'Node ids' if item.is_list else 'A node id'}{declared}."
    names = context.names[target.id]
    if not write:
        if item.is_list:
            return f'`{names.read}` nodes (the objects themselves with `retrieveConnections: "full"`).'
        return f'A `{names.read}` node (the object itself with `retrieveConnections: "full"`).'
    if not target.writable:
        return f"`{names.read}` node ids." if item.is_list else f"A `{names.read}` node id."
    if item.is_list:
        return f"`{names.read}` nodes: ids, or nested `{names.descriptor}.write(...)` items to write them too."
    return f"A `{names.read}` node: its id, or a nested `{names.descriptor}.write(...)` to write it too."


def data_module(context: SDKContext, view: View) -> str:
    return _DataFile(context, view).text()
