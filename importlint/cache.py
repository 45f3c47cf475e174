"""A persistent cache of per-file verdicts in one sqlite3 database, shared safely by
concurrent runs.

A row is keyed by (settings fingerprint, file path); the fingerprint covers the settings
that change a verdict and the importlint version, so runs with different settings share
one database. A row records everything its verdict depended on: the file's content hash,
its stat stamp `(size, mtime_ns, inode)` and when that stamp was taken, the file's module
context, the answer to every tree question the rules asked, and the source lines the
report prints. On a hit every tree fact is asked of the disk again, so a stale row can
never hide or invent a violation.

A run reads only the rows of the files it checks (by primary key) and writes only rows
that changed, in a few short transactions (WAL mode: readers never wait for a writer).
Any trouble with the database (damaged, locked for too long, unwritable, not ours) costs
the run its cache, with one warning line on stderr, never the run itself.

The same database keeps the whole-tree pass's import records of each file
(`RecordCache`), validated the same way, so a warm run of IL007/IL008 parses nothing, and
that pass's verdicts (`verdicts`): one row per question, keyed by a hash of everything
the answer read (importlint/graph/verdict.py), so a warm run simulates nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from . import sourcefile
from ._version import __version__
from .model import Chunk, Edit, Pos, Violation
from .settings import Settings
from .tree import Fact, ModuleInfo, PackageTree

if TYPE_CHECKING:
    import sqlite3

    from .graph.records import FileRecords

_FORMAT = 4  # the layout of a row's verdict (4: the reported source lines)
# the table layout; a new one gets a new file (old importlint versions keep theirs; 2: records,
# 3: unsafe, 4: whole-tree verdicts)
SCHEMA = 4
DB_NAME = f"cache-v{SCHEMA}.sqlite3"
_APPLICATION_ID = 0x494C4E54  # "ILNT": marks the database as importlint's (PRAGMA application_id)
BUSY_TIMEOUT_S = 5.0  # how long to wait for another run's write transaction (they take milliseconds)
_READ_CHUNK = 256  # rows read per query by a run that knows its files (Cache.expect)
_BATCH = 500  # rows written per transaction: bounds the memory of a cold run's new rows
# whole-tree verdicts kept (the newest): one per package set and files reported (pre-commit
# asks about new files each commit), each a few kB
VERDICT_ROWS = 64

# Git's "racily clean" rule. A stamp vouches for the content it was taken with only if any
# later write would have to change it. A write at time t gets an mtime of t truncated to
# the filesystem's timestamp granularity (and, on Linux, read from a clock that lags by up
# to a scheduler tick), so a file whose mtime is within that granularity of the moment its
# stamp was taken can be rewritten (same size, in place) without its mtime changing. Such
# a stamp is "racy": the content is hashed instead. 2 s covers the coarsest filesystems in
# use (FAT: 2 s; HFS+, ext3: 1 s; Linux's coarse clock: <= 10 ms; NTFS: 100 ns) and a
# little clock skew to a file server; it costs only a hash of the files edited in the last
# two seconds before a run, and the next run refreshes their stamps.
RACY_WINDOW_NS = 2_000_000_000

Stamp = tuple[int, int, int]  # (size, mtime_ns, inode)


def fingerprint(settings: Settings) -> str:
    """A short hash of everything in the settings that can change a file's verdict."""
    relevant = [
        __version__,
        _FORMAT,
        sorted(settings.enabled),
        settings.max_level,
        list(settings.src),
        list(settings.namespace_packages),
        settings.unsafe_fixes,
        settings.project_root,  # IL005's message names the project root as `.`
    ]
    return hashlib.sha256(json.dumps(relevant).encode()).hexdigest()[:16]


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _now_ns() -> int:
    return time.time_ns()


