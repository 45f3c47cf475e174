"""The flake8 plugin, through the real flake8 (`python -m flake8 --select IL` in a subprocess):
it reports the same (path, line, column, code) as `importlint check --output-format json`.

flake8 runs plugins only on files it can parse, so a file importlint reports IL000 or IL002
for shows up as flake8's own E999 instead (and so do Python 3.15 `lazy` imports on older
interpreters, which importlint reads but flake8's `ast` cannot)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree, package_tree

from importlint.cli import main

pytest.importorskip("flake8")
from flake8.violation import Violation as Flake8Violation  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "project").is_dir() and p.name != "config-errors")

Row = tuple[str, int, int, str]  # (absolute path, line, column, code)


def flake8(root: Path, *flags: str) -> set[Row]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAKE8")}
    proc = subprocess.run(
        [
            sys.executable, "-m", "flake8", "--isolated", "--select", "IL,E9", "--filename", "*.py,*.pyi",
            "--format", "%(path)s\t%(row)d\t%(col)d\t%(code)s", *flags, ".",
        ],
        cwd=root, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    rows = set()
    for line in proc.stdout.splitlines():
        path, row, col, code = line.split("\t")
        rows.add((os.path.normpath(os.path.join(root, path)), int(row), int(col), code))
    return rows


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def importlint_json(root: Path, *flags: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    with _cwd(root), contextlib.redirect_stderr(io.StringIO()):
        rc = main(["check", "--output-format", "json", "--no-cache", *flags, "."], stdout=out)
    assert rc in (0, 1)
    found: list[dict[str, Any]] = json.loads(out.getvalue())
    for v in found:
        v["path"] = os.path.normpath(os.path.join(root, v["path"]))
    return found


def rows_of(found: list[dict[str, Any]]) -> set[Row]:
    return {(v["path"], v["line"], v["column"], v["code"]) for v in found}


def ignored_by_flake8_noqa(v: dict[str, Any]) -> bool:
    """Whether flake8's own `# noqa` matching (a regex on the physical line, strings included)
    hides this violation; importlint only honours real comments."""
    with open(v["path"], "rb") as f:
        lines = f.read().decode("utf-8", "replace").splitlines()
    physical = lines[v["line"] - 1] if v["line"] <= len(lines) else ""
    return Flake8Violation(v["code"], v["path"], v["line"], v["column"], "", physical).is_inline_ignored(False)


@pytest.fixture(scope="module")
def fixture_copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture project under one root, each a repository of its own."""
    root = tmp_path_factory.mktemp("flake8-fixtures")
    for case in CASES:
        shutil.copytree(FIXTURES / case / "project", root / case)
        (root / case / ".git").mkdir()
    return root


@pytest.fixture(scope="module")
def flake8_rows(fixture_copies: Path) -> set[Row]:
    return flake8(fixture_copies)


@pytest.fixture(scope="module")
def flake8_rows_no_noqa(fixture_copies: Path) -> set[Row]:
    return flake8(fixture_copies, "--disable-noqa")


def _compare(case_root: Path, reported: set[Row], *, apply_flake8_noqa: bool) -> None:
    prefix = str(case_root) + os.sep
    f8 = {r for r in reported if r[0].startswith(prefix)}
    ours = importlint_json(case_root)
    # flake8 decodes a non-UTF-8 file with its latin-1 fallback and runs the plugin, which
    # reports the decode error as IL000 itself; every other unparseable file is flake8's E999
    undecodable = {v["path"] for v in ours if v["code"] == "IL000" and v["message"].startswith("cannot decode")}
    unparseable = {v["path"] for v in ours if v["code"] in ("IL000", "IL002")} - undecodable
    e9 = {r[0] for r in f8 if r[3].startswith("E9")}
    lazy = {p for p in e9 - unparseable if sys.version_info < (3, 15) and "lazy " in Path(p).read_text("utf-8")}
    assert e9 == unparseable | lazy, "files flake8 cannot parse differ from importlint's IL000/IL002 files"
    expected = {
        (v["path"], v["line"], v["column"], v["code"])
        for v in ours
        if v["path"] not in e9 and not (apply_flake8_noqa and ignored_by_flake8_noqa(v))
    }
    assert {r for r in f8 if r[0] not in e9} == expected


