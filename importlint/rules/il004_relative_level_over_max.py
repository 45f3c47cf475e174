"""IL004 relative-level-over-max."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..tree import resolve
from ._base import Example, FileContext, FixAvailability, Rule, Violation
from .il003_relative_beyond_top_level import climbs_beyond_top

if TYPE_CHECKING:
    from ..imports import ImportStmt


def over_max_level(stmt: ImportStmt, ctx: FileContext) -> bool:
    """True if a valid relative import has more dots than `max-level` allows."""
    max_level = ctx.settings.max_level
    return (
        max_level is not None
        and stmt.level > max_level
        and bool(ctx.module.package)
        and not climbs_beyond_top(stmt, ctx)
    )


class RelativeLevelOverMax(Rule):
    """
    ## What it does
    With `max-level` N set, checks for relative imports with more than N dots.

    ## Why is this bad?
    Long runs of dots (`from .... import x`) are hard to read and break when a
    module moves; past a project's chosen depth the absolute name says more.

    ## Example
    ```python
    # P/sub/deep/m.py, with max-level = 1
    from ...a import Thing
    ```

    Use instead:
    ```python
    # P/sub/deep/m.py
    from P.a import Thing
    ```

    ## Fix safety
    Safe: the absolute name is computed from the package tree exactly as Python
    resolves the relative one.

    ## Options
    - `max-level`: the most dots a relative import may have (`--max-level` on the
      command line). Not set: this rule reports nothing. 0 bans relative imports.
    """

    code = "IL004"
    name = "relative-level-over-max"
    summary = "Relative import has more dots than max-level allows"
    fix_availability = FixAvailability.ALWAYS

    valid = (
        Example("from .. import a\n", path="P/sub/m.py"),
        Example("from . import a\n", path="P/sub/m.py", options={"max-level": 1}),
    )
    invalid = (
        Example("from .. import a\n", path="P/sub/__init__.py", options={"max-level": 1}, fixed="from P import a\n"),
        Example(
            "from ...a import (\n    Thing,  # kept\n)\n",
            path="P/sub/deep/m.py",
            files=("P/a.py",),
            options={"max-level": 2},
            fixed="from P.a import (\n    Thing,  # kept\n)\n",
        ),
        Example(
            "from .b import c\n",
            path="P/m.py",
            files=("P/b.py",),
            options={"max-level": 0},
            fixed="from P.b import c\n",
        ),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Violation]:
        if not over_max_level(stmt, ctx):
            return
        from .. import (
            fixes,  # libcst loads only when a file is checked, never for `explain`
        )

        absolute = resolve(stmt.level, stmt.module, ctx.module.package)
        yield self.violation(
            stmt,
            f"relative import with {stmt.level} dots exceeds max-level {ctx.settings.max_level}; "
            f"use `from {absolute} import ...`",
            fixes.from_module(stmt, 0, absolute),
        )
