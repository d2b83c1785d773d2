"""The TypeScript naming policy: every identifier a generated TypeScript SDK uses is computed here, once.

Names are built from the words of a DMS identifier (pygen-client's ``split_words``), so a view's interface
(``RelatesTo``), constants (``RELATES_TO_VIEW``), file (``relates_to.ts``) and client attribute (``relatesTo``)
always agree. The policy follows the Python generator's rules where the languages allow it, so the two SDKs read
alike and the same model gives the same choices:

- view names: PascalCase of the external id; views whose names collide move to the next candidate (plus the
  version, the space in front, both) and are numbered when nothing separates them; a name that would shadow a
  global type or a runtime name the generated files import gets a trailing ``_``;
- fields: camelCase of the property id with an explicit field <-> property-id map; the instance keys the runtime
  reserves get a trailing ``_``; collisions within a view are numbered (``isActive``, ``isActive2``);
- filter arguments: the Python keyword names in camelCase (``namePrefix``, ``minPrice``, ``tagsContainsAny``),
  equality arguments first, a taken name gets a trailing ``_``.

Over-long names are shortened with a hash of the DMS identifier, so they stay unique and stable. Every rename is
recorded as a note; ``TypeScriptNames`` is the only object the TypeScript emitter asks for a name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pygen_client import (
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    TYPESCRIPT_RESERVED_WORDS,
    GeneratedName,
    resolve_field_collisions,
    split_words,
)
from pygen_runtime import ViewId

from .._errors import GeneratorError
from .._ir import DirectRelationField, Field, PrimitiveField, SDKModel, View, view_sort_key

__all__ = [
    "INSTANCE_KEYS",
    "MAX_TYPESCRIPT_NAME_LENGTH",
    "RESERVED_ARGUMENT_NAMES",
    "RUNTIME_IMPORTS",
    "ArgKind",
    "EdgeVariantNames",
    "FilterArg",
    "TypeScriptNames",
    "TypeScriptViewNames",
    "check_typescript_client_name",
    "typescript_client_attribute",
    "typescript_edge_api_names",
    "typescript_edge_type_constant",
    "typescript_enum_name",
    "typescript_field_names",
    "typescript_filter_args",
    "typescript_view_names",
]

ArgKind = Literal["equals", "equalsOrIn", "prefix", "min", "max", "containsAny", "containsAll"]

# Generated identifiers are capped so that lines stay readable and within what deno fmt can lay out; a longer name
# keeps its first words and gets a short hash of the DMS identifier.
MAX_TYPESCRIPT_NAME_LENGTH = 40
MAX_TYPESCRIPT_FIELD_LENGTH = 50
MAX_CONSTANT_PREFIX_LENGTH = 45
# The field part of an edge-type constant (``PRODUCT_RELATED_PRODUCTS_EDGE_TYPE``) and of an enum type.
MAX_DERIVED_PART_LENGTH = 30

# The runtime's instance keys (``INSTANCE_KEYS`` of npm/pygen-runtime/src/view.ts): a view field cannot use them.
# ``__proto__`` and ``constructor`` would read or replace an object's prototype machinery.
INSTANCE_KEYS: frozenset[str] = frozenset(
    {"instanceType", "space", "externalId", "type", "startNode", "endNode", "existingVersion", "dataRecord"}
)
# Members every object inherits: a field or argument with one of these names would hide (or, when absent, read as)
# Object.prototype's method. ``__proto__`` would replace an object's prototype.
OBJECT_MEMBERS: frozenset[str] = frozenset(
    {
        "__proto__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    }
)
RESERVED_FIELD_NAMES: frozenset[str] = INSTANCE_KEYS | OBJECT_MEMBERS

# ``RESERVED_ARGUMENT_NAMES`` of npm/pygen-runtime/src/args.ts: the base arguments and options of list, iterate,
# search, aggregate and histogram, which a generated filter argument cannot reuse.
RESERVED_ARGUMENT_NAMES: tuple[str, ...] = (
    "space",
    "externalIdPrefix",
    "filter",
    "startNode",
    "endNode",
    "type",
    "limit",
    "sortBy",
    "direction",
    "nullsFirst",
    "sort",
    "cursor",
    "chunkSize",
    "properties",
    "operator",
    "property",
    "groupBy",
    "query",
    "searchProperties",
    "retrieveConnections",
    "signal",
)

# Every name a generated file imports from pygen-runtime, or uses as a global type: a generated interface, type or
# class with one of these names would shadow it in the files that use both.
RUNTIME_IMPORTS: frozenset[str] = frozenset(
    {
        "ArgSpec",
        "ClientConfig",
        "ClientConfigOptions",
        "ConnectionEdge",
        "EdgeFilterArgs",
        "EdgeInstance",
        "EdgeWrite",
        "FilterArgs",
        "HTTPClient",
        "InstanceAPI",
        "InstanceClient",
        "InstanceClientOptions",
        "NestedEdgeWrite",
        "NodeId",
        "NodeInstance",
        "NodeWrite",
        "Omit",
        "ParentInstanceAPI",
        "PropertyMap",
        "ViewDescriptor",
        "ViewWrite",
    }
)
RESERVED_TYPE_NAMES: frozenset[str] = TYPESCRIPT_RESERVED_CLASS_NAMES | RUNTIME_IMPORTS | {"Date", "Record"}

# Members of the runtime's ``InstanceClient`` and of every object: a view's client attribute must not replace one.
CLIENT_MEMBERS: frozenset[str] = frozenset(
    {"config", "defaultInstanceSpace", "delete", "http", "query", "resolveIds", "retrieve", "sync", "upsert"}
)

# Members of the runtime's ``InstanceAPI`` (and of every object): an edge-connection API getter on a view's API must
# not replace one.
API_MEMBERS: frozenset[str] = frozenset(
    {
        "aggregate",
        "argSpec",
        "childNames",
        "client",
        "delete",
        "descriptor",
        "edgeType",
        "filters",
        "histogram",
        "iterate",
        "list",
        "retrieve",
        "search",
        "upsert",
    }
)
# ``<field>Edge``: the getter of an edge connection's API on its view's API (Python: ``<field>_edge``).
EDGE_API_SUFFIX = "Edge"

# The types and constants generated per view: the interface name plus each suffix, the constant prefix plus each.
# ``Children``: the child name -> read type map of a view other views implement (``retrieve``'s ``asChildClass``).
VIEW_TYPE_SUFFIXES: tuple[str, ...] = ("", "Write", "Field", "FilterArgs", "API", "Children")
VIEW_CONSTANT_SUFFIXES: tuple[str, ...] = ("_PROPERTIES", "_VIEW", "_FILTER_ARGS")


# -- words -----------------------------------------------------------------------------------------------------------


def _pascal(words: Sequence[str]) -> str:
    return "".join(word[:1].upper() + word[1:] for word in words)


def _camel(words: Sequence[str]) -> str:
    if not words:
        return ""
    return words[0].lower() + _pascal(words[1:])


def _snake(words: Sequence[str]) -> str:
    return "_".join(word.lower() for word in words)


def _digest(key: str) -> str:
    """Eight hex digits of the DMS identifier, as the last word of a shortened name (a letter first, so it can
    follow a digit without merging into one word)."""
    return "h" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:7]


def _shortened(words: Sequence[str], key: str, fits: Callable[[Sequence[str]], bool]) -> tuple[str, ...]:
    """``words`` if they ``fit``, else as many of the first words as fit with a hash word of ``key`` after them."""
    if fits(words):
        return tuple(words)
    digest = _digest(key)
    kept: list[str] = []
    for word in words:
        if not fits([*kept, word, digest]):
            break
        kept.append(word)
    if not kept:  # one very long first word: keep as much of it as fits
        word = words[0]
        while len(word) > 1 and not fits([word, digest]):
            word = word[:-1]
        kept = [word]
    return (*kept, digest)


def _view_fits(words: Sequence[str]) -> bool:
    """Interfaces up to ``MAX_TYPESCRIPT_NAME_LENGTH``; constant prefixes up to ``MAX_CONSTANT_PREFIX_LENGTH``, so
    that ``export const <PREFIX>_VIEW: ViewDescriptor<`` fits on a line."""
    return len(_pascal(words)) <= MAX_TYPESCRIPT_NAME_LENGTH and len(_snake(words)) <= MAX_CONSTANT_PREFIX_LENGTH


def _field_fits(words: Sequence[str]) -> bool:
    return len(_camel(words)) <= MAX_TYPESCRIPT_FIELD_LENGTH


def _identifier_words(identifier: str, fallback: str) -> tuple[str, ...]:
    """The words of a DMS identifier, starting with a letter: ``fallback`` goes first when the identifier starts
    with a digit, and identifiers without ASCII letters or digits spell their code points."""
    words = split_words(identifier)
    if not words:
        return (fallback, *(f"{ord(char):x}" for char in identifier))
    if not words[0][:1].isalpha():
        return (fallback, *words)
    return words


# -- views -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeScriptViewNames:
    """The names of one view: ``read`` is its interface (``RelatesTo``; the other types add a suffix),
    ``constant_prefix`` starts its constants (``RELATES_TO_VIEW``), ``stem`` names its files (``relates_to.ts``) and
    ``attribute`` is the client's getter (``relatesTo``). ``reason`` says why ``read`` differs from ``natural``,
    the plain PascalCase of the external id."""

    view: ViewId
    read: str
    constant_prefix: str
    stem: str
    attribute: str
    natural: str
    reason: str | None = None

    def type_names(self) -> tuple[str, ...]:
        return tuple(self.read + suffix for suffix in VIEW_TYPE_SUFFIXES)

    def constant_names(self) -> tuple[str, ...]:
        return tuple(self.constant_prefix + suffix for suffix in VIEW_CONSTANT_SUFFIXES)


def _view_candidates(view: ViewId) -> list[tuple[str, ...]]:
    """The words to try, in order: the external id; plus the version; the space in front; both (as Python)."""
    base = _identifier_words(view.external_id, "View")
    space = _identifier_words(view.space, "Space")
    version = _pascal(split_words(view.version))
    version_word = version if version[:1] == "V" else f"V{version}"
    candidates = [base, (*base, version_word), (*space, *base), (*space, *base, version_word)]
    return [_shortened(words, f"{view}#{level}", _view_fits) for level, words in enumerate(candidates)]


def _view_claims(words: tuple[str, ...]) -> list[str]:
    """What a view's names occupy: its types, its constants, its file (case-insensitive) and its attribute."""
    pascal, snake = _pascal(words), _snake(words)
    return [
        *(f"type {pascal}{suffix}" for suffix in VIEW_TYPE_SUFFIXES),
        *(f"const {snake.upper()}{suffix}" for suffix in VIEW_CONSTANT_SUFFIXES),
        f"file {snake}",
        f"attribute {_camel(words)}",
    ]


