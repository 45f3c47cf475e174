"""What every rule shares: its metadata, its examples, and the Violation it reports."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..imports import ImportStmt
    from ..settings import Settings
    from ..tree import ModuleInfo, PackageTree


class FixAvailability(enum.Enum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


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
class Example:
    """A rule example that runs as a test: `code` at `path` in a tiny package tree."""

    code: str
    path: str = "P/m.py"  # every directory above it gets an __init__.py
    fixed: str | None = None  # source after --fix; None means "reported, no fix"
    files: tuple[str, ...] = ()  # extra files in the tree (IL006 needs siblings)
    # extra files with their text (whole-tree rules: the other modules of a cycle)
    sources: tuple[tuple[str, str], ...] = ()
    options: Mapping[str, object] = field(default_factory=dict)  # [tool.importlint] keys
    args: tuple[str, ...] = ()  # extra `check` flags (`--unsafe-fixes`), for checking and fixing alike


@dataclass(frozen=True)
class FileContext:
    """The per-file bundle every rule sees."""

    module: ModuleInfo
    tree: PackageTree
    settings: Settings
    is_script: bool  # __main__.py or has an `if __name__ == "__main__":` block
    # why no fix may rename imports in this file at all (a clause for the message, e.g.
    # "the file is also module `Q.shared` through a symlink"), or None when fixes may
    unfixable: str | None = None
    # the statement runs inside a `try` whose handler catches ImportError (guards.py): a
    # missing module there is an optional one, not an error
    guarded: bool = False


class Rule:
    """Base class: subclasses set the metadata, the examples and `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NEVER
    valid: ClassVar[tuple[Example, ...]] = ()
    invalid: ClassVar[tuple[Example, ...]] = ()
    # selected only when named exactly (`--select IL007`), never by a prefix such as `IL`
    opt_in: ClassVar[bool] = False
    # reports from the whole package tree (importlint/graph/), not from one file's statements
    whole_tree: ClassVar[bool] = False

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Violation]:
        """Violations of this rule in one import statement (IL000/IL002 come from the engine)."""
        return iter(())

    def violation(self, stmt: ImportStmt, message: str, fix: str | None = None) -> Violation:
        """A violation spanning the whole statement; `fix` replaces the statement's import head."""
        edit = None if fix is None else Edit(stmt.span[0], stmt.span[1], fix)
        return Violation("", stmt.start, stmt.end, self.code, message, edit)
