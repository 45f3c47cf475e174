"""IL010 unresolved-self-import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from ..tree import is_within
from ._base import Example, FileContext, FixAvailability, Rule

if TYPE_CHECKING:
    from ..model import ImportStmt


def first_missing(name: str, ctx: FileContext) -> str | None:
    """The first module on the way to absolute module `name` (`P.a`, then `P.a.b`, ...) that
    does not exist, or None when all do. CPython imports each parent first, so this is the
    name its ModuleNotFoundError carries. The top-level package is the file's own: it exists."""
    parts = name.split(".")
    for depth in range(2, len(parts) + 1):
        prefix = ".".join(parts[:depth])
        if not ctx.tree.module_exists(prefix, ctx.module.root, ctx.module.is_stub):
            return prefix
    return None


class UnresolvedSelfImport(Rule):
    """
    ## What it does
    Checks that an absolute import of the file's own top-level package names modules
    and packages that exist in the tree as CPython finds them at runtime: the IL006 of
    absolute imports. Every module of the dotted path counts (`import P.a.b` needs
    `P.a` and `P.a.b`); a `.py` or `.pyc` file, a package (a directory without
    `__init__.py` too: CPython imports it as a namespace portion, unless a module file
    of the same name hides it) or an extension module of any suffix (`.so`, `.pyd`, any
    ABI tag) is a module; a `.pyi` stub alone, a dangling link or a directory named
    `a.py` is not. In a `.pyi` file, which only type checkers read, stubs count.

    ## Why is this bad?
    The import raises `ModuleNotFoundError` when it runs (its `.name` is the first module
    of the path that is missing), typically after a module was renamed or moved.

    ## Example
    ```python
    # P/m.py, with no P/missing.py
    from P.missing import x
    import P.nope as n
    ```

    An import inside a `try` whose handler catches the error (`except ImportError`,
    `ModuleNotFoundError`, `Exception`, `BaseException`, a bare `except`; or a
    `with contextlib.suppress(ImportError):` block) is not reported: that is how packages
    import an optional module, such as a C extension a source checkout has not built.
    An import in a function defined inside the `try` runs outside it, and is checked.

    Only modules are checked: in `from P.a import name` the `name` may be an attribute
    of `P.a` (or bound by `P/a/__init__.py`), so it is not checked, and neither is
    `from P import name`. The statement is usually also an IL001 (absolute self-import):
    IL001 reports it without a fix, because the relative form of a module that does not
    exist would be an IL006; both are reported, as IL004 and IL006 are, since renaming
    the module does not make the import relative, nor the reverse. Imports of other
    packages are not checked: only the file's own package is in the tree.

    ## Fix safety
    Not fixable: the intended module cannot be known.

    ## Options
    - `namespace-packages`: directories without `__init__.py` that count as packages.
    """

    code = "IL010"
    name = "unresolved-self-import"
    summary = "Absolute import of the file's own package names a module that does not exist"
    fix_availability = FixAvailability.NEVER

    valid = (
        Example("from P.a import x\n", files=("P/a.py",)),
        Example("from P.a import missing_name\n", files=("P/a/__init__.py",)),
        Example("from P import anything\n"),
        Example("import P.sub.m as m\n", files=("P/sub/m.py",)),
        Example("from P.ns.m import x\n", files=("P/ns/m.py",), path="P/x.py"),
        Example("from P.fast import x\n", files=("P/fast.cpython-311-x86_64-linux-gnu.so",)),
        Example("from P.fast import x\n", files=("P/fast.pyd",)),
        Example("from P.a import x\n", path="P/m.pyi", files=("P/a.pyi",)),
        Example("from Q.missing import x\n"),
        Example("from P_extra.missing import x\n"),
        Example("try:\n    from P._speedups import x\nexcept ImportError:\n    x = None\n"),
        Example("import contextlib\nwith contextlib.suppress(ModuleNotFoundError):\n    import P._cext as cext\n"),
    )
    invalid = (
        Example("from P.missing import x\n"),
        Example("import P.nope as n\n"),
        Example("import P.a.nope\n", files=("P/a/__init__.py",)),
        Example("import os, P.nope.deep\n", message="`P.nope.deep` cannot be imported: `P.nope` does not exist"),
        Example("from P.a.b import x\n", files=("P/a.py",), message="`P.a.b` does not exist"),
        # only a stub: at runtime `from P.a import x` raises ModuleNotFoundError
        Example("from P.a import x\n", files=("P/a.pyi",)),
        # the handler catches another error, or the import runs later, outside the `try`
        Example("try:\n    from P.missing import x\nexcept AttributeError:\n    pass\n"),
        Example("try:\n    def f():\n        import P.missing as m\nexcept ImportError:\n    pass\n"),
        Example("try:\n    pass\nexcept ImportError:\n    from P.fallback import x\n"),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        top = ctx.module.top_level
        if top is None or stmt.level > 0 or ctx.guarded:
            return  # a guarded import of a missing module is an optional module: no error
        names = [stmt.module or ""] if stmt.is_from else [alias.name for alias in stmt.names]
        for name in names:
            if not is_within(name, top) or name == top:
                continue
            missing = first_missing(name, ctx)
            if missing is not None:
                yield self.finding(stmt, self._message(name, missing, ctx))
                return  # one report per statement: the first name that fails is where it stops

    @staticmethod
    def _message(name: str, missing: str, ctx: FileContext) -> str:
        message = f"`{missing}` does not exist"
        if missing != name:
            message = f"`{name}` cannot be imported: {message}"
        hint = ctx.tree.missing_package_hint(missing, ctx.module.root)
        return message + (f" ({hint})" if hint is not None else "")