@dataclass
class Entry:
    """A file's cached verdict and what it depended on."""

    digest: str
    module: tuple[str, str, bool, str]  # ModuleInfo fields
    facts: list[Fact]  # every tree fact the verdict used: (query, arguments, answer)
    violations: list[list[Any]]  # [line, col, end_line, end_col, code, message, fix or None, unsafe]
    suppressed: int = 0  # violations a noqa comment hid (the summary counts them)
    lines: list[Chunk] | None = None  # the source lines the report prints (None: not kept)

    def verdict_json(self) -> str:
        facts = [[q, list(a), v] for q, a, v in self.facts]
        lines = None if self.lines is None else [list(chunk) for chunk in self.lines]
        # ensure_ascii: paths with surrogate escapes (undecodable names) survive the round trip
        return json.dumps([list(self.module), facts, self.violations, self.suppressed, lines], separators=(",", ":"))

    @classmethod
    def from_row(cls, digest: str, verdict: str) -> Entry:
        module, facts, violations, suppressed, lines = json.loads(verdict)
        name, package, is_package, root = module
        checks = [(str(q), tuple(a), v) for q, a, v in facts]
        key = (str(name), str(package), bool(is_package), str(root))
        chunks = None if lines is None else [(int(n), int(o), str(t)) for n, o, t in lines]
        if any(len(v) != 8 or (v[6] is not None and len(v[6]) != 3) for v in violations):
            raise ValueError("a damaged row")  # here, not while the report decodes it
        return cls(str(digest), key, checks, list(violations), int(suppressed), chunks)

    @property
    def has_fix(self) -> bool:
        # an unsafe fix is applied only under --unsafe-fixes, which has entries of its own
        return any(v[6] is not None and not v[7] for v in self.violations)


def encode_violations(violations: Sequence[Violation]) -> list[list[Any]]:
    out = []
    for v in violations:
        fix = [v.fix.start, v.fix.end, v.fix.text] if v.fix is not None else None
        out.append([v.start.line, v.start.column, v.end.line, v.end.column, v.code, v.message, fix, v.unsafe])
    return out


def decode_violations(display: str, data: Sequence[Sequence[Any]]) -> list[Violation]:
    out = []
    for line, col, end_line, end_col, code, message, fix, unsafe in data:
        edit = Edit(*fix) if fix is not None else None
        out.append(Violation(display, Pos(line, col), Pos(end_line, end_col), code, message, edit, unsafe))
    return out


def module_key(info: ModuleInfo) -> tuple[str, str, bool, str]:
    return (info.name, info.package, info.is_package, info.root)


# -- the report's source lines ------------------------------------------------------------


def report_lines(source: str, violations: Sequence[Violation]) -> list[Chunk]:
    """The parts of `source` the text report reads: each violation's statement lines and
    the text its fix replaces, as runs of whole lines at their line numbers and offsets."""
    from .locate import LineTable

    table = LineTable(source)
    count = len(table.starts)
    wanted: set[int] = set()
    for v in violations:
        wanted.update(range(v.start.line, min(v.end.line, count) + 1))
        if v.fix is not None:
            first, last = table.position(v.fix.start)[0], table.position(v.fix.end)[0]
            wanted.update(range(first, last + 1))
    chunks: list[Chunk] = []
    for number in sorted(n for n in wanted if 1 <= n <= count):
        start = table.starts[number - 1]
        end = table.starts[number] if number < count else len(source)
        if chunks and chunks[-1][0] + _line_count(chunks[-1]) == number:
            first, offset, text = chunks[-1]
            chunks[-1] = (first, offset, text + source[start:end])
        else:
            chunks.append((number, start, source[start:end]))
    return chunks


def _line_count(chunk: Chunk) -> int:
    """The lines in the chunk (the last one may lack a line break: the file's last line)."""
    from .locate import LineTable

    return len(LineTable(chunk[2]).starts) - 1


