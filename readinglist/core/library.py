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
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinglist.core.autoexport import AutoExporter
from readinglist.core.doctor import run_checks
from readinglist.core.errors import IndexBusy, StorageUnavailable
from readinglist.core.events import EventBus, LibraryEvent
from readinglist.core.models import PaperId, ReadStatus
from readinglist.core.net.session import HttpClient, NetConfig
from readinglist.core.progress import CancelFn, ProgressFn, counting
from readinglist.core.search.index import (
    IndexUnreadable,
    SearchHits,
    WhooshIndex,
    writer_procs,
)
from readinglist.core.search.query import Node, is_structured, parse_query
from readinglist.core.search.schema import document
from readinglist.core.search.sql_filter import count_sql_for
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.daily import DailyLists
from readinglist.core.services.exports import Exports, auto_export_target
from readinglist.core.services.history import History
from readinglist.core.services.imports import Imports
from readinglist.core.services.notes import Notes
from readinglist.core.services.papers import Papers, view_query
from readinglist.core.services.saved import SavedSearches
from readinglist.core.services.tags import Tags
from readinglist.core.settings import Settings, SettingsFile
from readinglist.core.storage import listing
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage.backups import backup_age_hours, create_backup
from readinglist.core.storage.db import Store
from readinglist.core.storage.health import clean_leftovers, index_lag_message

DB_FILE = "library.db"
INDEX_DIR = "index"
INDEX_BATCH = 500
# Structured searches walk the added-date index when a page is expected
# within this many rows (see search()).
NEWEST_FIRST_SCAN = 20_000
REBUILD_BATCH = 1000


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
        self._settings = SettingsFile(self.dir)
        self._http_client: HttpClient | None = None
        self._http_lock = threading.Lock()
        self._ctx = LibraryContext(
            dir=self.dir,
            store=self.store,
            events=self.events,
            settings_file=self._settings,
            http_of=lambda: self.http,
            changed=self._changed,
        )
        self.papers = Papers(self._ctx)
        self.tags = Tags(self._ctx)
        self.notes = Notes(self._ctx)
        self.saved = SavedSearches(self._ctx)
        self.history = History(self._ctx)
        self.imports = Imports(self._ctx)
        self.exports = Exports(self._ctx, self.papers, self.tags, self.saved, self._search_ids)
        self.daily = DailyLists(self._ctx, self.papers)
        self.auto_exporter = AutoExporter(
            self.events, self.exports, release_thread=self.store.release_thread
        )
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
    def undo_origin(self) -> str:
        """Whose changes undo takes back: ``app`` or ``cli`` (core/undo.py)."""
        return self._ctx.undo_origin

    @undo_origin.setter
    def undo_origin(self, origin: str) -> None:
        self._ctx.undo_origin = origin

    @property
    def settings(self) -> Settings:
        """The library's settings; the file is read again only when it changed."""
        return self._settings.load()

    def save_settings(self, settings: Settings) -> None:
        """Write the settings; the Daily list is told (mute rules, categories may differ)."""
        self._settings.save(settings)
        self.events.emit(LibraryEvent.DAILY_CHANGED, [])

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

    def _close_network(self) -> None:
        with self._http_lock:
            client, self._http_client = self._http_client, None
        if client is not None:
            client.close()

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

    def _filters(self, query: str, status: ReadStatus | None, tag: str | None,
                 within: str = "") -> Node:
        return view_query(query, status, tag, within)

    def _sql_ids(self, node: Node, **kwargs: Any) -> list[PaperId]:
        return listing.matching_ids(self.store.db(), node, **kwargs)

    # ---- search -------------------------------------------------------------

    def _search_ids(self, query: str, tag: str | None) -> list[PaperId]:
        return self.search(query, tag=tag, limit=None).ids

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

    # ---- health -------------------------------------------------------------

    def backup_if_due(self, max_age_hours: float = 24.0) -> Path | None:
        """Back the database up when the newest backup is older than a day (or missing).

        Run by the app at start, so backups rotate without the user thinking
        of them; an empty library is not worth a backup.
        """
        age = backup_age_hours(self.dir)
        if (age is not None and age < max_age_hours) or self.papers.count() == 0:
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
                docs = counting(docs, len(rows), progress)
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
