"""What git ignores is not checked (ruff's `respect-gitignore`), unless asked for."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import make_tree

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SELF = "from P import x\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    make_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*_pb2.py\n",
            "P/__init__.py": "",
            "P/m.py": SELF,
            "P/api_pb2.py": SELF,
            "generated/P/__init__.py": "",
            "generated/P/m.py": SELF,
        },
    )
    return tmp_path


def paths(run_cli: Any, args: list[str], cwd: Path) -> list[str]:
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args], cwd=cwd)
    return [v["path"] for v in json.loads(result.out)]


def test_ignored_files_and_directories_are_skipped(repo: Path, run_cli: Any) -> None:
    assert paths(run_cli, ["."], repo) == ["P/m.py"]


def test_no_respect_gitignore_checks_them(repo: Path, run_cli: Any) -> None:
    assert paths(run_cli, ["--no-respect-gitignore", "."], repo) == ["P/api_pb2.py", "P/m.py", "generated/P/m.py"]


def test_config_can_turn_it_off(repo: Path, run_cli: Any) -> None:
    make_tree(repo, {"importlint.toml": "respect-gitignore = false\n"})
    assert paths(run_cli, ["."], repo) == ["P/api_pb2.py", "P/m.py", "generated/P/m.py"]


def test_config_value_must_be_a_boolean(repo: Path, run_cli: Any) -> None:
    make_tree(repo, {"importlint.toml": 'respect-gitignore = "no"\n'})
    result = run_cli(["check", "."], cwd=repo)
    assert result.rc == 2
    assert result.err == (
        "importlint: error: importlint.toml: `respect-gitignore` must be true or false, got the string 'no'\n"
    )


def test_named_files_are_checked_unless_force_exclude(repo: Path, run_cli: Any) -> None:
    # pre-commit names files; like every exclude, git's applies to them only with --force-exclude
    assert paths(run_cli, ["P/api_pb2.py"], repo) == ["P/api_pb2.py"]
    assert paths(run_cli, ["--force-exclude", "P/api_pb2.py", "generated/P/m.py"], repo) == []


def test_outside_a_repository_nothing_changes(tmp_path: Path, run_cli: Any) -> None:
    make_tree(tmp_path, {".gitignore": "P/\n", "P/__init__.py": "", "P/m.py": SELF})
    assert paths(run_cli, ["."], tmp_path) == ["P/m.py"]
