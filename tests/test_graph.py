"""The whole-tree rules (IL007, IL008) through `check`, and the `graph` command: exact output.

The random-tree comparison with CPython is tests/test_il008_generator.py; here each case is
small and named, and the ones about CPython's order are checked against a real import too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint.graph import cycles
from importlint.graph.records import Bind, FileRecords, Handler, Import, records

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "graph" / "shop"


def _concise(run_cli: Any, root: Path, *args: str) -> tuple[int, list[str]]:
    result = run_cli(["check", "--no-cache", "--output-format", "concise", "-q", *args], cwd=root)
    return result.rc, result.out.splitlines()


def _cpython_error(root: Path, module: str) -> str:
    """The last line of what `python -c "import module"` prints, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-S", "-B", "-c", f"import {module}"], cwd=root, capture_output=True, text=True, timeout=60
    )
    return done.stderr.strip().splitlines()[-1] if done.returncode else ""


# -- records ------------------------------------------------------------------------------


def test_records_keep_what_runs_at_module_level_in_order() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .t import T\n"
        "def f():\n"
        "    from .inner import x\n"
        "try:\n"
        "    from .a import y\n"
        "except (ValueError, ImportError):\n"
        "    y = None\n"
        "class C:\n"
        "    from .k import z\n"
        "lazy from .l import w\n"
    )
    got = records("P/m.py", source.encode())
    assert got.parsed
    kinds = [(type(n).__name__, getattr(n, "line", None)) for n in got.body]
    assert kinds == [("Import", 1), ("Bind", 4), ("Try", None), ("Import", 11), ("Bind", 10)]
    assert got.body[0] == Import(True, 0, "typing", (("TYPE_CHECKING", None),), 1, 1, 1, 33, False, False)
    handler = got.body[2].handlers[0]  # type: ignore[union-attr]
    assert handler == Handler(("name", "missing", "import"), (Bind("y", 9),))
    assert got.body[3].in_class is True  # type: ignore[union-attr]  # a class body's import binds into the class
    assert FileRecords.from_json(json.loads(json.dumps(got.to_json()))) == got
    assert FileRecords.from_json(json.loads(got.to_text())).to_text() == got.to_text()


def test_records_of_an_unparseable_file_say_so() -> None:
    assert records("P/m.py", b"def (:\n") == FileRecords(parsed=False)
    assert records("P/m.py", b"\xff\xfe\x00bad") == FileRecords(parsed=False)


# -- IL008 through check -------------------------------------------------------------------

ISSUE_CASE = {
    "P/__init__.py": "",
    "P/a.py": "import os\n\nfrom .b import helper\n" + "\n" * 8 + "x = 1\n",
    "P/b.py": "from .a import x\n\n\ndef helper():\n    return x\n",
}


