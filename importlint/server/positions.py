"""LSP positions <-> character offsets into a document's text.

LSP counts a column in code units of the negotiated position encoding (UTF-16 unless
the client offers another); the engine counts characters (`Pos`: 1-based line and
column). Lines break at `\\n`, `\\r\\n` and `\\r` only: LSP and Python agree on that,
`str.splitlines` does not (it also breaks at form feeds and U+2028).
"""

from __future__ import annotations

import bisect
import re

from ..model import Pos

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units of `encoding` the characters of `text` take."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)  # astral: a surrogate pair


def characters(line: str, count: int, encoding: str) -> int:
    """How many characters of `line` the first `count` code units cover. A count that
    ends inside a character (half a surrogate pair) stops before it; past the end, the line's length."""
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    used = 0
    for index, char in enumerate(line):
        used += units(char, encoding)
        if used > count:
            return index
    return len(line)


class LineIndex:
    """Where each line of a text starts, for converting in both directions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def line(self, line0: int) -> str:
        """The 0-based line's text without its line break."""
        start = self.starts[line0]
        end = self.starts[line0 + 1] if line0 + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_of(self, offset: int) -> int:
        """The 0-based line holding a character offset."""
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        """(0-based line, column in code units) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line0 = self.line_of(offset)
        start = self.starts[line0]
        return line0, units(self.text[start:offset], encoding)

    def offset(self, line0: int, column: int, encoding: str) -> int:
        """The character offset of an LSP position; clamped to the text, as LSP asks
        (a column past the line's end means the end of the line)."""
        if line0 < 0:
            return 0
        if line0 >= len(self.starts):
            return len(self.text)
        return self.starts[line0] + characters(self.line(line0), column, encoding)

    def offset_of(self, pos: Pos) -> int:
        """The character offset of an engine position (1-based line and character column)."""
        line0 = min(max(pos.line - 1, 0), len(self.starts) - 1)
        return self.starts[line0] + min(max(pos.column - 1, 0), len(self.line(line0)))
