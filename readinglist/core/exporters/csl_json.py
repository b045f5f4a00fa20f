"""CSL-JSON: what Pandoc (``--citeproc``), Zotero and other CSL processors read.

An array of items keyed by citation key (``"id"`` and ``"citation-key"``),
so ``[@key]`` in a Pandoc document cites the same paper as ``\\cite{key}``
in LaTeX. The type comes from the stored entry type through
:mod:`readinglist.core.entry_types` (a thesis stays a thesis, a web page a
``webpage``); a preprint is ``article`` with ``publisher: arXiv`` and
``number: arXiv:ID``, as Zotero writes preprints. Page ranges use an en
dash, editors, ISBN/ISSN, place, series and edition come from what the
import kept. Text stays plain Unicode: CSL has no LaTeX. The output
validates against the official CSL data schema (the tests check it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from readinglist.core import entry_types
from readinglist.core.exporters.bibtex import KeyGuard, entry_kind
from readinglist.core.exporters.records import AuthorParts, ExportPaper, as_records
from readinglist.core.models import Paper
from readinglist.core.name_lists import NAMES_ARE_EDITORS, editors_of
from readinglist.core.names import split_name

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PAGE_DASH = re.compile(r"\s*(?:-+|[\u2010-\u2015])\s*")
_ARXIV_VENUE = re.compile(r"^\s*arxiv\b", re.IGNORECASE)
# extra fields (BibTeX names) written as CSL variables.
_FROM_EXTRA = {
    "address": "publisher-place",
    "location": "publisher-place",
    "series": "collection-title",
    "series-number": "collection-number",
    "edition": "edition",
    "isbn": "ISBN",
    "issn": "ISSN",
    "language": "language",
    "shorttitle": "title-short",
    "shortjournal": "container-title-short",
    "pagetotal": "number-of-pages",
    "volumes": "number-of-volumes",
    "keywords": "keyword",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "eventtitle": "event-title",
    "venue": "event-place",
    "howpublished": "medium",
    "pubstate": "status",
    "version": "version",
    "archive": "archive",
    "archive-location": "archive_location",
    "call-number": "call-number",
    "source": "source",
    "chapter": "chapter-number",
    "origtitle": "original-title",
    "annote": "annote",
}


def _name(author: AuthorParts) -> dict[str, str]:
    name, family, given = author
    if not family:
        family, given = split_name(name)
    if not given:
        return {"literal": name} if " " in name.strip() else {"family": family}
    return {"family": family, "given": given}


def _date_parts(date: str, year: int | None) -> dict[str, Any] | None:
    m = _DATE_RE.match(date) if date else None
    if m is not None and (year is None or int(m.group(1)) == year):
        parts = [int(g) for g in m.groups() if g]
        if len(parts) > 1 and not 1 <= parts[1] <= 12:
            parts = parts[:1]
        if len(parts) > 2 and not 1 <= parts[2] <= 31:
            parts = parts[:2]
        return {"date-parts": [parts]}
    if year is not None:
        return {"date-parts": [[year]]}
    return None


def _kind(paper: ExportPaper) -> entry_types.Kind:
    found = entry_types.kind(paper.entry_type)
    if found is None:
        found = entry_types.KINDS[entry_kind(paper).wanted]
    if found.stored == "misc" and paper.arxiv_id:
        return entry_types.KINDS["preprint"]
    return found


def csl_pages(pages: str) -> str:
    """``12--34`` → ``12–34`` (CSL processors print ranges as given)."""
    return _PAGE_DASH.sub("\u2013", pages.strip())


def item(paper: ExportPaper, key: str) -> dict[str, Any]:
    """One CSL item; empty fields are left out."""
    kind = _kind(paper)
    extra = paper.fields
    data: dict[str, Any] = {"id": key, "citation-key": key, "type": kind.csl, "title": paper.title}
    people = [_name(a) for a in paper.authors]
    if people:
        data["editor" if extra.get(NAMES_ARE_EDITORS) == "editor" else "author"] = people
    editors = editors_of(extra)
    if editors and "editor" not in data:
        # A name list keeps groups braced: one without parts is a literal name.
        data["editor"] = [
            _name((a.name, a.family, a.given)) if a.family else {"literal": a.name}
            for a in editors
        ]
    issued = _date_parts(paper.date, paper.year)
    if issued:
        data["issued"] = issued
    elif isinstance(extra.get("issued"), str) and extra["issued"].strip():
        data["issued"] = {"literal": extra["issued"].strip()}
    venue = "" if _ARXIV_VENUE.match(paper.venue) else paper.venue.strip()
    publisher = paper.publisher.strip()
    if kind.csl in ("thesis", "report") and venue and not publisher:
        publisher, venue = venue, ""  # CSL puts the university or institution in publisher
    if venue:
        data["container-title"] = venue
    if paper.volume.strip():
        data["volume"] = paper.volume.strip()
    if paper.number.strip():
        data["number" if kind.csl in ("report", "patent", "standard", "bill") else "issue"] = (
            paper.number.strip()
        )
    if paper.pages.strip():
        data["page"] = csl_pages(paper.pages)
    if publisher:
        data["publisher"] = publisher
    genre = extra.get("type") if isinstance(extra.get("type"), str) else ""
    if genre or kind.genre:
        data["genre"] = genre or kind.genre
    for field, variable in _FROM_EXTRA.items():
        value = extra.get(field)
        if isinstance(value, str) and value.strip() and variable not in data:
            data[variable] = value.strip()
    urldate = _date_parts(str(extra.get("urldate", "")), None)
    if urldate:
        data["accessed"] = urldate
    if paper.arxiv_id and kind.stored == "preprint":
        data.setdefault("publisher", "arXiv")
        data.setdefault("number", f"arXiv:{paper.arxiv_id}")
    if paper.doi:
        data["DOI"] = paper.doi
    elif paper.arxiv_id and kind.stored == "preprint":
        data["DOI"] = f"10.48550/arXiv.{paper.arxiv_id}"
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else "")
    if url:
        data["URL"] = url
    note = extra.get("note")
    notes = [note.strip()] if isinstance(note, str) and note.strip() else []
    if paper.arxiv_id and (paper.primary_category or kind.stored != "preprint"):
        category = f" [{paper.primary_category}]" if paper.primary_category else ""
        notes.append(f"arXiv:{paper.arxiv_id}{category}")
    if notes:
        data["note"] = "\n".join(notes)
    if paper.abstract:
        data["abstract"] = paper.abstract
    return data


def item_text(paper: ExportPaper, key: str) -> str:
    """One item on one line (diffs stay per paper; json's C encoder only runs without indent)."""
    return json.dumps(item(paper, key), ensure_ascii=False)


class Writer:
    """A CSL-JSON array built batch by batch, one item per line."""

    def __init__(self, *, abstracts: bool = True) -> None:
        self.keys = KeyGuard()
        self.count = 0

    def start(self) -> str:
        return "[\n"

    def add(self, papers: Iterable[Paper | ExportPaper]) -> str:
        parts = []
        for paper in as_records(papers):
            sep = ",\n" if self.count else ""
            parts.append(sep + item_text(paper, self.keys(paper.citekey)))
            self.count += 1
        return "".join(parts)

    def finish(self) -> str:
        return "\n]\n" if self.count else "]\n"
