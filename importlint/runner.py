"""Running the engine over many files: cache lookups, a process pool, safe writes.

The engine (and with it LibCST) is imported only when some file actually needs
checking, so a fully cached run starts as fast as the interpreter allows.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import sourcefile
from .cache import (
    Cache,
    Entry,
    content_hash,
    decode_violations,
    encode_violations,
    module_key,
)
from .config import PROJECT_MARKERS
from .discovery import SourceFile
from .errors import Interrupted
from .pool import Pool, Terminated, raise_terminated
from .results import FileResult
from .settings import Settings
from .tree import PackageTree

if TYPE_CHECKING:
    import multiprocessing.context

    from .engine import Linter

_Outcome = tuple[FileResult, "Entry | None"]
_POOL_MIN_FILES = 24  # below this a process pool costs more than it saves


@dataclass(frozen=True)
class Mode:
    fix: bool  # compute fixes (for --fix or --diff)
    write: bool  # write fixed files (--fix)
    keep_text: bool  # keep before/after text (for --diff)


@dataclass(frozen=True)
class _Task:
    source: SourceFile
    raw: bytes | None  # None: the worker reads the file
    snapshot: sourcefile.Snapshot | None


def make_tree(settings: Settings) -> PackageTree:
    return PackageTree(settings.namespace_packages, settings.src)


# -- the per-file work, in this process or a worker -------------------------------------


def process(task: _Task, linter: Linter, mode: Mode) -> tuple[FileResult, Entry | None]:
    """Check (and fix, and write) one file; the cache entry for what is now on disk."""
    source = task.source
    raw, snapshot = task.raw, task.snapshot
    if raw is None or snapshot is None:
        try:
            raw, snapshot = sourcefile.read(source.path)
        except OSError as exc:
            return linter.unreadable(source.display, exc), None
    with linter.tree.recording() as facts:
        # a symlink alias or an untrusted root withholds fixes per file (FileContext.unfixable)
        result = linter.run(source.display, source.path, raw, mode.fix)
    final: bytes | None = raw
    if result.new_bytes is not None and mode.write:
        try:
            sourcefile.write(source.path, result.new_bytes, snapshot)
            final = result.new_bytes
        except sourcefile.ChangedOnDisk:
            result = _unwritten(linter, source, raw, f"{source.display}: changed on disk during the run; not written")
        except sourcefile.ReadOnly:
            result = _unwritten(linter, source, raw, f"{source.display}: not fixed: the file is read-only")
        except OSError as exc:
            result = _unwritten(linter, source, raw, f"{source.display}: cannot write the fix: {exc.strerror or exc}")
    elif result.new_bytes is not None:
        final = None  # --diff: the verdict cached is for the old content, which is still on disk
    if not mode.keep_text:
        result.before = result.after = None
        result.new_bytes = None  # written (or not); never shipped back between processes
    elif result.new_bytes is not None:
        result.old_bytes = raw  # --diff shows the fix in the file's own bytes (encoding, BOM)
    entry = None
    if final is not None and result.error is None and not _unreadable(result):
        info = linter.tree.module_info(source.path)
        entry = Entry(
            content_hash(final), module_key(info), facts, encode_violations(result.violations), result.suppressed
        )
    return result, entry


def _unreadable(result: FileResult) -> bool:
    return any(v.code == "IL000" and v.message.startswith("cannot read") for v in result.violations)


def _unwritten(linter: Linter, source: SourceFile, raw: bytes, error: str) -> FileResult:
    """The result for a file whose fix could not be written: what the file still has."""
    result = linter.run(source.display, source.path, raw, fix=False)
    result.error = error
    return result


_WORKER: tuple[Linter, Mode] | None = None


def _init_worker(settings: Settings, mode: Mode) -> None:
    global _WORKER
    from .engine import Linter

    _WORKER = (Linter(make_tree(settings), settings), mode)


def _work(task: _Task) -> tuple[FileResult, Entry | None]:
    assert _WORKER is not None
    linter, mode = _WORKER
    return process(task, linter, mode)


# -- orchestration ----------------------------------------------------------------------


def _batches(tasks: Sequence[_Task], jobs: int) -> list[list[_Task]]:
    size = max(1, min(32, len(tasks) // (jobs * 4) or 1))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the already-imported engine with the workers; elsewhere the default
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _crashed(task: _Task) -> FileResult:
    from .rules._base import Pos, Violation

    message = "the parser crashed on this file (please report this bug); the file was not changed"
    return FileResult(task.source.display, [Violation(task.source.display, Pos(1, 1), Pos(1, 1), "IL000", message)])


def _reread(task: _Task) -> _Task:
    # a retried file is read again: the worker that died may have fixed (written) it already
    return _Task(task.source, None, None)


def _make_pool(tasks: Sequence[_Task], settings: Settings, mode: Mode, jobs: int) -> Pool[_Task, _Outcome]:
    from . import engine  # noqa: F401 - imported before forking, so workers start warm

    return Pool(
        _batches(tasks, jobs),
        _work,
        _init_worker,
        (settings, mode),
        jobs,
        _context(),
        on_crash=lambda task: (_crashed(task), None),
        fresh=_reread,
    )


def _run_here(tasks: Sequence[_Task], settings: Settings, mode: Mode) -> Iterator[tuple[FileResult, Entry | None]]:
    from .engine import Linter

    linter = Linter(make_tree(settings), settings)
    for task in tasks:
        yield process(task, linter, mode)


def check_files(
    files: Sequence[SourceFile], settings: Settings, mode: Mode, jobs: int = 1, cache: Cache | None = None
) -> list[FileResult]:
    """Results for every file, in the order given, whatever `jobs` is."""
    results: dict[int, FileResult] = {}
    pending: list[tuple[int, _Task]] = []
    tree = make_tree(settings)
    for index, source in enumerate(files):
        if cache is None:
            pending.append((index, _Task(source, None, None)))
            continue
        hit = _lookup(source, cache, tree, mode)
        if isinstance(hit, _Task):
            pending.append((index, hit))
        else:
            results[index] = hit
    tasks = [task for _, task in pending]
    jobs = max(1, min(jobs, len(tasks)))
    pool = _make_pool(tasks, settings, mode, jobs) if jobs > 1 and len(tasks) >= _POOL_MIN_FILES else None
    try:
        with _sigterm_raises(), pool or contextlib.nullcontext():
            outcomes = pool.results() if pool is not None else _run_here(tasks, settings, mode)
            try:
                for (index, task), (result, entry) in zip(pending, outcomes):
                    results[index] = result
                    if cache is not None and entry is not None:
                        cache.store(task.source.path, entry)
            except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM through _sigterm_raises
                late = [result for result, _ in pool.stop()] if pool is not None else []
                written = sum(r.fixed_count > 0 for r in [*results.values(), *late]) if mode.write else 0
                raise Interrupted(written, isinstance(exc, Terminated)) from None
    except KeyboardInterrupt as exc:  # a second Ctrl-C while stopping
        raise Interrupted(None, isinstance(exc, Terminated)) from None
    if cache is not None:
        cache.save()
    return [results[i] for i in range(len(files))]


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM stops the run the way Ctrl-C does (files already written stay written)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can take signals (the API may run in a thread)
        return
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _lookup(source: SourceFile, cache: Cache, tree: PackageTree, mode: Mode) -> FileResult | _Task:
    """A cached result, or the task to compute one (with the bytes already read)."""
    try:
        raw, snapshot = sourcefile.read(source.path)
    except OSError:
        return _Task(source, None, None)  # the worker reports it
    entry = cache.lookup(source.path, content_hash(raw), tree)
    if entry is None or (mode.fix and any(v[6] is not None for v in entry.violations)):
        return _Task(source, raw, snapshot)  # unknown, or there is something to fix
    violations = decode_violations(source.display, entry.violations)
    text = None
    if violations:  # the text report shows the source lines
        try:
            text = sourcefile.decode(raw).text
        except sourcefile.DecodeError:
            pass
    return FileResult(source.display, violations, source=text, suppressed=entry.suppressed)


def cache_directory(settings: Settings, configured: str | None) -> str:
    """Where the cache lives: as configured, else at the project root (a config file,
    pyproject.toml, setup.py, setup.cfg or .git marks it); without one, beside the
    outermost package holding the checked paths, never inside a package directory."""
    if configured:
        return configured if os.path.isabs(configured) else os.path.join(settings.project_root, configured)
    root = settings.project_root
    if settings.config_file is None and not any(os.path.exists(os.path.join(root, m)) for m in PROJECT_MARKERS):
        # the sys.path entry a module directly in `root` would import from
        root = make_tree(settings).module_info(os.path.join(root, "_.py")).root
    return os.path.join(root, ".importlint_cache")
