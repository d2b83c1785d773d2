"""Structural validation of DMS filters (names, required fields, value shapes) without resolving properties.

View filters are checked this way when a view is applied (their properties may point at views created later);
request filters get the same check and are then compiled to SQL by ``_filters``.
"""

from __future__ import annotations

from typing import Any

from ._errors import bad_request
from ._request import as_object, check_keys, join, type_name

LEAF_FILTERS = (
    "equals",
    "in",
    "range",
    "prefix",
    "exists",
    "containsAny",
    "containsAll",
    "matchAll",
    "nested",
    "overlaps",
    "hasData",
    "instanceReferences",
)
BOOL_FILTERS = ("and", "or", "not")
RANGE_KEYS = ("gt", "gte", "lt", "lte")
MAX_DEPTH = 64


def check_property_ref(raw: object, where: str) -> list[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) for p in raw):
        raise bad_request(f"{where}: expected a property reference (an array of strings), got {type_name(raw)}")
    if len(raw) not in (2, 3):
        raise bad_request(
            f'{where}: a property reference has 2 parts (["node", "externalId"]) or 3 parts '
            f'([space, "view/version" or container, property]), got {raw}'
        )
    return raw


def _check_value(raw: object, where: str, *, allow_parameter: bool) -> None:
    if isinstance(raw, dict) and set(raw) == {"property"}:
        check_property_ref(raw["property"], join(where, "property"))
    elif isinstance(raw, dict) and set(raw) == {"parameter"}:
        if not allow_parameter:
            raise bad_request(f"{where}: parameters can only be used in query and sync filters")
        if not isinstance(raw["parameter"], str):
            raise bad_request(f"{join(where, 'parameter')}: expected a parameter name")


def check_filter_shape(raw: object, where: str, *, allow_parameter: bool = False, depth: int = 0) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise bad_request(f"{where}: filter is nested more than {MAX_DEPTH} levels deep")
    obj = as_object(raw, where)
    if len(obj) != 1:
        raise bad_request(f"{where}: a filter must have exactly one key (the filter name), got {sorted(obj)}")
    name, body = next(iter(obj.items()))
    here = join(where, name)
    if name in ("and", "or"):
        if not isinstance(body, list) or not body:
            raise bad_request(f"{here}: expected a non-empty array of filters")
        for index, inner in enumerate(body):
            check_filter_shape(inner, join(here, index), allow_parameter=allow_parameter, depth=depth + 1)
        return obj
    if name == "not":
        check_filter_shape(body, here, allow_parameter=allow_parameter, depth=depth + 1)
        return obj
    if name == "hasData":
        if not isinstance(body, list):
            raise bad_request(f"{here}: expected an array of view or container references")
        for index, ref in enumerate(body):
            ref_obj = as_object(ref, join(here, index))
            if ref_obj.get("type") not in ("view", "container"):
                raise bad_request(
                    f"{join(here, index)}.type: expected 'view' or 'container', got {ref_obj.get('type')!r}"
                )
        return obj
    if name == "instanceReferences":
        if not isinstance(body, list):
            raise bad_request(f"{here}: expected an array of {{space, externalId}} objects")
        for index, ref in enumerate(body):
            ref_obj = as_object(ref, join(here, index))
            check_keys(ref_obj, {"space", "externalId"}, join(here, index))
        return obj
    if name not in LEAF_FILTERS:
        raise bad_request(f"{where}: unknown filter {name!r}; expected one of {[*BOOL_FILTERS, *LEAF_FILTERS]}")
    spec = as_object(body, here)
    if name == "matchAll":
        check_keys(spec, (), here)
    elif name == "nested":
        check_keys(spec, {"scope", "filter"}, here)
        check_property_ref(spec.get("scope"), join(here, "scope"))
        check_filter_shape(spec.get("filter"), join(here, "filter"), allow_parameter=allow_parameter, depth=depth + 1)
    elif name == "overlaps":
        check_keys(spec, {"startProperty", "endProperty", *RANGE_KEYS}, here)
        check_property_ref(spec.get("startProperty"), join(here, "startProperty"))
        check_property_ref(spec.get("endProperty"), join(here, "endProperty"))
        _check_bounds(spec, here, allow_parameter)
    else:
        value_keys = {
            "equals": ("value",),
            "in": ("values",),
            "containsAny": ("values",),
            "containsAll": ("values",),
            "prefix": ("value",),
            "exists": (),
            "range": RANGE_KEYS,
        }[name]
        check_keys(spec, {"property", *value_keys}, here)
        check_property_ref(spec.get("property"), join(here, "property"))
        if name == "range":
            _check_bounds(spec, here, allow_parameter)
        for key in value_keys if name != "range" else ():
            if key not in spec:
                raise bad_request(f"{join(here, key)}: required field is missing")
            value = spec[key]
            if key == "values" and not isinstance(value, list) and not (isinstance(value, dict) and len(value) == 1):
                raise bad_request(f"{join(here, key)}: expected an array of values, got {type_name(value)}")
            if key == "values" and isinstance(value, list) and len(value) > 1000:
                raise bad_request(f"{join(here, key)}: at most 1000 values, got {len(value)}")
            _check_value(value, join(here, key), allow_parameter=allow_parameter)
    return obj


def _check_bounds(spec: dict[str, Any], where: str, allow_parameter: bool) -> None:
    if "gt" in spec and "gte" in spec:
        raise bad_request(f"{where}: use either gt or gte, not both")
    if "lt" in spec and "lte" in spec:
        raise bad_request(f"{where}: use either lt or lte, not both")
    if not any(key in spec for key in RANGE_KEYS):
        raise bad_request(f"{where}: a range needs at least one of gt, gte, lt, lte")
    for key in RANGE_KEYS:
        if key in spec:
            value = spec[key]
            if isinstance(value, dict):
                _check_value(value, join(where, key), allow_parameter=allow_parameter)
            elif isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise bad_request(f"{join(where, key)}: expected a number or string bound, got {type_name(value)}")
