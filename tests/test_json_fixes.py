"""`--output-format json` carries ruff's `fix` object (issue 13, "Machine-readable fixes"):
a tool that applies its edits to the original bytes gets exactly what `check --fix` writes,
without running importlint again."""

from __future__ import annotations

import io
import json
import re
import shutil
import tokenize
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint import runner

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # Python's (and ruff's) line breaks
_BOM = b"\xef\xbb\xbf"

# each shape a fix must be placed right in; the names are the fixture's files
SHAPES: dict[str, str | bytes] = {
    "P/__init__.py": "",
    "P/a.py": "",
    "P/b.py": "c = d = 1\n",
    "P/x.py": "",
    "P/multi.py": "import os\nfrom P.b import (\n    c,  # kept\n    d,\n)\nfrom P import a\n",
    "P/crlf.py": b"import os\r\nfrom P.b import (\r\n    c,\r\n)\r\nfrom P import a\r\n",
    "P/cr.py": b"import os\rfrom P import a\rx = 1\r",
    "P/wide.py": 'x = "\u00e9\u4e2d\U0001f600"; from P import a\ns = "\u00e9"; import P.b as b\n',
    "P/latin.py": b'# -*- coding: latin-1 -*-\nx = "\xe9"; from P import a\n',
    "P/bom.py": _BOM + 'x = "\u00e9"; from P.b import c\n'.encode(),
    "P/il002.py": "import os\nimport .x\nimport ..P.a as q\n",
    "P/cont.py": "from P.b \\\n    import c\nfrom P import (a)\n",
    "P/several.py": "from P import a\nimport P.b\nfrom P.b import c, d\nfrom . import x\nimport .x\n",
    "P/clean.py": "from . import a\n",
}


def _edits_applied(raw: bytes, edits: list[dict[str, Any]]) -> bytes:
    """`raw` with ruff-style edits applied: rows and character columns, 1-based, into the
    file's text in its own encoding (what an editor or a bot would do)."""
    if not edits:
        return raw  # a file need not even decode when nothing is to change in it
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    bom = raw.startswith(_BOM)
    text = raw[len(_BOM) if bom else 0 :].decode("utf-8" if bom else encoding)
    starts = [0]
    for line in _LINE.findall(text):
        starts.append(starts[-1] + len(line))

    def offset(loc: dict[str, int]) -> int:
        return starts[loc["row"] - 1] + loc["column"] - 1

    for edit in sorted(edits, key=lambda e: offset(e["location"]), reverse=True):
        text = text[: offset(edit["location"])] + edit["content"] + text[offset(edit["end_location"]) :]
    return (_BOM if bom else b"") + text.encode("utf-8" if bom else encoding)


