"""Parsing what users write (issues 8 and 9): line counts kept by fixes, `lazy` over a line
continuation, NFKC names, files only `compile()` rejects, 1,000-part names, `import .a.`,
CPython's own warnings kept off stderr, and IL000's line, column and decode message."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import oracle
import pytest
from conftest import package_tree


def _json(run_cli: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli(["check", "--no-cache", "--output-format", "json", *args, "."], cwd=root)
    assert result.err == "", result.err
    findings: list[dict[str, Any]] = json.loads(result.out)
    return findings


def _where(findings: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["column"], f["code"]) for f in findings]


# --------------------------------------------------------------------------- item 6: line numbers kept

CONTINUED = (
    "import P.a as m, \\\n"
    "    os\n"
    "from P\\\n"
    "    .a import x\n"
    "import os, \\\n"
    "  P.b.c as k\n"
    "from P.a import (\n"
    "    x)\n"
    "def boom():\n"
    "    raise ValueError(m.__name__ + k.__name__ + os.sep)\n"
)
CONTINUED_FIXED = (
    "from . import a as m; import \\\n"
    "    os\n"
    "from .a import \\\n"
    "    x\n"
    "import os; from .b import \\\n"
    "  c as k\n"
    "from .a import (\n"
    "    x)\n"
    "def boom():\n"
    "    raise ValueError(m.__name__ + k.__name__ + os.sep)\n"
)


def test_il001_fix_keeps_every_line_number(tmp_path: Path) -> None:
    package_tree(
        tmp_path,
        {
            "P/a/__init__.py": "x = 1\n",
            "P/b/c.py": "",
            "P/m.py": CONTINUED,
            "run.py": "import P.m\nP.m.boom()\n",
        },
    )
    before = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True)
    assert 'P/m.py", line 10, in boom' in before.stderr.replace(os.sep, "/")
    run = oracle.assert_fix_keeps_behaviour(tmp_path, scripts=["run.py"])
    assert run.changed == {"P/m.py": CONTINUED_FIXED}
    after = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True)
    assert 'P/m.py", line 10, in boom' in after.stderr.replace(os.sep, "/")


def test_il001_fix_keeps_crlf_line_breaks(tmp_path: Path) -> None:
    package_tree(tmp_path, {"P/a.py": "", "P/m.py": b"import P.a as m, \\\r\n    os\r\nx = 1\r\n"})
    oracle.assert_fix_keeps_behaviour(tmp_path)
    assert (tmp_path / "P/m.py").read_bytes() == b"from . import a as m; import \\\r\n    os\r\nx = 1\r\n"


# adv.md item 6: CPython gives every alias of `import a, b` the statement's first line; the
# statements split off it all start there, so the importing file's frame keeps its line
SPLIT = {
    # (source with `\n` line breaks, the fixed text): P.a raises on import, P.c does not
    "fails": (
        "import os, \\\n    P.a as m, sys\nraise RuntimeError\n",
        "import os; from . import a as m; import \\\n    sys\nraise RuntimeError\n",
    ),
    "fails_two": (
        "import P.c as q, \\\nP.a as m  # c\nraise RuntimeError\n",
        "from . import c as q; from . import \\\n    a as m  # c\nraise RuntimeError\n",
    ),
    "later_raise": (
        "import os, \\\n  P.c as m, \\\n  sys; x = 1  # c\nraise RuntimeError(m.__name__)\n",
        "import os; from . import c as m; import \\\n  \\\n  sys; x = 1  # c\nraise RuntimeError(m.__name__)\n",
    ),
    "from_fails": ("from P\\\n.a import x\nraise RuntimeError\n", "from .a import \\\n    x\nraise RuntimeError\n"),
    "from_later_raise": (
        "from P\\\n  .c import (\n  y)  # c\nraise RuntimeError\n",
        "from .c import \\\n  (\n  y)  # c\nraise RuntimeError\n",
    ),
}
EXPECTED_FRAME = {"fails": 1, "fails_two": 1, "later_raise": 4, "from_fails": 1, "from_later_raise": 4}


def _other_pythons() -> list[str]:
    """The pyenv interpreters 3.9-3.13 besides this one (none on a machine without pyenv)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = []
    for minor in range(9, 14):
        for version in sorted(Path(root, "versions").glob(f"3.{minor}.*")):
            found.append(str(version / "bin" / "python"))
    return found


