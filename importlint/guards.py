"""Which import statements cannot fail the program: those an enclosing `try` catches.

`try: import P._speedups except ImportError: ...` is how packages import an optional
module (a C extension a source checkout has not built): a missing module there is the
program working as designed, not an error (IL010 does not report it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

# what an `except` must name to catch the ModuleNotFoundError of a missing module
CATCHING = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_TRY_NODES = tuple(getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name))
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)  # a class body runs where it stands


def _names(expr: ast.expr | None) -> Iterator[str | None]:
    """The exception names an `except` clause or `suppress(...)` argument lists (None: unknown)."""
    if isinstance(expr, ast.Tuple):
        for element in expr.elts:
            yield from _names(element)
    elif isinstance(expr, ast.Name):
        yield expr.id
    elif isinstance(expr, ast.Attribute):  # builtins.ImportError
        yield expr.attr
    else:
        yield None


def _catches(handler: ast.ExceptHandler) -> bool:
    return handler.type is None or any(name in CATCHING for name in _names(handler.type))


def _suppresses(item: ast.withitem) -> bool:
    """`with contextlib.suppress(ImportError):` (or `suppress` imported by name)."""
    call = item.context_expr
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name == "suppress" and any(n in CATCHING for arg in call.args for n in _names(arg))


def _guarded_bodies(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists of `node` whose exceptions `node` itself catches."""
    if isinstance(node, _TRY_NODES) and any(_catches(h) for h in node.handlers):
        return [node.body]
    if isinstance(node, (ast.With, ast.AsyncWith)) and any(_suppresses(item) for item in node.items):
        return [node.body]
    return []


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")  # where statements nest in statements


def guarded_imports(module: ast.Module, text: str) -> set[int]:
    """The `id()` of every import statement that runs inside a `try` body (or a
    `suppress(...)` block) catching ImportError, within the same scope: an import in a
    function defined there runs when the function is called, outside the `try`.
    Only statements are walked (imports, `try` and `with` are statements)."""
    out: set[int] = set()
    if "try" not in text and "suppress" not in text:
        return out  # the common case: nothing can guard an import
    pending: list[tuple[ast.AST, bool]] = [(module, False)]
    while pending:  # iterative: deeply nested code must not exhaust the stack
        node, guarded = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if guarded:
                out.add(id(node))
            continue
        inner = {id(stmt) for body in _guarded_bodies(node) for stmt in body}
        for field in _BLOCKS:
            for child in getattr(node, field, None) or ():
                if isinstance(child, _SCOPES):
                    pending.append((child, False))
                else:
                    pending.append((child, guarded or id(child) in inner))
    return out
