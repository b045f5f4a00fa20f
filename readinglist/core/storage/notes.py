"""Markdown notes attached to papers."""

from __future__ import annotations

from sqlite_utils import Database

from readinglist.core.errors import NotFound
from readinglist.core.models import Note, NoteId, PaperId
from readinglist.core.storage.db import WriteTxn


def get(db: Database, note_id: int) -> Note:
    row = db.execute(
        "SELECT id, paper_id, body, created, modified FROM notes WHERE id = ?", [note_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"no note with id {note_id}")
    return Note(NoteId(row[0]), PaperId(row[1]), row[2], row[3], row[4])


def add(
    txn: WriteTxn, paper_id: int, body: str, *, created: str = "", modified: str = ""
) -> Note:
    created = created or txn.now
    modified = modified or created
    cursor = txn.db.execute(
        "INSERT INTO notes (paper_id, body, created, modified) VALUES (?, ?, ?, ?)",
        [paper_id, body, created, modified],
    )
    txn.touch([paper_id])
    return Note(NoteId(int(cursor.lastrowid or 0)), PaperId(paper_id), body, created, modified)


def edit(txn: WriteTxn, note_id: int, body: str) -> Note:
    note = get(txn.db, note_id)
    if note.body == body:
        return note
    txn.db.execute("UPDATE notes SET body = ?, modified = ? WHERE id = ?", [body, txn.now, note_id])
    txn.touch([note.paper_id])
    return Note(note.id, note.paper_id, body, note.created, txn.now)


def delete(txn: WriteTxn, note_id: int) -> Note:
    note = get(txn.db, note_id)
    txn.db.execute("DELETE FROM notes WHERE id = ?", [note_id])
    txn.touch([note.paper_id])
    return note


def put_back(txn: WriteTxn, note_id: int, paper_id: int, body: str, created: str, modified: str) -> None:
    """Insert a deleted note again, under its old id when nothing took it meanwhile."""
    free = not txn.db.execute("SELECT 1 FROM notes WHERE id = ?", [note_id]).fetchone()
    txn.db.execute(
        "INSERT INTO notes (id, paper_id, body, created, modified) VALUES (?, ?, ?, ?, ?)",
        [note_id if free else None, paper_id, body, created, modified],
    )