def test_il008_message_names_entry_chain_and_binding_line(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(ISSUE_CASE)
    rc, lines = _concise(run_cli, root, "P")
    assert rc == 1
    assert lines == [
        "P/a.py:3:1: IL008 `P.a` imports `helper` from `P.b` while `P.b` is still initialising "
        "(import P.b -> P.a -> P.b); `helper` is bound at P/b.py:4, after the import at line 1",
        "P/b.py:1:1: IL008 `P.b` imports `x` from `P.a` while `P.a` is still initialising "
        "(import P.a -> P.b -> P.a); `x` is bound at P/a.py:12, after the import at line 3",
    ]
    assert "cannot import name 'x' from partially initialized module 'P.a'" in _cpython_error(root, "P.a")
    assert "cannot import name 'helper' from partially initialized module 'P.b'" in _cpython_error(root, "P.b")


def test_il008_only_named_files_are_reported_but_the_tree_is_read(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(ISSUE_CASE)
    rc, lines = _concise(run_cli, root, "P/b.py")
    assert (rc, [line.split(" IL008 ")[0] for line in lines]) == (1, ["P/b.py:1:1:"])


def test_il008_never_bound_message(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {
            "P/__init__.py": "from .a import f\n",
            "P/a.py": "from .b import g\nf = 1\n",
            "P/b.py": "from .a import NOPE\ng = 1\n",
        },
    )
    rc, lines = _concise(run_cli, root, "P")
    assert lines == [
        "P/b.py:1:1: IL008 `P.b` imports `NOPE` from `P.a` while `P.a` is still initialising "
        "(import P -> P.a -> P.b -> P.a); `P.a` never binds `NOPE` at module level",
    ]
    assert "cannot import name 'NOPE' from partially initialized module 'P.a'" in _cpython_error(root, "P")


def test_from_import_order_submodules_first_then_names(repo_tree: RepoTree, run_cli: Any) -> None:
    """`from . import a, b`: CPython imports both submodules before it reads `a`; a failure
    inside `b` happens there, not at the `from` statement."""
    root = repo_tree(
        {
            "P/__init__.py": "from . import a, b\n",
            "P/a.py": "X = 1\n",
            "P/b.py": "from . import a\nfrom . import c\n",
            "P/c.py": "from .b import NOPE\n",
        },
    )
    rc, lines = _concise(run_cli, root, "P")
    assert [line.split(" IL008 ")[0] for line in lines] == ["P/c.py:1:1:"]
    assert "cannot import name 'NOPE' from partially initialized module 'P.b'" in _cpython_error(root, "P")


def test_try_except_import_error_is_not_reported_and_noqa_suppresses(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(
        {
            "P/__init__.py": "",
            "P/a.py": "try:\n    from .b import f\nexcept ImportError:\n    f = None\nx = 1\n",
            "P/b.py": "try:\n    from .a import x\nexcept ImportError:\n    x = None\nf = 1\n",
        },
    )
    assert _concise(run_cli, root, "P") == (0, [])
    assert (_cpython_error(root, "P.a"), _cpython_error(root, "P.b")) == ("", "")
    (root / "P/b.py").write_text("from .a import x  # noqa: IL008\nf = 1\n")
    result = run_cli(["check", "--no-cache", "--output-format", "concise", "P"], cwd=root)
    assert (result.rc, result.out) == (0, "")
    assert "1 suppressed by `# noqa`" in result.err


# -- IL007 ------------------------------------------------------------------------------------

CYCLE = {
    "P/__init__.py": "",
    "P/a.py": "import os\nfrom . import b\n",
    "P/b.py": "from . import c\n",
    "P/c.py": "from . import a\nrun = 1\n",
    "P/d.py": "from . import c\n",
    "P/m/__init__.py": "from ._text import x\n",
    "P/m/_text.py": "x = 1\n",
}
IL007_LINE = "P/a.py:2:1: IL007 `P.a` is in an import cycle: P.a -> P.b -> P.c -> P.a"


def test_il007_is_opt_in(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(CYCLE)
    assert _concise(run_cli, root, "--select", "IL", "P") == (0, [])
    assert _concise(run_cli, root, "--select", "IL,IL007", "P") == (1, [IL007_LINE])
    (root / "pyproject.toml").write_text('[tool.importlint]\nselect = ["IL", "IL007"]\n')
    assert _concise(run_cli, root, "P") == (1, [IL007_LINE])
    assert _concise(run_cli, root, "--ignore", "IL007", "P") == (0, [])


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_il007_same_answer_for_any_jobs_and_file_order(repo_tree: RepoTree, run_cli: Any, jobs: str) -> None:
    files = dict(CYCLE)
    files.update({f"P/pad{i}.py": "" for i in range(30)})  # enough files for the process pool
    root = repo_tree(files)
    assert _concise(run_cli, root, "--select", "IL007", "-j", jobs, "P/d.py", "P/c.py", "P/a.py") == (1, [IL007_LINE])
    assert _concise(run_cli, root, "--select", "IL007", "-j", jobs, "P/c.py") == (0, [])  # not its file


def test_il007_components_tarjan() -> None:
    edges = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "c"), ("e", "e")]
    assert cycles.components(["e", "d", "c", "b", "a"], edges) == [["a", "b"], ["c", "d"]]
    adjacency = {"a": ["b", "x"], "b": ["c"], "c": ["a"], "x": ["a"]}
    assert cycles.shortest_cycle("a", adjacency, {"a", "b", "c", "x"}) == ["a", "x", "a"]


# -- graph command ----------------------------------------------------------------------------


@pytest.fixture
def shop(tmp_path: Path, repo_tree: RepoTree) -> Path:
    return repo_tree(root=Path(shutil.copytree(FIXTURE, tmp_path / "shop")))


def test_fixture_shop_fails_where_il008_says(shop: Path, run_cli: Any) -> None:
    rc, lines = _concise(run_cli, shop, "--select", "IL,IL007", ".")
    assert lines == [
        "shop/models.py:1:1: IL007 `shop.models` is in an import cycle: shop.models -> shop.pricing -> shop.models",
        "shop/pricing.py:1:1: IL008 `shop.pricing` imports `VERSION` from `shop` while `shop` is still initialising "
        "(import shop -> shop.models -> shop.pricing -> shop); `VERSION` is bound at shop/__init__.py:2, "
        "after the import at line 1",
    ]
    assert _cpython_error(shop, "shop") == (
        "ImportError: cannot import name 'VERSION' from partially initialized module 'shop' "
        f"(most likely due to a circular import) ({shop / 'shop' / '__init__.py'})"
    )


def test_graph_text(shop: Path, run_cli: Any) -> None:
    result = run_cli(["graph"], cwd=shop)
    assert (result.rc, result.err) == (0, "")
    assert result.out == (
        "shop (shop/__init__.py)\n"
        "  -> shop.models  line 1\n"
        "shop.api (shop/api/__init__.py)\n"
        "shop.api.views (shop/api/views.py)\n"
        "  -> shop.models  line 3\n"
        "shop.models (shop/models.py)\n"
        "  -> shop.pricing  line 1\n"
        "shop.pricing (shop/pricing.py)\n"
        "  -> shop.models  line 2\n"
        "\n"
        "1 cycle:\n"
        "  shop.models -> shop.pricing -> shop.models  (2 modules: shop.models, shop.pricing)\n"
    )


def test_graph_dot(shop: Path, run_cli: Any) -> None:
    result = run_cli(["graph", "--format", "dot", "shop/api/views.py"], cwd=shop)
    assert result.out == (
        "digraph imports {\n"
        "  node [shape=box];\n"
        '  "shop";\n'
        '  "shop.api";\n'
        '  "shop.api.views";\n'
        '  "shop.models";\n'
        '  "shop.pricing";\n'
        '  "shop" -> "shop.models";\n'
        '  "shop.api.views" -> "shop.models";\n'
        '  "shop.models" -> "shop.pricing" [color=red];\n'
        '  "shop.pricing" -> "shop.models" [color=red];\n'
        "}\n"
    )


def test_graph_why(shop: Path, run_cli: Any) -> None:
    result = run_cli(["graph", "--why", "shop.pricing"], cwd=shop)
    assert result.out == (
        "`import shop` runs `shop.pricing`: shop (shop/__init__.py:1) -> shop.models (shop/models.py:1) "
        "-> shop.pricing\n"
    )
    result = run_cli(["graph", "--why", "shop.api.views"], cwd=shop)
    assert result.out == (
        "`import shop` does not run `shop.api.views`: it runs only when imported itself "
        "(`import shop.api.views` runs its parent packages first)\n"
    )
    result = run_cli(["graph", "--why", "shop.nope"], cwd=shop)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "importlint: error: graph: --why: no module `shop.nope` in the packages read\n"


def test_graph_without_packages(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({"script.py": "import os\n"})
    result = run_cli(["graph"], cwd=root)
    assert (result.rc, result.out) == (0, "")
    assert result.err == "importlint: warning: No Python packages found under the given path(s)\n"


# -- docs ---------------------------------------------------------------------------------------


def test_explain_il008_lists_the_remedies(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(["explain", "IL008"], cwd=tmp_path)
    assert result.rc == 0
    assert result.out.startswith("# partially-initialized-import (IL008)\n")
    for remedy in ("move the import into the function", "import the module", "lazy from", "TYPE_CHECKING"):
        assert remedy in result.out


def test_sarif_describes_the_tree_rules(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(ISSUE_CASE)
    result = run_cli(["check", "--no-cache", "--output-format", "sarif", "P/b.py"], cwd=root)
    run = json.loads(result.out)["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {"IL007", "IL008"} <= set(ids)
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        ("IL008", 1)
    ]


def test_a_deep_chain_is_simulated_on_a_large_stack(repo_tree: RepoTree, run_cli: Any) -> None:
    """A cycle through 160 modules: every module fails for the entry right after it (and the
    simulation, as deep as the chain, runs on its own thread with room for it)."""
    n = 160
    files = {"P/__init__.py": ""}
    files.update({f"P/m{i:03d}.py": f"from .m{(i + 1) % n:03d} import x\nx = 1\n" for i in range(n)})
    root = repo_tree(files)
    rc, lines = _concise(run_cli, root, "--select", "IL008", "P")
    assert rc == 1
    assert [line.split(" IL008 ")[0] for line in lines] == [f"P/m{i:03d}.py:1:1:" for i in range(n)]
    assert lines[-1].startswith("P/m159.py:1:1: IL008 `P.m159` imports `x` from `P.m000` while `P.m000` is still")
    assert lines[-1].endswith("-> P.m158 -> P.m159 -> P.m000); `x` is bound at P/m000.py:2, after the import at line 1")
