"""The process pool, and the contract the runner relies on.

- Results come back in input order, for any number of workers.
- A worker that dies (a native crash in a parser, the OOM killer) costs at most the batch
  it was running: that batch's items are retried one at a time in a one-worker process, so
  only the item that crashes is lost (`on_crash` stands in for its result). The other
  workers never notice; the dead one is replaced. Every retried item goes through `fresh`
  first (the batch may have been half done, its files written, when the worker died).
- An exception raised by `work` costs the same as a crash, never the run; no exception of
  the pool machinery escapes `Pool.results()`.
- Interrupts: workers ignore SIGINT and SIGTERM, so a Ctrl-C sent to the whole process
  group reaches only the main process, which decides: `Pool.stop()` lets each worker finish
  the item in hand (an item is one file: its write is atomic) for at most `STOP_GRACE`
  seconds, then kills the workers. A second Ctrl-C skips the grace period.

It is built on `multiprocessing.Process` and one pipe per worker, not on
`concurrent.futures.ProcessPoolExecutor`: the executor's manager thread can deadlock while a
broken pool shuts down (CPython 3.13 joins idle workers under the lock that `submit` needs),
and after a crash it breaks every pending future, where here the main process always knows
which batch each worker holds.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import multiprocessing.context
    import multiprocessing.process
    import multiprocessing.synchronize
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

STOP_GRACE = 0.3  # seconds: the whole stop must stay under half a second
_AHEAD = 4  # batches handed out per worker beyond the one being reported: bounds the memory of results held back
_READY = "ready"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like the KeyboardInterrupt of a SIGINT."""


def raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


# -- in a worker process --------------------------------------------------------------


def _worker_main(
    conn: Connection,
    stop: multiprocessing.synchronize.Event,
    work: Callable[[Any], Any],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> None:
    # the main process owns the decision to stop; a worker dying of the terminal's
    # SIGINT mid-batch would only look like a crash
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    import multiprocessing

    parent = multiprocessing.parent_process()
    initializer(*initargs)
    conn.send(_READY)
    while True:
        # a main process that died without a word (SIGKILL) must not leave workers behind
        ready = wait([conn, parent.sentinel] if parent is not None else [conn])
        if conn not in ready:
            return
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, batch = message
        conn.send((index, *_run_batch(stop, work, batch)))


def _run_batch(
    stop: multiprocessing.synchronize.Event, work: Callable[[Any], Any], batch: Sequence[Any]
) -> tuple[list[Any], bool]:
    """The results of the batch's first items, and whether `work` raised on the next one."""
    out = []
    for item in batch:
        if stop.is_set():  # interrupted: hand back what is done, at once
            break
        try:
            out.append(work(item))
        except Exception:  # noqa: BLE001 - a bug in work: the main process retries the item alone
            return out, True
    return out, False


# -- in the main process --------------------------------------------------------------


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (pending, not lost) until the block ends, where the OS allows."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # Windows: no signal masks; Ctrl-C there is an event between bytecodes anyway
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)


class _Worker:
    """One worker process, its end of the pipe, and the batch it holds."""

    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.ready = False  # its initializer has finished
        self.batch: int | None = None  # the index of the batch it is running

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(1)
        except (OSError, ValueError, AttributeError):
            pass
        self.conn.close()


