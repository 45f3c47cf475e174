"""The rule engine: decode, locate (or repair), collect, check, suppress; and the fix loop.

`Linter.run` is the whole per-file path; it never raises for bad input: every problem
with a file becomes a violation (IL000) or a FileResult error.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import fallback, noqa
from .bindings import first_relative_import_end
from .edits import apply_edits, bindings, outside_unchanged, rename_bindings
from .guards import guarded_imports
from .imports import collect
from .locate import LineTable, compile_suspect, has_main_block, is_module_name, locate
from .model import Edit, FileResult, Finding, ImportStmt, Pos, Violation
from .repair import RepairedText
from .rules import ALL_RULES, il000_syntax_error, il002_invalid_relative_import_form
from .rules._base import FileContext, Rule
from .settings import Settings
from .sourcefile import Decoded, DecodeError, decode
from .tree import ModuleInfo, PackageTree, is_within, names_inner_part

MAX_ROUNDS = 10  # like ruff's fix loop: a fix that keeps producing fixes is a bug


class FixError(Exception):
    """A fix failed its own verification; the file is not written."""


@dataclass(frozen=True)
class _Found:
    """A finding placed at its statement's character span in the text it was found in."""

    start: int  # where the statement starts (at `lazy` for a lazy import)
    end: int
    code: str
    message: str
    fix: Edit | None  # offsets in the same text
    unsafe: bool = False  # `fix` is not applied (see Linter.lint_text): shown only

    @classmethod
    def at(cls, start: int, end: int, finding: Finding) -> _Found:
        return cls(start, end, finding.code, finding.message, finding.fix, finding.fix is not None and finding.unsafe)

    @property
    def applicable(self) -> bool:
        return self.fix is not None and not self.unsafe


@dataclass
class LintResult:
    violations: list[_Found]
    parsed: bool  # the text (or its IL002 repair) parses
    lines: LineTable | None = None  # of the text the violations point into
    suppressed: int = 0  # enabled violations a noqa comment hid


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
            if not f.applicable and f.start < end and f.end > start and f.code not in old:
                raise FixError(f"a fix produced `{edit.text}`, which {f.code} reports: {f.message}")


