"""How DMS identifiers become code identifiers, and which identifiers are reserved.

One place computes these names so validation warns about exactly the names the generator will produce: the
generator calls these functions rather than reimplementing them. ``python_field_name``/``python_field_names`` give
the field of each property and ``python_view_names`` the class base name, client attribute and module of each view,
with reserved words, collisions and over-long names resolved; validation reports every such change.

Words are split at ``_``/``-``/spaces and at case changes; a digit run stays with the word before it unless it
starts an acronym (``object3D`` -> ``object_3d``, ``Cognite360Image`` -> ``cognite360_image``).
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel
from pygen_runtime import ViewId

__all__ = [
    "MAX_PYTHON_NAME_LENGTH",
    "PYTHON_API_PARAMETER_NAMES",
    "PYTHON_CLIENT_RESERVED_NAMES",
    "PYTHON_EDGE_VARIANT",
    "PYTHON_RESERVED_CLASS_NAMES",
    "PYTHON_RESERVED_FIELD_NAMES",
    "PYTHON_VIEW_CLASS_SUFFIXES",
    "TYPESCRIPT_RESERVED_CLASS_NAMES",
    "TYPESCRIPT_RESERVED_WORDS",
    "GeneratedName",
    "PythonViewNames",
    "python_field_name",
    "python_field_names",
    "python_view_names",
    "resolve_field_collisions",
    "runtime_reserved_field_names",
    "split_words",
    "to_camel_case",
    "to_pascal_case",
    "to_snake_case",
]

_WORD = re.compile(
    r"[0-9]+[A-Z]+(?![a-z])"  # 3D, 360CAD: a digit run starting an acronym
    r"|[A-Z]+(?![a-z])"  # CAD in CADModel, TSO
    r"|[A-Z]?[a-z]+(?:[0-9]+(?![A-Z](?![a-z])))?"  # Model, float32, Cognite360 (not object3 in object3D)
    r"|[0-9]+"
)
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


@cache
def split_words(identifier: str) -> tuple[str, ...]:
    return tuple(word for chunk in _SEPARATORS.split(identifier) for word in _WORD.findall(chunk))


def to_snake_case(identifier: str) -> str:
    """``isActive`` -> ``is_active``, ``CogniteCADModel`` -> ``cognite_cad_model``, ``object3D`` -> ``object_3d``."""
    return "_".join(word.lower() for word in split_words(identifier))


def to_pascal_case(identifier: str) -> str:
    """``my_view`` -> ``MyView``, ``pump`` -> ``Pump``; acronyms are kept (``CogniteCADModel`` stays)."""
    return "".join(word[:1].upper() + word[1:] for word in split_words(identifier))


def to_camel_case(identifier: str) -> str:
    """``is_active`` -> ``isActive``, ``DocumentTypeName`` -> ``documentTypeName``, ``TSO`` -> ``tso``."""
    pascal = [word[:1].upper() + word[1:] for word in split_words(identifier)]
    if not pascal:
        return ""
    return pascal[0].lower() + "".join(pascal[1:])


def _public(names: object) -> set[str]:
    return {name for name in dir(names) if not name.startswith("_")}


# Parameters of the generated per-view API methods. Filter keywords are named after fields, and a keyword cannot
# repeat a parameter of the same method, so fields with these names get the ``_`` suffix too.
PYTHON_API_PARAMETER_NAMES: frozenset[str] = frozenset(
    {
        "aggregate",
        "chunk_size",
        "cursor",
        "direction",
        "filter",
        "group_by",
        "ids",
        "interval",
        "limit",
        "operator",
        "properties",
        "property",
        "query",
        "retrieve_connections",
        "search_properties",
        "self",
        "sort_by",
        "space",
    }
)

# Lower-case names generated data classes use in annotations: a field named ``date`` would shadow the type for the
# annotations of every later field of the class (pydantic and mypy both reject that).
_ANNOTATION_NAMES = frozenset({"date", "datetime"})

# Field names a generated Python class cannot use as they are: keywords, builtins (a field named ``list`` breaks
# every later ``list[...]`` annotation in the class body), pydantic's own attributes and its ``model_`` namespace,
# the API method parameters and the lower-case type names used in annotations.
PYTHON_RESERVED_FIELD_NAMES: frozenset[str] = frozenset(
    {
        *keyword.kwlist,
        *_public(builtins),
        *_public(BaseModel),
        "model_config",
        "model_fields",
        *PYTHON_API_PARAMETER_NAMES,
        *_ANNOTATION_NAMES,
    }
)

# Class names that would shadow a builtin or a name generated code imports.
PYTHON_RESERVED_CLASS_NAMES: frozenset[str] = frozenset(
    {name for name in _public(builtins) if name[:1].isupper()}
    | {
        "Annotated",
        "Any",
        "AwareDatetime",
        "BaseModel",
        "ClassVar",
        "Field",
        "Iterator",
        "Literal",
        "Mapping",
        "Optional",
        "Sequence",
        "SortDirection",
        "TYPE_CHECKING",
        "Union",
        "Unpack",
    }
)

# Attributes of the runtime's ``InstanceClient`` (and of generated clients): a view's client attribute must not
# replace one of them (a view named ``Query`` would hide ``client.query``), nor ``cached_property``, the decorator
# the client class body applies to every view attribute after the first.
PYTHON_CLIENT_RESERVED_NAMES: frozenset[str] = frozenset(
    {"cached_property", "close", "config", "default_space", "delete", "http", "query", "retrieve", "sync", "upsert"}
)

TYPESCRIPT_RESERVED_WORDS: frozenset[str] = frozenset(
    [
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "new",
        "null",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "let",
        "static",
        "implements",
        "interface",
        "package",
        "private",
        "protected",
        "public",
        "await",
    ]
)

# Global TypeScript/JavaScript types a generated class must not shadow.
TYPESCRIPT_RESERVED_CLASS_NAMES: frozenset[str] = frozenset(
    [
        "Array",
        "Boolean",
        "Date",
        "Error",
        "Function",
        "JSON",
        "Map",
        "Math",
        "Number",
        "Object",
        "Omit",
        "Partial",
        "Pick",
        "Promise",
        "Readonly",
        "Record",
        "RegExp",
        "Required",
        "Set",
        "String",
        "Symbol",
    ]
)


# Fields every generated instance class gets from the runtime's base classes (read from the runtime when it
# exports them, so the list cannot drift; these are the documented ones), the runtime's raw ``properties`` (a field
# with that name would be taken for the instance's property groups) and ``as_write`` of generated read classes.
_RUNTIME_INSTANCE_FIELDS = frozenset(
    {"space", "external_id", "data_record", "instance_type", "start_node", "end_node", "properties", "as_write"}
)


@cache
def runtime_reserved_field_names() -> frozenset[str]:
    """Attribute names of the runtime's instance base classes, which a generated field must not reuse."""
    import pygen_runtime

    names = set(_RUNTIME_INSTANCE_FIELDS)
    for class_name in ("Instance", "InstanceWrite", "Node", "NodeWrite", "Edge", "EdgeWrite"):
        base = getattr(pygen_runtime, class_name, None)
        if isinstance(base, type):
            names |= _public(base) | set(getattr(base, "model_fields", {}))
    return frozenset(names - _public(BaseModel))


