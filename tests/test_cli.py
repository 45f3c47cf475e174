"""The command line end to end, in-process: exit codes, every output format, --fix, --diff,
stdin, rule selection, encodings and line endings, and one real subprocess."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import make_tree, package_tree

from importlint import __version__
from importlint.rules import ALL_RULES

SELF = "from P.a import x\n"
IL001_MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
IL001_MSG_UP = "`P.a` is part of `P`; import it relatively: `from ..a import ...`"
SCRIPT_NOTE = " (not fixed: the module runs as a script; use --unsafe-fixes)"
KNOWN_FORMATS = "(choose from 'text', 'concise', 'json', 'github', 'sarif')"


def project(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A repository with package P (P/a.py, P/b.py exist) plus `files` (no __init__.py added)."""
    (root / ".git").mkdir(exist_ok=True)
    package_tree(root, {"P/a.py": "x = 1\n", "P/b.py": "c = 2\n"})
    make_tree(root, files or {})
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime (ns); .git and importlint's own cache excluded."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".importlint_cache"} & set(p.relative_to(root).parts)
    }


def age(root: Path) -> None:
    """Set every file's mtime to a fixed past time, so a rewrite is visible."""
    for p in root.rglob("*"):
        if p.is_file() and ".importlint_cache" not in p.parts:
            os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))


def as_json(run_cli: Any, argv: list[str], cwd: Path, stdin: bytes = b"") -> tuple[int, list[dict[str, Any]]]:
    result = run_cli(["check", "--output-format", "json", *argv], cwd=cwd, stdin=stdin)
    assert result.err == "", result.err
    return result.rc, json.loads(result.out)


def one_error_line(result: Any) -> str:
    assert result.rc == 2, (result.out, result.err)
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.endswith("\n"), result.err
    assert "Traceback" not in result.err
    line: str = result.err[:-1]
    return line


# -- exit codes ----------------------------------------------------------------------


