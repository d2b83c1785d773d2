"""Turns pydantic validation errors into messages that name the view, container and property, and the line.

A pydantic location such as ``('views', 3, 'definition', 'properties', 'price', 'mapped', 'type', 'text', 'list')``
is walked against the raw data: keys and indexes that exist in the data are kept (and views, containers and
properties named by their ids); union tags, which never occur in the data, are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ._errors import ModelFileIssue

if TYPE_CHECKING:
    import yaml

__all__ = ["describe_path", "issues_from_validation_error"]

_MAX_SHOWN = 60


def issues_from_validation_error(
    error: ValidationError, data: Any, *, text: str | None = None, prefix: tuple[int | str, ...] = ()
) -> list[ModelFileIssue]:
    """One issue per pydantic error; ``prefix`` is where the validated object sits inside ``data``."""
    lines = _LineFinder(text) if text else None
    issues = []
    for detail in error.errors(include_url=False):
        path = _data_path((*prefix, *detail["loc"]), data, missing=detail["type"] == "missing")
        issues.append(
            ModelFileIssue(
                location=describe_path(path, data),
                message=_message(detail),
                line=lines.line_of(path) if lines else None,
            )
        )
    return issues


def _data_path(loc: Sequence[int | str], data: Any, *, missing: bool) -> list[int | str]:
    path: list[int | str] = []
    node = data
    for position, key in enumerate(loc):
        if _has(node, key):
            node = _child(node, key)
            path.append(key)
        elif missing and position == len(loc) - 1:
            path.append(key)  # the missing field itself
        # anything else is a union tag or a validator name: not part of the data
    return path


def _has(node: Any, key: int | str) -> bool:
    if isinstance(node, dict):
        return isinstance(key, str) and key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def describe_path(path: list[int | str], data: Any) -> str:
    """``view s:X/1, property 'p', type.list`` for a path into the raw model data."""
    parts: list[str] = []
    node = data
    index = 0
    while index < len(path):
        key = path[index]
        child = _child(node, key)
        if key in ("views", "containers") and index + 1 < len(path) and isinstance(path[index + 1], int):
            item = _child(child, path[index + 1])
            kind = "view" if key == "views" else "container"
            parts.append(f"{kind} {_object_name(item, kind, path[index + 1])}")
            node = item
            index += 2
            continue
        if key == "properties" and index + 1 < len(path) and isinstance(path[index + 1], str):
            parts.append(f"property '{path[index + 1]}'")
            node = _child(child, path[index + 1])
            index += 2
            continue
        field_path = _join(path[index:])
        parts.append(field_path)
        break
    return ", ".join(parts)


def _child(node: Any, key: int | str) -> Any:
    if isinstance(node, dict) and isinstance(key, str):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _object_name(item: Any, kind: str, index: int | str) -> str:
    if isinstance(item, dict) and isinstance(item.get("space"), str) and isinstance(item.get("externalId"), str):
        name = f"{item['space']}:{item['externalId']}"
        if kind == "view" and "version" in item:
            name += f"/{item['version']}"
        return name
    return f"#{index}"  # no usable id: the position (0-based) in the list


def _join(path: Sequence[int | str]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def _message(detail: Any) -> str:
    message = str(detail["msg"])
    if message.startswith("Value error, "):
        return message[len("Value error, ") :]
    kind = detail["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unexpected field"
    got = detail.get("input")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected an object, got {_short(got)}"
    return f"{message[:1].lower()}{message[1:]}, got {_short(got)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


class _LineFinder:
    """Finds the line of a value in a JSON or YAML text; the text is parsed once, only when a line is asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._parsed = False

    def line_of(self, path: Sequence[int | str]) -> int | None:
        import yaml  # only on the error path

        if not self._parsed:
            self._parsed = True
            try:
                # JSON is (close enough to) YAML, so one walker with line marks serves both formats.
                self._root = yaml.compose(self._text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return None
        line = node.start_mark.line
        for key in path:
            if isinstance(node, yaml.MappingNode) and isinstance(key, str):
                entry = next(((name, value) for name, value in node.value if name.value == key), None)
                if entry is None:
                    break
                line, node = entry[0].start_mark.line, entry[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line
            else:
                break
        return line + 1
