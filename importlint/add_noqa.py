"""`check --add-noqa`: a `# noqa: CODE` on every line with a remaining violation (ruff's).

Each comment goes where the checker reads it (importlint/noqa.py, shared with the
language server's "Ignore CODE for this line"), merged into a `# noqa: X` comment the
line already has. Only comments are added: the file is written (with the writer `--fix`
uses) only if its code parses to the same tree as before, every other byte kept.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from . import noqa, sourcefile
from .locate import LineTable
from .model import Edit, Pos, Violation

UNSUPPRESSIBLE = "IL000"  # a file that cannot be read or parsed: no comment hides that


def _offset(lines: LineTable, pos: Pos) -> int:
    return lines.starts[pos.line - 1] + pos.column - 1


def noqa_additions(text: str, violations: Sequence[Violation]) -> list[Edit]:
    """The edits that suppress every violation of `text`: one per line, holding every code
    that line must gain (a line reached by several statements gets them all at once)."""
    lines = LineTable(text)
    wanted: dict[int, tuple[int, list[str]]] = {}  # line -> (where its statement part starts, codes)
    for v in violations:
        if v.code == UNSUPPRESSIBLE or v.start.line > len(lines.starts):
            continue
        number, segment = noqa.noqa_lines(lines, _offset(lines, v.start), _offset(lines, v.end))[0]
        earlier, codes = wanted.get(number, (segment, []))
        # the comment is searched from the statement nearest to it (each starts outside a string)
        wanted[number] = (max(earlier, segment), [*codes, v.code])
    edits = [noqa.add_codes(lines, number, segment, codes) for number, (segment, codes) in sorted(wanted.items())]
    return [edit for edit in edits if edit is not None]


def apply(text: str, edits: Sequence[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _same_code(before: str, after: str) -> bool:
    """Only comments were added: the same tree (or, for a file that does not parse, still none)."""
    try:
        old: str | None = ast.dump(ast.parse(before))
    except (SyntaxError, ValueError):
        old = None
    try:
        new: str | None = ast.dump(ast.parse(after))
    except (SyntaxError, ValueError):
        new = None
    return old == new


@dataclass(frozen=True)
class Added:
    """What --add-noqa did to one file: directives added, or why none was written."""

    count: int = 0
    error: str | None = None


def add_to_file(display: str, violations: Sequence[Violation], checked: str | None) -> Added:
    """Add the noqa comments for `violations` to the file at `display`. `checked`: the text
    they were found in, if the run kept it, to notice a file that changed since."""
    try:
        raw, snapshot = sourcefile.read(display)
        decoded = sourcefile.decode(raw)
    except (OSError, sourcefile.DecodeError) as exc:
        return Added(error=f"{display}: cannot add noqa comments: {exc}")
    text = decoded.text
    if checked is not None and checked != text:
        return Added(error=f"{display}: changed on disk during the run; not written")
    edits = noqa_additions(text, violations)
    if not edits:
        return Added()
    new = apply(text, edits)
    if not _same_code(text, new):  # a line that ends inside a string, or in a continuation
        return Added(error=f"{display}: a noqa comment would change the code; not written")
    try:
        sourcefile.write(display, decoded.encode(new), snapshot)
    except sourcefile.ChangedOnDisk:
        return Added(error=f"{display}: changed on disk during the run; not written")
    except sourcefile.ReadOnly:
        return Added(error=f"{display}: noqa comments not added: the file is read-only")
    except (OSError, UnicodeEncodeError) as exc:
        return Added(error=f"{display}: cannot write the noqa comments: {exc}")
    return Added(len(edits))


def summary(count: int) -> str:
    """ruff's line: `Added 3 noqa directives.`"""
    return f"Added {count} noqa directive{'s' * (count != 1)}."
