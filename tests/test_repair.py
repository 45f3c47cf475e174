"""Tables for repair.py: IL002's `import .x` rewrites and the removal of 3.15's `lazy`."""

from __future__ import annotations

import ast

import pytest

from importlint import repair
from importlint.edits import apply_edits
from importlint.locate import LineTable
from importlint.model import Edit
from importlint.repair import RepairedText


def _find(source: str) -> list[repair.Repair]:
    return repair.find(source, LineTable(source))


def _repaired(source: str) -> str:
    """The text the engine goes on to parse: every repair applied."""
    repaired = RepairedText.of(source, LineTable(source))
    assert repaired is not None
    return repaired.text


def _edits(repairs: list[repair.Repair]) -> list[Edit]:
    return [Edit(r.start, r.end, r.text) for r in repairs]


def _line_count(text: str) -> int:
    return len(LineTable(text).starts)


# --------------------------------------------------------------------------- IL002 rewrites


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import .x\n", "from . import x\n", id="one-dot"),
        pytest.param("import ..x\n", "from .. import x\n", id="two-dots"),
        pytest.param("import ...x\n", "from ... import x\n", id="ellipsis-token"),
        pytest.param("import ....x\n", "from .... import x\n", id="ellipsis-token-plus-dot"),
        pytest.param("import . x\n", "from . import x\n", id="space-after-dot"),
        pytest.param("import .x as y\n", "from . import x as y\n", id="alias"),
        pytest.param("import .a.b\n", "from .a import b\n", id="dotted-name"),
        pytest.param("import .a.b as m\n", "from .a import b as m\n", id="dotted-name-alias"),
        pytest.param("import ..a.b.c\n", "from ..a.b import c\n", id="two-dots-deep-name"),
        pytest.param("import .a, .b\n", "from . import a, b\n", id="same-parent-one-statement"),
        pytest.param("import .x.y as z, .x.w\n", "from .x import y as z, w\n", id="same-dotted-parent-one-statement"),
        pytest.param("import .a, ..b\n", "from . import a; from .. import b\n", id="different-levels-semicolon-joined"),
        pytest.param(
            "import .a.b, .c\n", "from .a import b; from . import c\n", id="different-parents-semicolon-joined"
        ),
        pytest.param("import .a, os\n", "from . import a; import os\n", id="absolute-name-after-relative"),
        pytest.param(
            "import .a, os, .b\n", "from . import a; import os; from . import b\n", id="absolute-name-between-relative"
        ),
        pytest.param(
            "import os, .a\n",
            "import os; from . import a\n",
            id="absolute-name-before-relative",
        ),
        pytest.param("def f():\n    import .x\n", "def f():\n    from . import x\n", id="indented-in-function"),
        pytest.param("if x:\n\timport .x\n", "if x:\n\tfrom . import x\n", id="tab-indented"),
        pytest.param("x = 1; import .a\n", "x = 1; from . import a\n", id="after-semicolon"),
        pytest.param("import .x;import .y\n", "from . import x;from . import y\n", id="two-on-one-line"),
        pytest.param("if x: import .a\n", "if x: from . import a\n", id="after-colon-if"),
        pytest.param("while 1: import .x\n", "while 1: from . import x\n", id="after-colon-while"),
        pytest.param("class A: import .x\n", "class A: from . import x\n", id="after-colon-class"),
        pytest.param("import .x  # why\n", "from . import x  # why\n", id="trailing-comment-kept"),
        pytest.param("import .x\r\n", "from . import x\r\n", id="crlf-kept"),
        pytest.param("import .x\rimport .y\r", "from . import x\rfrom . import y\r", id="cr-only-kept"),
        pytest.param("import .x", "from . import x", id="no-final-newline"),
        pytest.param(
            "import .a, \\\n    .b\nx = 1\n", "from . import (a, b\n)\nx = 1\n", id="backslash-continuation-keeps-lines"
        ),
        pytest.param("import .a \\\n    as b\n", "from . import (a as b\n)\n", id="backslash-before-as-keeps-lines"),
        pytest.param("import .a, \\\r\n    .b\r\n", "from . import (a, b\r\n)\r\n", id="crlf-backslash-continuation"),
        pytest.param(
            "import .a, \\\n    \\\n    .b\n", "from . import (a, b\n\n)\n", id="two-continuations-keep-lines"
        ),
        pytest.param(
            "lazy import .x\n",
            "lazy from . import x\n",
            id="lazy-invalid-form",
        ),
    ],
)
def test_repair_fixes(source: str, expected: str) -> None:
    repairs = _find(source)
    assert repairs
    fixes = [r for r in repairs if r.invalid_form]
    assert apply_edits(source, _edits(fixes)) == expected
    # the text the engine goes on to parse: every repair applied, every line in place
    repaired = _repaired(source)
    ast.parse(repaired)
    assert _line_count(repaired) == _line_count(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import .x\n", [repair.Repair(0, 9, "from . import x", True)], id="whole-statement"),
        pytest.param("x = 1; import .a\n", [repair.Repair(7, 16, "from . import a", True)], id="after-semicolon"),
        pytest.param("a\r\n  import .a  # c\r\n", [repair.Repair(5, 14, "from . import a", True)], id="crlf-offsets"),
        pytest.param(
            "é = 1\nimport .a\n",
            [repair.Repair(6, 15, "from . import a", True)],
            id="character-offsets-after-non-ascii",
        ),
        pytest.param("lazy import os\n", [repair.Repair(0, 5, "", False, 5)], id="lazy-keyword"),
        pytest.param(
            "lazy \\\nfrom . import x\n", [repair.Repair(0, 4, "pass;", False, 7)], id="lazy-keyword-continued"
        ),
    ],
)
def test_repair_offsets(source: str, expected: list[repair.Repair]) -> None:
    assert _find(source) == expected


