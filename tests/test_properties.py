"""Property tests (issue 4): hypothesis with hypothesmith-generated Python, plus a
strategy of our own that writes import statements into modules at several package depths.

Profiles: `ci` (the default; a modest number of derandomized examples), `smoke` (a tenth
of them: the interpreter matrix in .ci/run) and `long` (HYPOTHESIS_PROFILE=long;
HYPOTHESIS_EXAMPLES=N, default 5000, scales it) for fuzzing:

    HYPOTHESIS_PROFILE=long HYPOTHESIS_EXAMPLES=8000 pytest tests/test_properties.py -p no:cacheprovider
"""

from __future__ import annotations

import ast
import io
import os
import re
import tempfile
from dataclasses import dataclass
from importlib.util import resolve_name
from pathlib import Path
from typing import Any

import hypothesmith
import oracle
import pytest
from hypothesis import HealthCheck, event, find, given, note, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from importlint.cli import main
from importlint.engine import Linter
from importlint.model import FileResult
from importlint.runner import make_tree
from importlint.settings import Settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
LONG = PROFILE == "long"
LONG_EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "5000"))
# the interpreter matrix's sessions (.ci/run): every property still runs on each interpreter,
# on the first tenth of the derandomized examples; the main suite runs them all
SMOKE = PROFILE == "smoke"


