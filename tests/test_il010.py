"""IL010 unresolved-self-import: every report (and every silence) matches what CPython does.

Each case builds a package tree, runs importlint on `P/m.py`, and imports `P.m` in a fresh
interpreter: IL010 is reported exactly when the import raises ModuleNotFoundError, and its
message names the module that error's `.name` names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

# the child prints what importing P.m raised: MNFE <name>, IE <name> (another ImportError) or OK
PROBE = r"""
import importlib, sys
sys.path.insert(0, sys.argv[1])
try:
    importlib.import_module("P.m")
except ModuleNotFoundError as e:
    print("MNFE", e.name)
except ImportError as e:
    print("IE", e.name)
else:
    print("OK")
"""


def cpython(root: Path) -> str:
    """What a fresh interpreter's `import P.m` does, with `root` first on sys.path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-S", "-c", PROBE, str(root)], capture_output=True, text=True, timeout=60, env=env, cwd=root
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def findings(run_cli: Any, root: Path, *args: str) -> list[tuple[str, int, str, bool, str]]:
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args, "."], cwd=root)
    assert result.rc in (0, 1), result.err
    return [(o["path"], o["line"], o["code"], o["fixable"], o["message"]) for o in json.loads(result.out)]


INIT = {"P/__init__.py": ""}  # every tree here is package P, whose P/m.py holds the statement


MISSING = [
    pytest.param("from P.missing import x\n", {}, "P.missing", "`P.missing` does not exist", id="from-missing"),
    pytest.param("import P.nope as n\n", {}, "P.nope", "`P.nope` does not exist", id="import-as"),
    pytest.param(
        "import P.a.nope\n", {"P/a/__init__.py": ""}, "P.a.nope", "`P.a.nope` does not exist", id="import-deep"
    ),
    pytest.param(
        "import os, P.nope.deep\n",
        {},
        "P.nope",
        "`P.nope.deep` cannot be imported: `P.nope` does not exist",
        id="first-missing-parent",
    ),
    pytest.param(
        "from P.a.b import x\n", {"P/a.py": "x = 1\n"}, "P.a.b", "`P.a.b` does not exist", id="parent-is-a-module"
    ),
    pytest.param(
        "from P.a.b import x\n",
        {"P/a.py": "x = 1\n", "P/a/b.py": "x = 1\n"},
        "P.a.b",
        "`P.a.b` does not exist (module `P/a.py` hides the directory `P/a`)",
        id="module-hides-portion",
    ),
    pytest.param("from P.a import x\n", {"P/a.pyi": "x: int\n"}, "P.a", "`P.a` does not exist", id="stub-only"),
    pytest.param(
        "from P.a import x\n", {"P/a.py/keep.txt": ""}, "P.a", "`P.a` does not exist", id="directory-named-a.py"
    ),
    pytest.param(
        "from P.sub.a import x\n",
        {"P/sub/other.py": ""},
        "P.sub.a",
        "`P.sub.a` does not exist",
        id="in-namespace-portion",
    ),
    pytest.param(
        "try:\n    pass\nfinally:\n    from P.gone import x\n", {}, "P.gone", "`P.gone` does not exist", id="nested"
    ),
]


