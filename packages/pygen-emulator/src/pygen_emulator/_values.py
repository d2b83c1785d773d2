"""Property values: validation against container property types, and the normalized form stored and returned.

Each container property gets one validator function, built once per schema version, that returns the normalized
value or raises ``ValueError`` with a reason; the caller adds where the value sits. Normalization is what makes
SQL comparisons right: timestamps are stored in UTC as ``YYYY-MM-DDTHH:MM:SS.fff+00:00`` so they sort as strings.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from typing import Any

from ._request import short, type_name

Validator = Callable[[Any], Any]

INT32_RANGE = (-(2**31), 2**31 - 1)
INT64_RANGE = (-(2**63), 2**63 - 1)
FLOAT32_MAX = 3.4028234663852886e38
MAX_TEXT = 128_000
MAX_LIST = 1000
MAX_DIRECT_LIST = 100
MAX_JSON_BYTES = 40_960
MAX_JSON_KEYS = 256
MAX_JSON_KEY_LENGTH = 128

NUMERIC_TYPES = frozenset({"int32", "int64", "float32", "float64"})
TEXTUAL_TYPES = frozenset({"text", "enum", "timeseries", "file", "sequence"})
ALL_TYPES = frozenset(
    {"text", "boolean", "float32", "float64", "int32", "int64", "timestamp", "date", "json"}
    | {"timeseries", "file", "sequence", "direct", "enum"}
)

_TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def normalize_timestamp(value: object) -> str:
    """Return the canonical UTC form, ``2024-05-31T02:12:29.000+00:00``; raise ValueError when it is not one."""
    if not isinstance(value, str):
        raise ValueError(f"expected a timestamp string like 2024-05-31T02:12:29.000+00:00, got {type_name(value)}")
    match = _TIMESTAMP_RE.match(value)
    if match is None:
        raise ValueError(f"expected an ISO 8601 timestamp like 2024-05-31T02:12:29.000+00:00, got {short(value)}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    millis = int((fraction or "0")[:3].ljust(3, "0"))
    try:
        moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), millis * 1000)
    except ValueError as error:
        raise ValueError(f"invalid timestamp {short(value)}: {error}") from None
    if offset and offset != "Z":
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or "0")
        if hours > 23 or minutes > 59:
            raise ValueError(f"invalid timestamp offset in {short(value)}")
        try:
            moment = moment - sign * dt.timedelta(hours=hours, minutes=minutes)
        except OverflowError:
            raise ValueError(f"timestamp {short(value)} is outside years 0001-9999") from None
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
        f"{moment.second:02d}.{moment.microsecond // 1000:03d}+00:00"
    )


def timestamp_to_ms(canonical: str) -> int:
    moment = dt.datetime.fromisoformat(canonical)
    return int((moment - _EPOCH) / dt.timedelta(milliseconds=1))


def ms_to_timestamp(millis: int) -> str:
    moment = _EPOCH + dt.timedelta(milliseconds=millis)
    return normalize_timestamp(moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z")


def normalize_date(value: object) -> str:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise ValueError(f"expected a date like 2024-05-31, got {short(value)}")
    try:
        dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"invalid date {short(value)}: {error}") from None
    return value


def _text(max_size: int | None) -> Validator:
    limit = min(max_size, MAX_TEXT) if max_size else MAX_TEXT

    def check(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError(f"expected a string, got {type_name(value)} {short(value)}")
        if len(value) > limit:
            raise ValueError(f"text is {len(value)} characters, longer than the limit of {limit}")
        if "\x00" in value:
            raise ValueError("text must not contain the NUL character")
        return value

    return check


def _integer(type_: str) -> Validator:
    low, high = INT32_RANGE if type_ == "int32" else INT64_RANGE

    def check(value: Any) -> Any:
        if type(value) is not int:
            if type(value) is float and value.is_integer():
                value = int(value)
            else:
                raise ValueError(f"expected an {type_} integer, got {type_name(value)} {short(value)}")
        if not low <= value <= high:
            raise ValueError(f"{value} is outside the {type_} range [{low}, {high}]")
        return value

    return check


def _floating(type_: str) -> Validator:
    def check(value: Any) -> Any:
        if type(value) not in (int, float):
            raise ValueError(f"expected a {type_} number, got {type_name(value)} {short(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        if type_ == "float32" and abs(value) > FLOAT32_MAX:
            raise ValueError(f"{value} is outside the float32 range")
        return value

    return check


def _boolean(value: Any) -> Any:
    if type(value) is not bool:
        raise ValueError(f"expected a boolean, got {type_name(value)} {short(value)}")
    return value


def _timestamp(value: Any) -> Any:
    return normalize_timestamp(value)


def _date(value: Any) -> Any:
    return normalize_date(value)


def _json_object(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object (wrap arrays and scalars in an object), got {type_name(value)}")
    if len(value) > MAX_JSON_KEYS:
        raise ValueError(f"JSON object has {len(value)} keys, more than the limit of {MAX_JSON_KEYS}")
    for key in value:
        if len(key) > MAX_JSON_KEY_LENGTH:
            raise ValueError(f"JSON key {short(key)} is longer than {MAX_JSON_KEY_LENGTH} characters")
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_JSON_BYTES:
        raise ValueError(f"JSON object is {size} bytes, larger than the limit of {MAX_JSON_BYTES}")
    return value


def _reference(value: Any) -> Any:
    if type(value) is not str or not 1 <= len(value) <= 256:
        raise ValueError(f"expected an externalId string (1-256 characters), got {type_name(value)} {short(value)}")
    return value


def _direct(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f'expected a direct relation {{"space": ..., "externalId": ...}}, got {type_name(value)}')
    space, xid = value.get("space"), value.get("externalId")
    if type(space) is not str or type(xid) is not str or len(value) != 2:
        raise ValueError(f'expected a direct relation {{"space": ..., "externalId": ...}}, got {short(value)}')
    from ._ids import SPACE_RE

    if not SPACE_RE.match(space):
        raise ValueError(f"direct relation has an invalid space {space!r}")
    if not 1 <= len(xid) <= 256 or "\x00" in xid:
        raise ValueError(f"direct relation has an invalid externalId {short(xid)}")
    return {"space": space, "externalId": xid}


def _enum(values: frozenset[str]) -> Validator:
    def check(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError(f"expected an enum value (one of {sorted(values)}), got {type_name(value)}")
        if value not in values:
            raise ValueError(f"{value!r} is not one of the enum values {sorted(values)}")
        return value

    return check


def scalar_validator(type_: dict[str, Any]) -> Validator:
    kind = type_["type"]
    if kind == "text":
        return _text(type_.get("maxTextSize"))
    if kind in ("int32", "int64"):
        return _integer(kind)
    if kind in ("float32", "float64"):
        return _floating(kind)
    if kind == "boolean":
        return _boolean
    if kind == "timestamp":
        return _timestamp
    if kind == "date":
        return _date
    if kind == "json":
        return _json_object
    if kind in ("timeseries", "file", "sequence"):
        return _reference
    if kind == "direct":
        return _direct
    if kind == "enum":
        return _enum(frozenset(type_.get("values") or {}))
    raise ValueError(f"unknown property type {kind!r}")


def make_validator(type_: dict[str, Any]) -> Validator:
    """The validator for a (possibly list) container property type; returns the normalized value."""
    scalar = scalar_validator(type_)
    if not type_.get("list"):
        return scalar
    default_max = MAX_DIRECT_LIST if type_["type"] == "direct" else MAX_LIST
    max_size = type_.get("maxListSize") or default_max

    def check_list(value: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError(f"expected a list of {type_['type']} values, got {type_name(value)}")
        if len(value) > max_size:
            raise ValueError(f"list has {len(value)} items, more than the maximum of {max_size}")
        out = []
        for index, item in enumerate(value):
            try:
                out.append(scalar(item))
            except ValueError as error:
                raise ValueError(f"item {index}: {error}") from None
        return out

    return check_list
