"""What changed in the library, told to whoever listens (the GUI, auto-export).

Plain callbacks, no Qt: the GUI adapts them to signals. Listeners run in the
thread that made the change, so a GUI listener must only post a signal.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Sequence


class LibraryEvent(enum.StrEnum):
    PAPERS_ADDED = "papers_added"
    PAPERS_CHANGED = "papers_changed"
    PAPERS_REMOVED = "papers_removed"
    TAGS_CHANGED = "tags_changed"
    SAVED_SEARCHES_CHANGED = "saved_searches_changed"
    INDEX_UPDATED = "index_updated"
    DAILY_CHANGED = "daily_changed"  # a day was fetched, or its items added/skipped
    # The automatic export wrote its file / could not; details in
    # ``service.auto_exporter.status`` (see core/autoexport.py).
    AUTO_EXPORTED = "auto_exported"
    AUTO_EXPORT_FAILED = "auto_export_failed"


Listener = Callable[[LibraryEvent, Sequence[int]], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it again."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, event: LibraryEvent, ids: Sequence[int] = ()) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(event, ids)