def test_exit_0_when_clean(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "from .a import x\nimport os\n"})
    result = run_cli(["check", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n")


def test_exit_1_when_violations_remain(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    assert run_cli(["check", "."], cwd=tmp_path).rc == 1


def test_default_path_is_cwd(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
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
def test_exit_2_with_one_stderr_line(tmp_path: Path, run_cli: Any, argv: list[str], message: str) -> None:
    project(tmp_path, {"P/m.py": SELF})
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


# -- output formats ----------------------------------------------------------------------


def two_files(root: Path) -> Path:
    return project(root, {
        "P/m.py": "import os; from P.a import x\nfrom P.b import c  # noqa: IL004\n",
        "P/sub/__init__.py": "",
        "P/sub/n.py": "import P.a\n",
    })  # fmt: skip


def test_text_output_exact(tmp_path: Path, run_cli: Any) -> None:
    two_files(tmp_path)
    result = run_cli(["check", "."], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == (
        f"P/m.py:1:12: IL001 [*] {IL001_MSG}\n"
        "  |\n"
        "1 | import os; from P.a import x\n"
        "  |            ^^^^^^^^^^^^^^^^^\n"
        "  | fix: from .a import x\n"
        "  = help: run `importlint explain IL001` for details\n"  # once per code
        "\n"
        "P/m.py:2:1: IL001 [*] `P.b` is part of `P`; import it relatively: `from .b import ...`\n"
        "  |\n"
        "2 | from P.b import c  # noqa: IL004\n"
        "  | ^^^^^^^^^^^^^^^^^\n"
        "  | fix: from .b import c\n"
        "\n"
        "P/sub/n.py:1:1: IL001 `P.a` is part of `P`; import it relatively "
        "(`import P.a` binds `P`: rewrite its uses, then `from .. import a`)\n"
        "  |\n"
        "1 | import P.a\n"
        "  | ^^^^^^^^^^\n"
        "\n"
    )
    assert "\033[" not in result.out  # no colour when not on a terminal
    assert result.err == "Found 3 errors.\n[*] 2 fixable with the `--fix` option.\n"


def test_concise_output_exact(tmp_path: Path, run_cli: Any) -> None:
    two_files(tmp_path)
    result = run_cli(["check", "--output-format", "concise", "."], cwd=tmp_path)
    assert result.rc == 1
    assert result.out.splitlines() == [
        f"P/m.py:1:12: IL001 [*] {IL001_MSG}",
        "P/m.py:2:1: IL001 [*] `P.b` is part of `P`; import it relatively: `from .b import ...`",
        "P/sub/n.py:1:1: IL001 `P.a` is part of `P`; import it relatively "
        "(`import P.a` binds `P`: rewrite its uses, then `from .. import a`)",
    ]
    assert result.err == "Found 3 errors.\n[*] 2 fixable with the `--fix` option.\n"


def test_text_headlines_follow_contract(tmp_path: Path, run_cli: Any) -> None:
    """Every violation's headline is `path:line:col: CODE [*] message`, whatever the format."""
    two_files(tmp_path)
    text = run_cli(["check", "."], cwd=tmp_path).out
    _, objects = as_json(run_cli, ["."], tmp_path)
    for v in objects:
        mark = " [*]" if v["fixable"] else ""
        assert f"{v['path']}:{v['line']}:{v['column']}: {v['code']}{mark} {v['message']}\n" in text


def test_json_output_exact(tmp_path: Path, run_cli: Any) -> None:
    two_files(tmp_path)
    result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    objects = json.loads(result.out)
    assert objects == [
        {"path": "P/m.py", "line": 1, "column": 12, "end_line": 1, "end_column": 29, "code": "IL001",
         "message": IL001_MSG, "fixable": True},
        {"path": "P/m.py", "line": 2, "column": 1, "end_line": 2, "end_column": 18, "code": "IL001",
         "message": "`P.b` is part of `P`; import it relatively: `from .b import ...`", "fixable": True},
        {"path": "P/sub/n.py", "line": 1, "column": 1, "end_line": 1, "end_column": 11, "code": "IL001",
         "message": "`P.a` is part of `P`; import it relatively "
                    "(`import P.a` binds `P`: rewrite its uses, then `from .. import a`)",
         "fixable": False},
    ]  # fmt: skip
    assert [list(o) for o in objects] == [
        ["path", "line", "column", "end_line", "end_column", "code", "message", "fixable"]
    ] * 3


def test_json_empty_array_when_clean(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path)
    result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert (result.rc, result.err, json.loads(result.out)) == (0, "", [])


def test_json_column_counts_characters(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
        "P/m.py": "s = 'héllo'; from P.a import x\nt = '日本'  ; import P.a as m\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["P/m.py"], tmp_path)
    assert [(o["line"], o["column"], o["end_column"]) for o in objects] == [(1, 14, 31), (2, 13, 28)]


def test_json_sorted_by_path_line_column(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
        "P/z.py": SELF,
        "P/a/__init__.py": "",
        "P/a/x.py": "from P.b import c\n",  # walked before P/a.py, sorts after it
        "P/c.py": "import os; from P.a import x\nfrom P.b import c; from P.a import x\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["P/z.py", "P/c.py", "P"], tmp_path)
    keys = [(o["path"], o["line"], o["column"]) for o in objects]
    assert keys == [("P/a/x.py", 1, 1), ("P/c.py", 1, 12), ("P/c.py", 2, 1), ("P/c.py", 2, 20), ("P/z.py", 1, 1)]


def test_json_paths_as_discovered(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    assert as_json(run_cli, ["./P/../P/m.py"], tmp_path)[1][0]["path"] == "P/m.py"
    assert as_json(run_cli, ["P"], tmp_path)[1][0]["path"] == "P/m.py"
    assert as_json(run_cli, ["m.py"], tmp_path / "P")[1][0]["path"] == "m.py"
    assert as_json(run_cli, ["../P"], tmp_path / "P")[1][0]["path"] == "../P/m.py"
    absolute = str(tmp_path / "P")
    assert as_json(run_cli, [absolute], tmp_path)[1][0]["path"] == f"{absolute}/m.py"


def test_github_output_exact(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "import os; from P.a import x\n"})
    result = run_cli(["check", "--output-format", "github", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    assert result.out == (
        "::error title=importlint (IL001),file=P/m.py,line=1,col=12,endLine=1,endColumn=29::"
        f"P/m.py:1:12: IL001 {IL001_MSG}\n"
    )


def test_sarif_output(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "import os; from P.a import x\n"})
    result = run_cli(["check", "--output-format", "sarif", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    log = json.loads(result.out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("importlint", __version__)
    assert [r["id"] for r in driver["rules"]] == [rule.code for rule in ALL_RULES]
    (found,) = run["results"]
    assert found["ruleId"] == "IL001"
    assert driver["rules"][found["ruleIndex"]]["id"] == "IL001"
    assert found["message"]["text"] == IL001_MSG
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "P/m.py"
    assert location["region"] == {"startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 29}


def test_sarif_rule_help_is_the_dedented_docstring(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path)
    log = json.loads(run_cli(["check", "--output-format", "sarif", "."], cwd=tmp_path).out)
    for rule, described in zip(ALL_RULES, log["runs"][0]["tool"]["driver"]["rules"]):
        assert described["fullDescription"]["text"] == inspect.cleandoc(type(rule).__doc__ or "")


def test_sarif_clean_run_has_no_results(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path)
    result = run_cli(["check", "--output-format", "sarif", "."], cwd=tmp_path)
    assert result.rc == 0
    assert json.loads(result.out)["runs"][0]["results"] == []


def test_quiet_drops_the_summary(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    result = run_cli(["check", "-q", "--output-format", "concise", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (1, f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n", "")


# -- --exit-zero ---------------------------------------------------------------------


def test_exit_zero(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF, "P/bad.py": "x = = 1\n"})
    result = run_cli(["check", "--exit-zero", "--output-format", "concise", "."], cwd=tmp_path)
    assert result.rc == 0
    assert result.out == f"P/bad.py:1:5: IL000 SyntaxError: invalid syntax\nP/m.py:1:1: IL001 [*] {IL001_MSG}\n"
    assert result.err == "Found 2 errors.\n[*] 1 fixable with the `--fix` option.\n"


def test_exit_zero_does_not_hide_usage_errors(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path)
    assert run_cli(["check", "--exit-zero", "missing"], cwd=tmp_path).rc == 2


# -- --fix --------------------------------------------------------------------------


def fix_project(root: Path) -> Path:
    return project(root, {
        "P/m.py": "import os; from P.a import x\n",
        "P/sub/__init__.py": "",
        "P/sub/n.py": "import P.a\nfrom P.b import c\n",
        "P/clean.py": "from .a import x\n",
        "P/bad.py": "from P.a import x\nx = = 1\n",
    })  # fmt: skip


def test_fix_writes_only_changed_files(tmp_path: Path, run_cli: Any) -> None:
    fix_project(tmp_path)
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


def test_fix_leaves_no_temporary_files(tmp_path: Path, run_cli: Any) -> None:
    fix_project(tmp_path)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".importlint-")] == []


def test_fix_through_a_symlink_writes_the_target(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"real.py": "from P.b import c\n"})
    (tmp_path / "P/ln.py").symlink_to("../real.py")
    assert run_cli(["check", "--fix", "P/ln.py"], cwd=tmp_path).rc == 0
    assert (tmp_path / "P/ln.py").is_symlink()
    assert (tmp_path / "real.py").read_text() == "from .b import c\n"


def test_fix_mixed_import_statements(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
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


def test_fix_keeps_file_mode(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    (tmp_path / "P/m.py").chmod(0o751)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (tmp_path / "P/m.py").read_bytes() == b"from .a import x\n"
    assert (tmp_path / "P/m.py").stat().st_mode & 0o777 == 0o751


def test_second_fix_changes_nothing(tmp_path: Path, run_cli: Any) -> None:
    fix_project(tmp_path)
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    age(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(["check", "--fix", "--output-format", "concise", "."], cwd=tmp_path)
    assert snapshot(tmp_path) == before
    assert result.rc == 1
    assert result.err == "Found 2 errors.\n"


def test_fix_everything_exits_0(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    result = run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")
    result = run_cli(["check", "--fix", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n")


def test_fix_json_lists_only_what_remains(tmp_path: Path, run_cli: Any) -> None:
    fix_project(tmp_path)
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["line"], o["code"], o["fixable"]) for o in objects] == [
        ("P/bad.py", 2, "IL000", False),
        ("P/sub/n.py", 1, "IL001", False),
    ]


def test_fix_a_single_file_argument(tmp_path: Path, run_cli: Any) -> None:
    fix_project(tmp_path)
    age(tmp_path)
    before = snapshot(tmp_path)
    assert run_cli(["check", "--fix", "P/m.py"], cwd=tmp_path).rc == 0
    after = snapshot(tmp_path)
    assert {p for p in before if before[p] != after[p]} == {"P/m.py"}


# -- --diff ---------------------------------------------------------------------------


def test_diff_exact_and_writes_nothing(tmp_path: Path, run_cli: Any) -> None:
    fix_project(tmp_path)
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


def test_diff_exit_0_when_nothing_to_fix(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "import P.a\n", "P/bad.py": "x = = 1\n"})
    result = run_cli(["check", "--diff", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "No fixes available.\n")


def test_diff_without_final_newline(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "import os\nfrom P.a import x"})
    result = run_cli(["check", "--diff", "P/m.py"], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == (
        "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n import os\n"
        "-from P.a import x\n\\ No newline at end of file\n"
        "+from .a import x\n\\ No newline at end of file\n"
    )


def test_diff_then_fix_agree(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "import .a\nfrom P.b import c\n"})
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


def test_scripts_reported_without_fix(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, SCRIPTS)
    before = snapshot(tmp_path)
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert snapshot(tmp_path) == before
    assert [(o["path"], o["code"], o["fixable"], o["message"]) for o in objects] == [
        ("P/__main__.py", "IL001", False, IL001_MSG + SCRIPT_NOTE),
        ("P/cli.py", "IL001", False, IL001_MSG + SCRIPT_NOTE),
        ("P/cli2.py", "IL001", False, IL001_MSG + SCRIPT_NOTE),
    ]


def test_unsafe_fixes_fix_scripts(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, SCRIPTS)
    rc, objects = as_json(run_cli, ["--unsafe-fixes", "."], tmp_path)
    assert [(o["path"], o["fixable"], o["message"]) for o in objects] == [
        ("P/__main__.py", True, IL001_MSG), ("P/cli.py", True, IL001_MSG), ("P/cli2.py", True, IL001_MSG),
    ]  # fmt: skip
    result = run_cli(["check", "--fix", "--unsafe-fixes", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "Found 3 errors (3 fixed, 0 remaining).\n")
    assert (tmp_path / "P/__main__.py").read_text() == "from .a import x\n"
    assert (tmp_path / "P/cli.py").read_text() == SCRIPTS["P/cli.py"].replace("from P.a", "from .a")
    assert (tmp_path / "P/cli2.py").read_text() == SCRIPTS["P/cli2.py"].replace("from P.a", "from .a")


def test_main_block_elsewhere_is_not_a_script(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "from P.a import x\n\ndef f():\n    if __name__ == '__main__':\n        pass\n"})
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [o["fixable"] for o in objects] == [True]


# -- stdin ------------------------------------------------------------------------------


def stdin_project(root: Path) -> Path:
    return project(root, {"P/sub/__init__.py": ""})


def test_stdin_reports_as_the_given_path(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    source = b"import os\nfrom P.a import x\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--output-format", "concise"],
                     cwd=tmp_path, stdin=source)  # fmt: skip
    assert (result.rc, result.out) == (1, f"P/sub/m.py:2:1: IL001 [*] {IL001_MSG_UP}\n")
    assert not (tmp_path / "P/sub/m.py").exists()


def test_stdin_json(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    rc, objects = as_json(run_cli, ["-", "--stdin-filename", "P/sub/m.py"], tmp_path, stdin=SELF.encode())
    assert rc == 1
    assert objects == [{"path": "P/sub/m.py", "line": 1, "column": 1, "end_line": 1, "end_column": 18,
                        "code": "IL001", "message": IL001_MSG_UP, "fixable": True}]  # fmt: skip


def test_stdin_text_has_summary(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py"], cwd=tmp_path, stdin=SELF.encode())
    assert result.err == "Found 1 error.\n[*] 1 fixable with the `--fix` option.\n"


def test_stdin_fix_prints_only_the_fixed_source(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    source = b"import os  # first\nfrom P.a import (\n    x,\n)\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=source)
    assert result.rc == 0
    assert result.out == "import os  # first\nfrom ..a import (\n    x,\n)\n"
    assert not (tmp_path / "P/sub/m.py").exists()


def test_stdin_fix_unchanged_source_and_remaining_violations(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=b"import P.a\n")
    assert result.rc == 1
    assert result.out == "import P.a\n"
    assert "P/sub/m.py:1:1: IL001 " in result.err
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=b"import os\n")
    assert (result.rc, result.out) == (0, "import os\n")


def test_stdin_fix_syntax_error_echoes_input(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    source = b"from P.a import x\nx = = 1\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=source)
    assert (result.rc, result.out) == (1, source.decode())
    assert "IL000" in result.err


def test_stdin_uses_the_tree_around_the_path(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    code = b"from .a import x\nfrom .missing import y\n"
    _, objects = as_json(run_cli, ["-", "--stdin-filename", "P/m.py"], tmp_path, stdin=code)
    assert [(o["line"], o["code"]) for o in objects] == [(2, "IL006")]
    _, objects = as_json(run_cli, ["-", "--stdin-filename", "scripts/run.py"], tmp_path, stdin=code)
    assert [(o["line"], o["code"]) for o in objects] == [(1, "IL005"), (2, "IL005")]


def test_stdin_diff(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--diff"], cwd=tmp_path, stdin=SELF.encode())
    assert result.rc == 1
    assert result.out == "--- P/sub/m.py\n+++ P/sub/m.py\n@@ -1 +1 @@\n-from P.a import x\n+from ..a import x\n"


def test_stdin_reads_config_near_the_path(tmp_path: Path, run_cli: Any) -> None:
    stdin_project(tmp_path)
    make_tree(tmp_path, {"P/importlint.toml": 'ignore = ["IL001"]\n'})
    rc, objects = as_json(run_cli, ["-", "--stdin-filename", "P/sub/m.py"], tmp_path, stdin=SELF.encode())
    assert (rc, objects) == (0, [])


# -- --select / --ignore -----------------------------------------------------------------

MIXED = {
    "P/m.py": "from P.a import x\nfrom .missing import y\n",  # IL001, IL006
    "P/sub/__init__.py": "",
    "P/sub/n.py": "from ... import z\n",  # IL003
    "run.py": "from . import helpers\n",  # IL005
    "P/bad.py": "x = = 1\n",  # IL000
}
MIXED_CODES = ["IL000", "IL001", "IL006", "IL003", "IL005"]  # in path order


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        pytest.param([], MIXED_CODES, id="default-all"),
        pytest.param(["--select", "IL"], MIXED_CODES, id="select-IL"),
        pytest.param(["--select", "ALL"], MIXED_CODES, id="select-ALL"),
        pytest.param(["--select", "IL00"], MIXED_CODES, id="select-IL00"),
        pytest.param(["--select", "IL001"], ["IL001"], id="select-one"),
        pytest.param(["--select", "il001"], ["IL001"], id="select-lowercase"),
        pytest.param(["--select", "IL001,IL005"], ["IL001", "IL005"], id="select-comma-list"),
        pytest.param(["--select", "IL001, IL005"], ["IL001", "IL005"], id="select-comma-space"),
        pytest.param(["--ignore", "IL001"], ["IL000", "IL006", "IL003", "IL005"], id="ignore-one"),
        pytest.param(["--ignore", "IL000,IL006"], ["IL001", "IL003", "IL005"], id="ignore-list"),
        pytest.param(["--ignore", "IL00"], [], id="ignore-IL00"),
        pytest.param(["--ignore", "IL"], [], id="ignore-IL"),
        pytest.param(["--select", "IL00", "--ignore", "IL003"], ["IL000", "IL001", "IL006", "IL005"], id="both"),
        pytest.param(["--select", "IL001", "--ignore", "IL001"], [], id="ignore-beats-select"),
        pytest.param(["--select", "IL001", "--select", "IL005"], ["IL005"], id="last-select-wins"),
    ],
)
def test_select_and_ignore(tmp_path: Path, run_cli: Any, flags: list[str], expected: list[str]) -> None:
    project(tmp_path, MIXED)
    rc, objects = as_json(run_cli, [*flags, "."], tmp_path)
    assert [o["code"] for o in objects] == expected
    assert rc == (1 if expected else 0)


def test_one_file_gives_the_same_answers_as_the_tree(tmp_path: Path, run_cli: Any) -> None:
    """pre-commit passes single files: the verdict must not depend on what else was passed."""
    project(tmp_path, MIXED)
    _, everything = as_json(run_cli, ["."], tmp_path)
    for path in sorted({o["path"] for o in everything}):
        _, alone = as_json(run_cli, ["--no-cache", path], tmp_path)
        assert alone == [o for o in everything if o["path"] == path]


def test_extension_modules_and_stubs_count_as_existing(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
        "P/fast.pyd": "", "P/ext.cp311-win_amd64.pyd": "", "P/so.abi3.so": "", "P/stub.pyi": "",
        "P/m.py": "from .fast import x\nfrom .ext import y\nfrom .so import z\nfrom .stub import s\n"
                  "from .nope import w\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["line"], o["code"], o["message"]) for o in objects] == [
        # a stub alone is no module at runtime (it counts for imports in a `.pyi` file)
        (4, "IL006", "`.stub` resolves to `P.stub`, which does not exist"),
        (5, "IL006", "`.nope` resolves to `P.nope`, which does not exist"),
    ]


def test_hidden_violations_are_not_fixed(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "import .a\nfrom P.b import c\n", "P/n.py": SELF})
    age(tmp_path)
    before = snapshot(tmp_path)
    rc, objects = as_json(run_cli, ["--fix", "--select", "IL002", "."], tmp_path)
    assert (rc, objects) == (0, [])
    assert (tmp_path / "P/m.py").read_text() == "from . import a\nfrom P.b import c\n"
    assert snapshot(tmp_path)["P/n.py"] == before["P/n.py"]
    rc, objects = as_json(run_cli, ["--fix", "--ignore", "IL001", "."], tmp_path)
    assert (rc, objects) == (0, [])
    assert (tmp_path / "P/m.py").read_text() == "from . import a\nfrom P.b import c\n"
    assert snapshot(tmp_path)["P/n.py"] == before["P/n.py"]


# -- --max-level ----------------------------------------------------------------------------


def test_max_level(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
        "P/sub/__init__.py": "from .. import a\n",
        "P/sub/deep/__init__.py": "",
        "P/sub/deep/m.py": "from ...b import c\nfrom .. import x\nfrom P import a\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["path"], o["line"], o["code"]) for o in objects] == [("P/sub/deep/m.py", 3, "IL001")]
    _, objects = as_json(run_cli, ["--max-level", "1", "."], tmp_path)
    # the IL001 would need three dots: not reported; every relative import over one dot is
    assert [(o["path"], o["line"], o["code"]) for o in objects] == [
        ("P/sub/__init__.py", 1, "IL004"), ("P/sub/deep/m.py", 1, "IL004"), ("P/sub/deep/m.py", 2, "IL004"),
    ]  # fmt: skip
    result = run_cli(["check", "--max-level", "1", "--fix", "."], cwd=tmp_path)
    assert result.rc == 0
    assert (tmp_path / "P/sub/__init__.py").read_text() == "from P import a\n"
    assert (tmp_path / "P/sub/deep/m.py").read_text() == "from P.b import c\nfrom P.sub import x\nfrom P import a\n"


def test_max_level_does_not_hide_il003(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.py": "from ... import x\n"})
    for flags in ([], ["--max-level", "1"], ["--max-level", "5"]):
        _, objects = as_json(run_cli, [*flags, "."], tmp_path)
        assert [o["code"] for o in objects] == ["IL003"]


def test_config_flag(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.py": "from .. import a\n", "ci/lint.toml": "max-level = 1\n"})
    assert as_json(run_cli, ["."], tmp_path) == (0, [])
    rc, objects = as_json(run_cli, ["--config", "ci/lint.toml", "."], tmp_path)
    assert (rc, [o["code"] for o in objects]) == (1, ["IL004"])


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
def test_syntax_error_at_compile_line_others_still_fixed(tmp_path: Path, run_cli: Any, source: str) -> None:
    try:
        compile(source, "bad.py", "exec")
    except SyntaxError as exc:
        line = exc.lineno
    else:  # pragma: no cover
        pytest.fail("the case must not compile")
    project(tmp_path, {"P/bad.py": source, "P/m.py": SELF})
    rc, objects = as_json(run_cli, ["--fix", "."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["line"], o["code"], o["fixable"]) for o in objects] == [("P/bad.py", line, "IL000", False)]
    assert (tmp_path / "P/bad.py").read_text() == source
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"


def test_undecodable_files_reported(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
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


def test_unreadable_file_reported(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/secret.py": SELF, "P/m.py": SELF})
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


def test_dangling_symlink_reported(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    (tmp_path / "P/link.py").symlink_to("gone.py")
    rc, objects = as_json(run_cli, ["."], tmp_path)
    assert rc == 1
    assert [(o["path"], o["code"], o["message"]) for o in objects] == [
        ("P/link.py", "IL000", "cannot read the file: No such file or directory"),
        ("P/m.py", "IL001", IL001_MSG),
    ]


def test_unreadable_files_respect_select(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/bytes.py": b"x = '\xff'\n"})
    assert as_json(run_cli, ["--select", "IL001", "."], tmp_path) == (0, [])


# -- IL002 then the other rules, in one run ------------------------------------------------


def test_invalid_form_fixed_then_other_rules_applied(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.py": "import .a\nfrom P.b import c\nimport ..a as A\n"})
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


def test_invalid_form_and_max_level_in_one_run(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.py": "import ..a\n"})
    result = run_cli(["check", "--fix", "--max-level", "1", "."], cwd=tmp_path)
    assert result.rc == 0
    assert (tmp_path / "P/sub/m.py").read_text() == "from P import a\n"


def test_invalid_form_outside_package_still_reported(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"run.py": "import .helpers\n"})
    rc, objects = as_json(run_cli, ["--fix", "run.py"], tmp_path)
    assert (tmp_path / "run.py").read_text() == "from . import helpers\n"
    assert [(o["code"], o["fixable"]) for o in objects] == [("IL005", False)]


def test_lazy_imports_follow_the_same_rules(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {
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


# -- the cache never hides a change ----------------------------------------------------------


def test_cache_sees_tree_changes(tmp_path: Path, run_cli: Any) -> None:
    # P/c.py hides the directory P/c/ (no __init__.py), as in CPython: P.c.d does not exist
    project(tmp_path, {"P/m.py": "from .a import x\nfrom .c.d import y\n", "P/c/d.py": "", "P/c.py": ""})
    assert [o["code"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == ["IL006"]
    (tmp_path / "P/c/__init__.py").write_text("")  # P.c becomes a regular package, which wins: P.c.d exists
    assert as_json(run_cli, ["P/m.py"], tmp_path) == (0, [])
    (tmp_path / "P/a.py").unlink()
    assert [o["line"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == [1]
    (tmp_path / "P/a.pyi").write_text("")  # a stub alone is no module at runtime
    assert [o["line"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == [1]
    (tmp_path / "P/a.pyc").write_text("")
    assert as_json(run_cli, ["P/m.py"], tmp_path) == (0, [])
    (tmp_path / "P/__init__.py").unlink()  # no longer a package
    assert [o["code"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == ["IL005", "IL005"]


def test_cache_sees_setting_changes(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.py": "from .. import a\n"})
    assert as_json(run_cli, ["."], tmp_path) == (0, [])
    assert [o["code"] for o in as_json(run_cli, ["--max-level", "1", "."], tmp_path)[1]] == ["IL004"]
    make_tree(tmp_path, {"importlint.toml": "max-level = 1\n"})
    assert [o["code"] for o in as_json(run_cli, ["."], tmp_path)[1]] == ["IL004"]
    make_tree(tmp_path, {"P/sub/m.py": "from .. import a  # noqa\n"})
    assert as_json(run_cli, ["."], tmp_path) == (0, [])


def test_no_cache_writes_no_cache(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    assert run_cli(["check", "--no-cache", "."], cwd=tmp_path).rc == 1
    assert not (tmp_path / ".importlint_cache").exists()


# -- noqa ----------------------------------------------------------------------------------


def test_noqa(tmp_path: Path, run_cli: Any) -> None:
    source = (
        "from P.a import x  # noqa\n"
        "from P.a import x  # noqa: IL001\n"
        "from P.a import x  # noqa: IL004\n"
        "from P.a import x  # NOQA:IL004,IL001\n"
        "from P.a import (  # noqa: IL001\n    x,\n)\n"
        "from P.a import (\n    x,\n)  # noqa: IL001\n"
        "from P.a import (\n    x,  # noqa: IL001\n    y,\n)\n"
        "s = '# noqa'; from P.a import x\n"
    )
    project(tmp_path, {"P/m.py": source})
    rc, objects = as_json(run_cli, ["."], tmp_path)
    assert [o["line"] for o in objects] == [3, 11, 15]
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    lines = (tmp_path / "P/m.py").read_text().splitlines()
    assert lines[2] == "from .a import x  # noqa: IL004"
    assert lines[10] == "from .a import ("
    assert lines[14] == "s = '# noqa'; from .a import x"
    assert [i for i, line in enumerate(lines) if "from P.a" in line] == [0, 1, 3, 4, 7]


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
def test_fix_keeps_every_other_byte(tmp_path: Path, run_cli: Any, before: bytes, after: bytes) -> None:
    project(tmp_path, {"P/m.py": before})
    result = run_cli(["check", "--fix", "P/m.py"], cwd=tmp_path)
    assert result.rc == 0, result.out
    assert (tmp_path / "P/m.py").read_bytes() == after
    age(tmp_path)
    snap = snapshot(tmp_path)
    assert run_cli(["check", "--fix", "P/m.py"], cwd=tmp_path).rc == 0
    assert snapshot(tmp_path) == snap


def test_latin1_column_counts_characters(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": b"# -*- coding: latin-1 -*-\ns = '\xe9\xe9'; from P.a import x\n"})
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["line"], o["column"]) for o in objects] == [(2, 11)]


def test_diff_of_crlf_file(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": b"import os\r\nfrom P.a import x\r\n"})
    result = run_cli(["check", "--diff", "."], cwd=tmp_path)
    # the CRs stay, so that `patch` and `git apply` match the lines (tests/test_io_edges.py applies them)
    assert result.out == (
        "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n import os\r\n-from P.a import x\r\n+from .a import x\r\n"
    )
    assert (tmp_path / "P/m.py").read_bytes() == b"import os\r\nfrom P.a import x\r\n"


# -- tree ------------------------------------------------------------------------------------


def test_tree(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.pyi": "", "scripts/run.py": "", "importlint.toml": ""})
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


def test_tree_of_one_file_reads_the_disk(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/__init__.py": "", "P/sub/m.py": ""})
    result = run_cli(["tree", "m.py"], cwd=tmp_path / "P/sub")
    assert result.out == "m.py -> P.sub.m (module, in package P.sub)\n\ntop-level packages:\n  P: ..\n"


def test_tree_without_packages(tmp_path: Path, run_cli: Any) -> None:
    make_tree(tmp_path, {".git/HEAD": "", "run.py": ""})
    result = run_cli(["tree"], cwd=tmp_path)
    assert result.out == "run.py -> run (module, top-level, not in a package)\n\nno top-level packages\n"


# -- the real entry point --------------------------------------------------------------------


def test_python_m_importlint(tmp_path: Path) -> None:
    project(tmp_path, {"P/m.py": SELF})
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
