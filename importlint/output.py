"""Report formats: pure functions from violations to text."""

from __future__ import annotations

import bisect
import difflib
import inspect
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from ._version import __version__
from .locate import LineTable, split_lines
from .model import Chunk, Edit, Violation
from .rules import ALL_RULES

FORMATS = ("text", "concise", "json", "github", "sarif")
HELP_URI = "https://github.com/importlint/importlint#rules"
_CONTEXT_LINES = 3  # a long parenthesised import shows its first lines only
# C0 controls (but tab, which is expanded), DEL and C1 controls -> their Unicode pictures
_CONTROL_PICTURES = {
    **{code: 0x2400 + code for code in range(0x20) if code != 0x09},
    0x7F: 0x2421,
    **{code: 0xFFFD for code in range(0x80, 0xA0)},
}
_HAS_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


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


def printable(value: str) -> str:
    """`value` with control characters shown as Unicode control pictures (NUL as `␀`).

    One character for one, so carets under an excerpt stay aligned; a raw NUL or ESC
    would corrupt the terminal or hide text (ruff does the same).
    """
    return value.translate(_CONTROL_PICTURES) if _HAS_CONTROL.search(value) else value


def headline(v: Violation, style: Style = Style()) -> str:
    """`path:line:col: CODE [*] message` (`[*]`: fixable)."""
    mark = " [*]" if v.fixable else ""
    where = f"{style.bold}{printable(v.path)}{style.reset}:{v.start.line}:{v.start.column}:"
    return f"{where} {style.red}{style.bold}{v.code}{style.reset}{mark} {printable(v.message)}"


def concise(violations: Sequence[Violation], style: Style = Style()) -> str:
    """The concise format: one headline per violation."""
    return "".join(headline(v, style) + "\n" for v in violations)


class Lines:
    """The lines of one file that a text report reads."""

    count: int  # the file's lines (at least up to the last one a violation reaches)

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line break."""
        raise NotImplementedError

    def span(self, start: int, end: int) -> str:
        """text[start:end] of the file (character offsets): what a fix replaces."""
        raise NotImplementedError

    def location(self, offset: int) -> tuple[int, int] | None:
        """(1-based row, 1-based character column) of a character offset, None if the
        lines kept do not reach it."""
        raise NotImplementedError


class TextLines(Lines):
    """Every line of a whole text."""

    def __init__(self, text: str) -> None:
        self.table = LineTable(text)
        self.count = len(self.table.starts)

    def line(self, number: int) -> str:
        return self.table.line(number)

    def span(self, start: int, end: int) -> str:
        return self.table.text[start:end]

    def location(self, offset: int) -> tuple[int, int] | None:
        return _location(self.table, 1, offset) if 0 <= offset <= len(self.table.text) else None


class ExcerptLines(Lines):
    """Only the runs of lines a run kept for its report (`FileResult.excerpt`): each
    violation's statement and each fix's old text, at their line numbers and offsets."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = chunks
        self.lines: dict[int, str] = {}
        self.tables: list[LineTable] = []  # one per chunk, for placing fixes
        self.offsets = [start for _, start, _ in chunks]
        for first, _, text in chunks:
            table = LineTable(text)
            self.tables.append(table)
            count = len(table.starts) - (1 if text.endswith(("\n", "\r")) else 0)
            for index in range(count):
                self.lines[first + index] = table.line(index + 1)
        self.count = max(self.lines, default=0)

    def line(self, number: int) -> str:
        return self.lines.get(number, "")

    def span(self, start: int, end: int) -> str:
        for _, offset, text in self.chunks:
            if offset <= start and end <= offset + len(text):
                return text[start - offset : end - offset]
        return ""

    def location(self, offset: int) -> tuple[int, int] | None:
        # the chunks are in file order: the one starting last at or before the offset
        index = bisect.bisect_right(self.offsets, offset) - 1
        if index < 0:
            return None
        first, start, text = self.chunks[index]
        return _location(self.tables[index], first, offset - start) if offset <= start + len(text) else None


def _location(table: LineTable, first: int, offset: int) -> tuple[int, int]:
    """(row, column) of `offset` in a text whose first line is line `first`; an offset
    just past a line break is the next line's column 1, as ruff counts it."""
    index = bisect.bisect_right(table.starts, offset) - 1
    if index > 0 and table.starts[index] == len(table.text) and not table.text.endswith(("\n", "\r")):
        index -= 1  # the table's last start is the text's end, not a line, after a last line without a break
    return first + index, offset - table.starts[index] + 1


