#!/usr/bin/env python3
"""Sweep importlint over a copy of the running Python's standard library.

What it does (all on copies in a temporary directory; the real stdlib is never touched):

1. copies ``Lib/`` of the running interpreter (``sysconfig.get_paths()["stdlib"]``, without
   ``site-packages`` and ``__pycache__``) twice: ``orig/Lib`` (kept pristine) and ``fixed/Lib``;
2. records every file's bytes, mtime and mode, and which ``.py`` files compile;
3. runs, as subprocesses with a timeout (any ``Traceback`` or internal-error line on stderr fails):
   ``importlint tree`` (files scanned), ``check --output-format json`` (violations per code),
   ``check --diff`` (must write nothing), ``check --fix``, ``check --output-format json`` again
   (no fixable violation may remain; the unfixable ones must be unchanged) and a second
   ``check --fix`` (must change nothing);
4. checks: every ``.py`` that compiled before still compiles; the files that changed are
   exactly those ``--diff`` listed (everything else byte-identical, mtime kept, no file
   added or removed); in each changed file the text outside import statements is
   identical and the module's AST is the same once relative imports are resolved to
   absolute names (``import P.a.b as m`` counted equal to ``from P.a import b as m``);
5. for several stdlib packages imports every module of the package from the ORIGINAL copy
   and from the FIXED copy in fresh interpreters (``python -I -S -X frozen_modules=off``,
   ``sys.path`` = the copy only, each module's ``__file__`` checked to come from the copy)
   and compares the names every module binds and what they point at (module name for
   modules, ``__module__`` + ``__qualname__`` for functions and classes, type or value for
   the rest);
6. prints a summary table and exits 1 if any check failed (0 otherwise).

Run from anywhere (importlint must be installed, e.g. ``pip install -e .``)::

    python scripts/sweep_stdlib.py                 # the default package list
    python scripts/sweep_stdlib.py --keep          # keep the temp dir to inspect
    python scripts/sweep_stdlib.py --packages email,json --importlint "python -m importlint"
    python scripts/sweep_stdlib.py --check-args=--unsafe-fixes     # also fix scripts/__main__ modules
    python scripts/sweep_stdlib.py --check-args="--max-level 0"    # exercise the IL004 fix

It takes about 1.5-2.5 minutes on a 2-core machine (Python 3.11: ~1,800 files; importlint
runs ~1 min of it, the import-equivalence probes ~30 s); --unsafe-fixes up to ~4 minutes.
Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures
import difflib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import tokenize
import warnings

from _common import CACHE, FAILURES, default_importlint, fail, log

DEFAULT_PACKAGES = (
    "email,xml,json,importlib,unittest,http,logging,concurrent,urllib,multiprocessing,ctypes,"
    "html,sqlite3,wsgiref,xmlrpc,dbm,curses,tkinter,lib2to3,distutils,idlelib,"
    "test.support,test.libregrtest,test.test_importlib,test.test_asyncio,test.test_email"
)
# modules that run a program when imported (or need a display / start a GUI)
SKIP_MODULES = re.compile(r"(^|\.)__main__$|^idlelib\.idle$|^idlelib\.idle_test\.|^turtledemo\.")


# ---------------------------------------------------------------------------- files


def copy_stdlib(src: str, dst: str) -> None:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__"}
        if os.path.samefile(directory, src):
            skipped |= {n for n in names if n == "site-packages"}
        return skipped

    shutil.copytree(src, dst, symlinks=True, ignore=ignore)


def snapshot(root: str) -> dict[str, tuple[bytes | str, int, int]]:
    """rel path -> (bytes, or the link target for a symlink; mtime_ns; mode) for every file."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != CACHE]
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = (os.readlink(path), st.st_mtime_ns, st.st_mode)
            elif not os.path.isdir(path):
                with open(path, "rb") as fh:
                    out[rel] = (fh.read(), st.st_mtime_ns, st.st_mode)
    return out


def _compiles(item: tuple[str, bytes]) -> tuple[str, str | None]:
    path, data = item
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(data, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, UnicodeDecodeError, LookupError) as exc:
            return path, f"{type(exc).__name__}: {exc}"
    return path, None


