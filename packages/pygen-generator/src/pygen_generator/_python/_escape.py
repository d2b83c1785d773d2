"""Escaping: one function per kind of Python text that carries model content.

Names, descriptions, enum values and defaults come from the data model and can contain anything: quotes,
``\"\"\"``, backslashes, newlines, control characters, unicode. Each function here turns such a value into text that
Python reads back as exactly that value (a string literal), or that cannot end the construct it sits in (a
docstring, a comment), in the form ``ruff format`` leaves as it is.
"""

from __future__ import annotations

import keyword
import textwrap

from .._errors import GeneratorError

__all__ = ["comment_text", "docstring_lines", "identifier", "string_literal"]

_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    escaped = _SIMPLE_ESCAPES.get(char)
    if escaped is not None:
        return escaped
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def string_literal(value: str) -> str:
    """A Python string literal for ``value``, quoted as ``ruff format`` prefers: double quotes, unless the value has
    more double than single quotes. Non-printable characters are escaped as ``repr`` does."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    body = "".join(f"\\{char}" if char == quote else _escape_char(char) for char in value)
    return f"{quote}{body}{quote}"


def identifier(name: str) -> str:
    """``name`` if it is a usable Python identifier. The naming policy guarantees it; this is the last line of
    defence against emitting code from a name it missed."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise GeneratorError(f"internal error: {name!r} is not a valid Python identifier")
    return name


def comment_text(text: str) -> str:
    """Text for a ``#`` comment on one line: newlines and other control characters are shown escaped."""
    return "".join(_escape_char(char) if char not in "\\" else char for char in text)


def _docstring_line(line: str) -> str:
    escaped = "".join(_escape_char(char) for char in line)
    # A run of three quotes would end the docstring: escape every quote that starts or continues such a run.
    return escaped.replace('"""', '\\"\\"\\"').rstrip()


def docstring_lines(
    summary: str, body: str | None = None, *, indent: int, width: int = 116, wrap_body: bool = True
) -> list[str]:
    """The lines of a docstring at ``indent`` spaces: the one-line ``summary`` (whitespace collapsed), then ``body``
    (its own line breaks kept, common indentation removed, long lines wrapped at ``width``).

    Backslashes and control characters are escaped, so the docstring reads back as the text given; ``\"\"\"`` cannot
    end it. The result is in the shape ``ruff format`` keeps: no trailing whitespace, closing quotes on their own
    line when there is a body, never a quote right before the closing quotes.
    """
    pad = " " * indent
    first = _docstring_line(" ".join(summary.split())) or "."
    lines_text: list[str] = []
    if len(pad) + 6 + len(first) > width + 4:
        # A summary too long for its line: the first words stay the summary, the rest opens the body.
        head, *rest = textwrap.wrap(first, width=max(width - len(pad) - 3, 40), break_long_words=False)
        first = head
        lines_text.extend(textwrap.wrap(" ".join(rest), width=max(width - len(pad), 40), break_long_words=False))
        if body:
            lines_text.append("")
    if first.endswith('"') and (len(first[:-1]) - len(first[:-1].rstrip("\\"))) % 2 == 0:
        first = first[:-1] + '\\"'  # an unescaped quote right before the closing quotes would end them early
    if body:
        normalized = body.replace("\r\n", "\n").replace("\r", "\n")
        dedented = textwrap.dedent("\n".join(line.rstrip() for line in normalized.split("\n")))
        for raw in dedented.strip("\n").split("\n"):
            line = _docstring_line(raw)
            if wrap_body and len(pad) + len(line) > width:
                lead = len(line) - len(line.lstrip(" "))
                wrapped = textwrap.wrap(
                    line,
                    width=max(width - len(pad), 40),
                    subsequent_indent=" " * (lead + 4 if lead else 0),
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                lines_text.extend(_no_trailing_backslash(wrapped) or [""])
            else:
                lines_text.append(line)
    if not lines_text:
        return [f'{pad}"""{first}"""']
    if not any(line and not line.startswith(" ") for line in lines_text):
        # Every body line is indented: ruff would remove the common indentation, so do it here.
        lines_text = textwrap.dedent("\n".join(lines_text)).split("\n")
    result = [f'{pad}"""{first}', ""]
    result.extend(f"{pad}{line}" if line else "" for line in lines_text)
    result.append(f'{pad}"""')
    return result


def _no_trailing_backslash(lines: list[str]) -> list[str]:
    """Wrapping splits at spaces; an escaped backslash (``\\\\``) stays whole, so no line ends in a lone one."""
    return lines
