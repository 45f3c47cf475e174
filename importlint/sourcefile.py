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
    """The bytes cannot be decoded with the file's declared encoding."""


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
        raise DecodeError(str(exc)) from None
    bom = encoding == "utf-8-sig"
    body = raw[len(BOM) :] if bom else raw
    codec = "utf-8" if bom else encoding
    try:
        text = body.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"cannot decode as {codec}: {exc}") from None
    try:
        roundtrip = text.encode(codec) == body
    except UnicodeEncodeError:
        roundtrip = False
    if not roundtrip:
        raise DecodeError(f"the bytes do not round-trip through {codec}")
    return Decoded(text, codec, bom)


@dataclass(frozen=True)
class Snapshot:
    """What a file looked like when it was read, to refuse writing over a newer version."""

    size: int
    mtime_ns: int


def read(path: str) -> tuple[bytes, Snapshot]:
    """The file's bytes and its stat snapshot (raises OSError)."""
    with open(path, "rb") as handle:
        raw = handle.read()
        info = os.fstat(handle.fileno())
    return raw, Snapshot(info.st_size, info.st_mtime_ns)


class ChangedOnDisk(Exception):
    """The file changed between reading and writing; nothing was written."""


def write(path: str, data: bytes, snapshot: Snapshot) -> None:
    """Replace the file's contents atomically, keeping its mode, at a symlink's target.

    A temporary file in the same directory is written and renamed over the target, so an
    interrupted run leaves the old or the new file, never a partial one.
    Raises ChangedOnDisk if the file no longer matches `snapshot`, OSError otherwise.
    """
    target = os.path.realpath(path)
    info = os.stat(target)
    if (info.st_size, info.st_mtime_ns) != (snapshot.size, snapshot.mtime_ns):
        raise ChangedOnDisk(path)
    directory = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=".importlint-", suffix=".tmp", dir=directory)
    try:
        # no fsync: the rename already makes an interrupted run leave the old file or the
        # new one; only a power cut could lose the new one, which ruff and black accept too
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