class Linter:
    """Checks and fixes files against one PackageTree and one Settings."""

    def __init__(self, tree: PackageTree, settings: Settings) -> None:
        self.tree = tree
        self.settings = settings
        self.rules: tuple[Rule, ...] = tuple(
            r for r in ALL_RULES if settings.is_enabled(r.code) and type(r).check is not Rule.check
        )
        self._by_code = {r.code: r for r in ALL_RULES}
        self._trial: Linter | None = None  # this linter under --unsafe-fixes (see _vet_unsafe)

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
            stmt = collect(text, (start, end), start in lazy_at)
            ctx = replace(ctx, is_script=start < script_until, guarded=start in guarded)
            found += [_Found.at(start, end, f) for f in self._findings(stmt, ctx)]
        return found

    def _findings(self, stmt: ImportStmt, ctx: FileContext) -> list[Finding]:
        """What the enabled rules report about one statement. Precedence (`Rule.defers_to`)
        is applied here: a rule whose senior reports the statement is not run, whether or
        not the senior rule is enabled (its findings are then dropped)."""
        reported: dict[str, list[Finding]] = {}
        out: list[Finding] = []
        for rule in self.rules:
            if any(self._reported(self._by_code[code], stmt, ctx, reported) for code in rule.defers_to):
                continue
            out += self._reported(rule, stmt, ctx, reported)
        return out

    @staticmethod
    def _reported(rule: Rule, stmt: ImportStmt, ctx: FileContext, reported: dict[str, list[Finding]]) -> list[Finding]:
        """`rule`'s findings about the statement, each rule run once per statement."""
        if rule.code not in reported:
            reported[rule.code] = list(rule.check(stmt, ctx))
        return reported[rule.code]

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
        repaired = RepairedText.of(text, lines)
        if repaired is None:
            newer = self._check_newer_syntax(text, error, module)
            if newer is not None:
                return LintResult(newer, parsed=True)
            return LintResult([self._syntax_error(lines, error)], parsed=False)
        parsed = _parse(repaired.text)
        if isinstance(parsed, ast.Module):
            inner: list[_Found] | None = self._check_module(repaired.text, parsed, module, repaired.lazy_starts)
        else:
            inner = self._check_newer_syntax(repaired.text, parsed, module, repaired.lazy_starts)
        # with another syntax error left, the IL002 forms are reported without a fix
        il002 = [
            _Found.at(r.start, r.end, il002_invalid_relative_import_form.repair_finding(text, r, inner is not None))
            for r in repaired.invalid_forms
        ]
        if inner is None:
            assert not isinstance(parsed, ast.Module)
            # the repairs keep every line on its number: CPython's line is a line of `text` too
            return LintResult([*il002, self._syntax_error(lines, parsed)], parsed=False)
        return LintResult([*il002, *(self._to_original(f, repaired) for f in inner)], parsed=True)

    @staticmethod
    def _to_original(found: _Found, repaired: RepairedText) -> _Found:
        """A finding in the repaired text, placed in the original text."""
        start = repaired.statement_start(repaired.to_original(found.start))
        fix = None if found.fix is None else repaired.edit_to_original(found.fix)
        end = repaired.to_original(found.end, end=True)
        return replace(found, start=start, end=end, fix=fix, unsafe=found.unsafe and fix is not None)

    @staticmethod
    def _syntax_error(lines: LineTable, error: BaseException) -> _Found:
        start, end = il000_syntax_error.syntax_span(error, lines)
        return _Found(start, end, "IL000", il000_syntax_error.syntax_message(error), None)

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
            # the engine decides about an unsafe fix: applied under --unsafe-fixes, else only shown
            kept.append(replace(f, unsafe=False) if self.settings.unsafe_fixes else f)
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
            out.append(Violation(display, start, end, f.code, f.message, f.fix, f.unsafe))
        return out

    def _report(self, display: str, text: str, module: ModuleInfo, result: LintResult) -> list[Violation]:
        """The violations of `text` as reported: an unsafe fix is shown only once verified."""
        return self.to_violations(display, text, self._vet_unsafe(text, module, result.violations), result.lines)

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
            current, result = self._round(current, module, result, edits)
            applied += len(edits)
        raise FixError(f"fixes did not settle after {MAX_ROUNDS} rounds")

    def _round(
        self, text: str, module: ModuleInfo, result: LintResult, edits: Sequence[Edit]
    ) -> tuple[str, LintResult]:
        """One round of the fix loop: `text` with `edits` applied and what it draws then.
        Raises FixError if the round does not verify."""
        fixed = apply_edits(text, edits)
        self._verify(text, edits, module)
        if not outside_unchanged(text, fixed, edits):
            raise FixError("a fix changed text outside the statements it rewrote")
        after = self.lint_text(fixed, module)
        _refuse_new_findings(result.violations, edits, after.violations)
        return fixed, after

    def _vet_unsafe(self, text: str, module: ModuleInfo, found: Sequence[_Found]) -> list[_Found]:
        """`found` with each unsafe fix that is shown (not applied) verified as --unsafe-fixes
        would verify it, alone, in a round of its own; one that fails is no fix at all."""
        if not any(f.unsafe for f in found):
            return list(found)
        if self._trial is None:
            self._trial = Linter(self.tree, replace(self.settings, unsafe_fixes=True))
        before = self._trial.lint_text(text, module)
        out = []
        for f in found:
            if f.unsafe and f.fix is not None:
                try:
                    after = self._trial._round(text, module, before, [f.fix])[1]
                    if before.parsed and not after.parsed:
                        raise FixError("the fix introduced a syntax error")
                except FixError:
                    f = replace(f, fix=None, unsafe=False)
            out.append(f)
        return out

    @staticmethod
    def _choose(found: Sequence[_Found]) -> list[Edit]:
        edits: list[Edit] = []
        for fix in sorted((f.fix for f in found if f.fix is not None and f.applicable), key=lambda e: e.start):
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
            violations = self._report(display, text, module, result)
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
            violations = self._report(display, text, module, result)
            return FileResult(display, violations, error=error, source=text, suppressed=result.suppressed)
        violations = self._report(display, fixed, module, remaining)
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
        result = self._unusable(display, il000_syntax_error.unreadable_message(error))
        result.cacheable = False  # a read error is the disk's state, not the content's verdict
        return result
