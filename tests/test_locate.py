"""Tables for locate.py: line tables, byte->character columns, import statement spans."""

from __future__ import annotations

import ast
import sys

import pytest

from importlint.locate import (
    LineTable,
    compile_suspect,
    has_main_block,
    import_nodes,
    is_module_name,
    locate,
    text_marks_script,
)

# --------------------------------------------------------------------------- LineTable: lines


@pytest.mark.parametrize(
    ("text", "lines", "newlines"),
    [
        pytest.param("a\nb\n", ["a", "b", ""], ["\n", "\n", "\n"], id="lf"),
        pytest.param("a\r\nb\r\n", ["a", "b", ""], ["\r\n", "\r\n", "\n"], id="crlf"),
        pytest.param("a\rb\r", ["a", "b", ""], ["\r", "\r", "\n"], id="cr-only"),
        pytest.param("a\nb\r\nc\rd", ["a", "b", "c", "d", ""], ["\n", "\r\n", "\r", "\n", "\n"], id="mixed"),
        pytest.param("a\x0cb\nc\n", ["a\x0cb", "c", ""], ["\n", "\n", "\n"], id="form-feed-does-not-split"),
        pytest.param(
            "a\x0b\x1c\x1d\x1e\x85\u2028b\n",
            ["a\x0b\x1c\x1d\x1e\x85\u2028b", ""],
            ["\n", "\n"],
            id="splitlines-only-separators-do-not-split",
        ),
        pytest.param("a\n\nb\n", ["a", "", "b", ""], ["\n", "\n", "\n", "\n"], id="blank-line"),
        pytest.param("x", ["x", ""], ["\n", "\n"], id="no-final-newline"),
        pytest.param("", [""], ["\n"], id="empty-text"),
        pytest.param("\r\n", ["", ""], ["\r\n", "\n"], id="single-crlf"),
    ],
)
def test_line_and_newline(text: str, lines: list[str], newlines: list[str]) -> None:
    table = LineTable(text)
    assert len(table.starts) == len(lines)
    assert [table.line(i) for i in range(1, len(lines) + 1)] == lines
    assert [table.newline(i) for i in range(1, len(lines) + 1)] == newlines


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        pytest.param("ab\ncd\n", [0, 3, 6], id="lf"),
        pytest.param("ab\r\ncd\r\n", [0, 4, 8], id="crlf-counts-as-one-break"),
        pytest.param("ab\rcd\r", [0, 3, 6], id="cr"),
        pytest.param("ab\r\rcd", [0, 3, 4, 6], id="two-cr-are-two-breaks"),
        pytest.param("ab\n\r\ncd", [0, 3, 5, 7], id="lf-then-crlf"),
        pytest.param("\x0c\x0cx\n", [0, 4], id="form-feeds"),
    ],
)
def test_line_starts(text: str, starts: list[int]) -> None:
    assert LineTable(text).starts == starts