def _resolve_collisions(ordered: list[ViewId]) -> tuple[dict[ViewId, tuple[str, ...]], dict[ViewId, list[ViewId]]]:
    """The words of each view with collisions resolved, and whom each view first collided with."""
    candidates = {view: _view_candidates(view) for view in ordered}
    level = dict.fromkeys(ordered, 0)

    def conflicts() -> dict[ViewId, list[ViewId]]:
        owners: dict[str, list[ViewId]] = {}
        for view in ordered:
            for claim in _view_claims(candidates[view][level[view]]):
                owners.setdefault(claim, []).append(view)
        found: dict[ViewId, list[ViewId]] = {}
        for claimants in owners.values():
            distinct = list(dict.fromkeys(claimants))
            if len(distinct) > 1:
                for view in distinct:
                    found.setdefault(view, []).extend(other for other in distinct if other != view)
        return found

    first_conflicts = current = conflicts()
    while current:
        movable = [view for view in current if level[view] < 3]
        if not movable:
            break
        for view in movable:
            level[view] += 1
        current = conflicts()
    chosen = {view: candidates[view][level[view]] for view in ordered}
    if current:  # nothing separates them (same space and version): number their plain names instead
        claimed: set[str] = set()
        for view in ordered:
            if view not in current:
                claimed.update(_view_claims(chosen[view]))
        for view in ordered:
            if view not in current:
                continue
            plain, number = candidates[view][0], 1
            words = plain
            while any(claim in claimed for claim in _view_claims(words)):
                number += 1
                words = (*plain, str(number))
            chosen[view] = words
            claimed.update(_view_claims(words))
    return chosen, first_conflicts


