"""The package-tree model: which module a file is, and what relative imports resolve to.

The name arithmetic (`resolve`, `relative_form`, `is_within`) is pure and mirrors
`importlib`; `PackageTree` is the one place that reads the disk, and it reads it
around each file (not from the argv file list), so linting one file as pre-commit
does gives the same answers as linting the whole tree.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

INIT_FILES = ("__init__.py", "__init__.pyi")
SOURCE_SUFFIXES = (".py", ".pyi")
EXTENSION_SUFFIXES = (".so", ".pyd")

# A recorded tree fact: (query method name, its arguments, its answer). Arguments and
# answers are JSON values (str, int, bool, None, lists of them), so the cache can store
# the fact and later ask the same question of the disk again.
Fact = tuple[str, tuple[Any, ...], Any]
FACT_QUERIES: set[str] = set()  # the PackageTree methods whose answers are facts

_Q = TypeVar("_Q", bound=Callable[..., Any])


def fact(method: _Q) -> _Q:
    """Mark a PackageTree query whose answer a verdict can depend on: while a recording is
    open, each call is recorded, so a cached verdict is re-checked against the same facts."""
    FACT_QUERIES.add(method.__name__)

    @functools.wraps(method)
    def wrapper(self: PackageTree, *args: Any) -> Any:
        answer = method(self, *args)
        if self._facts is not None:
            key = (method.__name__, repr(args))
            if key not in self._recorded:  # a question asked twice is one fact
                self._recorded.add(key)
                self._facts.append((method.__name__, args, answer))
        return answer

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class ModuleInfo:
    """Where a file sits in the package tree."""

    name: str  # "P.a.c"; "P.a" for P/a/__init__.py
    package: str  # what __package__ would be: "P.a"; "" for a top-level module
    is_package: bool  # the file is an __init__.py/.pyi
    root: str  # the directory that must be on sys.path for `name` to import
    # the innermost directory without `__init__.py` inside a regular package that the file
    # lies in (a namespace portion, CPython imports `P/sub/m.py` as `P.sub.m`), relative to
    # `root` with `/` separators; "" when there is none
    portion: str = ""
    # the absolute path this was asked about (as spelled: maybe through a symlink)
    path: str = field(default="", compare=False)
    # the directory of the top-level package (`requests-stubs` for `requests`); "" outside one
    top_dir: str = field(default="", compare=False)

    @property
    def is_stub(self) -> bool:
        """The file is a `.pyi` stub: what it imports need only exist for type checkers."""
        return self.path.endswith(".pyi")

    @property
    def top_level(self) -> str | None:
        """The top-level package the file belongs to, or None outside any package."""
        return self.package.partition(".")[0] or None


def is_within(name: str, package: str) -> bool:
    """True if module `name` is `package` or lies inside it (never a bare string prefix)."""
    return name == package or name.startswith(package + ".")


def resolve(level: int, module: str | None, package: str) -> str:
    """The absolute module a relative import names, like `importlib.util.resolve_name`.

    Raises ValueError when `level` climbs above the top-level package (or when there
    is no package at all), the cases where Python raises ImportError.
    """
    if level == 0:
        if not module:
            raise ValueError("an absolute import needs a module")
        return module
    if not package:
        raise ValueError("relative import outside a package")
    # mirrors importlib._bootstrap._resolve_name: package.rsplit(".", level - 1)
    bits = package.rsplit(".", level - 1)
    if len(bits) < level:
        raise ValueError("relative import beyond top-level package")
    base = bits[0]
    return f"{base}.{module}" if module else base


def alias_prefix(name: str, top: str, root: str) -> str | None:
    """The directories above the sys.path entry `root` through which absolute module `name`
    reaches top-level package `top` (IL009): `alias_prefix("src.P.a", "P", "/repo/src") ==
    "src"`; None when `name` does not name `top` that way. Pure: the disk is not read.
    A name that starts with `top` is `top`'s own (`app.app.m`: the package `app` wins)."""
    parts = name.split(".")
    above = os.path.normpath(root).split(os.sep)
    if parts[0] == top:
        return None
    for index in range(1, len(parts)):
        if parts[index] == top and index < len(above) and above[len(above) - index :] == parts[:index]:
            return ".".join(parts[:index])
    return None


