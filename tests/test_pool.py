"""The process pool's contract (importlint/pool.py), and interrupts of a real run.

Pool tests run the pool directly with tiny work functions; the interrupt tests send real
signals to a real process group running `importlint check --fix`.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint import runner
from importlint.pool import Pool

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")

SELF = "from P.a import x\n"
FIXED = "from .a import x\n"
CRASH_ON = 137  # the item whose worker dies (os._exit, as a segfault in a parser would)


def _init() -> None:
    pass


def _init_crashing() -> None:
    os._exit(3)  # every worker dies while starting


def _double(item: int) -> int:
    return item * 2


def _crash_on(item: int) -> int:
    if item == CRASH_ON:
        os._exit(3)
    return item * 2


def _crashed(item: int) -> int:
    return -item


def _batches(items: Sequence[int], size: int) -> list[list[int]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _run(
    work: object, batches: list[list[int]], jobs: int = 2, init: object = _init, method: str = "fork"
) -> tuple[list[int], list[int], int]:
    """(results, items retried afresh, items run one at a time)."""
    retried: list[int] = []

    def fresh(item: int) -> int:
        retried.append(item)
        return item

    pool: Pool[int, int] = Pool(
        batches,
        work,
        init,
        (),
        jobs,
        multiprocessing.get_context(method),
        _crashed,
        fresh,  # type: ignore[arg-type]
    )
    with pool:
        results = list(pool.results())
    assert pool.run_singly <= len(retried)  # every item run singly was read afresh first
    return results, retried, pool.run_singly


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_input_order(jobs: int) -> None:
    items = list(range(300))
    results, retried, singly = _run(_double, _batches(items, 7), jobs)
    assert results == [i * 2 for i in items]
    assert (retried, singly) == ([], 0)


def test_spawn_start_method_works() -> None:
    """macOS and Windows start workers with spawn: the pool's state must pickle."""
    items = list(range(40))
    results, _, _ = _run(_double, _batches(items, 5), 2, method="spawn")
    assert results == [i * 2 for i in items]


def test_a_crash_costs_one_item_and_no_cliff() -> None:
    """Only the crashing item is lost; only the batches that were running are retried
    singly (at most jobs + 1 batches are handed to workers at a time)."""
    items = list(range(400))
    results, retried, singly = _run(_crash_on, _batches(items, 8), jobs=2)
    assert results == [-i if i == CRASH_ON else i * 2 for i in items]
    assert CRASH_ON in retried
    assert 1 <= singly <= 3 * 8, f"{singly} items retried one by one"


def test_a_crash_while_batches_are_still_submitted() -> None:
    """The pool dies while the main process is still submitting: nothing escapes."""
    items = [CRASH_ON, *range(3000)]
    results, _, _ = _run(_crash_on, _batches(items, 1), jobs=2)
    assert results[0] == -CRASH_ON
    assert results[1:] == [i * 2 if i != CRASH_ON else -CRASH_ON for i in range(3000)]


def test_workers_that_cannot_start_cost_their_items_not_the_run() -> None:
    items = list(range(12))
    results, _, _ = _run(_double, _batches(items, 4), init=_init_crashing)
    assert results == [-i for i in items]


# -- a real run on spawned workers -----------------------------------------------------------


