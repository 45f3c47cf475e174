#!/usr/bin/env python3
"""Monorepo scale benchmark for importlint against ruff and absolufy-imports (issue 10).

    python bench/scale.py [--copies N] [--runs R]

The corpus is N renamed copies of Django 5.2's `django/` package side by side (default 20):
copy k is `django_k`, and every `django` name in its .py files (imports, dotted strings)
is rewritten to `django_k`, so each copy's absolute self-imports stay self-imports. Each
copy keeps its locale, static and template files. A one-copy corpus built the same way
gives the per-file baseline. Everything goes to bench/.work/ (git-ignored); the Django
sdist and the peers' venv are the ones bench/run.py pins (and shares).

Stdlib only. Not a test: it exits 0 whether or not a target is met, and non-zero only
when a command fails to run (or exits with an unexpected code).

Method (bench/run.py's harness): the commands of one row are timed in the same run,
alternating (A B, B A, ...), and compared by medians. time.perf_counter() around each
command (run in its own process group), output to /dev/null, exit code checked and any
traceback counted as a failure; the CPU time of the process tree (user + sys of every
reaped process) from getrusage(RUSAGE_CHILDREN) around each run. Preparation (fresh copies,
deleted caches, touched files) happens outside the timer. Peak memory: every timed run
runs under `/usr/bin/time -f %M` (the largest max RSS of any one process of the tree, from
wait4); the output formats the timed runs do not use get untimed runs of their own, also
cross-checked by polling VmHWM of every process in /proc. A step whose command fails is
reported as not measured; Ctrl-C or SIGTERM stops the run and prints what was measured.
"""

from __future__ import annotations

import argparse
import ast
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Callable

import run as base  # bench/run.py: the pinned download, the peers' venv, the peak-memory poller

HERE = Path(__file__).resolve().parent
WORK = base.WORK / "scale"
RESULTS = base.WORK / "scale-results.json"

# bump when the generated corpus changes, so an old one on disk is rebuilt
GENERATOR = "1"
SELF_NAME = re.compile(rb"\bdjango\b")
FORMATS = ("text", "concise", "json", "github", "sarif")
# the module touched by the "warm after touching one file" rows (in the middle copy)
TOUCHED = Path("db") / "models" / "query.py"
FLOOR_JOBS = 2
FLOOR_CHUNK = 16

log = base.log
BenchError = base.BenchError


# ---------------------------------------------------------------- corpus


def copy_renamed(source: Path, dest: Path, name: str) -> None:
    """dest as a copy of the package `source`, with its own name rewritten to `name` in .py files.

    `\\bdjango\\b` keeps longer names (`djangoproject`, `django_2`) apart; other files are
    copied as they are (they take up room on disk and in directory walks, as in a real tree).
    """
    replacement = name.encode("ascii")
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        target = dest / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for file_name in sorted(files):
            origin = Path(folder) / file_name
            if file_name.endswith(".py"):
                (target / file_name).write_bytes(SELF_NAME.sub(replacement, origin.read_bytes()))
            else:
                shutil.copyfile(origin, target / file_name)


def copy_names(copies: int) -> list[str]:
    return [f"django_{k}" for k in range(1, copies + 1)]


def build_corpus(source: Path, root: Path, copies: int) -> list[str]:
    """root/django_1 .. root/django_N and an empty importlint.toml; reused when already built."""
    names = copy_names(copies)
    marker = root / "scale-corpus.json"
    wanted = {"django": base.DJANGO_VERSION, "sha256": base.DJANGO_SHA256, "copies": copies, "generator": GENERATOR}
    if marker.exists():
        try:
            if json.loads(marker.read_text()) == wanted:
                return names
        except ValueError:
            pass
    log(f"[setup] generating {root.relative_to(HERE.parent)}: {copies} renamed copies of django/")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in names:
        copy_renamed(source, root / name, name)
    # the config file makes root importlint's project root: no configuration from the
    # repository around bench/ applies, and the cache lands in root
    (root / "importlint.toml").write_text("# benchmark corpus: default settings\n")
    marker.write_text(json.dumps(wanted) + "\n")  # last: a half-built corpus is rebuilt
    return names


def fresh_copy(source_root: Path, names: Sequence[str], dest_root: Path) -> None:
    """A fresh copy of a generated corpus, for the commands that rewrite files."""
    if dest_root.exists():
        shutil.rmtree(dest_root)
    dest_root.mkdir(parents=True)
    for name in names:
        shutil.copytree(source_root / name, dest_root / name)
    shutil.copyfile(source_root / "importlint.toml", dest_root / "importlint.toml")


def corpus_size(root: Path, names: Sequence[str]) -> dict[str, int]:
    py = [p for name in names for p in base.py_files(root / name)]
    others = [p for name in names for p in (root / name).rglob("*") if p.is_file() and p.suffix != ".py"]
    return {"files": len(py), "bytes": sum(p.stat().st_size for p in py), "other_files": len(others)}


# ---------------------------------------------------------------- the ast.parse floor (its own process)


def _parse_one(path: str) -> int:
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        ast.parse(source, path)
    except (SyntaxError, ValueError):
        return 0
    return 1


