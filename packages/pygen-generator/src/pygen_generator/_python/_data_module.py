"""``data_classes/_<view>.py``: the read, write and list classes of one view, its constant, type aliases and
connection markers.

Classes of other views are imported for type checkers only; at runtime the module binds their names to
``lazy_class`` stand-ins, so that using one view's classes never imports (or builds the pydantic schemas of) the
views it connects to. The naming policy keeps every class name of the SDK (and every enum alias) unique, so a
connected class never clashes with a name of this module.
"""

from __future__ import annotations

from pygen_client import to_snake_case

from .._ir import DirectRelationField, EdgeField, Field, PrimitiveField, ReverseRelationField, View
from .._naming.python import ClassNames, InstanceKind, ViewNames
from ._code import Imports, ModuleText, header_comment, isort_key, natural_key
from ._context import SDKContext, node_id_call, view_id_call
from ._escape import docstring_lines, string_literal
from ._layout import (
    Arg,
    Atom,
    Call,
    Expr,
    Union,
    annotated_assignment,
    call,
    class_header,
    def_header,
    flat,
    import_from,
    statement,
    subscript,
    union,
)
from ._types import INT_BOUNDS, default_literal, element_type

__all__ = ["base_fields", "data_module", "field_docs", "numeric_fields", "sortable", "text_fields"]

NODE_BASE_FIELDS = ("external_id", "space", "version", "created_time", "last_updated_time")
EDGE_BASE_FIELDS = (*NODE_BASE_FIELDS, "start_node", "end_node")


def base_fields(kind: InstanceKind) -> tuple[str, ...]:
    return NODE_BASE_FIELDS if kind == "node" else EDGE_BASE_FIELDS


def sortable(item: Field) -> bool:
    return isinstance(item, PrimitiveField) and not item.is_list and item.kind != "json"


def text_fields(view: View) -> list[PrimitiveField]:
    return [item for item in view.primitive_fields if item.kind == "text"]


def numeric_fields(view: View) -> list[PrimitiveField]:
    return [item for item in view.primitive_fields if item.is_numeric]


def property_fields(view: View) -> list[Field]:
    """Fields stored in the instance's properties (not edges or reverse relations)."""
    return [item for item in view.fields if isinstance(item, (PrimitiveField, DirectRelationField))]


def field_docs(item: Field) -> str:
    """One line about a field for docstrings: its name (unless it only repeats the property id) and description."""
    name = item.name if item.name and _squash(item.name) != _squash(item.property_id) else None
    parts = [part.strip().rstrip(".") for part in (name, item.description) if part and part.strip()]
    if len(parts) == 2 and _squash(parts[1]).startswith(_squash(parts[0])):
        parts = parts[1:]
    return " ".join(". ".join(parts).split())


