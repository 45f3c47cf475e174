"""A runtime oracle for fix safety (issue 8): what a package tree *does* when Python imports it.

`behaviour(root)` imports every module of the tree (or the ones named) in a fresh interpreter
each, so import order never leaks from one module into another, and runs each named script
with `python path` (cwd = root). It returns a JSON-able description of what happened:

- per module: every module-level name -> what it is bound to (a module: its `__name__`, the
  file it came from and whether it is the object in `sys.modules`; a function or class: its
  `__module__`/`__qualname__` and every other tree module's name bound to the same object; any
  other value: type and a truncated repr), the exception the import raised (type, ImportError's
  `.name`, message, traceback file/line/function per frame, chained causes), the warnings
  emitted (category, message, file, line), stdout and stderr, which tree modules got
  loaded from which files, and what those bind (in short: an import can set attributes on
  other modules);
- per script: exit code, stdout and stderr, with the root on sys.path after the script's
  directory, as an editable install would put it.

Interpreters run with `-S` (no `site`: the trees need nothing from site-packages, and `site`
doubles the start-up time) and without PYTHON* variables, at a fixed hash seed.

Paths are relative to `root` (the root itself appears as `<root>`), memory addresses are
masked and traceback *source lines* are dropped (a fix legitimately rewrites the line an
import statement is on; its number must stay), so before/after snapshots compare equal
exactly when the program behaves the same.

`assert_fix_keeps_behaviour(root)` records the behaviour, runs `importlint check --fix` in a
subprocess, records it again and asserts equality with a readable diff.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT = 60.0  # seconds per interpreter; a hang is recorded as behaviour, not waited on forever
WORKERS = max(1, min(4, os.cpu_count() or 1))
# -S: no `site`. The trees under test need nothing from site-packages, and `site` (with the
# .pth files of editable installs) costs more than the rest of an interpreter's start-up.
PYTHON_FLAGS = ("-S", "-X", "faulthandler")
SKIP_DIRS = {".git", "__pycache__", ".importlint_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"}
MASK_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")

# The child: runs under `python -S -X faulthandler -c CHILD root module outfile type_checking`.
# It imports its few tools before the tree is on sys.path, so a tree module named `types` cannot
# shadow them, and writes its report (a Python literal: no `json`, `re` or `traceback` to import,
# which would triple the start-up time) to a file, so that the module's stdout/stderr stay
# exactly what the module printed.
CHILD = r"""
import sys
_root, _target, _out, _tc = sys.argv[1:5]
del sys.argv[1:]
_cwd_entry = sys.path.pop(0)  # '' (the cwd, which is the root): back below, as the root itself
import os, types, warnings, importlib
if _tc == "1":
    import typing
    typing.TYPE_CHECKING = True

_ROOT = os.path.normpath(_root)
_HEX = set("0123456789abcdefABCDEF")
_SCALARS = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset, type(Ellipsis),
            type(NotImplemented))


def _text(s):
    # the root as `<root>`, memory addresses (0x and 4+ hex digits) as `0x?`
    s = str(s).replace(_ROOT, "<root>")
    out, i, n = [], 0, len(s)
    while True:
        j = s.find("0x", i)
        if j < 0:
            out.append(s[i:])
            return "".join(out)
        k = j + 2
        while k < n and s[k] in _HEX:
            k += 1
        out.append(s[i:j] + "0x?" if k - j - 2 >= 4 else s[i:k])
        i = k


def _rel(path):
    if not isinstance(path, str):
        return None if path is None else _text(path)
    norm = os.path.normpath(path)
    if norm == _ROOT or norm.startswith(_ROOT + os.sep):
        return os.path.relpath(norm, _ROOT).replace(os.sep, "/")
    return _text(path)


def _under_root(module):
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    paths = list(getattr(spec, "submodule_search_locations", None) or []) if spec is not None else []
    for path in [origin, *paths]:
        if isinstance(path, str):
            norm = os.path.normpath(path)
            if norm.startswith(_ROOT + os.sep):
                return True
    return False


def _origin(module):
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) if spec is not None else None
    if origin is None:
        origin = getattr(module, "__file__", None)
    if origin is None and spec is not None and spec.submodule_search_locations:
        return ["namespace", sorted(_rel(p) for p in spec.submodule_search_locations)]
    return _rel(origin)


