"""Locating imports with LibCST's full parser, for syntax newer than the running Python.

`ast` cannot parse Python 3.12-3.14 syntax (PEP 695 type parameters, PEP 701
f-strings, PEP 758 `except A, B:`) on an older interpreter, but LibCST can. Its
native parser can also crash the whole process on pathological input, so it runs in
a child process: a crash costs one file (reported as IL000), never the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

TIMEOUT = 60  # seconds for one file
NEWEST_SYNTAX = (3, 14)  # what LibCST's parser understands beyond the running Python


@dataclass(frozen=True)
class Located:
    """Import statements as (line, column) pairs: 1-based lines, 0-based character columns."""

    spans: list[tuple[int, int, int, int]]
    main_block: bool


class FallbackFailed(Exception):
    """LibCST could not parse the file either (or crashed on it)."""


# how this interpreter words the errors newer syntax runs into (3.12's type parameters and
# f-strings, 3.14's unparenthesised `except A, B:`); errors that every version reports,
# such as "cannot assign to function call", never reach LibCST, which would accept them
_NEWER_SYNTAX_ERRORS = (
    "invalid syntax",
    "expected",
    "f-string",
    "multiple exception types must be parenthesized",
    "unexpected character after line continuation character",
)


def available() -> bool:
    return sys.version_info < NEWEST_SYNTAX


def maybe_newer_syntax(error: BaseException) -> bool:
    """True if `error` may come from syntax newer than the running interpreter."""
    return isinstance(error, SyntaxError) and str(error.msg).startswith(_NEWER_SYNTAX_ERRORS)


def locate(text: str) -> Located:
    """The import statements of `text`, found by LibCST in a child process.

    Raises FallbackFailed when LibCST rejects the text or the child dies.
    """
    try:
        child = subprocess.run(
            [sys.executable, "-c", "from importlint.fallback import main; main()"],
            input=text.encode("utf-8", "surrogatepass"),
            capture_output=True,
            timeout=TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FallbackFailed(f"the fallback parser did not finish: {exc}") from None
    if child.returncode != 0:
        raise FallbackFailed(f"the fallback parser crashed (exit code {child.returncode})")
    try:
        data = json.loads(child.stdout)
    except ValueError:
        raise FallbackFailed("the fallback parser gave no answer") from None
    if not data.get("ok"):
        raise FallbackFailed(str(data.get("error", "unparseable")))
    spans = [(int(a), int(b), int(c), int(d)) for a, b, c, d in data["spans"]]
    return Located(spans, bool(data["main_block"]))


def _is_main_test(node: object) -> bool:
    import libcst as cst

    if not isinstance(node, cst.Comparison) or len(node.comparisons) != 1:
        return False
    target = node.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return False
    sides = [node.left, target.comparator]
    names = [s for s in sides if isinstance(s, cst.Name) and s.value == "__name__"]
    strings = [s for s in sides if isinstance(s, cst.SimpleString) and s.evaluated_value == "__main__"]
    return bool(names and strings)


def main() -> None:
    """The child: read source on stdin, print the import spans as JSON."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from .locate import text_marks_script

    text = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as exc:
        print(json.dumps({"ok": False, "error": " ".join(str(exc).split())[:300]}))
        return
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    spans: list[tuple[int, int, int, int]] = []

    class Finder(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> None:
            self._add(node)

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            self._add(node)

        def _add(self, node: cst.CSTNode) -> None:
            where = positions[node]
            spans.append((where.start.line, where.start.column, where.end.line, where.end.column))

    wrapper.module.visit(Finder())
    # the text rule is the conservative one; the precise test also sees `"\x5f_main__"`
    main_block = text_marks_script(text) or any(
        isinstance(stmt, cst.If) and _is_main_test(stmt.test) for stmt in module.body
    )
    print(json.dumps({"ok": True, "spans": spans, "main_block": main_block}))
