"""The public Python API: check and fix source text or paths, with typed results.

The CLI is built on these functions; they never print and never exit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import runner
from .cache import Cache
from .discovery import Problem, discover, make_excluder
from .model import FileResult, Violation
from .settings import Overrides, Settings, resolve_settings, settings_for
from .sourcefile import Decoded


@dataclass(frozen=True)
class FixedSource:
    """What `fix_source` returns: the fixed source (same type as given), what remains,
    and how many fixes were applied."""

    source: str | bytes
    violations: list[Violation]
    fixed: int


def load_settings(
    paths: Sequence[str] = (".",),
    *,
    config: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    max_level: int | None = None,
    unsafe_fixes: bool = False,
    force_exclude: bool = False,
) -> Settings:
    """Settings as the CLI builds them: the config file found for `paths`, then these overrides.
    Without `config`, each file checked with them gets its own nearest config (with the same
    overrides) and per-file-ignores; `importlint.settings.settings_for(settings, path)` says which.

    Raises importlint.errors.ConfigError / UsageError for bad configuration or selectors.
    """
    overrides = Overrides(select, ignore, max_level, unsafe_fixes, force_exclude)
    return resolve_settings(config, list(paths), overrides)


def _run_source(source: str | bytes, path: str, settings: Settings | None, fix: bool) -> FileResult:
    from .engine import Linter

    if settings is None:
        settings = load_settings([os.path.dirname(os.path.abspath(path))])
    settings = settings_for(settings, path)  # its nearest config's, narrowed by per-file-ignores
    linter = Linter(runner.make_tree(settings), settings)
    if isinstance(source, str):  # already text: no cookie or BOM to honour
        return linter.run_decoded(path, os.path.abspath(path), Decoded(source, "utf-8", bom=False), fix)
    return linter.run(path, os.path.abspath(path), source, fix)


def check_source(source: str | bytes, path: str = "stdin.py", settings: Settings | None = None) -> list[Violation]:
    """The violations of `source`, checked as if it were the file at `path`.

    The package tree around `path` is read from the disk (the file itself need not
    exist). Without `settings`, the configuration is found as the CLI finds it.
    """
    return _run_source(source, path, settings, fix=False).violations


def fix_source(source: str | bytes, path: str = "stdin.py", settings: Settings | None = None) -> FixedSource:
    """`source` with every fix applied (a str for a str, bytes for bytes) and what remains.

    A fix that fails verification is not applied: the source comes back unchanged and
    the violations are those of the original.
    """
    result = _run_source(source, path, settings, fix=True)
    if result.after is None:
        return FixedSource(source, result.violations, 0)
    if isinstance(source, str):
        return FixedSource(result.after, result.violations, result.fixed_count)
    assert result.new_bytes is not None
    return FixedSource(result.new_bytes, result.violations, result.fixed_count)


def check_paths(
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    fix: bool = False,
    diff: bool = False,
    jobs: int = 1,
    cache: bool = False,
) -> list[FileResult]:
    """Check (with `fix`, fix in place) every file under `paths`; one FileResult per file.

    With `diff`, fixes are computed but not written, and each result keeps the text
    before and after (and `new_bytes`, `old_bytes`). A directory that cannot be listed, or a
    named path that is not a regular file, gives a result with only `error` set. Raises
    UsageError naming every path that does not exist.
    """
    results: list[FileResult] = []
    each_result(paths, results.append, settings, fix=fix, diff=diff, jobs=jobs, cache=cache)
    return results


def each_result(
    paths: Sequence[str],
    on_result: Callable[[FileResult], None],
    settings: Settings | None = None,
    *,
    fix: bool = False,
    diff: bool = False,
    jobs: int = 1,
    cache: bool = False,
    report: bool = False,
) -> None:
    """`check_paths`, handing each FileResult to `on_result` as soon as it is done.

    `report` (the CLI's report): the files come in path order, the order a report sorts
    violations in (with `diff`, in the order found, as diffs are printed), and each result
    keeps only what a report prints (`excerpt` instead of `source`; no `before`/`after`).
    """
    if settings is None:
        settings = load_settings(paths)
    problems: list[Problem] = []  # unreadable directories, named FIFOs: one error result each
    files = discover(paths, make_excluder(settings, paths), settings.force_exclude, problems)
    for source in files:
        settings_for(settings, source.path)  # a bad config fails the run before any result
    if report and not diff:
        files = sorted(files, key=lambda f: f.display)
    mode = runner.Mode(fix=fix or diff, write=fix and not diff, keep_text=diff, excerpts=report)
    store = Cache(runner.cache_directory(settings, settings.cache_dir), settings) if cache else None
    for problem in problems:
        on_result(FileResult(problem.display, error=problem.message))
    runner.run_files(files, settings, mode, on_result, jobs, store)
