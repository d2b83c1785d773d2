"""Line layout in the style of ``deno fmt`` (line width 80, two-space indents, trailing commas in multi-line lists).

Code is built as a small tree of ``Doc`` nodes and laid out by one rule, the formatter's: a node that fits on its
line is written flat; one that does not is broken, outermost first. deno fmt keeps a bracketed list multi-line once
its first item sits on a new line, so every broken form written here is one it leaves as it is; the flat forms are
written only when they fit, which is when deno fmt would keep them flat too. The tests run ``deno fmt --check``
over every generated SDK to hold this to account.

- ``Atom``: text that never breaks (an identifier, a string literal, ``typeof X``).
- ``Seq``: a bracketed, comma-separated list: ``{ a, b }``, ``[a, b]``, ``<A, B>``, ``(a, b)``; broken one item per
  line, with a trailing comma except in type arguments.
- ``Concat``: pieces written one after the other; broken by breaking its last breakable piece.
- ``Union``: ``A | B``; broken one ``| member`` per line.
- ``Parens``: ``(A | B)`` around a union; broken with the members between the parentheses.
- ``Entry``: ``key: value`` (object properties, interface members); broken by hugging a list (``key: {``), by
  putting each member of a union on its own line, or by hanging the value on the next line.
- ``Arrow``: ``() => value``; broken by hanging the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._escape import display_width

__all__ = [
    "WIDTH",
    "Arrow",
    "Atom",
    "Concat",
    "Doc",
    "Entry",
    "Parens",
    "Seq",
    "Union",
    "array",
    "assignment_lines",
    "call",
    "doc_lines",
    "entry_lines",
    "fits",
    "flat",
    "generic",
    "import_lines",
    "obj",
    "type_args",
    "typed_constant_lines",
]

WIDTH = 80


class Doc:
    """A piece of code that can be laid out flat or broken over lines."""


@dataclass(frozen=True)
class Atom(Doc):
    text: str


@dataclass(frozen=True)
class Seq(Doc):
    open: str
    items: tuple[Doc, ...]
    close: str
    spaced: bool = False  # "{ a }" rather than "{a}"
    trailing_comma: bool = True


@dataclass(frozen=True)
class Concat(Doc):
    parts: tuple[Doc, ...]


@dataclass(frozen=True)
class Union(Doc):
    members: tuple[Doc, ...]


@dataclass(frozen=True)
class Parens(Doc):
    union: Union


@dataclass(frozen=True)
class Entry(Doc):
    key: str
    value: Doc


@dataclass(frozen=True)
class Arrow(Doc):
    value: Doc


def obj(entries: Sequence[Entry]) -> Seq:
    return Seq("{", tuple(entries), "}", spaced=True)


def array(items: Sequence[Doc]) -> Seq:
    return Seq("[", tuple(items), "]")


def type_args(items: Sequence[Doc]) -> Seq:
    return Seq("<", tuple(items), ">", trailing_comma=False)


def generic(name: str, *args: Doc | str) -> Concat:
    return Concat((Atom(name), type_args([Atom(arg) if isinstance(arg, str) else arg for arg in args])))


def call(name: str, *args: Doc | str) -> Concat:
    return Concat((Atom(name), Seq("(", tuple(Atom(arg) if isinstance(arg, str) else arg for arg in args), ")")))


def flat(doc: Doc) -> str:
    if isinstance(doc, Atom):
        return doc.text
    if isinstance(doc, Seq):
        inner = ", ".join(flat(item) for item in doc.items)
        if doc.spaced and inner:
            return f"{doc.open} {inner} {doc.close}"
        return f"{doc.open}{inner}{doc.close}"
    if isinstance(doc, Concat):
        return "".join(flat(part) for part in doc.parts)
    if isinstance(doc, Union):
        return " | ".join(flat(member) for member in doc.members)
    if isinstance(doc, Parens):
        return f"({flat(doc.union)})"
    if isinstance(doc, Entry):
        return f"{doc.key}: {flat(doc.value)}"
    if isinstance(doc, Arrow):
        return f"() => {flat(doc.value)}"
    raise TypeError(f"not a layout node: {doc!r}")


def fits(text: str) -> bool:
    return display_width(text) <= WIDTH


def _breakable(doc: Doc) -> bool:
    if isinstance(doc, Seq):
        return bool(doc.items)
    if isinstance(doc, Concat):
        return any(_breakable(part) for part in doc.parts)
    return isinstance(doc, (Union, Parens, Entry, Arrow))


def _opening(doc: Doc) -> str:
    """The text a broken ``doc`` puts on its first line (after whatever precedes it)."""
    if isinstance(doc, Seq):
        return doc.open
    if isinstance(doc, Concat):
        index = max(i for i, part in enumerate(doc.parts) if _breakable(part))
        return "".join(flat(part) for part in doc.parts[:index]) + _opening(doc.parts[index])
    if isinstance(doc, Parens):
        return "("
    if isinstance(doc, Arrow):
        return "() =>"
    return flat(doc)


def doc_lines(doc: Doc, indent: int, head: str, tail: str = "") -> list[str]:
    """``doc`` written after ``head`` (the start of its first line, indentation included) and followed by ``tail``
    (``;``, ``,`` or whatever closes the statement); ``indent`` is the indentation of the line ``doc`` starts on."""
    one_line = head + flat(doc) + tail
    if fits(one_line) or not _breakable(doc):
        return [one_line]
    pad = " " * indent
    if isinstance(doc, Seq):
        lines = [head + doc.open]
        last = len(doc.items) - 1
        for index, item in enumerate(doc.items):
            comma = "," if doc.trailing_comma or index < last else ""
            lines += doc_lines(item, indent + 2, pad + "  ", comma)
        return [*lines, pad + doc.close + tail]
    if isinstance(doc, Concat):
        index = max(i for i, part in enumerate(doc.parts) if _breakable(part))
        before = "".join(flat(part) for part in doc.parts[:index])
        after = "".join(flat(part) for part in doc.parts[index + 1 :])
        return doc_lines(doc.parts[index], indent, head + before, after + tail)
    if isinstance(doc, Union):
        if not head.strip():  # a union that is a list item: its members at the item's indentation
            return _union_lines(doc, indent - 2, [], tail, first=head)
        return _union_lines(doc, indent, [head.rstrip()], tail)
    if isinstance(doc, Parens):
        lines = _union_lines(doc.union, indent, [head + "("], "")
        return [*lines, pad + ")" + tail]
    if isinstance(doc, Entry):
        return entry_lines(doc.key, doc.value, indent, tail, head=head)
    if isinstance(doc, Arrow):
        return [head + "() =>", *doc_lines(doc.value, indent + 2, pad + "  ", tail)]
    raise TypeError(f"not a layout node: {doc!r}")


def _union_lines(union: Union, indent: int, lines: list[str], tail: str, *, first: str | None = None) -> list[str]:
    """``lines`` followed by one ``| member`` line per member at ``indent + 2`` (the first after ``first`` when
    given, which then replaces its indentation); the last member gets ``tail``."""
    pad = " " * (indent + 2)
    last = len(union.members) - 1
    for index, member in enumerate(union.members):
        start = (first if index == 0 and first is not None else pad) + "| "
        lines += doc_lines(member, indent + 2, start, tail if index == last else "")
    return lines


def _hug_or_hang(start: str, value: Doc, indent: int, tail: str) -> list[str]:
    """``start value`` + ``tail`` (``start`` is the line's text up to the value, e.g. ``  key:`` or ``... =``), as
    deno fmt writes it: on one line when it fits; a union one member per line below; a list, call or arrow hugging
    ``start`` when its opening fits on that line; anything else hanging on the next line, indented."""
    one_line = f"{start} {flat(value)}{tail}"
    if fits(one_line):
        return [one_line]
    if isinstance(value, Union):
        return _union_lines(value, indent, [start], tail)
    if _breakable(value) and fits(f"{start} {_opening(value)}"):
        return doc_lines(value, indent, start + " ", tail)
    return [start, *doc_lines(value, indent + 2, " " * (indent + 2), tail)]


def entry_lines(key: str, value: Doc, indent: int, tail: str, *, head: str | None = None) -> list[str]:
    """``key: value`` followed by ``tail`` (an object property or interface member at ``indent``)."""
    start = (" " * indent if head is None else head) + f"{key}:"
    return _hug_or_hang(start, value, indent, tail)


def assignment_lines(head: str, value: Doc, tail: str = ";") -> list[str]:
    """A top-level ``head value;`` (``head`` ends with ``=``)."""
    return _hug_or_hang(head, value, 0, tail)


def typed_constant_lines(name: str, annotation: str, value: Doc) -> list[str]:
    """``export const NAME: Type = value;``; when even ``export const NAME: Type =`` does not fit, the type and the
    value go on the next line (as deno fmt writes it)."""
    head = f"export const {name}: {annotation} ="
    if fits(head):
        return assignment_lines(head, value)
    return [f"export const {name}:", *_hug_or_hang(f"  {annotation} =", value, 2, ";")]


def _import_key(name: str) -> str:
    """deno fmt sorts the names of an import or export case-insensitively, ignoring the ``type`` modifier."""
    bare = name.removeprefix("type ")
    return bare.lower() + "\x00" + bare


def import_lines(keyword: str, names: Sequence[str], source: str) -> list[str]:
    """``import { a, type B } from "source";`` (or ``export``), names sorted as deno fmt sorts them, one per line
    when the statement does not fit."""
    ordered = sorted(dict.fromkeys(names), key=_import_key)
    return doc_lines(
        Seq("{", tuple(Atom(name) for name in ordered), "}", spaced=True), 0, f"{keyword} ", f" from {source};"
    )
