"""What `check` prints: every output format end to end, exact."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

from cli_support import (
    BASE,
    IL001_MSG,
    SELF,
    as_json,
)
from conftest import RepoTree

from importlint import __version__
from importlint.rules import ALL_RULES

# -- output formats ----------------------------------------------------------------------


TWO_FILES = {
    **BASE,
    "P/m.py": "import os; from P.a import x\nfrom P.b import c  # noqa: IL004\n",
    "P/sub/__init__.py": "",
    "P/sub/n.py": "import P.a\n",
}


def test_text_output_exact(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TWO_FILES)
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


def test_concise_output_exact(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TWO_FILES)
    result = run_cli(["check", "--output-format", "concise", "."], cwd=tmp_path)
    assert result.rc == 1
    assert result.out.splitlines() == [
        f"P/m.py:1:12: IL001 [*] {IL001_MSG}",
        "P/m.py:2:1: IL001 [*] `P.b` is part of `P`; import it relatively: `from .b import ...`",
        "P/sub/n.py:1:1: IL001 `P.a` is part of `P`; import it relatively "
        "(`import P.a` binds `P`: rewrite its uses, then `from .. import a`)",
    ]
    assert result.err == "Found 3 errors.\n[*] 2 fixable with the `--fix` option.\n"


def test_text_headlines_follow_contract(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    """Every violation's headline is `path:line:col: CODE [*] message`, whatever the format."""
    repo_tree(TWO_FILES)
    text = run_cli(["check", "."], cwd=tmp_path).out
    _, objects = as_json(run_cli, ["."], tmp_path)
    for v in objects:
        mark = " [*]" if v["fixable"] else ""
        assert f"{v['path']}:{v['line']}:{v['column']}: {v['code']}{mark} {v['message']}\n" in text


def test_json_output_exact(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TWO_FILES)
    result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    objects = json.loads(result.out)
    assert objects == [
        {"path": "P/m.py", "line": 1, "column": 12, "end_line": 1, "end_column": 29, "code": "IL001",
         "message": IL001_MSG, "fixable": True,
         "fix": {"applicability": "safe", "message": "Replace with `from .a import x`",
                 "edits": [{"content": "from .a import x", "location": {"row": 1, "column": 12},
                            "end_location": {"row": 1, "column": 29}}]}},
        {"path": "P/m.py", "line": 2, "column": 1, "end_line": 2, "end_column": 18, "code": "IL001",
         "message": "`P.b` is part of `P`; import it relatively: `from .b import ...`", "fixable": True,
         "fix": {"applicability": "safe", "message": "Replace with `from .b import c`",
                 "edits": [{"content": "from .b import c", "location": {"row": 2, "column": 1},
                            "end_location": {"row": 2, "column": 18}}]}},
        {"path": "P/sub/n.py", "line": 1, "column": 1, "end_line": 1, "end_column": 11, "code": "IL001",
         "message": "`P.a` is part of `P`; import it relatively "
                    "(`import P.a` binds `P`: rewrite its uses, then `from .. import a`)",
         "fixable": False, "fix": None},
    ]  # fmt: skip
    assert [list(o) for o in objects] == [
        ["path", "line", "column", "end_line", "end_column", "code", "message", "fixable", "fix"]
    ] * 3


def test_json_empty_array_when_clean(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(BASE)
    result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert (result.rc, result.err, json.loads(result.out)) == (0, "", [])


def test_json_column_counts_characters(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/m.py": "s = 'héllo'; from P.a import x\nt = '日本'  ; import P.a as m\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["P/m.py"], tmp_path)
    assert [(o["line"], o["column"], o["end_column"]) for o in objects] == [(1, 14, 31), (2, 13, 28)]


def test_json_sorted_by_path_line_column(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/z.py": SELF,
        "P/a/__init__.py": "",
        "P/a/x.py": "from P.b import c\n",  # walked before P/a.py, sorts after it
        "P/c.py": "import os; from P.a import x\nfrom P.b import c; from P.a import x\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["P/z.py", "P/c.py", "P"], tmp_path)
    keys = [(o["path"], o["line"], o["column"]) for o in objects]
    assert keys == [("P/a/x.py", 1, 1), ("P/c.py", 1, 12), ("P/c.py", 2, 1), ("P/c.py", 2, 20), ("P/z.py", 1, 1)]


def test_json_paths_as_discovered(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    assert as_json(run_cli, ["./P/../P/m.py"], tmp_path)[1][0]["path"] == "P/m.py"
    assert as_json(run_cli, ["P"], tmp_path)[1][0]["path"] == "P/m.py"
    assert as_json(run_cli, ["m.py"], tmp_path / "P")[1][0]["path"] == "m.py"
    assert as_json(run_cli, ["../P"], tmp_path / "P")[1][0]["path"] == "../P/m.py"
    absolute = str(tmp_path / "P")
    assert as_json(run_cli, [absolute], tmp_path)[1][0]["path"] == f"{absolute}/m.py"


def test_github_output_exact(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "import os; from P.a import x\n"})
    result = run_cli(["check", "--output-format", "github", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    assert result.out == (
        "::error title=importlint (IL001),file=P/m.py,line=1,col=12,endLine=1,endColumn=29::"
        f"P/m.py:1:12: IL001 {IL001_MSG}\n"
    )


def test_sarif_output(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "import os; from P.a import x\n"})
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


def test_sarif_rule_help_is_the_dedented_docstring(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(BASE)
    log = json.loads(run_cli(["check", "--output-format", "sarif", "."], cwd=tmp_path).out)
    for rule, described in zip(ALL_RULES, log["runs"][0]["tool"]["driver"]["rules"]):
        assert described["fullDescription"]["text"] == inspect.cleandoc(type(rule).__doc__ or "")


def test_sarif_clean_run_has_no_results(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(BASE)
    result = run_cli(["check", "--output-format", "sarif", "."], cwd=tmp_path)
    assert result.rc == 0
    assert json.loads(result.out)["runs"][0]["results"] == []


def test_quiet_drops_the_summary(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    result = run_cli(["check", "-q", "--output-format", "concise", "."], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (1, f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n", "")