def names_inner_part(name: str, top: str) -> bool:
    """True if `top` is a part of dotted `name` after its first (a cheap IL009 pre-filter)."""
    return f".{top}." in f"{name}."


def relative_form(target: str, package: str) -> tuple[int, str]:
    """How `package` would name module `target` relatively: (dots, dotted rest).

    `relative_form("P.a.b", "P.a") == (1, "b")`; `relative_form("P", "P.sub") == (2, "")`.
    Both must share their first part; the caller checks that with `is_within`.
    """
    target_parts = target.split(".")
    package_parts = package.split(".")
    shared = 0
    for mine, theirs in zip(package_parts, target_parts):
        if mine != theirs:
            break
        shared += 1
    return len(package_parts) - shared + 1, ".".join(target_parts[shared:])


def module_path_parts(path: str) -> tuple[str, bool]:
    """The module stem of a file name and whether it names its package (`__init__`)."""
    base = os.path.basename(path)
    for suffix in SOURCE_SUFFIXES:
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    else:
        base = base.partition(".")[0]
    return base, base == "__init__"


# What a directory is to the import system (None: not a package)
REGULAR = "regular"  # holds __init__.py(i)
PORTION = "portion"  # no __init__, inside a package: CPython makes it a namespace portion
NAMESPACE = "namespace"  # a configured namespace package (or below one)
STUBS = "stubs"  # a top-level PEP 561 stub-only package, `name-stubs`
STUBS_SUFFIX = "-stubs"
# files that make a top-level directory a project checkout rather than an import name
PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")
# module files that win over a directory without __init__ of the same name at runtime
_RUNTIME_MODULE_SUFFIXES = (".py", ".pyc", *EXTENSION_SUFFIXES)
# how far `alias_roots` looks for other copies of a package below an alternate root
ALIAS_SEARCH_DEPTH = 6
ALIAS_SEARCH_DIRS = 5000


@dataclass
class _Links:
    """The symlinks below one sys.path root's top-level packages (walked once)."""

    files: dict[str, list[str]]  # real path of a linked module file -> the link paths
    dirs: list[tuple[str, str]]  # (link path, real directory) of directory links


