"""The whole-tree pass's import records in the cache (importlint/cache.py `RecordCache`): a
warm run parses no file, an edit re-parses exactly the edited file and IL007/IL008 follow
it, a racy stamp is never trusted, and `--no-cache` or a broken database costs nothing
but the parsing.

The runs use `--jobs 1`, so the whole-tree pass runs in this process and a spy on
`importlint.graph.records.records` sees every file it parses."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import RepoTree, make_tree

from importlint import cache
from importlint.graph import records as graph_records
from importlint.graph import simulate

LATER_NS = 10_000_000_000  # a run "10 s after the files were written": their stamps can vouch
DB = Path(".importlint_cache") / cache.DB_NAME

# importing P.a runs P.b, whose second line reads `x` from P.a before P.a binds it
BROKEN_A = "from .b import y\nx = 1\n"
FIXED_A = "x = 1\nfrom .b import y\n"  # the same size: an edit that can keep size and mtime
B = "y = 2\nfrom .a import x\n"
IL008_AT_B = [("P/b.py", 2, "IL008")]


def check(run_cli: Any, root: Path, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    result = run_cli(["check", "--jobs", "1", "--output-format", "json", *args, "."], cwd=root)
    assert result.err.count("warning") == 0, result.err
    return result.rc, [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)]


def named(run_cli: Any, root: Path, *paths: str) -> tuple[int, list[tuple[str, int, str]]]:
    result = run_cli(["check", "--jobs", "1", "--output-format", "json", *paths], cwd=root)
    assert result.err.count("warning") == 0, result.err
    return result.rc, [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)]


def record_rows(root: Path, db_path: Path = DB) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(root / db_path)
    try:
        return sorted(db.execute("SELECT * FROM records").fetchall())
    finally:
        db.close()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """The files (relative to tmp_path, with `/`) whose records are computed from now on."""
    seen: list[str] = []
    real = graph_records.records

    def spy(path: str, raw: bytes) -> graph_records.FileRecords:
        seen.append(Path(path).relative_to(tmp_path).as_posix())
        return real(path, raw)

    monkeypatch.setattr(graph_records, "records", spy)
    yield seen


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """The files whose bytes the record cache reads (to hash them, and parse if they changed)."""
    seen: list[str] = []
    real = cache._read_regular

    def spy(path: str, info: os.stat_result) -> tuple[bytes, bool]:
        seen.append(Path(path).relative_to(tmp_path).as_posix())
        return real(path, info)

    monkeypatch.setattr(cache, "_read_regular", spy)
    yield seen


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs happen well after the test wrote its files (stamps vouch for them)."""
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + LATER_NS)


