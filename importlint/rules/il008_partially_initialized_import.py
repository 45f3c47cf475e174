"""IL008 partially-initialized-import: a whole-tree rule (see importlint/graph/)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..model import Pos, Violation
from ._base import Example, FixAvailability, Rule

if TYPE_CHECKING:
    from ..graph.simulate import Failure
    from ..graph.universe import Universe


class PartiallyInitializedImport(Rule):
    """
    ## What it does
    Predicts `ImportError: cannot import name 'x' from partially initialized module
    'P.a' (most likely due to a circular import)`. importlint runs, without running
    any code, what CPython executes on `import M` for every module M of the package in a
    fresh interpreter: the parent packages' `__init__` first, then M's module-level
    statements in order, running each module an import reaches (a module already
    initialising is returned partial). A module-level `from X import name` is reported
    when it runs while X is still initialising and X has not bound `name` yet.

    Module level means: not inside a `def` or `lambda`, not under `if TYPE_CHECKING:`,
    not a 3.15 `lazy` import; class bodies and `if`/`try`/`with`/`for` blocks run (the
    `try` body's path; both branches of an `if`). A name is bound by assignment, `def`,
    `class`, import, `for`/`with` target or walrus (`global` writes in functions are
    ignored); after `from Y import *`, or with a module `__getattr__`, any name may be
    bound and nothing is reported. `from X import sub` with `sub` a submodule in the
    tree imports it, as CPython does: `from X import a, b` first imports every listed
    name that is a submodule X lacks, then reads the names left to right. An import in a
    `try` whose `except` catches `ImportError` (or `Exception`, `BaseException`, a bare
    `except`) raises nothing there and is not reported.

    The message names the module imported first, the chain of modules running, and
    where X binds the name: "`x` is bound at P/a.py:12, after the import at line 3" (the
    import X is suspended at), "`P.a` never binds `x` at module level" when no
    module-level statement of X binds it, or "`x` is not bound in P/a.py when the import
    at line 3 runs" when X binds it only on a path that has not run. Each statement is
    reported once, for the first module (in name order) whose import makes it fail.

    The whole package is read even when only some files are checked; only the files
    checked are reported. Files excluded by `exclude` are read too (they run on import).

    ## Why is this bad?
    The import raises at runtime, for the entry module shown and often only for some
    import orders: a test that imports `P.b` first passes while `python -m P.a` fails.

    ## Example
    ```python
    # P/a.py
    from .b import helper
    VALUE = 1

    # P/b.py
    from .a import VALUE  # `import P.a` fails here: P.a has not bound VALUE yet
    def helper(): ...
    ```

    Usual remedies: move the import into the function that needs it; import the module
    instead of the name (`from . import a`, then `a.VALUE` when it is used); on Python
    3.15, `lazy from .a import VALUE`; an import needed only for annotations goes under
    `if TYPE_CHECKING:`.

    ## Fix safety
    Not fixable: breaking a cycle is a design decision.

    ## Options
    - `exclude`: excluded files are not reported, but they are read: they run on import.
    """

    code = "IL008"
    name = "partially-initialized-import"
    summary = "`from X import name` runs while X is still initialising, before X binds the name"
    fix_availability = FixAvailability.NEVER
    whole_tree = True

    valid = (
        # the name is bound before the cycle closes, and the module (not a name) is imported back
        Example("VALUE = 1\nfrom . import b\n", path="P/a.py", sources=(("P/b.py", "from .a import VALUE\n"),)),
        # importing the module, not the name
        Example(
            "from . import b\nVALUE = 1\n",
            path="P/a.py",
            sources=(("P/b.py", "from . import a\ndef helper():\n    return a.VALUE\n"),),
        ),
        # only for type checkers
        Example(
            "from .b import helper\nVALUE = 1\n",
            path="P/a.py",
            sources=(("P/b.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import VALUE\n"),),
        ),
        # caught where it raises
        Example(
            "try:\n    from .a import VALUE\nexcept ImportError:\n    VALUE = None\n",
            path="P/b.py",
            sources=(("P/a.py", "from .b import VALUE as V\nVALUE = 1\n"),),
        ),
    )
    invalid = (
        Example("from .a import VALUE\n", path="P/b.py", sources=(("P/a.py", "from .b import helper\nVALUE = 1\n"),)),
        Example(
            "from . import VERSION\n",
            path="P/core.py",
            sources=(("P/__init__.py", "from .core import run\nVERSION = '1.0'\n"),),
        ),
        Example("from .a import MISSING\n", path="P/b.py", sources=(("P/a.py", "from . import b\n"),)),
    )

    def tree_violations(self, universe: Universe, failures: Iterable[Failure]) -> Iterator[tuple[str, Violation]]:
        """(absolute path, violation) per failing statement."""
        for failure in failures:
            node = failure.node
            yield (
                failure.importer.path,
                Violation(
                    "",
                    Pos(node.line, node.col),
                    Pos(node.end_line, node.end_col),
                    self.code,
                    message(failure),
                ),
            )


def _chain(failure: Failure) -> str:
    modules = [*failure.chain, failure.source.name]
    if failure.chain[0] == failure.entry:
        return "import " + " -> ".join(modules)
    # the entry's parent package is running: it runs before the entry itself
    return f"import {failure.entry} runs {failure.chain[0]} first: " + " -> ".join(modules)


def _where_bound(failure: Failure) -> str:
    from ..graph.records import binding_lines

    source, name = failure.source, failure.name
    records = source.records
    lines = binding_lines(records.body).get(name, []) if records is not None else []
    later = [line for line in lines if line > failure.source_line]
    if later:
        return f"`{name}` is bound at {source.rel}:{later[0]}, after the import at line {failure.source_line}"
    if not lines:
        return f"`{source.name}` never binds `{name}` at module level"
    return f"`{name}` is not bound in {source.rel} when the import at line {failure.source_line} runs"


def message(failure: Failure) -> str:
    importer, source = failure.importer.name, failure.source.name
    return (
        f"`{importer}` imports `{failure.name}` from `{source}` while `{source}` is still initialising "
        f"({_chain(failure)}); {_where_bound(failure)}"
    )
