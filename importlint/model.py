"""The value types every part of importlint passes around: positions, edits, violations,
import statements and per-file results.

This module imports nothing from the package and never imports libcst at runtime (the
CST node of an ImportStmt is typed under TYPE_CHECKING only), so any module may import
it without creating an import cycle or paying for LibCST.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class Pos:
    """A 1-based line and a 1-based column counted in characters."""

    line: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (character offsets) with `text`."""

    start: int
    end: int
    text: str
    # (alternate, canonical): the fix names the same modules under their canonical name
    # (IL009: `src.P.a` is `P.a`), so verification maps `alternate` to `canonical` first
    renamed: tuple[str, str] | None = None


@dataclass(frozen=True)
class Violation:
    """One reported problem; mirrors the JSON contract."""

    path: str
    start: Pos
    end: Pos
    code: str
    message: str
    fix: Edit | None = None
    # `fix` changes behaviour on purpose (ruff's "unsafe" applicability): it is shown to
    # machines (JSON) but applied only with --unsafe-fixes, so it does not count as fixable
    unsafe: bool = False

    @property
    def fixable(self) -> bool:
        return self.fix is not None and not self.unsafe

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.line, self.start.column, self.code)


@dataclass(frozen=True)
class Finding:
    """What a rule reports about one statement; the engine knows where the statement is
    and turns it into a Violation."""

    code: str
    message: str
    fix: Edit | None = None  # offsets in the text the statement was collected from
    # the fix's applicability: an unsafe fix changes behaviour on purpose (a script, IL009)
    # and the engine applies it only under --unsafe-fixes
    unsafe: bool = False


@dataclass(frozen=True)
class Alias:
    """One imported name: `a.b as m` is Alias("a.b", "m")."""

    name: str
    asname: str | None


@dataclass(frozen=True)
class ImportStmt:
    """One import statement, as collected from its own CST (see imports.collect)."""

    node: cst.Import | cst.ImportFrom  # parsed from text[span[0]:span[1]]
    span: tuple[int, int]  # character offsets of the import head onwards (after `lazy`)
    is_from: bool
    level: int  # number of leading dots
    module: str | None  # dotted text after the dots (from-imports only)
    names: tuple[Alias, ...]  # `*` is Alias("*", None)
    lazy: bool = False
    newline: str = "\n"  # the statement's own line break, for rendering fixes
    exact: bool = True  # LibCST renders `node` back to the exact source text
    text: str = ""  # the statement's source, text[span[0]:span[1]]


# a run of whole source lines: (its first line number, its character offset, the text)
Chunk = tuple[int, int, str]


@dataclass
class FileResult:
    """What happened to one file: the violations that remain, and the fixed text."""

    display: str
    violations: list[Violation] = field(default_factory=list)
    fixed_count: int = 0
    before: str | None = None  # the decoded text, when a fix changed it
    after: str | None = None  # the fixed text, when it differs from `before`
    new_bytes: bytes | None = None
    error: str | None = None  # an internal error: the fix was refused
    source: str | None = None  # the text the violations point into (kept only when there are some)
    old_bytes: bytes | None = None  # with `new_bytes`, for --diff: the file's bytes before the fix
    suppressed: int = 0  # violations a noqa comment hid (counted for the summary)
    # instead of `source`, when a run keeps only what its report prints: the lines of
    # each violation's statement and the text each fix replaces (see runner.Mode)
    excerpt: list[Chunk] | None = None
    # False: the verdict says nothing about the file's content (it could not be read), so
    # the cache must not keep it
    cacheable: bool = True
