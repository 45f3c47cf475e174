"""The command line's exit codes, usage errors, help and version, and the real
`python -m importlint` entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    BASE,
    IL001_MSG,
    KNOWN_FORMATS,
    SELF,
    one_error_line,
    snapshot,
)
from conftest import RepoTree

from importlint import __version__

# -- exit codes ----------------------------------------------------------------------


def test_exit_0_when_clean(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "from .a import x\nimport os\n"})
    result = run_cli(["check", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n")


def test_exit_1_when_violations_remain(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    assert run_cli(["check", "."], cwd=tmp_path).rc == 1


def test_default_path_is_cwd(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    result = run_cli(["check", "--output-format", "concise"], cwd=tmp_path)
    assert (result.rc, result.out) == (1, f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["check", "--bogus", "."], "unrecognized arguments: --bogus", id="unknown-flag"),
        pytest.param(
            ["check", "--output-format", "xml", "."],
            f"argument --output-format: invalid choice: 'xml' {KNOWN_FORMATS}",
            id="bad-format",
        ),
        pytest.param(["check", "nope.py"], "nope.py: no such file or directory", id="missing-path"),
        pytest.param(["check", ".", "missing/dir"], "missing/dir: no such file or directory", id="missing-second-path"),
        pytest.param(["tree", "nope"], "nope: no such file or directory", id="tree-missing-path"),
        pytest.param(
            ["tree", "nope", ".", "gone"], "nope, gone: no such file or directory", id="tree-every-missing-path"
        ),
        pytest.param(["check", "--fix", "--diff", "."], "--fix and --diff cannot be combined", id="fix-and-diff"),
        pytest.param(["check", "-", "P"], "`-` (stdin) cannot be combined with other paths", id="stdin-and-path"),
        pytest.param(
            ["check", "--stdin-filename", "x.py", "P"], "--stdin-filename needs the path `-`", id="stdin-name"
        ),
        pytest.param(
            ["check", "--max-level", "two", "."],
            "argument --max-level: expected a non-negative integer, got 'two'",
            id="max-level-word",
        ),
        pytest.param(
            ["check", "--max-level", "-1", "."],
            "argument --max-level: expected a non-negative integer, got '-1'",
            id="max-level-negative",
        ),
        pytest.param(
            ["check", "--max-level=1.5", "."],
            "argument --max-level: expected a non-negative integer, got '1.5'",
            id="max-level-float",
        ),
        pytest.param(["check", "--select", "XX", "."], "--select: unknown rule selector `XX`", id="select-unknown"),
        pytest.param(["check", "--select", "IL1", "."], "--select: unknown rule selector `IL1`", id="select-no-rule"),
        pytest.param(
            ["check", "--select", "IL001,IL9", "."], "--select: unknown rule selector `IL9`", id="select-list-bad-item"
        ),
        pytest.param(["check", "--ignore", "E501", "."], "--ignore: unknown rule selector `E501`", id="ignore-unknown"),
        pytest.param(["check", "--config", "no.toml", "."], "--config: no.toml: no such file", id="config-missing"),
    ],
)
def test_exit_2_with_one_stderr_line(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, argv: list[str], message: str
) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    before = snapshot(tmp_path)
    assert one_error_line(run_cli(argv, cwd=tmp_path)) == f"importlint: error: {message}"
    assert snapshot(tmp_path) == before


def test_version(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli(["--version"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, f"importlint {__version__}\n", "")


def test_help_exits_0(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli(["check", "--help"], cwd=tmp_path)
    assert result.rc == 0
    assert result.out.startswith("usage: importlint check")
    for flag in ("--fix", "--diff", "--output-format", "--select", "--ignore", "--max-level", "--config",
                 "--exit-zero", "--unsafe-fixes", "--stdin-filename"):  # fmt: skip
        assert flag in result.out


USAGE = """\
usage: importlint [-h] [--version] COMMAND ...

Lint and fix the imports of Python packages.

options:
  -h, --help  show this help message and exit
  --version   show program's version number and exit

commands:
  COMMAND
    check     check files and directories (default: .)
    explain   show a rule's documentation
    rules     list every rule
    tree      show how files map to module names
    graph     show the module-level import graph and its cycles
    server    run the language server (LSP over stdio) for editors

Run `importlint check .` to start; `importlint COMMAND --help` for more.
"""


def test_bare_importlint_prints_the_usage_with_the_commands(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps to the terminal's width
    result = run_cli([], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (2, "", USAGE)
    assert run_cli(["--help"], cwd=tmp_path).out == USAGE  # the same text, on stdout, exit 0


def test_tree_help_describes_its_arguments(tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli(["tree", "--help"], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    assert result.out == (
        "usage: importlint tree [-h] [--config FILE] [PATH ...]\n"
        "\n"
        "Show the module name importlint gives each Python file, and the top-level\n"
        "packages: to debug a layout or a `namespace-packages` setting. Nothing is\n"
        "checked or changed.\n"
        "\n"
        "positional arguments:\n"
        "  PATH           files or directories (default: .)\n"
        "\n"
        "options:\n"
        "  -h, --help     show this help message and exit\n"
        "  --config FILE  use this config file instead of searching for one\n"
    )


def test_explain_help_says_names_work_too(tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli(["explain", "--help"], cwd=tmp_path)
    assert result.out.splitlines()[:6] == [
        "usage: importlint explain [-h] [--all] [CODE]",
        "",
        "Show a rule's documentation, with examples.",
        "",
        "positional arguments:",
        "  CODE        a rule code (IL001) or name (absolute-self-import)",
    ]


# -- --exit-zero ---------------------------------------------------------------------


def test_exit_zero(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF, "P/bad.py": "x = = 1\n"})
    result = run_cli(["check", "--exit-zero", "--output-format", "concise", "."], cwd=tmp_path)
    assert result.rc == 0
    assert result.out == f"P/bad.py:1:5: IL000 SyntaxError: invalid syntax\nP/m.py:1:1: IL001 [*] {IL001_MSG}\n"
    assert result.err == "Found 2 errors.\n[*] 1 fixable with the `--fix` option.\n"


def test_exit_zero_does_not_hide_usage_errors(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(BASE)
    assert run_cli(["check", "--exit-zero", "missing"], cwd=tmp_path).rc == 2


# -- the real entry point --------------------------------------------------------------------


def test_python_m_importlint(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "importlint", "check", "--output-format", "json", "."],
        cwd=tmp_path, capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr == b""
    assert [(o["path"], o["code"]) for o in json.loads(done.stdout)] == [("P/m.py", "IL001")]
    done = subprocess.run(
        [sys.executable, "-m", "importlint", "check", "--fix", "."],
        cwd=tmp_path, capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, b"")
    assert done.stderr == b"Found 1 error (1 fixed, 0 remaining).\n"
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"
    done = subprocess.run(
        [sys.executable, "-m", "importlint", "check", "--max-level", "x"],
        cwd=tmp_path, capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"importlint: error: argument --max-level: expected a non-negative integer, got 'x'\n"
