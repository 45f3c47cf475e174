"""The errors that end a run early: exit code 2 (usage, config) or 130/143 (interrupted)."""

from __future__ import annotations

from . import exitcodes


class UsageError(Exception):
    """A bad flag, flag value or path on the command line."""


class ConfigError(Exception):
    """A bad configuration file, key, type or value."""


class Interrupted(Exception):
    """The run was stopped by SIGINT or SIGTERM; `written` files had been fixed by then
    (None when a second interrupt cut the count short)."""

    def __init__(self, written: int | None, terminated: bool) -> None:
        super().__init__("interrupted")
        self.written = written
        self.terminated = terminated

    @property
    def exit_code(self) -> int:
        return exitcodes.TERMINATED if self.terminated else exitcodes.INTERRUPTED

    def message(self) -> str:
        """The one line that says what the stop left behind."""
        if self.written is None:
            return "interrupted; files fixed before the stop stay fixed, none is half-written"
        files = "file was" if self.written == 1 else "files were"
        return f"interrupted; {self.written} {files} fixed before the stop, none is half-written"
