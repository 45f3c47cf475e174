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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
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


class PackageTree:
    """Reads package directories from the disk, caching every directory it looks at.

    `namespace_packages` are absolute directories treated as PEP 420 namespace
    packages together with all their subdirectories; `src_roots` are absolute
    directories that hold top-level packages, so the upward walk stops there.
    """

    def __init__(self, namespace_packages: Iterable[str] = (), src_roots: Iterable[str] = ()) -> None:
        self.namespace_packages = tuple(os.path.normcase(os.path.abspath(p)) for p in namespace_packages)
        self.src_roots = frozenset(os.path.normcase(os.path.abspath(p)) for p in src_roots)
        self._is_package: dict[str, bool] = {}
        self._listing: dict[str, frozenset[str] | None] = {}
        self._info: dict[str, tuple[list[str], str]] = {}
        self._facts: list[Fact] | None = None  # open recording (see `recording`)
        self._links: dict[str, dict[str, list[str]]] = {}

    def listing(self, directory: str) -> frozenset[str] | None:
        """The names in `directory` (None if it cannot be listed)."""
        try:
            return self._listing[directory]
        except KeyError:
            pass
        try:
            names: frozenset[str] | None = frozenset(os.listdir(directory))
        except OSError:
            names = None
        self._listing[directory] = names
        return names

    def in_namespace_package(self, directory: str) -> bool:
        """True if `directory` is, or lies under, a configured namespace package."""
        key = os.path.normcase(directory)
        return any(key == ns or key.startswith(ns + os.sep) for ns in self.namespace_packages)

    def is_package_dir(self, directory: str) -> bool:
        """True if `directory` is a package: it holds `__init__.py(i)` or is a configured namespace."""
        try:
            return self._is_package[directory]
        except KeyError:
            pass
        if os.path.normcase(directory) in self.src_roots or not os.path.basename(directory).isidentifier():
            # a source root holds top-level packages; a name like `my-project` cannot be imported
            result = False
        elif self.in_namespace_package(directory):
            result = os.path.isdir(directory)
        else:
            names = self.listing(directory)
            result = names is not None and any(
                init in names and os.path.isfile(os.path.join(directory, init)) for init in INIT_FILES
            )
        self._is_package[directory] = result
        return result

    def _package_parts(self, directory: str) -> tuple[list[str], str]:
        """(dotted parts of the package `directory` belongs to, the sys.path root)."""
        try:
            return self._info[directory]
        except KeyError:
            pass
        if self.is_package_dir(directory):
            parent = os.path.dirname(directory)
            if parent == directory:  # the filesystem root cannot be a package name
                result: tuple[list[str], str] = ([], directory)
            else:
                parts, root = self._package_parts(parent)
                result = ([*parts, os.path.basename(directory)], root)
        else:
            result = ([], directory)
        self._info[directory] = result
        return result

    def module_info(self, path: str) -> ModuleInfo:
        """The module a file at `path` is (the file itself need not exist: stdin mode)."""
        path = os.path.abspath(path)
        stem, is_init = module_path_parts(path)
        directory = os.path.dirname(path)
        if is_init and not self.is_package_dir(directory) and self._can_be_package(directory):
            # an `__init__.py` makes its directory a package even before it is on disk (stdin)
            parent_parts, root = self._package_parts(os.path.dirname(directory))
            parts = [*parent_parts, os.path.basename(directory)]
        else:
            parts, root = self._package_parts(directory)
        package = ".".join(parts)
        if is_init and parts:
            return ModuleInfo(package, package, True, root)
        return ModuleInfo(".".join([*parts, stem]), package, False, root)

    def _can_be_package(self, directory: str) -> bool:
        name = os.path.basename(directory)
        return name.isidentifier() and os.path.normcase(directory) not in self.src_roots

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[Fact]]:
        """Record every fact query answered inside the block (what a cached verdict used)."""
        outer, self._facts = self._facts, []
        try:
            yield self._facts
        finally:
            self._facts = outer

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

    @fact
    def module_exists(self, name: str, root: str) -> bool:
        """True if absolute module `name` exists below the sys.path entry `root`.

        `.py`, `.pyi`, packages and extension modules count; each parent must be a package.
        """
        return self._module_exists(name, root)

    def _module_exists(self, name: str, root: str) -> bool:
        parts = name.split(".")
        directory = root
        for part in parts[:-1]:
            directory = os.path.join(directory, part)
            if not self.is_package_dir(directory):
                return False
        last = parts[-1]
        if self.is_package_dir(os.path.join(directory, last)):
            return True
        names = self.listing(directory)
        if not names:
            return False
        if any(last + suffix in names for suffix in SOURCE_SUFFIXES + EXTENSION_SUFFIXES):
            return True
        # extension modules carry an ABI tag: name.cpython-311-x86_64-linux-gnu.so
        prefix = last + "."
        return any(n.startswith(prefix) and n.endswith(EXTENSION_SUFFIXES) for n in names)

    def links_into(self, package_dir: str) -> dict[str, list[str]]:
        """Symlinked files below a package directory, by resolved target (walked once)."""
        try:
            return self._links[package_dir]
        except KeyError:
            pass
        found: dict[str, list[str]] = {}
        stack = [package_dir]
        while stack:
            try:
                entries = list(os.scandir(stack.pop()))
            except OSError:
                continue
            for entry in entries:
                if entry.is_symlink():
                    if entry.name.endswith(SOURCE_SUFFIXES):
                        found.setdefault(os.path.realpath(entry.path), []).append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
        self._links[package_dir] = found
        return found

    @fact
    def missing_package_hint(self, name: str, root: str) -> str | None:
        """The directory that would make `name` exist if it were a package, for messages."""
        directory = root
        for part in name.split(".")[:-1]:
            directory = os.path.join(directory, part)
            if not self.is_package_dir(directory):
                return directory if os.path.isdir(directory) else None
        return None


def _jsonable(value: Any) -> Any:
    """Tuples and lists compare equal after a JSON round trip."""
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
