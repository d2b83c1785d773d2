"""The layout rules agree with ``ruff format``: hundreds of random statements of the shapes generated code uses
(with names and literals from very short to far too long), laid out by the generator and then given to ruff,
which must leave every line as it is."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pygen_generator._python._escape import string_literal
from pygen_generator._python._layout import (
    Arg,
    Atom,
    Call,
    Display,
    Expr,
    Union,
    annotated_assignment,
    annotation_statement,
    class_header,
    def_header,
    import_from,
    parameter_lines,
    statement,
)


class RandomCode:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counter = 0

    def name(self, upper: bool = False) -> str:
        self.counter += 1
        size = self.rng.choice([1, 3, 8, 15, 30, 50, 70])
        base = ("N" if upper else "n") + "".join(self.rng.choice("abcdefghij_") for _ in range(size))
        return f"{base.rstrip('_')}{self.counter}"

    def literal(self) -> Atom:
        kind = self.rng.random()
        if kind < 0.6:
            size = self.rng.choice([0, 5, 20, 60, 110, 160])
            return Atom(string_literal("".join(self.rng.choice("abc xyz\"'\\é") for _ in range(size))))
        if kind < 0.8:
            return Atom(str(self.rng.randint(-(10**12), 10**12)))
        return Atom(self.name())

    def expr(self, depth: int = 0) -> Expr:
        roll = self.rng.random()
        if depth >= 3 or roll < 0.35:
            return self.literal()
        if roll < 0.8:
            args = tuple(
                sorted((self.arg(depth) for _ in range(self.rng.randint(1, 5))), key=lambda item: bool(item.prefix))
            )
            brackets = "[]" if self.rng.random() < 0.25 else "()"
            if brackets == "[]":
                args = tuple(Arg(item.value) for item in args)  # subscripts take no keywords
            magic = brackets == "()" and self.rng.random() < 0.1  # generated code never has magic subscripts
            return Call(self.name(upper=brackets == "[]"), args, brackets=brackets, magic=magic)
        if roll < 0.9:
            return Display(tuple(Arg(self.expr(depth + 1)) for _ in range(self.rng.randint(1, 5))), "[]")
        return Display(
            tuple(Arg(self.expr(depth + 1), f"{string_literal(self.name())}: ") for _ in range(self.rng.randint(1, 4))),
            "{}",
        )

    def arg(self, depth: int) -> Arg:
        value = self.expr(depth + 1)
        if self.rng.random() < 0.2 and depth < 2:
            value = Union(tuple(self.union_part(depth + 1) for _ in range(self.rng.randint(2, 4))))
            return Arg(value)
        return Arg(value, f"{self.name()}=" if self.rng.random() < 0.4 else "")

    def union_part(self, depth: int) -> Expr:
        if self.rng.random() < 0.3 and depth < 3:
            return Call("list", (Arg(Union((Atom(self.name(True)), Atom(self.name(True))))),), brackets="[]")
        return Atom(self.name(upper=True))

    def annotation(self) -> Expr:
        if self.rng.random() < 0.5:
            return Atom(f"{self.name(True)} | None")
        inner = Union((*tuple(self.union_part(1) for _ in range(self.rng.randint(2, 3))), Atom("None")))
        return Call("Annotated", (Arg(inner), Arg(Atom(f"_{self.name(True).upper()}"))), brackets="[]")

    def module(self, statements: int) -> str:
        lines: list[str] = []
        for _ in range(statements):
            lines += statement(f"{self.name(True).upper()} = ", self.expr(), 0)
        names = [self.name(True) for _ in range(self.rng.randint(1, 6))]
        lines += import_from(f"._{self.name()}", sorted(names))
        lines += ["", ""]
        lines += class_header(
            self.name(True), Call("Base", (Arg(Atom(self.name(True))), Arg(Atom(self.name(True)))), brackets="[]")
        )
        for _ in range(statements):
            value = self.expr() if self.rng.random() < 0.8 else Atom("None")
            if isinstance(value, Atom) and value.text != "None":  # generated fields default to calls or None
                value = Atom("None")
            lines += annotated_assignment(self.name(), self.annotation(), value, 4)
            lines += annotation_statement(self.name(), [self.name(True), f"Sequence[{self.name(True)}]"], 4)
        lines.append("")
        lines += def_header(self.name(), ["self"], self.name(True), 4)
        lines.append("        return None")
        lines.append("")
        params = ["        self,", "        *,"]
        for _ in range(4):
            rendered = parameter_lines(
                self.name(), [self.name(True), f"Sequence[{self.name(True)}]", "None"], "None", 8
            )
            params += rendered or []
        lines += ["    def f(", *params, "    ) -> None:", "        return None"]
        return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(int(__import__("os").environ.get("LAYOUT_SEEDS", "10"))))
def test_random_statements_are_laid_out_as_ruff_formats_them(
    seed: int, tmp_path: Path, run_tool: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    text = RandomCode(seed).module(60)
    path = tmp_path / f"layout_{seed}.py"
    path.write_text(text, encoding="utf-8")
    compile(text, str(path), "exec")
    result = run_tool("ruff", "format", "--no-cache", "--diff", "--line-length", "120", str(path))
    assert result.returncode == 0, result.stdout[:6000]


def test_the_fallback_keeps_unsplittable_statements_on_one_line() -> None:
    long = "x" * 130
    assert statement("X = ", Atom(long), 0) == [f"X = {long}  # fmt: skip"]
    assert statement("X = ", Atom("short"), 0) == ["X = short"]
    assert annotation_statement("key", ["A" * 70, "B" * 70], 4) == [
        "    key: (",
        f"        {'A' * 70}",
        f"        | {'B' * 70}",
        "    )",
    ]
