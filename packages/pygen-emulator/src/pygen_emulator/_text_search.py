"""Text matching for ``search`` and ``aggregate`` queries: a SQL function registered on the connection.

Matching is case-insensitive and tokenized on word characters; a query token matches a word it equals or prefixes.
``OR`` (the default) needs one token to match, ``AND`` needs all. The score (used to order results by relevance)
counts matched tokens, with exact word matches ranked above prefix matches.
"""

from __future__ import annotations

import json
import re
import sqlite3
from functools import lru_cache
from typing import Any

from ._errors import bad_request
from ._schema import MappedProperty, ResolvedView, view_label

_WORD = re.compile(r"\w+", re.UNICODE)
FUNCTION = "pygen_search_score"


def tokens(query: str) -> list[str]:
    return _WORD.findall(query.lower())


@lru_cache(maxsize=256)
def _parse(tokens_json: str) -> tuple[str, ...]:
    return tuple(json.loads(tokens_json))


def _score(tokens_json: str, require_all: int, *texts: Any) -> int:
    query = _parse(tokens_json)
    if not query:
        return 1
    words: set[str] = set()
    for text in texts:
        if text is not None:
            words.update(_WORD.findall(str(text).lower()))
    if not words:
        return 0
    matched = exact = 0
    for token in query:
        if token in words:
            matched += 1
            exact += 1
        elif any(word.startswith(token) for word in words):
            matched += 1
    if matched == 0 or (require_all and matched < len(query)):
        return 0
    return matched * 2 + exact


def register(conn: sqlite3.Connection) -> None:
    conn.create_function(FUNCTION, -1, _score, deterministic=True)


def text_properties(view: ResolvedView, requested: Any, where: str) -> list[MappedProperty]:
    """The view properties a query searches: the requested ones, or every text property."""
    mapped = view.mapped
    if requested is None:
        return [p for p in mapped.values() if p.prop.kind == "text"]
    if not isinstance(requested, list) or not all(isinstance(p, str) for p in requested):
        raise bad_request(f"{where}: expected an array of property ids")
    out = []
    for pid in requested:
        prop = mapped.get(pid)
        if prop is None:
            raise bad_request(f"{where}: Unknown property {pid!r} in view {view_label(view.key)}")
        if prop.prop.kind != "text":
            raise bad_request(f"{where}: property {pid!r} of view {view_label(view.key)} is {prop.prop.kind}, not text")
        out.append(prop)
    return out