def sparse_source(chunks: Sequence[Chunk]) -> str:
    """A text with the chunks' lines at their line numbers and character offsets (so
    violations and fixes point into it as into the file) and blank filler between them."""
    parts: list[str] = []
    line, offset, previous = 1, 0, ""
    for first, start, text in chunks:
        lines, chars = first - line, start - offset
        # each skipped line had at least its line break, so `spaces` is never negative; with
        # none, a "\n" after a "\r" would join it into one line break: the file's skipped
        # lines were then all "\r" too (a "\n" there would have joined the same way)
        spaces = chars - lines
        newline = "\r" if not spaces and previous.endswith("\r") else "\n"
        parts.append(" " * spaces + newline * lines)
        parts.append(text)
        line, offset, previous = first + _line_count((first, start, text)), start + len(text), text
    return "".join(parts)


# -- the store ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seen:
    """A file as this run read it: what a new row for it may vouch for."""

    digest: str
    stamp: Stamp | None  # None: the file changed while it was read
    taken_ns: int  # the clock before the stamp was taken


Read = tuple[bytes, sourcefile.Snapshot]
_Row = tuple[str, Union[Stamp, None], Union[int, None], str]  # digest, stamp, when it was taken, data
Found = Union[Entry, Read]  # a valid cached verdict, or the file's bytes to compute one from


def _stamp(info: os.stat_result) -> Stamp:
    inode = info.st_ino  # unsigned 64 bits; sqlite's INTEGER is signed
    return (info.st_size, info.st_mtime_ns, inode - (1 << 64) if inode >= 1 << 63 else inode)


def _vouches(stamp: Stamp | None, taken_ns: int | None, now: Stamp) -> bool:
    """True if a row's stamp proves the file still has the content the row was made from."""
    if stamp is None or taken_ns is None or stamp != now:
        return False
    return now[1] < taken_ns - RACY_WINDOW_NS


def _row_of(found: list[Any]) -> _Row | None:
    """The first row of `SELECT digest, size, mtime_ns, inode, taken_ns, data`."""
    if not found:
        return None
    digest, size, mtime_ns, inode, taken_ns, data = found[0]
    try:
        stamp: Stamp | None = (int(size), int(mtime_ns), int(inode))
        taken: int | None = int(taken_ns)
    except (TypeError, ValueError):  # NULL (a row for a file we fixed), or damage
        stamp = taken = None
    return (str(digest), stamp, taken, str(data))


class CacheUnusable(Exception):
    """The database cannot be used; the message says why."""


class _Database:
    """One run's connection to the database under `directory`, opened on first use. Any
    trouble with it (damaged, locked for too long, unwritable, not ours) makes it unusable
    for the rest of the run; with `warn`, one line on stderr says so."""

    def __init__(self, directory: str, warn: bool) -> None:
        self.directory = directory
        self.path = os.path.join(directory, DB_NAME)
        self.warn = warn
        self._db: sqlite3.Connection | None = None
        self._disabled = False
        self._absent = False  # there was no database to read from

    def select(self, query: str, args: tuple[Any, ...]) -> list[Any]:
        """The rows the query finds; none without a usable database (none is created)."""
        db = self._open(create=False)
        if db is None:
            return []
        import sqlite3  # already imported by _open; a dictionary look-up

        try:
            return db.execute(query, args).fetchall()  # fetchall: no read transaction stays open
        except sqlite3.Error as exc:
            self._give_up(exc)
            return []

    def write(self, batches: Sequence[tuple[str, Sequence[tuple[Any, ...]]]]) -> None:
        """Each statement over its rows, all in one short transaction (creating the
        database if there is none; nothing at all if every batch is empty)."""
        if not any(rows for _, rows in batches):
            return
        db = self._open(create=True)
        if db is None:
            return
        import sqlite3  # already imported by _open; a dictionary look-up

        try:
            db.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock with another run
            for statement, rows in batches:
                db.executemany(statement, rows)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._give_up(exc)
        except BaseException:  # Ctrl-C mid-write: nothing of it lands, and the next write can begin
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # noqa: BLE001, S110 - closing a database we are done with
                pass
            self._db = None

    def _open(self, create: bool) -> sqlite3.Connection | None:
        """The connection, opened on first use; None without a usable database. A missing
        database is created only to write to it, so a run that stores nothing makes none."""
        if self._db is not None or self._disabled:
            return self._db
        if not create and (self._absent or not os.path.exists(self.path)):
            self._absent = True  # this run makes every file a miss: no need to look again
            return None
        import sqlite3  # here, not at the top: runs without the cache do not pay for it

        try:
            if create:
                _make_directory(self.directory)
            # one run uses it from one thread at a time, not always the one that opened it
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)
            return None
        try:
            _prepare(db)
        except (sqlite3.Error, CacheUnusable) as exc:
            db.close()
            self._give_up(exc)
            return None
        self._db = db
        return db

    def _give_up(self, exc: BaseException) -> None:
        """Run on without the database, saying so once (if asked to)."""
        if not self._disabled and self.warn:
            reason = str(exc) or type(exc).__name__
            print(f"importlint: warning: not using the cache {self.path}: {reason}", file=sys.stderr)
        self._disabled = True
        self.close()  # an open transaction is rolled back


