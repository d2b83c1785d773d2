"""Repeated keys in a JSON or YAML object: both parsers silently keep the last value, which loses data.

Detection is cheap (a hook while parsing); only when a repeat is found is the text walked again, with line marks,
to say where each one is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ._error_locations import describe_path
from ._errors import ModelFileIssue

__all__ = ["DuplicateKeyDetector", "duplicate_key_issues", "strict_yaml_loader"]


class DuplicateKeyDetector:
    """``object_pairs_hook`` for ``json.loads`` that notes whether any object repeated a key."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            self.found = True
        return result


def strict_yaml_loader() -> tuple[type, list[bool]]:
    """A YAML loader class that notes repeated keys, and the flag list it appends to."""
    import yaml

    found: list[bool] = []
    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[misc]
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            if len(set(keys)) != len(keys):
                found.append(True)
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            return mapping

    return _Loader, found


def duplicate_key_issues(text: str, data: Any) -> list[ModelFileIssue]:
    import yaml

    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return [
        ModelFileIssue(
            location=describe_path([*path, key], data),
            message=f"the key '{key}' appears more than once in this object (first on line {first + 1}); only "
            "one value can be kept",
            line=line + 1,
        )
        for path, key, first, line in _repeats(root, [])
    ]


def _repeats(node: Any, path: list[int | str]) -> Iterator[tuple[list[int | str], str, int, int]]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                yield path, key, seen[key], key_node.start_mark.line
            else:
                seen[key] = key_node.start_mark.line
            yield from _repeats(value_node, [*path, key])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _repeats(item, [*path, index])
