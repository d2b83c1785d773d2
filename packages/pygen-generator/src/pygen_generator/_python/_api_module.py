"""``_api/_<view>.py``: the typed API of one view (``client.<view>``): its keyword filters as a ``TypedDict`` and a
subclass of the runtime's ``InstanceAPI`` with ``list``, ``iterate``, ``search``, ``aggregate`` and ``histogram``
(``retrieve`` comes typed from the base class). A view that other views of the SDK implement subclasses
``ParentInstanceAPI`` instead, whose ``retrieve`` also takes ``as_child_class``."""

from __future__ import annotations

from .._errors import GeneratorError
from .._ir import DirectRelationField, EdgeField, PrimitiveField, View, view_sort_key
from .._naming.python import ClassNames, FilterKey, ViewNames
from ._code import Imports, ModuleText, header_comment
from ._context import SDKContext, node_id_call
from ._data_module import numeric_fields, text_fields
from ._escape import docstring_lines, string_literal
from ._layout import (
    Arg,
    Atom,
    Call,
    Display,
    annotation_statement,
    call,
    class_header,
    fits,
    flat,
    layout,
    parameter_lines,
    statement,
    subscript,
)
from ._layout import union as union_of
from ._types import filter_value_type

__all__ = ["api_module"]

_NODE_ID = "NodeId | tuple[str, str]"
# The union of a parent view's read class and its children's (no generated name starts with an underscore and a
# capital letter followed by lower case, so it cannot collide).
_READ_OR_CHILD = "_ReadOrChild"
_ROLE_TEXT = {
    "equals": "equal to the value, or to any value of a list",
    "prefix": "starts with the value",
    "min": "at least the value",
    "max": "at most the value",
    "contains_any": "the list contains any of the values",
    "contains_all": "the list contains all the values",
}


