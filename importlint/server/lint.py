"""Running the engine on a buffer, as `check - --stdin-filename PATH --force-exclude` would.

The configuration, the module name, the package tree and the excludes come from the
buffer's path; the client's settings (`select`, `ignore`, `maxLevel`) override the
config file as the command line's flags do. No pygls here: this is plain importlint.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import api, runner
from ..discovery import make_excluder
from ..engine import Linter
from ..graph.check import TREE_CODES, tree_merger
from ..model import FileResult
from ..settings import Settings, parse_selectors, settings_for
from ..sourcefile import Decoded, DecodeError, decode
from ..tree import PackageTree

SECTION = "importlint"  # the settings section, in initializationOptions and the client's configuration


@dataclass(frozen=True)
class ClientSettings:
    """What the editor sets over the config file (None: the config file's value stands)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    max_level: int | None = None


def _selectors(value: object, key: str, problems: list[str]) -> tuple[str, ...] | None:
    """A list of rule selectors, or a comma-separated string of them (as on the command line)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"`{SECTION}.{key}`: expected a list of rule codes, got {value!r}")
        return None
    try:
        return parse_selectors(value, f"`{SECTION}.{key}`")
    except ValueError as exc:
        problems.append(str(exc))
        return None


def _max_level(value: object, problems: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(f"`{SECTION}.maxLevel`: expected a non-negative integer, got {value!r}")
        return None
    return value


def parse_client_settings(raw: object) -> tuple[ClientSettings | None, list[str]]:
    """The client's settings from `{"importlint": {...}}` or the bare `{...}`, and what was
    wrong with them (each bad key is dropped and named; unknown keys are named too).
    None when `raw` holds no importlint settings at all."""
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        raw = raw[SECTION]
    if not isinstance(raw, Mapping) or not raw:
        return None, []
    problems: list[str] = []
    known = ("select", "ignore", "maxLevel")
    problems += [f"`{SECTION}.{key}`: unknown setting (known: {', '.join(known)})" for key in raw if key not in known]
    settings = ClientSettings(
        _selectors(raw.get("select"), "select", problems),
        _selectors(raw.get("ignore"), "ignore", problems),
        _max_level(raw.get("maxLevel"), problems),
    )
    return settings, problems


@dataclass
class _Scope:
    """What a path's verdicts depend on besides the buffer's text."""

    settings: Settings
    excluded: bool
    tree: PackageTree | None = None  # kept only while file events keep it fresh


@dataclass
class Checker:
    """Checks and fixes buffers; remembers each path's settings until `invalidate`.

    `keep_trees`: keep each path's PackageTree between runs. Only safe when the client
    reports file events (created, deleted, renamed files), which call `invalidate`.
    """

    client: ClientSettings = field(default_factory=ClientSettings)
    keep_trees: bool = False
    _scopes: dict[str, _Scope] = field(default_factory=dict)

    def invalidate(self) -> None:
        """Forget every path's settings, excludes and tree: the disk or the settings changed."""
        self._scopes.clear()

    def _scope(self, path: str) -> _Scope:
        """Raises ConfigError / UsageError for a bad config file."""
        scope = self._scopes.get(path)
        if scope is None:
            client = self.client
            settings = api.load_settings([path], select=client.select, ignore=client.ignore, max_level=client.max_level)
            settings = settings_for(settings, path)  # the nearest config's, with its per-file-ignores
            excluded = make_excluder(settings, [path]).excluded_with_parents(path)
            scope = self._scopes[path] = _Scope(settings, excluded)
        return scope

    def _tree(self, scope: _Scope) -> PackageTree:
        tree = scope.tree or runner.make_tree(scope.settings)
        if self.keep_trees:
            scope.tree = tree
        return tree

    def run(self, text: str, path: str, fix: bool) -> FileResult | None:
        """The buffer's result as if it were the file at `path` (None: the path is excluded).

        With `fix`, `after` is the text `check --fix` would write (None: nothing to fix,
        or the fix failed its verification and `error` says why).
        """
        scope = self._scope(path)
        if scope.excluded:
            return None
        linter = Linter(self._tree(scope), scope.settings)
        return linter.run_decoded(path, path, Decoded(text, "utf-8", bom=False), fix)

    def add_tree_rules(self, result: FileResult, text: str, path: str) -> FileResult:
        """`result` with the whole-tree rules' violations (IL007, IL008) of the file merged in,
        when the buffer is the file on the disk: the pass reads the whole package from the
        disk, so it describes an unsaved buffer's saved state, not the buffer."""
        scope = self._scope(path)
        if scope.excluded or not any(scope.settings.is_enabled(code) for code in TREE_CODES):
            return result
        if _disk_text(path) != text:
            return result
        return tree_merger([path], scope.settings, self._tree(scope))(result)


def _disk_text(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return decode(handle.read()).text
    except (OSError, DecodeError):
        return None


def document_path(fs_path: str | None, roots: Sequence[str]) -> str:
    """The path a buffer is checked as: its file, or for an unsaved buffer (`untitled:`) a
    `stdin.py` in the first workspace folder, as `check -` without `--stdin-filename`."""
    if fs_path:
        return os.path.abspath(fs_path)
    return os.path.join(os.path.abspath(roots[0] if roots else "."), "stdin.py")
