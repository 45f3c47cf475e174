"""Tables for sourcefile.py: decoding that round-trips, and safe writes."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from importlint.sourcefile import (
    BOM,
    ChangedOnDisk,
    DecodeError,
    NotRegularFile,
    ReadOnly,
    Snapshot,
    decode,
    read,
    write,
)

# --------------------------------------------------------------------------- decode


@pytest.mark.parametrize(
    ("raw", "text", "encoding", "bom"),
    [
        pytest.param(b"import os\n", "import os\n", "utf-8", False, id="ascii"),
        pytest.param("x = 'é€😀'\n".encode(), "x = 'é€😀'\n", "utf-8", False, id="utf-8-default"),
        pytest.param(BOM + b"import os\n", "import os\n", "utf-8", True, id="utf-8-bom"),
        pytest.param(
            BOM + b"# coding: utf-8\nx = 1\n",
            "# coding: utf-8\nx = 1\n",
            "utf-8",
            True,
            id="utf-8-bom-with-matching-cookie",
        ),
        pytest.param(
            b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
            "# -*- coding: latin-1 -*-\nx = 'é'\n",
            "iso-8859-1",
            False,
            id="latin-1-cookie",
        ),
        pytest.param(
            b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n",
            "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '€'\n",
            "cp1252",
            False,
            id="cookie-on-second-line",
        ),
        pytest.param(b"# coding=utf8\nx = 1\n", "# coding=utf8\nx = 1\n", "utf8", False, id="utf8-alias-cookie"),
        pytest.param(b"a\r\nb\rc\n", "a\r\nb\rc\n", "utf-8", False, id="line-breaks-kept"),
        pytest.param(b"", "", "utf-8", False, id="empty-file"),
    ],
)
def test_decode(raw: bytes, text: str, encoding: str, bom: bool) -> None:
    decoded = decode(raw)
    assert (decoded.text, decoded.encoding, decoded.bom) == (text, encoding, bom)
    assert decoded.encode(decoded.text) == raw


@pytest.mark.parametrize(
    ("raw", "edited", "expected"),
    [
        pytest.param(BOM + b"from P.a import x\n", "from .a import x\n", BOM + b"from .a import x\n", id="bom-kept"),
        pytest.param(
            b"# coding: latin-1\nfrom P.a import x  # \xe9\n",
            "# coding: latin-1\nfrom .a import x  # é\n",
            b"# coding: latin-1\nfrom .a import x  # \xe9\n",
            id="latin-1-round-trip",
        ),
    ],
)
def test_encode_after_edit(raw: bytes, edited: str, expected: bytes) -> None:
    assert decode(raw).encode(edited) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(b"x = '\xff'\n", "invalid or missing encoding declaration", id="invalid-utf-8"),
        pytest.param(b"x = '\xed\xa0\x80'\n", "invalid or missing encoding declaration", id="utf-8-surrogate"),
        pytest.param(b"# coding: nope\nx = 1\n", "unknown encoding: nope", id="unknown-codec-cookie"),
        pytest.param(BOM + b"# coding: latin-1\nx = 1\n", "encoding problem: utf-8", id="bom-and-other-cookie"),
        pytest.param(
            b"\n\n# coding: latin-1\nx = '\xe9'\n",
            "cannot decode the file as utf-8",
            id="cookie-on-third-line-is-ignored",
        ),
    ],
)
def test_decode_error(raw: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode(raw)


# --------------------------------------------------------------------------- read / write


def _leftovers(directory: Path, *expected: str) -> list[str]:
    return sorted(set(os.listdir(directory)) - set(expected))


def test_read_returns_bytes_and_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"a\r\nb")
    raw, snapshot = read(str(path))
    info = os.stat(path)
    assert (raw, snapshot) == (b"a\r\nb", Snapshot(info.st_size, info.st_mtime_ns))


def test_write_replaces_content(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"from P.a import x\r\n")
    _, snapshot = read(str(path))
    write(str(path), b"from .a import x\r\n", snapshot)
    assert path.read_bytes() == b"from .a import x\r\n"
    assert _leftovers(tmp_path, "m.py") == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.parametrize(
    "mode",
    [
        pytest.param(0o644, id="rw-r--r--"),
        pytest.param(0o755, id="executable-script"),
        pytest.param(0o600, id="private"),
        pytest.param(0o664, id="group-writable"),
    ],
)
def test_write_keeps_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    path.chmod(mode)
    _, snapshot = read(str(path))
    write(str(path), b"new\n", snapshot)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert path.read_bytes() == b"new\n"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_write_through_symlink(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "m.py"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    _, snapshot = read(str(link))
    write(str(link), b"new\n", snapshot)
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_bytes() == b"new\n"
    assert _leftovers(real_dir, "m.py") == []
    assert _leftovers(tmp_path, "real", "link.py") == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_write_through_relative_symlink_chain(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_bytes(b"old\n")
    (tmp_path / "one.py").symlink_to("m.py")
    (tmp_path / "two.py").symlink_to("one.py")
    _, snapshot = read(str(tmp_path / "two.py"))
    write(str(tmp_path / "two.py"), b"new\n", snapshot)
    assert (tmp_path / "two.py").is_symlink() and (tmp_path / "one.py").is_symlink()
    assert (tmp_path / "m.py").read_bytes() == b"new\n"
    assert _leftovers(tmp_path, "m.py", "one.py", "two.py") == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param("size", id="size-changed"),
        pytest.param("mtime", id="mtime-changed-same-size"),
    ],
)
def test_write_refuses_when_changed_on_disk(tmp_path: Path, change: str) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    _, snapshot = read(str(path))
    if change == "size":
        path.write_bytes(b"edited by someone else\n")
    else:
        path.write_bytes(b"OLD\n")
        os.utime(path, ns=(snapshot.mtime_ns + 10**9, snapshot.mtime_ns + 10**9))
    before = path.read_bytes()
    with pytest.raises(ChangedOnDisk):
        write(str(path), b"new\n", snapshot)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, "m.py") == []


def test_write_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write(str(tmp_path / "gone.py"), b"new\n", Snapshot(4, 0))
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_write_in_read_only_directory_leaves_file_alone(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "m.py"
    path.write_bytes(b"old\n")
    _, snapshot = read(str(path))
    directory.chmod(0o555)
    try:
        with pytest.raises(OSError):
            write(str(path), b"new\n", snapshot)
    finally:
        directory.chmod(0o755)
    assert path.read_bytes() == b"old\n"
    assert _leftovers(directory, "m.py") == []


def test_write_failure_removes_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    _, snapshot = read(str(path))

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write(str(path), b"new\n", snapshot)
    assert path.read_bytes() == b"old\n"
    assert _leftovers(tmp_path, "m.py") == []


# --------------------------------------------------------------------------- special files, read-only, links

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and links")


def _read_in_thread(path: Path) -> BaseException | tuple[bytes, Snapshot] | None:
    """read(path) with a time bound: a blocking open fails the test instead of hanging it."""
    import threading

    outcome: list[BaseException | tuple[bytes, Snapshot]] = []

    def target() -> None:
        try:
            outcome.append(read(str(path)))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    return outcome[0] if outcome else None


@POSIX_ONLY
def test_read_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "m.py"
    os.mkfifo(fifo)
    outcome = _read_in_thread(fifo)
    assert isinstance(outcome, NotRegularFile), outcome
    assert (outcome.strerror, outcome.filename) == ("not a regular file (a FIFO)", str(fifo))


@POSIX_ONLY
def test_read_refuses_a_socket_and_a_device(tmp_path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(tmp_path / "s.py"))
        outcome = _read_in_thread(tmp_path / "s.py")
        assert isinstance(outcome, NotRegularFile) and outcome.strerror == "not a regular file (a socket)"
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    outcome = _read_in_thread(tmp_path / "zero.py")
    assert isinstance(outcome, NotRegularFile) and outcome.strerror == "not a regular file (a character device)"


@POSIX_ONLY
def test_write_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    path.chmod(0o444)
    _, snapshot = read(str(path))
    with pytest.raises(ReadOnly):
        write(str(path), b"new\n", snapshot)
    assert (path.read_bytes(), stat.S_IMODE(os.stat(path).st_mode)) == (b"old\n", 0o444)
    assert _leftovers(tmp_path, "m.py") == []


@POSIX_ONLY
def test_write_keeps_hard_links_shared(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"old content\n")
    os.link(path, tmp_path / "other.py")
    inode = os.stat(path).st_ino
    _, snapshot = read(str(path))
    write(str(path), b"new\n", snapshot)
    assert (tmp_path / "other.py").read_bytes() == b"new\n"
    assert (os.stat(path).st_ino, os.stat(path).st_nlink) == (inode, 2)
    assert _leftovers(tmp_path, "m.py", "other.py") == []


@POSIX_ONLY
def test_in_place_write_failing_half_way_puts_the_old_bytes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlint.sourcefile as sourcefile

    path = tmp_path / "m.py"
    path.write_bytes(b"old content\n")
    os.link(path, tmp_path / "other.py")
    _, snapshot = read(str(path))
    real = sourcefile._overwrite
    calls: list[bytes] = []

    def full_disk_once(handle: Any, data: bytes) -> None:
        calls.append(data)
        if len(calls) == 1:  # the new content: part of it lands, then the disk is full
            handle.seek(0)
            handle.write(data[:2])
            handle.flush()
            raise OSError(28, "No space left on device")
        real(handle, data)

    monkeypatch.setattr(sourcefile, "_overwrite", full_disk_once)
    with pytest.raises(OSError, match="No space left"):
        write(str(path), b"brand new content\n", snapshot)
    assert calls == [b"brand new content\n", b"old content\n"]
    assert path.read_bytes() == b"old content\n"
    assert _leftovers(tmp_path, "m.py", "other.py") == []


@POSIX_ONLY
def test_in_place_write_checks_the_open_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file changes after the first check but before it is opened for writing."""
    import importlint.sourcefile as sourcefile

    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    os.link(path, tmp_path / "other.py")
    _, snapshot = read(str(path))
    real = sourcefile._write_in_place

    def edited_first(target: str, data: bytes, snap: Snapshot) -> None:
        Path(target).write_bytes(b"the user's edit\n")
        real(target, data, snap)

    monkeypatch.setattr(sourcefile, "_write_in_place", edited_first)
    with pytest.raises(ChangedOnDisk):
        write(str(path), b"new\n", snapshot)
    assert path.read_bytes() == b"the user's edit\n"
    assert _leftovers(tmp_path, "m.py", "other.py") == []
