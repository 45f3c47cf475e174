"""Fix safety of IL001 and IL004 (issue 8, items 1, 2, 4, 10 and the fix loop's refusal).

Each withheld fix has two tests: the tool reports without a fix and says why, and the
naive fix, written by hand, really changes what the program does (so the test means
something). Each applied fix is checked against the runtime oracle.
"""

from __future__ import annotations

import importlib.machinery
import json
import sys
from pathlib import Path
from typing import Any

import oracle
import pytest
from conftest import RepoTree, make_tree

from importlint.bindings import bound_names, shadow_reason
from importlint.rules import il001_absolute_self_import

NEEDS_310 = pytest.mark.skipif(sys.version_info < (3, 10), reason="`match` is Python 3.10+ syntax")

SHADOW_B = "(not fixed: `P/a/__init__.py` binds `b`, which would shadow the submodule)"
SCRIPT_NOTE = " (not fixed: the module runs as a script; use --unsafe-fixes)"


def findings(run_cli: Any, root: Path, *args: str) -> list[tuple[str, int, str, bool, str]]:
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args, "."], cwd=root)
    assert result.rc in (0, 1), result.err
    return [(o["path"], o["line"], o["code"], o["fixable"], o["message"]) for o in json.loads(result.out)]


def naive_changes_behaviour(root: Path, rel: str, old: str, new: str, scripts: tuple[str, ...] = ()) -> str:
    """Apply the fix the tool withholds by hand; the behaviour difference it causes."""
    before = oracle.behaviour(root, scripts=scripts)
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    after = oracle.behaviour(root, scripts=scripts)
    path.write_text(text)
    return oracle.diff_behaviour(before, after)


# -- bindings.py: what an __init__ binds -------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        pytest.param("b = 1\n", "binds `b`, which would shadow the submodule", id="assignment"),
        pytest.param("x = b = 1\n", "binds `b`, which would shadow the submodule", id="chained-assignment"),
        pytest.param("x, (y, *b) = 1, (2, 3)\n", "binds `b`, which would shadow the submodule", id="starred-target"),
        pytest.param("b += 1\n", "binds `b`, which would shadow the submodule", id="augmented"),
        pytest.param("b: int = 1\n", "binds `b`, which would shadow the submodule", id="annotated-with-value"),
        pytest.param("b: int\n", None, id="annotation-only"),
        pytest.param("if (b := 1):\n    pass\n", "binds `b`, which would shadow the submodule", id="walrus"),
        pytest.param(
            "[(b := i) for i in ()]\n", "binds `b`, which would shadow the submodule", id="walrus-in-comprehension"
        ),
        pytest.param("f = lambda: (b := 1)\n", None, id="walrus-in-lambda"),
        pytest.param("[b for b in ()]\n", None, id="comprehension-variable"),
        pytest.param("def b():\n    pass\n", "binds `b`, which would shadow the submodule", id="def"),
        pytest.param("async def b():\n    pass\n", "binds `b`, which would shadow the submodule", id="async-def"),
        pytest.param("class b:\n    pass\n", "binds `b`, which would shadow the submodule", id="class"),
        pytest.param("def f():\n    b = 1\n", None, id="function-body"),
        pytest.param("class C:\n    b = 1\n", None, id="class-body"),
        pytest.param(
            "def f(x=(b := 1)):\n    pass\n", "binds `b`, which would shadow the submodule", id="walrus-in-default"
        ),
        pytest.param("import b\n", "binds `b`, which would shadow the submodule", id="import"),
        pytest.param("import b.c\n", "binds `b`, which would shadow the submodule", id="import-dotted"),
        pytest.param("import os as b\n", "binds `b`, which would shadow the submodule", id="import-as"),
        pytest.param("from .c import b\n", "binds `b`, which would shadow the submodule", id="from-sibling"),
        pytest.param("from os import path as b\n", "binds `b`, which would shadow the submodule", id="from-as"),
        pytest.param("from .. import b\n", "binds `b`, which would shadow the submodule", id="from-parent"),
        pytest.param("from . import b\n", None, id="from-dot-itself"),
        pytest.param("from P.a import b\n", None, id="from-absolute-itself"),
        pytest.param("import P.a.b as b\n", None, id="import-as-itself"),
        pytest.param("from . import b as c\n", None, id="from-dot-other-alias"),
        pytest.param("from . import c as b\n", "binds `b`, which would shadow the submodule", id="alias-onto-b"),
        pytest.param("from .b import x\n", None, id="from-submodule"),
        pytest.param("for b in ():\n    pass\n", "binds `b`, which would shadow the submodule", id="for-target"),
        pytest.param(
            "with open(__file__) as (x, b):\n    pass\n",
            "binds `b`, which would shadow the submodule",
            id="with-target",
        ),
        pytest.param(
            "try:\n    pass\nexcept E as b:\n    pass\n",
            "binds `b`, which would shadow the submodule",
            id="except-target",
        ),
        pytest.param("if X:\n    b = 1\n", "binds `b`, which would shadow the submodule", id="in-if"),
        pytest.param(
            "try:\n    pass\nfinally:\n    b = 1\n", "binds `b`, which would shadow the submodule", id="in-finally"
        ),
        pytest.param("while X:\n    b = 1\n", "binds `b`, which would shadow the submodule", id="in-while"),
        pytest.param(
            "match x:\n    case [1, *b]:\n        pass\n",
            "binds `b`, which would shadow the submodule",
            id="match-capture",
            marks=NEEDS_310,
        ),
        pytest.param("del b\n", "deletes `b`, so the attribute may not be the submodule", id="del"),
        pytest.param(
            "def f():\n    global b\n    b = 1\n", "declares `global b` in a function, which may bind `b`", id="global"
        ),
        pytest.param("from .impl import *\n", "has `from P.a.impl import *`, which may bind `b`", id="star"),
        pytest.param("from ...x import *\n", "has `from ...x import *`, which may bind `b`", id="star-beyond-top"),
        pytest.param("import .b\n", None, id="il002-form-of-the-submodule"),
        pytest.param("import .c as b\n", "binds `b`, which would shadow the submodule", id="il002-form"),
        pytest.param(
            "def __getattr__(name):\n    return 1\n",
            "defines a module-level `__getattr__`, which may answer for `b`",
            id="module-getattr",
        ),
        pytest.param("globals()['b'] = 1\n", "calls `globals()`, which may bind `b` by name", id="globals"),
        pytest.param("vars()['b'] = 1\n", "calls `vars()`, which may bind `b` by name", id="vars"),
        pytest.param(
            "import sys\nsys.modules[__name__] = 1\n",
            "assigns to `sys.modules`, so its module object may differ",
            id="replace-module",
        ),
        pytest.param("b = (\n", "cannot be parsed, so what it binds is unknown", id="syntax-error"),
        pytest.param("c = 1\nfrom . import b\n__all__ = ['b']\n", None, id="other-names"),
    ],
)
def test_shadow_reason(source: str, reason: str | None) -> None:
    assert shadow_reason(source, "P.a", "b") == reason


