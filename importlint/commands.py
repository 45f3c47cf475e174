"""The `check` and `tree` commands: settings -> files -> engine -> report."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from . import api, output, runner
from .discovery import discover, make_excluder, missing_paths_error
from .errors import UsageError
from .resolve import Overrides, resolve_settings
from .results import FileResult
from .rules._base import Violation
from .settings import Settings
from .tree import NAMESPACE, STUBS, ModuleInfo, PackageTree

EXIT_OK, EXIT_VIOLATIONS = 0, 1


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
    name = args.stdin_filename
    display = os.path.normpath(name) if name else "-"
    path = os.path.abspath(name if name else "stdin.py")
    raw = sys.stdin.buffer.read()
    if name and settings.force_exclude and make_excluder(settings, [path]).excluded_with_parents(path):
        if args.fix:
            _write_bytes(out, raw)
        return EXIT_OK
    from .engine import Linter

    linter = Linter(runner.make_tree(settings), settings)
    result = linter.run(display, path, raw, args.fix or args.diff)
    if result.error:
        print(result.error, file=sys.stderr)
    if args.fix:
        _write_bytes(out, result.new_bytes if result.new_bytes is not None else raw)
        if result.violations:
            sys.stderr.write(output.text(result.violations, output.Style.for_stream(sys.stderr)))
        if not args.quiet:
            fixable = sum(v.fixable for v in result.violations)
            print(output.summary(len(result.violations), fixable, result.fixed_count), file=sys.stderr)
            sys.stderr.write(output.noqa_note(result.suppressed))
    elif args.diff:
        if result.new_bytes is not None:
            _write_bytes(out, output.unified_diff(display, raw, result.new_bytes))
        if not args.quiet:
            print(_diff_summary(result.fixed_count), file=sys.stderr)
        return EXIT_VIOLATIONS if result.fixed_count else EXIT_OK
    else:
        sources = {display: result.source} if result.source is not None else {}
        if args.statistics:
            out.write(output.statistics(result.violations, args.output_format))
        else:
            out.write(output.render(args.output_format, result.violations, sources, output.Style.for_stream(out)))
        if args.output_format in ("text", "concise") and not args.quiet:
            fixable = sum(v.fixable for v in result.violations)
            print(output.summary(len(result.violations), fixable, 0), file=sys.stderr)
            sys.stderr.write(output.noqa_note(result.suppressed))
    return _exit_code(result.violations, [result.error] if result.error else [], args.exit_zero)


def _write_bytes(out: TextIO, data: bytes) -> None:
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # an in-memory stream in tests
        out.write(data.decode("utf-8", "surrogateescape"))


def _exit_code(violations: Sequence[Violation], errors: Sequence[str], exit_zero: bool) -> int:
    if exit_zero:
        return EXIT_OK
    return EXIT_VIOLATIONS if violations or errors else EXIT_OK


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
    # --diff writes nothing, not even the cache
    use_cache = not args.no_cache and not args.diff
    results = api.check_paths(paths, settings, fix=args.fix, diff=args.diff, jobs=jobs, cache=use_cache)
    errors = [r.error for r in results if r.error]
    for error in errors:
        print(f"importlint: {error}", file=sys.stderr)
    violations = sorted((v for r in results for v in r.violations), key=Violation.sort_key)
    fixed = sum(r.fixed_count for r in results)
    if not results and not _all_named_files_excluded(args, paths):
        print("importlint: warning: No Python files found under the given path(s)", file=sys.stderr)
    if args.diff:
        # each file's diff in its own bytes (encoding, line breaks), so that it applies
        _write_bytes(out, b"".join(_diff(r) for r in results))
        if not args.quiet:
            print(_diff_summary(fixed), file=sys.stderr)
        return EXIT_VIOLATIONS if fixed or errors else EXIT_OK
    sources = {r.display: r.source for r in results if r.source is not None}
    if args.statistics:
        out.write(output.statistics(violations, args.output_format))
    else:
        out.write(output.render(args.output_format, violations, sources, output.Style.for_stream(out)))
    if args.output_format in ("text", "concise") and not args.quiet:
        fixable = sum(v.fixable for v in violations)
        print(output.summary(len(violations), fixable, fixed), file=sys.stderr)
        sys.stderr.write(output.noqa_note(sum(r.suppressed for r in results)))
    if args.exit_non_zero_on_fix and fixed and not args.exit_zero:
        return EXIT_VIOLATIONS
    return _exit_code(violations, errors, args.exit_zero)


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
    tree = runner.make_tree(settings)
    files = discover(paths, make_excluder(settings, paths))
    tops: dict[str, str] = {}
    for source in files:
        info = tree.module_info(source.path)
        out.write(f"{source.display} -> {info.name} ({_describe_module(tree, info)})\n")
        if info.top_level:
            tops.setdefault(info.top_level, info.top_dir)
    out.write("\ntop-level packages:\n" if tops else "\nno top-level packages\n")
    for name, directory in sorted(tops.items()):
        out.write(f"  {name}: {os.path.relpath(directory)}{_describe_top(tree, directory)}\n")
    if settings.config_file:
        out.write(f"\nconfig: {os.path.relpath(settings.config_file)}\n")
    return EXIT_OK


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
