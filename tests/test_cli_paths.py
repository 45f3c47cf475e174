"""Files that cannot be checked (syntax errors, undecodable, unreadable, dangling
links), and `importlint tree` on paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    BASE,
    IL001_MSG,
    SELF,
    as_json,
)
from conftest import RepoTree, make_tree

# -- files that cannot be checked ---------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from P.a import x\nx = = 1\n",
        "import os\n\ndef f(:\n    pass\n",
        "from P.a import (x,\n    y\n",
        "if True:\n  import os\n    import sys\n",
        "from P.a import x\nprint 'hello'\n",
    ],
    ids=["invalid-syntax", "bad-def", "never-closed", "indentation", "print-statement"],
)
def test_syntax_error_at_compile_line_others_still_fixed(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, source: str
) -> None:
    try:
        compile(source, "bad.py", "exec")
    except SyntaxError as exc:
        line = exc.lineno
    else:  # pragma: no cover
        pytest.fail("the case must not compile")
    repo_tree({**BASE, "P/bad.py": source, "P/m.py": SELF})
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["line"], o["code"], o["fixable"]) for o in objects] == [("P/bad.py", line, "IL000", False)]
    assert (tmp_path / "P/bad.py").read_text() == source
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"


def test_undecodable_files_reported(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/bytes.py": b"x = '\xff'\n",
        "P/cookie.py": b"# coding: nope\nimport os\n",
        "P/m.py": SELF,
    })  # fmt: skip
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["code"], o["fixable"]) for o in objects] == [
        ("P/bytes.py", "IL000", False), ("P/cookie.py", "IL000", False),
    ]  # fmt: skip
    assert objects[0]["message"] == "cannot decode the file: invalid or missing encoding declaration"
    assert objects[1]["message"] == "cannot decode the file: unknown encoding: nope"
    assert (tmp_path / "P/bytes.py").read_bytes() == b"x = '\xff'\n"
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"


def test_unreadable_file_reported(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/secret.py": SELF, "P/m.py": SELF})
    secret = tmp_path / "P/secret.py"
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running with privileges that read a mode-000 file (root)")
        rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    finally:
        secret.chmod(0o644)
    assert rc == 1
    assert [(o["path"], o["code"], o["message"]) for o in objects] == [
        ("P/secret.py", "IL000", "cannot read the file: Permission denied")
    ]
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"


def test_dangling_symlink_reported(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    (tmp_path / "P/link.py").symlink_to("gone.py")
    rc, objects = as_json(run_cli, ["."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["code"], o["message"]) for o in objects] == [
        ("P/link.py", "IL000", "cannot read the file: No such file or directory"),
        ("P/m.py", "IL001", IL001_MSG),
    ]


def test_unreadable_files_respect_select(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/bytes.py": b"x = '\xff'\n"})
    assert as_json(run_cli, ["--select", "IL001", "."], tmp_path) == (0, [])


# -- tree ------------------------------------------------------------------------------------


def test_tree(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.pyi": "", "scripts/run.py": "", "importlint.toml": ""})
    result = run_cli(["tree"], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    assert result.out == (
        "P/__init__.py -> P (package, in package P)\n"
        "P/a.py -> P.a (module, in package P)\n"
        "P/b.py -> P.b (module, in package P)\n"
        "P/sub/__init__.py -> P.sub (package, in package P.sub)\n"
        "P/sub/m.pyi -> P.sub.m (module, in package P.sub)\n"
        "scripts/run.py -> run (module, top-level, not in a package)\n"
        "\n"
        "top-level packages:\n"
        "  P: P\n"
        "\n"
        "config: importlint.toml\n"
    )


def test_tree_of_one_file_reads_the_disk(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.py": ""})
    result = run_cli(["tree", "m.py"], cwd=tmp_path / "P/sub")
    assert result.out == "m.py -> P.sub.m (module, in package P.sub)\n\ntop-level packages:\n  P: ..\n"


def test_tree_without_packages(tmp_path: Path, run_cli: Any) -> None:
    make_tree(tmp_path, {".git/HEAD": "", "run.py": ""})
    result = run_cli(["tree"], cwd=tmp_path)
    assert result.out == "run.py -> run (module, top-level, not in a package)\n\nno top-level packages\n"
