"""`importlint explain`: a rule's documentation, read from the rule itself."""

from __future__ import annotations

import inspect
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
            parts += ["", f"In `{ex.path}`:", "```diff", _diff(ex.code, ex.fixed or ""), "```"]
    return "\n".join(parts) + "\n"


def listing() -> str:
    """One line per rule: code, name, fix availability, summary."""
    lines = []
    for rule in ALL_RULES:
        fix = {"never": "   ", "sometimes": "(*)", "always": "[*]"}[rule.fix_availability.value]
        lines.append(f"{rule.code} {fix} {rule.name:<32} {rule.summary}")
    return "\n".join(lines) + "\n"


def run_explain(code: str | None, everything: bool, out: TextIO) -> int:
    if everything:
        out.write(listing() if code is None else "")
        if code is None:
            return 0
    if code is None:
        raise UsageError("explain: give a rule code (e.g. IL001) or --all")
    rule = by_code(code)
    if rule is None:
        known = ", ".join(r.code for r in ALL_RULES)
        raise UsageError(f"explain: unknown rule code `{code}` (known: {known})")
    out.write(explain(rule))
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
