"""The runtime oracle (tests/oracle.py) and the issue-8 cases it proves.

First the oracle's own tests: it must see a changed binding, exception `.name`, line number,
output and object identity, and nothing when nothing changed, so that a passing case cannot be
vacuous. Then one case per issue-8 item 1-8: each builds the tree from the issue, asserts what
`importlint check` reports (code per line, fixable or not) and that `--fix` keeps what every
module import and every script does.
"""

from __future__ import annotations

import importlib.machinery
import sys
from pathlib import Path
from typing import Any

import oracle
import pytest
from conftest import RepoTree


def findings(run: oracle.CheckRun) -> list[tuple[str, int, str, bool]]:
    return sorted(run.codes())


def message(run: oracle.CheckRun, path: str, line: int) -> str:
    return " ".join(v["message"] for v in run.report if v["path"] == path and v["line"] == line)


# -- the oracle itself --------------------------------------------------------------------------

BASE = {
    "P/__init__.py": "",
    "P/a/__init__.py": "b = 1\n",
    "P/a/b.py": "X = 2\n",
    "P/x.py": "import P.a.b as m\nprint('hello')\nraise ImportError('boom', name='P.a')\n",
}


def changed_facts(root: Path, rel: str, new: str, **kwargs: Any) -> str:
    before = oracle.behaviour(root, **kwargs)
    (root / rel).write_text(new)
    after = oracle.behaviour(root, **kwargs)
    return oracle.diff_behaviour(before, after)


def test_same_tree_same_behaviour(repo_tree: RepoTree) -> None:
    """Two runs agree byte for byte (hash seed, addresses, sets), so any difference is real."""
    root = repo_tree({**BASE, "P/s.py": "S = {'a', 'b', 'c', 'd'}\nclass K: pass\nk = K()\nd = {1: K}\n"})
    first = oracle.behaviour(root, scripts=["P/x.py"], type_checking=True)
    assert oracle.diff_behaviour(first, oracle.behaviour(root, scripts=["P/x.py"], type_checking=True)) == ""
    assert sorted(first["modules"]) == ["P", "P.a", "P.a.b", "P.s", "P.x"]
    assert first["modules"]["P.s"]["names"]["k"]["repr"] == "<P.s.K object at 0x?>"


def test_detects_a_changed_binding(repo_tree: RepoTree) -> None:
    root = repo_tree(BASE)
    diff = changed_facts(root, "P/x.py", BASE["P/x.py"].replace("import P.a.b as m", "from .a import b as m"))
    assert '-modules > P.x > names > m > kind = "module"' in diff
    assert '+modules > P.x > names > m > repr = "1"' in diff


def test_detects_a_changed_exception_name(repo_tree: RepoTree) -> None:
    root = repo_tree(BASE)
    diff = changed_facts(root, "P/x.py", BASE["P/x.py"].replace("name='P.a'", "name='P.b'"))
    assert '-modules > P.x > exception > name = "P.a"' in diff
    assert '+modules > P.x > exception > name = "P.b"' in diff


def test_detects_a_changed_line_number(repo_tree: RepoTree) -> None:
    """A traceback line and a warning line; the source *text* of a frame may change freely."""
    root = repo_tree({**BASE, "P/w.py": "import warnings\nwarnings.warn('w')\n"})
    same = changed_facts(root, "P/x.py", BASE["P/x.py"].replace("import P.a.b as m", "import P.a.b as m  # c"))
    assert same == ""
    diff = changed_facts(root, "P/x.py", "\n" + BASE["P/x.py"])
    assert '-modules > P.x > exception > traceback = [["P/x.py", 3, "<module>"]]' in diff
    diff = changed_facts(root, "P/w.py", "import warnings\n\nwarnings.warn('w')\n")
    assert '-modules > P.w > warnings = [["builtins.UserWarning", "w", "P/w.py", 2]]' in diff


