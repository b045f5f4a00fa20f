"""What the exporters read: a paper's bibliographic fields as a light tuple.

Exporting 100,000 papers has to take seconds, and building full
:class:`Paper` objects (tags, notes, JSON columns) costs more than writing
the BibTeX. So the library service reads just these columns straight from
SQLite into :class:`ExportPaper` tuples; a :class:`Paper` converts with
:func:`as_record` (the benchmark and tests hand over Papers).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from readinglist.core.models import Paper

# (name, family, given), as stored: family/given are empty for display-name-only authors.
AuthorParts = tuple[str, str, str]

# The papers-table columns an export reads, in ExportPaper's order after id/citekey/authors.
EXPORT_COLUMNS = (
    "title",
    "abstract",
    "year",
    "date",
    "arxiv_id",
    "doi",
    "venue",
    "entry_type",
    "volume",
    "number",
    "pages",
    "publisher",
    "url",
    "primary_category",
    "extra",
)


class ExportPaper(NamedTuple):
    id: int
    citekey: str
    authors: tuple[AuthorParts, ...]
    title: str
    abstract: str
    year: int | None
    date: str
    arxiv_id: str
    doi: str
    venue: str
    entry_type: str
    volume: str
    number: str
    pages: str
    publisher: str
    url: str
    primary_category: str
    extra: str = "{}"  # the stored JSON text: decoded only by exporters that use it

    @property
    def fields(self) -> dict[str, Any]:
        """``extra`` decoded: fields the model has no column for (editor, isbn, …)."""
        if not self.extra or self.extra == "{}":
            return {}
        try:
            value = json.loads(self.extra)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def as_record(paper: Paper | ExportPaper) -> ExportPaper:
    if isinstance(paper, ExportPaper):
        return paper
    return ExportPaper(
        paper.id,
        paper.citekey,
        tuple((a.name, a.family, a.given) for a in paper.authors),
        *(getattr(paper, c) for c in EXPORT_COLUMNS[:-1]),
        json.dumps(paper.extra, ensure_ascii=False) if paper.extra else "{}",
    )


def as_records(papers: Iterable[Paper | ExportPaper]) -> Iterator[ExportPaper]:
    return (as_record(p) for p in papers)
