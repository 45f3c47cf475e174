"""Tables for fixes.py: a statement's new text, built from the statement's own CST.

`unified_diff` (the `--diff` output) lives in output.py and is tested in test_output.py.
"""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from importlint import fixes
from importlint.imports import collect
from importlint.model import ImportStmt


def _stmt(text: str) -> ImportStmt:
    return collect(text, (0, len(text)))


def _fix_in_place(text: str, new_head: str) -> str:
    """The statement after splicing the fix at its span (what --fix writes)."""
    stmt = _stmt(text)
    return text[: stmt.span[0]] + new_head + text[stmt.span[1] :]


# --------------------------------------------------------------------------- from_module


@pytest.mark.parametrize(
    ("source", "level", "module", "expected"),
    [
        pytest.param("from P.a.b import x", 1, "b", "from .b import x", id="to-sibling"),
        pytest.param("from P.a import x", 1, "a", "from .a import x", id="from-package-init"),
        pytest.param("from P import x", 2, "", "from .. import x", id="to-parent-package"),
        pytest.param("from P.a import x", 1, "", "from . import x", id="own-package"),
        pytest.param("from P.a import *", 1, "a", "from .a import *", id="star"),
        pytest.param("from P.a import x as y, z", 1, "a", "from .a import x as y, z", id="aliases-kept"),
        pytest.param(
            "from P.a import (  # why\n    x,\n)",
            2,
            "a",
            "from ..a import (  # why\n    x,\n)",
            id="comment-after-paren-kept",
        ),
        pytest.param(
            "from P.a import (\n    x,  # one\n    # alone\n    y,  # two\n)",
            1,
            "a",
            "from .a import (\n    x,  # one\n    # alone\n    y,  # two\n)",
            id="comments-inside-parens-kept",
        ),
        pytest.param("from P.a import (x,)", 1, "a", "from .a import (x,)", id="trailing-comma-kept"),
        pytest.param("from P.a import (x, y,)", 1, "a", "from .a import (x, y,)", id="trailing-comma-two-names"),
        pytest.param(
            "from P.a import x, \\\n    y", 1, "a", "from .a import x, \\\n    y", id="backslash-continuation-kept"
        ),
        pytest.param(
            "from P.a \\\n    import x", 1, "a", "from .a \\\n    import x", id="continuation-before-import-kept"
        ),
        pytest.param(
            "from P.a import (\r\n    x,  # c\r\n)", 1, "a", "from .a import (\r\n    x,  # c\r\n)", id="crlf-kept"
        ),
        pytest.param("from P.a import (\r    x,\r)", 1, "a", "from .a import (\r    x,\r)", id="cr-only-kept"),
        pytest.param("from  P.a  import  x", 1, "a", "from  .a  import  x", id="double-spaces-kept"),
        pytest.param("from\tP.a\timport x", 1, "", "from\t.\timport x", id="tabs-kept"),
        pytest.param("from P import(x)", 1, "", "from . import(x)", id="no-space-before-paren-kept"),
        pytest.param("from ..a import x", 0, "P.a", "from P.a import x", id="to-absolute"),
        pytest.param("from .. import a", 0, "P", "from P import a", id="to-absolute-package"),
        pytest.param(
            "from ...a import (\n    T,  # kept\n)",
            0,
            "P.a",
            "from P.a import (\n    T,  # kept\n)",
            id="to-absolute-comment-kept",
        ),
        pytest.param("from..a import x", 0, "P.a", "from P.a import x", id="to-absolute-adds-space-after-from"),
        pytest.param("from .import x", 0, "P", "from P import x", id="to-absolute-adds-space-before-import"),
        pytest.param("from..import x", 0, "P", "from P import x", id="to-absolute-adds-both-spaces"),
        pytest.param("from P.a.b.c import x", 3, "a.b.c", "from ...a.b.c import x", id="three-dots-dotted-rest"),
    ],
)
def test_from_module(source: str, level: int, module: str, expected: str) -> None:
    assert fixes.from_module(_stmt(source), level, module) == expected


