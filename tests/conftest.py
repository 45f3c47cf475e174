"""Shared test helpers: tiny package trees and the CLI run in-process."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Union

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from importlint.cli import main

REPOSITORY = Path(__file__).resolve().parent.parent
# hypothesis keeps its state (example database, caches) in `.hypothesis/` of the working
# directory: pin it to the repository's (git-ignored) one, wherever pytest is started, so
# that no test leaves anything outside the clone or in an unignored place
HYPOTHESIS_HOME = REPOSITORY / ".hypothesis"
set_hypothesis_home_dir(HYPOTHESIS_HOME)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-fixtures",
        action="store_true",
        help="rewrite fixtures/<case>/expected.json and fixed/ from the current behaviour",
    )


def make_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) below `root`, exactly as given."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def package_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files`, giving every directory above each one an `__init__.py` (up to root)."""
    make_tree(root, files)
    for rel in files:
        parent = Path(rel).parent
        while parent != Path("."):
            init = root / parent / "__init__.py"
            if not init.exists():
                init.write_text("")
            parent = parent.parent
    return root


ConfigValue = Union[str, int, bool, list[str], Mapping[str, list[str]]]


def toml_body(values: Mapping[str, ConfigValue]) -> str:
    """A TOML table's `key = value` lines: JSON's strings, numbers, booleans and arrays are
    TOML's too; a mapping becomes an inline table (per-file-ignores)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, Mapping):
            inner = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{key} = {{ {inner} }}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


class RepoTree(Protocol):
    def __call__(
        self,
        files: Mapping[str, str | bytes] | None = None,
        *,
        config: str | Mapping[str, ConfigValue] | None = None,
        packages: bool = False,
        links: Mapping[str, str] | None = None,
        root: Path | None = None,
    ) -> Path: ...


@pytest.fixture
def repo_tree(tmp_path: Path) -> RepoTree:
    """repo_tree(files, config=None, packages=False, links=None, root=tmp_path) -> root.

    A repository at `root` holding `files` (relative path -> text or bytes), written
    exactly as given; with `packages`, every directory above a file also gets an
    `__init__.py` (package_tree). Its `.git` directory stops the config search there, so
    no config from above tmp_path leaks in. `config` is `[tool.importlint]` in
    pyproject.toml: a mapping of settings, or the table's body as TOML text. `links` are
    symlinks (relative path -> target, as `ln -s target path` makes them).
    """

    def build(
        files: Mapping[str, str | bytes] | None = None,
        *,
        config: str | Mapping[str, ConfigValue] | None = None,
        packages: bool = False,
        links: Mapping[str, str] | None = None,
        root: Path | None = None,
    ) -> Path:
        root = tmp_path if root is None else root
        (root / ".git").mkdir(parents=True, exist_ok=True)
        (package_tree if packages else make_tree)(root, files or {})
        if config is not None:
            body = config if isinstance(config, str) else toml_body(config)
            make_tree(root, {"pyproject.toml": "[tool.importlint]\n" + body})
        for rel, target in (links or {}).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, root / rel)
        return root

    return build


@dataclass
class CliResult:
    rc: int
    out: str
    err: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    """run_cli(argv, cwd, stdin=b"") -> CliResult, calling importlint.cli.main in-process."""

    def run(argv: list[str], cwd: Path | str | None = None, stdin: bytes = b"") -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", fake_stdin)
        capsys.readouterr()
        rc = main(argv)
        captured = capsys.readouterr()
        return CliResult(rc, captured.out, captured.err)

    yield run


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up colour settings from the developer's environment."""
    for var in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)


# -- git repositories and pre-commit ---------------------------------------------------------

GIT = ["git", "-c", "user.name=importlint tests", "-c", "user.email=tests@example.invalid",
       "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main"]  # fmt: skip


def clean_env(pre_commit_home: Path | None = None) -> dict[str, str]:
    """The environment without the developer's git, pre-commit and colour settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    if pre_commit_home is not None:
        env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    return env


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, env=clean_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# Session fixtures defined here, not in a test module, so that every module shares one hook
# repository and one PRE_COMMIT_HOME: pre-commit builds the hook's environment (a virtualenv
# with importlint installed) once per session instead of once per module.
@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pre_commit", reason="pre-commit is in the `test` extra")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(path, rev) of a one-commit repository holding this checkout's working tree."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    if not (REPOSITORY / ".git").exists():
        pytest.skip("the checkout is not a git repository")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY, capture_output=True, env=clean_env(), check=True, timeout=120,
    ).stdout.decode("utf-8", "surrogateescape")  # fmt: skip
    snapshot = tmp_path_factory.mktemp("importlint-hook-repo")
    for rel in filter(None, listed.split("\0")):
        source = REPOSITORY / rel
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (snapshot / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / rel)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot of the working tree")
    return snapshot, git(snapshot, "rev-parse", "HEAD").strip()