# -- the Python naming policy ----------------------------------------------------------------------------------------

# Generated identifiers are capped so every generated line stays readable; a longer name keeps its start and gets a
# short hash of the DMS identifier, which keeps it unique and stable.
MAX_PYTHON_NAME_LENGTH = 50

# The classes and type aliases generated per view: the class base name plus each suffix (``Product``,
# ``ProductWrite``, ``ProductList``, ``ProductAPI``, ``ProductFilters``, ``ProductField``, ...).
PYTHON_VIEW_CLASS_SUFFIXES: tuple[str, ...] = (
    "",
    "Write",
    "List",
    "API",
    "Filters",
    "Field",
    "TextField",
    "NumericField",
    "SortField",
)
# Views used for both nodes and edges also get edge classes: the base name plus this, plus each suffix
# (``DescribableEdge``, ``DescribableEdgeWrite``, ...), and the client attribute plus ``_edge``.
PYTHON_EDGE_VARIANT = "Edge"


@dataclass(frozen=True)
class GeneratedName:
    """A generated identifier: the ``name`` used, the ``natural`` name the plain conversion gives, and the
    ``reason`` they differ (``None`` when they do not)."""

    name: str
    natural: str
    reason: str | None = None


@dataclass(frozen=True)
class PythonViewNames:
    """The names of one view in a generated Python SDK.

    ``base`` is the class base name (classes are ``base`` + each of ``PYTHON_VIEW_CLASS_SUFFIXES``), ``attribute``
    the client attribute (``client.product``), ``module`` the stem of the view's modules (``_product.py``).
    ``reason`` says why ``base`` differs from ``natural`` (the plain PascalCase of the external id).
    """

    view: ViewId
    kind: str
    base: str
    attribute: str
    module: str
    natural: str
    reason: str | None = None
    # The views whose names collided with this one's plain names, and the reserved name its base name hit.
    collides_with: tuple[ViewId, ...] = ()
    reserved_name: str | None = None

    @property
    def class_names(self) -> tuple[str, ...]:
        return _class_names(self.base, self.kind)


