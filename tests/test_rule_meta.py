"""Checks on the rules' metadata (ruff's check_docs_formatted.py): codes, names, docs,
fix availability, `explain`, and the README's generated tables."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import importlint.rules
from importlint import docs
from importlint.rules import ALL_RULES, by_code
from importlint.rules._base import FixAvailability, Rule

README = Path(__file__).resolve().parent.parent / "README.md"
RULES_DIR = Path(importlint.rules.__file__).parent
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Fix safety", "## Options")
# `SyntaxError` would shadow the builtin, so IL000's class carries a suffix (documented in its module)
CLASS_NAME_EXCEPTIONS = {"IL000": "SyntaxErrorRule"}

RULE_PARAMS = [pytest.param(rule, id=rule.code) for rule in ALL_RULES]


def test_codes_unique_and_in_order() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert codes == [f"IL{n:03d}" for n in range(11)]
    assert len(set(codes)) == len(codes)
    names = [rule.name for rule in ALL_RULES]
    assert len(set(names)) == len(names)


def test_one_file_per_rule_and_all_registered() -> None:
    """Every rules/ilNNN_<name>.py is in ALL_RULES, and holds the rule of that code and name."""
    files = sorted(p.stem for p in RULES_DIR.glob("il[0-9][0-9][0-9]_*.py"))
    expected = sorted(f"{rule.code.lower()}_{rule.name.replace('-', '_')}" for rule in ALL_RULES)
    assert files == expected
    for rule in ALL_RULES:
        module = type(rule).__module__.rpartition(".")[2]
        assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


def camel_case(kebab: str) -> str:
    return "".join(part.capitalize() for part in kebab.split("-"))


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_class_name_is_camel_case_of_name(rule: Rule) -> None:
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
    expected = CLASS_NAME_EXCEPTIONS.get(rule.code, camel_case(rule.name))
    assert type(rule).__name__ == expected


def test_class_name_exception_is_only_the_builtin_clash() -> None:
    assert camel_case(by_code("IL000").name) == "SyntaxError"  # type: ignore[union-attr]


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_docstring_sections(rule: Rule) -> None:
    doc = inspect.cleandoc(type(rule).__doc__ or "")
    headings = [line for line in doc.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS), f"{rule.code}: sections must be exactly {SECTIONS}, in order"
    for section, following in zip(SECTIONS, [*SECTIONS[1:], None]):
        body = doc.split(section, 1)[1]
        if following is not None:
            body = body.split(following, 1)[0]
        assert body.strip(), f"{rule.code}: section {section!r} is empty"
    assert rule.summary and "\n" not in rule.summary


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_fix_availability_matches_examples(rule: Rule) -> None:
    with_fix = [ex.fixed is not None for ex in rule.invalid]
    assert rule.invalid, f"{rule.code} has no invalid example"
    if rule.fix_availability is FixAvailability.NEVER:
        assert not any(with_fix), f"{rule.code} is NEVER fixable but an invalid example has `fixed`"
    elif rule.fix_availability is FixAvailability.ALWAYS:
        assert all(with_fix), f"{rule.code} is ALWAYS fixable but an invalid example has no `fixed`"
    else:
        assert any(with_fix) and not all(with_fix), (
            f"{rule.code} is SOMETIMES fixable: it needs invalid examples with and without `fixed`"
        )
    assert all(ex.fixed is None for ex in rule.valid)


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_explain(rule: Rule, run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", rule.code], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == f"# {rule.name} ({rule.code})"
    assert lines[1] == ""
    assert lines[2] == "## What it does"
    assert f"Fix: {rule.fix_availability.value} available." in lines
    for section in SECTIONS:
        assert section in lines
    for ex in rule.invalid:
        if ex.fixed is not None:
            diff = "\n".join([*(f"-{x}" for x in ex.code.splitlines()), *(f"+{x}" for x in ex.fixed.splitlines())])
            assert f"```diff\n{diff}\n```" in result.out


def test_explain_is_case_insensitive(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", "il001"], cwd=tmp_path)
    assert result.rc == 0
    assert result.out.startswith("# absolute-self-import (IL001)\n")


@pytest.mark.parametrize("code", ["IL999", "IL01", "XX001", "il1000"])
def test_explain_unknown_code(code: str, run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", code], cwd=tmp_path)
    assert result.rc == 2
    assert result.out == ""
    assert result.err == (
        f"importlint: error: explain: unknown rule code `{code}` "
        "(known: IL000, IL001, IL002, IL003, IL004, IL005, IL006, IL007, IL008, IL009, IL010)\n"
    )


@pytest.mark.parametrize("name", ["absolute-self-import", "ABSOLUTE-SELF-IMPORT", "absolute_self_import", "IL001"])
def test_explain_by_name(name: str, run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", name], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    assert result.out == run_cli(["explain", "IL001"], cwd=tmp_path).out
    assert result.out.startswith("# absolute-self-import (IL001)\n")


@pytest.mark.parametrize(
    ("word", "message"),
    [
        pytest.param(
            "absolute-import", "unknown rule `absolute-import`; did you mean `absolute-self-import`?", id="near"
        ),
        pytest.param(
            "relative-beyond-top",
            "unknown rule `relative-beyond-top`; did you mean `relative-beyond-top-level`?",
            id="prefix",
        ),  # fmt: skip
        pytest.param(
            "flake",
            "unknown rule `flake` (known: IL000, IL001, IL002, IL003, IL004, IL005, IL006, IL007, IL008, IL009, "
            "IL010, or their names: `importlint rules`)",
            id="far",
        ),
    ],
)
def test_explain_unknown_name(word: str, message: str, run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", word], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (2, "", f"importlint: error: explain: {message}\n")


def test_explain_without_code(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain"], cwd=tmp_path)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "importlint: error: explain: give a rule code (e.g. IL001) or --all\n"


def test_explain_all_with_a_code_is_refused(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", "--all", "IL001"], cwd=tmp_path)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "importlint: error: explain: give a rule code or --all, not both\n"


def test_explain_all_prints_every_rules_full_documentation(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", "--all"], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    each = [run_cli(["explain", rule.code], cwd=tmp_path).out for rule in ALL_RULES]
    assert result.out == "\n".join(each)  # every rule's `explain CODE`, in code order, a blank line apart
    headings = [line for line in result.out.splitlines() if re.fullmatch(r"# [a-z-]+ \(IL\d{3}\)", line)]
    assert headings == [f"# {rule.name} ({rule.code})" for rule in ALL_RULES]
    assert result.out != docs.listing()


LEGEND = [
    "",
    "Fix: [*] always available, (*) sometimes, blank: never; `importlint check --fix` applies them.",
    "`importlint explain CODE` (or NAME) shows a rule's documentation; `explain --all`, every rule's.",
]


def test_rules_command_lists_every_rule_then_explains_the_marks(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["rules"], cwd=tmp_path)
    assert (result.rc, result.err) == (0, "")
    assert result.out == docs.listing()
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines[: len(ALL_RULES)]] == [rule.code for rule in ALL_RULES]
    assert lines[1] == "IL001 (*) absolute-self-import             " + ALL_RULES[1].summary
    assert lines[len(ALL_RULES) :] == LEGEND


def test_listing_marks_fix_availability() -> None:
    marks = {"never": "   ", "sometimes": "(*)", "always": "[*]"}
    lines = docs.listing().splitlines()
    for rule, line in zip(ALL_RULES, lines):
        assert line.startswith(f"{rule.code} {marks[rule.fix_availability.value]} {rule.name} ")
        assert line.endswith(rule.summary)


# -- README tables ---------------------------------------------------------------


def readme_block(marker: str) -> str | None:
    """The text between `<!-- marker:start -->` and `<!-- marker:end -->`, or None."""
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    match = re.search(rf"<!-- {marker}:start -->\n(.*?)<!-- {marker}:end -->", text, re.DOTALL)
    return None if match is None else match.group(1).strip("\n") + "\n"


@pytest.mark.parametrize(
    ("marker", "generate"),
    [pytest.param("rules", docs.rules_table, id="rules"), pytest.param("config", docs.config_table, id="config")],
)
def test_readme_table_in_sync(marker: str, generate: Any) -> None:
    expected = generate()
    block = readme_block(marker)
    hint = (
        f"README.md must hold, between <!-- {marker}:start --> and <!-- {marker}:end -->:\n\n"
        f"<!-- {marker}:start -->\n{expected}<!-- {marker}:end -->\n"
    )
    assert block is not None, "markers missing. " + hint
    assert block == expected, "table out of date. " + hint


def test_tables_cover_every_rule_and_option() -> None:
    from importlint.config import OPTIONS

    rules = docs.rules_table().splitlines()
    assert len(rules) == 2 + len(ALL_RULES)
    for rule, row in zip(ALL_RULES, rules[2:]):
        assert row.startswith(f"| {rule.code} | `{rule.name}` | {rule.fix_availability.value} |")
    config = docs.config_table().splitlines()
    assert len(config) == 2 + len(OPTIONS)
    for option, row in zip(OPTIONS, config[2:]):
        assert row.startswith(f"| `{option.key}` | {option.kind} |")


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_precedence_names_other_statement_rules(rule: Rule) -> None:
    """`defers_to` names statement rules other than the rule itself, so the engine can run them."""
    for code in rule.defers_to:
        senior = by_code(code)
        assert senior is not None and senior is not rule
        assert type(senior).check is not Rule.check and not senior.defers_to  # no chains to resolve


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_stated_positions_are_line_and_column(rule: Rule) -> None:
    for ex in rule.invalid:
        assert ex.position is None or re.fullmatch(r"[1-9][0-9]*:[1-9][0-9]*", ex.position), ex.position


def test_examples_state_messages_and_positions() -> None:
    """Some rules' examples say what the report is (checked by test_rule_examples)."""
    stating = {rule.code for rule in ALL_RULES for ex in rule.invalid if ex.message is not None}
    positioned = {rule.code for rule in ALL_RULES for ex in rule.invalid if ex.position is not None}
    assert {"IL000", "IL001", "IL002", "IL003", "IL004", "IL006", "IL009", "IL010"} <= stating
    assert {"IL000", "IL002", "IL003"} <= positioned
