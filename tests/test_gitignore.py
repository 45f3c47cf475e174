"""What git ignores is not checked (ruff's `respect-gitignore`), unless asked for."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SELF = "from P import x\n"


IGNORED = {
    ".gitignore": "generated/\n*_pb2.py\n",
    "P/__init__.py": "",
    "P/m.py": SELF,
    "P/api_pb2.py": SELF,
    "generated/P/__init__.py": "",
    "generated/P/m.py": SELF,
}


@pytest.fixture
def git_repo(repo_tree: RepoTree) -> Path:
    """A real git repository (git must read its .gitignore) whose P/api_pb2.py and generated/ are ignored."""
    root = repo_tree(IGNORED)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def paths(run_cli: Any, args: list[str], cwd: Path) -> list[str]:
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args], cwd=cwd)
    return [v["path"] for v in json.loads(result.out)]


def test_ignored_files_and_directories_are_skipped(git_repo: Path, run_cli: Any) -> None:
    assert paths(run_cli, ["."], git_repo) == ["P/m.py"]


def test_no_respect_gitignore_checks_them(git_repo: Path, run_cli: Any) -> None:
    assert paths(run_cli, ["--no-respect-gitignore", "."], git_repo) == ["P/api_pb2.py", "P/m.py", "generated/P/m.py"]


def test_config_can_turn_it_off(git_repo: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({"importlint.toml": "respect-gitignore = false\n"})
    assert paths(run_cli, ["."], git_repo) == ["P/api_pb2.py", "P/m.py", "generated/P/m.py"]


def test_config_value_must_be_a_boolean(git_repo: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({"importlint.toml": 'respect-gitignore = "no"\n'})
    result = run_cli(["check", "."], cwd=git_repo)
    assert result.rc == 2
    assert result.err == (
        "importlint: error: importlint.toml: `respect-gitignore` must be true or false, got the string 'no'\n"
    )


def test_named_files_are_checked_unless_force_exclude(git_repo: Path, run_cli: Any) -> None:
    # pre-commit names files; like every exclude, git's applies to them only with --force-exclude
    assert paths(run_cli, ["P/api_pb2.py"], git_repo) == ["P/api_pb2.py"]
    assert paths(run_cli, ["--force-exclude", "P/api_pb2.py", "generated/P/m.py"], git_repo) == []


def test_outside_a_repository_nothing_changes(tmp_path: Path, run_cli: Any) -> None:
    # no .git here (repo_tree would make one): the .gitignore is just a file
    make_tree(tmp_path, {".gitignore": "P/\n", "P/__init__.py": "", "P/m.py": SELF})
    assert paths(run_cli, ["."], tmp_path) == ["P/m.py"]