def _frame_lines(root: Path, modules: list[str], python: str) -> dict[str, list[str]]:
    """`python -c "import M"`: the traceback lines that name M's file, per module."""
    out = {}
    for module in modules:
        done = subprocess.run([python, "-S", "-c", f"import {module}"], cwd=root, capture_output=True, text=True)
        path = module.replace(".", "/") + ".py"
        out[module] = [line.strip() for line in done.stderr.replace(os.sep, "/").splitlines() if path in line]
    return out


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_split_import_keeps_the_statements_line_in_tracebacks(tmp_path: Path, newline: str) -> None:
    files: dict[str, str | bytes] = {"P/a.py": "raise ValueError('boom')\n", "P/c.py": "y = 1\n"}
    for name, (source, _) in SPLIT.items():
        files[f"P/{name}.py"] = source.replace("\n", newline).encode()
    package_tree(tmp_path, files)
    modules = [f"P.{name}" for name in SPLIT]
    others = {python: _frame_lines(tmp_path, modules, python) for python in _other_pythons()}
    assert all(all(lines) for lines in others.values()), others  # every module fails, naming its file
    before = oracle.behaviour(tmp_path, modules)["modules"]
    for name, line in EXPECTED_FRAME.items():
        assert before[f"P.{name}"]["exception"]["traceback"][0] == [f"P/{name}.py", line, "<module>"]
    oracle.assert_fix_keeps_behaviour(tmp_path, modules=modules)
    for name, (_, fixed) in SPLIT.items():
        assert (tmp_path / f"P/{name}.py").read_bytes() == fixed.replace("\n", newline).encode()
    for python, frames in others.items():  # the same lines on every other CPython found
        assert _frame_lines(tmp_path, modules, python) == frames, python


# --------------------------------------------------------------------------- item 7: `lazy \` newline


def test_lazy_over_a_line_continuation_is_a_lazy_import(tmp_path: Path, run_cli: Any) -> None:
    source = "lazy \\\nfrom P.a import x\nif x:\n    lazy \\\n      import P.a as y, \\\n        os\n"
    package_tree(tmp_path, {"P/a.py": "x = 1\n", "P/m.py": source})
    findings = _json(run_cli, tmp_path)
    assert _where(findings) == [("P/m.py", 1, 1, "IL001"), ("P/m.py", 4, 5, "IL001")]
    result = run_cli(["check", "--no-cache", "--fix", "."], cwd=tmp_path)
    assert result.rc == 0, result.out
    assert (tmp_path / "P/m.py").read_text() == (
        "lazy \\\nfrom .a import x\nif x:\n    lazy \\\n      from . import a as y; lazy import \\\n        os\n"
    )


# --------------------------------------------------------------------------- item 12: NFKC names


def test_names_are_nfkc_normalised(tmp_path: Path, run_cli: Any) -> None:
    package_tree(
        tmp_path,
        {"P/file.py": "x = 1\n", "P/a.py": "y = 2\n", "P/u.py": "from .\ufb01le import x\nfrom \uff30.a import y\n"},
    )
    imported = oracle.behaviour(tmp_path, ["P.u"])["modules"]["P.u"]
    assert imported["exception"] is None  # CPython imports `P.file` and `P.a`
    assert imported["loaded"]["P.file"] == "P/file.py"
    findings = _json(run_cli, tmp_path)
    # `.ﬁle` is `.file` (no IL006); `Ｐ.a` is `P.a`, the file's own package (IL001)
    assert _where(findings) == [("P/u.py", 2, 1, "IL001")]
    run = oracle.assert_fix_keeps_behaviour(tmp_path, modules=["P.u"])
    assert run.changed == {"P/u.py": "from .\ufb01le import x\nfrom .a import y\n"}


# --------------------------------------------------------------------------- item 13: compile() errors

