"""The static module-level import graph of a universe and its cycles (IL007, `graph`).

Edges (issue 12): a module-level import of `P.a.b` is an edge to `P.a.b` and to each
parent package CPython may have to run (`P.a`, `P`), except the importer itself and its
own ancestor packages (they are already initialising: CPython runs nothing for them);
`from X import sub` with `sub` a module of the tree is also an edge to `X.sub`. Imports in
`except` blocks run only after an error and make no edge. Everything is sorted, so the
answer is the same whatever order the files were read in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .records import Import, walk_imports
from .universe import Module, Universe


@dataclass(frozen=True, order=True)
class Edge:
    importer: str
    line: int
    col: int
    target: str


@dataclass
class Graph:
    modules: list[str]  # every module with a file, sorted
    edges: list[Edge]  # sorted by importer, line, column, target
    components: list[list[str]] = field(default_factory=list)  # SCCs of 2+ modules, each sorted

    def adjacency(self) -> dict[str, list[str]]:
        out: dict[str, set[str]] = {}
        for edge in self.edges:
            out.setdefault(edge.importer, set()).add(edge.target)
        return {name: sorted(targets) for name, targets in out.items()}


def _prefixes(name: str) -> Iterator[str]:
    parts = name.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


def statement_targets(universe: Universe, module: Module, node: Import) -> list[str]:
    """The modules of the universe one import record is an edge to (sorted)."""
    targets: set[str] = set()
    if not node.is_from:
        for name, _ in node.names:
            targets.update(_prefixes(name))
    else:
        base = universe.base_of(module, node)
        if base is None:
            return []
        targets.update(_prefixes(base))
        targets.update(f"{base}.{name}" for name, _ in node.names if name != "*")
    own = set(_prefixes(module.name))
    return sorted(t for t in targets if t in universe.modules and t not in own)


def build_graph(universe: Universe) -> Graph:
    edges = []
    for name in sorted(universe.modules):
        module = universe.modules[name]
        if module.records is None:
            continue
        for node in walk_imports(module.records.body):
            if node.handler:
                continue
            for target in statement_targets(universe, module, node):
                edges.append(Edge(name, node.line, node.col, target))
    modules = sorted(name for name, module in universe.modules.items() if module.path)
    edges.sort()
    graph = Graph(modules, edges)
    graph.components = components(sorted(universe.modules), ((e.importer, e.target) for e in edges))
    return graph


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of 2+ nodes (Tarjan's algorithm, iterative, with
    sorted nodes and successors: deterministic), each sorted, sorted by their first node."""
    successors: dict[str, set[str]] = {}
    for source, target in edges:
        successors.setdefault(source, set()).add(target)
    ordered = {name: sorted(targets) for name, targets in successors.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(set(nodes) | set(successors)):
        if start in index:
            continue
        work = [(start, iter(ordered.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(ordered.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def shortest_cycle(start: str, adjacency: dict[str, list[str]], members: set[str]) -> list[str]:
    """A shortest cycle from `start` back to it inside `members` (breadth-first over sorted
    successors: the first shortest one), `start` first and last."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in adjacency.get(node, ()):
            if target not in members:
                continue
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return [start]
