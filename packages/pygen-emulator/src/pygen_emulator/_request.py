"""Reading request bodies and query strings with located, DMS-format errors.

Every accessor takes the path of the value (``items[3].sources[0]``) so a 400 names exactly what is wrong. Unknown
fields are rejected like CDF does (``Unexpected field - nodes.limit``), which catches client bugs early.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._errors import bad_request

_MISSING: Any = object()


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def as_object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"{where or 'request body'}: expected an object, got {type_name(value)}")
    return value


def check_keys(data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    allowed_set = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
    for key in data:
        if key not in allowed_set:
            raise bad_request(f"Unexpected field - {join(where, key)}")


def req(data: Mapping[str, Any], key: str, where: str) -> Any:
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        raise bad_request(f"{join(where, key)}: required field is missing")
    return value


def get_str(
    data: Mapping[str, Any],
    key: str,
    where: str,
    *,
    required: bool = False,
    default: str | None = None,
    max_length: int | None = None,
    choices: Iterable[str] | None = None,
) -> Any:
    value = data.get(key)
    if value is None:
        if required:
            raise bad_request(f"{join(where, key)}: required field is missing")
        return default
    if not isinstance(value, str):
        raise bad_request(f"{join(where, key)}: expected a string, got {type_name(value)}")
    if max_length is not None and len(value) > max_length:
        raise bad_request(f"{join(where, key)}: size must be between 0 and {max_length}, got {len(value)} characters")
    if choices is not None:
        options = list(choices)
        if value not in options:
            raise bad_request(f"{join(where, key)}: expected one of {options}, got {value!r}")
    return value


def get_bool(data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_request(f"{join(where, key)}: expected a boolean, got {type_name(value)}")
    return value


def get_int(
    data: Mapping[str, Any],
    key: str,
    where: str,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> Any:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise bad_request(f"{join(where, key)}: expected an integer, got {short(value)}")
    if minimum is not None and value < minimum:
        raise bad_request(f"{join(where, key)}: must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise bad_request(f"{join(where, key)}: must be at most {maximum}, got {value}")
    return value


def get_list(
    data: Mapping[str, Any],
    key: str,
    where: str,
    *,
    required: bool = False,
    min_items: int = 0,
    max_items: int | None = None,
) -> list[Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise bad_request(f"{join(where, key)}: required field is missing")
        return []
    if not isinstance(value, list):
        raise bad_request(f"{join(where, key)}: expected an array, got {type_name(value)}")
    if len(value) < min_items:
        raise bad_request(f"{join(where, key)}: must contain at least {min_items} item(s), got {len(value)}")
    if max_items is not None and len(value) > max_items:
        raise bad_request(f"{join(where, key)}: must contain at most {max_items} items, got {len(value)}")
    return value


def get_obj(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        if required:
            raise bad_request(f"{join(where, key)}: required field is missing")
        return None
    return as_object(value, join(where, key))


def query_bool(params: Mapping[str, str], key: str, default: bool) -> bool:
    raw = params.get(key)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise bad_request(f"query parameter {key}: expected true or false, got {raw!r}")


def query_int(params: Mapping[str, str], key: str, default: int, minimum: int, maximum: int) -> int:
    raw = params.get(key)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"query parameter {key}: expected an integer, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise bad_request(f"query parameter {key}: must be between {minimum} and {maximum}, got {value}")
    return value
