"""The cache never hides a change: to the tree, to the settings; --no-cache writes none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli_support import (
    BASE,
    SELF,
    as_json,
)
from conftest import RepoTree, make_tree

# -- the cache never hides a change ----------------------------------------------------------


def test_cache_sees_tree_changes(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    # P/c.py hides the directory P/c/ (no __init__.py), as in CPython: P.c.d does not exist
    repo_tree({**BASE, "P/m.py": "from .a import x\nfrom .c.d import y\n", "P/c/d.py": "", "P/c.py": ""})
    assert [o["code"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == ["IL006"]
    (tmp_path / "P/c/__init__.py").write_text("")  # P.c becomes a regular package, which wins: P.c.d exists
    assert as_json(run_cli, ["P/m.py"], tmp_path) == (0, [])
    (tmp_path / "P/a.py").unlink()
    assert [o["line"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == [1]
    (tmp_path / "P/a.pyi").write_text("")  # a stub alone is no module at runtime
    assert [o["line"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == [1]
    (tmp_path / "P/a.pyc").write_text("")
    assert as_json(run_cli, ["P/m.py"], tmp_path) == (0, [])
    (tmp_path / "P/__init__.py").unlink()  # no longer a package
    assert [o["code"] for o in as_json(run_cli, ["P/m.py"], tmp_path)[1]] == ["IL005", "IL005"]


def test_cache_sees_setting_changes(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.py": "from .. import a\n"})
    assert as_json(run_cli, ["."], tmp_path) == (0, [])
    assert [o["code"] for o in as_json(run_cli, ["--max-level", "1", "."], tmp_path)[1]] == ["IL004"]
    make_tree(tmp_path, {"importlint.toml": "max-level = 1\n"})
    assert [o["code"] for o in as_json(run_cli, ["."], tmp_path)[1]] == ["IL004"]
    make_tree(tmp_path, {"P/sub/m.py": "from .. import a  # noqa\n"})
    assert as_json(run_cli, ["."], tmp_path) == (0, [])


def test_no_cache_writes_no_cache(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": SELF})
    assert run_cli(["check", "--no-cache", "."], cwd=tmp_path).rc == 1
    assert not (tmp_path / ".importlint_cache").exists()
