"""Input and output edges (issue 8 items 15 and 16, issue 9's "no silent surprises"):
FIFOs, sockets and devices named `*.py` never hang a run, unreadable directories are
reported, an empty run warns, the cache never lands inside a package, every missing path
is named, and `--diff` output applies with `git apply` and `patch` in the file's bytes."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree, package_tree

SELF = "from P.a import x\n"
IL001_TEXT = "P/b.py:1:1: IL001 [*] `P.a` is part of `P`; import it relatively: `from .a import ...`\n"
NO_FILES = "importlint: warning: No Python files found under the given path(s)\n"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, sockets, owners and modes are POSIX")


# package P: P/a.py defines x, P/b.py imports it absolutely (one fixable IL001)
BASE = {"P/__init__.py": "", "P/a.py": "x = 1\n", "P/b.py": SELF}


# root minus the capabilities that bypass file permissions: permissions apply as to any
# user, while the interpreter (perhaps under /root) stays reachable
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-chown"]


def run(argv: Sequence[str], cwd: Path, unprivileged: bool = False, stdin: bytes = b"") -> Ran:
    """`python -m importlint ARGV` in a fresh process, bounded in time (a hang fails the
    test instead of stopping the suite); with `unprivileged`, file permissions apply even
    when the tests run as root."""
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot apply")
        prefix = UNPRIVILEGED
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "importlint", *argv],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=120,
        env=env,
    )
    # latin-1: byte for byte (no newline translation), as --diff writes each file's own bytes
    return Ran(done.returncode, done.stdout.decode("latin-1"), done.stderr.decode("latin-1"))


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


# -- item 15: only regular files are read ------------------------------------------------------


def _special_files(root: Path) -> Iterator[socket.socket]:
    """P/fifo.py (a FIFO), P/sock.py (a listening unix socket), P/zero.py (a link to
    /dev/zero, which never ends): each would hang or fail a reader that opens it."""
    os.mkfifo(root / "P" / "fifo.py")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(root / "P" / "sock.py"))
    sock.listen(1)
    (root / "P" / "zero.py").symlink_to("/dev/zero")
    try:
        yield sock
    finally:
        sock.close()


@POSIX
def test_fifo_socket_and_device_in_a_tree_are_skipped(repo_tree: RepoTree) -> None:
    root = repo_tree(BASE)
    for _ in _special_files(root):
        result = run(["check", "--no-cache", "--output-format", "concise", "."], root)
        assert (result.returncode, result.stdout) == (1, IL001_TEXT)
        assert result.stderr == "Found 1 error.\n[*] 1 fixable with the `--fix` option.\n"
        fixed = run(["check", "--fix", "."], root)
        assert (fixed.returncode, fixed.stderr) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
        assert stat.S_ISFIFO(os.lstat(root / "P" / "fifo.py").st_mode)


@POSIX
@pytest.mark.parametrize(
    ("name", "kind"),
    [("fifo.py", "a FIFO"), ("sock.py", "a socket"), ("zero.py", "a character device")],
)
def test_special_file_named_explicitly_is_reported(repo_tree: RepoTree, name: str, kind: str) -> None:
    root = repo_tree(BASE)
    for _ in _special_files(root):
        result = run(["check", "--no-cache", f"P/{name}", "P/a.py"], root)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == f"importlint: P/{name}: not a regular file ({kind}); not checked\nAll checks passed!\n"


@POSIX
def test_dangling_link_named_py_is_still_reported(repo_tree: RepoTree) -> None:
    root = repo_tree(BASE)
    (root / "P" / "gone.py").symlink_to("nowhere.py")
    result = run(["check", "--no-cache", "--output-format", "concise", "P/gone.py"], root)
    assert result.returncode == 1
    assert result.stdout == "P/gone.py:1:1: IL000 cannot read the file: No such file or directory\n"


# -- unreadable directories -----------------------------------------------------------------


@POSIX
def test_unreadable_directory_is_reported(repo_tree: RepoTree) -> None:
    root = repo_tree({**BASE, "P/secret/__init__.py": "", "P/secret/m.py": SELF})
    (root / "P" / "secret").chmod(0o000)
    try:
        result = run(["check", "--no-cache", "--output-format", "concise", "."], root, unprivileged=True)
    finally:
        (root / "P" / "secret").chmod(0o755)
    assert result.returncode == 1
    assert result.stdout == IL001_TEXT
    assert result.stderr == (
        "importlint: P/secret: cannot read the directory: Permission denied\n"
        "Found 1 error.\n[*] 1 fixable with the `--fix` option.\n"
    )


def test_unreadable_directory_reported_in_process(
    repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same without permissions: listing the directory fails (as on a dead network mount)."""
    root = repo_tree({**BASE, "P/gone/__init__.py": "", "P/gone/m.py": SELF})
    real = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith(os.sep + "gone"):
            raise OSError(5, "Input/output error")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli(["check", "--no-cache", "--output-format", "json", "."], cwd=root)
    assert result.rc == 1
    assert result.err == "importlint: P/gone: cannot read the directory: Input/output error\n"
    assert [o["path"] for o in __import__("json").loads(result.out)] == ["P/b.py"]


