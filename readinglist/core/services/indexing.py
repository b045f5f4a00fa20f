"""Index upkeep: draining the outbox into Whoosh, checking, rebuilding, compacting.

SQLite is the source of truth and the Whoosh index is derived from it. Every
change leaves its paper ids in ``index_outbox`` under a change number; this
service drains the outbox (one Whoosh commit, then the outbox rows go),
compares a fingerprint with the database, and rebuilds beside the old index
when they disagree. One lock serialises every index write in this process.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from readinglist.core.errors import IndexBusy, StorageUnavailable
from readinglist.core.events import EventBus, LibraryEvent
from readinglist.core.progress import CancelFn, ProgressFn, counting
from readinglist.core.search.bulk_writer import BulkWriter
from readinglist.core.search.index import IndexUnreadable, WhooshIndex, writer_procs
from readinglist.core.search.schema import document
from readinglist.core.services.index_feed import IndexFeed
from readinglist.core.storage import outbox
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage.db import Store
from readinglist.core.storage.health import index_lag_message

INDEX_BATCH = 500
REBUILD_BATCH = 1000


@dataclass(frozen=True, slots=True)
class IndexCheck:
    ok: bool
    rebuilt: bool
    message: str
    created: bool = False  # there was no index yet (a new library): nothing to report


class Indexing:
    def __init__(
        self,
        store: Store,
        index: WhooshIndex,
        events: EventBus,
        *,
        auto_index: bool = True,
        auto_rebuild: bool = True,
    ) -> None:
        """``auto_index``: drain the outbox after every change (the CLI); the app
        drains it in its index worker instead. ``auto_rebuild``: rebuild a
        missing or stale index in-process when a search needs it."""
        self._store = store
        self.index = index
        self._events = events
        self.auto_index = auto_index
        self.auto_rebuild = auto_rebuild
        self.problem: str | None = None  # why the index cannot serve, if known
        self.lag: str | None = None  # a saved change the index could not take yet
        self.checked = False
        self.lock = threading.RLock()
        # A bulk write being indexed as it is written (``bulk``): drains wait
        # for it to end, and it drains what is left then.
        self._feed: IndexFeed | None = None

    # ---- what the front ends ask ---------------------------------------------

    def change_seq(self) -> int:
        return int(self._store.meta("change_seq", "0"))

    def external_data_version(self) -> int:
        """Changes when another connection (a CLI command, another window) commits."""
        return self._store.data_version()

    def exists(self) -> bool:
        """Whether an index folder is there at all (a first start builds one)."""
        return self.index.path.exists()

    def pending_changes(self) -> int:
        return outbox.pending(self._store.db())

    # ---- keeping up -----------------------------------------------------------

    def sync_after_commit(self, progress: ProgressFn | None = None) -> None:
        """:meth:`sync` for a change already saved: a failure goes to ``lag``, not up.

        The change is saved by now. If the index cannot take it (disk full,
        another process holding its lock), that must not look like a failed
        change (a user who retries an import that did succeed makes
        duplicates): the outbox keeps the rows, the index catches up on the
        next run, and ``lag`` says so.
        """
        try:
            self.sync(progress)
        except (OSError, IndexBusy, StorageUnavailable) as exc:
            self.lag = index_lag_message(exc)

    def sync(self, progress: ProgressFn | None = None) -> int:
        """Drain the outbox into the index; returns how many papers were indexed."""
        if self._feed is not None:
            return 0  # a bulk write is being indexed; it drains the rest when it ends
        with self.lock:
            if not self.checked or self.problem is not None:
                if self.auto_rebuild:
                    self.ensure()
                else:
                    self.check()  # drains the outbox if the index is sound
                return 0
            return self._drain(progress)

    def _drain(self, progress: ProgressFn | None = None) -> int:
        db = self._store.db()
        done = 0
        while True:
            rows = outbox.rows(db)
            if not rows:
                break
            # One Whoosh commit for the whole outbox: a commit per small batch
            # wrote a segment and merged each time (a bulk add of 10k papers
            # spent most of its indexing time merging).
            ids = [r[0] for r in rows]
            present = papers_repo.existing_ids(db, ids)
            deleted = [i for i in ids if i not in present]
            docs = _documents(db, [i for i in ids if i in present], INDEX_BATCH)
            if progress is not None:
                docs = counting(docs, len(rows), progress)
            # A bulk add (thousands of papers) is indexed on every core.
            self.index.apply(docs, deleted, max(r[1] for r in rows),
                             procs=writer_procs(len(rows) - len(deleted)))
            outbox.clear(self._store, rows)
            done += len(rows)
        if done:
            self._events.emit(LibraryEvent.INDEX_UPDATED, [])
        return done

    @contextmanager
    def bulk(self, papers: int) -> Iterator[IndexFeed | None]:
        """For a write of about ``papers`` papers: index them on every core as they are written.

        Yields None when one process would do (a small write: indexed after
        its commit, as usual) or the index cannot take it now (missing,
        damaged, read-only: the outbox keeps the rows). The caller feeds the
        papers inside its transaction and calls ``finish`` after the commit;
        leaving the block any other way cancels the index writer.
        """
        procs = writer_procs(papers)
        feed = self._open_feed(procs) if procs > 1 and self._feed is None else None
        if feed is None:
            yield None
            return
        self._feed = feed
        try:
            yield feed
        finally:
            self._feed = None
            feed.cancel()  # a no-op after ``finish``

    def _open_feed(self, procs: int) -> IndexFeed | None:
        if self._store.read_only:
            return None
        with self.lock:
            if not self.checked or self.problem is not None:
                if self.auto_rebuild:
                    self.ensure()
                else:
                    self.check()
            if not self.checked or self.problem is not None:
                return None
            try:
                writer = BulkWriter(self.index, procs)
            except (OSError, IndexBusy):
                return None  # indexed after the commit, by the drain
        return IndexFeed(self._store, writer, self._after_feed, self._feed_failed)

    def _feed_failed(self, exc: BaseException) -> None:
        self.lag = index_lag_message(exc)

    def _after_feed(self) -> None:
        with self.lock:
            self._drain()
        self._events.emit(LibraryEvent.INDEX_UPDATED, [])

    def compact(self) -> bool:
        """Merge the small index segments edits leave behind; True if it did.

        Edits commit without merging so that they show up in search at once;
        the app calls this when idle (it takes up to a few hundred ms), and
        a drain does it by itself once segments pile up.
        """
        with self.lock:
            if not self.checked:
                return False
            return self.index.compact()

    def ensure(self, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> IndexCheck:
        """Open the index, catch up with the outbox, and rebuild it if it disagrees."""
        with self.lock:
            existed = self.index.path.exists()
            problem = self.check()
            if problem is None:
                return IndexCheck(True, False, "search index is up to date")
            if self._store.read_only:
                raise StorageUnavailable(
                    f"the library at {self._store.path.parent} is read-only and its search index "
                    f"cannot be used ({problem}); list, show and export still work"
                )
            self.rebuild(progress=progress, cancel=cancel)
            if not existed:
                return IndexCheck(False, True, "search index created", created=True)
            return IndexCheck(False, True, f"search index rebuilt ({problem})")

    def check(self) -> str | None:
        """Why the index cannot be trusted (after draining the outbox), or None."""
        with self.lock:
            self.problem = self._check()
            return self.problem

    def _check(self) -> str | None:
        try:
            self.index.open()
        except IndexUnreadable as exc:
            self.checked = False
            return str(exc)
        self.checked = True
        for _ in range(5):
            if not self._store.read_only:
                self._drain()
            problem = self._fingerprint_problem()
            if problem != "moving":
                return problem
        return None  # other writers keep it busy; their outbox rows will catch it up

    def _fingerprint_problem(self) -> str | None:
        with self._store.read() as db:
            seq, count, pending = outbox.fingerprint(db)
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

    def rebuild(
        self,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        procs: int | None = None,
    ) -> int:
        """Rebuild the search index from the database; returns the paper count.

        ``procs``: indexing processes (default: every core for a big library).
        """
        with self.lock:
            with self._store.read() as db:
                seq, ids = outbox.snapshot(db)
                self._rebuild(
                    _documents(db, ids),
                    seq=seq,
                    total=len(ids),
                    progress=progress,
                    cancel=cancel,
                    procs=writer_procs(len(ids)) if procs is None else procs,
                )
            outbox.clear_through(self._store, seq)
            self.checked = True
            self.problem = None
            self._drain()
        self._events.emit(LibraryEvent.INDEX_UPDATED, [])
        return len(ids)

    def _rebuild(self, docs: Iterator[dict[str, object]], **kwargs: Any) -> None:
        try:
            self.index.rebuild(docs, **kwargs)
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            raise StorageUnavailable(
                f"the search index could not be rebuilt ({reason}); the previous index "
                "and all your papers are unchanged"
            ) from None


def _documents(db: Any, ids: list[int], batch: int = REBUILD_BATCH) -> Iterator[dict[str, object]]:
    for start in range(0, len(ids), batch):
        for paper in papers_repo.get_many(db, ids[start : start + batch]):
            yield document(paper)
