"""IL001 absolute-self-import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from ..tree import is_within, relative_form
from ._base import Example, FileContext, FixAvailability, Rule
from ._self_import import alias_reason, file_reason, missing, outside_tree, script_clause, too_deep

if TYPE_CHECKING:
    from ..model import ImportStmt


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
    The fix only changes how the same module is named, and only when the package tree
    proves that the program behaves the same. It is withheld, and the message says why, when:
    - `import P.a` has no alias: it binds the name `P`, so its uses must be rewritten first;
    - the module is not in the tree (no `.py`, `.pyi`, package or extension module):
      `import P.x as m` raises `ModuleNotFoundError` for `P.x` where `from . import x as m`
      raises a plain `ImportError` from `P`, and a relative `from .x import` is IL006;
    - the file lies in a namespace portion (a directory without `__init__.py` inside a
      package): CPython imports it as `P.sub.m`, but test runners import such files as
      top-level modules, where a relative import fails; or a module file hides a directory
      on the way (`P/a.py` next to `P/a/`), so the relative form would not resolve;
    - for `import P.a.b as m`: `P/a/__init__.py` (or `.pyi`) binds a name `b` of its own
      (an assignment, `def`, `class`, an import, `for`/`with`/`except` target, `del`, or
      `global b` in a function), or may (`from X import *`, a module-level `__getattr__`,
      `globals()`/`vars()`/`exec()`): `from .a import b` would bind that instead of the
      submodule that `import P.a.b as m` always binds. The same when an `__init__` of the
      chain sets the attribute (`from . import a; a.b = 1` in `P/__init__.py`), changes
      namespaces dynamically (any use of `sys.modules`, `setattr`, `globals`, `locals`,
      `vars`, `exec`, `eval`, `__dict__`, `__class__`, `import_module`, `__import__`,
      `__getattr__`), or when `P/__init__.py` binds `a` (`import P.a.b` reads `P.a` first);
    - the file runs as a script: `__main__.py`, a file whose name is not a module name
      (`gen-docs.py`, `class.py`), or one whose module-level code reads `__name__` while
      its text holds `__main__` anywhere (`if __name__ == MAIN:` too), or reads `__spec__`.
      `python P/cli.py` has no package, so a relative import breaks it; statements
      after a module-level relative import are fixed, since that import already stops
      the script there.
      `--unsafe-fixes` fixes scripts anyway, except files whose name is no module name:
      they only ever run as scripts;
    - the file is reached under two module names (a file or directory symlink), or its
      top-level package directory holds `.git`, `pyproject.toml`, `setup.py` or `setup.cfg`
      (a stray `__init__.py` at a project root) and `src` does not name its parent.
    A fix whose result another enabled rule would report is refused. `import P` and
    `import P as p` have no relative form and are not reported.

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
        Example("from P.a.b import x\n", path="P/a/c.py", files=("P/a/b.py",), fixed="from .b import x\n"),
        Example("from P.a import x\n", path="P/__init__.py", files=("P/a.py",), fixed="from .a import x\n"),
        Example("from P import x\n", path="P/sub/m.py", fixed="from .. import x\n"),
        Example("from P.a import x\n", path="P/a/__init__.py", fixed="from . import x\n"),
        Example("import P.a.b as m\n", path="P/x.py", files=("P/a/b.py",), fixed="from .a import b as m\n"),
        Example("import P.a as m\n", path="P/x.py", files=("P/a.py",), fixed="from . import a as m\n"),
        Example("from P.a import *\n", path="P/x.py", files=("P/a.py",), fixed="from .a import *\n"),
        Example("import os, P.a as m\n", path="P/x.py", files=("P/a.py",), fixed="import os; from . import a as m\n"),
        Example(
            "from P.a import (  # why\n    x,\n)\n",
            path="P/sub/m.py",
            files=("P/a.py",),
            fixed="from ..a import (  # why\n    x,\n)\n",
        ),
        Example("import P.a\n", path="P/x.py", files=("P/a.py",)),
        # the target is not in the tree: `from .a import b` would be IL006, and `import P.a.b as m`
        # raises ModuleNotFoundError where `from .a import b as m` raises ImportError
        Example("from P.a import x\n", path="P/x.py", message="(not fixed: `P.a` does not exist)"),
        Example("import P.a.b as m\n", path="P/x.py", files=("P/a/c.py",)),
        # scripts: `python P/cli.py` has no package, so a relative import breaks it
        Example(
            "from P.a import x\n",
            path="P/__main__.py",
            files=("P/a.py",),
            message="(not fixed: the module runs as a script; use --unsafe-fixes)",
        ),
        Example("from P.a import x\n\nif __name__ == '__main__':\n    x()\n", path="P/cli.py", files=("P/a.py",)),
        Example("from P.a import x\n\nif x and __name__ == '__main__':\n    x()\n", path="P/cli.py", files=("P/a.py",)),
        Example("from P.a import x\n\n__name__ == '__main__' and x()\n", path="P/cli.py", files=("P/a.py",)),
        Example("from P.a import x\n", path="P/gen-docs.py", files=("P/a.py",)),
        # ... unless a relative import that runs first already stops `python P/cli.py`
        Example(
            "from . import box\n\nif __name__ == '__main__':\n    from P.a import x\n",
            path="P/cli.py",
            files=("P/a.py", "P/box.py"),
            fixed="from . import box\n\nif __name__ == '__main__':\n    from .a import x\n",
        ),
        Example(
            "from . import box\nfrom P.a import x\n",
            path="P/__main__.py",
            files=("P/a.py", "P/box.py"),
            fixed="from . import box\nfrom .a import x\n",
        ),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        top = ctx.module.top_level
        if top is None or stmt.level > 0:  # not inside a package, or already relative
            return
        if stmt.is_from:
            yield from self._check_from(stmt, ctx, top)
        else:
            yield from self._check_import(stmt, ctx, top)

    def _check_from(self, stmt: ImportStmt, ctx: FileContext, top: str) -> Iterator[Finding]:
        module = stmt.module or ""
        if not is_within(module, top):  # other packages, P_extra, __future__
            return
        level, rest = relative_form(module, ctx.module.package)
        if too_deep(level, ctx):
            return
        relative = "." * level + rest
        if module == top:
            message = (
                f"`{top}` is this file's own top-level package; import from it relatively: `from {relative} import ...`"
            )
        else:
            message = f"`{module}` is part of `{top}`; import it relatively: `from {relative} import ...`"
        hard = file_reason(ctx)
        blocked = hard or outside_tree(module, ctx) or missing(module, ctx)
        fix = None
        if not blocked:
            from .. import (
                fixes,  # libcst loads only when a file is checked, never for `explain`
            )

            fix = fixes.from_module(stmt, level, rest)
        shown = hard or script_clause(ctx) or blocked
        yield self.finding(stmt, message + shown, fix, unsafe=ctx.is_script)

    def _check_import(self, stmt: ImportStmt, ctx: FileContext, top: str) -> Iterator[Finding]:
        targets: dict[int, tuple[int, str]] = {}
        flagged: list[str] = []
        reasons: list[str] = []
        hard, script = file_reason(ctx), script_clause(ctx)
        for index, alias in enumerate(stmt.names):
            if alias.name == top or not is_within(alias.name, top):
                continue  # `import P` has no relative form; other packages are not ours
            parent = alias.name.rpartition(".")[0]
            level, rest = relative_form(parent, ctx.module.package)
            if too_deep(level, ctx):
                continue
            flagged.append(alias.name)
            if alias.asname is None:
                # `import P.a` binds `P`: its uses cannot all be rewritten
                reasons.append(self._binds_package(alias.name, level, rest, top))
                continue
            blocked = hard or alias_reason(alias.name, ctx)
            shown = hard or script or blocked
            if shown:
                reasons.append(shown)
            if not blocked:
                targets[index] = (level, rest)
        if not flagged:
            return
        message = f"`{flagged[0]}` is part of `{top}`; import it relatively"
        fix = None
        if targets:
            from .. import (
                fixes,  # libcst loads only when a file is checked, never for `explain`
            )

            fix = fixes.import_to_from(stmt, targets)
        if not targets or script:
            message += reasons[0]
        yield self.finding(stmt, message, fix, unsafe=ctx.is_script)

    @staticmethod
    def _binds_package(name: str, level: int, rest: str, top: str) -> str:
        """The clause for `import P.a` (no alias), naming the `from` form to move to."""
        last = name.rpartition(".")[2]
        return f" (`import {name}` binds `{top}`: rewrite its uses, then `from {'.' * level}{rest} import {last}`)"
