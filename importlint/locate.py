"""CPython's `ast` locates: exact spans of every import statement, nested ones too.

`ast` is about ten times faster than a full LibCST parse and survives inputs that
crash LibCST's native parser, so it decides where the import statements are and
LibCST only ever sees those statements' own text (see imports.py).
"""

from __future__ import annotations
import __future__

import ast
import bisect
import itertools
import keyword
import re
import unicodedata
from collections.abc import Iterator
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


# what CPython's compiler (not its parser) rejects, found cheaply: statement-level facts
# on one statement walk; expressions only where a module or class body evaluates them
_FUTURE_FEATURES = frozenset(__future__.all_feature_names)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
# `yield`/`await`/`async` (for) where a module or class body may evaluate them (in strings
# and comments too: the statement around each one is then walked to be sure)
_WORDS = ("yield", "await", "async")

_LONE_CR = re.compile(r"\r(?!\n)")

_MODULE, _CLASS, _FUNCTION = 0, 1, 2


@dataclass(frozen=True)
class _Scope:
    kind: int  # _MODULE, _CLASS or _FUNCTION
    is_async: bool  # directly inside an `async def`
    in_function: bool  # some enclosing scope is a function (so `nonlocal` may be valid)
    in_loop: bool  # `break`/`continue` are valid here


_TOP = _Scope(_MODULE, False, False, False)


def compile_suspect(module: ast.Module, text: str) -> bool:
    """True if `compile()` may reject a module that `ast.parse` accepted.

    A superset test (the caller confirms with a real `compile()`), cheap enough to run on
    every file and flagging almost no real code: `return`/`yield`/`await` outside
    functions (class bodies too), `async for`/`async with` outside `async def`,
    `break`/`continue` outside loops, `nonlocal` outside functions, `import *` inside a
    function or class, duplicate parameter names of a `def`, and `from __future__`
    imports that are misplaced or unknown.
    """
    if _misplaced_future(module.body):
        return True
    exposed: list[ast.stmt] = []  # statements a module or class body runs itself
    stack: list[tuple[list[ast.stmt], _Scope]] = [(module.body, _TOP)]
    while stack:
        body, scope = stack.pop()
        for node in body:
            check = _CHECKS.get(type(node))
            if check is not None and check(node, scope):
                return True
            if scope.kind != _FUNCTION and not isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
                exposed.append(node)
            if isinstance(node, _COMPOUND):
                stack.extend(_inner_bodies(node, scope))
    return _expression_suspect(exposed, text)


def _misplaced_future(body: list[ast.stmt]) -> bool:
    """A `from __future__` import after other statements (a docstring may precede), or of an
    unknown feature (`braces`)."""
    allowed = True  # still in the leading docstring / future-import block
    for index, node in enumerate(body):
        if isinstance(node, ast.ImportFrom) and node.module == "__future__" and node.level == 0:
            if not allowed or any(a.name not in _FUTURE_FEATURES for a in node.names):
                return True
        elif not (index == 0 and _is_docstring(node)):
            allowed = False
    return False


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _return(node: ast.stmt, scope: _Scope) -> bool:
    return scope.kind != _FUNCTION


def _loop_control(node: ast.stmt, scope: _Scope) -> bool:
    return not scope.in_loop


def _nonlocal(node: ast.stmt, scope: _Scope) -> bool:
    return not scope.in_function


def _import_from(node: ast.stmt, scope: _Scope) -> bool:
    assert isinstance(node, ast.ImportFrom)
    if scope.kind == _MODULE:
        return False  # a module-level `from __future__` was checked by _misplaced_future
    # `import *` only at module level; every `from __future__` below it is misplaced
    return node.module == "__future__" or any(a.name == "*" for a in node.names)


def _async_statement(node: ast.stmt, scope: _Scope) -> bool:
    return not scope.is_async


def _function(node: ast.stmt, scope: _Scope) -> bool:
    assert isinstance(node, _FUNCTIONS)
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return len(set(names)) != len(names)


_CHECKS = {
    ast.Return: _return,
    ast.Break: _loop_control,
    ast.Continue: _loop_control,
    ast.Nonlocal: _nonlocal,
    ast.ImportFrom: _import_from,
    ast.AsyncFor: _async_statement,
    ast.AsyncWith: _async_statement,
    ast.FunctionDef: _function,
    ast.AsyncFunctionDef: _function,
}


