"""The rule engine: decode, locate (or repair), collect, check, suppress; and the fix loop.

`Linter.run` is the whole per-file path; it never raises for bad input: every problem
with a file becomes a violation (IL000) or a FileResult error.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import fallback, noqa, repair
from .bindings import first_relative_import_end
from .edits import (
    apply_edits,
    bindings,
    in_repaired_statement,
    lazy_offsets,
    map_back,
    outside_unchanged,
    rename_bindings,
)
from .guards import guarded_imports
from .imports import collect
from .locate import LineTable, compile_suspect, has_main_block, is_module_name, locate
from .results import FileResult
from .rules import ALL_RULES
from .rules._base import Edit, FileContext, Pos, Rule, Violation
from .settings import Settings
from .sourcefile import Decoded, DecodeError, decode
from .tree import ModuleInfo, PackageTree, is_within, names_inner_part

MAX_ROUNDS = 10  # like ruff's fix loop: a fix that keeps producing fixes is a bug


class FixError(Exception):
    """A fix failed its own verification; the file is not written."""


@dataclass(frozen=True)
class _Found:
    """A violation with its statement's character span in the text it was found in."""

    start: int  # where the statement starts (at `lazy` for a lazy import)
    end: int
    code: str
    message: str
    fix: Edit | None  # offsets in the same text


@dataclass
class LintResult:
    violations: list[_Found]
    parsed: bool  # the text (or its IL002 repair) parses
    lines: LineTable | None = None  # of the text the violations point into
    suppressed: int = 0  # enabled violations a noqa comment hid


def _syntax_line(error: BaseException) -> int:
    lineno = getattr(error, "lineno", None)
    return lineno if isinstance(lineno, int) and lineno > 0 else 1


def _syntax_columns(error: BaseException, line: str) -> tuple[int, int]:
    """0-based character columns [start, end) of CPython's error position on its line.

    CPython's offsets are 1-based characters for source text (3.9 too); `end_offset`
    (3.10+) is only used when it lies after `offset` on the same line, otherwise the
    excerpt is the one character CPython points at. Offsets past the line (an error at
    EOF) are clamped to it.
    """
    offset = getattr(error, "offset", None)
    if not isinstance(offset, int) or offset < 1:
        return 0, len(line)
    start = min(offset - 1, len(line))
    end = start + 1  # 3.9 names no end: the character CPython points at
    end_offset, end_line = getattr(error, "end_offset", None), getattr(error, "end_lineno", None)
    if isinstance(end_offset, int) and end_line == getattr(error, "lineno", None) and end_offset > offset:
        end = end_offset - 1
    return start, max(start, min(end, len(line)))


