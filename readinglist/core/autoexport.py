"""Automatic export: keep the user's chosen ``.bib`` file in step with the library.

Works the same under the desktop app and the CLI, without Qt. Changes
arrive as library events (in the writer's thread); each one (re)starts a
short timer, so a burst of edits causes one export. The export runs in the
timer's thread and writes atomically. Success and failure are announced as
``AUTO_EXPORTED`` / ``AUTO_EXPORT_FAILED`` events, with the details in
:attr:`AutoExporter.status`, for the app to show. :meth:`flush` (called by
``LibraryService.close``) writes a pending export at once, so a CLI command
that changed a paper leaves the file up to date when it exits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from readinglist.core.errors import UserError
from readinglist.core.events import EventBus, LibraryEvent
from readinglist.core.services.exports import Exports

DEBOUNCE_S = 2.0
TRIGGERS = frozenset(
    {
        LibraryEvent.PAPERS_ADDED,
        LibraryEvent.PAPERS_CHANGED,
        LibraryEvent.PAPERS_REMOVED,
        LibraryEvent.TAGS_CHANGED,
    }
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AutoExportStatus:
    """The outcome of the latest automatic export."""

    ok: bool
    path: Path | None
    message: str
    when: str


class AutoExporter:
    """Debounced automatic export, wired to the export service and the event bus.

    It does not know the facade that owns it: the export service says where
    the file goes (``auto_target``) and writes it (``auto_export_now``).
    """

    def __init__(
        self,
        events: EventBus,
        exports: Exports,
        *,
        release_thread: Callable[[], None],
        delay: float = DEBOUNCE_S,
    ) -> None:
        self._events = events
        self._exports = exports
        self._release_thread = release_thread
        self.delay = delay
        self.status: AutoExportStatus | None = None
        self._lock = threading.Lock()  # guards the timer and the pending flag
        self._run_lock = threading.Lock()  # one export at a time
        self._timer: threading.Timer | None = None
        self._pending = False
        self._closed = False
        self._unsubscribe = events.subscribe(self._on_event)

    def _on_event(self, event: LibraryEvent, ids: Sequence[int]) -> None:
        if event in TRIGGERS and self._configured():
            self.schedule()

    def _configured(self) -> bool:
        try:
            return bool(self._exports.auto_target.strip())
        except UserError:
            return True  # unreadable settings: let the export attempt report it

    @property
    def pending(self) -> bool:
        with self._lock:
            return self._pending

    def schedule(self) -> None:
        """Export after :attr:`delay` seconds without further changes."""
        with self._lock:
            if self._closed:
                return
            self._pending = True
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._run_pending)
            self._timer.name = "readinglist-auto-export"
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        """Write a pending export now, in this thread."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        self._run_pending()

    def close(self) -> None:
        if self._closed:
            return
        self.flush()
        with self._lock:
            self._closed = True
        self._unsubscribe()

    def _run_pending(self) -> None:
        with self._run_lock:
            with self._lock:
                if not self._pending:
                    return
                self._pending = False
            try:
                self._export()
            finally:
                # Each export runs on a new timer thread: do not leave its connection open.
                self._release_thread()

    def _export(self) -> None:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            path = self._exports.auto_export_now()
        except UserError as exc:
            self._failed(f"automatic export failed: {exc}", now)
            return
        except Exception as exc:  # a bug: say so, keep the app alive
            log.exception("automatic export failed")
            self._failed(f"automatic export failed: {exc!r}", now)
            return
        if path is not None:
            self.status = AutoExportStatus(True, path, f"exported to {path}", now)
            self._events.emit(LibraryEvent.AUTO_EXPORTED, [])

    def _failed(self, message: str, now: str) -> None:
        self.status = AutoExportStatus(False, None, message, now)
        self._events.emit(LibraryEvent.AUTO_EXPORT_FAILED, [])
