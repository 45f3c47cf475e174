#!/usr/bin/env python3
"""Benchmark importlint against ruff, absolufy-imports and pylint on Django 5.2 (issue 5).

    python bench/run.py [--runs N]

Everything it downloads or writes goes to bench/.work/ (git-ignored): the pinned Django
sdist, a venv with the pinned peers, the corpora, fresh copies, and results.json.
Stdlib only. Not a test: it exits 0 whether or not the targets are met, and non-zero
only when a command fails to run (or exits with an unexpected code).

Method: its own harness (time.perf_counter around subprocess.run, output to DEVNULL,
exit code checked). The commands of one row are timed in the same run, alternating
(A B, B A, A B, ...) after one untimed warm-up of each, and compared by medians. Files
that a command rewrites get a fresh copy before every run, outside the timed region.
Peak memory is measured in separate, untimed runs: `/usr/bin/time -f %M` (the largest
max RSS of any one process of the tree, from wait4), cross-checked by polling VmHWM of
every process of the tree in /proc; without /usr/bin/time, os.wait4's ru_maxrss.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import venv
from collections.abc import Sequence
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"

DJANGO_VERSION = "5.2"
DJANGO_SDIST = f"Django-{DJANGO_VERSION}.tar.gz"
DJANGO_SHA256 = "1a47f7a7a3d43ce64570d350e008d2949abe8c7e21737b351b6a1611277c6d89"
PEERS = ("ruff==0.17.6", "absolufy-imports==0.3.1", "pylint==4.1.4")

RUFF_RULE = ["--isolated", "--select", "TID252", "--config", 'lint.flake8-tidy-imports.ban-relative-imports="all"']
GNU_TIME = Path("/usr/bin/time")
PYLINT_ARGS = ["--disable=all", "--enable=relative-beyond-top-level,import-self", "--persistent=n"]

# exit codes that mean "ran" (violations found or files changed are fine)
LINT_OK = (0, 1)
PYLINT_OK = tuple(range(32))  # pylint's exit code is a bit mask; 32 is a usage error


class BenchError(Exception):
    pass


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- running commands


def _describe_failure(cmd: Sequence[str], cwd: Path, rc: int) -> str:
    """Run a failed command again, keeping its stderr, for the error message."""
    again = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    tail = "\n".join(again.stderr.strip().splitlines()[-15:])
    return f"command failed (exit {rc}) in {cwd}:\n  {' '.join(cmd)}\n{tail}"


def run_timed(cmd: Sequence[str], cwd: Path, ok: Sequence[int]) -> float:
    """Seconds one run takes; its output is discarded, its exit code checked."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise BenchError(_describe_failure(cmd, cwd, proc.returncode))
    return elapsed


def run_checked(cmd: Sequence[str], cwd: Path | None = None, ok: Sequence[int] = (0,)) -> str:
    """Run a set-up command, returning its stdout."""
    proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode not in ok:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise BenchError(f"command failed (exit {proc.returncode}):\n  {' '.join(map(str, cmd))}\n{tail}")
    return proc.stdout