def parse_floor(dirs: Sequence[str], jobs: int) -> int:
    """Read and parse every .py file under dirs with a pool of bare ast.parse: the floor of a cold run."""
    files = sorted(str(p) for d in dirs for p in Path(d).rglob("*.py") if p.is_file())
    with multiprocessing.Pool(jobs) as pool:
        parsed = sum(pool.imap_unordered(_parse_one, files, chunksize=FLOOR_CHUNK))
    print(f"parsed {parsed} of {len(files)} files with {jobs} processes")
    return 0 if parsed == len(files) else 1


# ---------------------------------------------------------------- timing


Sample = dict[str, list[float]]  # "wall", "cpu", "rss_mb": one value per run
Times = dict[str, Sample]  # member key -> samples


def _read_peak_kb(path: str) -> float | None:
    try:
        lines = Path(path).read_text().strip().splitlines()
        return float(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


class Member:
    """One command of a timed group; `prepare` runs before every run, outside the timer."""

    def __init__(
        self,
        key: str,
        cmd: Sequence[str],
        cwd: Path,
        ok: Sequence[int] = base.LINT_OK,
        prepare: Callable[[], None] | None = None,
        warmup: bool = True,
    ) -> None:
        self.key, self.cmd, self.cwd, self.ok = key, list(cmd), cwd, ok
        self.prepare, self.warmup = prepare, warmup

    def once(self) -> tuple[float, float, float | None]:
        """(wall s, CPU s of the whole process tree, peak RSS MB of its largest process) of one run.

        /usr/bin/time only waits and reads the kernel's accounting: it costs nothing measurable,
        so the timed runs give the peak memory of their process trees for free.
        """
        if self.prepare is not None:
            self.prepare()
        gnu_time = base.GNU_TIME.exists()
        with (
            tempfile.NamedTemporaryFile("w+b", suffix=".err") as err,
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
        ):
            full = [str(base.GNU_TIME), "-f", "%M", "-o", rss.name, *self.cmd] if gnu_time else self.cmd
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            rc = run_in_group(full, self.cwd, subprocess.DEVNULL, err)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            check_exit(self.cmd, self.cwd, rc, self.ok, err)
            peak_kb = _read_peak_kb(rss.name) if gnu_time else None
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, None if peak_kb is None else peak_kb / 1024


def run_in_group(cmd: Sequence[str], cwd: Path, stdout: object, stderr: object) -> int:
    """Run cmd in its own process group, and kill the whole group if the benchmark is interrupted.

    Killing only the direct child would leave importlint's workers (or, under /usr/bin/time,
    importlint itself) running and loading the machine.
    """
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,  # type: ignore[arg-type]
        start_new_session=True,
    )
    try:
        return proc.wait()
    except BaseException:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
        raise


def check_exit(cmd: Sequence[str], cwd: Path, rc: int, ok: Sequence[int], err: IO[bytes]) -> None:
    """A run that exited with an unexpected code or printed a traceback is a failure.

    A traceback exits 1 too, which the linters also use for "violations found".
    """
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    if rc in ok and "Traceback (most recent call last)" not in text:
        return
    tail = "\n".join(text.strip().splitlines()[-12:])
    raise BenchError(f"command failed (exit {rc}) in {cwd}:\n  {' '.join(cmd)}\n{tail}")


def time_group(
    name: str, members: Sequence[Member], runs: int, times: Times, on_sample: Callable[[], None] = lambda: None
) -> None:
    """Alternate the members' runs (forwards, then backwards, ...), after a warm-up of those that want one.

    Samples go into `times` as they come (and `on_sample` saves them), so a run stopped
    midway keeps the members it already timed.
    """
    log(f"[time] {name}: {', '.join(m.key for m in members)} x {runs} (load {os.getloadavg()[0]:.2f})")
    for member in members:
        if member.warmup:
            member.once()  # OS caches, and the priming run of the cached rows
    times.update({m.key: {"wall": [], "cpu": [], "rss_mb": []} for m in members})
    for i in range(runs):
        for member in members if i % 2 == 0 else list(reversed(members)):
            wall, cpu, rss = member.once()
            times[member.key]["wall"].append(wall)
            times[member.key]["cpu"].append(cpu)
            if rss is not None:
                times[member.key]["rss_mb"].append(rss)
            log(f"        {member.key}: {wall:.3f} s, CPU {cpu:.2f} s, peak {rss or 0:.0f} MB")
            on_sample()
    for key, values in times.items():
        walls = values["wall"]
        log(f"        {key}: median {statistics.median(walls):.3f} s  ({' '.join(f'{v:.3f}' for v in walls)})")


# ---------------------------------------------------------------- peak memory


