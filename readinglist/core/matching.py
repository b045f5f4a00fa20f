"""Recognising a paper that has no arXiv id or DOI when it is imported again.

A native JSON export of papers known only by title (a book, a workshop
paper) carries no identifier; without a rule, importing the same file twice
(or retrying an import that did succeed) would add every such paper again.
It is the same paper when the folded title, every author's folded name and
the year all agree, and the stored paper has no identifier either (one with
an id is a different record that merely shares a title).
"""

from __future__ import annotations

from readinglist.core.models import PaperDraft, PaperId
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage.db import WriteTxn
from readinglist.core.text_norm import fold, title_key


def _authors_key(names: list[str]) -> tuple[str, ...]:
    return tuple(fold(n).replace(" ", "") for n in names)


def same_paper_without_ids(txn: WriteTxn, draft: PaperDraft) -> PaperId | None:
    """The stored paper ``draft`` is a re-import of, by title, authors and year; or None."""
    if draft.arxiv_id or draft.doi or not draft.title:
        return None
    first = draft.authors[0].family_name if draft.authors else ""
    key = title_key(draft.title, first)
    if not key:
        return None
    wanted = _authors_key([a.name for a in draft.authors])
    for pid in papers_repo.without_ids_by_title_key(txn.db, key, draft.year):
        paper = papers_repo.get(txn.db, pid)
        if paper is not None and _authors_key([a.name for a in paper.authors]) == wanted:
            return PaperId(pid)
    return None
