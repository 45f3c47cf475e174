"""Tables for imports.collect(): the ImportStmt record of one located statement."""

from __future__ import annotations

import libcst as cst
import pytest

from importlint.imports import collect, newline_of, render
from importlint.model import Alias, ImportStmt


def _collect(text: str, lazy: bool = False) -> ImportStmt:
    return collect(text, (0, len(text)), lazy)


def _record(stmt: ImportStmt) -> tuple[bool, int, str | None, list[tuple[str, str | None]], bool]:
    return stmt.is_from, stmt.level, stmt.module, [(a.name, a.asname) for a in stmt.names], stmt.lazy


@pytest.mark.parametrize(
    ("text", "is_from", "level", "module", "names", "lazy"),
    [
        pytest.param("import os", False, 0, None, [("os", None)], False, id="plain-import"),
        pytest.param("import P.a.b", False, 0, None, [("P.a.b", None)], False, id="dotted-import"),
        pytest.param(
            "import os.path as p, sys",
            False,
            0,
            None,
            [("os.path", "p"), ("sys", None)],
            False,
            id="import-alias-and-second-name",
        ),
        pytest.param("import a . b", False, 0, None, [("a.b", None)], False, id="spaces-around-dots"),
        pytest.param("import\tos", False, 0, None, [("os", None)], False, id="tab-separator"),
        pytest.param("from P.a import x", True, 0, "P.a", [("x", None)], False, id="absolute-from"),
        pytest.param("from . import x", True, 1, None, [("x", None)], False, id="one-dot-no-module"),
        pytest.param("from .. import x", True, 2, None, [("x", None)], False, id="two-dots-no-module"),
        pytest.param("from ... import x", True, 3, None, [("x", None)], False, id="ellipsis-token-is-three-dots"),
        pytest.param("from .... import x", True, 4, None, [("x", None)], False, id="ellipsis-token-plus-dot"),
        pytest.param("from ......a import x", True, 6, "a", [("x", None)], False, id="two-ellipsis-tokens"),
        pytest.param("from . . . import x", True, 3, None, [("x", None)], False, id="spaced-dots"),
        pytest.param(
            "from ...a.b import c as d, e",
            True,
            3,
            "a.b",
            [("c", "d"), ("e", None)],
            False,
            id="ellipsis-token-with-module-and-aliases",
        ),
        pytest.param("from .a import *", True, 1, "a", [("*", None)], False, id="star"),
        pytest.param("from P import *", True, 0, "P", [("*", None)], False, id="absolute-star"),
        pytest.param("from.a import x", True, 1, "a", [("x", None)], False, id="no-space-after-from"),
        pytest.param("from ..import x", True, 2, None, [("x", None)], False, id="no-space-before-import"),
        pytest.param("from . a import x", True, 1, "a", [("x", None)], False, id="space-between-dot-and-module"),
        pytest.param("from P import(x)", True, 0, "P", [("x", None)], False, id="no-space-before-paren"),
        pytest.param("from P import (x,)", True, 0, "P", [("x", None)], False, id="trailing-comma"),
        pytest.param("import os;", False, 0, None, [("os", None)], False, id="trailing-semicolon"),
        pytest.param(
            "from P.a import (\n    x,  # c\n    y as z,\n)",
            True,
            0,
            "P.a",
            [("x", None), ("y", "z")],
            False,
            id="multi-line-parenthesised-with-comment",
        ),
        pytest.param(
            "from P.a import x, \\\n    y",
            True,
            0,
            "P.a",
            [("x", None), ("y", None)],
            False,
            id="backslash-continuation",
        ),
        pytest.param(
            "from P \\\n    import x",
            True,
            0,
            "P",
            [("x", None)],
            False,
            id="backslash-before-import-keyword",
        ),
        pytest.param("lazy from P.a import x", True, 0, "P.a", [("x", None)], True, id="lazy-from"),
        pytest.param(
            "lazy import P.a.b as m, os",
            False,
            0,
            None,
            [("P.a.b", "m"), ("os", None)],
            True,
            id="lazy-import",
        ),
        pytest.param("lazy\tfrom . import x", True, 1, None, [("x", None)], True, id="lazy-tab"),
        pytest.param("lazy \\\n  import os", False, 0, None, [("os", None)], True, id="lazy-backslash-continuation"),
        pytest.param("from lazy import x", True, 0, "lazy", [("x", None)], False, id="module-named-lazy"),
        pytest.param("import lazy_x", False, 0, None, [("lazy_x", None)], False, id="name-starting-with-lazy"),
    ],
)
def test_collect_record(
    text: str, is_from: bool, level: int, module: str | None, names: list[tuple[str, str | None]], lazy: bool
) -> None:
    assert _record(_collect(text)) == (is_from, level, module, names, lazy)