def _context(v: Violation, lines: Lines, style: Style) -> list[str]:
    """The statement's source lines under a headline, with a caret line and the fix."""
    shown, total = _excerpt_size(v, lines)
    last = v.start.line + shown - 1
    width = _gutter_width(v, lines)
    gutter = f"{style.cyan}{' ' * width} |{style.reset}"
    out = [gutter]
    for number in range(v.start.line, last + 1):
        code = printable(lines.line(number).expandtabs(1))  # tabs count as one column, like the positions
        out.append(f"{style.cyan}{number:>{width}} |{style.reset} {code}")
        if number == v.start.line:
            end = v.end.column if v.end.line == number else len(code) + 1
            carets = "^" * max(1, end - v.start.column)
            out.append(f"{gutter} {' ' * (v.start.column - 1)}{style.red}{carets}{style.reset}")
    if shown < total:
        out.append(f"{gutter} ({_more_lines(total - shown)} of this statement)")
    if v.fixable:  # an unsafe fix is not applied without --unsafe-fixes: no preview
        out += _fix_preview(v, lines, gutter, style)
    return out


def _excerpt_size(v: Violation, lines: Lines) -> tuple[int, int]:
    """(lines shown, lines in the statement): a long parenthesised import shows its first
    lines only; one hidden line would cost as much as the note that replaces it."""
    total = min(v.end.line, lines.count) - v.start.line + 1
    return (total if total <= _CONTEXT_LINES + 1 else _CONTEXT_LINES), total


def _gutter_width(v: Violation, lines: Lines | None) -> int:
    """The width of the line numbers left of the `|` (1 without an excerpt)."""
    if lines is None:
        return 1
    return len(str(v.start.line + _excerpt_size(v, lines)[0] - 1))


def _more_lines(n: int) -> str:
    return f"{n} more line{'s' * (n != 1)}"


def _code_lines(text: str) -> list[str]:
    """`text`'s lines, split where Python splits them (not at form feeds)."""
    return [line.rstrip("\r\n") for line in split_lines(text)] or [""]


def _fix_preview(v: Violation, lines: Lines, gutter: str, style: Style) -> list[str]:
    """`fix:` and the fixed statement, its unchanged trailing lines summed up in words
    (an ellipsis there would read as code)."""
    assert v.fix is not None
    new = _code_lines(v.fix.text)
    old = _code_lines(lines.span(v.fix.start, v.fix.end))
    unchanged = 0  # trailing lines the fix leaves as they were
    while unchanged < min(len(new), len(old)) - 1 and new[-1 - unchanged] == old[-1 - unchanged]:
        unchanged += 1
    shown = new[: len(new) - unchanged]
    out = [f"{gutter} {style.green}fix: {printable(shown[0].rstrip())}{style.reset}"]
    out += [f"{gutter} {style.green}     {printable(line.rstrip())}{style.reset}" for line in shown[1:]]
    if unchanged:
        out.append(f"{gutter}      ({_more_lines(unchanged)}, unchanged)")
    return out


def _pointer(code: str, width: int, style: Style) -> str:
    """rustc's `--explain` hint, shown once per code."""
    return f"{style.cyan}{' ' * width} ={style.reset} help: run `importlint explain {code}` for details"


def text(violations: Sequence[Violation], sources: Mapping[str, str], style: Style = Style()) -> str:
    """The text format (ruff's full output): each headline followed by the offending source
    lines, and the first violation of each code by a pointer to its documentation."""
    out: list[str] = []
    tables: dict[str, Lines] = {}  # one per file, however many violations it has
    explained: set[str] = set()
    for v in violations:
        source = sources.get(v.path)
        if source is not None and v.path not in tables:
            tables[v.path] = TextLines(source)
        out += _text_entry(v, tables.get(v.path), style, explained)
    return "".join(line + "\n" for line in out)


def _text_entry(v: Violation, lines: Lines | None, style: Style, explained: set[str]) -> list[str]:
    """One violation of the text format (`explained`: the codes already pointed to)."""
    out = [headline(v, style)]
    if lines is not None:
        out += _context(v, lines, style)
    if v.code not in explained:
        explained.add(v.code)
        out.append(_pointer(v.code, _gutter_width(v, lines), style))
    out.append("")
    return out


def noqa_note(suppressed: int) -> str:
    """The summary's line for violations `# noqa` hid, so that none passes unnoticed."""
    return f"{suppressed} suppressed by `# noqa`.\n" if suppressed else ""