# -- an empty run warns; a named non-Python file is checked as Python ---------------------------


@pytest.mark.parametrize(
    "files",
    [pytest.param({}, id="empty-directory"), pytest.param({"notes.txt": "x\n", "d/r.md": "# r\n"}, id="no-py-files")],
)
def test_no_python_files_warns(tmp_path: Path, run_cli: Any, files: dict[str, str | bytes]) -> None:
    (tmp_path / "src").mkdir()
    make_tree(tmp_path / "src", files)
    result = run_cli(["check", "--no-cache", "src"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", NO_FILES + "All checks passed!\n")
    result = run_cli(["check", "--no-cache", "--output-format", "json", "src"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "[]\n", NO_FILES)
    result = run_cli(["check", "--no-cache", "--diff", "src"], cwd=tmp_path)
    assert (result.rc, result.out, result.err) == (0, "", NO_FILES + "No fixes available.\n")


def test_force_excluded_named_files_do_not_warn(repo_tree: RepoTree, run_cli: Any) -> None:
    """pre-commit names the files and excludes some on purpose: no warning for that."""
    root = repo_tree({**BASE, "importlint.toml": 'exclude = ["b.py"]\n'})
    result = run_cli(["check", "--force-exclude", "P/b.py"], cwd=root)
    assert (result.rc, result.out, result.err) == (0, "", "All checks passed!\n")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("from . import x\n", "a.txt:1:1: IL005 ", id="python-in-txt"),
        pytest.param("Hello, world!\n", "a.txt:1:13: IL000 ", id="prose-is-il000"),
    ],
)
def test_named_non_python_file_is_checked_as_python(tmp_path: Path, run_cli: Any, content: str, expected: str) -> None:
    """As ruff does: a file named on the command line is Python, whatever its suffix."""
    (tmp_path / "a.txt").write_text(content)
    result = run_cli(["check", "--no-cache", "--output-format", "concise", "a.txt"], cwd=tmp_path)
    assert (result.rc, result.err) == (1, "Found 1 error.\n")
    assert result.out.startswith(expected) and result.out.count("\n") == 1, result.out


# -- the cache never goes inside a package ------------------------------------------------------


def _caches(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".importlint_cache"))


@pytest.mark.parametrize(
    ("marker", "argv", "expected"),
    [
        pytest.param(None, ["P/sub"], [".importlint_cache"], id="subpackage-cache-beside-top-package"),
        pytest.param(None, ["P/sub/m.py"], [".importlint_cache"], id="file-cache-beside-top-package"),
        pytest.param(None, ["P"], [".importlint_cache"], id="package-cache-beside-it"),
        pytest.param(None, ["loose"], ["loose/.importlint_cache"], id="plain-directory-holds-its-cache"),
        pytest.param("pyproject.toml", ["P/sub"], [".importlint_cache"], id="pyproject-root"),
        pytest.param(".git", ["P/sub"], [".importlint_cache"], id="git-root"),
    ],
)
def test_cache_location(tmp_path: Path, run_cli: Any, marker: str | None, argv: list[str], expected: list[str]) -> None:
    root = tmp_path / "work"
    package_tree(root, {"P/a.py": "x = 1\n", "P/sub/m.py": SELF})
    make_tree(root, {"loose/m.py": "x = 1\n"})
    if marker == ".git":
        (root / ".git").mkdir()
    elif marker:
        (root / marker).write_text("")
    result = run_cli(["check", "-q", "--output-format", "concise", *argv], cwd=root)
    assert result.rc == (0 if argv == ["loose"] else 1)
    assert _caches(root) == expected


