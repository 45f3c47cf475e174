"""What every rule shares: its metadata, its examples, and the context it checks in."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..model import Edit, Finding

if TYPE_CHECKING:
    from ..model import ImportStmt
    from ..settings import Settings
    from ..tree import ModuleInfo, PackageTree


class FixAvailability(enum.Enum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


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
    # what the report says (invalid examples): a substring of the first violation's message,
    # and where it starts, "line:column" ("1:1" for a statement on the file's first line)
    message: str | None = None
    position: str | None = None


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
    # rule precedence, declared here and applied by the engine (the one place): a statement
    # one of these rules reports is not reported by this rule too, whether or not that
    # rule is selected (IL006 leaves `from ...x import y` beyond the top to IL003)
    defers_to: ClassVar[tuple[str, ...]] = ()

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        """Findings of this rule in one import statement (the engine reports IL000/IL002, in
        the words of their rule modules)."""
        return iter(())

    def finding(self, stmt: ImportStmt, message: str, fix: str | None = None, unsafe: bool = False) -> Finding:
        """A finding about the whole statement; `fix` replaces the statement's import head,
        and an `unsafe` one is applied only under --unsafe-fixes."""
        edit = None if fix is None else Edit(stmt.span[0], stmt.span[1], fix)
        return Finding(self.code, message, edit, unsafe)
