"""The whole-tree pass's verdicts in the cache: what one universe's IL007/IL008 found,
reused while nothing it read has changed.

A verdict answers a question (`scope`: the code that computes it, the sys.path root, the
top-level packages read, the rule, the modules IL008 reports on) and depends on
everything the computation read: each module of the universe (its name, file and kind,
and what of its records the rule reads, which `key` or `shape_key` hashes) and each
look-up of a module outside the files read (`facts`: a namespace portion, an extension
module or nothing, asked of the disk again before a stored verdict is trusted). Like the
per-file cache it is self-validating: a stored verdict is used only when the key and
every fact are what this run sees, so it can never hide or invent a violation; any change
that could change it (an edited import, a new or deleted module, a new extension module)
computes it afresh.

IL007 stores its violations, keyed by every record (`key`). IL008 stores its failures by
reference (the n-th import of a module), keyed by what steers the simulation
(`shape_key`: the records without their positions, and only the bindings of names some
`from` import reads), and words them from this run's records: an edit that moves lines
or binds a name no one imports (most edits) re-simulates nothing, yet the lines reported
are the file's current ones.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Violation
from .records import Bind, Import, Node, Try, Unbind, digest_of, walk_imports
from .simulate import Failure
from .universe import Module, Universe

# what a module look-up outside the files read found (Universe.lookup)
MISSING, NAMESPACE, OPAQUE = "missing", "namespace", "opaque"
Pair = tuple[str, Violation]  # (absolute path, violation)


@functools.cache
def code_key() -> str:
    """The code a verdict comes from: the modules that compute and word it, by content (a
    checkout that still calls itself the same version may compute something else)."""
    from ..cache import content_hash, records_key
    from ..rules import by_code
    from . import check, cycles, simulate, universe

    modules = [check, cycles, simulate, universe, sys.modules[__name__]]
    modules += [sys.modules[type(by_code(code)).__module__] for code in ("IL007", "IL008")]
    parts = [records_key()]
    for module in modules:
        try:
            with open(module.__file__ or "", "rb") as handle:
                parts.append(content_hash(handle.read()))
        except OSError:  # no source file (a frozen build): records_key's version names it
            parts.append(module.__name__)
    return _hash(parts)


def scope(world: Universe, code: str, checked: Iterable[str] | None = None) -> str:
    """The question a verdict answers (the row it is stored in)."""
    reported = sorted(checked) if checked is not None else None
    return _hash([code_key(), world.root, sorted(world.tops), code, reported])


def key(world: Universe) -> str:
    """A hash of every module of the universe as the computation reads it."""
    digest = hashlib.sha256()
    for name in sorted(world.modules):
        module = world.modules[name]
        records = digest_of(module.records) if module.records is not None else None
        digest.update(json.dumps([name, module.path, module.rel, module.is_package, records]).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def shape_key(world: Universe) -> str:
    """A hash of what the simulation reads of every module: its name, file and kind, and
    its records without positions, keeping only bindings of names a `from` import reads
    (or `__getattr__`): no other binding is ever looked up (simulate.Simulation._has)."""
    read = {"__getattr__"}
    for module in world.modules.values():
        if module.records is not None:
            read.update(n for node in walk_imports(module.records.body) if node.is_from for n, _ in node.names)
    digest = hashlib.sha256()
    for name in sorted(world.modules):
        module = world.modules[name]
        records = module.records
        shape = None if records is None else [records.parsed, _shape(records.body, read)]
        digest.update(json.dumps([name, module.path, module.rel, module.is_package, shape]).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _shape(body: Sequence[Node], read: set[str]) -> list[Any]:
    out: list[Any] = []
    for node in body:
        if isinstance(node, Import):
            out.append([node.is_from, node.level, node.module, node.names, node.in_class])
        elif isinstance(node, (Bind, Unbind)):
            if node.name in read:
                out.append([isinstance(node, Bind), node.name])
        elif isinstance(node, Try):
            handlers = [[h.catches, _shape(h.body, read)] for h in node.handlers]
            out.append([_shape(node.body, read), handlers, _shape(node.orelse, read), _shape(node.final, read)])
    return out


def encode_failures(failures: Iterable[Failure]) -> str:
    """The failures by reference: modules by name, import statements by their index in
    their module's imports (`records.walk_imports` order; the shape key fixes it)."""
    rows = []
    for f in failures:
        importer = _import_index(f.importer, f.node)
        source = _import_index(f.source, f.source_at) if f.source_at is not None else -1
        rows.append([f.entry, f.importer.name, importer, f.name, f.source.name, source, list(f.chain)])
    return json.dumps(rows, separators=(",", ":"))


def decode_failures(world: Universe, data: str) -> list[Failure] | None:
    """The stored failures with this run's modules and records; None if the row is damaged
    or does not fit the universe (a miss: simulated afresh)."""
    try:
        out = []
        for entry, importer, index, name, source, source_index, chain in json.loads(data):
            module, target = world.modules[importer], world.modules[source]
            node = _nth_import(module, index)
            at = _nth_import(target, source_index) if source_index >= 0 else None
            line = at.line if at is not None else 0
            out.append(Failure(str(entry), module, node, str(name), target, line, tuple(map(str, chain)), at))
        return out
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def _import_index(module: Module, node: Import) -> int:
    assert module.records is not None  # a failing import was read from its records
    return next(i for i, n in enumerate(walk_imports(module.records.body)) if n is node)


def _nth_import(module: Module, index: int) -> Import:
    if module.records is None or index < 0:
        raise IndexError(index)
    return list(walk_imports(module.records.body))[index]


def facts(world: Universe) -> list[list[str]]:
    """The look-ups of modules without a file that the computation made, with their answers."""
    return [[name, _kind(found)] for name, found in sorted(world.looked_up().items())]


def facts_hold(world: Universe, recorded: Sequence[Sequence[str]]) -> bool:
    """True if every recorded look-up still finds what it found (asked of the disk again)."""
    return all(_kind(world.lookup(name)) == kind for name, kind in recorded)


def _kind(found: Module | None) -> str:
    if found is None:
        return MISSING
    return OPAQUE if found.opaque else NAMESPACE


def encode(pairs: Sequence[Pair]) -> str:
    from ..cache import encode_violations

    rows = encode_violations([violation for _, violation in pairs])
    return json.dumps([[path, *row] for (path, _), row in zip(pairs, rows)], separators=(",", ":"))


def decode(data: str) -> list[Pair] | None:
    """The stored violations; None if the row is damaged (a miss: computed afresh)."""
    from ..cache import decode_violations

    try:
        rows: list[Any] = json.loads(data)
        return [(str(row[0]), decode_violations("", [row[1:]])[0]) for row in rows]
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def decode_facts(data: str) -> list[tuple[str, str]] | None:
    try:
        return [(str(name), str(kind)) for name, kind in json.loads(data)]
    except (ValueError, TypeError, RecursionError):
        return None


def _hash(parts: list[Any]) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
