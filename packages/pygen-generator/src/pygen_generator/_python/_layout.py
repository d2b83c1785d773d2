"""Line layout in the style of ``ruff format`` (line length 120), for the few statement shapes generated code uses.

Generated code must come out exactly as ``ruff format`` would write it, without running ruff (too slow). Values
are built as small expression trees (``Atom``, ``Call``, ``Display``) and laid out with ruff's rules:

- a statement that fits on one line stays on one line;
- a call or subscript that does not fit puts its arguments on one indented line when they fit there ("hugging"),
  otherwise one argument per line with a trailing comma; a single argument is always hugged, recursively;
- a list or dict display that does not fit has one item per line with a trailing comma;
- ``magic`` calls always have one argument per line (the trailing comma keeps ruff from joining them).

A shape these rules do not cover (which only very long identifiers produce) is emitted on one line with a trailing
``# fmt: skip``, which ruff leaves alone. Widths ignore trailing pragma comments, as ruff does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "LINE_LENGTH",
    "Arg",
    "Atom",
    "Call",
    "Display",
    "Expr",
    "Union",
    "annotated_assignment",
    "annotation_statement",
    "call",
    "class_header",
    "def_header",
    "fits",
    "flat",
    "import_from",
    "layout",
    "parameter_lines",
    "statement",
    "subscript",
    "union",
]

LINE_LENGTH = 120
FMT_SKIP = "  # fmt: skip"


@dataclass(frozen=True)
class Atom:
    """Text that is never split: a name, a literal, a dotted name, an operator expression."""

    text: str


@dataclass(frozen=True)
class Arg:
    """An argument or item with its prefix: ``name=`` for keywords, ``"key": `` for dict items, or nothing."""

    value: Expr
    prefix: str = ""


@dataclass(frozen=True)
class Call:
    """``callee(args)``, or a subscript ``callee[args]`` with ``brackets="[]"``."""

    callee: str
    args: tuple[Arg, ...]
    brackets: str = "()"
    magic: bool = False


@dataclass(frozen=True)
class Union:
    """``A | B | C``: inside brackets, a union too long for its line has one member per line, each after ``| ``."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Display:
    """A list, set or dict display: ``[a, b]``, ``{"k": v}``."""

    items: tuple[Arg, ...]
    brackets: str = "[]"


Expr = Atom | Call | Display | Union


def call(callee: str, *args: Expr | str, **kwargs: Expr | str) -> Call:
    """``Call`` from positional and keyword arguments; plain strings become ``Atom``s."""
    items = [Arg(_expr(arg)) for arg in args] + [Arg(_expr(value), f"{key}=") for key, value in kwargs.items()]
    return Call(callee, tuple(items))


def union(*parts: Expr | str) -> Union:
    return Union(tuple(_expr(part) for part in parts))


def subscript(callee: str, *args: Expr | str) -> Call:
    return Call(callee, tuple(Arg(_expr(arg)) for arg in args), brackets="[]")


def _expr(value: Expr | str) -> Expr:
    return Atom(value) if isinstance(value, str) else value


def fits(line: str) -> bool:
    return len(_without_pragma(line)) <= LINE_LENGTH


def _without_pragma(line: str) -> str:
    index = line.find("  # ")
    if index >= 0 and line[index + 4 :].startswith(("noqa", "type:", "fmt:", "pyright:", "pylint:")):
        return line[:index]
    return line


def flat(expr: Expr) -> str:
    if isinstance(expr, Atom):
        return expr.text
    if isinstance(expr, Union):
        return " | ".join(flat(part) for part in expr.parts)
    items = expr.args if isinstance(expr, Call) else expr.items
    joined = ", ".join(item.prefix + flat(item.value) for item in items)
    callee = expr.callee if isinstance(expr, Call) else ""
    return f"{callee}{expr.brackets[0]}{joined}{expr.brackets[1]}"


def _has_magic(expr: Expr) -> bool:
    if isinstance(expr, Atom):
        return False
    if isinstance(expr, Union):
        return any(_has_magic(part) for part in expr.parts)
    if isinstance(expr, Call) and expr.magic:
        return True
    items = expr.args if isinstance(expr, Call) else expr.items
    return any(_has_magic(item.value) for item in items)


def layout(prefix: str, expr: Expr, suffix: str, indent: int) -> list[str] | None:
    """Lines for ``prefix + expr + suffix`` at ``indent``, or ``None`` when the rules above do not cover it."""
    pad = " " * indent
    if not _has_magic(expr):
        line = f"{pad}{prefix}{flat(expr)}{suffix}"
        if fits(line):
            return [line]
    if isinstance(expr, Atom):
        return None
    if isinstance(expr, Union):
        if prefix:  # ruff would add parentheses; not a shape generated code uses
            return None
        lines: list[str] = []
        for index, part in enumerate(expr.parts):
            last = index == len(expr.parts) - 1
            sub = layout("" if index == 0 else "| ", part, suffix if last else "", indent)
            if sub is None:
                if not isinstance(part, Atom):
                    return None
                sub = [f"{pad}{'' if index == 0 else '| '}{part.text}{suffix if last else ''}"]
            lines.extend(sub)
        return lines
    items = expr.args if isinstance(expr, Call) else expr.items
    callee = expr.callee if isinstance(expr, Call) else ""
    head = f"{pad}{prefix}{callee}{expr.brackets[0]}"
    tail = f"{pad}{expr.brackets[1]}{suffix}"
    if not items or not fits(head) or not fits(tail):
        return None
    inner = indent + 4
    if isinstance(expr, Call) and not expr.magic:
        if len(items) == 1:
            body = layout(items[0].prefix, items[0].value, "", inner)
            return None if body is None else [head, *body, tail]
        body_line = " " * inner + ", ".join(item.prefix + flat(item.value) for item in items)
        if fits(body_line) and not any(_has_magic(item.value) for item in items):
            return [head, body_line, tail]
    lines = [head]
    for item in items:
        sub = layout(item.prefix, item.value, ",", inner)
        if sub is None:
            if not isinstance(item.value, Atom):
                return None
            sub = [f"{' ' * inner}{item.prefix}{flat(item.value)},"]  # too long, but ruff cannot split it either
        lines.extend(sub)
    lines.append(tail)
    return lines


