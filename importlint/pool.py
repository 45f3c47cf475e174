"""The process pool, and the contract the runner relies on.

- Results come back in input order, for any number of workers.
- A worker that dies (a native crash in a parser, the OOM killer) costs at most the batches
  it was running: their items are retried one at a time in a separate one-worker pool, so
  only the item that crashes is lost (`on_crash` stands in for its result). Every other
  unfinished batch continues in one replacement pool: a crash is not a cliff. Every retried
  item goes through `fresh` first (a batch may have finished, its files written, with only
  its result lost).
- No exception of the pool machinery escapes `Pool.results()`.
- Interrupts: workers ignore SIGINT and SIGTERM, so a Ctrl-C sent to the whole process
  group reaches only the main process, which decides: `Pool.stop()` lets each worker finish
  the item in hand (an item is one file: its write is atomic) for at most `STOP_GRACE`
  seconds, then kills the workers. A second Ctrl-C skips the grace period.
"""

from __future__ import annotations

import concurrent.futures
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import multiprocessing.context
    import multiprocessing.synchronize

T = TypeVar("T")
R = TypeVar("R")

STOP_GRACE = 0.3  # seconds: the whole stop must stay under half a second


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like the KeyboardInterrupt of a SIGINT."""


def raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


# -- in a worker process --------------------------------------------------------------

_STATE: tuple[Any, multiprocessing.synchronize.Event, int, Callable[[Any], Any]] | None = None


def _worker_init(
    started: Any,
    counter: Any,
    stop: multiprocessing.synchronize.Event,
    work: Callable[[Any], Any],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> None:
    global _STATE
    # the main process owns the decision to stop; a worker dying of the terminal's
    # SIGINT mid-batch would only look like a crash
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    _STATE = (started, stop, slot, work)
    initializer(*initargs)


def _run_batch(index: int, batch: Sequence[Any]) -> list[Any]:
    """Run one batch, noting which batch this worker holds (to find it again after a crash)."""
    assert _STATE is not None
    started, stop, slot, work = _STATE
    if slot < len(started):
        started[slot] = index
    out = []
    for item in batch:
        if stop.is_set():  # interrupted: hand back what is done, at once
            break
        out.append(work(item))
    if slot < len(started):
        started[slot] = -1
    return out


# -- in the main process --------------------------------------------------------------


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
        self.batches = [list(batch) for batch in batches]  # a batch is replaced when it is retried
        self.work = work
        self.initializer = initializer
        self.initargs = initargs
        self.jobs = jobs
        self.context = context
        self.on_crash = on_crash  # the result of an item whose worker died under it
        self.fresh = fresh  # an item as it must be retried (e.g. read its file again)
        self.stop_event = context.Event()
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None
        self._single: concurrent.futures.ProcessPoolExecutor | None = None
        self._started: Any = None
        self._futures: dict[int, concurrent.futures.Future[list[R]]] = {}
        self.run_singly = 0  # items retried one at a time after a crash (for tests and diagnosis)
        self._next = 0  # the batch results() is handing out
        self._handed = 0  # how many of its results it has handed out

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._kill_all()

    def _new_executor(self, workers: int) -> tuple[concurrent.futures.ProcessPoolExecutor, Any]:
        started = self.context.Array("i", [-1] * workers)
        counter = self.context.Value("i", 0)
        args = (started, counter, self.stop_event, self.work, self.initializer, self.initargs)
        executor = concurrent.futures.ProcessPoolExecutor(workers, self.context, _worker_init, args)
        return executor, started

    def _submit(self, index: int) -> None:
        assert self._executor is not None
        try:
            self._futures[index] = self._executor.submit(_run_batch, index, self.batches[index])
        except (BrokenProcessPool, RuntimeError) as exc:  # the pool died while we were submitting
            failed: concurrent.futures.Future[list[R]] = concurrent.futures.Future()
            failed.set_exception(BrokenProcessPool(str(exc)))
            self._futures[index] = failed

    def results(self) -> Iterator[R]:
        """Every item's result, in input order."""
        self._executor, self._started = self._new_executor(self.jobs)
        for index in range(len(self.batches)):
            self._submit(index)
        singles: set[int] = set()
        for index in range(len(self.batches)):
            self._next, self._handed = index, 0
            while index not in singles:
                try:
                    batch_results = self._futures[index].result()
                except Exception:  # noqa: BLE001 - BrokenProcessPool, or a worker's own failure
                    singles |= self._restart(index)
                    continue
                for result in batch_results:
                    self._handed += 1  # counted before the consumer sees it: stop() must not repeat it
                    yield result
                break
            else:
                yield from self._one_by_one(self.batches[index])
        self._next, self._handed = len(self.batches), 0

    def _restart(self, index: int) -> set[int]:
        """After the pool died: the batches to retry singly; the rest go to a new pool."""
        suspects = {i for i in self._started[:] if i >= 0} if self._started is not None else set()
        unfinished = [
            i
            for i in range(index, len(self.batches))
            if i in self._futures and (not self._futures[i].done() or self._futures[i].exception() is not None)
        ]
        if not suspects & set(unfinished):
            # nothing was known to run (a crash at start-up): trust no batch, so progress is certain
            suspects = set(unfinished)
        self._kill(self._executor)
        self._executor, self._started = self._new_executor(self.jobs)
        retry = set()
        for i in unfinished:
            if i in suspects:
                retry.add(i)
                del self._futures[i]
            else:
                # it may have run to the end (its files written) with the result lost in the
                # pipe: the retry must start from what is on disk now
                self.batches[i] = [self.fresh(item) for item in self.batches[i]]
                self._submit(i)
        return retry

    def _one_by_one(self, batch: Sequence[T]) -> Iterator[R]:
        """A suspect batch, one item at a time in a one-worker pool: a crash costs one item."""
        for item in batch:
            item = self.fresh(item)
            self.run_singly += 1
            if self._single is None:
                self._single, _ = self._new_executor(1)
            try:
                yield self._single.submit(_run_batch, -1, [item]).result()[0]
            except Exception:  # noqa: BLE001 - the worker died under this item
                self._kill(self._single)
                self._single = None
                yield self.on_crash(item)

    def stop(self) -> list[R]:
        """Stop everything now (after an interrupt): the results of batches that finished
        but were not yet handed out (their files may have been written), then no worker
        is left running."""
        self.stop_event.set()
        late: list[R] = []
        try:
            pending = [f for i, f in self._futures.items() if i >= self._next]
            concurrent.futures.wait(pending, timeout=STOP_GRACE)
            for i in sorted(self._futures):
                future = self._futures[i]
                if i >= self._next and future.done() and future.exception() is None:
                    late.extend(future.result()[self._handed if i == self._next else 0 :])
        except KeyboardInterrupt:  # a second Ctrl-C: no grace
            pass
        finally:
            self._kill_all()
        return late

    def _kill_all(self) -> None:
        self._kill(self._executor)
        self._kill(self._single)
        self._executor = self._single = None

    @staticmethod
    def _kill(executor: concurrent.futures.ProcessPoolExecutor | None) -> None:
        """Shut a pool down without waiting for anything: its workers are killed."""
        if executor is None:
            return
        # the executor has no public way to stop workers that are busy; its process
        # table is the documented-by-source way every pool library uses
        processes = list((getattr(executor, "_processes", None) or {}).values())
        # kill first: on 3.13 the manager thread of a broken pool holds the shutdown lock
        # while it waits for the surviving workers to exit, so shutdown() first deadlocks
        for process in processes:
            try:
                process.kill()
            except (OSError, ValueError, AttributeError):
                pass
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            try:
                process.join(1)
            except (OSError, ValueError, AttributeError):
                pass
