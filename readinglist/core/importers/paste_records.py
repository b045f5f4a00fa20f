"""Labelled records in a paste: ``Title:``, ``Authors:``, ``Abstract:`` and their kin.

Digests, newsletters and reading-list READMEs write one paper per section:
a Markdown or HTML heading, labelled lines in any order (``**Authors:**``,
``Title: [name](link)``, table rows such as ``| Cite as: | arXiv:… |``) and
an abstract, often as a block quote. Each such record keeps its own
identifiers (the arXiv id in its title link or its "Cite as" row), so ids
are never shuffled between papers or looked up as papers of their own.
Sections without labels (a table of contents, "Return to index", date
headings) are not papers.

Labels are not trusted blindly: digests swap "Title:" and "Authors:" (the
value that reads like the heading is the title; the one that is a list of
names, or links to author searches, is the authors).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from readinglist.core.drafts import clean_abstract
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers.bounds import title_problem
from readinglist.core.models import Author, PaperDraft
from readinglist.core.text_norm import collapse_spaces, fold

_LABELS = {
    "title": "title",
    "paper": "title",
    "paper title": "title",
    "author": "authors",
    "authors": "authors",
    "author(s)": "authors",
    "by": "authors",
    "abstract": "abstract",
    "summary": "abstract",
    "tl;dr": "abstract",
    "tldr": "abstract",
    "arxiv": "link",
    "arxiv id": "link",
    "link": "link",
    "links": "link",
    "url": "link",
    "paper link": "link",
    "pdf": "link",
    "doi": "link",
    "cite as": "link",
    "code": "code",
    "code link": "code",
    "github": "code",
    "project page": "project",
    "comments": "other",
    "subjects": "other",
    "categories": "other",
    "date": "other",
    "published": "other",
    "submitted": "other",
    "venue": "other",
    "journal": "other",
    "keywords": "other",
    "tags": "other",
    "tag": "other",
    "acm classes": "other",
    "msc classes": "other",
    "journal reference": "other",
    "journal-ref": "other",
    "citation": "other",
}
_LABEL_NAMES = "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True))
_LABEL_LINE = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?:\*\*|__)?({_LABEL_NAMES})(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
_TABLE_ROW = re.compile(rf"^\s*\|\s*(?:\*\*)?({_LABEL_NAMES})(?:\*\*)?\s*[:：]?\s*\|(.*)$", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_NUMBERING = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s+")
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)"
    r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)
_AUTHOR_LINK = re.compile(r"searchtype=author|/author/|/authors?/|scholar\.google|dblp\.org/pid|orcid", re.I)
_NAME_PART = re.compile(r"^[^\W\d_][\w.'’\-]*$")


@dataclass
class _Section:
    heading: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class _Record:
    heading: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    quote: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # lines under no label
    text: str = ""


def _sections(text: str) -> list[_Section]:
    """Cut at headings (Markdown ``#`` lines and HTML ``<hN>``, which may span lines)."""
    text = _HTML_HEADING.sub(lambda m: "\n# " + (" ".join(m.group(2).split()) or "-") + "\n", text)
    sections = [_Section()]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = _MD_HEADING.match(line)
        if m:
            sections.append(_Section(m.group(1).strip()))
        else:
            sections[-1].lines.append(line)
    return sections


def _label(line: str) -> tuple[str, str] | None:
    m = _LABEL_LINE.match(line) or _TABLE_ROW.match(line)
    if not m:
        return None
    value = m.group(2)
    if line.lstrip().startswith("|"):
        value = value.strip().rstrip("|").strip()
    return _LABELS[m.group(1).lower()], value.strip()


def _records(section: _Section) -> list[_Record]:
    """A section's records: one, or several when its first label repeats."""
    labelled = [(i, _label(line)) for i, line in enumerate(section.lines)]
    kinds = [lab[0] for _, lab in labelled if lab and lab[0] in ("title", "authors", "abstract")]
    if not kinds:
        return []
    first = kinds[0]
    starts = [i for i, lab in labelled if lab and lab[0] == first]
    if len(starts) < 2:
        starts = [0]
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(section.lines)
        lines = section.lines[(0 if n == 0 else start):end]
        out.append(_read(section.heading if n == 0 else "", lines))
    return out


def _read(heading: str, lines: list[str]) -> _Record:
    record = _Record(heading, text="\n".join([heading, *lines]))
    current: list[str] | None = None
    for line in lines:
        found = _label(line)
        if found is not None:
            kind, value = found
            current = record.fields.setdefault(kind, [])
            if kind == "abstract" or not current:
                current.append(value)
            else:
                current[-1] += " " + value
            if kind not in ("abstract",):
                current = None
            continue
        stripped = line.strip()
        if stripped.startswith(">"):
            record.quote.append(stripped.lstrip(">").strip())
            continue
        if not stripped:
            if current is not None and current and current[-1].strip():
                current = None  # a blank line ends a labelled abstract
            elif record.quote and record.quote[-1]:
                record.quote.append("")
            continue
        if current is not None:
            current[-1] += "\n" + stripped
        else:
            record.loose.append(stripped)
    return record


def _plain(text: str) -> str:
    """Markdown/HTML inline markup removed: links become their text."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _ANGLE_URL.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub(" ", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)", r"\1", text)
    return collapse_spaces(text).strip(" :-–—|")


def _links(text: str) -> list[str]:
    return [m.group(2) for m in _MD_LINK.finditer(text)] + _ANGLE_URL.findall(text)


def _author_links(raw: str) -> bool:
    links = _links(raw)
    return bool(links) and all(_AUTHOR_LINK.search(u) for u in links)


def _names(raw: str) -> bool:
    """An author list: links to author searches, or short comma-separated names."""
    if _author_links(raw):
        return True
    links = _links(raw)
    if links and any(_ARXIV.search(u) for u in links):
        return False
    parts = [p.strip() for p in re.split(r",|;|\band\b|&", _plain(raw)) if p.strip()]
    return bool(parts) and all(
        1 <= len(p.split()) <= 5 and all(_NAME_PART.match(w) for w in p.split()) for p in parts
    ) and (len(parts) > 1 or len(parts[0].split()) in (2, 3))


def _similar(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    return fa == fb or SequenceMatcher(None, fa, fb).ratio() >= 0.85


def _authors(raw: str) -> tuple[Author, ...]:
    text = re.sub(r",?\s+et al\.?$", "", _plain(raw))
    return tuple(
        Author(name)
        for name in (re.sub(r"[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+$", "", n).strip() for n in re.split(r",|;|\band\b|&", text))
        if name
    )


def _own_ids(record: _Record, title_raw: str) -> tuple[str, str]:
    """The record's arXiv id and DOI: from its title link or link rows first,
    else the id the record names most."""
    preferred = " ".join([title_raw, *record.fields.get("link", [])])
    for text in (preferred, record.text):
        found = [parse_arxiv_id(m.group(1)) for m in _ARXIV.finditer(text)]
        bases = [p.base for p in found if p is not None]
        if bases:
            return Counter(bases).most_common(1)[0][0], ""
    for text in (preferred, record.text):
        for token in re.findall(r"(?:doi\.org/|doi:\s*)?10\.\d{4,9}/[^\s\"<>)\]|]+", text, re.I):
            doi = parse_doi(token.rstrip(".,;"))
            if doi:
                return "", doi
    return "", ""


def _draft(record: _Record) -> PaperDraft | None:
    titles = record.fields.get("title", [])
    names = record.fields.get("authors", [])
    title_raw = titles[0] if titles else ""
    authors_raw = names[0] if names else ""
    heading = _NUMBERING.sub("", _plain(record.heading))
    if title_raw and authors_raw:
        swapped = _names(title_raw) and not _names(authors_raw)
        if heading:
            swapped = swapped or (
                _similar(_plain(authors_raw), heading) and not _similar(_plain(title_raw), heading)
            )
        if swapped:
            title_raw, authors_raw = authors_raw, title_raw
    elif title_raw and _names(title_raw) and heading and not _similar(_plain(title_raw), heading):
        title_raw, authors_raw = "", title_raw
    title = _NUMBERING.sub("", _plain(title_raw)) or heading
    if not authors_raw or _similar(_plain(authors_raw), title):
        # A label holding the title again: the names are on a line of author links.
        authors_raw = next((line for line in record.loose if _author_links(line)), "")
    if title_problem(title):
        return None
    abstract_parts = record.fields.get("abstract") or ["\n".join(record.quote)]
    abstract = clean_abstract(_plain_paragraphs(" \n".join(abstract_parts)))
    authors = _authors(authors_raw) if authors_raw else ()
    arxiv_id, doi = _own_ids(record, title_raw)
    if not (abstract or authors or arxiv_id or doi):
        return None
    code = next((u for v in record.fields.get("code", []) for u in _links(v) or [_plain(v)]
                 if u.startswith("http")), "")
    category = ""
    if arxiv_id:
        m = re.search(rf"{re.escape(arxiv_id)}(?:v\d+)?\)?\s*\**\s*\[([a-z\-]+(?:\.[A-Za-z\-]+)?)\]", record.text)
        category = m.group(1) if m else ""
    year = 2000 + int(arxiv_id[:2]) if re.match(r"^\d{4}\.", arxiv_id) else None
    return PaperDraft(
        title=title,
        authors=authors,
        abstract=abstract,
        year=year,  # a new-style arXiv id says when it was submitted
        arxiv_id=arxiv_id,
        doi=doi,
        code_url=code,
        primary_category=category,
        sources=("paste",),
    )


def _plain_paragraphs(text: str) -> str:
    return "\n\n".join(_plain(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def find_records(text: str) -> tuple[list[PaperDraft], str]:
    """The labelled records of a paste, and the text of every section that held none
    (for the other readers: ids, BibTeX, unlabelled title + abstract pairs)."""
    drafts: list[PaperDraft] = []
    rest: list[str] = []
    for section in _sections(text):
        records = _records(section)
        made = [d for d in (_draft(r) for r in records) if d is not None]
        if made:
            drafts.extend(made)
        elif not records:
            rest.append("\n".join([f"# {section.heading}" if section.heading else "", *section.lines]))
    return drafts, "\n".join(rest)


_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s+\S.*$|^\s*<h[1-6]\b", re.MULTILINE | re.IGNORECASE)
_ENTRY_HEAD = re.compile(r"^(\s*@\s*\w+\s*[{(][^,\n]*,)", re.MULTILINE)


def link_bibtex_sections(text: str, blocks_of: Callable[[str], list[str]]) -> str:
    """Give a BibTeX entry without an arXiv id the one its section links to.

    READMEs list papers as a heading, links ("paper link: arxiv.org/pdf/…") and
    a BibTeX block; the link is that entry's, not a paper to look up. Only a
    section with exactly one entry and one arXiv id is touched.
    """
    cuts = [m.start() for m in _HEADING_LINE.finditer(text)]
    if not cuts:
        return text
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    out = []
    for piece in pieces:
        entries = [b for b in blocks_of(piece) if not re.match(r"\s*@\s*(string|comment|preamble)\b", b, re.I)]
        if len(entries) == 1 and not re.search(r"eprint|arxiv", entries[0], re.IGNORECASE):
            prose = piece.replace(entries[0], " ")
            ids = {p.base for p in (parse_arxiv_id(m.group(1)) for m in _ARXIV.finditer(prose)) if p}
            if len(ids) == 1:
                entry = _ENTRY_HEAD.sub(
                    lambda m: f"{m.group(1)}\n  eprint = {{{ids.pop()}}}, archivePrefix = {{arXiv}},",
                    entries[0], count=1,
                )
                piece = piece.replace(entries[0], entry)
        out.append(piece)
    return "".join(out)