def typescript_view_names(
    views: Iterable[ViewId], *, reserved: Collection[str] = ()
) -> dict[ViewId, TypeScriptViewNames]:
    """The names of every view of an SDK, collisions and reserved names resolved.

    Views whose names collide all move to the next candidate (plus the version, then the space in front, then
    both); views no candidate separates keep their plain names, numbered ``2``, ``3``, ... in sorted order. A type
    name that would shadow a global type, a runtime import or one of ``reserved`` (the client's name) gets a
    trailing ``_`` on every type of the view (``Record_``, ``Record_Write``). Names over
    ``MAX_TYPESCRIPT_NAME_LENGTH`` characters are shortened with a hash of the view id.
    """
    ordered = sorted(set(views), key=view_sort_key)
    chosen, first_conflicts = _resolve_collisions(ordered)
    reserved_types = RESERVED_TYPE_NAMES | frozenset(reserved)
    result: dict[ViewId, TypeScriptViewNames] = {}
    for view in ordered:
        words = chosen[view]
        plain = _identifier_words(view.external_id, "View")
        natural = _pascal(plain)
        reasons: list[str] = []
        if words != _view_candidates(view)[0]:
            others = sorted(set(first_conflicts.get(view, [])), key=view_sort_key)
            listed = " and ".join(str(other) for other in others) or "another view"
            reasons.append(f"the names of {listed} collide with its names")
        if not _view_fits(plain):
            reasons.append(
                f"longer than {MAX_TYPESCRIPT_NAME_LENGTH} characters (or {MAX_CONSTANT_PREFIX_LENGTH} as a constant)"
            )
        read = _pascal(words)
        hit = next((read + suffix for suffix in VIEW_TYPE_SUFFIXES if read + suffix in reserved_types), None)
        if hit is not None:
            read += "_"
            reasons.append(f"'{hit}' would shadow {_shadow_reason(hit, reserved)}")
        result[view] = TypeScriptViewNames(
            view=view,
            read=read,
            constant_prefix=_snake(words).upper(),
            stem=_snake(words),
            attribute=typescript_client_attribute(words),
            natural=natural,
            reason="; ".join(reasons) or None,
        )
    return result