# --------------------------------------------------------------------------- LineTable: positions


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        pytest.param("import os\n", 0, (1, 1), id="start-of-file"),
        pytest.param("a\nimport os\n", 2, (2, 1), id="start-of-second-line"),
        pytest.param("a\r\nimport os\r\n", 3, (2, 1), id="crlf-second-line"),
        pytest.param("a\rimport os\r", 2, (2, 1), id="cr-second-line"),
        pytest.param("a\n  import os\n", 4, (2, 3), id="indented"),
        pytest.param("import os", 9, (1, 10), id="end-of-file-without-newline"),
        pytest.param("a\nimport os", 11, (2, 10), id="end-of-last-line-without-newline"),
        pytest.param("import os\n", 10, (1, 11), id="end-of-file-after-final-newline-stays-on-last-line"),
        pytest.param("", 0, (1, 1), id="empty-text"),
        pytest.param("é = 1\nx = 2\n", 6, (2, 1), id="after-non-ascii-line"),
        pytest.param("\x0cimport os\n", 1, (1, 2), id="form-feed-is-a-column"),
    ],
)
def test_position(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert LineTable(text).position(offset) == expected


@pytest.mark.parametrize(
    ("text", "lineno", "byte_col", "offset"),
    [
        pytest.param("import os\n", 1, 0, 0, id="ascii-start"),
        pytest.param("x = 1; import os\n", 1, 7, 7, id="ascii-column"),
        pytest.param('x = "é€"; import os\n', 1, 13, 10, id="two-and-three-byte-chars"),
        pytest.param('s = "😀"; import os\n', 1, 12, 9, id="four-byte-char-is-one-column"),
        pytest.param('a\nx = "é"; import os\n', 2, 10, 11, id="non-ascii-on-second-line"),
        pytest.param('é = 1\r\nx = "é"; import os\r\n', 2, 10, 16, id="non-ascii-crlf"),
        pytest.param('x = "ü"', 1, 8, 7, id="end-of-non-ascii-line"),
    ],
)
def test_offset_converts_utf8_byte_columns(text: str, lineno: int, byte_col: int, offset: int) -> None:
    assert LineTable(text).offset(lineno, byte_col) == offset


# --------------------------------------------------------------------------- locate


def _spans(text: str) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    table = LineTable(text)
    return [
        (text[loc.start : loc.end], table.position(loc.start), table.position(loc.end))
        for loc in locate(ast.parse(text), table)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("import os\n", [("import os", (1, 1), (1, 10))], id="one-statement"),
        pytest.param(
            "import os; from P.a import x\n",
            [("import os", (1, 1), (1, 10)), ("from P.a import x", (1, 12), (1, 29))],
            id="second-statement-after-semicolon-column-12",
        ),
        pytest.param(
            'x = "é€"; from P.a import x\n',
            [("from P.a import x", (1, 11), (1, 28))],
            id="non-ascii-before-statement",
        ),
        pytest.param(
            "from P.a import (\n    x,\n    y,\n)\n",
            [("from P.a import (\n    x,\n    y,\n)", (1, 1), (4, 2))],
            id="parenthesised-multi-line",
        ),
        pytest.param(
            "from P.a import x, \\\n    y\n",
            [("from P.a import x, \\\n    y", (1, 1), (2, 6))],
            id="backslash-continuation",
        ),
        pytest.param(
            "a = 1\r\nfrom P.a import (\r\n    x)\r\n",
            [("from P.a import (\r\n    x)", (2, 1), (3, 7))],
            id="crlf",
        ),
        pytest.param(
            "a = 1\rfrom P.a import (\r    x)\rimport os\r",
            [("from P.a import (\r    x)", (2, 1), (3, 7)), ("import os", (4, 1), (4, 10))],
            id="cr-only",
        ),
        pytest.param(
            "\x0cimport os\nx=1\rimport sys\r\n  # c\r\nif 1:\n\x0c    import re",
            [("import os", (1, 2), (1, 11)), ("import sys", (3, 1), (3, 11)), ("import re", (6, 6), (6, 15))],
            id="form-feeds-and-mixed-line-breaks",
        ),
        pytest.param("import os", [("import os", (1, 1), (1, 10))], id="no-final-newline"),
        pytest.param("x = 1\n", [], id="no-imports"),
    ],
)
def test_locate_spans(text: str, expected: list[tuple[str, tuple[int, int], tuple[int, int]]]) -> None:
    assert _spans(text) == expected


NESTED = """\
import a
def f():
    import b
    class C:
        import c
        def g(self):
            from . import d
if x:
    import e
elif y:
    import f
else:
    import g
try:
    import h
except ImportError:
    import i
else:
    import j
finally:
    import k
with open(p) as fh:
    import l
for n in r:
    import m
else:
    import n
while w:
    import o
else:
    import p
async def h():
    async with z:
        import q
    async for v in z:
        import r
import s
"""

TRY_BLOCK = "try:\n    import h\nexcept ImportError:\n    import i\nelse:\n    import j\nfinally:\n    import k\n"
assert TRY_BLOCK in NESTED

