"""What every service shares: the store, the event bus, settings, the network, undo.

The facade builds one context and hands it to each service. ``changed`` is
the after-commit hook (bring the index up to date, tell listeners); services
call it after every write, never the index themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.core import undo
from readinglist.core.events import EventBus, LibraryEvent
from readinglist.core.net.session import HttpClient
from readinglist.core.services.index_feed import IndexFeed
from readinglist.core.settings import Settings, SettingsFile
from readinglist.core.storage.db import Store, WriteTxn


@dataclass(eq=False)
class LibraryContext:
    dir: Path
    store: Store
    events: EventBus
    settings_file: SettingsFile
    http_of: Callable[[], HttpClient]
    changed: Callable[[LibraryEvent, Sequence[int]], None]
    # Whose changes undo takes back: the app's or the command line's (core/undo.py).
    undo_origin: str = "app"
    # A bulk write of n papers hands them to the index as it writes them
    # (``Indexing.bulk``); the one exception to "services never touch the index".
    bulk_index: Callable[[int], AbstractContextManager[IndexFeed | None]] = field(
        default=lambda _papers: nullcontext(None)
    )

    @property
    def settings(self) -> Settings:
        return self.settings_file.load()

    @property
    def http(self) -> HttpClient:
        return self.http_of()

    @contextmanager
    def undoable(self) -> Iterator[tuple[WriteTxn, undo.Change]]:
        """A write whose inverse is journaled in the same transaction."""
        with self.store.write() as txn:
            change = undo.Change()
            yield txn, change
            undo.record(txn, self.undo_origin, change)
