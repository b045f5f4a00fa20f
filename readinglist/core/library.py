"""LibraryService: the one object the desktop app and the CLI both create.

It owns the two stores (SQLite, the source of truth, and the Whoosh index,
derived from it), the event bus, settings and the network client, and hands
them to focused services through one :class:`LibraryContext`::

    service.papers     reading, listing, adding, editing, status, rating, keys
    service.tags       tags on papers, renaming, colours, counts
    service.notes      notes on papers
    service.saved      saved searches
    service.history    undo and the trash
    service.imports    files, pastes, identifiers, title look-ups
    service.exports    BibTeX/CSL-JSON/RIS/native export, automatic export
    service.daily      the Daily lists and "For you"
    service.indexing   index upkeep: sync, check, rebuild, compact
    service.health     doctor and backups
    service.search()   the search (``service.finder`` behind it)

Safe to call from several threads: each thread gets its own SQLite
connection, and index writes are serialised.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from readinglist.core.autoexport import AutoExporter
from readinglist.core.events import EventBus, LibraryEvent
from readinglist.core.models import PaperId
from readinglist.core.net.session import HttpClient, NetConfig
from readinglist.core.search.index import WhooshIndex
from readinglist.core.services.context import LibraryContext
from readinglist.core.services.daily import DailyLists
from readinglist.core.services.exports import Exports, auto_export_target
from readinglist.core.services.finder import Finder
from readinglist.core.services.health import Health
from readinglist.core.services.history import History
from readinglist.core.services.imports import Imports
from readinglist.core.services.indexing import Indexing
from readinglist.core.services.notes import Notes
from readinglist.core.services.papers import Papers
from readinglist.core.services.saved import SavedSearches
from readinglist.core.services.tags import Tags
from readinglist.core.settings import Settings, SettingsFile
from readinglist.core.storage.db import Store
from readinglist.core.storage.health import clean_leftovers

DB_FILE = "library.db"
INDEX_DIR = "index"


class LibraryService:
    """The library: the stores, their lifecycle, and the services that work on them."""

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
        self._settings = SettingsFile(self.dir)
        self._http_client: HttpClient | None = None
        self._http_lock = threading.Lock()
        self.indexing = Indexing(
            self.store, self.index, self.events, auto_index=auto_index, auto_rebuild=auto_rebuild
        )
        self._ctx = LibraryContext(
            dir=self.dir,
            store=self.store,
            events=self.events,
            settings_file=self._settings,
            http_of=lambda: self.http,
            changed=self._changed,
            bulk_index=self.indexing.bulk,
        )
        self.finder = Finder(self.store, self.indexing)
        # The one call every view makes: ``service.search(query, limit=, status=, tag=,
        # within=)``, ranked ids (structured-only queries from SQL, newest first).
        self.search = self.finder.search
        self.papers = Papers(self._ctx)
        self.tags = Tags(self._ctx)
        self.notes = Notes(self._ctx)
        self.saved = SavedSearches(self._ctx)
        self.history = History(self._ctx)
        self.imports = Imports(self._ctx)
        self.exports = Exports(self._ctx, self.papers, self.tags, self.saved, self._search_ids)
        self.daily = DailyLists(self._ctx, self.papers)
        self.health = Health(self.store, self.indexing, self.exports)
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

    def _changed(self, event: LibraryEvent, ids: Sequence[int]) -> None:
        """After a commit: bring the index up to date (``auto_index``), then tell listeners."""
        if self.indexing.auto_index:
            self.indexing.sync_after_commit()
        self.events.emit(event, ids)

    # ---- search: the one call every view makes -------------------------------

    def validate_query(self, query: str) -> None:
        """Raise :class:`InvalidQuery` (with position) if ``query`` is malformed."""
        self.finder.validate_query(query)

    def _search_ids(self, query: str, tag: str | None) -> list[PaperId]:
        return self.finder.search(query, tag=tag, limit=None).ids

    # ---- settings, undo origin, network ---------------------------------------

    @property
    def settings(self) -> Settings:
        """The library's settings; the file is read again only when it changed."""
        return self._settings.load()

    def save_settings(self, settings: Settings) -> None:
        """Write the settings; the Daily list is told (mute rules, categories may differ)."""
        self._settings.save(settings)
        self.events.emit(LibraryEvent.DAILY_CHANGED, [])

    @property
    def undo_origin(self) -> str:
        """Whose changes undo takes back: ``app`` or ``cli`` (core/undo.py)."""
        return self._ctx.undo_origin

    @undo_origin.setter
    def undo_origin(self, origin: str) -> None:
        self._ctx.undo_origin = origin

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
