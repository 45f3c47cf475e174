"""Code actions: a quick fix per fixable diagnostic, "Fix all importlint problems"
(`source.fixAll.importlint`) and "Ignore CODE for this line".

Everything is computed from the document's current text: the fixes are the parts of
`check --fix`'s own (verified) result that fall on each statement, and a quick fix or
noqa edit that is only part of it is applied to the text and re-checked before it is
offered. Diagnostics the client sends back are never trusted: they may be stale.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types

from .. import noqa
from ..graph.check import TREE_CODES
from ..locate import LineTable
from ..model import Edit, FileResult, Violation
from ..rules import by_code
from . import edits
from .diagnostics import span, to_diagnostic, to_range
from .documents import Document

FIX_ALL = "source.fixAll.importlint"
FIX_ALL_TITLE = "Fix all importlint problems"
UNSUPPRESSIBLE = "IL000"  # a file that does not compile: no noqa comment hides that


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the client asked for actions of `kind` (`only` names kinds or their parents)."""
    return only is None or any(kind == k or kind.startswith(k + ".") for k in only)


@dataclass
class Request:
    """One codeAction request, with the engine at hand."""

    document: Document
    checked: FileResult
    fixed: Callable[[], FileResult | None]  # the document as `check --fix` leaves it
    recheck: Callable[[str], FileResult | None]  # check another text at the document's path
    encoding: str
    versioned: bool  # the client takes `documentChanges` (edits for one document version)

    def workspace_edit(self, changes: Sequence[Edit]) -> types.WorkspaceEdit:
        doc = self.document
        text_edits = [types.TextEdit(to_range(doc.index, e.start, e.end, self.encoding), e.text) for e in changes]
        if self.versioned and doc.version is not None:
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(identifier, list(text_edits))])
        return types.WorkspaceEdit(changes={doc.uri: text_edits})

    def all_fixes(self) -> list[Edit]:
        result = self.fixed()
        if result is None or result.after is None or result.error:
            return []
        return edits.changes(self.document.text, result.after)


def _codes(result: FileResult) -> Counter[str]:
    return Counter(v.code for v in result.violations)


def _parses_alike(before: str, after: str) -> bool:
    """An added comment changes no code: the same tree (or, for a file that does not
    parse, still no tree)."""
    try:
        old = ast.dump(ast.parse(before))
    except (SyntaxError, ValueError):
        old = None
    try:
        new = ast.dump(ast.parse(after))
    except (SyntaxError, ValueError):
        new = None
    return old == new


def _per_file(counts: Counter[str]) -> Counter[str]:
    return Counter({code: n for code, n in counts.items() if code not in TREE_CODES and n > 0})


def _removes_only(request: Request, violation: Violation, edit: Edit, candidate: str) -> bool:
    """Whether `candidate` draws exactly the document's reports but this one. A whole-tree
    violation is not re-checked (the pass reads the disk, not the candidate): its statement's
    lines must carry the noqa the pass honours."""
    result = request.recheck(candidate)
    if result is None or result.error:
        return False
    expected = _codes(request.checked)
    expected[violation.code] -= 1
    if _per_file(_codes(result)) != _per_file(expected):
        return False
    if violation.code not in TREE_CODES:
        return True
    start, end = span(request.document.index, violation)
    end += len(edit.text) - (edit.end - edit.start) if edit.start < end else 0
    return noqa.is_suppressed(violation.code, noqa.suppressions(LineTable(candidate), start, end))


def _quick_fix(request: Request, violation: Violation, fixes: list[Edit]) -> types.CodeAction | None:
    start, end = span(request.document.index, violation)
    mine = edits.within(fixes, start, end)
    if not mine:
        return None  # the fix loop left this statement alone (refused, or held back)
    if len(mine) < len(fixes):  # part of the fix-all result: check that it stands alone
        candidate = edits.apply(request.document.text, mine)
        result = request.recheck(candidate)
        if result is None or result.error or any(_same(v, violation) for v in result.violations):
            return None
    rule = by_code(violation.code)
    return types.CodeAction(
        title=f"Fix {violation.code} ({rule.name if rule else violation.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_diagnostic(violation, request.document.index, request.encoding)],
        edit=request.workspace_edit(mine),
        is_preferred=True,
    )


def _same(a: Violation, b: Violation) -> bool:
    return a.code == b.code and a.start.line == b.start.line


def _ignore(request: Request, violation: Violation) -> types.CodeAction | None:
    text = request.document.text
    start, end = span(request.document.index, violation)
    for edit in noqa.noqa_edits(text, start, end, violation.code):
        candidate = edits.apply(text, [edit])
        if _parses_alike(text, candidate) and _removes_only(request, violation, edit, candidate):
            return types.CodeAction(
                title=f"Ignore {violation.code} for this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[to_diagnostic(violation, request.document.index, request.encoding)],
                edit=request.workspace_edit([edit]),
            )
    return None


def _fix_all(request: Request, fixes: list[Edit]) -> types.CodeAction:
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, edit=request.workspace_edit(fixes))


def code_actions(request: Request, start: int, end: int, only: Sequence[str] | None) -> list[types.CodeAction]:
    """The actions for the character range [start, end] of the document."""
    index = request.document.index
    here = [v for v in request.checked.violations if _overlaps(span(index, v), start, end)]
    fixable = any(v.fixable for v in request.checked.violations)
    fixing = wanted(types.CodeActionKind.QuickFix, only) or wanted(FIX_ALL, only)
    fixes = request.all_fixes() if fixable and fixing else []
    out: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        for violation in here:
            action = _quick_fix(request, violation, fixes) if violation.fixable and fixes else None
            if action is not None:
                out.append(action)
        for violation in here:
            if violation.code == UNSUPPRESSIBLE:
                continue
            action = _ignore(request, violation)
            if action is not None:
                out.append(action)
    if fixes and wanted(FIX_ALL, only):
        out.append(_fix_all(request, fixes))
    return out


def _overlaps(statement: tuple[int, int], start: int, end: int) -> bool:
    return statement[0] <= end and statement[1] >= start
