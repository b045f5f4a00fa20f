"""Imports: a file's or a paste's text in any known format, identifiers, title look-ups.

Which format a text is, and how it is parsed, is the importers' table
(``core/importers/registry.py``); this service writes what they found, in
one transaction per import, through the shared upsert (``services/writer.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from readinglist.core import edits, importers
from readinglist.core.drafts import merge_metadata, normalize_draft
from readinglist.core.errors import ImportFailed
from readinglist.core.events import LibraryEvent
from readinglist.core.importers import bibtex_file, identifiers_lookup, paste, source_files
from readinglist.core.importers.native_json import PaperRecord, looks_native, parse_native
from readinglist.core.importers.native_stream import open_native
from readinglist.core.models import PaperId, ReadStatus, SavedSearch
from readinglist.core.progress import CancelFn, ProgressFn, steps
from readinglist.core.services import writer
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.reports import AddResult, ImportReport
from readinglist.core.storage import notes as notes_repo
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import saved_searches as saved_repo
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage.db import WriteTxn

# A native export bigger than this is read from its file as a stream: a
# 100k-paper export (330 MB) parsed in one piece held 1.3 GB.
STREAM_MIN_BYTES = 8 * 2**20

Committed = Callable[[ImportReport], None]


class Imports:
    def __init__(self, ctx: LibraryContext) -> None:
        self._ctx = ctx

    def file(
        self,
        path: Path,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        index_progress: ProgressFn | None = None,
        committed: Committed | None = None,
    ) -> ImportReport:
        """Import a file in any known format (see :meth:`text`).

        A big native export is read as a stream, and indexed on every core
        while it is written: ``committed`` is called once its papers are
        saved (listed by status, tag and year), ``index_progress`` (default:
        ``progress`` again) reports the full-text indexing that follows.
        """
        if looks_native(source_files.head(path)) and source_files.size(path) > STREAM_MIN_BYTES:
            found = open_native(path)
            return self._write_native(
                found.records(), found.count, found.tag_colors, found.saved_searches,
                progress=progress, cancel=cancel, index_progress=index_progress or progress,
                committed=committed,
            )
        return self.text(source_files.read_text(path), progress=progress, cancel=cancel)

    def text(
        self, text: str, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> ImportReport:
        """Import the text of a file or a paste, in whichever format it is
        (see :mod:`readinglist.core.importers.registry`)."""
        spec = importers.detect(text)
        if spec.route == "records":
            return self.records(text, spec.name, progress=progress, cancel=cancel)
        handlers = {"native": self.native, "bibtex": self.bibtex, "paste": self.paste}
        return handlers[spec.route](text, progress=progress, cancel=cancel)

    def records(
        self,
        text: str,
        fmt: str,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Import a file of a records format (CSL-JSON, RIS …): every usable record
        comes in, in one transaction; the others are listed with where and why."""
        spec = importers.import_format(fmt)
        found = spec.parse(text)
        if not found.drafts:
            raise ImportFailed(importers.nothing_imported(spec, found.problems))
        result = writer.add_imported(
            self._ctx, found.drafts, tags=found.tags, progress=progress, cancel=cancel
        )
        result.verb = "imported"
        result.problems = list(found.problems)
        return result

    def bibtex(
        self, text: str, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> ImportReport:
        """Import a ``.bib`` file entry by entry, keeping keys; entries that cannot be
        used are listed (key, line, reason) and the rest come in."""
        found = bibtex_file.read(text)
        if not found.drafts:
            if not found.problems:
                raise ImportFailed("nothing to import: the BibTeX text has no entries")
            listed = "\n".join(f"  {p}" for p in found.problems[:50])
            more = len(found.problems) - 50
            raise ImportFailed(
                "nothing was imported; no entry could be used:\n" + listed
                + (f"\n  … and {more} more" if more > 0 else "")
            )
        result = writer.add_imported(
            self._ctx, found.drafts, origins=found.origins, progress=progress, cancel=cancel
        )
        result.verb = "imported"
        result.problems = [str(p) for p in found.problems]
        result.notices = [*found.notices, *result.notices]
        return result

    def paste(
        self, text: str, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> ImportReport:
        """Import pasted text: ids and URLs, DOIs, BibTeX entries, titles with abstracts."""
        pasted = paste.parse(text)
        if pasted.empty:
            raise ImportFailed(
                "nothing to import: no arXiv ids, DOIs, paper URLs, BibTeX entries "
                "or titles with abstracts were found in the text"
            )
        drafts = bibtex_file.parse(pasted.bibtex) if pasted.bibtex.strip() else []
        paired = [i for i in map(paste.needs_lookup, pasted.drafts) if i is not None]
        wanted = [*pasted.identifiers, *paired]
        found = identifiers_lookup.Lookup()
        if wanted:
            found = identifiers_lookup.look_up(
                self._ctx.http, self._ctx.settings, wanted, progress=progress, cancel=cancel
            )
        drafts.extend(paste.adopt_lookups(pasted.drafts, found))
        result = writer.add_imported(self._ctx, drafts, progress=progress, cancel=cancel)
        result.skipped.extend(found.skipped)
        return result

    def identifiers(
        self,
        texts: Sequence[str],
        *,
        tags: Iterable[str] = (),
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Add papers by arXiv id/URL, Hugging Face paper URL or DOI, with metadata looked up.

        Ids no service knows are reported in ``skipped``; a network failure
        raises :class:`ImportFailed` and nothing is written.
        """
        found = identifiers_lookup.look_up(
            self._ctx.http, self._ctx.settings, texts, progress=progress, cancel=cancel
        )
        result = writer.add_many(
            self._ctx, found.drafts, tags=tags, status=ReadStatus.INBOX, cancel=cancel
        )
        result.skipped.extend(found.skipped)
        return result

    def resolve_titles(
        self,
        ids: Sequence[int] | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Find papers known only by title (pasted, or from a .bib) on arXiv and fill them in.

        ``ids=None`` means every paper without an arXiv id or DOI. A paper is
        matched only on the same title (and first author, if it has one); its
        tags, notes, status, rating and key stay as they are.
        """
        db = self._ctx.store.db()
        if ids is None:
            ids = papers_repo.ids_without_identifiers(db)
        result = ImportReport()
        wanted = []
        for paper in papers_repo.get_many(db, ids, with_notes=False):
            if paper.arxiv_id or paper.doi:
                result.unchanged.append(paper.id)
            elif paper.title.strip():
                family = paper.authors[0].family_name if paper.authors else ""
                wanted.append(identifiers_lookup.Untitled(paper.id, paper.title, family))
        found, result.skipped = identifiers_lookup.find_by_title(
            self._ctx.http, self._ctx.settings, wanted, progress=progress, cancel=cancel
        )
        with self._ctx.store.write() as txn:
            for pid, draft in found.items():
                draft = normalize_draft(draft)
                owner = papers_repo.find_id(txn.db, "arxiv_id", draft.arxiv_id)
                current = papers_repo.get(txn.db, pid)
                if current is None:
                    continue
                if owner is not None and owner != pid:
                    other = papers_repo.get(txn.db, owner)
                    result.skipped.append(
                        f"{current.title}: already in the library as {other.citekey if other else owner}"
                    )
                    continue
                merged = edits.keep_user_edits(txn.db, pid, current, merge_metadata(current, draft))
                papers_repo.update_metadata(txn, pid, merged)
                result.updated.append(pid)
        if result.updated:
            self._ctx.changed(LibraryEvent.PAPERS_CHANGED, result.updated)
        return result

    # ---- the native JSON format ---------------------------------------------

    def native(
        self, text: str, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> ImportReport:
        """Import a native JSON export; importing the same file again changes nothing.

        Known papers keep their key, status and rating (an ``inbox`` status or
        a zero rating is filled in from the file); tags and notes are merged.
        """
        library = parse_native(text)
        return self._write_native(library.papers, len(library.papers), library.tag_colors,
                                  library.saved_searches, progress=progress, cancel=cancel)

    def _write_native(
        self,
        records: Iterable[PaperRecord],
        count: int,
        tag_colors: dict[str, str],
        saved_searches: Sequence[SavedSearch],
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        index_progress: ProgressFn | None = None,
        committed: Committed | None = None,
    ) -> ImportReport:
        """One transaction for the whole file; a bad record (even the last) changes nothing."""
        result = ImportReport()
        with self._ctx.bulk_index(count) as feed:
            with self._ctx.store.write() as txn:
                for record in steps(records, "import", progress, cancel, total=count):
                    outcome = writer.upsert(
                        txn,
                        record.draft,
                        status=record.status,
                        rating=record.rating,
                        added=record.added or None,
                        modified=record.modified or None,
                        match_citekey=True,
                    )
                    if _merge_owned(txn, outcome, record) and outcome.outcome == "unchanged":
                        outcome = replace(outcome, outcome="updated")
                    result.record(outcome)
                    if feed is not None and outcome.outcome != "unchanged":
                        feed.written(txn, outcome.paper_id, new=outcome.outcome == "added")
                if feed is not None:
                    feed.flush(txn)
                for name, color in tag_colors.items():
                    tags_repo.fill_color(txn, name, color)
                known = {s.name.lower() for s in saved_repo.all_saved(txn.db)}
                for saved in saved_searches:
                    if saved.name.lower() not in known:
                        saved_repo.save(txn, saved.name, saved.query)
            if result.added:
                self._ctx.changed(LibraryEvent.PAPERS_ADDED, result.added)
            if result.updated:
                self._ctx.changed(LibraryEvent.PAPERS_CHANGED, result.updated)
            if committed is not None:
                committed(result)
            if feed is not None:
                feed.finish(progress=index_progress, cancel=cancel)
        return result


def _merge_owned(txn: WriteTxn, outcome: AddResult, record: PaperRecord) -> bool:
    """Bring in tags, notes, status and rating from a native record; True if changed."""
    pid: PaperId = outcome.paper_id
    have_tags: set[str] = set()
    have_notes: set[tuple[str, str]] = set()
    changes: dict[str, Any] = {}
    if outcome.outcome != "added":  # a new paper has no tags or notes yet: nothing to read
        current = papers_repo.get(txn.db, pid)
        assert current is not None
        have_tags = {t.lower() for t in current.tags}
        have_notes = {(n.body, n.created) for n in current.notes}
        if current.status is ReadStatus.INBOX and record.status is not ReadStatus.INBOX:
            changes["status"] = record.status.value
        if current.rating == 0 and record.rating:
            changes["rating"] = record.rating
    new_tags = [
        tags_repo.normalize_tag(t) for t in record.tags if t.strip() and t.lower() not in have_tags
    ]
    new_notes = [n for n in record.notes if (n.body, n.created) not in have_notes]
    if not (new_tags or new_notes or changes):
        return False
    if new_tags:
        tags_repo.add_tags(txn, [pid], new_tags)
    for note in new_notes:
        notes_repo.add(txn, pid, note.body, created=note.created, modified=note.modified)
    if changes:
        papers_repo.set_columns(txn, [pid], **changes)
    if outcome.outcome == "added" and record.modified:
        # A restored paper keeps the modification time it had.
        papers_repo.set_modified(txn, pid, record.modified)
    return True
