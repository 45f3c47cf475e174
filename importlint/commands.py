"""The `check` and `tree` commands: settings -> files -> engine -> report."""

from __future__ import annotations

import argparse
import functools
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from . import api, exitcodes, output, runner
from .discovery import discover, make_excluder, missing_paths_error
from .errors import UsageError
from .model import FileResult, Violation
from .rules import ALL_RULES
from .settings import Overrides, Settings, resolve_settings, settings_for
from .tree import NAMESPACE, STUBS, ModuleInfo, PackageTree


def make_settings(args: argparse.Namespace, paths: Sequence[str]) -> Settings:
    """Settings for a command: its config file, overridden by its flags."""
    overrides = Overrides(
        select=getattr(args, "select", None),
        ignore=getattr(args, "ignore", None),
        max_level=getattr(args, "max_level", None),
        unsafe_fixes=getattr(args, "unsafe_fixes", False),
        force_exclude=getattr(args, "force_exclude", False),
        respect_gitignore=not getattr(args, "no_respect_gitignore", False),
    )
    return resolve_settings(getattr(args, "config", None), paths, overrides)


def _check_stdin(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """`check -`: stdin checked as the file `--stdin-filename` names, through the same
    report as files. With --fix, stdout is the fixed text and the report goes to stderr."""
    name = args.stdin_filename
    display = os.path.normpath(name) if name else "-"
    path = os.path.abspath(name if name else "stdin.py")
    raw = sys.stdin.buffer.read()
    if name and settings.force_exclude and make_excluder(settings, [path]).excluded_with_parents(path):
        if args.fix:
            _write_bytes(out, raw)
        return exitcodes.OK
    from .engine import Linter

    settings = settings_for(settings, path)  # the nearest config to the path, its per-file-ignores
    linter = Linter(runner.make_tree(settings), settings)
    result = linter.run(display, path, raw, args.fix or args.diff)
    if args.fix:
        _write_bytes(out, result.new_bytes if result.new_bytes is not None else raw)
    elif result.new_bytes is not None:
        result.old_bytes = raw  # --diff shows the fix in the piped bytes
    report = _Report(args, out, piped_fix=args.fix)
    report.add(result)
    return report.finish()


def _write_bytes(out: TextIO, data: bytes) -> None:
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # an in-memory stream in tests
        out.write(data.decode("utf-8", "surrogateescape"))


def _exit_code(violations: int, errors: int, exit_zero: bool) -> int:
    if exit_zero:
        return exitcodes.OK
    return exitcodes.VIOLATIONS if violations or errors else exitcodes.OK


def _unique_count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _diff_summary(fixed: int) -> str:
    return f"Would fix {_unique_count(fixed, 'error')}." if fixed else "No fixes available."


# formats whose output a flag replaces: anything else would be silently dropped
_TEXT_FORMATS = ("text", "concise")


def _check_flag_combinations(args: argparse.Namespace) -> None:
    """Refuse flags that cannot be honoured together (one line, exit 2), never drop one."""
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be combined")
    for flag, given in (("--fix", args.fix), ("--diff", args.diff), ("--statistics", args.statistics)):
        if args.add_noqa and given:
            raise UsageError(f"--add-noqa and {flag} cannot be combined")
    if args.add_noqa and "-" in args.paths:
        raise UsageError("--add-noqa cannot read stdin (`-`): it writes the files")
    if args.statistics and args.diff:
        raise UsageError("--statistics and --diff cannot be combined")
    if args.diff and args.output_format not in _TEXT_FORMATS:
        raise UsageError(f"--diff and --output-format {args.output_format} cannot be combined (a diff is text)")
    if args.statistics and args.output_format not in (*_TEXT_FORMATS, "json"):
        raise UsageError(f"--statistics and --output-format {args.output_format} cannot be combined (text or json)")


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    paths = list(args.paths) or ["."]
    _check_flag_combinations(args)
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("`-` (stdin) cannot be combined with other paths")
        settings = make_settings(args, [args.stdin_filename or "."])
        return _check_stdin(args, settings, out)
    if args.stdin_filename:
        raise UsageError("--stdin-filename needs the path `-`")
    missing = missing_paths_error(paths)
    if missing is not None:
        raise missing
    settings = make_settings(args, paths)
    jobs = args.jobs or os.cpu_count() or 1
    if args.add_noqa:
        return _add_noqa(paths, settings, jobs)
    # --diff writes nothing, not even the cache
    use_cache = not args.no_cache and not args.diff
    report = _Report(args, out)
    run = functools.partial(api.each_result, paths, settings=settings, fix=args.fix, diff=args.diff, jobs=jobs)
    whole_tree = _has_whole_tree_rules(settings) and not args.diff  # a diff shows no violation
    if whole_tree and args.fix:
        results: list[FileResult] = []  # the whole-tree pass reads the files as fixed: after them
        run(results.append, cache=use_cache, report=True)
        for result in _whole_tree_pass(results, paths, settings, use_cache):
            report.add(result)
    elif whole_tree:
        # nothing is written: the whole-tree pass runs beside the per-file pass (in a
        # process of its own when there are several), each result passing through it
        with _TreePass(paths, settings, report.add, background=jobs > 1, cache=use_cache) as tree_pass:
            run(tree_pass.add, cache=use_cache, report=True)
    else:
        run(report.add, cache=use_cache, report=True)  # each result reported as it arrives
    if not report.files and not _all_named_files_excluded(args, paths):
        print("importlint: warning: No Python files found under the given path(s)", file=sys.stderr)
    return report.finish()


def _add_noqa(paths: Sequence[str], settings: Settings, jobs: int) -> int:
    """`check --add-noqa`: each file with violations gets its noqa comments as its result
    arrives; one line says how many. The run reads no cache: each result keeps the whole
    text it was found in, to notice a file that changed before its comments are written."""
    adder = _NoqaAdder()
    run = functools.partial(api.each_result, paths, settings=settings, jobs=jobs)
    if _has_whole_tree_rules(settings):
        # comments change no import: the whole-tree pass reads the same code before or after
        with _TreePass(paths, settings, adder.add, background=jobs > 1) as tree_pass:
            run(tree_pass.add)
    else:
        run(adder.add)
    return adder.finish()


class _NoqaAdder:
    """`--add-noqa`'s report: errors on stderr at once, the count at the end."""

    def __init__(self) -> None:
        self.added = 0
        self.errors = 0

    def add(self, result: FileResult) -> None:
        from .add_noqa import UNSUPPRESSIBLE, add_to_file

        if result.error:
            self._error(result.error)
        # a file that cannot be read, decoded or parsed is left as it is (IL000 alone)
        if any(v.code != UNSUPPRESSIBLE for v in result.violations):
            outcome = add_to_file(result.display, result.violations, result.source)
            self.added += outcome.count
            if outcome.error:
                self._error(outcome.error)

    def _error(self, message: str) -> None:
        self.errors += 1
        print(f"importlint: {message}", file=sys.stderr)

    def finish(self) -> int:
        from .add_noqa import summary

        print(summary(self.added), file=sys.stderr)
        return exitcodes.VIOLATIONS if self.errors else exitcodes.OK


class _Report:
    """`check`'s output, fed one result at a time in report order: errors go to stderr at
    once, violations (or diffs) to stdout, and only the counts stay for the summary."""

    def __init__(self, args: argparse.Namespace, out: TextIO, piped_fix: bool = False) -> None:
        self.args, self.out = args, out
        if piped_fix:  # `check --fix -`: stdout is the fixed text, what remains is said on stderr
            self.report = output.Report("concise", sys.stderr, output.Style.for_stream(sys.stderr))
        else:
            self.report = output.Report(args.output_format, out, output.Style.for_stream(out), args.statistics)
        self.summarised = not args.quiet and (piped_fix or args.output_format in _TEXT_FORMATS)
        self.files = 0  # results seen (files, and paths that could not be checked)
        self.errors = 0
        self.fixed = 0
        self.suppressed = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.error:
            self.errors += 1
            print(f"importlint: {result.error}", file=sys.stderr)
        self.fixed += result.fixed_count
        self.suppressed += result.suppressed
        if self.args.diff:
            # each file's diff in its own bytes (encoding, line breaks), so that it applies
            diff = _diff(result)
            if diff:
                _write_bytes(self.out, diff)
            return
        violations = sorted(result.violations, key=Violation.sort_key)
        self.report.add(violations, self._lines(result) if violations else None)

    def _lines(self, result: FileResult) -> output.Lines | None:
        """The lines the text format shows under each violation, and JSON places fixes in."""
        if self.args.output_format not in ("text", "json") or self.args.statistics:
            return None
        if result.source is not None:
            return output.TextLines(result.source)
        return output.ExcerptLines(result.excerpt) if result.excerpt is not None else None

    def finish(self) -> int:
        """The end of the report and the summary; the exit code."""
        args = self.args
        if args.diff:
            if not args.quiet:
                print(_diff_summary(self.fixed), file=sys.stderr)
            return exitcodes.VIOLATIONS if self.fixed or self.errors else exitcodes.OK
        self.report.finish()
        if self.summarised:
            print(output.summary(self.report.remaining, self.report.fixable, self.fixed), file=sys.stderr)
            sys.stderr.write(output.noqa_note(self.suppressed))
        if args.exit_non_zero_on_fix and self.fixed and not args.exit_zero:
            return exitcodes.VIOLATIONS
        return _exit_code(self.report.remaining, self.errors, args.exit_zero)


class _TreePass:
    """The whole-tree pass (IL007, IL008) of a run that writes nothing, merged into each
    result on its way to the report. With `background`, it runs in a process of its own
    while the pool checks the files (on 2 cores it would otherwise be a serial third of
    the run); results that arrive before it is done wait for it, in order."""

    def __init__(
        self,
        paths: Sequence[str],
        settings: Settings,
        report: Callable[[FileResult], None],
        background: bool,
        cache: bool = False,
    ) -> None:
        self.paths, self.settings, self.report = paths, settings, report
        self.cache = cache  # the files' import records from and to the cache (importlint/cache.py)
        self.merge: Callable[[FileResult], FileResult] | None = None
        # results that arrived before the pass was done, pickled: a third of their live size
        # (17,660 Django files: 55 MB live), and they may be most of a run's results
        self.waiting: list[bytes] = []
        self.child: Any = None
        self.conn: Any = None
        if background:
            context = runner._context()
            self.conn, theirs = context.Pipe(duplex=False)
            self.child = context.Process(  # type: ignore[attr-defined]
                target=_tree_pass_child, args=(theirs, paths, settings, cache), daemon=True
            )
            self.child.start()
            theirs.close()
        else:
            self.merge = self._here()

    def _here(self) -> Callable[[FileResult], FileResult]:
        from .graph.check import tree_merger

        return tree_merger(self.paths, self.settings, runner.make_tree(self.settings), self.cache)

    def add(self, result: FileResult) -> None:
        if self.merge is None and self.conn.poll():
            self._take()
        if self.merge is None:
            self.waiting.append(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
            return
        self.report(self.merge(result))

    def _take(self) -> None:
        """The background pass's answer (computed here if it failed), then the waiting results."""
        try:
            merge = self.conn.recv()
        except (EOFError, OSError):
            merge = None
        self.merge = merge if merge is not None else self._here()  # an error is raised here, as it would be
        waiting, self.waiting = self.waiting, []
        for data in waiting:
            self.report(self.merge(pickle.loads(data)))  # noqa: S301 - our own bytes, this run's

    def __enter__(self) -> _TreePass:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        try:
            if kind is None and self.merge is None:
                self._take()
        finally:
            if self.child is not None:
                self.child.kill()  # done, or the run was interrupted
                self.child.join()
                self.conn.close()


def _tree_pass_child(conn: Any, paths: Sequence[str], settings: Settings, cache: bool = False) -> None:
    """The whole-tree pass in its own process: sends the merger, or None if it failed."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when to stop
    from .graph.check import tree_merger

    try:
        merger: object = tree_merger(paths, settings, runner.make_tree(settings), cache)
    except Exception:  # noqa: BLE001 - the main process runs it again and meets the error itself
        merger = None
    conn.send(merger)
    conn.close()


def _has_whole_tree_rules(settings: Settings) -> bool:
    if any(rule.whole_tree and settings.is_enabled(rule.code) for rule in ALL_RULES):
        return True
    # each file gets its nearest config: a sub-project's may turn on what the run's leaves
    # off, unless the command line rules every whole-tree rule out for all files
    return settings.resolver is not None and any(
        rule.whole_tree and rule.code in settings.resolver.possible for rule in ALL_RULES
    )


def _whole_tree_pass(
    results: list[FileResult], paths: Sequence[str], settings: Settings, cache: bool = False
) -> list[FileResult]:
    """IL007/IL008 read the whole package after the per-file pass (importlint/graph/check.py)."""
    from .graph.check import add_tree_violations

    return add_tree_violations(results, paths, settings, cache)


def _diff(result: FileResult) -> bytes:
    """The result's fix as a diff (empty if nothing would change)."""
    if result.old_bytes is None or result.new_bytes is None:
        return b""
    return output.unified_diff(result.display, result.old_bytes, result.new_bytes)


def _all_named_files_excluded(args: argparse.Namespace, paths: Sequence[str]) -> bool:
    """pre-commit names files and asks for --force-exclude: that all of them are excluded
    is what the user configured, not a surprise worth a warning."""
    return bool(args.force_exclude) and all(os.path.isfile(path) for path in paths)


def run_tree(args: argparse.Namespace, out: TextIO) -> int:
    paths = list(args.paths) or ["."]
    missing = missing_paths_error(paths)
    if missing is not None:
        raise missing
    settings = make_settings(args, paths)
    linters = runner.Linters(settings)
    files = discover(paths, make_excluder(settings, paths))
    owns = [settings_for(settings, source.path) for source in files]  # a bad config fails before any output
    configs = {own.config_file for own in owns}
    several = len(configs) > 1  # then each file's line names its config
    tops: dict[str, tuple[str, PackageTree]] = {}
    for source, own in zip(files, owns):
        tree = linters.tree_for(own)
        info = tree.module_info(source.path)
        shown = f" [config: {_config_shown(own.config_file)}]" if several else ""
        out.write(f"{source.display} -> {info.name} ({_describe_module(tree, info)}){shown}\n")
        if info.top_level:
            tops.setdefault(info.top_level, (info.top_dir, tree))
    out.write("\ntop-level packages:\n" if tops else "\nno top-level packages\n")
    for name, (directory, tree) in sorted(tops.items()):
        out.write(f"  {name}: {os.path.relpath(directory)}{_describe_top(tree, directory)}\n")
    if several:
        out.write(f"\nconfigs: {', '.join(sorted(_config_shown(path) for path in configs))}\n")
    elif settings.config_file or (owns and owns[0].config_file):
        out.write(f"\nconfig: {_config_shown(owns[0].config_file if owns else settings.config_file)}\n")
    return exitcodes.OK


def _config_shown(path: str | None) -> str:
    return "none (defaults)" if path is None else os.path.relpath(path)


def _describe_module(tree: PackageTree, info: ModuleInfo) -> str:
    """What the tree model says about one file, for debugging a layout."""
    notes = ["package" if info.is_package else "module"]
    notes.append(f"in package {info.package}" if info.package else "top-level, not in a package")
    if info.portion:
        notes.append(f"namespace portion: {info.portion}/ has no __init__.py")
    if info.package:
        aliases = tree.aliases(info.path)
        if aliases:
            notes.append(f"also imported as {', '.join(aliases)} through a symlink")
    return ", ".join(notes)


def _describe_top(tree: PackageTree, directory: str) -> str:
    """How a top-level package directory counts: its kind, and whether its name is trusted."""
    kind = tree.dir_kind(directory)
    if kind == NAMESPACE:
        return " (namespace package)"
    note = " (stub-only package, PEP 561)" if kind == STUBS else ""
    marker = tree.project_marker(directory)
    if marker is not None:
        note += f" (not trusted as an import name: it holds {marker}; fixes are withheld, set `src`)"
    return note
