"""The public Python API: check_source, fix_source, check_paths, load_settings and the
typed results they return (everything in importlint.__all__)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from conftest import RepoTree

import importlint
from importlint import (
    ALL_RULES,
    Edit,
    FileResult,
    FixedSource,
    Pos,
    Settings,
    Violation,
    check_paths,
    check_source,
    fix_source,
    load_settings,
)
from importlint.errors import ConfigError, UsageError

IL001_MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
IL001_MSG_UP = "`P.a` is part of `P`; import it relatively: `from ..a import ...`"


@pytest.fixture
def tree(repo_tree: RepoTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with package P (P/a.py, P/sub/) as the working directory."""
    root = repo_tree({"P/a.py": "x = 1\n", "P/sub/b.py": "y = 2\n"}, packages=True)
    monkeypatch.chdir(root)
    return root


# -- the public surface -----------------------------------------------------------------


def test_all_names_are_importable() -> None:
    expected = {
        "ALL_RULES", "Edit", "FileResult", "FixedSource", "Pos", "Settings", "Violation", "__version__",
        "check_paths", "check_source", "fix_source", "load_settings",
    }  # fmt: skip
    assert set(importlint.__all__) == expected
    for name in importlint.__all__:
        assert getattr(importlint, name) is not None, name
    assert sorted(dir(importlint)) == sorted(expected)
    namespace: dict[str, object] = {}
    exec("from importlint import *", namespace)  # noqa: S102 - star import honours __all__
    assert expected <= set(namespace)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        importlint.nope  # noqa: B018


def test_public_functions_are_documented() -> None:
    for fn in (check_source, fix_source, check_paths, load_settings):
        assert fn.__doc__ and fn.__doc__.strip(), fn.__name__
    assert importlint.__doc__ and "check_source" in importlint.__doc__


def test_all_rules_are_the_eleven_codes() -> None:
    assert [r.code for r in ALL_RULES] == [f"IL{n:03d}" for n in range(11)]


# -- check_source ----------------------------------------------------------------------


def test_check_source_returns_typed_violations(tree: Path) -> None:
    found = check_source("import os; from P.a import x\n", path="P/m.py")
    assert found == [Violation("P/m.py", Pos(1, 12), Pos(1, 29), "IL001", IL001_MSG, Edit(11, 28, "from .a import x"))]
    (v,) = found
    assert isinstance(v, Violation) and isinstance(v.start, Pos) and isinstance(v.end, Pos)
    assert isinstance(v.fix, Edit)
    assert v.fixable is True
    assert (v.start.line, v.start.column, v.end.line, v.end.column) == (1, 12, 1, 29)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.code = "IL002"  # type: ignore[misc]


def test_check_source_file_need_not_exist_and_path_is_kept(tree: Path) -> None:
    assert not (tree / "P" / "sub" / "new.py").exists()
    (v,) = check_source("from P.a import x\n", path="P/sub/new.py")
    assert (v.path, v.code, v.message) == ("P/sub/new.py", "IL001", IL001_MSG_UP)
    absolute = str(tree / "P" / "sub" / "new.py")
    (v,) = check_source("from P.a import x\n", path=absolute)
    assert v.path == absolute


def test_check_source_accepts_bytes(tree: Path) -> None:
    (v,) = check_source(b"from P.a import x\r\n", path="P/m.py")
    assert (v.code, v.start, v.end) == ("IL001", Pos(1, 1), Pos(1, 18))


def test_check_source_clean_and_unfixable(tree: Path) -> None:
    assert check_source("from .a import x\nimport P\nimport os\n", path="P/m.py") == []
    (v,) = check_source("import P.a\n", path="P/m.py")
    assert (v.code, v.fixable, v.fix) == ("IL001", False, None)


def test_check_source_syntax_error_is_il000(tree: Path) -> None:
    assert check_source("def f(:\n", path="P/m.py") == [
        Violation("P/m.py", Pos(1, 7), Pos(1, 8), "IL000", "SyntaxError: invalid syntax")
    ]


