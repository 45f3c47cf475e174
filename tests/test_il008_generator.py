"""IL008 and IL007 against CPython: random package trees, ground truth from real imports.

Each tree is built from the statement forms of issue 12 (assignments, `def`, `class`,
`from ... import`, `import ... as`, plain `import`, relative and absolute, `__init__`
files importing submodules, `if TYPE_CHECKING:`, imports in functions, class bodies,
`try`/`except ImportError`). One interpreter per tree forks a fresh child per module
(nothing of the tree is imported before the fork) and imports that module first:

- IL008: the statements where CPython raises "cannot import name ... from partially
  initialized module" and the raising module does not catch it (a trace function sees
  the exception raised in the frame and whether the frame goes on or returns with it)
  must be exactly the statements importlint's simulation reports, for some entry;
- IL007: every import statement that ran (a `builtins.__import__` hook sees it) must have
  the static edges IL007 gives it, and when every entry imports cleanly (every statement
  ran) the strongly connected components of the runtime graph are IL007's.

`IMPORTLINT_GRAPH_TREES` (default 40) and `IMPORTLINT_GRAPH_SEED` (default 12) choose the
run; the long run of the report is `IMPORTLINT_GRAPH_TREES=2000`.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from importlint.graph import cycles, simulate, universe
from importlint.tree import PackageTree

TREES = int(os.environ.get("IMPORTLINT_GRAPH_TREES", "40"))
SEED = int(os.environ.get("IMPORTLINT_GRAPH_SEED", "12"))
NAMES = ("v0", "v1", "v2", "F", "K")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the ground truth forks a fresh child per module")

# The child: `python -S -c CHILD root modules...`; prints one JSON line per module
CHILD = r"""
import builtins, json, os, sys
root, modules = sys.argv[1], sys.argv[2:]
sys.path.insert(0, root)
prefix = os.path.join(root, "")

def run(module):
    raised, pending, calls = [], {}, []

    def local(frame, event, arg):
        if event == "exception":
            exc = arg[1]
            if isinstance(exc, ImportError) and "partially initialized" in str(exc) and arg[2].tb_next is None:
                pending[frame] = (frame.f_code.co_filename[len(prefix):], frame.f_lineno)
            else:
                pending.pop(frame, None)
        elif event == "line":
            pending.pop(frame, None)  # the frame goes on: it caught the error
        elif event == "return" and frame in pending:
            raised.append(pending.pop(frame))
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(prefix) else None

    original = builtins.__import__

    def hook(name, globals=None, locals=None, fromlist=(), level=0):
        caller = sys._getframe(1)
        # a module body or a class body in it (no CO_OPTIMIZED flag): what runs on import
        if caller.f_code.co_filename.startswith(prefix) and not caller.f_code.co_flags & 0x1:
            calls.append([caller.f_globals.get("__name__"), caller.f_lineno, name, list(fromlist or ()), level,
                          caller.f_globals.get("__package__")])
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = hook
    sys.settrace(tracer)
    error = None
    try:
        __import__(module)
    except BaseException as exc:
        error = type(exc).__name__
    sys.settrace(None)
    builtins.__import__ = original
    return {"module": module, "raised": sorted(set(map(tuple, raised))), "calls": calls, "error": error}