def _json_run(run_cli: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli(["check", "--output-format", "json", *args, "."], cwd=root)
    assert result.rc == 1, result.err
    objects: list[dict[str, Any]] = json.loads(result.out)
    return objects


def _apply_report(root: Path, objects: list[dict[str, Any]], applicability: set[str]) -> dict[str, bytes]:
    """Every file of `root` with the report's fixes of those applicabilities applied."""
    edits: dict[str, list[dict[str, Any]]] = {}
    for obj in objects:
        fix = obj["fix"]
        if fix is not None and fix["applicability"] in applicability:
            edits.setdefault(obj["path"], []).extend(fix["edits"])
    files = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        files[rel] = _edits_applied(path.read_bytes(), edits.get(rel, []))
    return files


def _fixed_by_cli(run_cli: Any, root: Path, *args: str) -> dict[str, bytes]:
    result = run_cli(["check", "--no-cache", "--fix", *args, "."], cwd=root)
    assert result.rc in (0, 1), result.err
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*.py"))}


def _twin_trees(repo_tree: RepoTree, tmp_path: Path, files: Mapping[str, str | bytes]) -> tuple[Path, Path]:
    """Two copies of one package tree: one to read the JSON report of, one to run --fix on."""
    json_root = repo_tree(files, packages=True, root=tmp_path / "json")
    shutil.copytree(json_root, tmp_path / "fix")
    return json_root, tmp_path / "fix"


def _filler(count: int) -> dict[str, str]:
    """Enough more files with fixes that `-j2` runs a process pool (runner._POOL_MIN_FILES)."""
    return {f"P/fill{i:02}.py": f"import os\nfrom P import a\nfrom P.b import c  # {i}\n" for i in range(count)}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_edits_reproduce_fix_cold_and_warm(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    files = {**SHAPES, **_filler(runner._POOL_MIN_FILES)}
    json_root, fix_root = _twin_trees(repo_tree, tmp_path, files)
    cold = _json_run(run_cli, json_root, "-j", jobs)
    fixed = _fixed_by_cli(run_cli, fix_root)
    assert _apply_report(json_root, cold, {"safe"}) == fixed
    assert fixed["P/crlf.py"] == b"import os\r\nfrom .b import (\r\n    c,\r\n)\r\nfrom . import a\r\n"
    assert fixed["P/latin.py"] == b'# -*- coding: latin-1 -*-\nx = "\xe9"; from . import a\n'
    by_file = {(o["path"], o["line"]): o for o in cold}
    assert by_file[("P/wide.py", 1)]["fix"]["edits"] == [
        {"content": "from . import a", "location": {"row": 1, "column": 12}, "end_location": {"row": 1, "column": 27}}
    ]
    assert by_file[("P/il002.py", 2)]["fix"] == {
        "applicability": "safe",
        "message": "Replace with `from . import x`",
        "edits": [
            {
                "content": "from . import x",
                "location": {"row": 2, "column": 1},
                "end_location": {"row": 2, "column": 10},
            }
        ],
    }

    def no_checking(*args: object) -> object:
        raise AssertionError("a warm run checks nothing")

    monkeypatch.setattr(runner, "process", no_checking)  # every file must come from the cache
    monkeypatch.setattr(runner, "_make_pool", no_checking)
    warm = _json_run(run_cli, json_root, "-j", jobs)
    assert warm == cold


def test_json_keys_keep_the_contract_order_and_add_fix_last(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    root, _ = _twin_trees(repo_tree, tmp_path, {"P/m.py": "from P import a\nfrom ... import far\n", "P/a.py": ""})
    objects = _json_run(run_cli, root, "--no-cache")
    assert [list(o) for o in objects] == [
        ["path", "line", "column", "end_line", "end_column", "code", "message", "fixable", "fix"]
    ] * 2
    assert objects[0]["fix"]["applicability"] == "safe" and objects[0]["fixable"] is True
    assert objects[1]["code"] == "IL003" and objects[1]["fix"] is None and objects[1]["fixable"] is False


def test_json_fixes_of_stdin_place_edits_in_the_piped_text(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    json_root, fix_root = _twin_trees(repo_tree, tmp_path, SHAPES)
    for name in ("P/crlf.py", "P/wide.py", "P/il002.py", "P/several.py"):
        raw = (json_root / name).read_bytes()
        result = run_cli(["check", "--output-format", "json", "-", "--stdin-filename", name], json_root, raw)
        assert result.rc == 1
        edits = [edit for obj in json.loads(result.out) if obj["fix"] for edit in obj["fix"]["edits"]]
        fixed = run_cli(["check", "--fix", "-", "--stdin-filename", name], fix_root, raw)
        assert _edits_applied(raw, edits) == fixed.out.encode("utf-8", "surrogateescape")


def test_remaining_violations_after_fix_carry_their_fix_positions(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    """`--fix --output-format json`: what is left points into the fixed file."""
    root, _ = _twin_trees(repo_tree, tmp_path, {"P/m.py": "from P import a\nfrom ... import far\n", "P/a.py": ""})
    result = run_cli(["check", "--no-cache", "--fix", "--output-format", "json", "."], cwd=root)
    assert [(o["path"], o["line"], o["code"], o["fix"]) for o in json.loads(result.out)] == [
        ("P/m.py", 2, "IL003", None)
    ]
    assert (root / "P/m.py").read_text() == "from . import a\nfrom ... import far\n"


SCRIPT = {"P/a.py": "", "P/tool.py": "from P import a\n\nif __name__ == '__main__':\n    a\n"}


def test_fix_held_back_behind_unsafe_fixes_is_shown_unsafe(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    json_root, fix_root = _twin_trees(repo_tree, tmp_path, SCRIPT)
    objects = _json_run(run_cli, json_root, "--no-cache")
    assert [(o["code"], o["fixable"], (o["fix"] or {}).get("applicability")) for o in objects] == [
        ("IL001", False, "unsafe")
    ]
    assert _apply_report(json_root, objects, {"safe"}) == _fixed_by_cli(run_cli, json_root)  # nothing safe
    assert _apply_report(json_root, objects, {"safe", "unsafe"}) == _fixed_by_cli(run_cli, fix_root, "--unsafe-fixes")
    assert (fix_root / "P/tool.py").read_text().startswith("from . import a\n")


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _fixture_cases() -> list[Any]:
    cases = sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
    return [pytest.param(case, id=case.name) for case in cases]


@pytest.mark.parametrize("case", _fixture_cases())
def test_json_edits_reproduce_fix_on_every_fixture(tmp_path: Path, run_cli: Any, case: Path) -> None:
    """Each scenario of fixtures/: its JSON report's edits, applied, are its `--fix`."""
    args_file = case / "args"
    args = args_file.read_text(encoding="utf-8").split() if args_file.exists() else []
    json_root, fix_root = tmp_path / "json", tmp_path / "fix"
    shutil.copytree(case / "project", json_root, symlinks=True)
    shutil.copytree(case / "project", fix_root, symlinks=True)
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args, "."], cwd=json_root)
    objects = json.loads(result.out)
    applied = {"safe", "unsafe"} if "--unsafe-fixes" in args else {"safe"}
    assert all(o["fix"] is None or o["fix"]["applicability"] in applied for o in objects if o["fixable"])
    assert _apply_report(json_root, objects, applied) == _fixed_by_cli(run_cli, fix_root, *args)
