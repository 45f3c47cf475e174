"""The whole-tree pass of `importlint check`: IL007 and IL008 after the per-file pass.

The packages holding the checked files are read whole (pre-commit names only the
changed files, but any module of the package may run on import); only the checked files
are reported. It runs after the per-file pass, so it reads the files as `--fix` left them.
A `# noqa` on the statement suppresses as it does for every rule. Standard input
(`check -`) has no tree pass: its file is not on the disk for the others to import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .. import noqa
from ..cache import RecordCache
from ..discovery import SourceFile, discover, make_excluder
from ..locate import LineTable
from ..results import FileResult
from ..rules import by_code
from ..rules._base import Violation
from ..settings import Settings
from ..sourcefile import DecodeError, decode
from ..tree import PackageTree
from . import cycles, simulate, universe
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


def cached_universes(tree: PackageTree, paths: Iterable[str], settings: Settings) -> list[universe.Universe]:
    """`universes`, with each file's records from the cache if they are still the file's
    (a warm run parses only the files that changed; pre-commit's run reads the whole
    package, but parses only what was edited since)."""
    from ..runner import cache_directory

    store = RecordCache(cache_directory(settings, settings.cache_dir))

    def read(path: str) -> FileRecords:
        try:
            return store.records(path, universe.parse)
        except (OSError, ValueError):
            return FileRecords(parsed=False)  # as read_records: CPython fails to import it

    try:
        return universes(tree, paths, read)
    finally:
        store.save()


def tree_violations(
    files: Sequence[SourceFile], settings: Settings, tree: PackageTree, cache: bool = False
) -> dict[str, list[Violation]]:
    """The enabled whole-tree violations of the named files, by normalised absolute path
    (with `cache`, the files' records are read from and kept in the cache)."""
    codes = [code for code in TREE_CODES if settings.is_enabled(code)]
    if not codes:
        return {}
    named = {os.path.normcase(f.path) for f in files}
    found: dict[str, list[Violation]] = {}
    paths = [f.path for f in files]
    for world in cached_universes(tree, paths, settings) if cache else universes(tree, paths):
        pairs = []
        if "IL007" in codes:
            rule = by_code("IL007")
            pairs += list(rule.tree_violations(world, cycles.build_graph(world)))  # type: ignore[union-attr]
        if "IL008" in codes:
            rule = by_code("IL008")
            checked = frozenset(m.name for m in world.modules.values() if os.path.normcase(m.path) in named)
            failures = simulate.failures(world, only=checked)
            pairs += list(rule.tree_violations(world, failures))  # type: ignore[union-attr]
        for path, violation in pairs:
            key = os.path.normcase(path)
            if key in named:
                found.setdefault(key, []).append(violation)
    return found


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
    if not any(settings.is_enabled(code) for code in TREE_CODES):
        return results
    from ..runner import make_tree

    merge = tree_merger(paths, settings, make_tree(settings), cache)
    return [merge(result) for result in results]


def tree_merger(paths: Sequence[str], settings: Settings, tree: PackageTree, cache: bool = False) -> TreeMerger:
    """The whole-tree pass over the files as they are now, as a function that merges its
    violations into one result at a time (a report that streams its results uses it when
    nothing is written, so the files the pass reads are the files the results are of)."""
    files = discover(paths, make_excluder(settings, paths), settings.force_exclude)
    return TreeMerger(tree_violations(files, settings, tree, cache), {f.display: f.path for f in files})


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
