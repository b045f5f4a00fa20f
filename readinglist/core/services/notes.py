"""Notes: Markdown notes on papers (adding and deleting one is undoable)."""

from __future__ import annotations

from readinglist.core import undo
from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.events import LibraryEvent
from readinglist.core.models import Note
from readinglist.core.services.context import LibraryContext
from readinglist.core.storage import notes as notes_repo
from readinglist.core.storage import papers as papers_repo


class Notes:
    def __init__(self, ctx: LibraryContext) -> None:
        self._ctx = ctx

    def add(self, paper_id: int, body: str) -> Note:
        if not body.strip():
            raise InvalidInput("a note cannot be empty")
        with self._ctx.undoable() as (txn, change):
            if not papers_repo.existing_ids(txn.db, [paper_id]):
                raise NotFound(f"no paper with id {paper_id}")
            note = notes_repo.add(txn, paper_id, body)
            change.label = undo.papers_label(txn.db, [paper_id], "Add a note to")
            change.add({"op": "notes_delete", "notes": [[note.id, note.body]]})
        self._ctx.changed(LibraryEvent.PAPERS_CHANGED, [paper_id])
        return note

    def edit(self, note_id: int, body: str) -> Note:
        with self._ctx.store.write() as txn:
            note = notes_repo.edit(txn, note_id, body)
        self._ctx.changed(LibraryEvent.PAPERS_CHANGED, [note.paper_id])
        return note

    def delete(self, note_id: int) -> Note:
        with self._ctx.undoable() as (txn, change):
            note = notes_repo.delete(txn, note_id)
            change.label = undo.papers_label(txn.db, [note.paper_id], "Delete a note of")
            change.add({"op": "notes_restore", "notes": [{
                "id": note.id, "paper_id": note.paper_id, "body": note.body,
                "created": note.created, "modified": note.modified}]})
        self._ctx.changed(LibraryEvent.PAPERS_CHANGED, [note.paper_id])
        return note

    def of(self, paper_id: int) -> list[Note]:
        """A paper's notes, oldest first."""
        paper = papers_repo.get(self._ctx.store.db(), paper_id)
        if paper is None:
            raise NotFound(f"no paper with id {paper_id}")
        return list(paper.notes)
