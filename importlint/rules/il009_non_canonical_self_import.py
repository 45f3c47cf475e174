"""IL009 non-canonical-self-import."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Edit, Finding
from ..tree import alias_prefix, relative_form
from ._base import Example, FileContext, FixAvailability, Rule
from ._self_import import alias_reason, file_reason, missing, outside_tree, script_clause, too_deep

if TYPE_CHECKING:
    from ..model import Alias, ImportStmt

UNSAFE = (
    " (not fixed: the module would then load once, so its module-level code stops running twice "
    "and the names become the canonical module's objects; use --unsafe-fixes)"
)


@dataclass(frozen=True)
class _Alternate:
    """An absolute name of the file's own code through a directory above its sys.path root."""

    name: str  # as imported: `src.P.a`
    prefix: str  # the directories above the root, dotted: `src`
    canonical: str  # the name the tree gives the module: `P.a`

    @property
    def package(self) -> str:
        """The alternate name of the top-level package: `src.P`."""
        return f"{self.prefix}.{self.canonical.partition('.')[0]}"


def _alternate(name: str, ctx: FileContext) -> _Alternate | None:
    top = ctx.module.top_level
    prefix = alias_prefix(name, top, ctx.module.root) if top else None
    if prefix is None:
        return None
    return _Alternate(name, prefix, name[len(prefix) + 1 :])


