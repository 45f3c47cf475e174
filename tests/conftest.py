"""Shared test helpers: tiny package trees and the CLI run in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

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
