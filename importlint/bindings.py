"""What a module binds at top level: pure functions over source text and `ast`.

IL001 rewrites `import P.a.b as m` to `from .a import b as m`. The two differ when
`P/a/__init__` binds a name `b` of its own: `import P.a.b as m` always ends with the
submodule (importing it sets the attribute on `P.a` after `P.a` ran), while
`from .a import b` takes the attribute `P.a.b` when `P.a` has one and imports the
submodule only when it has none (`importlib._bootstrap._handle_fromlist`). So the fix is
safe only when the package's `__init__` provably binds no such name; `shadow_reason`
says why it is not.
"""

from __future__ import annotations

import ast
import functools
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .tree import resolve

if TYPE_CHECKING:
    from .locate import LineTable

_LAZY = re.compile(r"lazy[ \t\f\\]")  # a 3.15 `lazy from . import x` runs nothing on import

# calls that can write a module's namespace by name, out of sight of a static reading
_DYNAMIC_CALLS = frozenset({"globals", "vars", "exec"})

# names through which code reaches a module's namespace by name: any use of one (as a
# name, an attribute, an imported name or a bare string such as `getattr(sys, 'modules')`)
# makes what the module binds unknowable, whatever the aliasing (`g = globals; g()['b'] = 1`)
_DYNAMIC_NAMES = frozenset(
    {
        "modules", "setattr", "delattr", "globals", "locals", "vars", "exec", "eval", "__dict__",
        "__class__", "import_module", "__import__", "__getattr__", "__setattr__", "__delattr__",
        "__builtins__", "builtins", "f_globals", "f_locals",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ModuleBindings:
    """The names a module binds at top level, as far as a static reading can tell."""

    # name -> how it is bound ("binds", "deletes", "declares `global ...` for") for every
    # binding other than the package's own submodule of that name
    names: dict[str, str]
    # why the set of bound names cannot be known at all (None when it can)
    unknown: str | None
    # attribute name -> the first target that assigns or deletes it on a module the file
    # can reach (`_s.b = 1`, `del P.a.b`), outside any function parameter (`self.b = ...`)
    attributes: dict[str, str] = field(default_factory=dict)
    # why the file may set attributes of any module by name (`setattr`, `sys.modules`)
    dynamic: str | None = None


@dataclass
class _Scan:
    """Accumulates bindings while walking a module's top-level statements."""

    package: str  # the module's own package (the `__init__`'s dotted name)
    is_stub: bool
    names: dict[str, str] = field(default_factory=dict)
    unknown: str | None = None

    def bind(self, name: str, how: str = "binds") -> None:
        self.names.setdefault(name, how)

    def dynamic(self, why: str) -> None:
        if self.unknown is None:
            self.unknown = why


def target_names(target: ast.expr) -> Iterator[str]:
    """The names an assignment target binds (`a`, `a, *b`, `[a, (b, c)]`; not `x.a`, `x[a]`)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from target_names(element)
    elif isinstance(target, ast.Starred):
        yield from target_names(target.value)


def _pattern_names(pattern: ast.AST) -> Iterator[str]:
    """The capture names of a `match` case pattern (3.10+ nodes, looked up by name)."""
    for node in ast.walk(pattern):
        for attr in ("name", "rest"):  # MatchAs/MatchStar.name, MatchMapping.rest
            value = getattr(node, attr, None)
            if isinstance(value, str) and type(node).__name__.startswith("Match"):
                yield value


def _is_sys_modules(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "modules"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    )


def _writes_by_name(call: ast.Call) -> bool:
    """`globals()`, `vars()`, `exec(...)`, or `setattr(sys.modules[...], ...)`."""
    assert isinstance(call.func, ast.Name)
    if call.func.id == "vars":
        return not call.args
    if call.func.id == "setattr":
        return bool(call.args) and any(_is_sys_modules(n) for n in ast.walk(call.args[0]))
    return call.func.id in _DYNAMIC_CALLS


def _expressions(node: ast.AST, scan: _Scan) -> None:
    """Names bound by the expressions a top-level statement evaluates: walrus targets,
    also inside comprehensions (PEP 572 binds them in the enclosing scope), not in lambdas."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.NamedExpr) and isinstance(current.target, ast.Name):
            scan.bind(current.target.id)
        if isinstance(current, ast.Lambda):
            stack.extend([*current.args.defaults, *(d for d in current.args.kw_defaults if d is not None)])
            continue
        stack.extend(ast.iter_child_nodes(current))


def _function_signature(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[ast.AST]:
    """The parts of a `def`/`class` statement that run when the statement runs."""
    parts: list[ast.AST] = list(node.decorator_list)
    if isinstance(node, ast.ClassDef):
        return [*parts, *node.bases, *node.keywords]
    args = node.args
    parts += [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    return parts


def _import(node: ast.Import, scan: _Scan) -> None:
    for alias in node.names:
        if alias.asname is None:
            scan.bind(alias.name.partition(".")[0])
        elif alias.name != f"{scan.package}.{alias.asname}":  # `import P.a.b as b`: the submodule itself
            scan.bind(alias.asname)


def _import_from(node: ast.ImportFrom, scan: _Scan) -> None:
    try:
        base: str | None = resolve(node.level, node.module, scan.package)
    except ValueError:
        base = None  # fails when it runs; what it would bind does not matter, count it
    for alias in node.names:
        if alias.name == "*":
            # named by its absolute module: the message must not change when a fix in the
            # `__init__` rewrites the relative form (results never depend on fix order)
            star = base or ast.unparse(node)[len("from ") : -len(" import *")]
            scan.dynamic(f"has `from {star} import *`, which may bind `{{name}}`")
            continue
        bound = alias.asname or alias.name
        if base == scan.package and bound == alias.name:
            continue  # `from . import b` in P/a/__init__: binds the submodule P.a.b itself
        scan.bind(bound)


def _statement(node: ast.stmt, scan: _Scan) -> None:
    """Record what one top-level statement binds, descending into compound statements
    (their bodies run at import time) but not into `def`/`class` bodies."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        scan.bind(node.name)
        for part in _function_signature(node):
            _expressions(part, scan)
        return
    if isinstance(node, ast.Import):
        _import(node, scan)
        return
    if isinstance(node, ast.ImportFrom):
        _import_from(node, scan)
        return
    _simple_targets(node, scan)
    for name in ("body", "orelse", "finalbody"):
        for child in getattr(node, name, None) or ():
            _statement(child, scan)
    for handler in getattr(node, "handlers", None) or ():
        if handler.name:
            scan.bind(handler.name)
        if handler.type is not None:
            _expressions(handler.type, scan)
        for child in handler.body:
            _statement(child, scan)
    for case in getattr(node, "cases", None) or ():
        for name in _pattern_names(case.pattern):
            scan.bind(name)
        if case.guard is not None:
            _expressions(case.guard, scan)
        for child in case.body:
            _statement(child, scan)


def _simple_targets(node: ast.stmt, scan: _Scan) -> None:
    """Targets of assignments, loops, `with`, `del`, `type`; walrus in the evaluated parts."""
    targets: list[ast.expr] = []
    evaluated: list[ast.AST] = []
    if isinstance(node, ast.Assign):
        targets, evaluated = node.targets, [node.value]
    elif isinstance(node, ast.AugAssign):
        targets, evaluated = [node.target], [node.value]
    elif isinstance(node, ast.AnnAssign):
        # `b: int` binds nothing at run time, but declares `b` to a type checker in a stub
        if node.value is not None or scan.is_stub:
            targets = [node.target]
        evaluated = [node.value] if node.value is not None else []
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        targets, evaluated = [node.target], [node.iter]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
        evaluated = [item.context_expr for item in node.items]
    elif isinstance(node, ast.Delete):
        for target in node.targets:
            for name in target_names(target):
                scan.bind(name, "deletes")
    elif type(node).__name__ == "TypeAlias":  # `type b = ...` (3.12+)
        alias = getattr(node, "name", None)
        if isinstance(alias, ast.Name):
            scan.bind(alias.id)
    elif isinstance(node, (ast.If, ast.While)):
        evaluated = [node.test]
    elif isinstance(node, ast.Expr):
        evaluated = [node.value]
    elif type(node).__name__ == "Match":  # 3.10+
        evaluated = [getattr(node, "subject", node)]
    for target in targets:
        for name in target_names(target):
            scan.bind(name)
        evaluated.append(target)  # `x[(b := 1)] = ...` still binds `b`
    for part in evaluated:
        _expressions(part, scan)


def _whole_file(tree: ast.Module, scan: _Scan) -> None:
    """What anywhere in the file can do to the module namespace: `global b` in a function
    or class body, and writes by name (`globals()[...]`, `setattr(...)`, `sys.modules[...] =`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            for name in node.names:
                scan.bind(name, "declares `global {name}` in a function, which may bind")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and _writes_by_name(node):
            scan.dynamic(f"calls `{node.func.id}()`, which may bind `{{name}}` by name")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Subscript) and _is_sys_modules(t.value) for t in targets):
                scan.dynamic("assigns to `sys.modules`, so its module object may differ")


def _parse(source: str) -> ast.Module | None:
    """The module's `ast`; for a text with IL002 forms (`import .x`, `lazy` on an older
    Python), the `ast` of its repair, which binds what the fixed file will bind: so the
    verdict on another file does not depend on whether this one was fixed first."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # CPython's SyntaxWarnings are not ours to print
        try:
            return ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
        from .locate import LineTable
        from .repair import RepairedText  # only for unparseable files

        try:
            repaired = RepairedText.of(source, LineTable(source))
            return ast.parse(repaired.text) if repaired is not None else None
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


def _dynamic_use(tree: ast.Module) -> str | None:
    """The first use, in source order, of a name that reaches a namespace by name
    (`sys.modules`, `locals`, `__dict__`, ...), rendered for a message; None if none."""
    hits: list[tuple[int, int, int, int, str]] = []
    for node in ast.walk(tree):
        shown: str | None = None
        if isinstance(node, ast.Name) and node.id in _DYNAMIC_NAMES:
            shown = node.id
        elif isinstance(node, ast.Attribute) and node.attr in _DYNAMIC_NAMES:
            shown = f"{node.value.id}.{node.attr}" if isinstance(node.value, ast.Name) else node.attr
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in _DYNAMIC_NAMES:
            shown = repr(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in _DYNAMIC_NAMES:
            shown = node.name
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [part for a in node.names for part in (*a.name.split("."), a.asname or "")]
            found = [n for n in names if n in _DYNAMIC_NAMES]
            shown = found[0] if found else None
        if shown is not None:
            end = (getattr(node, "end_lineno", None) or 0, getattr(node, "end_col_offset", None) or 0)
            hits.append((getattr(node, "lineno", 0), getattr(node, "col_offset", 0), *end, shown))
    return min(hits)[4] if hits else None


def _attribute_writes(tree: ast.Module) -> dict[str, str]:
    """Attributes the file assigns or deletes (`a.b = 1`, `del _s.b`, `for P.a.b in ...`),
    by attribute name, unless the object is a function parameter (`self.b = b`): such a
    write on the package or a submodule binds the attribute that `from .a import b` reads."""
    found: dict[str, tuple[int, int, str]] = {}

    def visit(node: ast.AST, params: frozenset[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            params = params | {a.arg for a in every if a is not None}
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root: ast.expr = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if not (isinstance(root, ast.Name) and root.id in params):
                where = (node.lineno, node.col_offset, ast.unparse(node))
                found[node.attr] = min(found.get(node.attr, where), where)
        for child in ast.iter_child_nodes(node):
            visit(child, params)

    visit(tree, frozenset())
    return {name: shown for name, (_, _, shown) in found.items()}


@functools.lru_cache(maxsize=256)
def module_bindings(source: str, package: str, is_stub: bool = False) -> ModuleBindings | None:
    """What the `__init__` of `package` with this source binds at top level.

    None when the source does not parse (what it binds is then unknown).
    """
    tree = _parse(source)
    if tree is None:
        return None
    scan = _Scan(package, is_stub)
    try:
        for node in tree.body:
            _statement(node, scan)
        _whole_file(tree, scan)
        if "__getattr__" in scan.names:
            scan.dynamic("defines a module-level `__getattr__`, which may answer for `{name}`")
        dynamic = _dynamic_use(tree)
        if dynamic is not None:
            scan.dynamic(f"changes its namespace dynamically (`{dynamic}`)")
        attributes = _attribute_writes(tree)
    except RecursionError:
        return None
    reach = f"changes module namespaces dynamically (`{dynamic}`)" if dynamic is not None else None
    return ModuleBindings(dict(scan.names), scan.unknown, attributes, reach)


def shadow_reason(
    source: str, package: str, name: str, is_stub: bool = False, attributes_only: bool = False
) -> str | None:
    """Why `from <package> import name` may not bind the submodule `<package>.name` as
    `import <package>.name as m` does: a clause naming what the `__init__` does (to follow
    its file name in a message), or None when it provably binds no other `name`.

    `attributes_only`: the `__init__` is that of a package further up the chain, which
    can only reach `<package>.name` by setting attributes (`from . import a; a.b = 1`)."""
    found = module_bindings(source, package, is_stub)
    if found is None:
        return "cannot be parsed, so what it binds is unknown"
    name = unicodedata.normalize("NFKC", name)  # identifiers are NFKC-normalised by the parser
    if attributes_only:
        if found.dynamic is not None:
            return found.dynamic
        target = found.attributes.get(name)
        return None if target is None else f"sets the attribute `{target}`, which may shadow the submodule"
    if found.unknown is not None:
        return found.unknown.replace("{name}", name)
    how = found.names.get(name)
    if how is None:
        target = found.attributes.get(name)
        return None if target is None else f"sets the attribute `{target}`, which may shadow the submodule"
    if how == "binds":
        return f"binds `{name}`, which would shadow the submodule"
    if how == "deletes":
        return f"deletes `{name}`, so the attribute may not be the submodule"
    return f"{how.replace('{name}', name)} `{name}`"


def bound_names(source: str, package: str) -> Iterable[str]:
    """Every name the module binds at top level (empty when it does not parse); for tests."""
    found = module_bindings(source, package)
    return sorted(found.names) if found is not None else []


def first_relative_import_end(
    text: str, module: ast.Module, lines: LineTable, lazy_at: frozenset[int] = frozenset()
) -> int | None:
    """Where the first relative import that always runs on import ends (character offset).

    Only a statement directly in the module body counts: inside `try`, `if` or `with`
    it may be caught, skipped or suppressed. Run as `python P/x.py` (no package), that
    statement raises ImportError, so nothing after it runs there. None if there is none.
    """
    for node in module.body:
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        start = lines.offset(node.lineno, node.col_offset)
        if start in lazy_at or _LAZY.match(text, start):
            continue
        end_line = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return lines.offset(end_line, end_col)
    return None