for module in modules:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(run(module)))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    print(data if data else json.dumps({"module": module, "crashed": True}))
"""


@dataclass
class Tree:
    files: dict[str, list[str]] = field(default_factory=dict)  # relative path -> lines

    def modules(self) -> dict[str, str]:
        """module name -> relative path."""
        out = {}
        for rel in self.files:
            parts = rel[: -len(".py")].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = rel
        return out


def _relative(importer: str, is_package: bool, target: str) -> str | None:
    """`target` as a relative `from` module for `importer`, or None when it cannot be."""
    package = importer if is_package else importer.rpartition(".")[0]
    if not package:
        return None
    base = package.split(".")
    parts = target.split(".")
    shared = 0
    while shared < min(len(base), len(parts)) and base[shared] == parts[shared]:
        shared += 1
    if shared == 0:
        return None
    return "." * (len(base) - shared + 1) + ".".join(parts[shared:])


def _from_module(rng: random.Random, importer: str, is_package: bool, target: str) -> str:
    relative = _relative(importer, is_package, target)
    return relative if relative is not None and rng.random() < 0.6 else target


def _statement(rng: random.Random, tree: Tree, importer: str, is_package: bool) -> list[str]:
    modules = sorted(tree.modules())
    target = rng.choice(modules)
    children = [m.rpartition(".")[2] for m in modules if m.rpartition(".")[0] == target]
    pick = rng.random()
    names = rng.sample(NAMES + tuple(children) * 2, k=min(len(NAMES), rng.choice((1, 1, 2))))
    names = list(dict.fromkeys(names))
    what = ", ".join(names)
    if pick < 0.18:
        return [f"{rng.choice(NAMES)} = {rng.randint(0, 9)}"]
    if pick < 0.24:
        return [f"def {rng.choice(NAMES)}():", "    return 1"]
    if pick < 0.28:
        return [f"class {rng.choice(NAMES)}:", "    pass"]
    if pick < 0.62:
        return [f"from {_from_module(rng, importer, is_package, target)} import {what}"]
    if pick < 0.68:
        return [f"import {target} as {rng.choice(NAMES)}"]
    if pick < 0.73:
        return [f"import {target}"]
    if pick < 0.80:
        return ["if TYPE_CHECKING:", f"    from {target} import {what}"]
    if pick < 0.86:
        return ["def f():", f"    from {_from_module(rng, importer, is_package, target)} import {what}"]
    if pick < 0.93:
        first = names[0]
        return ["try:", f"    from {target} import {what}", "except ImportError:", f"    {first} = None"]
    return [f"class C{rng.randint(0, 9)}:", f"    from {target} import {what}"]


def make_random_tree(rng: random.Random) -> Tree:
    tree = Tree()
    tree.files["P/__init__.py"] = []
    packages = ["P"]
    if rng.random() < 0.5:
        packages.append("P/s")
        if rng.random() < 0.4:
            packages.append("P/s/t")  # three levels: parents of parents run first
    for package in packages:
        tree.files[f"{package}/__init__.py"] = []
    for _ in range(rng.randint(2, 5)):
        package = rng.choice(packages) if rng.random() < 0.5 else "P"
        tree.files[f"{package}/m{len(tree.files)}.py"] = []
    by_path = {rel: name for name, rel in tree.modules().items()}
    for rel in sorted(tree.files):
        name = by_path[rel]
        lines = ["from typing import TYPE_CHECKING"]
        for _ in range(rng.randint(1, 6) if not rel.endswith("__init__.py") or rng.random() < 0.7 else 0):
            lines += _statement(rng, tree, name, rel.endswith("__init__.py"))
        tree.files[rel] = lines
    return tree


def write_tree(root: Path, tree: Tree) -> None:
    for rel, lines in tree.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ground_truth(root: Path, modules: list[str]) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run(
        [sys.executable, "-S", "-B", "-c", CHILD, str(root), *modules],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def runtime_targets(call: list[object], modules: set[str]) -> set[str]:
    """IL007's edge rule applied to one import CPython ran (`__import__`'s arguments)."""
    importer, _line, name, fromlist, level, package = call
    assert isinstance(importer, str) and isinstance(name, str) and isinstance(level, int)
    if level:
        base = str(package).rsplit(".", level - 1)[0]
        absolute = f"{base}.{name}" if name else base
    else:
        absolute = name
    parts = absolute.split(".")
    targets = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    assert isinstance(fromlist, list)
    targets |= {f"{absolute}.{item}" for item in fromlist}
    own = importer.split(".")
    ancestors = {".".join(own[:i]) for i in range(1, len(own) + 1)}
    return {t for t in targets if t in modules and t not in ancestors}


@dataclass
class Totals:
    trees: int = 0
    modules: int = 0
    statements: int = 0
    failing: int = 0
    mismatches: list[str] = field(default_factory=list)


def check_tree(root: Path, tree: Tree, totals: Totals) -> None:
    modules = tree.modules()
    model = universe.build(PackageTree(), str(root), [str(root / "P")])
    every = list(simulate.failures(model))
    predicted = {(f.importer.rel, f.node.line) for f in every}
    # a run on some files (pre-commit) simulates fewer entries; the cache reuses a whole
    # run's verdict for it: both must give the same failures, credited to the same entries
    some = frozenset(name for index, name in enumerate(sorted(model.modules)) if index % 3 == 0)
    alone = [f for f in simulate.failures(model, only=some) if f.importer.name in some]
    if _facts(alone) != _facts(f for f in every if f.importer.name in some):
        totals.mismatches.append(f"IL008 {root}: failures of {sorted(some)} alone differ from the whole run's")
    truth = ground_truth(root, sorted(modules))
    actual = {tuple(r) for entry in truth for r in entry["raised"]}  # type: ignore[union-attr]
    totals.trees += 1
    totals.modules += len(modules)
    totals.statements += sum(len(lines) for lines in tree.files.values())
    totals.failing += len(actual)
    if predicted != actual:
        totals.mismatches.append(f"IL008 {root}: predicted {sorted(predicted)}, CPython {sorted(actual)}")
    graph = cycles.build_graph(model)
    statement_edges = {(e.importer, e.line): set() for e in graph.edges}
    for e in graph.edges:
        statement_edges[(e.importer, e.line)].add(e.target)
    runtime: dict[tuple[str, int], set[str]] = {}
    for entry in truth:
        for call in entry["calls"]:  # type: ignore[union-attr]
            key = (call[0], call[1])
            runtime.setdefault(key, set()).update(runtime_targets(call, set(modules)))
    for key, targets in runtime.items():
        if statement_edges.get(key, set()) != targets:
            totals.mismatches.append(f"IL007 {root}: {key} static {statement_edges.get(key)} runtime {targets}")
    if all(entry["error"] is None for entry in truth):
        edges = {(importer, t) for (importer, _), targets in runtime.items() for t in targets}
        runtime_sccs = cycles.components(sorted(modules), edges)
        if runtime_sccs != graph.components:
            totals.mismatches.append(f"IL007 {root}: components {graph.components} runtime {runtime_sccs}")


def _facts(failures: Iterable[simulate.Failure]) -> set[tuple[str, str, int, int, tuple[str, ...]]]:
    return {(f.entry, f.importer.name, f.node.line, f.source_line, f.chain) for f in failures}


def test_random_trees_match_cpython(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    totals = Totals()
    for index in range(TREES):
        tree = make_random_tree(rng)
        root = tmp_path / f"t{index}"
        write_tree(root, tree)
        check_tree(root, tree, totals)
    print(
        f"\n{totals.trees} trees, {totals.modules} modules, {totals.statements} lines, "
        f"{totals.failing} failing statements, {len(totals.mismatches)} mismatches"
    )
    assert totals.failing > 0, "the generator made no failing statement: it tests nothing"
    assert totals.mismatches == []