class Pool(Generic[T, R]):
    """Runs `work(item)` for every item of `batches` in `jobs` worker processes."""

    def __init__(
        self,
        batches: Sequence[Sequence[T]],
        work: Callable[[T], R],
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        jobs: int,
        context: multiprocessing.context.BaseContext,
        on_crash: Callable[[T], R],
        fresh: Callable[[T], T] = lambda item: item,
    ) -> None:
        self.batches = [list(batch) for batch in batches]
        self.work = work
        self.initializer = initializer
        self.initargs = initargs
        self.jobs = max(1, jobs)
        self.context = context
        self.on_crash = on_crash  # the result of an item whose worker died under it
        self.fresh = fresh  # an item as it must be retried (e.g. read its file again)
        self.stop_event = context.Event()
        self.run_singly = 0  # items retried one at a time after a crash (for tests and diagnosis)
        self._workers: list[_Worker] = []
        self._single: _Worker | None = None
        self._queue: deque[int] = deque()  # batches not yet handed to a worker
        self._done: dict[int, list[R]] = {}  # finished batches not yet reported
        self._suspect: dict[int, list[R]] = {}  # failed batches: the results their worker sent first
        self._cannot_start = False  # a worker died in its initializer: no more are started
        self._next = 0  # the batch results() is handing out
        self._current: list[R] = []  # its results not yet handed out

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._kill_all()

    # -- workers ----------------------------------------------------------------------

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(theirs, self.stop_event, self.work, self.initializer, self.initargs),
            daemon=True,
        )
        process.start()
        theirs.close()  # the worker's end lives in the worker: its death is our EOF
        return _Worker(process, ours)

    def _dispatch(self) -> None:
        """Hand queued batches to idle workers, no further ahead than `_AHEAD` per worker."""
        horizon = self._next + self.jobs * (_AHEAD + 1)
        for worker in self._workers:
            if worker.batch is None and self._queue and self._queue[0] < horizon:
                index = self._queue.popleft()
                worker.batch = index
                try:
                    worker.conn.send((index, self.batches[index]))
                except (OSError, ValueError):  # it died: the next poll sees the sentinel
                    pass

    def _poll(self) -> None:
        """Wait for a worker to report or die, and take note."""
        waitables: list[Any] = []
        for worker in self._workers:
            waitables += [worker.conn, worker.process.sentinel]
        ready = set(wait(waitables))
        for worker in list(self._workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                self._receive(worker)

    def _receive(self, worker: _Worker) -> None:
        with _signals_held():  # a Ctrl-C between reading a message and noting it would lose results
            try:
                message = worker.conn.recv()
            except (EOFError, OSError, ValueError):  # it died (its last words may be cut off)
                message = None
            else:
                self._note(worker, message)
        if message is None:
            self._lose(worker)

    def _note(self, worker: _Worker, message: Any) -> None:
        if message == _READY:
            worker.ready = True
            return
        index, results, failed = message
        worker.batch = None
        if failed or len(results) < len(self.batches[index]) and not self.stop_event.is_set():
            self._suspect[index] = results
        else:
            self._done[index] = results

    def _lose(self, worker: _Worker) -> None:
        """A worker died: its batch is retried item by item, and it is replaced."""
        self._workers.remove(worker)
        worker.kill()
        if worker.batch is not None:
            self._suspect[worker.batch] = []
        if not worker.ready:
            self._cannot_start = True  # its initializer killed it: a new one would die the same way
        if not self._cannot_start and not self.stop_event.is_set():
            self._workers.append(self._start())

    # -- results ----------------------------------------------------------------------

    def results(self) -> Iterator[R]:
        """Every item's result, in input order."""
        self._queue.extend(range(len(self.batches)))
        self._workers = [self._start() for _ in range(min(self.jobs, len(self.batches)))]
        for index in range(len(self.batches)):
            self._next = index
            while index not in self._done and index not in self._suspect:
                if not self._workers:  # none can start: what is left runs item by item
                    self._suspect[self._queue.popleft()] = []
                    continue
                self._dispatch()
                self._poll()
            if index in self._done:
                self._current = self._done.pop(index)
            else:
                self._current = self._suspect.pop(index)
                self._current += self._one_by_one(self.batches[index][len(self._current) :])
            while self._current:
                yield self._current.pop(0)
        self._next = len(self.batches)

    def _one_by_one(self, batch: Sequence[T]) -> list[R]:
        """A suspect batch, one item at a time in a one-worker process: a crash costs one item."""
        out = []
        for item in batch:
            item = self.fresh(item)
            self.run_singly += 1
            out.append(self._alone(item))
        return out

    def _alone(self, item: T) -> R:
        if self._single is None:
            self._single = self._start()
        single = self._single
        try:
            single.conn.send((-1, [item]))
            while True:
                message = single.conn.recv()
                if message != _READY:
                    break
            _, results, failed = message
            if not failed and results:
                return results[0]  # type: ignore[no-any-return]
        except (EOFError, OSError, ValueError):
            pass
        single.kill()  # it died under this item, or `work` raised: start clean for the next
        self._single = None
        return self.on_crash(item)

    # -- stopping ---------------------------------------------------------------------

    def stop(self) -> list[R]:
        """Stop everything now (after an interrupt): the results of items that finished
        but were not yet handed out (their files may have been written), then no worker
        is left running."""
        self.stop_event.set()
        late: list[R] = list(self._current)
        try:
            # each busy worker answers after the item in hand, with what it has done
            deadline = time.monotonic() + STOP_GRACE
            busy = [w for w in self._workers if w.batch is not None]
            while busy and time.monotonic() < deadline:
                for conn in wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic())):
                    worker = next(w for w in busy if w.conn is conn)
                    self._receive(worker)
                    busy.remove(worker)
        except (KeyboardInterrupt, EOFError, OSError, ValueError):  # a second Ctrl-C: no grace
            pass
        finally:
            for index in sorted({*self._done, *self._suspect}):
                if index >= self._next:
                    late.extend(self._done.get(index) or self._suspect.get(index) or [])
            self._kill_all()
        return late

    def _kill_all(self) -> None:
        for worker in self._workers:
            worker.kill()
        if self._single is not None:
            self._single.kill()
        self._workers, self._single = [], None
