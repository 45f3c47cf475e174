"""IL003 relative-beyond-top-level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import ImportStmt

from ..model import Finding
from ._base import Example, FileContext, FixAvailability, Rule


def climbs_beyond_top(stmt: ImportStmt, ctx: FileContext) -> bool:
    """True if a relative import in a package has more dots than the package is deep."""
    package = ctx.module.package
    return stmt.level > 0 and bool(package) and stmt.level > package.count(".") + 1


class RelativeBeyondTopLevel(Rule):
    """
    ## What it does
    Checks for relative imports that climb above the top-level package.

    ## Why is this bad?
    Python raises `ImportError: attempted relative import beyond top-level package`
    when the module is imported. In `P/a/m.py` (package `P.a`) two dots reach `P`,
    the deepest valid level; a third dot points outside any package.

    ## Example
    ```python
    # P/a/m.py
    from ... import x
    ```

    Use instead:
    ```python
    # P/a/m.py
    from .. import x
    ```

    ## Fix safety
    Not fixable: which module was meant cannot be known.

    ## Options
    None: applies whatever `max-level` says.
    """

    code = "IL003"
    name = "relative-beyond-top-level"
    summary = "Relative import climbs above the top-level package"
    fix_availability = FixAvailability.NEVER

    valid = (
        Example("from .. import x\n", path="P/a/m.py"),
        Example("from ..b import x\n", path="P/a/m.py", files=("P/b.py",)),
        Example("from .. import x\n", path="P/a/__init__.py"),
    )
    invalid = (
        Example(
            "from ... import x\n",
            path="P/a/m.py",
            message="climbs above top-level package `P` (`P.a` allows at most 2)",
            position="1:1",
        ),
        Example("from ... import x\n", path="P/a/__init__.py"),
        Example("from .. import x\n", path="P/m.py"),
        Example("from ...b import x\n", path="P/a/m.py", options={"max-level": 1}),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        if climbs_beyond_top(stmt, ctx):
            depth = ctx.module.package.count(".") + 1
            yield self.finding(
                stmt,
                f"relative import with {stmt.level} dots climbs above top-level package "
                f"`{ctx.module.top_level}` (`{ctx.module.package}` allows at most {depth})",
            )
