"""LibraryService: the one facade the desktop app and the CLI both call.

It owns the two stores (SQLite, the source of truth, and the Whoosh index,
derived from it) and keeps them in step: every change is one SQLite
transaction that also leaves the changed paper ids in the index outbox; the
outbox is drained into the index right after (CLI) or by the app's index
worker (``auto_index=False``). Safe to call from several threads: each thread
gets its own SQLite connection, and index writes are serialised.
"""

from __future__ import annotations

import errno
import re
import threading
from contextlib import contextmanager
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from readinglist.core import citekeys, daily, duplicates, edits, importers, undo
from readinglist.core.atomic_write import write_atomic
from readinglist.core.autoexport import AutoExporter, auto_export_target
from readinglist.core.daily import DailyList
from readinglist.core.drafts import (
    draft_of,
    mark_edited,
    merge_metadata,
    normalize_draft,
    same_metadata,
    user_edited,
)
from readinglist.core.errors import (
    ImportFailed,
    IndexBusy,
    InvalidInput,
    NotFound,
    StorageUnavailable,
)
from readinglist.core.events import EventBus, LibraryEvent
from readinglist.core.exporters import (
    ExportOptions,
    check_format,
    export_format,
    native_json,
    new_writer,
)
from readinglist.core.exporters.checks import export_findings
from readinglist.core.exporters.records import EXPORT_COLUMNS, ExportPaper
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers import bibtex_file, identifiers_lookup, import_notes, paste
from readinglist.core.importers.bib_read import Origin
from readinglist.core.importers.file_tags import add_file_tags
from readinglist.core.importers.native_json import PaperRecord, parse_native
from readinglist.core.models import (
    METADATA_FIELDS,
    Author,
    Note,
    Paper,
    PaperDraft,
    PaperId,
    ReadStatus,
    SavedSearch,
    TagCount,
)
from readinglist.core.net.session import HttpClient, NetConfig
from readinglist.core.progress import CancelFn, ProgressFn, check_cancel, report
from readinglist.core.recommend.mute import MuteRules, with_rule
from readinglist.core.recommend.results import Neighbour, Ranking
from readinglist.core.search.index import (
    IndexUnreadable,
    SearchHits,
    WhooshIndex,
    writer_procs,
)
from readinglist.core.search.query import (
    Everything,
    Match,
    Node,
    conjoin,
    is_structured,
    parse_query,
)
from readinglist.core.search.schema import document
from readinglist.core.search.sql_filter import count_sql_for, to_sql
from readinglist.core.settings import Settings, load_settings, save_settings
from readinglist.core.storage import notes as notes_repo
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import saved_searches as saved_repo
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage import trash as trash_repo
from readinglist.core.storage import undo as journal_repo
from readinglist.core.storage.trash import TrashedPaper
from readinglist.core.storage.undo import JournalEntry
from readinglist.core.storage.backups import backup_age_hours, create_backup
from readinglist.core.storage.db import Store, WriteTxn
from readinglist.core.text_norm import title_key
from readinglist.core.doctor import run_checks
from readinglist.core.matching import same_paper_without_ids
from readinglist.core.storage.health import clean_leftovers, index_lag_message
from readinglist.core.validation import check_draft

DB_FILE = "library.db"
INDEX_DIR = "index"
INDEX_BATCH = 500
# Structured searches walk the added-date index when a page is expected
# within this many rows (see search()).
NEWEST_FIRST_SCAN = 20_000
REBUILD_BATCH = 1000
EXPORT_BATCH = 1000
_FIRST = itemgetter(0)
_AUTHOR_PARTS = itemgetter(1, 2, 3)

SORT_COLUMNS = {
    "added": "added",
    "modified": "modified",
    "title": "title COLLATE NOCASE",
    "year": "year",
    "author": "first_author COLLATE NOCASE",
    "status": "status",
    "rating": "rating",
    "citekey": "citekey COLLATE NOCASE",
    "id": "id",
    # The first tag by name; papers without tags after the tagged ones.
    "tags": "coalesce((SELECT min(t.name) FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
    "WHERE pt.paper_id = papers.id), char(1114111)) COLLATE NOCASE",
}


@dataclass(frozen=True, slots=True)
class AddResult:
    paper_id: PaperId
    outcome: str  # "added" | "updated" | "unchanged"
    duplicate_of: PaperId | None = None
    key_clash: tuple[str, str] | None = None  # (wanted key, key given)


@dataclass
class ImportReport:
    """What an import did, for the message the user sees afterwards."""

    added: list[PaperId] = field(default_factory=list)
    updated: list[PaperId] = field(default_factory=list)
    unchanged: list[PaperId] = field(default_factory=list)
    duplicates: list[tuple[PaperId, PaperId]] = field(default_factory=list)
    key_clashes: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Files read entry by entry (.bib): entries not imported and why, and keys
    # that changed or entries merged into other papers, each as a sentence.
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    verb: str = "added"

    def record(self, result: AddResult) -> None:
        getattr(self, result.outcome).append(result.paper_id)
        if result.duplicate_of is not None:
            self.duplicates.append((result.paper_id, result.duplicate_of))
        if result.key_clash is not None:
            self.key_clashes.append(result.key_clash)

    @property
    def paper_ids(self) -> list[PaperId]:
        return [*self.added, *self.updated, *self.unchanged]

    def summary(self) -> str:
        parts = [f"{len(self.added)} {self.verb}", f"{len(self.updated)} updated"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already in the library")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} probable duplicates flagged")
        if self.key_clashes:
            n = len(self.key_clashes)
            parts.append(f"{n} citation key{'s' if n != 1 else ''} renamed to avoid clashes")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} not imported (see the list)")
        return ", ".join(parts)

    def details(self) -> list[str]:
        """Everything the user should read after a file import, one line each."""
        lines = [f"not imported: {p}" for p in self.problems]
        lines += self.notices
        lines += [f"key {w!r} was taken; the imported paper is {g!r}" for w, g in self.key_clashes
                  if not any(n.startswith(f"{w} → ") for n in self.notices)]
        return lines


@dataclass(frozen=True, slots=True)
class SearchResult:
    ids: list[PaperId]
    total: int


@dataclass(frozen=True, slots=True)
class Finding:
    level: str  # "error" | "warning"
    message: str


@dataclass(frozen=True, slots=True)
class IndexCheck:
    ok: bool
    rebuilt: bool
    message: str
    created: bool = False  # there was no index yet (a new library): nothing to report


