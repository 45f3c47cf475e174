"""Resolving a run's Settings: the configuration file, then the command line's overrides."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from . import config
from .errors import ConfigError, UsageError
from .settings import DEFAULT_CODES, Settings, parse_selectors, select_codes


@dataclass(frozen=True)
class Overrides:
    """What the command line (or an API caller) sets over the config file."""

    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    max_level: int | None = None
    unsafe_fixes: bool = False
    force_exclude: bool = False
    respect_gitignore: bool = True  # False: --no-respect-gitignore


def _selectors(values: Sequence[str] | None, where: str, error: type[Exception]) -> tuple[str, ...] | None:
    if values is None:
        return None
    try:
        return parse_selectors(values, where)
    except ValueError as exc:
        raise error(str(exc)) from None


def resolve_settings(config_file: str | None, paths: Sequence[str], overrides: Overrides) -> Settings:
    """The run's settings: the config file (`--config`, else the one found for `paths`),
    then the command line's overrides. Raises ConfigError / UsageError."""
    loaded = config.load(config_file, paths)
    values = loaded.values
    where = loaded.where
    enabled = frozenset(DEFAULT_CODES)
    enabled = select_codes(
        enabled,
        _selectors(values.get("select"), f"{where}: `select`", ConfigError),
        _selectors(values.get("ignore", []), f"{where}: `ignore`", ConfigError) or (),
    )
    enabled = select_codes(
        enabled,
        _selectors(overrides.select, "--select", UsageError),
        _selectors(overrides.ignore or [], "--ignore", UsageError) or (),
    )
    max_level = overrides.max_level
    if max_level is not None and (isinstance(max_level, bool) or not isinstance(max_level, int) or max_level < 0):
        raise UsageError(f"--max-level: expected a non-negative integer, got {max_level!r}")
    if max_level is None:
        max_level = values.get("max-level")

    def absolute(key: str) -> tuple[str, ...]:
        return tuple(os.path.normpath(os.path.join(loaded.root, p)) for p in values.get(key, []))

    return Settings(
        enabled=enabled,
        max_level=max_level,
        exclude=tuple(values.get("exclude", [])),
        src=absolute("src"),
        namespace_packages=absolute("namespace-packages"),
        project_root=loaded.root,
        config_file=loaded.path,
        unsafe_fixes=overrides.unsafe_fixes,
        force_exclude=overrides.force_exclude,
        cache_dir=values.get("cache-dir"),
        respect_gitignore=values.get("respect-gitignore", True) and overrides.respect_gitignore,
    )
