"""Package shapes the tree model follows as CPython does (issue 8, items 3, 5, 8, 9, 11).

Namespace portions inside regular packages, symlink aliases, untrusted top-level names,
PEP 561 stub-only packages, and the cache re-checking every tree fact a verdict used.
Each case asserts what users see (JSON findings, messages, fixed text, `importlint tree`);
the fix-safety cases run the runtime oracle (tests/oracle.py) before and after `--fix`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import oracle
import pytest
from conftest import RepoTree, make_tree

PORTION_REASON = "(not fixed: `{}` has no `__init__.py`, so test runners may import this file as a top-level module)"


def check(run_cli: Any, cwd: Path, *args: str) -> list[tuple[str, int, str, bool, str]]:
    result = run_cli(["check", "--output-format", "json", *args], cwd=cwd)
    assert result.rc in (0, 1), result.err
    return [(v["path"], v["line"], v["code"], v["fixable"], v["message"]) for v in json.loads(result.out)]


# --------------------------------------------------------------------------- item 8: portions

FLASK = {
    "src/flask/__init__.py": "",
    "src/flask/globals.py": "current_app = 1\n",
    "src/flask/sansio/scaffold.py": "class Scaffold:\n    pass\n",
    "src/flask/sansio/app.py": "from ..globals import current_app\nfrom .scaffold import Scaffold\n",
    "src/flask/sansio/deep/more.py": "from ...globals import current_app\nfrom ..app import Scaffold\n",
    "src/flask/views.py": "from .sansio.app import Scaffold\nfrom .sansio.deep import more\n",
    "pyproject.toml": '[tool.importlint]\nsrc = ["src"]\n',
}


def test_flask_layout_has_no_false_reports(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(FLASK)
    assert check(run_cli, root, "--no-cache", ".") == []


def test_self_import_in_a_portion_is_reported_without_a_fix(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({**FLASK, "src/flask/sansio/deep/more.py": "from flask.globals import current_app\n"})
    reason = PORTION_REASON.format("flask/sansio/deep")
    message = f"`flask.globals` is part of `flask`; import it relatively: `from ...globals import ...` {reason}"
    assert check(run_cli, root, "--no-cache", ".") == [("src/flask/sansio/deep/more.py", 1, "IL001", False, message)]
    result = run_cli(["check", "--fix", "--no-cache", "."], cwd=root)
    assert result.rc == 1
    assert (root / "src/flask/sansio/deep/more.py").read_text() == "from flask.globals import current_app\n"


def test_regular_package_inside_a_portion_still_names_the_portion(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {"P/__init__.py": "", "P/a.py": "", "P/t/sub/__init__.py": "", "P/t/sub/m.py": "import P.a as a\n"}
    )
    message = f"`P.a` is part of `P`; import it relatively {PORTION_REASON.format('P/t')}"
    assert check(run_cli, root, "--no-cache", ".") == [("P/t/sub/m.py", 1, "IL001", False, message)]


def test_a_module_of_the_same_name_hides_the_directory(repo_tree: RepoTree, run_cli: Any) -> None:
    """`P/data.py` wins over `P/data/` without `__init__.py`: `P.data.x` does not exist (CPython:
    "'P.data' is not a package"), and `P/data/x.py` is in no package."""
    root = repo_tree({"P/__init__.py": "", "P/data.py": "", "P/data/x.py": "", "P/m.py": "from .data.x import y\n"})
    hidden = "`.data.x` resolves to `P.data.x`, which does not exist (module `P/data.py` hides the directory `P/data`)"
    assert check(run_cli, root, "--no-cache", ".") == [("P/m.py", 1, "IL006", False, hidden)]


def test_configured_namespace_package_still_fixes(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {
            "importlint.toml": 'namespace-packages = ["acme"]\n',
            "acme/a.py": "x = 1\n",
            "acme/sub/m.py": "from acme.a import x\n",
        }
    )
    message = "`acme.a` is part of `acme`; import it relatively: `from ..a import ...`"
    assert check(run_cli, root, "--no-cache", ".") == [("acme/sub/m.py", 1, "IL001", True, message)]
    assert run_cli(["check", "--fix", "--no-cache", "."], cwd=root).rc == 0
    assert (root / "acme/sub/m.py").read_text() == "from ..a import x\n"


def test_fixes_into_a_portion_keep_behaviour(repo_tree: RepoTree) -> None:
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/util.py": "x = 1\n",
            "P/sub/deep/m.py": "from P.util import x\nfrom ...util import x as y\n",
            "P/sub/n.py": "from .deep.m import x\n",
            "P/c.py": "import P.sub.deep.m as m\nfrom P.sub.n import x\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert run.codes() == [
        ("P/c.py", 1, "IL001", True),
        ("P/c.py", 2, "IL001", True),
        ("P/sub/deep/m.py", 1, "IL001", False),
    ]
    assert run.changed == {"P/c.py": "from .sub.deep import m as m\nfrom .sub.n import x\n"}
    assert run.before["modules"]["P.sub.deep.m"]["names"]["y"]["repr"] == "1"


def test_tree_command_shows_portions(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(FLASK)
    result = run_cli(["tree", "src/flask/sansio/deep/more.py", "src/flask/views.py"], cwd=root)
    assert result.out.splitlines()[:2] == [
        "src/flask/sansio/deep/more.py -> flask.sansio.deep.more (module, in package flask.sansio.deep, "
        "namespace portion: flask/sansio/deep/ has no __init__.py)",
        "src/flask/views.py -> flask.views (module, in package flask)",
    ]


# --------------------------------------------------------------------------- item 3: aliases

SHARED = {
    "P/__init__.py": "",
    "P/util.py": "x = 1\n",
    "P/shared.py": "from P.util import x\n",
    "Q/__init__.py": "",
    "Q/util.py": "x = 2\n",
}
SHARED_MESSAGE = (
    "`P.util` is part of `P`; import it relatively: `from .util import ...` "
    "(not fixed: the same file is also module `Q.shared` through a symlink)"
)


def test_alias_is_found_whichever_path_is_named(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(SHARED, links={"Q/shared.py": "../P/shared.py"})
    # the link is module `Q.shared`, where `from P.util import x` imports another package
    assert check(run_cli, root, "--no-cache", "Q/shared.py") == []
    assert check(run_cli, root, "--no-cache", "P/shared.py") == [("P/shared.py", 1, "IL001", False, SHARED_MESSAGE)]
    assert check(run_cli, root, "--no-cache", ".") == [("P/shared.py", 1, "IL001", False, SHARED_MESSAGE)]


def test_link_from_the_package_to_a_loose_file_is_its_module(repo_tree: RepoTree, run_cli: Any) -> None:
    """`P/tool.py -> ../scripts/tool.py`: the file is only ever a module as `P.tool`."""
    root = repo_tree(
        {"P/__init__.py": "", "P/util.py": "", "scripts/tool.py": "import P.util as u\n"},
        links={"P/tool.py": "../scripts/tool.py"},
    )
    message = "`P.util` is part of `P`; import it relatively"
    assert check(run_cli, root, "--no-cache", "P/tool.py") == [("P/tool.py", 1, "IL001", True, message)]


def test_top_level_directory_link_is_an_alias(repo_tree: RepoTree) -> None:
    """`P2 -> P`: every module of P is also a module of P2, a second copy with its own objects."""
    root = repo_tree(
        {"P/__init__.py": "", "P/util.py": "x = 1\n", "P/m.py": "from P.util import x\nimport P.util as u\n"},
        links={"P2": "P"},
    )
    run = oracle.assert_fix_keeps_behaviour(root, modules=["P.m", "P2.m"])
    assert run.codes() == [("P/m.py", 1, "IL001", False), ("P/m.py", 2, "IL001", False)]
    assert "also module `P2.m` through a symlink" in run.report[0]["message"]
    assert run.changed == {}


def test_directory_link_alias_in_the_tree_command(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({"P/__init__.py": "", "P/sub/__init__.py": "", "P/sub/m.py": ""}, links={"P/compat": "sub"})
    result = run_cli(["tree", "P/sub/m.py"], cwd=root)
    assert result.out.splitlines()[0] == (
        "P/sub/m.py -> P.sub.m (module, in package P.sub, also imported as P.compat.m through a symlink)"
    )


# --------------------------------------------------------------------------- item 5: real names, trust

ROOT_INIT = {
    "__init__.py": "",
    "P/__init__.py": "",
    "P/util.py": "x = 1\n",
    "P/sub/__init__.py": "",
    "P/sub/m.py": "from ..util import x\n",
}


def _untrusted(name: str, holds: str) -> str:
    return (
        "relative import with 2 dots exceeds max-level 1 (not fixed: "
        f"`{name}` {holds}, so it is probably not an importable package; "
        "set `src` in [tool.importlint] to the directory that holds your packages)"
    )


def test_repository_root_with_init_is_not_an_import_name(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    root = repo_tree(ROOT_INIT, root=tmp_path / "myrepo")
    expected = [("P/sub/m.py", 1, "IL004", False, _untrusted("myrepo", "is the repository root"))]
    assert check(run_cli, root, "--no-cache", "--max-level", "1", ".") == expected


def test_setup_py_at_the_top_is_not_an_import_name(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / ".git").mkdir()
    make_tree(tmp_path / "myrepo", {**ROOT_INIT, "setup.py": ""})
    expected = [("myrepo/P/sub/m.py", 1, "IL004", False, _untrusted("myrepo", "holds setup.py"))]
    assert check(run_cli, tmp_path, "--no-cache", "--max-level", "1", "myrepo") == expected
    listing = run_cli(["tree", "myrepo"], cwd=tmp_path).out
    assert (
        "  myrepo: myrepo (not trusted as an import name: it holds setup.py; fixes are withheld, set `src`)" in listing
    )


def test_configured_src_makes_the_fix_safe(repo_tree: RepoTree, tmp_path: Path) -> None:
    root = repo_tree({**ROOT_INIT, "pyproject.toml": '[tool.importlint]\nsrc = ["."]\n'}, root=tmp_path / "myrepo")
    run = oracle.assert_fix_keeps_behaviour(root, args=["--max-level", "1"])
    assert run.codes() == [("P/sub/m.py", 1, "IL004", True)]
    assert run.changed == {"P/sub/m.py": "from P.util import x\n"}


def test_absolute_form_uses_the_real_path(repo_tree: RepoTree, run_cli: Any) -> None:
    """`tools -> P/sub`: the file is `P.sub.m` at its real place, so `..` is `P`, not beyond `tools`."""
    root = repo_tree({"P/__init__.py": "", "P/sub/__init__.py": "", "P/sub/m.py": "from .. import x\n"})
    os.symlink("P/sub", root / "tools")
    # IL004, not IL003: `..` is counted from `P.sub`; no absolute form is suggested, since the
    # file's name is in doubt (under `tools.m` the same `..` climbs beyond the top level)
    message = (
        "relative import with 2 dots exceeds max-level 1 "
        "(not fixed: the same file is also module `tools.m` through a symlink)"
    )
    assert check(run_cli, root, "--no-cache", "--max-level", "1", "tools/m.py") == [
        ("tools/m.py", 1, "IL004", False, message)
    ]


# --------------------------------------------------------------------------- hard links

HARD_LINKED = {
    "P/__init__.py": "",
    "P/a.py": "name = 'P.a'\n",
    "P/x.py": "import P.a as m\n",
    "Q/__init__.py": "",
    "Q/a.py": "name = 'Q.a'\n",
}
HARD_LINK_REASON = "(not fixed: the file has 2 hard links, so it may also be another module)"


def test_hard_linked_file_is_reported_without_a_fix(repo_tree: RepoTree, run_cli: Any) -> None:
    """`Q/x.py` is `P/x.py` under another name: CPython imports it as `Q.x` too, where
    `from . import a as m` would bind `Q.a`."""
    root = repo_tree(HARD_LINKED)
    os.link(root / "P/x.py", root / "Q/x.py")
    message = f"`P.a` is part of `P`; import it relatively {HARD_LINK_REASON}"
    assert check(run_cli, root, "--no-cache", ".") == [("P/x.py", 1, "IL001", False, message)]
    fixed = run_cli(["check", "--fix", "--no-cache", "."], cwd=root)
    assert fixed.rc == 1
    assert (root / "P/x.py").read_text() == (root / "Q/x.py").read_text() == "import P.a as m\n"
    assert os.stat(root / "P/x.py").st_nlink == 2


def test_hard_linked_file_keeps_behaviour(repo_tree: RepoTree) -> None:
    root = repo_tree(HARD_LINKED)
    os.link(root / "P/x.py", root / "Q/x.py")
    run = oracle.assert_fix_keeps_behaviour(root, modules=["P.x", "Q.x"])
    assert run.codes() == [("P/x.py", 1, "IL001", False)]
    assert run.changed == {}
    assert run.before["modules"]["Q.x"]["names"]["m"]["name"] == "P.a"


def test_hard_link_added_later_changes_the_cached_verdict(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(HARD_LINKED)
    assert [f[3] for f in check(run_cli, root, ".")] == [True]
    os.link(root / "P/x.py", root / "Q/x.py")
    assert [(f[0], f[3], f[4].endswith(HARD_LINK_REASON)) for f in check(run_cli, root, "P/x.py")] == [
        ("P/x.py", False, True)
    ]


# --------------------------------------------------------------------------- modules CPython finds at runtime

# `P/a/` holds something that is module `P.a.b` to a type checker or a directory listing,
# but not to CPython: `import P.a.b as m` raises ModuleNotFoundError(name='P.a.b'), where
# `from .a import b as m` would raise ImportError(name='P.a')
NOT_A_MODULE = {
    "stub": ({"P/a/b.pyi": ""}, {}),
    "dangling-link": ({}, {"P/a/b.py": "nowhere.py"}),
    "directory-named-b-py": ({"P/a/b.py/keep.txt": ""}, {}),
}
GUARDED = "try:\n    import P.a.b as m\nexcept ImportError as e:\n    m = (type(e).__name__, e.name)\n"


@pytest.mark.parametrize("shape", sorted(NOT_A_MODULE))
def test_module_cpython_cannot_find_is_not_rewritten(repo_tree: RepoTree, shape: str) -> None:
    files, links = NOT_A_MODULE[shape]
    root = repo_tree({"P/__init__.py": "", "P/a/__init__.py": "", "P/c.py": GUARDED, **files}, links=links)
    run = oracle.assert_fix_keeps_behaviour(root, modules=["P.c"])
    assert run.changed == {}
    # (a dangling `P/a/b.py` itself is reported as unreadable: IL000)
    assert [(v["line"], v["code"], v["fixable"], v["message"]) for v in run.report if v["path"] == "P/c.py"] == [
        (2, "IL001", False, "`P.a.b` is part of `P`; import it relatively (not fixed: `P.a.b` does not exist)")
    ]
    assert run.before["modules"]["P.c"]["names"]["m"]["repr"] == "('ModuleNotFoundError', 'P.a.b')"


def test_stub_alone_is_unresolved_from_a_py_file_not_from_a_pyi(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/b.pyi": "x: int\n",
            "P/m.py": "from .b import x\n",
            "P/m.pyi": "from .b import x\n",
            "P/both.py": "x = 1\n",
            "P/both.pyi": "x: int\n",
            "P/n.py": "from .both import x\n",
            "S/__init__.pyi": "",
            "S/api.pyi": "from .models import R\n",
            "S/models.pyi": "R = int\n",
        }
    )
    assert check(run_cli, root, "--no-cache", ".") == [
        ("P/m.py", 1, "IL006", False, "`.b` resolves to `P.b`, which does not exist")
    ]
    # the report matches CPython: the import fails at runtime
    assert oracle.behaviour(root, ["P.m"])["modules"]["P.m"]["exception"]["type"] == "builtins.ModuleNotFoundError"


# --------------------------------------------------------------------------- item 11: stub-only packages


def test_stub_only_package_is_its_import_name(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {
            "requests-stubs/__init__.pyi": "from .api import get as get\n",
            "requests-stubs/api.pyi": "from .models import Response\nfrom .nope import X\n",
            "requests-stubs/models.pyi": "from requests.api import get\n",
        }
    )
    assert check(run_cli, root, "--no-cache", ".") == [
        ("requests-stubs/api.pyi", 2, "IL006", False, "`.nope` resolves to `requests.nope`, which does not exist"),
        (
            "requests-stubs/models.pyi",
            1,
            "IL001",
            True,
            "`requests.api` is part of `requests`; import it relatively: `from .api import ...`",
        ),
    ]
    assert run_cli(["tree", "."], cwd=root).out.splitlines()[-1] == (
        "  requests: requests-stubs (stub-only package, PEP 561)"
    )


# --------------------------------------------------------------------------- item 9: the cache


def _cache_files(root: Path) -> dict[str, tuple[int, int]]:
    """Each cache file's inode and mtime: a run that stores anything replaces the file."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (root / ".importlint_cache").glob("*.sqlite3")}