def _shorten(name: str, key: str, limit: int = MAX_PYTHON_NAME_LENGTH) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return name[: limit - 9].rstrip("_") + "_" + digest


def _field_reason(field: str) -> str | None:
    if keyword.iskeyword(field) or keyword.issoftkeyword(field):
        return "a Python keyword"
    if field in runtime_reserved_field_names():
        return "an attribute of pygen-runtime's instance classes"
    if field.startswith("model_") or hasattr(BaseModel, field):
        return "reserved by pydantic"
    if field in PYTHON_API_PARAMETER_NAMES:
        return "a parameter of the generated API methods"
    if field in _ANNOTATION_NAMES:
        return "a type name used in the generated annotations"
    if field in PYTHON_RESERVED_FIELD_NAMES:
        return "a Python builtin"
    return None


def python_field_name(property_id: str) -> GeneratedName:
    """The Python field of one property, before collisions with other properties of its view are resolved.

    snake_case of the property id; a reserved name gets a trailing ``_`` (``type`` -> ``type_``); a name that is no
    identifier gets a ``field_`` prefix (``1st`` -> ``field_1_st``; ids without ASCII letters or digits use their
    code points); names over ``MAX_PYTHON_NAME_LENGTH`` are shortened with a hash.
    """
    natural = to_snake_case(property_id)
    name, reason = natural, None
    if not natural:
        name = "field_" + "_".join(f"{ord(char):x}" for char in property_id)
        reason = "not a valid Python identifier"
    elif not natural.isidentifier():
        name, reason = f"field_{natural}", "not a valid Python identifier"
    else:
        why = _field_reason(natural)
        if why is not None:
            name, reason = f"{natural}_", why
    if len(name) > MAX_PYTHON_NAME_LENGTH:
        name = _shorten(name, property_id)
        reason = f"{reason}; " if reason else ""
        reason += f"longer than {MAX_PYTHON_NAME_LENGTH} characters"
    return GeneratedName(name, natural, reason)


def python_field_names(property_ids: Iterable[str]) -> dict[str, GeneratedName]:
    """The Python field of every property of one view, collisions resolved by ``resolve_field_collisions``."""
    return resolve_field_collisions({prop_id: python_field_name(prop_id) for prop_id in sorted(set(property_ids))})


