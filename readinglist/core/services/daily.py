"""The Daily lists: Hugging Face and arXiv new submissions per day, "For you" ranking.

Fetched days are cached (offline use, and a failed source keeps the list the
user had); adding a paper from a day goes through the same upsert as every
import, and the day remembers what the user added or skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from readinglist.core import daily
from readinglist.core.daily import DailyItem, DailyList
from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.events import LibraryEvent
from readinglist.core.identifiers import parse_arxiv_id
from readinglist.core.models import ReadStatus
from readinglist.core.progress import CancelFn, ProgressFn
from readinglist.core.recommend.mute import MuteRules, with_rule
from readinglist.core.recommend.results import Neighbour, Ranking
from readinglist.core.services import writer
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.papers import Papers
from readinglist.core.services.reports import ImportReport
from readinglist.core.settings import Settings
from readinglist.core.storage import daily_cache


class DailyLists:
    def __init__(self, ctx: LibraryContext, papers: Papers) -> None:
        self._ctx = ctx
        self._papers = papers
        self._recommender: Any = None

    def cached(self, day: date) -> DailyList | None:
        """The day's list from the cache (offline), or None if it was never fetched."""
        db = self._ctx.store.db()
        cached = daily_cache.load_day(db, day)
        return None if cached is None else daily.build_list(db, day, cached)

    def days(self) -> list[date]:
        """The days fetched so far, oldest first."""
        return daily_cache.cached_days(self._ctx.store.db())

    def fetch(
        self,
        day: date,
        sources: Sequence[str] = daily.SOURCES,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> DailyList:
        """Fetch a day's lists and cache them; a failed source keeps its cached list.

        A source that fails is named in ``failed`` and the others are still
        shown; only when every source fails does the error propagate.

        A weekend or holiday is an empty list. The returned list holds every
        cached source of the day, not only the ones fetched now.
        """
        day = daily.check_day(day)
        chosen = daily.check_sources(sources)
        fetched = daily.fetch_sources(
            self._ctx.http, self._ctx.settings, day, chosen, progress=progress, cancel=cancel
        )
        with self._ctx.store.write() as txn:
            daily.save_fetched(txn, day, fetched)
        db = self._ctx.store.db()
        cached = daily_cache.load_day(db, day) or {}
        self._ctx.events.emit(LibraryEvent.DAILY_CHANGED, [])
        return daily.build_list(db, day, cached, fetched.notes, fetched.failed)

    def add(
        self,
        day: date,
        arxiv_ids: Sequence[str],
        *,
        tags: Iterable[str] = (),
        status: ReadStatus = ReadStatus.QUEUED,
    ) -> ImportReport:
        """Add papers from a cached day (no network) and mark them added.

        Papers already in the library get fresh metadata (upvotes, version)
        and the tags, but keep their status, rating, notes and key.
        """
        cached = daily_cache.load_day(self._ctx.store.db(), day)
        if cached is None:
            raise InvalidInput(f"the list for {day.isoformat()} has not been fetched yet")
        cards = {
            next(iter(c.values())).arxiv_id: c
            for c in daily.merge({s: items for s, (_, items) in cached.items()})
        }
        drafts, found, missing = [], [], []
        for text in arxiv_ids:
            parsed = parse_arxiv_id(text)
            if parsed is not None and parsed.base in cards:
                if parsed.base not in found:
                    found.append(parsed.base)
                    drafts.append(daily.to_draft(cards[parsed.base]))
            else:
                missing.append(f"{text}: not in the list for {day.isoformat()}")
        result = writer.add_many(self._ctx, drafts, tags=tags, status=status)
        result.skipped.extend(missing)
        if found:
            with self._ctx.store.write() as txn:
                daily_cache.set_state(txn, found, "added", day)
            self._ctx.events.emit(LibraryEvent.DAILY_CHANGED, [])
        return result

    def skip(self, day: date, arxiv_ids: Sequence[str]) -> None:
        """Mark papers of a day's list as skipped (the library is not touched)."""
        ids = [p.base for p in (parse_arxiv_id(t) for t in arxiv_ids) if p is not None]
        if len(ids) != len(arxiv_ids):
            bad = next(t for t in arxiv_ids if parse_arxiv_id(t) is None)
            raise InvalidInput(f"{bad!r} is not an arXiv id")
        with self._ctx.store.write() as txn:
            daily_cache.set_state(txn, ids, "skipped", day)
        self._ctx.events.emit(LibraryEvent.DAILY_CHANGED, [])

    # ---- "For you" (core/recommend) -----------------------------------------

    @property
    def recommender(self) -> Any:
        """The library's :class:`~readinglist.core.recommend.service.Recommender`
        (numpy and scipy are loaded on first use, not at start-up)."""
        if self._recommender is None:
            from readinglist.core.recommend.service import Recommender

            self._recommender = Recommender(self._ctx.dir, self._ctx.store.db)
        return self._recommender

    def rank(self, items: Sequence[Any], *, mute: bool = True) -> Ranking:
        """The day's items in "For you" order (retraining first if due), mute rules applied
        (``mute=False``: the caller applies them, e.g. to mute at once without re-ranking)."""
        rules = MuteRules.from_settings(self._ctx.settings) if mute else MuteRules()
        return self.recommender.rank(items, rules)

    def mute_rules(self) -> MuteRules:
        return MuteRules.from_settings(self._ctx.settings)

    def add_mute_rule(self, kind: str, value: str = "") -> Settings:
        """Mute an author, phrase or category, or hide cross-lists or replacements."""
        current = self._ctx.settings_file.load(apply_env=False)
        new = with_rule(current, kind, value)
        if new != current:
            self._ctx.settings_file.save(new)
            self._ctx.events.emit(LibraryEvent.DAILY_CHANGED, [])
        return new

    def similar(self, key: str, limit: int = 8) -> list[Neighbour]:
        """The papers nearest to a library paper (or a fetched day's arXiv id)."""
        found = self._papers.find(key)
        if found is not None:
            paper = self._papers.get(found)
            return self.recommender.similar(title=paper.title, abstract=paper.abstract,
                                            arxiv_id=paper.arxiv_id, paper_id=paper.id,
                                            limit=limit)
        item = self._daily_item(key)
        if item is None:
            raise NotFound(f"no paper {key!r} in the library or in a fetched day")
        return self.recommender.similar(title=item.title, abstract=item.abstract,
                                        arxiv_id=item.arxiv_id, limit=limit)

    def _daily_item(self, key: str) -> DailyItem | None:
        parsed = parse_arxiv_id(key)
        if parsed is None:
            return None
        day = daily_cache.newest_day_with(self._ctx.store.db(), parsed.base)
        listing = self.cached(day) if day is not None else None
        return next((i for i in listing.items if i.arxiv_id == parsed.base), None) if listing else None
