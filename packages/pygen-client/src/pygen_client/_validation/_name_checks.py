"""Checks of the names generation will produce: collisions between views and between properties, reserved words.

These are warnings: the generator resolves them deterministically, and the warning names the identifiers the user
will get (computed by the same functions the generator calls, ``python_view_names`` and ``python_field_names``)
and how to choose them instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._naming import (
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    python_field_name,
    python_field_names,
    python_view_names,
    to_camel_case,
    to_pascal_case,
)
from ._context import CheckContext, view_ref
from ._findings import Finding

__all__ = ["check_class_names", "check_field_names"]


def check_class_names(context: CheckContext) -> Iterator[Finding]:
    names = python_view_names({view_id: view.used_for for view_id, view in context.views.items()})
    reported: set[tuple[str, ...]] = set()
    for view_id in context.views:
        chosen = names[view_id]
        if chosen.collides_with:
            group = sorted([view_id, *chosen.collides_with], key=lambda item: list(context.views).index(item))
            key = tuple(view_ref(item) for item in group)
            if key not in reported:
                reported.add(key)
                listed = ", ".join(key[:-1]) + f" and {key[-1]}"
                generated = ", ".join(f"'{names[item].base}'" for item in group)
                yield context.finding(
                    "warning",
                    "class-name-collision",
                    f"views {listed} both generate the class name '{chosen.natural}' (or one derived from it); "
                    f"the generator names them {generated}",
                    "Rename or exclude a view to choose the names yourself.",
                    context.at(view=group[-1]),
                )
        if chosen.reserved_name is not None:
            yield context.finding(
                "warning",
                "reserved-identifier",
                f"the view generates the class name '{chosen.reserved_name}', which is "
                f"{_class_reason(chosen.reserved_name)}",
                f"The generator will use the class base name '{chosen.base}'; rename the view to avoid the suffix.",
                context.at(view=view_id),
            )
        class_name = to_pascal_case(view_id.external_id)
        if class_name in TYPESCRIPT_RESERVED_CLASS_NAMES:
            yield context.finding(
                "warning",
                "reserved-identifier",
                f"the view generates the class name '{class_name}', which is a TypeScript global type",
                "The generator will add a suffix to the class name; rename the view to avoid it.",
                context.at(view=view_id),
            )


def _class_reason(name: str) -> str:
    from .._naming import PYTHON_RESERVED_CLASS_NAMES

    if name in PYTHON_RESERVED_CLASS_NAMES:
        return "a Python builtin or a name generated code imports"
    return "a name exported by pygen-runtime"


def check_field_names(context: CheckContext) -> Iterator[Finding]:
    for view_id, view in context.views.items():
        fields = python_field_names(view.properties)
        by_name: dict[str, list[str]] = {}
        for prop_id in view.properties:
            by_name.setdefault(fields[prop_id].natural, []).append(prop_id)
        for name, prop_ids in by_name.items():
            if len(prop_ids) > 1 and name:
                listed = ", ".join(f"'{prop_id}'" for prop_id in prop_ids[:-1]) + f" and '{prop_ids[-1]}'"
                generated = ", ".join(f"'{fields[prop_id].name}'" for prop_id in prop_ids)
                yield context.finding(
                    "warning",
                    "field-name-collision",
                    f"properties {listed} both generate the Python field '{name}'; the generator names them "
                    f"{generated}",
                    "Rename a property to choose the names yourself.",
                    context.at(view=view_id, prop=prop_ids[-1]),
                )
        by_camel: dict[str, list[str]] = {}
        for prop_id in view.properties:
            by_camel.setdefault(to_camel_case(prop_id), []).append(prop_id)
        for name, prop_ids in by_camel.items():
            if len(prop_ids) > 1:
                listed = ", ".join(f"'{prop_id}'" for prop_id in prop_ids[:-1]) + f" and '{prop_ids[-1]}'"
                yield context.finding(
                    "warning",
                    "field-name-collision",
                    f"properties {listed} both generate the TypeScript field '{name}'",
                    "The generator will rename all but one of them; rename a property to choose the names yourself.",
                    context.at(view=view_id, prop=prop_ids[-1]),
                )
        for prop_id in view.properties:
            single = python_field_name(prop_id)
            if single.reason is None:
                continue
            generates = (
                f"generates the Python field '{single.natural}', which is"
                if single.natural
                else "has no ASCII letter or digit, so its Python field is"
            )
            yield context.finding(
                "warning",
                "reserved-identifier",
                f"the property {generates} {single.reason}",
                f"The generator will name the field '{fields[prop_id].name}'; rename the property to choose the name "
                "yourself.",
                context.at(view=view_id, prop=prop_id),
            )
