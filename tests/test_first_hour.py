"""Issue 9, the first hour of a new user: the distribution name and the install lines in
the README, the README's first screen and its pre-commit forms, the `# noqa` summary
line, the bundled demo's output, and where the test suite keeps its own state."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import test_precommit as precommit
from conftest import HYPOTHESIS_HOME, REPOSITORY, RepoTree, clean_env

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DIST = "relimportlint"  # `importlint` on PyPI is an unrelated import sorter
README = REPOSITORY / "README.md"
DEMO = "fixtures/demo/project"


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of the README's `## title` section, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", readme(), re.DOTALL | re.MULTILINE)
    assert match is not None, f"README has no `## {title}` section"
    return match.group(1)


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


# -- the name -----------------------------------------------------------------------------------


def test_distribution_name_is_ours_and_the_command_stays() -> None:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DIST
    assert project["scripts"] == {"importlint": "importlint.cli:main"}
    assert project["entry-points"]["flake8.extension"] == {"IL": "importlint.flake8_plugin:Plugin"}


def test_the_installed_distribution_provides_the_command_and_the_flake8_plugin() -> None:
    try:
        dist = importlib.metadata.distribution(DIST)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{DIST} is not installed: run `pip install -e .` again after the rename")
    points = {(ep.group, ep.name, ep.value) for ep in dist.entry_points}
    assert ("console_scripts", "importlint", "importlint.cli:main") in points
    assert ("flake8.extension", "IL", "importlint.flake8_plugin:Plugin") in points


INSTALL = re.compile(r"\b(?:pip|pipx|uv tool) install\b(?: --?[\w-]+)* +([\w.\[\]\"-]+)")


def test_every_install_line_in_the_readme_names_the_distribution() -> None:
    installed = INSTALL.findall(readme())
    assert installed, "the README shows no install command"
    for name in installed:
        assert name in (DIST, '".[test]"', f'"{DIST}[server]"'), f"README installs {name!r}"
    assert "install importlint" not in readme()


# -- the README's first screen ----------------------------------------------------------------------


def test_readme_first_screen_is_install_then_pre_commit_then_ci() -> None:
    headings = re.findall(r"^## (.+)$", readme(), re.MULTILINE)
    assert headings[:5] == ["Install", "pre-commit", "CI", "Set up", "Command line"]
    assert code_blocks(section("Install"), "sh")[0] == (f"pipx install {DIST}        # or: uv tool install {DIST}\n")
    assert f"`python -m pip install {DIST}`" in section("Install")
    assert code_blocks(section("CI"), "yaml") == [
        f"- run: pip install {DIST}\n- run: importlint check --output-format github\n"
    ]


def test_readme_set_up_commands_are_exactly_what_ci_runs() -> None:
    commands = [block.strip("\n") for block in code_blocks(section("Set up"), "sh")]
    assert commands == ['pip install -e ".[test]" && importlint check --exit-zero fixtures/demo/project', "pytest"]
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    run = [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd ", "if ", "fi", "  "))]
    # the README's two commands, byte for byte and in order; the gates follow them
    assert run[0] == commands[0]
    assert commands[1] in run[1:]
    assert {"ruff check .", "ruff format --check .", "mypy", "importlint check ."} <= set(run)


def _readme_pre_commit_config() -> str:
    (block,) = code_blocks(section("pre-commit"), "yaml")
    return block


def test_readme_pre_commit_snippet_pins_a_commit_until_a_release_is_tagged() -> None:
    assert _readme_pre_commit_config() == (
        "repos:\n"
        "  - repo: https://github.com/importlint/importlint\n"
        "    rev: COMMIT-HASH            # `pre-commit autoupdate --bleeding-edge --freeze` fills it in\n"
        "    hooks:\n"
        "      - id: importlint          # fixes; use `importlint-check` to only report\n"
    )
    text = section("pre-commit")
    assert "`pre-commit try-repo https://github.com/importlint/importlint importlint --all-files`" in text
    assert "`rev: v0.1.0`" in text and "Once a release is tagged" in text
    assert "rev: v0.1.0\n" not in readme()  # never as the snippet to copy while no tag exists


# the project the README's pre-commit forms run on: one absolute self-import to fix
SHOP = {"shop/__init__.py": "", "shop/cart.py": "from shop.models import Item\n", "shop/models.py": "Item = 1\n"}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_readme_pre_commit_form_works_today(
    repo_tree: RepoTree, pre_commit_home: Path, hook_repo: tuple[Path, str]
) -> None:
    """The README's snippet, pointed at a snapshot of this checkout: `autoupdate
    --bleeding-edge --freeze` pins the commit, and the hook then fixes and passes."""
    repo, rev = hook_repo
    config = _readme_pre_commit_config().replace("https://github.com/importlint/importlint", str(repo))
    root = repo_tree({**SHOP, ".pre-commit-config.yaml": config})
    precommit.git(root, "init", "-q")
    env = clean_env(pre_commit_home)
    update = subprocess.run(
        [sys.executable, "-m", "pre_commit", "autoupdate", "--bleeding-edge", "--freeze"],
        cwd=root, capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert update.returncode == 0, update.stdout + update.stderr
    assert f"    rev: {rev}  " in (root / ".pre-commit-config.yaml").read_text()
    precommit.git(root, "add", "-A")
    first = precommit.pre_commit(root, pre_commit_home)
    assert first.returncode == 1 and "- files were modified by this hook" in first.stdout, first.stdout
    assert (root / "shop/cart.py").read_text() == "from .models import Item\n"
    assert precommit.pre_commit(root, pre_commit_home).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_readme_try_repo_form_works(repo_tree: RepoTree, pre_commit_home: Path, hook_repo: tuple[Path, str]) -> None:
    repo, _ = hook_repo
    root = precommit.staged(repo_tree(SHOP))
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "importlint-check", "--all-files",
         "--color", "never"],
        cwd=root, capture_output=True, text=True, env=clean_env(pre_commit_home), timeout=600,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "shop/cart.py:1:1: IL001 [*] " in proc.stdout
    assert (root / "shop/cart.py").read_text() == "from shop.models import Item\n"  # the check hook only reports


# -- suppressed violations are counted, not silent -----------------------------------------------------------------


NOQA_TREE = {
    "P/__init__.py": "",
    "P/a.py": "x = 1\n",
    "P/m.py": "from P.a import x  # noqa: IL001\nfrom P.a import x as y\n",
    "P/n.py": "from P import a  # noqa\nfrom ... import z  # noqa: IL003\n",
}


def test_noqa_summary_line_counts_suppressed_violations(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(NOQA_TREE)
    expected = "Found 1 error.\n[*] 1 fixable with the `--fix` option.\n3 suppressed by `# noqa`.\n"
    cold = run_cli(["check", "--output-format", "concise"], cwd=tmp_path)
    assert (cold.rc, cold.err) == (1, expected)
    assert cold.out.startswith("P/m.py:2:1: IL001 [*] ")
    warm = run_cli(["check", "--output-format", "concise"], cwd=tmp_path)  # from the cache
    assert (warm.rc, warm.out, warm.err) == (cold.rc, cold.out, expected)
    stats = run_cli(["check", "--statistics"], cwd=tmp_path)
    assert stats.err == expected
    quiet = run_cli(["check", "-q"], cwd=tmp_path)
    assert quiet.err == ""
    as_json = run_cli(["check", "--output-format", "json"], cwd=tmp_path)
    assert as_json.err == "" and len(json.loads(as_json.out)) == 1
    fixed = run_cli(["check", "--fix"], cwd=tmp_path)
    assert (fixed.rc, fixed.err) == (0, "Found 1 error (1 fixed, 0 remaining).\n3 suppressed by `# noqa`.\n")
    clean = run_cli(["check", "--select", "IL001"], cwd=tmp_path)
    assert (clean.rc, clean.err) == (0, "All checks passed!\n2 suppressed by `# noqa`.\n")
    none = run_cli(["check", "--select", "IL006"], cwd=tmp_path)  # only suppressed findings of enabled rules count
    assert (none.rc, none.err) == (0, "All checks passed!\n")