class Member:
    """One command of a timed group."""

    def __init__(
        self,
        key: str,
        cmd: Sequence[str],
        cwd: Path,
        ok: Sequence[int] = LINT_OK,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.key, self.cmd, self.cwd, self.ok, self.prepare = key, list(cmd), cwd, ok, prepare

    def once(self) -> float:
        if self.prepare is not None:
            self.prepare()  # outside the timed region
        return run_timed(self.cmd, self.cwd, self.ok)


def time_group(name: str, members: Sequence[Member], runs: int) -> dict[str, list[float]]:
    """Alternate the members' runs (forwards, then backwards, ...) after one warm-up each."""
    log(f"[time] {name}: {', '.join(m.key for m in members)} x {runs}")
    for member in members:
        member.once()  # warm-up: OS caches, and the priming run of the cached rows
    times: dict[str, list[float]] = {m.key: [] for m in members}
    for i in range(runs):
        for member in members if i % 2 == 0 else list(reversed(members)):
            times[member.key].append(member.once())
    for key, values in times.items():
        log(f"        {key}: median {statistics.median(values):.3f} s  ({' '.join(f'{v:.3f}' for v in values)})")
    return times


# ---------------------------------------------------------------- peak memory


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreePoller(threading.Thread):
    """Polls VmHWM of every process under `root` (the largest per pid is kept)."""

    def __init__(self, root: int, skip: int | None = None, interval: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.root, self.skip, self.interval = root, skip, interval
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            kids = _children_map()
            stack, tree = [self.root], []
            while stack:
                pid = stack.pop()
                tree.append(pid)
                stack.extend(kids.get(pid, ()))
            for pid in tree:
                if pid != self.skip:
                    hwm = _vm_hwm_kb(pid)
                    if hwm:
                        self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
            self.done.wait(self.interval)


def measure_peak(cmd: Sequence[str], cwd: Path, ok: Sequence[int] = LINT_OK) -> dict[str, object]:
    """Peak RSS (MB) of the largest single process of the command's process tree."""
    gnu_time = GNU_TIME
    with tempfile.NamedTemporaryFile("r", suffix=".txt", delete=False) as out:
        out_path = out.name
    try:
        if gnu_time.exists():
            full = [str(gnu_time), "-f", "%M", "-o", out_path, *cmd]
            method = "/usr/bin/time -f %M"
        else:
            full = list(cmd)
            method = "os.wait4 ru_maxrss"
        proc = subprocess.Popen(
            full, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        poller = TreePoller(proc.pid, skip=proc.pid if gnu_time.exists() else None)
        if Path("/proc/self/status").exists():
            poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        poller.done.set()
        if poller.is_alive():
            poller.join()
        if proc.returncode not in ok:
            raise BenchError(_describe_failure(cmd, cwd, proc.returncode))
        if gnu_time.exists():
            text = Path(out_path).read_text().strip().splitlines()
            peak_kb = int(text[-1])
        else:
            peak_kb = usage.ru_maxrss
    finally:
        os.unlink(out_path)
    return {
        "peak_mb": peak_kb / 1024,
        "method": method,
        "poll_peak_mb": max(poller.peaks.values(), default=0) / 1024,
        "poll_processes": len(poller.peaks),
    }


def peak_of(cmd: Sequence[str], cwd: Path, repeats: int, ok: Sequence[int] = LINT_OK) -> dict[str, object]:
    samples = [measure_peak(cmd, cwd, ok) for _ in range(repeats)]
    return {
        "peak_mb": max(s["peak_mb"] for s in samples),  # type: ignore[type-var]
        "method": samples[0]["method"],
        "poll_peak_mb": max(s["poll_peak_mb"] for s in samples),  # type: ignore[type-var]
        "poll_processes": max(s["poll_processes"] for s in samples),  # type: ignore[type-var]
        "samples_mb": [round(s["peak_mb"], 1) for s in samples],  # type: ignore[arg-type]
    }


# ---------------------------------------------------------------- set-up


def download_django() -> Path:
    sdist = WORK / DJANGO_SDIST
    if not sdist.exists():
        log(f"[setup] downloading Django {DJANGO_VERSION} sdist")
        run_checked(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"django=={DJANGO_VERSION}",
                "-d",
                str(WORK),
            ]
        )
        if not sdist.exists():
            found = sorted(WORK.glob("[Dd]jango-*.tar.gz"))
            raise BenchError(f"pip download did not produce {sdist.name} (found: {[p.name for p in found]})")
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != DJANGO_SHA256:
        raise BenchError(f"{sdist}: sha256 {digest} is not the pinned {DJANGO_SHA256}; delete it and rerun")
    source = WORK / f"Django-{DJANGO_VERSION}"
    if not (source / "django" / "__init__.py").exists():
        log("[setup] unpacking")
        with tarfile.open(sdist) as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(WORK, filter="data")
            else:  # pragma: no cover - older interpreters
                archive.extractall(WORK)
    return source / "django"


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    return WORK / "venv" / folder / name


def install_peers() -> None:
    target = WORK / "venv"
    marker = target / "bench-peers.txt"
    wanted = "\n".join(PEERS) + "\n"
    if marker.exists() and marker.read_text() == wanted and venv_bin("ruff").exists():
        return
    log(f"[setup] creating {target} with {' '.join(PEERS)}")
    if target.exists():
        shutil.rmtree(target)
    venv.create(target, with_pip=True)
    run_checked([str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "-q", *PEERS])
    marker.write_text(wanted)


def fresh_tree(source: Path, dest_root: Path) -> None:
    """dest_root/django as a copy of source, with an empty importlint.toml beside it.

    The config file makes dest_root importlint's project root: no configuration from
    the repository around bench/ applies, and the cache lands in dest_root.
    """
    if dest_root.exists():
        shutil.rmtree(dest_root)
    dest_root.mkdir(parents=True)
    shutil.copytree(source, dest_root / "django")
    (dest_root / "importlint.toml").write_text("# benchmark corpus: default settings\n")


def py_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if p.is_file())


def build_quarter(source: Path, dest_root: Path) -> None:
    """Every 4th .py file by sorted path, plus the __init__.py files that make it a package tree."""
    if dest_root.exists():
        shutil.rmtree(dest_root)
    files = py_files(source)
    keep = {p for i, p in enumerate(files) if i % 4 == 0}
    for path in list(keep):
        folder = path.parent
        while True:
            init = folder / "__init__.py"
            if init.exists():
                keep.add(init)
            if folder == source:
                break
            folder = folder.parent
    for path in sorted(keep):
        dest = dest_root / "django" / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    (dest_root / "importlint.toml").write_text("# benchmark corpus: default settings\n")


def tree_size(root: Path) -> dict[str, int]:
    files = py_files(root)
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def has_relative_import(path: Path) -> bool:
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(n, ast.ImportFrom) and n.level > 0 for n in ast.walk(tree))