def as_json(violations: Sequence[Violation], sources: Mapping[str, str] | None = None) -> str:
    """A JSON array of violation objects, in the contract's key order; `sources` (path ->
    text) place each fix's edits (without its file's text, a fix is `null`)."""
    if not violations:
        return "[]\n"
    tables: dict[str, Lines] = {}
    for path, source in (sources or {}).items():
        tables[path] = TextLines(source)
    # one object per line: as readable as indent=2 and done by json's C encoder
    return "[\n" + ",\n".join(_json_line(v, tables.get(v.path)) for v in violations) + "\n]\n"


def _json_line(v: Violation, lines: Lines | None) -> str:
    obj = {
        "path": v.path,
        "line": v.start.line,
        "column": v.start.column,
        "end_line": v.end.line,
        "end_column": v.end.column,
        "code": v.code,
        "message": v.message,
        "fixable": v.fixable,
        "fix": _json_fix(v, lines),
    }
    return "  " + json.dumps(obj, ensure_ascii=False)


def _json_fix(v: Violation, lines: Lines | None) -> dict[str, object] | None:
    """ruff's `fix` object: its applicability, a title and the edits, placed by 1-based
    row and character column, so that a tool applies them without running us again."""
    if v.fix is None or lines is None:
        return None
    start, end = lines.location(v.fix.start), lines.location(v.fix.end)
    if start is None or end is None:  # the report kept no line of it (never for a fix it shows)
        return None
    edit = {
        "content": v.fix.text,
        "location": {"row": start[0], "column": start[1]},
        "end_location": {"row": end[0], "column": end[1]},
    }
    return {"applicability": "unsafe" if v.unsafe else "safe", "message": fix_title(v.fix), "edits": [edit]}


def fix_title(fix: Edit) -> str:
    """What a fix does, in one line: ``Replace with `from .b import (c, d)` ``."""
    flat = re.sub(r",? \)", ")", " ".join(fix.text.split()).replace("( ", "("))  # a parenthesised list on one line
    return f"Replace with `{flat}`"


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
    from .markers import repository_root as nearest_repository  # the one walk up (importlint/markers.py)

    origin = os.path.abspath(start or os.getcwd())
    return nearest_repository(origin) or origin


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
    head, tail = _sarif_frame(root)
    return head + _sarif_results(violations, root, first=True) + (_SARIF_CLOSE if violations else "[]") + tail


# the log is printed as `json.dumps(log, indent=2)` would print it, but its results are
# written as they arrive: the frame around them is rendered once, around a marker
_SARIF_MARKER = "\x00results\x00"
_SARIF_INDENT = " " * 8  # the depth of a result in the log: log > runs > run > results
_SARIF_CLOSE = "\n" + " " * 6 + "]"


def _sarif_frame(root: str) -> tuple[str, str]:
    """The log's text before its `results` array, and after it."""
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
                "results": _SARIF_MARKER,
            }
        ],
    }
    head, _, tail = (json.dumps(log, indent=2) + "\n").partition(json.dumps(_SARIF_MARKER))
    return head, tail