class NonCanonicalSelfImport(Rule):
    """
    ## What it does
    Checks for imports of the file's own package under another name: `from src.P.a import x`
    where `src/` holds the top-level package `P` (a configured `src` entry, or the
    directory the tree finds `P` in), or `from backend.app.a import x` where `app` is the
    top-level package found under `backend/`.

    ## Why is this bad?
    CPython keys modules by name: with both `src/` and its parent on `sys.path` (an
    editable install and the working directory, say), `src.P.a` is a second module
    object loaded from the same file. Its module-level code runs again, and every class,
    function and global exists twice: `isinstance` and `except` checks fail across the
    copies, and state set on one copy is not seen on the other.

    ## Example
    ```python
    # src/P/m.py, with src/P/a.py
    from src.P.a import x
    ```

    Use instead:
    ```python
    # src/P/m.py
    from .a import x
    ```

    ## Fix safety
    The fix names the same file by its canonical name: relatively, as IL001 would, or as
    the canonical absolute import (`from P.a import x`) when the relative form would need
    more dots than `max-level`. `import src.P.a as m` becomes `from . import a as m`
    (or `import P.a as m`), and `import src.P as p` becomes `import P as p`; `from src
    import P` is reported without a fix (only `import P` names the package itself).
    Every fix is verified to bind the same names from the same modules once `src.P` is
    read as `P`.

    The fix is unsafe, so only `--unsafe-fixes` applies it: it changes what the program
    does, which is the point, so no proof that behaviour stays the same exists. What the
    runtime tests prove instead, with both `src/` and its parent on `sys.path`: after the
    fix the program is the one before with `src.P` read as `P` (every name bound to the
    same function, class or value of the same file), except that the duplicate modules
    are gone from `sys.modules`, their module-level code runs once, and objects made by
    the package now pass `isinstance` against the imported class. Where the file itself
    is imported as `src.P.m`, the relative form resolves to `src.P.a` exactly as before.
    Code that relied on the copy breaks: a test that patches `src.P.a.x` and expects
    `P.m` to see it, an `except` for the copy's exception class raised by code that
    imports `src.P.a`, module-level code whose second run mattered.

    The fix is withheld, and the message says why, when:
    - another directory below the alternate root holds the same path (`legacy/src/P` next
      to `src/P`): `sys.path` order decides which one `src.P` is, maybe not this file's;
      or the search for such directories stopped at its bounds (6 levels, 5,000
      directories; virtual environments, `build` and hidden directories are not searched);
    - `import src.P.a` has no alias: it binds the name `src`;
    - the canonical module does not exist, or IL001's checks refuse the relative form (a
      file whose name is no module name, a namespace portion, an `__init__` that binds
      the submodule's name, a file reached under two names). As with IL001 and
      `--unsafe-fixes`, a script is fixed: `python src/P/cli.py` then stops at the
      relative import.
    Without `--unsafe-fixes` the violation is reported without a fix.

    ## Options
    - `src`: directories that hold top-level packages; the package's name starts below them.
    - `max-level`: a relative form with more dots becomes the canonical absolute import.
    """

    code = "IL009"
    name = "non-canonical-self-import"
    summary = "Import of the file's own package through a directory above it: the module loads twice"
    fix_availability = FixAvailability.SOMETIMES

    valid = (
        Example("from P.a import x\n", path="src/P/m.py", files=("src/P/a.py",)),
        Example("from .a import x\n", path="src/P/m.py", files=("src/P/a.py",)),
        Example("from src.Q.a import x\n", path="src/P/m.py", files=("src/Q/a.py",)),
        Example("from other.P.a import x\n", path="src/P/m.py", files=("src/P/a.py",)),
        Example("from src.P.a import x\n", path="tools/run.py", files=("src/P/a.py",)),
    )
    invalid = (
        Example(
            "from src.P.a import x\n",
            path="src/P/m.py",
            files=("src/P/a.py",),
            fixed="from .a import x\n",
            options={"src": ["src"]},
            args=("--unsafe-fixes",),
        ),
        Example(
            "import backend.app.models as models\n",
            path="backend/app/views.py",
            files=("backend/app/models.py",),
            fixed="from . import models as models\n",
            options={"src": ["backend"]},
            args=("--unsafe-fixes",),
        ),
        Example(
            "from src.P.sub.a import x\n",
            path="src/P/sub/m.py",
            files=("src/P/sub/a.py",),
            fixed="from P.sub.a import x\n",
            options={"src": ["src"], "max-level": 0},
            args=("--unsafe-fixes",),
        ),
        # without --unsafe-fixes: reported, not fixed
        Example(
            "from src.P.a import x\n",
            path="src/P/m.py",
            files=("src/P/a.py",),
            options={"src": ["src"]},
            message="so Python loads it a second time; import it as `from .a import ...` (not fixed:",
        ),
        # `import src.P.a` binds `src`
        Example("import src.P.a\n", path="src/P/m.py", files=("src/P/a.py",), options={"src": ["src"]}),
        # two directories hold `backend/app`: sys.path order decides which one loads
        Example(
            "from backend.app.a import x\n",
            path="backend/app/m.py",
            files=("backend/app/a.py", "legacy/backend/app/a.py"),
            options={"src": ["backend"]},
            args=("--unsafe-fixes",),
        ),
    )

    def check(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        if ctx.module.top_level is None or stmt.level > 0:
            return
        if stmt.is_from:
            yield from self._check_from(stmt, ctx)
        else:
            yield from self._check_import(stmt, ctx)

    # -- the statement forms -----------------------------------------------------------

    def _check_from(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        alt = _alternate(stmt.module or "", ctx)
        if alt is None:
            yield from self._check_package_name(stmt, ctx)
            return
        if not self._is_own_code(alt, ctx):
            return
        level, rest = relative_form(alt.canonical, ctx.module.package)
        if too_deep(level, ctx):
            level, rest = 0, alt.canonical
        head = f"from {'.' * level}{rest} import ..."
        message = self._message(alt, head)
        blocked, shown = self._withheld(alt, ctx, relative=level > 0)
        fix = None
        if not blocked:
            from .. import fixes  # libcst loads only when a file is checked, never for `explain`

            fix = fixes.from_module(stmt, level, rest)
        yield self._finding(stmt, message + shown, fix, alt)

    def _check_package_name(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        """`from src import P`: the top-level package itself under another name. Reported
        without a fix: only `import P` names it canonically, a statement of another kind."""
        for alias in stmt.names:
            alt = _alternate(f"{stmt.module}.{alias.name}", ctx)
            if alt is not None and alt.prefix == stmt.module and self._is_own_code(alt, ctx):
                form = f"import {alt.canonical}" + (f" as {alias.asname}" if alias.asname else "")
                clause = f" (not fixed: a `from` import cannot name it; write `{form}`)"
                yield self._finding(stmt, self._message(alt, form) + clause, None, alt)
                return

    def _check_import(self, stmt: ImportStmt, ctx: FileContext) -> Iterator[Finding]:
        relative: dict[int, tuple[int, str]] = {}
        absolute: dict[int, str] = {}
        flagged: list[_Alternate] = []
        reasons: list[str] = []
        for index, alias in enumerate(stmt.names):
            alt = _alternate(alias.name, ctx)
            if alt is None or not self._is_own_code(alt, ctx):
                continue
            flagged.append(alt)
            shown, target = self._import_target(alias, alt, ctx)
            if shown:
                reasons.append(shown)
            if isinstance(target, str):
                absolute[index] = target
            elif target is not None:
                relative[index] = target
        if not flagged:
            return
        message = self._message(flagged[0], flagged[0].canonical)
        fix = None
        if relative or absolute:
            from .. import fixes  # libcst loads only when a file is checked, never for `explain`

            # relative forms first: a name left absolute is fixed in the next round
            fix = fixes.import_to_from(stmt, relative) if relative else fixes.rename_imports(stmt, absolute)
        if fix is None or not ctx.settings.unsafe_fixes:
            message += reasons[0]
        yield self._finding(stmt, message, fix, flagged[0])

    def _import_target(
        self, alias: Alias, alt: _Alternate, ctx: FileContext
    ) -> tuple[str, tuple[int, str] | str | None]:
        """(what the message says about one alias, its fix or None): the fix is (dots,
        parent) for the relative `from` form, or the canonical dotted name for an absolute
        `import`, and None when not even --unsafe-fixes may rewrite the alias."""
        if alias.asname is None:
            return f" (not fixed: `import {alt.name}` binds the name `{alt.name.partition('.')[0]}`)", None
        parent = alt.canonical.rpartition(".")[0]
        level, rest = relative_form(parent, ctx.module.package) if parent else (0, "")
        relative = bool(parent) and not too_deep(level, ctx)
        blocked, shown = self._withheld(alt, ctx, relative)
        if not blocked and relative:
            blocked = alias_reason(alt.canonical, ctx)
        if blocked:
            return shown or blocked, None
        return shown, ((level, rest) if relative else alt.canonical)

    # -- shared ------------------------------------------------------------------------

    @staticmethod
    def _message(alt: _Alternate, canonical_form: str) -> str:
        where = alt.prefix.replace(".", "/")
        return (
            f"`{alt.name}` is this package's `{alt.canonical}` under another name (through `{where}/`), "
            f"so Python loads it a second time; import it as `{canonical_form}`"
        )

    def _finding(self, stmt: ImportStmt, message: str, fix: str | None, alt: _Alternate) -> Finding:
        """Every fix of this rule is unsafe: the module stops loading twice, on purpose."""
        top = alt.canonical.partition(".")[0]
        edit = None if fix is None else Edit(stmt.span[0], stmt.span[1], fix, (alt.package, top))
        return Finding(self.code, message, edit, unsafe=True)

    @staticmethod
    def _alternate_root(alt: _Alternate, ctx: FileContext) -> str:
        """The sys.path entry the alternate name imports from: the root minus the prefix."""
        root = os.path.normpath(ctx.module.root)
        for _ in alt.prefix.split("."):
            root = os.path.dirname(root)
        return root

    def _is_own_code(self, alt: _Alternate, ctx: FileContext) -> bool:
        """True if, from the alternate root, the alternate name reaches this package's
        directory (a module file `src.py` would hide `src/`: then it is someone else's)."""
        roots = ctx.tree.alias_roots(self._alternate_root(alt, ctx), alt.prefix, alt.canonical.partition(".")[0])
        return roots is None or self._alternate_root(alt, ctx) in roots

    def _uncertain(self, alt: _Alternate, ctx: FileContext) -> str:
        """Why `alt.package` may be another directory than this package's ("" if it cannot)."""
        scope = self._alternate_root(alt, ctx)
        roots = ctx.tree.alias_roots(scope, alt.prefix, alt.canonical.partition(".")[0])
        path = "/".join(alt.package.split("."))
        if roots is None:
            return f" (not fixed: too many directories below the alternate root to be sure no other `{path}` exists)"
        others = [os.path.relpath(r, scope).replace(os.sep, "/") for r in roots if r != scope]
        if others:
            return (
                f" (not fixed: `{others[0]}/{path}` exists too, so sys.path order decides which one `{alt.package}` is)"
            )
        return ""

    def _withheld(self, alt: _Alternate, ctx: FileContext, relative: bool) -> tuple[str, str]:
        """(why the statement keeps its alternate name even under --unsafe-fixes, what the
        message says about its fix): ("", "") when the fix is applied."""
        reason = self._uncertain(alt, ctx) or missing(alt.canonical, ctx)
        script = ""
        if not reason and relative:
            reason = file_reason(ctx)
            script = "" if reason else script_clause(ctx)
            reason = reason or outside_tree(alt.canonical, ctx)
        elif not reason and ctx.unfixable is not None:
            reason = f" (not fixed: {ctx.unfixable})"
        return reason, script or reason or ("" if ctx.settings.unsafe_fixes else UNSAFE)
