"""The command line: argparse for `check`, `explain`, `rules` and `tree`; no linting logic.

Usage and configuration errors end the run with exit code 2 and exactly one line on
stderr (`importlint: error: ...`); nothing else ever raises out of `main`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from ._version import __version__
from .errors import ConfigError, UsageError

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value!r}")
    return number


def _positive(value: str) -> int:
    number = _non_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _codes(value: str) -> list[str]:
    codes = [part for part in value.split(",") if part.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("expected a comma-separated list of rule codes, got an empty one")
    return codes


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="importlint", description="Lint and fix the imports of Python packages.")
    parser.add_argument("--version", action="version", version=f"importlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="check files and directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads stdin")
    check.add_argument("--fix", action="store_true", help="apply fixes in place (only changed files are written)")
    check.add_argument("--diff", action="store_true", help="print a unified diff of the fixes; write nothing")
    check.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change behaviour")
    from .output import FORMATS

    check.add_argument("--output-format", choices=FORMATS, default="text", help="report format (default: text)")
    check.add_argument("--select", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to enable")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to disable")
    check.add_argument("--max-level", type=_non_negative, metavar="N", help="most dots a relative import may have")
    check.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even if violations remain")
    check.add_argument("--force-exclude", action="store_true", help="apply excludes to paths named explicitly too")
    check.add_argument("--stdin-filename", metavar="PATH", help="the path stdin is checked as (with PATH -)")
    check.add_argument("-q", "--quiet", action="store_true", help="print violations only, no summary")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of violations")
    check.add_argument(
        "--exit-non-zero-on-fix", action="store_true", help="exit 1 if any file was fixed, even if nothing remains"
    )
    check.add_argument("-j", "--jobs", type=_positive, metavar="N", help="worker processes (default: all cores)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument("--no-respect-gitignore", action="store_true", help="also check files that git ignores")

    explain = commands.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("code", nargs="?", metavar="CODE")
    explain.add_argument("--all", action="store_true", help="document every rule")
    commands.add_parser("rules", help="list every rule")

    tree = commands.add_parser("tree", help="show how files map to module names")
    tree.add_argument("paths", nargs="*", metavar="PATH")
    tree.add_argument("--config", metavar="FILE")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run importlint; returns the exit code."""
    out = stdout or sys.stdout
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            from .commands import run_check  # deferred: loads the linter

            return run_check(args, out)
        if args.command == "tree":
            from .commands import run_tree

            return run_tree(args, out)
        from .docs import run_explain

        if args.command == "rules":
            return run_explain(None, True, out)
        return run_explain(args.code, args.all, out)
    except (UsageError, ConfigError) as exc:
        message = " ".join(str(exc).split())
        print(f"importlint: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `importlint check | head`
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        except OSError:
            pass
        return EXIT_VIOLATIONS
