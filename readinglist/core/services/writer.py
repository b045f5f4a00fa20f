"""Adding drafts to the library: one paper at a time inside a caller's transaction.

Shared by adding papers by hand, the imports and the Daily lists: a draft
becomes a new paper, refreshes the paper it already is (same arXiv id, DOI,
or key and title), or changes nothing. User edits survive a refresh
(``edits.keep_user_edits``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from readinglist.core import citekeys, duplicates, edits
from readinglist.core.drafts import (
    draft_of,
    merge_metadata,
    normalize_draft,
    same_metadata,
    user_edited,
)
from readinglist.core.errors import InvalidInput
from readinglist.core.events import LibraryEvent
from readinglist.core.importers import import_notes
from readinglist.core.importers.bib_read import Origin
from readinglist.core.importers.file_tags import add_file_tags
from readinglist.core.matching import same_paper_without_ids
from readinglist.core.models import PaperDraft, PaperId, ReadStatus
from readinglist.core.progress import CancelFn, ProgressFn, steps
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.reports import AddResult, ImportReport
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage.db import WriteTxn
from readinglist.core.text_norm import title_key
from readinglist.core.validation import check_draft


def existing_for(txn: WriteTxn, draft: PaperDraft) -> PaperId | None:
    """The paper with the draft's arXiv id or DOI, if there is one."""
    db = txn.db
    if draft.arxiv_id:
        found = papers_repo.find_id(db, "arxiv_id", draft.arxiv_id)
        if found is not None:
            return found
    if draft.doi:
        return papers_repo.find_id(db, "doi", draft.doi)
    return None


def upsert(
    txn: WriteTxn,
    draft: PaperDraft,
    *,
    status: ReadStatus | None = None,
    added: str | None = None,
    modified: str | None = None,
    rating: int = 0,
    match_citekey: bool = False,
) -> AddResult:
    draft = check_draft(normalize_draft(draft))
    if not draft.title and not draft.arxiv_id and not draft.doi:
        raise InvalidInput("a paper needs at least a title, an arXiv id or a DOI")
    existing = existing_for(txn, draft)
    # A record with its own citation key (a .bib entry) stays a record: documents cite
    # that key. Bare titles (pasted lists) match the library's paper by title.
    by_title = (None if existing is not None or draft.citekey
                else duplicates.match_by_title(txn.db, draft))
    if by_title is not None:
        current = papers_repo.get(txn.db, by_title)
        assert current is not None
        filled = duplicates.fill_missing(draft_of(current), draft)
        if same_metadata(filled, draft_of(current)):
            return AddResult(by_title, "unchanged")
        papers_repo.update_metadata(txn, by_title, filled)
        return AddResult(by_title, "updated")
    if existing is None and match_citekey and draft.citekey:
        # Papers without ids are the same paper when key and title agree.
        found = papers_repo.find_id(txn.db, "citekey", draft.citekey)
        first = draft.authors[0].family_name if draft.authors else ""
        if found is not None:
            current = papers_repo.get(txn.db, found)
            cur_first = current.authors[0].family_name if current and current.authors else ""
            if current and (
                title_key(current.title, cur_first) == title_key(draft.title, first)
                or {"title", "authors"} & user_edited(current.extra)
            ):
                existing = found  # (the user may have edited the title since)
    if existing is None and match_citekey and not draft.citekey:
        # Papers without ids or keys: title, authors and year. An entry that
        # names its own key is a separate entry (a .bib may hold the same paper
        # twice under two keys, and documents cite both): it is added and
        # flagged as a probable duplicate, never merged away with its key.
        existing = same_paper_without_ids(txn, draft)
    if existing is not None:
        current = papers_repo.get(txn.db, existing)
        assert current is not None
        other_entry = match_citekey and bool(draft.citekey) and (
            draft.citekey.lower() != current.citekey.lower()
        )
        merged = merge_metadata(current, draft, fill_only=other_entry)
        if merged.doi and merged.doi != current.doi:
            owner = papers_repo.find_id(txn.db, "doi", merged.doi)
            if owner is not None and owner != existing:
                merged = replace(merged, doi=current.doi)
        merged = edits.keep_user_edits(txn.db, existing, current, merged)
        if same_metadata(merged, draft_of(current)):
            return AddResult(existing, "unchanged")
        papers_repo.update_metadata(txn, existing, merged)
        return AddResult(existing, "updated")
    first = draft.authors[0].family_name if draft.authors else ""
    tkey = title_key(draft.title, first)
    duplicate_of = papers_repo.find_id(txn.db, "title_key", tkey) if tkey else None
    key, clash = new_citekey(txn, draft)
    pid = papers_repo.insert(
        txn,
        draft,
        citekey=key,
        status=status or ReadStatus.INBOX,
        rating=rating,
        added=added,
        modified=modified,
        duplicate_of=duplicate_of,
    )
    return AddResult(pid, "added", duplicate_of, clash)