@pytest.mark.timeout(300)  # spawned workers import everything afresh; a hang fails here
def test_a_real_run_on_spawned_workers(repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and Windows start the runner's workers with spawn, never fork: the settings,
    the tasks and the results cross a pickle and a fresh interpreter. Forced here on Linux."""
    started: list[str] = []

    def spawn() -> multiprocessing.context.BaseContext:
        started.append("spawn")  # the runner asked for a pool
        return multiprocessing.get_context("spawn")

    monkeypatch.setattr(runner, "_context", spawn)
    files = {f"P/m{i:02d}.py": SELF for i in range(30)}  # over the pool's minimum
    root = repo_tree({"P/__init__.py": "", "P/a.py": "x = 1\n", "P/sub/__init__.py": "", **files,
                      "P/sub/n.py": "from P.a import x\nfrom .missing import y\n"})  # fmt: skip
    argv = ["check", "--no-cache", "--jobs", "2", "--output-format", "json"]
    result = run_cli([*argv, "."], cwd=root)
    found = [(v["path"], v["line"], v["code"], v["fixable"]) for v in json.loads(result.out)]
    assert found == [
        *[(name, 1, "IL001", True) for name in sorted(files)],
        ("P/sub/n.py", 1, "IL001", True),
        ("P/sub/n.py", 2, "IL006", False),
    ]
    assert (result.rc, result.err) == (1, "")
    result = run_cli([*argv, "--fix", "."], cwd=root)
    assert [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)] == [("P/sub/n.py", 2, "IL006")]
    assert (result.rc, result.err) == (1, "")
    assert all((root / name).read_text() == FIXED for name in files)
    assert (root / "P/sub/n.py").read_text() == "from ..a import x\nfrom .missing import y\n"
    assert started, "the runs never started a pool of workers"


# -- interrupts of a real run ---------------------------------------------------------------

# a run slowed to ~20 ms a file (fork passes the patch to the workers), so signals land mid-run
_SLOW_RUN = """
import sys, time
from importlint import engine
real = engine.Linter.run
def slow(self, *args, **kwargs):
    time.sleep(0.02)
    return real(self, *args, **kwargs)
engine.Linter.run = slow
from importlint.cli import main
sys.argv[0] = "importlint"
raise SystemExit(main())  # as the console script calls it (argv from sys.argv)
"""


# 400 absolute self-imports: ~4 s of work on two workers in the slowed run
MANY = {"P/__init__.py": "", "P/a.py": "x = 1\n", **{f"P/m{i:04d}.py": SELF for i in range(400)}}


def _group_size(group: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        count += int(fields[2]) == group  # the process group id
    return count


def _wait_for_workers(group: int) -> None:
    """Until the run's two workers exist: a signal during start-up tests something else."""
    if not Path("/proc").is_dir():  # macOS: no process table to read; start-up takes well under this
        time.sleep(2.0)
        return
    deadline = time.monotonic() + 60
    while _group_size(group) < 3:
        assert time.monotonic() < deadline, "the run never started its workers"
        time.sleep(0.05)


def _interrupt(root: Path, signals: Sequence[int], fix: bool = True) -> tuple[int, str]:
    argv = ["check", "--no-cache", "-j", "2", "--output-format", "concise", *(["--fix"] if fix else []), "."]
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_RUN, *argv],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    _wait_for_workers(process.pid)  # a loaded machine can take seconds to start
    time.sleep(0.5)  # well into the work
    for signum in signals:
        os.killpg(process.pid, signum)  # the whole group: main process and workers, as Ctrl-C does
        time.sleep(0.05)
    try:
        _, err = process.communicate(timeout=30)  # a bound on a hang, not a speed test
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    try:
        os.killpg(process.pid, 0)
        leftover = True
    except ProcessLookupError:
        leftover = False
    assert not leftover, "worker processes outlived the run"
    return process.returncode, err


def _written(root: Path) -> int:
    contents = [p.read_text() for p in sorted((root / "P").glob("m*.py"))]
    assert set(contents) <= {SELF, FIXED}, "a file is neither the old nor the fixed text"
    assert not [p.name for p in (root / "P").iterdir() if p.name.startswith(".importlint-")], "temp files left"
    return contents.count(FIXED)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signals", "code"),
    [
        pytest.param([signal.SIGINT], 130, id="ctrl-c-once"),
        pytest.param([signal.SIGINT, signal.SIGINT], 130, id="ctrl-c-twice"),
        pytest.param([signal.SIGTERM], 143, id="sigterm"),
    ],
)
def test_interrupt_during_fix(repo_tree: RepoTree, signals: list[int], code: int) -> None:
    """The run stops (a hang is bounded by _interrupt's timeout) before the work is done,
    with every file either fixed or untouched."""
    root = repo_tree(MANY)
    rc, err = _interrupt(root, signals)
    written = _written(root)
    assert rc == code, err
    assert "Traceback" not in err
    assert 0 < written < 400
    last = err.strip().splitlines()[-1]
    if len(signals) == 1:
        files = "file was" if written == 1 else "files were"
        assert last == f"importlint: interrupted; {written} {files} fixed before the stop, none is half-written"
    else:
        assert last.startswith("importlint: interrupted")


@pytest.mark.slow
def test_interrupt_during_check(repo_tree: RepoTree) -> None:
    root = repo_tree(MANY)
    rc, err = _interrupt(root, [signal.SIGINT], fix=False)
    assert rc == 130
    assert err.strip().splitlines()[-1] == (
        "importlint: interrupted; 0 files were fixed before the stop, none is half-written"
    )
    assert _written(root) == 0
