"""Core library events as Qt signals, and the index kept in step in the background.

The service runs with ``auto_index=False`` in the app: a change commits to
SQLite (and the outbox) on whatever thread made it, and this bridge asks the
single index worker to drain the outbox. It also notices changes made by
other processes (the CLI while the app is open) through SQLite's
``data_version`` and reports them as ``external_change``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from readinglist.core.errors import IndexBusy
from readinglist.core.events import LibraryEvent
from readinglist.core.library import LibraryService
from readinglist.gui.workers import FunctionWorker, TaskRunner

POLL_MS = 2000
RETRY_MS = 5000
IDLE_COMPACT_MS = 10_000
CHILD_DRAIN_AT = 2000  # papers waiting for the index: index them in the child process


class LibraryBridge(QObject):
    """Signals:
        papers_added(list), papers_changed(list), papers_removed(list): paper ids.
        tags_changed(), saved_searches_changed(), index_updated(), daily_changed().
        auto_export_done(bool, str): the automatic .bib export ran (ok, message).
        large_backlog(int): so many papers wait for the index that they should be
            indexed in the child process (a long in-process drain holds the GIL).
        external_change(): another process changed the library.
        index_failed(object): the index worker raised.
    """

    papers_added = Signal(list)
    papers_changed = Signal(list)
    papers_removed = Signal(list)
    tags_changed = Signal()
    saved_searches_changed = Signal()
    index_updated = Signal()
    external_change = Signal()
    index_failed = Signal(object)
    daily_changed = Signal()
    auto_export_done = Signal(bool, str)
    large_backlog = Signal(int)
    _index_wanted = Signal()

    def __init__(self, service: LibraryService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self._sync_running = False
        self._sync_again = False
        self._paused = False
        self._last_local = 0.0
        # The highest change number this process made: a higher one in the
        # database means another process (the CLI) changed papers.
        self._local_seq = service.indexing.change_seq()
        self._data_version = self._read_data_version()
        self._unsubscribe = service.events.subscribe(self._on_event)
        self._index_wanted.connect(self.request_index_sync)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_COMPACT_MS)
        self._idle.timeout.connect(self._compact_when_idle)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_external)
        self._poll.start()

    def close(self) -> None:
        self._poll.stop()
        self._unsubscribe()

    # Called in whichever thread changed the library: only emit signals here.
    def _on_event(self, event: LibraryEvent, ids: Sequence[int]) -> None:
        id_list = list(ids)
        self._last_local = time.monotonic()
        if event is LibraryEvent.PAPERS_ADDED:
            self.papers_added.emit(id_list)
        elif event is LibraryEvent.PAPERS_CHANGED:
            self.papers_changed.emit(id_list)
        elif event is LibraryEvent.PAPERS_REMOVED:
            self.papers_removed.emit(id_list)
        elif event is LibraryEvent.TAGS_CHANGED:
            self.tags_changed.emit()
        elif event is LibraryEvent.SAVED_SEARCHES_CHANGED:
            self.saved_searches_changed.emit()
        elif event is LibraryEvent.INDEX_UPDATED:
            self.index_updated.emit()
            return
        elif event is LibraryEvent.DAILY_CHANGED:
            self.daily_changed.emit()
        elif event in (LibraryEvent.AUTO_EXPORTED, LibraryEvent.AUTO_EXPORT_FAILED):
            status = self.service.auto_exporter.status
            if status is not None:
                self.auto_export_done.emit(status.ok, status.message)
            return
        if event in (LibraryEvent.PAPERS_ADDED, LibraryEvent.PAPERS_CHANGED,
                     LibraryEvent.PAPERS_REMOVED):
            self._local_seq = max(self._local_seq, self.service.indexing.change_seq())
            self._index_wanted.emit()

    def pause_index(self) -> None:
        """No draining while this app rebuilds the index in its child process."""
        self._paused = True

    def resume_index(self) -> None:
        self._paused = False
        self.request_index_sync()

    @Slot()
    def request_index_sync(self) -> None:
        """Drain the outbox in the index worker; coalesce requests while it runs."""
        if self._sync_running or self._paused:
            self._sync_again = True
            return
        self._sync_running = True
        worker = FunctionWorker(self._sync_small_backlog)
        worker.signals.result.connect(self._on_sync_result)
        worker.signals.failed.connect(self._on_sync_failed)
        worker.signals.finished.connect(self._on_sync_finished)
        self.runner.start(worker, index=True)

    def _sync_small_backlog(self) -> int:
        """Index worker: drain a small outbox here; report a large one (returns -n)."""
        pending = self.service.indexing.pending_changes()
        if pending >= CHILD_DRAIN_AT:
            return -pending
        return self.service.indexing.sync()

    @Slot(object)
    def _on_sync_result(self, result: int) -> None:
        if result < 0:
            self.large_backlog.emit(-result)

    @Slot(object, str)
    def _on_sync_failed(self, exc: object, _tb: str) -> None:
        if isinstance(exc, IndexBusy):
            # Another process holds the index (e.g. `readinglist reindex`); the
            # outbox keeps the changes: try again shortly, quietly.
            QTimer.singleShot(RETRY_MS, self.request_index_sync)
            return
        self.index_failed.emit(exc)

    @Slot()
    def _on_sync_finished(self) -> None:
        self._sync_running = False
        if self._sync_again and not self._paused:
            self._sync_again = False
            self.request_index_sync()
        else:
            self._idle.start()  # compact the small segments edits leave, once quiet

    @Slot()
    def _compact_when_idle(self) -> None:
        if self._sync_running or self._paused:
            return
        self.runner.start(FunctionWorker(self.service.indexing.compact), index=True)

    def _read_data_version(self) -> int:
        return self.service.indexing.external_data_version()

    @Slot()
    def _check_external(self) -> None:
        version = self._read_data_version()
        if version == self._data_version:
            return
        self._data_version = version
        seq = self.service.indexing.change_seq()
        if seq > self._local_seq:
            self._local_seq = seq
            self.request_index_sync()
            self.external_change.emit()
        elif time.monotonic() - self._last_local > POLL_MS / 1000 * 1.5:
            # Not papers, and not our own recent writes (the index worker's
            # outbox deletes, a fetch): tag colours or saved searches changed
            # elsewhere. Refresh the sidebar.
            self.tags_changed.emit()
