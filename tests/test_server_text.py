"""The language server's text arithmetic, without a client: LSP positions in each
encoding, the minimal edits a fix becomes, and where a noqa comment goes."""

from __future__ import annotations

import pytest

from importlint.model import Edit, Pos
from importlint.noqa import noqa_edits
from importlint.server.edits import apply, changes, within
from importlint.server.positions import UTF8, UTF16, UTF32, LineIndex


@pytest.mark.parametrize(("encoding", "column"), [(UTF16, 10), (UTF8, 12), (UTF32, 9)])
def test_positions_round_trip_through_each_encoding(encoding: str, column: int) -> None:
    text = 'x = "😀"; from P.a import y\r\nz\rw\n'
    index = LineIndex(text)
    start = text.index("from")
    assert index.position(start, encoding) == (0, column)
    assert index.offset(0, column, encoding) == start
    assert index.offset_of(Pos(1, 10)) == start  # the engine counts characters, 1-based
    assert index.position(text.index("w"), encoding) == (2, 0)  # `\r` alone breaks a line


def test_only_lsp_line_breaks_count() -> None:
    text = "a = '\u2028'\x0cb\nc\n"  # U+2028 and form feed: str.splitlines breaks there, LSP does not
    index = LineIndex(text)
    assert index.position(text.index("c"), UTF16) == (1, 0)
    assert index.line(0) == "a = '\u2028'\x0cb"


def test_positions_are_clamped_as_lsp_asks() -> None:
    index = LineIndex("ab\ncd")
    assert index.offset(0, 99, UTF16) == 2  # past the line's end: the end of the line
    assert index.offset(7, 0, UTF16) == 5  # past the last line: the end of the text
    assert index.offset(0, 1, UTF16) == 1
    assert LineIndex("😀").offset(0, 1, UTF16) == 0  # inside a surrogate pair: before the character
    assert index.offset_of(Pos(9, 9)) == 5


def test_changes_are_minimal_and_per_statement() -> None:
    before = "from P.a import x\nfrom P.b import y\nimport os\n"
    after = "from .a import x\nfrom .b import y\nimport os\n"
    found = changes(before, after)
    assert found == [Edit(5, 6, ""), Edit(23, 24, "")]
    assert apply(before, found) == after
    assert within(found, 18, 35) == [Edit(23, 24, "")]  # the second statement's own edit


def test_changes_when_the_line_count_changes() -> None:
    before = "a = 1\nfrom P import (\n    x,\n)\nb = 2\n"
    after = "a = 1\nfrom . import x\nb = 2\n"
    found = changes(before, after)
    assert apply(before, found) == after
    assert found == [Edit(11, 30, ". import x")]  # inside the statement, its common ends kept


def test_noqa_goes_on_the_first_line_of_a_parenthesised_statement() -> None:
    text = "from P.a import (\n    x,\n)\n"
    (first, last) = noqa_edits(text, 0, len(text) - 1, "IL001")
    assert apply(text, [first]) == "from P.a import (  # noqa: IL001\n    x,\n)\n"
    assert apply(text, [last]) == "from P.a import (\n    x,\n)  # noqa: IL001\n"


def test_noqa_goes_on_the_last_line_of_a_backslash_continuation() -> None:
    text = "from P.a \\\n    import y   \n"
    best = noqa_edits(text, 0, text.index("y") + 1, "IL001")[0]
    assert apply(text, [best]) == "from P.a \\\n    import y  # noqa: IL001\n"


def test_noqa_extends_a_noqa_comment_and_keeps_other_comments() -> None:
    text = "from P.b import z  # noqa: E501,IL004\n"
    (edit,) = noqa_edits(text, 0, 17, "IL001")
    assert apply(text, [edit]) == "from P.b import z  # noqa: E501,IL004, IL001\n"
    assert noqa_edits("from P.b import z  # noqa: il001\n", 0, 17, "IL001") == []  # already there
    assert noqa_edits("from P.b import z  # noqa\n", 0, 17, "IL001") == []  # suppresses every code
    text = "from P.b import z  # keep '#' here\r\n"
    (edit,) = noqa_edits(text, 0, 17, "IL001")
    assert apply(text, [edit]) == "from P.b import z  # keep '#' here  # noqa: IL001\r\n"
