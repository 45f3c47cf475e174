"""The persistent cache and the process pool: a stale entry never hides or invents a
violation, concurrent runs share the cache safely, and `--jobs` never changes results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from conftest import make_tree, package_tree

SELF = "from P.a import x\n"


def project(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)  # the config search stops here
    package_tree(root, {"P/a.py": "x = 1\n", **files})
    return root


def report(run_cli: Any, args: list[str], cwd: Path) -> tuple[int, list[tuple[str, int, str]]]:
    result = run_cli(["check", "--output-format", "json", *args], cwd=cwd)
    return result.rc, [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)]


def cache_files(root: Path) -> list[Path]:
    return sorted((root / ".importlint_cache").glob("*.json"))


def test_cache_is_written_with_its_own_gitignore(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    report(run_cli, ["."], tmp_path)
    assert len(cache_files(tmp_path)) == 1
    assert (tmp_path / ".importlint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_cache_dir_setting_moves_the_cache(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    make_tree(tmp_path, {"importlint.toml": 'cache-dir = "build/.lint-cache"\n'})
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert not (tmp_path / ".importlint_cache").exists()
    assert list((tmp_path / "build" / ".lint-cache").glob("*.json"))


def test_an_edit_keeping_size_and_mtime_is_still_seen(tmp_path: Path, run_cli: Any) -> None:
    # the key is the content, not the stat: a same-size edit with the old mtime is noticed
    project(tmp_path, {"P/m.py": "from P.a import x\n"})
    path = tmp_path / "P/m.py"
    before = path.stat()
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    path.write_text("from .a  import x\n")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert report(run_cli, ["."], tmp_path) == (0, [])


def test_sibling_module_appearing_and_vanishing(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": "from .b import y\n"})
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL006")])
    make_tree(tmp_path, {"P/b.py": "y = 2\n"})
    assert report(run_cli, ["P/m.py"], tmp_path) == (0, [])  # cached verdict for m.py must not hide this
    (tmp_path / "P/b.py").unlink()
    assert report(run_cli, ["P/m.py"], tmp_path) == (1, [("P/m.py", 1, "IL006")])


def test_init_file_changes_the_module_context(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/sub/m.py": SELF})
    assert report(run_cli, ["."], tmp_path) == (1, [("P/sub/m.py", 1, "IL001")])
    (tmp_path / "P/sub/__init__.py").unlink()  # P/sub/ becomes a namespace portion: IL001 without a fix
    assert report(run_cli, ["."], tmp_path) == (1, [("P/sub/m.py", 1, "IL001")])
    assert "not fixed: `P/sub` has no `__init__.py`" in run_cli(["check", "."], cwd=tmp_path).out
    (tmp_path / "P/sub/__init__.py").write_text("")
    assert report(run_cli, ["."], tmp_path) == (1, [("P/sub/m.py", 1, "IL001")])


def test_a_damaged_cache_is_an_empty_one(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    report(run_cli, ["."], tmp_path)
    for path in cache_files(tmp_path):
        path.write_text('{"' + str(tmp_path / "P/m.py") + '": [1, 2]}')  # wrong shape
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    for path in cache_files(tmp_path):
        path.write_bytes(b"\x00garbage")
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])


def test_fix_after_a_cached_check_fixes(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF, "P/clean.py": "from .a import x\n"})
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert run_cli(["check", "--fix", "."], cwd=tmp_path).rc == 0
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"
    assert report(run_cli, ["."], tmp_path) == (0, [])  # the cache holds the fixed file's verdict


def test_diff_does_not_write_the_cache(tmp_path: Path, run_cli: Any) -> None:
    project(tmp_path, {"P/m.py": SELF})
    assert run_cli(["check", "--diff", "."], cwd=tmp_path).rc == 1
    assert not (tmp_path / ".importlint_cache").exists()


def _many_files(root: Path, count: int) -> None:
    files = {f"P/m{i:03d}.py": SELF if i % 3 else "from .missing import y\n" for i in range(count)}
    project(root, files)


def test_jobs_do_not_change_results_or_their_order(tmp_path: Path, run_cli: Any) -> None:
    _many_files(tmp_path, 60)
    one = run_cli(["check", "--no-cache", "--jobs", "1", "--output-format", "json", "."], cwd=tmp_path)
    two = run_cli(["check", "--no-cache", "--jobs", "2", "--output-format", "json", "."], cwd=tmp_path)
    assert (one.rc, one.out) == (two.rc, two.out)
    assert len(json.loads(one.out)) == 60


def test_jobs_fix_results_match(tmp_path: Path, run_cli: Any) -> None:
    _many_files(tmp_path / "a", 40)
    _many_files(tmp_path / "b", 40)
    ra = run_cli(["check", "--fix", "--no-cache", "--jobs", "1", "--output-format", "json", "."], cwd=tmp_path / "a")
    rb = run_cli(["check", "--fix", "--no-cache", "--jobs", "2", "--output-format", "json", "."], cwd=tmp_path / "b")
    assert (ra.rc, ra.out) == (rb.rc, rb.out)
    for i in range(40):
        name = f"P/m{i:03d}.py"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    """Runs started at once (as pre-commit may) never crash, corrupt the cache or disagree."""
    _many_files(tmp_path, 50)
    command = [sys.executable, "-m", "importlint", "check", "--output-format", "json", "."]

    def run(_: int) -> tuple[int, str, str]:
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout, done.stderr

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(run, range(12)))
    reference = outcomes[0][1]
    assert len(json.loads(reference)) == 50
    for rc, out, err in outcomes:
        assert (rc, out) == (1, reference)
        assert "Traceback" not in err
    for path in cache_files(tmp_path):
        json.loads(path.read_text())  # still a whole, valid cache
    assert not [p for p in (tmp_path / ".importlint_cache").iterdir() if p.name.startswith(".tmp-")]
