"""arXiv's announcement feed: ``GET {arxiv_rss}/rss/{cat}+{cat}...`` (RSS 2.0).

One request covers every chosen category (arXiv joins them with ``+``).
The feed only ever holds the latest announcement, dated by the channel's
``pubDate``; it is empty on weekends and holidays. Each item's description
starts ``arXiv:{id}v{n} Announce Type: {type} \\nAbstract: ...``, authors
come as one comma-joined ``dc:creator``, and ``arxiv:announce_type`` marks
cross-lists and replacements. There is no primary category in the feed;
the first listed category is taken as the primary one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

from readinglist.core.errors import ImportFailed
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers.feed_item import FeedItem
from readinglist.core.net.session import HttpClient
from readinglist.core.text_norm import collapse_spaces

SERVICE = "arXiv's announcement feed"
ARXIV_NS = "http://arxiv.org/schemas/atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")

_DESCRIPTION_RE = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?(?P<abstract>.*)$",
    re.DOTALL | re.IGNORECASE,
)
_OLD_TITLE_SUFFIX_RE = re.compile(r"\s*\(arXiv:[^)]*\)\s*$")
_CATEGORY_RE = re.compile(r"^[A-Za-z][A-Za-z\-]*(?:\.[A-Za-z\-]+)?$")


@dataclass(frozen=True, slots=True)
class RssFeed:
    day: date | None  # the announcement day the feed is for, if it says
    items: list[FeedItem]


def fetch(http: HttpClient, base_url: str, categories: Sequence[str]) -> RssFeed:
    cats = [c.strip() for c in categories if c.strip()]
    if not cats:
        return RssFeed(None, [])
    bad = [c for c in cats if not _CATEGORY_RE.match(c)]
    if bad:
        raise ImportFailed(f"{bad[0]!r} is not an arXiv category (like cs.CL); check the settings")
    response = http.get(f"{base_url.rstrip('/')}/rss/{'+'.join(cats)}", what=SERVICE, polite=True)
    if response.status_code != 200:
        raise ImportFailed(
            f"{SERVICE} refused the request for {', '.join(cats)} (HTTP {response.status_code})"
        )
    return parse(response.content)


def parse(content: bytes | str) -> RssFeed:
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        raise ImportFailed(
            f"{SERVICE} is not valid XML (it may have been cut off); try again"
        ) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportFailed(f"{SERVICE} sent something that is not an RSS feed")
    items = []
    for element in channel.findall("item"):
        item = _item(element)
        if item is not None and item.within_bounds():
            items.append(item)
    day = (
        _date(channel.findtext("pubDate"))
        or next(
            (d for d in (_date(e.findtext("pubDate")) for e in channel.findall("item")) if d), None
        )
        or _date(channel.findtext("lastBuildDate"))
    )
    return RssFeed(day, items)


def _item(element: ET.Element) -> FeedItem | None:
    description = element.findtext("description") or ""
    match = _DESCRIPTION_RE.match(description)
    arxiv = None
    for candidate in (
        match.group("id") if match else "",
        (element.findtext("guid") or "").removeprefix("oai:arXiv.org:"),
        element.findtext("link") or "",
    ):
        arxiv = parse_arxiv_id(candidate)
        if arxiv is not None:
            break
    if arxiv is None:
        return None
    announce = (element.findtext(f"{{{ARXIV_NS}}}announce_type") or "").strip().lower()
    if not announce and match:
        announce = match.group("type").lower()
    abstract = match.group("abstract") if match else description
    creators = element.findtext(f"{{{DC_NS}}}creator") or ""
    authors = tuple(
        name
        for name in (
            collapse_spaces(re.sub(r"^and\s+", "", part.strip())) for part in creators.split(",")
        )
        if name
    )
    categories = tuple(
        dict.fromkeys(
            (c.text or "").strip() for c in element.findall("category") if (c.text or "").strip()
        )
    )
    extra = {}
    journal = collapse_spaces(element.findtext(f"{{{ARXIV_NS}}}journal_reference") or "")
    if journal:
        extra["journal_ref"] = journal
    title = _OLD_TITLE_SUFFIX_RE.sub("", collapse_spaces(element.findtext("title") or ""))
    return FeedItem(
        source="arxiv",
        arxiv_id=arxiv.base,
        version=arxiv.version,
        title=title,
        authors=authors,
        abstract=collapse_spaces(abstract),
        announce_type=announce if announce in ANNOUNCE_TYPES else "",
        primary_category=categories[0] if categories else "",
        categories=categories,
        doi=parse_doi(element.findtext(f"{{{ARXIV_NS}}}DOI") or ""),
        extra=extra,
    )


def _date(text: str | None) -> date | None:
    """The calendar day of an RFC 822 time, in the feed's own time zone (US Eastern)."""
    if not text or not text.strip():
        return None
    try:
        return parsedate_to_datetime(text.strip()[:64]).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