def test_stub_annotation_declares_the_name() -> None:
    assert shadow_reason("b: int\n", "P.a", "b", is_stub=True) == "binds `b`, which would shadow the submodule"


def test_bound_names_of_a_module() -> None:
    source = "import os.path, x as y\nfrom . import sub\nA = B = 1\nfor i in ():\n    pass\ndef f():\n    z = 1\n"
    assert bound_names(source, "P") == ["A", "B", "f", "i", "os", "y"]


# -- item 1: an attribute of the parent package shadows the submodule ------------------------------


SHADOWED = {"P/a/__init__.py": "b = 1\n", "P/a/b.py": "X = 1\n", "P/x.py": "import P.a.b as m\n"}


def test_attribute_shadowing_submodule_is_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(SHADOWED, packages=True)
    message = f"`P.a.b` is part of `P`; import it relatively {SHADOW_B}"
    assert findings(run_cli, tmp_path) == [("P/x.py", 1, "IL001", False, message)]
    assert oracle.assert_fix_keeps_behaviour(tmp_path).changed == {}


def test_attribute_shadowing_naive_fix_changes_behaviour(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree(SHADOWED, packages=True)
    difference = naive_changes_behaviour(tmp_path, "P/x.py", "import P.a.b as m", "from .a import b as m")
    assert "-modules > P.x > names > m > " in difference  # the submodule before, the int 1 after


@pytest.mark.parametrize(
    ("init", "reason"),
    [
        pytest.param("def c():\n    pass\n", "binds `c`, which would shadow the submodule", id="def"),
        pytest.param(
            "def __getattr__(name):\n    return 42\n",
            "defines a module-level `__getattr__`, which may answer for `c`",
            id="getattr",
        ),
        pytest.param("from .impl import *\n", "has `from P.impl import *`, which may bind `c`", id="star"),
    ],
)
def test_top_package_shadowing(repo_tree: RepoTree, tmp_path: Path, run_cli: Any, init: str, reason: str) -> None:
    """`import P.c as m` -> `from . import c as m` needs the same proof on `P/__init__.py`."""
    repo_tree({"P/__init__.py": init, "P/impl.py": "c = 'attr'\n", "P/c.py": "X = 1\n",
                       "P/x.py": "import P.c as m\n"}, packages=True)  # fmt: skip
    message = f"`P.c` is part of `P`; import it relatively (not fixed: `P/__init__.py` {reason})"
    assert findings(run_cli, tmp_path) == [("P/x.py", 1, "IL001", False, message)]
    assert oracle.assert_fix_keeps_behaviour(tmp_path).changed == {}
    difference = naive_changes_behaviour(tmp_path, "P/x.py", "import P.c as m", "from . import c as m")
    assert "-modules > P.x > names > m > " in difference


def test_stub_shadowing_is_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({"P/a/__init__.pyi": "b: int\n", "P/a/b.py": "", "P/x.py": "import P.a.b as m\n"}, packages=True)
    message = (
        "`P.a.b` is part of `P`; import it relatively "
        "(not fixed: `P/a/__init__.pyi` binds `b`, which would shadow the submodule)"
    )
    assert findings(run_cli, tmp_path) == [("P/x.py", 1, "IL001", False, message)]


def test_init_binding_the_submodule_itself_is_fixed(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree({
        "P/a/__init__.py": "from . import b\nfrom .b import X\nc = 1\ndef f():\n    b = 2\n",
        "P/a/b.py": "X = 1\n",
        "P/x.py": "import P.a.b as m\nimport P.a as n\n",
    }, packages=True)  # fmt: skip
    run = oracle.assert_fix_keeps_behaviour(tmp_path)
    assert run.changed == {"P/x.py": "from .a import b as m\nfrom . import a as n\n"}


def test_cache_sees_a_new_shadowing_binding(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({"P/a/b.py": "", "P/x.py": "import P.a.b as m\n"}, packages=True)

    def cached() -> list[tuple[bool, str]]:
        result = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
        return [(o["fixable"], o["message"]) for o in json.loads(result.out)]

    assert cached() == [(True, "`P.a.b` is part of `P`; import it relatively")]
    (tmp_path / "P/a/__init__.py").write_text("b = 1\n")
    assert cached() == [(False, f"`P.a.b` is part of `P`; import it relatively {SHADOW_B}")]


# -- item 2: the target module is not in the tree ---------------------------------------------------


OPTIONAL = (
    "try:\n    import P._speedups as impl\nexcept ModuleNotFoundError as exc:\n    impl, MISSING = None, exc.name\n"
)


def test_missing_optional_module_is_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({"P/x.py": OPTIONAL}, packages=True)
    message = "`P._speedups` is part of `P`; import it relatively (not fixed: `P._speedups` does not exist)"
    assert findings(run_cli, tmp_path) == [("P/x.py", 2, "IL001", False, message)]
    assert oracle.assert_fix_keeps_behaviour(tmp_path).changed == {}


def test_missing_optional_module_naive_fix_changes_behaviour(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree({"P/x.py": OPTIONAL}, packages=True)
    difference = naive_changes_behaviour(tmp_path, "P/x.py", "import P._speedups as impl",
                                         "from . import _speedups as impl")  # fmt: skip
    # the plain ImportError escapes `except ModuleNotFoundError`
    assert '+modules > P.x > exception > type = "builtins.ImportError"' in difference


@pytest.mark.parametrize("suffix", importlib.machinery.all_suffixes())
def test_present_module_with_any_import_suffix_is_fixed(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, suffix: str
) -> None:
    repo_tree({"P/x.py": OPTIONAL}, packages=True)
    make_tree(tmp_path, {f"P/_speedups{suffix}": b""})
    assert findings(run_cli, tmp_path) == [
        ("P/x.py", 2, "IL001", True, "`P._speedups` is part of `P`; import it relatively")
    ]


def test_from_import_of_missing_module_is_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    """`from .missing import x` would be IL006 on the next run."""
    repo_tree({"P/x.py": "from P.missing import x\n"}, packages=True)
    message = (
        "`P.missing` is part of `P`; import it relatively: `from .missing import ...` "
        "(not fixed: `P.missing` does not exist)"
    )
    unresolved = ("P/x.py", 1, "IL010", False, "`P.missing` does not exist")  # also reported: see IL010's docs
    assert findings(run_cli, tmp_path) == [("P/x.py", 1, "IL001", False, message), unresolved]
    result = run_cli(["check", "--fix", "--no-cache", "."], cwd=tmp_path)
    assert result.rc == 1
    assert (tmp_path / "P/x.py").read_text() == "from P.missing import x\n"


# -- item 10: IL004 never fixes an import of a missing module -----------------------------------------


def test_il004_keeps_unresolved_import_reported(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree(
        {"P/sub/deep/m.py": "from ...nope import x\nfrom ...a import y\n", "P/a.py": "y = 1\n"},
        packages=True,
    )
    assert findings(run_cli, tmp_path, "--max-level", "2") == [
        ("P/sub/deep/m.py", 1, "IL004", False, "relative import with 3 dots exceeds max-level 2; "
         "use `from P.nope import ...` (not fixed: `P.nope` does not exist)"),
        ("P/sub/deep/m.py", 1, "IL006", False, "`...nope` resolves to `P.nope`, which does not exist"),
        ("P/sub/deep/m.py", 2, "IL004", True, "relative import with 3 dots exceeds max-level 2; "
         "use `from P.a import ...`"),
    ]  # fmt: skip
    run = oracle.assert_fix_keeps_behaviour(tmp_path, ["--max-level", "2"])
    assert run.changed == {"P/sub/deep/m.py": "from ...nope import x\nfrom P.a import y\n"}
    assert [c for _, _, c, _, _ in findings(run_cli, tmp_path, "--max-level", "2")] == ["IL004", "IL006"]


# -- the fix loop refuses a fix that another rule then reports ---------------------------------------


def test_fix_loop_refuses_fix_that_draws_a_new_report(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With IL001's existence check switched off, its fix of a missing module would be IL006."""
    monkeypatch.setattr(il001_absolute_self_import, "missing", lambda module, ctx: "")
    repo_tree({"P/x.py": "import os\nfrom P.missing import x\n"}, packages=True)
    result = run_cli(["check", "--fix", "--no-cache", "--output-format", "concise", "."], cwd=tmp_path)
    assert result.rc == 1
    assert (tmp_path / "P/x.py").read_text() == "import os\nfrom P.missing import x\n"
    assert (
        "P/x.py: internal error: a fix produced `from .missing import x`, which IL006 reports: "
        "`.missing` resolves to `P.missing`, which does not exist; the file was not changed."
    ) in result.err


# -- item 4: scripts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "guard",
    [
        pytest.param("if __name__ == '__main__':\n    print(x)\n", id="if"),
        pytest.param("if x and __name__ == '__main__':\n    print(x)\n", id="and"),
        pytest.param("if x is None:\n    pass\nelif __name__ == '__main__':\n    print(x)\n", id="elif"),
        pytest.param("try:\n    if __name__ == '__main__':\n        print(x)\nexcept KeyError:\n    pass\n", id="try"),
        pytest.param("match __name__:\n    case '__main__':\n        print(x)\n", id="match", marks=NEEDS_310),
        pytest.param("if __name__ in ('__main__',):\n    print(x)\n", id="in-tuple"),
        pytest.param("if '__main__' == __name__:\n    print(x)\n", id="reversed"),
        pytest.param("__name__ == '__main__' and print(x)\n", id="bare-expression"),
        pytest.param("for _ in [0]:\n    if __name__ == '__main__':\n        print(x)\n", id="in-for"),
    ],
)
def test_script_forms_are_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any, guard: str) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/cli.py": f"from P.a import x\n\n{guard}"}, packages=True)
    message = f"`P.a` is part of `P`; import it relatively: `from .a import ...`{SCRIPT_NOTE}"
    assert findings(run_cli, tmp_path) == [("P/cli.py", 1, "IL001", False, message)]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P/cli.py"])
    assert run.changed == {}
    assert run.before["scripts"]["P/cli.py"]["stdout"] == "1\n"


def test_script_naive_fix_breaks_the_script(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree(
        {"P/a.py": "x = 1\n", "P/cli.py": "from P.a import x\n\n__name__ == '__main__' and print(x)\n"},
        packages=True,
    )
    difference = naive_changes_behaviour(tmp_path, "P/cli.py", "from P.a", "from .a", scripts=("P/cli.py",))
    assert "attempted relative import with no known parent package" in difference


def test_file_name_that_is_no_module_name_is_a_script(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/gen-docs.py": "from P.a import x\nprint(x)\n"}, packages=True)
    message = (
        "`P.a` is part of `P`; import it relatively: `from .a import ...` "
        "(not fixed: `gen-docs` is not a module name, so the file only runs as a script)"
    )
    for args in ((), ("--unsafe-fixes",)):
        # the tree may also model the file as in no package at all: then IL001 has nothing to say
        assert findings(run_cli, tmp_path, *args) in ([("P/gen-docs.py", 1, "IL001", False, message)], [])
    run = oracle.assert_fix_keeps_behaviour(tmp_path, modules=["P.a"], scripts=["P/gen-docs.py"])
    assert run.changed == {}
    assert run.before["scripts"]["P/gen-docs.py"]["stdout"] == "1\n"


DEMO = "from . import box\n\nif __name__ == '__main__':\n    from P.a import x\n    print(x)\n"


def test_script_with_relative_import_first_is_fixed(repo_tree: RepoTree, tmp_path: Path) -> None:
    """rich's demo blocks: `python P/table.py` already fails at `from . import box`."""
    repo_tree({"P/a.py": "x = 1\n", "P/box.py": "", "P/table.py": DEMO}, packages=True)
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P/table.py"])
    assert run.changed == {"P/table.py": DEMO.replace("from P.a", "from .a")}
    assert run.codes() == [("P/table.py", 4, "IL001", True)]
    assert "ImportError: attempted relative import" in run.before["scripts"]["P/table.py"]["stderr"]


def test_script_statements_before_the_relative_import_stay(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    """Fixing them would move the script's ImportError to another line."""
    source = "from P.a import x\nfrom . import box\nfrom P.a import y\n\nif __name__ == '__main__':\n    print(x)\n"
    repo_tree({"P/a.py": "x = y = 1\n", "P/box.py": "", "P/cli.py": source}, packages=True)
    assert [(line, fixable) for _, line, _, fixable, _ in findings(run_cli, tmp_path)] == [(1, False), (3, True)]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P/cli.py"])
    assert run.changed == {"P/cli.py": source.replace("from P.a import y", "from .a import y")}


@pytest.mark.parametrize(
    "first",
    [
        pytest.param("try:\n    from . import box\nexcept ImportError:\n    box = None\n", id="in-try"),
        pytest.param("if __package__:\n    from . import box\n", id="in-if"),
        pytest.param("def f():\n    from . import box\n", id="in-function"),
    ],
)
def test_relative_import_that_may_not_run_keeps_script_protection(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, first: str
) -> None:
    source = f"{first}\nif __name__ == '__main__':\n    from P.a import x\n    print(x)\n"
    repo_tree({"P/a.py": "x = 1\n", "P/box.py": "", "P/cli.py": source}, packages=True)
    assert [fixable for _, _, _, fixable, _ in findings(run_cli, tmp_path)] == [False]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P/cli.py"])
    assert (run.changed, run.before["scripts"]["P/cli.py"]["stdout"]) == ({}, "1\n")


def test_main_module_with_relative_import_is_fixed(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree(
        {"P/a.py": "x = 1\n", "P/box.py": "", "P/__main__.py": "from . import box\nfrom P.a import x\n"},
        packages=True,
    )
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P/__main__.py"])
    assert run.changed == {"P/__main__.py": "from . import box\nfrom .a import x\n"}


def test_main_module_without_relative_import_keeps_protection(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any
) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/__main__.py": "from P.a import x\nprint(x)\n"}, packages=True)
    message = f"`P.a` is part of `P`; import it relatively: `from .a import ...`{SCRIPT_NOTE}"
    assert findings(run_cli, tmp_path) == [("P/__main__.py", 1, "IL001", False, message)]
    assert oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P"]).changed == {}


# -- issue 9's message: name the real `from` form ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "statement", "form"),
    [
        pytest.param("P/sub/x.py", "import P.a", "from .. import a", id="up-one"),
        pytest.param("P/x.py", "import P.a.b", "from .a import b", id="deeper"),
        pytest.param("P/a/x.py", "import P.a.b", "from . import b", id="same-package"),
    ],
)
def test_binds_package_message_names_the_from_form(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, path: str, statement: str, form: str
) -> None:
    repo_tree({"P/a/b.py": "", "P/sub/__init__.py": "", path: f"{statement}\n"}, packages=True)
    name = statement.split()[1]
    clause = f"(`{statement}` binds `P`: rewrite its uses, then `{form}`)"
    message = f"`{name}` is part of `P`; import it relatively {clause}"
    assert findings(run_cli, tmp_path) == [(path, 1, "IL001", False, message)]


def test_explain_documents_each_withheld_fix(run_cli: Any, tmp_path: Path) -> None:
    out = run_cli(["explain", "IL001"], cwd=tmp_path).out
    for reason in (
        "`import P.a` has no alias",
        "the module is not in the tree",
        "namespace portion",
        "binds a name `b` of its own",
        "the file runs as a script",
        "after a module-level relative import",
        "two module names",
        "A fix whose result another enabled rule would report is refused",
    ):
        assert reason in out, reason


def test_target_in_namespace_portion_is_fixed(tmp_path: Path) -> None:
    """No `__init__` binds anything in a namespace portion: `from .a import b` finds the submodule."""
    (tmp_path / ".git").mkdir()
    make_tree(tmp_path, {"P/__init__.py": "", "P/a/b.py": "X = 1\n", "P/x.py": "import P.a.b as m\n"})
    run = oracle.assert_fix_keeps_behaviour(tmp_path)
    assert run.changed == {"P/x.py": "from .a import b as m\n"}


def test_fix_loop_lets_il002_repairs_reveal_findings(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    """What a repaired statement draws was hidden by the syntax error, not made by the fix."""
    repo_tree({"P/a.py": "", "P/__init__.py": "from . import *\nlazy import .a, P.a\n"}, packages=True)
    result = run_cli(["check", "--fix", "--no-cache", "--output-format", "concise", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "Found 2 errors (1 fixed, 1 remaining).\n")
    assert (tmp_path / "P/__init__.py").read_text() == "from . import *\nlazy from . import a; lazy import P.a\n"
    assert result.out == (
        "P/__init__.py:2:23: IL001 `P.a` is part of `P`; import it relatively "
        "(`import P.a` binds `P`: rewrite its uses, then `from . import a`)\n"
    )


# -- adversarial item 1: namespaces changed dynamically, attributes set, every link of the chain ---


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        pytest.param("import sys\nsys.modules[__name__].b = 1\n", "changes its namespace dynamically (`sys.modules`)",
                     id="sys-modules-attribute"),
        pytest.param("locals()['b'] = 1\n", "changes its namespace dynamically (`locals`)", id="locals"),
        pytest.param("g = globals\ng()['b'] = 1\n", "changes its namespace dynamically (`globals`)", id="alias"),
        pytest.param("e = exec\ne('b = 1')\n", "changes its namespace dynamically (`exec`)", id="exec-alias"),
        pytest.param("x = eval('1')\n", "changes its namespace dynamically (`eval`)", id="eval"),
        pytest.param("import sys as s\nsetattr(s.modules[__name__], 'b', 1)\n",
                     "changes its namespace dynamically (`setattr`)", id="setattr-sys-alias"),
        pytest.param("from sys import modules\nmodules[__name__].b = 1\n",
                     "changes its namespace dynamically (`modules`)", id="modules-from-sys"),
        pytest.param("__import__('sys').modules[__name__].b = 1\n",
                     "changes its namespace dynamically (`__import__`)", id="dunder-import"),
        pytest.param("import importlib\nimportlib.import_module(__name__).b = 1\n",
                     "changes its namespace dynamically (`importlib.import_module`)", id="import-module"),
        pytest.param("m = getattr(sys, 'modules')\n", "changes its namespace dynamically (`'modules'`)",
                     id="name-as-string"),
        pytest.param("class M:\n    def __getattr__(self, name):\n        return 1\n",
                     "changes its namespace dynamically (`__getattr__`)", id="getattr-method"),
        pytest.param("from .. import a as _s\n_s.b = 1\n", "sets the attribute `_s.b`, which may shadow the submodule",
                     id="attribute-of-alias"),
        pytest.param("import P.a as s\ndel s.b\n", "sets the attribute `s.b`, which may shadow the submodule",
                     id="attribute-deleted"),
        pytest.param("class C:\n    def __init__(self, b):\n        self.b = b\n", None, id="attribute-of-parameter"),
        pytest.param("'''The modules, globals and vars of P.a.'''\nfrom .b import x\n__all__ = ['x']\n", None,
                     id="docstring-naming-dynamic-words"),
    ],
)  # fmt: skip
def test_shadow_reason_dynamic(source: str, reason: str | None) -> None:
    assert shadow_reason(source, "P.a", "b") == reason


DYNAMIC_INITS = [
    pytest.param("import sys\nsys.modules[__name__].b = 'shadow'\n",
                 "`P/a/__init__.py` changes its namespace dynamically (`sys.modules`)", id="sys-modules"),
    pytest.param("from .. import a as _s\n_s.b = 'shadow'\n",
                 "`P/a/__init__.py` sets the attribute `_s.b`, which may shadow the submodule", id="attribute"),
    pytest.param("import sys\nclass _M(type(sys)):\n    def __getattr__(self, name):\n        return 'shadow'\n"
                 "sys.modules[__name__].__class__ = _M\n",
                 "`P/a/__init__.py` changes its namespace dynamically (`__getattr__`)", id="lazy-module"),
]  # fmt: skip


@pytest.mark.parametrize(("init", "clause"), DYNAMIC_INITS)
def test_dynamic_init_is_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any, init: str, clause: str) -> None:
    repo_tree({"P/a/__init__.py": init, "P/a/b.py": "X = 1\n", "P/x.py": "import P.a.b as m\n"}, packages=True)
    message = f"`P.a.b` is part of `P`; import it relatively (not fixed: {clause})"
    assert findings(run_cli, tmp_path) == [("P/x.py", 1, "IL001", False, message)]
    assert oracle.assert_fix_keeps_behaviour(tmp_path, modules=["P.x"]).changed == {}
    difference = naive_changes_behaviour(tmp_path, "P/x.py", "import P.a.b as m", "from .a import b as m")
    assert "-modules > P.x > names > m > " in difference  # the submodule before, 'shadow' after


CHAIN_CASES = [
    # P/__init__.py sets the attribute `b` of the submodule P.a
    pytest.param({"P/__init__.py": "from . import a\na.b = 'shadow'\n"},
                 "`P/__init__.py` sets the attribute `a.b`, which may shadow the submodule", id="outer-attribute"),
    # P/__init__.py binds `a`: `import P.a.b as m` reads getattr(P, 'a') first, and fails
    pytest.param({"P/__init__.py": "from . import a as _a\na = 'shadow'\n"},
                 "`P/__init__.py` binds `a`, which would shadow the submodule", id="middle-link"),
]  # fmt: skip


@pytest.mark.parametrize(("files", "clause"), CHAIN_CASES)
def test_every_link_of_the_chain_is_checked(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any, files: dict[str, str], clause: str
) -> None:
    repo_tree({**files, "P/a/b.py": "X = 1\n", "P/x.py": "import P.a.b as m\n"}, packages=True)
    message = f"`P.a.b` is part of `P`; import it relatively (not fixed: {clause})"
    assert findings(run_cli, tmp_path) == [("P/x.py", 1, "IL001", False, message)]
    assert oracle.assert_fix_keeps_behaviour(tmp_path, modules=["P.x"]).changed == {}
    difference = naive_changes_behaviour(tmp_path, "P/x.py", "import P.a.b as m", "from .a import b as m")
    assert "modules > P.x > " in difference


def test_clean_inits_along_the_chain_are_fixed(repo_tree: RepoTree, tmp_path: Path) -> None:
    """Docstrings, `__all__`, re-exports and `from . import b` prove nothing shadows the submodule."""
    repo_tree({
        "P/__init__.py": '"""P: its modules and globals."""\nfrom .a import b\nfrom .a.b import X\n__all__ = ["X"]\n',
        "P/a/__init__.py": '"""The a package."""\nfrom . import b\nfrom .b import X\n__all__ = ["X", "b"]\n',
        "P/a/b.py": "X = 1\n",
        "P/x.py": "import P.a.b as m\n",
    }, packages=True)  # fmt: skip
    run = oracle.assert_fix_keeps_behaviour(tmp_path)
    assert run.changed == {"P/x.py": "from .a import b as m\n"}


# -- adversarial item 4: script forms a precise reading misses ------------------------------------


@pytest.mark.parametrize(
    "guard",
    [
        pytest.param("if __name__ == f'__main__':\n    print(x)\n", id="f-string"),
        pytest.param("MAIN = '__main__'\nif __name__ == MAIN:\n    print(x)\n", id="constant"),
        pytest.param("if __name__ in {'__main__': 1}:\n    print(x)\n", id="dict-membership"),
        pytest.param("if (n := __name__) == '__main__':\n    print(x)\n", id="walrus"),
        pytest.param(
            "match __name__, 0:\n    case ('__main__', _):\n        print(x)\n", id="match-tuple", marks=NEEDS_310
        ),
        pytest.param("if __spec__ is None:\n    print(x)\n", id="spec-is-none"),
    ],
)
def test_conservative_script_forms_are_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any, guard: str) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/cli.py": f"from P.a import x\n\n{guard}"}, packages=True)
    message = f"`P.a` is part of `P`; import it relatively: `from .a import ...`{SCRIPT_NOTE}"
    assert findings(run_cli, tmp_path) == [("P/cli.py", 1, "IL001", False, message)]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["P/cli.py"])
    assert (run.changed, run.before["scripts"]["P/cli.py"]["stdout"]) == ({}, "1\n")
    difference = naive_changes_behaviour(tmp_path, "P/cli.py", "from P.a", "from .a", scripts=("P/cli.py",))
    assert "attempted relative import with no known parent package" in difference


def test_name_read_without_main_is_still_fixed(repo_tree: RepoTree, tmp_path: Path) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/m.py": "from P.a import x\nNAME = __name__\n"}, packages=True)
    run = oracle.assert_fix_keeps_behaviour(tmp_path)
    assert run.changed == {"P/m.py": "from .a import x\nNAME = __name__\n"}


def test_keyword_file_name_is_a_script(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({"P/a.py": "x = 1\n", "P/class.py": "from P.a import x\nprint(x)\n"}, packages=True)
    message = (
        "`P.a` is part of `P`; import it relatively: `from .a import ...` "
        "(not fixed: `class` is not a module name, so the file only runs as a script)"
    )
    for args in ((), ("--unsafe-fixes",)):
        assert findings(run_cli, tmp_path, *args) == [("P/class.py", 1, "IL001", False, message)]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, modules=["P.a"], scripts=["P/class.py"])
    assert (run.changed, run.before["scripts"]["P/class.py"]["stdout"]) == ({}, "1\n")
    difference = naive_changes_behaviour(tmp_path, "P/class.py", "from P.a", "from .a", scripts=("P/class.py",))
    assert "attempted relative import with no known parent package" in difference


@pytest.mark.parametrize(
    "guard",
    [
        pytest.param("__name__ == '__main__' and print(x)\n", id="bare-expression"),
        pytest.param("if __name__ == f'__main__':\n    print(x)\n", id="f-string"),
        pytest.param(
            "try:\n    if __name__ == '__main__':\n        print(x)\nexcept KeyError:\n    pass\n", id="in-try"
        ),
    ],
)
def test_newer_syntax_script_is_not_fixed(repo_tree: RepoTree, tmp_path: Path, run_cli: Any, guard: str) -> None:
    """3.12 syntax: on an older Python the file is linted through LibCST (fallback.py)."""
    repo_tree({"P/a.py": "x = 1\n", "P/cli.py": f"from P.a import x\ntype Alias = int\n\n{guard}"}, packages=True)
    message = f"`P.a` is part of `P`; import it relatively: `from .a import ...`{SCRIPT_NOTE}"
    assert findings(run_cli, tmp_path) == [("P/cli.py", 1, "IL001", False, message)]
    assert findings(run_cli, tmp_path, "--unsafe-fixes")[0][3] is True


# -- adversarial item 5: IL004 in a script ------------------------------------------------------------

OPTIONAL_SIBLING = (
    "try:\n    from . import a\nexcept ImportError:\n    a = None\n\nif __name__ == '__main__':\n    print(a)\n"
)
IL004_SCRIPT_NOTE = (
    " (not fixed: the module runs as a script, where the absolute import behaves differently; use --unsafe-fixes)"
)


def test_il004_does_not_fix_a_script(repo_tree: RepoTree, tmp_path: Path, run_cli: Any) -> None:
    repo_tree({"P/a.py": "", "P/cli.py": OPTIONAL_SIBLING}, packages=True)
    message = f"relative import with 1 dots exceeds max-level 0; use `from P import ...`{IL004_SCRIPT_NOTE}"
    assert findings(run_cli, tmp_path, "--max-level", "0") == [("P/cli.py", 2, "IL004", False, message)]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, ["--max-level", "0"], scripts=["P/cli.py"])
    assert (run.changed, run.before["scripts"]["P/cli.py"]["stdout"]) == ({}, "None\n")
    difference = naive_changes_behaviour(tmp_path, "P/cli.py", "from . import a", "from P import a",
                                         scripts=("P/cli.py",))  # fmt: skip
    assert "scripts > P/cli.py > stdout" in difference  # the module P.a is printed instead of None
    assert findings(run_cli, tmp_path, "--max-level", "0", "--unsafe-fixes")[0][3:] == (
        True, "relative import with 1 dots exceeds max-level 0; use `from P import ...`"
    )  # fmt: skip


def test_il004_fixes_script_imports_after_the_first_relative_one(
    repo_tree: RepoTree, tmp_path: Path, run_cli: Any
) -> None:
    """`python P/cli.py` stops at line 1 either way: what follows never runs there."""
    source = "from . import a\nfrom . import b\n\nif __name__ == '__main__':\n    print(a)\n"
    repo_tree({"P/a.py": "", "P/b.py": "", "P/cli.py": source}, packages=True)
    assert [(line, fixable) for _, line, _, fixable, _ in findings(run_cli, tmp_path, "--max-level", "0")] == [
        (1, False), (2, True)
    ]  # fmt: skip
    run = oracle.assert_fix_keeps_behaviour(tmp_path, ["--max-level", "0"], scripts=["P/cli.py"])
    assert run.changed == {"P/cli.py": source.replace("from . import b", "from P import b")}
