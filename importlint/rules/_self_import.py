"""What IL001 and IL009 both decide: whether an import of the file's own package may be
rewritten to name its module relatively, and what the message says when it may not.

Shared here rather than one rule importing the other: no rule module imports another.
"""

from __future__ import annotations

import os

from ..locate import is_module_name
from ._base import FileContext


def too_deep(level: int, ctx: FileContext) -> bool:
    """True if a relative form with `level` dots is more than `max-level` allows."""
    max_level = ctx.settings.max_level
    return max_level is not None and level > max_level


def alias_reason(name: str, ctx: FileContext) -> str:
    """Why `import P.a.b as m` cannot become `from .a import b as m` ("" if it can)."""
    withheld = outside_tree(name, ctx) or missing(name, ctx)
    if withheld:
        return withheld
    # `import P.a.b as m` ends with getattr(P, "a") then getattr(P.a, "b"), where
    # `from .a import b as m` takes `P.a` from sys.modules and reads `b` from it,
    # importing the submodule only if the attribute is missing: every link counts,
    # the innermost first (what the fix reads last)
    parts = name.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        reason = link_reason(parts[:depth], parts[depth], ctx)
        if reason:
            return reason
    return ""


def link_reason(package: list[str], last: str, ctx: FileContext) -> str:
    """Why `<package>.last` may not be the submodule when `import P...as m` reads it:
    the package's `__init__` binds `last`, or an `__init__` further up sets it as an
    attribute (`from . import a; a.b = 1`) or reaches namespaces by name ("" if neither)."""
    for depth in range(len(package), 0, -1):
        owner = package[:depth]
        package_dir = os.path.join(ctx.module.root, *owner)
        attributes_only = depth < len(package)
        shadow = ctx.tree.init_shadow(package_dir, ".".join(owner), last, attributes_only)
        if shadow is not None:
            init, clause = shadow
            return f" (not fixed: `{'/'.join([*owner, init])}` {clause})"
    return ""


def missing(module: str, ctx: FileContext) -> str:
    """Why a module that is not in the tree keeps its absolute import ("" if it is there).

    `import P.x as m` raises ModuleNotFoundError (name `P.x`) where `from . import x as m`
    raises a plain ImportError from `P`; and a relative `from .x import` would be IL006.
    """
    if ctx.tree.module_exists(module, ctx.module.root, ctx.module.is_stub):
        return ""
    return f" (not fixed: `{module}` does not exist)"


def file_reason(ctx: FileContext) -> str:
    """Why no import of this file may be rewritten at all, not even by --unsafe-fixes
    ("" if they may)."""
    if ctx.unfixable is not None:
        return f" (not fixed: {ctx.unfixable})"
    stem = ctx.module.name.rpartition(".")[2]
    if not is_module_name(stem):  # `gen-docs.py`, `class.py`: no import names it, --unsafe-fixes or not
        return f" (not fixed: `{stem}` is not a module name, so the file only runs as a script)"
    return ""


def script_clause(ctx: FileContext) -> str:
    """What the message says about a script's fix, which is unsafe: `python P/cli.py`
    has no package, so the relative form breaks it ("" when it is applied)."""
    if ctx.is_script and not ctx.settings.unsafe_fixes:
        return " (not fixed: the module runs as a script; use --unsafe-fixes)"
    return ""


def outside_tree(module: str, ctx: FileContext) -> str:
    """Why the relative form is not safe in the package tree ("" if it is).

    Inside a namespace portion (a directory without `__init__.py` in a package) the
    file is `P.sub.m` to CPython, but test runners import it as a top-level module,
    where a relative import fails. A directory on the way to `module` that is no
    package (a module file of the same name wins) would make the relative form fail.
    Paths are relative to the sys.path root, so messages do not depend on the cwd.
    """
    if ctx.module.portion:
        return (
            f" (not fixed: `{ctx.module.portion}` has no `__init__.py`, "
            "so test runners may import this file as a top-level module)"
        )
    hint = ctx.tree.missing_package_hint(module, ctx.module.root)
    if hint is None:
        return ""
    return f" (not fixed: {hint})"
