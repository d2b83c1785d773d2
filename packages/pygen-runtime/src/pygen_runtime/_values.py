"""Conversion of Python values to their DMS wire form (timestamps, dates, node references, lists)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ._errors import InvalidInputError
from ._ids import EdgeId, NodeId


def format_timestamp(value: datetime, *, where: str) -> str:
    """ISO 8601 with milliseconds and offset, as DMS stores it: ``2024-05-31T02:12:29.123+00:00``.

    A naive datetime is rejected: guessing its time zone would silently shift data by hours.
    """
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise InvalidInputError(
            f"{where}: the datetime {value.isoformat()} has no time zone; "
            "give an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)"
        )
    if not 1 <= value.year <= 9999:
        raise InvalidInputError(f"{where}: the timestamp {value.isoformat()} is outside years 0001-9999")
    return value.isoformat(timespec="milliseconds")


def to_wire_value(value: Any, *, where: str) -> Any:
    """Convert one property or filter value to JSON-ready data; ``where`` names it in error messages."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise InvalidInputError(f"{where}: {value} cannot be sent (JSON has no NaN or infinity)")
        return value
    if isinstance(value, datetime):
        return format_timestamp(value, where=where)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (NodeId, EdgeId)):
        return value.dump()
    if isinstance(value, Mapping):
        return {str(key): to_wire_value(item, where=f"{where}[{key!r}]") for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire_value(item, where=f"{where}[{index}]") for index, item in enumerate(value)]
    as_id = getattr(value, "as_id", None)
    if callable(as_id):
        identifier = as_id()
        if isinstance(identifier, (NodeId, EdgeId)):
            return identifier.dump()
    raise InvalidInputError(f"{where}: cannot send a value of type {type(value).__name__}: {value!r}")
