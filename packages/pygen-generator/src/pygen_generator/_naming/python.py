"""The Python naming policy: every identifier a generated Python SDK uses is computed here, once.

View base names, client attributes, modules and field names come from pygen-client's ``python_view_names`` and
``python_field_names`` (the functions its validation uses, so a warned name is the generated name). Everything else
is derived here from those: class names (base + suffix), the view constant, enum aliases, connection markers,
filter builders and filter keywords. Every rename is recorded as a note; ``PythonNames`` is the only object the
Python emitter asks for a name.
"""

from __future__ import annotations

import hashlib
import keyword
from dataclasses import dataclass
from typing import Literal

from pygen_client import (
    MAX_PYTHON_NAME_LENGTH,
    PYTHON_API_PARAMETER_NAMES,
    PYTHON_EDGE_VARIANT,
    PYTHON_RESERVED_CLASS_NAMES,
    PythonViewNames,
    python_field_names,
    python_view_names,
    to_pascal_case,
    to_snake_case,
)
from pygen_runtime import InstanceList, ViewId

from .._errors import GeneratorError
from .._ir import (
    DirectRelationField,
    EdgeField,
    Field,
    PrimitiveField,
    ReverseRelationField,
    SDKModel,
    View,
)

__all__ = ["ClassNames", "FilterKey", "FilterRole", "PythonNames", "ViewNames", "check_client_name", "check_package"]

FilterRole = Literal["equals", "prefix", "min", "max", "contains_any", "contains_all"]
InstanceKind = Literal["node", "edge"]

# Keywords every generated filter TypedDict has (from the runtime's InstanceFilters), and those of edge views.
BASE_FILTER_KEYS = ("external_id_prefix", "space")
EDGE_FILTER_KEYS = ("start_node", "end_node")
# Public attributes of a view API (the runtime's InstanceAPI and the generated methods): an edge-connection API
# attribute must not take one of these names.
API_MEMBER_NAMES = (
    "retrieve", "list", "iterate", "search", "aggregate", "histogram", "view_id", "default_space", "edge_type"
)  # fmt: skip
EDGE_API_SUFFIX = "_edge"
# Attributes of a read list (``list`` and the runtime's ``InstanceList``): a list property of a connection must not
# shadow one (``products.count(x)`` stays list.count).
LIST_MEMBER_NAMES = frozenset(dir(InstanceList))


@dataclass(frozen=True)
class ClassNames:
    """The classes of one instance kind of a view (views used for nodes and edges have two sets)."""

    kind: InstanceKind
    read: str
    write: str
    list: str
    api: str
    filters: str
    field: str
    text_field: str
    numeric_field: str
    sort_field: str
    attribute: str


@dataclass(frozen=True)
class FilterKey:
    """One keyword filter of a view's API: its keyword, what it does, and the field it filters."""

    key: str
    role: FilterRole
    property_id: str


@dataclass(frozen=True)
class ViewNames:
    """Every name of one view: its classes, module, constant, fields and their derived names."""

    view: ViewId
    base: str
    module: str
    constant: str
    variants: tuple[ClassNames, ...]
    fields: dict[str, str]
    enum_aliases: dict[str, str]
    markers: dict[str, str]
    builders: dict[str, str]
    filter_keys: tuple[FilterKey, ...]
    edge_apis: dict[str, str]  # property id of an edge connection -> its API attribute on the view's node API
    # property id of a connection whose target view is in the SDK -> its property on the node read list
    list_properties: dict[str, str]

    @property
    def data_module(self) -> str:
        return f"_{self.module}"

    def variant(self, kind: InstanceKind) -> ClassNames:
        return next(item for item in self.variants if item.kind == kind)


