"""Undo and the trash: taking back this front end's changes, restoring deleted papers.

Each undoable change journals its inverse in the same transaction as the
change (``core/undo.py``); the app and the CLI each undo only their own
changes (``LibraryContext.undo_origin``).
"""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.core import undo
from readinglist.core.errors import NotFound
from readinglist.core.events import LibraryEvent
from readinglist.core.models import PaperId
from readinglist.core.services.context import LibraryContext
from readinglist.core.storage import trash as trash_repo
from readinglist.core.storage import undo as journal_repo
from readinglist.core.storage.trash import TrashedPaper
from readinglist.core.storage.undo import JournalEntry


class History:
    def __init__(self, ctx: LibraryContext) -> None:
        self._ctx = ctx

    def undo_label(self) -> str | None:
        """What :meth:`undo` would take back (this front end's newest change), if anything."""
        return journal_repo.newest_label(self._ctx.store.db(), self._ctx.undo_origin)

    def recent(self, limit: int = 50) -> list[JournalEntry]:
        return journal_repo.recent(self._ctx.store.db(), self._ctx.undo_origin, limit)

    def undo(self) -> undo.UndoResult:
        """Take back this front end's newest change; NotFound if there is nothing to undo."""
        with self._ctx.store.write() as txn:
            result = undo.undo_last(txn, self._ctx.undo_origin)
        if result.restored:
            self._ctx.changed(LibraryEvent.PAPERS_ADDED, result.restored)
        if result.changed:
            self._ctx.changed(LibraryEvent.PAPERS_CHANGED, result.changed)
        self._ctx.events.emit(LibraryEvent.TAGS_CHANGED, [*result.changed, *result.restored])
        return result

    def trash(self, limit: int = 1000) -> list[TrashedPaper]:
        """Deleted papers that can still be restored, newest first."""
        return trash_repo.listing(self._ctx.store.db(), limit)

    def restore(self, trash_ids: Sequence[int]) -> list[PaperId]:
        """Bring deleted papers back with their tags, notes, key and status."""
        with self._ctx.store.write() as txn:
            snaps = trash_repo.take(txn, trash_ids)
            if len(snaps) != len(set(trash_ids)):
                raise NotFound("some of these papers are no longer in the trash")
            ids = [trash_repo.restore(txn, snap)[0] for snap in snaps]
        self._ctx.changed(LibraryEvent.PAPERS_ADDED, ids)
        self._ctx.events.emit(LibraryEvent.TAGS_CHANGED, ids)
        return ids