MATCH = """\
import a
match v:
    case 1:
        import b
    case [x, *_] if x:
        from .c import d
    case _:
        import e
import f
"""


def _imported(text: str) -> list[str]:
    names = []
    for node in import_nodes(ast.parse(text)):
        names.append(node.module if isinstance(node, ast.ImportFrom) and node.module else node.names[0].name)
    return names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            NESTED.replace(TRY_BLOCK, ""),
            ["a", "b", "c", "d", "e", "f", "g", "l", "m", "n", "o", "p", "q", "r", "s"],
            id="functions-classes-if-with-loops-async",
        ),
        pytest.param(
            "try:\n    import h\nexcept E:\n    import i\n",
            ["h", "i"],
            id="try-except",
        ),
        pytest.param(
            "try:\n    import h\nfinally:\n    import k\nimport z\n",
            ["h", "k", "z"],
            id="try-finally",
        ),
        pytest.param(
            "if a:\n    if b:\n        import x\n    import y\nimport z\n",
            ["x", "y", "z"],
            id="nested-ifs",
        ),
        pytest.param(
            "try:\n    pass\nexcept* E:\n    import x\nimport y\n",
            ["x", "y"],
            id="except-star",
            marks=pytest.mark.skipif(sys.version_info < (3, 11), reason="except* needs Python 3.11"),
        ),
        pytest.param("x = [__import__('os')]\n", [], id="dunder-import-is-not-a-statement"),
        pytest.param("def f():\n    '''import os'''\n", [], id="docstring-is-not-a-statement"),
    ],
)
def test_import_nodes_in_source_order(text: str, expected: list[str]) -> None:
    assert _imported(text) == expected


def test_import_nodes_try_except_else_finally_in_source_order() -> None:
    text = "try:\n    import h\nexcept E:\n    import i\nelse:\n    import j\nfinally:\n    import k\nimport z\n"
    assert _imported(text) == ["h", "i", "j", "k", "z"]


def test_locate_sorts_every_nested_import() -> None:
    found = [text for text, _, _ in _spans(NESTED)]
    letters = "abcdefghijklmnopqrs"
    expected = [f"from . import {c}" if c == "d" else f"import {c}" for c in letters]
    assert found == expected


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statements need Python 3.10")
def test_import_nodes_in_match_cases() -> None:
    assert _imported(MATCH) == ["a", "b", "c", "e", "f"]


