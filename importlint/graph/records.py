"""One file's module-level import records: what the file runs when it is imported.

`records(path, raw)` is a pure function of the file's bytes (the path only names it in
messages), so its answer can be cached by content hash; `FileRecords.to_json` and
`from_json` are that cache's form (each record a JSON list led by its kind's letter).
The records keep CPython's execution order:

- `Bind(name, line)`: a module-level name is bound (assignment, `def`, `class`, import,
  `for`/`with` target, walrus; `global` writes in functions are not);
- `Unbind(name, line)`: `del name`;
- `Import(...)`: an import statement; `names` holds `(name, asname)` pairs (`(("*",
  None),)` for a star import: it binds names no one can list statically); columns are
  1-based characters; `handler`: it sits in an `except` block (it runs only after an
  error, so it is no edge of the static graph); `in_class`: in a class body;
- `Try(body, handlers, orelse, final)`: a `try` statement, each `Handler` listing which
  error kinds (`ERROR_KINDS`) it catches.

Records are tuples with interned names: the whole-tree pass holds every file's records of
a monorepo at once (17,660 files), so their size is that process's memory.

Module level means: not in a `def` or `lambda`, not under `if TYPE_CHECKING:` (nor its
`typing.` form), not a 3.15 `lazy` import. Class bodies run (their imports are recorded,
their bindings belong to the class); both branches of an `if` are taken in order (the
condition is unknown), loops run their body once.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union

from ..bindings import target_names as _target_names
from ..locate import split_lines
from ..sourcefile import DecodeError, decode


class Bind(NamedTuple):
    name: str
    line: int


class Unbind(NamedTuple):
    name: str
    line: int


class Import(NamedTuple):
    is_from: bool
    level: int
    module: str | None  # `from module import ...` (None: `from . import`, or a plain import)
    names: tuple[tuple[str, str | None], ...]  # (name, asname)
    line: int
    col: int
    end_line: int
    end_col: int
    handler: bool  # in an `except` block
    in_class: bool  # in a class body: it binds into the class


class Handler(NamedTuple):
    catches: tuple[str, ...]  # the error kinds it catches
    body: tuple[Node, ...]


class Try(NamedTuple):
    body: tuple[Node, ...]
    handlers: tuple[Handler, ...]
    orelse: tuple[Node, ...]
    final: tuple[Node, ...]


Node = Union[Bind, Unbind, Import, Try]

# What a failing import raises, as the simulation distinguishes it: `name` (cannot import
# name, an ImportError), `missing` (ModuleNotFoundError), `import` (another ImportError:
# a relative import beyond the top-level package), `other` (SyntaxError and the rest)
ERROR_KINDS = ("name", "missing", "import", "other")
_CATCHES: dict[str, tuple[str, ...]] = {
    "BaseException": ERROR_KINDS,
    "Exception": ERROR_KINDS,
    "ImportError": ("name", "missing", "import"),
    "ModuleNotFoundError": ("missing",),
    "SyntaxError": ("other",),
}

_TYPE_CHECKING = "TYPE_CHECKING"
# a 3.15 `lazy import x` / `lazy from x import y` at a statement start (after `;` too)
_LAZY = re.compile(r"(^[ \t\f]*|;[ \t\f]*)lazy[ \t\f]+(?=(?:import|from)\b)", re.MULTILINE)


@dataclass
class FileRecords:
    """What one file runs at module level; `parsed` False: the file does not parse (CPython
    raises SyntaxError when it is imported). `digest`: a hash of `to_text()`, when the
    cache that read them knows it (see `digest_of`)."""

    body: Sequence[Node] = ()
    parsed: bool = True
    digest: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"body": [_encode(node) for node in self.body], "parsed": self.parsed}

    def to_text(self) -> str:
        """The cache's form: compact JSON (its hash is the records' digest)."""
        return json.dumps(self.to_json(), separators=(",", ":"))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecords:
        return cls(_decode_block(data["body"]), bool(data["parsed"]))


def _encode(node: Node) -> list[Any]:
    if isinstance(node, Bind):
        return ["b", node.name, node.line]
    if isinstance(node, Unbind):
        return ["u", node.name, node.line]
    if isinstance(node, Import):
        return ["i", *node[:3], [list(pair) for pair in node.names], *node[4:]]
    handlers = [[list(h.catches), [_encode(n) for n in h.body]] for h in node.handlers]
    return [
        "t",
        [_encode(n) for n in node.body],
        handlers,
        [_encode(n) for n in node.orelse],
        [_encode(n) for n in node.final],
    ]


_intern = sys.intern


def _decode_block(data: list[Any]) -> tuple[Node, ...]:
    """The records of their JSON form; raises ValueError (or TypeError, KeyError) if damaged."""
    out: list[Node] = []
    for item in data:
        kind = item[0]
        if kind == "b":
            out.append(Bind(_intern(item[1]), int(item[2])))
        elif kind == "u":
            out.append(Unbind(_intern(item[1]), int(item[2])))
        elif kind == "i":
            names = tuple((_intern(n), _intern(a) if a is not None else None) for n, a in item[4])
            module = _intern(item[3]) if item[3] is not None else None
            line, col, end_line, end_col = map(int, item[5:9])
            handler, in_class = map(bool, item[9:11])
            out.append(
                Import(bool(item[1]), int(item[2]), module, names, line, col, end_line, end_col, handler, in_class)
            )
        elif kind == "t":
            handlers = tuple(Handler(tuple(map(str, c)), _decode_block(b)) for c, b in item[2])
            out.append(Try(_decode_block(item[1]), handlers, _decode_block(item[3]), _decode_block(item[4])))
        else:
            raise ValueError(f"not a record: {kind!r}")
    return tuple(out)


def text_digest(text: str) -> str:
    """The digest of records whose `to_text()` is `text`."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()  # JSON text is ASCII


