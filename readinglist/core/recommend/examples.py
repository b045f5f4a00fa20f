"""What the model learns from, read from the library database.

Positives are the library's papers, weighed by how much the user did with
them (tagged, queued, read, rated); a paper set to "skipped" in the library
is a negative. Negatives also come from the fetched days: papers skipped in
the Daily panel (explicit), and papers that were shown but never added
(implicit, weighed less: the user may simply not have got to them), but only
from days the user worked through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

MAX_DAYS = 120  # fetched days looked at (newest first)
MAX_SEEN = 6_000  # papers from those days (newest first): negatives, and "similar" papers
RECENT_DAYS = 2  # papers from those days kept as negatives and for "similar"


@dataclass(frozen=True, slots=True)
class LibraryPaper:
    id: int
    citekey: str
    title: str
    abstract: str
    arxiv_id: str
    status: str
    rating: int
    tags: tuple[str, ...]
    first_author: str
    year: int | None


@dataclass(frozen=True, slots=True)
class SeenPaper:
    """A paper of a fetched day that is not in the library."""

    arxiv_id: str
    title: str
    abstract: str
    day: str
    skipped: bool
    passed_over: bool  # shown on a day the user worked through, and not added


@dataclass(frozen=True, slots=True)
class Examples:
    library: list[LibraryPaper]
    seen: list[SeenPaper]


def collect(db: Database, *, max_days: int = MAX_DAYS, max_seen: int = MAX_SEEN) -> Examples:
    tags: dict[int, list[str]] = {}
    for pid, name in db.execute(
        "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id"
    ):
        tags.setdefault(pid, []).append(name)
    library = [
        LibraryPaper(pid, key, title or "", abstract or "", arxiv or "", status, rating or 0,
                     tuple(sorted(tags.get(pid, ()))), author or "", year)
        for pid, key, title, abstract, arxiv, status, rating, author, year in db.execute(
            "SELECT id, citekey, title, abstract, arxiv_id, status, rating, first_author, year "
            "FROM papers WHERE duplicate_of IS NULL ORDER BY id"
        )
    ]
    in_library = {p.arxiv_id for p in library if p.arxiv_id}
    skipped = {
        row[0]
        for row in db.execute("SELECT arxiv_id FROM daily_triage WHERE state = 'skipped'")
    }
    seen: dict[str, SeenPaper] = {}
    days = [row[0] for row in db.execute(
        "SELECT DISTINCT day FROM daily_cache ORDER BY day DESC LIMIT ?", [max_days])]
    # A day counts as worked through once the user added or skipped something on it, and
    # is not one of the two newest (those may still be half-read: their unread papers are
    # not a "no").
    worked = {row[0] for row in db.execute("SELECT DISTINCT day FROM daily_triage")}
    worked -= set(days[:RECENT_DAYS])
    for day in days:
        for (items,) in db.execute("SELECT items FROM daily_cache WHERE day = ?", [day]):
            for item in json.loads(items):
                arxiv_id = str(item.get("arxiv_id", ""))
                if not arxiv_id or arxiv_id in in_library or arxiv_id in seen:
                    continue
                seen[arxiv_id] = SeenPaper(arxiv_id, str(item.get("title") or ""),
                                           str(item.get("abstract") or ""), day,
                                           arxiv_id in skipped, day in worked)
        if len(seen) >= max_seen:
            break
    return Examples(library, list(seen.values())[:max_seen])


def positive_weight(paper: LibraryPaper) -> float:
    """How sure we are the user wants papers like this one (0: it is a negative)."""
    if paper.status == "skipped":
        return 0.0
    weight = 1.0
    if paper.tags:
        weight += 0.5
    if paper.status in ("queued", "reading"):
        weight += 0.25
    elif paper.status == "read":
        weight += 0.75
    return weight + 0.25 * max(0, min(5, paper.rating))