def compile_all(root: str, snap: dict, workers: int) -> dict[str, str | None]:
    """rel path of every .py file -> None if it compiles, else the error."""
    items = [
        (os.path.join(root, rel), data)
        for rel, (data, _, _) in snap.items()
        if rel.endswith(".py") and isinstance(data, bytes)
    ]
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        results = dict(pool.map(_compiles, items, chunksize=32))
    return {os.path.relpath(p, root): err for p, err in results.items()}


# ---------------------------------------------------------------------------- importlint


class Runner:
    def __init__(self, command: list[str], cwd: str, timeout: float) -> None:
        self.command, self.cwd, self.timeout = command, cwd, timeout
        self.extra: list[str] = []
        self.times: dict[str, float] = {}

    def __call__(self, label: str, *args: str) -> subprocess.CompletedProcess[str]:
        if args and args[0] == "check" and "--help" not in args:
            args = (args[0], *self.extra, *args[1:])
        start = time.monotonic()
        try:
            proc = subprocess.run(
                [*self.command, *args],
                cwd=self.cwd,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                stdin=subprocess.DEVNULL,
                errors="replace",
            )
        except subprocess.TimeoutExpired:
            fail(f"`importlint {' '.join(args)}` timed out after {self.timeout:.0f}s (hang?)")
            raise SystemExit(report_and_exit()) from None
        self.times[label] = time.monotonic() - start
        log(f"  importlint {' '.join(args)}: exit {proc.returncode}, {self.times[label]:.1f}s")
        if "Traceback (most recent call last)" in proc.stderr:  # stdout may quote source (--diff)
            fail(f"`importlint {' '.join(args)}` printed a traceback:\n{proc.stderr[-3000:]}")
        for line in proc.stderr.splitlines():
            if "internal error" in line.lower() or "bug report" in line.lower():
                fail(f"`importlint {' '.join(args)}`: {line}")
        if proc.returncode not in (0, 1):
            fail(f"`importlint {' '.join(args)}` exited {proc.returncode}: {proc.stderr[-2000:]}")
        return proc


def parse_json(proc: subprocess.CompletedProcess[str], label: str) -> list[dict]:
    try:
        data = json.loads(proc.stdout)
    except ValueError as exc:
        fail(f"{label}: stdout is not JSON ({exc})")
        return []
    return data


def diff_files(diff: str) -> list[str]:
    return [line[4:].rstrip("\n") for line in diff.splitlines() if line.startswith("--- ")]


# ---------------------------------------------------------------------------- source checks

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def decode(data: bytes) -> str:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)


def module_name(lib: str, rel: str) -> tuple[str, bool]:
    """(dotted module name, is_package) by the __init__.py walk-up rule."""
    path = os.path.join(lib, rel)
    directory, base = os.path.split(path)
    stem = os.path.splitext(base)[0]
    parts = [] if stem == "__init__" else [stem]
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parts.insert(0, os.path.basename(directory))
        directory = os.path.dirname(directory)
    return ".".join(parts), stem == "__init__"


class Absolutize(ast.NodeTransformer):
    """Relative imports -> absolute; `import a.b as m` -> `from a import b as m`; one alias a statement."""

    def __init__(self, package: str) -> None:
        self.package = package

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST:
        if node.level:
            try:
                module = importlib.util.resolve_name("." * node.level + (node.module or ""), self.package)
            except (ImportError, ValueError):
                return node
            return ast.ImportFrom(module=module, names=node.names, level=0)
        return node

    def visit_Import(self, node: ast.Import) -> list[ast.AST]:
        out: list[ast.AST] = []
        for alias in node.names:
            if alias.asname and "." in alias.name:
                parent, _, last = alias.name.rpartition(".")
                out.append(ast.ImportFrom(module=parent, names=[ast.alias(last, alias.asname)], level=0))
            else:
                out.append(ast.Import(names=[alias]))
        return out