@pytest.mark.parametrize(
    ("source", "level", "module", "expected"),
    [
        pytest.param("lazy from P.a import x", 1, "a", "lazy from .a import x", id="lazy-keyword-kept"),
        pytest.param("lazy  from P import x", 2, "", "lazy  from .. import x", id="lazy-spacing-kept"),
        pytest.param("lazy from ..a import x", 0, "P.a", "lazy from P.a import x", id="lazy-to-absolute"),
    ],
)
def test_from_module_spliced_keeps_lazy(source: str, level: int, module: str, expected: str) -> None:
    new_head = fixes.from_module(_stmt(source), level, module)
    assert new_head is not None
    assert _fix_in_place(source, new_head) == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import P.a as m", id="not-a-from-import"),
    ],
)
def test_from_module_refuses(source: str) -> None:
    assert fixes.from_module(_stmt(source), 1, "a") is None


def test_from_module_keeps_the_rest_verbatim_even_when_the_cst_would_not_round_trip() -> None:
    # only the head is rendered from the CST; the names, parentheses and comment are the source's
    stmt = _stmt("from P.a import (x)  # c")
    assert not stmt.exact
    assert fixes.from_module(stmt, 1, "a") == "from .a import (x)  # c"


# --------------------------------------------------------------------------- import_to_from


@pytest.mark.parametrize(
    ("source", "targets", "expected"),
    [
        pytest.param("import P.a.b as m", {0: (1, "a")}, "from .a import b as m", id="dotted-alias"),
        pytest.param("import P.a as m", {0: (1, "")}, "from . import a as m", id="package-alias"),
        pytest.param("import P.a.b.c as m", {0: (2, "a.b")}, "from ..a.b import c as m", id="deep-alias"),
        pytest.param("import os, P.a as m", {1: (1, "")}, "import os; from . import a as m", id="after-absolute"),
        pytest.param("import P.a as m, os", {0: (1, "")}, "from . import a as m; import os", id="before-absolute"),
        pytest.param(
            "import os, P.a as m, sys",
            {1: (1, "")},
            "import os; from . import a as m; import sys",
            id="between-absolute-names-order-kept",
        ),
        pytest.param(
            "import os, sys, P.a as m",
            {2: (1, "")},
            "import os, sys; from . import a as m",
            id="absolute-names-grouped",
        ),
        pytest.param(
            "import os,  sys, P.a as m",
            {2: (1, "")},
            "import os,  sys; from . import a as m",
            id="spacing-of-kept-names-kept",
        ),
        pytest.param(
            "import P.a as m, P.b as n",
            {0: (1, ""), 1: (1, "")},
            "from . import a as m; from . import b as n",
            id="two-targets",
        ),
        pytest.param(
            "import P.a.b as m, \\\n    os",
            {0: (2, "a")},
            "from ..a import b as m; import \\\n    os",
            id="continuation-moves-after-the-last-keyword",
        ),
    ],
)
def test_import_to_from(source: str, targets: dict[int, tuple[int, str]], expected: str) -> None:
    assert fixes.import_to_from(_stmt(source), targets) == expected


@pytest.mark.parametrize(
    ("source", "targets", "expected"),
    [
        pytest.param("lazy import P.a.b as m", {0: (1, "a")}, "lazy from .a import b as m", id="lazy-one-alias"),
        pytest.param(
            "lazy import P.a as m, P.b as n",
            {0: (1, ""), 1: (1, "")},
            "lazy from . import a as m; lazy from . import b as n",
            id="lazy-multi-alias-every-statement-lazy",
        ),
        pytest.param(
            "lazy import os, P.a as m",
            {1: (1, "")},
            "lazy import os; lazy from . import a as m",
            id="lazy-mixed-with-absolute",
        ),
    ],
)
def test_import_to_from_spliced_keeps_lazy(source: str, targets: dict[int, tuple[int, str]], expected: str) -> None:
    new_head = fixes.import_to_from(_stmt(source), targets)
    assert new_head is not None
    assert _fix_in_place(source, new_head) == expected


