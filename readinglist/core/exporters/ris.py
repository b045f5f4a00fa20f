"""RIS: what EndNote, Zotero, Mendeley, RefWorks and most reference managers read.

Written by rispy from one dict per paper. The type comes from the stored
entry type through :mod:`readinglist.core.entry_types` (``JOUR``, ``CONF``,
``CHAP``, ``THES``, ``RPRT`` …; an arXiv preprint is ``GEN`` with its arXiv
link and a ``N1 - arXiv:ID [category]`` note). Names are ``Family, Given``;
editors are ``A2``; pages are split into ``SP``/``EP``; ``ID`` carries the
citation key, so an export imported again finds its papers. Every value is
one line: RIS has no escape for a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import rispy

from readinglist.core import entry_types
from readinglist.core.exporters.bibtex import KeyGuard, entry_kind
from readinglist.core.exporters.records import AuthorParts, ExportPaper, as_record
from readinglist.core.models import Author, Paper
from readinglist.core.name_lists import NAMES_ARE_EDITORS, editors_of
from readinglist.core.names import split_name

_PAGE_SPLIT = re.compile(r"\s*(?:-+|[\u2010-\u2015])\s*")
_ARXIV_VENUE = re.compile(r"^\s*arxiv\b", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
# extra fields (BibTeX names) and the rispy key they are written under.
_FROM_EXTRA = {
    "address": "place_published",
    "location": "place_published",
    "series": "tertiary_title",
    "edition": "edition",
    "language": "language",
    "shorttitle": "short_title",
    "shortjournal": "alternate_title1",
    "volumes": "number_of_volumes",
    "accession": "accession_number",
    "call-number": "call_number",
    "source": "name_of_database",
}


class _Writer(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # rispy numbers records ("1.") by default; no reader wants that


_RIS = _Writer(skip_unknown_tags=False)


def _line(text: str) -> str:
    return " ".join(str(text).split())


def _name(parts: AuthorParts | Author) -> str:
    name, family, given = parts if isinstance(parts, tuple) else (parts.name, parts.family, parts.given)
    if not family:
        if not isinstance(parts, tuple):
            return _line(name)  # a group ("{The ACME Lab}" in a name list)
        family, given = split_name(name)
    return _line(f"{family}, {given}" if given else family)


def _ris_date(date: str, year: int | None) -> str:
    m = _DATE.match(date) if date else None
    if m is None or (year is not None and int(m.group(1)) != year):
        return f"{year}///" if year is not None else ""
    y, month, day = m.groups()
    return f"{y}/{month or ''}/{day or ''}/"


def _kind(paper: ExportPaper) -> entry_types.Kind:
    found = entry_types.kind(paper.entry_type) or entry_types.KINDS[entry_kind(paper).wanted]
    if found.stored == "misc" and paper.arxiv_id:
        return entry_types.KINDS["preprint"]
    return found


def record(paper: ExportPaper, key: str, tags: tuple[str, ...] = ()) -> dict[str, Any]:
    """One paper as rispy's dict (empty values left out)."""
    kind = _kind(paper)
    extra = paper.fields
    ref: dict[str, Any] = {"type_of_reference": kind.ris, "id": key, "title": _line(paper.title)}
    names = [_name(a) for a in paper.authors]
    editors = [_name(a) for a in editors_of(extra)]
    if extra.get(NAMES_ARE_EDITORS) == "editor":
        editors, names = editors or names, []
    if names:
        ref["authors"] = names
    if editors:
        ref["secondary_authors"] = editors
    if paper.year is not None:
        ref["year"] = str(paper.year)
        ref["date"] = _ris_date(paper.date, paper.year)
    venue = "" if _ARXIV_VENUE.match(paper.venue) else _line(paper.venue)
    publisher = _line(paper.publisher)
    if kind.csl in ("thesis", "report") and venue and not publisher:
        publisher, venue = venue, ""  # RIS puts the university or institution in PB
    if venue:
        ref["secondary_title"] = venue
        if kind.ris == "JOUR":
            ref["journal_name"] = venue
    if paper.volume.strip():
        ref["volume"] = _line(paper.volume)
    if paper.number.strip():
        ref["number"] = _line(paper.number)
    if paper.pages.strip():
        start, _, end = _PAGE_SPLIT.sub("-", paper.pages.strip()).partition("-")
        ref["start_page"] = start
        if end:
            ref["end_page"] = end
    if publisher:
        ref["publisher"] = publisher
    for field, key_name in _FROM_EXTRA.items():
        value = extra.get(field)
        if isinstance(value, str) and value.strip() and key_name not in ref:
            ref[key_name] = _line(value)
    genre = extra.get("type") if isinstance(extra.get("type"), str) else ""
    if genre or kind.genre:
        ref["type_of_work"] = _line(genre or kind.genre)
    numbers = [
        _line(extra[f]) for f in ("isbn", "issn") if isinstance(extra.get(f), str) and extra[f].strip()
    ]
    if numbers:
        ref["issn"] = "; ".join(numbers)
    urldate = _DATE.match(str(extra.get("urldate", "")))
    if urldate:
        ref["access_date"] = "/".join(g or "" for g in urldate.groups()) + "/"
    if paper.doi:
        ref["doi"] = paper.doi
    urls = [paper.url] if paper.url else []
    if paper.arxiv_id:
        urls.append(f"https://arxiv.org/abs/{paper.arxiv_id}")
    if urls:
        ref["urls"] = list(dict.fromkeys(_line(u) for u in urls))
    notes = [_line(extra["note"])] if isinstance(extra.get("note"), str) and extra["note"].strip() else []
    if paper.arxiv_id:
        category = f" [{paper.primary_category}]" if paper.primary_category else ""
        notes.append(f"arXiv:{paper.arxiv_id}{category}")
    if notes:
        ref["notes"] = notes
    if paper.abstract:
        ref["abstract"] = _line(paper.abstract)
    if tags:
        ref["keywords"] = list(tags)
    return ref


class Writer:
    """A RIS file built batch by batch, from whole papers: their tags are the
    ``KW`` lines (how Zotero and Mendeley exchange tags)."""

    def __init__(self, *, abstracts: bool = True, **_library: object) -> None:
        self.keys = KeyGuard()
        self.count = 0

    def start(self) -> str:
        return ""

    def add(self, papers: Iterable[Paper | ExportPaper]) -> str:
        refs = [
            record(
                as_record(p),
                self.keys(p.citekey),
                tuple(p.tags) if isinstance(p, Paper) else (),
            )
            for p in papers
        ]
        self.count += len(refs)
        return _RIS.formats(refs) if refs else ""

    def finish(self) -> str:
        return ""
