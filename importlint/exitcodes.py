"""The exit codes of every command, defined once (ruff's and flake8's meanings)."""

from __future__ import annotations

OK = 0  # nothing left to report
VIOLATIONS = 1  # violations remain, a file could not be checked, or `--diff` would change something
ERROR = 2  # a usage or configuration error: nothing was checked
INTERRUPTED = 130  # SIGINT: 128 + the signal number, as shells report it
TERMINATED = 143  # SIGTERM
