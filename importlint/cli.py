"""The command line: argparse for `check`, `explain`, `rules`, `tree` and `graph`; no linting logic.

Usage and configuration errors end the run with exit code 2 and exactly one line on
stderr (`importlint: error: ...`); nothing else ever raises out of `main`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from . import exitcodes
from ._version import __version__
from .errors import ConfigError, Interrupted, UsageError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._optionals.title = "options"  # Python 3.10's heading, on 3.9 too

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
    # one message for `0`, `-3` and `x`: each is just not a positive integer
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _codes(value: str) -> list[str]:
    codes = [part for part in value.split(",") if part.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("expected a comma-separated list of rule codes, got an empty one")
    return codes


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="importlint",
        description="Lint and fix the imports of Python packages.",
        epilog="Run `importlint check .` to start; `importlint COMMAND --help` for more.",
    )
    parser.add_argument("--version", action="version", version=f"importlint {__version__}")
    # not `required`: a bare `importlint` prints this whole usage (see main), not one line
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    check = commands.add_parser("check", help="check files and directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads stdin")
    check.add_argument("--fix", action="store_true", help="apply fixes in place (only changed files are written)")
    check.add_argument("--diff", action="store_true", help="print a unified diff of the fixes; write nothing")
    check.add_argument(
        "--add-noqa", action="store_true", help="add `# noqa: CODE` comments to every line with a violation"
    )
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

    explain = commands.add_parser(
        "explain", help="show a rule's documentation", description="Show a rule's documentation, with examples."
    )
    explain.add_argument("code", nargs="?", metavar="CODE", help="a rule code (IL001) or name (absolute-self-import)")
    explain.add_argument("--all", action="store_true", help="document every rule")
    commands.add_parser("rules", help="list every rule", description="List every rule, with its fix availability.")

    tree = commands.add_parser(
        "tree",
        help="show how files map to module names",
        description="Show the module name importlint gives each Python file, and the top-level packages: "
        "to debug a layout or a `namespace-packages` setting. Nothing is checked or changed.",
    )
    tree.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    tree.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")

    graph = commands.add_parser(
        "graph",
        help="show the module-level import graph and its cycles",
        description="Show the module-level import graph of the packages holding PATH (what each module runs "
        "on import), its cycles, or with --why the chain of imports that runs a module. Nothing is changed.",
    )
    graph.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    graph.add_argument("--format", choices=("text", "dot"), default="text", help="text (default) or Graphviz dot")
    graph.add_argument("--why", metavar="MODULE", help="the chain of imports that runs MODULE on its package's import")
    graph.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")

    commands.add_parser(
        "server",
        help="run the language server (LSP over stdio) for editors",
        description='Run the language server on stdin/stdout (needs pip install "relimportlint[server]").',
    )
    return parser


def _ignore_further_interrupts(argv: Sequence[str] | None) -> None:
    """The process is already stopping: a repeated Ctrl-C must not cut its last line short.
    Only as the command itself (argv from sys.argv): a caller of main() keeps its handler."""
    import signal
    import threading

    if argv is None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run importlint; returns the exit code."""
    out = stdout or sys.stdout
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:  # a bare `importlint`: say what it can do
            sys.stderr.write(parser.format_help())
            return exitcodes.ERROR
        if args.command == "check":
            from .commands import run_check  # deferred: loads the linter

            return run_check(args, out)
        if args.command == "tree":
            from .commands import run_tree

            return run_tree(args, out)
        if args.command == "graph":
            from .graph.render import run_graph

            return run_graph(args, out)
        if args.command == "server":
            from .server import main as run_server  # deferred: pygls loads only here

            return run_server()
        from .docs import run_explain, run_rules

        if args.command == "rules":
            return run_rules(out)
        return run_explain(args.code, args.all, out)
    except (UsageError, ConfigError) as exc:
        message = " ".join(str(exc).split())
        print(f"importlint: error: {message}", file=sys.stderr)
        return exitcodes.ERROR
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else exitcodes.OK
    except Interrupted as exc:
        _ignore_further_interrupts(argv)
        print(f"importlint: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        _ignore_further_interrupts(argv)
        print("importlint: interrupted", file=sys.stderr)
        return exitcodes.INTERRUPTED
    except BrokenPipeError:  # `importlint check | head`
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        except OSError:
            pass
        return exitcodes.VIOLATIONS
