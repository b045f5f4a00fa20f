"""Metadata for a DOI by content negotiation: ``GET {doi}/{DOI}`` asking for CSL-JSON.

doi.org redirects to the registration agency (Crossref, DataCite, mEDRA),
which answers with citeproc JSON. Crossref's flavour is not strict CSL
(``reference/external-services.md`` §3.3): ``title`` and ``container-title``
may be lists, ``type`` uses Crossref names, the abstract is JATS XML and
``date-parts`` may hold one to three numbers. An unknown DOI is a 404 HTML
page, which is an answer ("no such DOI"), not a failure.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

from readinglist.core.errors import ImportFailed
from readinglist.core.identifiers import parse_doi
from readinglist.core.models import Author, PaperDraft
from readinglist.core.net.session import HttpClient
from readinglist.core.text_norm import collapse_spaces
from readinglist.core.validation import check_draft, load_json, year_max

SERVICE = "doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"

# Crossref and CSL type names -> BibTeX entry types.
ENTRY_TYPES = {
    "journal-article": "article",
    "article-journal": "article",
    "article": "article",
    "proceedings-article": "inproceedings",
    "paper-conference": "inproceedings",
    "book-chapter": "incollection",
    "chapter": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "dissertation": "phdthesis",
    "thesis": "phdthesis",
    "report": "techreport",
    "posted-content": "misc",
    "dataset": "misc",
}


class DoiUnresolved(ImportFailed):
    """doi.org has no usable metadata for this DOI (unknown, or no CSL-JSON offered)."""


def fetch(http: HttpClient, doi_url: str, doi: str) -> PaperDraft:
    response = http.get(
        f"{doi_url.rstrip('/')}/{quote(doi, safe='/:;()._-')}",
        what=SERVICE,
        headers={"Accept": f"{CSL_JSON}, application/json;q=0.9"},
    )
    if response.status_code in (404, 410):
        raise DoiUnresolved(f"{SERVICE} does not know the DOI {doi}")
    if response.status_code >= 400:
        raise DoiUnresolved(f"{SERVICE} has no metadata for {doi} (HTTP {response.status_code})")
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if "json" not in kind:
        raise DoiUnresolved(f"{SERVICE} has no metadata for {doi}, only a web page")
    return parse(response.content, doi)


def parse(content: bytes | str, doi: str = "") -> PaperDraft:
    data = load_json(
        content,
        f"the metadata {SERVICE} sent for {doi or 'a DOI'}",
        invalid=f"{SERVICE} sent metadata for {doi or 'a DOI'} that is not valid JSON "
        "(it may have been cut off)",
    )
    if not isinstance(data, dict):
        raise ImportFailed(f"{SERVICE} sent unexpected metadata for {doi or 'a DOI'}")
    title = _text(data.get("title"))
    subtitle = _text(data.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}" if title else subtitle
    date = _date(data)
    extra: dict[str, Any] = {}
    for key in ("ISSN", "ISBN"):
        values = data.get(key)
        values = [values] if isinstance(values, str) else values
        if isinstance(values, list) and all(isinstance(v, str) for v in values) and values:
            extra[key.lower()] = list(dict.fromkeys(values))
    kind = data.get("type")
    draft = PaperDraft(
        title=title,
        authors=_authors(data.get("author")),
        abstract=_jats_text(data.get("abstract")),
        date=date,
        doi=parse_doi(_text(data.get("DOI")) or doi, allow_arxiv=True),
        venue=_text(data.get("container-title")),
        entry_type=ENTRY_TYPES.get(kind, "misc") if isinstance(kind, str) else "",
        volume=_text(data.get("volume")),
        number=_text(data.get("issue")),
        pages=_text(data.get("page")),
        publisher=_text(data.get("publisher")),
        url=_text(data.get("URL")),
        sources=("doi",),
        extra=extra,
    )
    return check_draft(draft, f"{SERVICE} metadata for {doi or 'a DOI'}")


def _text(value: Any) -> str:
    """Crossref gives some strings as lists; take the first non-empty one."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return collapse_spaces(html.unescape(value)) if isinstance(value, str) else ""


def _authors(value: Any) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    authors = []
    for person in value:
        if not isinstance(person, dict):
            continue
        family, given = _text(person.get("family")), _text(person.get("given"))
        literal = _text(person.get("literal")) or _text(person.get("name"))
        if family:
            authors.append(Author(f"{given} {family}".strip(), family, given))
        elif literal:
            authors.append(Author(literal))
    return tuple(authors)


def _date(data: dict[str, Any]) -> str:
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = data.get(key, {}).get("date-parts") if isinstance(data.get(key), dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
            continue
        numbers = [p for p in parts[0][:3] if isinstance(p, int) and not isinstance(p, bool)]
        if not numbers or not 1000 <= numbers[0] <= year_max():
            continue
        if not all(1 <= n <= 31 for n in numbers[1:]):
            numbers = numbers[:1]
        return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    return ""


def _jats_text(value: Any) -> str:
    """Crossref abstracts are JATS XML: keep paragraphs, drop the markup."""
    if not isinstance(value, str):
        return ""
    text = re.sub(r"</(?:jats:)?p>", "\n\n", value)
    text = re.sub(r"<(?:jats:)?title>.*?</(?:jats:)?title>", "", text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", "", text)
    paragraphs = [collapse_spaces(html.unescape(p)) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)