def _shadow_reason(name: str, reserved: Collection[str]) -> str:
    if name in reserved:
        return "the generated client"
    if name in RUNTIME_IMPORTS:
        return "a pygen-runtime name the generated files import"
    return "a global TypeScript type"


def typescript_client_attribute(words: Sequence[str]) -> str:
    """The client getter of a view (from its resolved name words): camelCase; a member of ``InstanceClient`` or of
    every object gets a trailing ``_`` (``client.upsert_`` for a view named ``Upsert``)."""
    attribute = _camel(words)
    return attribute + "_" if attribute in CLIENT_MEMBERS or attribute in OBJECT_MEMBERS else attribute


# -- fields ----------------------------------------------------------------------------------------------------------


# One shape for generated names in every language (name used, natural name, reason they differ).
GeneratedField = GeneratedName


def _field_name(property_id: str) -> GeneratedField:
    words = split_words(property_id)
    natural = _camel(words)
    reason: str | None = None
    if not words:
        words = _identifier_words(property_id, "field")
        reason = "the property id has no ASCII letters or digits"
    elif not words[0][:1].isalpha():
        words = ("field", *words)
        reason = "a field cannot start with a digit"
    name = _camel(words)
    if name in RESERVED_FIELD_NAMES:
        name += "_"
        reason = (
            "a member every JavaScript object has"
            if name[:-1] in OBJECT_MEMBERS
            else "reserved by pygen-runtime for the instance's own keys"
        )
    if len(name) > MAX_TYPESCRIPT_FIELD_LENGTH:
        name = _camel(_shortened(words, property_id, _field_fits))
        reason = (f"{reason}; " if reason else "") + f"longer than {MAX_TYPESCRIPT_FIELD_LENGTH} characters"
    return GeneratedField(name, natural, reason)


