"""importlint: a static import linter and fixer for Python packages.

The public API loads lazily, so `import importlint` (and `importlint --version`)
stays cheap: LibCST is imported only when a file is checked.
"""

from __future__ import annotations

from typing import Any

from ._version import __version__

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:  # PEP 562: no libcst import until something is checked
    raise AttributeError(f"module 'importlint' has no attribute {name!r}")
