"""Opening the library database: one connection per thread, WAL, safe writes.

SQLite objects must not cross threads (sqlite-utils raises if they do), yet
the GUI thread, index worker and import workers all need the same library.
:class:`Store` hands each thread its own connection to the same file. WAL
lets the GUI read while a worker writes; the busy timeout makes a CLI run
next to the open app wait instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from readinglist.core.errors import StorageUnavailable
from readinglist.core.storage import damage
from readinglist.core.storage.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 15.0


def utc_now() -> str:
    """Timestamps are ISO 8601 UTC with seconds, so they sort as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _connect(path: Path, read_only: bool = False) -> sqlite_utils.Database:
    if read_only:
        return _connect_read_only(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed edit survives a power loss, not only a kill -9.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA cache_size=-32000")
        conn.execute("PRAGMA temp_store=MEMORY")
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    return sqlite_utils.Database(conn, execute_plugins=False)


def _connect_read_only(path: Path) -> sqlite_utils.Database:
    """A connection that never writes: for a library on a read-only disk or folder.

    ``mode=ro`` still reads a write-ahead log left by a crash; where even the
    WAL index cannot be created (a read-only mount), ``immutable=1`` reads
    the main file as it is.
    """
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(
                f"file:{path}?{options}", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            )
            conn.execute("PRAGMA query_only=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return sqlite_utils.Database(conn, execute_plugins=False)
        except sqlite3.Error as exc:
            last = exc
    assert last is not None
    raise storage_error(last, path) from last


def storage_error(exc: sqlite3.Error, path: Path) -> StorageUnavailable:
    """Turn an environmental SQLite failure into a message for the user.

    Damage is also recorded beside the file, so that later writes refuse
    (see :mod:`readinglist.core.storage.damage`).
    """
    text = str(exc)
    if damage.is_damage(exc):
        damage.mark_damaged(path, text)
    if "locked" in text or "busy" in text:
        return StorageUnavailable(
            f"the library at {path} is busy (another program is writing to it); try again"
        )
    if "readonly" in text or "read-only" in text:
        return StorageUnavailable(f"the library at {path} is read-only")
    if "disk" in text and "full" in text:
        return StorageUnavailable(f"the disk holding {path} is full; nothing was changed")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        from readinglist.core.storage.backups import newest_backup

        backup = newest_backup(path.parent)
        hint = f"; the newest backup is {backup}" if backup else "; no backup was found"
        return StorageUnavailable(
            f"the library database {path} is damaged ({text}){hint}; "
            "run 'readinglist restore' to bring it back"
        )
    return StorageUnavailable(f"cannot use the library database {path}: {text}")


def user_error_for(exc: BaseException, path: Path) -> StorageUnavailable | None:
    """The one-line error for an SQLite failure that escaped a command (None: not SQLite's)."""
    if isinstance(exc, sqlite3.DatabaseError):
        return storage_error(exc, path)
    return None


class Store:
    """Per-thread connections to one library database, plus write discipline.

    Every write goes through :meth:`write`, which takes SQLite's write lock at
    ``BEGIN IMMEDIATE`` (so two writers queue on the busy timeout instead of
    failing half-way) and gives the block a change number for the index
    outbox.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        damage.refuse_if_empty_file(path)
        # A library on a read-only disk or folder is opened to read: list,
        # search, show and export work; every write says why it cannot.
        self.read_only = damage.library_is_read_only(path)
        if self.read_only and not path.exists():
            raise StorageUnavailable(
                f"there is no library at {path.parent}, and that folder is read-only"
            )
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema up to date (on open, and after a restore)."""
        db = self.db()
        if self.read_only:
            try:
                pending = MIGRATIONS.pending(db)
            except sqlite3.DatabaseError as exc:
                raise storage_error(exc, self.path) from exc
            if pending:
                raise StorageUnavailable(
                    f"the library at {self.path.parent} is read-only and was made by an "
                    "older version; open it once where it can be written to upgrade it"
                )
            return
        try:
            MIGRATIONS.apply(db)
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise storage_error(exc, self.path) from exc

    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = _connect(self.path, self.read_only)
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def data_version(self) -> int:
        """SQLite's counter of commits by *other* connections, seen from this thread.

        Cheap to poll: the app uses it to notice CLI writes without re-reading data.
        """
        return int(self.db().execute("PRAGMA data_version").fetchone()[0])

    def release_thread(self) -> None:
        """Close this thread's connection; for threads that end (timers, one-off workers)."""
        db = getattr(self._local, "db", None)
        if db is None:
            return
        self._local.db = None
        with self._lock:
            if db in self._all:
                self._all.remove(db)
        try:
            db.conn.close()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                try:
                    db.conn.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
        self._local = threading.local()

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """A consistent snapshot for multi-query reads (e.g. index rebuild)."""
        db = self.db()
        if db.conn.in_transaction:
            yield db
            return
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[WriteTxn]:
        """One atomic change; nested blocks become savepoints."""
        db = self.db()
        txn: WriteTxn | None = getattr(self._local, "txn", None)
        if txn is not None:
            with db.atomic():
                yield txn
            return
        self.check_writable()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise storage_error(exc, self.path) from exc
        txn = WriteTxn(db)
        self._local.txn = txn
        try:
            yield txn
            _commit(db, self.path)
        except BaseException as exc:
            if db.conn.in_transaction:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite rolled back by itself (e.g. disk full)
            if isinstance(exc, sqlite3.DatabaseError):
                raise storage_error(exc, self.path) from exc
            raise
        finally:
            self._local.txn = None

    def check_writable(self) -> None:
        """Refuse to write to a read-only library or to a database found damaged."""
        if self.read_only:
            raise StorageUnavailable(
                f"the library at {self.path.parent} is read-only; nothing was changed"
            )
        reason = damage.is_marked_damaged(self.path)
        if reason is not None:
            raise StorageUnavailable(
                f"the library database {self.path} failed its integrity check ({reason}); "
                "nothing was changed: run 'readinglist restore' (or 'readinglist doctor' "
                "if it was repaired)"
            )

    def meta(self, key: str, default: str = "") -> str:
        row = self.db().execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default


def _commit(db: sqlite_utils.Database, path: Path) -> None:
    """COMMIT, with the fault hook tests use to simulate a full disk at this exact point."""
    from readinglist.core.storage import faults

    faults.maybe_fail("commit", path)
    db.execute("COMMIT")


class WriteTxn:
    """The open write transaction: the connection and the change bookkeeping."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._seq: int | None = None
        self.now = utc_now()

    @property
    def seq(self) -> int:
        """This transaction's change number (allocated on first use)."""
        if self._seq is None:
            row = self.db.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                "WHERE key = 'change_seq' RETURNING value"
            ).fetchone()
            self._seq = int(row[0])
        return self._seq

    def touch(self, paper_ids: Iterable[int], *, modified: bool = True) -> None:
        """Record that papers changed: outbox rows for the index, ``modified``."""
        ids = list(dict.fromkeys(paper_ids))
        if not ids:
            return
        seq = self.seq
        self.db.conn.executemany(
            "INSERT INTO index_outbox (paper_id, seq) VALUES (?, ?) "
            "ON CONFLICT(paper_id) DO UPDATE SET seq = excluded.seq",
            [(pid, seq) for pid in ids],
        )
        if modified:
            self.db.conn.executemany(
                "UPDATE papers SET modified = ? WHERE id = ?", [(self.now, pid) for pid in ids]
            )
