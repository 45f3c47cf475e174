"""`# noqa` / `# noqa: IL001,IL004` suppression comments (ruff's syntax).

A suppression is a real comment (found by the tokenizer, never inside a string) on
the first or the last physical line of the statement it suppresses.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Sequence

from .locate import LineTable
from .model import Edit

# ruff's regex, simplified: `# noqa`, `#noqa:IL001`, `# NOQA: IL001, IL004`
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)

ALL = "*"


def _comments(segment: str) -> list[str]:
    """The comments in a piece of one line (tokenizer errors end the search, not the run)."""
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(segment).readline):
            if tok.type == tokenize.COMMENT:
                found.append(tok.string)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return found


def codes_in(comment: str) -> set[str] | None:
    """The codes a comment suppresses: {ALL} for a bare `# noqa`, None for no noqa."""
    match = _NOQA.search(comment)
    if match is None:
        return None
    if not match.group("codes"):
        return {ALL}
    return {code.upper() for code in re.split(r"[,\s]+", match.group("codes")) if code}


def suppressions(lines: LineTable, start: int, end: int) -> set[str]:
    """Codes suppressed for the statement at character offsets [start, end)."""
    first, start_col = lines.position(start)
    last, end_col = lines.position(end)
    segments = [lines.line(first)[start_col - 1 :]]
    if last != first:
        segments.append(lines.line(last)[end_col - 1 :])
    codes: set[str] = set()
    for segment in segments:
        if "#" not in segment:
            continue
        for comment in _comments(segment):
            codes |= codes_in(comment) or set()
    return codes


def is_suppressed(code: str, suppressed: set[str]) -> bool:
    return ALL in suppressed or code in suppressed


# -- adding a suppression (`check --add-noqa`, the server's "Ignore CODE for this line") ----


def _comment_at(segment: str) -> tuple[int, str] | None:
    """The column and text of the first comment on a piece of one line (tokenizer errors,
    such as an unclosed bracket on a statement's first line, end the search)."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(segment).readline):
            if tok.type == tokenize.COMMENT:
                return tok.start[1], tok.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return None


def _continues(segment: str) -> bool:
    """Whether a statement's line ends with a backslash continuation (not in a comment)."""
    return segment.rstrip().endswith("\\") and _comment_at(segment) is None


def _line_end(lines: LineTable, number: int) -> int:
    """The offset where a 1-based line's text ends (before its line break)."""
    return lines.starts[number - 1] + len(lines.line(number))


def noqa_lines(lines: LineTable, start: int, end: int) -> list[tuple[int, int]]:
    """Where a noqa comment suppresses the statement at [start, end): (1-based line, the
    offset its statement part starts at), best first. ruff's line comes first (the first
    line of a statement; the last line of a backslash continuation), then the other line
    `suppressions` reads."""
    first, last = lines.position(start)[0], lines.position(end)[0]
    if first == last:
        return [(first, start)]
    places = [(first, start), (last, end)]
    if _continues(lines.text[start : _line_end(lines, first)]):
        places.reverse()
    return places


def add_codes(lines: LineTable, number: int, segment_start: int, codes: Sequence[str]) -> Edit | None:
    """The edit that makes line `number` suppress `codes`: they join the line's
    `# noqa: X` comment (`# noqa: X, IL001`), or `  # noqa: IL001` ends the line (after
    any other comment). None when the line suppresses them all already. `segment_start`:
    where the statement's part of the line starts (the comment is searched from there, as
    `suppressions` searches it)."""
    end = _line_end(lines, number)
    found = _comment_at(lines.text[segment_start:end])
    match = _NOQA.search(found[1]) if found is not None else None
    present = codes_in(match.group(0)) if match is not None else set()
    missing = [code for code in dict.fromkeys(codes) if not is_suppressed(code, present or set())]
    if not missing:
        return None
    if found is not None and match is not None and match.group("codes"):
        at = segment_start + found[0] + match.end("codes")
        return Edit(at, at, "".join(f", {code}" for code in missing))
    start = lines.starts[number - 1]
    kept = len(lines.line(number).rstrip())  # trailing blanks give way to the comment
    return Edit(start + kept, end, f"  # noqa: {', '.join(missing)}")


def noqa_edits(text: str, start: int, end: int, code: str) -> list[Edit]:
    """Candidate edits suppressing `code` for the statement at [start, end), best first
    (see `noqa_lines`); the language server verifies them before offering one."""
    lines = LineTable(text)
    out = []
    for number, segment_start in noqa_lines(lines, start, end):
        edit = add_codes(lines, number, segment_start, [code])
        if edit is not None:
            out.append(edit)
    return out