def test_noqa_summary_on_stdin(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(NOQA_TREE)
    stdin = b"from P.a import x  # noqa\n"
    result = run_cli(["check", "-", "--stdin-filename", "P/s.py"], cwd=tmp_path, stdin=stdin)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n1 suppressed by `# noqa`.\n")


# -- the demo a newcomer runs first ------------------------------------------------------------------


def test_demo_reads_cleanly(run_cli: Any) -> None:
    result = run_cli(["check", "--exit-zero", "--no-cache", DEMO], cwd=REPOSITORY)
    assert result.rc == 0
    assert result.err == "Found 8 errors.\n[*] 5 fixable with the `--fix` option.\n1 suppressed by `# noqa`.\n"
    blocks = result.out.split("\n\n")
    codes = [block.split(": ", 2)[1].split()[0] for block in blocks if block]
    pointers = [line for line in result.out.splitlines() if line.startswith("  = help: ")]
    assert pointers == [f"  = help: run `importlint explain {code}` for details" for code in dict.fromkeys(codes)]
    gutter_lines = [line for line in result.out.splitlines() if re.match(r"\s*\d* [|=] ", line)]
    assert not [line for line in gutter_lines if line.rstrip().endswith("...")]  # no ellipsis that reads as code
    message = json.loads(run_cli(["check", "--output-format", "json", "--no-cache", f"{DEMO}/shop/cart.py"],
                                 cwd=REPOSITORY).out)[0]["message"]  # fmt: skip
    assert (
        f"{DEMO}/shop/cart.py:4:1: IL001 [*] {message}\n"
        + (
            "  |\n"
            "4 | from shop.models import (  # the cart's own data types\n"
            "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
            "5 |     Item,\n"
            "6 |     Order,\n"
            "7 | )\n"
            "  | fix: from .models import (  # the cart's own data types\n"
            "  |      (3 more lines, unchanged)\n"
            "\n"
        )
        in result.out
    )


# -- the test suite's own state ----------------------------------------------------------------------


def test_hypothesis_keeps_its_state_in_the_repository() -> None:
    pytest.importorskip("hypothesmith")
    import test_properties  # noqa: F401 - it once moved the state to a fixed directory in the system temp dir
    from hypothesis.configuration import storage_directory

    where = storage_directory("examples")
    path = Path(getattr(where, "path", where))  # a StorageDirectory on newer hypothesis, a Path before
    assert path == HYPOTHESIS_HOME / "examples" == REPOSITORY / ".hypothesis" / "examples"
    if shutil.which("git") and (REPOSITORY / ".git").exists():
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", "--no-index", ".hypothesis/examples/x"], cwd=REPOSITORY, timeout=60
        )
        assert ignored.returncode == 0, ".hypothesis/ must be git-ignored"
        gitignore = (REPOSITORY / ".gitignore").read_text(encoding="utf-8").splitlines()
        assert ".hypothesis/" in gitignore  # not only hypothesis's own .hypothesis/.gitignore