def test_init_added_to_a_portion_changes_the_cached_verdict(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({"P/__init__.py": "", "P/b.py": "x = 1\n", "P/a/m.py": "from P.b import x\n"})
    first = check(run_cli, root, ".")
    assert [(p, line, code, fixable) for p, line, code, fixable, _ in first] == [("P/a/m.py", 1, "IL001", False)]
    (root / "P/a/__init__.py").write_text("")
    assert check(run_cli, root, "P/a/m.py") == [
        ("P/a/m.py", 1, "IL001", True, "`P.b` is part of `P`; import it relatively: `from ..b import ...`")
    ]


def test_symlink_added_later_changes_the_cached_verdict(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(SHARED)
    assert [f[3] for f in check(run_cli, root, ".")] == [True]
    os.symlink("../P/shared.py", root / "Q/shared.py")
    assert check(run_cli, root, "P/shared.py") == [("P/shared.py", 1, "IL001", False, SHARED_MESSAGE)]


def test_project_marker_added_later_changes_the_cached_verdict(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / ".git").mkdir()
    make_tree(tmp_path, {"ws/__init__.py": "", "ws/P/__init__.py": "", "ws/P/m.py": "from ws.P import x\n"})
    assert [f[3] for f in check(run_cli, tmp_path, ".")] == [True]
    (tmp_path / "ws/setup.cfg").write_text("")
    assert [f[3:] for f in check(run_cli, tmp_path, ".")] == [
        (
            False,
            "`ws.P` is part of `ws`; import it relatively: `from . import ...` (not fixed: `ws` holds setup.cfg, "
            "so it is probably not an importable package; set `src` in [tool.importlint] to the directory that "
            "holds your packages)",
        )
    ]


def test_stub_init_added_later_changes_the_cached_verdict(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({"requests-stubs/api.pyi": "from .models import Response\n", "requests-stubs/models.pyi": ""})
    assert [f[2] for f in check(run_cli, root, ".")] == ["IL005"]
    (root / "requests-stubs/__init__.pyi").write_text("")
    assert check(run_cli, root, ".") == []


def test_cached_messages_do_not_depend_on_the_working_directory(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/data.py": "",
            "P/data/x.py": "",
            "P/m.py": "from .data.x import y\n",
            "P/sub/m.py": "from P.data import y\n",
            "scripts/run.py": "from . import helpers\n",
        }
    )
    from_root = check(run_cli, root, ".")
    cached = _cache_files(root)
    from_scripts = check(run_cli, root / "scripts", "..")
    assert _cache_files(root) == cached  # every verdict came from the cache
    assert [f[1:] for f in from_scripts] == [f[1:] for f in from_root]
    assert [f[4] for f in from_root] == [
        "`.data.x` resolves to `P.data.x`, which does not exist (module `P/data.py` hides the directory `P/data`)",
        f"`P.data` is part of `P`; import it relatively: `from ..data import ...` {PORTION_REASON.format('P/sub')}",
        "relative import outside any package: `scripts` has no `__init__.py` "
        "(add one, or list the directory in namespace-packages)",
    ]
    assert [f[1:] for f in check(run_cli, root / "scripts", "--no-cache", "..")] == [f[1:] for f in from_root]
