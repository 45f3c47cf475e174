"""Configuration for monorepos: each file checked with its nearest config (ruff's
hierarchical discovery), `extend` chains, per-file-ignores, and what the cache, the tree
command, standard input, the API and the editor's checker make of them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint import api, runner
from importlint.server.lint import Checker
from importlint.settings import PerFileIgnore

ROOT_CONFIG = '[tool.importlint]\nignore = ["IL001"]\nmax-level = 1\nper-file-ignores = {"scripts/*.py" = ["IL005"]}\n'
PROJ_A_CONFIG = '[tool.importlint]\nselect = ["IL001", "IL005"]\n'
PROJ_B_CONFIG = (
    '[tool.importlint]\nextend = "../pyproject.toml"\nmax-level = 2\nper-file-ignores = {"tests/**" = ["IL004"]}\n'
)

# A repository with its own config at the root and two projects: proj_a with a config of
# its own, proj_b extending the root's (it inherits `ignore`, overrides `max-level` and
# replaces `per-file-ignores`).
THREE_PROJECTS = {
    "pyproject.toml": ROOT_CONFIG,
    "core/__init__.py": "",
    "core/a.py": "x = 1\n",
    "core/sub/__init__.py": "",
    "core/sub/deep.py": "from ..a import x\nfrom core.a import x\n",  # IL004 (max 1); IL001 ignored
    "scripts/run.py": "from . import x\n",  # IL005, ignored for scripts/*.py
    "tool.py": "from . import x\n",  # IL005
    "proj_a/pyproject.toml": PROJ_A_CONFIG,
    "proj_a/pa/__init__.py": "",
    "proj_a/pa/a.py": "x = 1\n",
    "proj_a/pa/m.py": "from pa.a import x\n",  # IL001 selected here
    "proj_a/pa/sub/__init__.py": "",
    "proj_a/pa/sub/deep.py": "from ..a import x\n",  # IL004 not selected here
    "proj_a/tool.py": "from . import x\n",  # IL005
    "proj_b/pyproject.toml": PROJ_B_CONFIG,
    "proj_b/pb/__init__.py": "",
    "proj_b/pb/a.py": "x = 1\n",
    "proj_b/pb/m.py": "from pb.a import x\n",  # IL001 ignored (inherited)
    "proj_b/pb/s1/__init__.py": "",
    "proj_b/pb/s1/deep.py": "from ..a import x\n",  # level 2: allowed by max-level = 2
    "proj_b/pb/s1/s2/__init__.py": "",
    "proj_b/pb/s1/s2/deep.py": "from ...a import x\n",  # IL004: 3 > 2
    "proj_b/tests/__init__.py": "",
    "proj_b/tests/helpers.py": "h = 1\n",
    "proj_b/tests/unit/__init__.py": "",
    "proj_b/tests/unit/deep/__init__.py": "",
    "proj_b/tests/unit/deep/test_d.py": "from ...helpers import h\n",  # IL004, ignored for tests/**
    "proj_b/scripts/run.py": "from . import x\n",  # IL005: the root's scripts/*.py is not proj_b's
}

NEAREST = [
    ("core/sub/deep.py", 1, "IL004"),
    ("proj_a/pa/m.py", 1, "IL001"),
    ("proj_a/tool.py", 1, "IL005"),
    ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
    ("proj_b/scripts/run.py", 1, "IL005"),
    ("tool.py", 1, "IL005"),
]


def found(run_cli: Any, argv: list[str], cwd: Path, rc: int = 1) -> list[tuple[str, int, str]]:
    """(path, line, code) of every violation `check --output-format json` reports."""
    result = run_cli(["check", "--output-format", "json", *argv], cwd=cwd)
    assert (result.rc, result.err) == (rc, "")
    return [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)]


def error(run_cli: Any, argv: list[str], cwd: Path) -> str:
    result = run_cli(argv, cwd=cwd)
    assert result.rc == 2, result.out
    assert result.err.count("\n") == 1, result.err
    return str(result.err)


# -- nearest config per file ----------------------------------------------------------


def test_each_file_is_checked_with_its_nearest_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(THREE_PROJECTS)
    assert found(run_cli, ["."], tmp_path) == NEAREST
    # the same verdicts whichever paths are named, and from any working directory
    assert found(run_cli, ["proj_a", "proj_b/pb", "tool.py"], tmp_path) == [
        ("proj_a/pa/m.py", 1, "IL001"),
        ("proj_a/tool.py", 1, "IL005"),
        ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
        ("tool.py", 1, "IL005"),
    ]
    assert found(run_cli, ["."], tmp_path / "proj_b") == [
        ("pb/s1/s2/deep.py", 1, "IL004"),
        ("scripts/run.py", 1, "IL005"),
    ]


def test_a_file_without_violations_under_its_config_exits_0(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(THREE_PROJECTS)
    assert found(run_cli, ["proj_b/pb/m.py", "proj_b/pb/s1/deep.py", "scripts"], tmp_path, rc=0) == []


def test_config_flag_forces_one_config_for_every_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(THREE_PROJECTS)
    assert found(run_cli, ["--config", "pyproject.toml", "."], tmp_path) == [
        ("core/sub/deep.py", 1, "IL004"),
        ("proj_a/pa/sub/deep.py", 1, "IL004"),
        ("proj_a/tool.py", 1, "IL005"),
        ("proj_b/pb/s1/deep.py", 1, "IL004"),
        ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
        ("proj_b/scripts/run.py", 1, "IL005"),
        ("proj_b/tests/unit/deep/test_d.py", 1, "IL004"),
        ("tool.py", 1, "IL005"),
    ]


def test_command_line_flags_override_every_files_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(THREE_PROJECTS)
    # core/sub/deep.py's `from core.a import x` would need 2 dots: IL001 leaves it under max-level 1
    assert found(run_cli, ["--select", "IL001", "."], tmp_path) == [
        ("proj_a/pa/m.py", 1, "IL001"),
        ("proj_b/pb/m.py", 1, "IL001"),
    ]
    # --max-level replaces every config's; per-file-ignores still apply (as in ruff)
    assert found(run_cli, ["--select", "IL004", "--max-level", "0", "proj_b"], tmp_path) == [
        ("proj_b/pb/s1/deep.py", 1, "IL004"),
        ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
    ]


def test_excludes_are_each_configs_own(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **THREE_PROJECTS,
        "pyproject.toml": ROOT_CONFIG + 'exclude = ["gen/", "proj_b/legacy/"]\n',
        "proj_a/pyproject.toml": PROJ_A_CONFIG + 'exclude = ["pa/sub/"]\n',
        "proj_b/pyproject.toml": PROJ_B_CONFIG + 'extend-exclude = ["pb/s1/s2/"]\n',
        "gen/bad.py": "from . import x\n",  # the root's `gen/`
        "proj_a/gen/bad.py": "from . import x\n",  # proj_a has its own excludes: reported
        "proj_a/pa/sub/m.py": "from pa.a import x\n",  # proj_a's `pa/sub/`, relative to proj_a
        "proj_b/gen/bad.py": "from . import x\n",  # proj_b inherits the root's `gen/`
        "proj_b/legacy/bad.py": "from . import x\n",  # ... and `proj_b/legacy/`, relative to the root
    })  # fmt: skip
    expected = [hit for hit in NEAREST if hit[0] != "proj_b/pb/s1/s2/deep.py"]  # proj_b's extend-exclude
    assert found(run_cli, ["."], tmp_path) == sorted([*expected, ("proj_a/gen/bad.py", 1, "IL005")])
    assert found(run_cli, ["proj_b"], tmp_path) == [("proj_b/scripts/run.py", 1, "IL005")]
    # --force-exclude (pre-commit, editors) asks the excludes of the named file's own config
    named = ["proj_a/pa/sub/m.py", "proj_a/gen/bad.py", "proj_b/gen/bad.py", "proj_b/pb/s1/s2/deep.py"]
    assert found(run_cli, ["--force-exclude", *named], tmp_path) == [("proj_a/gen/bad.py", 1, "IL005")]
    argv = ["check", "--force-exclude", "-", "--stdin-filename", "proj_a/pa/sub/m.py"]
    result = run_cli(argv, cwd=tmp_path, stdin=b"from pa.a import x\n")
    assert (result.rc, result.out) == (0, "")


def test_bad_key_in_any_config_found_is_an_error(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**THREE_PROJECTS, "proj_a/pyproject.toml": "[tool.importlint]\nmax_level = 2\n"})
    assert error(run_cli, ["check", "."], tmp_path) == (
        "importlint: error: proj_a/pyproject.toml [tool.importlint]: "
        "unknown key `max_level` (did you mean `max-level`?)\n"
    )
    # a run that never reaches proj_a does not read its config
    assert found(run_cli, ["proj_b", "tool.py"], tmp_path) == [
        ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
        ("proj_b/scripts/run.py", 1, "IL005"),
        ("tool.py", 1, "IL005"),
    ]


# -- extend ---------------------------------------------------------------------------


def test_extend_chains_inherit_and_override(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        "base/importlint.toml": 'select = ["IL001", "IL004"]\nmax-level = 1\n',
        "mid/settings.toml": 'extend = "../base/importlint.toml"\nmax-level = 2\n',
        "app/pyproject.toml": '[tool.importlint]\nextend = "../mid/settings.toml"\n',
        "app/p/__init__.py": "",
        "app/p/a.py": "x = 1\n",
        "app/p/m.py": "from p.a import x\n",
        "app/p/s1/__init__.py": "",
        "app/p/s1/s2/__init__.py": "",
        "app/p/s1/two.py": "from ..a import x\n",
        "app/p/s1/s2/three.py": "from ...a import x\n",
    })  # fmt: skip
    # select from base, max-level 2 from mid: only the level-3 import is too deep
    assert found(run_cli, ["app"], tmp_path) == [
        ("app/p/m.py", 1, "IL001"),
        ("app/p/s1/s2/three.py", 1, "IL004"),
    ]
    repo_tree({"app/pyproject.toml": '[tool.importlint]\nextend = "../mid/settings.toml"\nignore = ["IL001"]\n'})
    assert found(run_cli, ["app"], tmp_path) == [("app/p/s1/s2/three.py", 1, "IL004")]


def test_extend_cycle_is_exit_2_naming_the_files(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **THREE_PROJECTS,
        "proj_a/pyproject.toml": '[tool.importlint]\nextend = "../proj_b/pyproject.toml"\n',
        "proj_b/pyproject.toml": '[tool.importlint]\nextend = "../proj_a/pyproject.toml"\n',
    })  # fmt: skip
    assert error(run_cli, ["check", "proj_a"], tmp_path) == (
        "importlint: error: proj_b/pyproject.toml [tool.importlint]: `extend` makes a cycle: "
        "proj_a/pyproject.toml -> proj_b/pyproject.toml -> proj_a/pyproject.toml\n"
    )
    repo_tree({"proj_a/pyproject.toml": '[tool.importlint]\nextend = "pyproject.toml"\n'})
    assert error(run_cli, ["check", "proj_a"], tmp_path) == (
        "importlint: error: proj_a/pyproject.toml [tool.importlint]: `extend` makes a cycle: "
        "proj_a/pyproject.toml -> proj_a/pyproject.toml\n"
    )


def test_extending_a_missing_file_is_exit_2(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**THREE_PROJECTS, "proj_b/pyproject.toml": '[tool.importlint]\nextend = "../nope.toml"\n'})
    assert error(run_cli, ["check", "."], tmp_path) == (
        "importlint: error: proj_b/pyproject.toml [tool.importlint]: `extend`: ../nope.toml: no such file\n"
    )
    assert error(run_cli, ["check", "--config", "proj_b/pyproject.toml", "tool.py"], tmp_path) == (
        "importlint: error: proj_b/pyproject.toml [tool.importlint]: `extend`: ../nope.toml: no such file\n"
    )


def test_a_bad_key_in_an_extended_file_names_that_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**THREE_PROJECTS, "pyproject.toml": '[tool.importlint]\nmax-level = "2"\n'})
    assert error(run_cli, ["check", "proj_b"], tmp_path) == (
        "importlint: error: pyproject.toml [tool.importlint]: `max-level` must be an integer, got the string '2'\n"
    )


# -- per-file-ignores -------------------------------------------------------------------

IL005_EVERYWHERE = {
    "run.py": "from . import x\n",
    "scripts/run.py": "from . import x\n",
    "scripts/deeper/run.py": "from . import x\n",
    "tests/conftest.py": "from . import x\n",
    "tests/unit/test_a.py": "from . import x\n",
    "src/conftest.py": "from . import x\n",
    "src/tool.py": "from . import x\n",
}


@pytest.mark.parametrize(
    ("table", "reported"),
    [
        pytest.param('{"tests/**" = ["IL005"]}', [
            "run.py", "scripts/deeper/run.py", "scripts/run.py", "src/conftest.py", "src/tool.py"
        ], id="directory-glob"),
        # ruff's `*` crosses `/` (globset's default), so scripts/*.py covers scripts/deeper/ too
        pytest.param('{"scripts/*.py" = ["IL00"]}', [
            "run.py", "src/conftest.py", "src/tool.py", "tests/conftest.py", "tests/unit/test_a.py"
        ], id="star-crosses-slash"),
        pytest.param('{"conftest.py" = ["IL005"]}', [
            "run.py", "scripts/deeper/run.py", "scripts/run.py", "src/tool.py", "tests/unit/test_a.py"
        ], id="file-name-at-any-depth"),
        pytest.param('{"./run.py" = ["IL005"], "src/tool.py" = ["IL005"]}', [
            "scripts/deeper/run.py", "scripts/run.py", "src/conftest.py", "tests/conftest.py",
            "tests/unit/test_a.py"
        ], id="exact-paths"),
        pytest.param('{"!src/**" = ["IL005"]}', ["src/conftest.py", "src/tool.py"], id="negated"),
        pytest.param('{"tests/**" = ["IL001"]}', sorted(IL005_EVERYWHERE), id="other-code"),
    ],
)  # fmt: skip
def test_per_file_ignores_globs(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, table: str, reported: list[str]
) -> None:
    repo_tree(IL005_EVERYWHERE, config=f"per-file-ignores = {table}\n")
    assert found(run_cli, ["."], tmp_path) == [(path, 1, "IL005") for path in reported]


@pytest.mark.parametrize(
    ("pattern", "path", "applies"),
    [
        ("tests/**", "tests/a/b.py", True),
        ("tests/**", "src/tests/a.py", False),  # anchored at the config's directory
        ("**/tests/*.py", "src/tests/a.py", True),
        ("**/tests/*.py", "tests/a.py", True),  # `**/` may match nothing
        ("scripts/*.py", "scripts/a/b.py", True),  # `*` crosses `/`, as globset's default
        ("*_test.py", "deep/er/x_test.py", True),  # matched against the file name too
        ("*.{py,pyi}", "a/b.pyi", True),
        ("{tests,tools}/x.py", "tools/x.py", True),
        ("m[0-9].py", "m7.py", True),
        ("m[!0-9].py", "m7.py", False),
        ("m[^0-9].py", "mx.py", True),
        ("?.py", "a.py", True),
        ("../up.py", "../up.py", True),  # relative to the config's directory, `..` included
        ("!src/**", "tests/a.py", True),
        ("!src/**", "src/a.py", False),
        ("tests/", "tests/a.py", False),  # a directory pattern matches no file (as in ruff)
    ],
)
def test_per_file_ignore_glob_semantics(pattern: str, path: str, applies: bool) -> None:
    entry = PerFileIgnore("/repo/proj", pattern, frozenset({"IL001"}))
    assert entry.applies(os.path.normpath(os.path.join("/repo/proj", path))) is applies


def test_per_file_ignores_are_relative_to_their_config(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **THREE_PROJECTS,
        "pyproject.toml": ROOT_CONFIG.replace("scripts/*.py", "proj_b/scripts/*.py"),
        "proj_b/pyproject.toml": '[tool.importlint]\nextend = "../pyproject.toml"\nmax-level = 2\n',
    })  # fmt: skip
    # the inherited pattern is the root's proj_b/scripts/*.py: it covers proj_b's script, not the root's
    assert found(run_cli, ["scripts", "proj_b/scripts"], tmp_path) == [("scripts/run.py", 1, "IL005")]


def test_extend_per_file_ignores_adds_to_the_inherited_ones(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({
        **THREE_PROJECTS,
        "pyproject.toml": ROOT_CONFIG.replace("scripts/*.py", "**/scripts/*.py"),
        "proj_b/pyproject.toml": (
            '[tool.importlint]\nextend = "../pyproject.toml"\nmax-level = 2\n'
            'extend-per-file-ignores = {"tests/**" = ["IL004"]}\n'
        ),
    })  # fmt: skip
    # proj_b keeps the root's **/scripts/*.py and adds tests/**
    assert found(run_cli, ["proj_b"], tmp_path) == [("proj_b/pb/s1/s2/deep.py", 1, "IL004")]
    # per-file-ignores in proj_b itself would replace the root's: its script is reported again
    repo_tree({"proj_b/pyproject.toml": PROJ_B_CONFIG})
    assert found(run_cli, ["proj_b"], tmp_path) == [
        ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
        ("proj_b/scripts/run.py", 1, "IL005"),
    ]


def test_per_file_ignores_are_validated(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**THREE_PROJECTS, "proj_b/pyproject.toml": '[tool.importlint]\nper-file-ignores = {"t/**" = ["IL9"]}\n'})
    assert error(run_cli, ["check", "."], tmp_path) == (
        "importlint: error: proj_b/pyproject.toml [tool.importlint]: `per-file-ignores` 't/**': "
        "unknown rule selector `IL9`\n"
    )
    repo_tree({"proj_b/pyproject.toml": '[tool.importlint]\nextend-per-file-ignores = {"t/**" = "IL001"}\n'})
    assert error(run_cli, ["check", "."], tmp_path) == (
        "importlint: error: proj_b/pyproject.toml [tool.importlint]: `extend-per-file-ignores`: "
        "'t/**' must map to a list of rule codes, got the string 'IL001'\n"
    )


# -- tree, stdin, API, editor ------------------------------------------------------------


def test_tree_shows_the_config_of_each_file(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(THREE_PROJECTS)
    result = run_cli(["tree", "core/a.py", "proj_a/pa/m.py", "proj_b/pb/m.py"], cwd=tmp_path)
    assert result.rc == 0, result.err
    assert result.out.splitlines()[:3] == [
        "core/a.py -> core.a (module, in package core) [config: pyproject.toml]",
        "proj_a/pa/m.py -> pa.m (module, in package pa) [config: proj_a/pyproject.toml]",
        "proj_b/pb/m.py -> pb.m (module, in package pb) [config: proj_b/pyproject.toml]",
    ]
    assert result.out.endswith("\nconfigs: proj_a/pyproject.toml, proj_b/pyproject.toml, pyproject.toml\n")
    # one config for every file: the single line at the end, as before
    result = run_cli(["tree", "proj_a"], cwd=tmp_path)
    assert "[config:" not in result.out
    assert result.out.endswith("\nconfig: proj_a/pyproject.toml\n")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("proj_a/pa/new.py", "from pa.a import x\n", [("proj_a/pa/new.py", 1, "IL001")], id="proj_a"),
        pytest.param("core/new.py", "from core.a import x\n", [], id="root-ignores-IL001"),
        pytest.param("proj_b/tests/unit/deep/t.py", "from ...helpers import h\n", [], id="per-file-ignores"),
        pytest.param(
            "proj_b/pb/s1/s2/n.py", "from ...a import x\n", [("proj_b/pb/s1/s2/n.py", 1, "IL004")], id="extend"
        ),
    ],
)
def test_stdin_uses_the_config_nearest_to_its_filename(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, name: str, text: str, expected: list[tuple[str, int, str]]
) -> None:
    repo_tree(THREE_PROJECTS)
    result = run_cli(
        ["check", "--output-format", "json", "-", "--stdin-filename", name], cwd=tmp_path, stdin=text.encode()
    )
    assert (result.rc, result.err) == (1 if expected else 0, "")
    assert [(v["path"], v["line"], v["code"]) for v in json.loads(result.out)] == expected


def test_api_and_editor_follow_the_nearest_config(
    tmp_path: Path, repo_tree: RepoTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo_tree(THREE_PROJECTS)
    monkeypatch.chdir(tmp_path)
    results = api.check_paths(["."])
    assert sorted((r.display, v.start.line, v.code) for r in results for v in r.violations) == NEAREST
    assert [v.code for v in api.check_source("from pa.a import x\n", "proj_a/pa/n.py")] == ["IL001"]
    assert api.check_source("from pa.a import x\n", "core/n.py") == []
    checker = Checker()
    ignored = checker.run("from ...helpers import h\n", str(tmp_path / "proj_b/tests/unit/deep/t.py"), fix=False)
    reported = checker.run("from ...a import x\n", str(tmp_path / "proj_b/pb/s1/s2/n.py"), fix=False)
    assert ignored is not None and ignored.violations == []
    assert reported is not None and [v.code for v in reported.violations] == ["IL004"]


# -- the cache --------------------------------------------------------------------------


def test_editing_one_projects_config_changes_only_its_verdicts(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo_tree(THREE_PROJECTS)
    assert found(run_cli, ["."], tmp_path) == NEAREST  # cold: fills the cache
    checked: list[str] = []
    original = runner.process

    def counting(task: Any, linter: Any, mode: Any) -> Any:
        checked.append(task.source.display)
        return original(task, linter, mode)

    monkeypatch.setattr(runner, "process", counting)
    assert found(run_cli, ["-j1", "."], tmp_path) == NEAREST
    assert checked == []  # warm: every verdict from the cache
    repo_tree({"proj_a/pyproject.toml": "[tool.importlint]\nmax-level = 1\n"})
    assert found(run_cli, ["-j1", "."], tmp_path) == [
        ("core/sub/deep.py", 1, "IL004"),
        ("proj_a/pa/m.py", 1, "IL001"),
        ("proj_a/pa/sub/deep.py", 1, "IL004"),
        ("proj_a/tool.py", 1, "IL005"),
        ("proj_b/pb/s1/s2/deep.py", 1, "IL004"),
        ("proj_b/scripts/run.py", 1, "IL005"),
        ("tool.py", 1, "IL005"),
    ]
    assert checked and all(path.startswith("proj_a/") for path in checked)  # only proj_a's files again
    assert found(run_cli, ["--no-cache", "."], tmp_path) == found(run_cli, ["-j1", "."], tmp_path)


CIRCULAR = {"__init__.py": "", "a.py": "from .b import helper\nVALUE = 1\n", "b.py": "from .a import VALUE\n"}


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["tree-pass-here", "tree-pass-in-background"])
def test_whole_tree_violations_follow_each_files_config(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, jobs: str
) -> None:
    repo_tree({
        **THREE_PROJECTS,
        "proj_b/pyproject.toml": PROJ_B_CONFIG.replace('["IL004"]', '["IL004"], "b.py" = ["IL008"]'),
        **{f"cyc/{name}": text for name, text in CIRCULAR.items()},  # the root's config: IL008 reported
        **{f"proj_a/cyc/{name}": text for name, text in CIRCULAR.items()},  # proj_a selects IL001, IL005 only
        **{f"proj_b/cyc/{name}": text for name, text in CIRCULAR.items()},  # proj_b ignores IL008 in b.py
    })  # fmt: skip
    # each module of a cycle is reported (a.py: `helper` is never bound; b.py: VALUE comes too late)
    tree_found = [("cyc/a.py", 1, "IL008"), ("cyc/b.py", 1, "IL008"), ("proj_b/cyc/a.py", 1, "IL008")]
    assert found(run_cli, ["--no-cache", "--jobs", jobs, "."], tmp_path) == sorted([*NEAREST, *tree_found])


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["tree-pass-here", "tree-pass-in-background"])
def test_a_sub_projects_config_turns_on_a_whole_tree_rule_the_root_leaves_off(
    tmp_path: Path, repo_tree: RepoTree, run_cli: Any, jobs: str, fix: bool
) -> None:
    repo_tree({
        "pyproject.toml": '[tool.importlint]\nignore = ["IL008"]\n',
        "proj/pyproject.toml": '[tool.importlint]\nselect = ["IL007", "IL008"]\n',
        **{f"cyc/{name}": text for name, text in CIRCULAR.items()},  # the root's config: IL008 off
        **{f"proj/cyc/{name}": text for name, text in CIRCULAR.items()},  # proj's: IL007 and IL008 on
    })  # fmt: skip
    argv = ["--no-cache", "--jobs", jobs, *(["--fix"] if fix else []), "."]
    assert found(run_cli, argv, tmp_path) == [
        ("proj/cyc/a.py", 1, "IL007"),
        ("proj/cyc/a.py", 1, "IL008"),
        ("proj/cyc/b.py", 1, "IL008"),
    ]  # (IL007 reports a cycle once, at its first module)
    # the command line rules them out for every file: no whole-tree pass, nothing reported
    assert found(run_cli, [*argv, "--ignore", "IL007,IL008"], tmp_path, rc=0) == []