# --------------------------------------------------------------------------- has_main_block


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('if __name__ == "__main__":\n    main()\n', True, id="double-quotes"),
        pytest.param("if __name__ == '__main__':\n    main()\n", True, id="single-quotes"),
        pytest.param('if "__main__" == __name__:\n    main()\n', True, id="reversed-comparison"),
        pytest.param('if (__name__ == "__main__"):\n    main()\n', True, id="parenthesised"),
        pytest.param(
            'import os\n\ndef f(): pass\n\nif __name__ == "__main__":\n    f()\nelse:\n    pass\n',
            True,
            id="after-other-code-with-else",
        ),
        pytest.param('if __name__ == "__main__": main()\n', True, id="one-line"),
        # any comparison of `__name__` with "__main__" at module level marks a script
        pytest.param('if True:\n    if __name__ == "__main__":\n        main()\n', True, id="nested-if"),
        pytest.param('def f():\n    if __name__ == "__main__":\n        main()\n', False, id="inside-function"),
        pytest.param('f = lambda: __name__ == "__main__"\n', False, id="inside-lambda"),
        pytest.param('def f(x=__name__ == "__main__"):\n    pass\n', True, id="function-default"),
        pytest.param('class C:\n    if __name__ == "__main__":\n        main()\n', True, id="class-body"),
        pytest.param('if x:\n    pass\nelif __name__ == "__main__":\n    main()\n', True, id="elif-branch"),
        pytest.param('if __name__ != "__main__":\n    main()\n', True, id="not-equal"),
        pytest.param('if __name__ is "__main__":\n    main()\n', True, id="is-comparison"),
        pytest.param('if __name__ == "main":\n    main()\n', False, id="other-string"),
        pytest.param('if name == "__main__":\n    main()\n', False, id="other-name"),
        pytest.param('if __name__ == "__main__" and x:\n    main()\n', True, id="bool-op"),
        pytest.param('if __name__ == "__main__" == x:\n    main()\n', True, id="chained-comparison"),
        pytest.param('x = __name__ == "__main__"\n', True, id="not-an-if"),
        pytest.param('__name__ == "__main__" and main()\n', True, id="bare-expression"),
        pytest.param('while __name__ == "__main__":\n    break\n', True, id="while-loop"),
        pytest.param('try:\n    if __name__ == "__main__":\n        main()\nexcept E:\n    pass\n', True, id="in-try"),
        pytest.param('with x:\n    if __name__ == "__main__":\n        main()\n', True, id="in-with"),
        pytest.param('if __name__ in ("__main__",):\n    main()\n', True, id="in-tuple"),
        pytest.param('if __name__ in "__main__":\n    main()\n', True, id="in-string"),
        pytest.param('if __name__ in ("main",):\n    main()\n', False, id="in-other-tuple"),
        pytest.param('if "__main__" in __name__:\n    main()\n', True, id="main-in-name"),
        pytest.param('if __name__.startswith("__main__"):\n    main()\n', True, id="method-call"),
        pytest.param("", False, id="empty-module"),
        # conservative: module-level code reads `__name__` and the text holds `__main__`
        pytest.param("if __name__ == f'__main__':\n    main()\n", True, id="f-string"),
        pytest.param("MAIN = '__main__'\nif __name__ == MAIN:\n    main()\n", True, id="constant"),
        pytest.param("if (n := __name__) == '__main__':\n    main()\n", True, id="walrus"),
        pytest.param("if __name__ in {'__main__': 1}:\n    main()\n", True, id="dict-membership"),
        pytest.param("if globals()['__name__'] == '__main__':\n    main()\n", True, id="name-as-string"),
        pytest.param("# python -m P.__main__\nlog = get(__name__)\n", True, id="comment-and-name"),
        pytest.param("log = get(__name__)\n", False, id="name-without-main"),
        pytest.param("def f():\n    return __name__\nX = '__main__'\n", False, id="name-only-in-function"),
        pytest.param("f = lambda: __name__\nX = '__main__'\n", False, id="name-only-in-lambda"),
        pytest.param("@d(__name__)\ndef f():\n    pass\nX = '__main__'\n", True, id="name-in-decorator"),
        pytest.param("class C:\n    n = __name__\nX = '__main__'\n", True, id="name-in-class-body"),
        pytest.param("if __name__ == '\\x5f_main__':\n    main()\n", True, id="escaped-main"),
        pytest.param("if __spec__ is None:\n    main()\n", True, id="spec-is-none"),
        pytest.param("def f():\n    return __spec__\n", False, id="spec-in-function"),
    ],
)
def test_has_main_block(text: str, expected: bool) -> None:
    assert has_main_block(ast.parse(text), text) is expected


