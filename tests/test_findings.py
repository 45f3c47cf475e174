"""The engine's side of a rule's findings (issue 11): unsafe fixes, rule precedence, and
the IL000/IL002 findings the rule files word.

A rule yields a Finding (code, message, fix, applicability); the engine places it, applies
an unsafe fix only under --unsafe-fixes, and otherwise shows it (JSON) once it verifies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint import api, fixes
from importlint.model import Edit, Finding, Pos, Violation
from importlint.rules import ALL_RULES, by_code

SCRIPT_CLAUSE = " (not fixed: the module runs as a script; use --unsafe-fixes)"
MESSAGE = "`P.a` is part of `P`; import it relatively: `from .a import ...`"


@pytest.fixture
def script_tree(repo_tree: RepoTree) -> Path:
    """`P/__main__.py` imports its own package absolutely: IL001's fix there is unsafe."""
    return repo_tree({"P/a.py": "x = 1\n", "P/__main__.py": "from P.a import x\n"}, packages=True)


def _check(root: Path, *, unsafe: bool = False) -> list[Violation]:
    settings = api.load_settings([str(root)], select=["IL001"], unsafe_fixes=unsafe)
    return api.check_source("from P.a import x\n", str(root / "P" / "__main__.py"), settings)


def test_an_unsafe_fix_is_shown_not_applied(script_tree: Path) -> None:
    [v] = _check(script_tree)
    assert (v.code, v.start, v.end, v.message) == ("IL001", Pos(1, 1), Pos(1, 18), MESSAGE + SCRIPT_CLAUSE)
    assert (v.fix, v.unsafe, v.fixable) == (Edit(0, 17, "from .a import x"), True, False)


def test_unsafe_fixes_flag_makes_it_applicable(script_tree: Path) -> None:
    [v] = _check(script_tree, unsafe=True)
    assert (v.message, v.fix, v.unsafe, v.fixable) == (MESSAGE, Edit(0, 17, "from .a import x"), False, True)


def test_an_unsafe_fix_that_fails_verification_is_no_fix(script_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a fix that imports another module: the engine's check of the bindings refuses it
    monkeypatch.setattr(fixes, "from_module", lambda stmt, level, rest: "from .b import x")
    [v] = _check(script_tree)
    assert (v.message, v.fix, v.unsafe, v.fixable) == (MESSAGE + SCRIPT_CLAUSE, None, False, False)


def test_cli_reports_the_unsafe_fix_in_json_only(script_tree: Path, run_cli: Any) -> None:
    result = run_cli(["check", "--no-cache", "--output-format", "json", "P"], cwd=script_tree)
    [v] = json.loads(result.out)
    assert (result.rc, v["fixable"], v["fix"]["applicability"]) == (1, False, "unsafe")
    assert v["fix"]["edits"][0]["content"] == "from .a import x"
    text = run_cli(["check", "--no-cache", "P"], cwd=script_tree)
    assert "fix:" not in text.out and "[*]" not in text.out  # not previewed, not counted as fixable
    assert f"P/__main__.py:1:1: IL001 {MESSAGE}{SCRIPT_CLAUSE}" in text.out
    fixed = run_cli(["check", "--no-cache", "--fix", "P"], cwd=script_tree)
    assert fixed.rc == 1
    assert (script_tree / "P" / "__main__.py").read_text() == "from P.a import x\n"
    applied = run_cli(["check", "--no-cache", "--fix", "--unsafe-fixes", "P"], cwd=script_tree)
    assert applied.rc == 0
    assert (script_tree / "P" / "__main__.py").read_text() == "from .a import x\n"


# -- precedence ------------------------------------------------------------------------


def test_precedence_is_declared_on_the_rules() -> None:
    declared = {rule.code: rule.defers_to for rule in ALL_RULES if rule.defers_to}
    assert declared == {"IL004": ("IL003",), "IL006": ("IL003",)}
    assert all(by_code(code) is not None for codes in declared.values() for code in codes)


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        pytest.param("IL006", [], id="il006-defers-even-when-il003-is-not-selected"),
        pytest.param("IL003,IL006", ["IL003"], id="il003-reports-it"),
        pytest.param("IL004,IL006", [], id="il004-defers-too"),
    ],
)
def test_a_rule_defers_to_il003(tmp_path: Path, repo_tree: RepoTree, select: str, expected: list[str]) -> None:
    repo_tree({"P/a/m.py": ""}, packages=True)
    settings = api.load_settings([str(tmp_path)], select=select.split(","), max_level=1)
    found = api.check_source("from ...nope import x\n", str(tmp_path / "P" / "a" / "m.py"), settings)
    assert [v.code for v in found] == expected


def test_il006_still_reports_what_il004_reports(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/a/m.py": ""}, packages=True)
    settings = api.load_settings([str(tmp_path)], select=["IL004", "IL006"], max_level=1)
    found = api.check_source("from ..nope import x\n", str(tmp_path / "P" / "a" / "m.py"), settings)
    assert [(v.code, v.start) for v in found] == [("IL004", Pos(1, 1)), ("IL006", Pos(1, 1))]


# -- IL000 and IL002, worded by their rule files ------------------------------------------


def test_il002_finding_from_the_repair(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/a.py": ""}, packages=True)
    found = api.check_source("x = 1\nimport  .a\n", str(tmp_path / "P" / "m.py"))
    assert [(v.code, v.start, v.end, v.message, v.fix) for v in found] == [
        (
            "IL002",
            Pos(2, 1),
            Pos(2, 11),
            "`import .a` is invalid syntax; use `from . import a`",
            Edit(6, 16, "from . import a"),
        )
    ]


def test_il002_without_a_fix_when_another_syntax_error_remains(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/a.py": ""}, packages=True)
    found = api.check_source("import .a\nx = = 1\n", str(tmp_path / "P" / "m.py"))
    assert [(v.code, v.start, v.fix) for v in found] == [("IL002", Pos(1, 1), None), ("IL000", Pos(2, 5), None)]
    assert found[1].message == "SyntaxError: invalid syntax"


def test_a_finding_is_a_small_value() -> None:
    finding = Finding("IL001", "message", Edit(0, 1, "x"), unsafe=True)
    assert (finding.code, finding.message, finding.fix, finding.unsafe) == ("IL001", "message", Edit(0, 1, "x"), True)


def test_a_fix_in_repaired_text_keeps_what_its_verification_needs(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    """IL009's fix names `src.P.a` as `P.a`; mapped back through the IL002 repair it must
    still say so, or verifying it fails and the whole file is refused."""
    repo_tree(
        {"src/P/a.py": "x = 1\n", "src/P/b.py": "", "src/P/m.py": "import .b\nfrom src.P.a import x\n"},
        config={"src": ["src"]},
        packages=True,
    )
    result = run_cli(["check", "--no-cache", "--fix", "--unsafe-fixes", "src"], cwd=tmp_path)
    assert (result.rc, "internal error" in result.err) == (0, False)
    assert (tmp_path / "src/P/m.py").read_text() == "from . import b\nfrom .a import x\n"
