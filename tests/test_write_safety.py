"""Safe writes (issue 4): fixes land at a symlink's target, modes survive, no temp file
or partial file is left, a file changed since it was read is never overwritten, only
changed files are written, nothing outside the given files is written, directory links
out of the tree are not followed, and the checked code is never imported or run."""

from __future__ import annotations

import json
import os
import stat
import sys
from importlib.util import resolve_name
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoTree, make_tree

import importlint.sourcefile as sourcefile

SELF = "from P.a import x\n"
FIXED = "from .a import x\n"
IL001 = "`P.a` is part of `P`; import it relatively: `from .a import ...`"
OLD_NS = 1_000_000_000_000_000_000  # 2001-09-09, so any rewrite shows in the mtime


# package P: P/a.py defines x, P/b.py imports it absolutely (one fixable IL001)
BASE = {"P/__init__.py": "", "P/a.py": "x = 1\n", "P/b.py": SELF}


def state(root: Path) -> dict[str, tuple[str, bytes | str, int, int, int]]:
    """Every entry below root, links not followed: kind, content or link target, mode, mtime, inode."""
    out: dict[str, tuple[str, bytes | str, int, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            info = path.lstat()
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path), 0, 0, 0)
            elif path.is_dir():
                out[rel] = ("dir", "", stat.S_IMODE(info.st_mode), 0, 0)
            else:
                out[rel] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_mtime_ns, info.st_ino)
    return out


def age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, ns=(OLD_NS, OLD_NS))


def check_json(run_cli: Any, argv: list[str], cwd: Path) -> tuple[int, list[dict[str, Any]], str]:
    result = run_cli(["check", "--output-format", "json", *argv], cwd=cwd)
    assert "Traceback" not in result.err
    return result.rc, json.loads(result.out), result.err


