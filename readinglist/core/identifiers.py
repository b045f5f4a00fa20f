"""Recognising and normalising paper identifiers: arXiv ids and DOIs.

One paper per arXiv base id and per DOI is the library's identity rule, so
every way a user or a service can write an id must reach the same normal
form here: ``2509.12345v2``, ``arXiv:2509.12345``, ``https://arxiv.org/abs/
2509.12345v2``, ``https://arxiv.org/pdf/2509.12345v2.pdf`` and the arXiv DOI
``10.48550/arXiv.2509.12345`` are all the paper ``2509.12345``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote
from dataclasses import dataclass

# New scheme (0704 on): YYMM.NNNN or YYMM.NNNNN; old scheme: archive(.SC)/YYMMNNN.
_NEW = r"(?P<new>\d{4}\.\d{4,5})"
_OLD = r"(?P<old>[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
ARXIV_ID_RE = re.compile(rf"^(?:{_NEW}|{_OLD}){_VERSION}$", re.IGNORECASE)
_ARXIV_URL_RE = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format|src)/"
    rf"(?:{_NEW}|{_OLD}){_VERSION}(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_HF_URL_RE = re.compile(
    rf"^(?:https?://)?(?:www\.)?huggingface\.co/papers/(?:{_NEW}|{_OLD}){_VERSION}/?(?:[?#].*)?$",
    re.IGNORECASE,
)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
# "doi:", "DOI ", and the resolvers' URLs: doi.org, dx.doi.org, www.doi.org and
# the publishers' own (doi.acm.org, doi.ieeecomputersociety.org), http or https.
_DOI_PREFIX_RE = re.compile(
    r"^(?:doi\s*:?\s*|(?:https?://)?(?:dx\.|www\.)?(?:doi\.org|doi\.acm\.org|"
    r"doi\.ieeecomputersociety\.org)/(?:doi:)?)",
    re.IGNORECASE,
)
_ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ArxivId:
    """An arXiv identifier: the base id (the paper) and an optional version."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base


def _from_match(match: re.Match[str]) -> ArxivId:
    new, old, version = match.group("new"), match.group("old"), match.group("version")
    if old:
        archive, _, number = old.partition("/")
        # Archive names are lower-case; a subject class such as math.GT keeps its case.
        head, dot, subject = archive.partition(".")
        base = f"{head.lower()}{dot}{subject.upper()}/{number}"
    else:
        base = new
    return ArxivId(base, int(version) if version else None)


def parse_arxiv_id(text: str) -> ArxivId | None:
    """An arXiv id in any common spelling (id, ``arXiv:`` id, abs/pdf/HF URL, arXiv DOI)."""
    text = text.strip()
    if not text:
        return None
    if text.lower().startswith("arxiv:"):
        text = text[6:].strip()
    for pattern in (ARXIV_ID_RE, _ARXIV_URL_RE, _HF_URL_RE):
        match = pattern.match(text)
        if match:
            return _from_match(match)
    doi = parse_doi(text, allow_arxiv=True)
    if doi:
        arxiv = _ARXIV_DOI_RE.match(doi)
        if arxiv:
            match = ARXIV_ID_RE.match(arxiv.group(1))
            if match:
                return _from_match(match)
    return None


def parse_doi(text: str, *, allow_arxiv: bool = False) -> str:
    """The DOI in ``text`` (bare, ``doi:``, or a doi.org URL); else "".

    DOIs are case-insensitive: the spelling is kept for display and export,
    and the database compares them without case. arXiv's own DOIs are refused unless ``allow_arxiv``: they name the arXiv
    paper, which is identified by its arXiv id instead.
    """
    text = _DOI_PREFIX_RE.sub("", text.strip())
    if "%2F" in text or "%2f" in text:
        text = unquote(text)
    text = text.rstrip(".,;)")
    if not DOI_RE.match(text):
        return ""
    if not allow_arxiv and _ARXIV_DOI_RE.match(text):
        return ""
    return text


def normalize_arxiv_id(text: str) -> str:
    """The base arXiv id for ``text``, or "" if it is not one."""
    parsed = parse_arxiv_id(text)
    return parsed.base if parsed else ""
