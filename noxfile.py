"""The interpreter matrix and the code-quality gates: `nox -l` lists the sessions.

`nox -s tests` runs the suite on every supported interpreter nox can find (PATH, plus
pyenv's versions when pyenv is installed); `nox -s tests-3.9` on one. `lint` and
`typing` are the gates CI runs once.
"""

from __future__ import annotations

import glob
import os
import subprocess

import nox

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]

nox.options.sessions = ["tests", "lint", "typing", "self_lint"]
nox.options.error_on_missing_interpreters = False  # a matrix runs on what the machine has


def _add_pyenv_interpreters() -> None:
    """pyenv's shims only expose the selected versions; nox looks for `python3.X` on PATH."""
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return
    bins = sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin")))
    os.environ["PATH"] = os.pathsep.join([*bins, os.environ.get("PATH", "")])


_add_pyenv_interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite (pass `-- -m "not slow"` to skip the slow tests)."""
    session.install("-e", ".[test]")
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff's lint rules and formatting over the whole repository (fixtures excluded)."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typing(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session(python="3.11")
def self_lint(session: nox.Session) -> None:
    """importlint checks its own repository."""
    session.install("-e", ".")
    session.run("importlint", "check", ".")