def new_citekey(txn: WriteTxn, draft: PaperDraft) -> tuple[str, tuple[str, str] | None]:
    def taken(key: str) -> bool:
        return papers_repo.citekey_taken(txn.db, key)

    wanted = draft.citekey
    if wanted and not citekeys.is_valid_citekey(wanted):
        wanted = citekeys.usable_citekey(wanted)  # reported by the importer as old → new
    if wanted:
        key = citekeys.unique_citekey(wanted, taken)
        return key, ((wanted, key) if key != wanted else None)
    base = citekeys.base_citekey(draft.authors, draft.title, draft.year)
    return citekeys.unique_citekey(base, taken), None


def as_known_paper(txn: WriteTxn, draft: PaperDraft) -> PaperDraft:
    """Point an id-less draft at the paper it was imported as before, through its key.

    The earlier import may have given the key a clash suffix (``Smith2020a``).
    """
    if draft.arxiv_id or draft.doi:
        return draft
    tkey = title_key(draft.title, draft.authors[0].family_name if draft.authors else "")
    if not tkey:
        return draft
    for key in papers_repo.keys_for_title(txn.db, tkey, draft.citekey):
        # The key itself, or it with a clash suffix (Smith2020a); not another key that
        # merely starts the same way (scilab vs scilab-condensed). No key: any.
        rest = key[len(draft.citekey) :]
        if not draft.citekey or rest == "" or (rest.isalpha() and rest.islower()):
            return replace(draft, citekey=key)
    return draft


def add_many(
    ctx: LibraryContext,
    drafts: Sequence[PaperDraft],
    *,
    tags: Iterable[str] = (),
    status: ReadStatus | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Add many papers in one transaction: all of them, or (on error/cancel) none.

    Thousands of papers are indexed on every core while they are written
    (``Indexing.bulk``), each with its tags already on.
    """
    tag_names = [tags_repo.normalize_tag(t) for t in tags]
    result = ImportReport()
    with ctx.bulk_index(len(drafts)) as feed:
        with ctx.store.write() as txn:
            for draft in steps(drafts, "import", progress, cancel):
                outcome = upsert(txn, draft, status=status)
                result.record(outcome)
                if feed is None:
                    continue
                if tag_names:
                    tags_repo.add_tags(txn, [outcome.paper_id], tag_names)
                if tag_names or outcome.outcome != "unchanged":
                    feed.written(txn, outcome.paper_id, new=outcome.outcome == "added")
            if feed is not None:
                feed.flush(txn)
            elif tag_names and result.paper_ids:
                tags_repo.add_tags(txn, result.paper_ids, tag_names)
        if result.added:
            ctx.changed(LibraryEvent.PAPERS_ADDED, result.added)
        if result.updated or (tag_names and result.unchanged):
            ctx.changed(LibraryEvent.PAPERS_CHANGED, [*result.updated, *result.unchanged])
        if feed is not None:
            feed.finish(progress=progress, cancel=cancel)
    return result


def add_imported(
    ctx: LibraryContext,
    drafts: Sequence[PaperDraft],
    *,
    origins: Sequence[Origin] | None = None,
    tags: Sequence[Sequence[str]] = (),
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Like :func:`add_many` (one transaction, ``inbox``), but papers without ids
    are recognised again by title, first author and key, so importing the
    same ``.bib`` file or paste twice adds nothing the second time. With
    ``origins`` (where each draft was in its file), every key that changed
    and every entry merged into another paper is named in ``notices``.
    ``tags[i]`` (a file's own tags, e.g. RIS keywords) are added to draft i's paper."""
    result = ImportReport()
    with ctx.store.write() as txn:
        for i, draft in enumerate(steps(drafts, "import", progress, cancel)):
            draft = as_known_paper(txn, normalize_draft(draft))
            by_id = origins is not None and existing_for(txn, draft) is not None
            outcome = upsert(txn, draft, status=ReadStatus.INBOX, match_citekey=True)
            if i < len(tags) and tags[i] and add_file_tags(txn, outcome.paper_id, tags[i]):
                if outcome.outcome == "unchanged":
                    outcome = replace(outcome, outcome="updated")
            result.record(outcome)
            if origins is not None:
                key = papers_repo.citekey_of(txn.db, outcome.paper_id)
                note = import_notes.key_note(origins[i], draft, outcome.outcome, key, by_id)
                if note:
                    result.notices.append(note)
    if result.added:
        ctx.changed(LibraryEvent.PAPERS_ADDED, result.added)
    if result.updated:
        ctx.changed(LibraryEvent.PAPERS_CHANGED, result.updated)
    return result
