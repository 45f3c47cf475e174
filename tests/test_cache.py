"""The persistent cache (importlint/cache.py): one sqlite3 database that a stale row can
never fool, that stamps vouch for only outside git's racy window, that concurrent runs
share safely, and whose trouble never fails a run; and the process pool's `--jobs`
never changes results."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree
from hypothesis import given
from hypothesis import strategies as st

from importlint import cache, sourcefile
from importlint.locate import LineTable
from importlint.model import Edit, Pos, Violation

SELF = "from P.a import x\n"
DB = Path(".importlint_cache") / cache.DB_NAME
LATER_NS = 10_000_000_000  # a run "10 s after the files were written": their stamps can vouch


BASE = {"P/a.py": "x = 1\n"}  # what every tree here has: the module P/m.py imports from


def report(run_cli: Any, args: list[str], cwd: Path) -> tuple[int, list[tuple[str, int, str]]]:
    result = run_cli(["check", "--output-format", "json", *args], cwd=cwd)
    assert result.err.count("warning") == 0, result.err
    return result.rc, [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)]


@contextlib.contextmanager
def database(root: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(root / DB)
    try:
        yield db
    finally:
        db.close()


def rows(root: Path) -> list[tuple[Any, ...]]:
    with database(root) as db:
        return sorted(db.execute("SELECT * FROM entries").fetchall())


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs happen well after the test wrote its files (stamps vouch for them)."""
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + LATER_NS)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the files sourcefile.read reads (from now on)."""
    seen: list[str] = []
    real = sourcefile.read

    def read(path: str) -> tuple[bytes, sourcefile.Snapshot]:
        seen.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(sourcefile, "read", read)
    yield seen


# -- one database -------------------------------------------------------------------------


def test_one_database_in_wal_mode_with_its_own_gitignore(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    report(run_cli, ["."], tmp_path)
    # sqlite's own -wal/-shm companions may stay beside the db (seen once on 3.9, most likely when
    # the run's and the whole-tree pass's connections closed together): both belong to the db
    names = {p.name for p in (tmp_path / ".importlint_cache").iterdir()}
    assert names - {f"{cache.DB_NAME}-wal", f"{cache.DB_NAME}-shm"} == {".gitignore", cache.DB_NAME}
    assert (tmp_path / ".importlint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    with database(tmp_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA user_version").fetchone() == (cache.SCHEMA,)
    assert sorted(os.fsdecode(r[1]) for r in rows(tmp_path)) == [
        str(tmp_path / name) for name in ("P/__init__.py", "P/a.py", "P/m.py")
    ]


def test_cache_dir_setting_moves_the_cache(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF, "importlint.toml": 'cache-dir = "build/.lint-cache"\n'}, packages=True)
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert not (tmp_path / ".importlint_cache").exists()
    assert (tmp_path / "build" / ".lint-cache" / cache.DB_NAME).is_file()


def test_no_cache_neither_reads_nor_writes_nor_imports_sqlite3(tmp_path: Path, repo_tree: RepoTree) -> None:
    repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    code = "import sys; from importlint.cli import main; rc = main(sys.argv[1:]); print(rc, 'sqlite3' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code, "check", "--no-cache", "-q", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.stdout.splitlines()[-1] == "1 False"
    assert not (tmp_path / ".importlint_cache").exists()


def test_settings_share_the_database(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF, "P/n.py": "from .missing import y\n"}, packages=True)
    everything = (1, [("P/m.py", 1, "IL001"), ("P/n.py", 1, "IL006")])
    assert report(run_cli, ["."], tmp_path) == everything
    assert report(run_cli, ["--select", "IL006", "."], tmp_path) == (1, [("P/n.py", 1, "IL006")])
    assert len({r[0] for r in rows(tmp_path)}) == 2  # two fingerprints, one file
    assert report(run_cli, ["."], tmp_path) == everything
    assert report(run_cli, ["--select", "IL006", "."], tmp_path) == (1, [("P/n.py", 1, "IL006")])


# -- stamps and git's racy rule -----------------------------------------------------------


def _same_size_edit(path: Path, text: str) -> None:
    """Rewrite the file in place with `text` (same size) and put its old mtime back."""
    before = path.stat()
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def test_a_racy_stamp_does_not_vouch_for_an_edit_that_keeps_it(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    repo_tree({**BASE, "P/m.py": "from .a  import x\n"}, packages=True)
    path = tmp_path / "P/m.py"
    # the run reads the file 1 ms after it was written: within the racy window
    monkeypatch.setattr(cache, "_now_ns", lambda: path.stat().st_mtime_ns + 1_000_000)
    assert report(run_cli, ["."], tmp_path) == (0, [])
    _same_size_edit(path, SELF)  # same size, same mtime, same inode
    reads.clear()
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert "m.py" in reads


def test_an_old_enough_stamp_vouches_without_reading(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, reads: list[str]
) -> None:
    repo_tree({**BASE, "P/m.py": "from .a  import x\n"}, packages=True)
    path = tmp_path / "P/m.py"
    assert report(run_cli, ["."], tmp_path) == (0, [])
    # a stamp that vouches is believed: nothing is read, not even this edit that keeps size,
    # mtime and inode of a file older than the racy window (the limit of every stat-based
    # cache: git without ctime, ruff, make)
    _same_size_edit(path, SELF)
    reads.clear()
    assert report(run_cli, ["."], tmp_path) == (0, [])
    assert reads == []
    path.write_text(SELF + "\n")  # a new size: read, hashed and checked
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert reads == ["m.py"]


def test_a_hash_verified_row_gets_a_stamp_that_vouches(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() - LATER_NS)  # every stamp racy
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + LATER_NS)
    reads.clear()
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert sorted(reads) == ["__init__.py", "a.py", "m.py"]  # hashed, same content: stamps refreshed
    reads.clear()
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert reads == []


def test_a_file_replaced_by_another_with_the_same_size_and_mtime_is_seen(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None
) -> None:
    repo_tree({**BASE, "P/m.py": "from .a  import x\n"}, packages=True)
    path = tmp_path / "P/m.py"
    assert report(run_cli, ["."], tmp_path) == (0, [])
    before = path.stat()
    (tmp_path / "new.py").write_text(SELF)
    os.utime(tmp_path / "new.py", ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(tmp_path / "new.py", path)  # as editors and git write files: a new inode
    assert report(run_cli, ["P"], tmp_path) == (1, [("P/m.py", 1, "IL001")])


def test_an_edit_keeping_size_and_mtime_right_after_a_run_is_seen(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    # the real clock: the files were written just now, so no stamp can vouch yet
    repo_tree({**BASE, "P/m.py": "from P.a import x\n"}, packages=True)
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    _same_size_edit(tmp_path / "P/m.py", "from .a  import x\n")
    assert report(run_cli, ["."], tmp_path) == (0, [])


# -- every tree fact a verdict used is asked again -----------------------------------------


def test_sibling_module_appearing_and_vanishing(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None) -> None:
    repo_tree({**BASE, "P/m.py": "from .b import y\n"}, packages=True)
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL006")])
    make_tree(tmp_path, {"P/b.py": "y = 2\n"})
    assert report(run_cli, ["P/m.py"], tmp_path) == (0, [])  # m.py's stamp vouches; the fact does not hold
    assert report(run_cli, ["P/m.py"], tmp_path) == (0, [])
    (tmp_path / "P/b.py").unlink()
    assert report(run_cli, ["P/m.py"], tmp_path) == (1, [("P/m.py", 1, "IL006")])


def test_init_file_changes_the_module_context(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None) -> None:
    repo_tree({**BASE, "P/sub/m.py": SELF}, packages=True)
    assert report(run_cli, ["."], tmp_path) == (1, [("P/sub/m.py", 1, "IL001")])
    (tmp_path / "P/sub/__init__.py").unlink()  # P/sub/ becomes a namespace portion: IL001 without a fix
    assert report(run_cli, ["."], tmp_path) == (1, [("P/sub/m.py", 1, "IL001")])
    assert "not fixed: `P/sub` has no `__init__.py`" in run_cli(["check", "."], cwd=tmp_path).out
    (tmp_path / "P/sub/__init__.py").write_text("")
    assert report(run_cli, ["."], tmp_path) == (1, [("P/sub/m.py", 1, "IL001")])
    assert "not fixed" not in run_cli(["check", "."], cwd=tmp_path).out


def test_a_fact_shared_by_files_is_asked_once_per_run_and_again_next_run(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlint.tree import PackageTree

    files = {f"P/m{k}.py": "from .b import y\n" for k in range(3)}
    repo_tree({**BASE, **files}, packages=True)
    missing = [("P/m0.py", 1, "IL006"), ("P/m1.py", 1, "IL006"), ("P/m2.py", 1, "IL006")]
    assert report(run_cli, ["."], tmp_path) == (1, missing)
    asked: list[str] = []
    real = PackageTree.facts_hold

    def facts_hold(tree: PackageTree, facts: Any) -> bool:
        facts = list(facts)
        asked.extend(name for name, args, _ in facts if name == "module_exists" and args[0] == "P.b")
        return real(tree, facts)

    monkeypatch.setattr(PackageTree, "facts_hold", facts_hold)
    assert report(run_cli, ["."], tmp_path) == (1, missing)  # three verdicts used it; it is asked once
    assert asked == ["module_exists"]
    make_tree(tmp_path, {"P/b.py": "y = 2\n"})
    assert report(run_cli, ["."], tmp_path) == (0, [])  # the next run asks it again, and sees P/b.py
    assert asked == ["module_exists"] * 2


def test_a_warm_run_reads_its_rows_a_chunk_at_a_time(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo_tree({**BASE, **{f"P/m{k}.py": SELF for k in range(5)}}, packages=True)  # and P/__init__.py, P/a.py
    expected = report(run_cli, ["."], tmp_path)
    queries: list[str] = []
    real = cache._Database.select

    def select(db: Any, query: str, args: tuple[Any, ...]) -> list[Any]:
        queries.extend(["entries"] if "FROM entries" in query else [])
        return real(db, query, args)

    monkeypatch.setattr(cache._Database, "select", select)
    assert report(run_cli, ["."], tmp_path) == expected
    assert len(queries) == 1  # seven files, one query
    queries.clear()
    monkeypatch.setattr(cache, "_READ_CHUNK", 2)
    assert report(run_cli, ["."], tmp_path) == expected
    assert len(queries) == 4  # seven files in chunks of two
    queries.clear()
    make_tree(tmp_path, {"P/m3.py": "x = 3\n"})  # a miss among hits: its row is replaced
    assert report(run_cli, ["."], tmp_path) == (1, [p for p in expected[1] if p[0] != "P/m3.py"])
    assert len(queries) == 4


@pytest.mark.skipif(os.name != "posix", reason="the one-lstat real path is POSIX's")
def test_the_tree_resolves_real_paths_as_realpath_does(tmp_path: Path) -> None:
    from importlint.tree import PackageTree

    make_tree(tmp_path, {"real/P/__init__.py": "", "real/P/m.py": ""})
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real/P/alias.py").symlink_to(tmp_path / "real/P/m.py")
    (tmp_path / "real/P/dangling.py").symlink_to("nowhere.py")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    tree = PackageTree()
    for spelled in [
        "real/P/m.py",
        "link/P/m.py",
        "link/P/alias.py",
        "link/P/dangling.py",
        "link/P/gone.py",
        "loop/m.py",
    ]:
        path = str(tmp_path / spelled)
        assert tree._realpath(path) == os.path.realpath(path), spelled
        assert tree._realpath(path) == os.path.realpath(path), spelled  # memoized: the same


# -- the report from the cache ------------------------------------------------------------

REPORTED = {
    "P/m.py": "import os\n" * 5 + "from P.a import (\n    x,\n)\n" + "y = 1\n" * 3 + "from P.a import x as z  # é\n",
    "P/long.py": "from P.a import (\n    a,\n    b,\n    c,\n    d,\n    e,\n)\n",
    "P/crlf.py": "import os\r\n\r\nfrom P.a import x\r\n",
    "P/cr.py": "x = 1\r\r\rfrom P.a import x\r",
    "P/tab.py": "if True:\n\tfrom P.a import x\n",
}


def test_a_cached_text_report_is_the_fresh_one_without_reading(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, reads: list[str]
) -> None:
    repo_tree({**BASE, **REPORTED, "P/n.py": "from .missing import y\n"}, packages=True)
    fresh = run_cli(["check", "--no-cache", "."], cwd=tmp_path)
    assert fresh.out.count("|") > 20  # the excerpts are there to compare
    assert run_cli(["check", "."], cwd=tmp_path).out == fresh.out
    reads.clear()
    cached = run_cli(["check", "."], cwd=tmp_path)
    assert reads == []
    assert (cached.rc, cached.out, cached.err) == (fresh.rc, fresh.out, fresh.err)


_LINE_TEXT = st.text(alphabet=st.sampled_from("ab é\t#\x0c"), max_size=6)
_BREAK = st.sampled_from(["\n", "\r\n", "\r"])


@given(st.lists(st.tuples(_LINE_TEXT, _BREAK), min_size=1, max_size=12), st.data())
def test_the_sparse_source_has_the_reported_text_where_the_file_has_it(
    lines: list[tuple[str, str]], data: st.DataObject
) -> None:
    source = "".join(text + brk for text, brk in lines)
    if data.draw(st.booleans()):
        source = source.rstrip("\r\n")  # no final line break
    table = LineTable(source)
    count = len(table.starts)
    violations = []
    for _ in range(data.draw(st.integers(1, 3))):
        first = data.draw(st.integers(1, count))
        last = data.draw(st.integers(first, count + 1))
        start = data.draw(st.integers(table.starts[first - 1], len(source)))
        edit = Edit(start, data.draw(st.integers(start, len(source))), "fixed") if data.draw(st.booleans()) else None
        violations.append(Violation("m.py", Pos(first, 1), Pos(last, 1), "IL001", "message", edit))
    sparse = LineTable(cache.sparse_source(cache.report_lines(source, violations)))
    for v in violations:
        assert min(v.end.line, len(sparse.starts)) == min(v.end.line, count)
        for number in range(v.start.line, min(v.end.line, count) + 1):
            assert sparse.line(number) == table.line(number)
        if v.fix is not None:
            assert sparse.text[v.fix.start : v.fix.end] == source[v.fix.start : v.fix.end]


# -- writes: only what changed ------------------------------------------------------------


def test_a_warm_run_writes_nothing_and_an_edit_writes_one_row(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None
) -> None:
    repo_tree({**BASE, "P/m.py": SELF, "P/n.py": "from .a import x\n"}, packages=True)
    report(run_cli, ["."], tmp_path)
    before, stat = rows(tmp_path), (tmp_path / DB).stat()
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert rows(tmp_path) == before
    assert ((tmp_path / DB).stat().st_mtime_ns, (tmp_path / DB).stat().st_size) == (stat.st_mtime_ns, stat.st_size)
    (tmp_path / "P/n.py").write_text("from P.a import y\n")
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001"), ("P/n.py", 1, "IL001")])
    changed = [os.fsdecode(r[1]) for r in sorted(set(rows(tmp_path)) - set(before))]
    assert changed == [str(tmp_path / "P/n.py")]


def test_fix_after_a_cached_check_fixes(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None) -> None:
    repo_tree({**BASE, "P/m.py": SELF, "P/clean.py": "from .a import x\n"}, packages=True)
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert run_cli(["check", "--fix", "."], cwd=tmp_path).rc == 0  # the cached fix is re-run and written
    assert (tmp_path / "P/m.py").read_text() == "from .a import x\n"
    assert report(run_cli, ["."], tmp_path) == (0, [])  # the cache holds the fixed file's verdict


def test_diff_does_not_write_the_cache(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    assert run_cli(["check", "--diff", "."], cwd=tmp_path).rc == 1
    assert not (tmp_path / ".importlint_cache").exists()


# -- trouble with the database costs the cache, never the run -----------------------------


def _fill(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    assert report(run_cli, ["."], root) == (1, [("P/m.py", 1, "IL001")])


def _warned(result: Any, reason: str, root: Path) -> None:
    assert result.err.splitlines()[0] == f"importlint: warning: not using the cache {root / DB}: {reason}"
    assert result.err.count("warning") == 1
    assert "Traceback" not in result.err


def test_a_damaged_database_is_reported_once_and_skipped(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    _fill(repo_tree, run_cli)
    (tmp_path / DB).write_bytes(b"\x00garbage" * 1000)
    for _ in range(2):
        result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
        assert (result.rc, [v["code"] for v in json.loads(result.out)]) == (1, ["IL001"])
        _warned(result, "file is not a database", tmp_path)
    assert (tmp_path / DB).read_bytes() == b"\x00garbage" * 1000


def test_a_foreign_database_is_left_alone(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    (tmp_path / ".importlint_cache").mkdir()
    with database(tmp_path) as db:
        db.execute("CREATE TABLE entries (x)")
        db.commit()
    result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert (result.rc, [v["code"] for v in json.loads(result.out)]) == (1, ["IL001"])
    _warned(result, "the file is not an importlint cache of this version; delete it", tmp_path)
    with database(tmp_path) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (0,)


def test_a_database_locked_too_long_costs_this_run_its_writes(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(repo_tree, run_cli)
    (tmp_path / "P/n.py").write_text(SELF)
    monkeypatch.setattr(cache, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(tmp_path / DB, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of its write
    try:
        result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (result.rc, [(v["path"], v["code"]) for v in json.loads(result.out)]) == (
        1, [("P/m.py", "IL001"), ("P/n.py", "IL001")]
    )  # fmt: skip
    _warned(result, "database is locked", tmp_path)
    assert str(tmp_path / "P/n.py") not in {os.fsdecode(r[1]) for r in rows(tmp_path)}
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001"), ("P/n.py", 1, "IL001")])


def test_an_unwritable_cache_directory_is_reported_once(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF}, packages=True)
    (tmp_path / ".importlint_cache").write_text("a file where the cache directory goes")
    result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert (result.rc, [v["code"] for v in json.loads(result.out)]) == (1, ["IL001"])
    assert result.err.startswith(f"importlint: warning: not using the cache {tmp_path / DB}: ")
    assert result.err.count("warning") == 1


# -- the pool and concurrent runs ---------------------------------------------------------


def _many_files(repo_tree: RepoTree, count: int, prefix: str = "P/m", root: Path | None = None) -> None:
    files = {f"{prefix}{i:03d}.py": SELF if i % 3 else "from .missing import y\n" for i in range(count)}
    repo_tree({**BASE, **files}, packages=True, root=root)


def test_jobs_do_not_change_results_or_their_order(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    _many_files(repo_tree, 60)
    one = run_cli(["check", "--no-cache", "--jobs", "1", "--output-format", "json", "."], cwd=tmp_path)
    two = run_cli(["check", "--no-cache", "--jobs", "2", "--output-format", "json", "."], cwd=tmp_path)
    assert (one.rc, one.out) == (two.rc, two.out)
    assert len(json.loads(one.out)) == 60


def test_jobs_fix_results_match(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    _many_files(repo_tree, 40, root=tmp_path / "a")
    _many_files(repo_tree, 40, root=tmp_path / "b")
    ra = run_cli(["check", "--fix", "--no-cache", "--jobs", "1", "--output-format", "json", "."], cwd=tmp_path / "a")
    rb = run_cli(["check", "--fix", "--no-cache", "--jobs", "2", "--output-format", "json", "."], cwd=tmp_path / "b")
    assert (ra.rc, ra.out) == (rb.rc, rb.out)
    for i in range(40):
        name = f"P/m{i:03d}.py"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    command = [sys.executable, "-m", "importlint", "check", "--output-format", "json", *args]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def _found(out: str) -> list[tuple[str, str]]:
    return [(v["path"], v["code"]) for v in json.loads(out)]


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path, repo_tree: RepoTree) -> None:
    """Runs started at once (as pre-commit may), one of them fixing, on one tree and one
    cache: each gives its own right answer, and the cache agrees with a fresh check after."""
    _many_files(repo_tree, 40, "P/check/m")
    _many_files(repo_tree, 40, "P/fixme/m")
    expected = [(f"P/check/m{i:03d}.py", "IL001" if i % 3 else "IL006") for i in range(40)]
    unfixable = [(f"P/fixme/m{i:03d}.py", "IL006") for i in range(0, 40, 3)]
    runs = [("P/check",), ("--jobs", "2", "P/check"), ("--fix", "--jobs", "2", "P/fixme"), ("--jobs", "1", "P/check")]
    # round 1 creates the database (all at once); round 2 finds it open while the pools
    # fork (every P/check file edited: misses); round 3 reads it only
    for step in range(3):
        if step == 1:
            for path in (tmp_path / "P/check").glob("m*.py"):
                path.write_text(path.read_text() + "# edited\n")
        with ThreadPoolExecutor(len(runs)) as pool:
            outcomes = list(pool.map(lambda args: _cli(tmp_path, *args), runs))
        for args, (rc, out, err) in zip(runs, outcomes):
            assert (rc, err.count("warning"), "Traceback" in err) == (1, 0, False), (step, args, err)
            assert _found(out) == (unfixable if "--fix" in args else expected)
    assert (tmp_path / "P/fixme/m001.py").read_text() == "from ..a import x\n"
    warm, fresh = _cli(tmp_path, "."), _cli(tmp_path, "--no-cache", ".")
    assert warm[:2] == fresh[:2]
    assert sorted(_found(warm[1])) == sorted(expected + unfixable)
    with database(tmp_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_damaged_row_is_a_missing_one(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None) -> None:
    _fill(repo_tree, run_cli)
    with database(tmp_path) as db:
        db.execute('UPDATE entries SET size=\'x\', verdict=\'[["m","",false,"/"],[],[[1,2]],0,null]\'')
        db.commit()
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])
    assert report(run_cli, ["."], tmp_path) == (1, [("P/m.py", 1, "IL001")])  # and replaced
    assert all(r[3] != "x" for r in rows(tmp_path))


def test_a_warm_pooled_run_with_a_few_misses_reports_every_file(repo_tree: RepoTree, run_cli: Any) -> None:
    """Hits before the first miss are reported at once; the misses (too few for a pool)
    then run here, and every file is reported exactly once, in order."""
    files = {"P/__init__.py": "", "P/a.py": "x = 1\n"}
    files.update({f"P/m{i:02d}.py": "from .a import x\n" for i in range(30)})
    root = repo_tree(files, packages=True)
    assert report(run_cli, ["--jobs", "2", "."], root) == (0, [])
    (root / "P" / "m17.py").write_text("from P.a import x\n")
    (root / "P" / "m29.py").write_text("from P.a import x\n")
    expected = [("P/m17.py", 1, "IL001"), ("P/m29.py", 1, "IL001")]
    assert report(run_cli, ["--jobs", "2", "."], root) == (1, expected)
    assert report(run_cli, ["--jobs", "2", "."], root) == (1, expected)


# -- what is not cacheable is told by a flag, not by the message's words -------------------


def _process(path: Path, run: Any = None) -> tuple[Any, Any]:
    from importlint import runner
    from importlint.discovery import SourceFile
    from importlint.engine import Linter
    from importlint.settings import Settings

    settings = Settings()
    linter = Linter(runner.make_tree(settings), settings)
    if run is not None:
        linter.run = run  # type: ignore[method-assign]
    task = runner._Task(SourceFile(path.name, str(path)), None, None)
    return runner.process(task, linter, runner.Mode(fix=False, write=False, keep_text=False))


def test_an_unreadable_file_gives_a_result_the_cache_does_not_keep(tmp_path: Path) -> None:
    result, entry = _process(tmp_path / "gone.py")
    assert [(v.code, v.message) for v in result.violations] == [
        ("IL000", "cannot read the file: No such file or directory")
    ]
    assert (result.cacheable, entry) == (False, None)


def test_the_runner_keeps_whatever_the_flag_allows(tmp_path: Path) -> None:
    from importlint.model import FileResult

    path = tmp_path / "m.py"
    path.write_text("x = 1\n")
    # a verdict whose message happens to start like a read error is still a verdict
    said = Violation("m.py", Pos(1, 1), Pos(1, 1), "IL000", "cannot read this as Python")
    result, entry = _process(path, lambda *args: FileResult("m.py", [said]))
    assert (result.cacheable, entry is not None) == (True, True)
    result, entry = _process(path, lambda *args: FileResult("m.py", [], cacheable=False))
    assert entry is None