def test_check_source_reads_the_config_for_the_path(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree(config={"max-level": 1})
    (v,) = check_source("from .. import a\n", path="P/sub/m.py")
    assert (v.code, v.fixable) == ("IL004", True)


def test_check_source_with_explicit_settings(tree: Path) -> None:
    settings = load_settings(["P"], select=["IL003"])
    assert check_source("from P.a import x\n", path="P/m.py", settings=settings) == []
    (v,) = check_source("from ... import x\n", path="P/sub/m.py", settings=settings)
    assert v.code == "IL003"


# -- fix_source -------------------------------------------------------------------------


def test_fix_source_str_in_str_out(tree: Path) -> None:
    fixed = fix_source("import os  # os\nfrom P.a import (x,  # keep\n    y)\n", path="P/sub/m.py")
    assert isinstance(fixed, FixedSource)
    assert fixed == FixedSource("import os  # os\nfrom ..a import (x,  # keep\n    y)\n", [], 1)
    assert isinstance(fixed.source, str)


def test_fix_source_bytes_in_bytes_out(tree: Path) -> None:
    fixed = fix_source(b"\xef\xbb\xbfimport os\r\nfrom P.a import x\r\n", path="P/m.py")
    assert fixed.source == b"\xef\xbb\xbfimport os\r\nfrom .a import x\r\n"
    assert isinstance(fixed.source, bytes)
    assert (fixed.violations, fixed.fixed) == ([], 1)


def test_fix_source_latin1_cookie_keeps_its_bytes(tree: Path) -> None:
    source = "# -*- coding: latin-1 -*-\nfrom P.a import x  # café ñ\n".encode("latin-1")
    fixed = fix_source(source, path="P/m.py")
    assert fixed.source == "# -*- coding: latin-1 -*-\nfrom .a import x  # café ñ\n".encode("latin-1")
    assert fixed.fixed == 1


def test_fix_source_latin1_columns_count_characters(tree: Path) -> None:
    source = "# -*- coding: latin-1 -*-\né = 1; from P.a import x\n".encode("latin-1")
    (v,) = check_source(source, path="P/m.py")
    assert v.start == Pos(2, 8)


def test_fix_source_nothing_to_fix_returns_the_source(tree: Path) -> None:
    for source in ("from .a import x\n", b"from .a import x\n"):
        fixed = fix_source(source, path="P/m.py")
        assert fixed == FixedSource(source, [], 0)
        assert type(fixed.source) is type(source)


def test_fix_source_reports_what_remains(tree: Path) -> None:
    fixed = fix_source("from P.a import x\nfrom ... import y\nimport P.a\n", path="P/sub/m.py")
    assert fixed.source == "from ..a import x\nfrom ... import y\nimport P.a\n"
    assert fixed.fixed == 1
    assert [(v.code, v.start.line, v.fixable) for v in fixed.violations] == [("IL003", 2, False), ("IL001", 3, False)]


def test_fix_source_invalid_form_then_other_rules(tree: Path) -> None:
    fixed = fix_source("import .a\nfrom P.sub import b\n", path="P/m.py")
    assert fixed == FixedSource("from . import a\nfrom .sub import b\n", [], 2)


def test_fix_source_syntax_error_left_alone(tree: Path) -> None:
    source = b"from P.a import x\ndef f(:\n"
    fixed = fix_source(source, path="P/m.py")
    assert fixed.source == source
    assert fixed.fixed == 0
    assert [v.code for v in fixed.violations] == ["IL000"]


def test_fix_source_unsafe_fixes_through_settings(tree: Path) -> None:
    script = 'from P.a import x\nif __name__ == "__main__":\n    x()\n'
    assert fix_source(script, path="P/m.py").source == script
    unsafe = load_settings(["P"], unsafe_fixes=True)
    assert fix_source(script, path="P/m.py", settings=unsafe).source == script.replace("P.a", ".a")


# -- check_paths ------------------------------------------------------------------------------


def test_check_paths_reports_per_file(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/m.py": "from P.a import x\n", "P/sub/n.py": "from P.sub.b import y\n"})
    results = check_paths(["P"])
    assert all(isinstance(r, FileResult) for r in results)
    assert [r.display for r in results] == [
        "P/__init__.py", "P/a.py", "P/m.py", "P/sub/__init__.py", "P/sub/b.py", "P/sub/n.py",
    ]  # fmt: skip
    found = {r.display: [(v.code, v.start) for v in r.violations] for r in results}
    assert found["P/m.py"] == [("IL001", Pos(1, 1))]
    assert found["P/sub/n.py"] == [("IL001", Pos(1, 1))]
    assert (tree / "P" / "m.py").read_text() == "from P.a import x\n"  # nothing written
    assert not (tree / ".importlint_cache").exists()  # the API does not cache by default


def test_check_paths_fix_writes(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/m.py": "from P.a import x\nfrom ... import z\n", "P/ok.py": "from .a import x\n"})
    before_ok = (tree / "P" / "ok.py").stat().st_mtime_ns
    results = {r.display: r for r in check_paths(["P"], fix=True)}
    assert (tree / "P" / "m.py").read_text() == "from .a import x\nfrom ... import z\n"
    assert results["P/m.py"].fixed_count == 1
    assert [v.code for v in results["P/m.py"].violations] == ["IL003"]
    assert (tree / "P" / "ok.py").stat().st_mtime_ns == before_ok
    assert results["P/ok.py"].fixed_count == 0


def test_check_paths_diff_does_not_write(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/m.py": "from P.a import x\n"})
    (result,) = [r for r in check_paths(["P"], diff=True) if r.display == "P/m.py"]
    assert (result.before, result.after, result.fixed_count) == ("from P.a import x\n", "from .a import x\n", 1)
    assert (tree / "P" / "m.py").read_text() == "from P.a import x\n"


def test_check_paths_with_settings_and_jobs(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree({"P/m.py": "from P.a import x\n", "P/sub/n.py": "from .. import a\n"})
    settings = load_settings(["P"], max_level=0, select=["IL004"])
    results = check_paths(["P"], settings, jobs=2)
    assert sorted((r.display, v.code) for r in results for v in r.violations) == [("P/sub/n.py", "IL004")]


def test_check_paths_missing_path_raises_usage_error(tree: Path) -> None:
    with pytest.raises(UsageError, match="nope"):
        check_paths(["nope"])


# -- load_settings ---------------------------------------------------------------------------------


def test_load_settings_reads_the_config_file(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree(config={"max-level": 2, "ignore": ["IL006"], "exclude": ["gen/"]})
    settings = load_settings(["P"])
    assert isinstance(settings, Settings)
    assert settings.max_level == 2
    assert "IL006" not in settings.enabled and "IL001" in settings.enabled
    assert settings.exclude == ("gen/",)
    assert settings.config_file == str(tree / "pyproject.toml")
    assert settings.project_root == str(tree)


def test_load_settings_overrides_win(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree(config={"max-level": 2, "select": ["IL001"]})
    settings = load_settings(["P"], max_level=0, select=["IL00"], ignore=["IL002"], force_exclude=True)
    assert settings.max_level == 0
    # `IL00` covers IL008 and IL009 too, but never the opt-in IL007
    assert settings.enabled == frozenset({"IL000", "IL001", "IL003", "IL004", "IL005", "IL006", "IL008", "IL009"})
    assert settings.force_exclude is True


def test_load_settings_explicit_config(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree({"other/custom.toml": "max-level = 3\n"})
    assert load_settings(["P"], config=os.path.join("other", "custom.toml")).max_level == 3


def test_load_settings_errors(tree: Path, repo_tree: RepoTree) -> None:
    with pytest.raises(UsageError, match="--select"):
        load_settings(["P"], select=["XX1"])
    repo_tree(config={"max-levle": 2})
    with pytest.raises(ConfigError, match="max-levle"):
        load_settings(["P"])