def _sarif_results(violations: Sequence[Violation], root: str, first: bool) -> str:
    """The results' part of the array (`first`: it opens the array)."""
    if not violations:
        return ""
    index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    items = []
    for v in violations:
        result = {
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
        items.append(_SARIF_INDENT + json.dumps(result, indent=2).replace("\n", "\n" + _SARIF_INDENT))
    return ("[\n" if first else ",\n") + ",\n".join(items)


def _uri(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root)
    return quote(rel.replace(os.sep, "/").replace("\\", "/"))


def render(
    fmt: str, violations: Sequence[Violation], sources: Mapping[str, str] | None = None, style: Style = Style()
) -> str:
    """The report in format `fmt`; `sources` (path -> text) feed the text format and place JSON fixes."""
    if fmt == "json":
        return as_json(violations, sources)
    if fmt == "github":
        return github(violations)
    if fmt == "sarif":
        return sarif(violations)
    if fmt == "text" and sources is not None:
        return text(violations, sources, style)
    return concise(violations, style)


class Report:
    """A run's report in format `fmt`, written to `out` file by file as the results arrive,
    so that nothing of a file outlives its turn but the counts the summary needs.

    The text it writes is `render(fmt, ...)` (or `statistics(...)`) of all the violations
    given, in the order given: each file's violations sorted, the files in path order.
    """

    def __init__(self, fmt: str, out: TextIO, style: Style = Style(), stats: bool = False) -> None:
        self.fmt, self.out, self.style, self.stats = fmt, out, style, stats
        self.remaining = 0  # violations reported
        self.fixable = 0  # of which --fix can fix
        self._counts: dict[str, list[int]] = {}  # for --statistics
        self._explained: set[str] = set()  # codes whose pointer to `explain` was printed
        self._opened = False  # the first violation was written (json, sarif)
        self._root = repository_root() if fmt == "sarif" and not stats else ""

    def add(self, violations: Sequence[Violation], lines: Lines | None = None) -> None:
        """One file's violations (sorted), with the lines the text format shows, if any."""
        self.remaining += len(violations)
        self.fixable += sum(v.fixable for v in violations)
        if self.stats:
            _tally(self._counts, violations)
        elif violations:
            self.out.write(self._render(violations, lines))

    def _render(self, violations: Sequence[Violation], lines: Lines | None) -> str:
        first, self._opened = not self._opened, True
        if self.fmt == "json":
            return ("[\n" if first else ",\n") + ",\n".join(_json_line(v, lines) for v in violations)
        if self.fmt == "sarif":
            return (_sarif_frame(self._root)[0] if first else "") + _sarif_results(violations, self._root, first)
        if self.fmt == "github":
            return github(violations)
        if self.fmt == "text":
            entries = [_text_entry(v, lines, self.style, self._explained) for v in violations]
            return "".join(line + "\n" for entry in entries for line in entry)
        return concise(violations, self.style)

    def finish(self) -> None:
        """What follows the last file: the statistics, or the end of the JSON document."""
        if self.stats:
            self.out.write(statistics_table(_ordered(self._counts), self.fmt))
        elif self.fmt == "json":
            self.out.write("\n]\n" if self._opened else "[]\n")
        elif self.fmt == "sarif":
            head, tail = _sarif_frame(self._root)
            self.out.write((_SARIF_CLOSE if self._opened else head + "[]") + tail)


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


def unified_diff(path: str, before: bytes, after: bytes) -> bytes:
    """A unified diff of one file's fix, in the file's own bytes, that `patch -p0` and
    `git apply -p0` apply as it is.

    Lines are split at b"\\n" only, as those tools split them: a CRLF line keeps its
    "\\r", and a file with CR-only line breaks is one long line. The encoding (a latin-1
    coding cookie, a UTF-8 BOM) is the file's, so the context matches byte for byte.
    """
    name = path.encode("utf-8", "surrogateescape")
    lines = difflib.diff_bytes(difflib.unified_diff, _patch_lines(before), _patch_lines(after), name, name)
    out = []
    for line in lines:
        # the last line of a file without a final newline gets patch's marker
        out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _patch_lines(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def _tally(counts: dict[str, list[int]], violations: Iterable[Violation]) -> None:
    """Add `violations` to `counts`: code -> [count, fixable count]."""
    for v in violations:
        tally = counts.setdefault(v.code, [0, 0])
        tally[0] += 1
        tally[1] += v.fixable


def _ordered(counts: Mapping[str, Sequence[int]]) -> list[tuple[str, int, int]]:
    """(code, count, fixable count), most frequent first."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return [(code, total, fixable) for code, (total, fixable) in ordered]


def statistics(violations: Sequence[Violation], fmt: str = "text") -> str:
    """Counts per code, most frequent first (ruff's --statistics); `fmt` "json" gives a
    JSON array of {code, name, count, fixable (all of them), fixable_count}."""
    counts: dict[str, list[int]] = {}
    _tally(counts, violations)
    return statistics_table(_ordered(counts), fmt)


def statistics_table(counts: Sequence[tuple[str, int, int]], fmt: str = "text") -> str:
    """`statistics` from (code, count, fixable count) rows, most frequent first."""
    names = {rule.code: rule.name for rule in ALL_RULES}
    if fmt == "json":
        objects = [
            {"code": code, "name": names.get(code, ""), "count": total, "fixable": fixable == total,
             "fixable_count": fixable}
            for code, total, fixable in counts
        ]  # fmt: skip
        return json.dumps(objects, indent=2) + "\n"
    lines = []
    for code, total, fixable in counts:
        mark = "[*]" if fixable == total else "[-]" if fixable else "   "
        lines.append(f"{total:>6}\t{code}\t{mark} {names.get(code, '')}")
    lines += statistics_legend({line.split("\t")[2][:3] for line in lines})  # what [*] and [-] mean
    return "".join(line + "\n" for line in lines)


def statistics_legend(marks: set[str]) -> list[str]:
    """The line under --statistics that says what its marks mean (none if none is used)."""
    meanings = [f"{mark} {text}" for mark, text in (("[*]", "fixable"), ("[-]", "partly fixable")) if mark in marks]
    return [", ".join(meanings) + " with `importlint check --fix`"] if meanings else []
