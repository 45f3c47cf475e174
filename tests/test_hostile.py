"""Hostile inputs (issue 4): each gets a clear per-file report or is handled correctly,
the other files are still checked and fixed, the exit code is right, there is no
traceback and no hang, and no byte is lost.

Every case puts one hostile file into package P next to P/b.py (an absolute
self-import that must always be found and fixed), then runs
`check --output-format json .` and `check --fix .` on the tree.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import RepoTree

SELF = "from P.a import x\n"
FIXED = "from .a import x\n"
IL001_MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
# P/a.py defines x; P/b.py is the absolute self-import that every case must find and fix
BASE = {"P/__init__.py": "", "P/a.py": "x = 1\n", "P/b.py": SELF}

# a hang fails its test after three minutes instead of holding CI for its whole run (no
# test asserts how fast a run is: bench/ measures that)
pytestmark = pytest.mark.timeout(180)

Expected = tuple[int, int, str, bool, Optional[str]]  # line, column, code, fixable, message (None: any)


def compile_line(raw: bytes) -> int:
    """The line CPython's compile() names for a broken file (1 when it names none)."""
    try:
        compile(raw, "hostile.py", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        lineno = getattr(exc, "lineno", None)
        return lineno if isinstance(lineno, int) and lineno > 0 else 1
    raise AssertionError("expected the file not to compile")


def compile_column(raw: bytes) -> int:
    """The 1-based column CPython's compile() names for a broken file (1 when it names none)."""
    try:
        compile(raw.decode("utf-8"), "hostile.py", "exec")
    except SyntaxError as exc:
        return exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else 1
    except (ValueError, RecursionError, MemoryError):
        return 1
    raise AssertionError("expected the file not to compile")


def compiles(raw: bytes) -> bool:
    """Whether CPython compiles `raw` as it would running the file: in a fresh interpreter.
    In this process the answer depends on the stack depth pytest is at (3.10's compiler
    counts the caller's frames against its recursion limit), not on the file."""
    probe = "import sys; compile(sys.stdin.buffer.read(), 'hostile.py', 'exec')"
    result = subprocess.run([sys.executable, "-c", probe], input=raw, capture_output=True, timeout=120)
    return result.returncode == 0


def snapshot(root: Path) -> dict[str, bytes]:
    """Bytes of every regular file reachable without following links (cache excluded)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", ".importlint_cache")]
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not os.access(path, os.R_OK):
                continue
            out[str(path.relative_to(root))] = path.read_bytes()
    return out


def run_no_traceback(run_cli: Any, argv: list[str], cwd: Path) -> Any:
    """The CLI's result, which never shows a traceback whatever the input."""
    result = run_cli(argv, cwd=cwd)
    assert "Traceback" not in result.err, result.err
    assert "Traceback" not in result.out
    return result


def json_by_path(out: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for item in json.loads(out):
        found.setdefault(item["path"], []).append(item)
    return found


def summary(items: list[dict[str, Any]]) -> list[tuple[int, int, str, bool, str]]:
    return [(d["line"], d["column"], d["code"], d["fixable"], d["message"]) for d in items]


def assert_matches(items: list[dict[str, Any]], expected: list[Expected]) -> None:
    got = summary(items)
    assert len(got) == len(expected), got
    for (line, col, code, fixable, msg), (e_line, e_col, e_code, e_fixable, e_msg) in zip(got, expected):
        assert (line, col, code, fixable) == (e_line, e_col, e_code, e_fixable), got
        if e_msg is not None:
            assert msg == e_msg, got


@dataclass
class Case:
    name: str  # the hostile file is P/<name>.py
    raw: bytes | None  # None: `setup` makes the entry
    check: list[Expected]  # what `check` reports for the hostile file
    fixed: bytes | None = None  # bytes after --fix; None: unchanged
    setup: Callable[[Path], None] | None = None
    after_fix: list[Expected] = field(default_factory=list)  # what remains (always IL000s)


def il001(line: int, col: int = 1) -> Expected:
    return (line, col, "IL001", True, IL001_MSG)


def il000(line: int, message: str | None = None) -> Expected:
    return (line, 1, "IL000", False, message)


def run_case(run_cli: Any, root: Path, case: Case) -> None:
    """`case` in a tree holding BASE at `root`: check, --fix, and check again."""
    hostile = root / "P" / f"{case.name}.py"
    if case.raw is not None:
        hostile.write_bytes(case.raw)
    if case.setup is not None:
        case.setup(hostile)
    before = snapshot(root)
    display = f"P/{case.name}.py"

    result = run_no_traceback(run_cli, ["check", "--output-format", "json", "."], root)
    found = json_by_path(result.out)
    assert result.err == ""
    assert result.rc == 1  # P/b.py always has a violation
    assert summary(found.pop("P/b.py")) == [(1, 1, "IL001", True, IL001_MSG)]
    assert_matches(found.pop(display, []), case.check)
    assert found == {}
    assert snapshot(root) == before  # check writes nothing

    result = run_no_traceback(run_cli, ["check", "--fix", "."], root)
    remaining = case.after_fix
    assert result.rc == (1 if remaining else 0), (result.out, result.err)
    after = snapshot(root)
    assert after.pop("P/b.py") == FIXED.encode()
    expected = dict(before)
    del expected["P/b.py"]
    if case.fixed is not None:
        expected[f"P/{case.name}.py"] = case.fixed
    assert after == expected
    assert not [p for p in root.rglob("*.tmp")]

    result = run_no_traceback(run_cli, ["check", "--output-format", "json", "."], root)
    found = json_by_path(result.out)
    assert_matches(found.pop(display, []), remaining)
    assert found == {}
    assert result.rc == (1 if remaining else 0)


# -- the cases --------------------------------------------------------------------------

NON_UTF8 = b"from P.a import x\n\xff\xfe = 1\n"
LATIN1_NO_COOKIE = b'from P.a import x\n\n# caf\xe9\ns = "\xe9"\n'
LATIN1 = b'# -*- coding: latin-1 -*-\nfrom P.a import x\ns = "caf\xe9"\n'
UTF16 = "from P.a import x\ns = 'café'\n".encode("utf-16")  # starts with a BOM
NUL = b"from P.a import x\ny = 1\x00\n"
BOM = b"\xef\xbb\xbffrom P.a import x\ns = 'caf\xc3\xa9'\n"
BOM_LATIN1_COOKIE = b"\xef\xbb\xbf# coding: latin-1\nfrom P.a import x\n"
UNKNOWN_COOKIE = b"# coding: no-such-codec\nfrom P.a import x\n"
CR = b"import os\rfrom P.a import x\ry = 1\r"
CRLF = b"import os\r\nfrom P.a import x\r\ny = 1\r\n"
CRLF_MULTILINE = b"import os\r\nfrom P.a import (\r\n    x,  # keep\r\n)\r\ny = 1\r\n"
MIXED = b"import os\r\nfrom P.a import x\ny = 1\rz = 2\r\nfrom P.a import (\r\n  x)\n"
FORM_FEED = b"\x0cfrom P.a import x\n\x0c\ndef f():\n\x0c    from P.a import x  # \x0c\n"
TABS = b"if True:\n\tfrom P.a import x\n\tif x:\n\t\tfrom P.a import x  # tab\n"
TAB_ERROR = b"from P.a import x\nif True:\n        y = 1\n\tz = 2\n"
NO_NEWLINE = b"import os\nfrom P.a import x"
NO_NEWLINE_CR = b"import os\rfrom P.a import x"
LIBCST_ONLY = b"(x): int = 1\nfrom P.a import x\n"
LATIN1_NO_COOKIE_MSG = "cannot decode the file as utf-8: invalid continuation byte at line 3, column 6 (byte 0xe9)"


def _terms(n: int) -> bytes:
    return SELF.encode() + b"y = " + b"+".join([b"1"] * n) + b"\n" + SELF.encode()


def _parens(n: int) -> bytes:
    return SELF.encode() + b"y = " + b"(" * n + b"1" + b")" * n + b"\n"


TERMS_10000 = _terms(10_000)
TERMS_1000 = _terms(1_000)
PARENS_3000 = _parens(3_000)
PARENS_150 = _parens(150)


def _when_compiles(raw: bytes, fixed: bytes, lines: tuple[int, ...], message: str) -> dict[str, Any]:
    """The expected outcome: fixed like any file if CPython compiles it, else one IL000."""
    if compiles(raw):
        return {"check": [il001(line) for line in lines], "fixed": fixed}
    err = (compile_line(raw), compile_column(raw), "IL000", False, message)
    return {"check": [err], "after_fix": [err]}


CASES = [
    pytest.param(
        Case("latin1_cookie", LATIN1, [il001(2)], LATIN1.replace(b"from P.a", b"from .a")),
        id="latin-1-cookie-fixed-keeping-bytes",
    ),
    pytest.param(
        Case(
            "utf16",
            UTF16,
            [il000(1, "cannot decode the file: invalid or missing encoding declaration")],
            after_fix=[il000(1, "cannot decode the file: invalid or missing encoding declaration")],
        ),
        id="utf-16-with-bom",
    ),
    pytest.param(
        Case(
            "nul",
            NUL,
            [il000(compile_line(NUL))],
            after_fix=[il000(compile_line(NUL))],
        ),
        id="nul-byte",
    ),
    pytest.param(Case("bom", BOM, [il001(1)], BOM.replace(b"from P.a", b"from .a")), id="utf-8-bom"),
    pytest.param(
        Case(
            "unknown_cookie",
            UNKNOWN_COOKIE,
            [il000(1, "cannot decode the file: unknown encoding: no-such-codec")],
            after_fix=[il000(1, "cannot decode the file: unknown encoding: no-such-codec")],
        ),
        id="unknown-coding-cookie",
    ),
    pytest.param(Case("cr", CR, [il001(2)], CR.replace(b"from P.a", b"from .a")), id="cr-only"),
    pytest.param(Case("crlf", CRLF, [il001(2)], CRLF.replace(b"from P.a", b"from .a")), id="crlf"),
    pytest.param(
        Case("crlf_multi", CRLF_MULTILINE, [il001(2)], CRLF_MULTILINE.replace(b"from P.a", b"from .a")),
        id="crlf-multi-line-statement",
    ),
    pytest.param(
        Case("mixed", MIXED, [il001(2), il001(5)], MIXED.replace(b"from P.a", b"from .a")),
        id="mixed-line-endings",
    ),
    pytest.param(
        Case("ff", FORM_FEED, [il001(1, 2), il001(4, 6)], FORM_FEED.replace(b"from P.a", b"from .a")),
        id="form-feeds",
    ),
    pytest.param(Case("tabs", TABS, [il001(2, 2), il001(4, 3)], TABS.replace(b"from P.a", b"from .a")), id="tabs"),
    pytest.param(
        Case(
            "taberror",
            TAB_ERROR,
            [il000(4, "TabError: inconsistent use of tabs and spaces in indentation")],
            after_fix=[il000(4, "TabError: inconsistent use of tabs and spaces in indentation")],
        ),
        id="inconsistent-tabs",
    ),
    pytest.param(Case("empty", b"", []), id="empty"),
    pytest.param(Case("blank", b"  \n\t\n\x0c\n   ", []), id="whitespace-only"),
    pytest.param(Case("blank_cr", b"\r\r\n \r", []), id="whitespace-only-cr"),
    pytest.param(
        Case("nonl", NO_NEWLINE, [il001(2)], NO_NEWLINE.replace(b"from P.a", b"from .a")), id="no-trailing-newline"
    ),
    pytest.param(
        Case("nonl_cr", NO_NEWLINE_CR, [il001(2)], NO_NEWLINE_CR.replace(b"from P.a", b"from .a")),
        id="no-trailing-newline-cr-only",
    ),
    pytest.param(
        Case("libcst_only", LIBCST_ONLY, [il001(2)], LIBCST_ONLY.replace(b"from P.a", b"from .a")),
        id="parses-in-cpython-not-in-libcst",
    ),
    pytest.param(
        Case("terms1000", TERMS_1000, [il001(1), il001(3)], TERMS_1000.replace(b"from P.a", b"from .a")),
        id="1000-term-expression",
    ),
    pytest.param(
        Case(
            "parens",
            PARENS_3000,
            **_when_compiles(
                PARENS_3000,
                PARENS_3000.replace(b"from P.a", b"from .a"),
                (1,),
                "SyntaxError: too many nested parentheses",
            ),
        ),
        id="3000-nested-parentheses",
    ),
    pytest.param(
        Case("parens150", PARENS_150, [il001(1)], PARENS_150.replace(b"from P.a", b"from .a")),
        id="150-nested-parentheses",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_hostile_file(repo_tree: RepoTree, run_cli: Any, case: Case) -> None:
    run_case(run_cli, repo_tree(BASE), case)


def test_expectations_match_cpython() -> None:
    """The hostile inputs really are what they claim to be on this interpreter."""
    assert compiles(LIBCST_ONLY) and compiles(TERMS_1000) and compiles(PARENS_150)
    assert not compiles(NUL) and not compiles(NON_UTF8) and not compiles(TAB_ERROR)
    assert UTF16.startswith(b"\xff\xfe")


def test_bom_with_conflicting_cookie(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    case = Case("bom_cookie", BOM_LATIN1_COOKIE, [il000(1)], after_fix=[il000(1)])
    run_case(run_cli, repo_tree(BASE), case)
    result = run_cli(["check", "--output-format", "json", "P/bom_cookie.py"], cwd=tmp_path)
    (item,) = json.loads(result.out)
    assert item["message"].startswith("cannot decode the file: encoding problem")


@pytest.mark.parametrize(
    ("raw", "line", "column", "message"),
    [
        pytest.param(
            NON_UTF8,
            2,
            1,
            "cannot decode the file as utf-8: invalid start byte at line 2, column 1 (byte 0xff)",
            id="non-utf-8-bytes",
        ),
        # compile() names line 4 (it skips the comment on line 3); the first bad byte is on 3
        pytest.param(LATIN1_NO_COOKIE, 3, 6, LATIN1_NO_COOKIE_MSG, id="latin-1-bytes-without-cookie"),
    ],
)
def test_undecodable(repo_tree: RepoTree, run_cli: Any, raw: bytes, line: int, column: int, message: str) -> None:
    """One IL000 at the first byte that does not decode, naming the problem once; the file
    untouched."""
    err = (line, column, "IL000", False, message)
    run_case(run_cli, repo_tree(BASE), Case("undecodable", raw, [err], after_fix=[err]))


def test_10_mb_file_of_text(repo_tree: RepoTree, run_cli: Any) -> None:
    line = b"lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n"
    body = line * (10 * 1024 * 1024 // len(line) + 1)
    raw = SELF.encode() + b'"""\n' + body + b'"""\n' + SELF.encode()
    assert len(raw) > 10 * 1024 * 1024
    fixed = raw.replace(b"from P.a", b"from .a")
    run_case(run_cli, repo_tree(BASE), Case("big", raw, [il001(1), il001(raw.count(b"\n"))], fixed))


@pytest.mark.slow
def test_file_of_50000_statements(repo_tree: RepoTree, run_cli: Any) -> None:
    """50,000 statements (2.7 MB of code): both imports, the first and the last statement,
    are found and fixed, every other byte kept. A cost that grows faster than the file
    (quadratic in statements: 2.5e9 steps here) hangs and fails at the module's timeout;
    the cost per byte, linear, is measured in bench/, not asserted here (test_10_mb_file_of_text
    is the 10 MB case)."""
    line = b'value_%06d = compute("%s", 123456789)  # a comment\n'
    raw = SELF.encode() + b"".join(line % (i, b"a" * 9) for i in range(50_000)) + SELF.encode()
    fixed = raw.replace(b"from P.a", b"from .a")
    run_case(run_cli, repo_tree(BASE), Case("big", raw, [il001(1), il001(raw.count(b"\n"))], fixed))


@pytest.mark.xfail(
    sys.version_info[:2] == (3, 10),
    strict=True,
    reason="known gap: CPython 3.10's parser accepts the 10,000-term expression but its compiler "
    "raises RecursionError, and importlint's compile-only check does not flag deep nesting",
)
def test_10000_term_expression(repo_tree: RepoTree, run_cli: Any) -> None:
    """CPython 3.11+ cannot parse it, 3.10 cannot compile it (RecursionError): one IL000,
    no hang; 3.9 compiles it, so it is fixed like any file."""
    fixed = TERMS_10000.replace(b"from P.a", b"from .a")
    expected = _when_compiles(TERMS_10000, fixed, (1, 3), "the file is nested too deeply to parse")
    run_case(run_cli, repo_tree(BASE), Case("terms", TERMS_10000, **expected))


# -- entries that are not regular files -------------------------------------------------------


def _mkdir(path: Path) -> None:
    path.mkdir()
    (path / "inner.py").write_text(SELF)  # a directory called x.py is walked like any directory


def _broken_link(path: Path) -> None:
    path.symlink_to("does_not_exist.py")


def _loop(path: Path) -> None:
    path.symlink_to(path.with_name("loop_b.py").name)
    path.with_name("loop_b.py").symlink_to(path.name)


def test_directory_named_like_a_module(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    """P/x.py/ is a directory: walked like any other (its inner.py is a top-level module
    there, since P/x.py/ has no __init__.py), never read as a file."""
    repo_tree(BASE)
    _mkdir(tmp_path / "P" / "x.py")
    result = run_no_traceback(run_cli, ["check", "--output-format", "json", "."], tmp_path)
    assert result.rc == 1 and result.err == ""
    assert list(json_by_path(result.out)) == ["P/b.py"]
    result = run_no_traceback(run_cli, ["tree", "."], tmp_path)
    assert "P/x.py/inner.py -> inner (module, top-level, not in a package)\n" in result.out


def test_directory_named_x_py_next_to_files(repo_tree: RepoTree, run_cli: Any) -> None:
    run_case(run_cli, repo_tree(BASE), Case("x", None, [], setup=lambda p: p.mkdir()))


def test_directory_named_x_py_given_explicitly(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    repo_tree(BASE)
    (tmp_path / "P" / "x.py").mkdir()
    result = run_no_traceback(run_cli, ["check", "--output-format", "json", "P/x.py", "P/b.py"], tmp_path)
    assert result.rc == 1 and result.err == ""
    assert list(json_by_path(result.out)) == ["P/b.py"]


NO_FILE = "cannot read the file: No such file or directory"
LOOP = "cannot read the file: Too many levels of symbolic links"


def test_broken_symlink(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    case = Case("broken", None, [il000(1, NO_FILE)], setup=_broken_link, after_fix=[il000(1, NO_FILE)])
    run_case(run_cli, repo_tree(BASE), case)
    assert os.readlink(tmp_path / "P" / "broken.py") == "does_not_exist.py"


def test_symlink_loop(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    repo_tree(BASE)
    _loop(tmp_path / "P" / "loop_a.py")
    for argv in (["."], ["--fix", "."]):
        result = run_no_traceback(run_cli, ["check", "--output-format", "json", *argv], tmp_path)
        assert result.rc == 1
        found = json_by_path(result.out)
        assert summary(found["P/loop_a.py"]) == [(1, 1, "IL000", False, LOOP)]
        assert summary(found["P/loop_b.py"]) == [(1, 1, "IL000", False, LOOP)]
    assert (tmp_path / "P" / "b.py").read_text() == FIXED
    assert os.readlink(tmp_path / "P" / "loop_a.py") == "loop_b.py"


def test_permission_denied(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0)
    if os.access(probe, os.R_OK):
        pytest.skip("running as root: a mode-0 file is still readable")
    message = "cannot read the file: Permission denied"
    case = Case("secret", SELF.encode(), [il000(1, message)], setup=lambda p: p.chmod(0), after_fix=[il000(1, message)])
    root = tmp_path / "tree"
    root.mkdir()
    try:
        run_case(run_cli, repo_tree(BASE, root=root), case)
        assert ((root / "P" / "secret.py").stat().st_mode & 0o777) == 0
    finally:
        (root / "P" / "secret.py").chmod(0o644)
    assert (root / "P" / "secret.py").read_text() == SELF


def test_permission_denied_simulated(repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path when root can read everything: reading raises EACCES."""
    import importlint.sourcefile as sourcefile

    real_read = sourcefile.read

    def read(path: str) -> Any:
        if path.endswith("secret.py"):
            raise PermissionError(13, "Permission denied", path)
        return real_read(path)

    monkeypatch.setattr(sourcefile, "read", read)
    message = "cannot read the file: Permission denied"
    case = Case("secret", SELF.encode(), [il000(1, message)], after_fix=[il000(1, message)])
    run_case(run_cli, repo_tree(BASE), case)


def test_pydoc_data_topics(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    """The stdlib file that makes LibCST's full parser hit RecursionError."""
    import pydoc_data.topics

    source = Path(pydoc_data.topics.__file__).read_bytes()
    run_case(run_cli, repo_tree(BASE), Case("topics", source, []))
    # with a fixable import added at the end, only that statement changes
    raw = source + SELF.encode()
    line = raw.count(b"\n")
    fixed = source + FIXED.encode()
    (tmp_path / "again").mkdir()
    run_case(run_cli, repo_tree(BASE, root=tmp_path / "again"), Case("topics", raw, [il001(line)], fixed))


# -- syntax newer than the running interpreter --------------------------------------------

PEP695 = b"from P.a import x\n\ntype Alias = int\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n"
PEP701 = b"from P.a import x\nwords = ['a']\nmsg = f\"{', '.join(f\"{w!r}\" for w in words)}\"\n"
PEP758 = b"from P.a import x\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\n"


@pytest.mark.parametrize("raw", [PEP695, PEP701, PEP758], ids=["pep-695", "pep-701", "pep-758"])
def test_newer_syntax_is_linted(repo_tree: RepoTree, run_cli: Any, raw: bytes) -> None:
    """3.12-3.14 syntax is linted and fixed on any interpreter, not reported as IL000."""
    run_case(run_cli, repo_tree(BASE), Case("newer", raw, [il001(1)], raw.replace(b"from P.a", b"from .a")))


# -- a crashing parser must not take down the run -----------------------------------------


@pytest.mark.parametrize(
    "cache",
    [
        pytest.param(["--no-cache"], id="no-cache"),
        pytest.param(
            [],
            id="cache",
        ),
    ],
)
def test_worker_crash_costs_one_file(
    repo_tree: RepoTree, run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: list[str]
) -> None:
    """A native crash (as LibCST's parser can have on deep nesting) in a worker process:
    that one file gets an IL000, every other file is still checked and fixed, and
    reported as fixed."""
    from importlint import engine

    files = {f"P/m{i:02d}.py": SELF for i in range(30)}
    repo_tree({**BASE, **files, "P/crash.py": SELF})  # P/b.py is in the batch before it
    real_run = engine.Linter.run

    def run(self: Any, display: str, path: str, raw: bytes, fix: bool) -> Any:
        if path.endswith("crash.py"):
            import faulthandler

            faulthandler.disable()  # pytest's handler would print the worker's stack
            os.kill(os.getpid(), signal.SIGSEGV)
        return real_run(self, display, path, raw, fix)

    monkeypatch.setattr(engine.Linter, "run", run)
    argv = ["check", "--fix", "--jobs", "2", "--output-format", "json", *cache, "."]
    result = run_no_traceback(run_cli, argv, tmp_path)
    for name in [*files, "P/b.py"]:
        assert (tmp_path / name).read_text() == FIXED, name
    assert (tmp_path / "P" / "crash.py").read_text() == SELF
    message = "the parser crashed on this file (please report this bug); the file was not changed"
    found = json_by_path(result.out)
    assert summary(found.pop("P/crash.py")) == [(1, 1, "IL000", False, message)]
    assert found == {}
    assert result.err == ""
    assert result.rc == 1