# has_main_block walks only the statements and expressions on a line that can spell a read of
# `__name__`/`__spec__` (or, with `__main__` in the text, a string whose value is "__name__"):
# every way such a read can stand elsewhere must still count, and nothing more
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("log = get(__name__)\nX = '__main__'\n", True, id="main-only-in-string"),
        pytest.param("def f():\n    return __name__\n# __main__\n", False, id="main-in-comment-read-in-function"),
        pytest.param("class C:\n    def m(self):\n        return __name__\n# __main__\n", False, id="method-body"),
        pytest.param("try:\n    pass\nexcept E:\n    log = get(__name__)\n# __main__\n", True, id="except-body"),
        pytest.param("try:\n    pass\nfinally:\n    n = __name__\n# __main__\n", True, id="finally-body"),
        pytest.param("with open(__name__):\n    pass\n# __main__\n", True, id="with-item"),
        pytest.param("with a:\n    with b:\n        n = __name__\n# __main__\n", True, id="nested-with-body"),
        pytest.param("if x:\n    pass\nelse:\n    if y:\n        n = __name__\n# __main__\n", True, id="nested-else"),
        pytest.param("for x in y:\n    pass\nelse:\n    n = __name__\n# __main__\n", True, id="for-else"),
        pytest.param("class C:\n    class D:\n        n = __name__\n# __main__\n", True, id="nested-class-body"),
        pytest.param("f = lambda x=__name__: x\n# __main__\n", True, id="lambda-default"),
        pytest.param("x = [__spec__ for _ in y]\n", True, id="spec-in-comprehension"),
        # decorators stand on the lines before the `def`/`class` line its position starts at
        pytest.param("@d(\n    __spec__\n)\ndef f():\n    pass\n", True, id="spec-in-decorator-lines"),
        pytest.param("@d(__name__)\nclass C:\n    pass\n# __main__\n", True, id="name-in-class-decorator"),
        # the string "__name__" spelled without the word: concatenated, escaped, an f-string part
        pytest.param("n = globals()['__na' 'me__']\n# __main__\n", True, id="concatenated-string"),
        pytest.param("n = ('__na'\n     'me__')\n# __main__\n", True, id="concatenated-over-lines"),
        pytest.param("n = globals()['\\x5f_name__']\n# __main__\n", True, id="escaped-string"),
        pytest.param('n = "__na" f"me__{x}"\n# __main__\n', True, id="f-string-part"),
        pytest.param("n = '__na' 'me'\n# __main__\n", False, id="other-string"),
        pytest.param('x = f"""\n{__name__}"""\n# __main__\n', True, id="multi-line-f-string"),
        # `__main__` spelled without the word is only found in a comparison with `__name__`
        pytest.param("if __name__ == '__ma' 'in__':\n    main()\n", True, id="concatenated-main"),
        pytest.param("log = get(__name__)\nX = '__ma' 'in__'\n", False, id="concatenated-main-not-compared"),
        # identifiers are NFKC-normalised: `__ｎａｍｅ__` is `__name__`
        pytest.param("n = __\uff4e\uff41\uff4d\uff45__\n# __main__\n", True, id="fullwidth-name"),
        pytest.param("n = _\uff3fspec__\n", True, id="fullwidth-underscore-spec"),
        # a lone \r ends a line for `ast` too
        pytest.param("x = 1\rn = __name__\r# __main__\r", True, id="cr-line-breaks"),
        pytest.param("x = 1\rdef f():\r    return __name__\r# __main__\r", False, id="cr-read-in-function"),
    ],
)
def test_has_main_block_beyond_marked_lines(text: str, expected: bool) -> None:
    assert has_main_block(ast.parse(text), text) is expected


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statements need Python 3.10")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('match __name__:\n    case "__main__":\n        main()\n', True, id="match-case"),
        pytest.param('match __name__:\n    case "x" | "__main__":\n        main()\n', True, id="match-or"),
        pytest.param('match __name__:\n    case "x":\n        main()\n', False, id="match-other"),
        pytest.param('match name:\n    case "__main__":\n        main()\n', False, id="match-other-subject"),
        pytest.param("match __name__, 0:\n    case ('__main__', _):\n        main()\n", True, id="match-tuple"),
    ],
)
def test_has_main_block_match(text: str, expected: bool) -> None:
    assert has_main_block(ast.parse(text), text) is expected


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        pytest.param("cli", True, id="identifier"),
        pytest.param("match", True, id="soft-keyword"),
        pytest.param("_", True, id="underscore"),
        pytest.param("class", False, id="keyword"),
        pytest.param("None", False, id="keyword-constant"),
        pytest.param("gen-docs", False, id="dash"),
        pytest.param("__main__", True, id="dunder-main"),
    ],
)
def test_is_module_name(stem: str, expected: bool) -> None:
    assert is_module_name(stem) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("type X = int\nif __name__ == f'__main__':\n    pass\n", True, id="f-string"),
        pytest.param("type X = int\nlog = get(__name__)\n", False, id="name-only"),
        pytest.param("type X = int\n# __main__\n", False, id="main-only"),
        pytest.param("type X = int\nif __spec__ is None:\n    pass\n", True, id="spec"),
    ],
)
def test_text_marks_script(text: str, expected: bool) -> None:
    assert text_marks_script(text) is expected