COMPILE_ONLY = [
    pytest.param("from P.a import x\nreturn 1\n", "'return' outside function", id="module-level-return"),
    pytest.param("from P.a import x\nclass C:\n    return 1\n", "'return' outside function", id="return-in-class"),
    pytest.param("from P.a import x\nclass C:\n    y = yield 1\n", "'yield' outside function", id="yield-in-class"),
    pytest.param("from P.a import x\nx = [(yield) for _ in x]\n", None, id="yield-in-comprehension"),
    pytest.param("from P.a import x\nawait x\n", "'await' outside function", id="module-level-await"),
    pytest.param("from P.a import x\nnonlocal x\n", "nonlocal declaration not allowed at module level", id="nonlocal"),
    pytest.param(
        "import os\nfrom __future__ import annotations\nfrom P.a import x\n",
        "from __future__ imports must occur at the beginning of the file",
        id="future-after-import",
    ),
    pytest.param("from __future__ import braces\nfrom P.a import x\n", "not a chance", id="future-braces"),
    pytest.param(
        "from __future__ import nope\nfrom P.a import x\n", "future feature nope is not defined", id="unknown-future"
    ),
    pytest.param(
        "from P.a import x\ndef f(a, a):\n    pass\n", "duplicate argument 'a' in function definition", id="dup-args"
    ),
    pytest.param("from P.a import x\nbreak\n", "'break' outside loop", id="break"),
    pytest.param(
        "from P.a import x\ndef f():\n    from os import *\n", "import * only allowed at module level", id="star-in-def"
    ),
    pytest.param("from P.a import x\ndef f():\n    async with x:\n        pass\n", None, id="async-with-in-plain-def"),
]


@pytest.mark.parametrize(("source", "message"), COMPILE_ONLY)
def test_compile_only_errors_are_il000_never_fixed(
    tmp_path: Path, run_cli: Any, source: str, message: str | None
) -> None:
    ast.parse(source)  # the parser accepts it: only compiling rejects it
    with pytest.raises(SyntaxError) as info:
        compile(source, "m.py", "exec", dont_inherit=True)
    error = info.value
    assert message is None or error.msg == message
    package_tree(tmp_path, {"P/a.py": "x = 1\n", "P/m.py": source})
    (finding,) = _json(run_cli, tmp_path)
    assert (finding["path"], finding["code"], finding["message"]) == ("P/m.py", "IL000", f"SyntaxError: {error.msg}")
    line = error.lineno if error.lineno and error.lineno > 0 else 1
    assert (finding["line"], finding["column"]) == (line, max(error.offset or 1, 1))
    assert finding["fixable"] is False
    result = run_cli(["check", "--no-cache", "--fix", "."], cwd=tmp_path)
    assert result.rc == 1
    assert (tmp_path / "P/m.py").read_text() == source


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            '"""Doc."""\nfrom __future__ import annotations\nfrom P.a import x\n', id="future-after-docstring"
        ),
        pytest.param("from P.a import x\nx = lambda: (yield)\n", id="yield-in-lambda"),
        pytest.param("from P.a import x\nasync def f():\n    await x\n", id="await-in-async-def"),
        pytest.param(
            "from P.a import x\nwhile x:\n    try:\n        pass\n    finally:\n        break\n", id="break-in-finally"
        ),
        pytest.param('from P.a import x\n"""yield and await in a string"""\n', id="words-in-a-string"),
    ],
)
def test_code_that_compiles_is_never_il000(tmp_path: Path, run_cli: Any, source: str) -> None:
    compile(source, "m.py", "exec", dont_inherit=True)
    package_tree(tmp_path, {"P/a.py": "x = 1\n", "P/m.py": source})
    assert [f["code"] for f in _json(run_cli, tmp_path)] == ["IL001"]


# --------------------------------------------------------------------------- item 14: 1,000-part names


def test_a_thousand_part_name_costs_no_other_file(tmp_path: Path, run_cli: Any) -> None:
    name = ".".join(["a"] * 1000)
    package_tree(
        tmp_path,
        {
            "P/a.py": "",
            "P/deep.py": f"import P.{name} as q\nimport {name}\nfrom {name} import x\n",
            "P/z.py": "from P.a import x\n",
        },
    )
    result = run_cli(["check", "--no-cache", "--output-format", "json", "."], cwd=tmp_path)
    assert result.err == ""
    findings = json.loads(result.out)
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [
        ("P/deep.py", 1, "IL001"),
        ("P/deep.py", 1, "IL010"),  # `P.a` is a module: `P.a.a` does not exist
        ("P/z.py", 1, "IL001"),
    ]
    assert findings[0]["fixable"] is False  # no CST to rebuild the statement from: reported, not fixed
    result = run_cli(["check", "--no-cache", "--fix", "."], cwd=tmp_path)
    assert "Traceback" not in result.out + result.err
    assert (tmp_path / "P/z.py").read_text() == "from .a import x\n"


