"""How DMS identifiers become code identifiers, and which identifiers are reserved.

One place computes these names so validation warns about exactly the names the generator will produce: the
generator should call these functions rather than reimplementing them.

Words are split at ``_``/``-``/spaces and at case changes; a digit run stays with the word before it unless it
starts an acronym (``object3D`` -> ``object_3d``, ``Cognite360Image`` -> ``cognite360_image``).
"""

from __future__ import annotations

import builtins
import keyword
import re
from functools import cache

from pydantic import BaseModel

__all__ = [
    "PYTHON_RESERVED_CLASS_NAMES",
    "PYTHON_RESERVED_FIELD_NAMES",
    "TYPESCRIPT_RESERVED_CLASS_NAMES",
    "TYPESCRIPT_RESERVED_WORDS",
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


# Field names a generated Python class cannot use as they are: keywords, builtins (a field named ``list`` breaks
# every later ``list[...]`` annotation in the class body), pydantic's own attributes and its ``model_`` namespace.
PYTHON_RESERVED_FIELD_NAMES: frozenset[str] = frozenset(
    {*keyword.kwlist, *_public(builtins), *_public(BaseModel), "model_config", "model_fields"}
)

# Class names that would shadow a builtin or a name generated code imports.
PYTHON_RESERVED_CLASS_NAMES: frozenset[str] = frozenset(
    {name for name in _public(builtins) if name[:1].isupper()}
    | {"Any", "BaseModel", "ClassVar", "Field", "Literal", "Optional", "Sequence", "Union", "TYPE_CHECKING"}
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
# exports them, so the list cannot drift; these are the documented ones).
_RUNTIME_INSTANCE_FIELDS = frozenset({"space", "external_id", "data_record", "instance_type", "start_node", "end_node"})


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
