"""The native JSON format: the whole library, lossless, stable.

``{"format": "readinglist", "version": 1, "papers": [...], "tags": [...],
"saved_searches": [...]}``. Keys come in a fixed order and nothing
time-dependent is added, so exporting the same library twice gives the same
bytes, and export → import into an empty library → export is a fixed point.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from readinglist.core.models import Author, Paper, SavedSearch, TagCount
from readinglist.core.names import split_name

FORMAT = "readinglist"
VERSION = 1


def _author(author: Author) -> str | dict[str, str]:
    """A plain name when the name alone says it all, else name and parts."""
    if not author.family or split_name(author.name) == (author.family, author.given):
        return author.name
    return {"name": author.name, "family": author.family, "given": author.given}


def paper_record(paper: Paper) -> dict[str, Any]:
    return {
        "citekey": paper.citekey,
        "title": paper.title,
        "authors": [_author(a) for a in paper.authors],
        "abstract": paper.abstract,
        "year": paper.year,
        "date": paper.date,
        "arxiv_id": paper.arxiv_id,
        "arxiv_version": paper.arxiv_version,
        "doi": paper.doi,
        "venue": paper.venue,
        "entry_type": paper.entry_type,
        "volume": paper.volume,
        "number": paper.number,
        "pages": paper.pages,
        "publisher": paper.publisher,
        "url": paper.url,
        "pdf_url": paper.pdf_url,
        "code_url": paper.code_url,
        "project_url": paper.project_url,
        "primary_category": paper.primary_category,
        "categories": list(paper.categories),
        "sources": list(paper.sources),
        "tags": sorted(paper.tags, key=str.lower),
        "status": paper.status.value,
        "rating": paper.rating,
        "notes": [
            {"body": n.body, "created": n.created, "modified": n.modified} for n in paper.notes
        ],
        "added": paper.added,
        "modified": paper.modified,
        "extra": dict(sorted(paper.extra.items())),
    }


def library_document(
    papers: Sequence[Paper], tags: Sequence[TagCount], saved: Sequence[SavedSearch]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "papers": [paper_record(p) for p in papers],
        "tags": [{"name": t.name, "color": t.color} for t in tags if t.color],
        "saved_searches": [{"name": s.name, "query": s.query} for s in saved],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class Writer:
    """The native document; it needs whole papers plus the library's tag colours
    and saved searches, and is written in one piece (its bytes must not depend
    on batching)."""

    def __init__(
        self,
        *,
        abstracts: bool = True,
        tags: Sequence[TagCount] = (),
        saved_searches: Sequence[SavedSearch] = (),
    ) -> None:
        self.papers: list[Paper] = []
        self.tags = tags
        self.saved_searches = saved_searches
        self.count = 0

    def start(self) -> str:
        return ""

    def add(self, papers: Sequence[Paper]) -> str:
        self.papers.extend(papers)
        self.count = len(self.papers)
        return ""

    def finish(self) -> str:
        return dumps(library_document(self.papers, self.tags, self.saved_searches))