def test_the_text_of_a_traceback_line_is_not_behaviour(repo_tree: RepoTree) -> None:
    """A fix rewrites the import line a traceback shows; its number, the frames and the error stay."""
    root = repo_tree({"P/__init__.py": "", "P/boom.py": "raise KeyError('k')\n", "run.py": "import P.boom as m\n"})
    assert changed_facts(root, "run.py", "from P import boom as m  # other text\n", scripts=["run.py"]) == ""
    diff = changed_facts(root, "run.py", "import os\nfrom P import boom as m\n", scripts=["run.py"])
    assert "-scripts > run.py > stderr[1] = '  File \"<root>/run.py\", line 1, in <module>'" in diff


def test_detects_changed_output(repo_tree: RepoTree) -> None:
    root = repo_tree({**BASE, "tool.py": "import P.a.b\nprint(P.a.b.X)\n"})
    diff = changed_facts(root, "P/a/b.py", "X = 3\n", scripts=["tool.py"])
    assert "-scripts > tool.py > stdout[0] = '2'" in diff
    assert "+scripts > tool.py > stdout[0] = '3'" in diff
    diff = changed_facts(root, "P/x.py", BASE["P/x.py"].replace("hello", "bye"))
    assert "-modules > P.x > stdout[0] = 'hello'" in diff


def test_detects_a_second_copy_of_a_module(repo_tree: RepoTree) -> None:
    """`m` the module in sys.modules vs an equal-looking second copy of the same file."""
    copy = (
        "import importlib.util\n"
        "spec = importlib.util.spec_from_file_location('P.a.b', 'P/a/b.py')\n"
        "m = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(m)\n"
    )
    root = repo_tree({**BASE, "P/y.py": "import P.a.b as m\n"})
    diff = changed_facts(root, "P/y.py", copy, modules=["P.y"])
    assert "-modules > P.y > names > m > in_sys_modules = true" in diff
    assert "+modules > P.y > names > m > in_sys_modules = false" in diff


def test_detects_a_changed_identity_link(repo_tree: RepoTree) -> None:
    """Same qualname and module, different object: the `same_as` links tell them apart."""
    root = repo_tree({"P/__init__.py": "", "P/k.py": "def f(): pass\n", "P/y.py": "from P.k import f\n"})
    diff = changed_facts(root, "P/y.py", "def f(): pass\nf.__module__ = 'P.k'\n", modules=["P.y"])
    assert '-modules > P.y > names > f > same_as = ["P.k.f", "P.y.f"]' in diff


def test_discovers_every_importable_module(repo_tree: RepoTree) -> None:
    root = repo_tree(
        {
            "__init__.py": "",
            "top.py": "",
            "P/__init__.py": "",
            "P/sansio/app.py": "",
            "P/gen-docs.py": "",
            "P/a.pyi": "",
            "ns/q.py": "",
            "not-a-pkg/m.py": "",
        },
        links={"P/compat": "sansio", "P/alias.py": "../top.py"},
    )
    assert oracle.discover_modules(root) == [
        "P",
        "P.alias",
        "P.compat",
        "P.compat.app",
        "P.sansio",
        "P.sansio.app",
        "__init__",
        "ns",
        "ns.q",
        "top",
    ]


def test_a_cycle_of_directory_links_ends(repo_tree: RepoTree) -> None:
    root = repo_tree({"P/__init__.py": "", "P/m.py": ""}, links={"P/loop": "."})
    try:
        # CPython would import P.loop.loop...m without end; the walk stops where it started over
        assert oracle.discover_modules(root) == ["P", "P.m"]
    finally:
        # pytest's clean-up of old temporary directories globs through directory links (3.11)
        (root / "P/loop").unlink()


