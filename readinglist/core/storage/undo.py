"""The undo journal's table: one row per undoable change, newest last.

What a row means (its steps) is core/undo.py's business; here it is stored,
listed, taken and pruned. Rows are written inside the change's own
transaction, so a change and the way back commit together or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from readinglist.core.storage.db import WriteTxn

# Entries kept per origin (the promise to users is at least 50).
KEEP_ENTRIES = 200


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    origin: str  # "app" | "cli": each front end undoes its own changes
    label: str  # what the user did, e.g. "Delete 3 papers"
    created: str
    steps: list[dict[str, Any]]


def record(txn: WriteTxn, origin: str, label: str, steps: list[dict[str, Any]]) -> int:
    cursor = txn.db.execute(
        "INSERT INTO undo_journal (origin, label, created, steps) VALUES (?, ?, ?, ?)",
        [origin, label, txn.now, json.dumps(steps, separators=(",", ":"))],
    )
    entry_id = int(cursor.lastrowid or 0)
    txn.db.execute(
        "DELETE FROM undo_journal WHERE origin = ? AND id <= ?",
        [origin, entry_id - KEEP_ENTRIES],
    )
    return entry_id


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    return JournalEntry(int(row[0]), row[1], row[2], row[3], json.loads(row[4]))


def recent(db: Database, origin: str, limit: int = 50) -> list[JournalEntry]:
    """The newest entries of ``origin``, newest first."""
    rows = db.execute(
        "SELECT id, origin, label, created, steps FROM undo_journal WHERE origin = ? "
        "ORDER BY id DESC LIMIT ?",
        [origin, limit],
    ).fetchall()
    return [_entry(r) for r in rows]


def newest_label(db: Database, origin: str) -> str | None:
    row = db.execute(
        "SELECT label FROM undo_journal WHERE origin = ? ORDER BY id DESC LIMIT 1", [origin]
    ).fetchone()
    return row[0] if row else None


def drop(txn: WriteTxn, entry_id: int) -> None:
    txn.db.execute("DELETE FROM undo_journal WHERE id = ?", [entry_id])