def measure_peak(
    cmd: Sequence[str], cwd: Path, stdout_path: Path, ok: Sequence[int] = base.LINT_OK
) -> dict[str, float]:
    """Peak RSS (MB) of the largest single process of the tree; the command's stdout is kept in stdout_path.

    bench/run.py's method (with its /proc VmHWM poller as a cross-check), keeping stdout so
    the report that was measured can be checked too.
    """
    gnu_time = base.GNU_TIME.exists()
    with (
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
        open(stdout_path, "wb") as stdout,
        tempfile.NamedTemporaryFile("w+b", suffix=".err") as err,
    ):
        full = [str(base.GNU_TIME), "-f", "%M", "-o", rss.name, *cmd] if gnu_time else list(cmd)
        proc = subprocess.Popen(
            full, cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err, start_new_session=True
        )
        poller = base.TreePoller(proc.pid, skip=proc.pid if gnu_time else None)
        if Path("/proc/self/status").exists():
            poller.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        finally:
            poller.done.set()
            if poller.is_alive():
                poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        check_exit(cmd, cwd, proc.returncode, ok, err)
        peak_kb = _read_peak_kb(rss.name) if gnu_time else float(usage.ru_maxrss)
    if peak_kb is None:
        raise BenchError(f"/usr/bin/time reported no peak for {' '.join(cmd)}")
    return {
        "peak_mb": peak_kb / 1024,
        "poll_peak_mb": max(poller.peaks.values(), default=0) / 1024,
        "poll_processes": float(len(poller.peaks)),
    }


def count_reported(fmt: str, text: str) -> int | None:
    """How many violations a report holds (None if the format does not say)."""
    if fmt == "json":
        return len(json.loads(text or "[]"))
    if fmt == "sarif":
        return sum(len(r.get("results", [])) for r in json.loads(text)["runs"])
    if fmt == "github":
        return sum(1 for line in text.splitlines() if line.startswith("::"))
    return None


# ---------------------------------------------------------------- touching one file


