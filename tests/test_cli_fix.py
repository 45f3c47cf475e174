"""`check --fix`, `--diff` and `--unsafe-fixes` end to end: what is written, what is
not, and every other byte kept (line endings, BOM, encodings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    BASE,
    IL001_MSG,
    SCRIPT_NOTE,
    SELF,
    age,
    as_json,
    snapshot,
)
from conftest import RepoTree, make_tree

# -- --fix --------------------------------------------------------------------------


FIX_FILES = {
    **BASE,
    "P/m.py": "import os; from P.a import x\n",
    "P/sub/__init__.py": "",
    "P/sub/n.py": "import P.a\nfrom P.b import c\n",
    "P/clean.py": "from .a import x\n",
    "P/bad.py": "from P.a import x\nx = = 1\n",
}


def test_fix_writes_only_changed_files(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(FIX_FILES)
    age(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(["check", "--fix", "--output-format", "concise", "."], cwd=tmp_path)
    assert result.rc == 1
    after = snapshot(tmp_path)
    assert after["P/m.py"][0] == b"import os; from .a import x\n"
    assert after["P/sub/n.py"][0] == b"import P.a\nfrom ..b import c\n"
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {"P/m.py", "P/sub/n.py"}  # bytes and mtime of every other file untouched
    assert set(after) == set(before)  # no temporary files left behind
    # the output lists only what remains
    assert result.out == (
        "P/bad.py:2:5: IL000 SyntaxError: invalid syntax\n"
        "P/sub/n.py:1:1: IL001 `P.a` is part of `P`; import it relatively "
        "(`import P.a` binds `P`: rewrite its uses, then `from .. import a`)\n"
    )
    assert result.err == "Found 4 errors (2 fixed, 2 remaining).\n"


def test_fix_leaves_no_temporary_files(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(FIX_FILES)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".importlint-")] == []


def test_fix_through_a_symlink_writes_the_target(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "real.py": "from P.b import c\n"})
    (tmp_path / "P/ln.py").symlink_to("../real.py")
    assert run_cli(["check", "--fix", "P/ln.py"], cwd=tmp_path).rc == 0
    assert (tmp_path / "P/ln.py").is_symlink()
    assert (tmp_path / "real.py").read_text() == "from .b import c\n"


def test_fix_mixed_import_statements(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/a/__init__.py": "",
        "P/a/b.py": "",
        "P/x.py": (
            "import P, P.a as m\n"
            "import P.a, P.b as n\n"
            "import os, P.a.b as q, sys\n"
            "try:\n    import P.a.b as r\nexcept ImportError:\n    pass\n"
            "from P import (a,\n               b)  # trailing\n"
        ),
    })  # fmt: skip
    result = run_cli(["check", "--fix", "--output-format", "concise", "P/x.py"], cwd=tmp_path)
    fixed = (tmp_path / "P/x.py").read_text()
    assert fixed == (
        "import P; from . import a as m\n"
        "import P.a; from . import b as n\n"
        "import os; from .a import b as q; import sys\n"
        "try:\n    from .a import b as r\nexcept ImportError:\n    pass\n"
        "from . import (a,\n               b)  # trailing\n"
    )
    assert result.rc == 1  # `import P.a` binds P: reported, never rewritten
    assert result.out.startswith("P/x.py:2:1: IL001 `P.a` is part of `P`")
    assert result.out.count("\n") == 1


def test_fix_keeps_file_mode(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    (tmp_path / "P/m.py").chmod(0o751)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (tmp_path / "P/m.py").read_bytes() == b"from .a import x\n"
    assert (tmp_path / "P/m.py").stat().st_mode & 0o777 == 0o751


def test_second_fix_changes_nothing(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(FIX_FILES)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    age(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(["check", "--fix", "--output-format", "concise", "."], cwd=tmp_path)
    assert snapshot(tmp_path) == before
    assert result.rc == 1
    assert result.err == "Found 2 errors.\n"


def test_fix_everything_exits_0(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    result = run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    result = run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n")


def test_fix_json_lists_only_what_remains(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(FIX_FILES)
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["line"], o["code"], o["fixable"]) for o in objects] == [
        ("P/bad.py", 2, "IL000", False),
        ("P/sub/n.py", 1, "IL001", False),
    ]


def test_fix_a_single_file_argument(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(FIX_FILES)
    age(tmp_path)
    before = snapshot(tmp_path)
    assert run_cli(["check", "--fix", "P/m.py"], cwd=tmp_path).rc == 0
    after = snapshot(tmp_path)
    assert {p for p in before if before[p] != after[p]} == {"P/m.py"}


# -- --diff ---------------------------------------------------------------------------


def test_diff_exact_and_writes_nothing(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(FIX_FILES)
    age(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(["check", "--diff", "."], cwd=tmp_path)
    assert snapshot(tmp_path) == before
    assert result.rc == 1
    assert result.out == (
        "--- P/m.py\n"
        "+++ P/m.py\n"
        "@@ -1 +1 @@\n"
        "-import os; from P.a import x\n"
        "+import os; from .a import x\n"
        "--- P/sub/n.py\n"
        "+++ P/sub/n.py\n"
        "@@ -1,2 +1,2 @@\n"
        " import P.a\n"
        "-from P.b import c\n"
        "+from ..b import c\n"
    )
    assert result.err == "Would fix 2 errors.\n"


def test_diff_exit_0_when_nothing_to_fix(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "import P.a\n", "P/bad.py": "x = = 1\n"})
    result = run_cli(["check", "--diff", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "No fixes available.\n")


def test_diff_without_final_newline(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "import os\nfrom P.a import x"})
    result = run_cli(["check", "--diff", "P/m.py"], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == (
        "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n import os\n"
        "-from P.a import x\n\\ No newline at end of file\n"
        "+from .a import x\n\\ No newline at end of file\n"
    )


def test_diff_then_fix_agree(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "import .a\nfrom P.b import c\n"})
    diff = run_cli(["check", "--diff", "."], cwd=tmp_path).out
    assert diff.splitlines()[3:] == ["-import .a", "-from P.b import c", "+from . import a", "+from .b import c"]
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (tmp_path / "P/m.py").read_text() == "from . import a\nfrom .b import c\n"


# -- --unsafe-fixes --------------------------------------------------------------------

SCRIPTS = {
    "P/__main__.py": SELF,
    "P/cli.py": 'from P.a import x\n\nif __name__ == "__main__":\n    x()\n',
    "P/cli2.py": "from P.a import x\n\nif '__main__' == __name__:\n    x()\n",
}


def test_scripts_reported_without_fix(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, **SCRIPTS})
    before = snapshot(tmp_path)
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert snapshot(tmp_path) == before
    assert [(o["path"], o["code"], o["fixable"], o["message"]) for o in objects] == [
        ("P/__main__.py", "IL001", False, IL001_MSG + SCRIPT_NOTE),
        ("P/cli.py", "IL001", False, IL001_MSG + SCRIPT_NOTE),
        ("P/cli2.py", "IL001", False, IL001_MSG + SCRIPT_NOTE),
    ]


def test_unsafe_fixes_fix_scripts(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, **SCRIPTS})
    rc, objects = as_json(run_cli, ["--unsafe-fixes", "."], tmp_path)
    assert [(o["path"], o["fixable"], o["message"]) for o in objects] == [
        ("P/__main__.py", True, IL001_MSG), ("P/cli.py", True, IL001_MSG), ("P/cli2.py", True, IL001_MSG),
    ]  # fmt: skip
    result = run_cli(["check", "--fix", "--unsafe-fixes", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "Found 3 errors (3 fixed, 0 remaining).\n")
    assert (tmp_path / "P/__main__.py").read_text() == "from .a import x\n"
    assert (tmp_path / "P/cli.py").read_text() == SCRIPTS["P/cli.py"].replace("from P.a", "from .a")
    assert (tmp_path / "P/cli2.py").read_text() == SCRIPTS["P/cli2.py"].replace("from P.a", "from .a")


def test_main_block_elsewhere_is_not_a_script(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n\ndef f():\n    if __name__ == '__main__':\n        pass\n"})
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [o["fixable"] for o in objects] == [True]


# -- IL002 then the other rules, in one run ------------------------------------------------


def test_invalid_form_fixed_then_other_rules_applied(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.py": "import .a\nfrom P.b import c\nimport ..a as A\n"})
    make_tree(tmp_path, {"P/sub/a.py": ""})
    rc, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["line"], o["code"], o["fixable"]) for o in objects] == [
        (1, "IL002", True), (2, "IL001", True), (3, "IL002", True),
    ]  # fmt: skip
    assert objects[0]["message"] == "`import .a` is invalid syntax; use `from . import a`"
    result = run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "Found 3 errors (3 fixed, 0 remaining).\n")
    fixed = (tmp_path / "P/sub/m.py").read_text()
    assert fixed == "from . import a\nfrom ..b import c\nfrom .. import a as A\n"
    compile(fixed, "m.py", "exec")


def test_invalid_form_and_max_level_in_one_run(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.py": "import ..a\n"})
    result = run_cli(["check", "--fix", "--max-level", "1", "."], cwd=tmp_path)
    assert result.rc == 0
    assert (tmp_path / "P/sub/m.py").read_text() == "from P import a\n"


def test_invalid_form_outside_package_still_reported(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "run.py": "import .helpers\n"})
    rc, objects = as_json(run_cli, ["--fix", "run.py"], tmp_path)
    assert (tmp_path / "run.py").read_text() == "from . import helpers\n"
    assert [(o["code"], o["fixable"]) for o in objects] == [("IL005", False)]


def test_lazy_imports_follow_the_same_rules(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/sub/__init__.py": "",
        "P/sub/m.py": "lazy from P.a import x\nlazy import P.a as m\nlazy from .missing import y\n",
    })  # fmt: skip
    rc, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["line"], o["column"], o["code"], o["fixable"]) for o in objects] == [
        (1, 1, "IL001", True), (2, 1, "IL001", True), (3, 1, "IL006", False),
    ]  # fmt: skip
    assert run_cli(["check", "--fix", "."], cwd=tmp_path).rc == 1
    assert (tmp_path / "P/sub/m.py").read_text() == (
        "lazy from ..a import x\nlazy from .. import a as m\nlazy from .missing import y\n"
    )


# -- line endings, BOM, encodings ---------------------------------------------------------------

ENCODED = [
    pytest.param(
        b"import os\r\nfrom P.a import (  # keep\r\n    x,\r\n)\r\ny = 1\r\n",
        b"import os\r\nfrom .a import (  # keep\r\n    x,\r\n)\r\ny = 1\r\n",
        id="crlf",
    ),
    pytest.param(b"import os\rfrom P.a import x\ry = 1\r", b"import os\rfrom .a import x\ry = 1\r", id="cr-only"),
    pytest.param(
        b"\xef\xbb\xbffrom P.a import x\ns = '\xc3\xa9'\n", b"\xef\xbb\xbffrom .a import x\ns = '\xc3\xa9'\n", id="bom"
    ),
    pytest.param(
        b"# -*- coding: latin-1 -*-\ns = '\xe9'; from P.a import x\n",
        b"# -*- coding: latin-1 -*-\ns = '\xe9'; from .a import x\n",
        id="latin-1-cookie",
    ),
    pytest.param(
        b"if True:\n\tfrom P.a import (x,  # c\n\t\ty)\n", b"if True:\n\tfrom .a import (x,  # c\n\t\ty)\n", id="tabs"
    ),
    pytest.param(b"from P.a \\\n    import x\nimport os\n", b"from .a \\\n    import x\nimport os\n", id="backslash"),
    pytest.param(b"import .a\r\nimport os\r\n", b"from . import a\r\nimport os\r\n", id="crlf-invalid-form"),
    pytest.param(b"from P.a import x", b"from .a import x", id="no-final-newline"),
]


@pytest.mark.parametrize(("before", "after"), ENCODED)
def test_fix_keeps_every_other_byte(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, before: bytes, after: bytes
) -> None:
    repo_tree({**BASE, "P/m.py": before})
    result = run_cli(["check", "--fix", "P/m.py"], cwd=tmp_path)
    assert result.rc == 0, result.out
    assert (tmp_path / "P/m.py").read_bytes() == after
    age(tmp_path)
    snap = snapshot(tmp_path)
    assert run_cli(["check", "--fix", "P/m.py"], cwd=tmp_path).rc == 0
    assert snapshot(tmp_path) == snap


def test_latin1_column_counts_characters(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": b"# -*- coding: latin-1 -*-\ns = '\xe9\xe9'; from P.a import x\n"})
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["line"], o["column"]) for o in objects] == [(2, 11)]


def test_diff_of_crlf_file(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": b"import os\r\nfrom P.a import x\r\n"})
    result = run_cli(["check", "--diff", "."], cwd=tmp_path)
    # the CRs stay, so that `patch` and `git apply` match the lines (tests/test_io_edges.py applies them)
    assert result.out == (
        "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n import os\r\n-from P.a import x\r\n+from .a import x\r\n"
    )
    assert (tmp_path / "P/m.py").read_bytes() == b"import os\r\nfrom P.a import x\r\n"
