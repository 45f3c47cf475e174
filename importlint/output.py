"""Report formats: pure functions from violations to text."""

from __future__ import annotations

import difflib
import inspect
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from ._version import __version__
from .locate import LineTable, split_lines
from .rules import ALL_RULES
from .rules._base import Violation

FORMATS = ("text", "concise", "json", "github", "sarif")
HELP_URI = "https://github.com/importlint/importlint#rules"
_CONTEXT_LINES = 3  # a long parenthesised import shows its first lines only


@dataclass(frozen=True)
class Style:
    """ANSI styles for a terminal; all empty when colour is off."""

    bold: str = ""
    red: str = ""
    cyan: str = ""
    green: str = ""
    reset: str = ""

    @classmethod
    def for_stream(cls, stream: TextIO) -> Style:
        """Colour only on a terminal, unless NO_COLOR / FORCE_COLOR say otherwise."""
        if os.environ.get("NO_COLOR"):
            return cls()
        forced = bool(os.environ.get("FORCE_COLOR"))
        isatty = getattr(stream, "isatty", None)
        if forced or (isatty is not None and isatty()):
            return cls("\033[1m", "\033[31m", "\033[36m", "\033[32m", "\033[0m")
        return cls()


def headline(v: Violation, style: Style = Style()) -> str:
    """`path:line:col: CODE [*] message` (`[*]`: fixable)."""
    mark = " [*]" if v.fixable else ""
    where = f"{style.bold}{v.path}{style.reset}:{v.start.line}:{v.start.column}:"
    return f"{where} {style.red}{style.bold}{v.code}{style.reset}{mark} {v.message}"


def text(violations: Sequence[Violation], style: Style = Style()) -> str:
    """One headline per violation (the concise format)."""
    return "".join(headline(v, style) + "\n" for v in violations)


def _context(v: Violation, lines: LineTable, style: Style) -> list[str]:
    """The statement's source lines under a headline, with a caret line and the fix."""
    last = min(v.end.line, v.start.line + _CONTEXT_LINES - 1, len(lines.starts))
    width = len(str(last))
    gutter = f"{style.cyan}{' ' * width} |{style.reset}"
    out = [gutter]
    for number in range(v.start.line, last + 1):
        code = lines.line(number).expandtabs(1)  # tabs count as one column, like the positions
        out.append(f"{style.cyan}{number:>{width}} |{style.reset} {code}")
        if number == v.start.line:
            end = v.end.column if v.end.line == number else len(code) + 1
            carets = "^" * max(1, end - v.start.column)
            out.append(f"{gutter} {' ' * (v.start.column - 1)}{style.red}{carets}{style.reset}")
    if v.fix is not None:
        first, *rest = v.fix.text.splitlines()
        new = first.rstrip() + (" ..." if rest else "")
        out.append(f"{gutter} {style.green}fix: {new}{style.reset}")
    return out


def full(violations: Sequence[Violation], sources: Mapping[str, str], style: Style = Style()) -> str:
    """ruff's full output: each headline followed by the offending source lines."""
    out = []
    tables: dict[str, LineTable] = {}  # one per file, however many violations it has
    for v in violations:
        out.append(headline(v, style))
        source = sources.get(v.path)
        if source is not None:
            if v.path not in tables:
                tables[v.path] = LineTable(source)
            out += _context(v, tables[v.path], style)
        out.append("")
    return "".join(line + "\n" for line in out)


def as_json(violations: Sequence[Violation]) -> str:
    """A JSON array of violation objects, in the contract's key order."""
    objects = [
        {
            "path": v.path,
            "line": v.start.line,
            "column": v.start.column,
            "end_line": v.end.line,
            "end_column": v.end.column,
            "code": v.code,
            "message": v.message,
            "fixable": v.fixable,
        }
        for v in violations
    ]
    if not objects:
        return "[]\n"
    # one object per line: as readable as indent=2 and done by json's C encoder
    return "[\n" + ",\n".join("  " + json.dumps(o, ensure_ascii=False) for o in objects) + "\n]\n"


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts)
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _from_cwd(path: str) -> str:
    """GitHub wants paths relative to the working directory (the checkout)."""
    if not os.path.isabs(path):
        return path
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def repository_root(start: str | None = None) -> str:
    """The nearest directory at or above `start` (default: cwd) holding `.git`, else `start`."""
    origin = os.path.abspath(start or os.getcwd())
    directory = origin
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return origin
        directory = parent