# --------------------------------------------------------------------------- item 17: `import .a.`


@pytest.mark.parametrize("statement", ["import .a.", "import .a.b."])
def test_invalid_twice_is_not_fixed(tmp_path: Path, run_cli: Any, statement: str) -> None:
    source = f"x = 1\n{statement}\n"
    with pytest.raises(SyntaxError) as info:
        compile(source, "m.py", "exec", dont_inherit=True)
    package_tree(tmp_path, {"P/a/b.py": "", "P/m.py": source})
    (finding,) = _json(run_cli, tmp_path)
    expected = ("P/m.py", 2, info.value.offset, "IL000")
    assert (*_where([finding])[0],) == expected
    assert finding["message"] == f"SyntaxError: {info.value.msg}"
    result = run_cli(["check", "--no-cache", "--fix", "."], cwd=tmp_path)
    assert result.rc == 1
    assert (tmp_path / "P/m.py").read_text() == source


# --------------------------------------------------------------------------- item 18: CPython's warnings


WARNS = 'import re\nfrom P.a import x\nPATTERN = "\\d+"\nif x is 1:\n    pass\n'


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["jobs-1", "jobs-2"])
def test_cpython_syntax_warnings_never_reach_stderr(tmp_path: Path, jobs: str) -> None:
    package_tree(tmp_path, {"P/a.py": "x = 1\n", "P/m.py": WARNS, "P/n.py": "return 1\n" + WARNS})
    with warnings.catch_warnings(record=True) as caught:  # the file really makes CPython warn
        warnings.simplefilter("always")
        compile(WARNS, "m.py", "exec", dont_inherit=True)
    assert {w.category for w in caught} & {SyntaxWarning, DeprecationWarning}
    env = {**os.environ, "PYTHONWARNINGS": "always"}  # a leak would show even where hidden by default
    for args in (["check"], ["check", "--fix"]):
        proc = subprocess.run(
            [sys.executable, "-m", "importlint", *args, "--no-cache", "-j", jobs, "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
        )
        # only the tool's own summary lines: no `<unknown>:3: SyntaxWarning: ...`
        assert "Warning" not in proc.stderr and "<unknown>" not in proc.stderr, proc.stderr
        own = ("Found ", "[*] ", "[-] ", "No ", "All ")
        assert all(line.startswith(own) for line in proc.stderr.splitlines() if line), proc.stderr
        assert proc.returncode == 1, proc.stdout
    assert (tmp_path / "P/m.py").read_text() == WARNS.replace("from P.a", "from .a")


# --------------------------------------------------------------------------- IL000 line, column, decoding


def test_il000_has_cpythons_line_and_column(tmp_path: Path, run_cli: Any) -> None:
    source = "x = 'é'\ndef f(:\n    pass\n"
    with pytest.raises(SyntaxError) as info:
        compile(source, "m.py", "exec", dont_inherit=True)
    assert (info.value.lineno, info.value.offset) == (2, 7)  # every supported Python agrees
    package_tree(tmp_path, {"P/m.py": source})
    (finding,) = _json(run_cli, tmp_path)
    assert _where([finding]) == [("P/m.py", 2, 7, "IL000")]
    assert finding["message"] == f"SyntaxError: {info.value.msg}"


def test_il000_column_counts_characters(tmp_path: Path, run_cli: Any) -> None:
    source = "é = 'ü'; def f(:\n"
    with pytest.raises(SyntaxError) as info:
        compile(source, "m.py", "exec", dont_inherit=True)
    package_tree(tmp_path, {"P/m.py": source})
    assert _where(_json(run_cli, tmp_path)) == [("P/m.py", 1, info.value.offset, "IL000")]
    assert info.value.offset == 10


def test_decode_error_says_it_once_with_its_position(tmp_path: Path, run_cli: Any) -> None:
    package_tree(tmp_path, {"P/m.py": b"import os\r\nx = 1\r\ny = '\xc3\xa9\xff'\r\n"})
    (finding,) = _json(run_cli, tmp_path)
    assert _where([finding]) == [("P/m.py", 3, 7, "IL000")]
    assert finding["message"] == "cannot decode the file as utf-8: invalid start byte at line 3, column 7 (byte 0xff)"