def _tree_modules():
    return {name: m for name, m in list(sys.modules.items()) if isinstance(m, types.ModuleType) and _under_root(m)}


def _links(tree):
    # id -> every "module.attr" of a tree module bound to that object (identity, not equality)
    out = {}
    for mname, module in tree.items():
        for attr, value in list(vars(module).items()):
            if attr.startswith("__") and attr.endswith("__") or isinstance(value, _SCALARS):
                continue
            out.setdefault(id(value), []).append(mname + "." + attr)
    return out


def _describe(value, links):
    if isinstance(value, types.ModuleType):
        name = getattr(value, "__name__", None)
        return {"kind": "module", "name": _text(name), "origin": _origin(value),
                "in_sys_modules": sys.modules.get(name) is value}
    same = sorted(links.get(id(value), [])) if not isinstance(value, _SCALARS) else []
    qualname = getattr(value, "__qualname__", None)
    if isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType)) and isinstance(qualname, str):
        return {"kind": "obj", "module": _text(getattr(value, "__module__", None)), "qualname": qualname,
                "same_as": same}
    try:
        text = repr(value)
    except BaseException as e:  # a hostile __repr__ is behaviour too
        text = "<repr raised %s>" % type(e).__name__
    kind = type(value)
    out = {"kind": "value", "type": kind.__module__ + "." + kind.__qualname__, "repr": _text(text)[:200]}
    if same:
        out["same_as"] = same
    return out


def _short(value):
    if isinstance(value, types.ModuleType):
        return "module " + _text(getattr(value, "__name__", None))
    if isinstance(value, (type, types.FunctionType)):
        return "obj %s.%s" % (_text(getattr(value, "__module__", None)), _text(getattr(value, "__qualname__", None)))
    return "value " + type(value).__qualname__


def _namespace(namespace, links):
    skip = {"__builtins__", "__loader__", "__cached__"}
    out = {}
    for name, value in list(namespace.items()):
        if name in skip:
            continue
        if name == "__spec__":
            out[name] = None if value is None else {
                "name": _text(value.name), "origin": _rel(value.origin), "parent": _text(value.parent),
                "locations": None if value.submodule_search_locations is None
                else [_rel(p) for p in value.submodule_search_locations]}
        elif name in ("__file__",):
            out[name] = _rel(value)
        elif name == "__path__":
            out[name] = [_rel(p) for p in value] if isinstance(value, (list, tuple)) else _text(value)[:200]
        else:
            out[name] = _describe(value, links)
    return out


def _frames(tb):
    out = []
    while tb is not None:
        code = tb.tb_frame.f_code
        filename = code.co_filename
        # the import machinery and this child's import_module are the same before and after
        if not (filename.startswith("<frozen") or filename in ("<string>", importlib.__file__)):
            out.append([_rel(filename), tb.tb_lineno, code.co_name])
        tb = tb.tb_next
    return out


def _exception(e, depth=0):
    kind = type(e)
    out = {"type": kind.__module__ + "." + kind.__qualname__, "message": _text(e)[:500],
           "traceback": _frames(e.__traceback__)}
    if isinstance(e, ImportError):
        out["name"] = None if e.name is None else _text(e.name)
        out["path"] = _rel(e.path)
    if isinstance(e, SyntaxError):
        out["file"] = _rel(e.filename)
        out["lineno"] = _text(e.lineno)
    if isinstance(e, SystemExit):
        out["code"] = _text(e.code)
    nested = e.__cause__ if e.__cause__ is not None else (None if e.__suppress_context__ else e.__context__)
    if nested is not None and depth < 5:
        out["cause" if e.__cause__ is not None else "context"] = _exception(nested, depth + 1)
    return out


def _partial_namespace(tb, name):
    # a failed import removes the module from sys.modules, but its frame still holds what
    # it bound before the exception: compare that too
    found = None
    while tb is not None:
        if tb.tb_frame.f_globals.get("__name__") == name and tb.tb_frame.f_code.co_name == "<module>":
            found = tb.tb_frame.f_globals
        tb = tb.tb_next
    return found


sys.path.insert(0, _ROOT)
result = {"exception": None, "partial": False}
with warnings.catch_warnings(record=True) as _caught:
    warnings.simplefilter("always")
    try:
        _module = importlib.import_module(_target)
    except BaseException as _e:
        _module = None
        result["exception"] = _exception(_e)
        _ns = _partial_namespace(_e.__traceback__, _target)
    else:
        _ns = vars(_module)
