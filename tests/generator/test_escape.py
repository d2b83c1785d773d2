"""Escaping: any text from a model becomes a string literal that reads back as that text, a docstring that holds
it (and cannot end early), or a one-line comment; always in the form ruff format keeps."""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygen_generator import GeneratorError
from pygen_generator._python._escape import comment_text, docstring_lines, identifier, string_literal

# Every code point Python source can hold (lone surrogates cannot be encoded as UTF-8, so they always come escaped).
TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200)
TRICKY = st.lists(
    st.sampled_from(['"', "'", '"""', "\\", "\n", "\r", "\t", "\u2028", "\x00", "\x0c", "*/", "é", "🚀", " ", "a"])
).map("".join)


@given(st.one_of(TEXT, TRICKY))
def test_string_literals_read_back_as_the_text(value: str) -> None:
    literal = string_literal(value)
    assert ast.literal_eval(literal) == value
    assert "\n" not in literal and "\r" not in literal


@given(st.one_of(TEXT, TRICKY), st.one_of(TEXT, TRICKY))
@settings(max_examples=int(__import__("os").environ.get("ESCAPE_EXAMPLES", "300")))
def test_docstrings_hold_any_text_and_stay_one_docstring(summary: str, body: str) -> None:
    lines = docstring_lines(summary, body, indent=4)
    source = "def f():\n" + "\n".join(lines) + "\n    return 1\n"
    tree = ast.parse(source)  # the text cannot end the docstring early or add statements
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 2
    doc = ast.get_docstring(function, clean=False) or ""
    words = [word for word in (summary + " " + body).split() if word]
    flattened = " ".join(doc.split())
    for word in words:
        assert word in flattened


@given(st.one_of(TEXT, TRICKY))
def test_comments_stay_on_one_line(value: str) -> None:
    text = comment_text(value)
    assert "\n" not in text and "\r" not in text
    assert len(text.splitlines() or [""]) == 1


def test_identifier_rejects_what_is_not_one() -> None:
    assert identifier("name_1") == "name_1"
    for bad in ("class", "1a", "a-b", ""):
        with pytest.raises(GeneratorError, match="is not a valid Python identifier"):
            identifier(bad)


def test_ruff_leaves_escaped_text_as_it_is(
    tmp_path: Path, run_tool: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    samples = [
        'Ends a docstring: """ then code();',
        'a quote at the end"',
        'two quotes at the end""',
        "a backslash at the end \\",
        "tabs\tand\u2028separators\x0cand\x07bells",
        "  leading spaces\n    and an indented second line\n\nand a blank line",
        "unicode: ünïcødé 名前 🚀 and 'single' quotes",
        "x" * 300,
    ]
    lines = []
    for index, sample in enumerate(samples):
        lines.append(f"X{index} = {string_literal(sample)}")
        lines.append("")
        lines.append("")
        lines.append(f"def f{index}() -> None:")
        lines.extend(docstring_lines(sample, sample, indent=4))
        lines.append("")
        lines.append("")
        lines.append(f"# {comment_text(sample)}")
    path = tmp_path / "escaped.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_tool("ruff", "format", "--no-cache", "--diff", "--line-length", "120", str(path))
    assert result.returncode == 0, result.stdout
