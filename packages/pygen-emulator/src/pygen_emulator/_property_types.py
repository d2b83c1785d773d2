"""Parsing container property definitions (types, defaults, flags) from apply requests into their stored form."""

from __future__ import annotations

from typing import Any

from pygen_client import RESERVED_ENUM_VALUES

from ._errors import bad_request
from ._ids import ENUM_VALUE_RE, check_dms_xid, check_space
from ._request import as_object, check_keys, get_bool, get_int, get_obj, get_str, join, short
from ._values import ALL_TYPES, make_validator, scalar_validator

_COMMON_TYPE_KEYS = {"type", "list", "maxListSize"}
_TYPE_KEYS: dict[str, set[str]] = {
    "text": _COMMON_TYPE_KEYS | {"maxTextSize", "collation"},
    "float32": _COMMON_TYPE_KEYS | {"unit"},
    "float64": _COMMON_TYPE_KEYS | {"unit"},
    "direct": _COMMON_TYPE_KEYS | {"container", "source"},
    "enum": {"type", "values", "unknownValue", "list"},
}
_PROPERTY_KEYS = {"type", "nullable", "immutable", "autoIncrement", "defaultValue", "name", "description"}
# Read-only fields a client may echo back from a read (the canonical model files hold them); ignored on apply.
_READ_ONLY_PROPERTY_KEYS = {"constraintState"}


def parse_container_ref(raw: object, where: str) -> dict[str, str]:
    obj = as_object(raw, where)
    check_keys(obj, {"type", "space", "externalId"}, where)
    type_ = obj.get("type", "container")
    if type_ != "container":
        raise bad_request(f"{join(where, 'type')}: expected 'container', got {type_!r}")
    space = check_space(obj.get("space"), join(where, "space"))
    xid = check_dms_xid(obj.get("externalId"), join(where, "externalId"))
    return {"type": "container", "space": space, "externalId": xid}


def parse_view_ref(raw: object, where: str, *, version_required: bool = True) -> dict[str, str]:
    from ._ids import check_version

    obj = as_object(raw, where)
    check_keys(obj, {"type", "space", "externalId", "version"}, where)
    type_ = obj.get("type", "view")
    if type_ != "view":
        raise bad_request(f"{join(where, 'type')}: expected 'view', got {type_!r}")
    out = {
        "type": "view",
        "space": check_space(obj.get("space"), join(where, "space")),
        "externalId": check_dms_xid(obj.get("externalId"), join(where, "externalId")),
    }
    if obj.get("version") is not None or version_required:
        out["version"] = check_version(obj.get("version"), join(where, "version"))
    return out


def parse_property_type(raw: object, where: str) -> dict[str, Any]:
    """Validate a container property ``type`` and return its stored form (defaults filled in)."""
    obj = as_object(raw, where)
    kind = get_str(obj, "type", where, required=True)
    if kind not in ALL_TYPES:
        raise bad_request(f"{join(where, 'type')}: unknown property type {kind!r}; expected one of {sorted(ALL_TYPES)}")
    check_keys(obj, _TYPE_KEYS.get(kind, _COMMON_TYPE_KEYS), where)
    out: dict[str, Any] = {"type": kind, "list": get_bool(obj, "list", where, False)}
    max_list = get_int(obj, "maxListSize", where, minimum=1)
    if max_list is not None:
        if not out["list"]:
            raise bad_request(f"{join(where, 'maxListSize')}: only list properties can have a maxListSize")
        out["maxListSize"] = max_list
    if kind == "text":
        out["collation"] = get_str(obj, "collation", where, default="ucs_basic")
        max_text = get_int(obj, "maxTextSize", where, minimum=1)
        if max_text is not None:
            out["maxTextSize"] = max_text
    elif kind in ("float32", "float64"):
        unit = get_obj(obj, "unit", where)
        if unit is not None:
            unit_where = join(where, "unit")
            check_keys(unit, {"externalId", "sourceUnit"}, unit_where)
            out["unit"] = {"externalId": get_str(unit, "externalId", unit_where, required=True)}
            source_unit = get_str(unit, "sourceUnit", unit_where)
            if source_unit is not None:
                out["unit"]["sourceUnit"] = source_unit
    elif kind == "direct":
        if obj.get("container") is not None:
            out["container"] = parse_container_ref(obj["container"], join(where, "container"))
    elif kind == "enum":
        if out["list"]:
            raise bad_request(f"{join(where, 'list')}: enum properties cannot be lists")
        values = get_obj(obj, "values", where, required=True) or {}
        values_where = join(where, "values")
        if not 1 <= len(values) <= 32:
            raise bad_request(f"{values_where}: an enum must have 1-32 values, got {len(values)}")
        parsed: dict[str, dict[str, str]] = {}
        for value_id, meta in values.items():
            value_where = join(values_where, value_id)
            if not ENUM_VALUE_RE.match(value_id) or value_id.lower() in RESERVED_ENUM_VALUES:
                raise bad_request(f"{value_where}: invalid enum value identifier {value_id!r}")
            meta_obj = as_object(meta if meta is not None else {}, value_where)
            check_keys(meta_obj, {"name", "description"}, value_where)
            entry: dict[str, str] = {}
            for key, limit in (("name", 255), ("description", 1024)):
                text = get_str(meta_obj, key, value_where, max_length=limit)
                if text is not None:
                    entry[key] = text
            parsed[value_id] = entry
        out["values"] = parsed
        del out["list"]  # enums are never lists; CDF's enum type has no list field
        unknown = get_str(obj, "unknownValue", where)
        if unknown is not None:
            if unknown not in parsed:
                raise bad_request(f"{join(where, 'unknownValue')}: {unknown!r} is not one of the enum values")
            out["unknownValue"] = unknown
    return out