class PythonNames:
    """The names of a whole SDK. ``notes`` receives one line per identifier that differs from its plain form."""

    def __init__(self, sdk: SDKModel, *, client_name: str, notes: list[str]) -> None:
        self.client = client_name
        self._notes = notes
        self._sdk = sdk
        chosen = python_view_names({view.id: view.kind for view in sdk.views}, reserved=[client_name])
        # Every class of the SDK: enum aliases (defined per view module) must not take one of these names, since a
        # view module imports the classes of the views it connects to.
        self._class_names = {name for names in chosen.values() for name in names.class_names} | {client_name}
        self.views: dict[ViewId, ViewNames] = {}
        for view in sdk.views:
            names = chosen[view.id]
            if names.reason:
                notes.append(f"view {view.id}: classes named '{names.base}...' because {names.reason}")
            self.views[view.id] = self._view(view, names)

    def __getitem__(self, view_id: ViewId) -> ViewNames:
        return self.views[view_id]

    def _view(self, view: View, chosen: PythonViewNames) -> ViewNames:
        base = chosen.base
        variants: list[ClassNames] = []
        if view.is_node:
            variants.append(_class_names("node", base, chosen.attribute))
        if view.is_edge:
            edge_base = base + PYTHON_EDGE_VARIANT if view.kind == "all" else base
            attribute = f"{chosen.module}_{PYTHON_EDGE_VARIANT.lower()}" if view.kind == "all" else chosen.attribute
            variants.append(_class_names("edge", edge_base, attribute))
        fields = {}
        for prop_id, generated in python_field_names(item.property_id for item in view.fields).items():
            fields[prop_id] = generated.name
            if generated.reason:
                because = generated.reason if generated.reason.startswith("'") else f"it is {generated.reason}"
                self._notes.append(f"view {view.id}, property '{prop_id}': field named '{generated.name}' ({because})")
        taken = self._class_names | set(PYTHON_RESERVED_CLASS_NAMES)
        constant = f"{chosen.module.upper()}_VIEW"
        taken.add(constant)
        enum_aliases: dict[str, str] = {}
        for item in view.fields:
            if isinstance(item, PrimitiveField) and item.kind == "enum":
                wanted = _cap(base + to_pascal_case(fields[item.property_id]), f"{view.id}.{item.property_id}")
                alias = wanted
                if alias in taken:
                    alias = _cap(wanted + "Enum", f"{view.id}.{item.property_id}.enum")
                while alias in taken:
                    alias += "_"
                if alias != wanted:
                    self._notes.append(
                        f"view {view.id}, property '{item.property_id}': enum type named '{alias}' because "
                        f"'{wanted}' is taken"
                    )
                taken.add(alias)
                enum_aliases[item.property_id] = alias
        # Module-private constants: a leading underscore and upper case cannot clash with classes or imports.
        markers = {
            item.property_id: f"_{fields[item.property_id].upper()}"
            for item in view.fields
            if isinstance(item, (DirectRelationField, EdgeField, ReverseRelationField))
        }
        builders = {
            item.property_id: f"_{fields[item.property_id].upper()}" for item in view.fields if _filterable(item)
        }
        return ViewNames(
            view=view.id,
            base=base,
            module=chosen.module,
            constant=constant,
            variants=tuple(variants),
            fields=fields,
            enum_aliases=enum_aliases,
            markers=markers,
            builders=builders,
            filter_keys=self._filter_keys(view, fields),
            edge_apis=self._edge_apis(view, fields) if view.is_node else {},
            list_properties=self._list_properties(view, fields) if view.is_node else {},
        )

    def _list_properties(self, view: View, fields: dict[str, str]) -> dict[str, str]:
        """The field name per connection to a node view of the SDK (``products.category``). A name of a list or
        ``InstanceList`` member (``count``, ``sort``, ``get``, ...) gets ``_``, after the names that need none."""
        wanted = {
            item.property_id: fields[item.property_id]
            for item in view.fields
            if _connected_node_view(self._sdk, item) is not None
        }
        taken = set(LIST_MEMBER_NAMES)
        free = {prop_id: name for prop_id, name in wanted.items() if name not in taken}
        taken |= set(free.values())
        names: dict[str, str] = {}
        for prop_id, name in wanted.items():
            if prop_id in free:
                names[prop_id] = name
                continue
            chosen = name
            while chosen in taken:
                chosen += "_"
            self._notes.append(
                f"view {view.id}, property '{prop_id}': list property named '{chosen}' because '{name}' is a "
                "member of the read list"
            )
            taken.add(chosen)
            names[prop_id] = chosen
        return names

    def _edge_apis(self, view: View, fields: dict[str, str]) -> dict[str, str]:
        """``<field>_edge`` per edge connection (v1's name), the API of its edges on the view's API. Such a name
        cannot clash with another (field names are unique); one that takes an API member's name gets ``_``."""
        taken = set(API_MEMBER_NAMES)
        names: dict[str, str] = {}
        for item in view.fields:
            if not isinstance(item, EdgeField):
                continue
            wanted = _cap(fields[item.property_id] + EDGE_API_SUFFIX, f"{view.id}.{item.property_id}.edge")
            name = wanted
            while name in taken or keyword.iskeyword(name):
                name += "_"
            if name != wanted:
                self._notes.append(
                    f"view {view.id}, property '{item.property_id}': edge API named '{name}' because '{wanted}' is "
                    "taken"
                )
            taken.add(name)
            names[item.property_id] = name
        return names

    def _filter_keys(self, view: View, fields: dict[str, str]) -> tuple[FilterKey, ...]:
        """Keyword filters: the field name for equality, ``_prefix``, ``min_``/``max_`` and ``_contains_any``/
        ``_contains_all`` for the rest. A keyword another filter or an API parameter already uses gets ``_``."""
        wanted: list[FilterKey] = []
        for item in view.fields:
            name = fields[item.property_id]
            for role in _roles(item):
                key = {
                    "equals": name,
                    "prefix": f"{name}_prefix",
                    "min": f"min_{name}",
                    "max": f"max_{name}",
                    "contains_any": f"{name}_contains_any",
                    "contains_all": f"{name}_contains_all",
                }[role]
                wanted.append(FilterKey(key, role, item.property_id))
        taken = set(BASE_FILTER_KEYS) | set(PYTHON_API_PARAMETER_NAMES)
        if view.is_edge:
            taken |= set(EDGE_FILTER_KEYS)
        resolved: dict[tuple[str, str], str] = {}
        # Equality keys (the field names themselves) first, so a derived key yields to a field of that name.
        for equality in (True, False):
            for candidate in wanted:
                if (candidate.role == "equals") != equality:
                    continue
                key = candidate.key
                while key in taken or keyword.iskeyword(key):
                    key += "_"
                if key != candidate.key:
                    self._notes.append(
                        f"view {view.id}, property '{candidate.property_id}': filter keyword '{key}' because "
                        f"'{candidate.key}' is taken"
                    )
                taken.add(key)
                resolved[(candidate.property_id, candidate.role)] = key
        return tuple(FilterKey(resolved[(key.property_id, key.role)], key.role, key.property_id) for key in wanted)