sys.stdout.flush()
sys.stderr.flush()
_tree = _tree_modules()
_index = _links(_tree)
result["names"] = None if _ns is None else _namespace(_ns, _index)
result["partial"] = _module is None and _ns is not None
result["warnings"] = [[w.category.__module__ + "." + w.category.__qualname__, _text(w.message)[:500],
                       _rel(w.filename), w.lineno] for w in _caught]
result["loaded"] = {name: _origin(m) for name, m in sorted(_tree.items())}
# what the import did to the other tree modules (`import P.a.b` also sets `P.a.b` on `P.a`)
result["attributes"] = {name: {attr: _short(value) for attr, value in list(vars(m).items()) if attr[:2] != "__"}
                        for name, m in sorted(_tree.items()) if name != _target}
with open(_out, "w", encoding="utf-8", errors="surrogatepass") as _f:
    _f.write(repr(result))
"""


# -- the tree ---------------------------------------------------------------------------------------


def _walk(root: Path) -> Iterable[tuple[Path, list[str], list[str]]]:
    """os.walk following directory links (they are import paths too), never into a cycle."""
    seen_on_path: list[str] = []

    def visit(directory: Path, depth: int) -> Iterable[tuple[Path, list[str], list[str]]]:
        real = os.path.realpath(directory)
        if real in seen_on_path or depth > 20:
            return
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        dirs = [e.name for e in entries if e.is_dir() and e.name not in SKIP_DIRS]
        files = [e.name for e in entries if e.is_file()]
        yield directory, dirs, files
        seen_on_path.append(real)
        for name in dirs:
            yield from visit(directory / name, depth + 1)
        seen_on_path.pop()

    yield from visit(root, 0)


def discover_modules(root: Path) -> list[str]:
    """Every module name importable with `root` on sys.path, as CPython's path finder sees
    them: top-level modules, regular packages, namespace packages and portions (a directory
    without `__init__.py`, at the top or inside a package), and the modules inside them."""
    names: set[str] = set()
    for directory, _dirs, files in _walk(root):
        parts = directory.relative_to(root).parts
        if not all(p.isidentifier() for p in parts):
            continue
        if parts:
            names.add(".".join(parts))  # a package, regular or namespace
        for file in files:
            stem, dot, ext = file.partition(".")
            if ext != "py" or not stem.isidentifier():
                continue
            if stem != "__init__":
                names.add(".".join((*parts, stem)))
            elif not parts:
                names.add("__init__")  # a stray root __init__.py is a top-level module of that name
    return sorted(names)


def _env() -> dict[str, str]:
    """The user's environment without PYTHON* settings (PYTHONPATH could add another copy of the
    tree), with a fixed hash seed (reprs of sets) and no bytecode written into the tree: a
    same-size edit within the mtime granularity would otherwise run a stale .pyc."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    return env


def _normalise_output(text: str, root: Path) -> str:
    """Mask the root and addresses; drop traceback source and caret lines (the text of a
    rewritten import line may change, its line number may not)."""
    for prefix in {str(root), os.path.realpath(root)}:
        text = text.replace(prefix, "<root>")
    text = MASK_ADDRESS.sub("0x?", text)
    out: list[str] = []
    in_frame = False
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" |+")
        indent = len(line) - len(stripped)
        if stripped.startswith('File "') and ", line " in stripped:
            in_frame, frame_indent = True, indent
            out.append(line)
            continue
        if in_frame and indent > frame_indent and line.strip():
            continue
        in_frame = False
        out.append(line)
    return "".join(out)