class Cache:
    """The verdicts of one settings fingerprint in the database under `directory`."""

    def __init__(self, directory: str, settings: Settings) -> None:
        self._db = _Database(directory, warn=True)
        self.directory = directory
        self.path = self._db.path
        self.key = fingerprint(settings)
        self._tree: PackageTree | None = None  # the tree `_held` holds answers of
        self._held: dict[str, bool] = {}  # repr(fact) -> whether it holds
        self._seen: dict[str, _Seen] = {}
        self._order: dict[str, int] = {}  # path -> its place in the run (see `expect`)
        self._paths: list[str] = []  # the run's paths in order
        self._window: dict[str, _Row | None] = {}  # rows read ahead, each taken once
        self._rows: list[tuple[Any, ...]] = []  # new rows, not yet written
        self._stamps: list[tuple[Any, ...]] = []  # refreshed stamps of unchanged rows

    # -- reading ------------------------------------------------------------------------

    def lookup(self, path: str, tree: PackageTree, fix: bool = False, settings: Settings | None = None) -> Found:
        """The valid cached verdict for the file, else its bytes (raises OSError if it
        cannot be read). With `fix`, a verdict with a fix is not valid: the fix must run.
        `settings`: the file's own, when they are not the run's (its nearest config)."""
        key = self.key if settings is None else fingerprint(settings)
        row = self._row(path, key)
        taken = _now_ns()  # before the stat: a write after this moment has a newer mtime
        info = os.stat(path)
        entry = None if row is None else self._decode(row)
        if row is None or entry is None or (fix and entry.has_fix):
            return self._read(path, info, taken)[:2]
        if _vouches(row[1], row[2], _stamp(info)):
            if self._context_holds(path, entry, tree):
                return entry  # the stamp vouches for the content: nothing read, nothing hashed
            return self._read(path, info, taken)[:2]
        raw, snapshot, seen = self._read(path, info, taken)
        if entry.digest != seen.digest or not self._context_holds(path, entry, tree):
            return raw, snapshot
        del self._seen[path]  # nothing to compute: the row stays, with a fresher stamp
        self._refresh(path, entry.digest, seen, key)
        return entry

    def _read(self, path: str, info: os.stat_result, taken: int) -> tuple[bytes, sourcefile.Snapshot, _Seen]:
        """The file's bytes, remembered as seen: a verdict computed from them may vouch
        for them by the stamp taken before they were read (if it still held when read)."""
        raw, snapshot = sourcefile.read(path)
        same = (snapshot.size, snapshot.mtime_ns) == (info.st_size, info.st_mtime_ns)
        seen = _Seen(content_hash(raw), _stamp(info) if same else None, taken)
        self._seen[path] = seen
        return raw, snapshot, seen

    def _context_holds(self, path: str, entry: Entry, tree: PackageTree) -> bool:
        return module_key(tree.module_info(path)) == entry.module and self._facts_hold(entry.facts, tree)

    def _facts_hold(self, facts: list[Fact], tree: PackageTree) -> bool:
        """tree.facts_hold, each fact asked once per run: files of one package share most
        of theirs (a third are distinct in Django), and the tree's answers do not change
        within a run (it reads each directory once)."""
        if tree is not self._tree:
            self._tree, self._held = tree, {}
        for one in facts:
            key = repr(one)
            held = self._held.get(key)
            if held is None:
                held = self._held[key] = tree.facts_hold([one])
            if not held:
                return False
        return True

    def expect(self, paths: Sequence[str]) -> None:
        """The files this run will look up, in order: their rows are then read a chunk at a
        time (one query per `_READ_CHUNK` files instead of one per file), still only the
        rows of files the run checks. A row read ahead is as good as one read at its turn:
        a lookup validates whatever row it gets, and a row another run replaces meanwhile
        only costs a miss."""
        self._paths = list(paths)
        self._order = {path: index for index, path in enumerate(self._paths)}
        self._window = {}

    def _row(self, path: str, key: str) -> _Row | None:
        if key == self.key and path in self._order:
            if path not in self._window:
                self._read_ahead(self._order[path])
            return self._window.pop(path, None)
        return _row_of(self._db.select(_SELECT_ENTRY, (key, os.fsencode(path))))

    def _read_ahead(self, start: int) -> None:
        """The rows of the next `_READ_CHUNK` expected files from `start` (None: no row)."""
        chunk = self._paths[start : start + _READ_CHUNK]
        self._window = dict.fromkeys(chunk)
        by_name = {os.fsencode(path): path for path in chunk}
        marks = ",".join("?" * len(chunk))
        for name, *row in self._db.select(_SELECT_ENTRIES.format(marks), (self.key, *by_name)):
            path = by_name.get(bytes(name))
            if path is not None:
                self._window[path] = _row_of([row])

    @staticmethod
    def _decode(row: _Row) -> Entry | None:
        try:
            return Entry.from_row(row[0], row[3])
        except (ValueError, TypeError, KeyError, IndexError):
            return None  # a damaged row is a missing one; a new verdict replaces it

    # -- writing ------------------------------------------------------------------------

    def store(self, path: str, entry: Entry, source: str | None = None, settings: Settings | None = None) -> None:
        """Keep `entry` (computed from the file's current content) for the next run.

        `source`: the text the entry's violations point into, whose reported lines the row
        keeps so that a hit needs no read. The row's stamp is the one taken when this run
        read the file, if the entry is for those bytes (not for a fix written since).
        """
        if entry.lines is None and source is not None and entry.violations:
            entry.lines = report_lines(source, decode_violations(path, entry.violations))
        seen = self._seen.pop(path, None)
        stamp, taken = (seen.stamp, seen.taken_ns) if seen is not None and seen.digest == entry.digest else (None, None)
        size, mtime_ns, inode = stamp if stamp is not None else (None, None, None)
        key = self.key if settings is None else fingerprint(settings)
        row = (key, os.fsencode(path), entry.digest, size, mtime_ns, inode, taken, entry.verdict_json())
        self._rows.append(row)
        if len(self._rows) >= _BATCH:
            self._flush()

    def _refresh(self, path: str, digest: str, seen: _Seen, key: str) -> None:
        """A row whose content was verified by hash gets the new stamp, once it can vouch."""
        if seen.stamp is None or not _vouches(seen.stamp, seen.taken_ns, seen.stamp):
            return  # it would not vouch either: hashing again next time costs no write now
        self._stamps.append((*seen.stamp, seen.taken_ns, key, os.fsencode(path), digest))
        if len(self._stamps) >= _BATCH:
            self._flush()

    def save(self) -> None:
        """Write what this run learnt, and close the database."""
        self._flush()
        self._seen.clear()
        self._db.close()

    def _flush(self) -> None:
        rows, stamps = self._rows, self._stamps
        self._rows, self._stamps = [], []
        # a refresh only if the row still holds the verified content: another run may have replaced it
        self._db.write([(_INSERT_ENTRY, rows), (_REFRESH_ENTRY, stamps)])