# -- every missing path, and -j ---------------------------------------------------------------


def test_every_missing_path_is_named(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(BASE)
    result = run_cli(["check", "nope.py", "P", "missing/dir"], cwd=root)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "importlint: error: nope.py, missing/dir: no such file or directory\n"


@pytest.mark.parametrize("value", ["0", "-3", "two", "1.5"])
def test_jobs_must_be_positive(repo_tree: RepoTree, run_cli: Any, value: str) -> None:
    root = repo_tree(BASE)
    result = run_cli(["check", "-j", value, "."], cwd=root)
    assert (result.rc, result.out) == (2, "")
    assert result.err == f"importlint: error: argument -j/--jobs: expected a positive integer, got '{value}'\n"


# -- item 16: --diff applies with git apply and patch ------------------------------------------

DIFF_CASES = [
    pytest.param(b"import os\nfrom P.a import x\n", id="lf"),
    pytest.param(b"import os\r\nfrom P.a import x\r\nimport sys\r\n", id="crlf"),
    pytest.param(b"import os\rfrom P.a import x\rimport sys\r", id="cr-only"),
    pytest.param(b"import os\nfrom P.a import x", id="no-final-newline"),
    pytest.param(b"import os\r\nfrom P.a import x", id="crlf-no-final-newline"),
    pytest.param(b"# -*- coding: latin-1 -*-\ns = '\xe9'\nfrom P.a import x  # \xe9t\xe9\n", id="latin-1"),
    pytest.param(b"\xef\xbb\xbffrom P.a import x\nimport os\n", id="utf-8-bom"),
]


def _diff_and_fixed(repo_tree: RepoTree, tmp_path: Path, content: bytes) -> tuple[Path, bytes, bytes]:
    """(the untouched tree, the --diff output as bytes, the file as --fix writes it)."""
    fixed_root = repo_tree({**BASE, "P/m.py": content}, root=tmp_path / "fixed")
    assert run(["check", "--fix", "--no-cache", "P/m.py"], fixed_root).returncode == 0
    root = repo_tree({**BASE, "P/m.py": content}, root=tmp_path / "work")
    result = run(["check", "--diff", "--no-cache", "P/m.py"], root)
    assert (result.returncode, result.stderr) == (1, "Would fix 1 error.\n")
    return root, result.stdout.encode("latin-1"), (fixed_root / "P" / "m.py").read_bytes()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("content", DIFF_CASES)
def test_diff_applies_with_git_apply(repo_tree: RepoTree, tmp_path: Path, content: bytes) -> None:
    root, diff, fixed = _diff_and_fixed(repo_tree, tmp_path, content)
    assert fixed != content
    applied = subprocess.run(["git", "apply", "-p0", "-"], cwd=root, input=diff, capture_output=True, timeout=60)
    assert applied.returncode == 0, applied.stderr
    assert (root / "P" / "m.py").read_bytes() == fixed


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch")
@pytest.mark.parametrize("content", DIFF_CASES)
def test_diff_applies_with_patch_without_fuzz(repo_tree: RepoTree, tmp_path: Path, content: bytes) -> None:
    root, diff, fixed = _diff_and_fixed(repo_tree, tmp_path, content)
    applied = subprocess.run(
        ["patch", "-p0", "--fuzz=0", "--no-backup-if-mismatch", "--batch"],
        cwd=root,
        input=diff,
        capture_output=True,
        timeout=60,
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert b"fuzz" not in applied.stdout and b"offset" not in applied.stdout.lower()
    assert (root / "P" / "m.py").read_bytes() == fixed


def test_latin_1_diff_is_in_the_files_encoding(repo_tree: RepoTree, tmp_path: Path) -> None:
    content = b"# -*- coding: latin-1 -*-\nfrom P.a import x  # caf\xe9\n"
    _, diff, _ = _diff_and_fixed(repo_tree, tmp_path, content)
    assert diff == (
        b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n # -*- coding: latin-1 -*-\n"
        b"-from P.a import x  # caf\xe9\n+from .a import x  # caf\xe9\n"
    )


def test_crlf_diff_keeps_carriage_returns(repo_tree: RepoTree, tmp_path: Path) -> None:
    _, diff, _ = _diff_and_fixed(repo_tree, tmp_path, b"import os\r\nfrom P.a import x\r\n")
    assert diff == b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n import os\r\n-from P.a import x\r\n+from .a import x\r\n"