@pytest.mark.parametrize(("statement", "files", "name", "message"), MISSING)
def test_reported_exactly_when_cpython_raises_module_not_found(
    statement: str, files: dict[str, str], name: str, message: str, tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    repo_tree({**INIT, "P/m.py": statement, **files})
    assert cpython(tmp_path) == f"MNFE {name}"
    line = statement.count("\n", 0, statement.index(" P.")) + 1
    assert [f for f in findings(run_cli, tmp_path, "--select", "IL010")] == [("P/m.py", line, "IL010", False, message)]


PRESENT = [
    pytest.param("from P.a import x\n", {"P/a.py": "x = 1\n"}, "OK", id="module"),
    pytest.param("import P.a.b as m\n", {"P/a/__init__.py": "", "P/a/b.py": ""}, "OK", id="package"),
    pytest.param("from P.ns.m import x\n", {"P/ns/m.py": "x = 1\n"}, "OK", id="namespace-portion"),
    pytest.param("import P.ns\n", {"P/ns/m.py": ""}, "OK", id="namespace-portion-itself"),
    # names after `import` are not checked: CPython raises a plain ImportError, not ModuleNotFoundError
    pytest.param("from P.a import missing_name\n", {"P/a.py": ""}, "IE P.a", id="missing-attribute"),
    pytest.param("from P import missing_name\n", {}, "IE P", id="missing-name-of-package"),
    pytest.param("from P import x\n", {"P/__init__.py": "x = 1\n"}, "OK", id="bound-by-init"),
    pytest.param("from Q.missing import x\n", {}, "MNFE Q", id="other-package"),
    pytest.param("from P_extra.missing import x\n", {}, "MNFE P_extra", id="prefix-collision"),
    pytest.param("if False:\n    from P.a import x\n", {"P/a.py": "x = 1\n"}, "OK", id="present-nested"),
]


@pytest.mark.parametrize(("statement", "files", "runtime"), PRESENT)
def test_not_reported_when_every_module_exists(
    statement: str, files: dict[str, str], runtime: str, tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    repo_tree({**INIT, "P/m.py": statement, **files})
    assert cpython(tmp_path) == runtime
    assert findings(run_cli, tmp_path, "--select", "IL010") == []


def test_extension_module_of_any_suffix_counts(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree(
        {
            **INIT,
            "P/m.py": "from P.fast import x\nfrom P.win import y\n",
            "P/fast.cpython-39-darwin.so": b"",
            "P/win.cp311-win_amd64.pyd": b"",
        }
    )
    assert findings(run_cli, tmp_path, "--select", "IL010") == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_dangling_link_is_no_module(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**INIT, "P/m.py": "from P.a import x\n"})
    os.symlink(tmp_path / "nowhere.py", tmp_path / "P" / "a.py")
    assert cpython(tmp_path) == "MNFE P.a"
    assert findings(run_cli, tmp_path, "--select", "IL010") == [("P/m.py", 1, "IL010", False, "`P.a` does not exist")]


def test_stub_file_sees_stubs(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**INIT, "P/a.pyi": "", "P/m.pyi": "from P.a import x\nfrom P.b import y\n"})
    assert findings(run_cli, tmp_path, "--select", "IL010") == [("P/m.pyi", 2, "IL010", False, "`P.b` does not exist")]


def test_il001_reports_the_same_statement_without_a_fix(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    """Both rules report `from P.missing import x` (a style problem and a runtime error); IL001's
    fix is withheld, since `from .missing import x` would be IL006, and --fix changes nothing."""
    repo_tree({**INIT, "P/m.py": "from P.missing import x\n"})
    expected = [
        (
            "P/m.py",
            1,
            "IL001",
            False,
            "`P.missing` is part of `P`; import it relatively: `from .missing import ...` "
            "(not fixed: `P.missing` does not exist)",
        ),
        ("P/m.py", 1, "IL010", False, "`P.missing` does not exist"),
    ]
    assert findings(run_cli, tmp_path) == expected
    result = run_cli(["check", "--no-cache", "--fix", "."], cwd=tmp_path)
    assert result.rc == 1
    assert (tmp_path / "P" / "m.py").read_text() == "from P.missing import x\n"
    assert [f[2] for f in findings(run_cli, tmp_path, "--ignore", "IL010")] == ["IL001"]


def test_selection(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**INIT, "P/m.py": "from P.missing import x\n"})
    assert [f[2] for f in findings(run_cli, tmp_path, "--select", "IL010")] == ["IL010"]
    assert [f[2] for f in findings(run_cli, tmp_path, "--select", "IL01")] == ["IL010"]
    assert [f[2] for f in findings(run_cli, tmp_path, "--select", "IL001")] == ["IL001"]


def test_noqa(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    repo_tree({**INIT, "P/m.py": "from P.missing import x  # noqa: IL010\n"})
    assert findings(run_cli, tmp_path, "--select", "IL010") == []


def test_cached_verdict_follows_the_disk(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    """A warm run re-asks whether the module exists: creating it clears the report."""
    repo_tree({**INIT, "P/m.py": "from P.missing import x\n"})
    argv = ["check", "--select", "IL010", "--output-format", "json", "."]
    assert len(json.loads(run_cli(argv, cwd=tmp_path).out)) == 1
    (tmp_path / "P" / "missing.py").write_text("x = 1\n")
    assert json.loads(run_cli(argv, cwd=tmp_path).out) == []
    (tmp_path / "P" / "missing.py").unlink()
    assert len(json.loads(run_cli(argv, cwd=tmp_path).out)) == 1


def test_single_file_run_reads_the_tree(tmp_path: Path, repo_tree: RepoTree, run_cli: Any) -> None:
    """pre-commit passes one file: the tree around it still decides."""
    repo_tree({**INIT, "P/m.py": "from P.a import x\nfrom P.gone import y\n", "P/a.py": "x = 1\n"})
    result = run_cli(["check", "--no-cache", "--select", "IL010", "--output-format", "json", "P/m.py"], cwd=tmp_path)
    assert [(o["line"], o["message"]) for o in json.loads(result.out)] == [(2, "`P.gone` does not exist")]


GUARDED = [
    pytest.param(
        "try:\n    from P._speedups import x\nexcept ImportError:\n    x = None\n", "OK", [], id="except-import"
    ),
    pytest.param(
        "try:\n    import P._c as c\nexcept (ValueError, ModuleNotFoundError):\n    c = None\n", "OK", [], id="tuple"
    ),  # fmt: skip
    pytest.param("try:\n    import P._c as c\nexcept:\n    c = None\n", "OK", [], id="bare"),
    pytest.param(
        "try:\n    try:\n        import P._c as c\n    finally:\n        pass\nexcept Exception:\n    c = None\n",
        "OK",
        [],
        id="outer-try",
    ),
    pytest.param(
        "try:\n    class K:\n        import P._c as c\nexcept ImportError:\n    pass\n",
        "OK",
        [],
        id="class-body-runs-in-the-try",
    ),  # fmt: skip
    pytest.param(
        "from contextlib import suppress\nwith suppress(ImportError):\n    import P._c as c\n", "OK", [], id="suppress"
    ),
    pytest.param("try:\n    import P._c as c\nexcept AttributeError:\n    pass\n", "MNFE P._c", [2], id="other-error"),
    pytest.param(
        "try:\n    pass\nexcept ImportError:\n    pass\nelse:\n    import P._c as c\n",
        "MNFE P._c",
        [6],
        id="else-runs-outside",
    ),
    pytest.param(
        "try:\n    def f():\n        import P._c as c\nexcept ImportError:\n    pass\nf()\n",
        "MNFE P._c",
        [3],
        id="function-runs-later",
    ),
]


@pytest.mark.parametrize(("statement", "runtime", "lines"), GUARDED)
def test_guarded_import_is_an_optional_module(
    statement: str, runtime: str, lines: list[int], tmp_path: Path, repo_tree: RepoTree, run_cli: Any
) -> None:
    """Reported exactly when the ModuleNotFoundError escapes the import of P.m."""
    repo_tree({**INIT, "P/m.py": statement})
    assert cpython(tmp_path) == runtime
    assert [f[1] for f in findings(run_cli, tmp_path, "--select", "IL010")] == lines
