"""IL001 absolute-self-import."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..locate import is_module_name
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
        Example("from P.a import x\n", path="P/x.py"),
        Example("import P.a.b as m\n", path="P/x.py", files=("P/a/c.py",)),
        # scripts: `python P/cli.py` has no package, so a relative import breaks it
        Example("from P.a import x\n", path="P/__main__.py", files=("P/a.py",)),
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
        withheld = self._file_reason(ctx) or self._outside_tree(module, ctx) or self._missing(module, ctx)
        fix = None
        if not withheld:
            from .. import (
                fixes,  # libcst loads only when a file is checked, never for `explain`
            )

            fix = fixes.from_module(stmt, level, rest)
        yield self.violation(stmt, message + withheld, fix)

    def _check_import(self, stmt: ImportStmt, ctx: FileContext, top: str) -> Iterator[Violation]:
        targets: dict[int, tuple[int, str]] = {}
        flagged: list[str] = []
        reasons: list[str] = []
        for index, alias in enumerate(stmt.names):
            if alias.name == top or not is_within(alias.name, top):
                continue  # `import P` has no relative form; other packages are not ours
            parent = alias.name.rpartition(".")[0]
            level, rest = relative_form(parent, ctx.module.package)
            if self._too_deep(level, ctx):
                continue
            flagged.append(alias.name)
            if alias.asname is None:
                # `import P.a` binds `P`: its uses cannot all be rewritten
                reasons.append(self._binds_package(alias.name, level, rest, top))
                continue
            withheld = self._file_reason(ctx) or self._alias_reason(alias.name, ctx)
            if withheld:
                reasons.append(withheld)
            else:
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
        else:
            message += reasons[0]
        yield self.violation(stmt, message, fix)

    @staticmethod
    def _binds_package(name: str, level: int, rest: str, top: str) -> str:
        """The clause for `import P.a` (no alias), naming the `from` form to move to."""
        last = name.rpartition(".")[2]
        return f" (`import {name}` binds `{top}`: rewrite its uses, then `from {'.' * level}{rest} import {last}`)"

    def _alias_reason(self, name: str, ctx: FileContext) -> str:
        """Why `import P.a.b as m` cannot become `from .a import b as m` ("" if it can)."""
        withheld = self._outside_tree(name, ctx) or self._missing(name, ctx)
        if withheld:
            return withheld
        # `import P.a.b as m` ends with getattr(P, "a") then getattr(P.a, "b"), where
        # `from .a import b as m` takes `P.a` from sys.modules and reads `b` from it,
        # importing the submodule only if the attribute is missing: every link counts,
        # the innermost first (what the fix reads last)
        parts = name.split(".")
        for depth in range(len(parts) - 1, 0, -1):
            reason = self._link_reason(parts[:depth], parts[depth], ctx)
            if reason:
                return reason
        return ""

    @staticmethod
    def _link_reason(package: list[str], last: str, ctx: FileContext) -> str:
        """Why `<package>.last` may not be the submodule when `import P...as m` reads it:
        the package's `__init__` binds `last`, or an `__init__` further up sets it as an
        attribute (`from . import a; a.b = 1`) or reaches namespaces by name ("" if neither)."""
        for depth in range(len(package), 0, -1):
            owner = package[:depth]
            package_dir = os.path.join(ctx.module.root, *owner)
            attributes_only = depth < len(package)
            shadow = ctx.tree.init_shadow(package_dir, ".".join(owner), last, attributes_only)
            if shadow is not None:
                init, clause = shadow
                return f" (not fixed: `{'/'.join([*owner, init])}` {clause})"
        return ""

    @staticmethod
    def _missing(module: str, ctx: FileContext) -> str:
        """Why a module that is not in the tree keeps its absolute import ("" if it is there).

        `import P.x as m` raises ModuleNotFoundError (name `P.x`) where `from . import x as m`
        raises a plain ImportError from `P`; and a relative `from .x import` would be IL006.
        """
        if ctx.tree.module_exists(module, ctx.module.root, ctx.module.is_stub):
            return ""
        return f" (not fixed: `{module}` does not exist)"

    @staticmethod
    def _file_reason(ctx: FileContext) -> str:
        """Why no import of this file may be rewritten at all ("" if they may)."""
        if ctx.unfixable is not None:
            return f" (not fixed: {ctx.unfixable})"
        stem = ctx.module.name.rpartition(".")[2]
        if not is_module_name(stem):  # `gen-docs.py`, `class.py`: no import names it, --unsafe-fixes or not
            return f" (not fixed: `{stem}` is not a module name, so the file only runs as a script)"
        if ctx.is_script and not ctx.settings.unsafe_fixes:
            return " (not fixed: the module runs as a script; use --unsafe-fixes)"
        return ""

    @staticmethod
    def _outside_tree(module: str, ctx: FileContext) -> str:
        """Why the relative form is not safe in the package tree ("" if it is).

        Inside a namespace portion (a directory without `__init__.py` in a package) the
        file is `P.sub.m` to CPython, but test runners import it as a top-level module,
        where a relative import fails. A directory on the way to `module` that is no
        package (a module file of the same name wins) would make the relative form fail.
        Paths are relative to the sys.path root, so messages do not depend on the cwd.
        """
        if ctx.module.portion:
            return (
                f" (not fixed: `{ctx.module.portion}` has no `__init__.py`, "
                "so test runners may import this file as a top-level module)"
            )
        hint = ctx.tree.missing_package_hint(module, ctx.module.root)
        if hint is None:
            return ""
        return f" (not fixed: {hint})"