def import_spans(text: str, tree: ast.AST) -> list[tuple[int, int]]:
    """Char spans of the import statements, merging `a; b` neighbours on one line."""
    lines = _LINE.findall(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno: int, col: int) -> int:
        line = lines[lineno - 1] if lineno - 1 < len(lines) else ""
        return starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    spans = sorted(
        (offset(n.lineno, n.col_offset), offset(n.end_lineno, n.end_col_offset))
        for n in ast.walk(tree)
        if isinstance(n, (ast.Import, ast.ImportFrom))
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and re.fullmatch(r"[ \t]*;[ \t]*", text[merged[-1][1] : start]):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def check_changed_file(lib_before: str, rel: str, before: bytes, after: bytes) -> dict:
    """Checks one changed file; returns counts and a list of problems."""
    problems: list[str] = []
    stats = {"stmts": 0, "lines": 0, "problems": problems}
    if before.startswith(b"\xef\xbb\xbf") != after.startswith(b"\xef\xbb\xbf"):
        problems.append("BOM added or removed")
    try:
        text_b, text_a = decode(before), decode(after)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        problems.append(f"cannot decode: {exc}")
        return stats
    lines_b, lines_a = _LINE.findall(text_b), _LINE.findall(text_a)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, lines_b, lines_a, autojunk=False).get_opcodes():
        if tag != "equal":
            stats["lines"] += max(i2 - i1, j2 - j1)
    if len(lines_b) != len(lines_a):
        problems.append(f"line count changed {len(lines_b)} -> {len(lines_a)}")
    try:
        tree_b, tree_a = ast.parse(text_b), ast.parse(text_a)
    except SyntaxError as exc:
        problems.append(f"does not parse: {exc}")
        return stats
    spans_b, spans_a = import_spans(text_b, tree_b), import_spans(text_a, tree_a)
    if len(spans_b) != len(spans_a):
        problems.append(f"number of import statements changed {len(spans_b)} -> {len(spans_a)}")
        return stats

    def gaps(text: str, spans: list[tuple[int, int]]) -> list[str]:
        edges = [0] + [x for span in spans for x in span] + [len(text)]
        return [text[edges[i] : edges[i + 1]] for i in range(0, len(edges), 2)]

    for index, (gap_b, gap_a) in enumerate(zip(gaps(text_b, spans_b), gaps(text_a, spans_a))):
        if gap_b != gap_a:
            where = text_b[: sum(len(g) for g in gaps(text_b, spans_b)[:index])].count("\n") + 1
            problems.append(
                f"text outside import statements changed (near line {where}): {gap_b[:80]!r} -> {gap_a[:80]!r}"
            )
            break
    for (sb, eb), (sa, ea) in zip(spans_b, spans_a):
        old, new = text_b[sb:eb], text_a[sa:ea]
        if old != new:
            # a merged span may hold several statements; count the originals that differ
            olds = [s.strip() for s in re.split(r";[ \t]*", old)] if ";" in old else [old]
            news = set(s.strip() for s in re.split(r";[ \t]*", new)) if ";" in new else {new}
            stats["stmts"] += sum(o not in news for o in olds) or 1
    name, is_pkg = module_name(lib_before, rel)
    package = name if is_pkg else name.rpartition(".")[0]
    dump_b = ast.dump(Absolutize(package).visit(tree_b))
    dump_a = ast.dump(Absolutize(package).visit(tree_a))
    if dump_b != dump_a:
        for x, y in zip(dump_b.split("), "), dump_a.split("), ")):
            if x != y:
                problems.append(f"AST differs after resolving imports: {x[:150]} -> {y[:150]}")
                break
        else:
            problems.append("AST differs after resolving imports (length)")
    return stats


# ---------------------------------------------------------------------------- import equivalence

