"""IL000 syntax-error."""

from __future__ import annotations

from ._base import Example, FixAvailability, Rule


class SyntaxErrorRule(Rule):  # `SyntaxError` would shadow the builtin
    """
    ## What it does
    Reports a file that cannot be checked: it does not parse as Python (and is not
    an `import .x` case, which IL002 repairs), it cannot be decoded with its declared
    encoding, or it cannot be read at all.

    ## Why is this bad?
    Python cannot import the module, and no other rule can look at its imports.
    A linter that skipped such a file would pass it silently.

    ## Example
    ```python
    from P.a import helper
    x = = 1
    ```

    The file is reported at the line `compile()` names; nothing else is reported
    for it and `--fix` leaves it untouched.

    ## Fix safety
    Never fixed: the file is left byte for byte as it is.

    ## Options
    None.
    """

    code = "IL000"
    name = "syntax-error"
    summary = "The file cannot be parsed, decoded or read"
    fix_availability = FixAvailability.NEVER

    valid = (Example("from . import a\n"),)
    invalid = (
        Example("from P.a import helper\nx = = 1\n"),
        Example("def f(:\n    pass\n"),
        Example("import os\n\x00\n"),
    )
