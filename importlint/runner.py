"""Running the engine over many files: cache lookups, a process pool, safe writes.

The engine (and with it LibCST) is imported only when some file actually needs
checking, so a fully cached run starts as fast as the interpreter allows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
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
from .discovery import SourceFile
from .results import FileResult
from .settings import Settings
from .tree import PackageTree

if TYPE_CHECKING:
    import multiprocessing.context

    from .engine import Linter

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
        shared = mode.fix and _foreign_link(source.path, linter)
        result = linter.run(source.display, source.path, raw, mode.fix and not shared)
    if shared:
        result.error = f"{source.display}: not fixed: the same file is also {shared}, a module of another package"
        result.violations = [replace(v, fix=None) for v in result.violations]
    final: bytes | None = raw
    if result.new_bytes is not None and mode.write:
        try:
            sourcefile.write(source.path, result.new_bytes, snapshot)
            final = result.new_bytes
        except sourcefile.ChangedOnDisk:
            result = _unwritten(linter, source, raw, f"{source.display}: changed on disk during the run; not written")
        except OSError as exc:
            result = _unwritten(linter, source, raw, f"{source.display}: cannot write the fix: {exc.strerror or exc}")
    elif result.new_bytes is not None:
        final = None  # --diff: the verdict cached is for the old content, which is still on disk
    if not mode.keep_text:
        result.before = result.after = None
    result.new_bytes = None  # written (or not); never shipped back between processes
    entry = None
    if final is not None and result.error is None and not _unreadable(result):
        info = linter.tree.module_info(source.path)
        entry = Entry(content_hash(final), module_key(info), facts, encode_violations(result.violations))
    return result, entry


def _unreadable(result: FileResult) -> bool:
    return any(v.code == "IL000" and v.message.startswith("cannot read") for v in result.violations)


def _unwritten(linter: Linter, source: SourceFile, raw: bytes, error: str) -> FileResult:
    """The result for a file whose fix could not be written: what the file still has."""
    result = linter.run(source.display, source.path, raw, fix=False)
    result.error = error
    return result


def _foreign_link(path: str, linter: Linter) -> str | None:
    """Another name of this file in another package (None if it has none): a symlink's
    target, or a symlink to this file in the same top-level package. A relative fix
    computed for one package would break the module under the other name."""
    tree = linter.tree
    here = tree.module_info(path)
    if os.path.islink(path):
        target = os.path.realpath(path)
        package = tree.module_info(target).package
        if package and package != here.package:  # a loose file linked into a package is its module
            return os.path.relpath(target)
    if here.top_level is None:
        return None
    real = os.path.realpath(path)
    for link in tree.links_into(os.path.join(here.root, here.top_level)).get(real, ()):
        if tree.module_info(link).package != here.package:
            return os.path.relpath(link)
    return None


_WORKER: tuple[Linter, Mode] | None = None


def _init_worker(settings: Settings, mode: Mode) -> None:
    global _WORKER
    from .engine import Linter

    _WORKER = (Linter(make_tree(settings), settings), mode)


def _work(batch: Sequence[_Task]) -> list[tuple[FileResult, Entry | None]]:
    assert _WORKER is not None
    linter, mode = _WORKER
    return [process(task, linter, mode) for task in batch]


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


def _isolated(task: _Task, settings: Settings, mode: Mode) -> tuple[FileResult, Entry | None]:
    """Re-run one file in a fresh process after a worker died, so one crash costs one file."""
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    try:
        with concurrent.futures.ProcessPoolExecutor(1, _context(), _init_worker, (settings, mode)) as pool:
            return pool.submit(_work, [task]).result()[0]
    except BrokenProcessPool:
        return _crashed(task), None


def _run_pool(
    tasks: Sequence[_Task], settings: Settings, mode: Mode, jobs: int
) -> Iterator[tuple[FileResult, Entry | None]]:
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    from . import engine  # noqa: F401 - imported before forking, so workers start warm

    batches = _batches(tasks, jobs)
    pool = concurrent.futures.ProcessPoolExecutor(jobs, _context(), _init_worker, (settings, mode))
    with pool:
        futures = [pool.submit(_work, batch) for batch in batches]
        for batch, future in zip(batches, futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                for task in batch:
                    # read again: the dead worker may have fixed (written) some files already
                    yield _isolated(_Task(task.source, None, None), settings, mode)


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
    if jobs > 1 and len(tasks) >= _POOL_MIN_FILES:
        outcomes = _run_pool(tasks, settings, mode, jobs)
    else:
        outcomes = _run_here(tasks, settings, mode)
    for (index, task), (result, entry) in zip(pending, outcomes):
        results[index] = result
        if cache is not None and entry is not None:
            cache.store(task.source.path, entry)
    if cache is not None:
        cache.save()
    return [results[i] for i in range(len(files))]


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
    return FileResult(source.display, violations, source=text)


def cache_directory(settings: Settings, configured: str | None) -> str:
    if configured:
        return configured if os.path.isabs(configured) else os.path.join(settings.project_root, configured)
    return os.path.join(settings.project_root, ".importlint_cache")