class _APIModule:
    def __init__(self, context: SDKContext, view: View) -> None:
        self.context = context
        self.view = view
        self.names: ViewNames = context.names[view.id]
        self.imports = Imports()
        self.type_checking = Imports()  # imports for annotations only (other views' API classes, Unpack)
        self.type_aliases: list[str] = []  # type aliases for type checkers only (after those imports)
        self.runtime = context.runtime(depth=1)
        self.data_module = f"..data_classes.{self.names.data_module}"
        self.fields_by_id = {item.property_id: item for item in view.fields}

    def text(self) -> str:
        view = self.view
        body = ModuleText()
        attributes = ", ".join(f"``client.{variant.attribute}``" for variant in self.names.variants)
        summary = f"{attributes}: typed reads of the view {view.id}."
        blocks: list[tuple[list[str], str]] = []
        builders = self._builders()
        if builders:
            blocks.append((builders, "statement"))
        for variant in self.names.variants:
            blocks.append((self._filters_class(variant), "class"))
            blocks.append((self._api_class(variant), "class"))
        self.imports.add(self.runtime, "InstanceClient", "InstanceFilters", "Filter")
        self.imports.add("typing", "TYPE_CHECKING")
        body.header(header_comment(self.context.options.generator_version, self.context.source), summary)
        imports = self.imports.lines()
        body.block(["from __future__ import annotations", "", *imports], kind="imports")
        self.type_checking.add("typing_extensions", "Unpack")
        checking = ["if TYPE_CHECKING:", *self.type_checking.lines(indent=4)]
        if self.type_aliases:
            checking += ["", *self.type_aliases]
        body.block(checking)
        for lines, kind in blocks:
            body.block(lines, kind=kind)
        return body.text()

    # -- filters --------------------------------------------------------------------------------------------

    def _builders(self) -> list[str]:
        lines: list[str] = []
        for item in self.view.fields:
            name = self.names.builders.get(item.property_id)
            if name is None:
                continue
            builder = _builder_class(item)
            self.imports.add(self.runtime, builder)
            self.imports.add(self.data_module, self.names.constant)
            expr = call(builder, self.names.constant, string_literal(item.property_id))
            lines += statement(f"{name} = ", expr, 0)
        if self.view.is_edge:
            self.imports.add(self.runtime, "DirectRelationProperty")
            lines.append('_START_NODE = DirectRelationProperty(["edge", "startNode"])')
            lines.append('_END_NODE = DirectRelationProperty(["edge", "endNode"])')
        return lines

    def _keys(self, variant: ClassNames) -> list[tuple[str, list[str], str]]:
        """(keyword, union members of its type, what it does) for each filter keyword of ``variant``."""
        keys: list[tuple[str, list[str], str]] = []
        for key in self.names.filter_keys:
            item = self.fields_by_id[key.property_id]
            keys.append((key.key, self._key_type(key, item), _ROLE_TEXT[key.role]))
        if variant.kind == "edge":
            self.imports.add(self.runtime, "NodeId")
            self.imports.add("collections.abc", "Sequence")
            for end in ("start_node", "end_node"):
                keys.append(
                    (end, [_NODE_ID, f"Sequence[{_NODE_ID}]"], "the edge's start or end node, or any of a list")
                )
        return keys

    def _key_type(self, key: FilterKey, item: object) -> list[str]:
        if isinstance(item, DirectRelationField):
            self.imports.add(self.runtime, "NodeId")
            self.imports.add("collections.abc", "Sequence")
            return [_NODE_ID, f"Sequence[{_NODE_ID}]"]
        assert isinstance(item, PrimitiveField)
        alias = self.names.enum_aliases.get(item.property_id)
        if alias is not None:
            self.imports.add(self.data_module, alias)
        value = filter_value_type(item, alias)
        if item.kind == "date":
            self.imports.add("datetime", "date")
        if item.kind == "timestamp":
            self.imports.add("datetime", "datetime")
        if (key.role in ("equals",) and item.kind not in ("boolean",)) or key.role.startswith("contains"):
            self.imports.add("collections.abc", "Sequence")
            return [value, f"Sequence[{value}]"]
        return [value]

    def _filters_class(self, variant: ClassNames) -> list[str]:
        lines = class_header(variant.filters, Atom("InstanceFilters, total=False"))
        keys = self._keys(variant)
        doc = ["Keys:"]
        for role_text in dict.fromkeys(text for _, _, text in keys):
            listed = ", ".join(key for key, _, text in keys if text == role_text)
            doc.append(f"    {listed}: {role_text}.")
        doc.append("    external_id_prefix, space: the instance's external id prefix, and its space or spaces.")
        lines += docstring_lines(
            f"Keyword filters of ``client.{variant.attribute}``; all given filters must match.",
            "\n".join(doc),
            indent=4,
        )
        if keys:
            lines.append("")
        for key, union, _ in keys:
            lines += annotation_statement(key, union, 4)
        return lines

    def _property_filter(self, variant: ClassNames) -> list[str]:
        calls: list[Arg] = []
        by_field: dict[str, dict[str, str]] = {}
        for key in self.names.filter_keys:
            by_field.setdefault(key.property_id, {})[key.role] = key.key
        for prop_id, roles in by_field.items():
            builder = self.names.builders[prop_id]
            item = self.fields_by_id[prop_id]

            def get(role: str, roles: dict[str, str] = roles) -> Call:
                return call("filters.get", string_literal(roles[role]))

            for role in roles:
                if role == "equals":
                    method = "equals" if isinstance(item, PrimitiveField) and item.kind == "boolean" else "equals_or_in"
                    calls.append(Arg(call(f"{builder}.{method}", get("equals"))))
                elif role == "prefix":
                    calls.append(Arg(call(f"{builder}.prefix", get("prefix"))))
                elif role == "min":
                    calls.append(Arg(call(f"{builder}.range", get("min"), get("max"))))
                elif role in ("contains_any", "contains_all"):
                    calls.append(Arg(call(f"{builder}.{role}", get(role))))
        if variant.kind == "edge":
            for end in ("start_node", "end_node"):
                calls.append(Arg(call(f"_{end.upper()}.equals_or_in", call("filters.get", string_literal(end)))))
        if not calls:
            return []
        self.imports.add(self.runtime, "and_filters")
        self.imports.add("collections.abc", "Mapping")
        self.imports.add("typing", "Any")
        lines = ["    def _property_filter(self, filters: Mapping[str, Any]) -> Filter | None:"]
        lines += statement("return ", Call("and_filters", tuple(calls), magic=True), 8)
        return lines

    # -- the API class --------------------------------------------------------------------------------------

    def _api_class(self, variant: ClassNames) -> list[str]:
        view = self.view
        self.imports.add(self.data_module, variant.read, variant.list, variant.field, variant.sort_field)
        self.imports.add(self.runtime, "DEFAULT_LIMIT")
        self.imports.add("collections.abc", "Sequence", "Iterator")
        self.imports.add(self.runtime, "Page")
        self.imports.add_alias(self.runtime, "Direction", "SortDirection")
        has_text = bool(text_fields(view))
        has_numeric = bool(numeric_fields(view))
        if has_text:
            self.imports.add(self.data_module, variant.text_field)
        if has_numeric:
            self.imports.add(self.data_module, variant.numeric_field)
        methods = ["retrieve", "list", "iterate", "search", "aggregate"] + (["histogram"] if has_numeric else [])
        children = self._children() if variant.kind == "node" else []
        if children:
            lines = class_header(variant.api, self._parent_base(variant, children))
        else:
            self.imports.add(self.runtime, "InstanceAPI")
            lines = class_header(variant.api, subscript("InstanceAPI", variant.read, variant.list))
        what = "edges" if variant.kind == "edge" else "nodes"
        body = f"Methods: {', '.join(f'``{name}``' for name in methods)}."
        if view.writable:
            body += f" Write with ``client.upsert({variant.write}(...))`` and delete with ``client.delete(...)``."
        if variant.kind == "node" and self.names.edge_apis:
            body += " The edges of each edge connection: " + ", ".join(
                f"``{name}``" for name in self.names.edge_apis.values()
            )
            body += "."
        if children:
            body += (
                " ``retrieve(..., as_child_class=[...])`` returns the nodes of the views implementing this one as "
                "their own classes."
            )
        lines += docstring_lines(f"Typed reads of the {what} of {view.id}.", body, indent=4)
        lines.append("")
        init_params = ["self", "client: InstanceClient", "*", "default_space: str | None = None"]
        init_args = [
            Arg(Atom("client")),
            Arg(Atom(variant.read)),
            Arg(Atom(variant.list)),
            Arg(Atom(variant.filters)),
            Arg(Atom("default_space"), "default_space="),
        ]
        if variant.kind == "edge":  # the edges of one edge connection: client.<view>.<field>_edge
            self.imports.add(self.runtime, "NodeId")
            init_params.append("edge_type: NodeId | None = None")
            init_args.append(Arg(Atom("edge_type"), "edge_type="))
        if children:  # child name -> read class, loaded when as_child_class names it; most derived first
            self.imports.add(self.runtime, "lazy_class")
            entries = tuple(
                Arg(
                    call(
                        "lazy_class",
                        string_literal(f"..data_classes.{names.data_module}"),
                        string_literal(read),
                        "__package__",
                    ),
                    f"{string_literal(name)}: ",
                )
                for name, names, read in children
            )
            init_args.append(Arg(Display(entries, "{}"), "children="))
        lines += _signature("__init__", init_params, "None")
        lines += statement("super().__init__", Call("", tuple(init_args)), 8)
        property_filter = self._property_filter(variant)
        if property_filter:
            lines.append("")
            lines += property_filter
        if variant.kind == "node":
            for item in view.fields:
                if isinstance(item, EdgeField) and item.property_id in self.names.edge_apis:
                    lines.append("")
                    lines += self._edge_api(item)
        unpack = f"**filters: Unpack[{variant.filters}]"
        sort_params = [
            ("filter", ["Filter", "None"], "None"),
            ("sort_by", [variant.sort_field, f"Sequence[{variant.sort_field}]", "None"], "None"),
            ("direction", ["SortDirection"], '"ascending"'),
        ]
        # iterate
        connections = variant.kind == "node"  # connections are filled on node classes (as in ``list``)
        connection_doc = None
        if connections and (view.edges or view.reverse_relations or view.direct_relations):
            connection_doc = (
                '``retrieve_connections="identifier"`` also fills edges and reverse relations with ids (or edge '
                'objects); ``"full"`` puts the connected objects in place of their ids.'
            )
        iterate_params: list[object] = [
            ("chunk_size", ["int"], "1000"),
            "*",
            ("cursor", ["str", "None"], "None"),
            ("limit", ["int", "None"], "None"),
            *sort_params,
        ]
        iterate_kwargs = {
            "chunk_size": "chunk_size",
            "cursor": "cursor",
            "limit": "limit",
            "filter": "filter",
            "sort_by": "sort_by",
            "direction": "direction",
        }
        if connections:
            self.imports.add(self.runtime, "RetrieveConnections")
            iterate_params.append(("retrieve_connections", ["RetrieveConnections"], '"skip"'))
            iterate_kwargs["retrieve_connections"] = "retrieve_connections"
        lines.append("")
        lines += self._def("iterate", iterate_params, unpack, f"Iterator[Page[{variant.list}]]")
        iterate_doc = (
            "Each page carries ``next_cursor``; pass it as ``cursor`` to resume later, even in another process."
        )
        if connection_doc:
            iterate_doc += (
                f" {connection_doc} Each page is then one ``/query`` with its connections; resume its cursor with "
                "the same ``retrieve_connections``."
            )
        lines += docstring_lines(
            f"Matching {what} page by page (``chunk_size`` per page), holding one page in memory at a time.",
            iterate_doc,
            indent=8,
        )
        lines += statement("return self._iterate", _kw_call(["filters"], **iterate_kwargs), 8)
        # search
        self.imports.add("typing", "Literal")
        search_params: list[object] = [("query", ["str", "None"], "None")]
        if has_text:
            search_params.append(
                ("properties", [variant.text_field, f"Sequence[{variant.text_field}]", "None"], "None")
            )
        search_params += [
            "*",
            *sort_params,
            ("operator", ['Literal["AND", "OR"]', "None"], "None"),
            ("limit", ["int", "None"], "DEFAULT_LIMIT"),
        ]
        lines.append("")
        lines += self._def("search", search_params, unpack, variant.list)
        lines += docstring_lines(
            f"Free-text search for ``query`` in the text fields{' (``properties``, all by default)' if has_text else ''}"
            ", best matches first.",
            "DMS search has no cursor: at most 1000 results (``limit=None`` asks for 1000).",
            indent=8,
        )
        search_kwargs = {"query": "query"}
        if has_text:
            search_kwargs["properties"] = "properties"
        search_kwargs.update(
            filter="filter", sort_by="sort_by", direction="direction", operator="operator", limit="limit"
        )
        lines += statement("return self._search", _kw_call(["filters"], **search_kwargs), 8)
        # aggregate
        self.imports.add(self.runtime, "AggregateName", "AggregateResult", "Aggregation")
        aggregate_params: list[object] = [
            ("aggregate", ["AggregateName", "Aggregation", "Sequence[AggregateName | Aggregation]"], None),
            ("property", [variant.field, "None"], "None"),
            "*",
            ("group_by", [variant.field, f"Sequence[{variant.field}]", "None"], "None"),
            ("query", ["str", "None"], "None"),
        ]
        if has_text:
            aggregate_params.append(
                ("search_properties", [variant.text_field, f"Sequence[{variant.text_field}]", "None"], "None")
            )
        aggregate_params += [("filter", ["Filter", "None"], "None"), ("limit", ["int", "None"], "None")]
        lines.append("")
        lines += self._def("aggregate", aggregate_params, unpack, "AggregateResult")
        lines += docstring_lines(
            f"Count, sum, avg, min or max over the matching {what}, optionally per group (``group_by``).",
            '``aggregate("count")`` counts; ``aggregate("avg", "<field>")`` averages a numeric field; '
            '``aggregate("count", group_by="<field>")`` gives one group per value.',
            indent=8,
        )
        aggregate_kwargs = {"property": "property", "group_by": "group_by", "query": "query"}
        if has_text:
            aggregate_kwargs["search_properties"] = "search_properties"
        aggregate_kwargs.update(filter="filter", limit="limit")
        lines += statement("return self._aggregate", _kw_call(["filters", "aggregate"], **aggregate_kwargs), 8)
        if has_numeric:
            self.imports.add(self.runtime, "HistogramValue")
            histogram_params: list[object] = [
                ("property", [variant.numeric_field], None),
                ("interval", ["float"], None),
                "*",
                ("query", ["str", "None"], "None"),
            ]
            if has_text:
                histogram_params.append(
                    ("search_properties", [variant.text_field, f"Sequence[{variant.text_field}]", "None"], "None")
                )
            histogram_params += [("filter", ["Filter", "None"], "None"), ("limit", ["int", "None"], "None")]
            lines.append("")
            lines += self._def("histogram", histogram_params, unpack, "HistogramValue")
            lines += docstring_lines(
                f"Counts of the matching {what} in buckets of ``interval`` over the numeric ``property``.",
                None,
                indent=8,
            )
            histogram_kwargs = {"query": "query"}
            if has_text:
                histogram_kwargs["search_properties"] = "search_properties"
            histogram_kwargs.update(filter="filter", limit="limit")
            lines += statement(
                "return self._histogram", _kw_call(["filters", "property", "interval"], **histogram_kwargs), 8
            )
        # list comes last: a method named ``list`` would shadow the builtin in later annotations of the class
        list_params: list[object] = ["*", *sort_params, ("limit", ["int", "None"], "DEFAULT_LIMIT")]
        list_kwargs = {"filter": "filter", "sort_by": "sort_by", "direction": "direction", "limit": "limit"}
        if variant.kind == "node":
            self.imports.add(self.runtime, "RetrieveConnections")
            list_params.append(("retrieve_connections", ["RetrieveConnections"], '"skip"'))
            list_kwargs["retrieve_connections"] = "retrieve_connections"
        lines.append("")
        lines += self._def("list", list_params, unpack, variant.list)
        list_doc = f"Matching {what}, at most ``limit`` (``None`` for all)."
        lines += docstring_lines(list_doc, connection_doc, indent=8)
        lines += statement("return self._list", _kw_call(["filters"], **list_kwargs), 8)
        return lines

    def _children(self) -> list[tuple[str, ViewNames, str]]:
        """``(name, names, read class)`` of each view of the SDK that implements this one (directly or not) and
        holds nodes, most derived first: a child comes before every child it implements (it has more ancestors
        among them), then by view id. The name is the view's external id, or its full id when two children share
        an external id (views of other spaces or versions)."""
        views = [self.context.view(child) for child in self.view.descendants]
        nodes = [view for view in views if view is not None and view.is_node]
        ids = {view.id for view in nodes}
        external_ids = [view.id.external_id for view in nodes]
        ordered = sorted(nodes, key=lambda view: (-len(ids.intersection(view.ancestors)), view_sort_key(view.id)))
        result = []
        for view in ordered:
            name = view.id.external_id if external_ids.count(view.id.external_id) == 1 else str(view.id)
            names = self.context.names[view.id]
            result.append((name, names, names.variant("node").read))
        return result

    def _parent_base(self, variant: ClassNames, children: list[tuple[str, ViewNames, str]]) -> Call:
        """``ParentInstanceAPI[Read, List, Literal[<child names>], "_ReadOrChild"]``: the union of the read class and
        the child read classes is a type alias for type checkers only (the children are imported under
        ``TYPE_CHECKING``, so that using this API never imports them), named in a string."""
        self.imports.add(self.runtime, "ParentInstanceAPI")
        self.imports.add("typing", "Literal")
        by_name = sorted(children, key=lambda child: child[0])
        for _, names, read in by_name:
            self.type_checking.add(f"{self.data_module.rpartition('.')[0]}.{names.data_module}", read)
        # An implicit type alias (no ``TypeAlias`` import, whose name a child class could take).
        family = union_of(variant.read, *(read for _, _, read in by_name))
        line = f"    {_READ_OR_CHILD} = {flat(family)}"
        inner = layout("", family, "", 8)
        if fits(line) or inner is None:
            self.type_aliases.append(line)
        else:
            self.type_aliases += [f"    {_READ_OR_CHILD} = (", *inner, "    )"]
        literal = subscript("Literal", *(string_literal(name) for name, _, _ in by_name))
        return subscript("ParentInstanceAPI", variant.read, variant.list, literal, f'"{_READ_OR_CHILD}"')

    def _edge_api(self, item: EdgeField) -> list[str]:
        """``<field>_edge``: the edge view's API restricted to the connection's edge type, or, for edges without
        properties, the runtime's ``EdgeConnectionAPI``. Imported on first use, like the view APIs of the client."""
        name = self.names.edge_apis[item.property_id]
        field = self.names.fields[item.property_id]
        edge_view = self.context.view(item.edge_view)
        edge_type = node_id_call(item.edge_type)
        near = "start" if item.direction == "outwards" else "end"
        about = f"Edges of type {item.edge_type}; this node is their ``{near}_node``."
        self.imports.add("functools", "cached_property")
        lines = ["    @cached_property"]
        if edge_view is not None and edge_view.is_edge:
            api = self.context.names[edge_view.id].variant("edge").api
            module = self.context.names[edge_view.id].module
            own_module = edge_view.id == self.view.id
            if not own_module:
                self.type_checking.add(f"._{module}", api)
            lines.append(f"    def {name}(self) -> {api}:")
            lines += docstring_lines(
                f"The ``{field}`` edges, with their properties.",
                f"{about} A ``{api}`` of these edges only: ``list`` and ``iterate`` filter by ``start_node``/"
                "``end_node``, the edge properties, ``external_id_prefix`` and ``space``; ``search``, ``aggregate`` "
                "and ``retrieve`` work too.",
                indent=8,
            )
            if not own_module:
                lines.append(f"        from ._{module} import {api}")
                lines.append("")
            value = call(api, "self._client", default_space="self.default_space", edge_type=edge_type)
        else:
            self.imports.add(self.runtime, "EdgeConnectionAPI")
            lines.append(f"    def {name}(self) -> EdgeConnectionAPI:")
            lines += docstring_lines(
                f"The ``{field}`` edges (they carry no properties).",
                f"{about} ``list`` and ``iterate`` filter by ``start_node``/``end_node``, ``external_id_prefix`` and "
                "``space``.",
                indent=8,
            )
            value = call("EdgeConnectionAPI", "self._client", edge_type, default_space="self.default_space")
        self.imports.add(self.runtime, "NodeId")
        lines += statement("return ", value, 8)
        return lines

    def _def(self, name: str, params: list[object], unpack: str, returns: str) -> list[str]:
        lines = [f"    def {name}(", "        self,"]
        for param in params:
            if param == "*":
                lines.append("        *,")
                continue
            assert isinstance(param, tuple)
            param_name, union, default = param
            rendered = parameter_lines(param_name, union, default, 8)
            if rendered is None:
                raise GeneratorError(f"internal error: parameter {param_name} of {name} does not fit a line")
            lines += rendered
        lines.append(f"        {unpack},")
        lines.append(f"    ) -> {returns}:")
        return lines