def _run(argv: list[str], root: Path, env: Mapping[str, str] | None = None) -> tuple[int | str, str, str]:
    try:
        proc = subprocess.run(
            argv, cwd=root, env=env or _env(), capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode("utf-8", "replace") if e.stdout else ""
        err = e.stderr.decode("utf-8", "replace") if e.stderr else ""
        return "timeout", _normalise_output(out, root), _normalise_output(err, root)
    return (
        proc.returncode,
        _normalise_output(proc.stdout.decode("utf-8", "replace"), root),
        _normalise_output(proc.stderr.decode("utf-8", "replace"), root),
    )


def import_module(root: Path, module: str, type_checking: bool = False) -> dict[str, Any]:
    """What importing `module` does, in a fresh interpreter with `root` first on sys.path."""
    return _parsed(_import_unparsed(root, module, type_checking))


def _parsed(result: dict[str, Any]) -> dict[str, Any]:
    if "report" in result:
        result.update(ast.literal_eval(result.pop("report")))
    return result


def _import_unparsed(root: Path, module: str, type_checking: bool) -> dict[str, Any]:
    """import_module's run, with the child's report still text: parsing it is left to the
    calling thread, as CPython 3.11's AST constructor is not thread-safe (SystemError:
    "AST constructor recursion depth mismatch")."""
    with tempfile.TemporaryDirectory(prefix="oracle-") as tmp:
        out = Path(tmp) / "result.txt"
        argv = [sys.executable, *PYTHON_FLAGS, "-c", CHILD, str(root), module, str(out)]
        code, stdout, stderr = _run([*argv, "1" if type_checking else "0"], root)
        result: dict[str, Any] = {"exit_code": code, "stdout": stdout, "stderr": stderr}
        if out.exists():
            result["report"] = out.read_text(encoding="utf-8", errors="surrogatepass")
        else:
            result["no_report"] = True  # os._exit, a crash or a timeout: the exit code says which
    return result


def run_script(root: Path, script: str) -> dict[str, Any]:
    """`python script` with cwd = root: exit code, stdout, stderr (tracebacks keep line numbers).

    The root is on sys.path after the script's own directory (PYTHONPATH), as if the project
    were installed in development mode: that is how `python P/tool.py` finds `import P.util`,
    and so a script that works before the fix must work after it."""
    env = _env()
    env["PYTHONPATH"] = str(root)
    code, stdout, stderr = _run([sys.executable, *PYTHON_FLAGS, script], root, env)
    return {"exit_code": code, "stdout": stdout, "stderr": stderr}


def behaviour(
    root: Path,
    modules: Sequence[str] | None = None,
    scripts: Sequence[str] = (),
    type_checking: bool = False,
) -> dict[str, Any]:
    """{"modules": {name: what importing it does}, "scripts": {path: what running it does}};
    with `type_checking`, modules are imported a second time with `typing.TYPE_CHECKING = True`
    (under "modules_type_checking")."""
    root = Path(root)
    names = list(discover_modules(root) if modules is None else modules)
    jobs: list[tuple[str, str, Any]] = [("modules", n, lambda n=n: _import_unparsed(root, n, False)) for n in names]
    if type_checking:
        jobs += [("modules_type_checking", n, lambda n=n: _import_unparsed(root, n, True)) for n in names]
    jobs += [("scripts", s, lambda s=s: run_script(root, s)) for s in scripts]
    out: dict[str, Any] = {"modules": {}, "scripts": {}}
    if type_checking:
        out["modules_type_checking"] = {}
    # separate interpreters: running them side by side changes nothing but the wall time
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda job: job[2](), jobs))
    for (section, key, _), result in zip(jobs, results):
        out[section][key] = _parsed(result)
    return out


# -- comparing ----------------------------------------------------------------------------------


def _flatten(value: Any, prefix: str) -> Iterable[str]:
    if isinstance(value, dict) and value:
        for key in sorted(value):
            # " > ": module names have dots and script paths slashes
            yield from _flatten(value[key], f"{prefix} > {key}" if prefix else str(key))
    elif isinstance(value, str) and "\n" in value:
        for i, line in enumerate(value.splitlines()):
            yield f"{prefix}[{i}] = {line!r}"
    else:
        yield f"{prefix} = {json.dumps(value, sort_keys=True)}"


