"""CPython's `ast` locates: exact spans of every import statement, nested ones too.

`ast` is about ten times faster than a full LibCST parse and survives inputs that
crash LibCST's native parser, so it decides where the import statements are and
LibCST only ever sees those statements' own text (see imports.py).
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
from dataclasses import dataclass

# Python's own line breaks: \r\n, \r and \n (not str.splitlines, which also
# splits at form feeds and other characters the tokenizer treats as whitespace)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

# characters where str.splitlines breaks a line but Python's tokenizer does not (and \r,
# which splitlines treats right but the fast path need not think about)
_SPLITLINES_DIFFERS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# statement lists are the only places an import statement can stand
_BODIES = ("body", "handlers", "orelse", "finalbody", "cases")
_COMPOUND = tuple(
    getattr(ast, name)
    for name in (
        "FunctionDef", "AsyncFunctionDef", "ClassDef", "If", "For", "AsyncFor", "While",
        "With", "AsyncWith", "Try", "TryStar", "Match",
    )
    if hasattr(ast, name)  # TryStar: 3.11+, Match: 3.10+
)  # fmt: skip


def split_lines(text: str) -> list[str]:
    """The lines of `text` with their line breaks, split only where Python splits them."""
    return _LINE.findall(text)


class LineTable:
    """Converts between (1-based line, UTF-8 byte column) as `ast` reports them and
    character offsets into the decoded text."""

    def __init__(self, text: str) -> None:
        self.text = text
        if _SPLITLINES_DIFFERS.search(text):
            self.starts = [0, *(match.end() for match in _LINE.finditer(text))]
        else:  # the common case: str.splitlines agrees with Python's line breaks, and runs in C
            self.starts = [0, *itertools.accumulate(map(len, text.splitlines(keepends=True)))]

    def line(self, lineno: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.starts[lineno - 1]
        end = self.starts[lineno] if lineno < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def newline(self, lineno: int) -> str:
        """The line break that ends a 1-based line ("\\n" if it has none)."""
        start = self.starts[lineno - 1]
        end = self.starts[lineno] if lineno < len(self.starts) else len(self.text)
        raw = self.text[start:end]
        return raw[len(raw.rstrip("\r\n")) :] or "\n"

    def offset(self, lineno: int, byte_col: int) -> int:
        """Character offset of an `ast` position (columns there count UTF-8 bytes)."""
        start = self.starts[lineno - 1]
        line = self.line(lineno)
        if line.isascii():
            return start + byte_col
        return start + len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))

    def position(self, offset: int) -> tuple[int, int]:
        """(1-based line, 1-based character column) of a character offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index == len(self.starts) - 1 and index > 0 and self.starts[index] == len(self.text):
            index -= 1  # the end of a text that ends with a line break stays on the last line
        return index + 1, offset - self.starts[index] + 1


@dataclass(frozen=True)
class Located:
    """One import statement as `ast` sees it, with its character span."""

    node: ast.Import | ast.ImportFrom
    start: int
    end: int


def import_nodes(module: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of a module in source order, descending only into compound statements."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[list[ast.stmt]] = [module.body]
    while stack:
        for node in stack.pop():
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append(node)
            elif isinstance(node, _COMPOUND):
                for attr in _BODIES:
                    inner = getattr(node, attr, None)
                    if inner:
                        if attr in ("handlers", "cases"):  # except clauses and match cases hold bodies
                            stack.extend(child.body for child in inner)
                        else:
                            stack.append(inner)
    found.sort(key=lambda n: (n.lineno, n.col_offset))
    return found


def locate(module: ast.Module, lines: LineTable) -> list[Located]:
    """Character spans of every import statement of a parsed module."""
    found = []
    for node in import_nodes(module):
        start = lines.offset(node.lineno, node.col_offset)
        end_line = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        found.append(Located(node, start, lines.offset(end_line, end_col)))
    return found


def has_main_block(module: ast.Module) -> bool:
    """True if the module runs code under `if __name__ == "__main__":` at top level."""
    for node in module.body:
        if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
            continue
        test = node.test
        if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
            continue
        sides = [test.left, test.comparators[0]]
        names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
        consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
        if names and consts:
            return True
    return False