# -- the import records of the whole-tree pass ----------------------------------------------

# O_NONBLOCK: a FIFO put in a file's place after its stat is opened without waiting for a writer
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def records_key() -> str:
    """What a file's import records depend on besides its bytes: the code that makes them
    and the running Python's grammar (3.9's `ast` cannot parse a `match` statement: there
    the file "does not parse"). The code is named by the hash of records.py, not only by
    the version: a new key in the records' layout, made by a checkout that still calls
    itself the same version, must not meet rows without it. No settings fingerprint: the
    records say what a file runs when imported, whatever the settings report."""
    from .graph import records

    try:
        with open(records.__file__ or "", "rb") as handle:
            code = content_hash(handle.read())
    except OSError:  # no source file to read (a frozen build): its version names it
        code = ""
    relevant = [__version__, code, list(sys.version_info[:2])]
    return hashlib.sha256(json.dumps(relevant).encode()).hexdigest()[:16]


class RecordCache:
    """The import records (importlint/graph/records.py) of the files the whole-tree pass
    reads, in the verdicts' database: a warm run parses only the files that changed.

    A row is keyed by path and vouched for as a verdict is: by its stat stamp outside the
    racy window, else by the content hash. It stays silent about trouble with the
    database: the verdict cache of the same run opens the same file and reports it once.
    """

    def __init__(self, directory: str) -> None:
        self._db = _Database(directory, warn=False)
        self.key = records_key()
        self._rows: list[tuple[Any, ...]] = []  # new rows, not yet written
        self._stamps: list[tuple[Any, ...]] = []  # refreshed stamps of unchanged rows

    def records(self, path: str, make: Callable[[str, bytes], FileRecords]) -> FileRecords:
        """The records of the file at `path`: the row's if its stamp vouches for the file
        or its hash is the file's, else `make`'s from the bytes (kept for the next run).
        Raises OSError if the file cannot be read."""
        row = _row_of(self._db.select(_SELECT_RECORDS, (self.key, os.fsencode(path))))
        taken = _now_ns()  # before the stat: a write after this moment has a newer mtime
        info = os.stat(path)
        if row is not None and _vouches(row[1], row[2], _stamp(info)):
            cached = _decode_records(row[3])
            if cached is not None:
                return cached  # nothing read, nothing hashed
        raw, same = _read_regular(path, info)
        seen = _Seen(content_hash(raw), _stamp(info) if same else None, taken)
        cached = _decode_records(row[3]) if row is not None and row[0] == seen.digest else None
        if cached is not None:
            self._refresh(path, seen)
            return cached
        made = make(path, raw)
        try:
            data = made.to_text()
        except (ValueError, TypeError, RecursionError):  # not expected of records; never fatal
            return made
        made.digest = _text_digest(data)
        size, mtime_ns, inode = seen.stamp if seen.stamp is not None else (None, None, None)
        self._rows.append((self.key, os.fsencode(path), seen.digest, size, mtime_ns, inode, taken, data))
        if len(self._rows) >= _BATCH:
            self._flush()
        return made

    def _refresh(self, path: str, seen: _Seen) -> None:
        """A row whose content was verified by hash gets the new stamp, once it can vouch."""
        if seen.stamp is None or not _vouches(seen.stamp, seen.taken_ns, seen.stamp):
            return  # it would not vouch either: hashing again next time costs no write now
        self._stamps.append((*seen.stamp, seen.taken_ns, self.key, os.fsencode(path), seen.digest))
        if len(self._stamps) >= _BATCH:
            self._flush()

    def verdict(self, scope: str) -> tuple[str, str, str] | None:
        """The whole-tree verdict stored for the question `scope`: its key, facts and
        violations (JSON), for the caller to validate; None if there is none."""
        found = self._db.select(_SELECT_VERDICT, (scope,))
        if not found:
            return None
        key, facts, violations = found[0]
        return (str(key), str(facts), str(violations))

    def keep_verdict(self, scope: str, key: str, facts: str, violations: str) -> None:
        """Store the verdict for `scope` (replacing the one before), keeping the newest rows."""
        row = (scope, key, facts, violations, _now_ns())
        self._db.write([(_INSERT_VERDICT, [row]), (_PRUNE_VERDICTS, [(VERDICT_ROWS,)])])

    def save(self) -> None:
        """Write what this run learnt, and close the database."""
        self._flush()
        self._db.close()

    def _flush(self) -> None:
        rows, stamps = self._rows, self._stamps
        self._rows, self._stamps = [], []
        self._db.write([(_INSERT_RECORDS, rows), (_REFRESH_RECORDS, stamps)])


