"""CSL-JSON: what Pandoc (``--citeproc``), Zotero and other CSL processors read.

An array of items keyed by citation key (``"id"``), so ``[@key]`` in a
Pandoc document cites the same paper as ``\\cite{key}`` in LaTeX. Types
follow CSL 1.0.2: ``article`` for a preprint (with ``publisher: arXiv`` and
``number: arXiv:ID``, as Zotero writes preprints), ``article-journal``,
``paper-conference``, ``chapter``, ``book``, ``thesis``, ``report``.
Text stays plain Unicode: CSL has no LaTeX.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from readinglist.core.exporters.bibtex import KeyGuard, entry_kind
from readinglist.core.exporters.records import AuthorParts, ExportPaper, as_records
from readinglist.core.models import Paper
from readinglist.core.names import split_name

_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "incollection": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "article",
}
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _name(author: AuthorParts) -> dict[str, str]:
    name, family, given = author
    if not family:
        family, given = split_name(name)
    if not given:
        return {"literal": name} if " " in name.strip() else {"family": family}
    return {"family": family, "given": given}


def _issued(paper: ExportPaper) -> dict[str, Any] | None:
    m = _DATE_RE.match(paper.date) if paper.date else None
    if m is not None and (paper.year is None or int(m.group(1)) == paper.year):
        parts = [int(g) for g in m.groups() if g]
        if len(parts) > 1 and not 1 <= parts[1] <= 12:
            parts = parts[:1]
        if len(parts) > 2 and not 1 <= parts[2] <= 31:
            parts = parts[:2]
        return {"date-parts": [parts]}
    if paper.year is not None:
        return {"date-parts": [[paper.year]]}
    return None


def item(paper: ExportPaper, key: str) -> dict[str, Any]:
    """One CSL item; empty fields are left out."""
    kind = entry_kind(paper).written
    data: dict[str, Any] = {"id": key, "type": _CSL_TYPES[kind], "title": paper.title}
    if paper.authors:
        data["author"] = [_name(a) for a in paper.authors]
    issued = _issued(paper)
    if issued:
        data["issued"] = issued
    if kind != "misc":
        if paper.venue:
            data["container-title"] = paper.venue
        if paper.volume:
            data["volume"] = paper.volume
        if paper.number:
            data["issue"] = paper.number
        if paper.pages:
            data["page"] = paper.pages
        if paper.publisher:
            data["publisher"] = paper.publisher
    elif paper.arxiv_id:
        data["publisher"] = "arXiv"
        data["number"] = f"arXiv:{paper.arxiv_id}"
    if paper.doi:
        data["DOI"] = paper.doi
    elif paper.arxiv_id and kind == "misc":
        data["DOI"] = f"10.48550/arXiv.{paper.arxiv_id}"
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else "")
    if url:
        data["URL"] = url
    if paper.arxiv_id and paper.primary_category:
        data["note"] = f"arXiv:{paper.arxiv_id} [{paper.primary_category}]"
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