def _roles(item: Field) -> tuple[FilterRole, ...]:
    if isinstance(item, PrimitiveField):
        if item.kind == "json":
            return ()
        if item.is_list:
            return ("contains_any", "contains_all")
        if item.is_text_like:
            return ("equals", "prefix")
        if item.kind in ("boolean", "enum"):
            return ("equals",)
        return ("min", "max")  # numbers, dates, timestamps
    if isinstance(item, DirectRelationField):
        return ("contains_any", "contains_all") if item.is_list else ("equals",)
    return ()


def _connected_node_view(sdk: SDKModel, item: Field) -> ViewId | None:
    """The node view of the SDK whose objects a connection field holds when filled: a direct relation's target, an
    edge's far end, a reverse relation's source; ``None`` for other fields or views outside the SDK."""
    if isinstance(item, (DirectRelationField, EdgeField)):
        target = sdk.view(item.target)
    elif isinstance(item, ReverseRelationField):
        target = sdk.view(item.source)
    else:
        return None
    return target.id if target is not None and target.is_node else None


def _filterable(item: Field) -> bool:
    return bool(_roles(item))


def _class_names(kind: InstanceKind, base: str, attribute: str) -> ClassNames:
    return ClassNames(
        kind=kind,
        read=base,
        write=f"{base}Write",
        list=f"{base}List",
        api=f"{base}API",
        filters=f"{base}Filters",
        field=f"{base}Field",
        text_field=f"{base}TextField",
        numeric_field=f"{base}NumericField",
        sort_field=f"{base}SortField",
        attribute=attribute,
    )


def _variant_names(names: ClassNames) -> tuple[str, ...]:
    return (
        names.read,
        names.write,
        names.list,
        names.api,
        names.filters,
        names.field,
        names.text_field,
        names.numeric_field,
        names.sort_field,
    )


def _cap(name: str, key: str) -> str:
    if len(name) <= MAX_PYTHON_NAME_LENGTH:
        return name
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return name[: MAX_PYTHON_NAME_LENGTH - 8] + digest.upper()


def check_package(package: str) -> str:
    """A dotted package name of Python identifiers (``my_domain.client``); raises ``GeneratorError`` otherwise."""
    parts = package.split(".")
    bad = [part for part in parts if not part.isidentifier() or keyword.iskeyword(part)]
    if not package or bad:
        raise GeneratorError(
            f"package {package!r} is not a valid Python package name: {', '.join(repr(part) for part in bad)} "
            f"{'is not an identifier' if len(bad) == 1 else 'are not identifiers'} (use letters, digits and _; "
            f"for example {to_snake_case(package) or 'my_sdk'!r})"
        )
    return package


def check_client_name(client_name: str) -> str:
    if not client_name.isidentifier() or keyword.iskeyword(client_name):
        raise GeneratorError(
            f"client_name {client_name!r} is not a valid Python class name (for example "
            f"{to_pascal_case(client_name) or 'MyClient'!r})"
        )
    if client_name in PYTHON_RESERVED_CLASS_NAMES:
        raise GeneratorError(f"client_name {client_name!r} would shadow a name generated code uses; choose another")
    return client_name
