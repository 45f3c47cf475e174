"""Configuration: where it is found, how it is validated, how the command line overrides it,
excludes, and the paths in it that are relative to the config file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree

from importlint.config import KNOWN_KEYS

SELF_IMPORT = "from P.a import x\n"  # IL001 in P/m.py
OUTSIDE = "from . import x\n"  # IL005 in a file outside any package


# package P: P/m.py has one IL001 (the tests add their config files and modules to it)
P_PACKAGE = {"P/__init__.py": "", "P/a.py": "x = 1\n", "P/m.py": SELF_IMPORT}


def codes(run_cli: Any, argv: list[str], cwd: Path) -> list[tuple[str, str]]:
    """(path, code) of every violation reported by `check --output-format json`."""
    result = run_cli(["check", "--output-format", "json", *argv], cwd=cwd)
    assert result.rc in (0, 1), result.err
    assert result.err == ""
    return [(v["path"], v["code"]) for v in json.loads(result.out)]


def config_used(run_cli: Any, argv: list[str], cwd: Path) -> str | None:
    """The config file `importlint tree` reports, as shown."""
    result = run_cli(["tree", *argv], cwd=cwd)
    assert result.rc == 0, result.err
    match = re.search(r"^config: (.*)$", result.out, re.MULTILINE)
    return match.group(1) if match else None


# -- discovery -------------------------------------------------------------------


def test_no_config_uses_defaults(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(P_PACKAGE)
    assert codes(run_cli, ["."], tmp_path) == [("P/m.py", "IL001")]
    assert config_used(run_cli, ["."], tmp_path) is None


def test_importlint_toml_beats_pyproject_in_same_dir(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **P_PACKAGE,
        "importlint.toml": 'ignore = ["IL001"]\n',
        "pyproject.toml": '[tool.importlint]\nselect = ["IL001"]\n',
    })  # fmt: skip
    assert codes(run_cli, ["."], tmp_path) == []
    assert config_used(run_cli, ["."], tmp_path) == "importlint.toml"


def test_pyproject_tool_importlint_is_read(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "pyproject.toml": '[project]\nname = "p"\n\n[tool.importlint]\nignore = ["IL001"]\n'})
    assert codes(run_cli, ["."], tmp_path) == []
    assert config_used(run_cli, ["."], tmp_path) == "pyproject.toml"


def test_nearest_config_wins(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **P_PACKAGE,
        "importlint.toml": 'ignore = ["IL001"]\n',
        "P/importlint.toml": "max-level = 3\n",
    })  # fmt: skip
    # the paths' common parent is P/: P/importlint.toml is nearer than the root's
    assert codes(run_cli, ["P"], tmp_path) == [("P/m.py", "IL001")]
    assert codes(run_cli, ["P/m.py"], tmp_path) == [("P/m.py", "IL001")]
    assert config_used(run_cli, ["P"], tmp_path) == "P/importlint.toml"
    # from the root too, each file gets its nearest config (ruff's hierarchical discovery)
    assert codes(run_cli, ["."], tmp_path) == [("P/m.py", "IL001")]


def test_nearest_is_found_from_a_subdirectory_cwd(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": 'ignore = ["IL001"]\n'})
    assert codes(run_cli, ["."], tmp_path / "P") == []
    assert config_used(run_cli, ["."], tmp_path / "P") == "../importlint.toml"


def test_each_file_gets_its_own_nearest_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **P_PACKAGE,
        "importlint.toml": 'ignore = ["IL001"]\n',
        "P/importlint.toml": "",
        "Q/__init__.py": "",
        "Q/m.py": "from Q.a import x\n",
        "Q/a.py": "",
    })  # fmt: skip
    # P/m.py gets P's config (no ignore), Q/m.py the root's (IL001 ignored), whatever is named with them
    assert codes(run_cli, ["P/m.py", "Q/m.py"], tmp_path) == [("P/m.py", "IL001")]
    assert codes(run_cli, ["Q/m.py"], tmp_path) == []
    assert codes(run_cli, ["P/m.py"], tmp_path) == [("P/m.py", "IL001")]


def test_pyproject_without_tool_importlint_is_skipped(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **P_PACKAGE,
        "importlint.toml": 'ignore = ["IL001"]\n',
        "P/pyproject.toml": '[project]\nname = "p"\n\n[tool.ruff]\nline-length = 99\n',
    })  # fmt: skip
    assert codes(run_cli, ["P"], tmp_path) == []
    assert config_used(run_cli, ["P"], tmp_path) == "importlint.toml"


@pytest.mark.parametrize("git", ["dir", "file"], ids=["git-dir", "git-file-of-a-worktree"])
def test_search_stops_at_repository_root(tmp_path: Path, run_cli: Any, git: str) -> None:
    make_tree(tmp_path, {"importlint.toml": 'ignore = ["IL001"]\n'})  # outside the repository
    project = make_tree(tmp_path / "project", P_PACKAGE)  # not repo_tree: `.git` is the test's
    if git == "dir":
        (project / ".git").mkdir()
    else:
        (project / ".git").write_text("gitdir: /elsewhere\n")
    assert codes(run_cli, ["."], project) == [("P/m.py", "IL001")]
    assert config_used(run_cli, ["."], project) is None


def test_config_at_the_repository_root_is_read(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": 'ignore = ["IL001"]\n'})
    assert codes(run_cli, ["P/m.py"], tmp_path) == []


@pytest.mark.parametrize("name", ["other.toml", "conf/pyproject.toml"])
def test_explicit_config_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, name: str) -> None:
    body = 'ignore = ["IL001"]\n' if name.endswith("other.toml") else '[tool.importlint]\nignore = ["IL001"]\n'
    repo_tree({**P_PACKAGE, "importlint.toml": 'select = ["IL001"]\n', name: body})
    assert codes(run_cli, ["--config", name, "."], tmp_path) == []
    assert codes(run_cli, ["."], tmp_path) == [("P/m.py", "IL001")]


def test_explicit_config_outside_the_repository(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    make_tree(tmp_path, {"shared.toml": 'ignore = ["IL001"]\n'})
    project = repo_tree(P_PACKAGE, root=tmp_path / "project")
    assert codes(run_cli, ["--config", "../shared.toml", "."], project) == []


def test_explicit_config_missing(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(P_PACKAGE)
    result = run_cli(["check", "--config", "nope.toml", "."], cwd=tmp_path)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "importlint: error: --config: nope.toml: no such file\n"


# -- validation ------------------------------------------------------------------

KNOWN = f"(known keys: {', '.join(KNOWN_KEYS)})"

BAD_VALUES = [
    pytest.param("max_level = 1", "unknown key `max_level` (did you mean `max-level`?)", id="unknown-key-snake-case"),
    pytest.param("maxlevel = 1", "unknown key `maxlevel` (did you mean `max-level`?)", id="unknown-key-typo"),
    pytest.param("exlude = []", "unknown key `exlude` (did you mean `exclude`?)", id="unknown-key-exclude-typo"),
    pytest.param(
        "namespace_packages = []",
        "unknown key `namespace_packages` (did you mean `namespace-packages`?)",
        id="unknown-key-namespace-snake-case",
    ),
    pytest.param("line-length = 88", f"unknown key `line-length` {KNOWN}", id="unknown-key-far-from-any"),
    pytest.param('max-level = "2"', "`max-level` must be an integer, got the string '2'", id="max-level-string"),
    pytest.param("max-level = -1", "`max-level` must be 0 or more, got -1", id="max-level-negative"),
    pytest.param("max-level = true", "`max-level` must be an integer, got the boolean true", id="max-level-bool"),
    pytest.param("max-level = 1.5", "`max-level` must be an integer, got float 1.5", id="max-level-float"),
    pytest.param('select = "IL001"', "`select` must be a list of strings, got the string 'IL001'", id="select-string"),
    pytest.param('select = ["XX1"]', "`select`: unknown rule selector `XX1`", id="select-unknown-code"),
    pytest.param('select = ["IL9"]', "`select`: unknown rule selector `IL9`", id="select-no-such-rule"),
    pytest.param('ignore = ["IL0010"]', "`ignore`: unknown rule selector `IL0010`", id="ignore-too-long"),
    pytest.param("exclude = [1]", "`exclude` must be a list of strings, got list [1]", id="exclude-int-item"),
    pytest.param('src = "src"', "`src` must be a list of strings, got the string 'src'", id="src-string"),
    pytest.param("cache-dir = 1", "`cache-dir` must be a non-empty string, got int 1", id="cache-dir-int"),
    pytest.param('cache-dir = ""', "`cache-dir` must be a non-empty string, got the string ''", id="cache-dir-empty"),
    pytest.param(
        "namespace-packages = [true]",
        "`namespace-packages` must be a list of strings, got list [True]",
        id="namespace-packages-bool-item",
    ),
]


def _one_error_line(result: Any) -> str:
    assert result.rc == 2
    assert result.out == ""
    assert result.err.endswith("\n") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    line: str = result.err[:-1]
    assert line.startswith("importlint: error: ")
    return line


@pytest.mark.parametrize(("toml", "message"), BAD_VALUES)
def test_bad_importlint_toml(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, toml: str, message: str) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": toml + "\n"})
    line = _one_error_line(run_cli(["check", "."], cwd=tmp_path))
    assert line == f"importlint: error: importlint.toml: {message}"


BAD_PYPROJECT_VALUES = BAD_VALUES


@pytest.mark.parametrize(("toml", "message"), BAD_PYPROJECT_VALUES)
def test_bad_pyproject_section(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, toml: str, message: str) -> None:
    repo_tree({**P_PACKAGE, "pyproject.toml": f"[tool.importlint]\n{toml}\n"})
    line = _one_error_line(run_cli(["check", "."], cwd=tmp_path))
    assert line == f"importlint: error: pyproject.toml [tool.importlint]: {message}"


def test_bad_config_above_cwd_is_named_by_absolute_path(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": "max_level = 1\n"})
    line = _one_error_line(run_cli(["check", "."], cwd=tmp_path / "P"))
    where = tmp_path / "importlint.toml"
    assert line == f"importlint: error: {where}: unknown key `max_level` (did you mean `max-level`?)"


def test_bad_selector_in_config_above_cwd_names_its_path(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "pyproject.toml": '[tool.importlint]\nselect = ["XX1"]\n'})
    line = _one_error_line(run_cli(["check", "."], cwd=tmp_path / "P"))
    assert line == (
        f"importlint: error: {tmp_path / 'pyproject.toml'} [tool.importlint]: `select`: unknown rule selector `XX1`"
    )


def test_bad_explicit_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "ci.toml": "max-level = -1\n"})
    line = _one_error_line(run_cli(["check", "--config", "ci.toml", "."], cwd=tmp_path))
    assert line == "importlint: error: ci.toml: `max-level` must be 0 or more, got -1"


def test_bad_config_also_stops_tree(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": 'select = "IL001"\n'})
    line = _one_error_line(run_cli(["tree", "."], cwd=tmp_path))
    assert line == "importlint: error: importlint.toml: `select` must be a list of strings, got the string 'IL001'"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        pytest.param("importlint.toml", "select = [\n", id="importlint-toml"),
        pytest.param("pyproject.toml", "[tool.importlint\nselect = []\n", id="pyproject"),
    ],
)
def test_invalid_toml(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, name: str, body: str) -> None:
    repo_tree({**P_PACKAGE, name: body})
    line = _one_error_line(run_cli(["check", "."], cwd=tmp_path))
    assert re.fullmatch(rf"importlint: error: (.*/)?{re.escape(name)}: invalid TOML: .+", line), line


def test_tool_importlint_not_a_table(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "pyproject.toml": '[tool]\nimportlint = "yes"\n'})
    line = _one_error_line(run_cli(["check", "."], cwd=tmp_path))
    assert re.fullmatch(r"importlint: error: (.*/)?pyproject\.toml: \[tool\.importlint\] must be a table", line)


def test_every_option_accepted(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **P_PACKAGE,
        "importlint.toml": (
            'select = ["IL"]\nignore = ["IL006"]\nmax-level = 2\nexclude = ["build/"]\n'
            'src = ["."]\nnamespace-packages = []\n'
        ),
    })  # fmt: skip
    assert codes(run_cli, ["."], tmp_path) == [("P/m.py", "IL001")]


# -- command line overrides the config ---------------------------------------------


def test_cli_select_overrides_config_select(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": 'select = ["IL005"]\n'})
    assert codes(run_cli, ["."], tmp_path) == []
    assert codes(run_cli, ["--select", "IL001", "."], tmp_path) == [("P/m.py", "IL001")]


def test_cli_select_overrides_config_ignore(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": 'ignore = ["IL001"]\n'})
    assert codes(run_cli, ["."], tmp_path) == []
    assert codes(run_cli, ["--select", "IL001", "."], tmp_path) == [("P/m.py", "IL001")]


def test_cli_ignore_applies_after_config_select(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "importlint.toml": 'select = ["IL001"]\n'})
    assert codes(run_cli, ["--ignore", "IL001", "."], tmp_path) == []


def test_cli_max_level_overrides_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(
        {**P_PACKAGE, "P/sub/__init__.py": "", "P/sub/m.py": "from .. import a\n", "importlint.toml": "max-level = 2\n"}
    )
    assert codes(run_cli, ["--select", "IL004", "."], tmp_path) == []
    assert codes(run_cli, ["--select", "IL004", "--max-level", "1", "."], tmp_path) == [("P/sub/m.py", "IL004")]
    (tmp_path / "importlint.toml").write_text("max-level = 1\n")
    assert codes(run_cli, ["--select", "IL004", "."], tmp_path) == [("P/sub/m.py", "IL004")]
    assert codes(run_cli, ["--select", "IL004", "--max-level", "2", "."], tmp_path) == []


def test_cli_max_level_zero_overrides_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**P_PACKAGE, "P/b.py": "from .a import x\n", "importlint.toml": "max-level = 3\n"})
    assert codes(run_cli, ["--select", "IL004", "--max-level", "0", "."], tmp_path) == [("P/b.py", "IL004")]


def test_config_max_level_limits_il001(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(
        {
            **P_PACKAGE,
            "P/sub/__init__.py": "",
            "P/sub/n.py": "from P.a import x\n",
            "importlint.toml": "max-level = 1\n",
        }
    )
    # P/m.py needs one dot (reported), P/sub/n.py would need two (not reported)
    assert codes(run_cli, ["--select", "IL001", "."], tmp_path) == [("P/m.py", "IL001")]


# -- exclude -------------------------------------------------------------------------

EXCLUDE_TREE = {
    "build/gen.py": OUTSIDE,
    "out/x.py": OUTSIDE,
    "P/out/y.py": OUTSIDE,
    "P/app/migrations/0001_initial.py": OUTSIDE,
    "migrations/0002.py": OUTSIDE,
    "P/app/models.py": OUTSIDE,
    "legacy.py": OUTSIDE,
    "P/legacy.py": OUTSIDE,
    "P/schema_pb2.py": OUTSIDE,
    "P/gen/z.py": OUTSIDE,
    "tools/gen.py": OUTSIDE,
    "keep.py": OUTSIDE,
}


def exclude_project(repo_tree: RepoTree, patterns: list[str]) -> Path:
    """EXCLUDE_TREE with a config that selects IL005 and excludes `patterns`."""
    return repo_tree({**EXCLUDE_TREE, "importlint.toml": f'select = ["IL005"]\nexclude = {json.dumps(patterns)}\n'})


@pytest.mark.parametrize(
    ("patterns", "excluded"),
    [
        pytest.param(["build/"], {"build/gen.py"}, id="build-dir"),
        pytest.param(["out/"], {"out/x.py", "P/out/y.py"}, id="dir-name-any-depth"),
        pytest.param(
            ["**/migrations/*"], {"P/app/migrations/0001_initial.py", "migrations/0002.py"}, id="double-star-glob"
        ),
        pytest.param(["legacy.py"], {"legacy.py", "P/legacy.py"}, id="plain-file-name"),
        pytest.param(["*_pb2.py"], {"P/schema_pb2.py"}, id="name-glob"),
        pytest.param(["P/gen"], {"P/gen/z.py"}, id="path-relative-to-config"),
        pytest.param(["./tools/gen.py"], {"tools/gen.py"}, id="dot-slash-path"),
        pytest.param(["gen/"], {"P/gen/z.py"}, id="trailing-slash-dirs-only"),  # not tools/gen.py
    ],
)
def test_exclude_patterns(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, patterns: list[str], excluded: set[str]
) -> None:
    exclude_project(repo_tree, patterns)
    everything = set(EXCLUDE_TREE) - {"build/gen.py"}  # build/ is a default exclude anyway
    found = {path for path, _ in codes(run_cli, ["."], tmp_path)}
    assert found == everything - excluded


def test_exclude_is_relative_to_the_config_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    exclude_project(repo_tree, ["P/gen", "**/migrations/*"])
    found = {path for path, _ in codes(run_cli, ["."], tmp_path / "P")}
    assert found == {"app/models.py", "legacy.py", "out/y.py", "schema_pb2.py"}


def test_explicit_file_is_checked_unless_force_exclude(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    exclude_project(repo_tree, ["legacy.py"])
    assert codes(run_cli, ["legacy.py"], tmp_path) == [("legacy.py", "IL005")]
    assert codes(run_cli, ["--force-exclude", "legacy.py"], tmp_path) == []


DEFAULT_EXCLUDED_DIRS = [
    ".git/hooks",
    "myenv",  # a virtual environment: it holds pyvenv.cfg
    "lib/python3.11/site-packages/dep",
    "P/__pycache__",
    "build",
    "dist",
    ".tox/py311",
    ".nox/tests",
    "node_modules/pkg",
    "venv",
    ".venv",
]


@pytest.mark.parametrize("directory", DEFAULT_EXCLUDED_DIRS)
def test_default_excludes(tmp_path: Path, repo_tree: RepoTree, run_cli: Any, directory: str) -> None:
    repo_tree({f"{directory}/bad.py": OUTSIDE, "ok/bad.py": OUTSIDE})
    if directory == "myenv":
        repo_tree({"myenv/pyvenv.cfg": "home = /usr/bin\n"})
    assert codes(run_cli, ["."], tmp_path) == [("ok/bad.py", "IL005")]


def test_directory_without_pyvenv_cfg_is_not_a_venv(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({"myenv/bad.py": OUTSIDE})
    assert codes(run_cli, ["."], tmp_path) == [("myenv/bad.py", "IL005")]


def test_exclude_adds_to_default_excludes(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(
        {"dist/bad.py": OUTSIDE, "gen/bad.py": OUTSIDE, "ok/bad.py": OUTSIDE, "importlint.toml": 'exclude = ["gen/"]\n'}
    )
    assert codes(run_cli, ["."], tmp_path) == [("ok/bad.py", "IL005")]


# -- paths relative to the config file -----------------------------------------------------


def namespace_project(repo_tree: RepoTree) -> Path:
    """ns/pkg/ without any __init__.py: its relative imports are IL005 unless ns is a namespace package."""
    return repo_tree({"ns/pkg/m.py": "from . import helpers\nfrom .missing import y\n", "ns/pkg/helpers.py": ""})


def test_without_namespace_packages_relative_import_is_outside(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    namespace_project(repo_tree)
    assert codes(run_cli, ["."], tmp_path) == [("ns/pkg/m.py", "IL005"), ("ns/pkg/m.py", "IL005")]


def test_namespace_packages_relative_to_config_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    namespace_project(repo_tree)
    repo_tree({"importlint.toml": 'namespace-packages = ["ns"]\n'})
    # run from inside the namespace package: the path is still taken from the config file
    assert codes(run_cli, ["."], tmp_path / "ns") == [("pkg/m.py", "IL006")]
    tree = run_cli(["tree", "pkg/m.py"], cwd=tmp_path / "ns")
    assert tree.out.splitlines()[0] == "pkg/m.py -> ns.pkg.m (module, in package ns.pkg)"


def test_namespace_packages_in_pyproject(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    namespace_project(repo_tree)
    repo_tree(config={"namespace-packages": ["ns"]})
    assert codes(run_cli, ["ns/pkg/m.py"], tmp_path) == [("ns/pkg/m.py", "IL006")]


def src_project(repo_tree: RepoTree) -> Path:
    # src/ holds a stray __init__.py: without `src` the package walk would name P `src.P`
    return repo_tree({"src/P/a.py": "x = 1\n", "src/P/m.py": SELF_IMPORT}, packages=True)


def test_without_src_the_package_walk_climbs(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    src_project(repo_tree)
    assert codes(run_cli, ["."], tmp_path) == []  # `P.a` is not within top-level `src`
    tree = run_cli(["tree", "src/P/m.py"], cwd=tmp_path)
    assert tree.out.splitlines()[0] == "src/P/m.py -> src.P.m (module, in package src.P)"


def test_src_relative_to_config_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    src_project(repo_tree)
    repo_tree({"importlint.toml": 'src = ["src"]\n'})
    assert codes(run_cli, ["."], tmp_path / "src") == [("P/m.py", "IL001")]
    tree = run_cli(["tree", "P/m.py"], cwd=tmp_path / "src")
    assert tree.out.splitlines()[0] == "P/m.py -> P.m (module, in package P)"
