"""Search: a query, within a view, answered by SQL (structured filters) or the index.

Structured-only queries (``status:``, ``tag:``, ``year:`` …) come from SQLite,
newest first; words, phrases and prefixes from the Whoosh index, ranked. The
index is brought up to date (or found busy) first, see ``services/indexing.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from readinglist.core.errors import IndexBusy
from readinglist.core.models import PaperId, ReadStatus
from readinglist.core.search.index import SearchHits
from readinglist.core.search.query import Node, is_structured, parse_query
from readinglist.core.services.indexing import Indexing
from readinglist.core.services.papers import view_query
from readinglist.core.storage import listing
from readinglist.core.storage.db import Store

# Structured searches walk the added-date index when a page is expected
# within this many rows (see search()).
NEWEST_FIRST_SCAN = 20_000
# Parsed searches kept per service (see Finder._view).
VIEW_MEMO = 512


@dataclass(frozen=True, slots=True)
class SearchResult:
    ids: list[PaperId]
    total: int


class Finder:
    def __init__(self, store: Store, indexing: Indexing) -> None:
        self._store = store
        self._indexing = indexing
        self._views: dict[tuple[str, ReadStatus | None, str | None, str], tuple[Node, bool]] = {}

    def search(
        self,
        query: str,
        *,
        limit: int | None = 200,
        status: ReadStatus | None = None,
        tag: str | None = None,
        within: str = "",
    ) -> SearchResult:
        """Ranked ids for a query (structured-only queries come from SQL, newest first)."""
        node, structured = self._view(query, status, tag, within)
        if structured:
            db = self._store.db()
            if limit is None:
                ids = listing.matching_ids(db, node)
                return SearchResult(ids, len(ids))
            # The first page and a count: sorting all 20k ids of "tag:ml" at
            # 100k papers to show 200 of them took 80 ms.
            total = listing.count_matching(db, node)
            # SQLite picks the filter's index and sorts every match; when the
            # matches are many, walking the newest-first index and stopping
            # after a page is what is fast (year:2020..2023 at 100k: 43 ms).
            papers = listing.max_id(db)
            walk = bool(total) and limit * papers / total <= NEWEST_FIRST_SCAN
            ids = listing.matching_ids(db, node, limit=limit, index="papers_added" if walk else None)
            return SearchResult(ids, total)
        upkeep = self._indexing
        if upkeep.auto_rebuild:
            if not upkeep.checked:
                upkeep.ensure()
            elif upkeep.auto_index:
                upkeep.sync()
        elif not upkeep.checked or upkeep.problem is not None:
            if upkeep.check() is not None:
                raise IndexBusy(
                    "the search index is being rebuilt; full-text search will be back in a "
                    "moment (the lists by status, tag or year work meanwhile)"
                )
        hits: SearchHits = upkeep.index.search(node, limit=limit)
        return SearchResult(cast(list[PaperId], hits.ids), hits.total)  # ids are PaperIds

    def _view(self, query: str, status: ReadStatus | None, tag: str | None,
              within: str) -> tuple[Node, bool]:
        """The query ANDed with its view, and whether SQL answers it alone.

        Kept by what was typed: the same search comes back with every
        keystroke, page and refresh, and working it out again was a fifth of
        a search that finds nothing. ``added:`` moves with the clock: never kept.
        """
        key = (query, status, tag, within)
        found = self._views.get(key)
        if found is None:
            node = view_query(query, status, tag, within)
            found = (node, is_structured(node))
            if "added" not in query.lower() and "added" not in within.lower():
                if len(self._views) >= VIEW_MEMO:
                    self._views.clear()
                self._views[key] = found
        return found

    def warm(self) -> None:
        """Decode what the first full-text search would (each segment's paper
        ids and field lengths), so the first keystroke does not wait for it:
        the app runs this in the background once the index is checked."""
        upkeep = self._indexing
        if upkeep.checked and upkeep.problem is None:
            upkeep.index.warm()

    def validate_query(self, query: str) -> None:
        """Raise :class:`InvalidQuery` (with position) if ``query`` is malformed."""
        parse_query(query)