def profile(ci: int, long_share: float = 1.0) -> settings:
    """`ci` examples by default; with HYPOTHESIS_PROFILE=long a share of HYPOTHESIS_EXAMPLES;
    with HYPOTHESIS_PROFILE=smoke a tenth of `ci` (at least 2)."""
    if LONG:
        examples = max(ci, int(LONG_EXAMPLES * long_share))
    else:
        examples = max(2, ci // 10) if SMOKE else ci
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # no example database: CI runs are derandomized anyway
        derandomize=not LONG,  # CI is reproducible; long runs explore
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


# -- the package tree every generated module lives in ------------------------------------------

TREE_FILES = ("P/__init__.py", "P/a/__init__.py", "P/a/b/__init__.py", "P/x.py", "P/a/y.py", "P/a/b/z.py")
# where a generated module sits, and what __package__ would be there
PLACES = {
    "P/m.py": "P",
    "P/__init__.py": "P",
    "P/a/m.py": "P.a",
    "P/a/__init__.py": "P.a",
    "P/a/b/m.py": "P.a.b",
    "P/a/b/__init__.py": "P.a.b",
}


def write_tree(root: Path) -> None:
    (root / ".git").mkdir(parents=True, exist_ok=True)  # no config from above the tree
    for rel in TREE_FILES:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


@pytest.fixture(scope="module")
def tree_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("props")
    write_tree(root)
    return root


def linter(root: Path, max_level: int | None = None) -> Linter:
    s = Settings(max_level=max_level, project_root=str(root))
    return Linter(make_tree(s), s)


_LINTERS: dict[tuple[str, int | None], Linter] = {}


def run_engine(root: Path, place: str, raw: bytes, fix: bool, max_level: int | None = None) -> FileResult:
    key = (str(root), max_level)
    if key not in _LINTERS:
        _LINTERS[key] = linter(root, max_level)
    return _LINTERS[key].run(place, str(root / place), raw, fix)


def fixed_bytes(result: FileResult, raw: bytes) -> bytes:
    return result.new_bytes if result.new_bytes is not None else raw


def compiles(raw: bytes) -> bool:
    try:
        compile(raw, "m.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


# -- our import statements ---------------------------------------------------------------------

INSIDE = ["P", "P.a", "P.a.b", "P.x", "P.a.y", "P.a.b.z", "P.q", "P.a.q"]
OUTSIDE = ["os", "os.path", "P_extra", "Pkg", "Pkg.a", "PP.a"]
RELATIVE_REST = ["", "a", "b", "x", "y", "z", "a.b", "q"]
NAMES = ["x", "y", "z", "a", "b", "q", "os"]
IDENT = st.sampled_from(NAMES)


@st.composite
def aliased(draw: Any, name: st.SearchStrategy[str]) -> str:
    base = draw(name)
    if draw(st.booleans()):
        return f"{base} as {draw(st.sampled_from(['m', 'n', '_x', 'alias']))}"
    return base


@st.composite
def dotted(draw: Any, module: str) -> str:
    """`P.a.b`, sometimes spelt `P . a .b` (still valid Python)."""
    if "." in module and draw(st.integers(0, 5)) == 0:
        return re.sub(r"\.", lambda _: draw(st.sampled_from([" . ", ".", " .", ". "])), module)
    return module


@st.composite
def name_list(draw: Any, nl: str) -> str:
    if draw(st.integers(0, 8)) == 0:
        return "*"
    names = draw(st.lists(aliased(IDENT), min_size=1, max_size=3))
    if not draw(st.booleans()):
        return ", ".join(names)
    # parenthesised: comments, line breaks, a trailing comma
    parts = []
    for item in names:
        comment = draw(st.sampled_from(["", "  # c", "  # noqa", " #)"]))
        sep = draw(st.sampled_from([" ", nl + "    ", "," + comment + nl + "    " if comment else nl + " "]))
        parts.append((item, sep))
    text = "("
    for i, (item, sep) in enumerate(parts):
        text += item
        if i < len(parts) - 1:
            text += "," + (sep if not sep.startswith(",") else sep[1:])
    if draw(st.booleans()):
        text += ","
    text += draw(st.sampled_from(["", nl]))
    return text + ")"


@st.composite
def from_import(draw: Any, nl: str) -> str:
    if draw(st.booleans()):
        module = draw(dotted(draw(st.sampled_from(INSIDE + OUTSIDE))))
    else:
        module = "." * draw(st.integers(1, 4)) + draw(st.sampled_from(RELATIVE_REST))
    gap = draw(st.sampled_from([" ", "  ", " \\" + nl + "    ", "\t"]))
    return f"from {module}{gap}import {draw(name_list(nl))}"


@st.composite
def plain_import(draw: Any, nl: str) -> str:
    targets = draw(
        st.lists(aliased(st.sampled_from(INSIDE + OUTSIDE).flatmap(lambda m: dotted(m))), min_size=1, max_size=3)
    )
    sep = draw(st.sampled_from([", ", ",", ", \\" + nl + "    "]))
    return "import " + sep.join(targets)


@st.composite
def invalid_import(draw: Any, nl: str, known_bugs: bool, max_level: int | None) -> str:
    """IL002's `import .x` forms, mixed with absolute names: `import os, .a.b as m`.

    Without `known_bugs`, the reported bugs are left out: another rule's fix on a part of
    the statement (`import .a, P.a as m`: IL001; `import ..a, .a` with max-level 1: IL004),
    and a continuation line that ends in an absolute name (`import .a, \\<newline> os`).
    """
    sep = draw(st.sampled_from([", ", ",", ", \\" + nl + "    "]))
    if known_bugs:
        absolute, deepest = INSIDE + OUTSIDE, 3
    else:
        absolute = OUTSIDE if "\\" not in sep else []
        deepest = 3 if max_level is None else max(1, max_level)
    items = []
    for _ in range(draw(st.integers(1, 3))):
        if items and absolute and draw(st.integers(0, 3)) == 0:
            name = draw(st.sampled_from(absolute))
        else:
            name = "." * draw(st.integers(1, deepest)) + draw(
                st.sampled_from(["a", "b", "x", "q", "a.b", "a.y", "b.z"])
            )
        items.append(draw(aliased(st.just(name))))
    if draw(st.booleans()):
        items.reverse()  # an absolute name first: `import os, .a`
    return "import " + sep.join(items)


def import_statement(nl: str, invalid: bool, known_bugs: bool, max_level: int | None) -> st.SearchStrategy[str]:
    choices = [from_import(nl), from_import(nl), plain_import(nl)]
    if not invalid:
        return st.one_of(*choices)
    return st.one_of(*choices, invalid_import(nl, known_bugs, max_level))


@dataclass
class Generated:
    place: str
    package: str
    segments: list[tuple[bool, str]]  # (is an import statement, text)
    max_level: int | None

    @property
    def source(self) -> str:
        return "".join(text for _, text in self.segments)

    def statements(self) -> list[str]:
        return [text for is_stmt, text in self.segments if is_stmt]


@st.composite
def generated_modules(draw: Any, invalid: bool = True, known_bugs: bool = False) -> Generated:
    """A module of import statements, each between unique marker comments, in one of the
    ways a statement can stand: alone, indented in a block, between `;` neighbours;
    sometimes 3.15 `lazy` ones, sometimes IL002's invalid `import .x`."""
    place = draw(st.sampled_from(sorted(PLACES)))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    max_level = draw(st.sampled_from([None, None, None, 1, 2]))
    segments: list[tuple[bool, str]] = []
    if draw(st.booleans()):
        segments.append((False, draw(st.sampled_from(["", "\ufeff"])) + '"""doc"""' + nl))
    for k in range(draw(st.integers(1, 6))):
        stmt = draw(import_statement(nl, invalid, known_bugs, max_level))
        style = draw(st.sampled_from(["alone", "alone", "block", "semi_before", "semi_after", "semi_both"]))
        before, after = f"#@{k}@" + nl, ""
        if style == "alone" and not stmt.endswith("*") and draw(st.integers(0, 4)) == 0:
            stmt = "lazy " + stmt  # PEP 810; module level only, never with `*`
        if style == "block":
            before += "if True:" + nl + draw(st.sampled_from(["    ", "\t", " "]))
        if style in ("semi_before", "semi_both"):
            before += f"v{k} = 1; "
        if style in ("semi_after", "semi_both"):
            after += f"; w{k} = 2"
        after += draw(st.sampled_from(["", "  # trailing", "  # noqa: IL004", " \\" + nl + "    ;u = 3"]))
        segments += [(False, before), (True, stmt), (False, after + nl)]
    if draw(st.booleans()):
        segments[-1] = (False, segments[-1][1][: -len(nl)])  # no trailing newline
    return Generated(place, PLACES[place], segments, max_level)


def _unlazy(statement: str) -> str:
    """The statement(s) without PEP 810's `lazy` keyword, which this interpreter may not parse."""
    return re.sub(r"(^|;[ \t]*)lazy[ \t]+(?=import|from)", r"\1", statement)


_INVALID_ITEM = re.compile(r"\s*(\.*)\s*([\w.]+)(?:\s+as\s+(\w+))?\s*")


def _invalid_bindings(statement: str, package: str) -> list[tuple[str, str, str]] | None:
    """What IL002's contract says `import .a.b as m, os` means: `from .a import b as m; import os`."""
    clause = re.sub(r"\\(\r\n|\r|\n)", " ", _unlazy(statement))[len("import") :]
    out = []
    for item in clause.split(","):
        match = _INVALID_ITEM.fullmatch(item)
        assert match is not None, item
        dots, name, asname = match.groups()
        parent, _, last = name.rpartition(".")
        if not dots:
            out.append(("", name, name.partition(".")[0]) if asname is None else (parent, last, asname))
            continue
        try:
            base = resolve_name(dots + parent, package)
        except (ImportError, ValueError):
            return None
        out.append((base, last, asname or last))
    return sorted(out)


def bindings(statement: str, package: str) -> list[tuple[str, str, str]] | None:
    """What a statement binds, resolved with importlib: sorted (module, name, bound name);
    None if a relative import cannot be resolved (Python would raise)."""
    try:
        tree = ast.parse(_unlazy(statement))
    except SyntaxError:
        return _invalid_bindings(statement, package)
    out = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            try:
                base = resolve_name("." * node.level + (node.module or ""), package)
            except (ImportError, ValueError):
                return None
            out += [(base, a.name, a.asname or a.name) for a in node.names]
        else:
            assert isinstance(node, ast.Import), statement
            for a in node.names:
                parent, _, last = a.name.rpartition(".")
                if a.asname is None:
                    out.append(("", a.name, a.name.partition(".")[0]))  # `import a.b` binds `a`
                else:
                    out.append((parent, last, a.asname))
    return sorted(out)


_IMPORT_WORD = re.compile(r"(?<![\w.])import(?!\w)")


def after_import_keyword(statement: str) -> str:
    """The text after a from-import's `import` keyword (the part a fix must not touch)."""
    match = _IMPORT_WORD.search(statement)
    assert match is not None, statement
    return statement[match.end() :]


def without_lazy(gen: Generated, text: str) -> bytes:
    """`text` (the module or its fixed form) with every statement's `lazy ` dropped, so that
    this interpreter can compile it."""
    return re.sub(r"(#@\d+@(?:\r\n|\r|\n)|;[ \t]*)lazy ", r"\1", text).encode("utf-8")


def split_fixed(gen: Generated, fixed: str) -> list[str]:
    """The new text of each statement: every other segment must be found byte for byte."""
    pattern = "".join("(.*?)" if is_stmt else re.escape(text) for is_stmt, text in gen.segments)
    match = re.fullmatch(pattern, fixed, re.DOTALL)
    assert match is not None, "a byte outside the import statements changed"
    return list(match.groups())


# -- properties on hypothesmith-generated modules -------------------------------------------------

SELF_IMPORTS = st.lists(
    st.sampled_from(
        [
            "from P.a import x\n",
            "import P.a.b as m\n",
            "from P import x as y\n",
            "from .. import x\n",
            "import P.x\n",
            "from P_extra import e\n",
            "import .a\n",
        ]
    ),
    max_size=3,
)


# built once: building hypothesmith's strategies (a grammar compile) is the slow part
PROGRAMS = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())


@st.composite
def hypothesmith_modules(draw: Any) -> tuple[str, bytes]:
    body = draw(PROGRAMS)
    head = "".join(draw(SELF_IMPORTS))
    source = head + body if draw(st.booleans()) else body + ("\n" if body and not body.endswith("\n") else "") + head
    return draw(st.sampled_from(sorted(PLACES))), source.encode("utf-8", "surrogatepass")


@profile(ci=80)
@given(case=hypothesmith_modules())
def test_generated_modules(tree_root: Path, case: tuple[str, bytes]) -> None:
    """No crash; nothing to fix means byte-identical; fixes verify, compile and are idempotent."""
    place, raw = case
    note(f"{place}: {raw!r}")
    checked = run_engine(tree_root, place, raw, fix=False)
    result = run_engine(tree_root, place, raw, fix=True)
    assert result.error is None, result.error  # a fix that fails its own verification is a bug
    fixed = fixed_bytes(result, raw)
    fixable = [v for v in checked.violations if v.fixable]
    event("fixed" if fixable else "nothing to fix")
    event("compiles" if compiles(raw) else "does not compile")
    if not fixable:
        assert fixed == raw
        assert [v.code for v in result.violations] == [v.code for v in checked.violations]
    else:
        assert fixed != raw
    if compiles(raw):
        assert compiles(fixed), fixed
        assert not [v for v in checked.violations if v.code == "IL000"]
    again = run_engine(tree_root, place, fixed, fix=True)
    assert again.error is None and again.new_bytes is None  # idempotent
    assert not [v for v in again.violations if v.fixable]


# -- properties on our own import statements ---------------------------------------------------


@profile(ci=100)
@given(gen=generated_modules())
def test_fix_keeps_every_other_byte_and_what_is_imported(tree_root: Path, gen: Generated) -> None:
    fix_keeps_every_other_byte_and_what_is_imported(tree_root, gen)


def test_il002_forms_mixed_with_self_imports(tree_root: Path) -> None:
    """The same property with the known bugs' inputs allowed: it finds a counterexample.

    (`find` rather than `@given`, so an expected failure leaves no patch file behind.)
    """

    def breaks(gen: Generated) -> bool:
        try:
            fix_keeps_every_other_byte_and_what_is_imported(tree_root, gen)
        except AssertionError:
            return True
        return False

    try:
        example = find(generated_modules(known_bugs=True), breaks, settings=profile(ci=100))
    except NoSuchExample:
        return
    pytest.fail(f"counterexample: {example.place} (max-level {example.max_level}): {example.source!r}")


def fix_keeps_every_other_byte_and_what_is_imported(tree_root: Path, gen: Generated) -> None:
    """Only import statements change; each still binds the same names to the same absolute
    modules (IL002 forms: what the contract says they mean); all IL002 forms get fixed;
    the result compiles and a second fix changes nothing."""
    raw = gen.source.encode("utf-8")
    note(f"{gen.place} (package {gen.package}, max-level {gen.max_level}): {raw!r}")
    result = run_engine(tree_root, gen.place, raw, fix=True, max_level=gen.max_level)
    assert result.error is None, result.error
    fixed = fixed_bytes(result, raw)
    event("fixed" if result.new_bytes is not None else "unchanged")
    invalid = [s for s in gen.statements() if bindings(s, gen.package) is None or _is_invalid_form(s)]
    if invalid:
        event("has IL002 forms")
    if "lazy " in gen.source:
        event("has lazy imports")
    # every IL002 form is fixed, so the module compiles afterwards (with `lazy` dropped on < 3.15)
    assert compiles(without_lazy(gen, fixed.decode("utf-8"))), fixed
    new_statements = split_fixed(gen, fixed.decode("utf-8"))
    for old, new in zip(gen.statements(), new_statements):
        if old == new:
            continue
        assert new.startswith("lazy ") == old.startswith("lazy "), (old, new)
        before, after = bindings(old, gen.package), bindings(new, gen.package)
        assert after == before, (old, new)
        if not _is_invalid_form(old) and isinstance(ast.parse(_unlazy(old)).body[0], ast.ImportFrom):
            assert after_import_keyword(new) == after_import_keyword(old), (old, new)
    again = run_engine(tree_root, gen.place, fixed, fix=True, max_level=gen.max_level)
    assert again.new_bytes is None and again.error is None
    if result.new_bytes is None:
        checked = run_engine(tree_root, gen.place, raw, fix=False, max_level=gen.max_level)
        assert not [v for v in checked.violations if v.fixable]


def _is_invalid_form(statement: str) -> bool:
    try:
        ast.parse(_unlazy(statement))
    except SyntaxError:
        return True
    return False


# -- results do not depend on file order or --jobs ---------------------------------------------------

FILLERS = 24  # the runner only starts a process pool from 24 files on


@st.composite
def trees(draw: Any) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for gen in draw(st.lists(generated_modules(), min_size=2, max_size=6)):
        place = gen.place if gen.place not in files else gen.place.replace("m.py", f"m{len(files)}.py")
        if place in files:
            continue
        files[place] = gen.source.encode("utf-8")
    for i in range(FILLERS):
        body = draw(
            st.sampled_from([b"from P.a import y\n", b"import os\n", b"from . import q\n", b"from .q import r\n"])
        )
        files[f"P/a/f{i:02d}.py"] = body
    return files


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    main(argv, stdout=out)
    return out.getvalue()


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@profile(ci=8, long_share=0.02)
@given(files=trees())
def test_results_do_not_depend_on_order_or_jobs(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        roots = [base / name for name in ("one", "two", "three")]
        for root in roots:
            write_tree(root)
            for rel, data in files.items():
                (root / rel).write_bytes(data)
        one = roots[0]
        paths = sorted(str(one / rel) for rel in {*files, *TREE_FILES})
        common = ["check", "--output-format", "json", "--no-cache"]
        serial = _run([*common, "--jobs", "1", *paths])
        assert _run([*common, "--jobs", "2", *paths]) == serial
        assert _run([*common, "--jobs", "2", *reversed(paths)]) == serial
        assert _run([*common, "--jobs", "1", *reversed(paths)]) == serial
        assert _run([*common, "--jobs", "2", str(one)]) == serial
        # --fix gives the same files whatever the jobs and order
        _run(["check", "--fix", "--no-cache", "--jobs", "1", str(roots[1])])
        _run(
            [
                "check",
                "--fix",
                "--no-cache",
                "--jobs",
                "2",
                *reversed([p.replace(str(one), str(roots[2])) for p in paths]),
            ]
        )
        assert _files(roots[1]) == _files(roots[2])


# -- what the fuzzing found, one example each ---------------------------------------------------------

FOUND = [
    pytest.param(
        "P/__init__.py",
        None,
        "import .a, P.a as m\n",
        "from . import a; from . import a as m\n",
        id="il002-then-il001-drops-a-name",
    ),
    pytest.param(
        "P/__init__.py",
        None,
        "v = 1; import .a, P.x as m  # c\n",
        "v = 1; from . import a; from . import x as m  # c\n",
        id="il002-then-il001-after-semicolon-drops-a-name",
    ),
    pytest.param(
        "P/__init__.py",
        None,
        "import P.a as m, .a\n",
        "from . import a as m; from . import a\n",
        id="il001-then-il002-internal-error",
    ),
    pytest.param(
        "P/a/__init__.py",
        1,
        "lazy import ..a, .a\n",
        "lazy from P import a; lazy from . import a\n",
        id="lazy-il002-then-il004-internal-error",
    ),
    pytest.param(
        "P/m.py",
        None,
        "import .a, \\\n    os\n",
        "from . import a; import \\\n    os\n",
        id="il002-continued-clause-ending-in-absolute-name-not-fixed",
    ),
]


@pytest.mark.parametrize(("place", "max_level", "source", "fixed"), FOUND)
def test_found_by_fuzzing(tree_root: Path, place: str, max_level: int | None, source: str, fixed: str) -> None:
    result = run_engine(tree_root, place, source.encode(), fix=True, max_level=max_level)
    assert result.error is None, result.error
    assert fixed_bytes(result, source.encode()).decode() == fixed


# -- whole package trees against the runtime oracle (issue 8) ----------------------------------------
#
# Each example is a small tree in the shapes issue 8 found unsafe: `__init__` files that bind a
# submodule's name (assignment, def, class, import, star import, `__getattr__`), optional modules
# that do not exist, scripts (every `__main__` test form, a file named `gen-docs.py`), file and
# directory symlinks, continuation lines, a namespace portion inside the package, a stray root
# `__init__.py`, and absolute self-imports in many spellings. `--fix` must keep what every
# module import and every script does (tests/oracle.py), leave nothing fixable behind and
# introduce no finding that was not there before.

INIT_BINDINGS = [
    "",
    "b = 1\n",
    "c = 1\n",
    "def b(): pass\n",
    "class c: pass\n",
    "import os as b\n",
    "from os import path as c\n",
    "from ext import *\n",
    "def __getattr__(name):\n    return 'lazy ' + name\n",
    "from . import c\n",
    "if False:\n    b = 1\n",
]
SELF_IMPORTS_IN_TREES = [
    "import P.a.b as m\n",
    "import P.c as m\n",
    "import P.a as m\n",
    "import P.ns.k as m\n",
    "import P.a.b\n",
    "from P.a import b\n",
    "from P.a.b import X\n",
    "from P import c\n",
    "from P.c import C as cc\n",
    "from P . a import b as bb\n",
    "from P.ns import k\n",
    "from P.ns.k import K\n",
    "import P.a.b as m, \\\n    os\n",
    "from P\\\n    .a import b\n",
    "from P.a \\\n    import b\n",
    "from P.a import (\n    b,  # c\n    X,\n)\n",
    "try:\n    import P._speedups as impl\nexcept ImportError as e:\n    impl = (type(e).__name__, e.name)\n",
    "try:\n    from P import _speedups\nexcept ImportError as e:\n    impl = (type(e).__name__, e.name)\n",
    "import P.missing as mm\n",
    "from . import c\n",
    "from .a import b\n",
    "from .. import c\n",
    "from ..c import C\n",
]
TRAILERS = [
    "",
    "raise ValueError('end')\n",
    "import warnings\nwarnings.warn('w')\n",
    "print(sorted(k for k in globals() if not k.startswith('__')))\n",
]
GUARDS_IN_TREES = [
    "if __name__ == '__main__':\n    print('main')\n",
    "if __name__ == '__main__' and True:\n    print('main')\n",
    "if False:\n    pass\nelif __name__ == '__main__':\n    print('main')\n",
    "try:\n    if __name__ == '__main__':\n        print('main')\nexcept Exception:\n    pass\n",
    "if __name__ in ('__main__',):\n    print('main')\n",
    "__name__ == '__main__' and print('main')\n",
    "match __name__:\n    case '__main__':\n        print('main')\n",
]
# places for generated modules (P/ns has no __init__.py: a namespace portion of P)
TREE_MODULES = ["P/x.py", "P/a/y.py", "P/a/b.py", "P/c.py", "P/ns/k.py", "P/gen-docs.py", "P/a/__init__.py"]
TREE_LINKS = {
    "Q/x.py": "../P/x.py",  # one file, two packages
    "A/c.py": "../P/c.py",  # the same, with the alias sorting first
    "P/a/alias.py": "../c.py",  # one file at two depths
    "P/a/nsl": "../ns",  # a directory link to the namespace portion, one level deeper
    "P/link": "a",  # a directory link at the same depth
}


@dataclass
class OracleTree:
    files: dict[str, str]
    links: dict[str, str]
    scripts: list[str]
    args: list[str]

    def describe(self) -> str:
        parts = [f"--- {rel}\n{text}" for rel, text in sorted(self.files.items())]
        parts += [f"--- {rel} -> {target}" for rel, target in sorted(self.links.items())]
        return "\n".join([*parts, f"scripts: {self.scripts}; args: {self.args}"])


@st.composite
def oracle_trees(draw: Any) -> OracleTree:
    files = {
        "ext.py": "b = 3\nc = 4\n",
        "P/__init__.py": draw(st.sampled_from(INIT_BINDINGS)),
        "P/a/__init__.py": draw(st.sampled_from(INIT_BINDINGS)),
        "P/a/b.py": "X = 'b'\n",
        "P/c.py": "class C: pass\n",
        "P/ns/k.py": "class K: pass\n",
    }
    scripts: list[str] = []
    for place in draw(st.lists(st.sampled_from(TREE_MODULES), min_size=1, max_size=4, unique=True)):
        statements = draw(st.lists(st.sampled_from(SELF_IMPORTS_IN_TREES), min_size=1, max_size=3))
        body = "".join(statements)
        if place.endswith("__init__.py"):
            body = files[place] + body
        elif place in ("P/a/b.py", "P/c.py", "P/ns/k.py"):
            body = files[place] + body
        guard = draw(st.sampled_from([None, *GUARDS_IN_TREES])) if not place.endswith("__init__.py") else None
        body += draw(st.sampled_from(TRAILERS)) if guard is None else guard
        # a file with a relative import fails as `python P/x.py` before any fix; a fix (IL004's
        # absolute form) may make it work, which is no harm: such files are no scripts to keep
        relative = any(stmt.startswith("from .") for stmt in statements)
        if (guard is not None or place == "P/gen-docs.py") and not relative:
            scripts.append(place)
        files[place] = body
    links = {rel: TREE_LINKS[rel] for rel in draw(st.lists(st.sampled_from(sorted(TREE_LINKS)), unique=True))}
    for rel in links:
        if rel.startswith(("Q/", "A/")):
            files.setdefault(rel.split("/")[0] + "/__init__.py", "")
    if draw(st.integers(0, 4)) == 0:  # a stub that declares what the `.py` may bind
        files["P/a/__init__.pyi"] = draw(st.sampled_from(["b: int\n", "c: int\n", "X: int\n"]))
    stray = draw(st.integers(0, 19))
    if stray < 2:  # a stray root __init__.py, in a project with a pyproject.toml or in the bare repository
        files["__init__.py"] = ""
        if stray == 0:
            files["pyproject.toml"] = "[project]\nname = 'myrepo'\n"
    args = draw(st.sampled_from([[], [], ["--max-level", "1"], ["--unsafe-fixes"]]))
    if "--unsafe-fixes" in args:
        # documented to break `python P/x.py` for modules with a `__main__` test; not for a file
        # that can only be a script (`gen-docs.py` is in no package: nothing to fix there)
        scripts = [s for s in scripts if s == "P/gen-docs.py"]
    return OracleTree(files, links, scripts, args)


def fix_keeps_behaviour(tree: OracleTree) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "myrepo"
        (root / ".git").mkdir(parents=True)
        for rel, text in tree.files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        for rel, target in tree.links.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, root / rel)
        run = oracle.assert_fix_keeps_behaviour(root, tree.args, scripts=tree.scripts)
        event("fixed" if run.changed else "unchanged")
        assert run.exit_code in (0, 1), run.stderr
        remaining = oracle.report(root, tree.args)
        assert not [v for v in remaining if v["fixable"]], remaining  # the fix loop converged
        seen = {(v["path"], v["line"], v["code"]) for v in run.report}
        new = [v for v in remaining if (v["path"], v["line"], v["code"]) not in seen]
        assert not new, new  # a fix produced code that a rule reports


@pytest.mark.slow
@profile(ci=15, long_share=0.04)
@given(tree=oracle_trees())
def test_fix_keeps_runtime_behaviour_of_generated_trees(tree: OracleTree) -> None:
    note(tree.describe())
    fix_keeps_behaviour(tree)
