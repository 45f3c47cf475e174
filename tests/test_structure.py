"""The package's shape (issue 11): no module-level import cycle inside `importlint/`, and
the value types in `importlint.model` load without LibCST or any other importlint module.

The graph is built from the source with `ast`: an import counts when it runs while the
module is imported (module level, class bodies, module-level `if`/`try`), not when it is
under `if TYPE_CHECKING:` or inside a function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "importlint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _runtime_imports(node.body)
            yield from _runtime_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _runtime_imports(block)
        elif isinstance(node, (ast.With, ast.ClassDef)):
            yield from _runtime_imports(node.body)


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    base = module if is_package else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    if node.level == 0:
        return node.module or ""
    return f"{base}.{node.module}" if node.module else base


def _with_parents(name: str) -> Iterator[str]:
    """`a.b.c` runs `a`, `a.b` and `a.b.c`."""
    parts = name.split(".")
    for index in range(1, len(parts) + 1):
        yield ".".join(parts[:index])


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> set[str]:
    names: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            names.update(_with_parents(alias.name))
        return names
    origin = _absolute(module, is_package, node)
    names.update(_with_parents(origin))
    names.update(f"{origin}.{a.name}" for a in node.names)  # `from . import x`: a submodule
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the importlint modules its import runs. A module's own ancestor packages
    are left out: they are already being imported when the module's code runs."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges: set[str] = set()
        for node in _runtime_imports(tree.body):
            edges.update(_targets(name, is_package, node))
        ancestors = set(_with_parents(name))
        graph[name] = {t for t in edges if t in known and t not in ancestors}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_package_has_no_module_level_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_graph_sees_the_edges_that_matter() -> None:
    graph = import_graph()
    # a plain import, a relative one through a parent package, and a guarded one left out
    assert "importlint.model" in graph["importlint.imports"]
    assert "importlint.rules._base" in graph["importlint.rules.il001_absolute_self_import"]
    assert "importlint.rules" in graph["importlint.engine"]
    assert "importlint.settings" not in graph["importlint.rules._base"]  # under TYPE_CHECKING
    assert graph["importlint.model"] == set()


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        pytest.param({"a": {"b"}, "b": {"c"}, "c": set()}, None, id="chain"),
        pytest.param({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"], id="three-cycle"),
        pytest.param({"a": {"a"}}, ["a", "a"], id="self-loop"),
    ],
)
def test_find_cycle(graph: dict[str, set[str]], expected: list[str] | None) -> None:
    assert find_cycle(graph) == expected


def test_a_cycle_through_a_parent_package_is_found() -> None:
    """The cycle the issue names: `imports` importing `rules._base` runs `rules/__init__`,
    whose rules import `imports` (only TYPE_CHECKING hid it)."""
    graph = {
        "importlint.imports": {"importlint.rules", "importlint.rules._base"},
        "importlint.rules": {"importlint.rules.il001"},
        "importlint.rules.il001": {"importlint.imports"},
        "importlint.rules._base": set(),
    }
    assert find_cycle(graph) == [
        "importlint.imports",
        "importlint.rules",
        "importlint.rules.il001",
        "importlint.imports",
    ]


def _loaded_after(statement: str) -> list[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.split()


def test_the_model_loads_without_libcst_or_other_modules() -> None:
    loaded = _loaded_after("import importlint.model")
    assert [m for m in loaded if m == "libcst" or m.startswith("libcst.")] == []
    ours = [m for m in loaded if m.startswith("importlint")]
    assert ours == ["importlint", "importlint._version", "importlint.model"]


@pytest.mark.parametrize("module", ["importlint.fixes", "importlint.rules", "importlint.engine", "importlint.repair"])
def test_each_module_imports_on_its_own(module: str) -> None:
    """A cycle hidden by import order fails when a module in it is imported first."""
    assert module in _loaded_after(f"import {module}")


def test_no_rule_imports_another_rule() -> None:
    """Precedence is declared (`Rule.defers_to`) and shared logic lives in `rules/_*.py`:
    a rule module never imports another one, not even under TYPE_CHECKING."""
    rules = {name: path for name, path in _modules().items() if name.startswith("importlint.rules.il")}
    for name, path in rules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = _absolute(name, False, node)
                names = {target, *(f"{target}.{a.name}" for a in node.names)}
                assert not (names & set(rules)), f"{name} imports {sorted(names & set(rules))}"
