"""PATH arguments -> the files to check, with excludes (ruff's defaults and globs)."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import CACHE_DIR_NAME, common_parent
from .errors import UsageError
from .markers import repository_root
from .settings import Settings
from .sourcefile import file_kind

SOURCE_SUFFIXES = (".py", ".pyi")

# directories no one wants linted; a directory holding pyvenv.cfg is a virtualenv too
DEFAULT_EXCLUDES = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".svn", ".mypy_cache", ".nox",
    ".pants.d", ".pytype", ".pytest_cache", ".ruff_cache", ".tox", ".venv", CACHE_DIR_NAME,
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
    `/` inside matches the path relative to the project root (for `extended` patterns,
    relative to the directory of the config that sets them).
    """

    def __init__(
        self,
        patterns: Iterable[str],
        root: str,
        ignored: frozenset[str] = frozenset(),
        extended: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.root = os.path.abspath(root)
        self.ignored = ignored  # absolute paths git ignores (.gitignore and friends)
        any_kind: list[str] = list(DEFAULT_EXCLUDES)
        dirs_only: list[str] = []
        self.paths: list[tuple[re.Pattern[str], bool, str]] = []  # (glob, directories only, its root)
        rooted = [(self.root, pattern) for pattern in patterns]
        rooted += [(os.path.abspath(directory), pattern) for directory, pattern in extended]
        for pattern_root, raw in rooted:
            dir_only = raw.endswith("/")
            pattern = raw.rstrip("/")
            if pattern.startswith("./"):
                pattern = pattern[2:]
            if not pattern:
                continue
            if "/" in pattern:
                self.paths.append((_glob_regex(pattern.lstrip("/")), dir_only, pattern_root))
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
        relative: dict[str, str] = {}
        for regex, dir_only, root in self.paths:
            if dir_only and not is_dir:
                continue
            if root not in relative:
                relative[root] = os.path.relpath(path, root).replace(os.sep, "/")
            rel = relative[root]
            if not rel.startswith("../") and rel != ".." and regex.match(rel):
                return True
        return False

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
    directory = repository_root(start)
    if directory is None:
        return frozenset()  # not in a repository: no need to start git at all
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
    """The excluder of a run: built-in and configured patterns, and git's ignores. Without
    `--config`, each directory's entries are judged by the patterns of its nearest config."""
    ignored = git_ignored(common_parent(paths)) if settings.respect_gitignore else frozenset()
    if settings.resolver is not None:
        return NearestExcluder(settings, ignored)
    return Excluder(settings.exclude, settings.project_root, ignored, settings.extended_exclude)


class NearestExcluder(Excluder):
    """An Excluder per config: an entry is judged by the excludes of the config nearest to
    the directory holding it (each config's patterns relative to its own directory), as
    ruff's hierarchical configuration does. A bad config met on the way raises ConfigError."""

    def __init__(self, settings: Settings, ignored: frozenset[str]) -> None:
        super().__init__(settings.exclude, settings.project_root, ignored, settings.extended_exclude)
        self.settings = settings
        self._by_directory: dict[str, Excluder] = {}
        self._by_config: dict[tuple[str | None, str], Excluder] = {}

    def _nearest(self, directory: str) -> Excluder:
        found = self._by_directory.get(directory)
        if found is None:
            resolver = self.settings.resolver
            own = self.settings if resolver is None else resolver.for_directory(directory)
            key = (own.config_file, own.project_root)
            found = self._by_config.get(key)
            if found is None:
                found = Excluder(own.exclude, own.project_root, self.ignored, own.extended_exclude)
                self._by_config[key] = found
            self._by_directory[directory] = found
        return found

    def excluded(self, path: str, is_dir: bool) -> bool:
        return self._nearest(os.path.dirname(os.path.abspath(path))).excluded(path, is_dir)

    def excluded_with_parents(self, path: str) -> bool:
        path = os.path.abspath(path)
        return self._nearest(os.path.dirname(path)).excluded_with_parents(path)


def _names_regex(patterns: Sequence[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


def _walk(
    directory: str, display: str, excluder: Excluder, problems: list[Problem]
) -> Iterable[tuple[SourceFile, bool]]:
    """Files below `directory` in sorted order (with whether each is a symlink), never
    following directory symlinks. Only regular files (or links to them, dangling links
    included, so that they are reported) are yielded: a FIFO named `x.py` would block the
    reader forever. A directory that cannot be listed is added to `problems`."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(display, f"{display}: cannot read the directory: {exc.strerror or exc}"))
        return
    prefix = "" if display == "." else display + os.sep
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if not excluder.excluded(entry.path, True):
                yield from _walk(entry.path, prefix + entry.name, excluder, problems)
        elif entry.name.endswith(SOURCE_SUFFIXES) and not excluder.excluded(entry.path, False):
            link = entry.is_symlink()
            if not _regular_or_dangling(entry, link):
                continue  # a FIFO, socket, device, or a link to a directory (never followed)
            yield SourceFile(prefix + entry.name, entry.path), link


def _regular_or_dangling(entry: os.DirEntry[str], link: bool) -> bool:
    try:
        if entry.is_file():  # no system call for a plain file: scandir knows its type
            return True
    except OSError:
        pass
    return link and not os.path.exists(entry.path)


@dataclass(frozen=True)
class Problem:
    """A path that could not be checked: `message` is the one line that says why."""

    display: str
    message: str


def missing_paths_error(paths: Sequence[str]) -> UsageError | None:
    """The usage error naming every path that does not exist (None if all exist)."""
    missing = [path for path in paths if not os.path.lexists(path)]
    if not missing:
        return None
    return UsageError(f"{', '.join(missing)}: no such file or directory")


def _named_file_problem(full: str, display: str) -> Problem | None:
    """Why a file named on the command line cannot be checked (None if it can be)."""
    try:
        mode = os.stat(full).st_mode
    except OSError:
        return None  # a dangling link: reading it reports the error as IL000
    kind = file_kind(mode)
    if kind is None:
        return None
    return Problem(display, f"{display}: not a regular file ({kind}); not checked")


def discover(
    paths: Sequence[str], excluder: Excluder, force_exclude: bool = False, problems: list[Problem] | None = None
) -> list[SourceFile]:
    """Every file to check, each once, in a stable order.

    Files named explicitly are checked whatever their suffix (as ruff does), and
    excludes apply to them only with `force_exclude` (ruff's `--force-exclude`).
    Raises UsageError naming every path that does not exist. Directories that cannot
    be listed and named paths that are not regular files (a FIFO, a socket, a device)
    are added to `problems`.
    """
    error = missing_paths_error(paths)
    if error is not None:
        raise error
    problems = [] if problems is None else problems
    found: list[tuple[SourceFile, str]] = []  # (file, the resolved path that identifies it)
    for arg in paths:
        full = os.path.abspath(arg)
        display = os.path.normpath(arg)
        if os.path.isdir(full):
            if force_exclude and excluder.excluded_with_parents(full):
                continue
            real = os.path.realpath(full)
            for source, _link in _walk(full, display, excluder, problems):
                # a walked file resolves through its walk root: no realpath per file
                found.append((source, real + source.path[len(full) :]))
        elif not (force_exclude and excluder.excluded_with_parents(full)):
            problem = _named_file_problem(full, display)
            if problem is not None:
                problems.append(problem)
            else:
                found.append((SourceFile(display, full), _entry_identity(full)))
    seen: dict[str, int] = {}
    unique: list[SourceFile] = []
    for source, identity in found:
        key = os.path.normcase(identity)
        if key not in seen:
            seen[key] = len(unique)
            unique.append(source)
        elif os.path.normcase(source.path) == key:
            unique[seen[key]] = source  # the entry as spelled is reported, not a directory link to it
    return unique


def _entry_identity(path: str) -> str:
    """The directory entry `path` names, with directory links resolved but not a link
    at the end: a file symlink is its own module (`P/shared.py -> ../Q/shared.py` is
    `P.shared` as well as `Q.shared`), so it is checked besides the file it points to."""
    directory, name = os.path.split(path)
    return os.path.join(os.path.realpath(directory), name)
