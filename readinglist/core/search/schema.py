"""The Whoosh schema and how a paper becomes a search document.

Only the paper id is stored: SQLite holds the data, the index only answers
"which ids, in what order". Tags are indexed with all their ancestors
(``ml/nlp`` also as ``ml``) so a search for a parent tag finds its children
with one term lookup.
"""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from readinglist.core.models import Paper
from readinglist.core.search.query import minutes_from_iso
from readinglist.core.storage.tags import ancestors

# Bump when the schema or analysis changes: an index with another version is rebuilt.
SCHEMA_VERSION = 1

# Ranking weights of the default fields: a title hit beats an abstract-only hit.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "authors": 2.5,
    "tags": 2.0,
    "venue": 1.0,
    "abstract": 1.0,
    "notes": 1.5,
}


# Whoosh's default token pattern keeps "*" inside tokens ("**bold**" would be
# one token); Markdown notes need plain word characters.
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"


def text_analyzer() -> Analyzer:
    """Words, lower-cased, accents folded, stop words dropped, Porter-stemmed."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=1)
        | StemFilter(cachesize=100_000)
    )


def name_analyzer() -> Analyzer:
    """Author names: no stemming, accents folded so Muller finds Müller."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> fields.Schema:
    text = text_analyzer()
    return fields.Schema(
        pid=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text, phrase=True),
        abstract=fields.TEXT(analyzer=text, phrase=True),
        notes=fields.TEXT(analyzer=text, phrase=True),
        venue=fields.TEXT(analyzer=text, phrase=True),
        authors=fields.TEXT(analyzer=name_analyzer(), phrase=True),
        tags=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        ids=fields.KEYWORD(lowercase=True),
        citekey=fields.ID(),
        arxiv=fields.ID(),
        doi=fields.ID(),
        status=fields.ID(),
        has=fields.KEYWORD(),
        # Signed on purpose: Whoosh 2.7's unsigned ranges starting at 0 match everything.
        year=fields.NUMERIC(int, bits=32),
        rating=fields.NUMERIC(int, bits=32),
        added=fields.NUMERIC(int, bits=32),
    )


def has_flags(paper: Paper) -> list[str]:
    flags = []
    if paper.notes:
        flags.append("note")
    if paper.tags:
        flags.append("tag")
    if paper.abstract.strip():
        flags.append("abstract")
    if paper.doi:
        flags.append("doi")
    if paper.arxiv_id:
        flags.append("arxiv")
    if paper.code_url:
        flags.append("code")
    if paper.pdf_url or paper.arxiv_id:
        flags.append("pdf")
    if paper.rating:
        flags.append("rating")
    if paper.duplicate_of is not None:
        flags.append("duplicate")
    return flags


def document(paper: Paper) -> dict[str, object]:
    """The search document for a paper (every field, so updates replace it whole)."""
    tag_terms: list[str] = []
    for tag in paper.tags:
        tag_terms.extend(a.lower() for a in ancestors(tag))
    doc: dict[str, object] = {
        "pid": str(paper.id),
        "title": paper.title,
        "abstract": paper.abstract,
        "notes": "\n\n".join(n.body for n in paper.notes),
        "venue": paper.venue,
        "authors": "; ".join(a.name for a in paper.authors),
        "tags": ",".join(dict.fromkeys(tag_terms)),
        "ids": " ".join(x for x in (paper.citekey, paper.arxiv_id, paper.doi) if x),
        "citekey": paper.citekey.lower(),
        "arxiv": paper.arxiv_id.lower(),
        "doi": paper.doi.lower(),
        "status": paper.status.value,
        "has": " ".join(has_flags(paper)),
        "rating": paper.rating,
        "added": minutes_from_iso(paper.added),
    }
    if paper.year is not None and 0 <= paper.year <= 9999:
        doc["year"] = paper.year
    return {k: v for k, v in doc.items() if v != ""}