def racy_clock(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Runs read the files 1 ms after `path` was written: within the racy window."""
    monkeypatch.setattr(cache, "_now_ns", lambda: path.stat().st_mtime_ns + 1_000_000)


def edit_keeping_stamp(path: Path, text: str) -> None:
    """Rewrite the file in place with the same size, mtime and inode."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def edit(path: Path, text: str) -> None:
    """Rewrite the file with a later mtime (as an editor does, a second later)."""
    before = path.stat()
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


PACKAGE = ["P/__init__.py", "P/a.py", "P/b.py"]


# -- warm runs parse nothing ----------------------------------------------------------------


def test_a_warm_run_parses_no_file(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert sorted(parsed) == PACKAGE
    parsed.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == []


def test_a_run_on_some_files_parses_only_the_edited_ones_of_the_package(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    # pre-commit names only some files: IL008 still reads every module of P, from the cache
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B, "P/c.py": "z = 3\n"}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    parsed.clear()
    assert named(run_cli, tmp_path, "P/b.py", "P/c.py") == (1, IL008_AT_B)
    assert parsed == []
    edit(tmp_path / "P/a.py", FIXED_A)  # not named, but it decides b.py's verdict
    assert named(run_cli, tmp_path, "P/b.py", "P/c.py") == (0, [])
    assert parsed == ["P/a.py"]


def test_a_warm_run_writes_no_record_and_an_edit_writes_one_row(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    check(run_cli, tmp_path)
    before = record_rows(tmp_path)
    assert sorted(os.fsdecode(row[1]) for row in before) == [str(tmp_path / name) for name in PACKAGE]
    wal = tmp_path / DB.parent / (DB.name + "-wal")
    files = [p for p in (tmp_path / DB, wal) if p.exists()]
    stamps = [(p.stat().st_mtime_ns, p.stat().st_size) for p in files]
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert record_rows(tmp_path) == before
    assert [(p.stat().st_mtime_ns, p.stat().st_size) for p in files] == stamps
    edit(tmp_path / "P/a.py", FIXED_A)
    assert check(run_cli, tmp_path) == (0, [])
    changed = [os.fsdecode(row[1]) for row in sorted(set(record_rows(tmp_path)) - set(before))]
    assert changed == [str(tmp_path / "P/a.py")]


# -- edits: exactly the edited file is parsed again, and the verdict follows -------------


def test_an_edit_reparses_that_file_and_il008_follows(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    parsed.clear()
    edit(tmp_path / "P/a.py", FIXED_A)
    assert check(run_cli, tmp_path) == (0, [])
    assert parsed == ["P/a.py"]
    parsed.clear()
    edit(tmp_path / "P/a.py", BROKEN_A)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == ["P/a.py"]


def test_a_racy_stamp_does_not_vouch_for_an_edit_that_keeps_it(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    racy_clock(monkeypatch, tmp_path / "P/a.py")
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    parsed.clear()
    edit_keeping_stamp(tmp_path / "P/a.py", FIXED_A)  # the stat stamp in the row still matches
    assert check(run_cli, tmp_path) == (0, [])
    assert parsed == ["P/a.py"]
    parsed.clear()
    edit_keeping_stamp(tmp_path / "P/a.py", BROKEN_A)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == ["P/a.py"]


def test_a_racy_stamp_is_hashed_and_an_old_one_trusted(
    tmp_path: Path,
    repo_tree: RepoTree,
    run_cli: Any,
    monkeypatch: pytest.MonkeyPatch,
    parsed: list[str],
    read: list[str],
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() - LATER_NS)  # every stamp racy
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    read.clear()
    parsed.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert (sorted(read), parsed) == (PACKAGE, [])  # read and hashed, the same content: not parsed
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + LATER_NS)
    read.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert (sorted(read), parsed) == (PACKAGE, [])  # hashed once more: now their stamps can vouch
    read.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert (read, parsed) == ([], [])  # the stamps vouch: nothing read


def test_an_old_stamp_vouches_even_for_an_edit_that_keeps_it(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    # the limit of every stat-based cache (git without ctime, make): a file older than the
    # racy window rewritten in place with its size and mtime restored is not looked at;
    # this proves the stamp is what a non-racy hit rests on (test_cache.py does the same)
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path, "--select", "IL008") == (1, IL008_AT_B)
    parsed.clear()
    edit_keeping_stamp(tmp_path / "P/a.py", FIXED_A)
    assert check(run_cli, tmp_path, "--select", "IL008") == (1, IL008_AT_B)
    assert parsed == []


def test_a_fix_runs_the_tree_pass_on_the_fixed_files_and_caches_them(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": "y = 2\nfrom P.a import x\n"}, packages=True)
    assert check(run_cli, tmp_path) == (1, [("P/b.py", 2, "IL001"), ("P/b.py", 2, "IL008")])
    parsed.clear()
    assert check(run_cli, tmp_path, "--fix") == (1, IL008_AT_B)
    assert (tmp_path / "P/b.py").read_text() == B
    assert parsed == ["P/b.py"]  # the whole-tree pass read b.py as the fix left it
    parsed.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == []


# -- modules appearing and vanishing ------------------------------------------------------


def test_adding_and_deleting_a_module_changes_the_verdict_on_a_warm_run(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": "y = 2\n"}, packages=True)
    assert check(run_cli, tmp_path) == (0, [])
    parsed.clear()
    # a package P/b/ wins over P/b.py, and it imports P.a, which imports it back: each one
    # reads a name from the other before the other binds it (entries P.a and P.b)
    make_tree(tmp_path, {"P/b/__init__.py": "from ..a import x\ny = 2\n"})
    assert check(run_cli, tmp_path) == (1, [("P/a.py", 1, "IL008"), ("P/b/__init__.py", 1, "IL008")])
    assert parsed == ["P/b/__init__.py"]
    parsed.clear()
    (tmp_path / "P/b/__init__.py").unlink()
    (tmp_path / "P/b").rmdir()
    assert check(run_cli, tmp_path) == (0, [])
    assert parsed == []
    (tmp_path / "P/b.py").unlink()  # now `from .b import y` finds nothing at all
    assert check(run_cli, tmp_path, "--select", "IL008") == (0, [])
    make_tree(tmp_path, {"P/b.py": B})
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == ["P/b.py"]


def test_an_import_cycle_follows_edits_on_warm_runs(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": "from . import b\n", "P/b.py": "y = 2\n"}, packages=True)
    assert check(run_cli, tmp_path, "--select", "IL007") == (0, [])
    parsed.clear()
    edit(tmp_path / "P/b.py", "from . import a\n")
    assert check(run_cli, tmp_path, "--select", "IL007") == (1, [("P/a.py", 1, "IL007")])
    assert parsed == ["P/b.py"]
    parsed.clear()
    assert check(run_cli, tmp_path, "--select", "IL007") == (1, [("P/a.py", 1, "IL007")])
    assert parsed == []


# -- where the cache is, and when there is none ---------------------------------------------


def test_no_cache_touches_no_database(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path, "--no-cache") == (1, IL008_AT_B)
    assert sorted(parsed) == PACKAGE
    assert not (tmp_path / ".importlint_cache").exists()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)  # now there is a database: a warm one
    snapshot = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / ".importlint_cache").iterdir()}
    parsed.clear()
    edit(tmp_path / "P/a.py", FIXED_A)
    assert check(run_cli, tmp_path, "--no-cache") == (0, [])
    assert sorted(parsed) == PACKAGE  # nothing read from it
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / ".importlint_cache").iterdir()}
    assert after == snapshot  # nothing written to it


def test_the_cache_dir_setting_holds_the_records(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B, "importlint.toml": 'cache-dir = "build/.lint-cache"\n'}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert not (tmp_path / ".importlint_cache").exists()
    rows = record_rows(tmp_path, Path("build/.lint-cache") / cache.DB_NAME)
    assert sorted(os.fsdecode(row[1]) for row in rows) == [str(tmp_path / name) for name in PACKAGE]
    parsed.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == []


def test_records_are_kept_per_python_version_and_records_code(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # what parses depends on the running Python's grammar (3.9 has no `match`): records
    # made by another Python are not this one's, and the two sets of rows live side by side
    ours = cache.records_key()
    other = (3, 10) if sys.version_info[:2] != (3, 10) else (3, 11)  # any version but the running one
    with monkeypatch.context() as patch:
        patch.setattr(cache, "sys", SimpleNamespace(version_info=(*other, 0, "final", 0)))
        theirs = cache.records_key()
    assert theirs != ours
    # nor are records made by other code under the same version number (a checkout)
    (tmp_path / "records.py").write_text("# records with another layout\n")
    with monkeypatch.context() as patch:
        patch.setattr(graph_records, "__file__", str(tmp_path / "records.py"))
        assert cache.records_key() not in (ours, theirs)
    assert cache.records_key() == ours
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    parsed.clear()
    monkeypatch.setattr(cache, "records_key", lambda: theirs)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert sorted(parsed) == PACKAGE
    assert sorted({row[0] for row in record_rows(tmp_path)}) == sorted([ours, theirs])


# -- trouble with the database costs the records, never the run -----------------------------


def test_a_damaged_database_degrades_to_parsing(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    (tmp_path / DB).write_bytes(b"\x00garbage" * 1000)
    for jobs in ("1", "2"):
        parsed.clear()
        result = run_cli(["check", "--jobs", jobs, "--output-format", "json", "."], cwd=tmp_path)
        assert (result.rc, [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)]) == (1, IL008_AT_B)
        # one line, from the verdicts' cache; the records' cache degrades without a second
        warning = f"importlint: warning: not using the cache {tmp_path / DB}: file is not a database"
        assert result.err.splitlines()[0] == warning
        assert (result.err.count("warning"), "Traceback" in result.err) == (1, False)
        if jobs == "1":
            assert sorted(parsed) == PACKAGE
    assert (tmp_path / DB).read_bytes() == b"\x00garbage" * 1000


def test_a_damaged_row_is_parsed_again(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, parsed: list[str]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    db = sqlite3.connect(tmp_path / DB)
    try:
        db.execute("UPDATE records SET records='{\"body\": 1' WHERE path=?", (os.fsencode(str(tmp_path / "P/a.py")),))
        db.commit()
    finally:
        db.close()
    parsed.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == ["P/a.py"]
    parsed.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert parsed == []


# -- the whole-tree verdicts: a warm run simulates nothing, any change simulates again ------


@pytest.fixture
def simulated(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The modules reported on (`only`) of each IL008 simulation run from now on."""
    seen: list[list[str]] = []
    real = simulate.failures

    def spy(world: Any, entries: Any = None, only: Any = None) -> Iterator[Any]:
        seen.append(sorted(only) if only is not None else [])
        return real(world, entries, only)

    monkeypatch.setattr(simulate, "failures", spy)
    yield seen


def verdict_rows(root: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(root / DB)
    try:
        return sorted(db.execute("SELECT scope, key, facts, violations FROM verdicts").fetchall())
    finally:
        db.close()


def test_a_warm_run_reuses_the_whole_tree_verdict(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert simulated == [["P", "P.a", "P.b"]]
    rows = verdict_rows(tmp_path)
    assert len(rows) == 1
    # the failure by reference: entry P.a; P.b's import 0 reads x from P.a, which is running its import 0
    assert json.loads(rows[0][3]) == [["P.a", "P.b", 0, "x", "P.a", 0, ["P.a", "P.b"]]]
    simulated.clear()
    for jobs in ("1", "2"):  # in this process, and in the whole-tree pass's own process
        result = run_cli(["check", "--jobs", jobs, "--output-format", "json", "."], cwd=tmp_path)
        assert [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)] == IL008_AT_B
    assert simulated == []
    assert verdict_rows(tmp_path) == rows


def test_creating_and_breaking_a_cycle_changes_the_verdict_on_the_next_run(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (0, [])
    edit(tmp_path / "P/a.py", BROKEN_A)  # a imports b, which reads x from a: a cycle that fails
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    edit(tmp_path / "P/a.py", FIXED_A)  # the same cycle, x bound first: nothing fails
    assert check(run_cli, tmp_path) == (0, [])
    edit(tmp_path / "P/a.py", BROKEN_A)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert len(simulated) == 4
    simulated.clear()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert simulated == []
    assert len(verdict_rows(tmp_path)) == 1  # one question, its latest answer


def test_a_verdict_follows_a_module_without_a_file_appearing(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    # `from . import c` fails while P/c does not exist, so b never reaches its import of x;
    # an empty directory P/c (a namespace portion: no .py file changes) lets it get there
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": "from . import c\ny = 2\nfrom .a import x\n"}, packages=True)
    assert check(run_cli, tmp_path, "--select", "IL008") == (0, [])
    assert check(run_cli, tmp_path, "--select", "IL008") == (0, [])
    assert len(simulated) == 1
    (tmp_path / "P/c").mkdir()
    assert check(run_cli, tmp_path, "--select", "IL008") == (1, [("P/b.py", 3, "IL008")])
    assert len(simulated) == 2
    (tmp_path / "P/c").rmdir()
    assert check(run_cli, tmp_path, "--select", "IL008") == (0, [])
    assert len(simulated) == 3


def test_each_set_of_reported_files_has_its_verdict(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B, "P/c.py": "z = 3\n"}, packages=True)
    assert named(run_cli, tmp_path, "P/b.py") == (1, IL008_AT_B)
    assert named(run_cli, tmp_path, "P/c.py") == (0, [])
    assert named(run_cli, tmp_path, "P/b.py") == (1, IL008_AT_B)
    assert named(run_cli, tmp_path, "P/c.py") == (0, [])
    assert simulated == [["P.b"], ["P.c"]]
    assert len(verdict_rows(tmp_path)) == 2


def test_a_damaged_verdict_is_computed_again(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    db = sqlite3.connect(tmp_path / DB)
    try:
        db.execute("UPDATE verdicts SET violations='[[1'")
        db.commit()
    finally:
        db.close()
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert len(simulated) == 2


def test_old_verdicts_are_dropped(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "VERDICT_ROWS", 2)
    files = {f"P/m{i}.py": "x = 1\n" for i in range(4)}
    repo_tree(files, packages=True)
    for name in sorted(files):
        assert named(run_cli, tmp_path, name) == (0, [])
    assert len(verdict_rows(tmp_path)) == 2


def test_an_edit_that_moves_lines_or_binds_an_unread_name_simulates_nothing(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    edit(tmp_path / "P/b.py", "\n\n" + B + "def helper():\n    return x\n")  # lines move; `helper` is read by no one
    edit(tmp_path / "P/a.py", "\n" + BROKEN_A + "unused = 2\n")
    result = run_cli(["check", "--jobs", "1", "--output-format", "concise", "-q", "."], cwd=tmp_path)
    assert result.out.splitlines() == [
        "P/b.py:4:1: IL008 `P.b` imports `x` from `P.a` while `P.a` is still initialising "
        "(import P.a -> P.b -> P.a); `x` is bound at P/a.py:3, after the import at line 2"
    ]
    assert len(simulated) == 1  # the first run's: the verdict is worded from the files as they are now
    edit(tmp_path / "P/a.py", "x = 0\n" + BROKEN_A)  # binds the name b reads, before b runs
    assert check(run_cli, tmp_path) == (0, [])
    assert len(simulated) == 2


def test_a_run_on_some_files_after_a_whole_run_reuses_its_verdict(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, later: None, simulated: list[list[str]]
) -> None:
    repo_tree({"P/a.py": BROKEN_A, "P/b.py": B, "P/c.py": "z = 3\n"}, packages=True)
    assert check(run_cli, tmp_path) == (1, IL008_AT_B)
    assert named(run_cli, tmp_path, "P/b.py") == (1, IL008_AT_B)
    assert named(run_cli, tmp_path, "P/a.py", "P/c.py") == (0, [])
    edit(tmp_path / "P/b.py", "\n" + B)  # pre-commit after an edit that moves lines
    assert named(run_cli, tmp_path, "P/b.py") == (1, [("P/b.py", 3, "IL008")])
    assert simulated == [["P", "P.a", "P.b", "P.c"]]  # the whole run's only
    edit(tmp_path / "P/a.py", FIXED_A)  # its shape changes: simulated for the named file alone
    assert named(run_cli, tmp_path, "P/b.py") == (0, [])
    assert simulated[1:] == [["P.b"]]
