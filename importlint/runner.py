"""Running the engine over many files: cache lookups, a process pool, safe writes.

The engine (and with it LibCST) is imported only when some file actually needs
checking, so a fully cached run starts as fast as the interpreter allows.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
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
    report_lines,
    sparse_source,
)
from .config import CACHE_DIR_NAME, PROJECT_MARKERS
from .discovery import SourceFile
from .errors import Interrupted
from .model import FileResult
from .pool import Pool, Terminated, raise_terminated
from .settings import Settings, settings_for
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
    # keep of each file only what the CLI's report prints: the reported statements' lines
    # (`FileResult.excerpt`, not `source`) and a diff's bytes (not its before/after texts)
    excerpts: bool = False


@dataclass(frozen=True)
class _Task:
    source: SourceFile
    raw: bytes | None  # None: the worker reads the file
    snapshot: sourcefile.Snapshot | None
    settings: Settings | None = None  # the file's own (nearest config, per-file-ignores); None: the run's


def make_tree(settings: Settings) -> PackageTree:
    return PackageTree(settings.namespace_packages, settings.src)


class Linters:
    """A run's linters, one per distinct file settings (files under different configs),
    sharing a package tree wherever their `src` and `namespace-packages` agree."""

    def __init__(self, settings: Settings, tree: PackageTree | None = None) -> None:
        self.settings = settings  # the run's
        self.tree = tree or make_tree(settings)
        self._trees = {(settings.namespace_packages, settings.src): self.tree}
        self._linters: dict[Settings, Linter] = {}

    def tree_for(self, settings: Settings) -> PackageTree:
        key = (settings.namespace_packages, settings.src)
        if key not in self._trees:
            self._trees[key] = make_tree(settings)
        return self._trees[key]

    def linter(self, settings: Settings | None) -> Linter:
        settings = self.settings if settings is None else settings
        linter = self._linters.get(settings)
        if linter is None:
            from .engine import Linter

            linter = self._linters[settings] = Linter(self.tree_for(settings), settings)
        return linter

    def forget(self, path: str) -> None:
        for tree in self._trees.values():
            tree.forget(path)


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
    if mode.excerpts:
        slim(result)
    entry = None
    if final is not None and result.error is None and result.cacheable:
        info = linter.tree.module_info(source.path)
        entry = Entry(
            content_hash(final), module_key(info), facts, encode_violations(result.violations), result.suppressed
        )
        if result.excerpt is not None:
            entry.lines = result.excerpt  # what a cache hit's report prints: the same lines
    return result, entry


def slim(result: FileResult) -> FileResult:
    """Keep of `result` only what the CLI's report prints (see Mode.excerpts): a result
    outlives its file's turn (the pool's pipe, the report's queue) and a whole source is
    a hundred times its reported lines."""
    if result.source is not None:
        result.excerpt = report_lines(result.source, result.violations) if result.violations else None
        result.source = None
    result.before = result.after = None  # --diff prints old_bytes -> new_bytes
    return result


def _unwritten(linter: Linter, source: SourceFile, raw: bytes, error: str) -> FileResult:
    """The result for a file whose fix could not be written: what the file still has."""
    result = linter.run(source.display, source.path, raw, fix=False)
    result.error = error
    return result


_WORKER: tuple[Linters, Mode] | None = None


def _init_worker(settings: Settings, mode: Mode) -> None:
    global _WORKER
    linters = Linters(settings)
    linters.linter(None)  # the run's, built before the first task arrives
    _WORKER = (linters, mode)
    quiet_gc()  # a worker is our own process


# The cyclic GC finds almost nothing here (ast and LibCST trees hold no cycles: refcounts
# free them), yet each collection scans every object of its generations, and the per-file
# work allocates enough to promote each file's trees into the oldest one. CPU seconds of
# `check -j1 --no-cache --ignore IL008` on 20 renamed Django copies (17,660 files), three
# runs side by side on the 2-core machine (the GC's own time in brackets):
#   defaults (700, 10, 10) ............ 154.8 s  [36.8 s, 101 full collections]
#   gc.freeze() after start-up alone .. 163.8 s  [39.4 s] (measured beside the defaults' 164.0 s)
#   freeze + (10_000, 10, 10) ......... 123.7 s  [5.0 s, 3 full collections]
#   freeze + (50_000, 20, 20) ......... 120.6 s  [0.7 s, none]; peak RSS the same (80 MB)
# A gen-0 collection still runs every 50,000 allocations, so young cycles (an exception's
# traceback) are freed as before.
_THRESHOLDS = (50_000, 20, 20)


def quiet_gc() -> None:
    """Stop the GC from rescanning what start-up built (it lives until exit); for a process
    that is ours only (the CLI, a worker), never for a program calling the API."""
    gc.freeze()
    gc.set_threshold(*_THRESHOLDS)


def _work(task: _Task) -> tuple[FileResult, Entry | None]:
    assert _WORKER is not None
    linters, mode = _WORKER
    outcome = process(task, linters.linter(task.settings), mode)
    linters.forget(task.source.path)  # a worker's trees live as long as the run
    return outcome


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
    from .model import Pos, Violation
    from .rules.il000_syntax_error import CRASHED as message

    return FileResult(task.source.display, [Violation(task.source.display, Pos(1, 1), Pos(1, 1), "IL000", message)])


def _reread(task: _Task) -> _Task:
    # a retried file is read again: the worker that died may have fixed (written) it already
    return _Task(task.source, None, None, task.settings)


def _make_pool(tasks: Sequence[_Task], settings: Settings, mode: Mode, jobs: int) -> Pool[_Task, _Outcome]:
    from . import engine  # noqa: F401 - imported before forking, so workers start warm

    if mode.excerpts:
        quiet_gc()  # the CLI's process, before forking: the workers inherit a frozen start-up
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


def check_files(
    files: Sequence[SourceFile], settings: Settings, mode: Mode, jobs: int = 1, cache: Cache | None = None
) -> list[FileResult]:
    """Results for every file, in the order given, whatever `jobs` is."""
    results: list[FileResult] = []
    run_files(files, settings, mode, results.append, jobs, cache)
    return results


def run_files(
    files: Sequence[SourceFile],
    settings: Settings,
    mode: Mode,
    on_result: Callable[[FileResult], None],
    jobs: int = 1,
    cache: Cache | None = None,
) -> None:
    """Check every file; `on_result` gets each file's result in the order given (whatever
    `jobs` is) as soon as it and every file before it are done, so a report can print it
    and let it go. An interrupt (also one inside `on_result`) raises Interrupted."""
    _Run(settings, mode, on_result, cache).run(files, jobs)
    if cache is not None:
        cache.save()


# bytes of files read for cache lookups that a run keeps for its pool (past this, a worker
# reads the file again): a cold run of a monorepo must not hold the whole tree in memory
_HELD_BYTES = 16 << 20


class _Run:
    """One run over many files: results in order to `on_result`, entries to the cache."""

    def __init__(
        self, settings: Settings, mode: Mode, on_result: Callable[[FileResult], None], cache: Cache | None
    ) -> None:
        self.settings, self.mode, self.on_result, self.cache = settings, mode, on_result, cache
        self.linters = Linters(settings)
        self.own: dict[str, Settings | None] = {}  # path -> the file's own settings, until delivered
        self.pool: Pool[_Task, _Outcome] | None = None
        self.stack = contextlib.ExitStack()  # the pool's workers end with the run
        self.written = 0  # files fixed on disk so far

    def run(self, files: Sequence[SourceFile], jobs: int) -> None:
        if self.cache is not None:
            self.cache.expect([source.path for source in files])  # rows are read a chunk at a time
        try:
            with _sigterm_raises(), self.stack:
                try:
                    if jobs > 1 and len(files) >= _POOL_MIN_FILES:
                        self._pooled(files, jobs)
                    else:
                        self._here(files)
                except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM through _sigterm_raises
                    late = [result for result, _ in self.pool.stop()] if self.pool is not None else []
                    self.written += sum(r.fixed_count > 0 for r in late) if self.mode.write else 0
                    raise Interrupted(self.written, isinstance(exc, Terminated)) from None
        except KeyboardInterrupt as exc:  # a second Ctrl-C while stopping
            raise Interrupted(None, isinstance(exc, Terminated)) from None

    def _deliver(self, source: SourceFile, result: FileResult, entry: Entry | None) -> None:
        self.linters.forget(source.path)
        own = self.own.pop(source.path, None)
        if self.mode.write and result.fixed_count > 0:
            self.written += 1
        if self.cache is not None and entry is not None:
            self.cache.store(source.path, entry, result.source, own)
        self.on_result(result)

    def _own(self, source: SourceFile) -> Settings | None:
        """The file's own settings when they are not the run's (another config, per-file-ignores)."""
        own = settings_for(self.settings, source.path)
        mine = None if own == self.settings else own
        self.own[source.path] = mine
        return mine

    def _lookup(self, source: SourceFile) -> FileResult | _Task:
        own = self._own(source)
        if self.cache is None:
            return _Task(source, None, None, own)
        tree = self.linters.tree_for(own or self.settings)
        hit = _lookup(source, self.cache, tree, self.mode, own)
        return slim(hit) if isinstance(hit, FileResult) and self.mode.excerpts else hit

    def _here(self, files: Sequence[SourceFile], looked_up: dict[int, FileResult | _Task] | None = None) -> None:
        """One file after the other in this process: look up, check, report, forget."""
        started = False
        for index, source in enumerate(files):
            if looked_up is not None and index not in looked_up:
                continue  # a hit already reported by `_pooled`
            item = looked_up.pop(index) if looked_up is not None else self._lookup(source)
            if isinstance(item, FileResult):
                self._deliver(source, item, None)
                continue
            linter = self.linters.linter(item.settings)
            if not started and self.mode.excerpts:
                quiet_gc()  # start-up is over (the CLI's own process)
            started = True
            self._deliver(source, *process(item, linter, self.mode))

    def _pooled(self, files: Sequence[SourceFile], jobs: int) -> None:
        """Every cache lookup first (whether a pool pays depends on the misses), then the
        misses in a pool, each result reported in input order as it arrives. A hit is
        reported at once while no miss comes before it, else held (slim) for its turn."""
        looked_up: dict[int, FileResult | _Task] = {}
        tasks: list[_Task] = []
        held = 0
        for index, source in enumerate(files):
            item = self._lookup(source)
            if isinstance(item, FileResult) and not looked_up:
                self._deliver(source, item, None)
                continue
            if isinstance(item, _Task):
                held += len(item.raw or b"")
                if held > _HELD_BYTES:
                    item = _reread(item)
                tasks.append(item)
            looked_up[index] = item
        if len(tasks) < _POOL_MIN_FILES:
            self._here(files, looked_up)
            return
        self.pool = self.stack.enter_context(_make_pool(tasks, self.settings, self.mode, min(jobs, len(tasks))))
        outcomes = self.pool.results()
        for index in sorted(looked_up):
            item = looked_up.pop(index)
            outcome = (item, None) if isinstance(item, FileResult) else next(outcomes)
            self._deliver(files[index], *outcome)


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


def _lookup(
    source: SourceFile, cache: Cache, tree: PackageTree, mode: Mode, own: Settings | None = None
) -> FileResult | _Task:
    """A cached result, or the task to compute one (with the bytes already read); `own`:
    the file's settings when they are not the run's."""
    try:
        found = cache.lookup(source.path, tree, mode.fix, own)
    except OSError:
        return _Task(source, None, None, own)  # the worker reports it
    if not isinstance(found, Entry):
        return _Task(source, *found, own)  # unknown, changed, or there is something to fix
    violations = decode_violations(source.display, found.violations)
    text = excerpt = None
    if violations and found.lines is not None:  # the text report shows the source lines
        if mode.excerpts:
            excerpt = found.lines
        else:  # whoever asked for whole sources gets one with the lines where the file has them
            text = sparse_source(found.lines)
    elif violations:  # a row without its lines: read them
        try:
            text = sourcefile.decode(sourcefile.read(source.path)[0]).text
        except (OSError, sourcefile.DecodeError):
            pass
    return FileResult(source.display, violations, source=text, suppressed=found.suppressed, excerpt=excerpt)


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
    return os.path.join(root, CACHE_DIR_NAME)