class Toucher:
    """Touches one file before a warm run: same bytes with a new mtime, or a real one-line change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_bytes()
        self.count = 0

    def same_content(self) -> None:
        # rewritten in place (same inode, same size): only the mtime moves; the pause puts the
        # new mtime past any coarse timestamp granularity
        time.sleep(0.02)
        self.path.write_bytes(self.original)

    def one_line(self) -> None:
        self.count += 1
        self.path.write_bytes(self.original + f"_scale_bench_touch = {self.count}\n".encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


# ---------------------------------------------------------------- the measurements


class Bench:
    """The corpora, the commands, and the results so far (saved after every step)."""

    def __init__(self, args: argparse.Namespace, importlint: list[str], il_python: str, source: Path) -> None:
        self.args, self.il_python, self.source = args, il_python, source
        self.mono, self.one, self.clean = WORK / f"mono-{args.copies}", WORK / "one", WORK / "clean"
        self.runs_dir, self.ruff_cache, self.reports = WORK / "runs", WORK / "ruff_cache", WORK / "reports"
        self.reports.mkdir(parents=True, exist_ok=True)
        self.names = build_corpus(source, self.mono, args.copies)
        self.one_names = build_corpus(source, self.one, 1)
        build_corpus(source, self.clean, 1)
        self.mono_dirs = [f"{n}/" for n in self.names]
        self.one_dirs = [f"{n}/" for n in self.one_names]
        self.one_files = [str(p.relative_to(self.one)) for n in self.one_names for p in base.py_files(self.one / n)]
        self.il = [*importlint, "check"]
        self.ruff = [str(base.venv_bin("ruff")), "check", *base.RUFF_RULE]
        self.absolufy = str(base.venv_bin("absolufy-imports"))
        self.il_cache = self.mono / ".importlint_cache"  # the default cache-dir, beside importlint.toml
        # on 2 cores the default --jobs is -j2: timing both would run the same command twice
        self.separate_j2 = os.cpu_count() != 2
        self.results: dict[str, object] = {
            "sizes": {"mono": corpus_size(self.mono, self.names), "one": corpus_size(self.one, self.one_names)},
            "groups": {},
            "memory": {},
            "loads": {},
            "errors": {},
            "sanity": {},
            "commands": {
                "importlint": importlint,
                "ruff_rule": base.RUFF_RULE,
                "floor": f"{il_python} bench/scale.py --parse-floor DIR... ({FLOOR_JOBS} processes)",
            },
            "default_jobs_is_j2": not self.separate_j2,
        }

    # -- bookkeeping

    @property
    def groups(self) -> dict[str, Times]:
        return self.results["groups"]  # type: ignore[return-value]

    def step(self, name: str, action: Callable[[], None]) -> None:
        """Run one step; a command that fails ends the step, not the benchmark."""
        self.results["loads"][name] = list(os.getloadavg())  # type: ignore[index]
        try:
            action()
        except BenchError as exc:
            log(f"bench: {name}: {exc}")
            self.results["errors"][name] = str(exc)  # type: ignore[index]
        save_results(self.results)

    def group(self, name: str, members: Sequence[Member], runs: int) -> None:
        self.groups[name] = {}
        time_group(name, members, runs, self.groups[name], lambda: save_results(self.results))

    def drop_caches(self) -> None:
        shutil.rmtree(self.il_cache, ignore_errors=True)
        shutil.rmtree(self.one / ".importlint_cache", ignore_errors=True)
        shutil.rmtree(self.ruff_cache, ignore_errors=True)

    def copier(self, name: str) -> Callable[[], None]:
        return lambda: fresh_copy(self.one, self.one_names, self.runs_dir / name)

    # -- the steps, in order

    def run_all(self) -> None:
        """The steps, the most telling first: a run stopped early (Ctrl-C, SIGTERM) keeps what it measured."""
        steps: list[tuple[str, Callable[[], None]]] = [
            ("versions", self.versions),
            ("sanity", self.sanity),
            ("clean files", self.clean_files),
            ("warm-up", self.warm_up),
            ("monorepo cold", self.mono_cold),
            ("one copy cold", self.one_cold),
            ("one copy fix", self.one_fix),
            ("3 clean files", self.three_files),
            ("one copy warm", self.one_warm),
            ("monorepo cached", self.mono_cached),
            ("memory per output format", self.memory_formats),
        ]
        try:
            for name, action in steps:
                self.step(name, action)
        except KeyboardInterrupt:
            log(f"bench: interrupted during step {name!r}; reporting what was measured")
            self.results["errors"][name] = "interrupted"  # type: ignore[index]
        finally:
            self.drop_caches()

    def versions(self) -> None:
        run, il_python = base.run_checked, self.il_python
        where = run([il_python, "-c", "import importlint; print(importlint.__file__)"]).strip()
        self.results["versions"] = {
            "importlint": run([*self.il[:-1], "--version"]).strip(),
            "importlint_path": where,
            "ruff": run([self.ruff[0], "--version"]).strip(),
            "absolufy-imports": base.PEERS[1].split("==")[1],
            "libcst": run([il_python, "-c", "import importlib.metadata as m; print(m.version('libcst'))"]).strip(),
            "python": run([il_python, "-c", "import platform; print(platform.python_version())"]).strip(),
            "repo": base.git_state(),
        }
        if not Path(where).resolve().is_relative_to(HERE.parent):
            log(f"[bench] note: measuring the importlint at {where}, not this checkout's")

    def sanity(self) -> None:
        """What each tool finds (untimed), so the rows are seen to do real work."""

        def found(cmd: list[str], cwd: Path, dirs: list[str]) -> list[dict[str, object]]:
            text = base.run_checked([*cmd, "--no-cache", "--output-format", "json", *dirs], cwd=cwd, ok=base.LINT_OK)
            return json.loads(text or "[]")  # type: ignore[no-any-return]

        il_one, ruff_one = found(self.il, self.one, self.one_dirs), found(self.ruff, self.one, self.one_dirs)
        if not il_one or not ruff_one:
            raise BenchError("a tool found nothing in the one-copy corpus: it cannot be checking the files")
        self.results["sanity"].update(
            {  # type: ignore[attr-defined]
                "one_importlint_violations": len(il_one),
                "one_importlint_files_with_violations": len({v["path"] for v in il_one}),
                "one_ruff_TID252_violations": len(ruff_one),
                "mono_ruff_TID252_violations": len(found(self.ruff, self.mono, self.mono_dirs)),
            }
        )

    def clean_files(self) -> None:
        """3 files that are clean after `check --fix` and still have a relative import (bench/run.py's row)."""
        marker = self.clean / "scale-fixed.json"
        if marker.exists():
            three = json.loads(marker.read_text())
            try:
                base.run_checked([*self.il, "--no-cache", *three], cwd=self.clean)  # exit 0: still clean
            except BenchError:
                log("[setup] the clean files picked before are not clean now: picking again")
            else:
                self.results["clean_files"] = three
                return
            shutil.rmtree(self.clean)
            build_corpus(self.source, self.clean, 1)
        dirs = self.one_dirs
        base.run_checked([*self.il, "--fix", "--no-cache", *dirs], cwd=self.clean, ok=base.LINT_OK)
        left = json.loads(
            base.run_checked(
                [*self.il, "--no-cache", "--output-format", "json", *dirs], cwd=self.clean, ok=base.LINT_OK
            )
            or "[]"
        )
        dirty = {v["path"] for v in left}
        candidates = [
            p
            for n in self.one_names
            for p in base.py_files(self.clean / n)
            if p.name != "__init__.py" and str(p.relative_to(self.clean)) not in dirty and base.has_relative_import(p)
        ]
        if len(candidates) < 3:
            raise BenchError("fewer than 3 clean files with relative imports in the fixed copy")
        three = [str(candidates[len(candidates) * k // 4].relative_to(self.clean)) for k in (1, 2, 3)]
        base.run_checked([*self.il, "--no-cache", *three], cwd=self.clean)  # exit 0: they are clean
        marker.write_text(json.dumps(three) + "\n")
        self.results["clean_files"] = three

    def warm_up(self) -> None:
        # reads every file (page cache) and compiles importlint's bytecode, so the cold rows
        # need no warm-up of their own (one costs minutes on the monorepo); the sanity step's
        # runs did both already if it succeeded
        base.run_checked([self.absolufy, "--help"])  # compiles its bytecode
        if "sanity" in self.results["errors"]:  # type: ignore[operator]
            base.run_checked([*self.ruff, "--no-cache", *self.mono_dirs], cwd=self.mono, ok=base.LINT_OK)
            base.run_checked([*self.il, "--no-cache", *self.one_dirs], cwd=self.one, ok=base.LINT_OK)

    def mono_cold(self) -> None:
        floor = [self.il_python, str(Path(__file__).resolve()), "--parse-floor", *self.mono_dirs]
        members = [
            Member("importlint", [*self.il, "--no-cache", *self.mono_dirs], self.mono, warmup=False),
            Member("importlint -j1", [*self.il, "--no-cache", "-j1", *self.mono_dirs], self.mono, warmup=False),
            Member("ruff --no-cache", [*self.ruff, "--no-cache", *self.mono_dirs], self.mono, warmup=False),
            Member("ast.parse floor", floor, self.mono, ok=(0,), warmup=False),
            # the per-file baseline, timed in the same stretch: CPU time per file grows with the
            # machine's load (shared cores), so it is compared within one window
            Member("importlint, one copy", [*self.il, "--no-cache", *self.one_dirs], self.one, warmup=False),
        ]
        if self.separate_j2:
            members.insert(
                2, Member("importlint -j2", [*self.il, "--no-cache", "-j2", *self.mono_dirs], self.mono, warmup=False)
            )
        self.group("monorepo cold", members, self.args.runs)

    def _warm_cmds(self) -> tuple[list[str], list[str]]:
        return ([*self.il, *self.mono_dirs], [*self.ruff, "--cache-dir", str(self.ruff_cache), *self.mono_dirs])

    def mono_cached(self) -> None:
        """Cache fill, then warm, then warm after touching one file, on the monorepo."""
        il, ruff = self._warm_cmds()
        runs = self.args.runs
        self.group(
            "monorepo cache fill",
            [
                Member(
                    "importlint",
                    il,
                    self.mono,
                    prepare=lambda: shutil.rmtree(self.il_cache, ignore_errors=True),
                    warmup=False,
                ),
                Member(
                    "ruff",
                    ruff,
                    self.mono,
                    prepare=lambda: shutil.rmtree(self.ruff_cache, ignore_errors=True),
                    warmup=False,
                ),
            ],
            runs,
        )
        require_cache(self.il_cache, self.ruff_cache)
        # the last fill primed both caches: the warm row needs no priming run of its own
        self.group(
            "monorepo warm",
            [Member("importlint", il, self.mono, warmup=False), Member("ruff", ruff, self.mono, warmup=False)],
            runs,
        )
        toucher = Toucher(self.mono / self.names[(len(self.names) - 1) // 2] / TOUCHED)
        self.results["touched"] = str(toucher.path.relative_to(self.mono))
        try:
            self.group(
                "monorepo touch",
                [
                    Member("importlint", il, self.mono, prepare=toucher.same_content, warmup=False),
                    Member("ruff", ruff, self.mono, prepare=toucher.same_content, warmup=False),
                ],
                runs,
            )
            self.group(
                "monorepo edit",
                [
                    Member("importlint", il, self.mono, prepare=toucher.one_line, warmup=False),
                    Member("ruff", ruff, self.mono, prepare=toucher.one_line, warmup=False),
                ],
                runs,
            )
        finally:
            toucher.restore()
            self.drop_caches()

    def one_cold(self) -> None:
        # no warm-ups: the sanity and warm-up steps read these files and compiled every tool's bytecode
        one, dirs = self.one, self.one_dirs
        self.group(
            "one copy cold",
            [
                Member("importlint", [*self.il, "--no-cache", *dirs], one, warmup=False),
                Member("importlint -j1", [*self.il, "--no-cache", "-j1", *dirs], one, warmup=False),
                Member("ruff --no-cache", [*self.ruff, "--no-cache", *dirs], one, warmup=False),
                Member(
                    "absolufy-imports --never",
                    [self.absolufy, "--never", *self.one_files],
                    self.runs_dir / "absolufy",
                    prepare=self.copier("absolufy"),
                    warmup=False,
                ),
            ],
            self.args.small_runs,
        )

    def one_fix(self) -> None:
        self.group(
            "one copy fix",
            [
                Member(
                    "importlint --fix",
                    [*self.il, "--fix", "--no-cache", *self.one_dirs],
                    self.runs_dir / "fix",
                    prepare=self.copier("fix"),
                    warmup=False,
                ),
                Member(
                    "absolufy-imports --never",
                    [self.absolufy, "--never", *self.one_files],
                    self.runs_dir / "absolufy",
                    prepare=self.copier("absolufy"),
                    warmup=False,
                ),
            ],
            self.args.small_runs,
        )

    def one_warm(self) -> None:
        self.drop_caches()
        try:
            self.group(
                "one copy warm",
                [
                    Member("importlint", [*self.il, *self.one_dirs], self.one),
                    Member("ruff", [*self.ruff, "--cache-dir", str(self.ruff_cache), *self.one_dirs], self.one),
                ],
                self.args.small_runs,
            )
            require_cache(self.one / ".importlint_cache", self.ruff_cache)
        finally:
            self.drop_caches()

    def three_files(self) -> None:
        three = self.results.get("clean_files")
        if not three:
            raise BenchError("no clean files were picked (see the 'clean files' step)")
        self.group(
            "3 clean files",
            [
                Member("importlint", [*self.il, "--no-cache", *three], self.clean, ok=(0,)),  # type: ignore[misc]
                Member("import libcst", [self.il_python, "-c", "import libcst"], self.clean, ok=(0,)),
                Member("python -c pass", [self.il_python, "-c", "pass"], self.clean, ok=(0,)),
            ],
            self.args.small_runs,
        )

    def memory_formats(self) -> None:
        """Peak RSS of the largest process, cold on the monorepo, for the formats the timed runs did not use.

        The text format's peak (and -j1's, and the cache fill's) come from the timed runs.
        """
        memory: dict[str, dict[str, float]] = self.results["memory"]  # type: ignore[assignment]
        sanity: dict[str, object] = self.results["sanity"]  # type: ignore[assignment]
        log(
            f"[memory] peak RSS on the monorepo, {self.args.memory_runs} untimed run(s) per output format "
            f"(load {os.getloadavg()[0]:.2f})"
        )
        for fmt in self.args.memory_formats:
            out = self.reports / f"mono.{fmt}"
            samples = [
                measure_peak([*self.il, "--no-cache", "--output-format", fmt, *self.mono_dirs], self.mono, out)
                for _ in range(self.args.memory_runs)
            ]
            memory[fmt] = {k: max(s[k] for s in samples) for k in samples[0]}
            count = count_reported(fmt, out.read_text(encoding="utf-8", errors="replace"))
            if count is not None:
                sanity[f"mono_importlint_violations_{fmt}"] = count
            log(
                f"        {fmt}: {memory[fmt]['peak_mb']:.1f} MB (/proc poll {memory[fmt]['poll_peak_mb']:.1f} MB "
                f"over {memory[fmt]['poll_processes']:.0f} processes)"
            )
            save_results(self.results)
        counts = {k: v for k, v in sanity.items() if k.startswith("mono_importlint_violations_")}
        if len(set(counts.values())) > 1:
            raise BenchError(f"the output formats report different numbers of violations: {counts}")


def require_cache(il_cache: Path, ruff_cache: Path) -> None:
    for label, folder in (("importlint", il_cache), ("ruff", ruff_cache)):
        if not folder.is_dir() or not any(folder.iterdir()):
            raise BenchError(f"the cached rows ran without a cache: {label} wrote nothing to {folder}")


def save_results(results: dict[str, object]) -> None:
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


# ---------------------------------------------------------------- report


def med(groups: dict[str, Times], group: str, key: str, kind: str = "wall") -> float | None:
    values = groups.get(group, {}).get(key, {}).get(kind)
    return statistics.median(values) if values else None


def peak(groups: dict[str, Times], group: str, key: str) -> float | None:
    values = groups.get(group, {}).get(key, {}).get("rss_mb")
    return max(values) if values else None


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "missed")


def print_table(rows: Sequence[dict[str, object]]) -> None:
    keys = ["row", "importlint", "peer", "ratio", "target", "met"]
    cells = [[str(r[k]) for k in keys] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(keys)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(keys, widths)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for c in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(c, widths)) + " |")


def missing_row(row: str, target: str) -> dict[str, object]:
    return {
        "row": row,
        "importlint": "not measured",
        "peer": "-",
        "ratio": "-",
        "target": target,
        "met": "not measured",
        "value": None,
    }


def ratio_row(
    row: str, il: float | None, peer: float | None, peer_name: str, limit: float | None, faster: bool = False
) -> dict[str, object]:
    """A row comparing two medians; with faster=True the ratio is peer/il and must reach the limit."""
    if faster:
        target = "-" if limit is None else f">= {limit}x faster"
    else:
        target = "-" if limit is None else f"<= {limit}x"
    if il is None or peer is None:
        return missing_row(row, target)
    ratio = peer / il if faster else il / peer
    ok = None if limit is None else (ratio >= limit if faster else ratio <= limit)
    return {
        "row": row,
        "importlint": f"{il:.3f} s",
        "peer": f"{peer:.3f} s {peer_name}",
        "ratio": f"{ratio:.2f}x faster" if faster else f"{ratio:.2f}x",
        "target": target,
        "met": verdict(ok),
        "value": ratio,
    }


def memory_row(row: str, mb: float | None, ruff_mb: float | None) -> dict[str, object]:
    if mb is None:
        return missing_row(row, "<= 150 MB")
    return {
        "row": row,
        "importlint": f"{mb:.1f} MB",
        "peer": "-" if ruff_mb is None else f"{ruff_mb:.1f} MB ruff",
        "ratio": "-" if not ruff_mb else f"{mb / ruff_mb:.1f}x",
        "target": "<= 150 MB",
        "met": verdict(mb <= 150),
        "value": mb,
    }


def per_file_cpu_row(g: dict[str, Times], n_mono: int, n_one: int) -> dict[str, object]:
    row, target = f"per-file CPU, cold, {n_mono:,} vs {n_one} files", "<= 1.10x (linear)"
    mono, one = med(g, "monorepo cold", "importlint", "cpu"), med(g, "monorepo cold", "importlint, one copy", "cpu")
    if mono is None or one is None:
        return missing_row(row, target)
    mono_ms, one_ms = mono / n_mono * 1000, one / n_one * 1000
    return {
        "row": row,
        "importlint": f"{mono_ms:.2f} ms/file",
        "peer": f"{one_ms:.2f} ms/file at {n_one} files",
        "ratio": f"{mono_ms / one_ms:.2f}x",
        "target": target,
        "met": verdict(mono_ms / one_ms <= 1.10),
        "value": mono_ms / one_ms,
    }


def build_rows(results: dict[str, object]) -> list[dict[str, object]]:
    g: dict[str, Times] = results["groups"]  # type: ignore[assignment]
    memory: dict[str, dict[str, float]] = results["memory"]  # type: ignore[assignment]
    sizes: dict[str, dict[str, int]] = results["sizes"]  # type: ignore[assignment]
    n_mono, n_one = sizes["mono"]["files"], sizes["one"]["files"]
    mono = f"monorepo ({n_mono:,} files)"
    cold, one = "monorepo cold", "one copy cold"
    j2 = "importlint" if results.get("default_jobs_is_j2") else "importlint -j2"
    ruff_mb = peak(g, cold, "ruff --no-cache")
    rows = [
        ratio_row(
            f"{mono} cold, default jobs, vs 2-process ast.parse floor",
            med(g, cold, "importlint"),
            med(g, cold, "ast.parse floor"),
            "ast.parse floor",
            1.6,
        ),
        per_file_cpu_row(g, n_mono, n_one),
        memory_row(f"peak RSS, {mono}, cold, text (default)", peak(g, cold, "importlint"), ruff_mb),
        *(
            memory_row(f"peak RSS, {mono}, cold, --output-format {fmt}", memory.get(fmt, {}).get("peak_mb"), ruff_mb)
            for fmt in FORMATS[1:]
        ),
        memory_row(f"peak RSS, {mono}, cold -j1, text", peak(g, cold, "importlint -j1"), ruff_mb),
        memory_row(
            f"peak RSS, {mono}, first run filling the cache",
            peak(g, "monorepo cache fill", "importlint"),
            peak(g, "monorepo cache fill", "ruff"),
        ),
        ratio_row(
            f"warm re-run, nothing changed, {n_one} files",
            med(g, "one copy warm", "importlint"),
            med(g, "one copy warm", "ruff"),
            "ruff warm",
            1.5,
        ),
        ratio_row(
            f"warm re-run, nothing changed, {mono}",
            med(g, "monorepo warm", "importlint"),
            med(g, "monorepo warm", "ruff"),
            "ruff warm",
            1.5,
        ),
        ratio_row(
            f"warm after touching one file (same bytes, new mtime), {mono}",
            med(g, "monorepo touch", "importlint"),
            med(g, "monorepo touch", "ruff"),
            "ruff, same touch",
            1.5,
        ),
        ratio_row(
            f"warm after a one-line change to one file, {mono}",
            med(g, "monorepo edit", "importlint"),
            med(g, "monorepo edit", "ruff"),
            "ruff, same change",
            1.5,
        ),
        ratio_row(
            f"-j2 vs -j1 cold, {mono}", med(g, cold, j2), med(g, cold, "importlint -j1"), "-j1", 1.8, faster=True
        ),
        ratio_row(
            f"Django cold ({n_one} files) vs ruff --no-cache",
            med(g, one, "importlint"),
            med(g, one, "ruff --no-cache"),
            "ruff --no-cache",
            6.0,
        ),
        ratio_row(
            f"Django cold ({n_one} files) vs absolufy-imports",
            med(g, one, "importlint"),
            med(g, one, "absolufy-imports --never"),
            "absolufy --never",
            0.4,
        ),
        ratio_row(
            "Django --fix on a fresh copy vs absolufy-imports",
            med(g, "one copy fix", "importlint --fix"),
            med(g, "one copy fix", "absolufy-imports --never"),
            "absolufy --never",
            0.6,
        ),
        ratio_row(
            "3 clean files --no-cache (pre-commit) vs import libcst",
            med(g, "3 clean files", "importlint"),
            med(g, "3 clean files", "import libcst"),
            'python -c "import libcst"',
            1.3,
        ),
        # for information: the measured rows without a target
        ratio_row(
            f"{mono} cold, default jobs, vs ruff --no-cache",
            med(g, cold, "importlint"),
            med(g, cold, "ruff --no-cache"),
            "ruff --no-cache",
            None,
        ),
        ratio_row(
            f"{mono} cold -j1 vs ruff --no-cache",
            med(g, cold, "importlint -j1"),
            med(g, cold, "ruff --no-cache"),
            "ruff --no-cache",
            None,
        ),
        ratio_row(
            f"{mono} first run filling the cache",
            med(g, "monorepo cache fill", "importlint"),
            med(g, "monorepo cache fill", "ruff"),
            "ruff filling its cache",
            None,
        ),
    ]
    return rows


def fmt_load(load: Sequence[float]) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def report(results: dict[str, object]) -> None:
    rows = build_rows(results)
    sizes: dict[str, dict[str, int]] = results["sizes"]  # type: ignore[assignment]
    versions: dict[str, str] = results.get("versions", {})  # type: ignore[assignment]
    sanity: dict[str, object] = results["sanity"]  # type: ignore[assignment]
    g: dict[str, Times] = results["groups"]  # type: ignore[assignment]
    m, o = sizes["mono"], sizes["one"]
    print()
    print(
        f"importlint scale benchmark, {results['started']}: {results['copies']} renamed copies of Django "
        f"{base.DJANGO_VERSION}'s django/ ({m['files']:,} .py files, {m['bytes'] / 1e6:.1f} MB, plus "
        f"{m['other_files']:,} other files); one copy {o['files']} files, {o['bytes'] / 1e6:.2f} MB"
    )
    print(
        f"medians of {results['runs']} alternating run(s) on the monorepo, {results['small_runs']} on one copy and "
        f"3 files; peak RSS: /usr/bin/time -f %M (largest single process), max over the runs"
    )
    print(
        f"{versions.get('importlint', '?')} ({versions.get('repo', '?')}); {versions.get('ruff', '?')}; "
        f"absolufy-imports {versions.get('absolufy-imports', '?')}; libcst {versions.get('libcst', '?')}; "
        f"Python {versions.get('python', '?')}; {results['cpu_count']} cores"
    )
    print()
    print_table(rows)
    print()
    if results.get("default_jobs_is_j2"):
        print("-j2 is the default --jobs on this 2-core machine: the -j2 row uses the default-jobs runs.")
    cold = g.get("monorepo cold", {})
    if cold:
        print(
            "CPU (user+sys of the process tree), monorepo cold: "
            + "; ".join(f"{k} {med(g, 'monorepo cold', k, 'cpu'):.1f} s" for k in cold)
        )
    j1_mono, j1_one = med(g, "monorepo cold", "importlint -j1", "cpu"), med(g, "one copy cold", "importlint -j1", "cpu")
    if j1_mono is not None and j1_one is not None:
        mono_ms, one_ms = j1_mono / m["files"] * 1000, j1_one / o["files"] * 1000
        print(
            f"-j1 per-file CPU: {mono_ms:.2f} ms/file at {m['files']:,} files, {one_ms:.2f} ms/file at "
            f"{o['files']} ({mono_ms / one_ms:.2f}x)"
        )
    print(
        f"Findings: importlint {sanity.get('mono_importlint_violations_json', '?')} violations on the monorepo "
        f"(json report), {sanity.get('one_importlint_violations', '?')} on one copy; ruff TID252 "
        f"{sanity.get('mono_ruff_TID252_violations', '?')} / {sanity.get('one_ruff_TID252_violations', '?')}"
    )
    for step, error in dict(results.get("errors", {})).items():  # type: ignore[call-overload]
        print(f"FAILED step {step!r}: {str(error).splitlines()[0]}")
    end = results.get("loadavg_end")
    print(
        f"Load average: start {fmt_load(results['loadavg_start'])}, "  # type: ignore[arg-type]
        f"end {fmt_load(end) if end else 'not reached'}; "  # type: ignore[arg-type]
        f"benchmark took {results.get('elapsed_s', float('nan')):.0f} s"
    )
    print(f"Raw numbers: {RESULTS.relative_to(HERE.parent)}", flush=True)


# ---------------------------------------------------------------- main


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="renamed copies of django/ (default 20)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command on the monorepo (default 3)")
    parser.add_argument(
        "--small-runs",
        type=int,
        default=None,
        help="timed runs per command on one copy and on 3 files (default 2 * runs + 1)",
    )
    parser.add_argument(
        "--memory-runs", type=int, default=1, help="untimed runs per output format for peak memory (default 1)"
    )
    parser.add_argument(
        "--memory-formats",
        type=lambda v: [f for f in v.split(",") if f],
        default=list(FORMATS[1:]),
        help="output formats measured by the memory step (default concise,json,github,sarif; "
        "text is measured by the timed runs)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="print the table of the last run (bench/.work/scale-results.json) again",
    )
    parser.add_argument("--parse-floor", nargs="+", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.small_runs is None:
        args.small_runs = 2 * args.runs + 1
    unknown = set(args.memory_formats) - set(FORMATS[1:])
    if unknown:
        parser.error(f"--memory-formats: unknown {sorted(unknown)}; choose from {', '.join(FORMATS[1:])}")
    if min(args.copies, args.runs, args.small_runs, args.memory_runs) < 1:
        parser.error("--copies, --runs, --small-runs and --memory-runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.parse_floor:
        return parse_floor(args.parse_floor, FLOOR_JOBS)
    if args.report_only:
        report(json.loads(RESULTS.read_text()))
        return 0
    # measure every tool as users run it: with bytecode caches
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    began = time.perf_counter()
    load_start = os.getloadavg()
    log(f"[bench] load average at start: {fmt_load(load_start)}")
    base.WORK.mkdir(parents=True, exist_ok=True)
    try:
        importlint, il_python = base.importlint_command()
        base.run_checked([*importlint, "--version"])  # the entry point really starts
        source = base.download_django()
        base.install_peers()
        bench = Bench(args, importlint, il_python, source)
    except BenchError as exc:
        log(f"bench: {exc}")
        return 1
    bench.results.update(
        {
            "django": base.DJANGO_VERSION,
            "copies": args.copies,
            "runs": args.runs,
            "small_runs": args.small_runs,
            "memory_runs": args.memory_runs,
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "loadavg_start": list(load_start),
        }
    )
    # SIGTERM stops the run like Ctrl-C: the table of what was measured is still printed
    signal.signal(signal.SIGTERM, _interrupt)
    bench.run_all()
    bench.results.update({"loadavg_end": list(os.getloadavg()), "elapsed_s": time.perf_counter() - began})
    bench.results["rows"] = build_rows(bench.results)
    save_results(bench.results)
    report(bench.results)
    return 1 if bench.results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