def _inner_bodies(node: ast.stmt, scope: _Scope) -> list[tuple[list[ast.stmt], _Scope]]:
    """The statement lists inside a compound statement, each with the scope it runs in."""
    if isinstance(node, _FUNCTIONS):
        inner = _Scope(_FUNCTION, isinstance(node, ast.AsyncFunctionDef), True, False)
        return [(node.body, inner)]
    if isinstance(node, ast.ClassDef):
        return [(node.body, _Scope(_CLASS, False, scope.in_function, False))]
    out: list[tuple[list[ast.stmt], _Scope]] = []
    looping = isinstance(node, _LOOPS)
    for attr in _BODIES:
        inner_body = getattr(node, attr, None)
        if not inner_body:
            continue
        # a loop's body may `break`; its `else:` belongs to the enclosing code
        inner_scope = scope
        if looping and attr == "body":
            inner_scope = _Scope(scope.kind, scope.is_async, scope.in_function, True)
        if attr in ("handlers", "cases"):
            out.extend((child.body, inner_scope) for child in inner_body)
        else:
            out.append((inner_body, inner_scope))
    return out


def _expression_suspect(exposed: list[ast.stmt], text: str) -> bool:
    """`yield` (outside a lambda), `await` or an async comprehension in a statement that a
    module or class body runs. Only statements on a line where one of the words occurs
    are walked, and never into a function body."""
    lines = sorted(set(_word_lines(text)))
    if not lines:
        return False
    if _LONE_CR.search(text):  # lines were counted at \n only: walk every exposed statement
        candidates = exposed
    else:
        candidates = [n for n in exposed if _spans_any(n, lines)]
    return any(_has_expression(node) for node in candidates)


def _word_lines(text: str) -> Iterator[int]:
    """Lines (counted at \\n) where `yield`, `await` or `async` occurs as a word.

    str.find runs in C; a regex with word boundaries is several times slower here.
    """
    for word in _WORDS:
        line, counted = 1, 0
        position = text.find(word)
        while position != -1:
            end = position + len(word)
            before = text[position - 1] if position else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                line += text.count("\n", counted, position)
                counted = position
                yield line
            position = text.find(word, end)


def _spans_any(node: ast.stmt, lines: list[int]) -> bool:
    end = node.end_lineno if node.end_lineno is not None else node.lineno
    index = bisect.bisect_left(lines, node.lineno)
    return index < len(lines) and lines[index] <= end


def _has_expression(root: ast.AST) -> bool:
    pending: list[ast.AST] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Await, ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, ast.comprehension) and node.is_async:
            return True
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
            continue  # their bodies are other scopes (and defs are exposed statements of their own)
        pending.extend(ast.iter_child_nodes(node))
    return False


def locate(module: ast.Module, lines: LineTable) -> list[Located]:
    """Character spans of every import statement of a parsed module."""
    found = []
    for node in import_nodes(module):
        start = lines.offset(node.lineno, node.col_offset)
        end_line = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        found.append(Located(node, start, lines.offset(end_line, end_col)))
    return found


def has_main_block(module: ast.Module, text: str) -> bool:
    """True if the file may be meant to run as `python path/to/file.py` (a script).

    Conservative: module-level code (outside `def` and `lambda` bodies) that reads
    `__name__` (also as `globals()["__name__"]`) while the text holds `__main__` anywhere
    (an f-string, a `MAIN` constant, a walrus, a dict, a `match` on a tuple all hide the
    comparison); module-level code that reads `__spec__` (None only for a script); and,
    whatever the text says (`"\x5f_main__"`), the precise comparisons of `__name__` with
    `"__main__"`: `==`, `in`, `match __name__: case "__main__":`.

    Only the statements and expressions on a line that can spell one of these are walked
    (see `_marked_lines`): on most files that is none or a few.
    """
    main = "__main__" in text
    lines = _marked_lines(text, main)
    if lines is not None and not lines:
        return False  # no line can spell a read of `__name__` or `__spec__`
    pending: list[tuple[ast.AST, list[int] | None]] = [(node, lines) for node in module.body]
    while pending:
        node, marked = pending.pop()
        if marked is not None and not _touches(node, marked):
            continue  # nothing of it stands on a marked line
        if _marks_script(node, main):
            return True
        if isinstance(node, ast.JoinedStr):
            marked = None  # positions inside an f-string are unreliable before 3.12: walk it all
        pending.extend((child, marked) for child in _children(node))
    return False


# lines where module-level evidence of a script can stand, found in the text: every
# identifier spelled `__name__`/`__spec__` (in ASCII, or in letters that NFKC normalises
# to them, as CPython does for identifiers: `__ｎａｍｅ__`), and with `__main__` in the
# text every string part whose value may be "__name__" (`"__na" "me__"`,
# `"__na" f"me__{x}"`, `"\\x5f_name__"`): without an escape, its source ends in `_` right
# before a closing quote, a replacement field or the end of a format spec
_NAME_WORDS = ("__name__", "__spec__")
_STRING_WORDS = ('_"', "_'", "_{", "_}", "\\")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _marked_lines(text: str, main: bool) -> list[int] | None:
    """Sorted lines (counted at \\n) that may hold evidence; None: positions cannot be
    trusted to match (a lone \\r also ends a line for `ast`), walk everything."""
    if _LONE_CR.search(text):
        return None
    found: set[int] = set()
    for word in _NAME_WORDS + (_STRING_WORDS if main else ()):
        found.update(_find_lines(text, word))
    if not text.isascii():
        found.update(_normalised_lines(text))
    return sorted(found)


