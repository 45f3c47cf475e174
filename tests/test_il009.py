"""IL009 non-canonical-self-import: reports, withheld fixes, and what the fix does at runtime.

The fix changes behaviour on purpose: `from src.P.a import x` in `P.m` loads `src/P/a.py` a
second time as `src.P.a`. So the oracle cannot assert "before == after". It asserts instead,
with both sys.path entries a real setup has (the source root and the directory above it):

- after the fix, the program is the one before it with `src.P` read as `P`: every module-level
  name is bound to the same function, class or value of the same file, now from the canonical
  module; the duplicates (`src.P`, `src.P.a`) are gone from sys.modules; and the only other
  difference is that their module-level code no longer runs twice (stdout shows it);
- imported under the alternate name (`src.P.m`, with only the directory above on sys.path),
  the relative form resolves to `src.P.a` exactly as before: nothing changes at all.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import oracle
import pytest
from conftest import RepoTree, make_tree

from importlint import tree as tree_module

UNSAFE = (
    " (not fixed: the module would then load once, so its module-level code stops running twice "
    "and the names become the canonical module's objects; use --unsafe-fixes)"
)


def findings(run_cli: Any, root: Path, *args: str) -> list[tuple[str, int, str, bool, str]]:
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args, "."], cwd=root)
    assert result.rc in (0, 1), result.err
    return [(o["path"], o["line"], o["code"], o["fixable"], o["message"]) for o in json.loads(result.out)]


def message(name: str, canonical: str, where: str, form: str) -> str:
    return (
        f"`{name}` is this package's `{canonical}` under another name (through `{where}/`), "
        f"so Python loads it a second time; import it as `{form}`"
    )


SRC = {"src": ["src"]}  # the `src` setting most trees here have: `src/` is a root of the packages


# -- the runtime oracle, with two sys.path entries ------------------------------------------------


def two_roots(root: Path, above: Path, module: str) -> dict[str, Any]:
    """oracle.import_module with `root` first on sys.path and `above` next (PYTHONPATH)."""
    with tempfile.TemporaryDirectory(prefix="oracle-") as tmp:
        out = Path(tmp) / "result.txt"
        env = oracle._env()
        env["PYTHONPATH"] = str(above)
        argv = [sys.executable, *oracle.PYTHON_FLAGS, "-c", oracle.CHILD, str(root), module, str(out), "0"]
        code, stdout, stderr = oracle._run(argv, root, env)
        result: dict[str, Any] = {"exit_code": code, "stdout": stdout, "stderr": stderr}
        result.update(eval(out.read_text(encoding="utf-8")))  # the child's own repr() of plain data
    return result


def canonical(value: Any, alternate: str, name: str) -> Any:
    """`value` with every module name inside `alternate` named inside `name` instead; dict
    keys that become equal are merged (the duplicate module and the canonical one)."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(alternate)}(?=\b)")

    def rename(text: str) -> str:
        return pattern.sub(name, text)

    if isinstance(value, str):
        return rename(value)
    if isinstance(value, list):
        items = [canonical(v, alternate, name) for v in value]
        return sorted(set(items)) if all(isinstance(v, str) for v in items) else items
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            key, item = rename(key), canonical(item, alternate, name)
            if isinstance(out.get(key), dict) and isinstance(item, dict):
                item = {**out[key], **item}
            out[key] = item
        return out
    return value


LIBRARY = {
    "src/P/__init__.py": 'print("P runs")\n',
    "src/P/a.py": (
        'print("a runs")\n'
        "registry = []\n"
        "class Error(Exception):\n    pass\n"
        "def make():\n    return Error()\n"
        "VALUE = 42\n"
    ),
    "src/P/b.py": "from .a import make\n",
    "src/P/m.py": (
        "from src.P.a import Error, VALUE\n"
        "import src.P.a as amod\n"
        "from src.P import a\n"
        "from . import b\n"
        "same_class = isinstance(b.make(), Error)\n"
        "amod.registry.append('m')\n"
    ),
}