def test_import_to_from_refuses_from_import() -> None:
    assert fixes.import_to_from(_stmt("from P import x"), {0: (1, "")}) is None


# --------------------------------------------------------------------------- name_node


@pytest.mark.parametrize(
    ("dotted", "expected"),
    [
        pytest.param("a", "a", id="name"),
        pytest.param("a.b.c", "a.b.c", id="attribute-chain"),
    ],
)
def test_name_node(dotted: str, expected: str) -> None:
    assert cst.Module(body=[]).code_for_node(fixes.name_node(dotted)) == expected


# --------------------------------------------------------------------------- line counts kept


@pytest.mark.parametrize(
    ("source", "targets", "expected"),
    [
        pytest.param(
            "import P.a as m, \\\n    os",
            {0: (1, "")},
            "from . import a as m; import \\\n    os",
            id="converted-then-kept-on-next-line",
        ),
        pytest.param(
            "import os, \\\n    P.a as m",
            {1: (1, "")},
            "import os; from . import \\\n    a as m",
            id="kept-then-converted-on-next-line",
        ),
        pytest.param(
            "import P.a as m, \\\n  os, \\\n  P.b.c as k",
            {0: (1, ""), 2: (1, "b")},
            "from . import a as m; import os; from .b import \\\n  \\\n  c as k",
            id="three-statements-three-lines",
        ),
        pytest.param(
            "import os, \\\n  sys, \\\n  P.a as m",
            {2: (1, "")},
            "import os, sys; from . import \\\n  \\\n  a as m",
            id="kept-group-on-the-first-line",
        ),
        pytest.param("import \\\n  P.a as m", {0: (1, "")}, "from . import \\\n  a as m", id="break-after-import"),
        pytest.param(
            "import P\\\n.a as m, os",
            {0: (1, "")},
            "from . import a as m; import \\\n    os",
            id="break-inside-converted-name-moves-to-last-statement",
        ),
        pytest.param(
            "import P.a as m, \\\r\n    os",
            {0: (1, "")},
            "from . import a as m; import \\\r\n    os",
            id="crlf",
        ),
        pytest.param(
            "import P.a as m, \\\r    os",
            {0: (1, "")},
            "from . import a as m; import \\\r    os",
            id="cr",
        ),
    ],
)
def test_import_to_from_keeps_line_count(source: str, targets: dict[int, tuple[int, str]], expected: str) -> None:
    fixed = fixes.import_to_from(_stmt(source), targets)
    assert fixed == expected
    assert fixes.line_breaks(fixed) == fixes.line_breaks(source)


# adv.md item 6: CPython gives every alias of `import a, b` the statement's FIRST line, so
# every statement split off it starts on that line; the breaks go after the last keyword
SPLIT_ON_FIRST_LINE = [
    pytest.param(
        "import os, \\\n    P.a as m, sys",
        {1: (1, "")},
        "import os; from . import a as m; import \\\n    sys",
        id="adv-lf",
    ),
    pytest.param(
        "import os, \\\r\n    P.a as m, sys",
        {1: (1, "")},
        "import os; from . import a as m; import \\\r\n    sys",
        id="adv-crlf",
    ),
    pytest.param(
        "import os, \\\r    P.a as m, sys",
        {1: (1, "")},
        "import os; from . import a as m; import \\\r    sys",
        id="adv-cr",
    ),
    pytest.param("import os, \\\rP.a as m", {1: (1, "")}, "import os; from . import \\\r    a as m", id="adv-cr-cont"),
    pytest.param(
        "import P.b as q, \\\nP.a as m",
        {0: (1, ""), 1: (1, "")},
        "from . import b as q; from . import \\\n    a as m",
        id="adv-two-targets",
    ),
    pytest.param(
        "import P.b as q, \\\r\nP.a as m",
        {0: (1, ""), 1: (1, "")},
        "from . import b as q; from . import \\\r\n    a as m",
        id="adv-two-targets-crlf",
    ),
    pytest.param(
        "import P.b as q, \\\rP.a as m",
        {0: (1, ""), 1: (1, "")},
        "from . import b as q; from . import \\\r    a as m",
        id="adv-two-targets-cr",
    ),
    pytest.param(
        "import os, \\\n  sys as s, \\\n  P.a as m, \\\n  P.b.c as k",
        {2: (1, ""), 3: (1, "b")},
        "import os, sys as s; from . import a as m; from .b import \\\n  \\\n  \\\n  c as k",
        id="kept-group-flattened-three-breaks",
    ),
    pytest.param(
        "import P.a as m, os, \\\n    sys",
        {0: (1, "")},
        "from . import a as m; import os, \\\n    sys",
        id="last-group-keeps-its-own-break",
    ),
    pytest.param(
        "import os, \\\n\x0cP.a as m", {1: (1, "")}, "import os; from . import \\\n    a as m", id="form-feed"
    ),
    pytest.param(
        "import\\\nos, P.a as m, \\\n sys",
        {1: (1, "")},
        "import os; from . import a as m; import \\\n    \\\n    sys",
        id="break-right-after-import",
    ),
]