def digest_of(found: FileRecords) -> str:
    """A hash of what the records say: equal records, equal digests (a whole-tree verdict
    is keyed by the digests of the records it read)."""
    if not found.digest:
        found.digest = text_digest(found.to_text())
    return found.digest


def records(path: str, raw: bytes) -> FileRecords:
    """The module-level records of the file with bytes `raw` (at `path`, for nothing but naming)."""
    del path  # the answer depends on the bytes alone: that is what makes it cacheable
    try:
        text = decode(raw).text
    except DecodeError:
        return FileRecords(parsed=False)
    parsed = _parse(text)
    if parsed is None:
        return FileRecords(parsed=False)
    module, parsed_text, lazy = parsed
    return FileRecords(tuple(_Collector(parsed_text, lazy).block(module.body, in_class=False, in_handler=False)))


def _parse(text: str) -> tuple[ast.Module, str, frozenset[tuple[int, int]]] | None:
    """The module's ast, the text parsed (without `lazy` keywords) and the (line,
    character column) of its `lazy` imports in that text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # CPython's SyntaxWarnings are not ours to print
        try:
            return ast.parse(text), text, frozenset()
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
        if "lazy" not in text:
            return None
        try:
            # after the removal a lazy statement starts where `lazy` stood, on the same line
            without = _LAZY.sub(r"\1", text)
            return ast.parse(without), without, _lazy_positions(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


def _lazy_positions(text: str) -> frozenset[tuple[int, int]]:
    """(line, 1-based character column in the text without `lazy`) of each lazy statement."""
    out = set()
    removed_on_line: dict[int, int] = {}
    for match in _LAZY.finditer(text):
        start = match.start() + len(match.group(1))
        line = text.count("\n", 0, start) + 1
        line_start = text.rfind("\n", 0, start) + 1
        before = removed_on_line.get(line, 0)
        out.add((line, start - line_start - before + 1))
        removed_on_line[line] = before + match.end() - start
    return frozenset(out)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == _TYPE_CHECKING
    return isinstance(test, ast.Attribute) and test.attr == _TYPE_CHECKING and isinstance(test.value, ast.Name)


def _catches(handler: ast.ExceptHandler) -> list[str]:
    """The error kinds an `except` clause catches (a custom exception class: none of ours)."""
    if handler.type is None:
        return list(ERROR_KINDS)
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    kinds: set[str] = set()
    for node in types:
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        kinds.update(_CATCHES.get(name, ()))
    return [kind for kind in ERROR_KINDS if kind in kinds]


def _walrus_names(nodes: Iterable[ast.AST | None]) -> Iterator[str]:
    """Names a walrus binds in these expressions (in the enclosing scope: comprehensions
    too, lambdas never), in source order."""
    stack = [n for n in nodes if n is not None][::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            yield node.target.id
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


class _Collector:
    """Walks module-level statements into records."""

    def __init__(self, text: str, lazy: frozenset[tuple[int, int]]) -> None:
        self.lines = [line.rstrip("\r\n") for line in split_lines(text)]
        self.lazy = lazy

    def block(self, body: list[ast.stmt], in_class: bool, in_handler: bool) -> list[Node]:
        out: list[Node] = []
        for stmt in body:
            out.extend(self.statement(stmt, in_class, in_handler))
        return out

    def _binds(self, names: Iterable[str], line: int, in_class: bool) -> list[Node]:
        # a class body binds into the class namespace, never the module's
        return [] if in_class else [Bind(_intern(name), line) for name in names]

    def statement(self, stmt: ast.stmt, in_class: bool, in_handler: bool) -> list[Node]:  # noqa: C901
        line = stmt.lineno
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            return self._import(stmt, in_class, in_handler)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            walrus = _walrus_names([*stmt.decorator_list, *stmt.args.defaults, *stmt.args.kw_defaults])
            return self._binds([*walrus, stmt.name], line, in_class)
        if isinstance(stmt, ast.ClassDef):
            inner = self.block(stmt.body, in_class=True, in_handler=in_handler)
            return inner + self._binds([stmt.name], line, in_class)
        if isinstance(stmt, ast.Assign):
            names = [n for target in stmt.targets for n in _target_names(target)]
            return self._binds([*_walrus_names([stmt.value]), *names], line, in_class)
        if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
            names = list(_target_names(stmt.target)) if stmt.value is not None else []
            return self._binds([*_walrus_names([stmt.value]), *names], line, in_class)
        if isinstance(stmt, ast.Delete):
            names = [n for target in stmt.targets for n in _target_names(target)]
            return [] if in_class else [Unbind(_intern(n), line) for n in names]
        if isinstance(stmt, ast.If):
            return self._if(stmt, in_class, in_handler)
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            head = self._binds([*_walrus_names([stmt.iter]), *_target_names(stmt.target)], line, in_class)
            return head + self.block(stmt.body, in_class, in_handler) + self.block(stmt.orelse, in_class, in_handler)
        if isinstance(stmt, ast.While):
            head = self._binds(_walrus_names([stmt.test]), line, in_class)
            return head + self.block(stmt.body, in_class, in_handler) + self.block(stmt.orelse, in_class, in_handler)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            targets: list[str] = []
            for item in stmt.items:
                targets += _walrus_names([item.context_expr])
                targets += _target_names(item.optional_vars) if item.optional_vars is not None else []
            return self._binds(targets, line, in_class) + self.block(stmt.body, in_class, in_handler)
        if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            return [self._try(stmt, in_class, in_handler)]  # type: ignore[arg-type]
        if type(stmt).__name__ == "Match":
            out = self._binds(_walrus_names([stmt.subject]), line, in_class)  # type: ignore[attr-defined]
            for case in stmt.cases:  # type: ignore[attr-defined]
                out += self.block(case.body, in_class, in_handler)
            return out
        if type(stmt).__name__ == "TypeAlias":
            return self._binds(_target_names(stmt.name), line, in_class)  # type: ignore[attr-defined]
        if isinstance(stmt, (ast.Expr, ast.Return, ast.Raise, ast.Assert)):
            return self._binds(_walrus_names(ast.iter_child_nodes(stmt)), line, in_class)
        return []

    def _if(self, stmt: ast.If, in_class: bool, in_handler: bool) -> list[Node]:
        test = stmt.test
        if _is_type_checking(test):  # False at runtime: only the `else` runs
            return self.block(stmt.orelse, in_class, in_handler)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and _is_type_checking(test.operand):
            return self.block(stmt.body, in_class, in_handler)
        head = self._binds(_walrus_names([test]), stmt.lineno, in_class)
        return head + self.block(stmt.body, in_class, in_handler) + self.block(stmt.orelse, in_class, in_handler)

    def _try(self, stmt: ast.Try, in_class: bool, in_handler: bool) -> Node:
        handlers = tuple(
            Handler(tuple(_catches(handler)), tuple(self.block(handler.body, in_class, in_handler=True)))
            for handler in stmt.handlers
        )
        return Try(
            tuple(self.block(stmt.body, in_class, in_handler)),
            handlers,
            tuple(self.block(stmt.orelse, in_class, in_handler)),
            tuple(self.block(stmt.finalbody, in_class, in_handler)),
        )

    def _char_col(self, line: int, byte_col: int) -> int:
        """ast's UTF-8 byte column -> a 1-based character column."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    def _import(self, stmt: ast.Import | ast.ImportFrom, in_class: bool, in_handler: bool) -> list[Node]:
        col = self._char_col(stmt.lineno, stmt.col_offset)
        if (stmt.lineno, col) in self.lazy:
            return []  # a lazy import runs nothing until the name is used
        end_line = stmt.end_lineno or stmt.lineno
        module = stmt.module if isinstance(stmt, ast.ImportFrom) else None
        node = Import(
            is_from=isinstance(stmt, ast.ImportFrom),
            level=getattr(stmt, "level", 0) or 0,
            module=_intern(module) if module is not None else None,
            names=tuple((_intern(a.name), _intern(a.asname) if a.asname else None) for a in stmt.names),
            line=stmt.lineno,
            col=col,
            end_line=end_line,
            end_col=self._char_col(end_line, stmt.end_col_offset or 0),
            handler=in_handler,
            in_class=in_class,
        )
        return [node]


def bound_names(node: Import) -> list[str]:
    """The names an import record binds in its module, in order ("*" for a star import)."""
    if node.is_from:
        return [asname or name for name, asname in node.names]
    return [asname or name.partition(".")[0] for name, asname in node.names]


def walk_imports(body: Sequence[Node]) -> Iterator[Import]:
    """Every import record in `body`, nested ones too, in source order."""
    for node in body:
        if type(node) is Import:
            yield node
        elif type(node) is Try:
            yield from walk_imports(node.body)
            for handler in node.handlers:
                yield from walk_imports(handler.body)
            yield from walk_imports(node.orelse)
            yield from walk_imports(node.final)


def binding_lines(body: Sequence[Node]) -> dict[str, list[int]]:
    """Every line where each module-level name is bound (imports included), sorted."""
    out: dict[str, set[int]] = {}
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (Bind, Import)) and not (isinstance(node, Import) and node.in_class):
            for name in bound_names(node) if isinstance(node, Import) else [node.name]:
                out.setdefault(name, set()).add(node.line)
        elif isinstance(node, Try):
            stack += [*node.body, *node.orelse, *node.final]
            for handler in node.handlers:
                stack += handler.body
    return {name: sorted(lines) for name, lines in out.items()}
