"""Violations as LSP diagnostics: code, rule name, docs link, severity, the statement's range."""

from __future__ import annotations

from lsprotocol import types

from ..model import Violation
from ..output import HELP_URI
from ..rules import by_code
from .positions import LineIndex

SOURCE = "importlint"
# the file does not compile: an error; every other rule reports code that runs (or runs wrongly)
_ERRORS = frozenset({"IL000", "IL002"})


def to_range(index: LineIndex, start: int, end: int, encoding: str) -> types.Range:
    """The LSP range of character offsets [start, end)."""
    (l1, c1), (l2, c2) = index.position(start, encoding), index.position(end, encoding)
    return types.Range(types.Position(l1, c1), types.Position(l2, c2))


def span(index: LineIndex, violation: Violation) -> tuple[int, int]:
    """The violation's statement as character offsets into the text it was found in."""
    return index.offset_of(violation.start), index.offset_of(violation.end)


def to_diagnostic(violation: Violation, index: LineIndex, encoding: str) -> types.Diagnostic:
    rule = by_code(violation.code)
    name = rule.name if rule is not None else violation.code
    severity = types.DiagnosticSeverity.Error if violation.code in _ERRORS else types.DiagnosticSeverity.Warning
    return types.Diagnostic(
        range=to_range(index, *span(index, violation), encoding),
        message=f"{violation.message} ({name})",
        severity=severity,
        code=violation.code,
        code_description=types.CodeDescription(href=HELP_URI),
        source=SOURCE,
        data={"name": name, "fixable": violation.fixable},
    )