def test_hangs_and_crashes_are_behaviour(repo_tree: RepoTree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oracle, "TIMEOUT", 2.0)
    root = repo_tree({"hang.py": "while True: pass\n", "die.py": "import os\nos._exit(3)\n"})
    seen = oracle.behaviour(root)["modules"]
    assert seen["hang"]["exit_code"] == "timeout" and seen["hang"]["no_report"]
    assert seen["die"]["exit_code"] == 3 and seen["die"]["no_report"]


@pytest.mark.slow
def test_two_hundred_modules_are_each_described(repo_tree: RepoTree) -> None:
    """Every module of a 200-module tree, each importing a sibling, gets its own fresh
    interpreter's description (how long that takes is bench/'s to measure, not asserted)."""
    files = {f"P/s{i}/m{j}.py": f"from P.s{i} import m{(j + 1) % 20}\n" for i in range(10) for j in range(19)}
    root = repo_tree(files)
    for i in range(10):
        (root / f"P/s{i}/__init__.py").write_text("")
    (root / "P/__init__.py").write_text("")
    seen = oracle.behaviour(root)
    expected = {"P", *(f"P.s{i}" for i in range(10)), *(f"P.s{i}.m{j}" for i in range(10) for j in range(19))}
    assert set(seen["modules"]) == expected


# -- issue 8, item 1: an attribute of the parent package shadows the submodule --------------------

SHADOWS = {
    "assignment": "b = 1\n",
    "def": "def b(): pass\n",
    "class": "class b: pass\n",
    "import": "import os as b\n",
    "from-import": "from os import path as b\n",
    "star": "from ext import *\n",
    "getattr": "def __getattr__(name):\n    import warnings\n    warnings.warn('lazy ' + name)\n    return 42\n",
    "late-assignment": "def g(): pass\nb = 1\n",
    "conditional": "if True:\n    b = 1\n",
}


@pytest.mark.parametrize("binding", sorted(SHADOWS))
def test_shadowing_init_binding_is_not_fixed(repo_tree: RepoTree, binding: str) -> None:
    root = repo_tree(
        {
            "ext.py": "b = 3\n",
            "P/__init__.py": SHADOWS[binding].replace("b", "c") if binding != "star" else "from ext import *\nc = 0\n",
            "P/c.py": "",
            "P/a/__init__.py": SHADOWS[binding],
            "P/a/b.py": "",
            "P/x.py": "import P.a.b as m\nimport P.c as n\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/x.py", 1, "IL001", False), ("P/x.py", 2, "IL001", False)]
    assert "(not fixed: `P/a/__init__.py` " in message(run, "P/x.py", 1)
    assert "(not fixed: `P/__init__.py` " in message(run, "P/x.py", 2)
    assert run.changed == {} and run.exit_code == 1


def test_shadowing_stub_binding_is_not_fixed(repo_tree: RepoTree) -> None:
    """The `.pyi` declares `b`: a type checker (and the tool) cannot prove the `.py` binds none."""
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/a/__init__.py": "",
            "P/a/__init__.pyi": "b: int\n",
            "P/a/b.py": "",
            "P/x.py": "import P.a.b as m\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/x.py", 1, "IL001", False)]
    assert "(not fixed: `P/a/__init__.pyi` binds `b`" in message(run, "P/x.py", 1)


def test_shadowing_under_type_checking_is_not_fixed(repo_tree: RepoTree) -> None:
    """The import only runs for a type checker; the oracle imports with TYPE_CHECKING = True too."""
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/a/__init__.py": "b = 1\n",
            "P/a/b.py": "",
            "P/x.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import P.a.b as m\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root, type_checking=True)
    assert findings(run) == [("P/x.py", 3, "IL001", False)]
    assert run.before["modules_type_checking"]["P.x"]["names"]["m"]["kind"] == "module"
    assert "m" not in run.before["modules"]["P.x"]["names"]


