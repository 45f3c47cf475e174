"""`check -` end to end: code on stdin, reported and fixed as if at `--stdin-filename`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli_support import (
    BASE,
    IL001_MSG_UP,
    SELF,
    as_json,
)
from conftest import RepoTree, make_tree

# -- stdin ------------------------------------------------------------------------------


# the package stdin's code claims to be in: P.sub
STDIN_TREE = {**BASE, "P/sub/__init__.py": ""}


def test_stdin_reports_as_the_given_path(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    source = b"import os\nfrom P.a import x\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--output-format", "concise"],
                     cwd=tmp_path, stdin=source)  # fmt: skip
    assert (result.rc, result.out) == (1, f"P/sub/m.py:2:1: IL001 [*] {IL001_MSG_UP}\n")
    assert not (tmp_path / "P/sub/m.py").exists()


def test_stdin_json(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    rc, objects = as_json(run_cli, ["-", "--stdin-filename", "P/sub/m.py"], tmp_path, stdin=SELF.encode())
    assert rc == 1
    assert objects == [{"path": "P/sub/m.py", "line": 1, "column": 1, "end_line": 1, "end_column": 18,
                        "code": "IL001", "message": IL001_MSG_UP, "fixable": True,
                        "fix": {"applicability": "safe", "message": "Replace with `from ..a import x`",
                                "edits": [{"content": "from ..a import x", "location": {"row": 1, "column": 1},
                                           "end_location": {"row": 1, "column": 18}}]}}]  # fmt: skip


def test_stdin_text_has_summary(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py"], cwd=tmp_path, stdin=SELF.encode())
    assert result.err == "Found 1 error.\n[*] 1 fixable with the `--fix` option.\n"


def test_stdin_fix_prints_only_the_fixed_source(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    source = b"import os  # first\nfrom P.a import (\n    x,\n)\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=source)
    assert result.rc == 0
    assert result.out == "import os  # first\nfrom ..a import (\n    x,\n)\n"
    assert not (tmp_path / "P/sub/m.py").exists()


def test_stdin_fix_unchanged_source_and_remaining_violations(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=b"import P.a\n")
    assert result.rc == 1
    assert result.out == "import P.a\n"
    assert "P/sub/m.py:1:1: IL001 " in result.err
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=b"import os\n")
    assert (result.rc, result.out) == (0, "import os\n")


def test_stdin_fix_syntax_error_echoes_input(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    source = b"from P.a import x\nx = = 1\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=source)
    assert (result.rc, result.out) == (1, source.decode())
    assert "IL000" in result.err


def test_stdin_uses_the_tree_around_the_path(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    code = b"from .a import x\nfrom .missing import y\n"
    _, objects = as_json(run_cli, ["-", "--stdin-filename", "P/m.py"], tmp_path, stdin=code)
    assert [(o["line"], o["code"]) for o in objects] == [(2, "IL006")]
    _, objects = as_json(run_cli, ["-", "--stdin-filename", "scripts/run.py"], tmp_path, stdin=code)
    assert [(o["line"], o["code"]) for o in objects] == [(1, "IL005"), (2, "IL005")]


def test_stdin_diff(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--diff"], cwd=tmp_path, stdin=SELF.encode())
    assert result.rc == 1
    assert result.out == "--- P/sub/m.py\n+++ P/sub/m.py\n@@ -1 +1 @@\n-from P.a import x\n+from ..a import x\n"


def test_stdin_reads_config_near_the_path(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(STDIN_TREE)
    make_tree(tmp_path, {"P/importlint.toml": 'ignore = ["IL001"]\n'})
    rc, objects = as_json(run_cli, ["-", "--stdin-filename", "P/sub/m.py"], tmp_path, stdin=SELF.encode())
    assert (rc, objects) == (0, [])
