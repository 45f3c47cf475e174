"""The whole-tree pass of `importlint check`: IL007 and IL008 after the per-file pass.

The packages holding the checked files are read whole (pre-commit names only the
changed files, but any module of the package may run on import); only the checked files
are reported. It runs after the per-file pass, so it reads the files as `--fix` left them.
A `# noqa` on the statement suppresses as it does for every rule. Standard input
(`check -`) has no tree pass: its file is not on the disk for the others to import.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .. import noqa
from ..cache import RecordCache
from ..discovery import SourceFile, discover, make_excluder
from ..locate import LineTable
from ..model import FileResult, Violation
from ..rules import by_code
from ..settings import Settings, settings_for
from ..sourcefile import DecodeError, decode
from ..tree import PackageTree
from . import cycles, simulate, universe, verdict
from .records import FileRecords

TREE_CODES = ("IL007", "IL008")


def universes(
    tree: PackageTree, paths: Iterable[str], read: universe.ReadFile = universe.read_records
) -> list[universe.Universe]:
    """One universe per sys.path root, holding the whole top-level packages of `paths`
    (`.py` files in packages; stubs and files outside packages run nothing of the tree)."""
    tops: dict[str, set[str]] = {}
    for path in paths:
        if not path.endswith(".py"):
            continue
        info = tree.module_info(path)
        if info.package and info.top_dir:
            tops.setdefault(info.root, set()).add(info.top_dir)
    return [universe.build(tree, root, tops[root], read) for root in sorted(tops)]


def _record_reader(store: RecordCache) -> universe.ReadFile:
    """Each file's records from the cache if they are still the file's (a warm run parses
    only the files that changed; pre-commit's run reads the whole package, but parses only
    what was edited since)."""

    def read(path: str) -> FileRecords:
        try:
            return store.records(path, universe.parse)
        except (OSError, ValueError):
            return FileRecords(parsed=False)  # as read_records: CPython fails to import it

    return read


def enabled_tree_codes(settings: Settings, files: Iterable[SourceFile] = ()) -> list[str]:
    """The whole-tree codes some file of the run is checked for: the run's own, and those a
    sub-project's nearest config turns on for its files (each file's settings filter the
    violations afterwards, tree_merger)."""
    owned = [settings, *(settings_for(settings, f.path) for f in files)] if settings.resolver else [settings]
    return [code for code in TREE_CODES if any(own.is_enabled(code) for own in owned)]


def tree_violations(
    files: Sequence[SourceFile], settings: Settings, tree: PackageTree, cache: bool = False
) -> dict[str, list[Violation]]:
    """The enabled whole-tree violations of the named files, by normalised absolute path
    (with `cache`, the files' records and each universe's verdict are read from and kept
    in the cache)."""
    codes = enabled_tree_codes(settings, files)
    if not codes:
        return {}
    named = {os.path.normcase(f.path) for f in files}
    paths = [f.path for f in files]
    if not cache:
        return _by_path(named, (_pairs(world, codes, _checked(world, named)) for world in universes(tree, paths)))
    from ..runner import cache_directory

    store = RecordCache(cache_directory(settings, settings.cache_dir))
    try:
        worlds = universes(tree, paths, _record_reader(store))
        return _by_path(named, (_cached_pairs(store, world, codes, _checked(world, named)) for world in worlds))
    finally:
        store.save()


def _checked(world: universe.Universe, named: set[str]) -> frozenset[str]:
    """The modules of the universe whose files are reported on."""
    return frozenset(m.name for m in world.modules.values() if os.path.normcase(m.path) in named)


def _pairs(world: universe.Universe, codes: Sequence[str], checked: frozenset[str]) -> list[verdict.Pair]:
    """(absolute path, violation) of the enabled whole-tree rules over one universe
    (IL008's only for the statements of the `checked` modules)."""
    pairs: list[verdict.Pair] = []
    if "IL007" in codes:
        pairs += _il007(world)
    if "IL008" in codes:
        pairs += _il008(world, list(simulate.failures(world, only=checked)))
    return pairs


def _il007(world: universe.Universe) -> list[verdict.Pair]:
    rule = by_code("IL007")
    return list(rule.tree_violations(world, cycles.build_graph(world)))  # type: ignore[union-attr]


def _il008(world: universe.Universe, failures: list[simulate.Failure]) -> list[verdict.Pair]:
    rule = by_code("IL008")
    return list(rule.tree_violations(world, failures))  # type: ignore[union-attr]


def _cached_pairs(
    store: RecordCache, world: universe.Universe, codes: Sequence[str], checked: frozenset[str]
) -> list[verdict.Pair]:
    """`_pairs`, from the cache while what they read is unchanged (importlint/graph/verdict.py)."""
    pairs: list[verdict.Pair] = []
    if "IL007" in codes:
        question, answer = verdict.scope(world, "IL007"), verdict.key(world)
        stored = _stored(store, world, question, answer)
        found = verdict.decode(stored) if stored is not None else None
        if found is None:
            found = _il007(world)
            store.keep_verdict(question, answer, json.dumps(verdict.facts(world)), verdict.encode(found))
        pairs += found
    if "IL008" in codes:
        question, answer = verdict.scope(world, "IL008", checked), verdict.shape_key(world)
        failures = _whole_run_failures(store, world, answer, checked)
        if failures is None:
            stored = _stored(store, world, question, answer)
            failures = verdict.decode_failures(world, stored) if stored is not None else None
        if failures is None:
            failures = list(simulate.failures(world, only=checked))
            store.keep_verdict(question, answer, json.dumps(verdict.facts(world)), verdict.encode_failures(failures))
        pairs += _il008(world, failures)  # worded from this run's records: their lines now
    return pairs


def _whole_run_failures(
    store: RecordCache, world: universe.Universe, answer: str, checked: frozenset[str]
) -> list[simulate.Failure] | None:
    """The failures in the `checked` modules from the stored verdict of a run over every
    file of the universe, if there is a valid one: the same answer as simulating for them
    alone (simulate.failures: `only` skips entries, never changes what an entry does), so
    a pre-commit run after a whole-tree run simulates nothing while the shape holds."""
    everything = frozenset(m.name for m in world.modules.values() if m.path)
    if checked == everything:
        return None  # that verdict is this run's own question
    stored = _stored(store, world, verdict.scope(world, "IL008", everything), answer)
    failures = verdict.decode_failures(world, stored) if stored is not None else None
    return None if failures is None else [f for f in failures if f.importer.name in checked]


def _stored(store: RecordCache, world: universe.Universe, question: str, answer: str) -> str | None:
    """The data of the verdict stored for `question`, if it was computed from what `answer`
    hashes and every module look-up it made still finds the same."""
    row = store.verdict(question)
    if row is None or row[0] != answer:
        return None
    recorded = verdict.decode_facts(row[1])
    return row[2] if recorded is not None and verdict.facts_hold(world, recorded) else None


def _by_path(named: set[str], found: Iterable[list[verdict.Pair]]) -> dict[str, list[Violation]]:
    """The violations of the named files, by normalised absolute path."""
    out: dict[str, list[Violation]] = {}
    for pairs in found:
        for path, violation in pairs:
            key = os.path.normcase(path)
            if key in named:
                out.setdefault(key, []).append(violation)
    return out


def _unsuppressed(text: str, violations: list[Violation]) -> list[Violation]:
    lines = LineTable(text)

    def offset(line: int, column: int) -> int:
        return min(lines.starts[line - 1] + column - 1, len(text)) if line <= len(lines.starts) else len(text)

    kept = []
    for v in violations:
        codes = noqa.suppressions(lines, offset(v.start.line, v.start.column), offset(v.end.line, v.end.column))
        if not noqa.is_suppressed(v.code, codes):
            kept.append(v)
    return kept


def add_tree_violations(
    results: list[FileResult], paths: Sequence[str], settings: Settings, cache: bool = False
) -> list[FileResult]:
    """`results` of the per-file pass with the whole-tree rules' violations merged in."""
    if not any(settings.is_enabled(code) for code in TREE_CODES) and settings.resolver is None:
        return results  # (with a config per file, a sub-project may turn one on: tree_violations)
    from ..runner import make_tree

    merge = tree_merger(paths, settings, make_tree(settings), cache)
    return [merge(result) for result in results]


def tree_merger(paths: Sequence[str], settings: Settings, tree: PackageTree, cache: bool = False) -> TreeMerger:
    """The whole-tree pass over the files as they are now, as a function that merges its
    violations into one result at a time (a report that streams its results uses it when
    nothing is written, so the files the pass reads are the files the results are of)."""
    files = discover(paths, make_excluder(settings, paths), settings.force_exclude)
    found = tree_violations(files, settings, tree, cache)
    # each file's own config (nearest config, per-file-ignores) decides which of its codes count
    own = {os.path.normcase(f.path): settings_for(settings, f.path) for f in files}
    found = {key: [v for v in found[key] if own[key].is_enabled(v.code)] for key in found if key in own}
    return TreeMerger(found, {f.display: f.path for f in files})


@dataclass(frozen=True)
class TreeMerger:
    """The whole-tree violations, merged into each result passed in (picklable: the pass
    may run in a process of its own)."""

    found: dict[str, list[Violation]]  # by normalised absolute path
    paths: dict[str, str]  # display -> absolute path

    def __call__(self, result: FileResult) -> FileResult:
        _merge(result, self.found, self.paths.get(result.display))
        return result


def _merge(result: FileResult, found: dict[str, list[Violation]], path: str | None) -> None:
    """Merge the whole-tree violations of the file at `path` (noqa honoured) into its result."""
    violations = found.get(os.path.normcase(path)) if path is not None else None
    if not violations or result.error:
        return
    try:
        with open(path, "rb") as handle:  # type: ignore[arg-type]
            text = decode(handle.read()).text
    except (OSError, DecodeError):
        return
    kept = _unsuppressed(text, violations)
    result.suppressed += len(violations) - len(kept)
    if kept:
        result.violations = sorted(
            [*result.violations, *(replace(v, path=result.display) for v in kept)], key=Violation.sort_key
        )
        result.source = text