def test_unshadowed_submodule_is_fixed(repo_tree: RepoTree) -> None:
    """The control: `P.a` binds other names only, so the fix is proven and applied."""
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/a/__init__.py": "c = 1\ndef f(b): return b\n",
            "P/a/b.py": "",
            "P/x.py": "import P.a.b as m\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/x.py", 1, "IL001", True)]
    assert run.changed == {"P/x.py": "from .a import b as m\n"} and run.exit_code == 0


# -- item 2: a missing optional module -------------------------------------------------------------

OPTIONAL = (
    "try:\n"
    "    import P._speedups as impl\n"
    "except ModuleNotFoundError as e:\n"
    "    assert e.name == 'P._speedups', e.name\n"
    "    impl = None\n"
)


def test_missing_optional_module_is_not_fixed(repo_tree: RepoTree) -> None:
    root = repo_tree({"P/__init__.py": "", "P/x.py": OPTIONAL})
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/x.py", 2, "IL001", False)]
    assert "(not fixed: `P._speedups` does not exist)" in message(run, "P/x.py", 2)
    assert run.changed == {} and run.exit_code == 1


def test_extension_module_counts_as_present(repo_tree: RepoTree) -> None:
    """`P/_speedups.<ext suffix>` exists (here a file that fails to load: both forms raise the
    same ImportError from the loader, not ModuleNotFoundError), so the rewrite is safe and applied."""
    ext = "P/_speedups" + importlib.machinery.EXTENSION_SUFFIXES[0]
    root = repo_tree({"P/__init__.py": "", ext: "not an ELF file", "P/x.py": "import P._speedups as impl\n"})
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/x.py", 1, "IL001", True)]
    assert run.changed == {"P/x.py": "from . import _speedups as impl\n"} and run.exit_code == 0
    raised = run.before["modules"]["P.x"]["exception"]
    assert (raised["type"], raised["name"], raised["path"]) == ("builtins.ImportError", "_speedups", ext)


# -- item 3: one file, two module names --------------------------------------------------------------


@pytest.mark.parametrize(
    "other", ["Q", "A"], ids=["alias-Q-after-P", "alias-A-before-P"]
)  # the alias sorts after and before the real package
@pytest.mark.parametrize("real_in_p", [True, False], ids=["link-in-Q", "link-in-P"])  # the link in Q or in P
def test_file_linked_into_another_package_is_not_fixed(repo_tree: RepoTree, other: str, real_in_p: bool) -> None:
    """`Q/shared.py -> ../P/shared.py` (or the other way round): a relative fix for `P.shared`
    breaks `import Q.shared`."""
    real, link = ("P/shared.py", f"{other}/shared.py") if real_in_p else (f"{other}/shared.py", "P/shared.py")
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/util.py": "x = 1\n",
            real: "from P.util import x\n",
            f"{other}/__init__.py": "",
            f"{other}/util.py": "",
        },
        links={link: "../" + real},
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert ("P/shared.py", 1, "IL001", False) in findings(run)
    assert not [f for f in findings(run) if f[3]]
    assert "through a symlink" in message(run, "P/shared.py", 1)
    assert run.changed == {} and run.exit_code == 1


@pytest.mark.parametrize("link", ["P/a/compat", "P/a/aa"])
def test_directory_link_at_another_depth_is_not_fixed(repo_tree: RepoTree, link: str) -> None:
    """`P/a/compat -> ../sub`: `P/sub/m.py` is also `P.a.compat.m`, where `..util` is `P.a.util`."""
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/util.py": "x = 1\n",
            "P/a/__init__.py": "",
            "P/sub/__init__.py": "",
            "P/sub/m.py": "from P.util import x\n",
        },
        links={link: "../sub"},
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert ("P/sub/m.py", 1, "IL001", False) in findings(run)
    assert not [f for f in findings(run) if f[3]]
    assert "through a symlink" in message(run, "P/sub/m.py", 1)
    assert run.changed == {} and run.exit_code == 1


# -- item 4: scripts ----------------------------------------------------------------------------------

