"""Escaping: one function per kind of TypeScript text that carries model content.

Names, descriptions, ids and enum values come from the data model and can contain anything: quotes, backslashes,
``*/``, newlines, line separators, control characters, emoji. Each function here turns such a value into text that
TypeScript reads back as exactly that value (a string literal), or that cannot end the construct it sits in (a JSDoc
block, a ``//`` comment), in the form ``deno fmt`` leaves as it is. ``display_width`` measures text the way deno fmt
does (East Asian wide characters count two columns), so the layout decides line breaks as the formatter would.
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import cache

from .._errors import GeneratorError

__all__ = ["comment_text", "display_width", "identifier", "jsdoc", "string_literal"]

_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
# Characters kept as they are in string literals: letters, digits, punctuation and most symbols, whose width deno
# fmt and Python agree on. Everything else (control and format characters, combining marks, line and paragraph
# separators, private use, unassigned code points, emoji) is written as an escape, which is plain ASCII.
_KEPT_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"})
_KEPT_CATEGORIES |= frozenset({"Sm", "Sc", "Sk"})


@cache
def _char_width(char: str) -> int:
    if char.isascii():
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on a line, as deno fmt counts them."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _literal_char(char: str) -> str:
    escaped = _SIMPLE_ESCAPES.get(char)
    if escaped is not None:
        return escaped
    if char.isascii():
        return char if char.isprintable() else f"\\x{ord(char):02x}"
    if unicodedata.category(char) in _KEPT_CATEGORIES:
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\u{{{code:x}}}"


def string_literal(value: str) -> str:
    """A TypeScript string literal for ``value``, quoted as deno fmt prefers: double quotes, unless the value has
    more double than single quotes. Non-printable and non-text characters are escaped."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    body = "".join(f"\\{char}" if char == quote else _literal_char(char) for char in value)
    if _has_surrogate(value):
        raise GeneratorError(
            f"the text {value!r} holds a lone UTF-16 surrogate, which is not valid Unicode text and cannot be written "
            "in TypeScript source (CDF would not store it either); fix it in the model"
        )
    return f"{quote}{body}{quote}"


def _has_surrogate(value: str) -> bool:
    return not value.isascii() and any("\ud800" <= char <= "\udfff" for char in value)


def identifier(name: str) -> str:
    """``name`` if it is a plain ASCII identifier. The naming policy guarantees it; this is the last line of
    defence against emitting code from a name it missed."""
    if not name or not name.isascii() or name[0].isdigit() or not name.replace("_", "a").replace("$", "a").isalnum():
        raise GeneratorError(f"internal error: {name!r} is not a valid TypeScript identifier")
    return name


def _comment_char(char: str) -> str:
    if char == "\t":
        return " "
    if char.isprintable() or char == " ":
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\u{{{code:x}}}"


def comment_text(text: str) -> str:
    """Text for a ``//`` comment on one line: line breaks and other control characters are shown escaped."""
    return "".join(_comment_char(char) for char in text).rstrip()


def _jsdoc_line(line: str) -> str:
    # ``*/`` would end the comment; the backslash keeps it readable and inert (JSDoc shows ``*\\/``).
    return comment_text(line).replace("*/", "*\\/")


def _paragraph_lines(text: str, width: int) -> list[str]:
    """The lines of one paragraph of model text: its own line breaks kept, long lines wrapped at ``width``."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines: list[str] = []
    for raw in textwrap.dedent(normalized).strip("\n").split("\n"):
        line = _jsdoc_line(raw)
        if display_width(line) > width:
            lines.extend(textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False) or [""])
        else:
            lines.append(line)
    return lines


def jsdoc(paragraphs: list[str], indent: int = 0, *, width: int = 116) -> list[str]:
    """A JSDoc block at ``indent`` spaces with the given paragraphs (empty ones are left out), wrapped at ``width``
    columns: ``/** One line. */`` when it fits on one line, else ``/**``, `` * `` lines and `` */``.

    The text can hold anything: ``*/`` is written ``*\\/``, control characters are shown escaped, tabs become
    spaces and trailing spaces go (as deno fmt would remove them)."""
    pad = " " * indent
    room = max(width - indent - 3, 40)
    body: list[str] = []
    for paragraph in paragraphs:
        if not paragraph or not paragraph.strip():
            continue
        if body:
            body.append("")
        body.extend(_paragraph_lines(paragraph, room))
    # deno fmt keeps no run of empty lines in a comment, nor one at its ends.
    body = [line for index, line in enumerate(body) if line or (index > 0 and body[index - 1])]
    while body and not body[-1]:
        body.pop()
    while body and not body[0]:
        body.pop(0)
    if not body:
        return []
    if len(body) == 1 and display_width(body[0]) + indent + 7 <= width and not body[0].startswith(" "):
        return [f"{pad}/** {body[0]} */"]
    return [f"{pad}/**", *(f"{pad} * {line}".rstrip() for line in body), f"{pad} */"]