class PackageTree:
    """Reads package directories from the disk, caching every directory it looks at.

    `namespace_packages` are absolute directories treated as PEP 420 namespace
    packages together with all their subdirectories; `src_roots` are absolute
    directories that hold top-level packages, so the upward walk stops there.
    Inside a regular package a directory without `__init__.py` is a namespace
    portion, as in CPython; a top-level `name-stubs` directory is package `name`.
    """

    def __init__(self, namespace_packages: Iterable[str] = (), src_roots: Iterable[str] = ()) -> None:
        self.namespace_packages = tuple(os.path.normcase(os.path.abspath(p)) for p in namespace_packages)
        self.src_roots = frozenset(os.path.normcase(os.path.abspath(p)) for p in src_roots)
        self._kinds: dict[str, str | None] = {}
        self._listing: dict[str, frozenset[str] | None] = {}
        self._parts: dict[str, tuple[list[str], str, str]] = {}
        self._infos: dict[str, ModuleInfo] = {}  # by path: the name Python imports it under
        self._lexical: dict[str, ModuleInfo] = {}  # by path: the name as spelled
        self._real: dict[str, str] = {}
        self._real_dirs: dict[str, str] = {}  # directory -> its real path, kept for the run
        self._facts: list[Fact] | None = None  # open recording (see `recording`)
        self._recorded: set[tuple[str, str]] = set()  # what the open recording already holds
        self._links: dict[str, _Links] = {}
        self._files: dict[str, bool] = {}  # os.path.isfile, by path
        self._module_files: dict[tuple[str, str, bool], bool] = {}  # `_module_file`, by its arguments
        self._alias_roots: dict[tuple[str, str, str], list[str] | None] = {}  # `alias_roots` walks once

    def listing(self, directory: str) -> frozenset[str] | None:
        """The names in `directory` (None if it cannot be listed)."""
        try:
            return self._listing[directory]
        except KeyError:
            pass
        try:
            names: frozenset[str] | None = frozenset(os.listdir(directory))
        except (OSError, ValueError):  # ValueError: a NUL byte in the path
            names = None
        self._listing[directory] = names
        return names

    def in_namespace_package(self, directory: str) -> bool:
        """True if `directory` is, or lies under, a configured namespace package."""
        key = os.path.normcase(directory)
        return any(key == ns or key.startswith(ns + os.sep) for ns in self.namespace_packages)

    # -- directories ---------------------------------------------------------------------

    def is_package_dir(self, directory: str) -> bool:
        """True if `directory` is a package: regular, a namespace portion inside one, a
        configured namespace package or a stub-only package."""
        return self.dir_kind(directory) is not None

    def dir_kind(self, directory: str) -> str | None:
        """REGULAR, PORTION, NAMESPACE, STUBS, or None for a directory that is no package.

        Iterative: a portion's status depends on every directory above it, and a deep
        tree must not exhaust the stack.
        """
        pending: list[str] = []
        current = directory
        while current not in self._kinds:
            own = self._own_kind(current)
            if own != PORTION:
                self._kinds[current] = own
                break
            parent = os.path.dirname(current)
            if parent == current:
                self._kinds[current] = None
                break
            pending.append(current)
            current = parent
        for below in reversed(pending):  # a portion is a package only below a package
            self._kinds[below] = PORTION if self._kinds[os.path.dirname(below)] is not None else None
        return self._kinds[directory]

    def _own_kind(self, directory: str) -> str | None:
        """What the directory's own entries say; PORTION means "if its parent is a package"."""
        name = os.path.basename(directory)
        if os.path.normcase(directory) in self.src_roots or os.path.dirname(directory) == directory:
            return None  # a source root holds top-level packages; `/` has no name
        if not name.isidentifier():
            return self._stubs_kind(directory, name)  # `my-project` cannot be imported
        if self.in_namespace_package(directory):
            return NAMESPACE if os.path.isdir(directory) else None
        names = self.listing(directory)
        if names is None:
            return None
        if self._has_init(directory, names):
            return REGULAR
        if ".git" in names:
            return None  # a repository root is never a portion of whatever lies above it
        if self._module_file(os.path.dirname(directory), name, False):
            return None  # `P/sub.py` wins over a `P/sub/` without __init__ (FileFinder's order)
        return PORTION

    def _stubs_kind(self, directory: str, name: str) -> str | None:
        """STUBS for a top-level `name-stubs` package (PEP 561), else None."""
        stem = name[: -len(STUBS_SUFFIX)]
        if not name.endswith(STUBS_SUFFIX) or not stem.isidentifier():
            return None
        names = self.listing(directory)
        if names is None or not self._has_init(directory, names):
            return None
        return None if self.is_package_dir(os.path.dirname(directory)) else STUBS

    @staticmethod
    def _has_init(directory: str, names: frozenset[str]) -> bool:
        return any(init in names and os.path.isfile(os.path.join(directory, init)) for init in INIT_FILES)

    @staticmethod
    def part_name(directory: str) -> str:
        """The name a package directory gives its part of a dotted name."""
        name = os.path.basename(directory)
        return name[: -len(STUBS_SUFFIX)] if name.endswith(STUBS_SUFFIX) else name

    def _package_parts(self, directory: str) -> tuple[list[str], str, str]:
        """(dotted parts of the package `directory` belongs to, the sys.path root, the
        innermost namespace portion on the way or "")."""
        try:
            return self._parts[directory]
        except KeyError:
            pass
        chain: list[str] = []
        portion = ""
        current = directory
        while True:
            kind = self.dir_kind(current)
            if kind is None:
                break
            if kind == PORTION and not portion:
                portion = current
            chain.append(self.part_name(current))
            current = os.path.dirname(current)
        result = (chain[::-1], current, portion)
        self._parts[directory] = result
        return result

    # -- files ---------------------------------------------------------------------------

    def module_info(self, path: str) -> ModuleInfo:
        """The module a file at `path` is (the file itself need not exist: stdin mode).

        A file reached through a directory symlink, or a file symlink from outside any
        package, is named by its real path when that lies in a package (the name Python
        imports it under from the package that holds it); a file symlink inside a package
        is that package's module. Its other names are its `aliases`.
        """
        path = os.path.abspath(path)
        self.module_record(path)  # recorded: the cache re-checks the whole context
        return self._module_info(path)

    @fact
    def module_record(self, path: str) -> list[Any]:
        """The module context of `path` as a fact: name, package, is_package, root, portion."""
        info = self._module_info(path)
        return [info.name, info.package, info.is_package, info.root, info.portion]

    def _module_info(self, path: str) -> ModuleInfo:
        try:
            return self._infos[path]
        except KeyError:
            pass
        info = self._info_at(path)
        real = self._realpath(path)
        if os.path.normcase(real) != os.path.normcase(path) and not (info.package and os.path.islink(path)):
            # reached through a directory link, or a file link from outside any package:
            # the name is the real file's. A file link that sits in a package is a module
            # of that package (`import P.shared` finds P/shared.py and names it so).
            real_info = self._info_at(real)
            if real_info.package:
                info = replace(real_info, path=path)
        self._infos[path] = info
        return info

    def _info_at(self, path: str) -> ModuleInfo:
        """The module name of `path` as spelled, walking its directories lexically."""
        try:
            return self._lexical[path]
        except KeyError:
            info = self._lexical[path] = self._compute_info_at(path)
            return info

    def _compute_info_at(self, path: str) -> ModuleInfo:
        stem, is_init = module_path_parts(path)
        directory = os.path.dirname(path)
        if is_init and (self.is_package_dir(directory) or self._can_be_package(directory)):
            # an `__init__.py` makes its directory a regular package, even before it is on disk (stdin)
            parts, root, portion = self._package_parts(os.path.dirname(directory))
            package = ".".join([*parts, self.part_name(directory)])
            top = self._top_dir(path, root)
            return ModuleInfo(package, package, True, root, self._relative(portion, root), path, top)
        parts, root, portion = self._package_parts(directory)
        package = ".".join(parts)
        top = self._top_dir(path, root) if parts else ""
        return ModuleInfo(".".join([*parts, stem]), package, False, root, self._relative(portion, root), path, top)

    @staticmethod
    def _top_dir(path: str, root: str) -> str:
        below = path[len(root) :].lstrip(os.sep)  # `root` is an ancestor of `path` as spelled
        return os.path.join(root, below.split(os.sep)[0])

    def _realpath(self, path: str) -> str:
        try:
            return self._real[path]
        except KeyError:
            real = self._real[path] = self._resolve(path)
            return real

    def _resolve(self, path: str) -> str:
        """os.path.realpath of the absolute `path`, one lstat per file: the files of a
        directory share its real path, which is resolved (component by component) once.
        Exactly realpath's answer on POSIX: a last component that is no symlink (or cannot
        be lstat'ed, which realpath treats the same) is appended to the directory's."""
        directory, name = os.path.split(path)
        if os.name != "posix" or not name or name in (os.curdir, os.pardir):
            return os.path.realpath(path)  # Windows resolves whole paths (junctions, 8.3 names)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.realpath(path)
        except OSError:  # missing (stdin mode): realpath goes on lexically too
            pass
        except ValueError:  # a NUL byte: whatever realpath does with it
            return os.path.realpath(path)
        try:
            real_dir = self._real_dirs[directory]
        except KeyError:
            real_dir = self._real_dirs[directory] = os.path.realpath(directory)
        return os.path.join(real_dir, name)

    def forget(self, path: str) -> None:
        """Drop the memos that only the file at `path` needed (its names), once it is done:
        a run over many files then keeps what is per directory, not per file."""
        path = os.path.abspath(path)
        for memo in (self._infos, self._lexical, self._real):
            memo.pop(path, None)

    @staticmethod
    def _relative(directory: str, root: str) -> str:
        """`directory` below its ancestor `root`, with `/` separators ("" for none)."""
        return directory[len(root) :].lstrip(os.sep).replace(os.sep, "/") if directory else ""

    def _can_be_package(self, directory: str) -> bool:
        name = os.path.basename(directory)
        return name.isidentifier() and os.path.normcase(directory) not in self.src_roots

    # -- recording -----------------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[Fact]]:
        """Record every fact query answered inside the block (what a cached verdict used)."""
        outer, self._facts = self._facts, []
        outer_recorded, self._recorded = self._recorded, set()
        try:
            yield self._facts
        finally:
            self._facts, self._recorded = outer, outer_recorded

    def facts_hold(self, facts: Iterable[Fact]) -> bool:
        """True if every recorded fact still has the answer it had (unknown queries fail)."""
        for name, args, answer in facts:
            if name not in FACT_QUERIES:
                return False
            try:
                if _jsonable(getattr(self, name)(*args)) != _jsonable(answer):
                    return False
            except (TypeError, ValueError):
                return False
        return True

    # -- modules -------------------------------------------------------------------------

    @fact
    def module_exists(self, name: str, root: str, stubs: bool) -> bool:
        """True if absolute module `name` exists below the sys.path entry `root`.

        With `stubs` False, as CPython's import system finds it at runtime: a `.py` or
        `.pyc` file (a link to one too, never a dangling link or a directory of that name),
        an extension module (any ABI tag: projects build for several Pythons) or a
        package, regular or a namespace portion; each parent must be a package that no
        module file of the same name hides. With `stubs` True (an import made from a
        `.pyi` file), as a type checker sees it: `.pyi` modules and packages marked by
        `__init__.pyi` count, and the top-level part may be a stub-only `name-stubs`.
        """
        parts = name.split(".")
        return any(self._exists_below(top, parts[1:], stubs) for top in self._top_dirs(root, parts[0], stubs))

    def _top_dirs(self, root: str, first: str, stubs: bool) -> list[str]:
        plain = os.path.join(root, first)
        if stubs and self.dir_kind(plain + STUBS_SUFFIX) == STUBS:
            return [plain, plain + STUBS_SUFFIX]
        return [plain]

    def _exists_below(self, top: str, rest: list[str], stubs: bool) -> bool:
        directory, last = os.path.dirname(top), os.path.basename(top)
        for part in [os.path.basename(top), *rest][:-1]:
            directory = os.path.join(directory, part)
            if not self._imports_as_package(directory, stubs):
                return False
        if rest:
            last = rest[-1]
        # every package directory imports at runtime (one with only `__init__.pyi` as a
        # namespace portion, unless a module file wins, which is then the module)
        return self.is_package_dir(os.path.join(directory, last)) or self._module_file(directory, last, stubs)

    def _imports_as_package(self, directory: str, stubs: bool) -> bool:
        """True if `directory` is a package that can hold submodules. At runtime only an
        `__init__` CPython loads makes it a regular package; one with only `__init__.pyi`
        is a namespace portion, which a module file of the same name (`a.py`) hides."""
        kind = self.dir_kind(directory)
        if kind is None or stubs:
            return kind is not None
        if kind == STUBS:
            return False
        if kind != REGULAR or self._module_file(directory, "__init__", False):
            return True
        return not self._module_file(os.path.dirname(directory), os.path.basename(directory), False)

    def _module_file(self, directory: str, stem: str, stubs: bool) -> bool:
        """True if `directory` holds a file (or a link to one) that is module `stem`:
        asked once per run (every import below a package asks it of each parent), from
        answers that are themselves read once per run (the listing, each isfile)."""
        key = (directory, stem, stubs)
        try:
            return self._module_files[key]
        except KeyError:
            answer = self._module_files[key] = self._find_module_file(directory, stem, stubs)
            return answer

    def _find_module_file(self, directory: str, stem: str, stubs: bool) -> bool:
        names = self.listing(directory) or frozenset()
        suffixes = (*SOURCE_SUFFIXES, ".pyc", *EXTENSION_SUFFIXES) if stubs else _RUNTIME_MODULE_SUFFIXES
        prefix = stem + "."
        # extension modules carry an ABI tag: name.cpython-311-x86_64-linux-gnu.so
        candidates = [stem + suffix for suffix in suffixes]
        candidates += [n for n in names if n.startswith(prefix) and n.endswith(EXTENSION_SUFFIXES)]
        return any(n in names and self._is_file(os.path.join(directory, n)) for n in candidates)

    def _is_file(self, path: str) -> bool:
        try:
            return self._files[path]
        except KeyError:
            answer = self._files[path] = os.path.isfile(path)
            return answer

    @fact
    def missing_package_hint(self, name: str, root: str) -> str | None:
        """Why `name` cannot exist although a directory on its way does, as a clause for
        messages with paths relative to `root`: the directory that is not a package."""
        directory = root
        for part in name.split(".")[:-1]:
            parent, directory = directory, os.path.join(directory, part)
            if self.is_package_dir(directory):
                continue
            if not os.path.isdir(directory):
                return None
            where = self._relative(directory, root)
            names = self.listing(parent) or frozenset()
            shadow = sorted(n for n in names if n.startswith(part + ".") and n.endswith(_RUNTIME_MODULE_SUFFIXES))
            if shadow:
                return f"module `{self._relative(os.path.join(parent, shadow[0]), root)}` hides the directory `{where}`"
            return f"`{where}` is not a package"
        return None

    # -- aliases and trust ---------------------------------------------------------------

    @fact
    def aliases(self, path: str) -> list[str]:
        """The other module names the same file is imported under, through file or
        directory symlinks anywhere below the sys.path roots involved (sorted)."""
        path = os.path.abspath(path)
        own = self._module_info(path)
        real = self._realpath(path)
        roots = {own.root, self._info_at(path).root, *self._src_root_paths()}
        candidates = {path, real}
        for root in sorted(roots):
            links = self._links_below(root)
            candidates.update(links.files.get(real, ()))
            for link, target in links.dirs:
                if real.startswith(target + os.sep):
                    candidates.add(link + real[len(target) :])
        names = set()
        for candidate in candidates:
            info = self._info_at(candidate)
            if info.package and info.name != own.name:
                names.add(info.name)
        return sorted(names)

    def _src_root_paths(self) -> list[str]:
        return [p for p in self.src_roots if os.path.isdir(p)]

    def _links_below(self, root: str) -> _Links:
        """Every file and directory symlink below the top-level packages in `root`."""
        try:
            return self._links[root]
        except KeyError:
            pass
        links = _Links({}, [])
        for name in sorted(self.listing(root) or ()):
            top = os.path.join(root, name)
            if not self.is_package_dir(top):
                continue
            if os.path.islink(top):
                links.dirs.append((top, os.path.realpath(top)))
            else:
                self._walk_links(top, links)
        self._links[root] = links
        return links

    @staticmethod
    def _walk_links(top: str, links: _Links) -> None:
        stack = [top]
        while stack:
            try:
                entries = list(os.scandir(stack.pop()))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_symlink():
                        if entry.name.endswith(SOURCE_SUFFIXES) and os.path.isfile(entry.path):
                            links.files.setdefault(os.path.realpath(entry.path), []).append(entry.path)
                        elif entry.name.isidentifier() and os.path.isdir(entry.path):
                            links.dirs.append((entry.path, os.path.realpath(entry.path)))
                    elif entry.name.isidentifier() and entry.name != "__pycache__" and entry.is_dir():
                        stack.append(entry.path)
                except OSError:
                    continue

    @fact
    def hard_links(self, path: str) -> int:
        """How many directory entries name the file at `path` (st_nlink; 0 if it cannot be
        read, as for a file only on stdin). A fact: a new link must void a cached verdict."""
        try:
            return os.stat(path).st_nlink
        except (OSError, ValueError):
            return 0

    @fact
    def project_marker(self, directory: str) -> str | None:
        """The file that makes a top-level package directory look like a project checkout
        (`.git`, pyproject.toml, setup.py, setup.cfg), or None; None too when the
        directory sits in a configured `src` root, which vouches for it."""
        if os.path.normcase(os.path.dirname(directory)) in self.src_roots:
            return None
        names = self.listing(directory) or frozenset()
        return next((marker for marker in PROJECT_MARKERS if marker in names), None)

    def unfixable_reason(self, path: str) -> str | None:
        """Why no fix may rename imports in the file at `path` (a message clause), or None."""
        info = self.module_info(path)
        if not info.package:
            return None
        aliases = self.aliases(path)
        if aliases:
            return f"the same file is also module `{aliases[0]}` through a symlink"
        links = self.hard_links(path)
        if links > 1:
            # CPython imports each path as its own module, and no scan can tell where the
            # other names of an inode are: any of them may be another module of the tree
            return f"the file has {links} hard links, so it may also be another module"
        top_dir = info.top_dir
        if not top_dir or self.dir_kind(top_dir) == NAMESPACE:
            return None
        marker = self.project_marker(top_dir)
        if marker is None:
            return None
        name = os.path.basename(top_dir)
        holds = "is the repository root" if marker == ".git" else f"holds {marker}"
        return (
            f"`{name}` {holds}, so it is probably not an importable package; "
            "set `src` in [tool.importlint] to the directory that holds your packages"
        )

    # -- what a package's __init__ binds (IL001's shadowing proof, see bindings.py) -------

    @fact
    def init_shadow(
        self, package_dir: str, package: str, name: str, attributes_only: bool = False
    ) -> tuple[str, str] | None:
        """Why `from <package> import name` may bind something other than the submodule
        `<package>.name`: (the `__init__` file name, a clause saying what it does), or None
        when neither `__init__.py` nor `__init__.pyi` binds another `name`.
        `attributes_only`: only attribute writes matter (see `bindings.shadow_reason`)."""
        from .bindings import shadow_reason  # bindings imports this module's `resolve`
        from .sourcefile import DecodeError, decode

        for init in INIT_FILES:
            path = os.path.join(package_dir, init)
            if not os.path.lexists(path):
                continue
            try:
                if not os.path.isfile(path):  # a FIFO or device is never opened (it could hang)
                    raise OSError
                with open(path, "rb") as handle:
                    text = decode(handle.read()).text
            except (OSError, DecodeError):
                return (init, "cannot be read, so what it binds is unknown")
            reason = shadow_reason(text, package, name, init.endswith(".pyi"), attributes_only)
            if reason is not None:
                return (init, reason)
        return None

    # -- another name for a top-level package (IL009) ---------------------------------------

    @fact
    def alias_roots(self, scope: str, prefix: str, top: str) -> list[str] | None:
        """The directories at or below `scope` from which `<prefix>.<top>` imports a package
        directory named `top` (each part a directory that no module file of its name hides),
        sorted. None when the search stopped at its bounds: the answer is then not known.
        Hidden directories and the built-in excludes (virtual environments, `build`, VCS)
        are not searched, and directory links are not followed."""
        key = (scope, prefix, top)
        if key not in self._alias_roots:
            self._alias_roots[key] = self._search_alias_roots(scope, [*prefix.split("."), top])
        return self._alias_roots[key]

    def _search_alias_roots(self, scope: str, parts: list[str]) -> list[str] | None:
        from .discovery import DEFAULT_EXCLUDES  # discovery imports the settings, which import the rules

        found: list[str] = []
        pending, seen = [(scope, 0)], 0
        while pending:
            directory, depth = pending.pop()
            seen += 1
            if seen > ALIAS_SEARCH_DIRS:
                return None
            names = self.listing(directory) or frozenset()
            if parts[0] in names and self._imports_chain(directory, parts):
                found.append(directory)
            if depth == ALIAS_SEARCH_DEPTH:
                continue
            for name in names:
                below = os.path.join(directory, name)
                if name.startswith(".") or name in DEFAULT_EXCLUDES or os.path.islink(below):
                    continue
                if os.path.isdir(below):
                    pending.append((below, depth + 1))
        return sorted(found)

    def _imports_chain(self, directory: str, parts: list[str]) -> bool:
        """True if `import a.b.c` (the `parts`) from the sys.path entry `directory` finds the
        directories a/b/c as packages: a module file `a.py` hides a directory `a` without
        `__init__.py` (FileFinder tries a package's `__init__` first, module files next)."""
        for part in parts:
            below = os.path.join(directory, part)
            if not part.isidentifier() or not os.path.isdir(below):
                return False
            names = self.listing(below) or frozenset()
            if not self._has_init(below, names) and self._module_file(directory, part, False):
                return False
            directory = below
        return True


def _jsonable(value: Any) -> Any:
    """Tuples and lists compare equal after a JSON round trip."""
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
