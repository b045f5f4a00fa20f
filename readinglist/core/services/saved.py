"""Saved searches: named queries shown in the sidebar."""

from __future__ import annotations

from readinglist.core.events import LibraryEvent
from readinglist.core.models import SavedSearch
from readinglist.core.search.query import parse_query
from readinglist.core.services.context import LibraryContext
from readinglist.core.storage import saved_searches as saved_repo


class SavedSearches:
    def __init__(self, ctx: LibraryContext) -> None:
        self._ctx = ctx

    def all(self) -> list[SavedSearch]:
        return saved_repo.all_saved(self._ctx.store.db())

    def save(self, name: str, query: str, *, replacing: str | None = None) -> SavedSearch:
        """Save (or update) a named query; ``replacing`` renames an existing one, atomically."""
        parse_query(query)  # refuse to save what cannot run
        with self._ctx.store.write() as txn:
            if replacing is not None and replacing.strip().lower() != " ".join(name.split()).lower():
                saved_repo.delete(txn, replacing)
            saved = saved_repo.save(txn, name, query)
        self._ctx.events.emit(LibraryEvent.SAVED_SEARCHES_CHANGED, [])
        return saved

    def delete(self, name: str) -> None:
        with self._ctx.store.write() as txn:
            saved_repo.delete(txn, name)
        self._ctx.events.emit(LibraryEvent.SAVED_SEARCHES_CHANGED, [])
