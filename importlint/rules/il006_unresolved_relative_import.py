"""IL006 unresolved-relative-import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..tree import resolve

if TYPE_CHECKING:
    from ..model import ImportStmt

from ..model import Finding
from ._base import Example, FileContext, FixAvailability, Rule


class UnresolvedRelativeImport(Rule):
    """
    ## What it does
    Checks that the module part of a relative import names a module or package
    that exists in the tree as CPython finds it at runtime: a `.py` or `.pyc` file
    (not a dangling link or a directory of that name), a package, or an extension
    module (`.so`, `.pyd`, any ABI tag). As in CPython, a directory without
    `__init__.py` inside a package is a namespace portion of it (`from .sub.m import x`
    finds `P/sub/m.py`) unless a module of the same name (`P/sub.py`) hides it. A
    `.pyi` stub alone does not make a module for a `.py` file; in a `.pyi` file, which
    only type checkers read, stubs and stub-only packages count.

    ## Why is this bad?
    The import fails with `ModuleNotFoundError` when it runs, typically after a
    module was renamed or moved.

    ## Example
    ```python
    # P/m.py, with no P/missing.py
    from .missing import x
    ```

    `from . import name` is not checked: `name` may be an attribute of the package.

    ## Fix safety
    Not fixable: the intended module cannot be known.

    ## Options
    - `namespace-packages`: directories without `__init__.py` that count as packages.
    """

    code = "IL006"
    name = "unresolved-relative-import"
    summary = "Relative import names a module that does not exist"
    fix_availability = FixAvailability.NEVER
    # a statement that climbs beyond the top resolves to nothing: IL003 says why (IL004
    # does not fix a missing module, so both IL004 and IL006 report one)
    defers_to = ("IL003",)

    valid = (
        Example("from .a import x\n", files=("P/a.py",)),
        Example("from .a import x\n", path="P/m.pyi", files=("P/a.pyi",)),
        Example("from .a import x\n", files=("P/a.py", "P/a.pyi")),
        Example("from .a import x\n", files=("P/a/__init__.py",)),
        Example("from .fast import x\n", files=("P/fast.cpython-311-x86_64-linux-gnu.so",)),
        Example("from . import anything\n"),
    )
    invalid = (
        Example("from .missing import x\n", message="`.missing` resolves to `P.missing`, which does not exist"),
        Example("from ..nope.deep import y\n", path="P/sub/m.py"),
        Example("from .a.nope import x\n", files=("P/a.py",)),
        # only a stub: at runtime `from .a import x` raises ModuleNotFoundError
        Example("from .a import x\n", files=("P/a.pyi",)),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        package = ctx.module.package
        if stmt.level == 0 or not stmt.module or not package:
            return
        absolute = resolve(stmt.level, stmt.module, package)
        if ctx.tree.module_exists(absolute, ctx.module.root, ctx.module.is_stub):
            return
        message = f"`{'.' * stmt.level}{stmt.module}` resolves to `{absolute}`, which does not exist"
        hint = ctx.tree.missing_package_hint(absolute, ctx.module.root)
        if hint is not None:
            message += f" ({hint})"
        yield self.finding(stmt, message)
