"""Fixture trees: one scenario per directory under `fixtures/` (DESIGN.md section 6, item 3).

A case directory holds:

- `project/`      the tree that gets linted (always copied to tmp_path: never linted in place);
- `args`          optional extra CLI arguments, one per line;
- `expected.json` the output of `importlint check --output-format json .` (plus args) run in a copy
                  of project/; the exit code must be 1 if it lists violations, else 0;
- `fixed/`        only the files that `check --fix` changes, as they must read afterwards;
- `expected_error.txt` instead of the two above for a configuration error: the exact single stderr
                  line; exit code 2, nothing on stdout, nothing written.

The `--fix` run must leave every file that is not in fixed/ byte for byte as it was, with its
mtime; add no files (no temporary files left behind); list only the violations that are not
fixable; and a second `--fix` must change nothing.

`pytest --update-fixtures` rewrites expected.json, fixed/ and expected_error.txt from the current
behaviour instead of comparing, so a reviewer reads the diff (ruff's snapshot workflow).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONTRACT_KEYS = ["path", "line", "column", "end_line", "end_column", "code", "message", "fixable", "fix"]
OLD_MTIME_NS = 1_000_000_000 * 10**9  # 2001-09-09: any rewrite of a file moves its mtime away from this
CACHE_DIR = ".importlint_cache"  # the tool's persistent cache is neither a source file nor a temporary file


def _cases() -> list[Any]:
    cases = sorted(p for p in FIXTURES.iterdir() if (p / "project").is_dir())
    return [pytest.param(case, id=case.name) for case in cases]


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below root (relative posix path -> bytes, mtime in ns), the cache excluded."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != CACHE_DIR)
        for name in filenames:
            path = Path(dirpath, name)
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {rel: data for rel, (data, _) in _snapshot(root).items()} if root.is_dir() else {}


def _copy_project(case: Path, dst: Path) -> Path:
    shutil.copytree(case / "project", dst, symlinks=True)
    for dirpath, _, filenames in os.walk(dst):
        for name in filenames:
            os.utime(Path(dirpath, name), ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    return dst


def _args(case: Path) -> list[str]:
    path = case / "args"
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _dump(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2, ensure_ascii=False) + "\n"


def _parse_report(out: str) -> list[dict[str, Any]]:
    report = json.loads(out)
    assert isinstance(report, list), out
    for violation in report:
        assert list(violation) == CONTRACT_KEYS, violation
    return report


def _update(case: Path, tmp_path: Path, run_cli: Any, args: list[str]) -> None:
    """Rewrite the case's expectations from what the tool does now."""
    lint_dir = _copy_project(case, tmp_path / "update-lint")
    result = run_cli(["check", "--output-format", "json", ".", *args], cwd=lint_dir)
    for stale in ("expected.json", "expected_error.txt"):
        (case / stale).unlink(missing_ok=True)
    shutil.rmtree(case / "fixed", ignore_errors=True)
    if result.rc == 2:
        (case / "expected_error.txt").write_text(result.err, encoding="utf-8")
        return
    (case / "expected.json").write_text(_dump(_parse_report(result.out)), encoding="utf-8")
    fix_dir = _copy_project(case, tmp_path / "update-fix")
    run_cli(["check", "--fix", "--output-format", "json", ".", *args], cwd=fix_dir)
    before, after = _files(case / "project"), _files(fix_dir)
    for rel, data in sorted(after.items()):
        if before.get(rel) != data:
            target = case / "fixed" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _check_error_case(case: Path, tmp_path: Path, run_cli: Any, args: list[str]) -> None:
    expected = (case / "expected_error.txt").read_text(encoding="utf-8")
    assert expected.endswith("\n") and expected.count("\n") == 1, "expected_error.txt holds one line"
    assert expected.startswith("importlint: error: ")
    for name, argv in (
        ("lint", ["check", "--output-format", "json", ".", *args]),
        ("fix", ["check", "--fix", ".", *args]),
    ):
        work = _copy_project(case, tmp_path / name)
        before = _snapshot(work)
        result = run_cli(argv, cwd=work)
        assert (result.rc, result.out, result.err) == (2, "", expected), name
        assert _snapshot(work) == before, f"{name}: a configuration error must write nothing"


@pytest.mark.parametrize("case", _cases())
def test_fixture(case: Path, tmp_path: Path, run_cli: Any, request: pytest.FixtureRequest) -> None:
    (tmp_path / ".git").mkdir()  # the repository root: the config search never leaves tmp_path
    args = _args(case)
    if request.config.getoption("--update-fixtures"):
        _update(case, tmp_path, run_cli, args)

    if (case / "expected_error.txt").exists():
        _check_error_case(case, tmp_path, run_cli, args)
        return

    original = _files(case / "project")
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    fixed = _files(case / "fixed")
    for rel, data in fixed.items():
        assert rel in original, f"fixed/{rel} has no counterpart in project/"
        assert data != original[rel], f"fixed/{rel} is identical to project/{rel}: drop it from fixed/"

    # 1. check: the report, the exit code, and nothing written
    lint_dir = _copy_project(case, tmp_path / "lint")
    before = _snapshot(lint_dir)
    result = run_cli(["check", "--output-format", "json", ".", *args], cwd=lint_dir)
    assert _parse_report(result.out) == expected
    assert result.err == ""
    assert result.rc == (1 if expected else 0)
    assert _snapshot(lint_dir) == before, "check without --fix wrote to the tree"

    # 2. --fix on a fresh copy: changed files match fixed/, all others keep their bytes and mtime
    fix_dir = _copy_project(case, tmp_path / "fix")
    result = run_cli(["check", "--fix", "--output-format", "json", ".", *args], cwd=fix_dir)
    remaining = [v for v in expected if not v["fixable"]]
    assert _parse_report(result.out) == remaining
    assert result.err == ""
    assert result.rc == (1 if remaining else 0)
    after = _snapshot(fix_dir)
    assert sorted(after) == sorted(original), "--fix added or removed files"
    for rel, (data, mtime_ns) in sorted(after.items()):
        if rel in fixed:
            assert data == fixed[rel], f"{rel}: fixed content differs from fixed/{rel}"
        else:
            assert data == original[rel], f"{rel}: changed by --fix but absent from fixed/"
            assert mtime_ns == OLD_MTIME_NS, f"{rel}: unchanged but rewritten (mtime moved)"

    # 3. a second --fix changes nothing
    again = run_cli(["check", "--fix", "--output-format", "json", ".", *args], cwd=fix_dir)
    assert _snapshot(fix_dir) == after, "a second --fix changed the tree"
    assert _parse_report(again.out) == remaining
    assert again.rc == (1 if remaining else 0)
