"""`importlint server`: a language server (LSP over stdio) built on pygls, an optional extra.

Importing this package imports nothing of pygls: `main` says what to install when it is missing.
"""

from __future__ import annotations

import sys

from .. import exitcodes

INSTALL_HINT = 'importlint server needs pygls: pip install "relimportlint[server]"'


def main() -> int:
    """Serve on stdin/stdout until the client says exit; 2 when pygls is not installed."""
    try:
        from .server import serve
    except ImportError as exc:
        if exc.name not in ("pygls", "lsprotocol") and not str(exc.name or "").startswith(("pygls.", "lsprotocol.")):
            raise
        print(f"importlint: error: {INSTALL_HINT}", file=sys.stderr)
        return exitcodes.ERROR
    serve()
    return exitcodes.OK