@pytest.mark.parametrize("configured", [True, False], ids=["src-configured", "src-found"])
def test_fix_binds_the_canonical_modules_and_loads_each_file_once(repo_tree: RepoTree, configured: bool) -> None:
    root = repo_tree(LIBRARY, config=SRC if configured else None)
    src = root / "src"
    before = two_roots(src, root, "P.m")
    # CPython loads the file twice: once as P.a (through b), once as src.P.a
    assert {"P.a", "src.P.a", "src.P"} <= set(before["loaded"])
    assert before["stdout"] == "P runs\nP runs\na runs\na runs\n"
    assert before["names"]["same_class"]["repr"] == "False"
    alternate_before = oracle.import_module(root, "src.P.m")  # the file imported as src.P.m

    code, _, err = oracle.importlint(root, "check", "--fix", "--unsafe-fixes", "--no-cache", ".")
    assert (code, "Traceback" in err) == (0, False), err
    assert (src / "P" / "m.py").read_text() == LIBRARY["src/P/m.py"].replace(
        "from src.P.a import", "from .a import"
    ).replace("import src.P.a as amod", "from . import a as amod").replace("from src.P import a", "from . import a")

    after = two_roots(src, root, "P.m")
    assert not any(name.startswith("src") for name in after["loaded"])
    assert after["stdout"] == "P runs\na runs\n"  # each module's code runs once
    assert after["names"]["same_class"]["repr"] == "True"  # one class Error, not two
    # every name is bound to the same object of the same file, now from the canonical module
    # (`same_class` aside: it is the one value the duplicate changed)
    names_before, names_after = before.pop("names"), after.pop("names")
    assert names_before.pop("same_class") != names_after.pop("same_class")
    assert canonical(names_before, "src.P", "P") == names_after
    # everything else is what it was, once src.P is read as P, but for the second run of its code
    before.pop("stdout"), after.pop("stdout")
    assert canonical(before, "src.P", "P") == after
    # under the alternate name, the relative form is what the absolute one was: no change
    assert oracle.diff_behaviour(alternate_before, oracle.import_module(root, "src.P.m")) == ""


# -- when the fix is withheld ----------------------------------------------------------------------


def test_two_copies_of_the_path_make_the_name_uncertain(repo_tree: RepoTree, run_cli: Any) -> None:
    files = {
        "backend/app/__init__.py": "",
        "backend/app/a.py": "x = 1\n",
        "backend/app/m.py": "from backend.app.a import x\n",
        "legacy/backend/app/__init__.py": "",
        "legacy/backend/app/a.py": "x = 2\n",
    }
    root = repo_tree(files)
    # which file `backend.app.a` is depends on sys.path order
    assert two_roots(root / "backend", root, "app.m")["names"]["x"]["repr"] == "1"
    assert two_roots(root / "backend", root / "legacy", "app.m")["names"]["x"]["repr"] == "2"
    clause = " (not fixed: `legacy/backend/app` exists too, so sys.path order decides which one `backend.app` is)"
    expected = message("backend.app.a", "app.a", "backend", "from .a import ...") + clause
    assert findings(run_cli, root, "--unsafe-fixes") == [("backend/app/m.py", 1, "IL009", False, expected)]


