"""The Daily panel's data: a day's papers from Hugging Face and arXiv, cached, triaged.

Both sources list the same papers by arXiv id, so a day is one card per
arXiv base id carrying what each source knows (upvotes from Hugging Face,
announce type and categories from arXiv). Each source's list for a day is
cached as it was fetched (table ``daily_cache``), so any fetched day can be
browsed offline; a refresh replaces a source's list only when the new
fetch succeeded. What the user did with a paper (added, skipped) is kept
per paper (table ``daily_triage``), so a paper skipped on Monday's list is
still marked skipped when it shows up again.

arXiv's feed only ever holds the latest announcement. Fetching an earlier
day keeps whatever arXiv list was cached for it and says so in ``notes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils import Database

from readinglist.core.duplicates import same_title_ids
from readinglist.core.errors import Cancelled, InvalidInput, UserError
from readinglist.core.identifiers import parse_arxiv_id
from readinglist.core.importers import arxiv_rss, hf_daily
from readinglist.core.importers.feed_item import FeedItem
from readinglist.core.models import Author, PaperDraft
from readinglist.core.net.session import HttpClient
from readinglist.core.progress import CancelFn, ProgressFn, check_cancel, report
from readinglist.core.settings import Settings
from readinglist.core.storage import daily_cache
from readinglist.core.storage.db import WriteTxn

SOURCES = ("hf", "arxiv")
SOURCE_NAMES = {"hf": "Hugging Face", "arxiv": "arXiv"}
_ANNOUNCE_ORDER = {"new": 0, "cross": 1, "replace": 2, "replace-cross": 3, "": 4}


@dataclass(frozen=True, slots=True)
class DailyItem:
    arxiv_id: str  # base id, no version
    title: str
    authors: tuple[str, ...]
    abstract: str
    upvotes: int | None  # HF upvotes (None if HF does not list it)
    num_comments: int | None
    sources: tuple[str, ...]  # subset of ("hf", "arxiv")
    announce_type: str  # "new" | "cross" | "replace" | "replace-cross" | "" (HF only)
    primary_category: str
    categories: tuple[str, ...]
    extra: dict[str, Any]  # ai_summary, ai_keywords, github_repo, project_page, …
    paper_id: int | None  # the library paper with this arXiv id, if any ("in library")
    state: str  # "new" | "added" | "skipped": what the user did with it


@dataclass(frozen=True, slots=True)
class DailyList:
    day: date
    items: list[DailyItem]  # HF items first by upvotes desc, then arXiv-only items
    fetched: dict[str, str]  # source -> ISO time it was fetched (what is cached)
    notes: tuple[str, ...] = ()  # things the user should know (e.g. arXiv had no list for this day)
    failed: dict[str, str] = field(default_factory=dict)  # source -> why its fetch failed now


@dataclass
class Fetched:
    """What a fetch brought: items per source that delivered a list for the day."""

    items: dict[str, list[FeedItem]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # source -> the error, for the user


# ---- days and sources -------------------------------------------------------------


def today_utc() -> date:
    return datetime.now(UTC).date()


def check_day(day: date) -> date:
    """Refuse days after today (UTC): Hugging Face answers them with an error."""
    if not isinstance(day, date):
        raise InvalidInput(f"{day!r} is not a date")
    if isinstance(day, datetime):
        day = day.date()
    if day > today_utc():
        raise InvalidInput(
            f"{day.isoformat()} is in the future (today is {today_utc().isoformat()} in UTC); "
            "there is no list for it yet"
        )
    return day


def parse_day(text: str) -> date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday`` (UTC), for the CLI."""
    value = text.strip().lower()
    if value in ("", "today"):
        return today_utc()
    if value == "yesterday":
        return date.fromordinal(today_utc().toordinal() - 1)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date like 2025-09-23") from None


def check_sources(sources: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.strip().lower() for s in sources if s.strip()))
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown:
        raise InvalidInput(f"unknown source {unknown[0]!r}; use hf or arxiv")
    if not chosen:
        raise InvalidInput("choose at least one source (hf, arxiv)")
    return chosen


# ---- fetching --------------------------------------------------------------------------


