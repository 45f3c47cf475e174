"""Reading a file's bytes as text that round-trips, and writing a fixed file safely."""

from __future__ import annotations

import codecs
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass

BOM = codecs.BOM_UTF8


class DecodeError(Exception):
    """The bytes cannot be decoded with the file's declared encoding.

    The message is complete ("cannot decode the file ..."); `line` and `column` (1-based,
    characters) point at the first byte that does not decode, or at the file's start.
    """

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _undecodable(body: bytes, codec: str, exc: UnicodeDecodeError) -> DecodeError:
    """The error for undecodable bytes, e.g. `cannot decode the file as utf-8: invalid start
    byte at line 3, column 5 (byte 0xff)`: said once, with the byte's position."""
    before = body[: exc.start]
    # Python's line breaks: \r\n, \r and \n (ASCII in every codec a source file may use)
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    column = len(before[line_start:].decode(codec, "replace")) + 1
    byte = body[exc.start : exc.start + 1].hex()
    message = f"cannot decode the file as {codec}: {exc.reason} at line {line}, column {column} (byte 0x{byte})"
    return DecodeError(message, line, column)


@dataclass(frozen=True)
class Decoded:
    """A file's text; `encode(text)` gives back the original bytes exactly."""

    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        body = text.encode(self.encoding)
        return BOM + body if self.bom else body


def decode(raw: bytes) -> Decoded:
    """Decode like Python does (BOM, PEP 263 coding cookie, UTF-8 default).

    Raises DecodeError when the bytes do not decode, or would not encode back to
    the same bytes (a fix must never change a byte it was not asked to change).
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:  # unknown codec in the cookie, or a BOM/cookie conflict
        raise DecodeError(f"cannot decode the file: {exc}") from None
    bom = encoding == "utf-8-sig"
    body = raw[len(BOM) :] if bom else raw
    codec = "utf-8" if bom else encoding
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise _undecodable(body, codec, exc) from None
    except LookupError as exc:
        raise DecodeError(f"cannot decode the file: {exc}") from None
    try:
        roundtrip = text.encode(codec) == body
    except UnicodeEncodeError:
        roundtrip = False
    if not roundtrip:
        raise DecodeError(f"cannot decode the file: the bytes do not round-trip through {codec}")
    return Decoded(text, codec, bom)


@dataclass(frozen=True)
class Snapshot:
    """What a file looked like when it was read, to refuse writing over a newer version."""

    size: int
    mtime_ns: int


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def file_kind(mode: int) -> str | None:
    """How to name a file that is not a regular file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


class NotRegularFile(OSError):
    """A FIFO, socket, device or directory where a source file was expected: never read,
    because reading it could block forever or never end."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.strerror = f"not a regular file ({kind})"
        self.filename = path


# O_NONBLOCK: opening a FIFO without a writer would otherwise block before fstat can look
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read(path: str) -> tuple[bytes, Snapshot]:
    """The file's bytes and its stat snapshot (raises OSError, NotRegularFile for a FIFO,
    socket or device: only regular files, or links to them, are ever read)."""
    kind = file_kind(os.stat(path).st_mode)  # a socket cannot even be opened: name it first
    if kind is not None:
        raise NotRegularFile(path, kind)
    fd = os.open(path, _READ_FLAGS)
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)  # replaced by something else since the stat above
        if kind is not None:
            raise NotRegularFile(path, kind)
        raw = handle.read()
    return raw, Snapshot(info.st_size, info.st_mtime_ns)


class ChangedOnDisk(Exception):
    """The file changed between reading and writing; nothing was written."""


class ReadOnly(Exception):
    """The user may not write the file (or its mode has no write bit); nothing was written."""


def _is_read_only(target: str, info: os.stat_result) -> bool:
    # root may write anything: a file without any write bit was made read-only on purpose
    return not info.st_mode & 0o222 or not os.access(target, os.W_OK)


def write(path: str, data: bytes, snapshot: Snapshot) -> None:
    """Replace the file's contents at a symlink's target, keeping its mode, owner, group
    and hard links, never leaving a partial file.

    Usually a temporary file in the same directory is written and renamed over the
    target, so an interrupted run leaves the old or the new file. A hard-linked file, or
    one whose owner or group the rename could not keep, is written in place instead (see
    `_write_in_place`). Raises ReadOnly for a file the user cannot write, ChangedOnDisk if
    the file no longer matches `snapshot`, OSError otherwise.
    """
    target = os.path.realpath(path)
    info = os.stat(target)
    if (info.st_size, info.st_mtime_ns) != (snapshot.size, snapshot.mtime_ns):
        raise ChangedOnDisk(path)
    if _is_read_only(target, info):
        raise ReadOnly(path)
    directory = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=".importlint-", suffix=".tmp", dir=directory)
    try:
        # no fsync: the rename already makes an interrupted run leave the old file or the
        # new one; only a power cut could lose the new one, which ruff and black accept too
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if info.st_nlink > 1 or not _same_owner(tmp, info):
            # a rename would split the hard links or hand the file to us: copy the new
            # content (complete on disk, so the space exists) over the file instead
            _write_in_place(target, data, snapshot)
            os.unlink(tmp)
            return
        os.chmod(tmp, stat.S_IMODE(info.st_mode))  # after chown, which clears set-id bits
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _same_owner(tmp: str, info: os.stat_result) -> bool:
    """Give `tmp` the owner and group of the file it replaces; False if that is not allowed
    (only root may give a file away; others may only pick a group they belong to)."""
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    chown = getattr(os, "chown", None)
    if chown is None:  # Windows: no owners to keep
        return True
    try:
        chown(tmp, info.st_uid, info.st_gid)
    except OSError:
        return False
    return True


def _write_in_place(target: str, data: bytes, snapshot: Snapshot) -> None:
    """Overwrite the file through its own inode (links, owner and group stay as they are).

    The size/mtime check is repeated on the open file just before writing; if the write
    fails half-way (a full disk), the old bytes are put back before the error is raised.
    """
    with open(target, "r+b") as handle:
        info = os.fstat(handle.fileno())
        if (info.st_size, info.st_mtime_ns) != (snapshot.size, snapshot.mtime_ns):
            raise ChangedOnDisk(target)
        old = handle.read()
        try:
            _overwrite(handle, data)
        except BaseException:
            _overwrite(handle, old)
            raise


def _overwrite(handle: io.BufferedRandom, data: bytes) -> None:
    handle.seek(0)
    handle.write(data)
    handle.truncate(len(data))
    handle.flush()