def _signature(name: str, params: list[str], returns: str) -> list[str]:
    """A method header as ruff formats it: one line; else the parameters on one indented line; else one per line."""
    line = f"    def {name}({', '.join(params)}) -> {returns}:"
    if fits(line):
        return [line]
    hugged = "        " + ", ".join(params)
    if fits(hugged):
        return [f"    def {name}(", hugged, f"    ) -> {returns}:"]
    return [f"    def {name}(", *(f"        {param}," for param in params), f"    ) -> {returns}:"]


def _builder_class(item: object) -> str:
    if isinstance(item, DirectRelationField):
        return "ListProperty" if item.is_list else "DirectRelationProperty"
    assert isinstance(item, PrimitiveField)
    if item.is_list:
        return "ListProperty"
    if item.is_text_like:
        return "TextProperty"
    if item.is_numeric:
        return "NumberProperty"
    return {
        "boolean": "BooleanProperty",
        "date": "DateProperty",
        "timestamp": "TimestampProperty",
        "enum": "EnumProperty",
    }[item.kind]


def _kw_call(positional: list[str], **keywords: str) -> Call:
    return Call(
        "",
        tuple(Arg(Atom(name)) for name in positional)
        + tuple(Arg(Atom(value), f"{key}=") for key, value in keywords.items()),
    )


def api_module(context: SDKContext, view: View) -> str:
    return _APIModule(context, view).text()
