"""Walking up the directory tree to the nearest directory with a marker (`.git`, a config file).

Config discovery, the project root, the repository root and git's ignores all ask the
same question of the directories above a path; this is the one walk that answers it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable


def find_up(start: str, found: Callable[[str], bool], stop: Callable[[str], bool] | None = None) -> str | None:
    """The nearest directory at or above `start` for which `found` holds.

    None when the walk reaches the filesystem root, or a directory for which `stop`
    holds (asked after `found`: a repository root may itself hold the marker).
    """
    directory = os.path.abspath(start)
    while True:
        if found(directory):
            return directory
        if stop is not None and stop(directory):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def holds_any(names: Iterable[str]) -> Callable[[str], bool]:
    """A `found` for `find_up`: the directory holds one of `names` (a file or a directory)."""
    wanted = tuple(names)
    return lambda directory: any(os.path.exists(os.path.join(directory, name)) for name in wanted)


is_repository_root = holds_any([".git"])


def repository_root(start: str) -> str | None:
    """The nearest directory at or above `start` holding `.git`, else None."""
    return find_up(start, is_repository_root)