def test_search_bound_withholds_the_fix(repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo_tree({"src/P/__init__.py": "", "src/P/a.py": "", "src/P/m.py": "from src.P.a import x\n"}, config=SRC)
    monkeypatch.setattr(tree_module, "ALIAS_SEARCH_DIRS", 1)
    clause = " (not fixed: too many directories below the alternate root to be sure no other `src/P` exists)"
    expected = message("src.P.a", "P.a", "src", "from .a import ...") + clause
    assert findings(run_cli, root, "--unsafe-fixes") == [("src/P/m.py", 1, "IL009", False, expected)]


@pytest.mark.parametrize(
    ("statement", "clause"),
    [
        pytest.param("import src.P.a\n", " (not fixed: `import src.P.a` binds the name `src`)", id="binds-src"),
        pytest.param("from src.P.gone import x\n", " (not fixed: `P.gone` does not exist)", id="missing"),
    ],
)
def test_withheld(statement: str, clause: str, repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({"src/P/__init__.py": "", "src/P/a.py": "", "src/P/m.py": statement}, config=SRC)
    name = statement.split()[1]
    canonical_name = name[len("src.") :]
    form = canonical_name if statement.startswith("import") else "from .gone import ..."
    expected = message(name, canonical_name, "src", form) + clause
    assert findings(run_cli, root, "--unsafe-fixes") == [("src/P/m.py", 1, "IL009", False, expected)]


def test_shadowing_init_withholds_the_relative_import_fix(repo_tree: RepoTree, run_cli: Any) -> None:
    """`from . import a as m` would bind P's own `a`, not the submodule (IL001's proof)."""
    files = {"src/P/__init__.py": "a = 1\n", "src/P/a.py": "", "src/P/m.py": "import src.P.a as m\n"}
    root = repo_tree(files, config=SRC)
    [finding] = findings(run_cli, root, "--unsafe-fixes")
    assert finding[2:4] == ("IL009", False)
    assert finding[4].endswith("(not fixed: `P/__init__.py` binds `a`, which would shadow the submodule)")


def test_module_file_hiding_the_directory_is_someone_else(repo_tree: RepoTree, run_cli: Any) -> None:
    """With `src.py` beside `src/`, `import src` finds the module: not this package's code."""
    files = {"src.py": "", "src/P/__init__.py": "", "src/P/a.py": "", "src/P/m.py": "from src.P.a import x\n"}
    root = repo_tree(files, config=SRC)
    failure = two_roots(root / "src", root, "P.m")["exception"]
    assert (failure["type"], failure["name"]) == ("builtins.ModuleNotFoundError", "src.P")  # 'src' is not a package
    assert findings(run_cli, root, "--select", "IL009") == []


@pytest.mark.parametrize(
    "path",
    ["tools/run.py", "src/Q/m.py"],
)
def test_other_packages_and_files_outside_are_not_reported(path: str, repo_tree: RepoTree, run_cli: Any) -> None:
    files = {"src/P/__init__.py": "", "src/P/a.py": "", "src/Q/__init__.py": ""}
    root = repo_tree({**files, path: "from src.P.a import x\nfrom other.src.P.a import y\n"}, config=SRC)
    assert findings(run_cli, root, "--select", "IL009") == []


# -- fix forms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "source", "args", "fixed"),
    [
        pytest.param("src/P/sub/m.py", "from src.P import x\n", (), "from .. import x\n", id="package"),
        pytest.param("src/P/m.py", "import src.P as p\n", (), "import P as p\n", id="import-top"),
        pytest.param(
            "src/P/sub/m.py", "from src.P.a import x\n", ("--max-level", "1"), "from P.a import x\n", id="max-level"
        ),
        pytest.param(
            "src/P/sub/m.py", "import src.P.a as m\n", ("--max-level", "1"), "import P.a as m\n", id="import-max-level"
        ),
        pytest.param(
            "src/P/m.py",
            "import os, src.P.a as m, src.P as p  # keep\n",
            (),
            "import os; from . import a as m; import P as p  # keep\n",
            id="mixed-two-rounds",
        ),
        pytest.param(
            "src/P/m.py",
            "from src.P.a import (  # why\n    x,\n)\n",
            (),
            "from .a import (  # why\n    x,\n)\n",
            id="comments-kept",
        ),
    ],
)
def test_fix_forms(
    path: str, source: str, args: tuple[str, ...], fixed: str, repo_tree: RepoTree, run_cli: Any
) -> None:
    files = {"src/P/__init__.py": "x = 1\n", "src/P/a.py": "x = 1\n", "src/P/sub/__init__.py": ""}
    root = repo_tree({**files, path: source}, config=SRC)
    result = run_cli(["check", "--no-cache", "--fix", "--unsafe-fixes", *args, "."], cwd=root)
    assert "internal error" not in result.err, result.err
    assert (root / path).read_text() == fixed
    assert findings(run_cli, root, *args) == []


# -- selection and the cache ----------------------------------------------------------------------------


def test_selection_and_noqa(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({"src/P/__init__.py": "", "src/P/a.py": "", "src/P/m.py": "from src.P.a import x\n"}, config=SRC)
    assert [f[2] for f in findings(run_cli, root, "--select", "IL009")] == ["IL009"]
    assert findings(run_cli, root, "--ignore", "IL009") == []
    make_tree(root, {"src/P/m.py": "from src.P.a import x  # noqa: IL009\n"})
    assert findings(run_cli, root) == []


def test_warm_run_sees_a_new_copy(repo_tree: RepoTree, run_cli: Any) -> None:
    """The search for other copies is a recorded tree fact: a cached verdict is re-checked."""
    files = {"backend/app/__init__.py": "", "backend/app/a.py": "", "backend/app/m.py": "from backend.app.a import x\n"}
    root = repo_tree(files)
    argv = ["check", "--unsafe-fixes", "--output-format", "json", "."]
    assert [o["fixable"] for o in json.loads(run_cli(argv, cwd=root).out)] == [True]
    make_tree(root, {"legacy/backend/app/__init__.py": ""})
    assert [o["fixable"] for o in json.loads(run_cli(argv, cwd=root).out)] == [False]
    os.remove(root / "legacy/backend/app/__init__.py")
    os.rmdir(root / "legacy/backend/app")
    assert [o["fixable"] for o in json.loads(run_cli(argv, cwd=root).out)] == [True]


def test_explain_and_listing(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", "IL009"], cwd=tmp_path)
    assert result.out.startswith("# non-canonical-self-import (IL009)\n")
    assert (
        "In `src/P/m.py`, with `--unsafe-fixes`:\n```diff\n-from src.P.a import x\n+from .a import x\n```" in result.out
    )
    listing = run_cli(["rules"], cwd=tmp_path).out
    assert "IL009 (*) non-canonical-self-import" in listing


def test_sarif_describes_the_rule_and_points_results_at_it(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {"src/P/__init__.py": "", "src/P/m.py": "from src.P.a import x\nfrom P.gone import y\n"}, config=SRC
    )
    result = run_cli(["check", "--no-cache", "--output-format", "sarif", "."], cwd=root)
    run = json.loads(result.out)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {rule["id"]: index for index, rule in enumerate(rules)}
    assert rules[by_id["IL009"]]["name"] == "non-canonical-self-import"
    assert rules[by_id["IL010"]]["name"] == "unresolved-self-import"
    found = sorted((r["ruleId"], r["ruleIndex"]) for r in run["results"] if r["ruleId"] in ("IL009", "IL010"))
    assert found == [("IL009", by_id["IL009"]), ("IL010", by_id["IL010"])]


@pytest.mark.parametrize(
    ("statement", "form"),
    [
        pytest.param("from src import P\n", "import P", id="plain"),
        pytest.param("from src import P as q\n", "import P as q", id="alias"),
    ],
)
def test_package_itself_under_another_name(statement: str, form: str, repo_tree: RepoTree, run_cli: Any) -> None:
    """`from src import P` binds a second copy of the package: reported, fixed by hand."""
    root = repo_tree({"src/P/__init__.py": "", "src/P/m.py": statement}, config=SRC)
    assert two_roots(root / "src", root, "P.m")["loaded"].keys() >= {"P", "src.P"}
    clause = f" (not fixed: a `from` import cannot name it; write `{form}`)"
    expected = message("src.P", "P", "src", form) + clause
    assert findings(run_cli, root, "--unsafe-fixes") == [("src/P/m.py", 1, "IL009", False, expected)]


@pytest.mark.parametrize(
    ("name", "top", "root", "prefix"),
    [
        ("src.P.a", "P", "/r/src", "src"),
        ("x.src.P.a", "P", "/r/x/src", "x.src"),
        ("src.P", "P", "/r/src", "src"),
        ("P.a", "P", "/r/src", None),  # the canonical name
        ("other.P.a", "P", "/r/src", None),  # not the directory above the root
        ("app.app.models", "app", "/x/app", None),  # `app` is the regular package: it wins
        ("src.P.a", "P", "/src", "src"),
        ("P_extra.P.a", "P", "/r/src", None),
    ],
)
def test_alias_prefix(name: str, top: str, root: str, prefix: str | None) -> None:
    assert tree_module.alias_prefix(name, top, root.replace("/", os.sep)) == prefix