# --------------------------------------------------------------------------- compile_suspect


def _rejected(source: str) -> bool:
    try:
        compile(source, "m.py", "exec", dont_inherit=True)
    except SyntaxError:
        return True
    return False


@pytest.mark.parametrize(
    ("source", "suspect"),
    [
        pytest.param("return 1\n", True, id="return"),
        pytest.param("class C:\n    return\n", True, id="return-in-class"),
        pytest.param("def f():\n    class C:\n        return\n", True, id="return-in-class-in-def"),
        pytest.param("class C:\n    x = yield\n", True, id="yield-in-class"),
        pytest.param("x = await y\n", True, id="await"),
        pytest.param("x = [await y for y in z]\n", True, id="await-in-comprehension"),
        pytest.param("x = [y async for y in z]\n", True, id="async-comprehension"),
        pytest.param("nonlocal x\n", True, id="nonlocal"),
        pytest.param("class C:\n    nonlocal x\n", True, id="nonlocal-in-class"),
        pytest.param("import os\nfrom __future__ import annotations\n", True, id="future-late"),
        pytest.param("from __future__ import braces\n", True, id="future-braces"),
        pytest.param("def f():\n    from __future__ import annotations\n", True, id="future-in-def"),
        pytest.param("def f(a, *, a): pass\n", True, id="duplicate-kwonly"),
        pytest.param("def f(a, /, *a): pass\n", True, id="duplicate-vararg"),
        pytest.param("break\n", True, id="break"),
        pytest.param("for x in y:\n    pass\nelse:\n    continue\n", True, id="continue-in-loop-else"),
        pytest.param("while x:\n    def f():\n        break\n", True, id="break-in-def-in-loop"),
        pytest.param("class C:\n    from os import *\n", True, id="star-in-class"),
        pytest.param("def f():\n    async with x: pass\n", True, id="async-with-in-def"),
        pytest.param('"""Doc."""\nfrom __future__ import annotations\nimport os\n', False, id="future-after-doc"),
        pytest.param("from __future__ import annotations, division\n", False, id="futures"),
        pytest.param("async def f():\n    async for x in y:\n        await x\n", False, id="async-def"),
        pytest.param("def f():\n    yield 1\n    return 2\n", False, id="generator"),
        pytest.param("x = lambda: (yield)\n", False, id="yield-in-lambda"),
        pytest.param(
            "for x in y:\n    try:\n        pass\n    finally:\n        break\n", False, id="break-in-finally"
        ),
        pytest.param("while x:\n    if y:\n        continue\n", False, id="continue-in-if-in-loop"),
        pytest.param(
            "def f():\n    nonlocal_x = 1\n    def g():\n        nonlocal nonlocal_x\n", False, id="nonlocal-in-def"
        ),
        pytest.param('"""yield await async for"""\nx = 1\n', False, id="words-in-docstring"),
        pytest.param("if x:\n    async def f():\n        await y\n", False, id="async-def-in-if"),
        pytest.param("x = 1\r\nclass C:\r\n    y = lambda: (yield)\r\n", False, id="crlf"),
        pytest.param("x = 1\r\nclass C:\r\n    y = (yield)\r\n", True, id="crlf-yield-in-class"),
        pytest.param("x = 1\rclass C:\r    y = (yield)\r", True, id="lone-cr-lines-walked"),
    ],
)
def test_compile_suspect(source: str, suspect: bool) -> None:
    assert compile_suspect(ast.parse(source), source) is suspect
    # a superset of what compile() rejects, and exactly it on these cases
    assert _rejected(source) is suspect
