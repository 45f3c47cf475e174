"""A flake8 plugin: `flake8 --select IL` reports importlint's violations with the same codes.

flake8 only runs plugins on files that parse, so IL000/IL002 cases show up there as
flake8's own E999; everything else matches `importlint check`.
"""

from __future__ import annotations

import ast
import functools
import os
from collections.abc import Iterator, Sequence
from typing import Any

from ._version import __version__
from .errors import ConfigError, UsageError
from .settings import Settings


@functools.lru_cache(maxsize=64)
def _settings(directory: str) -> Settings | str:
    """The settings for files in `directory` (the config is found as the CLI finds it)."""
    from .api import load_settings

    try:
        return load_settings([directory])
    except (ConfigError, UsageError) as exc:
        return str(exc)


class Plugin:
    """flake8's AST-plugin protocol: constructed per file, `run()` yields the problems."""

    name = "importlint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type[Any]]]:
        from .api import check_source

        path = os.path.abspath(self.filename)
        settings = _settings(os.path.dirname(path))
        if isinstance(settings, str):  # a bad config: say so once per file, at its top
            yield 1, 0, f"IL000 importlint configuration error: {settings}", type(self)
            return
        for v in check_source(self._source(path), path=path, settings=settings):
            yield v.start.line, v.start.column - 1, f"{v.code} {v.message}", type(self)

    def _source(self, path: str) -> str | bytes:
        """The file's bytes when they are what flake8 read, so that a file flake8 could
        only decode with its latin-1 fallback is reported (IL000) as importlint reports it."""
        from .sourcefile import DecodeError, decode

        lines = "".join(self.lines)
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            return lines  # stdin, or gone meanwhile
        try:
            same = decode(raw).text == lines
        except DecodeError:
            return raw
        return raw if same else lines
