"""IL007 import-cycle: a whole-tree rule, opt-in (see importlint/graph/cycles.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Pos, Violation
from ._base import Example, FixAvailability, Rule

if TYPE_CHECKING:
    from ..graph.cycles import Graph
    from ..graph.universe import Universe


class ImportCycle(Rule):
    """
    ## What it does
    Reports modules of a package that import each other in a cycle at module level.
    Opt-in: selected only when named (`select = ["IL", "IL007"]`, `--select IL007`),
    never by a prefix such as `IL`.

    The graph has an edge for each module-level import (not in a `def`, not under
    `if TYPE_CHECKING:`, not `lazy`, not in an `except` block) to the module it names
    and to each parent package CPython may have to run for it (`import P.a.b`: `P.a.b`,
    `P.a`, `P`), except the importer and its own ancestor packages, which are already
    initialising (`from ._text import x` in `P/m/_adapters.py` is no edge to `P.m`);
    `from X import sub` with `sub` a module of the tree is an edge to `X.sub` too.

    Each strongly connected component of two or more modules is reported once, in its
    first file in sorted path order, at the first import statement there with an edge
    into the component; the message shows a shortest cycle through that module. The
    answer is the same for any `--jobs` and any order of the files. The whole package is
    read even when only some files are checked: a cycle is reported when its file is.

    ## Why is this bad?
    A cycle makes the outcome of an import depend on which module is imported first: it
    is where `partially initialized module` errors (IL008) come from, and it keeps
    modules from being understood, tested or split apart one at a time.

    ## Example
    ```python
    # P/a.py
    from . import b

    # P/b.py
    from . import a
    ```

    Break the cycle: move what both need into a third module, or import inside the
    function that needs it.

    ## Fix safety
    Not fixable: breaking a cycle is a design decision.

    ## Options
    - `select`: IL007 runs only when selected by its full code.
    """

    code = "IL007"
    name = "import-cycle"
    summary = "Modules import each other in a cycle at module level (opt-in)"
    fix_availability = FixAvailability.NEVER
    opt_in = True
    whole_tree = True

    valid = (
        Example("from . import b\n", path="P/a.py", sources=(("P/b.py", "def f():\n    from . import a\n"),)),
        Example(
            "from . import b\n",
            path="P/a.py",
            sources=(("P/b.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n"),),
        ),
        # a package's own modules importing from it are no cycle with it
        Example("from ._text import x\n", path="P/m/_adapters.py", sources=(("P/m/_text.py", "x = 1\n"),)),
    )
    invalid = (
        Example("from . import b\n", path="P/a.py", sources=(("P/b.py", "from . import a\n"),)),
        Example(
            "import P.b.c\n",
            path="P/a.py",
            sources=(("P/b/__init__.py", "from ..a import x\n"), ("P/b/c.py", "")),
        ),
    )

    def tree_violations(self, universe: Universe, graph: Graph) -> Iterator[tuple[str, Violation]]:
        """(absolute path, violation) per component of the graph."""
        from ..graph.cycles import shortest_cycle
        from ..graph.records import walk_imports

        adjacency = graph.adjacency()
        for component in graph.components:
            members = set(component)
            files = [universe.modules[m] for m in component if universe.modules[m].path]
            if not files:
                continue
            first = min(files, key=lambda m: m.rel)
            edge = min(e for e in graph.edges if e.importer == first.name and e.target in members)
            assert first.records is not None
            node = next(n for n in walk_imports(first.records.body) if (n.line, n.col) == (edge.line, edge.col))
            cycle = shortest_cycle(first.name, adjacency, members)
            message = f"`{first.name}` is in an import cycle: {' -> '.join(cycle)}"
            if len(component) > len(cycle) - 1:
                message += f" (one of {len(component)} modules importing each other: {', '.join(component)})"
            start, end = Pos(node.line, node.col), Pos(node.end_line, node.end_col)
            yield first.path, Violation("", start, end, self.code, message)
