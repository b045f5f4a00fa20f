"""Metadata from the arXiv API: ``GET {arxiv_api}?id_list=A,B,...`` (Atom).

Facts the parser relies on (``reference/external-services.md`` §2.1):
``<entry><id>`` is an ``http://`` abs URL that always carries the version;
an unknown id simply has no entry (HTTP 200, empty feed); a rejected id
gives HTTP 400 with one entry titled ``Error`` whose summary names the id;
a feed without ``opensearch:totalResults`` is arXiv's throttled empty
answer, not a real "no results". Titles and abstracts may be hard-wrapped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from readinglist.core.errors import ImportFailed
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.models import Author, PaperDraft
from readinglist.core.net.session import HttpClient
from readinglist.core.progress import CancelFn, check_cancel
from readinglist.core.text_norm import collapse_spaces
from readinglist.core.validation import bounded_day, check_draft

SERVICE = "arXiv"
BATCH = 50
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_BAD_ID_RE = re.compile(r"incorrect id format for (\S+)", re.IGNORECASE)


class ArxivRefused(ImportFailed):
    """arXiv answered with an ``Error`` entry; ``bad_id`` is the id it names, if any."""

    def __init__(self, message: str, bad_id: str = "") -> None:
        super().__init__(message)
        self.bad_id = bad_id


def fetch(
    http: HttpClient,
    api_url: str,
    ids: Sequence[str],
    *,
    cancel: CancelFn | None = None,
) -> tuple[dict[str, PaperDraft], dict[str, str]]:
    """Drafts by base id for ``ids`` (base ids), and the ids arXiv rejected, with why.

    Ids arXiv does not know are simply missing from the first dict.
    """
    found: dict[str, PaperDraft] = {}
    rejected: dict[str, str] = {}
    pending = list(dict.fromkeys(ids))
    while pending:
        batch, pending = pending[:BATCH], pending[BATCH:]
        while batch:
            check_cancel(cancel, "looking up arXiv")
            try:
                drafts = _fetch_batch(http, api_url, batch)
            except ArxivRefused as exc:
                culprit = next((i for i in batch if i.lower() == exc.bad_id.lower()), None)
                if culprit is None:
                    raise
                rejected[culprit] = str(exc)
                batch = [i for i in batch if i != culprit]
                continue
            found.update((d.arxiv_id, d) for d in drafts if d.arxiv_id in batch)
            break
    return found, rejected


def search_title(
    http: HttpClient, api_url: str, title: str, *, max_results: int = 5
) -> list[PaperDraft]:
    """Papers whose title holds ``title`` as a phrase, best first (for ``add --resolve``)."""
    words = re.sub(r"[^\w\s]", " ", title).split()
    if not words:
        return []
    response = http.get(
        api_url,
        what=SERVICE,
        params={"search_query": f'ti:"{" ".join(words)}"', "max_results": max_results},
        polite=True,
    )
    if response.status_code >= 400 and not response.content.strip():
        raise ImportFailed(f"{SERVICE} refused the request (HTTP {response.status_code})")
    return parse(response.content)


def _fetch_batch(http: HttpClient, api_url: str, ids: list[str]) -> list[PaperDraft]:
    response = http.get(
        api_url,
        what=SERVICE,
        params={"id_list": ",".join(ids), "max_results": len(ids)},
        polite=True,
    )
    if response.status_code >= 400 and not response.content.strip():
        raise ImportFailed(f"{SERVICE} refused the request (HTTP {response.status_code})")
    drafts = parse(response.content)
    if response.status_code >= 400:
        raise ImportFailed(f"{SERVICE} refused the request (HTTP {response.status_code})")
    return drafts


def parse(content: bytes | str) -> list[PaperDraft]:
    """The papers in one API answer; raises :class:`ArxivRefused` for an error entry."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        raise ImportFailed(
            f"{SERVICE} sent an answer that is not valid XML (it may have been cut off); try again"
        ) from None
    if root.tag != f"{ATOM}feed":
        raise ImportFailed(f"{SERVICE} sent an unexpected answer (not an Atom feed)")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        ident = entry.findtext(f"{ATOM}id") or ""
        if (entry.findtext(f"{ATOM}title") or "").strip() == "Error" or "/api/errors" in ident:
            summary = collapse_spaces(entry.findtext(f"{ATOM}summary") or "unknown error")
            bad = _BAD_ID_RE.search(summary)
            raise ArxivRefused(f"arXiv refused it: {summary}", bad.group(1) if bad else "")
    if not entries and root.find(f"{OPENSEARCH}totalResults") is None:
        raise ImportFailed(
            f"{SERVICE} sent an empty answer (it does that when busy); try again in a minute"
        )
    return [d for d in (_draft(e) for e in entries) if d is not None and _sane(d)]


def _sane(draft: PaperDraft) -> bool:
    """Leave out an entry with absurd values rather than fail the whole answer."""
    try:
        check_draft(draft)
    except ImportFailed:
        return False
    return True


def _draft(entry: ET.Element) -> PaperDraft | None:
    arxiv = parse_arxiv_id(entry.findtext(f"{ATOM}id") or "")
    if arxiv is None:
        return None
    title = entry.findtext(f"{ATOM}title")
    authors = tuple(
        Author(collapse_spaces(name))
        for name in (a.findtext(f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author"))
        if name.strip()
    )
    categories = tuple(
        dict.fromkeys(
            c.get("term", "").strip() for c in entry.findall(f"{ATOM}category") if c.get("term")
        )
    )
    primary = entry.find(f"{ARXIV}primary_category")
    published = (entry.findtext(f"{ATOM}published") or "")[:10]
    extra: dict[str, str] = {}
    journal = collapse_spaces(entry.findtext(f"{ARXIV}journal_ref") or "")
    if journal:
        extra["journal_ref"] = journal
    comment = collapse_spaces(entry.findtext(f"{ARXIV}comment") or "")
    if comment:
        extra["arxiv_comment"] = comment
    return PaperDraft(
        title=collapse_spaces(title or ""),
        authors=authors,
        abstract=(entry.findtext(f"{ATOM}summary") or "").strip(),
        date=bounded_day(published),
        arxiv_id=arxiv.base,
        arxiv_version=arxiv.version,
        doi=parse_doi(entry.findtext(f"{ARXIV}doi") or ""),
        url=f"https://arxiv.org/abs/{arxiv.base}",
        pdf_url=f"https://arxiv.org/pdf/{arxiv.base}",
        primary_category=(primary.get("term", "") if primary is not None else "")
        or (categories[0] if categories else ""),
        categories=categories,
        sources=("arxiv",),
        extra=extra,
    )