# --------------------------------------------------------------------------- lazy keyword


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("lazy import os\n", "import os\n", id="lazy-import"),
        pytest.param("lazy from . import x\n", "from . import x\n", id="lazy-from"),
        pytest.param("lazy import P.a.b as m\n", "import P.a.b as m\n", id="lazy-import-alias"),
        pytest.param("lazy  from\t.a import x\n", "from\t.a import x\n", id="extra-whitespace"),
        pytest.param("def f():\n    lazy import os\n", "def f():\n    import os\n", id="indented"),
        pytest.param("x = 1; lazy import os\n", "x = 1; import os\n", id="after-semicolon"),
        pytest.param("if x: lazy import os\n", "if x: import os\n", id="after-colon"),
        pytest.param(
            "lazy import os\nlazy from P import (\n    a,\n)\n",
            "import os\nfrom P import (\n    a,\n)\n",
            id="two-statements-multi-line",
        ),
        pytest.param("lazy import os\r\n", "import os\r\n", id="crlf"),
        # the keyword's line keeps its continuation (a line that starts with `\\` is
        # indented differently by 3.9 and 3.10+): `pass;` takes the keyword's place
        pytest.param("lazy \\\nfrom .. import x\n", "pass; \\\nfrom .. import x\n", id="continued"),
        pytest.param(
            "if x:\n    lazy \\\n        import os\n",
            "if x:\n    pass; \\\n        import os\n",
            id="continued-indented",
        ),
        pytest.param("lazy\\\r\n  import os\r\n", "pass;\\\r\n  import os\r\n", id="continued-crlf-no-space"),
    ],
)
def test_lazy_keyword_removed(source: str, expected: str) -> None:
    repairs = _find(source)
    assert repairs and not any(r.invalid_form for r in repairs)
    assert apply_edits(source, _edits(repairs)) == expected
    assert _repaired(source) == expected


