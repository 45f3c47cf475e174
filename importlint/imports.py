"""A LibCST visitor collects: each located import statement becomes an ImportStmt record.

Only the statement's exact source text is parsed (LibCST's `parse_statement`), so
positions are never computed for a whole module, and the record and the fix are
built from the same CST.
"""

from __future__ import annotations

import ast
import functools
import re
import unicodedata
from dataclasses import dataclass

import libcst as cst

from .model import Alias, ImportStmt

_LAZY = re.compile(r"lazy(?=[ \t\f\\])[ \t\f]*(?:\\(?:\r\n|\r|\n)[ \t\f]*)*")


def dotted_name(node: cst.BaseExpression) -> str:
    """`a.b.c` from a Name/Attribute chain, as written (iterative: names can have 1,000 parts)."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        raise TypeError(f"not a dotted name: {type(node).__name__}")
    parts.append(node.value)
    return ".".join(reversed(parts))


def normalize(name: str) -> str:
    """An identifier as Python sees it: NFKC-normalised (`ﬁle` is `file`, `Ｐ` is `P`)."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def _alias(alias: cst.ImportAlias) -> Alias:
    asname = None
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        asname = normalize(alias.asname.name.value)
    return Alias(normalize(dotted_name(alias.name)), asname)


class _Collector(cst.CSTVisitor):
    """Records the one Import/ImportFrom node of a parsed statement."""

    def __init__(self) -> None:
        self.node: cst.Import | cst.ImportFrom | None = None

    def visit_Import(self, node: cst.Import) -> bool:
        self.node = node
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.node = node
        return False


def newline_of(text: str) -> str:
    """The first line break in `text` ("\\n" if there is none)."""
    for index, char in enumerate(text):
        if char == "\n":
            return "\n"
        if char == "\r":
            return "\r\n" if text.startswith("\n", index + 1) else "\r"
    return "\n"


@functools.cache
def _config(newline: str) -> cst.PartialParserConfig:
    # building a config parses version strings: ~0.1 ms, more than parsing a short import
    return cst.PartialParserConfig(default_newline=newline)


def render(node: cst.CSTNode, newline: str = "\n") -> str:
    """A node's source text, with `newline` wherever LibCST uses the default line break."""
    return cst.Module(body=[], default_newline=newline).code_for_node(node)


def parse_import(text: str, newline: str = "\n") -> cst.Import | cst.ImportFrom:
    """The CST of one import statement's exact source text.

    Raises cst.ParserSyntaxError (or ValueError) if the text is not one import statement.
    """
    statement = cst.parse_statement(text, config=_config(newline))
    collector = _Collector()
    statement.visit(collector)
    if collector.node is None:
        raise ValueError("not an import statement")
    return collector.node


@dataclass(frozen=True)
class _Record:
    """Everything about a statement that depends on its text alone (memoised)."""

    node: cst.Import | cst.ImportFrom
    is_from: bool
    level: int
    module: str | None
    names: tuple[Alias, ...]
    newline: str
    exact: bool


def _from_ast(source: str, newline: str) -> _Record:
    """The record of a statement LibCST cannot build (a name of ~1,000 parts exceeds its
    recursion limit), from CPython's `ast`. Its CST is a stand-in that matches no source
    text, so no fix is ever built from it; the rules still see the real names."""
    statement = ast.parse(source.strip()).body[0]  # the text parsed as part of its file
    placeholder = cst.ImportFrom(module=cst.Name("_"), names=[cst.ImportAlias(cst.Name("_"))])
    if isinstance(statement, ast.ImportFrom):
        names = tuple(Alias(a.name, a.asname) for a in statement.names)
        return _Record(placeholder, True, statement.level, statement.module, names, newline, False)
    if not isinstance(statement, ast.Import):
        raise ValueError("not an import statement")
    names = tuple(Alias(a.name, a.asname) for a in statement.names)
    return _Record(cst.Import(names=[cst.ImportAlias(cst.Name("_"))]), False, 0, None, names, newline, False)


@functools.lru_cache(maxsize=8192)
def _record(source: str) -> _Record:
    # the same statements recur across a project's files (`from P.db import models`):
    # each distinct text is parsed once per process
    newline = newline_of(source)
    try:
        return _record_cst(source, newline)
    except RecursionError:
        return _from_ast(source, newline)


def _record_cst(source: str, newline: str) -> _Record:
    node = parse_import(source, newline)
    # a fix re-renders this CST: only allowed when it reproduces the source exactly
    # (a one-line statement without comments always does; skip the cost there)
    simple = "#" not in source and "\\" not in source and "\n" not in source and "\r" not in source
    exact = simple or render(node, newline) == source
    if isinstance(node, cst.ImportFrom):
        names: tuple[Alias, ...]
        if isinstance(node.names, cst.ImportStar):
            names = (Alias("*", None),)
        else:
            names = tuple(_alias(a) for a in node.names)
        module = normalize(dotted_name(node.module)) if node.module is not None else None
        return _Record(node, True, len(node.relative), module, names, newline, exact)
    return _Record(node, False, 0, None, tuple(_alias(a) for a in node.names), newline, exact)


def collect(text: str, span: tuple[int, int], lazy: bool = False) -> ImportStmt:
    """The record for the import statement at text[span[0]:span[1]].

    `lazy` marks a statement whose `lazy` keyword the repair step removed; on Python
    3.15+ the keyword is part of the span and is recognised here.
    """
    begin, finish = span
    keyword = _LAZY.match(text, begin, finish)
    if keyword:  # only the head after the soft keyword is ours to rewrite
        begin = keyword.end()
        lazy = True
    source = text[begin:finish]
    r = _record(source)
    return ImportStmt(r.node, (begin, finish), r.is_from, r.level, r.module, r.names, lazy, r.newline, r.exact, source)
