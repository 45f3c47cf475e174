"""Flag combinations (issue 9): each is honoured or refused with exit 2 and one line, never
silently dropped; `--diff` on stdin reports like a file run."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from cli_support import one_error_line
from conftest import RepoTree

from importlint.cli import main

SELF = "from P.a import x\n"
FILES = {
    "P/__init__.py": "",
    "P/a.py": "x = 1\n",
    "P/b.py": SELF,
    "P/c.py": "from P.a import x\nfrom P import a\n",  # IL001 fixable; `from P import a` fixable too
    "P/d.py": "import P.a\n",  # IL001 without a fix (binds `P`)
    "P/e.py": "from .missing import y\n",  # IL006
}


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        pytest.param(["--statistics", "--diff"], "--statistics and --diff cannot be combined", id="statistics-diff"),
        pytest.param(
            ["--diff", "--output-format", "json"],
            "--diff and --output-format json cannot be combined (a diff is text)",
            id="diff-json",
        ),
        pytest.param(
            ["--diff", "--output-format", "sarif"],
            "--diff and --output-format sarif cannot be combined (a diff is text)",
            id="diff-sarif",
        ),
        pytest.param(
            ["--diff", "--output-format", "github"],
            "--diff and --output-format github cannot be combined (a diff is text)",
            id="diff-github",
        ),
        pytest.param(
            ["--statistics", "--output-format", "github"],
            "--statistics and --output-format github cannot be combined (text or json)",
            id="statistics-github",
        ),
        pytest.param(
            ["--statistics", "--output-format", "sarif"],
            "--statistics and --output-format sarif cannot be combined (text or json)",
            id="statistics-sarif",
        ),
        pytest.param(["--fix", "--diff"], "--fix and --diff cannot be combined", id="fix-diff"),
    ],
)
@pytest.mark.parametrize("stdin", [False, True], ids=["paths", "stdin"])
def test_refused_combinations(repo_tree: RepoTree, run_cli: Any, flags: list[str], message: str, stdin: bool) -> None:
    root = repo_tree(FILES)
    paths = ["-", "--stdin-filename", "P/b.py"] if stdin else ["."]
    result = run_cli(["check", *flags, *paths], cwd=root, stdin=SELF.encode())
    assert one_error_line(result) == f"importlint: error: {message}"
    assert (root / "P" / "b.py").read_text() == SELF


EXPECTED_STATISTICS = [
    {"code": "IL001", "name": "absolute-self-import", "count": 4, "fixable": False, "fixable_count": 3},
    {"code": "IL006", "name": "unresolved-relative-import", "count": 1, "fixable": False, "fixable_count": 0},
]


def test_statistics_as_json(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(FILES)
    result = run_cli(["check", "--no-cache", "--statistics", "--output-format", "json", "."], cwd=root)
    assert (result.rc, result.err) == (1, "")
    assert json.loads(result.out) == EXPECTED_STATISTICS


def test_statistics_as_json_of_stdin(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(FILES)
    argv = ["check", "--statistics", "--output-format", "json", "-", "--stdin-filename", "P/c.py"]
    result = run_cli(argv, cwd=root, stdin=(root / "P" / "c.py").read_bytes())
    assert result.rc == 1
    expected = [{"code": "IL001", "name": "absolute-self-import", "count": 2, "fixable": True, "fixable_count": 2}]
    assert json.loads(result.out) == expected


def test_statistics_as_json_when_clean(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(FILES)
    result = run_cli(["check", "--no-cache", "--statistics", "--output-format", "json", "P/a.py"], cwd=root)
    assert (result.rc, result.out, result.err) == (0, "[]\n", "")


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_statistics_and_diff_accept_the_text_formats(repo_tree: RepoTree, run_cli: Any, fmt: str) -> None:
    root = repo_tree(FILES)
    result = run_cli(["check", "--no-cache", "--statistics", "--output-format", fmt, "."], cwd=root)
    assert result.rc == 1
    assert result.out.startswith(
        "     4\tIL001\t[-] absolute-self-import\n     1\tIL006\t    unresolved-relative-import\n"
    )
    result = run_cli(["check", "--diff", "--output-format", fmt, "P/b.py"], cwd=root)
    assert (result.rc, result.err) == (1, "Would fix 1 error.\n")
    assert result.out == "--- P/b.py\n+++ P/b.py\n@@ -1 +1 @@\n-from P.a import x\n+from .a import x\n"


# -- --diff on stdin reports like a file run ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "quiet", "rc", "err"),
    [
        pytest.param(SELF, [], 1, "Would fix 1 error.\n", id="one-fix"),
        pytest.param(SELF * 2, [], 1, "Would fix 2 errors.\n", id="two-fixes"),
        pytest.param("from .a import x\n", [], 0, "No fixes available.\n", id="nothing-to-fix"),
        pytest.param(SELF, ["-q"], 1, "", id="quiet"),
    ],
)
def test_stdin_diff_prints_the_summary(
    repo_tree: RepoTree, run_cli: Any, code: str, quiet: list[str], rc: int, err: str
) -> None:
    root = repo_tree(FILES)
    stdin_run = run_cli(["check", "--diff", *quiet, "-", "--stdin-filename", "P/m.py"], cwd=root, stdin=code.encode())
    (root / "P" / "m.py").write_text(code)
    file_run = run_cli(["check", "--diff", "--no-cache", *quiet, "P/m.py"], cwd=root)
    assert (stdin_run.rc, stdin_run.err) == (rc, err)
    assert (stdin_run.rc, stdin_run.out, stdin_run.err) == (file_run.rc, file_run.out, file_run.err)


def test_stdin_diff_of_a_latin_1_buffer_is_in_its_encoding(
    repo_tree: RepoTree, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repo_tree(FILES)
    monkeypatch.chdir(root)
    code = b"# coding: latin-1\nfrom P.a import x  # \xe9\r\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(code), encoding="utf-8"))
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    assert main(["check", "--diff", "-", "--stdin-filename", "P/m.py"], stdout=out) == 1
    assert raw.getvalue() == (
        b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n # coding: latin-1\n"
        b"-from P.a import x  # \xe9\r\n+from .a import x  # \xe9\r\n"
    )
    assert capsys.readouterr().err == "Would fix 1 error.\n"