# --------------------------------------------------------------------------- no-op


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import os\n", id="plain-import"),
        pytest.param("from . import x\n", id="valid-relative-import"),
        pytest.param("import os.path as p\n", id="dotted-absolute-import"),
        pytest.param("s = 'import .x'\n", id="string"),
        pytest.param('s = """\nimport .x\n"""\n', id="triple-quoted-string"),
        pytest.param("s = f'import .x'\n", id="f-string"),
        pytest.param("# import .x\n", id="comment"),
        pytest.param("x = 1  # import .x\n", id="trailing-comment"),
        pytest.param("lazy = 1\n", id="name-lazy-assigned"),
        pytest.param("print(lazy, import_)\n", id="names-lazy-and-import-underscore"),
        pytest.param("lazy\nimport os\n", id="lazy-alone-on-its-line"),
        pytest.param("def lazy(): pass\n", id="function-named-lazy"),
        pytest.param("", id="empty"),
        # a dot that no name follows is invalid twice over: no valid form to offer
        pytest.param("import .a.\n", id="trailing-dot"),
        pytest.param("import .a.b.\n", id="trailing-dot-after-dotted-name"),
        pytest.param("import .a., .b\n", id="trailing-dot-in-first-of-two"),
    ],
)
def test_repair_noop(source: str) -> None:
    assert _find(source) == []


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("lazy \\\nfrom . import x\ny = 1\n", id="module-level"),
        pytest.param("if x:\n    lazy \\\n  from . import x\n    y = 1\n", id="indented-less"),
        pytest.param("def f():\n    lazy \\\n        import os\n    y = 1\n", id="indented-more"),
    ],
)
def test_lazy_continued_repair_parses_with_lines_in_place(source: str) -> None:
    repaired = _repaired(source)
    module = ast.parse(repaired)
    imports = [n for n in ast.walk(module) if isinstance(n, (ast.Import, ast.ImportFrom))]
    lines = source.splitlines()
    assert [n.lineno for n in imports] == [number for number, line in enumerate(lines, 1) if "import" in line]
    assert _line_count(repaired) == _line_count(source)


# --------------------------------------------------------------------------- offset mapping


def _of(source: str) -> RepairedText:
    repaired = RepairedText.of(source, LineTable(source))
    assert repaired is not None
    return repaired


def test_nothing_to_repair_is_none() -> None:
    assert RepairedText.of("x = = 1\n", LineTable("x = = 1\n")) is None


@pytest.mark.parametrize(
    ("offset", "end", "expected"),
    [
        pytest.param(0, False, 0, id="before-any-repair"),
        pytest.param(6, False, 6, id="repair-start"),
        pytest.param(10, False, 6, id="inside-repair-start"),
        pytest.param(10, True, 15, id="inside-repair-end"),
        pytest.param(21, True, 15, id="repair-end-as-end"),
        # `from . import a` (15) replaced `import .a` (9): later offsets shift back by 6
        pytest.param(22, False, 16, id="after-repair"),
        pytest.param(len("x = 1\nfrom . import a\nimport os\n"), False, len("x = 1\nimport .a\nimport os\n"), id="eof"),
    ],
)
def test_to_original(offset: int, end: bool, expected: int) -> None:
    repaired = _of("x = 1\nimport .a\nimport os\n")
    assert repaired.text == "x = 1\nfrom . import a\nimport os\n"
    assert repaired.to_original(offset, end=end) == expected


def test_overlaps_repair_only_for_il002_rewrites() -> None:
    source = "import .a\nlazy import os\nimport b\n"
    repaired = _of(source)
    assert repaired.text == "from . import a\nimport os\nimport b\n"
    assert repaired.overlaps_repair(0, 4) is True
    assert repaired.overlaps_repair(16, 25) is False  # the `lazy` statement: its keyword is gone, not rewritten
    assert [r.start for r in repaired.invalid_forms] == [0]


def test_lazy_starts_and_statement_start() -> None:
    source = "import .a\nlazy import os\n"
    repaired = _of(source)
    # `import os` starts at 16 in the repaired text, after the 15-character rewrite
    assert repaired.lazy_starts == frozenset({16})
    original = repaired.to_original(16)
    assert source[original:].startswith("import os")
    assert repaired.statement_start(original) == source.index("lazy")


def test_edit_to_original_keeps_the_rename_and_waits_for_il002() -> None:
    repaired = _of("import .a\nimport src.P.b as b\n")
    statement = repaired.text.index("import src")
    edit = Edit(statement, statement + len("import src.P.b as b"), "from . import b as b", ("src.P", "P"))
    mapped = repaired.edit_to_original(edit)
    assert mapped == Edit(10, 10 + len("import src.P.b as b"), "from . import b as b", ("src.P", "P"))
    assert repaired.edit_to_original(Edit(0, 4, "x")) is None