def resolve_field_collisions(chosen: dict[str, GeneratedName], *, separator: str = "_") -> dict[str, GeneratedName]:
    """Make the field names of one view unique, the same way in every language.

    ``chosen`` maps each property id to its name before collisions. When several properties give the same name, the
    property whose id is that name keeps it (else the first in sorted order of ids), the others get
    ``<separator>2``, ``<separator>3``, ... in sorted order of their ids.
    """
    chosen = dict(sorted(chosen.items()))
    by_name: dict[str, list[str]] = {}
    for prop_id, generated in chosen.items():
        by_name.setdefault(generated.name, []).append(prop_id)
    taken = set(by_name)
    for name, prop_ids in by_name.items():
        if len(prop_ids) < 2:
            continue
        keeper = name if name in prop_ids else prop_ids[0]
        for prop_id in prop_ids:
            if prop_id == keeper:
                continue
            number = 2
            while f"{name}{separator}{number}" in taken:
                number += 1
            new_name = f"{name}{separator}{number}"
            taken.add(new_name)
            earlier = chosen[prop_id].reason
            reason = f"'{keeper}' also generates '{name}'" + (f"; {earlier}" if earlier else "")
            chosen[prop_id] = GeneratedName(new_name, chosen[prop_id].natural, reason)
    return chosen


def _class_names(base: str, kind: str) -> tuple[str, ...]:
    names = tuple(base + suffix for suffix in PYTHON_VIEW_CLASS_SUFFIXES)
    if kind == "all":
        names += tuple(base + PYTHON_EDGE_VARIANT + suffix for suffix in PYTHON_VIEW_CLASS_SUFFIXES)
    return names


def _snake_names(snake: str, kind: str) -> tuple[str, ...]:
    return (snake, f"{snake}_{PYTHON_EDGE_VARIANT.lower()}") if kind == "all" else (snake,)


def _pascal(identifier: str, fallback: str) -> str:
    name = to_pascal_case(identifier)
    if not name or not name[0].isalpha():
        name = fallback + name
    return name


def _candidates(view: ViewId) -> list[tuple[str, str]]:
    """(class base name, snake_case name) to try, in order: the external id, plus the version, then the space in
    front, then both: ``Item``/``item``, ``ItemV1``/``item_v1``, ``ShopItem``/``shop_item``, ``ShopItemV1``/..."""
    base = _pascal(view.external_id, "View")
    space = _pascal(view.space, "Space")
    version = to_pascal_case(view.version)
    version = version if version[:1] == "V" else f"V{version}"
    snake_base, snake_space = to_snake_case(base), to_snake_case(space)
    snake_version = version[:1].lower() + to_snake_case(version[1:]).replace("_", "")
    return [
        (base, snake_base),
        (base + version, f"{snake_base}_{snake_version}"),
        (space + base, f"{snake_space}_{snake_base}"),
        (space + base + version, f"{snake_space}_{snake_base}_{snake_version}"),
    ]


@cache
def _reserved_class_names() -> frozenset[str]:
    import pygen_runtime

    return PYTHON_RESERVED_CLASS_NAMES | frozenset(getattr(pygen_runtime, "__all__", ()))