def _read_regular(path: str, info: os.stat_result) -> tuple[bytes, bool]:
    """The bytes of the file at `path`, and whether it still had the stamp of `info` when
    they were read (raises OSError, NotRegularFile: only regular files are read)."""
    kind = sourcefile.file_kind(info.st_mode)
    if kind is not None:
        raise sourcefile.NotRegularFile(path, kind)
    fd = os.open(path, _READ_FLAGS)
    with open(fd, "rb") as handle:
        now = os.fstat(fd)
        kind = sourcefile.file_kind(now.st_mode)  # replaced by something else since the stat
        if kind is not None:
            raise sourcefile.NotRegularFile(path, kind)
        return handle.read(), _stamp(now) == _stamp(info)


def _decode_records(data: str) -> FileRecords | None:
    from .graph.records import FileRecords  # only the whole-tree pass needs it

    try:
        found = FileRecords.from_json(json.loads(data))
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None  # a damaged row is a missing one; new records replace it
    found.digest = _text_digest(data)
    return found


def _text_digest(data: str) -> str:
    from .graph.records import text_digest

    return text_digest(data)


# -- the database -----------------------------------------------------------------------------


_TABLES = (
    """CREATE TABLE entries (
    fingerprint TEXT NOT NULL,  -- settings and importlint version
    path BLOB NOT NULL,         -- os.fsencode(absolute path)
    digest TEXT NOT NULL,       -- blake2b of the content the verdict is for
    size INTEGER, mtime_ns INTEGER, inode INTEGER,  -- the stamp; NULL: never vouches
    taken_ns INTEGER,           -- the clock just before the stamp was taken
    verdict TEXT NOT NULL,      -- JSON: module, facts, violations, suppressed, lines
    PRIMARY KEY (fingerprint, path)
)""",  # a rowid table: rows of a few kB make a WITHOUT ROWID b-tree slower (sqlite's advice)
    """CREATE TABLE records (
    format TEXT NOT NULL,       -- records_key(): the code making them and Python's version
    path BLOB NOT NULL,         -- os.fsencode(absolute path)
    digest TEXT NOT NULL,       -- blake2b of the content the records are of
    size INTEGER, mtime_ns INTEGER, inode INTEGER,  -- the stamp; NULL: never vouches
    taken_ns INTEGER,           -- the clock just before the stamp was taken
    records TEXT NOT NULL,      -- JSON: FileRecords.to_json()
    PRIMARY KEY (format, path)
)""",
    """CREATE TABLE verdicts (
    scope TEXT PRIMARY KEY,     -- the question: the code, the packages read, the rules, the files reported
    key TEXT NOT NULL,          -- a hash of what the answer read: every module's name, file, records digest
    facts TEXT NOT NULL,        -- JSON: the modules looked up outside the files read, and what they were
    violations TEXT NOT NULL,   -- JSON: IL007's violations, IL008's failures (graph/verdict.py)
    taken_ns INTEGER NOT NULL   -- when it was written: past VERDICT_ROWS rows the oldest go
)""",
)

