"""The TypeScript emitter's escaping and layout, checked by deno itself: string literals of arbitrary text read back
as exactly that text (``deno run``), JSDoc of hostile text stays one inert comment, and what the layout writes is a
``deno fmt`` fixed point, for literals of every width and for randomly shaped types and objects (``deno fmt
--check``). Each check is one deno process over many cases."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pygen_generator import GeneratorError
from pygen_generator._typescript._escape import comment_text, display_width, jsdoc, string_literal
from pygen_generator._typescript._layout import (
    Atom,
    Concat,
    Doc,
    Entry,
    Parens,
    Union,
    array,
    assignment_lines,
    doc_lines,
    entry_lines,
    generic,
    import_lines,
    obj,
    typed_constant_lines,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "generated"))

from ts_testkit import load_module

Run = Callable[..., Any]
HOSTILE_MODEL = Path(__file__).resolve().parents[1] / "generator" / "hostile_model.py"
# Characters that break naive escaping or width counting (lone surrogates are refused: see the test below).
POOL = [
    *"abcXYZ019 _-.,:;!?/",
    *['"', "'", "`", "\\", "$", "{", "}", "*/", "/*", "${", "\n", "\r", "\t", "\x00", "\x07", "\x1b", "\x7f"],
    *["\u00e9", "\u00fc", "\u00df", "\u03a9", "\u0436", "\u0627", "\u540d", "\u524d", "\u65e5\u672c", "\ud55c"],
    *["\U0001f680", "\U0001f44d\U0001f3fd", "e\u0301", "\u200b", "\u200d", "\u2028", "\u2029", "\ufeff"],
    *["\U0001f600", "\u00a0", "\u3000", "\ue000", "\U0010ffff", "\uff46\uff55\uff4c\uff4c"],
]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["", "plain", 'say "hi"', "it's", "both ' and \"", "\\", "*/", "a\nb"]
    while len(texts) < count:
        texts.append("".join(rng.choice(POOL) for _ in range(rng.randint(1, 60))))
    return texts


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ts-escaping")
    (folder / "deno.json").write_text(json.dumps({"fmt": {"proseWrap": "preserve"}}), encoding="utf-8")
    return folder


def _deno_env(scratch: Path) -> dict[str, str]:
    return {"DENO_DIR": str(scratch / "deno_dir"), "NO_COLOR": "1"}


def test_string_literals_read_back_as_the_text_and_are_deno_fmt_stable(scratch: Path, deno: str, sh: Run) -> None:
    texts = _texts(400, seed=3)
    lines = ["export const values: string[] = ["]
    lines += [f"  {string_literal(text)}," for text in texts]
    lines += ["];", "", "export const widths = {"]
    # Keys of every length, so the literals land on both sides of the 80-column break.
    for index, text in enumerate(texts):
        key = "k" * (1 + index % 70)
        lines += entry_lines(key + str(index), Atom(string_literal(text)), 2, ",")
    lines += ["};", "", "console.log(JSON.stringify(values));", ""]
    source = scratch / "literals.ts"
    source.write_text("\n".join(lines), encoding="utf-8")
    done = sh([deno, "run", "--no-prompt", str(source)], cwd=scratch, env=_deno_env(scratch))
    assert done.returncode == 0, done.explain()
    assert json.loads(done.stdout) == texts
    formatted = sh([deno, "fmt", "--check", str(source)], cwd=scratch, env=_deno_env(scratch))
    assert formatted.returncode == 0, formatted.explain()


def test_string_literals_quote_as_deno_fmt_prefers() -> None:
    assert string_literal("plain") == '"plain"'
    assert string_literal('say "hi"') == "'say \"hi\"'"
    assert string_literal("both ' and \"") == '"both \' and \\""'
    assert string_literal("line\nbreak\ttab\\") == '"line\\nbreak\\ttab\\\\"'
    assert string_literal("\u2028 🚀 名") == '"\\u2028 \\u{1f680} 名"'
    assert display_width("名前") == 4 and display_width("e\u0301") == 1 and display_width("abc") == 3
    with pytest.raises(GeneratorError, match="lone UTF-16 surrogate"):
        string_literal("half a pair: \ud800")


def test_jsdoc_of_hostile_text_is_one_inert_comment(scratch: Path, deno: str, sh: Run) -> None:
    hostile = load_module("hostile_model", HOSTILE_MODEL)
    texts = [hostile.HOSTILE_TEXT, hostile.HOSTILE_DEFAULT, *_texts(150, seed=5)]
    lines: list[str] = []
    for index, text in enumerate(texts):
        block = jsdoc([text, f"Second paragraph {index}."], indent=0)
        body = "\n".join(block)
        assert body.startswith("/**") and body.endswith("*/")
        assert body.count("*/") == 1, body  # only the end closes it
        lines += block
        lines.append(f"export const value{index} = {index};")
    source = scratch / "jsdoc.ts"
    source.write_text("\n".join([*lines, f"console.log(value{len(texts) - 1});", ""]), encoding="utf-8")
    done = sh([deno, "run", "--no-prompt", str(source)], cwd=scratch, env=_deno_env(scratch))
    assert done.returncode == 0, done.explain()
    assert done.stdout.strip() == str(len(texts) - 1)  # every comment ended where it should, no code was lost
    formatted = sh([deno, "fmt", "--check", str(source)], cwd=scratch, env=_deno_env(scratch))
    assert formatted.returncode == 0, formatted.explain()
    assert "\n" not in comment_text("a\nb\u2028c") and comment_text("a\tb ") == "a b"


def _name(rng: random.Random) -> str:
    return "N" + "".join(rng.choice("abcdefghXYZ") for _ in range(rng.choice([1, 3, 8, 15, 25, 40])))


def _type(rng: random.Random, depth: int = 0) -> Doc:
    choice = rng.randrange(5 if depth < 3 else 1)
    if choice == 0:
        return Atom(_name(rng))
    if choice == 1:
        return generic(_name(rng), *(_type(rng, depth + 1) for _ in range(rng.randint(1, 3))))
    if choice == 2:
        members = [_type(rng, depth + 1) for _ in range(rng.randint(2, 4))]
        flat_members = [m for m in members if not isinstance(m, Union)]
        return Union(tuple(flat_members)) if len(flat_members) > 1 else Atom(_name(rng))
    if choice == 3:
        inner = Union(tuple(Atom(_name(rng)) for _ in range(rng.randint(2, 4))))
        return Concat((Atom("readonly "), Parens(inner), Atom("[]")))
    return Concat((generic(_name(rng), _type(rng, depth + 1)), Atom("[]")))


def _value(rng: random.Random, depth: int = 0) -> Doc:
    choice = rng.randrange(4 if depth < 3 else 2)
    if choice == 0:
        return Atom(string_literal(rng.choice(["x", "a longer string value", "名前" * rng.randint(1, 12), "y" * 70])))
    if choice == 1:
        return Atom(str(rng.randint(0, 10 ** rng.randint(1, 12))))
    if choice == 2:
        return array([_value(rng, depth + 1) for _ in range(rng.randint(1, 4))])
    return obj([Entry(_name(rng).lower(), _value(rng, depth + 1)) for _ in range(rng.randint(1, 4))])


def test_randomly_shaped_types_and_objects_are_deno_fmt_fixed_points(scratch: Path, deno: str, sh: Run) -> None:
    rng = random.Random(17)
    lines: list[str] = []
    for index in range(300):
        members = [_type(rng) for _ in range(rng.randint(1, 4))]
        lines.append(f"export interface I{index} {{")
        for number, member in enumerate(members):
            key = "f" * rng.choice([1, 10, 30, 50]) + str(number) + ("?" if number % 2 else "")
            lines += entry_lines(key, member, 2, ";")
        lines.append("}")
        lines += assignment_lines(f"export type T{index} =", _type(rng))
        lines += assignment_lines(f"export const v{index} =", _value(rng))
        lines += typed_constant_lines("C" * rng.choice([1, 30, 55, 70]) + str(index), "NodeId", _value(rng))
        lines += doc_lines(
            generic("Base", *(_type(rng) for _ in range(3))), 0, f"export class K{index} extends ", " {}"
        )
        lines += import_lines("import", [f"type {_name(rng)}" for _ in range(rng.randint(1, 8))], f'"./m{index}.ts"')
        lines.append("")
    source = scratch / "shapes.ts"
    source.write_text("\n".join(lines), encoding="utf-8")
    formatted = sh([deno, "fmt", "--check", str(source)], cwd=scratch, env=_deno_env(scratch))
    assert formatted.returncode == 0, formatted.explain()[:20000]