def typescript_field_names(property_ids: Iterable[str]) -> dict[str, GeneratedField]:
    """The field of every property of one view, collisions resolved as in Python (``2``, ``3``, ... appended)."""
    chosen = {prop_id: _field_name(prop_id) for prop_id in sorted(set(property_ids))}
    return resolve_field_collisions(chosen, separator="")


# -- filter arguments ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterArg:
    """One generated list argument: its name, the field it filters and how (the runtime's ``ArgKind``)."""

    name: str
    property_id: str
    kind: ArgKind


def filter_kinds(item: Field) -> tuple[ArgKind, ...]:
    """The argument kinds of a field, the Python generator's keyword roles in the runtime's words."""
    if isinstance(item, PrimitiveField):
        if item.kind == "json":
            return ()
        if item.is_list:
            return ("containsAny", "containsAll")
        if item.is_text_like:
            return ("equalsOrIn", "prefix")
        if item.kind == "boolean":
            return ("equals",)
        if item.kind == "enum":
            return ("equalsOrIn",)
        return ("min", "max")  # numbers, dates, timestamps
    if isinstance(item, DirectRelationField):
        return ("containsAny", "containsAll") if item.is_list else ("equalsOrIn",)
    return ()


def _argument(field: str, kind: ArgKind) -> str:
    """The argument name before collisions: the field itself for equality; derived names are built on the field
    without the ``_`` a reserved name got (``dataRecord_`` -> ``dataRecordPrefix``), as the camelCase of the Python
    keyword (``data_record__prefix``) reads."""
    if kind in ("equals", "equalsOrIn"):
        return field
    base = field.rstrip("_") or field
    if kind in ("min", "max"):
        return kind + base[:1].upper() + base[1:]
    suffix = {"prefix": "Prefix", "containsAny": "ContainsAny", "containsAll": "ContainsAll"}[kind]
    return base + suffix


def typescript_filter_args(
    view: View, fields: Mapping[str, str], notes: list[str] | None = None
) -> tuple[FilterArg, ...]:
    """The list arguments of a view, in field order: the field name for equality, ``<f>Prefix``, ``min<F>``/
    ``max<F>``, ``<f>ContainsAny``/``<f>ContainsAll``. Equality arguments are named first, so a derived name yields
    to a field of that name; a name already taken (or reserved by the runtime) gets a trailing ``_``."""
    wanted: list[FilterArg] = []
    for item in view.fields:
        name = fields[item.property_id]
        for kind in filter_kinds(item):
            wanted.append(FilterArg(_argument(name, kind), item.property_id, kind))
    taken = set(RESERVED_ARGUMENT_NAMES) | OBJECT_MEMBERS
    resolved: dict[tuple[str, str], str] = {}
    for equality in (True, False):
        for candidate in wanted:
            if (candidate.kind in ("equals", "equalsOrIn")) != equality:
                continue
            name = candidate.name
            while name in taken:
                name += "_"
            if name != candidate.name and notes is not None:
                notes.append(
                    f"view {view.id}, property '{candidate.property_id}': TypeScript argument '{name}' because "
                    f"'{candidate.name}' is taken"
                )
            taken.add(name)
            resolved[(candidate.property_id, candidate.kind)] = name
    return tuple(FilterArg(resolved[(arg.property_id, arg.kind)], arg.property_id, arg.kind) for arg in wanted)


# -- the whole SDK ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EdgeVariantNames:
    """The names of the edge side of a view used for nodes and edges (Python's ``<View>Edge...`` classes): its read
    and write interfaces, filter arguments, API class, descriptor constant and client getter."""

    read: str
    write: str
    filter_args: str
    api: str
    descriptor: str
    attribute: str


@dataclass(frozen=True)
class ViewNames:
    """Every name of one view in a generated TypeScript SDK."""

    view: ViewId
    read: str
    write: str
    field: str
    filter_args: str
    api: str
    children: str  # the interface of child name -> read type (views that other views of the SDK implement)
    properties: str
    descriptor: str
    arg_table: str
    stem: str
    attribute: str
    fields: dict[str, str]
    enums: dict[str, str]
    edge_types: dict[str, str]
    args: tuple[FilterArg, ...]
    edge_apis: dict[str, str]  # property id of an edge connection -> its API getter on the view's (node) API
    edge_variant: EdgeVariantNames | None = None  # views used for nodes and edges: the names of the edge side

    @property
    def edge_api(self) -> str:
        """The API class that reads this view's edges."""
        return self.edge_variant.api if self.edge_variant is not None else self.api

    @property
    def edge_read(self) -> str:
        return self.edge_variant.read if self.edge_variant is not None else self.read

    @property
    def edge_write(self) -> str:
        return self.edge_variant.write if self.edge_variant is not None else self.write

    @property
    def edge_descriptor(self) -> str:
        return self.edge_variant.descriptor if self.edge_variant is not None else self.descriptor


