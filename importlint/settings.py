"""The resolved settings of a run, and rule selection (ruff's prefix semantics)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .rules import ALL_RULES

ALL_CODES: tuple[str, ...] = tuple(rule.code for rule in ALL_RULES)
# opt-in rules (IL007) are selected only by their full code, never by a prefix such as `IL`
OPT_IN: frozenset[str] = frozenset(rule.code for rule in ALL_RULES if rule.opt_in)
DEFAULT_CODES: tuple[str, ...] = tuple(code for code in ALL_CODES if code not in OPT_IN)

_SELECTOR = re.compile(r"IL[0-9]{0,3}")


def parse_selectors(values: Sequence[str], where: str) -> tuple[str, ...]:
    """Validated rule selectors (`IL`, `IL00`, `IL001`, `ALL`), upper-cased.

    Raises ValueError naming the first selector that matches no rule.
    """
    out = []
    for raw in values:
        value = raw.strip().upper()
        if value == "ALL":
            value = "IL"
        if not _SELECTOR.fullmatch(value) or not any(code.startswith(value) for code in ALL_CODES):
            raise ValueError(f"{where}: unknown rule selector `{raw}`")
        out.append(value)
    return tuple(out)


def select_codes(enabled: frozenset[str], select: Sequence[str] | None, ignore: Sequence[str]) -> frozenset[str]:
    """Apply one layer of select/ignore to a rule set: `select` replaces it, `ignore` removes from it.

    Layers run config first, then the command line, so a CLI `--select` overrides the
    file's `select` and `ignore` alike (ruff's behaviour).
    """
    if select is not None:
        enabled = frozenset(code for code in ALL_CODES if any(_selects(code, s) for s in select))
    return frozenset(code for code in enabled if not any(code.startswith(s) for s in ignore))


def _selects(code: str, selector: str) -> bool:
    return code == selector if code in OPT_IN else code.startswith(selector)


@dataclass(frozen=True)
class Settings:
    """Everything a file's verdict depends on besides its bytes and the tree."""

    enabled: frozenset[str] = frozenset(DEFAULT_CODES)
    max_level: int | None = None
    exclude: tuple[str, ...] = ()
    src: tuple[str, ...] = ()  # absolute directories
    namespace_packages: tuple[str, ...] = ()  # absolute directories
    project_root: str = "."  # absolute; exclude globs are relative to it
    config_file: str | None = None
    unsafe_fixes: bool = False
    force_exclude: bool = False
    cache_dir: str | None = None  # as configured; relative to the project root
    respect_gitignore: bool = True  # skip what git ignores (ruff's default)

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled
