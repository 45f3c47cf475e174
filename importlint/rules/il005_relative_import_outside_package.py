"""IL005 relative-import-outside-package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import ImportStmt

from ..model import Finding
from ._base import Example, FileContext, FixAvailability, Rule


class RelativeImportOutsidePackage(Rule):
    """
    ## What it does
    Checks for relative imports in files that are not inside a package: no
    `__init__.py` in their directory or in a directory above it (a directory without
    `__init__.py` inside a regular package is a namespace portion of that package, as
    in CPython: `P/sub/m.py` is `P.sub.m`), no configured namespace package around
    them, and no PEP 561 stub-only package (`requests-stubs/` is package `requests`).

    ## Why is this bad?
    A top-level module has no parent package, so Python raises `ImportError:
    attempted relative import with no known parent package`. Typical places are
    scripts, `setup.py`, and `tests/` directories without `__init__.py`.

    ## Example
    ```python
    # scripts/run.py (scripts/ has no __init__.py)
    from . import helpers
    ```

    Use instead:
    ```python
    # scripts/run.py
    import helpers
    ```

    Or add `scripts/__init__.py`, or list the directory in `namespace-packages`.

    ## Fix safety
    Not fixable: whether the file should become part of a package or import
    absolutely is a decision about the project's layout.

    ## Options
    - `namespace-packages`: directories that are packages without `__init__.py`.
    """

    code = "IL005"
    name = "relative-import-outside-package"
    summary = "Relative import in a file that is not inside a package"
    fix_availability = FixAvailability.NEVER

    valid = (
        Example("from . import helpers\n", path="P/run.py"),
        Example("from . import api\n", path="requests-stubs/sessions.pyi", files=("requests-stubs/__init__.pyi",)),
    )
    invalid = (
        Example("from . import helpers\n", path="run.py"),
        Example("from .version import VERSION\n", path="setup.py", files=("version.py",)),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        if stmt.level > 0 and not ctx.module.package:
            yield self.finding(stmt, f"relative import outside any package: {_why_no_package(ctx)}")


def _why_no_package(ctx: FileContext) -> str:
    """Why the file's directory is no package. The directory is named by its own name (the
    report's path shows where it is), `.` for the project root: never relative to the
    working directory, since a cached message is shown from any directory."""
    root = ctx.module.root
    same = os.path.normcase(os.path.abspath(ctx.settings.project_root)) == os.path.normcase(root)
    directory = "." if same else os.path.basename(root)
    if os.path.normcase(root) in ctx.tree.src_roots:
        return f"`{directory}` is a configured `src` root, which holds top-level packages"
    name = os.path.basename(root)
    if name and not name.isidentifier():
        return f"`{directory}` cannot be a package: `{name}` is not a valid Python name"
    return f"`{directory}` has no `__init__.py` (add one, or list the directory in namespace-packages)"