class TypeScriptNames:
    """The names of a whole SDK. ``notes`` receives one line per identifier that differs from its plain form."""

    def __init__(self, sdk: SDKModel, *, client_name: str, notes: list[str]) -> None:
        self.client = client_name
        chosen = typescript_view_names((view.id for view in sdk.views), reserved=[client_name])
        # Everything index.ts exports shares one namespace: enum unions and edge-type constants are checked against
        # every view's names (and the runtime's) before they are given out.
        taken: set[str] = {client_name} | set(RESERVED_TYPE_NAMES)
        for names in chosen.values():
            taken.update(names.type_names())
            taken.update(names.constant_prefix + suffix for suffix in VIEW_CONSTANT_SUFFIXES)
        attributes = {names.attribute for names in chosen.values()} | CLIENT_MEMBERS | OBJECT_MEMBERS
        self.views: dict[ViewId, ViewNames] = {}
        for view in sdk.views:
            names = chosen[view.id]
            if names.reason:
                notes.append(f"view {view.id}: TypeScript types named '{names.read}...' because {names.reason}")
            if names.attribute.endswith("_"):
                notes.append(
                    f"view {view.id}: TypeScript client attribute '{names.attribute}' because "
                    f"'{names.attribute[:-1]}' is a member of the client"
                )
            fields: dict[str, str] = {}
            for prop_id, generated in typescript_field_names(item.property_id for item in view.fields).items():
                fields[prop_id] = generated.name
                if generated.reason:
                    notes.append(
                        f"view {view.id}, property '{prop_id}': TypeScript field '{generated.name}' "
                        f"({generated.reason})"
                    )
            enums = {
                item.property_id: self._unique(
                    typescript_enum_name(names.read, item.property_id),
                    "Enum",
                    taken,
                    notes,
                    f"view {view.id}, property '{item.property_id}': TypeScript enum type",
                )
                for item in view.primitive_fields
                if item.kind == "enum"
            }
            edge_types = {
                item.property_id: self._unique(
                    typescript_edge_type_constant(names.constant_prefix, item.property_id),
                    "_",
                    taken,
                    notes,
                    f"view {view.id}, property '{item.property_id}': edge type constant",
                )
                for item in view.edges
            }
            prefix = names.constant_prefix
            read = names.read
            self.views[view.id] = ViewNames(
                view=view.id,
                read=read,
                write=f"{read}Write",
                field=f"{read}Field",
                filter_args=f"{read}FilterArgs",
                api=f"{read}API",
                children=f"{read}Children",
                properties=f"{prefix}_PROPERTIES",
                descriptor=f"{prefix}_VIEW",
                arg_table=f"{prefix}_FILTER_ARGS",
                stem=names.stem,
                attribute=names.attribute,
                fields=fields,
                enums=enums,
                edge_types=edge_types,
                args=typescript_filter_args(view, fields, notes),
                edge_apis=typescript_edge_api_names(view, fields, notes) if view.is_node else {},
                edge_variant=self._edge_variant(view, names, taken, attributes, notes) if view.kind == "all" else None,
            )

    def __getitem__(self, view_id: ViewId) -> ViewNames:
        return self.views[view_id]

    @staticmethod
    def _edge_variant(
        view: View, names: TypeScriptViewNames, taken: set[str], attributes: set[str], notes: list[str]
    ) -> EdgeVariantNames:
        """``<Read>Edge``, ``<Read>EdgeWrite``, ... and ``<attribute>Edge``; a name another view (or the runtime)
        already has gets a trailing ``_`` on every type of the edge side (and on the getter)."""
        read = names.read + EDGE_API_SUFFIX
        suffixes = ("", "Write", "FilterArgs", "API")
        while any(read + suffix in taken for suffix in suffixes):
            read += "_"
        descriptor = f"{names.constant_prefix}_EDGE_VIEW"
        while descriptor in taken:
            descriptor += "_"
        attribute = names.attribute.rstrip("_") + EDGE_API_SUFFIX
        while attribute in attributes:
            attribute += "_"
        for name, wanted in (
            (read, names.read + EDGE_API_SUFFIX),
            (descriptor, f"{names.constant_prefix}_EDGE_VIEW"),
            (attribute, names.attribute.rstrip("_") + EDGE_API_SUFFIX),
        ):
            if name != wanted:
                notes.append(f"view {view.id}: TypeScript edge-side name '{name}' because '{wanted}' is taken")
        taken.update(read + suffix for suffix in suffixes)
        taken.add(descriptor)
        attributes.add(attribute)
        return EdgeVariantNames(
            read=read,
            write=f"{read}Write",
            filter_args=f"{read}FilterArgs",
            api=f"{read}API",
            descriptor=descriptor,
            attribute=attribute,
        )

    @staticmethod
    def _unique(wanted: str, suffix: str, taken: set[str], notes: list[str], what: str) -> str:
        """``wanted`` if free, else with ``suffix``, then with ``_`` until free."""
        name = wanted
        if name in taken:
            name += suffix
        while name in taken:
            name += "_"
        if name != wanted:
            notes.append(f"{what} named '{name}' because '{wanted}' is taken")
        taken.add(name)
        return name