PROBE = r"""
import importlib, json, os, sys, types, warnings

root, out, prefix, *mods = sys.argv[1:]
copy = os.path.dirname(root)
sys.path[:] = [root, os.path.join(root, "lib-dynload")]
top = prefix.split(".")[0]
for name in list(sys.modules):
    if name == top or name.startswith(top + "."):
        del sys.modules[name]
warnings.simplefilter("ignore")

PID = str(os.getpid())

def scrub(s):
    # the copy's directory (orig/ or fixed/), in any case, and the pid (TESTFN-style names)
    for variant in (copy, copy.upper(), copy.lower()):
        s = s.replace(variant, "<COPY>")
    return s.replace(PID, "<PID>")

SIMPLE = (type(None), bool, int, float, complex, str, bytes)

def describe(v):
    try:
        if isinstance(v, types.ModuleType):
            return ["module", v.__name__]
        if isinstance(v, (type, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                          types.MethodWrapperType, types.WrapperDescriptorType)):
            return ["object", type(v).__name__, str(getattr(v, "__module__", None)),
                    str(getattr(v, "__qualname__", None))]
        if isinstance(v, SIMPLE):
            return ["const", type(v).__name__, scrub(repr(v))[:2000]]
        if isinstance(v, (tuple, list)) and all(isinstance(x, SIMPLE) for x in v):
            return ["const", type(v).__name__, scrub(repr(v))[:2000]]
        if isinstance(v, (set, frozenset)) and all(isinstance(x, SIMPLE) for x in v):
            return ["const", type(v).__name__, scrub(repr(sorted(map(repr, v))))[:2000]]
        return ["instance", type(v).__module__, type(v).__qualname__]
    except Exception as exc:
        return ["undescribable", type(exc).__name__]

results = {}
for m in mods:
    try:
        importlib.import_module(m)
        results[m] = {"ok": True}
    except BaseException as exc:
        results[m] = {"ok": False, "error": scrub(f"{type(exc).__name__}: {exc}")[:300]}
for m in mods:
    mod = sys.modules.get(m)
    if results[m]["ok"] and mod is not None:
        f = getattr(mod, "__file__", None)
        results[m]["from_copy"] = bool(f) and os.path.abspath(f).startswith(root + os.sep)
        results[m]["file"] = scrub(str(f))
        results[m]["names"] = {k: describe(v) for k, v in sorted(vars(mod).items())}
with open(out, "w") as fh:
    json.dump(results, fh)
"""


def package_modules(lib: str, dotted: str) -> list[str]:
    base = os.path.join(lib, *dotted.split("."))
    if not os.path.isfile(os.path.join(base, "__init__.py")):
        return []
    mods = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if os.path.isfile(os.path.join(dirpath, d, "__init__.py")))
        for name in sorted(filenames):
            if name.endswith(".py"):
                mod, _ = module_name(lib, os.path.relpath(os.path.join(dirpath, name), lib))
                if not SKIP_MODULES.search(mod):
                    mods.append(mod)
    return mods


def probe(lib: str, dotted: str, mods: list[str], timeout: float) -> dict | str:
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    cmd = [sys.executable, "-I", "-S", "-B", "-X", "frozen_modules=off", "-c", PROBE, lib, out, dotted, *mods]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            errors="replace",
            env=env,
            cwd=os.path.dirname(lib),
        )
        with open(out) as fh:
            return json.load(fh)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f}s"
    except (OSError, ValueError):
        return f"probe crashed (exit {proc.returncode}): {proc.stderr[-1500:]}"
    finally:
        os.unlink(out)


def compare_package(orig_lib: str, fixed_lib: str, dotted: str, changed: set[str], timeout: float) -> dict:
    mods = package_modules(orig_lib, dotted)
    prefix = os.path.join(*dotted.split(".")) + os.sep
    row = {
        "package": dotted,
        "modules": len(mods),
        "changed": sum(r.startswith(prefix) for r in changed),
        "ok": 0,
        "failed_both": 0,
        "volatile": 0,
        "mismatch": [],
        "not_from_copy": [],
    }
    if not mods:
        row["mismatch"].append("no such package")
        return row
    before = probe(orig_lib, dotted, mods, timeout)
    again = probe(orig_lib, dotted, mods, timeout)  # to learn which values vary run to run
    after = probe(fixed_lib, dotted, mods, timeout)
    for label, res in (("original", before), ("original again", again), ("fixed", after)):
        if isinstance(res, str):
            row["mismatch"].append(f"{label}: {res}")
    if row["mismatch"]:
        return row
    for m in mods:
        b, a = before[m], after[m]
        for label, r in (("original", b), ("fixed", a)):
            if r["ok"] and not r.get("from_copy"):
                row["not_from_copy"].append(f"{m} ({label}: {r.get('file')})")
        if b["ok"] != a["ok"] or b.get("error") != a.get("error"):
            row["mismatch"].append(f"{m}: import outcome {b.get('error', 'ok')!r} -> {a.get('error', 'ok')!r}")
            continue
        if not b["ok"]:
            row["failed_both"] += 1
            continue
        nb, na = dict(b["names"]), dict(a["names"])
        for k, v in again[m].get("names", {}).items():
            if nb.get(k) != v and k in na:  # volatile (time, address, ...): compare the kind only
                row["volatile"] += 1
                nb[k], na[k] = nb[k][:2], na[k][:2]
        if nb != na:
            diffs = [f"{k}: {nb.get(k)} -> {na.get(k)}" for k in sorted(set(nb) | set(na)) if nb.get(k) != na.get(k)]
            row["mismatch"].append(f"{m}: " + "; ".join(diffs[:5]))
            continue
        row["ok"] += 1
    return row


