"""Every module of the top-level packages involved, read whole from the disk.

A file's module name comes from the tree model (`PackageTree.module_info`), never from
name arithmetic of our own. The whole package is read even when only some of its files
are checked (pre-commit names the changed ones): any module of it may run at import.
Excluded files are read too: `exclude` says what to report on, and an excluded module
still runs when it is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..tree import PackageTree, resolve
from . import records as _records
from .records import FileRecords, Import

ReadRecords = Callable[[str, bytes], FileRecords]  # the records of a file's bytes
ReadFile = Callable[[str], FileRecords]  # the records of the file at a path (a cache may answer)


@dataclass
class Module:
    """One module of the universe. `records` None: it exists but has no source to read
    (an extension module, a `.pyc`): it binds names no one can list (`opaque`)."""

    name: str
    path: str  # absolute; "" for a directory without __init__ (a namespace portion)
    rel: str  # the path below the sys.path root, with `/`: how messages name the file
    is_package: bool
    records: FileRecords | None = None

    @property
    def opaque(self) -> bool:
        return self.records is None and bool(self.path)


@dataclass
class Universe:
    """The modules below one sys.path root's top-level packages `tops`."""

    root: str
    tops: frozenset[str]
    modules: dict[str, Module] = field(default_factory=dict)
    tree: PackageTree | None = None
    _absent: dict[str, Module | None] = field(default_factory=dict)
    _bases: dict[int, str | None] = field(default_factory=dict)  # by id() of a record in `modules`

    def lookup(self, name: str) -> Module | None:
        """The module CPython would find for `name` (None: ModuleNotFoundError)."""
        found = self.modules.get(name)
        if found is not None or self.tree is None:
            return found
        if name not in self._absent:
            self._absent[name] = self._without_source(name)
        return self._absent[name]

    def looked_up(self) -> dict[str, Module | None]:
        """The modules without a file looked up so far, by name (None: not found)."""
        return dict(self._absent)

    def _without_source(self, name: str) -> Module | None:
        """A module of the tree that has no `.py` file: a namespace portion (a package that
        runs nothing) or an extension / `.pyc` module (opaque)."""
        assert self.tree is not None
        if not self.tree.module_exists(name, self.root, False):
            return None
        directory = os.path.join(self.root, *name.split("."))
        if self.tree.is_package_dir(directory):
            return Module(name, "", name.replace(".", "/"), True, FileRecords())
        return Module(name, directory, name.replace(".", "/"), False, None)

    def base_of(self, module: Module, node: Import) -> str | None:
        """The absolute module a `from` import record names (None: it climbs above the
        top-level package, an ImportError). Cached: every simulated run asks again."""
        if node.level == 0 and node.module:
            return node.module  # absolute (most imports): nothing to compute or to keep
        key = id(node)
        try:
            return self._bases[key]
        except KeyError:
            pass
        package = module.name if module.is_package else module.name.rpartition(".")[0]
        try:
            base: str | None = sys.intern(resolve(node.level, node.module, package))
        except ValueError:
            base = None
        self._bases[key] = base
        return base

    def is_internal(self, name: str) -> bool:
        """True if `name` lies in one of the packages read (anything else is opaque)."""
        return name.partition(".")[0] in self.tops


def parse(path: str, raw: bytes) -> FileRecords:
    """`records.records`, looked up when called (a test counts the files parsed)."""
    return _records.records(path, raw)


def read_records(path: str, read: ReadRecords = parse) -> FileRecords:
    """The records of the file at `path`; a file that cannot be read fails on import."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except (OSError, ValueError):
        return FileRecords(parsed=False)
    return read(path, raw)


def _package_files(top_dir: str) -> Iterable[str]:
    """Every `.py` file below a top-level package directory, in sorted order (no links
    to directories are followed: CPython would import their files under other names)."""
    for directory, dirs, files in os.walk(top_dir):
        dirs[:] = sorted(d for d in dirs if d.isidentifier())
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def build(tree: PackageTree, root: str, top_dirs: Iterable[str], read: ReadFile = read_records) -> Universe:
    """The universe of the top-level packages in `top_dirs`, all below sys.path entry `root`;
    `read` gives each file's records (check.py passes a cached reader)."""
    universe = Universe(root, frozenset(), tree=tree)
    tops = set()
    for top_dir in sorted(set(top_dirs)):
        for path in _package_files(top_dir):
            info = tree.module_info(path)
            if not info.package or info.root != root or not os.path.isfile(path):
                continue  # reached through a link, or not a module of this root
            tops.add(info.name.partition(".")[0])
            known = universe.modules.get(info.name)
            if known is not None and (known.is_package or not info.is_package):
                continue  # FileFinder's order: a package `a/` wins over `a.py`
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            universe.modules[info.name] = Module(info.name, path, rel, info.is_package, read(path))
    universe.tops = frozenset(tops)
    _add_portions(universe)
    return universe


def _add_portions(universe: Universe) -> None:
    """Packages without `__init__.py` above some module (namespace portions): they run nothing."""
    for name in list(universe.modules):
        parts = name.split(".")
        for end in range(1, len(parts)):
            parent = ".".join(parts[:end])
            if parent not in universe.modules:
                universe.modules[parent] = Module(parent, "", parent.replace(".", "/"), True, FileRecords())
