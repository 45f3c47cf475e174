"""PATH arguments -> the files to check, with excludes (ruff's defaults and globs)."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import common_parent
from .errors import UsageError
from .settings import Settings

SOURCE_SUFFIXES = (".py", ".pyi")

# directories no one wants linted; a directory holding pyvenv.cfg is a virtualenv too
DEFAULT_EXCLUDES = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".svn", ".mypy_cache", ".nox",
    ".pants.d", ".pytype", ".pytest_cache", ".ruff_cache", ".tox", ".venv", ".importlint_cache",
    "__pypackages__", "__pycache__", "_build", "buck-out", "build", "dist", "node_modules",
    "site-packages", "venv",
)  # fmt: skip


@dataclass(frozen=True)
class SourceFile:
    """A file to check: `display` as the user gave it, `path` absolute."""

    display: str
    path: str


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a path glob where `**` spans directories and `*` does not."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            char = pattern[i]
            if char == "*":
                out.append("[^/]*")
            elif char == "?":
                out.append("[^/]")
            else:
                out.append(re.escape(char))
            i += 1
    return re.compile("".join(out) + r"(?:/.*)?\Z", re.DOTALL)


class Excluder:
    """Decides, entry by entry during a walk, what to skip.

    A pattern without a `/` (other than a trailing one) matches an entry's name at any
    depth, like `.gitignore`; a trailing `/` matches directories only; a pattern with a
    `/` inside matches the path relative to the project root.
    """

    def __init__(self, patterns: Iterable[str], root: str, ignored: frozenset[str] = frozenset()) -> None:
        self.root = os.path.abspath(root)
        self.ignored = ignored  # absolute paths git ignores (.gitignore and friends)
        any_kind: list[str] = list(DEFAULT_EXCLUDES)
        dirs_only: list[str] = []
        self.paths: list[tuple[re.Pattern[str], bool]] = []
        for raw in patterns:
            dir_only = raw.endswith("/")
            pattern = raw.rstrip("/")
            if pattern.startswith("./"):
                pattern = pattern[2:]
            if not pattern:
                continue
            if "/" in pattern:
                self.paths.append((_glob_regex(pattern.lstrip("/")), dir_only))
            else:
                (dirs_only if dir_only else any_kind).append(pattern)
        # one compiled regex per kind: a walk asks about every entry of the tree
        self._any = _names_regex(any_kind)
        self._dirs = _names_regex(dirs_only)

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Whether an entry met during a walk is skipped (its parents were already asked)."""
        if self.ignored and os.path.normcase(path) in self.ignored:
            return True
        name = os.path.basename(path)
        if self._any is not None and self._any.match(name):
            return True
        if is_dir and self._dirs is not None and self._dirs.match(name):
            return True
        if is_dir and os.path.isfile(os.path.join(path, "pyvenv.cfg")):
            return True
        if not self.paths:
            return False
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        if rel.startswith("../"):
            return False
        return any((is_dir or not dir_only) and regex.match(rel) for regex, dir_only in self.paths)

    def excluded_with_parents(self, path: str) -> bool:
        """Whether a path named explicitly is excluded, by itself or by a directory above
        it up to the project root (`--force-exclude` for pre-commit and editors)."""
        path = os.path.abspath(path)
        if self.excluded(path, os.path.isdir(path)):
            return True
        parent = os.path.dirname(path)
        while parent != self.root and parent.startswith(self.root + os.sep):
            if self.excluded(parent, True):
                return True
            parent = os.path.dirname(parent)
        return False


def git_ignored(start: str) -> frozenset[str]:
    """Absolute paths of the files and directories git ignores in the repository holding
    `start` (empty outside a repository or without git): ruff's `respect-gitignore`."""
    directory = os.path.abspath(start)
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return frozenset()  # not in a repository: no need to start git at all
        directory = parent
    try:
        listed = subprocess.run(
            ["git", "-C", directory, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    if listed.returncode != 0:
        return frozenset()
    names = listed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return frozenset(os.path.normcase(os.path.join(directory, n.rstrip("/"))) for n in names if n)


def make_excluder(settings: Settings, paths: Sequence[str]) -> Excluder:
    """The excluder of a run: built-in and configured patterns, and git's ignores."""
    ignored = git_ignored(common_parent(paths)) if settings.respect_gitignore else frozenset()
    return Excluder(settings.exclude, settings.project_root, ignored)


def _names_regex(patterns: Sequence[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


def _walk(directory: str, display: str, excluder: Excluder) -> Iterable[tuple[SourceFile, bool]]:
    """Files below `directory` in sorted order (with whether each is a symlink), never
    following directory symlinks."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    prefix = "" if display == "." else display + os.sep
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if not excluder.excluded(entry.path, True):
                yield from _walk(entry.path, prefix + entry.name, excluder)
        elif entry.name.endswith(SOURCE_SUFFIXES) and not excluder.excluded(entry.path, False):
            link = entry.is_symlink()
            if link and os.path.isdir(entry.path):
                continue  # a link to a directory is never followed out of the tree
            yield SourceFile(prefix + entry.name, entry.path), link


def discover(paths: Sequence[str], excluder: Excluder, force_exclude: bool = False) -> list[SourceFile]:
    """Every file to check, each once, in a stable order.

    Files named explicitly are checked whatever their suffix, and excludes apply to
    them only with `force_exclude` (ruff's `--force-exclude`). Raises UsageError for
    a path that does not exist.
    """
    found: list[tuple[SourceFile, str]] = []  # (file, the resolved path that identifies it)
    for arg in paths:
        full = os.path.abspath(arg)
        display = os.path.normpath(arg)
        if not os.path.lexists(full):
            raise UsageError(f"{arg}: no such file or directory")
        if os.path.isdir(full):
            if force_exclude and excluder.excluded_with_parents(full):
                continue
            real = os.path.realpath(full)
            for source, link in _walk(full, display, excluder):
                # a walked file that is no link resolves through its walk root: no realpath per file
                found.append((source, os.path.realpath(source.path) if link else real + source.path[len(full) :]))
        elif not (force_exclude and excluder.excluded_with_parents(full)):
            found.append((SourceFile(display, full), os.path.realpath(full)))
    seen: set[str] = set()
    unique = []
    for source, identity in found:
        key = os.path.normcase(identity)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique
