"""What the paper table shows: the sidebar view combined with the search text.

Structured queries (status, tags, years …) are answered by SQLite on the GUI
thread: exact, sortable, a few milliseconds. Free-text searches run in a
worker; each carries a generation number and results from an older
generation are dropped, so fast typing never shows stale results. A bad
query is shown under the search bar and the current results stay.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from readinglist.core.errors import IndexBusy, InvalidQuery, UserError
from readinglist.core.library import LibraryService
from readinglist.core.services.finder import SearchResult
from readinglist.core.search.query import is_structured, parse_query
from readinglist.gui.models.paper_table import PaperTableModel
from readinglist.gui.panels.search_bar import SearchBar
from readinglist.gui.panels.sidebar import Sidebar
from readinglist.gui.views import ViewFilter
from readinglist.gui.workers import FunctionWorker, TaskRunner

SEARCH_LIMIT = 2000


class ViewController(QObject):
    """Signals:
        summary_changed(str): e.g. "1,204 papers" or "37 results", for the status bar.
        shown(): the table shows a new list (the window restores the selection).
        failed(str): a search failed for a reason the user should see.
        index_busy(): a full-text search found the index unusable (being rebuilt).
    """

    summary_changed = Signal(str)
    shown = Signal()
    failed = Signal(str)
    index_busy = Signal()

    def __init__(self, service: LibraryService, runner: TaskRunner, sidebar: Sidebar,
                 search_bar: SearchBar, model: PaperTableModel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.sidebar = sidebar
        self.search_bar = search_bar
        self.model = model
        self.generation = 0
        self.closed = False  # the window closed: results still queued are for nobody
        self.searching = False
        self.query = ""
        self.index_was_busy = False
        self.total = 0  # every match of the last ranked search (the table shows the best ones)
        self.search_args: dict[str, object] = {}  # what that search was, to fetch all of it

    def _saved_query(self, name: str) -> str | None:
        return next((s.query for s in self.service.saved.all() if s.name == name), None)

    @Slot()
    def refresh(self) -> None:
        view = self.sidebar.current_view
        if not view.shows_papers:
            return
        query = self.search_bar.query
        scoped: ViewFilter = view.filters(self._saved_query)
        within, status, tag = scoped.within, scoped.status, scoped.tag
        try:
            scope = parse_query(within)
        except InvalidQuery as exc:
            self.failed.emit(f"The saved search “{view.value}” is not valid: {exc}")
            return
        try:
            node = parse_query(query)
        except InvalidQuery as exc:
            self.search_bar.show_error(str(exc), exc.position)
            return
        self.search_bar.clear_error()
        self.query = query
        self.generation += 1
        generation = self.generation
        self.searching = True
        if is_structured(node) and is_structured(scope):
            # SQL answers it (sorted, exact); still off the GUI thread, as at
            # 100,000 papers a tag filter takes tens of milliseconds.
            sql_filter = {"status": status, "tag": tag, "query": query, "within": within}
            worker = FunctionWorker(self.service.papers.list_ids, sort=self.model.sort_key,
                                    descending=self.model.descending, **sql_filter)
            worker.signals.result.connect(
                lambda ids, g=generation, f=sql_filter: self._on_listed(g, ids, f))
        else:
            self.search_args = {"query": query, "status": status, "tag": tag, "within": within}
            worker = FunctionWorker(self.service.search, query, status=status, tag=tag,
                                    within=within, limit=SEARCH_LIMIT)
            worker.signals.result.connect(lambda result, g=generation: self._on_result(g, result))
        worker.signals.failed.connect(lambda exc, _tb, g=generation: self._on_failed(g, exc))
        self.runner.start(worker, view=True)

    def _stale(self, generation: int) -> bool:
        """A newer search is on its way, or the window (and its table) is gone:
        a worker may finish after the window closed."""
        return (self.closed or generation != self.generation
                or not shiboken6.isValid(self.model))

    def _on_listed(self, generation: int, ids: list[int], sql_filter: dict[str, object]) -> None:
        if self._stale(generation):
            return
        self.searching = False
        self.model.show_ids_for_filter(ids, sql_filter)
        self.summarise(len(ids), None)
        self.shown.emit()

    @Slot()
    def retry_if_index_was_busy(self) -> None:
        """The index caught up: run again a search that found it unusable."""
        if self.index_was_busy:
            self.index_was_busy = False
            self.refresh()

    def refresh_if_searching(self) -> None:
        """The index came back (e.g. after a rebuild): run a text search again."""
        if self.query or self.index_was_busy:
            self.index_was_busy = False
            self.refresh()

    def _on_result(self, generation: int, result: SearchResult) -> None:
        if self._stale(generation):
            return  # a newer search is on its way: drop this one
        self.searching = False
        self.total = result.total
        self.model.show_ranked(result.ids)
        self.summarise(len(result.ids), result.total)
        self.shown.emit()

    def _on_failed(self, generation: int, exc: object) -> None:
        if self._stale(generation):
            return
        self.searching = False
        if isinstance(exc, InvalidQuery):
            self.search_bar.show_error(str(exc), exc.position)
        elif isinstance(exc, IndexBusy):
            self.index_was_busy = True
            self.search_bar.show_error(str(exc).capitalize() + ".")
            self.index_busy.emit()
        elif isinstance(exc, UserError):
            self.failed.emit(str(exc))
        else:
            raise exc  # type: ignore[misc]  # a bug: to the error dialog via excepthook

    def all_results(self, on_ids: object) -> None:
        """Every match of the ranked search shown (not only the best ``SEARCH_LIMIT``), in a
        worker; ``on_ids(generation, ids)`` gets them."""
        args = dict(self.search_args)
        generation = self.generation
        worker = FunctionWorker(self.service.search, args.pop("query"), limit=None, **args)
        worker.signals.result.connect(lambda result, g=generation: on_ids(g, result.ids))
        worker.signals.failed.connect(lambda exc, _tb, g=generation: self._on_failed(g, exc))
        self.runner.start(worker, view=True)

    def summarise(self, shown: int, total: int | None) -> None:
        if total is None:
            self.summary_changed.emit(f"{shown:,} paper{'s' if shown != 1 else ''}")
        elif total > shown:
            self.summary_changed.emit(f"best {shown:,} of {total:,} results")
        else:
            self.summary_changed.emit(f"{shown:,} result{'s' if shown != 1 else ''}")