def _normalised_lines(text: str) -> Iterator[int]:
    """Lines with a non-ASCII character whose NFKC form holds `__name__` or `__spec__`.

    Normalising the whole line keeps every identifier's normal form intact: an identifier
    starts and ends with `_` (a starter no character composes with) and takes in every
    combining mark after it, so nothing around it can merge into it.
    """
    line, counted = 1, 0
    match = _NON_ASCII.search(text)
    while match is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end == -1 else end
        line += text.count("\n", counted, start)
        counted = start
        normal = unicodedata.normalize("NFKC", text[start:end])
        if any(word in normal for word in _NAME_WORDS):
            yield line
        match = _NON_ASCII.search(text, end)


def _find_lines(text: str, word: str) -> Iterator[int]:
    line, counted = 1, 0
    position = text.find(word)
    while position != -1:
        line += text.count("\n", counted, position)
        counted = position
        yield line
        position = text.find(word, position + len(word))


def _touches(node: ast.AST, lines: list[int]) -> bool:
    """Whether the node's source lines (a `def`'s or `class`'s decorators included) hold a
    marked line; nodes without a position always may."""
    start = getattr(node, "lineno", None)
    end = getattr(node, "end_lineno", None)
    if start is None or end is None:
        return True
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        start = min(start, decorators[0].lineno)
    index = bisect.bisect_left(lines, start)
    return index < len(lines) and lines[index] <= end


def _children(node: ast.AST) -> list[ast.AST]:
    """The nodes of `node` evaluated where it stands: of a `def` or `lambda` only its
    decorators and defaults (the body runs when called, not on import)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return _runs_on_definition(node)
    return list(ast.iter_child_nodes(node))


def _marks_script(node: ast.AST, main: bool) -> bool:
    """The node itself (not its children) is evidence of a script."""
    if isinstance(node, ast.Compare) and _compares_name_with_main(node):
        return True
    if type(node).__name__ == "Match" and _matches_main(node):  # 3.10+
        return True
    if isinstance(node, ast.Name) and node.id == "__spec__":
        return True  # `if __spec__ is None:` asks whether it runs as `python P/x.py`
    return main and _names_dunder_name(node)


def _names_dunder_name(node: ast.AST) -> bool:
    """`__name__`, as a name or as a string (`globals()["__name__"]`, `getattr(m, "__name__")`)."""
    if isinstance(node, ast.Constant):
        return node.value == "__name__"
    return _is_dunder_name(node)


def is_module_name(stem: str) -> bool:
    """True if an import statement can name a module with this file stem: not
    `gen-docs` (no identifier) nor `class` (a keyword; soft keywords such as `match` are fine)."""
    return stem.isidentifier() and not keyword.iskeyword(stem)


def text_marks_script(text: str) -> bool:
    """`has_main_block` for a text `ast` cannot parse (newer syntax, linted through
    LibCST): it names `__name__` and holds `__main__` anywhere (function bodies and
    comments included: the text alone cannot tell them apart), or names `__spec__`."""
    return ("__name__" in text and "__main__" in text) or "__spec__" in text


def _runs_on_definition(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.AST]:
    """The parts of a `def` or `lambda` evaluated where it stands: decorators and defaults."""
    args = node.args
    parts: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    if not isinstance(node, ast.Lambda):
        parts += node.decorator_list
    return parts


def _is_dunder_name(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "__name__"


def _is_main(node: ast.AST, container: bool) -> bool:
    """`"__main__"`, or with `container` a tuple/list/set literal holding it (for `in`)."""
    if isinstance(node, ast.Constant):
        return node.value == "__main__"
    if container and isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_main(element, False) for element in node.elts)
    return False


def _compares_name_with_main(node: ast.Compare) -> bool:
    """Any link of a (possibly chained) comparison between `__name__` and `"__main__"`."""
    operands = [node.left, *node.comparators]
    for left, op, right in zip(operands, node.ops, operands[1:]):
        container = isinstance(op, (ast.In, ast.NotIn))
        if _is_dunder_name(left) and _is_main(right, container):
            return True
        if _is_dunder_name(right) and _is_main(left, False):
            return True
    return False


def _matches_main(node: ast.AST) -> bool:
    """`match __name__:` with a case pattern that names `"__main__"`."""
    if not _is_dunder_name(getattr(node, "subject", None) or node):
        return False
    for case in getattr(node, "cases", ()):
        for inner in ast.walk(case.pattern):
            value = getattr(inner, "value", None)
            if type(inner).__name__ == "MatchValue" and isinstance(value, ast.AST) and _is_main(value, False):
                return True
    return False
