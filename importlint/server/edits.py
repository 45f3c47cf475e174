"""Text edits for code actions, computed from text alone (no LSP types).

A quick fix is the part of `check --fix`'s own result that falls on one statement:
the difference between the buffer and the fixed text, cut into minimal hunks. (A noqa
edit comes from importlint/noqa.py, shared with `check --add-noqa`.)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from ..model import Edit

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    return _LINES.findall(text)


def _offsets(lines: Sequence[str]) -> list[int]:
    out, total = [0], 0
    for line in lines:
        total += len(line)
        out.append(total)
    return out


def _trimmed(start: int, old: str, new: str) -> Edit:
    """The edit replacing `old` (at `start`) with `new`, without their common ends."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return Edit(start + prefix, start + len(old) - suffix, new[prefix : len(new) - suffix])


def _line_hunks(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """Changed line ranges (a_start, a_end, b_start, b_end); one line each where lines pair up.

    Fixes keep a statement's line count, so the lines usually pair one to one and no
    diff is needed (cheap on a 5,000-line buffer); otherwise difflib aligns them."""
    if len(a) == len(b):
        return [(i, i + 1, i, i + 1) for i in range(len(a)) if a[i] != b[i]]
    hunks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            hunks += [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            hunks.append((i1, i2, j1, j2))
    return hunks


def changes(before: str, after: str) -> list[Edit]:
    """Minimal edits (character offsets into `before`) that turn `before` into `after`."""
    a, b = _lines(before), _lines(after)
    a_at, b_at = _offsets(a), _offsets(b)
    out = []
    for i1, i2, j1, j2 in _line_hunks(a, b):
        out.append(_trimmed(a_at[i1], before[a_at[i1] : a_at[i2]], after[b_at[j1] : b_at[j2]]))
    return [edit for edit in out if edit.start != edit.end or edit.text]


def within(edits: Sequence[Edit], start: int, end: int) -> list[Edit]:
    """The edits that touch the span [start, end] (a statement)."""
    return [e for e in edits if e.start <= end and e.end >= start]


def apply(text: str, edits: Sequence[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text
