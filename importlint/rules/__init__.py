"""Every rule, in code order: the single registry the CLI, `explain`, the README and the tests read."""

from __future__ import annotations

from ._base import Example, FileContext, FixAvailability, Rule
from .il000_syntax_error import SyntaxErrorRule
from .il001_absolute_self_import import AbsoluteSelfImport
from .il002_invalid_relative_import_form import InvalidRelativeImportForm
from .il003_relative_beyond_top_level import RelativeBeyondTopLevel
from .il004_relative_level_over_max import RelativeLevelOverMax
from .il005_relative_import_outside_package import RelativeImportOutsidePackage
from .il006_unresolved_relative_import import UnresolvedRelativeImport
from .il007_import_cycle import ImportCycle
from .il008_partially_initialized_import import PartiallyInitializedImport
from .il009_non_canonical_self_import import NonCanonicalSelfImport
from .il010_unresolved_self_import import UnresolvedSelfImport

ALL_RULES: tuple[Rule, ...] = (
    SyntaxErrorRule(),
    AbsoluteSelfImport(),
    InvalidRelativeImportForm(),
    RelativeBeyondTopLevel(),
    RelativeLevelOverMax(),
    RelativeImportOutsidePackage(),
    UnresolvedRelativeImport(),
    ImportCycle(),
    PartiallyInitializedImport(),
    NonCanonicalSelfImport(),
    UnresolvedSelfImport(),
)

__all__ = ["ALL_RULES", "Example", "FileContext", "FixAvailability", "Rule", "by_code"]


def by_code(code: str) -> Rule | None:
    """The rule with this code (case-insensitive), or None."""
    for rule in ALL_RULES:
        if rule.code == code.upper():
            return rule
    return None
