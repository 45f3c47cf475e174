"""IL001 absolute-self-import."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..tree import is_within, relative_form
from ._base import Example, FileContext, FixAvailability, Rule, Violation

if TYPE_CHECKING:
    from ..imports import ImportStmt


class AbsoluteSelfImport(Rule):
    """
    ## What it does
    Checks for absolute imports of modules inside the importing file's own
    top-level package.

    ## Why is this bad?
    The package's name gets hard-coded in its own modules: renaming or vendoring
    the package breaks them, and with an installed copy on `sys.path` the import
    can silently load that copy instead of the code being edited.

    ## Example
    ```python
    # P/a/c.py
    from P.a.b import x
    import P.a.b as m
    ```

    Use instead:
    ```python
    # P/a/c.py
    from .b import x
    from . import b as m
    ```

    ## Fix safety
    The fix only changes how the same module is named; the package tree proves both
    forms resolve to it. `import P.a` (no alias) binds the name `P`, so it is reported
    without a fix. In `__main__.py` and in modules with an `if __name__ == "__main__":`
    block, relative imports break `python path/to/file.py`, so the fix is offered only
    with `--unsafe-fixes`. `import P` and `import P as p` have no relative form and
    are not reported.

    ## Options
    - `max-level`: imports whose relative form would need more dots are not reported.
    """

    code = "IL001"
    name = "absolute-self-import"
    summary = "Absolute import of a module of the file's own top-level package"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Example("import P\n", path="P/a/c.py"),
        Example("import P as p\n", path="P/a/c.py"),
        Example("from P_extra.q import z\nimport Pkg.b as b\n", path="P/a/c.py"),
        Example("from P.a import x\n", path="main.py", files=("P/a.py",)),
        Example("from P import x\n", path="P/a/b/c/m.py", options={"max-level": 2}),
        Example("from __future__ import annotations\nimport os\n"),
    )
    invalid = (
        Example("from P.a.b import x\n", path="P/a/c.py", fixed="from .b import x\n"),
        Example("from P.a import x\n", path="P/__init__.py", fixed="from .a import x\n"),
        Example("from P import x\n", path="P/sub/m.py", fixed="from .. import x\n"),
        Example("from P.a import x\n", path="P/a/__init__.py", fixed="from . import x\n"),
        Example("import P.a.b as m\n", path="P/x.py", fixed="from .a import b as m\n"),
        Example("import P.a as m\n", path="P/x.py", fixed="from . import a as m\n"),
        Example("from P.a import *\n", path="P/x.py", fixed="from .a import *\n"),
        Example("import os, P.a as m\n", path="P/x.py", fixed="import os; from . import a as m\n"),
        Example(
            "from P.a import (  # why\n    x,\n)\n",
            path="P/sub/m.py",
            fixed="from ..a import (  # why\n    x,\n)\n",
        ),
        Example("import P.a\n", path="P/x.py"),
        Example("from P.a import x\n", path="P/__main__.py"),
        Example("from P.a import x\n\nif __name__ == '__main__':\n    x()\n", path="P/cli.py"),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Violation]:
        top = ctx.module.top_level
        if top is None or stmt.level > 0:  # not inside a package, or already relative
            return
        if stmt.is_from:
            yield from self._check_from(stmt, ctx, top)
        else:
            yield from self._check_import(stmt, ctx, top)

    def _too_deep(self, level: int, ctx: FileContext) -> bool:
        max_level = ctx.settings.max_level
        return max_level is not None and level > max_level

    def _fix_allowed(self, ctx: FileContext) -> bool:
        return not ctx.is_script or ctx.settings.unsafe_fixes

    def _check_from(self, stmt: ImportStmt, ctx: FileContext, top: str) -> Iterator[Violation]:
        module = stmt.module or ""
        if not is_within(module, top):  # other packages, P_extra, __future__
            return
        level, rest = relative_form(module, ctx.module.package)
        if self._too_deep(level, ctx):
            return
        relative = "." * level + rest
        if module == top:
            message = (
                f"`{top}` is this file's own top-level package; import from it relatively: `from {relative} import ...`"
            )
        else:
            message = f"`{module}` is part of `{top}`; import it relatively: `from {relative} import ...`"
        blocked = self._outside_tree(module, ctx)
        if blocked:
            message += blocked
        fix = None
        if self._fix_allowed(ctx) and not blocked:
            from .. import (
                fixes,  # libcst loads only when a file is checked, never for `explain`
            )

            fix = fixes.from_module(stmt, level, rest)
        yield self.violation(stmt, self._explain(message, ctx, fixable=True), fix)

    def _check_import(self, stmt: ImportStmt, ctx: FileContext, top: str) -> Iterator[Violation]:
        targets: dict[int, tuple[int, str]] = {}
        flagged: list[str] = []
        binds_package = False
        for index, alias in enumerate(stmt.names):
            if alias.name == top or not is_within(alias.name, top):
                continue  # `import P` has no relative form; other packages are not ours
            parent = alias.name.rpartition(".")[0]
            level, rest = relative_form(parent, ctx.module.package)
            if self._too_deep(level, ctx):
                continue
            flagged.append(alias.name)
            if alias.asname is None:
                binds_package = True  # `import P.a` binds `P`: its uses cannot all be rewritten
            elif not self._outside_tree(alias.name, ctx):
                targets[index] = (level, rest)
        if not flagged:
            return
        first = flagged[0]
        message = f"`{first}` is part of `{top}`; import it relatively"
        if binds_package and not targets:
            message += f" (`import {first}` binds `{top}`: rewrite its uses, then `from ... import`)"
        fix = None
        if targets and self._fix_allowed(ctx):
            from .. import (
                fixes,  # libcst loads only when a file is checked, never for `explain`
            )

            fix = fixes.import_to_from(stmt, targets)
        yield self.violation(stmt, self._explain(message, ctx, fixable=bool(targets)), fix)

    @staticmethod
    def _outside_tree(module: str, ctx: FileContext) -> str:
        """Why the relative form would not resolve in the package tree ("" if it would).

        A directory without `__init__.py` on the way (an implicit namespace package) is not
        a package in the tree model, so the fixed import would be reported as IL006.
        """
        hint = ctx.tree.missing_package_hint(module, ctx.module.root)
        if hint is None:
            return ""
        return f" (not fixed: `{os.path.relpath(hint)}` has no `__init__.py`)"

    def _explain(self, message: str, ctx: FileContext, fixable: bool) -> str:
        """Say why a fix that exists is held back in a script."""
        if fixable and ctx.is_script and not ctx.settings.unsafe_fixes:
            return message + " (not fixed: the module runs as a script; use --unsafe-fixes)"
        return message
