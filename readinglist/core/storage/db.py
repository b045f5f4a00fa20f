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
from readinglist.core.storage.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 15.0


def utc_now() -> str:
    """Timestamps are ISO 8601 UTC with seconds, so they sort as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _connect(path: Path) -> sqlite_utils.Database:
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


def storage_error(exc: sqlite3.Error, path: Path) -> StorageUnavailable:
    """Turn an environmental SQLite failure into a message for the user."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StorageUnavailable(
            f"the library at {path} is busy (another program is writing to it); try again"
        )
    if "readonly" in text or "read-only" in text:
        return StorageUnavailable(f"the library at {path} is read-only")
    if "disk" in text and "full" in text:
        return StorageUnavailable(f"the disk holding {path} is full")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        from readinglist.core.storage.backups import newest_backup

        backup = newest_backup(path.parent)
        hint = f"; the newest backup is {backup}" if backup else "; no backup was found"
        return StorageUnavailable(f"the library database {path} is damaged ({text}){hint}")
    return StorageUnavailable(f"cannot use the library database {path}: {text}")


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
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema up to date (on open, and after a restore)."""
        db = self.db()
        try:
            MIGRATIONS.apply(db)
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise storage_error(exc, self.path) from exc

    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = _connect(self.path)
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
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise storage_error(exc, self.path) from exc
        txn = WriteTxn(db)
        self._local.txn = txn
        try:
            yield txn
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            self._local.txn = None

    def meta(self, key: str, default: str = "") -> str:
        row = self.db().execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default


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
