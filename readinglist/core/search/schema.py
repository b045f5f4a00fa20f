"""The Whoosh schema and how a paper becomes a search document.

Only the paper id is stored: SQLite holds the data, the index only answers
"which ids, in what order". Tags are indexed with all their ancestors
(``ml/nlp`` also as ``ml``) so a search for a parent tag finds its children
with one term lookup.
"""

from __future__ import annotations

from whoosh import fields

from readinglist.core.models import Paper
from readinglist.core.search.analysis import (
    FastPositions,
    FoldingAnalyzer,
    name_analyzer,
    text_analyzer,
)
from readinglist.core.search.query import minutes_from_iso
from readinglist.core.storage.tags import ancestors

# Bump when the schema or analysis changes: an index with another version is rebuilt.
# 2: one-pass analyzers (same terms), fixed searcher refresh.
# 3: ``added`` in a 64-bit field (minutes since 1970 overflow 32 bits in 6053).
# 4: ``year`` and ``rating`` one term per value, ``added`` 8 trie levels, not 16
#    (issue 13: 32 numeric postings a paper became 10; same range answers).
SCHEMA_VERSION = 4

# Ranking weights of the default fields: a title hit beats an abstract-only hit.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "authors": 2.5,
    "tags": 2.0,
    "venue": 1.0,
    "abstract": 1.0,
    "notes": 1.5,
}


def _text(analyzer: FoldingAnalyzer) -> fields.TEXT:
    field = fields.TEXT(analyzer=analyzer, phrase=True)
    field.format = FastPositions(field_boost=field.format.field_boost)
    return field


def make_schema() -> fields.Schema:
    text = text_analyzer()
    return fields.Schema(
        pid=fields.ID(stored=True, unique=True),
        title=_text(text),
        abstract=_text(text),
        notes=_text(text),
        venue=_text(text),
        authors=_text(name_analyzer()),
        tags=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        ids=fields.KEYWORD(lowercase=True),
        citekey=fields.ID(),
        arxiv=fields.ID(),
        doi=fields.ID(),
        status=fields.ID(),
        has=fields.KEYWORD(),
        # Signed on purpose: Whoosh 2.7's unsigned ranges starting at 0 match everything.
        # Years and ratings take few distinct values, so a range walks a handful
        # of exact terms: no trie levels (Whoosh's default, shift 4, adds seven
        # postings a paper to each).
        year=fields.NUMERIC(int, bits=32, shift_step=0),
        rating=fields.NUMERIC(int, bits=32, shift_step=0),
        # 64 bits: every timestamp SQLite can hold fits (a 32-bit field made
        # one paper "added" in 6100 break every index write). Minutes are
        # nearly unique, so a range needs trie levels; 8 bits a level (as
        # Whoosh's DATETIME) keeps a range's edge terms under 2 x 255 a level.
        added=fields.NUMERIC(int, bits=64, shift_step=8),
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
        "rating": paper.rating if isinstance(paper.rating, int) and 0 <= paper.rating <= 5 else 0,
    }
    added = _added_minutes(paper.added)
    if added is not None:
        doc["added"] = added
    if isinstance(paper.year, int) and 0 <= paper.year <= 9999:
        doc["year"] = paper.year
    return {k: v for k, v in doc.items() if v != ""}


# Whoosh's 64-bit signed range, with room for query arithmetic.
_MINUTES_LIMIT = 2**62


def _added_minutes(stamp: str) -> int | None:
    """Minutes since 1970 for the index, or None for a stamp it cannot represent.

    Importers refuse absurd times, but a database written by an older
    version or by hand may hold anything; such a paper is indexed without a
    date rather than breaking every later index write.
    """
    try:
        minutes = minutes_from_iso(stamp)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    return minutes if -_MINUTES_LIMIT < minutes < _MINUTES_LIMIT else None
