"""CPython's module initialisation, simulated over a universe's records.

`import M` in a fresh interpreter: the parent packages first, then M's module-level
statements in order; each import reached runs its module at once unless it is already
in `sys.modules` (an initialising module is returned partial). The steps mirror
`importlib._bootstrap` (`_find_and_load_unlocked`, `_handle_fromlist`) and the
`IMPORT_FROM` opcode:

- a submodule is bound on its parent after it finishes executing; a module whose
  execution raises is removed from `sys.modules` (a later import runs it again);
- `from X import a, b` imports, for each listed name X lacks, the submodule `X.name`
  (ModuleNotFoundError for that very submodule is swallowed), then reads the names left
  to right, binding each before the next is read: an attribute of X, else the module
  `X.name` in `sys.modules`, else ImportError ("partially initialized" while X runs);
- an error propagates through the statements and modules running, each module's
  `try` handlers catching what they name.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .records import Bind, Import, Node, Try, Unbind, walk_imports
from .universe import Module, Universe

# what every module has before its first statement runs
_PRESET = frozenset(
    {"__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__", "__cached__", "__builtins__"}
)
_DEEP = 150  # above this many modules the simulation runs on a thread with a large stack


class _Raise(Exception):
    """An exception CPython raises in the simulated run: its kind (records.ERROR_KINDS) and,
    for a ModuleNotFoundError, the module that was not found."""

    def __init__(self, kind: str, missing: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.missing = missing


@dataclass
class State:
    """A module in the simulated `sys.modules`."""

    module: Module
    attrs: set[str]
    unknown: bool  # it ran a star import or has no source: any name may be bound
    initializing: bool = True
    at: Import | None = None  # the import statement it is running now

    @property
    def line(self) -> int:
        return self.at.line if self.at is not None else 0

    @property
    def name(self) -> str:
        return self.module.name


_EXTERNAL = State(Module("", "", "", True, None), set(), unknown=True, initializing=False)


@dataclass(frozen=True)
class Failure:
    """A `from X import name` that raises because X is still initialising."""

    entry: str  # the module imported first, in a fresh interpreter
    importer: Module
    node: Import  # the import record
    name: str
    source: Module  # X
    source_line: int  # the line of the import X was running
    chain: tuple[str, ...]  # the modules running, outermost first (the importer last)
    source_at: Import | None = None  # the import X was running (its line: `source_line`)


Frame = tuple[str, int]  # (module, the line of the import it is running)


@dataclass
class Simulation:
    """One fresh interpreter: `run(entry)` imports a module the way `python -c "import M"` does."""

    universe: Universe
    on_failure: Callable[[Failure], None] | None = None
    on_enter: Callable[[str, list[Frame]], None] | None = None
    modules: dict[str, State] = field(default_factory=dict)
    stack: list[State] = field(default_factory=list)
    entry: str = ""

    def run(self, entry: str) -> bool:
        """Import `entry`; False if the import raises."""
        self.entry = entry
        try:
            self.load(entry)
        except _Raise:
            return False
        return True

    # -- importlib._bootstrap -------------------------------------------------------------

    def load(self, name: str) -> State:
        """`_gcd_import(name)`: the module, running it (and its parents) when needed."""
        known = self.modules.get(name)
        if known is not None:
            return known
        if not self.universe.is_internal(name):
            return _EXTERNAL  # outside the packages read: assumed to import, binding anything
        parent, _, child = name.rpartition(".")
        if parent:
            if parent not in self.modules:
                self.load(parent)
            if name in self.modules:  # importing the parent imported it
                return self.modules[name]
            parent_state = self.modules.get(parent)
            if parent_state is None or not parent_state.module.is_package:
                raise _Raise("missing", name)
        module = self.universe.lookup(name)
        if module is None:
            raise _Raise("missing", name)
        state = self._execute(module)
        if parent:
            parent_state = self.modules.get(parent)
            if parent_state is not None:
                parent_state.attrs.add(child)  # setattr(parent, child, module) after it ran
        return self.modules.get(name, state)

    def _execute(self, module: Module) -> State:
        preset = _PRESET | {"__path__"} if module.is_package else _PRESET
        state = State(module, set(preset), unknown=module.opaque)
        self.modules[module.name] = state
        if self.on_enter is not None:
            self.on_enter(module.name, [(s.name, s.line) for s in self.stack])
        self.stack.append(state)
        try:
            if module.records is not None:
                if not module.records.parsed:
                    raise _Raise("other")  # SyntaxError (or an unreadable file)
                self._block(state, module.records.body, frozenset())
        except _Raise:
            self.modules.pop(module.name, None)  # _load_unlocked: `del sys.modules[name]`
            raise
        finally:
            state.initializing = False
            self.stack.pop()
        return state

    # -- the module's statements ----------------------------------------------------------

    def _block(self, state: State, body: Sequence[Node], catching: frozenset[str]) -> None:
        for node in body:
            kind = type(node)  # exact types: the records are never subclassed
            if kind is Bind:
                state.attrs.add(node.name)  # type: ignore[union-attr]
            elif kind is Import:
                self._import(state, node, catching)  # type: ignore[arg-type]
            elif kind is Unbind:
                state.attrs.discard(node.name)  # type: ignore[union-attr]
            else:
                self._try(state, node, catching)  # type: ignore[arg-type]

    def _try(self, state: State, node: Try, catching: frozenset[str]) -> None:
        handled = frozenset(kind for handler in node.handlers for kind in handler.catches)
        try:
            try:
                self._block(state, node.body, catching | handled)
            except _Raise as exc:
                handler = next((h for h in node.handlers if exc.kind in h.catches), None)
                if handler is None:
                    raise
                self._block(state, handler.body, catching)
            else:
                self._block(state, node.orelse, catching)
        finally:
            self._block(state, node.final, catching)

    def _import(self, state: State, node: Import, catching: frozenset[str]) -> None:
        state.at = node
        # a class body binds into the class: a throwaway set
        bound = set() if node.in_class else state.attrs
        if not node.is_from:
            for name, asname in node.names:
                self.load(name)
                bound.add(asname or name.partition(".")[0])
            return
        base = self.universe.base_of(state.module, node)
        if base is None:
            raise _Raise("import")  # beyond the top-level package
        source = self.load(base)
        names = node.names
        if names[0][0] == "*":
            if not node.in_class:
                state.unknown = True
            return
        if source is _EXTERNAL:
            bound.update(asname or name for name, asname in names)
            return
        if source.module.is_package:
            self._handle_fromlist(source, base, names)
        for name, asname in names:
            if not self._has(source, base, name):
                if source.initializing and "name" not in catching:
                    self._fail(state, node, name, source)
                raise _Raise("name")
            bound.add(asname or name)

    def _handle_fromlist(self, source: State, base: str, names: Sequence[tuple[str, str | None]]) -> None:
        for name, _ in names:
            if name in source.attrs:
                continue
            full = f"{base}.{name}"
            try:
                self.load(full)
            except _Raise as exc:
                if exc.kind != "missing" or exc.missing != full:
                    raise

    def _has(self, source: State, base: str, name: str) -> bool:
        """IMPORT_FROM: an attribute (a module `__getattr__` may make any), else `sys.modules`."""
        if source.unknown or name in source.attrs or "__getattr__" in source.attrs:
            return True
        return f"{base}.{name}" in self.modules

    def _fail(self, state: State, node: Import, name: str, source: State) -> None:
        if self.on_failure is None:
            return
        chain = tuple(s.name for s in self.stack)
        self.on_failure(Failure(self.entry, state.module, node, name, source.module, source.line, chain, source.at))


def run_deep(universe: Universe, work: Callable[[], None]) -> None:
    """Run `work` with room for an import chain as deep as the universe is large: the
    simulation recurses once per nested import, as CPython does."""
    if len(universe.modules) <= _DEEP:
        work()
        return
    errors: list[BaseException] = []

    def target() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 12 * len(universe.modules) + 1000))
        try:
            work()
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)
        finally:
            sys.setrecursionlimit(old)

    size = threading.stack_size()
    try:
        threading.stack_size(min(1 << 30, max(size, 64 * 1024 * 1024 + 64 * 1024 * len(universe.modules))))
    except (ValueError, RuntimeError):  # a platform that cannot size a thread's stack
        work()
        return
    try:
        thread = threading.Thread(target=target, name="importlint-graph")
        thread.start()
    finally:
        threading.stack_size(size)
    thread.join()
    if errors:
        raise errors[0]


def failures(
    universe: Universe, entries: list[str] | None = None, only: frozenset[str] | None = None
) -> Iterator[Failure]:
    """The first failure of each statement, importing each entry (default: every module,
    in sorted order) first in a fresh interpreter; with `only`, of the statements of these
    modules (pre-commit's changed files: the other imports need not be simulated).

    `import P.a` runs `import P` first: its run is the parent's run, then P.a. Sorted
    names visit a package right before its modules, so each run starts from its parent's
    finished `sys.modules` instead of running the parent again; the answer is the same
    (a failure is credited to the first entry in sorted order either way).
    """
    found: dict[tuple[str, int, int], Failure] = {}

    def record(failure: Failure) -> None:
        key = (failure.importer.name, failure.node.line, failure.node.col)
        found.setdefault(key, failure)

    def work() -> None:
        after: dict[str, dict[str, State] | None] = {}  # a package's sys.modules after its import
        relevant = may_fail(universe, only)
        # a package whose modules are run gets run too: they start from its finished run
        relevant |= {p for name in relevant for p in _prefixes(name)[:-1]}
        for entry in entries if entries is not None else sorted(universe.modules):
            if entry not in relevant:
                continue
            parent = entry.rpartition(".")[0]
            _keep_ancestors(after, entry)
            state = after.get(parent, {}) if parent in after else {}
            if state is None or entry in state:
                continue  # the parent's import raised, or ran the entry: the same run again
            simulation = Simulation(universe, on_failure=record, modules=_copy(state))
            ok = simulation.run(entry)
            if universe.modules[entry].is_package if entry in universe.modules else False:
                after[entry] = simulation.modules if ok else None

    run_deep(universe, work)
    yield from found.values()


def _keep_ancestors(after: dict[str, dict[str, State] | None], entry: str) -> None:
    """Forget the finished runs of packages that are not `entry`'s ancestors: in sorted
    order a package's modules follow it, so no later entry starts from them (each run
    holds a copy of every module's names: all of them at once cost as much as the records)."""
    for name in [name for name in after if not entry.startswith(name + ".")]:
        del after[name]


def may_fail(universe: Universe, only: frozenset[str] | None = None) -> set[str]:
    """The modules whose import may reach a failing `from` import: a failure in A reading X
    needs X initialising while A runs, so X runs A (through imports) and A imports X: both in
    one strongly connected component of "may run" edges (each import to every module it may
    run or read), or A is X. Only modules from which such an A is reachable are worth
    importing first: `import M` runs M's parent packages first, but that part of the run is
    the parent's own entry's run, and it fails only if the parent may."""
    from .cycles import components

    edges: list[tuple[str, str]] = []
    reads: list[tuple[str, str]] = []
    for name, module in universe.modules.items():
        if module.records is None:
            continue
        for node in walk_imports(module.records.body):
            if node.is_from:
                base = universe.base_of(module, node)
                if base is None:
                    continue
                reads.append((name, base))
                targets = [*_prefixes(base), *(f"{base}.{n}" for n, _ in node.names if n != "*")]
            else:
                targets = [p for n, _ in node.names for p in _prefixes(n)]
            edges += [(name, t) for t in targets if t in universe.modules]
    member = {n: i for i, c in enumerate(components(universe.modules, edges)) for n in c}
    risky = {a for a, x in reads if a == x or (a in member and member.get(x) == member[a])}
    if only is not None:
        risky &= only
    importers: dict[str, list[str]] = {}
    for source, target in edges:
        importers.setdefault(target, []).append(source)
    seen, queue = set(risky), list(risky)
    while queue:
        for source in importers.get(queue.pop(), ()):
            if source not in seen:
                seen.add(source)
                queue.append(source)
    return seen


def _prefixes(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def _copy(modules: dict[str, State]) -> dict[str, State]:
    """A fresh copy of a finished import's `sys.modules` (nothing in it is initialising)."""
    return {name: State(s.module, set(s.attrs), s.unknown, s.initializing, s.at) for name, s in modules.items()}


def why(universe: Universe, entry: str, target: str) -> list[Frame] | None:
    """The modules running (with the import each is at) when `import entry` first runs
    `target`, outermost first; None if it never runs it."""
    seen: list[list[Frame]] = []

    def enter(name: str, frames: list[Frame]) -> None:
        if name == target and not seen:
            seen.append(frames)

    def work() -> None:
        Simulation(universe, on_enter=enter).run(entry)

    run_deep(universe, work)
    return seen[0] if seen else None
