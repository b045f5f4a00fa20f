"""Papers: reading, listing, adding, editing, removing; status, rating and keys.

``service.papers`` is what both front ends call for anything about a paper
itself. Tags, notes and saved searches have their own small services.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from readinglist.core import citekeys, duplicates, edits, undo
from readinglist.core.drafts import draft_of, mark_edited, normalize_draft, same_metadata
from readinglist.core.errors import ImportFailed, InvalidInput, NotFound
from readinglist.core.events import LibraryEvent
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers import identifiers_lookup
from readinglist.core.models import (
    METADATA_FIELDS,
    Author,
    Paper,
    PaperDraft,
    PaperId,
    ReadStatus,
)
from readinglist.core.progress import CancelFn, ProgressFn
from readinglist.core.search.query import Match, Node, conjoin, is_structured, parse_query
from readinglist.core.services import writer
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.reports import AddResult, ImportReport
from readinglist.core.storage import listing
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import tags as tags_repo


# What the table and ``list --sort`` can sort by.
SORT_NAMES = tuple(listing.SORT_COLUMNS)


def view_query(query: str, status: ReadStatus | None, tag: str | None, within: str = "") -> Node:
    """The query, ANDed with the view it runs in (status, tag, a saved search).

    ``within`` is parsed on its own, so its parentheses cannot be escaped
    from by ``query`` and errors point into what the user typed.
    """
    nodes: list[Node] = [parse_query(query)]
    if within.strip():
        nodes.append(parse_query(within))
    if status is not None:
        nodes.append(Match("status", ReadStatus(status).value))
    if tag:
        nodes.append(Match("tags", tags_repo.normalize_tag(tag).lower()))
    return conjoin(*nodes)


class Papers:
    def __init__(self, ctx: LibraryContext) -> None:
        self._ctx = ctx

    # ---- reading ------------------------------------------------------------

    def get(self, paper_id: int) -> Paper:
        paper = papers_repo.get(self._ctx.store.db(), paper_id)
        if paper is None:
            raise NotFound(f"no paper with id {paper_id}")
        return paper

    def get_many(self, ids: Sequence[int], *, with_notes: bool = True) -> list[Paper]:
        return papers_repo.get_many(self._ctx.store.db(), ids, with_notes=with_notes)

    def find(self, key: str) -> PaperId | None:
        """The paper a user means by ``key``: numeric id, arXiv id/URL, DOI or citation key."""
        db = self._ctx.store.db()
        key = key.strip()
        if not key:
            return None
        if key.isdigit():
            if papers_repo.existing_ids(db, [int(key)]):
                return PaperId(int(key))
        arxiv = parse_arxiv_id(key)
        if arxiv is not None:
            found = papers_repo.find_id(db, "arxiv_id", arxiv.base)
            if found is not None:
                return found
        doi = parse_doi(key)
        if doi:
            found = papers_repo.find_id(db, "doi", doi)
            if found is not None:
                return found
        return papers_repo.find_by_citekey(db, key)

    def resolve(self, key: str) -> Paper:
        found = self.find(key)
        if found is None:
            raise NotFound(f"no paper matches {key!r} (try a citation key, arXiv id, DOI or id)")
        return self.get(found)

    def count(self) -> int:
        return papers_repo.count(self._ctx.store.db())

    def status_counts(self) -> dict[ReadStatus, int]:
        counts = {s: 0 for s in ReadStatus}
        for status, n in papers_repo.status_counts(self._ctx.store.db()).items():
            counts[ReadStatus(status)] = n
        return counts

    def list_ids(
        self,
        *,
        status: ReadStatus | None = None,
        tag: str | None = None,
        query: str = "",
        within: str = "",
        sort: str = "added",
        descending: bool = True,
    ) -> list[PaperId]:
        """Every matching paper id, sorted in SQL (the table model pages through it)."""
        node = view_query(query, status, tag, within)
        if not is_structured(node):
            raise InvalidInput("list_ids takes only structured filters; use search()")
        return listing.matching_ids(self._ctx.store.db(), node, sort=sort, descending=descending)

    def sort_ids(self, ids: Sequence[int], sort: str, *, descending: bool = False) -> list[PaperId]:
        """Reorder a result set by a column (a header click on search results)."""
        return listing.sort_ids(self._ctx.store.db(), ids, sort, descending=descending)

    # ---- adding and editing -------------------------------------------------

    def add(
        self,
        draft: PaperDraft,
        *,
        tags: Iterable[str] = (),
        status: ReadStatus | None = None,
    ) -> AddResult:
        """Add a paper, or refresh the metadata of the one it already is."""
        tag_names = [tags_repo.normalize_tag(t) for t in tags]
        with self._ctx.store.write() as txn:
            result = writer.upsert(txn, draft, status=status)
            if tag_names:
                tags_repo.add_tags(txn, [result.paper_id], tag_names)
        event = LibraryEvent.PAPERS_ADDED if result.outcome == "added" else LibraryEvent.PAPERS_CHANGED
        self._ctx.changed(event, [result.paper_id])
        return result

    def add_many(
        self,
        drafts: Sequence[PaperDraft],
        *,
        tags: Iterable[str] = (),
        status: ReadStatus | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Add many papers in one transaction: all of them, or (on error/cancel) none."""
        return writer.add_many(
            self._ctx, drafts, tags=tags, status=status, progress=progress, cancel=cancel
        )

    def edit(self, paper_id: int, values: dict[str, str | None]) -> Paper:
        """The user's edit, as typed (edit form, ``readinglist edit``): see ``core/edits.py``."""
        return self.update_metadata(paper_id, **edits.parse_changes(values))

    def look_up_metadata(self, identifier: str) -> PaperDraft:
        """What arXiv or doi.org know about one id (nothing is written): the edit form's fill."""
        found = identifiers_lookup.look_up(self._ctx.http, self._ctx.settings, [identifier])
        if not found.drafts:
            reason = found.skipped[0].partition(": ")[2] if found.skipped else "not found"
            raise ImportFailed(f"{identifier}: {reason}")
        return found.drafts[0]

    def edited_fields(self, paper_id: int) -> set[str]:
        return papers_repo.edited_fields(self._ctx.store.db(), paper_id)

    def update_metadata(self, paper_id: int, **changes: Any) -> Paper:
        """A user's edit of bibliographic fields (title, authors, year, venue …).

        The fields that change are remembered as the user's: a later import
        of the same paper keeps them (``edits.keep_user_edits``).
        """
        allowed = {*METADATA_FIELDS, "authors", "categories", "extra"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
        if "authors" in changes:
            changes["authors"] = tuple(
                a if isinstance(a, Author) else Author(str(a)) for a in changes["authors"]
            )
        with self._ctx.store.write() as txn:
            current = papers_repo.get(txn.db, paper_id)
            if current is None:
                raise NotFound(f"no paper with id {paper_id}")
            draft = mark_edited(
                draft_of(current), normalize_draft(replace(draft_of(current), **changes))
            )
            for column in ("arxiv_id", "doi"):
                value = getattr(draft, column)
                owner = papers_repo.find_id(txn.db, column, value) if value else None
                if owner is not None and owner != paper_id:
                    raise InvalidInput(f"another paper already has {column.replace('_', ' ')} {value}")
            if not same_metadata(draft, draft_of(current)):
                papers_repo.update_metadata(txn, paper_id, draft)
                asked = [f for f in changes if f != "arxiv_version"]
                papers_repo.record_edits(
                    txn, paper_id, edits.changed_fields(draft_of(current), draft, asked)
                )
        self._ctx.changed(LibraryEvent.PAPERS_CHANGED, [paper_id])
        return self.get(paper_id)

    # ---- duplicates and removal ---------------------------------------------

    def find_duplicates(self) -> list[duplicates.DuplicatePair]:
        """Pairs of papers that are probably one paper (``core/duplicates.py``)."""
        return duplicates.find_duplicates(self._ctx.store.db())

    def merge(self, keep_id: int, other_id: int) -> Paper:
        """Merge ``other_id`` into ``keep_id``: richer fields, all tags and notes, kept key."""
        with self._ctx.store.write() as txn:
            merged = duplicates.merge_papers(txn, keep_id, other_id)
        self._ctx.changed(LibraryEvent.PAPERS_REMOVED, [PaperId(other_id)])
        self._ctx.changed(LibraryEvent.PAPERS_CHANGED, [PaperId(keep_id)])
        return merged

    def remove(self, ids: Sequence[int]) -> list[PaperId]:
        """Delete papers; they go to the trash, and undo brings them back whole."""
        with self._ctx.undoable() as (txn, change):
            kept = undo.delete_papers(txn, ids, change)
            change.label = undo.papers_label(txn.db, kept, "Delete")
            removed = papers_repo.delete(txn, ids)
            tags_repo.prune_unused(txn)
        if removed:
            self._ctx.changed(LibraryEvent.PAPERS_REMOVED, removed)
        return removed

    # ---- what the user owns: status, rating, key ----------------------------

    def set_status(self, ids: Sequence[int], status: ReadStatus | str) -> list[PaperId]:
        value = status if isinstance(status, ReadStatus) else ReadStatus.parse(status)
        with self._ctx.undoable() as (txn, change):
            before = undo.capture_columns(txn.db, ids, ["status"])
            changed = papers_repo.set_columns(txn, ids, status=value.value)
            change.label = undo.papers_label(txn.db, changed, "Mark", f" as {value.value}")
            change.add(undo.columns_step(before, ["status"], changed))
        if changed:
            self._ctx.changed(LibraryEvent.PAPERS_CHANGED, changed)
        return changed

    def set_rating(self, ids: Sequence[int], rating: int) -> list[PaperId]:
        if not isinstance(rating, int) or not 0 <= rating <= 5:
            raise InvalidInput("a rating is a whole number from 0 to 5")
        with self._ctx.undoable() as (txn, change):
            before = undo.capture_columns(txn.db, ids, ["rating"])
            changed = papers_repo.set_columns(txn, ids, rating=rating)
            change.label = (undo.papers_label(txn.db, changed, "Rate", f" {rating} ★") if rating
                            else undo.papers_label(txn.db, changed, "Clear the rating of"))
            change.add(undo.columns_step(before, ["rating"], changed))
        if changed:
            self._ctx.changed(LibraryEvent.PAPERS_CHANGED, changed)
        return changed

    def set_citekey(self, paper_id: int, key: str) -> str:
        key = citekeys.validate_citekey(key)
        with self._ctx.undoable() as (txn, change):
            if papers_repo.citekey_taken(txn.db, key, exclude=paper_id):
                holder = papers_repo.citekey_holder(txn.db, key, exclude=paper_id)
                title = (holder[0] or "(untitled)") if holder else "another paper"
                year = f" ({holder[1]})" if holder and holder[1] else ""
                raise InvalidInput(
                    f"the citation key {key!r} is already used by “{title}”{year}; "
                    "choose another key"
                )
            if not papers_repo.existing_ids(txn.db, [paper_id]):
                raise NotFound(f"no paper with id {paper_id}")
            before = undo.capture_columns(txn.db, [paper_id], ["citekey"])
            changed = papers_repo.set_columns(txn, [paper_id], citekey=key)
            change.label = undo.papers_label(txn.db, changed, "Change the key of", f" to {key}")
            change.add(undo.columns_step(before, ["citekey"], changed))
        if changed:
            self._ctx.changed(LibraryEvent.PAPERS_CHANGED, changed)
        return key
