"""Report formats: pure functions from violations to text."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ._version import __version__
from .rules import ALL_RULES
from .rules._base import Violation

FORMATS = ("text", "concise", "json", "github", "sarif")
HELP_URI = "https://github.com/importlint/importlint#rules"


def text(violations: Sequence[Violation]) -> str:
    """`path:line:col: CODE [*] message`, one line each (`[*]`: fixable)."""
    lines = []
    for v in violations:
        mark = " [*]" if v.fixable else ""
        lines.append(f"{v.path}:{v.start.line}:{v.start.column}: {v.code}{mark} {v.message}")
    return "".join(line + "\n" for line in lines)


def as_json(violations: Sequence[Violation]) -> str:
    """A JSON array of violation objects, in the contract's key order."""
    objects = [
        {
            "path": v.path,
            "line": v.start.line,
            "column": v.start.column,
            "end_line": v.end.line,
            "end_column": v.end.column,
            "code": v.code,
            "message": v.message,
            "fixable": v.fixable,
        }
        for v in violations
    ]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts)
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(violations: Sequence[Violation]) -> str:
    """GitHub Actions `::error` workflow commands, one per violation."""
    out = []
    for v in violations:
        props = {
            "title": f"importlint ({v.code})",
            "file": v.path,
            "line": str(v.start.line),
            "col": str(v.start.column),
            "endLine": str(v.end.line),
            "endColumn": str(v.end.column),
        }
        rendered = ",".join(f"{key}={_escape_property(value)}" for key, value in props.items())
        message = f"{v.path}:{v.start.line}:{v.start.column}: {v.code} {v.message}"
        out.append(f"::error {rendered}::{_escape_data(message)}\n")
    return "".join(out)


def sarif(violations: Sequence[Violation]) -> str:
    """A SARIF 2.1.0 log with every rule described, as GitHub code scanning takes it."""
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": (type(rule).__doc__ or rule.summary).strip()},
            "help": {"text": (type(rule).__doc__ or rule.summary).strip()},
            "helpUri": f"{HELP_URI}",
            "properties": {"fixable": rule.fix_availability.value},
        }
        for rule in ALL_RULES
    ]
    index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    results = [
        {
            "ruleId": v.code,
            "ruleIndex": index[v.code],
            "level": "error",
            "message": {"text": v.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": v.path.replace("\\", "/")},
                        "region": {
                            "startLine": v.start.line,
                            "startColumn": v.start.column,
                            "endLine": v.end.line,
                            "endColumn": v.end.column,
                        },
                    }
                }
            ],
        }
        for v in violations
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "importlint",
                        "version": __version__,
                        "informationUri": "https://github.com/importlint/importlint",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def render(fmt: str, violations: Sequence[Violation]) -> str:
    if fmt == "json":
        return as_json(violations)
    if fmt == "github":
        return github(violations)
    if fmt == "sarif":
        return sarif(violations)
    return text(violations)


def summary(remaining: int, fixable: int, fixed: int) -> str:
    """ruff's closing line, for stderr."""
    if remaining == 0:
        if fixed:
            return f"Found {fixed} error{'s' * (fixed != 1)} ({fixed} fixed, 0 remaining)."
        return "All checks passed!"
    total = remaining + fixed
    if fixed:
        return f"Found {total} error{'s' * (total != 1)} ({fixed} fixed, {remaining} remaining)."
    line = f"Found {remaining} error{'s' * (remaining != 1)}."
    if fixable:
        line += f"\n[*] {fixable} fixable with the `--fix` option."
    return line
