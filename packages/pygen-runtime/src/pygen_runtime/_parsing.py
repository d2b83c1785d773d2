"""Parsing response bytes straight into typed read objects with pydantic-core (no per-item Python hooks)."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError

from ._errors import ResponseParseError
from ._instances import Instance, UntypedEdge, UntypedNode

T = TypeVar("T")

# Pausing the cyclic GC while a large response turns into objects avoids repeated full-heap scans during the
# allocation burst (on CPython 3.11 they can cost as much as the parse itself). Reference counting still frees
# memory; the previous GC state is restored afterwards.
_GC_PAUSE_THRESHOLD = 256 * 1024
_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused(size: int) -> Iterator[None]:
    global _gc_pauses, _gc_was_enabled
    if size < _GC_PAUSE_THRESHOLD:
        yield
        return
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


class ItemsResponse(BaseModel, Generic[T]):
    """``{"items": [...], "nextCursor": ...}``: list, byids and search responses."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    items: list[T]
    next_cursor: str | None = Field(None, validation_alias="nextCursor")


def _instance_type(value: Any) -> str:
    kind = value.get("instanceType") if isinstance(value, dict) else getattr(value, "instance_type", None)
    return "edge" if kind == "edge" else "node"


UntypedInstance = Annotated[
    Annotated[UntypedNode, Tag("node")] | Annotated[UntypedEdge, Tag("edge")], Discriminator(_instance_type)
]


@cache
def _adapter(item_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(ItemsResponse[item_type])


def parse_items(item_type: Any, content: bytes, *, what: str) -> tuple[list[Any], str | None]:
    """Parse a list/byids/search response body into ``item_type`` objects and the next cursor."""
    adapter = _adapter(item_type)
    try:
        with gc_paused(len(content)):
            parsed = adapter.validate_json(content)
    except ValidationError as error:
        raise ResponseParseError(describe_parse_error(error, content, item_type, what)) from None
    return parsed.items, parsed.next_cursor


def parse_instance(item_type: Any, data: Any, *, what: str) -> Any:
    """Validate one already-decoded instance (used for query results grouped by result set)."""
    try:
        return _single_adapter(item_type).validate_python(data)
    except ValidationError as error:
        raise ResponseParseError(f"cannot parse {what} as {_name(item_type)}: {_first_errors(error)}") from None


@cache
def _single_adapter(item_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(item_type)


def describe_parse_error(error: ValidationError, content: bytes, item_type: Any, what: str) -> str:
    """Name the failing items by index and id; the body is decoded again only on this error path."""
    try:
        items = json.loads(content).get("items", [])
    except (ValueError, AttributeError):
        return f"the response of {what} is not valid JSON or has no items: {content[:200]!r}"
    lines = []
    for item in error.errors(include_url=False)[:5]:
        location = item["loc"]
        subject = ""
        if len(location) >= 2 and location[0] == "items" and isinstance(location[1], int) and location[1] < len(items):
            raw = items[location[1]]
            subject = f"item {location[1]} ({raw.get('space')}:{raw.get('externalId')}) "
            location = location[2:]
        field = ".".join(str(part) for part in location)
        lines.append(f"  - {subject}{field}: {item['msg']}; got {item.get('input')!r}")
    more = error.error_count() - 5
    if more > 0:
        lines.append(f"  ... and {more} more")
    return f"cannot parse the response of {what} as {_name(item_type)}:\n" + "\n".join(lines)


def _first_errors(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']} (got {item.get('input')!r})"
        for item in error.errors(include_url=False)[:3]
    )


def _name(item_type: Any) -> str:
    if isinstance(item_type, type) and issubclass(item_type, Instance):
        return item_type.__name__
    return "node or edge"
