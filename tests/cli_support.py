"""What the command-line tests (tests/test_cli_*.py) share: the messages they expect and
the helpers that read a tree's state or a run's JSON report."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SELF = "from P.a import x\n"
IL001_MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
IL001_MSG_UP = "`P.a` is part of `P`; import it relatively: `from ..a import ...`"
SCRIPT_NOTE = " (not fixed: the module runs as a script; use --unsafe-fixes)"
KNOWN_FORMATS = "(choose from 'text', 'concise', 'json', 'github', 'sarif')"

# package P with P/a.py (x) and P/b.py (c): what most command-line tests import from
BASE = {"P/__init__.py": "", "P/a.py": "x = 1\n", "P/b.py": "c = 2\n"}


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime (ns); .git and importlint's own cache excluded."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".importlint_cache"} & set(p.relative_to(root).parts)
    }


def age(root: Path) -> None:
    """Set every file's mtime to a fixed past time, so a rewrite is visible."""
    for p in root.rglob("*"):
        if p.is_file() and ".importlint_cache" not in p.parts:
            os.utime(p, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))


def as_json(run_cli: Any, argv: list[str], cwd: Path, stdin: bytes = b"") -> tuple[int, list[dict[str, Any]]]:
    result = run_cli(["check", "--output-format", "json", *argv], cwd=cwd, stdin=stdin)
    assert result.err == "", result.err
    return result.rc, json.loads(result.out)


def one_error_line(result: Any) -> str:
    """The single stderr line of a usage error (exit 2, nothing on stdout, no traceback)."""
    assert result.rc == 2, (result.out, result.err)
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.endswith("\n"), result.err
    assert "Traceback" not in result.err
    line: str = result.err[:-1]
    return line