def test_collect_lazy_flag_from_repair_step() -> None:
    # the repair step removed the keyword on interpreters that cannot parse it
    assert _collect("from P.a import x", lazy=True).lazy is True


def test_star_alias() -> None:
    assert _collect("from .a import *").names == (Alias("*", None),)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        pytest.param("import os", (0, 9), id="whole-statement"),
        pytest.param("lazy from P.a import x", (5, 22), id="lazy-keyword-excluded"),
        pytest.param("lazy  import os", (6, 15), id="lazy-keyword-and-spaces-excluded"),
        pytest.param("lazy \\\n  import os", (9, 18), id="lazy-continuation-excluded"),
    ],
)
def test_collect_span_starts_at_import_head(text: str, span: tuple[int, int]) -> None:
    assert _collect(text).span == span


def test_collect_span_inside_larger_text() -> None:
    text = "x = 1; from P.a import (\n    y,\n)\nz = 2\n"
    begin = text.index("from")
    end = text.index(")") + 1
    stmt = collect(text, (begin, end))
    assert (stmt.span, stmt.module, stmt.text) == ((begin, end), "P.a", "from P.a import (\n    y,\n)")


@pytest.mark.parametrize(
    ("text", "newline", "exact"),
    [
        pytest.param("from P.a import (\n    x,\n)", "\n", True, id="lf"),
        pytest.param("from P.a import (\r\n    x,\r\n)", "\r\n", True, id="crlf"),
        pytest.param("from P.a import (\r    x,\r)", "\r", True, id="cr-only"),
        pytest.param("from P.a import x, \\\r\n    y", "\r\n", True, id="crlf-backslash-continuation"),
        pytest.param("from P.a import (  # c\r\n    x,  # d\r\n)", "\r\n", True, id="crlf-comments"),
        pytest.param("import os", "\n", True, id="one-line-defaults-to-lf"),
        pytest.param("from\t.\timport\tx", "\n", True, id="tabs"),
        pytest.param("from P.a import (\n    x\n  )", "\n", True, id="odd-indentation-of-closing-paren"),
        pytest.param("from P.a import (x)  # c", "\n", False, id="trailing-comment-outside-the-node"),
    ],
)
def test_collect_newline_and_exact(text: str, newline: str, exact: bool) -> None:
    stmt = _collect(text)
    assert (stmt.newline, stmt.exact) == (newline, exact)
    if exact:
        assert render(stmt.node, stmt.newline) == text[stmt.span[0] : stmt.span[1]]


def test_collect_lazy_directly_followed_by_backslash() -> None:
    stmt = _collect("lazy\\\nimport os")
    assert (stmt.lazy, stmt.span, stmt.exact) == (True, (6, 15), True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\nb", "\n", id="lf"),
        pytest.param("a\r\nb", "\r\n", id="crlf"),
        pytest.param("a\rb", "\r", id="cr"),
        pytest.param("a\rb\r\n", "\r", id="first-break-wins"),
        pytest.param("a\r", "\r", id="cr-at-end"),
        pytest.param("abc", "\n", id="no-break-defaults-to-lf"),
    ],
)
def test_newline_of(text: str, expected: str) -> None:
    assert newline_of(text) == expected


def test_collect_rejects_a_statement_that_is_not_an_import() -> None:
    with pytest.raises(ValueError, match="^not an import statement$"):
        _collect("x = 1")


def test_collect_rejects_unparseable_text() -> None:
    with pytest.raises(cst.ParserSyntaxError):
        _collect("import .x")


# --------------------------------------------------------------------------- NFKC names, deep names


@pytest.mark.parametrize(
    ("text", "module", "names"),
    [
        pytest.param("from .\ufb01le import x", "file", [("x", None)], id="ligature-in-module"),
        pytest.param("from \uff30.a import y", "P.a", [("y", None)], id="fullwidth-letter"),
        pytest.param("from . import \ufb01le as \uff4d", None, [("file", "m")], id="name-and-alias"),
        pytest.param("from P import caf\u00e9", "P", [("caf\u00e9", None)], id="nfc-text-unchanged"),
    ],
)
def test_names_are_nfkc_normalised(text: str, module: str | None, names: list[tuple[str, str | None]]) -> None:
    stmt = _collect(text)
    assert (stmt.module, [(a.name, a.asname) for a in stmt.names]) == (module, names)
    assert stmt.text == text  # the user's text is kept for fixes


def test_import_statement_of_a_thousand_parts() -> None:
    name = ".".join(["a"] * 1000)
    stmt = _collect(f"import P.{name} as q")
    assert [(a.name, a.asname) for a in stmt.names] == [(f"P.{name}", "q")]
    assert not stmt.exact  # LibCST could not build it: no fix is ever rendered from it
    stmt = _collect(f"from {name} import x")
    assert (stmt.is_from, stmt.module, stmt.names) == (True, name, (Alias("x", None),))
