"""The `check` and `tree` commands: settings -> files -> engine -> report."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from . import api, output, runner
from .discovery import discover, make_excluder
from .errors import UsageError
from .resolve import Overrides, resolve_settings
from .rules._base import Violation
from .settings import Settings

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
    elif args.diff:
        if result.after is not None and result.before is not None:
            out.write(output.unified_diff(display, result.before, result.after))
        return EXIT_VIOLATIONS if result.fixed_count else EXIT_OK
    else:
        sources = {display: result.source} if result.source is not None else {}
        out.write(output.render(args.output_format, result.violations, sources, output.Style.for_stream(out)))
        if args.output_format in ("text", "concise") and not args.quiet:
            fixable = sum(v.fixable for v in result.violations)
            print(output.summary(len(result.violations), fixable, 0), file=sys.stderr)
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


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    paths = list(args.paths) or ["."]
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("`-` (stdin) cannot be combined with other paths")
        settings = make_settings(args, [args.stdin_filename or "."])
        return _check_stdin(args, settings, out)
    if args.stdin_filename:
        raise UsageError("--stdin-filename needs the path `-`")
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be combined")
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")
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
    if args.diff:
        for r in results:
            if r.before is not None and r.after is not None:
                out.write(output.unified_diff(r.display, r.before, r.after))
        if not args.quiet:
            print(f"Would fix {_unique_count(fixed, 'error')}." if fixed else "No fixes available.", file=sys.stderr)
        return EXIT_VIOLATIONS if fixed else EXIT_OK
    sources = {r.display: r.source for r in results if r.source is not None}
    if args.statistics:
        out.write(output.statistics(violations))
    else:
        out.write(output.render(args.output_format, violations, sources, output.Style.for_stream(out)))
    if args.output_format in ("text", "concise") and not args.quiet:
        fixable = sum(v.fixable for v in violations)
        print(output.summary(len(violations), fixable, fixed), file=sys.stderr)
    if args.exit_non_zero_on_fix and fixed and not args.exit_zero:
        return EXIT_VIOLATIONS
    return _exit_code(violations, errors, args.exit_zero)


def run_tree(args: argparse.Namespace, out: TextIO) -> int:
    paths = list(args.paths) or ["."]
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")
    settings = make_settings(args, paths)
    tree = runner.make_tree(settings)
    files = discover(paths, make_excluder(settings, paths))
    tops: dict[str, str] = {}
    for source in files:
        info = tree.module_info(source.path)
        kind = "package" if info.is_package else "module"
        where = f"in package {info.package}" if info.package else "top-level, not in a package"
        out.write(f"{source.display} -> {info.name} ({kind}, {where})\n")
        if info.top_level:
            tops.setdefault(info.top_level, os.path.join(info.root, info.top_level))
    out.write("\ntop-level packages:\n" if tops else "\nno top-level packages\n")
    for name, directory in sorted(tops.items()):
        namespace = " (namespace package)" if tree.in_namespace_package(directory) else ""
        out.write(f"  {name}: {os.path.relpath(directory)}{namespace}\n")
    if settings.config_file:
        out.write(f"\nconfig: {os.path.relpath(settings.config_file)}\n")
    return EXIT_OK
