"""IL004 relative-level-over-max."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from ..tree import resolve
from ._base import Example, FileContext, FixAvailability, Rule

if TYPE_CHECKING:
    from ..model import ImportStmt


_SCRIPT = "the module runs as a script, where the absolute import behaves differently; use --unsafe-fixes"


def over_max_level(stmt: ImportStmt, ctx: FileContext) -> bool:
    """True if a relative import in a package has more dots than `max-level` allows (one
    that climbs beyond the top is IL003's: see `defers_to`)."""
    max_level = ctx.settings.max_level
    return max_level is not None and stmt.level > max_level and bool(ctx.module.package)


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
    defers_to = ("IL003",)  # too many dots for the package: no absolute form exists

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
        Example(
            "from ...nope import x\n",
            path="P/sub/deep/m.py",
            options={"max-level": 2},
            message="relative import with 3 dots exceeds max-level 2; use `from P.nope import ...` "
            "(not fixed: `P.nope` does not exist)",
        ),
        # a script: `python P/cli.py` would behave differently
        Example(
            "from .b import c\n\nif __name__ == '__main__':\n    print(c)\n",
            path="P/cli.py",
            files=("P/b.py",),
            options={"max-level": 0},
        ),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        if not over_max_level(stmt, ctx):
            return
        absolute = resolve(stmt.level, stmt.module, ctx.module.package)
        message = f"relative import with {stmt.level} dots exceeds max-level {ctx.settings.max_level}"
        if ctx.unfixable is not None:
            # the file's absolute name is in doubt (a symlink alias, an untrusted root):
            # suggesting one would be the very guess the fix refuses to make
            yield self.finding(stmt, f"{message} (not fixed: {ctx.unfixable})")
            return
        message += f"; use `from {absolute} import ...`"
        # `from . import x` names the package itself, which exists; a missing module keeps
        # its IL006 report, which an absolute import would silence
        if stmt.module and not ctx.tree.module_exists(absolute, ctx.module.root, ctx.module.is_stub):
            yield self.finding(stmt, f"{message} (not fixed: `{absolute}` does not exist)")
            return
        from .. import (
            fixes,  # libcst loads only when a file is checked, never for `explain`
        )

        # `python P/cli.py` has no package: the relative import raises ImportError there
        # (a `try` may catch it), the absolute one may import P from elsewhere or succeed
        if ctx.is_script and not ctx.settings.unsafe_fixes:
            message += f" (not fixed: {_SCRIPT})"
        yield self.finding(stmt, message, fixes.from_module(stmt, 0, absolute), unsafe=ctx.is_script)
