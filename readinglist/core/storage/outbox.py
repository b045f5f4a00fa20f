"""The index outbox: paper ids changed since the index last saw them, with change numbers.

Every write leaves its paper ids here in the same transaction (``storage/db.py``);
the index upkeep (``services/indexing.py``) reads them, indexes the papers and
removes exactly the rows it indexed.
"""

from __future__ import annotations

from sqlite_utils import Database

from readinglist.core.storage.db import Store


def pending(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM index_outbox").fetchone()[0])


def rows(db: Database) -> list[tuple[int, int]]:
    """(paper_id, seq) of every pending change, oldest first."""
    return [tuple(r) for r in db.execute("SELECT paper_id, seq FROM index_outbox ORDER BY seq").fetchall()]


def clear(store: Store, done: list[tuple[int, int]]) -> None:
    """Remove the rows just indexed (a paper changed again meanwhile keeps its newer row)."""
    db = store.db()
    # Losing this delete in a power cut only means indexing the same
    # papers again: skip its fsync (one of two per edit).
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        with store.write() as txn:
            txn.db.conn.executemany("DELETE FROM index_outbox WHERE paper_id = ? AND seq <= ?", done)
    finally:
        db.execute("PRAGMA synchronous=FULL")


def clear_through(store: Store, seq: int) -> None:
    """Remove every row a rebuild at change ``seq`` covered."""
    with store.write() as txn:
        txn.db.execute("DELETE FROM index_outbox WHERE seq <= ?", [seq])


def fingerprint(db: Database) -> tuple[int, int, int]:
    """(change number, paper count, pending outbox rows), read in one snapshot."""
    seq = int(db.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()[0])
    count = int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
    waiting = int(db.execute("SELECT count(*) FROM index_outbox").fetchone()[0])
    return seq, count, waiting


def snapshot(db: Database) -> tuple[int, list[int]]:
    """(change number, every paper id in id order): what a rebuild indexes."""
    seq = int(db.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()[0])
    return seq, [r[0] for r in db.execute("SELECT id FROM papers ORDER BY id")]
