"""The two errors that end a run with exit code 2 and one line on stderr."""

from __future__ import annotations


class UsageError(Exception):
    """A bad flag, flag value or path on the command line."""


class ConfigError(Exception):
    """A bad configuration file, key, type or value."""
