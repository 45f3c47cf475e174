"""`check --add-noqa` (issue 13): `# noqa: CODE` on every line with a remaining violation,
where the checker reads it, merged with existing noqa comments, every other byte kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree

from importlint import noqa
from importlint.add_noqa import noqa_additions
from importlint.locate import LineTable
from importlint.model import Pos, Violation

BASE = {"P/__init__.py": "", "P/a.py": "", "P/b.py": "c = d = 1\n"}


def _add(repo_tree: RepoTree, run_cli: Any, files: dict[str, str | bytes], *args: str) -> Any:
    root = repo_tree({**BASE, **files})
    return run_cli(["check", "--add-noqa", *args, "."], cwd=root)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            b"import os\r\nfrom P import a\r\nx = 1\r\n",
            b"import os\r\nfrom P import a  # noqa: IL001\r\nx = 1\r\n",
            id="crlf",
        ),
        pytest.param(b"from P import a\rx = 1\r", b"from P import a  # noqa: IL001\rx = 1\r", id="cr"),
        pytest.param(
            "from P import a  # noqa: E501\n", "from P import a  # noqa: E501, IL001\n", id="merge-with-other-codes"
        ),
        pytest.param(
            "from P.b import (  # keep\n    c,\n)\n",
            "from P.b import (  # keep  # noqa: IL001\n    c,\n)\n",
            id="parenthesised-first-line",
        ),
        pytest.param(
            "from P.b \\\n    import c\n", "from P.b \\\n    import c  # noqa: IL001\n", id="backslash-last-line"
        ),
        pytest.param(
            "import P.b; from ... import far\n",
            "import P.b; from ... import far  # noqa: IL001, IL003\n",
            id="two-statements-one-line",
        ),
        pytest.param("from P import a   \n", "from P import a  # noqa: IL001\n", id="trailing-blanks"),
        pytest.param(
            b'# -*- coding: latin-1 -*-\nx = "\xe9"; from P import a\n',
            b'# -*- coding: latin-1 -*-\nx = "\xe9"; from P import a  # noqa: IL001\n',
            id="latin-1",
        ),
        pytest.param("import os\nimport .a\n", "import os\nimport .a  # noqa: IL002\n", id="il002-repaired"),
    ],
)
def test_adds_the_comment_where_the_checker_reads_it(
    repo_tree: RepoTree, run_cli: Any, tmp_path: Path, source: str | bytes, expected: str | bytes
) -> None:
    result = _add(repo_tree, run_cli, {"P/m.py": source})
    assert (result.rc, result.out, result.err) == (0, "", "Added 1 noqa directive.\n")
    want = expected.encode() if isinstance(expected, str) else expected
    assert (tmp_path / "P/m.py").read_bytes() == want
    again = run_cli(["check", "--no-cache", "."], cwd=tmp_path)
    assert again.rc == 0, again.err  # every violation is now suppressed


def test_idempotent_and_counts_like_ruff(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "P/m.py": "from P import a\nimport os\nfrom P.b import c\n",
        "P/n.py": "from ... import far\n",
        "P/clean.py": "from . import a\n",
    }
    first = _add(repo_tree, run_cli, files)
    assert (first.rc, first.err) == (0, "Added 3 noqa directives.\n")
    assert (
        tmp_path / "P/m.py"
    ).read_text() == "from P import a  # noqa: IL001\nimport os\nfrom P.b import c  # noqa: IL001\n"
    assert (tmp_path / "P/n.py").read_text() == "from ... import far  # noqa: IL003\n"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*.py")}
    second = run_cli(["check", "--add-noqa", "."], cwd=tmp_path)
    assert (second.rc, second.err) == (0, "Added 0 noqa directives.\n")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*.py")} == before


def test_bare_noqa_is_left_alone(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    source = "from P import a  # noqa\nfrom P.b import (\n    c,  # noqa\n)\n"
    result = _add(repo_tree, run_cli, {"P/m.py": source})
    assert (result.rc, result.err) == (0, "Added 1 noqa directive.\n")
    # a bare noqa inside the statement is on no line the checker reads: the first line gets one
    assert (tmp_path / "P/m.py").read_text() == (
        "from P import a  # noqa\nfrom P.b import (  # noqa: IL001\n    c,  # noqa\n)\n"
    )


def test_a_file_that_does_not_parse_is_not_touched(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    source = b"from P import a\ndef broken(:\n"
    result = _add(repo_tree, run_cli, {"P/m.py": source, "P/n.py": "from P import a\n"})
    assert (result.rc, result.err) == (0, "Added 1 noqa directive.\n")
    assert (tmp_path / "P/m.py").read_bytes() == source  # IL000: no comment hides a syntax error
    assert (tmp_path / "P/n.py").read_text() == "from P import a  # noqa: IL001\n"


def test_a_line_ending_in_a_string_is_not_written(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    source = 'from P import a; x = """\n"""\n'
    result = _add(repo_tree, run_cli, {"P/m.py": source})
    assert result.rc == 1
    assert result.err == (
        "importlint: P/m.py: a noqa comment would change the code; not written\nAdded 0 noqa directives.\n"
    )
    assert (tmp_path / "P/m.py").read_text() == source


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--fix", "."], "--add-noqa and --fix cannot be combined", id="fix"),
        pytest.param(["--diff", "."], "--add-noqa and --diff cannot be combined", id="diff"),
        pytest.param(["--statistics", "."], "--add-noqa and --statistics cannot be combined", id="statistics"),
        pytest.param(["-", "--stdin-filename", "P/m.py"], "--add-noqa cannot read stdin (`-`): it writes the files",
                     id="stdin"),
    ],
)  # fmt: skip
def test_flags_it_cannot_be_combined_with(
    repo_tree: RepoTree, run_cli: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    repo_tree({**BASE, "P/m.py": "from P import a\n"})
    result = run_cli(["check", "--add-noqa", *args], cwd=tmp_path, stdin=b"from P import a\n")
    assert (result.rc, result.out, result.err) == (2, "", f"importlint: error: {message}\n")
    assert (tmp_path / "P/m.py").read_text() == "from P import a\n"


def test_the_server_and_add_noqa_share_one_placement() -> None:
    """The language server's "Ignore IL001 for this line" offers first what --add-noqa writes."""
    text = "from P.b \\\n    import c  # noqa: E501\n"
    v = Violation("m.py", Pos(1, 1), Pos(2, 13), "IL001", "m")
    (added,) = noqa_additions(text, [v])
    assert noqa.noqa_edits(text, 0, LineTable(text).starts[1] + 12, "IL001")[0] == added
    assert text[: added.start] + added.text + text[added.end :] == "from P.b \\\n    import c  # noqa: E501, IL001\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_whole_tree_violations_get_their_comments_too(
    repo_tree: RepoTree, run_cli: Any, tmp_path: Path, jobs: str
) -> None:
    cycle = {"P/a.py": "from .b import y\nx = 1\n", "P/b.py": "from .a import x\ny = 2\n"}
    result = _add(repo_tree, run_cli, {**cycle, "P/m.py": "from P.nope import x\n"}, "-j", jobs)
    assert (result.rc, result.err) == (0, "Added 3 noqa directives.\n")
    assert (tmp_path / "P/a.py").read_text() == "from .b import y  # noqa: IL008\nx = 1\n"
    assert (tmp_path / "P/b.py").read_text() == "from .a import x  # noqa: IL008\ny = 2\n"
    assert (tmp_path / "P/m.py").read_text() == "from P.nope import x  # noqa: IL001, IL010\n"
    assert run_cli(["check", "--no-cache", "."], cwd=tmp_path).rc == 0


def test_an_undecodable_file_is_left_alone_quietly(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    source = b"from P import a\nx = '\xff'\n"
    result = _add(repo_tree, run_cli, {"P/m.py": source})
    assert (result.rc, result.err) == (0, "Added 0 noqa directives.\n")
    assert (tmp_path / "P/m.py").read_bytes() == source


def test_a_read_only_file_is_reported_not_written(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    repo_tree({**BASE, "P/m.py": "from P import a\n", "P/n.py": "from P import a\n"})
    (tmp_path / "P/m.py").chmod(0o444)
    result = run_cli(["check", "--add-noqa", "."], cwd=tmp_path)
    assert (result.rc, result.err) == (
        1,
        "importlint: P/m.py: noqa comments not added: the file is read-only\nAdded 1 noqa directive.\n",
    )
    assert (tmp_path / "P/m.py").read_text() == "from P import a\n"
    assert (tmp_path / "P/n.py").read_text() == "from P import a  # noqa: IL001\n"
