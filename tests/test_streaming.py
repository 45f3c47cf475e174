"""The CLI's report streams: each file's result is printed as it arrives, in path order,
and keeps only the lines the report prints (issue 10, "linear and flat")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import package_tree

from importlint import api, output
from importlint.model import FileResult, Violation

# walked in name order, `P/b/` comes before `P/b.py`; sorted by path, `P/b.py` comes first
TREE = {
    "P/b.py": "import os\nfrom P.x import y\n",
    "P/b/c.py": "from P.x import (\n    y,  # kept\n    z,\n)\n",
    "P/b_x.py": "from ... import far\n",
    "P/x.py": "y = z = 1\n",
}


def _expected(root: Path, fmt: str, statistics: bool = False) -> str:
    """The report as rendered from every result at once (what the CLI printed before it streamed)."""
    settings = api.load_settings([str(root / "P")])
    results = api.check_paths(["P/b_x.py", "P"], settings)
    violations = sorted((v for r in results for v in r.violations), key=Violation.sort_key)
    if statistics:
        return output.statistics(violations, fmt)
    return output.render(fmt, violations, {r.display: r.source for r in results if r.source is not None})


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif"])
def test_each_format_streams_the_same_report(tmp_path: Path, run_cli: Any, fmt: str, jobs: str) -> None:
    package_tree(tmp_path, TREE)
    result = run_cli(["check", "--no-cache", "-j", jobs, "--output-format", fmt, "P/b_x.py", "P"], cwd=tmp_path)
    assert result.rc == 1
    assert result.out == _expected(tmp_path, fmt)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_statistics_stream_the_same_counts(tmp_path: Path, run_cli: Any, fmt: str) -> None:
    package_tree(tmp_path, TREE)
    result = run_cli(["check", "--no-cache", "--statistics", "--output-format", fmt, "P/b_x.py", "P"], cwd=tmp_path)
    assert result.out == _expected(tmp_path, fmt, statistics=True)


def test_report_is_in_path_order_whatever_the_walk_or_the_arguments(tmp_path: Path, run_cli: Any) -> None:
    package_tree(tmp_path, TREE)
    result = run_cli(["check", "--no-cache", "--output-format", "concise", "P/b_x.py", "P"], cwd=tmp_path)
    assert [line.split(" ")[0] for line in result.out.splitlines()] == [
        "P/b.py:2:1:",
        "P/b/c.py:1:1:",
        "P/b_x.py:1:1:",
    ]
    assert result.err.splitlines()[0] == "Found 3 errors."


def test_a_report_result_keeps_only_the_reported_lines(tmp_path: Path) -> None:
    package_tree(tmp_path, {**TREE, "P/b/c.py": "import os\n" * 50 + TREE["P/b/c.py"] + "import sys\n" * 50})
    settings = api.load_settings([str(tmp_path / "P")])
    kept: list[FileResult] = []
    api.each_result([str(tmp_path / "P" / "b")], kept.append, settings, report=True)
    [init, module] = kept
    assert (init.violations, init.excerpt, init.source) == ([], None, None)
    assert module.source is None
    statement = TREE["P/b/c.py"]
    assert module.excerpt == [(51, 500, statement)]  # the statement's four lines, at line 51, offset 500


def test_diff_stays_in_the_order_found(tmp_path: Path, run_cli: Any) -> None:
    package_tree(tmp_path, TREE)
    result = run_cli(["check", "--diff", "P/b_x.py", "P"], cwd=tmp_path)
    headers = [line for line in result.out.splitlines() if line.startswith("--- ")]
    assert headers == ["--- P/b/c.py", "--- P/b.py"]  # as walked (the argument's file has no fix)


def test_a_pool_streams_the_same_report(tmp_path: Path, run_cli: Any) -> None:
    many = {f"P/m{i:02}.py": f"import os\nfrom P.x import y as y{i}\n" for i in range(40)}
    package_tree(tmp_path, {**TREE, **many})
    result = run_cli(["check", "--no-cache", "-j", "2", "P/b_x.py", "P"], cwd=tmp_path)
    assert result.out == _expected(tmp_path, "text")
    assert result.out.count("\nP/m") == 40


# stdin goes through the same report as a file (issue 11, "one report path")
PIPED = "from P.x import y\nfrom P.x import z  # noqa: IL001\nfrom ... import far\n"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="text"),
        pytest.param(["--output-format", "concise"], id="concise"),
        pytest.param(["--output-format", "json"], id="json"),
        pytest.param(["--output-format", "sarif"], id="sarif"),
        pytest.param(["--statistics"], id="statistics"),
        pytest.param(["--exit-zero"], id="exit-zero"),
        pytest.param(["-q"], id="quiet"),
        pytest.param(["--diff"], id="diff"),
    ],
)
def test_stdin_reports_exactly_as_the_file(tmp_path: Path, run_cli: Any, args: list[str]) -> None:
    package_tree(tmp_path, {**TREE, "P/m.py": PIPED})
    as_file = run_cli(["check", "--no-cache", *args, "P/m.py"], cwd=tmp_path)
    piped = run_cli(["check", *args, "-", "--stdin-filename", "P/m.py"], cwd=tmp_path, stdin=PIPED.encode())
    assert (piped.rc, piped.out, piped.err) == (as_file.rc, as_file.out, as_file.err)
    if not args:
        assert piped.err == "Found 2 errors.\n[*] 1 fixable with the `--fix` option.\n1 suppressed by `# noqa`.\n"


def test_stdin_fix_prints_the_code_and_reports_on_stderr(tmp_path: Path, run_cli: Any) -> None:
    package_tree(tmp_path, TREE)
    piped = run_cli(["check", "--fix", "-", "--stdin-filename", "P/m.py"], cwd=tmp_path, stdin=PIPED.encode())
    assert piped.out == "from .x import y\nfrom P.x import z  # noqa: IL001\nfrom ... import far\n"
    assert piped.err == (
        "P/m.py:3:1: IL003 relative import with 3 dots climbs above top-level package `P` (`P` allows at most 1)\n"
        "Found 2 errors (1 fixed, 1 remaining).\n"
        "1 suppressed by `# noqa`.\n"
    )
    assert piped.rc == 1


@pytest.mark.parametrize(("source", "rc"), [("from P.x import y\n", 1), ("from .x import y\n", 0)])
def test_stdin_fix_exit_non_zero_on_fix_as_for_files(tmp_path: Path, run_cli: Any, source: str, rc: int) -> None:
    package_tree(tmp_path, TREE)
    argv = ["check", "--fix", "--exit-non-zero-on-fix", "-", "--stdin-filename", "P/m.py"]
    piped = run_cli(argv, cwd=tmp_path, stdin=source.encode())
    assert (piped.rc, piped.out) == (rc, "from .x import y\n")
