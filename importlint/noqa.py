"""`# noqa` / `# noqa: IL001,IL004` suppression comments (ruff's syntax).

A suppression is a real comment (found by the tokenizer, never inside a string) on
the first or the last physical line of the statement it suppresses.
"""

from __future__ import annotations

import io
import re
import tokenize

from .locate import LineTable

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
