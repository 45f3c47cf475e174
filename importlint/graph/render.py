"""`importlint graph`: the module-level import graph, its cycles, and why a module runs."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..errors import UsageError
from . import cycles, simulate
from .universe import Universe


def text(world: Universe, graph: cycles.Graph) -> str:
    """Each module with its file, then its edges (`-> target  line N`, the first statement
    making it), then the cycles: a shortest one through each component's first module."""
    first_line: dict[tuple[str, str], int] = {}
    for edge in graph.edges:
        first_line.setdefault((edge.importer, edge.target), edge.line)
    lines = []
    for name in graph.modules:
        lines.append(f"{name} ({world.modules[name].rel})")
        targets = sorted({t for (importer, t) in first_line if importer == name})
        lines += [f"  -> {target}  line {first_line[(name, target)]}" for target in targets]
    lines.append("")
    lines.append(_count(len(graph.components), "cycle") + (":" if graph.components else ""))
    adjacency = graph.adjacency()
    for component in graph.components:
        cycle = cycles.shortest_cycle(component[0], adjacency, set(component))
        lines.append(f"  {' -> '.join(cycle)}  ({_count(len(component), 'module')}: {', '.join(component)})")
    return "\n".join(lines) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n if n else 'no'} {word}{'s' * (n != 1)}"


def dot(worlds: list[tuple[Universe, cycles.Graph]]) -> str:
    """Graphviz: one node per module, one edge per importing pair; edges inside a cycle red."""
    out = ["digraph imports {", "  node [shape=box];"]
    for _, graph in worlds:
        out += [f'  "{name}";' for name in graph.modules]
        member = {name: i for i, component in enumerate(graph.components) for name in component}
        pairs = sorted({(e.importer, e.target) for e in graph.edges})
        for importer, target in pairs:
            inside = importer in member and member.get(target) == member[importer]
            out.append(f'  "{importer}" -> "{target}"' + (" [color=red];" if inside else ";"))
    out.append("}")
    return "\n".join(out) + "\n"


def why(world: Universe, target: str) -> str:
    """The chain of imports that first runs `target` on `import <its top-level package>`."""
    top = target.partition(".")[0]
    if target == top:
        return f"`{target}` is the top-level package: `import {top}` runs it first\n"
    frames = simulate.why(world, top, target)
    if frames is None:
        return (
            f"`import {top}` does not run `{target}`: it runs only when imported itself "
            f"(`import {target}` runs its parent packages first)\n"
        )
    steps = [f"{name} ({world.modules[name].rel}:{line})" for name, line in frames]
    return f"`import {top}` runs `{target}`: " + " -> ".join([*steps, target]) + "\n"


def run_graph(args: argparse.Namespace, out: TextIO) -> int:
    from ..commands import make_settings
    from ..discovery import discover, make_excluder, missing_paths_error
    from ..runner import make_tree
    from .check import universes

    paths = list(args.paths) or ["."]
    missing = missing_paths_error(paths)
    if missing is not None:
        raise missing
    settings = make_settings(args, paths)
    tree = make_tree(settings)
    files = discover(paths, make_excluder(settings, paths))
    worlds = [(w, cycles.build_graph(w)) for w in universes(tree, [f.path for f in files])]
    if not worlds:
        print("importlint: warning: No Python packages found under the given path(s)", file=sys.stderr)
        return 0
    if args.why:
        world = next((w for w, _ in worlds if args.why in w.modules and w.modules[args.why].path), None)
        if world is None:
            raise UsageError(f"graph: --why: no module `{args.why}` in the packages read")
        out.write(why(world, args.why))
        return 0
    if args.format == "dot":
        out.write(dot(worlds))
    else:
        out.write("\n".join(text(w, g) for w, g in worlds))
    return 0