def diff_behaviour(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """'' when equal; otherwise a unified diff of the flattened descriptions (one fact a line)."""
    if before == after:
        return ""
    old, new = list(_flatten(dict(before), "")), list(_flatten(dict(after), ""))
    return "\n".join(difflib.unified_diff(old, new, "before --fix", "after --fix", n=1, lineterm=""))


# -- the tool ----------------------------------------------------------------------------------------


@dataclass
class CheckRun:
    exit_code: int
    stdout: str
    stderr: str
    changed: dict[str, str]  # relpath -> new text (undecodable bytes as surrogate escapes)
    report: list[dict[str, Any]] = field(default_factory=list, repr=False)  # JSON findings before the fix
    before: dict[str, Any] = field(default_factory=dict, repr=False)  # the behaviour (equal to after's)

    def codes(self) -> list[tuple[str, int, str, bool]]:
        """(path, line, code, fixable) of each finding before the fix."""
        return [(v["path"], v["line"], v["code"], v["fixable"]) for v in self.report]


def _snapshot(root: Path) -> dict[str, tuple[str, bytes]]:
    """relpath -> ("link", target) for symlinks, ("file", bytes) for regular files."""
    out: dict[str, tuple[str, bytes]] = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in [*files, *dirs]:
            path = Path(directory, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path).encode())
            elif name in files and path.is_file():
                out[rel] = ("file", path.read_bytes())
    return out


def importlint(root: Path, *args: str) -> tuple[int, str, str]:
    """`python -m importlint <args>` in `root` (a subprocess: the real CLI, start to end)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-m", "importlint", *args],
        cwd=root,
        env=env,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def report(root: Path, args: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The JSON findings of `importlint check --no-cache <args> .` in `root` (nothing written).

    Run in this process: a report writes nothing, so only the --fix run needs the real
    entry point in a process of its own, and each interpreter start that imports LibCST
    costs about a second of CPU (two per oracle check, dozens per suite)."""
    from importlint.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stderr(stderr):
            code = main(["check", "--output-format", "json", "--no-cache", *args, "."], stdout=stdout)
    finally:
        os.chdir(cwd)
    out, err = stdout.getvalue(), stderr.getvalue()
    assert code in (0, 1) and "Traceback (most recent call last)" not in err, f"importlint exited {code}:\n{err}"
    findings: list[dict[str, Any]] = json.loads(out)
    return findings


def assert_fix_keeps_behaviour(
    root: Path,
    args: Sequence[str] = (),
    modules: Sequence[str] | None = None,
    scripts: Sequence[str] = (),
    type_checking: bool = False,
) -> CheckRun:
    """Behaviour before == behaviour after `importlint check --fix --no-cache <args> .`;
    symlinks stay symlinks. Returns the run, the findings before it and what changed."""
    root = Path(root)
    names = discover_modules(root) if modules is None else list(modules)
    findings = report(root, args)
    before = behaviour(root, names, scripts, type_checking)
    files_before = _snapshot(root)
    code, out, err = importlint(root, "check", "--fix", "--no-cache", *args, ".")
    files_after = _snapshot(root)
    # behaviour is a function of the files: when --fix changed none, the second look (one
    # fresh interpreter per module and script) could only repeat the first
    after = before if files_after == files_before else behaviour(root, names, scripts, type_checking)
    changed = {
        rel: data.decode("utf-8", "surrogateescape")
        for rel, (kind, data) in files_after.items()
        if kind == "file" and files_before.get(rel) != (kind, data)
    }
    run = CheckRun(code, out, err, changed, findings, before)
    assert code in (0, 1) and "Traceback (most recent call last)" not in err, f"importlint exited {code}:\n{err}"
    links_before = {k: v for k, v in files_before.items() if v[0] == "link"}
    links_after = {k: v for k, v in files_after.items() if v[0] == "link"}
    assert links_after == links_before, f"--fix replaced or changed symlinks: {links_before} -> {links_after}"
    assert set(files_after) == set(files_before), f"--fix added/removed files: {set(files_after) ^ set(files_before)}"
    difference = diff_behaviour(before, after)
    if difference:
        raise AssertionError(_failure(root, run, files_before, difference))
    return run


def _failure(root: Path, run: CheckRun, files_before: Mapping[str, tuple[str, bytes]], difference: str) -> str:
    parts = [f"`importlint check --fix` changed behaviour in {root} (exit {run.exit_code})", difference]
    for rel, text in sorted(run.changed.items()):
        old = files_before[rel][1].decode("utf-8", "surrogateescape")
        parts.append(
            "\n".join(difflib.unified_diff(old.splitlines(), text.splitlines(), f"a/{rel}", f"b/{rel}", lineterm=""))
        )
    parts.append("tool stdout:\n" + run.stdout + "tool stderr:\n" + run.stderr)
    return "\n".join(parts)