def _syntax_message(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return f"{type(error).__name__}: {error.msg}"
    if isinstance(error, RecursionError):
        return "the file is nested too deeply to parse"
    return f"SyntaxError: {error}"


def _parse(text: str) -> ast.Module | BaseException:
    """The module's `ast`, or the error CPython reports for it: a parse error, or one that
    only compiling finds (`return` outside a function, a misplaced `from __future__`, ...).

    CPython's warnings about the checked code (invalid escape sequences, `is` with a
    literal) are the user's business, never the tool's output: they are silenced here.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:  # NUL bytes raise ValueError < 3.12
        return exc
    if compile_suspect(module, text):
        rejected = _compile_error(text)
        if rejected is not None:
            return rejected
    return module


def _compile_error(text: str) -> SyntaxError | None:
    """The SyntaxError a full `compile()` raises (None if it compiles). Only run for the
    rare module `compile_suspect` flags, so the message and position are CPython's own."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<file>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    except (ValueError, RecursionError, MemoryError):  # limits of this compiler, not errors in the file
        return None
    return None


def _refuse_new_findings(before: Sequence[_Found], edits: Sequence[Edit], after: Sequence[_Found]) -> None:
    """Raise FixError if a rewritten statement now draws a report it did not draw before
    and that no later round can fix (`from P.a import b` -> `from .a import b` that IL006
    reports): a fix must never produce code that another enabled rule reports.

    IL002 repairs are exempt: they turn a syntax error into the statement that was meant,
    and what that statement draws was hidden by the error, not made by the fix."""
    repairs = {f.fix for f in before if f.code == "IL002"}
    shift = 0
    for edit in sorted(edits, key=lambda e: e.start):
        start, end = edit.start + shift, edit.start + shift + len(edit.text)
        shift += len(edit.text) - (edit.end - edit.start)
        if edit in repairs:
            continue
        old = {f.code for f in before if f.start < edit.end and f.end > edit.start}
        for f in after:
            if f.fix is None and f.start < end and f.end > start and f.code not in old:
                raise FixError(f"a fix produced `{edit.text}`, which {f.code} reports: {f.message}")


class Linter:
    """Checks and fixes files against one PackageTree and one Settings."""

    def __init__(self, tree: PackageTree, settings: Settings) -> None:
        self.tree = tree
        self.settings = settings
        self.rules: tuple[Rule, ...] = tuple(
            r for r in ALL_RULES if settings.is_enabled(r.code) and type(r).check is not Rule.check
        )

    # -- one text -------------------------------------------------------------

    def _relevant(self, node: ast.Import | ast.ImportFrom, top: str | None) -> bool:
        """Cheap `ast` pre-filter: can any rule report this statement?"""
        if isinstance(node, ast.ImportFrom):
            if node.level > 0 or top is None:
                return node.level > 0
            module = node.module or ""
            # IL009: `src.P.a` (or `from src import P`) in package `P` names it through another directory
            return is_within(module, top) or names_inner_part(module, top) or any(a.name == top for a in node.names)
        # IL009: `src.P.a` in package `P` names it through another directory
        return top is not None and any(is_within(a.name, top) or names_inner_part(a.name, top) for a in node.names)

    def _check_module(
        self,
        text: str,
        parsed: ast.Module,
        module: ModuleInfo,
        lazy_at: frozenset[int] = frozenset(),
        lines: LineTable | None = None,
    ) -> list[_Found]:
        lines = lines or LineTable(text)
        top = module.top_level
        located = [loc for loc in locate(parsed, lines) if self._relevant(loc.node, top)]
        spans = [(loc.start, loc.end) for loc in located]
        if not spans:
            return []  # nothing to check: skip the script analysis (a walk of the module)
        relative_end = first_relative_import_end(text, parsed, lines, lazy_at)
        main_block = has_main_block(parsed, text)
        caught = guarded_imports(parsed, text)
        guarded = frozenset(loc.start for loc in located if id(loc.node) in caught)
        return self._check_spans(text, lines, spans, main_block, module, lazy_at, relative_end, guarded)

    def _check_spans(
        self,
        text: str,
        lines: LineTable,
        spans: Sequence[tuple[int, int]],
        main_block: bool,
        module: ModuleInfo,
        lazy_at: frozenset[int],
        relative_end: int | None = None,
        guarded: frozenset[int] = frozenset(),
    ) -> list[_Found]:
        """Run the rules on each statement span. `relative_end`: where the file's first
        relative import that runs on import ends (None: it has none, or it is unknown);
        `guarded`: the starts of the statements whose ImportError an enclosing `try` catches."""
        stem = module.name.rpartition(".")[2]
        # `gen-docs.py` and `class.py` can only run as scripts; `__main__.py` runs as `python P/`
        is_main = stem == "__main__" or not is_module_name(stem)
        unfixable = self.tree.unfixable_reason(module.path) if module.path and module.package else None
        ctx = FileContext(module, self.tree, self.settings, False, unfixable)
        # a script stops at its first relative import when run as `python P/x.py`: the
        # statements after it never run there, so rewriting them cannot break the script
        script_until = (len(text) + 1 if relative_end is None else relative_end) if is_main or main_block else 0
        found = []
        for start, end in spans:
            stmt = collect(text, (start, end), Pos(*lines.position(start)), Pos(*lines.position(end)), start in lazy_at)
            ctx = replace(ctx, is_script=start < script_until, guarded=start in guarded)
            for rule in self.rules:
                for v in rule.check(stmt, ctx):
                    found.append(_Found(start, end, v.code, v.message, v.fix))
        return found

    def _check_newer_syntax(
        self, text: str, error: BaseException, module: ModuleInfo, lazy_at: frozenset[int] = frozenset()
    ) -> list[_Found] | None:
        """Lint a text `ast` rejects with LibCST's parser (3.12+ syntax on an older Python).

        None when LibCST rejects it too (or is not newer than this interpreter).
        """
        if not fallback.available() or not fallback.maybe_newer_syntax(error):
            return None
        try:
            located = fallback.locate(text)
        except fallback.FallbackFailed:
            return None
        lines = LineTable(text)
        spans = [(lines.starts[l1 - 1] + c1, lines.starts[l2 - 1] + c2) for l1, c1, l2, c2 in located.spans]
        return self._check_spans(text, lines, spans, located.main_block, module, lazy_at)

    def _check_unparseable(self, text: str, error: BaseException, module: ModuleInfo) -> LintResult:
        lines = LineTable(text)
        repairs = repair.find(text, lines)
        if not repairs:
            newer = self._check_newer_syntax(text, error, module)
            if newer is not None:
                return LintResult(newer, parsed=True)
            return LintResult([self._syntax_error(lines, error)], parsed=False)
        repaired = apply_edits(text, repairs)
        parsed = _parse(repaired)
        invalid = [r for r in repairs if r.invalid_form]
        if isinstance(parsed, ast.Module):
            inner: list[_Found] | None = self._check_module(repaired, parsed, module, lazy_offsets(repairs))
        else:
            inner = self._check_newer_syntax(repaired, parsed, module, lazy_offsets(repairs))
        if inner is None:
            assert not isinstance(parsed, ast.Module)
            # another syntax error remains: report it, and the IL002 forms without a fix
            il002 = [_Found(r.start, r.end, "IL002", self._il002_message(text, r), None) for r in invalid]
            # the repairs keep every line on its number: CPython's line is a line of `text` too
            return LintResult([*il002, self._syntax_error(lines, parsed)], parsed=False)
        found = [
            _Found(r.start, r.end, "IL002", self._il002_message(text, r), Edit(r.start, r.end, r.text)) for r in invalid
        ]
        for f in inner:
            start, end = map_back(f.start, repairs), map_back(f.end, repairs, end=True)
            fix = None
            if f.fix is not None and not in_repaired_statement(f.fix.start, f.fix.end, repairs):
                fix = Edit(map_back(f.fix.start, repairs), map_back(f.fix.end, repairs, end=True), f.fix.text)
            found.append(_Found(self._lazy_start(text, start, repairs), end, f.code, f.message, fix))
        return LintResult(found, parsed=True)

    @staticmethod
    def _lazy_start(text: str, start: int, repairs: Sequence[repair.Repair]) -> int:
        """A statement after a removed `lazy` keyword starts at the keyword."""
        for rep in repairs:
            if not rep.invalid_form and rep.end <= start and not text[rep.end : start].strip(" \t\f\\\r\n"):
                return rep.start
        return start

    @staticmethod
    def _il002_message(text: str, rep: repair.Repair) -> str:
        wrong = " ".join(text[rep.start : rep.end].split())
        return f"`{wrong}` is invalid syntax; use `{' '.join(rep.text.split())}`"

    @staticmethod
    def _syntax_error(lines: LineTable, error: BaseException) -> _Found:
        line = min(_syntax_line(error), len(lines.starts))
        start = lines.starts[line - 1]
        first, last = _syntax_columns(error, lines.line(line))
        return _Found(start + first, start + last, "IL000", _syntax_message(error), None)

    def lint_text(self, text: str, module: ModuleInfo) -> LintResult:
        """Every enabled, unsuppressed violation of a decoded text."""
        parsed = _parse(text)
        lines = LineTable(text)
        if isinstance(parsed, ast.Module):
            result = LintResult(self._check_module(text, parsed, module, lines=lines), parsed=True)
        else:
            result = self._check_unparseable(text, parsed, module)
        kept = []
        suppressed = 0
        for f in result.violations:
            if not self.settings.is_enabled(f.code):
                continue
            if f.code != "IL000" and noqa.is_suppressed(f.code, noqa.suppressions(lines, f.start, f.end)):
                suppressed += 1
                continue
            kept.append(f)
        kept.sort(key=lambda f: (f.start, f.code))
        return LintResult(kept, result.parsed, lines, suppressed)

    def to_violations(
        self, display: str, text: str, found: Sequence[_Found], lines: LineTable | None = None
    ) -> list[Violation]:
        if not found:
            return []
        lines = lines or LineTable(text)
        out = []
        for f in found:
            start, end = Pos(*lines.position(f.start)), Pos(*lines.position(f.end))
            out.append(Violation(display, start, end, f.code, f.message, f.fix))
        return out

    # -- fixing ----------------------------------------------------------------

    def fix_text(self, text: str, module: ModuleInfo) -> tuple[str, int, LintResult]:
        """Apply fixes in rounds until none is left; (text, fixes applied, what remains).

        Raises FixError if a round's result does not verify (see `_verify`).
        """
        current, applied = text, 0
        first = self.lint_text(text, module)
        result = first
        for _ in range(MAX_ROUNDS):
            edits = self._choose(result.violations)
            if not edits:
                if first.parsed and not result.parsed:
                    raise FixError("the fix introduced a syntax error")
                return current, applied, result
            fixed = apply_edits(current, edits)
            self._verify(current, edits, module)
            if not outside_unchanged(current, fixed, edits):
                raise FixError("a fix changed text outside the statements it rewrote")
            before, current, applied = result, fixed, applied + len(edits)
            result = self.lint_text(current, module)
            _refuse_new_findings(before.violations, edits, result.violations)
        raise FixError(f"fixes did not settle after {MAX_ROUNDS} rounds")

    @staticmethod
    def _choose(found: Sequence[_Found]) -> list[Edit]:
        edits: list[Edit] = []
        for fix in sorted((f.fix for f in found if f.fix is not None), key=lambda e: e.start):
            if edits and fix.start < edits[-1].end:
                continue  # overlapping fixes wait for the next round
            edits.append(fix)
        return edits

    def _verify(self, text: str, edits: Sequence[Edit], module: ModuleInfo) -> None:
        """Every rewritten statement must bind the same names to the same absolute modules."""
        for edit in edits:
            after = bindings(edit.text, module.package)
            if after is None:
                raise FixError(f"a fix produced unparseable code: {edit.text!r}")
            before = bindings(text[edit.start : edit.end], module.package)
            if before is not None and edit.renamed is not None:
                before = rename_bindings(before, after, *edit.renamed)
            if before is not None and before != after:
                raise FixError(f"a fix would change what `{text[edit.start : edit.end]}` imports")

    # -- one file --------------------------------------------------------------

    def run(self, display: str, path: str, raw: bytes, fix: bool) -> FileResult:
        """Check (and with `fix`, fix) one file's bytes. Never raises for bad input."""
        try:
            decoded = decode(raw)
        except DecodeError as exc:
            return self._unusable(display, str(exc), exc.line, exc.column)
        return self.run_decoded(display, path, decoded, fix)

    def run_decoded(self, display: str, path: str, decoded: Decoded, fix: bool) -> FileResult:
        """`run` for text that is already decoded (the API's str input, flake8's lines)."""
        module = self.tree.module_info(path)
        text = decoded.text
        if not fix:
            result = self.lint_text(text, module)
            violations = self.to_violations(display, text, result.violations, result.lines)
            return FileResult(display, violations, source=text if violations else None, suppressed=result.suppressed)
        try:
            fixed, count, remaining = self.fix_text(text, module)
            new_bytes = decoded.encode(fixed) if fixed != text else None
        except (FixError, UnicodeEncodeError) as exc:
            result = self.lint_text(text, module)
            error = (
                f"{display}: internal error: {exc}; the file was not changed. "
                "Please report this bug at https://github.com/importlint/importlint/issues"
            )
            violations = self.to_violations(display, text, result.violations)
            return FileResult(display, violations, error=error, source=text, suppressed=result.suppressed)
        violations = self.to_violations(display, fixed, remaining.violations, remaining.lines)
        source = fixed if violations else None
        if new_bytes is None:
            return FileResult(display, violations, source=source, suppressed=remaining.suppressed)
        return FileResult(
            display, violations, count, text, fixed, new_bytes, source=source, suppressed=remaining.suppressed
        )

    def _unusable(self, display: str, message: str, line: int = 1, column: int = 1) -> FileResult:
        """An IL000 for a file that cannot be read or decoded (never passed silently)."""
        result = FileResult(display)
        if self.settings.is_enabled("IL000"):
            where = Pos(line, column)
            result.violations.append(Violation(display, where, where, "IL000", message))
        return result

    def unreadable(self, display: str, error: OSError) -> FileResult:
        return self._unusable(display, f"cannot read the file: {error.strerror or error}")
