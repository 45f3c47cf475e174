#!/usr/bin/env python3
"""Fix real PyPI packages with importlint and show that their test suites do not notice.

For each pinned package (sdists with absolute self-imports and their own pytest suites):

1. ``pip download --no-deps --no-binary :all: NAME==VERSION`` (the sdist) and unpack it twice
   (``orig/`` and ``fixed/``);
2. makes a venv with pinned pytest and the package's test dependencies;
3. installs the ORIGINAL tree (non-editable, ``--no-deps``), checks the code the tests
   import is byte-identical to the tree's package, runs the tests with ``--junitxml``;
4. runs ``importlint check --output-format json`` and ``check --diff`` and ``check --fix`` on the
   package directory of the FIXED tree (subprocesses with a timeout; any ``Traceback`` or
   internal-error line fails), then checks: files not listed by ``--diff`` are byte-identical,
   every changed file still compiles, no fixable violation remains, a second ``--fix`` is a no-op;
5. reinstalls from the FIXED tree, checks again that the installed code is the fixed code,
   reruns the tests, and compares the outcome of every single test (passed / failed / error /
   skipped / xfailed / xpassed) before and after;
6. prints a table per package and exits 1 if any check failed.

Run (needs network access to PyPI, and importlint installed, e.g. ``pip install -e .``)::

    python scripts/check_pypi_package.py                       # all pinned packages
    python scripts/check_pypi_package.py --packages sqlparse   # just one
    python scripts/check_pypi_package.py --keep                # keep the temp dir

It takes about 1.5-2 minutes for the three default packages on a 2-core machine (~30 s
each, mostly pip and venv creation; each test suite runs in a few seconds), ~30 s more
for toolz (``--packages sqlparse,marshmallow,docutils,toolz``). Standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable

from _common import CACHE, FAILURES, default_importlint, fail, log

PYTEST = "pytest==8.3.5"

# name -> pinned version, the package directory inside the sdist, the tests to run, test deps
PACKAGES: dict[str, dict] = {
    "sqlparse": {"version": "0.5.3", "package_dir": "sqlparse", "tests": ["tests"], "deps": []},
    "marshmallow": {
        "version": "3.26.1",
        "package_dir": "src/marshmallow",
        "tests": ["tests"],
        "deps": ["simplejson==3.20.1"],
    },
    "docutils": {"version": "0.21.2", "package_dir": "docutils", "tests": ["test"], "deps": []},
    "toolz": {"version": "1.0.0", "package_dir": "toolz", "tests": ["toolz/tests"], "deps": []},
}
DEFAULT = "sqlparse,marshmallow,docutils"

NOTES: list[str] = []


def _count_py(paths: Iterable[str], pkg: str) -> int:
    """How many of `paths` are .py files below the package directory `pkg`."""
    prefix = os.path.normpath(pkg) + os.sep
    return sum(k.startswith(prefix) and k.endswith(".py") for k in paths)


def note(message: str) -> None:
    NOTES.append(message)
    print(f"NOTE: {message}", flush=True)


def run(cmd: list[str], cwd: str, timeout: float, label: str, ok=(0,)) -> subprocess.CompletedProcess[str]:
    start = time.monotonic()
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, errors="replace"
        )
    except subprocess.TimeoutExpired:
        fail(f"{label}: timed out after {timeout:.0f}s")
        raise
    log(f"  {label}: exit {proc.returncode} ({time.monotonic() - start:.1f}s)")
    if ok is not None and proc.returncode not in ok:
        fail(f"{label}: exit {proc.returncode}\n{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}")
    return proc


def snapshot(root: str) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ("__pycache__", ".pytest_cache", CACHE)]
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, root)] = fh.read()
    return out


def unpack(archive: str, dest: str) -> str:
    """Unpacks an sdist into dest; returns the project directory."""
    os.makedirs(dest)
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(dest)
    else:
        with tarfile.open(archive) as tf:
            if hasattr(tarfile, "data_filter"):
                tf.extractall(dest, filter="data")
            else:
                tf.extractall(dest)
    (top,) = os.listdir(dest)
    return os.path.join(dest, top)


def junit_outcomes(path: str) -> dict[str, str]:
    """test id -> passed / failed / error / skipped / xfailed / xpassed."""
    outcomes: dict[str, str] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        key = f"{case.get('classname')}::{case.get('name')}"
        outcome = "passed"
        for child in case:
            if child.tag == "failure":
                outcome = "failed"
            elif child.tag == "error":
                outcome = "error"
            elif child.tag == "skipped":
                outcome = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
        if outcome == "passed" and any(p.get("name") == "xpassed" for p in case.iter("property")):
            outcome = "xpassed"
        n = 2
        base = key
        while key in outcomes:  # a duplicate id (rare): keep both
            key = f"{base}#{n}"
            n += 1
        outcomes[key] = outcome
    return outcomes


def count(outcomes: dict[str, str]) -> str:
    tally: dict[str, int] = {}
    for o in outcomes.values():
        tally[o] = tally.get(o, 0) + 1
    return ", ".join(f"{n} {o}" for o, n in sorted(tally.items())) or "no tests"


def compare_outcomes(before: dict[str, str], after: dict[str, str]) -> tuple[dict, int]:
    """Outcomes that differ, and how many ids only matched by their name without parameters.

    Some suites parametrize with run-time values (marshmallow uses the current time), so an
    id present on one side only is matched by its base name and the multiset of outcomes.
    """
    changed = {k: (before[k], after[k]) for k in set(before) & set(after) if before[k] != after[k]}
    groups: dict[str, list[list[str]]] = {}
    for side, outcomes in enumerate((before, after)):
        for k in set(outcomes) - (set(before) & set(after)):
            groups.setdefault(k.split("[", 1)[0], [[], []])[side].append(outcomes[k])
    volatile = 0
    for base, (b, a) in groups.items():
        if sorted(b) == sorted(a):
            volatile += len(b)
        else:
            changed[base + "[...]"] = (",".join(sorted(b)) or None, ",".join(sorted(a)) or None)
    return changed, volatile


class Package:
    def __init__(self, name: str, spec: dict, work: str, args: argparse.Namespace) -> None:
        self.name, self.spec, self.args = name, spec, args
        self.work = os.path.join(work, name)
        self.row: dict[str, str] = {"package": f"{name}=={spec['version']}"}
        self.python = ""

    # -- environment
    def prepare(self) -> tuple[str, str]:
        dl = os.path.join(self.work, "dl")
        os.makedirs(dl)
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-q",
                "-d",
                dl,
                f"{self.name}=={self.spec['version']}",
            ],
            self.work,
            600,
            "pip download sdist",
        )
        (archive,) = [os.path.join(dl, f) for f in os.listdir(dl)]
        orig = unpack(archive, os.path.join(self.work, "orig"))
        fixed = os.path.join(self.work, "fixed", os.path.basename(orig))
        shutil.copytree(orig, fixed, symlinks=True)
        env = os.path.join(self.work, "venv")
        venv.EnvBuilder(with_pip=True).create(env)
        self.python = os.path.join(env, "bin", "python")
        run(
            [self.python, "-m", "pip", "install", "-q", PYTEST, *self.spec["deps"]],
            self.work,
            600,
            "pip install test deps",
        )
        return orig, fixed

    def install_and_test(self, tree: str, label: str) -> dict[str, str]:
        run(
            [self.python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", "--no-cache-dir", tree],
            self.work,
            600,
            f"pip install {label} tree",
        )
        # the code the tests import must be this tree's package, byte for byte
        top = os.path.basename(self.spec["package_dir"])
        where = run(
            [self.python, "-c", f"import os, {top}; print(os.path.dirname({top}.__file__))"],
            tree,
            60,
            f"locate imported {top}",
        ).stdout.strip()
        pkg = os.path.join(tree, self.spec["package_dir"])
        imported = {k: v for k, v in snapshot(where).items() if k.endswith(".py")}
        expected = {k: v for k, v in snapshot(pkg).items() if k.endswith(".py")}
        if imported != expected:
            fail(f"{self.name} ({label}): the imported package {where} is not the {label} tree's code")
        xml = os.path.join(self.work, f"junit-{label}.xml")
        start = time.monotonic()
        proc = run(
            [self.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={xml}", *self.spec["tests"]],
            tree,
            self.args.test_timeout,
            f"pytest ({label})",
            ok=None,
        )
        self.row[f"test time {label}"] = f"{time.monotonic() - start:.1f}s"
        last = proc.stdout.strip().splitlines()[-1:] or ["(no output)"]
        self.row[f"pytest {label}"] = last[0].strip("= ")
        if proc.returncode not in (0, 1) or not os.path.exists(xml):
            fail(f"{self.name} ({label}): pytest exit {proc.returncode}: {proc.stdout[-1500:]}{proc.stderr[-800:]}")
            return {}
        return junit_outcomes(xml)

    # -- importlint
    def lint(self, tree: str, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [*shlex.split(self.args.importlint), *args]
        proc = run(cmd, tree, self.args.timeout, "importlint " + " ".join(args), ok=(0, 1))
        if "Traceback (most recent call last)" in proc.stderr:  # stdout may quote source (--diff)
            fail(f"{self.name}: `importlint {' '.join(args)}` printed a traceback:\n{proc.stderr[-3000:]}")
        for line in proc.stderr.splitlines():
            if "internal error" in line.lower() or "bug report" in line.lower():
                fail(f"{self.name}: `importlint {' '.join(args)}`: {line}")
        return proc

    def fix(self, tree: str) -> None:
        pkg = self.spec["package_dir"]
        before = snapshot(tree)
        try:
            found = json.loads(self.lint(tree, "check", "--output-format", "json", pkg).stdout)
        except ValueError:
            fail(f"{self.name}: check --output-format json printed no JSON")
            found = []
        tally: dict[str, list[int]] = {}
        for v in found:
            tally.setdefault(v["code"], [0, 0])
            tally[v["code"]][0] += 1
            tally[v["code"]][1] += bool(v["fixable"])
        self.row["violations"] = ", ".join(f"{c}: {n} ({f} fixable)" for c, (n, f) in sorted(tally.items())) or "none"
        cache_dir = os.path.join(tree, CACHE)
        cache_before = snapshot(cache_dir) if os.path.isdir(cache_dir) else {}
        diff = self.lint(tree, "check", "--diff", pkg).stdout
        cache_after = snapshot(cache_dir) if os.path.isdir(cache_dir) else {}
        if cache_after != cache_before:
            note(
                f'{self.name}: `check --diff` ("writes nothing") wrote importlint\'s cache '
                f"{CACHE}/{{{', '.join(sorted(cache_after))}}} in the working directory"
            )
        listed = {os.path.normpath(line[4:]) for line in diff.splitlines() if line.startswith("--- ")}
        if snapshot(tree) != before:
            fail(f"{self.name}: check --diff wrote files")
        fixproc = self.lint(tree, "check", "--fix", pkg)
        m = re.search(r"\((\d+) fixed", fixproc.stderr)
        after = snapshot(tree)
        changed = {k for k in before if after.get(k) != before[k]}
        if set(after) != set(before):
            fail(f"{self.name}: files added/removed by --fix: {sorted(set(after) ^ set(before))[:10]}")
        if changed != listed:
            fail(f"{self.name}: changed files {sorted(changed)} != files in --diff {sorted(listed)}")
        lines = 0
        for rel in sorted(changed):
            b, a = before[rel].decode("utf-8", "surrogateescape"), after[rel].decode("utf-8", "surrogateescape")
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
                None, b.splitlines(True), a.splitlines(True), autojunk=False
            ).get_opcodes():
                if tag != "equal":
                    lines += max(i2 - i1, j2 - j1)
            for src, what in ((before[rel], "before"), (after[rel], "after")):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        compile(src, rel, "exec", dont_inherit=True)
                    except SyntaxError as exc:
                        if what == "after":
                            fail(f"{self.name}: {rel} no longer compiles: {exc}")
        try:
            left = json.loads(self.lint(tree, "check", "--output-format", "json", pkg).stdout)
        except ValueError:
            left = []
        if any(v["fixable"] for v in left):
            fail(f"{self.name}: fixable violations remain after --fix")
        self.lint(tree, "check", "--fix", pkg)
        if snapshot(tree) != after:
            fail(f"{self.name}: a second --fix changed files")
        fixable = sum(v["fixable"] for v in found)
        self.row["files changed"] = f"{len(changed)} of {_count_py(before, pkg)} .py files"
        self.row["statements rewritten"] = (
            f"{m.group(1) if m else 0} (fixable before: {fixable}; lines changed: {lines})"
        )
        self.row["unchanged files identical"] = (
            f"{sum(after[k] == before[k] for k in before)}/{len(before) - len(changed)}"
        )
        self.row["after --fix"] = f"{len(left)} violations ({sum(v['fixable'] for v in left)} fixable)"

    def main(self) -> None:
        start = time.monotonic()
        log(f"== {self.name}=={self.spec['version']}")
        orig, fixed = self.prepare()
        before = self.install_and_test(orig, "original")
        self.fix(fixed)
        after = self.install_and_test(fixed, "fixed")
        self.row["outcomes original"] = count(before)
        self.row["outcomes fixed"] = count(after)
        changed, volatile = compare_outcomes(before, after)
        self.row["per-test outcomes"] = (
            "identical" if not changed and before else f"{len(changed)} DIFFER" if changed else "no tests ran"
        )
        if volatile:
            self.row["per-test outcomes"] += (
                f" ({volatile} test ids carry run-time values, e.g. the current time; matched by test name and outcome)"
            )
        if changed:
            sample = "; ".join(f"{k}: {b} -> {a}" for k, (b, a) in sorted(changed.items())[:10])
            fail(f"{self.name}: {len(changed)} test outcomes changed: {sample}")
        if not before:
            fail(f"{self.name}: no test outcome recorded")
        self.row["run time"] = f"{time.monotonic() - start:.1f}s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", default=DEFAULT, help=f"comma list from: {', '.join(PACKAGES)}")
    parser.add_argument(
        "--importlint",
        default=default_importlint(),
        help="command to run (default: the importlint script beside this python)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per importlint run")
    parser.add_argument("--test-timeout", type=float, default=600, help="seconds per test-suite run")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    names = [n.strip() for n in args.packages.split(",") if n.strip()]
    unknown = [n for n in names if n not in PACKAGES]
    if unknown:
        parser.error(f"unknown package(s) {unknown}; known: {', '.join(PACKAGES)}")
    t0 = time.monotonic()
    work = tempfile.mkdtemp(prefix="importlint-pypi-")
    rows = []
    try:
        for name in names:
            pkg = Package(name, PACKAGES[name], work, args)
            try:
                pkg.main()
            except subprocess.TimeoutExpired:
                pass
            except Exception as exc:  # keep going with the other packages
                fail(f"{name}: {type(exc).__name__}: {exc}")
            rows.append(pkg.row)
    finally:
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\n== importlint on real PyPI packages ==")
    for row in rows:
        width = max(len(k) for k in row)
        print("-" * 72)
        for k, v in row.items():
            print(f"{k:<{width}} | {v}")
    print("-" * 72)
    print(f"total run time: {time.monotonic() - t0:.1f}s")
    for n in NOTES:
        print(f"NOTE: {n}")
    if FAILURES:
        print(f"\nRESULT: FAILED ({len(FAILURES)} problem(s))")
        for f in FAILURES:
            print(f"  - {f.splitlines()[0]}")
        return 1
    print("\nRESULT: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
