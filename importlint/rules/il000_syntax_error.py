"""IL000 syntax-error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Example, FixAvailability, Rule

if TYPE_CHECKING:
    from ..locate import LineTable

# the run's own failure on one file (a worker crashed on it): the file was left alone
CRASHED = "the parser crashed on this file (please report this bug); the file was not changed"


def unreadable_message(error: OSError) -> str:
    return f"cannot read the file: {error.strerror or error}"


def syntax_message(error: BaseException) -> str:
    """CPython's own words for a text it cannot compile."""
    if isinstance(error, SyntaxError):
        return f"{type(error).__name__}: {error.msg}"
    if isinstance(error, RecursionError):
        return "the file is nested too deeply to parse"
    return f"SyntaxError: {error}"


def syntax_span(error: BaseException, lines: LineTable) -> tuple[int, int]:
    """The character span [start, end) of the text that CPython's error points at."""
    line = min(_syntax_line(error), len(lines.starts))
    start = lines.starts[line - 1]
    first, last = _syntax_columns(error, lines.line(line))
    return start + first, start + last


def _syntax_line(error: BaseException) -> int:
    lineno = getattr(error, "lineno", None)
    return lineno if isinstance(lineno, int) and lineno > 0 else 1


def _syntax_columns(error: BaseException, line: str) -> tuple[int, int]:
    """0-based character columns [start, end) of CPython's error position on its line.

    CPython's offsets are 1-based characters for source text (3.9 too); `end_offset`
    (3.10+) is only used when it lies after `offset` on the same line, otherwise the
    excerpt is the one character CPython points at. Offsets past the line (an error at
    EOF) are clamped to it.
    """
    offset = getattr(error, "offset", None)
    if not isinstance(offset, int) or offset < 1:
        return 0, len(line)
    start = min(offset - 1, len(line))
    end = start + 1  # 3.9 names no end: the character CPython points at
    end_offset, end_line = getattr(error, "end_offset", None), getattr(error, "end_lineno", None)
    if isinstance(end_offset, int) and end_line == getattr(error, "lineno", None) and end_offset > offset:
        end = end_offset - 1
    return start, max(start, min(end, len(line)))


class SyntaxErrorRule(Rule):  # `SyntaxError` would shadow the builtin
    """
    ## What it does
    Reports a file that cannot be checked: it does not parse as Python (and is not
    an `import .x` case, which IL002 repairs), it cannot be decoded with its declared
    encoding, or it cannot be read at all.

    ## Why is this bad?
    Python cannot import the module, and no other rule can look at its imports.
    A linter that skipped such a file would pass it silently.

    ## Example
    ```python
    from P.a import helper
    x = = 1
    ```

    The file is reported at the line `compile()` names; nothing else is reported
    for it and `--fix` leaves it untouched.

    ## Fix safety
    Never fixed: the file is left byte for byte as it is.

    ## Options
    None.
    """

    code = "IL000"
    name = "syntax-error"
    summary = "The file cannot be parsed, decoded or read"
    fix_availability = FixAvailability.NEVER

    valid = (Example("from . import a\n"),)
    invalid = (
        Example("from P.a import helper\nx = = 1\n", message="SyntaxError: invalid syntax", position="2:5"),
        Example("def f(:\n    pass\n"),
        Example("import os\n\x00\n"),
    )