# ---------------------------------------------------------------------------- main


def report_and_exit() -> int:
    if FAILURES:
        print(f"\nRESULT: FAILED ({len(FAILURES)} problem(s))")
        for f in FAILURES:
            print(f"  - {f.splitlines()[0]}")
        return 1
    print("\nRESULT: all checks passed")
    return 0


def table(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print("+" + "-" * (width + 2) + "+" + "-" * 60)
    for k, v in rows:
        print(f"| {k:<{width}} | {v}")
    print("+" + "-" * (width + 2) + "+" + "-" * 60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--importlint",
        default=default_importlint(),
        help="command to run (default: the importlint script beside this python)",
    )
    parser.add_argument(
        "--check-args", default="", help="extra options for every `check` run, e.g. '--unsafe-fixes' or '--max-level 0'"
    )
    parser.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--packages", default=DEFAULT_PACKAGES, help="comma list for the import check")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per importlint run")
    parser.add_argument("--import-timeout", type=float, default=300, help="seconds per package probe")
    parser.add_argument("--workdir", help="use this (empty or new) directory instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    t0 = time.monotonic()
    work = args.workdir or tempfile.mkdtemp(prefix="importlint-stdlib-")
    os.makedirs(work, exist_ok=True)
    try:
        return run(args, work, t0)
    finally:
        if args.keep or args.workdir:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: str, t0: float) -> int:
    orig_lib = os.path.join(work, "orig", "Lib")
    fixed_root = os.path.join(work, "fixed")
    fixed_lib = os.path.join(fixed_root, "Lib")
    log(f"Python {sys.version.split()[0]}; stdlib {args.stdlib}; work dir {work}")
    copy_stdlib(args.stdlib, orig_lib)
    shutil.copytree(orig_lib, fixed_lib, symlinks=True)
    before = snapshot(fixed_lib)
    n_py = sum(r.endswith(".py") for r in before)
    log(f"copied {len(before)} files ({n_py} .py) in {time.monotonic() - t0:.1f}s")
    workers = os.cpu_count() or 2
    compiled_before = compile_all(fixed_lib, before, workers)
    log(f"{sum(e is None for e in compiled_before.values())}/{len(compiled_before)} .py files compile before")

    lint = Runner(shlex.split(args.importlint), fixed_root, args.timeout)
    helptext = lint("help", "check", "--help").stdout
    lint.extra = shlex.split(args.check_args)
    no_cache = ["--no-cache"] if "--no-cache" in helptext else []
    tree = lint("tree", "tree", "Lib")
    scanned_files = {line.split(" -> ")[0] for line in tree.stdout.splitlines() if " -> " in line}
    scanned = len(scanned_files)
    not_scanned = sorted(
        r for r in before if r.endswith((".py", ".pyi")) and os.path.join("Lib", r) not in scanned_files
    )
    found = parse_json(lint("check", "check", "--output-format", "json", *no_cache, "Lib"), "check")
    per_code = collections.Counter(v["code"] for v in found)
    fixable = collections.Counter(v["code"] for v in found if v["fixable"])
    consistency = []  # other ways of running must give the same report
    if "--jobs" in helptext:
        same = (
            parse_json(
                lint("check-j1", "check", "--output-format", "json", "--jobs", "1", *no_cache, "Lib"), "check -j1"
            )
            == found
        )
        consistency.append(f"--jobs 1: {'same' if same else 'DIFFERENT'}")
        if not same:
            fail("`check --jobs 1` reports differently from the default --jobs")
    if no_cache:
        for label in ("cache-cold", "cache-warm"):
            same = parse_json(lint(label, "check", "--output-format", "json", "Lib"), label) == found
            consistency.append(f"{label}: {'same' if same else 'DIFFERENT'}")
            if not same:
                fail(f"`check` with the cache ({label}) reports differently from --no-cache")
    cache_dir = os.path.join(fixed_root, ".importlint_cache")
    cache_before = snapshot(cache_dir) if os.path.isdir(cache_dir) else {}
    diff = lint("diff", "check", "--diff", "Lib")
    cache_after = snapshot(cache_dir) if os.path.isdir(cache_dir) else {}
    diff_wrote_cache = cache_after != cache_before
    listed = {os.path.relpath(p, "Lib") for p in diff_files(diff.stdout)}
    if snapshot(fixed_lib) != before:
        fail("`check --diff` wrote to the tree")
    fix = lint("fix", "check", "--fix", "Lib")  # with the (warm) cache, as a user would run it
    m = re.search(r"\((\d+) fixed", fix.stderr)
    fixed_reported = int(m.group(1)) if m else 0
    after = snapshot(fixed_lib)
    remaining = parse_json(lint("check-after", "check", "--output-format", "json", *no_cache, "Lib"), "check after")
    if no_cache:
        same = parse_json(lint("check-after-cache", "check", "--output-format", "json", "Lib"), "after") == remaining
        consistency.append(f"after --fix with cache: {'same' if same else 'DIFFERENT'}")
        if not same:
            fail("after --fix, `check` with the cache reports differently from --no-cache")
    lint("fix-again", "check", "--fix", "Lib")
    idempotent = snapshot(fixed_lib) == after
    if not idempotent:
        fail("a second `check --fix` changed files (not idempotent)")

    # ---- files
    added, removed = set(after) - set(before), set(before) - set(after)
    if added:
        fail(f"files added by --fix: {sorted(added)[:10]}")
    if removed:
        fail(f"files removed by --fix: {sorted(removed)[:10]}")
    changed = {r for r in set(before) & set(after) if before[r][0] != after[r][0]}
    touched = {r for r in set(before) & set(after) if before[r][0] == after[r][0] and before[r][1:] != after[r][1:]}
    if touched:
        fail(f"{len(touched)} unchanged files had mtime/mode changed: {sorted(touched)[:5]}")
    mode_changed = [r for r in changed if before[r][2] != after[r][2]]
    if mode_changed:
        fail(f"file mode changed: {mode_changed[:5]}")
    if changed != listed:
        fail(
            f"changed files != files in --diff: only changed {sorted(changed - listed)[:5]}, "
            f"only listed {sorted(listed - changed)[:5]}"
        )
    identical = len(before) - len(changed) - len(removed)

    # ---- compile
    compiled_after = compile_all(fixed_lib, after, workers)
    broke = sorted(r for r, e in compiled_before.items() if e is None and compiled_after.get(r) is not None)
    for r in broke:
        fail(f"{r} compiled before the fix and not after: {compiled_after[r]}")
    il000 = {os.path.relpath(v["path"], "Lib") for v in found if v["code"] == "IL000"}
    not_compiling = {r for r, e in compiled_before.items() if e is not None}

    # ---- per changed file
    stmts = lines = 0
    for rel in sorted(changed):
        if not rel.endswith((".py", ".pyi")):
            fail(f"{rel}: a non-Python file changed")
            continue
        st = check_changed_file(orig_lib, rel, before[rel][0], after[rel][0])
        stmts += st["stmts"]
        lines += st["lines"]
        for p in st["problems"]:
            fail(f"{rel}: {p}")

    # ---- violations after
    fixable_after = [v for v in remaining if v["fixable"]]
    if fixable_after:
        fail(f"{len(fixable_after)} fixable violations remain after --fix, e.g. {fixable_after[0]}")

    def key(v: dict) -> tuple:
        return (v["path"], v["line"], v["column"], v["code"], v["message"])

    unfixable_before = {key(v) for v in found if not v["fixable"]}
    unfixable_after = {key(v) for v in remaining if not v["fixable"]}
    if unfixable_before != unfixable_after:
        fail(
            f"unfixable violations changed by --fix: -{sorted(unfixable_before - unfixable_after)[:3]} "
            f"+{sorted(unfixable_after - unfixable_before)[:3]}"
        )
    if fixed_reported != sum(fixable.values()) - len(fixable_after):
        fail(
            f"--fix reported {fixed_reported} fixed, JSON fixable went {sum(fixable.values())} -> {len(fixable_after)}"
        )

    # ---- import equivalence
    packages = [p.strip() for p in args.packages.split(",") if p.strip()]
    log(f"import check of {len(packages)} packages ...")
    t_imp = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        rows = list(pool.map(lambda p: compare_package(orig_lib, fixed_lib, p, changed, args.import_timeout), packages))
    t_imp = time.monotonic() - t_imp
    for row in rows:
        for mm in row["mismatch"]:
            fail(f"import check {row['package']}: {mm}")
        for nf in row["not_from_copy"]:
            fail(f"import check {row['package']}: module not loaded from the copy: {nf}")

    # ---- summary
    elapsed = time.monotonic() - t0
    print("\n== importlint stdlib sweep ==")
    table(
        [
            ("python / stdlib", f"{sys.version.split()[0]}  {args.stdlib}"),
            ("extra check options", args.check_args or "none"),
            ("files in copy", f"{len(before)} ({n_py} .py)"),
            (
                "files scanned by importlint",
                f"{scanned}; not scanned (default excludes): {len(not_scanned)} {', '.join(not_scanned[:4])}",
            ),
            (
                "violations (check)",
                ", ".join(f"{c}: {n} ({fixable[c]} fixable)" for c, n in sorted(per_code.items()))
                + f"; total {len(found)}",
            ),
            (
                "IL000 vs compile()",
                f"{len(il000)} IL000 files; {len(not_compiling)} files fail compile(); "
                f"compile-fails without IL000: {len(not_compiling - il000)}; "
                f"IL000 but compiles: {len(il000 - not_compiling)}",
            ),
            ("files changed by --fix", f"{len(changed)} (listed by --diff: {len(listed)})"),
            ("statements rewritten", f"{stmts} (fix summary: {fixed_reported} fixed; lines changed: {lines})"),
            ("violations after --fix", f"{len(remaining)} ({len(fixable_after)} fixable)"),
            (
                "compile check",
                f"{len(compiled_before) - len(not_compiling)} compiled before; broken after: {len(broke)}",
            ),
            (
                "byte-identical",
                f"{identical}/{len(before) - len(changed)} unchanged files identical "
                f"(mtime/mode kept: {len(before) - len(changed) - len(touched)})",
            ),
            ("second --fix", "no change" if idempotent else "CHANGED FILES"),
            ("same report when run", "; ".join(consistency) or "n/a"),
            (
                "--diff wrote the cache",
                f"{'YES' if diff_wrote_cache else 'no'} (.importlint_cache/ in the cwd, "
                "outside the checked tree; not counted as a failure)",
            ),
            ("importlint run times", ", ".join(f"{k} {v:.1f}s" for k, v in lint.times.items())),
        ]
    )
    print(f"\nimport equivalence (original vs fixed copy; {t_imp:.1f}s):")
    head = (
        f"{'package':<22} {'changed':>7} {'modules':>7} {'same':>5} {'fail-both':>9} {'mismatch':>8}"
        f" {'volatile-names':>14}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        print(
            f"{row['package']:<22} {row['changed']:>7} {row['modules']:>7} {row['ok']:>5} "
            f"{row['failed_both']:>9} {len(row['mismatch']) + len(row['not_from_copy']):>8}"
            f" {row['volatile']:>14}"
        )
    print(
        "same = binds the same names to the same things; fail-both = the import fails the same way\n"
        "in both copies (missing C module, wrong platform); volatile-names = values that differ\n"
        "between two runs of the original (times, addresses), compared by kind only"
    )
    print(f"\ntotal run time: {elapsed:.1f}s")
    return report_and_exit()


if __name__ == "__main__":
    sys.exit(main())
