"""`importlint explain`: a rule's documentation, read from the rule itself."""

from __future__ import annotations

import inspect
import re
from typing import TextIO

from .errors import UsageError
from .rules import ALL_RULES, by_code
from .rules._base import Rule


def _diff(before: str, after: str) -> str:
    lines = [f"-{line}" for line in before.splitlines()] + [f"+{line}" for line in after.splitlines()]
    return "\n".join(lines)


def explain(rule: Rule) -> str:
    """The rule's docs: title, docstring, fix availability and its fixed examples as diffs."""
    parts = [f"# {rule.name} ({rule.code})", "", inspect.cleandoc(type(rule).__doc__ or rule.summary), ""]
    parts.append(f"Fix: {rule.fix_availability.value} available.")
    examples = [ex for ex in rule.invalid if ex.fixed is not None]
    if examples:
        parts += ["", "## Fixes"]
        for ex in examples:
            flags = f", with `{' '.join(ex.args)}`" if ex.args else ""
            parts += ["", f"In `{ex.path}`{flags}:", "```diff", _diff(ex.code, ex.fixed or ""), "```"]
    return "\n".join(parts) + "\n"


_MARKS = {"never": "   ", "sometimes": "(*)", "always": "[*]"}
LISTING_LEGEND = (
    "Fix: [*] always available, (*) sometimes, blank: never; `importlint check --fix` applies them.\n"
    "`importlint explain CODE` (or NAME) shows a rule's documentation; `explain --all`, every rule's.\n"
)


def listing() -> str:
    """One line per rule: code, fix availability, name, summary; then what the marks mean."""
    lines = [f"{r.code} {_MARKS[r.fix_availability.value]} {r.name:<32} {r.summary}" for r in ALL_RULES]
    return "\n".join(lines) + "\n\n" + LISTING_LEGEND


def everything() -> str:
    """`explain --all`: every rule's full documentation, in code order."""
    return "\n".join(explain(rule) for rule in ALL_RULES)


_CODE_LIKE = re.compile(r"[A-Za-z]+[0-9]+")


def find_rule(word: str) -> Rule:
    """The rule named by a code (IL001) or a name (absolute-self-import), any case.

    UsageError, with the nearest name when there is one, for anything else.
    """
    rule = by_code(word)
    if rule is not None:
        return rule
    wanted = word.strip().lower().replace("_", "-")
    for rule in ALL_RULES:
        if rule.name == wanted:
            return rule
    codes = ", ".join(r.code for r in ALL_RULES)
    if _CODE_LIKE.fullmatch(word):
        raise UsageError(f"explain: unknown rule code `{word}` (known: {codes})")
    import difflib  # only on this error path: `explain` stays quick to start

    close = difflib.get_close_matches(wanted, [r.name for r in ALL_RULES], n=1)
    hint = f"; did you mean `{close[0]}`?" if close else f" (known: {codes}, or their names: `importlint rules`)"
    raise UsageError(f"explain: unknown rule `{word}`{hint}")


def run_rules(out: TextIO) -> int:
    out.write(listing())
    return 0


def run_explain(code: str | None, everything_: bool, out: TextIO) -> int:
    if everything_ and code is not None:
        raise UsageError("explain: give a rule code or --all, not both")
    if everything_:
        out.write(everything())
        return 0
    if code is None:
        raise UsageError("explain: give a rule code (e.g. IL001) or --all")
    out.write(explain(find_rule(code)))
    return 0


def rules_table() -> str:
    """The README's rules table (kept in sync by a test)."""
    rows = ["| Code | Name | Fix | What it reports |", "| --- | --- | --- | --- |"]
    for rule in ALL_RULES:
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.fix_availability.value} | {rule.summary} |")
    return "\n".join(rows) + "\n"


def config_table() -> str:
    """The README's configuration table (kept in sync by a test)."""
    from .config import OPTIONS

    rows = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for option in OPTIONS:
        rows.append(f"| `{option.key}` | {option.kind} | `{option.default}` | {option.doc} |")
    return "\n".join(rows) + "\n"