def _case_params() -> list[Any]:
    return [pytest.param(c, id=c) for c in CASES]


@pytest.mark.parametrize("case", _case_params())
def test_flake8_reports_what_importlint_reports(fixture_copies: Path, flake8_rows: set[Row], case: str) -> None:
    _compare(fixture_copies / case, flake8_rows, apply_flake8_noqa=True)


@pytest.mark.parametrize("case", _case_params())
def test_flake8_without_its_noqa_reports_exactly_importlint(
    fixture_copies: Path, flake8_rows_no_noqa: set[Row], case: str
) -> None:
    _compare(fixture_copies / case, flake8_rows_no_noqa, apply_flake8_noqa=False)


def test_every_rule_and_character_columns(tmp_path: Path) -> None:
    """A tree of our own: every rule flake8 can see, a config file, tabs and non-ASCII columns."""
    (tmp_path / ".git").mkdir()
    package_tree(
        tmp_path,
        {
            "P/a.py": "x = 1\n",
            "P/m.py": "import os; from P.a import x\né = 1; from P.a import x as y\nif x:\n\tfrom P.a import x as z\n",
            "P/sub/deep.py": "from .. import a\nfrom ... import b\nfrom .nope import c\n",
            "P/noqa.py": "from P.a import x  # noqa: IL001\nfrom P.a import x as w  # noqa: IL004\n",
            "P/stub.pyi": "from P.a import x\n",
        },
    )
    make_tree(
        tmp_path, {"scripts/run.py": "from . import helper\n", "pyproject.toml": "[tool.importlint]\nmax-level = 1\n"}
    )
    ours = rows_of(importlint_json(tmp_path))
    p = lambda rel: str(tmp_path / rel)  # noqa: E731
    assert ours == {
        (p("P/m.py"), 1, 12, "IL001"),
        (p("P/m.py"), 2, 8, "IL001"),
        (p("P/m.py"), 4, 2, "IL001"),
        (p("P/noqa.py"), 2, 1, "IL001"),
        (p("P/stub.pyi"), 1, 1, "IL001"),
        (p("P/sub/deep.py"), 1, 1, "IL004"),
        (p("P/sub/deep.py"), 2, 1, "IL003"),
        (p("P/sub/deep.py"), 3, 1, "IL006"),
        (p("scripts/run.py"), 1, 1, "IL005"),
    }
    assert flake8(tmp_path) == ours


def test_flake8_honours_importlint_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    package_tree(tmp_path, {"P/a.py": "x = 1\n", "P/m.py": "from P.a import x\nfrom .nope import y\n"})
    make_tree(tmp_path, {"pyproject.toml": '[tool.importlint]\nignore = ["IL001"]\n'})
    assert flake8(tmp_path) == rows_of(importlint_json(tmp_path)) == {(str(tmp_path / "P/m.py"), 2, 1, "IL006")}


def test_flake8_reports_unparseable_files_as_e999(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    package_tree(tmp_path, {"P/a.py": "x = 1\n", "P/rel.py": "import .a\n", "P/bad.py": "def f(:\n"})
    assert {r[3] for r in rows_of(importlint_json(tmp_path))} == {"IL000", "IL002"}
    assert {(Path(r[0]).name, r[3]) for r in flake8(tmp_path)} == {("rel.py", "E999"), ("bad.py", "E999")}


def test_flake8_with_a_bad_importlint_config(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    package_tree(tmp_path, {"P/a.py": "x = 1\n"})
    make_tree(tmp_path, {"pyproject.toml": "[tool.importlint]\nmax-levle = 1\n"})
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "IL", "P/a.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stdout.startswith("P/a.py:1:1: IL000 importlint configuration error: ")
    assert "max-levle" in proc.stdout


def test_flake8_checks_each_file_with_its_nearest_config(tmp_path: Path, repo_tree: RepoTree) -> None:
    from test_config_monorepo import NEAREST, THREE_PROJECTS

    repo_tree(THREE_PROJECTS)
    rows = flake8(tmp_path)
    assert sorted((os.path.relpath(path, tmp_path), line, code) for path, line, _, code in rows) == NEAREST