@pytest.mark.parametrize(("source", "targets", "expected"), SPLIT_ON_FIRST_LINE)
def test_split_statements_all_start_on_the_first_line(
    source: str, targets: dict[int, tuple[int, str]], expected: str
) -> None:
    fixed = fixes.import_to_from(_stmt(source), targets)
    assert fixed == expected
    assert fixes.line_breaks(fixed) == fixes.line_breaks(source)
    # what CPython reports: every new statement on line 1, every statement after them unmoved
    for suffix in ("\nraise E\n", "  # c\nraise E\n", "; raise E\n", ""):
        original = ast.parse(source + suffix).body
        tree = ast.parse(fixed + suffix).body
        pieces = len(tree) - len(original) + 1
        assert [node.lineno for node in tree[:pieces]] == [1] * pieces
        assert [node.lineno for node in tree[pieces:]] == [node.lineno for node in original[1:]]


def test_split_lazy_import_all_on_the_first_line() -> None:
    source = "lazy import os, \\\n    P.a as m, sys"
    new_head = fixes.import_to_from(_stmt(source), {1: (1, "")})
    assert new_head is not None
    assert _fix_in_place(source, new_head) == "lazy import os; lazy from . import a as m; lazy import \\\n    sys"


def test_lazy_import_split_over_lines_stays_lazy() -> None:
    source = "lazy import P.a as m, \\\n    os"
    new_head = fixes.import_to_from(_stmt(source), {0: (1, "")})
    assert new_head is not None
    assert _fix_in_place(source, new_head) == "lazy from . import a as m; lazy import \\\n    os"


@pytest.mark.parametrize(
    ("source", "level", "module", "expected"),
    [
        pytest.param("from P\\\n    .a import x", 1, "a", "from .a import \\\n    x", id="break-inside-module"),
        pytest.param(
            "from \\\n  P.a import (\n    x)", 1, "a", "from \\\n  .a import (\n    x)", id="break-after-from-kept"
        ),
        pytest.param("from P\\\r\n.a import x", 1, "a", "from .a import \\\r\n    x", id="crlf-no-indent"),
        pytest.param("from P.a \\\n    import x", 1, "a", "from .a \\\n    import x", id="kept-break-not-doubled"),
    ],
)
def test_from_module_keeps_line_count(source: str, level: int, module: str, expected: str) -> None:
    fixed = fixes.from_module(_stmt(source), level, module)
    assert fixed == expected
    assert fixes.line_breaks(fixed) == fixes.line_breaks(source)


def test_user_spelling_kept_for_the_imported_name() -> None:
    # `import P.ﬁle as f` names the module `P.file` (NFKC); the name the user wrote stays
    stmt = _stmt("import P.\ufb01le as f")
    assert stmt.names[0].name == "P.file"
    assert fixes.import_to_from(stmt, {0: (1, "")}) == "from . import \ufb01le as f"
