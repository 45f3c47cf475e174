"""IL005 relative-import-outside-package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..imports import ImportStmt

from ._base import Example, FileContext, FixAvailability, Rule, Violation


class RelativeImportOutsidePackage(Rule):
    """
    ## What it does
    Checks for relative imports in files that are not inside a package: no
    `__init__.py` in their directory and no configured namespace package around them.

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

    valid = (Example("from . import helpers\n", path="P/run.py"),)
    invalid = (
        Example("from . import helpers\n", path="run.py"),
        Example("from .version import VERSION\n", path="setup.py", files=("version.py",)),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Violation]:
        if stmt.level > 0 and not ctx.module.package:
            directory = os.path.relpath(ctx.module.root)
            yield self.violation(
                stmt,
                f"relative import outside any package: `{directory}` has no `__init__.py` "
                "(add one, or list the directory in namespace-packages)",
            )