def parse_container_property(raw: object, where: str) -> dict[str, Any]:
    """Validate one container property definition; returns the stored form (without ``constraintState``)."""
    obj = as_object(raw, where)
    check_keys(obj, _PROPERTY_KEYS | _READ_ONLY_PROPERTY_KEYS, where)
    type_ = parse_property_type(obj.get("type"), join(where, "type"))
    out: dict[str, Any] = {
        "type": type_,
        "nullable": get_bool(obj, "nullable", where, True),
        "immutable": get_bool(obj, "immutable", where, False),
        "autoIncrement": get_bool(obj, "autoIncrement", where, False),
    }
    if out["autoIncrement"] and (type_["type"] not in ("int32", "int64") or type_["list"]):
        raise bad_request(f"{join(where, 'autoIncrement')}: only single int32 and int64 properties can auto-increment")
    default = obj.get("defaultValue")
    if default is not None:
        if type_["list"]:
            raise bad_request(f"{join(where, 'defaultValue')}: list properties cannot have a default value")
        if type_["type"] == "direct":
            raise bad_request(f"{join(where, 'defaultValue')}: direct relations cannot have a default value")
        try:
            out["defaultValue"] = scalar_validator(type_)(default)
        except ValueError as error:
            raise bad_request(f"{join(where, 'defaultValue')}: {error}") from None
    for key, limit in (("name", 255), ("description", 1024)):
        text = get_str(obj, key, where, max_length=limit)
        if text is not None:
            out[key] = text
    make_validator(type_)  # fails early on an unusable type
    return out


def describe_type(type_: dict[str, Any]) -> str:
    base = str(type_["type"])
    return f"list of {base}" if type_.get("list") else base


def type_change_reason(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Why changing a stored property type from ``old`` to ``new`` is not allowed, or None when it is."""
    if old["type"] != new["type"] or bool(old.get("list")) != bool(new.get("list")):
        return f"type changes from {describe_type(old)} to {describe_type(new)}"
    for key in ("maxListSize", "maxTextSize"):
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            return f"{key} is added ({after}); existing data may exceed it"
        if before is not None and after is not None and after < before:
            return f"{key} shrinks from {before} to {after}"
    if old.get("container") != new.get("container"):
        return f"the direct relation container constraint changes from {old.get('container')} to {new.get('container')}"
    if old["type"] == "enum":
        removed = set(old.get("values") or {}) - set(new.get("values") or {})
        if removed:
            return f"enum values {sorted(removed)} are removed"
    if old["type"] == "text" and old.get("collation") != new.get("collation"):
        return f"collation changes from {old.get('collation')} to {new.get('collation')}"
    return None


def format_value(value: object) -> str:
    return short(value)
