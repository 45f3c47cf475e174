"""importlint: a static import linter and fixer for Python packages.

Public API (loaded lazily, so `import importlint` and `importlint --version` stay
cheap: LibCST is imported only when a file is checked):

- `check_source(source, path=..., settings=...) -> list[Violation]`
- `fix_source(source, path=..., settings=...) -> FixedSource`
- `check_paths(paths, settings=..., fix=..., jobs=...) -> list[FileResult]`
- `load_settings(paths, config=..., select=..., ...) -> Settings`
- `Violation`, `Pos`, `Edit`, `FileResult`, `FixedSource`, `Settings`, `ALL_RULES`
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .api import FixedSource, check_paths, check_source, fix_source, load_settings
    from .model import Edit, FileResult, Pos, Violation
    from .rules import ALL_RULES
    from .settings import Settings

__all__ = [
    "ALL_RULES",
    "Edit",
    "FileResult",
    "FixedSource",
    "Pos",
    "Settings",
    "Violation",
    "__version__",
    "check_paths",
    "check_source",
    "fix_source",
    "load_settings",
]

_HOMES = {
    "check_source": "api",
    "fix_source": "api",
    "check_paths": "api",
    "load_settings": "api",
    "FixedSource": "api",
    "FileResult": "model",
    "ALL_RULES": "rules",
    "Edit": "model",
    "Pos": "model",
    "Violation": "model",
    "Settings": "settings",
}


def __getattr__(name: str) -> Any:  # PEP 562: import on first use
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'importlint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