GUARDS = {
    "and": "if __name__ == '__main__' and True:\n    print(u.X)\n",
    "elif": "if False:\n    pass\nelif __name__ == '__main__':\n    print(u.X)\n",
    "try": "try:\n    if __name__ == '__main__':\n        print(u.X)\nexcept Exception:\n    pass\n",
    "in-tuple": "if __name__ in ('__main__',):\n    print(u.X)\n",
    "reversed": "if '__main__' == __name__:\n    print(u.X)\n",
    "expression": "__name__ == '__main__' and print(u.X)\n",
    "match": "match __name__:\n    case '__main__':\n        print(u.X)\n",
}


NEEDS_310 = pytest.mark.skipif(sys.version_info < (3, 10), reason="`match` is Python 3.10+ syntax")


@pytest.mark.parametrize("form", [pytest.param(f, marks=NEEDS_310) if f == "match" else f for f in sorted(GUARDS)])
def test_script_forms_are_not_fixed(repo_tree: RepoTree, form: str) -> None:
    root = repo_tree(
        {"P/__init__.py": "", "P/util.py": "X = 'util'\n", "P/tool.py": "import P.util as u\n" + GUARDS[form]}
    )
    run = oracle.assert_fix_keeps_behaviour(root, scripts=["P/tool.py"])
    assert run.before["scripts"]["P/tool.py"]["stdout"] == "util\n"  # the script works: worth keeping
    assert findings(run) == [("P/tool.py", 1, "IL001", False)]
    assert "(not fixed: the module runs as a script" in message(run, "P/tool.py", 1)
    assert run.changed == {} and run.exit_code == 1


@pytest.mark.parametrize("args", [[], ["--unsafe-fixes"]], ids=["safe", "unsafe-fixes"])
def test_file_with_invalid_module_name_is_a_script(repo_tree: RepoTree, args: list[str]) -> None:
    """`gen-docs.py` can only run as a script (no import can name it): IL001 is reported without
    a fix, and `--unsafe-fixes` does not fix it either (found by the property test)."""
    root = repo_tree(
        {"P/__init__.py": "", "P/util.py": "X = 'util'\n", "P/gen-docs.py": "import P.util as u\nprint(u.X)\n"}
    )
    run = oracle.assert_fix_keeps_behaviour(root, args, scripts=["P/gen-docs.py"])
    assert run.before["scripts"]["P/gen-docs.py"]["stdout"] == "util\n"
    assert findings(run) == [("P/gen-docs.py", 1, "IL001", False)]
    assert "(not fixed: `gen-docs` is not a module name" in message(run, "P/gen-docs.py", 1)
    assert run.changed == {} and run.exit_code == 1


def test_script_like_module_with_relative_import_is_fixed(repo_tree: RepoTree) -> None:
    """It cannot run as `python P/demo.py` today (`from . import box`), so fixing breaks nothing."""
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/box.py": "",
            "P/util.py": "X = 'util'\n",
            "P/demo.py": "from . import box\nimport P.util as u\nif __name__ == '__main__':\n    print(u.X)\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root, scripts=["P/demo.py"])
    assert run.before["scripts"]["P/demo.py"]["exit_code"] == 1
    assert findings(run) == [("P/demo.py", 2, "IL001", True)]
    assert run.changed["P/demo.py"].splitlines()[1] == "from . import util as u"
    assert run.exit_code == 0


# -- item 5: a stray `__init__.py` at the repository root ----------------------------------------------


