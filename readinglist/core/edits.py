"""A user's edits of a paper's metadata, and keeping them through later imports.

Fixing a pasted paper's title or authors is the user's decision; importing
the same paper again (a Daily list, a .bib file, ``add --resolve``) must not
undo it. Which fields the user edited is stored per paper (table
``paper_edits``), and :func:`keep_user_edits` puts those values back into
whatever an import would write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from readinglist.core.errors import InvalidInput
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.models import METADATA_FIELDS, Author, Paper, PaperDraft
from readinglist.core.storage import papers as papers_repo

# What the edit form and ``readinglist edit --field`` may change.
EDITABLE: tuple[str, ...] = (
    "title", "authors", "year", "venue", "doi", "arxiv_id", "abstract", "date", "entry_type",
    "volume", "number", "pages", "publisher", "url", "pdf_url", "code_url", "project_url",
    "primary_category",
)
_IDS = ("arxiv_id", "doi")




def keep_user_edits(db: Database, paper_id: int, current: Paper, merged: PaperDraft) -> PaperDraft:
    """``merged`` (what an import would write) with the user's edited fields as they are."""
    fields = papers_repo.edited_fields(db, paper_id)
    if not fields:
        return merged
    keep: dict[str, Any] = {}
    for name in fields:
        if name == "authors":
            keep["authors"] = current.authors
        elif name in METADATA_FIELDS:
            keep[name] = getattr(current, name)
            if name == "arxiv_id":
                keep["arxiv_version"] = current.arxiv_version
    return replace(merged, **keep)


def changed_fields(before: PaperDraft, after: PaperDraft, asked: Iterable[str]) -> list[str]:
    """The asked-for fields whose value really changed (only those become the user's)."""
    out = []
    for name in asked:
        if getattr(before, name) != getattr(after, name):
            out.append(name)
    return out


def parse_changes(values: Mapping[str, str | None]) -> dict[str, Any]:
    """Text as typed in the edit form or on the command line -> typed draft values.

    ``authors`` is ``"Ada Lovelace; Alan Turing"``; an empty year clears it;
    ids are checked (a bad DOI or arXiv id is a clear error, nothing changes).
    """
    changes: dict[str, Any] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        if name not in EDITABLE:
            allowed = ", ".join(EDITABLE)
            raise InvalidInput(f"{name!r} is not a field you can edit (fields: {allowed})")
        text = raw.strip()
        if name == "authors":
            changes["authors"] = tuple(Author(a.strip()) for a in text.split(";") if a.strip())
        elif name == "year":
            if text and not (text.isdigit() and 1000 <= int(text) <= 2999):
                raise InvalidInput(f"the year must be a number like 2017, not {raw!r}")
            changes["year"] = int(text) if text else None
        elif name == "arxiv_id":
            parsed = parse_arxiv_id(text) if text else None
            if text and parsed is None:
                raise InvalidInput(f"{raw!r} is not an arXiv id (like 1706.03762)")
            changes["arxiv_id"] = parsed.base if parsed else ""
            if parsed and parsed.version:
                changes["arxiv_version"] = parsed.version
        elif name == "doi":
            parsed_doi = parse_doi(text) if text else None
            if text and not parsed_doi:
                raise InvalidInput(f"{raw!r} is not a DOI (like 10.1038/nature14539)")
            changes["doi"] = parsed_doi or ""
        else:
            changes[name] = text
    if "title" in changes and not changes["title"]:
        raise InvalidInput("a paper needs a title")
    return changes


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``["pages=1-10", "publisher=ACM"]`` -> ``{"pages": "1-10", ...}`` (``--field``)."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--field takes NAME=VALUE, not {item!r}")
        out[name.strip().lower().replace("-", "_")] = value
    return out
