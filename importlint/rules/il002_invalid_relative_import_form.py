"""IL002 invalid-relative-import-form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Edit, Finding
from ._base import Example, FixAvailability, Rule

if TYPE_CHECKING:
    from ..repair import Repair


def repair_finding(text: str, rep: Repair, fixed: bool) -> Finding:
    """The IL002 report of one `import .x` that the repair rewrote: with the rewrite as
    its fix when the repaired text parses (`fixed`), else reported only (IL000 says why)."""
    wrong = " ".join(text[rep.start : rep.end].split())
    message = f"`{wrong}` is invalid syntax; use `{' '.join(rep.text.split())}`"
    return Finding(InvalidRelativeImportForm.code, message, Edit(rep.start, rep.end, rep.text) if fixed else None)


class InvalidRelativeImportForm(Rule):
    """
    ## What it does
    Finds `import .x`, a relative import in the `import` form, which Python rejects
    with a bare "SyntaxError: invalid syntax".

    ## Why is this bad?
    Relative imports exist only in the `from . import x` form. The module cannot be
    imported at all, and the error message does not say why.

    ## Example
    ```python
    import .helpers
    import ..config as cfg
    import .a.b
    ```

    Use instead:
    ```python
    from . import helpers
    from .. import config as cfg
    from .a import b
    ```

    ## Fix safety
    Safe: the fixed statement binds the name the invalid one spells out. Several
    names with the same parent stay in one statement (`import .a, .b` becomes
    `from . import a, b`); others become `;`-separated statements on the same line.
    After the fix the file parses and the other rules check it in the same run.

    ## Options
    None.
    """

    code = "IL002"
    name = "invalid-relative-import-form"
    summary = "`import .x` is a syntax error; use `from . import x`"
    fix_availability = FixAvailability.ALWAYS

    valid = (Example("from . import a\n", files=("P/a.py",)),)
    invalid = (
        Example(
            "import .a\n",
            files=("P/a.py",),
            fixed="from . import a\n",
            message="`import .a` is invalid syntax; use `from . import a`",
            position="1:1",
        ),
        Example("import .a as b\n", files=("P/a.py",), fixed="from . import a as b\n"),
        Example("import ..a\n", path="P/sub/m.py", files=("P/a.py",), fixed="from .. import a\n"),
        Example("import .a.b\n", files=("P/a/b.py",), fixed="from .a import b\n"),
        Example("import .a, .b\n", files=("P/a.py", "P/b.py"), fixed="from . import a, b\n"),
        Example("import .a, os\n", files=("P/a.py",), fixed="from . import a; import os\n"),
        Example(
            "def f():\n    import .a\n", files=("P/a.py",), fixed="def f():\n    from . import a\n", position="2:5"
        ),
    )
