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
    The absolute name is computed from the package tree exactly as Python resolves
    the relative one, at the file's real path. An import of a module that does not
    exist is reported without a fix (IL006 reports it too): the absolute form would
    hide the problem. No fix either when the file is reached under two module names
    (a symlink: the relative import means something else under each), or when its
    top-level package directory holds `.git`, `pyproject.toml`, `setup.py` or
    `setup.cfg` (a stray `__init__.py` at a project root: set `src`). A file that runs
    as a script (see IL001) keeps its relative imports unless `--unsafe-fixes` is given:
    `python P/cli.py` has no package, so there the relative import raises ImportError
    (perhaps caught by a `try`) where the absolute one may import something else.
    Relative imports after a module-level one are fixed: the script already stops there.

    ## Options
    - `max-level`: the most dots a relative import may have (`--max-level` on the
      command line). Not set: this rule reports nothing. 0 bans relative imports.
    """

    code = "IL004"
    name = "relative-level-over-max"
    summary = "Relative import has more dots than max-level allows"
    fix_availability = FixAvailability.SOMETIMES

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
        # the module does not exist: no absolute form (IL006 reports it too)
        Example("from ...nope import x\n", path="P/sub/deep/m.py", options={"max-level": 2}),
        # a script: `python P/cli.py` would behave differently
        Example(
            "from .b import c\n\nif __name__ == '__main__':\n    print(c)\n",
            path="P/cli.py",
            files=("P/b.py",),
            options={"max-level": 0},
        ),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Violation]:
        if not over_max_level(stmt, ctx):
            return
        absolute = resolve(stmt.level, stmt.module, ctx.module.package)
        message = f"relative import with {stmt.level} dots exceeds max-level {ctx.settings.max_level}"
        if ctx.unfixable is not None:
            # the file's absolute name is in doubt (a symlink alias, an untrusted root):
            # suggesting one would be the very guess the fix refuses to make
            yield self.violation(stmt, f"{message} (not fixed: {ctx.unfixable})")
            return
        message += f"; use `from {absolute} import ...`"
        withheld = self._withheld(stmt, absolute, ctx)
        if withheld:
            yield self.violation(stmt, f"{message} (not fixed: {withheld})")
            return
        from .. import (
            fixes,  # libcst loads only when a file is checked, never for `explain`
        )

        yield self.violation(stmt, message, fixes.from_module(stmt, 0, absolute))

    @staticmethod
    def _withheld(stmt: ImportStmt, absolute: str, ctx: FileContext) -> str:
        """Why the absolute form is not written ("" if it is)."""
        # `from . import x` names the package itself, which exists; a missing module keeps
        # its IL006 report, which an absolute import would silence
        if stmt.module and not ctx.tree.module_exists(absolute, ctx.module.root, ctx.module.is_stub):
            return f"`{absolute}` does not exist"
        # `python P/cli.py` has no package: the relative import raises ImportError there
        # (a `try` may catch it), the absolute one may import P from elsewhere or succeed
        if ctx.is_script and not ctx.settings.unsafe_fixes:
            return "the module runs as a script, where the absolute import behaves differently; use --unsafe-fixes"
        return ""