def _squash(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


class _DataModule:
    def __init__(self, context: SDKContext, view: View) -> None:
        self.context = context
        self.view = view
        self.names: ViewNames = context.names[view.id]
        self.imports = Imports()
        self.connected: dict[str, set[str]] = {}  # module of another view -> its classes referenced here
        self.runtime = context.runtime(depth=1)

    # -- references to other views --------------------------------------------------------------------------

    def _class_ref(self, view_id: object, attribute: str, kind: InstanceKind = "node") -> str | None:
        """The class ``attribute`` (read/write) of ``kind`` of another view (module-qualified), or of this one."""
        target = self.context.view(view_id)  # type: ignore[arg-type]
        if target is None or (kind == "node" and not target.is_node) or (kind == "edge" and not target.is_edge):
            return None
        if attribute == "write" and not target.writable:
            return None
        names = self.context.names[target.id]
        name: str = getattr(names.variant(kind), attribute)
        if target.id != self.view.id:
            self.connected.setdefault(names.data_module, set()).add(name)
        return name

    # -- the module -----------------------------------------------------------------------------------------

    def text(self) -> str:
        view, names = self.view, self.names
        body = ModuleText()
        kind_text = {"node": "a node view", "edge": "an edge view", "all": "a view of nodes and edges"}[view.kind]
        summary = f"Data classes of the view {view.id} ({kind_text})."
        description = _view_description(view)
        blocks: list[tuple[list[str], str]] = []
        self.imports.add(self.runtime, "ViewId", "InstanceList")
        self.imports.add("typing", "ClassVar")
        blocks.append((statement(f"{names.constant} = ", view_id_call(view.id), 0), "statement"))
        blocks.extend(self._enum_aliases())
        for variant in names.variants:
            blocks.extend(self._field_aliases(variant))
        markers = self._markers()
        if markers:
            blocks.append((markers, "statement"))
        for variant in names.variants:
            blocks.append((self._read_class(variant), "class"))
            if view.writable:
                blocks.append((self._write_class(variant), "class"))
            blocks.append((self._list_class(variant), "class"))
        connected = self._connected_classes()
        body.header(header_comment(self.context.options.generator_version, self.context.source), summary, description)
        body.imports(self.imports)
        body.block(connected)
        for lines, kind in blocks:
            body.block(lines, kind=kind)
        return body.text()

    def _connected_classes(self) -> list[str]:
        """Type checkers import the classes of connected views; at runtime they are lazy stand-ins, so using this
        view never imports (or builds the schemas of) the views it connects to."""
        if not self.connected:
            return []
        self.imports.add("typing", "TYPE_CHECKING")
        self.imports.add(self.runtime, "lazy_class")
        lines = ["if TYPE_CHECKING:"]
        stand_ins = ["else:  # loaded on first use"]
        for module in sorted(self.connected, key=natural_key):
            names = sorted(self.connected[module], key=isort_key)
            lines += import_from(f".{module}", names, indent=4)
            for name in names:
                value = call("lazy_class", string_literal(f".{module}"), string_literal(name), "__package__")
                stand_ins += statement(f"{name} = ", value, 4)
        return lines + stand_ins

    def _enum_aliases(self) -> list[tuple[list[str], str]]:
        blocks = []
        for item in self.view.primitive_fields:
            if item.kind != "enum":
                continue
            self.imports.add("typing", "Literal")
            alias = self.names.enum_aliases[item.property_id]
            values = tuple(Arg(Atom(string_literal(value.value))) for value in item.enum_values)
            lines = statement(f"{alias} = ", Call("Literal", values, brackets="[]"), 0)
            described = [
                value.value
                + (f" ({_one_line(value.name or value.description or '')})" if value.name or value.description else "")
                for value in item.enum_values
            ]
            field = self.names.fields[item.property_id]
            summary = f"Values of ``{self.names.variants[0].read}.{field}``: {', '.join(described)}."
            if item.enum_unknown_value:
                summary += f" Values added later read as {item.enum_unknown_value!r}."
            lines += docstring_lines(summary, None, indent=0)
            blocks.append((lines, "statement"))
        return blocks

    def _field_aliases(self, variant: ClassNames) -> list[tuple[list[str], str]]:
        self.imports.add("typing", "Literal")
        fields = self.names.fields
        own = property_fields(self.view)
        groups = [
            (
                variant.field,
                [*base_fields(variant.kind), *(fields[item.property_id] for item in own)],
                f"Fields of ``{variant.read}``: ``group_by`` and ``aggregate`` property names.",
            ),
            (
                variant.sort_field,
                [*base_fields(variant.kind), *(fields[item.property_id] for item in own if sortable(item))],
                f"Fields of ``{variant.read}`` to sort by.",
            ),
            (
                variant.text_field,
                [fields[item.property_id] for item in text_fields(self.view)],
                f"Text fields of ``{variant.read}``, for ``search`` (``properties``).",
            ),
            (
                variant.numeric_field,
                [fields[item.property_id] for item in numeric_fields(self.view)],
                f"Numeric fields of ``{variant.read}``, for ``sum``/``avg``/``min``/``max`` and ``histogram``.",
            ),
        ]
        blocks = []
        for alias, values, doc in groups:
            if not values:
                continue
            literal = Call("Literal", tuple(Arg(Atom(string_literal(value))) for value in values), brackets="[]")
            blocks.append((statement(f"{alias} = ", literal, 0) + docstring_lines(doc, None, indent=0), "statement"))
        return blocks

    def _markers(self) -> list[str]:
        lines: list[str] = []
        for item in self.view.fields:
            marker = self.names.markers.get(item.property_id)
            if marker is None:
                continue
            expr: Expr
            if isinstance(item, DirectRelationField):
                self.imports.add(self.runtime, "DirectRelation")
                kwargs: dict[str, Expr | str] = {}
                if item.declared_target is not None:
                    kwargs["target_view"] = self._view_ref(item.declared_target)
                if item.is_list:
                    kwargs["is_list"] = "True"
                expr = call("DirectRelation", string_literal(item.property_id), **kwargs)
            elif isinstance(item, EdgeField):
                self.imports.add(self.runtime, "EdgeConnection", "NodeId")
                kwargs = {}
                if item.declared_target is not None:
                    kwargs["target_view"] = self._view_ref(item.declared_target)
                if item.edge_view is not None:
                    kwargs["edge_view"] = self._view_ref(item.edge_view)
                kwargs["direction"] = string_literal(item.direction)
                if not item.is_list:
                    kwargs["is_list"] = "False"
                expr = call("EdgeConnection", node_id_call(item.edge_type), **kwargs)
            else:
                assert isinstance(item, ReverseRelationField)
                self.imports.add(self.runtime, "ReverseDirectRelation")
                kwargs = {
                    "source_view": self._view_ref(item.declared_source),
                    "through_view": self._view_ref(item.through_view),
                    "through_property": string_literal(item.through_property),
                }
                if not item.is_list:
                    kwargs["is_list"] = "False"
                if item.through_is_list:
                    kwargs["through_is_list"] = "True"
                expr = call("ReverseDirectRelation", **kwargs)
            lines.extend(statement(f"{marker} = ", expr, 0))
        return lines

    def _view_ref(self, view_id: object) -> Expr:
        from pygen_runtime import ViewId

        assert isinstance(view_id, ViewId)
        if view_id == self.view.id:
            return Atom(self.names.constant)
        return view_id_call(view_id)

    # -- read classes ---------------------------------------------------------------------------------------

    def _read_class(self, variant: ClassNames) -> list[str]:
        view, names = self.view, self.names
        base = "Node" if variant.kind == "node" else "Edge"
        self.imports.add(self.runtime, base)
        lines = class_header(variant.read, Atom(base))
        summary = _summary(view) + f" (read from {view.id}"
        summary += ", as edges)." if view.kind == "all" and variant.kind == "edge" else ")."
        body = _read_doc(view)
        attributes = self._attribute_docs(view, names, read=True)
        if attributes:
            body = (body + "\n\n" if body else "") + "Attributes:\n" + "\n".join(attributes)
        lines += docstring_lines(summary, body, indent=4)
        lines.append("")
        lines.append(f"    view_id: ClassVar[ViewId] = {names.constant}")
        lines.append("")
        if variant.kind == "edge":
            lines += self._edge_ends(variant)
        field_lines: list[str] = []
        for item in view.fields:
            field_lines += self._read_field(item)
        lines += field_lines
        if view.writable:
            if field_lines or variant.kind == "edge":
                lines.append("")
            lines += def_header("as_write", ["self"], variant.write, 4)
            lines += docstring_lines(
                f"A ``{variant.write}`` with the values read; connections become ids, edges and reverse relations are "
                "left out.",
                None,
                indent=8,
            )
            lines.append(f"        return self._to_write({variant.write})")
        if lines[-1] == "":
            lines.pop()
        return lines

    def _edge_ends(self, variant: ClassNames) -> list[str]:
        """Edges of this view connect the nodes of the edge fields that use it: narrow ``start_node``/``end_node``."""
        ends: dict[str, list[str]] = {"start_node": [], "end_node": []}
        for other in self.context.sdk.views:
            for item in other.edges:
                if item.edge_view != self.view.id:
                    continue
                far = "end_node" if item.direction == "outwards" else "start_node"
                near = "start_node" if far == "end_node" else "end_node"
                for end, target in ((far, item.target), (near, other.id)):
                    ref = self._class_ref(target, "read")
                    if ref is not None and ref not in ends[end]:
                        ends[end].append(ref)
        lines: list[str] = []
        for end, refs in ends.items():
            if not refs:
                continue
            self.imports.add(self.runtime, "NodeId")
            self.imports.add("pydantic", "Field")
            alias = "startNode" if end == "start_node" else "endNode"
            value = call(
                "Field",
                validation_alias=string_literal(alias),
                serialization_alias=string_literal(alias),
                union_mode=string_literal("left_to_right"),
            )
            lines += annotated_assignment(end, Atom(" | ".join(["NodeId", *sorted(refs)])), value, 4)
        return lines

    def _read_field(self, item: Field) -> list[str]:
        names = self.names
        name = names.fields[item.property_id]
        view_const = names.constant
        if isinstance(item, PrimitiveField):
            if item.kind == "json":
                self.imports.add("typing", "Any")
            if item.kind == "timestamp":
                self.imports.add("datetime", "datetime")
            if item.kind == "date":
                self.imports.add("datetime", "date")
            self.imports.add(self.runtime, "property_field")
            value_type = element_type(item, write=False, enum_alias=names.enum_aliases.get(item.property_id))
            annotation = f"list[{value_type}] | None" if item.is_list else f"{value_type} | None"
            value = call("property_field", view_const, string_literal(item.property_id))
            return annotated_assignment(name, Atom(annotation), value, 4)
        marker = names.markers[item.property_id]
        self.imports.add("typing", "Annotated")
        self.imports.add(self.runtime, "NodeId")
        if isinstance(item, DirectRelationField):
            target = self._class_ref(item.target, "read")
            elements = ["NodeId"] if target is None else ["NodeId", target]
            if item.is_list or target is None:  # relation_field's left-to-right union needs a target class
                self.imports.add(self.runtime, "property_field")
                value = call("property_field", view_const, string_literal(item.property_id))
            else:
                self.imports.add(self.runtime, "relation_field")
                value = call("relation_field", view_const, string_literal(item.property_id))
            relation = _optional(elements, item.is_list)
            return annotated_assignment(name, subscript("Annotated", relation, marker), value, 4)
        if isinstance(item, EdgeField):
            edge_class = self._class_ref(item.edge_view, "read", kind="edge")
            if edge_class is not None:
                elements = [edge_class]
            else:
                target = self._class_ref(item.target, "read")
                elements = ["NodeId"] if target is None else ["NodeId", target]
        else:
            assert isinstance(item, ReverseRelationField)
            source = self._class_ref(item.source, "read")
            elements = ["NodeId"] if source is None else ["NodeId", source]
        connection = _optional(elements, item.is_list)
        return annotated_assignment(name, subscript("Annotated", connection, marker), self._connection_value(item), 4)

    def _connection_value(self, item: Field) -> Expr:
        """Edge and reverse-relation fields default to ``None``; ``dump()`` names them by their property id."""
        self.imports.add(self.runtime, "connection_field")
        return call("connection_field", string_literal(item.property_id))

    # -- write classes --------------------------------------------------------------------------------------

    def _write_class(self, variant: ClassNames) -> list[str]:
        view, names = self.view, self.names
        base = "NodeWrite" if variant.kind == "node" else "EdgeWrite"
        self.imports.add(self.runtime, base)
        lines = class_header(variant.write, Atom(base))
        summary = f"{_summary(view)} (written through {view.id})."
        required = [names.fields[item.property_id] for item in view.fields if _required(item)]
        body = "Only the fields you set are sent; set a field to ``None`` to clear it." + (
            f" Required: {', '.join(f'``{field}``' for field in required)}." if required else ""
        )
        if variant.kind == "node" and view.node_type is not None:
            body += (
                f" ``type`` defaults to the node type {view.node_type} that the view's filter requires, so written "
                "nodes show up in the view."
            )
        if variant.kind == "edge":
            body += (
                " Nested in a node's edge field only the far end and the properties are needed; the edge type, the "
                "other end, the space and a deterministic external id are filled in."
            )
        read_only = [names.fields[item.property_id] for item in view.fields if getattr(item, "read_only", False)]
        if read_only:
            body += f" CDF maintains {', '.join(f'``{field}``' for field in read_only)}: they are read-only."
        attributes = self._attribute_docs(view, names, read=False)
        if attributes:
            body += "\n\nAttributes:\n" + "\n".join(attributes)
        lines += docstring_lines(summary, body, indent=4)
        lines.append("")
        lines.append(f"    view_id: ClassVar[ViewId] = {names.constant}")
        if variant.kind == "node" and view.node_type is not None:
            self.imports.add(self.runtime, "NodeId")
            lines += annotated_assignment("type", Atom("NodeId | None"), node_id_call(view.node_type), 4)
        field_lines: list[str] = []
        for item in view.fields:
            if getattr(item, "read_only", False):
                continue
            field_lines += self._write_field(item, variant)
        if field_lines:
            lines.append("")
            lines += field_lines
        return lines

    def _write_field(self, item: Field, variant: ClassNames) -> list[str]:
        names = self.names
        name = names.fields[item.property_id]
        alias = string_literal(item.property_id)
        self.imports.add("pydantic", "Field")
        if isinstance(item, PrimitiveField):
            if item.kind == "json":
                self.imports.add("typing", "Any")
            if item.kind == "timestamp":
                self.imports.add("pydantic", "AwareDatetime")
            if item.kind == "date":
                self.imports.add("datetime", "date")
            value_type = element_type(item, write=True, enum_alias=names.enum_aliases.get(item.property_id))
            annotation = f"list[{value_type}]" if item.is_list else value_type
            kwargs: dict[str, Expr | str] = {"serialization_alias": alias}
            if not item.is_list and item.kind in INT_BOUNDS:
                kwargs["ge"], kwargs["le"] = INT_BOUNDS[item.kind]
            if item.is_list and item.max_list_size is not None:
                kwargs["max_length"] = str(item.max_list_size)
            default = default_literal(item)
            if item.required:
                return annotated_assignment(name, Atom(annotation), call("Field", **kwargs), 4)
            if not item.nullable and default is not None and not item.auto_increment:
                nullable_annotation = annotation
            else:
                nullable_annotation = f"{annotation} | None"
            if default is not None and not item.auto_increment:
                expr, mutable = default
                if mutable:
                    value = call("Field", default_factory=Atom(f"lambda: {flat(expr)}"), **kwargs)
                else:
                    value = call("Field", expr, **kwargs)
            else:
                value = call("Field", "None", **kwargs)
            return annotated_assignment(name, Atom(nullable_annotation), value, 4)
        marker = names.markers[item.property_id]
        self.imports.add("typing", "Annotated")
        self.imports.add(self.runtime, "NodeId")
        if isinstance(item, DirectRelationField):
            target = self._class_ref(item.target, "write")
            elements = ["NodeId"] if target is None else ["NodeId", target]
            relation = _optional(elements, item.is_list, nullable=not item.required)
            kwargs = {"serialization_alias": alias}
            if item.is_list and item.max_list_size is not None:
                kwargs["max_length"] = str(item.max_list_size)
            value = call("Field", **kwargs) if item.required else call("Field", "None", **kwargs)
            return annotated_assignment(name, subscript("Annotated", relation, marker), value, 4)
        if isinstance(item, EdgeField):
            options = []
            edge_write = self._class_ref(item.edge_view, "write", kind="edge")
            if edge_write is not None:
                options.append(edge_write)
            target = self._class_ref(item.target, "write")
            if target is not None:
                options.append(target)
            options.append("NodeId")
            edges = _optional(options, item.is_list)
            return annotated_assignment(name, subscript("Annotated", edges, marker), self._connection_value(item), 4)
        assert isinstance(item, ReverseRelationField)
        source = self._class_ref(item.source, "write")
        if source is None:
            return []  # nothing to write: the other side holds the relation
        reverse = _optional([source], item.is_list)
        return annotated_assignment(name, subscript("Annotated", reverse, marker), self._connection_value(item), 4)

    def _list_class(self, variant: ClassNames) -> list[str]:
        """The list class: ``as_write()`` typed with the write class, and one property per connection to a node
        view of the SDK (node lists only: connections are filled for nodes), all in one runtime call each."""
        lines = class_header(variant.list, subscript("InstanceList", variant.read))
        properties = self.names.list_properties if variant.kind == "node" else {}
        summary = f"A list of ``{variant.read}`` with ``as_write()``, ``data_records``, ``dump()``, ``to_pandas()``"
        summary += " and id helpers." if len(summary) < 94 else "."  # one line, however long the class name
        body = None
        if properties:
            fields = ", ".join(f"``{name}``" for name in properties.values())
            body = (
                f"Connection properties ({fields}) give the connected objects of all items as a list, each once: "
                'fill them with ``retrieve_connections="full"``.'
            )
        lines += docstring_lines(summary, body, indent=4)
        if self.view.writable:
            lines.append("")
            lines += def_header("as_write", ["self"], f"list[{variant.write}]", 4)
            lines.append("        return [item.as_write() for item in self]")
        for item in self.view.fields:
            name = properties.get(item.property_id)
            if name is None:
                continue
            target = item.source if isinstance(item, ReverseRelationField) else getattr(item, "target", None)
            list_class = self._class_ref(target, "list")
            assert list_class is not None, f"{self.view.id}.{item.property_id}: no list class for {target}"
            lines += ["", "    @property"]
            lines += def_header(name, ["self"], list_class, 4)
            lines += statement(
                "return ", call("self._connected", string_literal(self.names.fields[item.property_id]), list_class), 8
            )
        return lines

    def _attribute_docs(self, view: View, names: ViewNames, *, read: bool) -> list[str]:
        lines = []
        for item in view.fields:
            if not read and getattr(item, "read_only", False):
                continue
            if not read and isinstance(item, ReverseRelationField) and self._class_ref(item.source, "write") is None:
                continue
            field = names.fields[item.property_id]
            doc = field_docs(item)
            extra = _field_note(item, read=read)
            if field != to_snake_case(item.property_id):  # renamed: say which property it holds
                extra.insert(0, f"property ``{item.property_id}``")
            if not doc and not extra:
                continue
            text = doc
            if extra:
                text = (text + " " if text else "") + f"({'; '.join(extra)})"
            lines.append(f"    {field}: {text}")
        return lines


def _optional(elements: list[str], is_list: bool, *, nullable: bool = True) -> Expr:
    """``A | B | None``, or ``list[A | B] | None``; without ``None`` when not ``nullable``."""
    inner: Expr = union(*elements) if len(elements) > 1 else Atom(elements[0])
    value: Expr = subscript("list", inner) if is_list else inner
    if not nullable:
        return value
    return union(*(value.parts if isinstance(value, Union) else (value,)), "None")


def _required(item: Field) -> bool:
    if isinstance(item, PrimitiveField):
        return item.required and not item.read_only
    if isinstance(item, DirectRelationField):
        return item.required and not item.read_only
    return False


def _field_note(item: Field, *, read: bool) -> list[str]:
    notes: list[str] = []
    if isinstance(item, PrimitiveField):
        if item.unit:
            notes.append(f"unit {item.unit}")
        if item.default is not None and not read:
            notes.append(f"default {item.default!r}")
        if item.auto_increment and not read:
            notes.append("set by DMS when left out")
        if item.immutable and not read:
            notes.append("cannot change once written")
    elif isinstance(item, EdgeField):
        notes.append(
            ("inwards " if item.direction == "inwards" else "") + "edges; filled by ``retrieve_connections``"
            if read
            else "edges to write with the node"
        )
    elif isinstance(item, ReverseRelationField):
        notes.append("reverse relation; filled by ``retrieve_connections``" if read else "written as they are")
    return notes


def _summary(view: View) -> str:
    if view.name and view.name != view.id.external_id:
        return _one_line(view.name)
    return view.id.external_id


def _view_description(view: View) -> str | None:
    return view.description.strip() if view.description and view.description.strip() else None


def _read_doc(view: View) -> str:
    text = _view_description(view) or ""
    lenient = (
        "Every field is optional: a property without a value reads as ``None``, and properties this SDK does not "
        "know are ignored."
    )
    return f"{text}\n\n{lenient}" if text else lenient


def _one_line(text: str) -> str:
    return " ".join(text.split())


def data_module(context: SDKContext, view: View) -> str:
    return _DataModule(context, view).text()