@pytest.mark.parametrize(
    "marker", ["pyproject.toml", "setup.cfg", None], ids=["pyproject.toml", "setup.cfg", "no-marker"]
)
def test_stray_root_init_is_not_an_import_name(repo_tree: RepoTree, tmp_path: Path, marker: str | None) -> None:
    files = {
        "__init__.py": "",
        "P/__init__.py": "",
        "P/util.py": "x = 1\n",
        "P/sub/__init__.py": "",
        "P/sub/m.py": "from ..util import x\n",
    }
    if marker:
        files[marker] = "[project]\nname = 'myrepo'\n" if marker == "pyproject.toml" else "[metadata]\nname = myrepo\n"
    root = repo_tree(files, root=tmp_path / "myrepo")
    run = oracle.assert_fix_keeps_behaviour(root, args=["--max-level", "1"])
    assert findings(run) == [("P/sub/m.py", 1, "IL004", False)]
    assert "set `src` in [tool.importlint]" in message(run, "P/sub/m.py", 1)
    assert run.changed == {} and run.exit_code == 1


# -- item 6: line numbers stay -------------------------------------------------------------------------

CONTINUED = {
    "import-clause": "import P.a as m, \\\n    os\n",
    "from-module": "from P\\\n    .a import x\n",
    "from-gap": "from P.a \\\n    import x\n",
}


@pytest.mark.parametrize("form", sorted(CONTINUED))
@pytest.mark.parametrize(
    "then", ["raise ValueError('here')\n", "import warnings\nwarnings.warn('here')\n"], ids=["raise", "warn"]
)
def test_continuation_lines_keep_line_numbers(repo_tree: RepoTree, form: str, then: str) -> None:
    root = repo_tree({"P/__init__.py": "", "P/a.py": "x = 1\n", "P/x.py": CONTINUED[form] + then})
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/x.py", 1, "IL001", True)]
    assert run.exit_code == 0
    fixed = run.changed["P/x.py"]
    assert fixed.count("\n") == (CONTINUED[form] + then).count("\n")
    assert fixed.endswith(then)


# -- item 7: `lazy` and a line continuation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "fixed"),
    [
        pytest.param("lazy \\\nfrom P.a import x\n", "IL001", "lazy \\\nfrom .a import x\n", id="il001-fixed"),
        pytest.param("lazy \\\nfrom ... import x\n", "IL003", None, id="il003-not-fixable"),
    ],
)
def test_lazy_with_continuation_is_checked(repo_tree: RepoTree, source: str, code: str, fixed: str | None) -> None:
    """Before 3.15 the file is a SyntaxError either way (the oracle still sees its line); from
    3.15 on the oracle proves the fix."""
    root = repo_tree({"P/__init__.py": "", "P/a.py": "x = 1\n", "P/m.py": source + "y = 2\n"})
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/m.py", 1, code, fixed is not None)]
    assert run.changed == ({} if fixed is None else {"P/m.py": fixed + "y = 2\n"})
    if sys.version_info < (3, 15):
        assert run.before["modules"]["P.m"]["exception"]["type"] == "builtins.SyntaxError"


# -- item 8: a directory without __init__.py inside a regular package -----------------------------------


def test_namespace_portion_inside_a_package(repo_tree: RepoTree) -> None:
    """Flask's `sansio/`: `P/sansio/app.py` is `P.sansio.app`; relative imports in and into it resolve."""
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/util.py": "x = 1\n",
            "P/sansio/scaffold.py": "y = 2\n",
            "P/sansio/app.py": "from ..util import x\nfrom .scaffold import y\nfrom P.util import x as z\n",
            "P/c.py": "from P.sansio.app import y\nfrom .sansio import app\n",
        }
    )
    run = oracle.assert_fix_keeps_behaviour(root)
    assert findings(run) == [("P/c.py", 1, "IL001", True), ("P/sansio/app.py", 3, "IL001", False)]
    assert "(not fixed: `P/sansio` has no `__init__.py`" in message(run, "P/sansio/app.py", 3)
    assert run.exit_code == 1
    assert run.changed == {"P/c.py": "from .sansio.app import y\nfrom .sansio import app\n"}
    # and the next run finds nothing new (no fix produces what another rule reports)
    assert [(v["path"], v["line"], v["code"]) for v in oracle.report(root)] == [("P/sansio/app.py", 3, "IL001")]
