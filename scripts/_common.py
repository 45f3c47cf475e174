"""Helpers shared by the verification scripts in this directory (stdlib only)."""

from __future__ import annotations

import os
import shlex
import sys

CACHE = ".importlint_cache"  # importlint's own cache (like ruff's): never counted as a change to the tree
FAILURES: list[str] = []  # every failed check of the run; the script exits 1 if any


def fail(message: str) -> None:
    FAILURES.append(message)
    print(f"FAIL: {message}", flush=True)


def log(message: str) -> None:
    print(message, flush=True)


def default_importlint() -> str:
    """The `importlint` console script of this interpreter (not a pyenv shim, which a
    `.python-version` file in a checked tree could redirect), else `python -m importlint`."""
    script = os.path.join(os.path.dirname(sys.executable), "importlint")
    if os.path.isfile(script) and os.access(script, os.X_OK):
        return shlex.quote(script)
    return f"{shlex.quote(sys.executable)} -m importlint"