def _fallback(prefix: str, expr: Expr, suffix: str, indent: int) -> list[str]:
    return [f"{' ' * indent}{prefix}{flat(expr)}{suffix}{FMT_SKIP}"]


def statement(prefix: str, expr: Expr, indent: int, suffix: str = "") -> list[str]:
    """A simple statement ``prefix + expr`` (``X = ...``, ``return ...``, a bare call)."""
    return layout(prefix, expr, suffix, indent) or _fallback(prefix, expr, suffix, indent)


def annotated_assignment(target: str, annotation: Expr, value: Expr, indent: int) -> list[str]:
    """``target: annotation = value`` in a class body, where ``value`` is a call, a display or ``None`` (what field
    defaults are). As ruff does: split the value when the line up to it fits (hug a call's arguments, else wrap the
    value in parentheses), otherwise split the annotation's brackets."""
    pad = " " * indent
    flat_annotation = flat(annotation)
    line = f"{pad}{target}: {flat_annotation} = {flat(value)}"
    if fits(line) and not _has_magic(value):
        return [line]
    prefix = f"{target}: {flat_annotation} = "
    opener = f"{value.callee}{value.brackets[0]}" if isinstance(value, Call) else ""
    if isinstance(value, Display):
        opener = value.brackets[0]
    if opener and fits(f"{pad}{prefix}{opener}"):
        split = layout(prefix, value, "", indent)
        if split is not None:
            return split
    if fits(f"{pad}{prefix}("):
        inner = layout("", value, "", indent + 4)
        if inner is not None:
            return [f"{pad}{prefix}(", *inner, f"{pad})"]
        if isinstance(value, Atom):
            return [f"{pad}{prefix}(", f"{pad}    {value.text}", f"{pad})"]
    if isinstance(annotation, Call) and annotation.brackets == "[]" and not _has_magic(value):
        split = layout(f"{target}: ", annotation, f" = {flat(value)}", indent)
        if split is not None and len(split) > 1:
            return split
    return _fallback(f"{target}: {flat_annotation} = ", value, "", indent)


def annotation_statement(target: str, union: Sequence[str], indent: int) -> list[str]:
    """``target: A | B | C`` without a value (a TypedDict key): parenthesized when too long."""
    pad = " " * indent
    text = " | ".join(union)
    line = f"{pad}{target}: {text}"
    if fits(line):
        return [line]
    if not fits(f"{pad}{target}: ("):
        return [line + FMT_SKIP]
    inner = " " * (indent + 4)
    if fits(inner + text):
        return [f"{pad}{target}: (", inner + text, f"{pad})"]
    parts = [inner + union[0], *(f"{inner}| {part}" for part in union[1:])]
    if not all(fits(part) for part in parts):
        return [line + FMT_SKIP]
    return [f"{pad}{target}: (", *parts, f"{pad})"]


def parameter_lines(name: str, union: Sequence[str], default: str | None, indent: int) -> list[str] | None:
    """One parameter of an exploded signature (with its trailing comma); a long union breaks before each ``|``.
    ``None`` when that does not fit either (the caller then keeps the signature on one line)."""
    pad = " " * indent
    tail = "" if default is None else f" = {default}"
    line = f"{pad}{name}: {' | '.join(union)}{tail},"
    if fits(line):
        return [line]
    parts = [f"{pad}{name}: {union[0]}", *(f"{pad}| {part}" for part in union[1:])]
    parts[-1] += f"{tail},"
    return parts if all(fits(part) for part in parts) else None


def class_header(name: str, base: Expr, indent: int = 0) -> list[str]:
    """``class name(base):``, laid out like a call when too long."""
    header = Call(name, (Arg(base),))
    return layout("class ", header, ":", indent) or _fallback("class ", header, ":", indent)


def def_header(name: str, params: Sequence[str], returns: str, indent: int) -> list[str]:
    """``def name(params) -> returns:``; when too long, one parameter per line with a trailing comma."""
    pad = " " * indent
    line = f"{pad}def {name}({', '.join(params)}) -> {returns}:"
    if fits(line):
        return [line]
    return [f"{pad}def {name}(", *(f"{pad}    {param}," for param in params), f"{pad}) -> {returns}:"]


def import_from(module: str, names: Sequence[str], indent: int = 0, comment: str = "") -> list[str]:
    """``from module import a, b``: one line when it fits, else one name per line in parentheses."""
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(names)}{comment}"
    if fits(line):
        return [line]
    return [f"{pad}from {module} import ({comment}", *(f"{pad}    {name}," for name in names), f"{pad})"]