def brief(items: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [(d["path"], d["line"], d["column"], d["code"]) for d in items]


# -- symlinks ------------------------------------------------------------------------------


def test_symlinked_file_is_fixed_at_its_target(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    root = repo_tree(BASE, root=tmp_path / "repo")
    shared = tmp_path / "shared" / "target.py"
    make_tree(tmp_path, {"shared/target.py": SELF})
    shared.chmod(0o640)
    link = root / "P" / "link.py"
    link.symlink_to(os.path.relpath(shared, link.parent))

    rc, found, _ = check_json(run_cli, ["--fix", "."], root)
    assert (rc, found) == (0, [])
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "..", "shared", "target.py")
    assert shared.read_text() == FIXED  # linted as P.link, where the link sits
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    assert sorted(p.name for p in shared.parent.iterdir()) == ["target.py"]  # no temp file next to it


def test_symlink_given_explicitly_is_fixed_at_its_target(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    root = repo_tree(BASE, root=tmp_path / "repo")
    make_tree(tmp_path, {"shared/target.py": SELF})
    link = root / "P" / "link.py"
    link.symlink_to(tmp_path / "shared" / "target.py")
    rc, found, _ = check_json(run_cli, ["--fix", "P/link.py"], root)
    assert (rc, found) == (0, [])
    assert link.is_symlink() and (tmp_path / "shared" / "target.py").read_text() == FIXED
    assert (root / "P" / "b.py").read_text() == SELF  # not given: not touched


def test_symlink_to_a_module_of_another_package_in_the_tree(repo_tree: RepoTree, run_cli: Any) -> None:
    """The target is itself module P.impl.c: whatever is written there must still import P.a."""
    root = repo_tree({**BASE, "P/impl/__init__.py": "", "P/impl/c.py": SELF})
    (root / "P" / "c2.py").symlink_to("impl/c.py")
    run_cli(["check", "--fix", "."], cwd=root)
    assert (root / "P" / "c2.py").is_symlink()
    text = (root / "P" / "impl" / "c.py").read_text()
    module = text.split()[1]  # `from <module> import x`
    assert resolve_name(module, "P.impl") == "P.a", text


def test_symlinked_module_fixed_alone_keeps_both_names_working(repo_tree: RepoTree, run_cli: Any) -> None:
    """P/impl/c.py is also module P.c2 through a link: a fix must keep both imports of P.a."""
    root = repo_tree({**BASE, "P/impl/__init__.py": "", "P/impl/c.py": SELF})
    (root / "P" / "c2.py").symlink_to("impl/c.py")
    run_cli(["check", "--fix", "P/impl/c.py"], cwd=root)
    text = (root / "P" / "impl" / "c.py").read_text()
    module = text.split()[1]
    assert resolve_name(module, "P.impl") == "P.a", text  # as P.impl.c
    assert resolve_name(module, "P") == "P.a", text  # as P.c2


def test_link_to_a_directory_named_like_a_module_is_skipped(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    root = repo_tree(BASE, root=tmp_path / "repo")
    make_tree(tmp_path, {"elsewhere/inner.py": SELF})
    (root / "P" / "d.py").symlink_to(tmp_path / "elsewhere")
    rc, found, _ = check_json(run_cli, ["--fix", "."], root)
    assert (rc, found) == (0, [])
    assert (tmp_path / "elsewhere" / "inner.py").read_text() == SELF


def test_directory_links_out_of_the_tree_are_not_followed(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    root = repo_tree(BASE, root=tmp_path / "repo")
    outside = {"outside/Q/__init__.py": "", "outside/Q/m.py": SELF, "outside/Q/n.py": "from Q.m import y\n"}
    make_tree(tmp_path, outside)
    (root / "P" / "ext").symlink_to(tmp_path / "outside" / "Q", target_is_directory=True)
    (root / "P" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop through the parent
    (root / "P" / "sub").mkdir()
    (root / "P" / "sub" / "__init__.py").write_text("")
    (root / "P" / "sub" / "self").symlink_to("..", target_is_directory=True)  # a loop inside the tree
    age(tmp_path)
    before = state(tmp_path / "outside")

    rc, found, _ = check_json(run_cli, ["."], root)
    assert rc == 1
    assert brief(found) == [("P/b.py", 1, 1, "IL001")]
    # `P/sub/self -> ..` makes every module of P importable under a second name too
    # (`P.sub.self.b`): a relative fix would bind other module objects there, so none is made
    assert found[0]["fixable"] is False
    assert found[0]["message"].endswith("(not fixed: the same file is also module `P.sub.self.b` through a symlink)")
    rc, found2, _ = check_json(run_cli, ["--fix", "."], root)
    assert (rc, found2) == (1, found)
    assert (root / "P" / "b.py").read_text() == SELF
    assert state(tmp_path / "outside") == before
    tree = run_cli(["tree", "."], cwd=root)
    listed = [line.split(" -> ")[0] for line in tree.out.splitlines() if " -> " in line]
    assert listed == ["P/__init__.py", "P/a.py", "P/b.py", "P/sub/__init__.py"]  # no file reached through a link


# -- what is written, and how -------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o754, 0o640, 0o600, 0o777], ids=oct)
def test_file_mode_is_kept(repo_tree: RepoTree, run_cli: Any, mode: int) -> None:
    root = repo_tree(BASE)
    target = root / "P" / "b.py"
    target.chmod(mode)
    assert run_cli(["check", "--fix", "."], cwd=root).rc == 0
    assert target.read_text() == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_only_changed_files_are_written_and_no_temp_files(repo_tree: RepoTree, run_cli: Any) -> None:
    files = {f"P/clean{i}.py": "from .a import x\nimport os\n" for i in range(5)}
    files.update({f"P/dirty{i}.py": SELF for i in range(5)})
    files["P/syntax_error.py"] = SELF + "def (:\n"
    files["P/unfixable.py"] = "import P.a\n"
    root = repo_tree({**BASE, **files})
    age(root)
    before = state(root)

    rc = run_cli(["check", "--fix", "--no-cache", "."], cwd=root).rc
    assert rc == 1  # the syntax error and `import P.a` remain
    after = state(root)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == ["P/b.py"] + [f"P/dirty{i}.py" for i in range(5)]
    assert sorted(after) == sorted(before)  # nothing created (no temp files), nothing removed
    for name in changed:
        kind, data, mode, mtime, inode = after[name]
        assert data == FIXED.encode() and mode == before[name][2]
    for name in sorted(set(before) - set(changed)):
        assert after[name] == before[name], name  # same bytes, mtime and inode: never rewritten


def test_second_fix_writes_nothing(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree({**BASE, "P/sub/m.py": "from P.sub import y\nfrom P.a import x\n"})
    (root / "P" / "sub" / "__init__.py").write_text("y = 1\n")
    assert run_cli(["check", "--fix", "."], cwd=root).rc == 0
    age(root)
    before = state(root)
    result = run_cli(["check", "--fix", "."], cwd=root)
    assert result.rc == 0
    after = state(root)
    assert {k: v for k, v in after.items() if not k.startswith(".importlint_cache")} == {
        k: v for k, v in before.items() if not k.startswith(".importlint_cache")
    }


def test_check_and_diff_write_nothing(repo_tree: RepoTree, run_cli: Any) -> None:
    root = repo_tree(BASE)
    age(root)
    before = state(root)
    assert run_cli(["check", "--no-cache", "."], cwd=root).rc == 1
    assert run_cli(["check", "--diff", "--no-cache", "."], cwd=root).rc == 1
    assert state(root) == before


def test_never_writes_outside_the_given_files(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    files = {"P/c.py": SELF, "P/sub/d.py": "from P.sub import e\n", "other/script.py": SELF}
    root = repo_tree({**BASE, **files}, root=tmp_path / "repo")
    (root / "P" / "sub" / "__init__.py").write_text("")
    make_tree(tmp_path, {"sibling/Q/__init__.py": "", "sibling/Q/m.py": "from Q import n\n"})
    age(tmp_path)
    before = state(tmp_path)

    assert run_cli(["check", "--fix", "--no-cache", "P/b.py", "P/sub/d.py"], cwd=root).rc == 0
    after = state(tmp_path)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert changed == ["repo/P/b.py", "repo/P/sub/d.py"]
    assert (root / "P" / "sub" / "d.py").read_text() == "from . import e\n"


def test_the_cache_is_the_only_other_thing_written(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    root = repo_tree({**BASE, "P/c.py": SELF}, root=tmp_path / "repo")
    age(tmp_path)
    before = state(tmp_path)
    assert run_cli(["check", "--fix", "P/b.py"], cwd=root).rc == 0
    after = state(tmp_path)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert changed[0] == "repo/.importlint_cache"
    assert changed[-1] == "repo/P/b.py"
    assert all(k.startswith("repo/.importlint_cache") for k in changed[:-1]), changed


# -- a file that changes while importlint runs ---------------------------------------------


def _changing_read(monkeypatch: pytest.MonkeyPatch, name: str, change: Any) -> None:
    """sourcefile.read returns what was there, then `change(path)` edits the file on disk."""
    real = sourcefile.read

    def read(path: str) -> tuple[bytes, sourcefile.Snapshot]:
        raw, snap = real(path)
        if path.endswith(name):
            change(Path(path))
        return raw, snap

    monkeypatch.setattr(sourcefile, "read", read)


def _append(path: Path) -> None:
    with open(path, "ab") as handle:
        handle.write(b"# edited by the user\n")


def _same_size_newer(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b"x", b"y"))  # same size
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


@pytest.mark.parametrize("change", [_append, _same_size_newer], ids=["appended", "same-size-newer-mtime"])
@pytest.mark.parametrize("cache", [["--no-cache"], []], ids=["no-cache", "cache"])
def test_file_changed_after_read_is_not_overwritten(
    repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch, change: Any, cache: list[str]
) -> None:
    root = repo_tree({**BASE, "P/c.py": SELF})
    changed = {}

    def edit(path: Path) -> None:
        change(path)
        changed["bytes"] = path.read_bytes()

    _changing_read(monkeypatch, "b.py", edit)
    result = run_cli(["check", "--fix", *cache, "."], cwd=root)
    assert result.rc == 1
    assert "importlint: P/b.py: changed on disk during the run; not written\n" in result.err
    assert "Traceback" not in result.err
    assert (root / "P" / "b.py").read_bytes() == changed["bytes"]  # the user's edit survives
    assert (root / "P" / "c.py").read_text() == FIXED  # the other file is still fixed
    assert sorted(p.name for p in (root / "P").iterdir()) == ["__init__.py", "a.py", "b.py", "c.py"]
    monkeypatch.undo()
    # the next run sees the file as it is now (no stale cache entry hides it)
    rc, found, _ = check_json(run_cli, ["."], root)
    assert rc == 1 and brief(found) == [("P/b.py", 1, 1, "IL001")]


def test_file_changed_after_read_still_lists_its_violations(
    repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo_tree(BASE)
    _changing_read(monkeypatch, "b.py", _append)
    rc, found, err = check_json(run_cli, ["--fix", "--no-cache", "."], root)
    assert err == "importlint: P/b.py: changed on disk during the run; not written\n"
    assert rc == 1
    assert brief(found) == [("P/b.py", 1, 1, "IL001")]


def test_write_refuses_a_stale_snapshot(tmp_path: Path) -> None:
    """The runner's write step on its own: ChangedOnDisk, the file as the user left it."""
    path = tmp_path / "m.py"
    path.write_bytes(SELF.encode())
    raw, snap = sourcefile.read(str(path))
    path.write_bytes(b"from P.a import y  # newer\n")
    with pytest.raises(sourcefile.ChangedOnDisk):
        sourcefile.write(str(path), FIXED.encode(), snap)
    assert path.read_bytes() == b"from P.a import y  # newer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]
    assert raw == SELF.encode()


def test_interrupted_write_leaves_the_old_file(
    repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between writing the temp file and renaming it: the old file, no temp file."""
    root = repo_tree(BASE)

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sourcefile.os, "replace", interrupted)
    result = run_cli(["check", "--fix", "--no-cache", "."], cwd=root)
    monkeypatch.undo()
    assert result.rc == 130
    assert "Traceback" not in result.err
    assert (root / "P" / "b.py").read_text() == SELF
    assert sorted(p.name for p in (root / "P").iterdir()) == ["__init__.py", "a.py", "b.py"]


def test_failed_write_is_reported(repo_tree: RepoTree, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo_tree({**BASE, "P/c.py": SELF})
    real_fdopen = os.fdopen
    calls = []

    class FullDisk:
        """A temporary file whose write fails as on a full disk."""

        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "wb")

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        calls.append(fd)
        if len(calls) == 1:
            return FullDisk(fd)
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(sourcefile.os, "fdopen", fdopen)
    result = run_cli(["check", "--fix", "--no-cache", "."], cwd=root)
    monkeypatch.undo()
    assert result.rc == 1
    assert "importlint: P/b.py: cannot write the fix: No space left on device\n" in result.err
    assert "Traceback" not in result.err
    assert (root / "P" / "b.py").read_text() == SELF
    assert (root / "P" / "c.py").read_text() == FIXED
    assert sorted(p.name for p in (root / "P").iterdir()) == ["__init__.py", "a.py", "b.py", "c.py"]


# -- the checked code is never run -----------------------------------------------------------


def _bomb(marker: Path, name: str, main: bool = False) -> str:
    """A module that leaves a marker file when imported (or run, with `main`)."""
    text = f"from P.a import x\nopen({str(marker / name)!r}, 'w').close()\n"
    if main:
        text += f"if __name__ == '__main__':\n    open({str(marker / (name + '-main'))!r}, 'w').close()\n"
    return text


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["jobs-1", "jobs-2"])
def test_checked_code_is_never_imported_or_run(repo_tree: RepoTree, run_cli: Any, tmp_path: Path, jobs: str) -> None:
    marker = tmp_path / "markers"
    marker.mkdir()
    files: dict[str, str | bytes] = {f"P/m{i:02d}.py": _bomb(marker, f"m{i:02d}") for i in range(26)}
    files["P/__init__.py"] = f"open({str(marker / 'init')!r}, 'w').close()\n"
    files["P/__main__.py"] = _bomb(marker, "dunder-main", main=True)
    files["P/script.py"] = _bomb(marker, "script", main=True)
    files["P/conftest.py"] = _bomb(marker, "conftest")
    files["P/newer.py"] = _bomb(marker, "newer") + "type Alias = int\n"  # parsed by the LibCST fallback
    files["P/broken.py"] = _bomb(marker, "broken") + "def (:\n"
    files["setup.py"] = f"open({str(marker / 'setup')!r}, 'w').close()\n"
    files["sitecustomize.py"] = f"open({str(marker / 'sitecustomize')!r}, 'w').close()\n"
    root = repo_tree({**BASE, **files}, root=tmp_path / "repo")
    modules_before = set(sys.modules)

    for argv in (["check", "."], ["check", "--fix", "."], ["tree", "."], ["check", "--diff", "."]):
        extra = ["--jobs", jobs] if argv[0] == "check" else []
        result = run_cli([*argv, *extra], cwd=root)
        assert "Traceback" not in result.err
    assert list(marker.iterdir()) == []
    assert not {m for m in set(sys.modules) - modules_before if m == "P" or m.startswith("P.")}
    assert (root / "P" / "m00.py").read_text().startswith("from .a import x\n")


# -- item 19: writes that respect the file (read-only, owner and group, hard links) ------------


def _unprivileged(argv: list[str], cwd: Path) -> Any:
    from test_io_edges import run

    return run(argv, cwd, unprivileged=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.parametrize("how", ["in-process", "unprivileged"])
def test_read_only_file_is_not_fixed(repo_tree: RepoTree, run_cli: Any, how: str) -> None:
    """chmod 444 in a writable directory: a rename could replace it, but the user said no."""
    root = repo_tree({**BASE, "P/c.py": SELF})
    target = root / "P" / "b.py"
    target.chmod(0o444)
    age(root)
    before = state(root)["P/b.py"]
    argv = ["check", "--fix", "--no-cache", "--output-format", "concise", "."]
    if how == "in-process":
        result = run_cli(argv, cwd=root)
        rc, out, err = result.rc, result.out, result.err
    else:
        ran = _unprivileged(argv, root)
        rc, out, err = ran.returncode, ran.stdout, ran.stderr
    assert rc == 1
    assert out == f"P/b.py:1:1: IL001 [*] {IL001}\n"
    assert err == ("importlint: P/b.py: not fixed: the file is read-only\nFound 2 errors (1 fixed, 1 remaining).\n")
    assert state(root)["P/b.py"] == before  # same bytes, mode, mtime and inode
    assert (root / "P" / "c.py").read_text() == FIXED


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners")
def test_file_of_another_user_not_writable_is_not_fixed(repo_tree: RepoTree) -> None:
    """Owned by someone else, 0644, in a world-writable directory: the rename would succeed
    and make the file ours, so it is reported instead."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    root = repo_tree(BASE)
    target = root / "P" / "b.py"
    os.chown(target, 4321, 4321)
    target.chmod(0o644)
    (root / "P").chmod(0o777)
    ran = _unprivileged(["check", "--fix", "--no-cache", "--output-format", "concise", "."], root)
    assert ran.returncode == 1
    assert ran.stderr == (
        "importlint: P/b.py: not fixed: the file is read-only\nFound 1 error.\n[*] 1 fixable with the `--fix` option.\n"
    )
    assert target.read_text() == SELF
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4321)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners")
def test_owner_and_group_are_kept_when_root_fixes(repo_tree: RepoTree, run_cli: Any) -> None:
    """A root container fixing a mounted checkout: the files stay their owner's."""
    if os.geteuid() != 0:
        pytest.skip("only root can give files away")
    root = repo_tree(BASE)
    target = root / "P" / "b.py"
    os.chown(target, 1234, 5678)
    target.chmod(0o640)
    result = run_cli(["check", "--fix", "--no-cache", "."], cwd=root)
    assert (result.rc, result.err) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    info = target.stat()
    assert (target.read_text(), info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (FIXED, 1234, 5678, 0o640)
    assert sorted(p.name for p in (root / "P").iterdir()) == ["__init__.py", "a.py", "b.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners")
def test_group_writable_file_of_another_owner_is_written_in_place(repo_tree: RepoTree) -> None:
    """Writable through its group but owned by root: a rename would hand it to the user
    who ran the fix and cannot be undone without root, so the file is written in place."""
    if os.geteuid() != 0:
        pytest.skip("needs root to set up another owner")
    root = repo_tree(BASE)
    target = root / "P" / "b.py"
    os.chown(target, 4321, 0)  # group root: the unprivileged root process is in it
    target.chmod(0o664)
    inode = target.stat().st_ino
    ran = _unprivileged(["check", "--fix", "--no-cache", "."], root)
    assert (ran.returncode, ran.stderr) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    info = target.stat()
    assert (target.read_text(), info.st_uid, info.st_gid, info.st_ino) == (FIXED, 4321, 0, inode)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX hard links")
def test_hard_linked_file_stays_linked(repo_tree: RepoTree, run_cli: Any, tmp_path: Path) -> None:
    # an IL002 repair: a hard-linked file gets no fix that depends on its module name (IL001,
    # IL004), but a syntax error imports under no name, so its repair is still written
    root = repo_tree({**BASE, "P/b.py": "import .a\n"}, root=tmp_path / "repo")
    target = root / "P" / "b.py"
    other = tmp_path / "elsewhere.py"
    os.link(target, other)
    target.chmod(0o600)
    result = run_cli(["check", "--fix", "--no-cache", "P/b.py"], cwd=root)
    assert (result.rc, result.err) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    assert other.read_text() == "from . import a\n"  # the other name sees the fix: still the same file
    info = target.stat()
    assert (info.st_ino, info.st_nlink, stat.S_IMODE(info.st_mode)) == (other.stat().st_ino, 2, 0o600)
    assert sorted(p.name for p in (root / "P").iterdir()) == ["__init__.py", "a.py", "b.py"]