def fetch_sources(
    http: HttpClient,
    settings: Settings,
    day: date,
    sources: Sequence[str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Fetched:
    """Fetch every source for ``day``, each on its own.

    One source failing (arXiv's feed answering 404, Hugging Face overloaded)
    must not hide the other's papers: its error is kept in ``failed`` and the
    other sources are still fetched. Only when every source failed is the
    first error raised (or when the only answers were "no list for that
    day"), so the caller keeps what it showed before.
    """
    result = Fetched()
    errors: list[UserError] = []
    for n, source in enumerate(sources):
        report(progress, n, len(sources))
        check_cancel(cancel, "fetching the daily papers")
        try:
            _fetch_one(http, settings, day, source, result, cancel)
        except Cancelled:
            raise
        except UserError as exc:
            errors.append(exc)
            result.failed[source] = str(exc)
    if errors and not result.items:
        raise _every_source_failed(errors)
    report(progress, len(sources), len(sources))
    return result


_OFFLINE_HINT = "; check your internet connection"


def _every_source_failed(errors: Sequence[UserError]) -> UserError:
    """One error that names every source's failure, not only the first one's.

    A user offline with both sources ticked was told only that Hugging Face
    could not be reached, and then wondered whether arXiv had been tried.
    """
    if len(errors) == 1:
        return errors[0]
    texts = [str(e).rstrip(".") for e in errors]
    hint = _OFFLINE_HINT if all(t.endswith(_OFFLINE_HINT) for t in texts) else ""
    parts = dict.fromkeys(t.removesuffix(hint) if hint else t for t in texts)
    kind = type(errors[0]) if all(type(e) is type(errors[0]) for e in errors) else UserError
    try:
        return kind(" and ".join(parts) + hint)
    except TypeError:  # an error class with its own constructor
        return UserError(" and ".join(parts) + hint)


def _fetch_one(
    http: HttpClient,
    settings: Settings,
    day: date,
    source: str,
    result: Fetched,
    cancel: CancelFn | None,
) -> None:
    if source == "hf":
        result.items["hf"] = hf_daily.fetch(http, settings.hf_url, day, cancel=cancel)
        return
    if not settings.arxiv_categories:
        result.notes.append("no arXiv categories are chosen in the settings")
        return
    feed = arxiv_rss.fetch(http, settings.arxiv_rss_url, settings.arxiv_categories)
    if _feed_is_for(feed, day):
        result.items["arxiv"] = feed.items
    else:
        held = feed.day.isoformat() if feed.day else "another day"
        result.notes.append(
            f"arXiv's feed only holds its latest announcement ({held}), "
            f"not {day.isoformat()}; the arXiv list for {day.isoformat()} cannot be fetched"
        )


def failure_note(source: str, error: str) -> str:
    """One line saying which source failed, for the panel and the CLI's stderr."""
    return f"{SOURCE_NAMES.get(source, source)} could not be fetched: {error.rstrip('.')}"


def _feed_is_for(feed: arxiv_rss.RssFeed, day: date) -> bool:
    if feed.day is None:
        return day == today_utc()
    if feed.day == day:
        return True
    # An empty weekend feed: nothing is announced on Saturday or Sunday.
    return not feed.items and day.weekday() >= 5


# ---- the cache ------------------------------------------------------------------------


def save_fetched(txn: WriteTxn, day: date, fetched: Fetched) -> None:
    """Cache what was fetched, except that an empty answer never replaces a cached list.

    A service that answers "nothing" for a day it listed papers for before
    is broken or half-deployed, not reporting that the papers went away;
    the user keeps the list they had, and a note says why.
    """
    cached = daily_cache.load_day(txn.db, day) or {}
    for source, items in fetched.items.items():
        before = cached.get(source, ("", []))[1]
        if not items and before:
            name = "Hugging Face" if source == "hf" else "arXiv"
            fetched.notes.append(
                f"{name} sent an empty list for {day.isoformat()}; "
                f"the {len(before)} papers fetched earlier are kept"
            )
            continue
        daily_cache.save_source(txn, day, source, items)


# ---- cards --------------------------------------------------------------------------------


def merge(by_source: Mapping[str, Sequence[FeedItem]]) -> list[dict[str, FeedItem]]:
    """One entry per arXiv id (source -> item): HF items by upvotes, then arXiv-only ones."""
    cards: dict[str, dict[str, FeedItem]] = {}
    for source in SOURCES:
        for item in by_source.get(source, ()):
            cards.setdefault(item.arxiv_id, {}).setdefault(source, item)
    hf_order = {item.arxiv_id: n for n, item in enumerate(by_source.get("hf", ()))}
    ax_order = {item.arxiv_id: n for n, item in enumerate(by_source.get("arxiv", ()))}
    with_hf = sorted(
        (c for c in cards.values() if "hf" in c),
        key=lambda c: (-(c["hf"].upvotes or 0), hf_order[c["hf"].arxiv_id]),
    )
    arxiv_only = sorted(
        (c for c in cards.values() if "hf" not in c),
        key=lambda c: (
            _ANNOUNCE_ORDER.get(c["arxiv"].announce_type, 4),
            ax_order[c["arxiv"].arxiv_id],
        ),
    )
    return [*with_hf, *arxiv_only]


def build_list(
    db: Database,
    day: date,
    cached: Mapping[str, tuple[str, Sequence[FeedItem]]],
    notes: Sequence[str] = (),
    failed: Mapping[str, str] | None = None,
) -> DailyList:
    cards = merge({source: items for source, (_, items) in cached.items()})
    ids = [next(iter(c.values())).arxiv_id for c in cards]
    papers = daily_cache.paper_ids_by_arxiv(db, ids)
    for c, i in zip(cards, ids, strict=True):
        if i not in papers:  # pasted earlier as a title only: still "in library"
            same = same_title_ids(db, next(iter(c.values())).title)
            if len(same) == 1:
                papers[i] = same[0]
    states = daily_cache.triage_states(db, ids)
    items = [card(c, papers.get(i), states.get(i, "new")) for c, i in zip(cards, ids, strict=True)]
    fetched = {source: when for source, (when, _) in sorted(cached.items())}
    return DailyList(day, items, fetched, tuple(notes), dict(failed or {}))


def card(parts: Mapping[str, FeedItem], paper_id: int | None, state: str) -> DailyItem:
    hf, ax = parts.get("hf"), parts.get("arxiv")
    main = ax or hf
    assert main is not None
    extra: dict[str, Any] = {}
    if hf is not None:
        extra.update(hf.extra)
    if ax is not None:
        extra.update(ax.extra)
        if ax.doi:
            extra["doi"] = ax.doi
        if ax.version:
            extra["version"] = ax.version
    return DailyItem(
        arxiv_id=main.arxiv_id,
        title=(ax.title if ax and ax.title else hf.title if hf else ""),
        authors=(ax.authors if ax and ax.authors else hf.authors if hf else ()),
        abstract=(ax.abstract if ax and ax.abstract else hf.abstract if hf else ""),
        upvotes=hf.upvotes if hf else None,
        num_comments=hf.num_comments if hf else None,
        sources=tuple(s for s in SOURCES if s in parts),
        announce_type=ax.announce_type if ax else "",
        primary_category=ax.primary_category if ax else "",
        categories=ax.categories if ax else (),
        extra=extra,
        paper_id=paper_id,
        state=state,
    )


def to_draft(parts: Mapping[str, FeedItem]) -> PaperDraft:
    """The library paper a card becomes when the user adds it."""
    item = card(parts, None, "new")
    hf, ax = parts.get("hf"), parts.get("arxiv")
    extra: dict[str, Any] = {}
    if hf is not None:
        for key, value in (
            ("hf_upvotes", hf.upvotes),
            ("hf_num_comments", hf.num_comments),
            ("hf_ai_summary", hf.extra.get("ai_summary")),
            ("hf_ai_keywords", hf.extra.get("ai_keywords")),
            ("hf_github_stars", hf.extra.get("github_stars")),
            ("hf_organization", hf.extra.get("organization")),
        ):
            if value not in (None, "", []):
                extra[key] = value
    if ax is not None and ax.extra.get("journal_ref"):
        extra["journal_ref"] = ax.extra["journal_ref"]
    date_ = hf.date if hf else ""
    return PaperDraft(
        title=item.title,
        authors=tuple(Author(name) for name in item.authors),
        abstract=item.abstract,
        year=None if date_ else arxiv_year(item.arxiv_id),
        date=date_,
        arxiv_id=item.arxiv_id,
        arxiv_version=ax.version if ax else None,
        doi=ax.doi if ax else "",
        url=f"https://arxiv.org/abs/{item.arxiv_id}",
        pdf_url=f"https://arxiv.org/pdf/{item.arxiv_id}",
        code_url=hf.extra.get("github_repo", "") if hf else "",
        project_url=hf.extra.get("project_page", "") if hf else "",
        primary_category=item.primary_category,
        categories=item.categories,
        sources=item.sources,
        extra=extra,
    )


def arxiv_year(arxiv_id: str) -> int | None:
    """The year of the first version, read from the id (``2509.…`` -> 2025, ``hep-th/99…`` -> 1999)."""
    parsed = parse_arxiv_id(arxiv_id)
    if parsed is None:
        return None
    digits = parsed.base.rpartition("/")[2][:2] if "/" in parsed.base else parsed.base[:2]
    yy = int(digits)
    return 1900 + yy if yy >= 91 else 2000 + yy
