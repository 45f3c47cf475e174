"""What editor integrations and people at a terminal rely on: `check - --stdin-filename PATH`
(config, module name and exclusion from PATH; --fix prints exactly the source),
`explain`, `rules` and `tree`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree

from importlint.rules import ALL_RULES, by_code

IL001_MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
IL001_MSG_UP = "`P.a` is part of `P`; import it relatively: `from ..a import ...`"


# package P with P/a.py, P/sub/ and P/gen/ (each a package), in a repository
TREE = {
    "P/__init__.py": "",
    "P/a.py": "x = 1\n",
    "P/sub/__init__.py": "",
    "P/sub/b.py": "y = 2\n",
    "P/gen/__init__.py": "",
    "P/gen/c.py": "z = 3\n",
}


def stdin_json(run_cli: Any, path: str, source: str, cwd: Path, *flags: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli(
        ["check", "-", "--stdin-filename", path, "--output-format", "json", *flags], cwd=cwd, stdin=source.encode()
    )
    assert result.err == "", result.err
    return result.rc, json.loads(result.out)


# -- stdin: module name, config, exclusion from PATH ---------------------------------------


def test_module_name_comes_from_the_path(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    rc, found = stdin_json(run_cli, "P/sub/new.py", "from P.a import x\n", tmp_path)  # the file need not exist
    assert rc == 1
    assert [(v["path"], v["code"], v["message"]) for v in found] == [("P/sub/new.py", "IL001", IL001_MSG_UP)]
    rc, found = stdin_json(run_cli, "P/new.py", "from P.a import x\n", tmp_path)
    assert [(v["path"], v["message"]) for v in found] == [("P/new.py", IL001_MSG)]
    rc, found = stdin_json(run_cli, "scripts/x.py", "from . import y\n", tmp_path)  # outside any package
    assert [v["code"] for v in found] == ["IL005"]


def test_tree_around_the_path_is_read_from_disk(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    assert stdin_json(run_cli, "P/sub/m.py", "from .b import y\nfrom ..a import x\n", tmp_path)[1] == []
    rc, found = stdin_json(run_cli, "P/sub/m.py", "from .nope import y\n", tmp_path)
    assert [v["code"] for v in found] == ["IL006"]


def test_config_comes_from_the_path_not_the_cwd(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    proj = repo_tree(TREE, config={"max-level": 1}, root=tmp_path / "proj")
    elsewhere = tmp_path / "elsewhere"
    repo_tree(TREE, config={"max-level": 5}, root=elsewhere)
    path = str(proj / "P" / "sub" / "m.py")
    rc, found = stdin_json(run_cli, path, "from .. import a\n", elsewhere)
    assert rc == 1
    assert [(v["path"], v["code"], v["fixable"]) for v in found] == [(path, "IL004", True)]
    # the same text as a file of the other project is fine there
    assert stdin_json(run_cli, "P/sub/m.py", "from .. import a\n", elsewhere) == (0, [])


def test_relative_path_is_relative_to_the_cwd(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE, config={"max-level": 1})
    rc, found = stdin_json(run_cli, "../sub/m.py", "from .. import a\n", tmp_path / "P" / "gen")
    assert [(v["path"], v["code"]) for v in found] == [("../sub/m.py", "IL004")]


EXCLUDES = [
    pytest.param('exclude = ["P/gen/*"]', id="file-glob"),
    pytest.param('exclude = ["**/gen/*.py"]', id="double-star-glob"),
    pytest.param('exclude = ["c.py"]', id="file-name"),
    pytest.param(
        'exclude = ["gen/"]',
        id="directory-name",
    ),
    pytest.param(
        'exclude = ["P/gen/"]',
        id="directory-path",
    ),
]


@pytest.mark.parametrize("config", EXCLUDES)
def test_excluded_path_with_force_exclude_gives_nothing(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, config: str
) -> None:
    repo_tree(TREE, config=config + "\n")
    source = "from P.a import x\n"
    result = run_cli(
        ["check", "-", "--stdin-filename", "P/gen/c.py", "--force-exclude"], cwd=tmp_path, stdin=source.encode()
    )
    assert (result.rc, result.out) == (0, "")
    fixed = run_cli(
        ["check", "-", "--stdin-filename", "P/gen/c.py", "--force-exclude", "--fix"],
        cwd=tmp_path,
        stdin=source.encode(),
    )
    assert (fixed.rc, fixed.out) == (0, source)  # echoed unchanged


@pytest.mark.parametrize("config", EXCLUDES)
def test_excluded_file_named_with_force_exclude_is_skipped(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, config: str
) -> None:
    """The same through a real file named on the command line (what pre-commit does)."""
    repo_tree(TREE, config=config + "\n")
    make_tree(tmp_path, {"P/gen/c.py": "from P.a import x\n"})
    result = run_cli(["check", "--force-exclude", "--output-format", "json", "P/gen/c.py"], cwd=tmp_path)
    assert (result.rc, json.loads(result.out)) == (0, [])


def test_builtin_excluded_directory_with_force_exclude(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    make_tree(tmp_path, {"build/lib/P/m.py": "from . import x\n", ".venv/lib/m.py": "from . import x\n"})
    result = run_cli(
        ["check", "--force-exclude", "--output-format", "json", "build/lib/P/m.py", ".venv/lib/m.py"], cwd=tmp_path
    )
    assert (result.rc, json.loads(result.out)) == (0, [])


def test_excluded_path_without_force_exclude_is_checked(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE, config={"exclude": ["P/gen/*"]})
    rc, found = stdin_json(run_cli, "P/gen/c.py", "from P.a import x\n", tmp_path)
    assert (rc, [v["code"] for v in found]) == (1, ["IL001"])
    # and a directory walk still skips it
    make_tree(tmp_path, {"P/gen/c.py": "from P.a import x\n"})
    assert json.loads(run_cli(["check", "--output-format", "json", "."], cwd=tmp_path).out) == []


# -- stdin --fix: stdout is exactly the source ------------------------------------------------


def test_fix_prints_only_the_fixed_source_exit_0(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    source = "import os  # os\nfrom P.a import (x,  # keep\n    y)\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=source.encode())
    assert result.rc == 0
    assert result.out == "import os  # os\nfrom ..a import (x,  # keep\n    y)\n"
    assert result.err == "Found 1 error (1 fixed, 0 remaining).\n"
    assert not (tmp_path / "P" / "sub" / "m.py").exists()  # nothing written to disk


def test_fix_with_something_remaining_exits_1(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    source = "from P.a import x\nfrom ... import z\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/sub/m.py", "--fix"], cwd=tmp_path, stdin=source.encode())
    assert result.rc == 1
    assert result.out == "from ..a import x\nfrom ... import z\n"
    assert result.err.startswith("P/sub/m.py:2:1: IL003 ")
    assert result.err.endswith("Found 2 errors (1 fixed, 1 remaining).\n")


def test_fix_nothing_to_do_echoes_exit_0(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    source = "from .a import x\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/m.py", "--fix", "-q"], cwd=tmp_path, stdin=source.encode())
    assert (result.rc, result.out, result.err) == (0, source, "")


def test_fix_of_an_unfixable_violation_echoes_exit_1(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    source = "import P.a\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/m.py", "--fix"], cwd=tmp_path, stdin=source.encode())
    assert (result.rc, result.out) == (1, source)


def test_fix_of_a_syntax_error_echoes_exit_1(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    source = "from P.a import x\ndef f(:\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/m.py", "--fix"], cwd=tmp_path, stdin=source.encode())
    assert (result.rc, result.out) == (1, source)
    assert "P/m.py:2:" in result.err and "IL000" in result.err


def _stdin_subprocess(cwd: Path, data: bytes, *argv: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "importlint", "check", "-", *argv],
        cwd=cwd,
        input=data,
        capture_output=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"from P.a import x\r\nimport os\r\n", b"from .a import x\r\nimport os\r\n"),
        (b"\xef\xbb\xbfimport os\nfrom P.a import x\n", b"\xef\xbb\xbfimport os\nfrom .a import x\n"),
        (
            "# -*- coding: latin-1 -*-\nfrom P.a import x  # café\n".encode("latin-1"),
            "# -*- coding: latin-1 -*-\nfrom .a import x  # café\n".encode("latin-1"),
        ),
        (b"import .a\n\tfoo = 1\n", None),  # IL002 fixed, then an indentation error: nothing applied
        (b"from P.a import x", b"from .a import x"),  # no final newline
    ],
    ids=["crlf", "bom", "latin-1", "unparseable", "no-eol"],
)
def test_fix_stdout_is_byte_exact(repo_tree: RepoTree, tmp_path: Path, before: bytes, after: bytes | None) -> None:
    repo_tree(TREE)
    proc = _stdin_subprocess(tmp_path, before, "--stdin-filename", "P/m.py", "--fix")
    assert proc.stdout == (after if after is not None else before)
    assert proc.returncode == (0 if after is not None else 1)


def test_stdin_without_fix_reports_at_the_path(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree(TREE)
    proc = _stdin_subprocess(
        tmp_path, b"from P.a import x\n", "--stdin-filename", "P/m.py", "--output-format", "concise"
    )
    assert proc.returncode == 1
    assert proc.stdout.decode() == f"P/m.py:1:1: IL001 [*] {IL001_MSG}\n"


def test_stdin_filename_needs_dash(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(TREE)
    result = run_cli(["check", "--stdin-filename", "P/m.py", "P"], cwd=tmp_path)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "importlint: error: --stdin-filename needs the path `-`\n"


# -- explain and rules -----------------------------------------------------------------------------

SECTIONS = ["## What it does", "## Why is this bad?", "## Example", "## Fix safety", "## Options"]


@pytest.mark.parametrize("code", [rule.code for rule in ALL_RULES])
def test_explain_sections(tmp_path: Path, run_cli: Any, code: str) -> None:
    rule = by_code(code)
    assert rule is not None
    result = run_cli(["explain", code], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    text = result.out
    assert text.startswith(f"# {rule.name} ({code})\n\n")
    positions = [text.find(f"\n{section}\n") for section in SECTIONS]
    assert all(p > 0 for p in positions), positions
    assert positions == sorted(positions)
    assert f"\nFix: {rule.fix_availability.value} available.\n" in text
    if rule.fix_availability.value != "never":  # fixable rules show their fixes as diffs
        fixes = text[text.index("\n## Fixes\n") :]
        assert "```diff\n-" in fixes and "\n+" in fixes


def test_explain_il001_example_and_fix_diff(tmp_path: Path, run_cli: Any) -> None:
    text = run_cli(["explain", "il001"], cwd=tmp_path).out  # codes are case-insensitive
    assert "In `P/a/c.py`:\n```diff\n-from P.a.b import x\n+from .b import x\n```\n" in text
    assert "`--unsafe-fixes`" in text
    assert "- `max-level`:" in text


def test_explain_unknown_code_exits_2(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli(["explain", "IL999"], cwd=tmp_path)
    assert (result.rc, result.out) == (2, "")
    assert result.err == (
        "importlint: error: explain: unknown rule code `IL999` "
        "(known: IL000, IL001, IL002, IL003, IL004, IL005, IL006, IL007, IL008, IL009, IL010)\n"
    )
    result = run_cli(["explain"], cwd=tmp_path)
    assert (result.rc, result.err) == (2, "importlint: error: explain: give a rule code (e.g. IL001) or --all\n")


@pytest.mark.parametrize("argv", [["rules"]], ids=["rules"])  # `explain --all` prints the full docs (test_rule_meta)
def test_rules_lists_every_rule(tmp_path: Path, run_cli: Any, argv: list[str]) -> None:
    result = run_cli(argv, cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    lines = result.out.splitlines()[: len(ALL_RULES)]  # then a legend of the fix marks
    assert [line.split()[0] for line in lines] == [rule.code for rule in ALL_RULES]
    for line, rule in zip(lines, ALL_RULES):
        assert rule.name in line and line.endswith(rule.summary)
    assert lines[1].startswith("IL001 (*) absolute-self-import ")
    assert lines[2].startswith("IL002 [*] invalid-relative-import-form ")
    assert lines[0].startswith("IL000     syntax-error ")


# -- tree ---------------------------------------------------------------------------------------------


def layout(root: Path) -> Path:
    (root / ".git").mkdir()
    make_tree(
        root,
        {
            "pyproject.toml": '[tool.importlint]\nsrc = ["src"]\nnamespace-packages = ["src/acme"]\n',
            "src/app/__init__.py": "",
            "src/app/m.py": "",
            "src/app/sub/__init__.pyi": "",
            "src/app/sub/m.pyi": "",
            "src/acme/plugins/mod.py": "",
            "stubs/lib/__init__.pyi": "",
            "scripts/run.py": "",
        },
    )
    return root


def test_tree_shows_modules_top_level_and_namespace_packages(tmp_path: Path, run_cli: Any) -> None:
    layout(tmp_path)
    result = run_cli(["tree"], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    assert result.out == (
        "scripts/run.py -> run (module, top-level, not in a package)\n"
        "src/acme/plugins/mod.py -> acme.plugins.mod (module, in package acme.plugins)\n"
        "src/app/__init__.py -> app (package, in package app)\n"
        "src/app/m.py -> app.m (module, in package app)\n"
        "src/app/sub/__init__.pyi -> app.sub (package, in package app.sub)\n"
        "src/app/sub/m.pyi -> app.sub.m (module, in package app.sub)\n"
        "stubs/lib/__init__.pyi -> lib (package, in package lib)\n"
        "\n"
        "top-level packages:\n"
        "  acme: src/acme (namespace package)\n"
        "  app: src/app\n"
        "  lib: stubs/lib\n"
        "\n"
        "config: pyproject.toml\n"
    )


def test_tree_without_the_namespace_setting(tmp_path: Path, run_cli: Any) -> None:
    layout(tmp_path)
    (tmp_path / "pyproject.toml").unlink()
    result = run_cli(["tree", "src"], cwd=tmp_path)
    assert result.out == (
        "src/acme/plugins/mod.py -> mod (module, top-level, not in a package)\n"
        "src/app/__init__.py -> app (package, in package app)\n"
        "src/app/m.py -> app.m (module, in package app)\n"
        "src/app/sub/__init__.pyi -> app.sub (package, in package app.sub)\n"
        "src/app/sub/m.pyi -> app.sub.m (module, in package app.sub)\n"
        "\n"
        "top-level packages:\n"
        "  app: src/app\n"
    )


def test_tree_of_one_file_and_from_a_subdirectory(tmp_path: Path, run_cli: Any) -> None:
    layout(tmp_path)
    result = run_cli(["tree", "app/sub/m.pyi"], cwd=tmp_path / "src")
    assert result.out == (
        "app/sub/m.pyi -> app.sub.m (module, in package app.sub)\n"
        "\n"
        "top-level packages:\n"
        "  app: app\n"
        "\n"
        "config: ../pyproject.toml\n"
    )


def test_tree_missing_path_exits_2(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli(["tree", "nope"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (2, "", "importlint: error: nope: no such file or directory\n")
