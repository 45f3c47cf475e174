"""Which violations are reported: --select/--ignore, --max-level, --config, noqa."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    BASE,
    SELF,
    age,
    as_json,
    snapshot,
)
from conftest import RepoTree

# -- --select / --ignore -----------------------------------------------------------------

MIXED = {
    "P/m.py": "from P.a import x\nfrom .missing import y\n",  # IL001, IL006
    "P/sub/__init__.py": "",
    "P/sub/n.py": "from ... import z\n",  # IL003
    "run.py": "from . import helpers\n",  # IL005
    "P/bad.py": "x = = 1\n",  # IL000
}
MIXED_CODES = ["IL000", "IL001", "IL006", "IL003", "IL005"]  # in path order


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        pytest.param([], MIXED_CODES, id="default-all"),
        pytest.param(["--select", "IL"], MIXED_CODES, id="select-IL"),
        pytest.param(["--select", "ALL"], MIXED_CODES, id="select-ALL"),
        pytest.param(["--select", "IL00"], MIXED_CODES, id="select-IL00"),
        pytest.param(["--select", "IL001"], ["IL001"], id="select-one"),
        pytest.param(["--select", "il001"], ["IL001"], id="select-lowercase"),
        pytest.param(["--select", "IL001,IL005"], ["IL001", "IL005"], id="select-comma-list"),
        pytest.param(["--select", "IL001, IL005"], ["IL001", "IL005"], id="select-comma-space"),
        pytest.param(["--ignore", "IL001"], ["IL000", "IL006", "IL003", "IL005"], id="ignore-one"),
        pytest.param(["--ignore", "IL000,IL006"], ["IL001", "IL003", "IL005"], id="ignore-list"),
        pytest.param(["--ignore", "IL00"], [], id="ignore-IL00"),
        pytest.param(["--ignore", "IL"], [], id="ignore-IL"),
        pytest.param(["--select", "IL00", "--ignore", "IL003"], ["IL000", "IL001", "IL006", "IL005"], id="both"),
        pytest.param(["--select", "IL001", "--ignore", "IL001"], [], id="ignore-beats-select"),
        pytest.param(["--select", "IL001", "--select", "IL005"], ["IL005"], id="last-select-wins"),
    ],
)
def test_select_and_ignore(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, flags: list[str], expected: list[str]
) -> None:
    repo_tree({**BASE, **MIXED})
    rc, objects = as_json(run_cli, [*flags, "."], tmp_path)
    assert [o["code"] for o in objects] == expected
    assert rc == (1 if expected else 0)


def test_one_file_gives_the_same_answers_as_the_tree(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    """pre-commit passes single files: the verdict must not depend on what else was passed."""
    repo_tree({**BASE, **MIXED})
    _, everything = as_json(run_cli, ["."], tmp_path)
    for path in sorted({o["path"] for o in everything}):
        _, alone = as_json(run_cli, ["--no-cache", path], tmp_path)
        assert alone == [o for o in everything if o["path"] == path]


def test_extension_modules_and_stubs_count_as_existing(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/fast.pyd": "", "P/ext.cp311-win_amd64.pyd": "", "P/so.abi3.so": "", "P/stub.pyi": "",
        "P/m.py": "from .fast import x\nfrom .ext import y\nfrom .so import z\nfrom .stub import s\n"
                  "from .nope import w\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["line"], o["code"], o["message"]) for o in objects] == [
        # a stub alone is no module at runtime (it counts for imports in a `.pyi` file)
        (4, "IL006", "`.stub` resolves to `P.stub`, which does not exist"),
        (5, "IL006", "`.nope` resolves to `P.nope`, which does not exist"),
    ]


def test_hidden_violations_are_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/m.py": "import .a\nfrom P.b import c\n", "P/n.py": SELF})
    age(tmp_path)
    before = snapshot(tmp_path)
    rc, objects = as_json(run_cli, ["--fix", "--select", "IL002", "."], tmp_path)
    assert (rc, objects) == (0, [])
    assert (tmp_path / "P/m.py").read_text() == "from . import a\nfrom P.b import c\n"
    assert snapshot(tmp_path)["P/n.py"] == before["P/n.py"]
    rc, objects = as_json(run_cli, ["--fix", "--ignore", "IL001", "."], tmp_path)
    assert (rc, objects) == (0, [])
    assert (tmp_path / "P/m.py").read_text() == "from . import a\nfrom P.b import c\n"
    assert snapshot(tmp_path)["P/n.py"] == before["P/n.py"]


# -- --max-level ----------------------------------------------------------------------------


def test_max_level(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({
        **BASE,
        "P/sub/__init__.py": "from .. import a\n",
        "P/sub/deep/__init__.py": "",
        "P/sub/deep/m.py": "from ...b import c\nfrom .. import x\nfrom P import a\n",
    })  # fmt: skip
    _, objects = as_json(run_cli, ["."], tmp_path)
    assert [(o["path"], o["line"], o["code"]) for o in objects] == [("P/sub/deep/m.py", 3, "IL001")]
    _, objects = as_json(run_cli, ["--max-level", "1", "."], tmp_path)
    # the IL001 would need three dots: not reported; every relative import over one dot is
    assert [(o["path"], o["line"], o["code"]) for o in objects] == [
        ("P/sub/__init__.py", 1, "IL004"), ("P/sub/deep/m.py", 1, "IL004"), ("P/sub/deep/m.py", 2, "IL004"),
    ]  # fmt: skip
    result = run_cli(["check", "--max-level", "1", "--fix", "."], cwd=tmp_path)
    assert result.rc == 0
    assert (tmp_path / "P/sub/__init__.py").read_text() == "from P import a\n"
    assert (tmp_path / "P/sub/deep/m.py").read_text() == "from P.b import c\nfrom P.sub import x\nfrom P import a\n"


def test_max_level_does_not_hide_il003(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.py": "from ... import x\n"})
    for flags in ([], ["--max-level", "1"], ["--max-level", "5"]):
        _, objects = as_json(run_cli, [*flags, "."], tmp_path)
        assert [o["code"] for o in objects] == ["IL003"]


def test_config_flag(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({**BASE, "P/sub/__init__.py": "", "P/sub/m.py": "from .. import a\n", "ci/lint.toml": "max-level = 1\n"})
    assert as_json(run_cli, ["."], tmp_path) == (0, [])
    rc, objects = as_json(run_cli, ["--config", "ci/lint.toml", "."], tmp_path)
    assert (rc, [o["code"] for o in objects]) == (1, ["IL004"])


# -- noqa ----------------------------------------------------------------------------------


def test_noqa(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    source = (
        "from P.a import x  # noqa\n"
        "from P.a import x  # noqa: IL001\n"
        "from P.a import x  # noqa: IL004\n"
        "from P.a import x  # NOQA:IL004,IL001\n"
        "from P.a import (  # noqa: IL001\n    x,\n)\n"
        "from P.a import (\n    x,\n)  # noqa: IL001\n"
        "from P.a import (\n    x,  # noqa: IL001\n    y,\n)\n"
        "s = '# noqa'; from P.a import x\n"
    )
    repo_tree({**BASE, "P/m.py": source})
    rc, objects = as_json(run_cli, ["."], tmp_path)
    assert [o["line"] for o in objects] == [3, 11, 15]
    run_cli(["check", "--fix", "."], cwd=tmp_path)
    lines = (tmp_path / "P/m.py").read_text().splitlines()
    assert lines[2] == "from .a import x  # noqa: IL004"
    assert lines[10] == "from .a import ("
    assert lines[14] == "s = '# noqa'; from .a import x"
    assert [i for i, line in enumerate(lines) if "from P.a" in line] == [0, 1, 3, 4, 7]