class LibraryService:
    """The library: papers, tags, notes, saved searches, search and index upkeep."""

    def __init__(
        self, library_dir: Path, *, auto_index: bool = True, auto_rebuild: bool = True
    ) -> None:
        """``auto_index``: drain the outbox after every change (the CLI); the app
        drains it in its index worker instead. ``auto_rebuild``: rebuild a
        missing or stale index in-process when a search needs it; the app
        rebuilds in a separate process so its window never waits on the GIL,
        and meanwhile full-text searches raise :class:`IndexBusy`.
        """
        self.dir = Path(library_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.dir / DB_FILE)
        self.index = WhooshIndex(self.dir / INDEX_DIR)
        self.events = EventBus()
        self.auto_index = auto_index
        self.auto_rebuild = auto_rebuild
        self.index_problem: str | None = None  # why the index cannot serve, if known
        self.index_lag: str | None = None  # a saved change the index could not take yet
        self._index_checked = False
        self._index_lock = threading.RLock()
        self.auto_exporter = AutoExporter(
            self.events,
            target=lambda: self.settings.auto_export_path,
            export=self.auto_export_now,
            release_thread=self.store.release_thread,
        )
        self._recommender: Any = None
        # Whose changes undo() takes back: the app's or the command line's (core/undo.py).
        self.undo_origin = "app"
        if not self.store.read_only:
            self._clean_leftovers()

    def _clean_leftovers(self) -> None:
        """Remove what a killed rebuild or automatic export left (see storage.health)."""
        folders = []
        try:
            configured = self.settings.auto_export_path
        except Exception:  # noqa: BLE001 - a broken settings file is reported where it is used
            configured = ""
        if configured:
            folders.append(auto_export_target(self.dir, configured).parent)
        clean_leftovers(self.dir / INDEX_DIR, folders)

    def close(self) -> None:
        self.auto_exporter.close()  # a pending automatic export is written first
        self._close_network()
        self.index.close()
        self.store.close()

    def __enter__(self) -> LibraryService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def settings(self) -> Settings:
        return load_settings(self.dir)

    # ---- change plumbing ----------------------------------------------------

    def _changed(self, event: LibraryEvent, ids: Sequence[int]) -> None:
        """After a commit: bring the index up to date and tell listeners.

        The change is saved by now. If the index cannot take it (disk full,
        another process holding its lock), that must not look like a failed
        change (a user who retries an import that did succeed makes
        duplicates): the outbox keeps the rows, the index catches up on the
        next run, and ``index_lag`` says so.
        """
        if self.auto_index:
            self.sync_index_after_commit()
        self.events.emit(event, ids)

    # ---- reading papers -----------------------------------------------------

    def get(self, paper_id: int) -> Paper:
        paper = papers_repo.get(self.store.db(), paper_id)
        if paper is None:
            raise NotFound(f"no paper with id {paper_id}")
        return paper

    def get_many(self, ids: Sequence[int], *, with_notes: bool = True) -> list[Paper]:
        return papers_repo.get_many(self.store.db(), ids, with_notes=with_notes)

    def find(self, key: str) -> PaperId | None:
        """The paper a user means by ``key``: numeric id, arXiv id/URL, DOI or citation key."""
        db = self.store.db()
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
        row = db.execute("SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE", [key]).fetchone()
        return PaperId(row[0]) if row else None

    def resolve(self, key: str) -> Paper:
        found = self.find(key)
        if found is None:
            raise NotFound(f"no paper matches {key!r} (try a citation key, arXiv id, DOI or id)")
        return self.get(found)

    def count(self) -> int:
        return papers_repo.count(self.store.db())

    def status_counts(self) -> dict[ReadStatus, int]:
        counts = {s: 0 for s in ReadStatus}
        for status, n in self.store.db().execute(
            "SELECT status, count(*) FROM papers GROUP BY status"
        ):
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
        node = self._filters(query, status, tag, within)
        if not is_structured(node):
            raise InvalidInput("list_ids takes only structured filters; use search()")
        return self._sql_ids(node, sort=sort, descending=descending)

    def list_papers(
        self,
        *,
        status: ReadStatus | None = None,
        tag: str | None = None,
        sort: str = "added",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Paper]:
        ids = self.list_ids(status=status, tag=tag, sort=sort, descending=descending)
        end = None if limit is None else offset + limit
        return self.get_many(ids[offset:end])

    def sort_ids(self, ids: Sequence[int], sort: str, *, descending: bool = False) -> list[PaperId]:
        """Reorder a result set by a column (a header click on search results)."""
        order = self._order(sort, descending)
        db = self.store.db()
        db.execute("CREATE TEMP TABLE IF NOT EXISTS _sort_ids (id INTEGER PRIMARY KEY)")
        try:
            db.conn.executemany("INSERT OR IGNORE INTO _sort_ids (id) VALUES (?)", [(i,) for i in ids])
            rows = db.execute(
                f"SELECT id FROM papers WHERE id IN (SELECT id FROM temp._sort_ids) ORDER BY {order}"
            ).fetchall()
        finally:
            db.execute("DELETE FROM _sort_ids")
            if db.conn.in_transaction:
                db.conn.commit()
        return [PaperId(r[0]) for r in rows]

    @staticmethod
    def _order(sort: str, descending: bool) -> str:
        if sort not in SORT_COLUMNS:
            raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_COLUMNS)}")
        direction = "DESC" if descending else "ASC"
        return f"{SORT_COLUMNS[sort]} {direction}, id {direction}"

    def _sql_ids(self, node: Node, *, sort: str = "added", descending: bool = True,
                 limit: int | None = None, index: str | None = None) -> list[PaperId]:
        where, params = to_sql(node)
        hint = f" INDEXED BY {index}" if index and sort == "added" else ""
        sql = (f"SELECT id FROM papers{hint} WHERE {where} "
               f"ORDER BY {self._order(sort, descending)}")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [PaperId(r[0]) for r in self.store.db().execute(sql, params)]

    @staticmethod
    def _filters(
        query: str, status: ReadStatus | None, tag: str | None, within: str = ""
    ) -> Node:
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

    # ---- search -------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int | None = 200,
        status: ReadStatus | None = None,
        tag: str | None = None,
        within: str = "",
    ) -> SearchResult:
        """Ranked ids for a query (structured-only queries come from SQL, newest first)."""
        node = self._filters(query, status, tag, within)
        if is_structured(node):
            if limit is None:
                ids = self._sql_ids(node)
                return SearchResult(ids, len(ids))
            # The first page and a count: sorting all 20k ids of "tag:ml" at
            # 100k papers to show 200 of them took 80 ms.
            db = self.store.db()
            count_sql, count_params = count_sql_for(node)
            total = int(db.execute(count_sql, count_params).fetchone()[0])
            # SQLite picks the filter's index and sorts every match; when the
            # matches are many, walking the newest-first index and stopping
            # after a page is what is fast (year:2020..2023 at 100k: 43 ms).
            papers = int(db.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0])
            walk = bool(total) and limit * papers / total <= NEWEST_FIRST_SCAN
            ids = self._sql_ids(node, limit=limit, index="papers_added" if walk else None)
            return SearchResult(ids, total)
        if self.auto_rebuild:
            if not self._index_checked:
                self.ensure_index()
            elif self.auto_index:
                self.sync_index()
        elif not self._index_checked or self.index_problem is not None:
            if self.check_index() is not None:
                raise IndexBusy(
                    "the search index is being rebuilt; full-text search will be back in a "
                    "moment (the lists by status, tag or year work meanwhile)"
                )
        hits: SearchHits = self.index.search(node, limit=limit)
        return SearchResult([PaperId(i) for i in hits.ids], hits.total)

    def validate_query(self, query: str) -> None:
        """Raise :class:`InvalidQuery` (with position) if ``query`` is malformed."""
        parse_query(query)

    # ---- adding and updating papers -----------------------------------------

    def add(
        self,
        draft: PaperDraft,
        *,
        tags: Iterable[str] = (),
        status: ReadStatus | None = None,
    ) -> AddResult:
        """Add a paper, or refresh the metadata of the one it already is."""
        tag_names = [tags_repo.normalize_tag(t) for t in tags]
        with self.store.write() as txn:
            result = self._upsert(txn, draft, status=status)
            if tag_names:
                tags_repo.add_tags(txn, [result.paper_id], tag_names)
        event = LibraryEvent.PAPERS_ADDED if result.outcome == "added" else LibraryEvent.PAPERS_CHANGED
        self._changed(event, [result.paper_id])
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
        tag_names = [tags_repo.normalize_tag(t) for t in tags]
        report_ = ImportReport()
        with self.store.write() as txn:
            for i, draft in enumerate(drafts):
                if i % 200 == 0:
                    check_cancel(cancel, "import")
                    report(progress, i, len(drafts))
                report_.record(self._upsert(txn, draft, status=status))
            if tag_names and report_.paper_ids:
                tags_repo.add_tags(txn, report_.paper_ids, tag_names)
        report(progress, len(drafts), len(drafts))
        if report_.added:
            self._changed(LibraryEvent.PAPERS_ADDED, report_.added)
        if report_.updated or (tag_names and report_.unchanged):
            self._changed(LibraryEvent.PAPERS_CHANGED, [*report_.updated, *report_.unchanged])
        return report_

    def _existing_for(self, txn: WriteTxn, draft: PaperDraft) -> PaperId | None:
        db = txn.db
        if draft.arxiv_id:
            found = papers_repo.find_id(db, "arxiv_id", draft.arxiv_id)
            if found is not None:
                return found
        if draft.doi:
            return papers_repo.find_id(db, "doi", draft.doi)
        return None

    def _upsert(
        self,
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
        existing = self._existing_for(txn, draft)
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
        key, clash = self._new_citekey(txn, draft)
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

    def _new_citekey(self, txn: WriteTxn, draft: PaperDraft) -> tuple[str, tuple[str, str] | None]:
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

    def edit_paper(self, paper_id: int, values: dict[str, str | None]) -> Paper:
        """The user's edit, as typed (edit form, ``readinglist edit``): see ``core/edits.py``."""
        return self.update_metadata(paper_id, **edits.parse_changes(values))

    def look_up_metadata(self, identifier: str) -> PaperDraft:
        """What arXiv or doi.org know about one id (nothing is written): the edit form's fill."""
        found = identifiers_lookup.look_up(self.http, self.settings, [identifier])
        if not found.drafts:
            reason = found.skipped[0].partition(": ")[2] if found.skipped else "not found"
            raise ImportFailed(f"{identifier}: {reason}")
        return found.drafts[0]

    def edited_fields(self, paper_id: int) -> set[str]:
        return edits.edited_fields(self.store.db(), paper_id)

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
        with self.store.write() as txn:
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
                edits.record_edits(txn, paper_id, edits.changed_fields(draft_of(current), draft, asked))
        self._changed(LibraryEvent.PAPERS_CHANGED, [paper_id])
        return self.get(paper_id)

    def find_duplicates(self) -> list[duplicates.DuplicatePair]:
        """Pairs of papers that are probably one paper (``core/duplicates.py``)."""
        return duplicates.find_duplicates(self.store.db())

    def merge_papers(self, keep_id: int, other_id: int) -> Paper:
        """Merge ``other_id`` into ``keep_id``: richer fields, all tags and notes, kept key."""
        with self.store.write() as txn:
            merged = duplicates.merge_papers(txn, keep_id, other_id)
        self._changed(LibraryEvent.PAPERS_REMOVED, [PaperId(other_id)])
        self._changed(LibraryEvent.PAPERS_CHANGED, [PaperId(keep_id)])
        return merged

    def remove(self, ids: Sequence[int]) -> list[PaperId]:
        """Delete papers; they go to the trash, and undo brings them back whole."""
        with self._undoable() as (txn, change):
            kept = undo.delete_papers(txn, ids, change)
            change.label = undo.papers_label(txn.db, kept, "Delete")
            removed = papers_repo.delete(txn, ids)
            tags_repo.prune_unused(txn)
        if removed:
            self._changed(LibraryEvent.PAPERS_REMOVED, removed)
        return removed

    # ---- what the user owns: status, rating, key, tags, notes ----------------

    def set_status(self, ids: Sequence[int], status: ReadStatus | str) -> list[PaperId]:
        value = status if isinstance(status, ReadStatus) else ReadStatus.parse(status)
        with self._undoable() as (txn, change):
            before = undo.capture_columns(txn.db, ids, ["status"])
            changed = papers_repo.set_columns(txn, ids, status=value.value)
            change.label = undo.papers_label(txn.db, changed, "Mark", f" as {value.value}")
            change.add(undo.columns_step(before, ["status"], changed))
        if changed:
            self._changed(LibraryEvent.PAPERS_CHANGED, changed)
        return changed

    def set_rating(self, ids: Sequence[int], rating: int) -> list[PaperId]:
        if not isinstance(rating, int) or not 0 <= rating <= 5:
            raise InvalidInput("a rating is a whole number from 0 to 5")
        with self._undoable() as (txn, change):
            before = undo.capture_columns(txn.db, ids, ["rating"])
            changed = papers_repo.set_columns(txn, ids, rating=rating)
            change.label = (undo.papers_label(txn.db, changed, "Rate", f" {rating} ★") if rating
                            else undo.papers_label(txn.db, changed, "Clear the rating of"))
            change.add(undo.columns_step(before, ["rating"], changed))
        if changed:
            self._changed(LibraryEvent.PAPERS_CHANGED, changed)
        return changed

    def set_citekey(self, paper_id: int, key: str) -> str:
        key = citekeys.validate_citekey(key)
        with self._undoable() as (txn, change):
            if papers_repo.citekey_taken(txn.db, key, exclude=paper_id):
                holder = txn.db.execute(
                    "SELECT title, year FROM papers WHERE citekey = ? COLLATE NOCASE AND id IS NOT ?",
                    [key, paper_id],
                ).fetchone()
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
            self._changed(LibraryEvent.PAPERS_CHANGED, changed)
        return key

    def add_tags(self, ids: Sequence[int], names: Iterable[str]) -> list[PaperId]:
        tag_names = [tags_repo.normalize_tag(n) for n in names]
        with self._undoable() as (txn, change), undo.tags_change(txn, ids, change):
            changed = tags_repo.add_tags(txn, ids, tag_names)
            change.label = undo.papers_label(txn.db, changed, "Tag", f" {', '.join(tag_names)}")
        if changed:
            self._changed(LibraryEvent.PAPERS_CHANGED, changed)
            self.events.emit(LibraryEvent.TAGS_CHANGED, changed)
        return changed

    def remove_tags(self, ids: Sequence[int], names: Iterable[str]) -> list[PaperId]:
        tag_names = [tags_repo.normalize_tag(n) for n in names]
        with self._undoable() as (txn, change), undo.tags_change(txn, ids, change):
            changed = tags_repo.remove_tags(txn, ids, tag_names)
            change.label = undo.papers_label(txn.db, changed, "Untag",
                                             f" {', '.join(tag_names)}")
        if changed:
            self._changed(LibraryEvent.PAPERS_CHANGED, changed)
            self.events.emit(LibraryEvent.TAGS_CHANGED, changed)
        return changed

    def set_tags(self, paper_id: int, names: Iterable[str]) -> list[str]:
        """Make the paper's tags exactly ``names``."""
        return self.edit_tags(paper_id, shown=self.get(paper_id).tags, wanted=names)

    def edit_tags(
        self, paper_id: int, *, shown: Iterable[str], wanted: Iterable[str]
    ) -> list[str]:
        """Apply a tag editor's change: what the user removed from or added to ``shown``.

        Tags another program added meanwhile (the CLI while the app is open)
        are not in ``shown`` and so survive, instead of being erased by a
        "set exactly these" write.
        """
        before = {tags_repo.normalize_tag(n).lower(): tags_repo.normalize_tag(n) for n in shown}
        after = {tags_repo.normalize_tag(n).lower(): tags_repo.normalize_tag(n) for n in wanted}
        removed = [before[k] for k in before if k not in after]
        added = [after[k] for k in after if k not in before]
        with self._undoable() as (txn, change), undo.tags_change(txn, [paper_id], change):
            changed = tags_repo.remove_tags(txn, [paper_id], removed)
            changed += tags_repo.add_tags(txn, [paper_id], added)
            change.label = undo.papers_label(txn.db, [paper_id], "Edit the tags of")
        if changed:
            self._changed(LibraryEvent.PAPERS_CHANGED, [paper_id])
            self.events.emit(LibraryEvent.TAGS_CHANGED, [paper_id])
        return list(self.get(paper_id).tags)

    def rename_tag(self, old: str, new: str) -> list[PaperId]:
        """Rename a tag (and the tags under it); renaming onto an existing tag merges."""
        old_name, new_name = tags_repo.normalize_tag(old), tags_repo.normalize_tag(new)
        with self._undoable() as (txn, change):
            merging = bool(tags_repo.subtree(txn.db, new_name))
            under = tags_repo.papers_under(txn.db, old_name)
            with undo.tags_change(txn, under, change):
                affected = tags_repo.rename_tag(txn, old_name, new_name)
            verb = "Merge tag {} into {}" if merging else "Rename tag {} to {}"
            change.label = verb.format(old_name, new_name)
        self._changed(LibraryEvent.PAPERS_CHANGED, affected)
        self.events.emit(LibraryEvent.TAGS_CHANGED, affected)
        return affected

    def delete_tag(self, name: str) -> list[PaperId]:
        tag = tags_repo.normalize_tag(name)
        with self._undoable() as (txn, change):
            with undo.tags_change(txn, tags_repo.papers_under(txn.db, tag), change):
                affected = tags_repo.delete_tag(txn, tag)
            change.label = f"Delete tag {tag}"
        self._changed(LibraryEvent.PAPERS_CHANGED, affected)
        self.events.emit(LibraryEvent.TAGS_CHANGED, affected)
        return affected

    def set_tag_color(self, name: str, color: str) -> None:
        if color and not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise InvalidInput(f"{color!r} is not a colour like #3366cc")
        tag = tags_repo.normalize_tag(name)
        with self._undoable() as (txn, change), undo.tags_change(txn, [], change):
            tags_repo.set_color(txn, tag, color)
            change.label = f"Colour tag {tag}" if color else f"Clear the colour of tag {tag}"
        self.events.emit(LibraryEvent.TAGS_CHANGED, [])

    def tag_counts(self) -> list[TagCount]:
        return tags_repo.tag_counts(self.store.db())

    def tag_names(self) -> list[str]:
        return tags_repo.all_tag_names(self.store.db())

    def add_note(self, paper_id: int, body: str) -> Note:
        if not body.strip():
            raise InvalidInput("a note cannot be empty")
        with self._undoable() as (txn, change):
            if not papers_repo.existing_ids(txn.db, [paper_id]):
                raise NotFound(f"no paper with id {paper_id}")
            note = notes_repo.add(txn, paper_id, body)
            change.label = undo.papers_label(txn.db, [paper_id], "Add a note to")
            change.add({"op": "notes_delete", "notes": [[note.id, note.body]]})
        self._changed(LibraryEvent.PAPERS_CHANGED, [paper_id])
        return note

    def edit_note(self, note_id: int, body: str) -> Note:
        with self.store.write() as txn:
            note = notes_repo.edit(txn, note_id, body)
        self._changed(LibraryEvent.PAPERS_CHANGED, [note.paper_id])
        return note

    def delete_note(self, note_id: int) -> Note:
        with self._undoable() as (txn, change):
            note = notes_repo.delete(txn, note_id)
            change.label = undo.papers_label(txn.db, [note.paper_id], "Delete a note of")
            change.add({"op": "notes_restore", "notes": [{
                "id": note.id, "paper_id": note.paper_id, "body": note.body,
                "created": note.created, "modified": note.modified}]})
        self._changed(LibraryEvent.PAPERS_CHANGED, [note.paper_id])
        return note

    def notes(self, paper_id: int) -> list[Note]:
        return list(self.get(paper_id).notes)

    # ---- undo and the trash (core/undo.py) ----------------------------------

    @contextmanager
    def _undoable(self) -> Iterator[tuple[WriteTxn, undo.Change]]:
        """A write whose inverse is journaled in the same transaction."""
        with self.store.write() as txn:
            change = undo.Change()
            yield txn, change
            undo.record(txn, self.undo_origin, change)

    def undo_label(self) -> str | None:
        """What :meth:`undo` would take back (this front end's newest change), if anything."""
        return journal_repo.newest_label(self.store.db(), self.undo_origin)

    def undo_history(self, limit: int = 50) -> list[JournalEntry]:
        return journal_repo.recent(self.store.db(), self.undo_origin, limit)

    def undo(self) -> undo.UndoResult:
        """Take back this front end's newest change; NotFound if there is nothing to undo."""
        with self.store.write() as txn:
            result = undo.undo_last(txn, self.undo_origin)
        if result.restored:
            self._changed(LibraryEvent.PAPERS_ADDED, result.restored)
        if result.changed:
            self._changed(LibraryEvent.PAPERS_CHANGED, result.changed)
        self.events.emit(LibraryEvent.TAGS_CHANGED, [*result.changed, *result.restored])
        return result

    def trash(self, limit: int = 1000) -> list[TrashedPaper]:
        """Deleted papers that can still be restored, newest first."""
        return trash_repo.listing(self.store.db(), limit)

    def restore_from_trash(self, trash_ids: Sequence[int]) -> list[PaperId]:
        """Bring deleted papers back with their tags, notes, key and status."""
        with self.store.write() as txn:
            snaps = trash_repo.take(txn, trash_ids)
            if len(snaps) != len(set(trash_ids)):
                raise NotFound("some of these papers are no longer in the trash")
            ids = [trash_repo.restore(txn, snap)[0] for snap in snaps]
        self._changed(LibraryEvent.PAPERS_ADDED, ids)
        self.events.emit(LibraryEvent.TAGS_CHANGED, ids)
        return ids

    # ---- saved searches -----------------------------------------------------

    def saved_searches(self) -> list[SavedSearch]:
        return saved_repo.all_saved(self.store.db())

    def save_search(self, name: str, query: str, *, replacing: str | None = None) -> SavedSearch:
        """Save (or update) a named query; ``replacing`` renames an existing one, atomically."""
        parse_query(query)  # refuse to save what cannot run
        with self.store.write() as txn:
            if replacing is not None and replacing.strip().lower() != " ".join(name.split()).lower():
                saved_repo.delete(txn, replacing)
            saved = saved_repo.save(txn, name, query)
        self.events.emit(LibraryEvent.SAVED_SEARCHES_CHANGED, [])
        return saved

    def delete_saved_search(self, name: str) -> None:
        with self.store.write() as txn:
            saved_repo.delete(txn, name)
        self.events.emit(LibraryEvent.SAVED_SEARCHES_CHANGED, [])

    # ---- export: BibTeX, BibLaTeX, CSL-JSON, automatic export (issue 4) -----

    def export_scope(self, *, query: str = "", tag: str | None = None) -> list[PaperId] | None:
        """The papers a query and/or tag name; None (everything) when neither is given."""
        if not query.strip() and not tag:
            return None
        return self.search(query, tag=tag, limit=None).ids

    def _export_order(self, fmt: str, ids: Sequence[int] | None) -> list[PaperId] | None:
        """Sorted as the format declares: by citation key (stable diffs when the
        file is under version control) or by date added (the native format).
        None means the whole library, read in key order by the exporter."""
        if export_format(fmt).order == "added":
            if ids is None:
                return self._sql_ids(Everything(), sort="added", descending=False)
            return self.sort_ids(ids, "added")
        return None if ids is None else self.sort_ids(ids, "citekey")

    def _export_records(
        self, ids: list[PaperId] | None, *, abstracts: bool
    ) -> Iterator[list[ExportPaper]]:
        """Batches of export records, read straight from SQLite (building full
        Papers would cost more than the export itself): the whole library in
        citation-key order when ``ids`` is None, else ``ids`` in their order."""
        columns = ", ".join(
            "year" if c == "year" else "''" if c == "abstract" and not abstracts
            else f"coalesce({c}, '')"
            for c in EXPORT_COLUMNS
        )
        with self.store.read() as db:
            if ids is None:
                # Two sequential scans beat 100 batches of IN (...) lookups by a third.
                authors = {
                    pid: tuple(map(_AUTHOR_PARTS, group))
                    for pid, group in groupby(
                        db.execute(
                            "SELECT paper_id, name, family, given FROM authors "
                            "ORDER BY paper_id, position"
                        ),
                        _FIRST,
                    )
                }
                cursor = db.execute(
                    f"SELECT id, citekey, {columns} FROM papers ORDER BY {SORT_COLUMNS['citekey']}, id"
                )
                while rows := cursor.fetchmany(EXPORT_BATCH):
                    yield [ExportPaper(r[0], r[1], authors.get(r[0], ()), *r[2:]) for r in rows]
                return
            for start in range(0, len(ids), EXPORT_BATCH):
                part = ids[start : start + EXPORT_BATCH]
                marks = ", ".join("?" * len(part))
                rows_by_id = {
                    r[0]: r
                    for r in db.execute(
                        f"SELECT id, citekey, {columns} FROM papers WHERE id IN ({marks})", part
                    )
                }
                by_paper = {
                    pid: tuple(map(_AUTHOR_PARTS, group))
                    for pid, group in groupby(
                        db.execute(
                            "SELECT paper_id, name, family, given FROM authors "
                            f"WHERE paper_id IN ({marks}) ORDER BY paper_id, position",
                            part,
                        ),
                        _FIRST,
                    )
                }
                yield [
                    ExportPaper(row[0], row[1], by_paper.get(pid, ()), *row[2:])
                    for pid in part
                    if (row := rows_by_id.get(pid)) is not None
                ]

    def _export_chunks(
        self,
        fmt: str,
        ids: list[PaperId] | None,
        counter: list[int],
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        abstracts: bool = False,
    ) -> Iterator[str]:
        spec = export_format(fmt)
        if spec.reads == "papers":
            options = ExportOptions(abstracts, self.tag_counts(), self.saved_searches())
            if ids is None:
                ids = self._sql_ids(Everything(), sort=spec.order, descending=False)
            batches: Iterable[Sequence[Any]] = (
                self.get_many(ids[i : i + EXPORT_BATCH]) for i in range(0, len(ids), EXPORT_BATCH)
            )
        else:
            options = ExportOptions(abstracts)
            batches = self._export_records(ids, abstracts=abstracts or spec.abstracts)
        writer = new_writer(fmt, options)
        total = self.count() if ids is None else len(ids)
        yield writer.start()
        for batch in batches:
            check_cancel(cancel, "export")
            yield writer.add(batch)
            report(progress, writer.count, total)
        report(progress, writer.count, writer.count)
        counter.append(writer.count)
        yield writer.finish()

    def export_text(
        self, fmt: str, ids: Sequence[int] | None = None, *, abstracts: bool = False
    ) -> str:
        """The library (``ids`` None) or some papers as ``bibtex``, ``biblatex``,
        ``csl-json`` or ``json`` text. ``abstracts`` adds abstracts to BibTeX
        and BibLaTeX entries (CSL-JSON and JSON always have them)."""
        check_format(fmt)
        order = self._export_order(fmt, ids)
        return "".join(self._export_chunks(fmt, order, [], abstracts=abstracts))

    def export_file(
        self,
        path: Path,
        fmt: str,
        ids: Sequence[int] | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        abstracts: bool = False,
    ) -> int:
        """Write an export atomically (temporary file, then rename); returns the entry count."""
        return self._export_file(
            Path(path), fmt, ids, progress=progress, cancel=cancel, abstracts=abstracts
        )[0]

    def _export_file(
        self,
        path: Path,
        fmt: str,
        ids: Sequence[int] | None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        skip_unchanged: bool = False,
        abstracts: bool = False,
    ) -> tuple[int, bool]:
        check_format(fmt)
        counter: list[int] = []
        order = self._export_order(fmt, ids)
        chunks = self._export_chunks(fmt, order, counter, progress, cancel, abstracts)
        written = write_atomic(path, chunks, skip_unchanged=skip_unchanged)
        return counter[0], written

    def auto_export_now(self) -> Path | None:
        """Rewrite the automatic-export file now; None if none is configured.

        Settings: ``auto_export_path`` (``~`` expanded; relative = inside the
        library folder), ``auto_export_query`` (a search, e.g. ``tag:thesis``;
        empty = everything), ``auto_export_format``. An unchanged file is not
        touched, so LaTeX watchers do not rebuild for nothing.
        """
        settings = self.settings
        if not settings.auto_export_path.strip():
            return None
        path = auto_export_target(self.dir, settings.auto_export_path)
        fmt = check_format(settings.auto_export_format)
        ids = self.export_scope(query=settings.auto_export_query)
        self._export_file(path, fmt, ids, skip_unchanged=True)
        return path

    def _export_findings(self) -> list[Finding]:
        records = (p for batch in self._export_records(None, abstracts=False) for p in batch)
        return [Finding(level, message) for level, message in export_findings(records)]

    # ---- the native JSON format ---------------------------------------------

    def export_native(self, ids: Sequence[int] | None = None) -> dict[str, Any]:
        """The library (or ``ids``) as a native JSON document, oldest first."""
        if ids is None:
            ids = self._sql_ids(Everything(), sort="added", descending=False)
        return native_json.library_document(
            self.get_many(ids), self.tag_counts(), self.saved_searches()
        )

    def import_native(
        self,
        text: str,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Import a native JSON export; importing the same file again changes nothing.

        Known papers keep their key, status and rating (an ``inbox`` status or
        a zero rating is filled in from the file); tags and notes are merged.
        """
        library = parse_native(text)
        result = ImportReport()
        touched: list[PaperId] = []
        with self.store.write() as txn:
            total = len(library.papers)
            for i, record in enumerate(library.papers):
                if i % 200 == 0:
                    check_cancel(cancel, "import")
                    report(progress, i, total)
                outcome = self._upsert(
                    txn,
                    record.draft,
                    status=record.status,
                    rating=record.rating,
                    added=record.added or None,
                    modified=record.modified or None,
                    match_citekey=True,
                )
                if self._merge_owned(txn, outcome, record) and outcome.outcome == "unchanged":
                    outcome = replace(outcome, outcome="updated")
                result.record(outcome)
                touched.append(outcome.paper_id)
            for name, color in library.tag_colors.items():
                tid = tags_repo.tag_id(txn.db, name)
                if tid is not None and color:
                    txn.db.execute(
                        "UPDATE tags SET color = ? WHERE id = ? AND color = ''", [color, tid]
                    )
            known = {s.name.lower() for s in saved_repo.all_saved(txn.db)}
            for saved in library.saved_searches:
                if saved.name.lower() not in known:
                    saved_repo.save(txn, saved.name, saved.query)
        report(progress, len(library.papers), len(library.papers))
        if result.added:
            self._changed(LibraryEvent.PAPERS_ADDED, result.added)
        if result.updated:
            self._changed(LibraryEvent.PAPERS_CHANGED, result.updated)
        return result

    def _merge_owned(self, txn: WriteTxn, outcome: AddResult, record: PaperRecord) -> bool:
        """Bring in tags, notes, status and rating from a native record; True if changed."""
        pid = outcome.paper_id
        current = papers_repo.get(txn.db, pid)
        assert current is not None
        have_tags = {t.lower() for t in current.tags}
        new_tags = [
            tags_repo.normalize_tag(t) for t in record.tags if t.strip() and t.lower() not in have_tags
        ]
        have_notes = {(n.body, n.created) for n in current.notes}
        new_notes = [n for n in record.notes if (n.body, n.created) not in have_notes]
        changes: dict[str, Any] = {}
        if outcome.outcome != "added":
            if current.status is ReadStatus.INBOX and record.status is not ReadStatus.INBOX:
                changes["status"] = record.status.value
            if current.rating == 0 and record.rating:
                changes["rating"] = record.rating
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
            txn.db.execute("UPDATE papers SET modified = ? WHERE id = ?", [record.modified, pid])
        return True

    def import_text(
        self,
        text: str,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Import the text of a file or a paste, in whichever format it is
        (see :mod:`readinglist.core.importers.registry`)."""
        spec = importers.detect(text)
        if spec.route == "records":
            return self.import_records(text, spec.name, progress=progress, cancel=cancel)
        handlers = {
            "native": self.import_native,
            "bibtex": self.import_bibtex,
            "paste": self.import_paste,
        }
        return handlers[spec.route](text, progress=progress, cancel=cancel)

    def import_records(
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
        result = self._add_imported(
            found.drafts, tags=found.tags, progress=progress, cancel=cancel
        )
        result.verb = "imported"
        result.problems = list(found.problems)
        return result

    # ---- import: daily lists, identifiers, .bib, pasted text (issue 3) ------

    @property
    def http(self) -> HttpClient:
        """The HTTP client all importers share (created on first use; tests may replace it)."""
        with self._http_lock:
            if self._http_client is None:
                self._http_client = HttpClient(NetConfig.from_env())
            return self._http_client

    @http.setter
    def http(self, client: HttpClient) -> None:
        with self._http_lock:
            old, self._http_client = self._http_client, client
        if old is not None and old is not client:
            old.close()

    _http_client: HttpClient | None = None
    _http_lock = threading.Lock()

    def _close_network(self) -> None:
        client, self._http_client = self._http_client, None
        if client is not None:
            client.close()

    def daily_cached(self, day: date) -> DailyList | None:
        """The day's list from the cache (offline), or None if it was never fetched."""
        db = self.store.db()
        cached = daily.load_day(db, day)
        return None if cached is None else daily.build_list(db, day, cached)

    def cached_days(self) -> list[date]:
        return daily.cached_days(self.store.db())

    def fetch_daily(
        self,
        day: date,
        sources: Sequence[str] = daily.SOURCES,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> DailyList:
        """Fetch a day's lists and cache them; a failed source keeps its cached list.

        A source that fails is named in ``failed`` and the others are still
        shown; only when every source fails does the error propagate.

        A weekend or holiday is an empty list. The returned list holds every
        cached source of the day, not only the ones fetched now.
        """
        day = daily.check_day(day)
        chosen = daily.check_sources(sources)
        fetched = daily.fetch_sources(
            self.http, self.settings, day, chosen, progress=progress, cancel=cancel
        )
        with self.store.write() as txn:
            daily.save_fetched(txn, day, fetched)
        db = self.store.db()
        cached = daily.load_day(db, day) or {}
        self.events.emit(LibraryEvent.DAILY_CHANGED, [])
        return daily.build_list(db, day, cached, fetched.notes, fetched.failed)

    def add_daily(
        self,
        day: date,
        arxiv_ids: Sequence[str],
        *,
        tags: Iterable[str] = (),
        status: ReadStatus = ReadStatus.QUEUED,
    ) -> ImportReport:
        """Add papers from a cached day (no network) and mark them added.

        Papers already in the library get fresh metadata (upvotes, version)
        and the tags, but keep their status, rating, notes and key.
        """
        cached = daily.load_day(self.store.db(), day)
        if cached is None:
            raise InvalidInput(f"the list for {day.isoformat()} has not been fetched yet")
        cards = {
            next(iter(c.values())).arxiv_id: c
            for c in daily.merge({s: items for s, (_, items) in cached.items()})
        }
        drafts, found, missing = [], [], []
        for text in arxiv_ids:
            parsed = parse_arxiv_id(text)
            if parsed is not None and parsed.base in cards:
                if parsed.base not in found:
                    found.append(parsed.base)
                    drafts.append(daily.to_draft(cards[parsed.base]))
            else:
                missing.append(f"{text}: not in the list for {day.isoformat()}")
        result = self.add_many(drafts, tags=tags, status=status)
        result.skipped.extend(missing)
        if found:
            with self.store.write() as txn:
                daily.set_state(txn, found, "added", day)
            self.events.emit(LibraryEvent.DAILY_CHANGED, [])
        return result

    def skip_daily(self, day: date, arxiv_ids: Sequence[str]) -> None:
        """Mark papers of a day's list as skipped (the library is not touched)."""
        self._mark_daily(day, arxiv_ids, "skipped")

    def unmark_daily(self, day: date, arxiv_ids: Sequence[str]) -> None:
        """Forget what the user did with these papers (undo add/skip marks)."""
        self._mark_daily(day, arxiv_ids, "new")

    def _mark_daily(self, day: date, arxiv_ids: Sequence[str], state: str) -> None:
        ids = [p.base for p in (parse_arxiv_id(t) for t in arxiv_ids) if p is not None]
        if len(ids) != len(arxiv_ids):
            bad = next(t for t in arxiv_ids if parse_arxiv_id(t) is None)
            raise InvalidInput(f"{bad!r} is not an arXiv id")
        with self.store.write() as txn:
            daily.set_state(txn, ids, state, day)
        self.events.emit(LibraryEvent.DAILY_CHANGED, [])

    # ---- "For you" (core/recommend): thin front doors ----------------------

    @property
    def recommender(self) -> Any:
        """The library's :class:`~readinglist.core.recommend.service.Recommender`
        (numpy and scipy are loaded on first use, not at start-up)."""
        if self._recommender is None:
            from readinglist.core.recommend.service import Recommender

            self._recommender = Recommender(self.dir, self.store.db)
        return self._recommender

    def rank_daily(self, items: Sequence[Any], *, mute: bool = True) -> Ranking:
        """The day's items in "For you" order (retraining first if due), mute rules applied
        (``mute=False``: the caller applies them, e.g. to mute at once without re-ranking)."""
        rules = MuteRules.from_settings(self.settings) if mute else MuteRules()
        return self.recommender.rank(items, rules)

    def mute_rules(self) -> MuteRules:
        return MuteRules.from_settings(self.settings)

    def similar_papers(self, key: str, limit: int = 8) -> list[Neighbour]:
        """The papers nearest to a library paper (or a fetched day's arXiv id)."""
        found = self.find(key)
        if found is not None:
            paper = self.get(found)
            return self.recommender.similar(title=paper.title, abstract=paper.abstract,
                                            arxiv_id=paper.arxiv_id, paper_id=paper.id,
                                            limit=limit)
        item = self._daily_item(key)
        if item is None:
            raise NotFound(f"no paper {key!r} in the library or in a fetched day")
        return self.recommender.similar(title=item.title, abstract=item.abstract,
                                        arxiv_id=item.arxiv_id, limit=limit)

    def _daily_item(self, key: str) -> Any:
        parsed = parse_arxiv_id(key)
        if parsed is None:
            return None
        db = self.store.db()
        row = db.execute("SELECT day FROM daily_cache WHERE items LIKE ? ORDER BY day DESC LIMIT 1",
                         [f'%"{parsed.base}"%']).fetchone()
        if row is None:
            return None
        listing = self.daily_cached(date.fromisoformat(row[0]))
        return next((i for i in listing.items if i.arxiv_id == parsed.base), None) if listing else None

    def save_settings(self, settings: Settings) -> None:
        """Write the settings; the Daily list is told (mute rules, categories may differ)."""
        save_settings(self.dir, settings)
        self.events.emit(LibraryEvent.DAILY_CHANGED, [])

    def add_mute_rule(self, kind: str, value: str = "") -> Settings:
        """Mute an author, phrase or category, or hide cross-lists or replacements."""
        current = load_settings(self.dir, apply_env=False)
        new = with_rule(current, kind, value)
        if new != current:
            save_settings(self.dir, new)
            self.events.emit(LibraryEvent.DAILY_CHANGED, [])
        return new

    def import_daily(
        self,
        day: date,
        sources: Sequence[str] = daily.SOURCES,
        *,
        tags: Iterable[str] = (),
        status: ReadStatus = ReadStatus.QUEUED,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Fetch a day and add every paper of the chosen sources (``daily --add all``)."""
        listing = self.fetch_daily(day, sources, progress=progress, cancel=cancel)
        chosen = set(daily.check_sources(sources))
        ids = [i.arxiv_id for i in listing.items if chosen.intersection(i.sources)]
        return self.add_daily(day, ids, tags=tags, status=status)

    def add_identifiers(
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
            self.http, self.settings, texts, progress=progress, cancel=cancel
        )
        result = self.add_many(found.drafts, tags=tags, status=ReadStatus.INBOX, cancel=cancel)
        result.skipped.extend(found.skipped)
        return result

    def resolve_papers(
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
        db = self.store.db()
        if ids is None:
            ids = [
                PaperId(r[0])
                for r in db.execute(
                    "SELECT id FROM papers WHERE coalesce(arxiv_id, '') = '' "
                    "AND coalesce(doi, '') = '' ORDER BY id"
                )
            ]
        result = ImportReport()
        wanted = []
        for paper in self.get_many(ids, with_notes=False):
            if paper.arxiv_id or paper.doi:
                result.unchanged.append(paper.id)
            elif paper.title.strip():
                family = paper.authors[0].family_name if paper.authors else ""
                wanted.append(identifiers_lookup.Untitled(paper.id, paper.title, family))
        found, result.skipped = identifiers_lookup.find_by_title(
            self.http, self.settings, wanted, progress=progress, cancel=cancel
        )
        with self.store.write() as txn:
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
            self._changed(LibraryEvent.PAPERS_CHANGED, result.updated)
        return result

    def import_bibtex(
        self,
        text: str,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
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
        result = self._add_imported(
            found.drafts, origins=found.origins, progress=progress, cancel=cancel
        )
        result.verb = "imported"
        result.problems = [str(p) for p in found.problems]
        result.notices = [*found.notices, *result.notices]
        return result

    def import_paste(
        self,
        text: str,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
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
                self.http, self.settings, wanted, progress=progress, cancel=cancel
            )
        drafts.extend(paste.adopt_lookups(pasted.drafts, found))
        result = self._add_imported(drafts, progress=progress, cancel=cancel)
        result.skipped.extend(found.skipped)
        return result

    def _add_imported(
        self,
        drafts: Sequence[PaperDraft],
        *,
        origins: Sequence[Origin] | None = None,
        tags: Sequence[Sequence[str]] = (),
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Like :meth:`add_many` (one transaction, ``inbox``), but papers without ids
        are recognised again by title, first author and key, so importing the
        same ``.bib`` file or paste twice adds nothing the second time. With
        ``origins`` (where each draft was in its file), every key that changed
        and every entry merged into another paper is named in ``notices``.
        ``tags[i]`` (a file's own tags, e.g. RIS keywords) are added to draft i's paper."""
        result = ImportReport()
        with self.store.write() as txn:
            for i, draft in enumerate(drafts):
                if i % 200 == 0:
                    check_cancel(cancel, "import")
                    report(progress, i, len(drafts))
                draft = self._as_known_paper(txn, normalize_draft(draft))
                by_id = origins is not None and self._existing_for(txn, draft) is not None
                outcome = self._upsert(txn, draft, status=ReadStatus.INBOX, match_citekey=True)
                if i < len(tags) and tags[i] and add_file_tags(txn, outcome.paper_id, tags[i]):
                    if outcome.outcome == "unchanged":
                        outcome = replace(outcome, outcome="updated")
                result.record(outcome)
                if origins is not None:
                    key = papers_repo.citekey_of(txn.db, outcome.paper_id)
                    note = import_notes.key_note(origins[i], draft, outcome.outcome, key, by_id)
                    if note:
                        result.notices.append(note)
        report(progress, len(drafts), len(drafts))
        if result.added:
            self._changed(LibraryEvent.PAPERS_ADDED, result.added)
        if result.updated:
            self._changed(LibraryEvent.PAPERS_CHANGED, result.updated)
        return result

    @staticmethod
    def _as_known_paper(txn: WriteTxn, draft: PaperDraft) -> PaperDraft:
        """Point an id-less draft at the paper it was imported as before, through its key.

        The earlier import may have given the key a clash suffix (``Smith2020a``).
        """
        if draft.arxiv_id or draft.doi:
            return draft
        tkey = title_key(draft.title, draft.authors[0].family_name if draft.authors else "")
        if not tkey:
            return draft
        wanted = draft.citekey.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = txn.db.execute(
            "SELECT citekey FROM papers WHERE title_key = ? AND citekey LIKE ? ESCAPE '\\' "
            "ORDER BY id",
            [tkey, f"{wanted}%"],
        ).fetchall()
        for (key,) in rows:
            # The key itself, or it with a clash suffix (Smith2020a); not another key that
            # merely starts the same way (scilab vs scilab-condensed). No key: any.
            rest = key[len(draft.citekey) :]
            if not draft.citekey or rest == "" or (rest.isalpha() and rest.islower()):
                return replace(draft, citekey=key)
        return draft

    # ---- health -------------------------------------------------------------

    def backup_if_due(self, max_age_hours: float = 24.0) -> Path | None:
        """Back the database up when the newest backup is older than a day (or missing).

        Run by the app at start, so backups rotate without the user thinking
        of them; an empty library is not worth a backup.
        """
        age = backup_age_hours(self.dir)
        if (age is not None and age < max_age_hours) or self.count() == 0:
            return None
        return create_backup(self.store.path, self.dir)

    def doctor(self, *, database_checked: bool = False) -> list[Finding]:
        """Check the database and the index; what a user should know or fix."""
        found = run_checks(self, database_checked=database_checked)
        return [Finding(level, message) for level, message in found]

    def backup_now(self) -> Path:
        """A backup of the database now (``readinglist backup``); refused on a damaged one."""
        self.store.check_writable()
        return create_backup(self.store.path, self.dir)

    # ---- the search index ---------------------------------------------------

    def change_seq(self) -> int:
        return int(self.store.meta("change_seq", "0"))

    def external_data_version(self) -> int:
        """Changes when another connection (a CLI command, another window) commits."""
        return self.store.data_version()

    def index_exists(self) -> bool:
        """Whether an index folder is there at all (a first start builds one)."""
        return self.index.path.exists()

    def pending_index_changes(self) -> int:
        return int(self.store.db().execute("SELECT count(*) FROM index_outbox").fetchone()[0])

    def sync_index_after_commit(self, progress: ProgressFn | None = None) -> None:
        """``sync_index`` for a change already saved: a failure goes to ``index_lag``, not up."""
        try:
            self.sync_index(progress)
        except (OSError, IndexBusy, StorageUnavailable) as exc:
            self.index_lag = index_lag_message(exc)

    def sync_index(self, progress: ProgressFn | None = None) -> int:
        """Drain the outbox into the index; returns how many papers were indexed."""
        with self._index_lock:
            if not self._index_checked or self.index_problem is not None:
                if self.auto_rebuild:
                    self.ensure_index()
                else:
                    self.check_index()  # drains the outbox if the index is sound
                return 0
            return self._drain(progress)

    def _drain(self, progress: ProgressFn | None = None) -> int:
        db = self.store.db()
        done = 0
        while True:
            rows = db.execute("SELECT paper_id, seq FROM index_outbox ORDER BY seq").fetchall()
            if not rows:
                break
            # One Whoosh commit for the whole outbox: a commit per small batch
            # wrote a segment and merged each time (a bulk add of 10k papers
            # spent most of its indexing time merging).
            ids = [r[0] for r in rows]
            present = papers_repo.existing_ids(db, ids)
            deleted = [i for i in ids if i not in present]
            docs = self._documents(db, [i for i in ids if i in present], INDEX_BATCH)
            if progress is not None:
                docs = _counting(docs, len(rows), progress)
            # A bulk add (thousands of papers) is indexed on every core.
            self.index.apply(docs, deleted, max(r[1] for r in rows),
                             procs=writer_procs(len(rows) - len(deleted)))
            # Losing this delete in a power cut only means indexing the same
            # papers again: skip its fsync (one of two per edit).
            db.execute("PRAGMA synchronous=NORMAL")
            try:
                with self.store.write() as txn:
                    txn.db.conn.executemany(
                        "DELETE FROM index_outbox WHERE paper_id = ? AND seq <= ?", rows
                    )
            finally:
                db.execute("PRAGMA synchronous=FULL")
            done += len(rows)
        if done:
            self.events.emit(LibraryEvent.INDEX_UPDATED, [])
        return done

    def compact_index(self) -> bool:
        """Merge the small index segments edits leave behind; True if it did.

        Edits commit without merging so that they show up in search at once;
        the app calls this when idle (it takes up to a few hundred ms), and
        a drain does it by itself once segments pile up.
        """
        with self._index_lock:
            if not self._index_checked:
                return False
            return self.index.compact()

    def ensure_index(
        self, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> IndexCheck:
        """Open the index, catch up with the outbox, and rebuild it if it disagrees."""
        with self._index_lock:
            existed = self.index.path.exists()
            problem = self.check_index()
            if problem is None:
                return IndexCheck(True, False, "search index is up to date")
            if self.store.read_only:
                raise StorageUnavailable(
                    f"the library at {self.dir} is read-only and its search index cannot be "
                    f"used ({problem}); list, show and export still work"
                )
            self.reindex(progress=progress, cancel=cancel)
            if not existed:
                return IndexCheck(False, True, "search index created", created=True)
            return IndexCheck(False, True, f"search index rebuilt ({problem})")

    def check_index(self) -> str | None:
        """Why the index cannot be trusted (after draining the outbox), or None."""
        with self._index_lock:
            self.index_problem = self._check_index()
            return self.index_problem

    def _check_index(self) -> str | None:
        try:
            self.index.open()
        except IndexUnreadable as exc:
            self._index_checked = False
            return str(exc)
        self._index_checked = True
        for _ in range(5):
            if not self.store.read_only:
                self._drain()
            problem = self._fingerprint_problem()
            if problem != "moving":
                return problem
        return None  # other writers keep it busy; their outbox rows will catch it up

    def _fingerprint_problem(self) -> str | None:
        with self.store.read() as db:
            seq = int(db.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()[0])
            count = int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
            pending = int(db.execute("SELECT count(*) FROM index_outbox").fetchone()[0])
        state = self.index.read_state()
        docs = self.index.doc_count()
        if pending or self.change_seq() != seq:
            return "moving"  # another writer is busy; not a disagreement
        if state.seq > seq:
            return f"the index is newer than the database (change {state.seq} > {seq})"
        if state.seq < seq:
            return f"the index missed changes ({state.seq} < {seq})"
        if docs != count:
            return f"the index has {docs} papers, the database {count}"
        return None

    def reindex(
        self,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        procs: int | None = None,
    ) -> int:
        """Rebuild the search index from the database; returns the paper count.

        ``procs``: indexing processes (default: every core for a big library).
        """
        with self._index_lock:
            with self.store.read() as db:
                seq = int(db.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()[0])
                ids = [r[0] for r in db.execute("SELECT id FROM papers ORDER BY id")]
                self._rebuild_index(
                    self._documents(db, ids),
                    seq=seq,
                    total=len(ids),
                    progress=progress,
                    cancel=cancel,
                    procs=writer_procs(len(ids)) if procs is None else procs,
                )
            with self.store.write() as txn:
                txn.db.execute("DELETE FROM index_outbox WHERE seq <= ?", [seq])
            self._index_checked = True
            self.index_problem = None
            self._drain()
        self.events.emit(LibraryEvent.INDEX_UPDATED, [])
        return len(ids)

    def _rebuild_index(self, docs: Iterator[dict[str, object]], **kwargs: Any) -> None:
        try:
            self.index.rebuild(docs, **kwargs)
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            raise StorageUnavailable(
                f"the search index could not be rebuilt ({reason}); the previous index "
                "and all your papers are unchanged"
            ) from None

    @staticmethod
    def _documents(
        db: Any, ids: list[int], batch: int = REBUILD_BATCH
    ) -> Iterator[dict[str, object]]:
        for start in range(0, len(ids), batch):
            for paper in papers_repo.get_many(db, ids[start : start + batch]):
                yield document(paper)


def _counting(
    docs: Iterator[dict[str, object]], total: int, progress: ProgressFn
) -> Iterator[dict[str, object]]:
    """Pass documents through, reporting every 500 (a long drain shows progress)."""
    for n, doc in enumerate(docs, start=1):
        if n % 500 == 0:
            progress(n, total)
        yield doc
    progress(total, total)
