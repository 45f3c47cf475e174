"""A persistent cache of per-file verdicts (like ruff's), safe to share between runs.

An entry is keyed by the file's path and content hash, and records everything else its
verdict depended on: the settings and importlint version (they name the cache file), the
file's module context (name, package, sys.path root) and the answer to every "does this
module exist?" question the rules asked. On a hit all of those are checked again against
the disk, so a stale entry can never hide or invent a violation.

The cache is one JSON file per settings fingerprint, replaced atomically. Two runs that
share it at once can only lose each other's new entries (last writer wins), never
corrupt them: every entry validates itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._version import __version__
from .rules._base import Edit, Pos, Violation
from .settings import Settings
from .tree import Fact, ModuleInfo, PackageTree

CACHE_DIR_NAME = ".importlint_cache"
_FORMAT = 3  # the entry layout; a new layout starts a new cache file (3: the count of noqa-suppressed violations)


def fingerprint(settings: Settings) -> str:
    """A short hash of everything in the settings that can change a file's verdict."""
    relevant = [
        __version__,
        _FORMAT,
        sorted(settings.enabled),
        settings.max_level,
        list(settings.src),
        list(settings.namespace_packages),
        settings.unsafe_fixes,
    ]
    return hashlib.sha256(json.dumps(relevant).encode()).hexdigest()[:16]


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@dataclass
class Entry:
    """A file's cached verdict and what it depended on."""

    digest: str
    module: tuple[str, str, bool, str]  # ModuleInfo fields
    facts: list[Fact]  # every tree fact the verdict used: (query, arguments, answer)
    violations: list[list[Any]]  # [line, col, end_line, end_col, code, message, fix or None]
    suppressed: int = 0  # violations a noqa comment hid (the summary counts them)

    def to_json(self) -> list[Any]:
        facts = [[q, list(a), v] for q, a, v in self.facts]
        return [self.digest, list(self.module), facts, self.violations, self.suppressed]

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        digest, module, facts, violations, suppressed = data
        name, package, is_package, root = module
        checks = [(str(q), tuple(a), v) for q, a, v in facts]
        key = (str(name), str(package), bool(is_package), str(root))
        return cls(str(digest), key, checks, list(violations), int(suppressed))


def encode_violations(violations: Sequence[Violation]) -> list[list[Any]]:
    out = []
    for v in violations:
        fix = [v.fix.start, v.fix.end, v.fix.text] if v.fix is not None else None
        out.append([v.start.line, v.start.column, v.end.line, v.end.column, v.code, v.message, fix])
    return out


def decode_violations(display: str, data: Sequence[Sequence[Any]]) -> list[Violation]:
    out = []
    for line, col, end_line, end_col, code, message, fix in data:
        edit = Edit(*fix) if fix is not None else None
        out.append(Violation(display, Pos(line, col), Pos(end_line, end_col), code, message, edit))
    return out


def module_key(info: ModuleInfo) -> tuple[str, str, bool, str]:
    return (info.name, info.package, info.is_package, info.root)


class Cache:
    """The verdicts of one settings fingerprint under `directory`."""

    def __init__(self, directory: str, settings: Settings) -> None:
        self.directory = directory
        self.path = os.path.join(directory, f"v{__version__}-{fingerprint(settings)}.json")
        self.entries = self._load()
        self.new: dict[str, Entry] = {}

    def _load(self) -> dict[str, Entry]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
            return {path: Entry.from_json(value) for path, value in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # a missing or damaged cache is an empty one

    def lookup(self, path: str, digest: str, tree: PackageTree) -> Entry | None:
        """The entry for this file content, if everything it depended on still holds."""
        entry = self.entries.get(path)
        if entry is None or entry.digest != digest:
            return None
        if module_key(tree.module_info(path)) != entry.module:
            return None
        return entry if tree.facts_hold(entry.facts) else None

    def store(self, path: str, entry: Entry) -> None:
        self.new[path] = entry

    def save(self) -> None:
        """Merge this run's entries into the file on disk and replace it atomically.

        Re-reading first keeps what a concurrent run saved meanwhile; a failure to write
        only costs the next run some time.
        """
        if not self.new:
            return
        entries = self._load()
        entries.update(self.new)
        tmp = None
        try:
            os.makedirs(self.directory, exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as handle:
                    handle.write("# created by importlint\n*\n")
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({path: e.to_json() for path, e in entries.items()}, handle, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
