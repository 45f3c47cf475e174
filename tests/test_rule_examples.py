"""Every `Example` of every rule runs as a test, through the same engine the CLI uses.

One generated table (Fixit's example-driven rule tests): adding a case to a rule means
adding one `Example(...)` line to the rule; nothing here changes.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from importlint.rules import ALL_RULES
from importlint.rules._base import Example, Rule


def case_id(rule: Rule, kind: str, index: int, ex: Example) -> str:
    """`IL001-invalid-2-P/sub/m.py-from-P-import-x`: which example, and what it is."""
    first = next((line for line in ex.code.splitlines() if line.strip()), "")
    words = re.sub(r"[^A-Za-z0-9_.]+", "-", first).strip("-")[:40].rstrip("-.")
    return f"{rule.code}-{kind}-{index}-{ex.path}-{words}"


CASES = [
    pytest.param(rule, kind, ex, id=case_id(rule, kind, i, ex))
    for rule in ALL_RULES
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for i, ex in enumerate(examples)
]


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for example option {value!r}")


def pyproject_for(options: Mapping[str, object]) -> str:
    lines = ["[tool.importlint]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _with_inits(root: Path, rel: str) -> None:
    """`__init__.py` in every directory above `rel` (below root), unless one is there."""
    parent = PurePosixPath(rel).parent
    while str(parent) != ".":
        init = root / parent / "__init__.py"
        if not init.exists():
            init.parent.mkdir(parents=True, exist_ok=True)
            init.write_bytes(b"")
        parent = parent.parent


def make_example_tree(root: Path, ex: Example) -> Path:
    """Write the example into `root`; returns the path of the example's file."""
    (root / ".git").mkdir()  # the repository root: no config from above tmp_path is read
    for rel in ex.files:
        extra = root / rel
        extra.parent.mkdir(parents=True, exist_ok=True)
        if not extra.exists():
            extra.write_bytes(b"")  # minimal content: it only has to exist
        _with_inits(root, rel)
    for rel, text in ex.sources:  # files with content (whole-tree rules), written over empty ones
        extra = root / rel
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_bytes(text.encode("utf-8"))
        _with_inits(root, rel)
    src = root / ex.path
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(ex.code.encode("utf-8"))
    _with_inits(root, ex.path)
    if ex.options:
        (root / "pyproject.toml").write_text(pyproject_for(ex.options), encoding="utf-8")
    return src


def check_json(run_cli: Any, root: Path, rule: Rule, ex: Example) -> list[dict[str, Any]]:
    result = run_cli(["check", "--select", rule.code, *ex.args, "--output-format", "json", ex.path], cwd=root)
    assert result.rc in (0, 1), result.err
    violations: list[dict[str, Any]] = json.loads(result.out)
    assert result.rc == (1 if violations else 0)
    return violations


def fix(run_cli: Any, root: Path, rule: Rule, ex: Example) -> None:
    result = run_cli(["check", "--select", rule.code, *ex.args, "--fix", "--output-format", "json", ex.path], cwd=root)
    assert result.rc in (0, 1), result.err
    assert "internal error" not in result.err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes; importlint's own cache directory is not part of the tree."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".importlint_cache" not in p.relative_to(root).parts
    }


def check_stated_report(first: Mapping[str, Any], ex: Example) -> None:
    """What the example says the report is: a part of the message, and where it starts."""
    if ex.message is not None:
        assert ex.message in first["message"], f"{ex.message!r} is not in {first['message']!r}"
    if ex.position is not None:
        assert f"{first['line']}:{first['column']}" == ex.position


@pytest.mark.parametrize(("rule", "kind", "ex"), CASES)
def test_example(rule: Rule, kind: str, ex: Example, tmp_path: Path, run_cli: Any) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    make_example_tree(root, ex)
    violations = [v for v in check_json(run_cli, root, rule, ex) if v["code"] == rule.code]

    copy = tmp_path / "fixed"
    shutil.copytree(root, copy)
    before = snapshot(copy)
    fix(run_cli, copy, rule, ex)

    if kind == "valid":
        assert ex.message is None and ex.position is None, "a valid example has no report to describe"
        assert violations == [], f"valid example of {rule.code} was reported:\n{ex.code}"
        assert ex.fixed is None, "a valid example cannot have a fixed form"
        assert snapshot(copy) == before, "--fix changed a valid example"
        return

    assert violations, f"invalid example of {rule.code} was not reported:\n{ex.code}"
    assert all(v["path"] == ex.path for v in violations)
    check_stated_report(violations[0], ex)
    after = (copy / ex.path).read_bytes()

    if ex.fixed is None:
        assert [v["fixable"] for v in violations] == [False] * len(violations)
        assert snapshot(copy) == before, "--fix changed a file although the example has no fix"
        return

    assert any(v["fixable"] for v in violations)
    assert after.decode("utf-8") == ex.fixed
    others = {k: v for k, v in snapshot(copy).items() if k != ex.path}
    assert others == {k: v for k, v in before.items() if k != ex.path}, "--fix touched another file"

    fix(run_cli, copy, rule, ex)  # a second --fix changes nothing
    assert snapshot(copy) == {**before, ex.path: after}
    remaining = [v for v in check_json(run_cli, copy, rule, ex) if v["code"] == rule.code]
    assert not any(v["fixable"] for v in remaining), remaining


def test_every_rule_has_examples() -> None:
    for rule in ALL_RULES:
        assert rule.invalid, f"{rule.code} has no invalid example"
        assert rule.valid, f"{rule.code} has no valid example"


def test_case_ids_are_unique_and_readable() -> None:
    ids = [case_id(rule, kind, i, ex) for rule, kind, ex, i in _indexed()]
    assert len(set(ids)) == len(ids)
    assert "IL001-invalid-2-P/sub/m.py-from-P-import-x" in ids


def _indexed() -> list[tuple[Rule, str, Example, int]]:
    return [
        (rule, kind, ex, i)
        for rule in ALL_RULES
        for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
        for i, ex in enumerate(examples)
    ]


@pytest.mark.parametrize(
    ("stated", "passes"),
    [
        pytest.param({"message": "climbs above", "position": "2:1"}, True, id="both-match"),
        pytest.param({"message": "no such words"}, False, id="message-differs"),
        pytest.param({"position": "1:1"}, False, id="position-differs"),
    ],
)
def test_stated_report_is_checked(stated: dict[str, str], passes: bool) -> None:
    report = {"message": "relative import with 3 dots climbs above top-level package `P`", "line": 2, "column": 1}
    ex = Example("x = 1\nfrom ... import x\n", **stated)  # type: ignore[arg-type]
    if passes:
        check_stated_report(report, ex)
    else:
        with pytest.raises(AssertionError):
            check_stated_report(report, ex)