def typescript_edge_api_names(view: View, fields: Mapping[str, str], notes: list[str] | None = None) -> dict[str, str]:
    """``<field>Edge`` per edge connection of a view, the getter of its edges' API on the view's API. Such a name
    cannot clash with another (field names are unique); one that takes an ``InstanceAPI`` member's name (or one
    every object has) gets a trailing ``_``."""
    taken = set(API_MEMBERS) | OBJECT_MEMBERS
    names: dict[str, str] = {}
    for item in view.edges:
        wanted = fields[item.property_id].rstrip("_") + EDGE_API_SUFFIX
        name = wanted
        while name in taken:
            name += "_"
        if name != wanted and notes is not None:
            notes.append(
                f"view {view.id}, property '{item.property_id}': TypeScript edge API '{name}' because '{wanted}' is "
                "taken"
            )
        taken.add(name)
        names[item.property_id] = name
    return names


def typescript_enum_name(read: str, property_id: str) -> str:
    """The union type of an enum property's values: the view's interface name plus the PascalCase property id
    (``ProductStatus``), the property part shortened with a hash when long."""
    words = _shortened(
        _identifier_words(property_id, "field"), property_id, lambda w: len(_pascal(w)) <= MAX_DERIVED_PART_LENGTH
    )
    return read + _pascal(words)


def typescript_edge_type_constant(constant_prefix: str, property_id: str) -> str:
    """The constant holding the edge type of an edge connection: the view's constant prefix, the property id in
    SCREAMING_SNAKE_CASE and ``_EDGE_TYPE`` (``PRODUCT_RELATED_PRODUCTS_EDGE_TYPE``)."""
    words = _shortened(
        _identifier_words(property_id, "field"), property_id, lambda w: len(_snake(w)) <= MAX_DERIVED_PART_LENGTH
    )
    return f"{constant_prefix}_{_snake(words).upper()}_EDGE_TYPE"


def check_typescript_client_name(client_name: str) -> str:
    """A client class name usable in TypeScript; raises ``GeneratorError`` otherwise."""
    valid = bool(client_name) and client_name.isascii() and client_name.replace("_", "a").replace("$", "a").isalnum()
    if not valid or client_name[0].isdigit() or client_name in TYPESCRIPT_RESERVED_WORDS:
        raise GeneratorError(
            f"client_name {client_name!r} is not a valid TypeScript class name (for example "
            f"{_pascal(split_words(client_name)) or 'MyClient'!r})"
        )
    if client_name in RESERVED_TYPE_NAMES:
        raise GeneratorError(
            f"client_name {client_name!r} would shadow a global type or a pygen-runtime name the generated files "
            "import; choose another"
        )
    return client_name
