"""Checks of the names generation will produce: collisions between views and between properties, reserved words.

These are warnings: the generator resolves them deterministically, and the warning tells the user which names
they will get and how to choose them instead.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterator

from pydantic import BaseModel

from .._naming import (
    PYTHON_RESERVED_CLASS_NAMES,
    PYTHON_RESERVED_FIELD_NAMES,
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    runtime_reserved_field_names,
    to_camel_case,
    to_pascal_case,
    to_snake_case,
)
from ._context import CheckContext, view_ref
from ._findings import Finding

__all__ = ["check_class_names", "check_field_names"]

# The classes generated per view (ARCHITECTURE: ProductNode, ProductNodeWrite, ProductNodeList, ProductNodeAPI).
_CLASS_SUFFIXES = ("", "Write", "List", "API")


def check_class_names(context: CheckContext) -> Iterator[Finding]:
    owners: dict[str, list[str]] = {}
    view_ids = {}
    for view_id in context.views:
        key = view_ref(view_id)
        view_ids[key] = view_id
        base = to_pascal_case(view_id.external_id)
        for suffix in _CLASS_SUFFIXES:
            owners.setdefault(f"class name '{base}{suffix}'", []).append(key)
        owners.setdefault(f"client attribute '{to_snake_case(view_id.external_id)}'", []).append(key)
    reported: set[tuple[str, ...]] = set()
    for name, views in owners.items():
        distinct = tuple(dict.fromkeys(views))
        if len(distinct) < 2 or distinct in reported:
            continue
        reported.add(distinct)
        listed = ", ".join(distinct[:-1]) + f" and {distinct[-1]}"
        yield context.finding(
            "warning",
            "class-name-collision",
            f"views {listed} both generate the {name}",
            "The generator disambiguates the names by adding the view's version, then its space; rename or "
            "exclude a view to choose the names yourself.",
            context.at(view=view_ids[distinct[-1]]),
        )
    for view_id in context.views:
        class_name = to_pascal_case(view_id.external_id)
        why = _class_name_reason(class_name)
        if why:
            yield context.finding(
                "warning",
                "reserved-identifier",
                f"the view generates the class name '{class_name}', which is {why}",
                "The generator will add a suffix to the class name; rename the view to avoid it.",
                context.at(view=view_id),
            )


def _class_name_reason(name: str) -> str | None:
    if name in PYTHON_RESERVED_CLASS_NAMES:
        return "a Python builtin or a name generated code imports"
    if name in TYPESCRIPT_RESERVED_CLASS_NAMES:
        return "a TypeScript global type"
    import pygen_runtime

    if name in getattr(pygen_runtime, "__all__", ()):
        return "a name exported by pygen-runtime"
    return None


def check_field_names(context: CheckContext) -> Iterator[Finding]:
    for view_id, view in context.views.items():
        for language, convert in (("Python", to_snake_case), ("TypeScript", to_camel_case)):
            by_name: dict[str, list[str]] = {}
            for prop_id in view.properties:
                by_name.setdefault(convert(prop_id), []).append(prop_id)
            for name, prop_ids in by_name.items():
                if len(prop_ids) > 1:
                    listed = ", ".join(f"'{prop_id}'" for prop_id in prop_ids[:-1]) + f" and '{prop_ids[-1]}'"
                    yield context.finding(
                        "warning",
                        "field-name-collision",
                        f"properties {listed} both generate the {language} field '{name}'",
                        "The generator will rename all but one of them; rename a property to choose the names "
                        "yourself.",
                        context.at(view=view_id, prop=prop_ids[-1]),
                    )
        for prop_id in view.properties:
            field = to_snake_case(prop_id)
            why = _field_name_reason(field)
            if why:
                yield context.finding(
                    "warning",
                    "reserved-identifier",
                    f"the property generates the Python field '{field}', which is {why}",
                    f"The generator will name the field '{field}_'; rename the property to avoid the suffix."
                    if field.isidentifier()
                    else "The generator will prefix the field name; rename the property to choose it yourself.",
                    context.at(view=view_id, prop=prop_id),
                )


def _field_name_reason(field: str) -> str | None:
    if not field.isidentifier():
        return "not a valid Python identifier"
    if keyword.iskeyword(field):
        return "a Python keyword"
    if field in runtime_reserved_field_names():
        return "an attribute of pygen-runtime's instance classes"
    if field.startswith("model_") or hasattr(BaseModel, field):
        return "reserved by pydantic"
    if field in PYTHON_RESERVED_FIELD_NAMES:
        return "a Python builtin"
    return None