# `{}`: one `?` per path (_READ_CHUNK at most: far below sqlite's limit of host parameters)
_SELECT_ENTRIES = (
    "SELECT path, digest, size, mtime_ns, inode, taken_ns, verdict FROM entries WHERE fingerprint=? AND path IN ({})"
)
_SELECT_ENTRY = "SELECT digest, size, mtime_ns, inode, taken_ns, verdict FROM entries WHERE fingerprint=? AND path=?"
_INSERT_ENTRY = "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_REFRESH_ENTRY = (
    "UPDATE entries SET size=?, mtime_ns=?, inode=?, taken_ns=? WHERE fingerprint=? AND path=? AND digest=?"
)
_SELECT_RECORDS = "SELECT digest, size, mtime_ns, inode, taken_ns, records FROM records WHERE format=? AND path=?"
_INSERT_RECORDS = "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_SELECT_VERDICT = "SELECT key, facts, violations FROM verdicts WHERE scope=?"
_INSERT_VERDICT = "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?)"
_PRUNE_VERDICTS = "DELETE FROM verdicts WHERE scope NOT IN (SELECT scope FROM verdicts ORDER BY taken_ns DESC LIMIT ?)"
_REFRESH_RECORDS = "UPDATE records SET size=?, mtime_ns=?, inode=?, taken_ns=? WHERE format=? AND path=? AND digest=?"