def importlint_command() -> tuple[list[str], str]:
    """How to run importlint, and the interpreter it runs on (for `import libcst`)."""
    script = shutil.which("importlint")
    if script:
        python = sys.executable
        try:
            with open(script, "rb") as handle:
                first = handle.readline().decode("utf-8", "replace").strip()
            if first.startswith("#!") and " " not in first[2:].strip() and os.path.exists(first[2:].strip()):
                python = first[2:].strip()
        except OSError:
            pass
        return [script], python
    probe = subprocess.run([sys.executable, "-c", "import importlint"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "importlint"], sys.executable
    raise BenchError("importlint is not installed: run `pip install -e .` at the repository root first")


def git_state() -> str:
    """The commit importlint was measured at, and whether its files had local changes."""
    try:
        head = run_checked(["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent).strip()
        dirty = run_checked(["git", "status", "--porcelain", "--", "importlint"], cwd=HERE.parent).strip()
    except (BenchError, OSError):
        return "unknown"
    return head + (" + local changes in importlint/" if dirty else "")


# ---------------------------------------------------------------- report


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def fmt_s(value: float) -> str:
    return f"{value:.3f} s"


def print_table(rows: list[dict[str, object]]) -> None:
    headers = ["run", "importlint", "peer", "ratio", "target", "pass"]
    cells = [
        [str(r["run"]), str(r["importlint"]), str(r["peer"]), str(r["ratio"]), str(r["target"]), str(r["pass"])]
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |"
    print(line)
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for c in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(c, widths)) + " |")


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "FAIL")


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--memory-runs", type=int, default=3, help="untimed runs per peak-memory row (default 3)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.memory_runs < 1:
        parser.error("--runs and --memory-runs must be at least 1")
    # measure every tool as users run it: with bytecode caches (some sandboxes set this
    # variable, which makes each start of a pure-Python tool recompile its modules)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

    began = time.perf_counter()
    load_start = os.getloadavg()
    log(f"[bench] load average at start: {' '.join(f'{x:.2f}' for x in load_start)}")
    WORK.mkdir(parents=True, exist_ok=True)

    try:
        importlint, il_python = importlint_command()
        source = download_django()
        install_peers()
    except BenchError as exc:
        log(f"bench: {exc}")
        return 2

    ruff = str(venv_bin("ruff"))
    absolufy = str(venv_bin("absolufy-imports"))
    pylint = str(venv_bin("pylint"))

    corpus = WORK / "corpus"
    full = corpus / "full"  # read-only runs
    quarter = corpus / "quarter"
    clean = corpus / "clean"  # a fixed copy: the source of the clean files
    runs_dir = WORK / "runs"  # fresh copies for the commands that rewrite files
    ruff_cache = WORK / "ruff_cache"
    empty_rc = WORK / "empty-pylintrc"

    try:
        log("[setup] building the corpora")
        fresh_tree(source, full)
        build_quarter(source, quarter)
        fresh_tree(source, clean)
        empty_rc.write_text("")
        sizes = {"full": tree_size(full / "django"), "quarter": tree_size(quarter / "django")}
        relative_files = [str(p.relative_to(full)) for p in py_files(full / "django")]

        versions = {
            "importlint": run_checked([*importlint, "--version"]).strip(),
            "ruff": run_checked([ruff, "--version"]).strip(),
            "absolufy-imports": PEERS[1].split("==")[1],
            "pylint": run_checked([pylint, "--version"]).strip().splitlines()[0],
            "libcst": run_checked(
                [il_python, "-c", "import libcst, importlib.metadata as m; print(m.version('libcst'))"]
            ).strip(),
            "python": platform.python_version(),
            "repo": git_state(),
        }

        # what each tool finds (untimed), so the rows are seen to do real work
        found_json = run_checked(
            [*importlint, "check", "--no-cache", "--output-format", "json", "django/"], cwd=full, ok=LINT_OK
        )
        il_found = json.loads(found_json or "[]")
        ruff_found = run_checked(
            [ruff, "check", *RUFF_RULE, "--no-cache", "--output-format", "json", "django/"], cwd=full, ok=LINT_OK
        )
        ruff_files = run_checked([ruff, "check", "--isolated", "--show-files", "django/"], cwd=full)
        sanity = {
            "importlint_violations": len(il_found),
            "importlint_files_with_violations": len({v["path"] for v in il_found}),
            "ruff_TID252_violations": len(json.loads(ruff_found or "[]")),
            "ruff_files": sum(1 for line in ruff_files.splitlines() if line.strip().endswith(".py")),
            "py_files": sizes["full"]["files"],
        }

        # the pre-commit row: 3 files that are clean after `importlint check --fix`
        run_checked([*importlint, "check", "--fix", "--no-cache", "django/"], cwd=clean, ok=LINT_OK)
        left = json.loads(
            run_checked(
                [*importlint, "check", "--no-cache", "--output-format", "json", "django/"], cwd=clean, ok=LINT_OK
            )
            or "[]"
        )
        dirty = {v["path"] for v in left}
        candidates = [
            p
            for p in py_files(clean / "django")
            if p.name != "__init__.py" and str(p.relative_to(clean)) not in dirty and has_relative_import(p)
        ]
        if len(candidates) < 3:
            raise BenchError("fewer than 3 clean files with relative imports in the fixed copy")
        picks = [candidates[len(candidates) * k // 4] for k in (1, 2, 3)]
        three = [str(p.relative_to(clean)) for p in picks]
        run_checked([*importlint, "check", "--no-cache", *three], cwd=clean)  # exit 0: they are clean
        sanity["importlint_remaining_after_fix"] = len(left)
        sanity["clean_files"] = three

        def copier(name: str) -> Callable[[], None]:
            return lambda: fresh_tree(source, runs_dir / name)

        def reset_warm() -> None:
            shutil.rmtree(full / ".importlint_cache", ignore_errors=True)
            shutil.rmtree(ruff_cache, ignore_errors=True)

        cold_il = [*importlint, "check", "--no-cache", "django/"]
        groups: dict[str, dict[str, list[float]]] = {}

        groups["cold"] = time_group(
            "cold check of django/",
            [
                Member("importlint", cold_il, full),
                Member("ruff --no-cache", [ruff, "check", *RUFF_RULE, "--no-cache", "django/"], full),
                Member(
                    "absolufy-imports --never",
                    [absolufy, "--never", *relative_files],
                    runs_dir / "absolufy",
                    prepare=copier("absolufy"),
                ),
                Member("importlint -j1", [*importlint, "check", "--no-cache", "-j1", "django/"], full),
            ],
            args.runs,
        )

        groups["fix"] = time_group(
            "fix on a fresh copy",
            [
                Member(
                    "importlint --fix",
                    [*importlint, "check", "--fix", "--no-cache", "django/"],
                    runs_dir / "fix",
                    prepare=copier("fix"),
                ),
                Member(
                    "absolufy-imports --never",
                    [absolufy, "--never", *relative_files],
                    runs_dir / "absolufy",
                    prepare=copier("absolufy"),
                ),
            ],
            args.runs,
        )

        reset_warm()
        groups["warm"] = time_group(
            "warm re-run, nothing changed",
            [
                Member("importlint (cache)", [*importlint, "check", "django/"], full),
                Member("ruff (cache)", [ruff, "check", *RUFF_RULE, "--cache-dir", str(ruff_cache), "django/"], full),
            ],
            args.runs,
        )
        cache_files = list((full / ".importlint_cache").glob("*.sqlite3"))
        if not cache_files or not any(ruff_cache.iterdir()):
            raise BenchError("the warm row ran without a cache (none was written)")
        reset_warm()

        groups["precommit"] = time_group(
            "3 clean files",
            [
                Member("importlint 3 files", [*importlint, "check", "--no-cache", *three], clean, ok=(0,)),
                Member("import libcst", [il_python, "-c", "import libcst"], clean, ok=(0,)),
                Member("python -c pass", [il_python, "-c", "pass"], clean, ok=(0,)),
            ],
            args.runs,
        )

        groups["scaling"] = time_group(
            "whole django/ vs the quarter subset",
            [
                Member("importlint full", cold_il, full),
                Member("importlint quarter", cold_il, quarter),
            ],
            args.runs,
        )

        groups["pylint"] = time_group(
            "pylint on the quarter subset",
            [
                Member("importlint quarter", cold_il, quarter),
                Member(
                    "pylint quarter", [pylint, f"--rcfile={empty_rc}", *PYLINT_ARGS, "django"], quarter, ok=PYLINT_OK
                ),
            ],
            args.runs,
        )

        log(f"[memory] peak RSS, {args.memory_runs} untimed runs each")
        memory = {
            "importlint": peak_of(cold_il, full, args.memory_runs),
            "importlint -j1": peak_of([*importlint, "check", "--no-cache", "-j1", "django/"], full, args.memory_runs),
            "ruff --no-cache": peak_of([ruff, "check", *RUFF_RULE, "--no-cache", "django/"], full, args.memory_runs),
        }
    except BenchError as exc:
        log(f"bench: {exc}")
        return 1

    med = {g: {k: median(v) for k, v in members.items()} for g, members in groups.items()}

    def pair(run: str, group: str, a: str, b: str, target: float | None, target_text: str) -> dict[str, object]:
        ratio = med[group][a] / med[group][b]
        return {
            "run": run,
            "importlint": fmt_s(med[group][a]),
            "peer": f"{fmt_s(med[group][b])} {b}",
            "ratio": f"{ratio:.2f}x",
            "target": target_text,
            "pass": verdict(None if target is None else ratio <= target),
            "value": ratio,
        }

    rows = [
        pair("cold check --no-cache django/", "cold", "importlint", "absolufy-imports --never", 0.4, "<= 0.4x"),
        pair("cold check --no-cache django/", "cold", "importlint", "ruff --no-cache", 6.0, "<= 6x"),
        pair("check --fix, fresh copy", "fix", "importlint --fix", "absolufy-imports --never", 0.5, "<= 0.5x"),
        pair("warm re-run, nothing changed", "warm", "importlint (cache)", "ruff (cache)", 1.0, "<= 1.0x"),
        pair("3 clean files (pre-commit)", "precommit", "importlint 3 files", "import libcst", 1.3, "<= 1.3x"),
    ]
    time_ratio = med["scaling"]["importlint full"] / med["scaling"]["importlint quarter"]
    byte_ratio = sizes["full"]["bytes"] / sizes["quarter"]["bytes"]
    file_ratio = sizes["full"]["files"] / sizes["quarter"]["files"]
    linearity = time_ratio / byte_ratio
    rows.append(
        {
            "run": "django/ vs quarter subset",
            "importlint": f"{fmt_s(med['scaling']['importlint full'])} / {fmt_s(med['scaling']['importlint quarter'])}",
            "peer": f"size {byte_ratio:.2f}x bytes, {file_ratio:.2f}x files",
            "ratio": f"time {time_ratio:.2f}x = {linearity:.2f} of linear",
            "target": "within 25% of linear",
            "pass": verdict(abs(linearity - 1) <= 0.25),
            "value": linearity,
        }
    )
    for key in ("importlint", "importlint -j1"):
        mem = memory[key]
        rows.append(
            {
                "run": f"peak RSS, django/ ({key})",
                "importlint": f"{mem['peak_mb']:.1f} MB",
                "peer": f"{memory['ruff --no-cache']['peak_mb']:.1f} MB ruff",
                "ratio": "-",
                "target": "<= 150 MB",
                "pass": verdict(mem["peak_mb"] <= 150),  # type: ignore[operator]
                "value": mem["peak_mb"],
            }
        )
    rows.append(pair("quarter subset (reference)", "pylint", "importlint quarter", "pylint quarter", None, "reference"))

    load_end = os.getloadavg()
    elapsed = time.perf_counter() - began

    print()
    print(
        f"importlint benchmark: Django {DJANGO_VERSION} django/ ({sizes['full']['files']} .py files, "
        f"{sizes['full']['bytes'] / 1e6:.2f} MB); quarter subset {sizes['quarter']['files']} files, "
        f"{sizes['quarter']['bytes'] / 1e6:.2f} MB; medians of {args.runs} alternating runs"
    )
    print(
        f"{versions['importlint']}; {versions['ruff']}; absolufy-imports {versions['absolufy-imports']}; "
        f"{versions['pylint']}; libcst {versions['libcst']}; Python {versions['python']}; {os.cpu_count()} cores; "
        f"repo {versions['repo']}"
    )
    print()
    print_table(rows)
    print()
    print(
        "Other medians: "
        + "; ".join(
            [
                f"importlint -j1 cold {fmt_s(med['cold']['importlint -j1'])} "
                f"({med['cold']['importlint -j1'] / med['cold']['ruff --no-cache']:.2f}x ruff)",
                f"python -c pass {fmt_s(med['precommit']['python -c pass'])}",
                f"3 clean files / python -c pass "
                f"{med['precommit']['importlint 3 files'] / med['precommit']['python -c pass']:.1f}x",
            ]
        )
    )
    print(
        "Peak memory method: " + f"{memory['importlint']['method']} (largest single process of the tree); "
        f"/proc VmHWM poll agrees: importlint {memory['importlint']['poll_peak_mb']:.1f} MB over "
        f"{memory['importlint']['poll_processes']} processes, -j1 {memory['importlint -j1']['poll_peak_mb']:.1f} MB"
    )
    print(
        f"Findings: importlint {sanity['importlint_violations']} violations in "
        f"{sanity['importlint_files_with_violations']} files ({sanity['importlint_remaining_after_fix']} left after "
        f"--fix); ruff TID252 {sanity['ruff_TID252_violations']} in {sanity['ruff_files']} files"
    )
    print(
        f"Load average: start {' '.join(f'{x:.2f}' for x in load_start)}, "
        f"end {' '.join(f'{x:.2f}' for x in load_end)}; benchmark took {elapsed:.0f} s"
    )

    results = {
        "django": DJANGO_VERSION,
        "runs": args.runs,
        "memory_runs": args.memory_runs,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(time.time() - elapsed)),
        "elapsed_s": elapsed,
        "loadavg_start": load_start,
        "loadavg_end": load_end,
        "versions": versions,
        "sizes": sizes,
        "sanity": sanity,
        "commands": {
            "importlint": importlint,
            "ruff_rule": RUFF_RULE,
            "pylint_args": PYLINT_ARGS,
            "clean_files": three,
        },
        "times_s": groups,
        "medians_s": med,
        "memory": memory,
        "scaling": {
            "time_ratio": time_ratio,
            "bytes_ratio": byte_ratio,
            "files_ratio": file_ratio,
            "time_over_bytes_ratio": linearity,
        },
        "rows": rows,
    }
    out = WORK / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Raw numbers: {out.relative_to(HERE.parent)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
