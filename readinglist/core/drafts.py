"""Cleaning drafts from importers and merging them into known papers.

Every importer hands over a :class:`PaperDraft`; this module gives all of
them the same normal form (ids, whitespace, year) and decides what a
re-import may change. Only bibliographic metadata is ever merged: tags,
notes, status, rating and the citation key are not part of a draft at all.
"""

from __future__ import annotations

import re
from dataclasses import replace

from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.models import METADATA_FIELDS, Author, Paper, PaperDraft
from readinglist.core.text_norm import collapse_spaces

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def clean_abstract(text: str) -> str:
    """Join hard-wrapped lines; keep blank-line paragraph breaks."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    return "\n\n".join(collapse_spaces(p) for p in paragraphs if p.strip())


def normalize_draft(draft: PaperDraft) -> PaperDraft:
    arxiv_id, version = draft.arxiv_id, draft.arxiv_version
    if arxiv_id:
        parsed = parse_arxiv_id(arxiv_id)
        arxiv_id = parsed.base if parsed else ""
        if parsed and parsed.version and not version:
            version = parsed.version
    doi = parse_doi(draft.doi, allow_arxiv=True) if draft.doi else ""
    if doi:
        as_arxiv = parse_arxiv_id(doi)
        if as_arxiv is not None:
            # arXiv's own DOI names the preprint: identify it by its arXiv id.
            arxiv_id = arxiv_id or as_arxiv.base
            doi = ""
    year = draft.year
    if year is None and re.match(r"^\d{4}", draft.date or ""):
        year = int(draft.date[:4])
    authors = tuple(
        Author(collapse_spaces(a.name), collapse_spaces(a.family), collapse_spaces(a.given))
        for a in draft.authors
        if collapse_spaces(a.name)
    )
    return replace(
        draft,
        title=collapse_spaces(draft.title),
        abstract=clean_abstract(draft.abstract),
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        year=year,
        venue=collapse_spaces(draft.venue),
        categories=tuple(dict.fromkeys(c.strip() for c in draft.categories if c.strip())),
        sources=tuple(dict.fromkeys(s for s in draft.sources if s)),
        citekey=draft.citekey.strip(),
    )


def draft_of(paper: Paper) -> PaperDraft:
    """The metadata part of a stored paper, as a draft."""
    values = {f: getattr(paper, f) for f in METADATA_FIELDS}
    return PaperDraft(
        authors=paper.authors,
        categories=paper.categories,
        sources=paper.sources,
        extra=dict(paper.extra),
        **values,
    )


USER_EDITED = "_edited"  # extra: the fields the user changed by hand (a re-import leaves them)


def user_edited(extra: dict[str, object]) -> set[str]:
    value = extra.get(USER_EDITED, "")
    return set(value.split()) if isinstance(value, str) else set()


def mark_edited(before: PaperDraft, after: PaperDraft) -> PaperDraft:
    """``after`` with the fields that differ from ``before`` remembered as the user's."""
    changed = {
        name
        for name in (*METADATA_FIELDS, "authors", "categories")
        if getattr(before, name) != getattr(after, name)
    }
    changed |= {
        f"extra.{k}"
        for k in set(before.extra) | set(after.extra)
        if not k.startswith("_") and before.extra.get(k) != after.extra.get(k)
    }
    if not changed:
        return after
    edited = user_edited(after.extra) | user_edited(before.extra) | changed
    return replace(after, extra={**after.extra, USER_EDITED: " ".join(sorted(edited))})


def merge_metadata(current: Paper, incoming: PaperDraft, *, fill_only: bool = False) -> PaperDraft:
    """What the paper's metadata becomes when ``incoming`` is imported again.

    Non-empty incoming values win (fresh upvotes, a new version, a DOI once
    published), except that an *older* arXiv version never overwrites the
    text of a newer one; empty values never erase what is known; a shorter
    author list (two of eight, "and others") never replaces a longer one;
    and whatever the user edited by hand stays as the user left it.

    ``fill_only``: ``incoming`` is another entry for the same paper (a second
    ``.bib`` entry with the same DOI), so it only fills what is missing.
    """
    base = draft_of(current)
    edited = user_edited(current.extra)
    if fill_only:
        edited = edited | {
            name for name in (*METADATA_FIELDS, "authors", "categories")
            if getattr(base, name) not in ("", None, ())
        } | {f"extra.{name}" for name in current.extra}
    older = (
        incoming.arxiv_version is not None
        and current.arxiv_version is not None
        and incoming.arxiv_version < current.arxiv_version
    )
    changes: dict[str, object] = {}
    for name in METADATA_FIELDS:
        value = getattr(incoming, name)
        if value in ("", None) or name in edited:
            continue
        if name == "doi" and str(value).lower() == current.doi.lower():
            continue  # DOIs are case-insensitive: the same DOI, keep its spelling
        if older and name in ("title", "abstract", "arxiv_version", "date", "pdf_url"):
            continue
        changes[name] = value
    if (
        incoming.authors
        and not older
        and "authors" not in edited
        and len(incoming.authors) >= len(current.authors)
    ):
        changes["authors"] = incoming.authors
    if incoming.categories and "categories" not in edited:
        changes["categories"] = incoming.categories
    changes["sources"] = tuple(dict.fromkeys((*current.sources, *incoming.sources)))
    extra = dict(current.extra)
    for name, value in incoming.extra.items():
        if value in ("", None) or f"extra.{name}" in edited or name == USER_EDITED:
            continue
        extra[name] = value
    changes["extra"] = extra
    return replace(base, **changes)  # type: ignore[arg-type]


def same_metadata(a: PaperDraft, b: PaperDraft) -> bool:
    fields = (*METADATA_FIELDS, "authors", "categories", "sources", "extra")
    return all(getattr(a, f) == getattr(b, f) for f in fields)