def python_view_names(views: Mapping[ViewId, str], *, reserved: Collection[str] = ()) -> dict[ViewId, PythonViewNames]:
    """The Python names of every view of an SDK, given each view's kind (``usedFor``: node, edge or all).

    Each view claims its classes (base + each suffix; edge classes too for ``all``), its client attribute and its
    module. Views whose claims collide all move to the next base-name candidate: the external id, then plus the
    version, then the space in front, then both; views no candidate separates keep their plain names, numbered
    ``2``, ``3``, ... in sorted order of their ids. A
    class name that is reserved (a builtin, a name generated code imports, a pygen-runtime export, or one of
    ``reserved``, such as the client's name) gets a trailing ``_`` on the base name (``Field`` -> ``Field_``).
    Client attributes that are keywords or client methods get a trailing ``_``.
    """
    ordered = sorted(views, key=lambda view: (view.space, view.external_id, view.version))
    reserved_classes = _reserved_class_names() | frozenset(reserved)
    level = dict.fromkeys(ordered, 0)

    def names_of(view: ViewId) -> tuple[str, str]:
        return _candidates(view)[level[view]]

    def claims_of(base: str, snake: str, kind: str) -> list[str]:
        return [f"class {name}" for name in _class_names(base, kind)] + [
            f"snake {name}" for name in _snake_names(snake, kind)
        ]

    def conflicts() -> dict[ViewId, list[ViewId]]:
        claims: dict[str, list[ViewId]] = {}
        for view in ordered:
            for claim in claims_of(*names_of(view), views[view]):
                claims.setdefault(claim, []).append(view)
        found: dict[ViewId, list[ViewId]] = {}
        for owners in claims.values():
            distinct = list(dict.fromkeys(owners))
            if len(distinct) > 1:
                for view in distinct:
                    found.setdefault(view, []).extend(other for other in distinct if other != view)
        return found

    first_conflicts = conflicts()
    current = first_conflicts
    while current:
        movable = [view for view in current if level[view] < 3]
        if not movable:
            break
        for view in movable:
            level[view] += 1
        current = conflicts()
    chosen = {view: names_of(view) for view in ordered}
    if current:  # no candidate separates them (the same space and version): number their plain names instead
        for view in current:
            chosen[view] = _candidates(view)[0]
        claimed: set[str] = set()
        for view in ordered:
            if view not in current:
                claimed.update(claims_of(*chosen[view], views[view]))
        for view in ordered:
            if view not in current:
                continue
            (base, snake), number = chosen[view], 1
            candidate = (base, snake)
            while any(claim in claimed for claim in claims_of(*candidate, views[view])):
                number += 1
                candidate = (f"{base}{number}", f"{snake}_{number}")
            chosen[view] = candidate
            claimed.update(claims_of(*candidate, views[view]))
    result: dict[ViewId, PythonViewNames] = {}
    for view in ordered:
        kind = views[view]
        natural = _candidates(view)[0][0]
        base, snake = chosen[view]
        reasons = []
        collides_with: tuple[ViewId, ...] = ()
        if base != natural:
            collides_with = tuple(
                sorted(
                    set(first_conflicts.get(view, [])), key=lambda item: (item.space, item.external_id, item.version)
                )
            )
            listed = " and ".join(str(other) for other in collides_with) or "another view"
            reasons.append(f"the names of {listed} collide with its names")
        hit = next((name for name in _class_names(base, kind) if name in reserved_classes), None)
        if hit is not None:
            base += "_"
            reasons.append(f"'{hit}' is {_class_reason(hit, reserved)}")
        if len(base) > MAX_PYTHON_NAME_LENGTH:
            base = _shorten(base, str(view))
            snake = _shorten(snake, str(view))
            reasons.append(f"longer than {MAX_PYTHON_NAME_LENGTH} characters")
        attribute = snake
        if (
            keyword.iskeyword(attribute)
            or keyword.issoftkeyword(attribute)
            or attribute in PYTHON_CLIENT_RESERVED_NAMES
        ):
            attribute += "_"
        result[view] = PythonViewNames(
            view=view,
            kind=kind,
            base=base,
            attribute=attribute,
            module=snake,
            natural=natural,
            reason="; ".join(reasons) or None,
            collides_with=collides_with,
            reserved_name=hit,
        )
    return result


def _class_reason(name: str, reserved: Collection[str]) -> str:
    if name in PYTHON_RESERVED_CLASS_NAMES:
        return "a Python builtin or a name generated code imports"
    if name in reserved:
        return "the name of the generated client"
    return "a name exported by pygen-runtime"
