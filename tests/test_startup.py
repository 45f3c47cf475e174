"""Start-up cost: commands that lint nothing never import LibCST, and neither does a
fully cached re-check of a clean tree. Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RepoTree

# Runs importlint.cli.main(argv) and prints the exit code and every loaded libcst module.
PROBE = """
import contextlib, io, json, sys
from importlint.cli import main
argv = json.loads(sys.argv[1])
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    rc = main(argv)
loaded = sorted(m for m in sys.modules if m == "libcst" or m.startswith("libcst."))
lsp = sorted(m for m in sys.modules if m.partition(".")[0] in ("pygls", "lsprotocol"))
print(json.dumps({"rc": rc, "libcst": loaded, "lsp": lsp, "out": out.getvalue()}))
"""


def probe(argv: list[str], cwd: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv)], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    return result


@pytest.fixture
def clean_tree(repo_tree: RepoTree) -> Path:
    """A package with nothing to report: a check of it finds no violation."""
    return repo_tree({"P/a.py": "x = 1\n", "P/sub/m.py": "from ..a import x\nimport os\n"}, packages=True)


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["explain", "IL001"],
        ["explain", "--all"],
        ["rules"],
        ["check", "--help"],
        ["tree", "."],
        ["explain", "IL999"],  # a usage error (exit 2) loads nothing either
    ],
    ids=" ".join,
)
def test_commands_that_lint_nothing_load_no_libcst(clean_tree: Path, argv: list[str]) -> None:
    result = probe(argv, clean_tree)
    assert result["rc"] == (2 if argv == ["explain", "IL999"] else 0)
    assert result["libcst"] == []
    assert result["lsp"] == []  # the language server's pygls loads only for `importlint server`
    if argv[0] == "explain" and argv[1] == "IL001":
        assert str(result["out"]).startswith("# absolute-self-import (IL001)\n")
    if argv[0] == "tree":
        assert "P/sub/m.py -> P.sub.m (module, in package P.sub)" in str(result["out"])


def test_the_probe_sees_libcst_when_a_file_is_linted(clean_tree: Path) -> None:
    result = probe(["check", "--no-cache", "."], clean_tree)
    assert result["rc"] == 0
    assert "libcst" in result["libcst"]  # type: ignore[operator]
    assert result["lsp"] == []


def test_cached_second_check_of_a_clean_tree_loads_no_libcst(clean_tree: Path) -> None:
    first = probe(["check", "."], clean_tree)
    assert first["rc"] == 0
    assert (clean_tree / ".importlint_cache").is_dir()
    second = probe(["check", "."], clean_tree)
    assert second["rc"] == 0
    assert second["libcst"] == []


@pytest.mark.parametrize("argv", [["--version"], ["explain", "IL001"]], ids=" ".join)
def test_importtime_of_python_m_importlint_shows_no_libcst(tmp_path: Path, argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "importlint", *argv],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0
    assert "| importlint" in proc.stderr  # -X importtime did report the imports
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    assert not [name for name in imported if name == "libcst" or name.startswith("libcst.")]


def test_import_importlint_is_cheap(tmp_path: Path) -> None:
    code = (
        "import sys, importlint; print(importlint.__version__); "
        "print(sorted(m for m in sys.modules if m.startswith('libcst')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1] == "[]"


def test_server_without_pygls_says_what_to_install(tmp_path: Path) -> None:
    """`importlint server` with pygls not importable: exit 2 and one line naming the extra."""
    code = "import sys; sys.modules['pygls'] = None; from importlint.cli import main; sys.exit(main(['server']))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == 'importlint: error: importlint server needs pygls: pip install "relimportlint[server]"\n'
