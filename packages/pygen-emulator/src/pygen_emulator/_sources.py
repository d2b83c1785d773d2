"""Parsing ``sources`` selectors (views to return properties from) shared by list, byids, search, query and sync."""

from __future__ import annotations

from typing import Any

from ._errors import bad_request
from ._property_types import parse_view_ref
from ._request import as_object, check_keys, join, type_name
from ._schema import Registry, ResolvedView, view_label


def parse_sources(
    registry: Registry, raw: Any, where: str, *, with_properties: bool = False, max_items: int = 10
) -> tuple[list[ResolvedView], dict[int, list[str] | None]]:
    """Views of a ``sources`` list, and for each (by position) the selected property ids (None: all)."""
    if raw is None:
        return [], {}
    if not isinstance(raw, list):
        raise bad_request(f"{where}: expected an array, got {type_name(raw)}")
    if len(raw) > max_items:
        raise bad_request(f"{where}: at most {max_items} sources, got {len(raw)}")
    views = []
    selected: dict[int, list[str] | None] = {}
    for index, item in enumerate(raw):
        here = join(where, index)
        obj = as_object(item, here)
        check_keys(obj, {"source", "properties", "targetUnits"} if with_properties else {"source", "targetUnits"}, here)
        if obj.get("targetUnits"):
            raise bad_request(f"{join(here, 'targetUnits')}: unit conversion is not supported by the emulator")
        ref = parse_view_ref(obj.get("source"), join(here, "source"))
        key = (ref["space"], ref["externalId"], ref["version"])
        if key not in registry.views:
            raise bad_request(
                f"{join(here, 'source')}: One or more views do not exist: {view_label(key)}", missing=[ref]
            )
        view = registry.resolve(key)
        views.append(view)
        if with_properties:
            props = obj.get("properties")
            if props is None:
                raise bad_request(
                    f'{join(here, "properties")}: properties must not be null; list property ids or use ["*"]'
                )
            if not isinstance(props, list) or not all(isinstance(p, str) for p in props):
                raise bad_request(f"{join(here, 'properties')}: expected an array of property ids")
            if "*" in props:
                selected[index] = None
            else:
                unknown = [p for p in props if p not in view.properties]
                if unknown:
                    raise bad_request(
                        f"{join(here, 'properties')}: Unknown properties {unknown} in view {view_label(key)}"
                    )
                selected[index] = list(props)
        else:
            selected[index] = None
    return views, selected