def _prepare(db: sqlite3.Connection) -> None:
    """Check the database is importlint's, of this schema; set up an empty one."""
    db.execute("PRAGMA synchronous=NORMAL")  # with WAL: never corrupt, at worst the last commit lost
    if _identity(db) == (0, 0):
        # empty, or being set up by another run right now: decide under the write lock
        # (creators queue here; the busy timeout applies), never from two separate reads
        db.execute("BEGIN IMMEDIATE")
        try:
            if _identity(db) == (0, 0):
                if db.execute("SELECT count(*) FROM sqlite_master").fetchall()[0][0]:
                    raise CacheUnusable("the file is not an importlint cache of this version; delete it")
                for table in _TABLES:
                    db.execute(table)
                db.execute(f"PRAGMA application_id={_APPLICATION_ID}")
                db.execute(f"PRAGMA user_version={SCHEMA}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    if _identity(db) != (_APPLICATION_ID, SCHEMA):
        raise CacheUnusable("the file is not an importlint cache of this version; delete it")
    _use_wal(db)


def _use_wal(db: sqlite3.Connection) -> None:
    """WAL mode (persistent once set). Switching needs the file to itself for a moment and
    fails at once, without the busy timeout, while another connection has it open (the
    verdict and record caches, or two runs, opening a new database together): try again
    briefly, then go on in rollback-journal mode, which is as safe, only less concurrent."""
    import sqlite3

    for _ in range(50):
        try:
            if str(db.execute("PRAGMA journal_mode").fetchall()[0][0]).lower() == "wal":
                return
            db.execute("PRAGMA journal_mode=WAL").fetchall()
        except sqlite3.OperationalError:
            time.sleep(0.01)


def _identity(db: sqlite3.Connection) -> tuple[int, int]:
    app = db.execute("PRAGMA application_id").fetchall()[0][0]
    version = db.execute("PRAGMA user_version").fetchall()[0][0]
    return (int(app), int(version))


def _make_directory(directory: str) -> None:
    """The cache directory, with a `.gitignore` that keeps it out of version control."""
    os.makedirs(directory, exist_ok=True)
    ignore = os.path.join(directory, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as handle:
            handle.write("# created by importlint\n*\n")