def github(violations: Sequence[Violation]) -> str:
    """GitHub Actions `::error` workflow commands, one per violation."""
    out = []
    for v in violations:
        path = _from_cwd(v.path)
        props = {
            "title": f"importlint ({v.code})",
            "file": path,
            "line": str(v.start.line),
            "col": str(v.start.column),
            "endLine": str(v.end.line),
            "endColumn": str(v.end.column),
        }
        rendered = ",".join(f"{key}={_escape_property(value)}" for key, value in props.items())
        message = f"{path}:{v.start.line}:{v.start.column}: {v.code} {v.message}"
        out.append(f"::error {rendered}::{_escape_data(message)}\n")
    return "".join(out)


def sarif(violations: Sequence[Violation], root: str | None = None) -> str:
    """A SARIF 2.1.0 log with every rule described, as GitHub code scanning takes it.

    Result URIs are relative to the repository root (`%SRCROOT%`).
    """
    root = root or repository_root()
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": inspect.cleandoc(type(rule).__doc__ or rule.summary)},
            "help": {"text": inspect.cleandoc(type(rule).__doc__ or rule.summary)},
            "helpUri": f"{HELP_URI}",
            "properties": {"fixable": rule.fix_availability.value},
        }
        for rule in ALL_RULES
    ]
    index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    results = [
        {
            "ruleId": v.code,
            "ruleIndex": index[v.code],
            "level": "error",
            "message": {"text": v.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(v.path, root), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": v.start.line,
                            "startColumn": v.start.column,
                            "endLine": v.end.line,
                            "endColumn": v.end.column,
                        },
                    }
                }
            ],
        }
        for v in violations
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "importlint",
                        "version": __version__,
                        "informationUri": "https://github.com/importlint/importlint",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(root).as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _uri(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root)
    return quote(rel.replace(os.sep, "/").replace("\\", "/"))


def render(
    fmt: str, violations: Sequence[Violation], sources: Mapping[str, str] | None = None, style: Style = Style()
) -> str:
    """The report in format `fmt`; `sources` (path -> text) feed the full text format."""
    if fmt == "json":
        return as_json(violations)
    if fmt == "github":
        return github(violations)
    if fmt == "sarif":
        return sarif(violations)
    if fmt == "text" and sources is not None:
        return full(violations, sources, style)
    return text(violations, style)


def summary(remaining: int, fixable: int, fixed: int) -> str:
    """ruff's closing line, for stderr."""
    if remaining == 0:
        if fixed:
            return f"Found {fixed} error{'s' * (fixed != 1)} ({fixed} fixed, 0 remaining)."
        return "All checks passed!"
    total = remaining + fixed
    if fixed:
        return f"Found {total} error{'s' * (total != 1)} ({fixed} fixed, {remaining} remaining)."
    line = f"Found {remaining} error{'s' * (remaining != 1)}."
    if fixable:
        line += f"\n[*] {fixable} fixable with the `--fix` option."
    return line


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file's fix, in the file's own line breaks."""
    lines = difflib.unified_diff(
        split_lines(before),
        split_lines(after),
        fromfile=path,
        tofile=path,
    )
    out = []
    for line in lines:
        body = line.rstrip("\r\n")
        # every diff line ends in "\n" whatever the file uses, so terminals show it right
        out.append(body + "\n" if body != line else body + "\n\\ No newline at end of file\n")
    return "".join(out)


def statistics(violations: Sequence[Violation]) -> str:
    """Counts per code, most frequent first (ruff's --statistics)."""
    counts: dict[str, list[int]] = {}
    for v in violations:
        tally = counts.setdefault(v.code, [0, 0])
        tally[0] += 1
        tally[1] += v.fixable
    names = {rule.code: rule.name for rule in ALL_RULES}
    lines = []
    for code, (total, fixable) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])):
        mark = "[*]" if fixable == total else "[-]" if fixable else "   "
        lines.append(f"{total:>6}\t{code}\t{mark} {names.get(code, '')}")
    return "".join(line + "\n" for line in lines)
