"""What checking one file produced; shared by the engine, the runner and the cache."""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules._base import Violation

# a run of whole source lines: (its first line number, its character offset, the text)
Chunk = tuple[int, int, str]


@dataclass
class FileResult:
    """What happened to one file: the violations that remain, and the fixed text."""

    display: str
    violations: list[Violation] = field(default_factory=list)
    fixed_count: int = 0
    before: str | None = None  # the decoded text, when a fix changed it
    after: str | None = None  # the fixed text, when it differs from `before`
    new_bytes: bytes | None = None
    error: str | None = None  # an internal error: the fix was refused
    source: str | None = None  # the text the violations point into (kept only when there are some)
    old_bytes: bytes | None = None  # with `new_bytes`, for --diff: the file's bytes before the fix
    suppressed: int = 0  # violations a noqa comment hid (counted for the summary)
    # instead of `source`, when a run keeps only what its report prints: the lines of
    # each violation's statement and the text each fix replaces (see runner.Mode)
    excerpt: list[Chunk] | None = None
