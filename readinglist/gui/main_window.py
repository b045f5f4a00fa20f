"""The main window: composes the panels and wires their signals, nothing more.

Behaviour lives in the panels (``panels/``), in the view controller (what
the table shows), in ``paper_commands.py`` (actions on papers, imports,
exports) and in the core ``LibraryService``. Menus, toolbar and shortcuts come
from the declarations in ``actions.py``. No SQL, requests or Whoosh here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelection, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from collections.abc import Callable

from readinglist.core.library import LibraryService
from readinglist.gui import resources, state
from readinglist.gui.actions import CONTEXT, MENU_BAR, SUMMARY, TOOLBAR, Actions
from readinglist.gui.bridge import LibraryBridge
from readinglist.gui.dialogs.help_dialogs import HelpDialogs
from readinglist.gui.messages import MessageBar, MessageHistory
from readinglist.gui.models.paper_table import TAGS, TITLE, PaperTableModel
from readinglist.gui.paper_commands import PaperCommands
from readinglist.gui.panels.detail_panel import DetailPanel
from readinglist.gui.panels.paper_table_view import PaperTableView
from readinglist.gui.panels.page_stack import PageStack
from readinglist.gui.panels.search_bar import SearchBar
from readinglist.gui.panels.selection_summary import SelectionSummary
from readinglist.gui.select_all import AllResults
from readinglist.gui.panels.empty_note import EmptyNote
from readinglist.gui.panels.sidebar import Sidebar, SidebarData
from readinglist.gui.panels.tag_chips import TagChipDelegate
from readinglist.gui.panels.welcome import WelcomeView
from readinglist.gui.state import UiState
from readinglist.gui.task_status import TaskStatus
from readinglist.gui.view_controller import ViewController
from readinglist.gui.views import Destination, View
from readinglist.gui.workers import TaskRunner


class MainWindow(QMainWindow):
    def __init__(self, service: LibraryService, *, ui_state: UiState | None = None,
                 runner: TaskRunner | None = None, check_index: bool = True) -> None:
        super().__init__()
        self.service = service
        self.ui_state = ui_state or UiState()
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle(f"Reading List — {service.dir}")
        self.setWindowIcon(QIcon(str(resources.path("icons/readinglist.svg"))))
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.actions_ = Actions(self)
        self.bridge = LibraryBridge(service, self.runner, self)
        self._init_widgets()
        self.views = ViewController(service, self.runner, self.sidebar, self.search_bar,
                                    self.model, self)
        self.all_results = AllResults(self.views, self.model, self._on_all_results)
        self.commands = PaperCommands(self, self.service, self.runner, self.messages,
                                      bridge=self.bridge, ui_state=self.ui_state, parent=self)
        self.help = HelpDialogs(self, self.service, self.search_for)
        self._init_menus()
        self._connect_signals()
        self.update_undo()
        self._restore_state()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self._refresh_after_change)
        self._reload_view = False
        self.show_view(View.all())
        if check_index:
            self.commands.check_index()
            self.commands.backup_if_due()

    # ---- building ---------------------------------------------------------------

    def _init_widgets(self) -> None:
        central = QWidget(self)
        self.messages = MessageBar(central)  # floats over the content: the layout never jumps
        self.sidebar = Sidebar(self.service, self.runner, self)
        self.search_bar = SearchBar(self)
        self.model = PaperTableModel(self.service, self)
        self.table = PaperTableView(self)
        self.table.setModel(self.model)
        self.table.setup_columns()
        self.empty_note = EmptyNote(self.table)
        self.chips = TagChipDelegate({}, self.table)
        self.table.setItemDelegateForColumn(TAGS, self.chips)
        self.detail = DetailPanel(self.service, self)
        self.detail.similar.runner = self.runner  # "Similar papers" looks up in a worker
        self.selection_summary: SelectionSummary | None = None  # built with the actions
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(self.detail)
        self.welcome = WelcomeView(self)
        from readinglist.gui.panels.daily_panel import DailyPanel

        self.daily = DailyPanel(self.service, self.runner, self, ui_state=self.ui_state)

        library = QWidget(self)
        library_layout = QVBoxLayout(library)
        library_layout.setContentsMargins(0, 0, 0, 0)
        library_layout.addWidget(self.search_bar)
        library_layout.addWidget(self.table, 1)
        self.center = PageStack(self)
        for widget in (library, self.welcome, self.daily):
            self.center.addWidget(widget)
        self.library_page = library

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setChildrenCollapsible(False)  # a sidebar dragged to nothing is lost
        self.sidebar.setMinimumWidth(150)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([190, 700, 390])
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.summary = QLabel(self)
        self.statusBar().addWidget(self.summary, 1)
        self.tasks = TaskStatus(self.statusBar())  # progress and Cancel of long tasks
        self.history_button = QToolButton(self)
        self.history_button.setAutoRaise(True)
        self.history_button.setAccessibleName("Message history")
        self.history_button.setToolTip("Earlier messages (View → Messages)")
        self.history_button.setText("No messages")  # always there: the status bar keeps its height
        self.history_button.setEnabled(False)
        self.messages.history_changed.connect(self._on_history_changed)
        self.statusBar().addPermanentWidget(self.history_button)

    def _init_menus(self) -> None:
        """Menus and toolbar from the declarations in ``actions.py``."""
        a = self.actions_
        menus = {title: self.menuBar().addMenu(title) for title in MENU_BAR}
        for title, menu in menus.items():
            a.fill(menu, title)
        self.edit_menu = menus["&Edit"]
        self.edit_menu.aboutToShow.connect(self.update_undo)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        a.fill(toolbar, TOOLBAR)

    def paper_menu(self) -> QMenu:
        return self.actions_.fill(QMenu(self), CONTEXT)

    def _connect_signals(self) -> None:
        c = self.commands
        c.navigate.connect(self._go)
        c.index_ready.connect(self.views.refresh_if_searching)
        self.sidebar.view_selected.connect(self.show_view)
        self.sidebar.loaded.connect(self._on_sidebar_loaded)
        self.search_bar.query_changed.connect(self._on_query)
        self.search_bar.save_requested.connect(c.save_search)
        self.views.summary_changed.connect(self._on_library_summary)
        self.daily.summary_changed.connect(self._on_daily_summary)
        self.model.ids_reset.connect(self._restore_selection)  # new results, or a header sort
        self.views.shown.connect(self._show_empty_note)
        self.empty_note.search_all_requested.connect(self.search_all)
        self.search_bar.search_all_requested.connect(self.search_all)
        self.model.ids_reset.connect(  # ranked results have no column order to show
            lambda: self.table.horizontalHeader().setSortIndicatorShown(not self.model.ranked))
        self.views.failed.connect(self.messages.error)
        self.views.index_busy.connect(c.rebuild_if_needed)
        self.bridge.index_updated.connect(self.views.retry_if_index_was_busy)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.context_menu_requested.connect(lambda pos: self.paper_menu().exec(pos))
        self.table.doubleClicked.connect(lambda _index: c.open_in_browser())
        self.model.modelAboutToBeReset.connect(self._remember_selection)

        self.detail.error.connect(self.messages.error)

        self.welcome.daily_requested.connect(lambda: self.show_view(View.daily()))
        self.welcome.add_requested.connect(c.add_identifiers)
        self.welcome.import_requested.connect(c.import_file)
        self.welcome.demo_requested.connect(c.load_demo)

        self.bridge.papers_added.connect(self._on_papers_added)
        self.bridge.papers_changed.connect(self._on_papers_changed)
        self.bridge.papers_removed.connect(self._on_papers_removed)
        self.bridge.tags_changed.connect(lambda: self._schedule_refresh(reload_view=True))
        self.bridge.saved_searches_changed.connect(self.sidebar.refresh)
        self.bridge.external_change.connect(self._on_external_change)
        self.bridge.index_failed.connect(c.report_failure)
        self.bridge.large_backlog.connect(c.index_backlog)

        self.sidebar.rename_tag_requested.connect(c.rename_tag)
        self.sidebar.delete_tag_requested.connect(c.delete_tag)
        self.sidebar.color_tag_requested.connect(c.color_tag)
        self.sidebar.new_saved_requested.connect(self.save_current_search)
        self.sidebar.edit_saved_requested.connect(c.edit_saved_search)
        self.sidebar.delete_saved_requested.connect(c.delete_saved_search)

        self.bridge.daily_changed.connect(self.daily.refresh_marks)
        self.bridge.auto_export_done.connect(self._on_auto_export)
        self.daily.message.connect(self.messages.info)
        self.daily.error.connect(lambda text: self.messages.error(text, origin="daily"))
        self.daily.recovered.connect(lambda: self.messages.dismiss(origin="daily"))

        self.actions_.connect_handlers(self)
        for signal in (self.bridge.papers_added, self.bridge.papers_changed,
                       self.bridge.papers_removed, self.bridge.tags_changed):
            signal.connect(self.update_undo)
        self.history_button.clicked.connect(self.show_messages)
        self._update_actions()

    # ---- messages --------------------------------------------------------------------

    @Slot(int)
    def _on_history_changed(self, count: int) -> None:
        self.history_button.setText(f"{count} message{'s' if count != 1 else ''}")
        self.history_button.setEnabled(count > 0)

    @Slot()
    def show_messages(self) -> None:
        MessageHistory(self.messages.history, self).exec()

    # ---- progress of long tasks ---------------------------------------------------

    def begin_progress(self, label: str, cancel: Callable[[], None]) -> object:
        return self.tasks.begin(label, cancel)

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        self.tasks.set_progress(done, total)

    def end_progress(self, token: object) -> None:
        self.tasks.end(token)
        self.update_undo()  # the task may have made (or undone) a change

    def show_status(self, text: str, msecs: int) -> None:
        self.statusBar().showMessage(text, msecs)

    # ---- state ---------------------------------------------------------------------

    def _restore_state(self) -> None:
        ui = self.ui_state
        if (geometry := ui.bytes(state.MAIN_GEOMETRY)) is not None:
            self.restoreGeometry(geometry)
        if (header := ui.bytes(state.per_library(state.TABLE_HEADER, self.service.dir))) is not None:
            self.table.horizontalHeader().restoreState(header)
        self._splitters_restored = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._splitters_restored:
            # Splitter sizes only mean something once the window has its size.
            self._splitters_restored = True
            if (splitter := self.ui_state.bytes(state.MAIN_SPLITTER)) is not None:
                self.splitter.restoreState(splitter)
            if (detail := self.ui_state.bytes(state.DETAIL_SPLITTER)) is not None:
                self.detail.splitter.restoreState(detail)

    def save_state(self) -> None:
        ui = self.ui_state
        ui.set_bytes(state.MAIN_GEOMETRY, self.saveGeometry())
        ui.set_bytes(state.MAIN_SPLITTER, self.splitter.saveState())
        ui.set_bytes(state.DETAIL_SPLITTER, self.detail.splitter.saveState())
        ui.set_bytes(state.per_library(state.TABLE_HEADER, self.service.dir),
                     QByteArray(self.table.horizontalHeader().saveState()))
        ui.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # Results of workers still running arrive after the widgets are gone: drop them
        # (a listing finishing after the window is gone would touch a deleted model).
        self.views.closed = True
        self._refresh_timer.stop()
        self.views.generation += 1
        self.daily.closing = True
        self.detail.notes.flush()
        self.save_state()
        self.bridge.close()
        self.commands.rebuilder.cancel()
        self.commands.rebuilder.wait(5000)
        self.runner.wait()
        super().closeEvent(event)

    # ---- views ---------------------------------------------------------------------

    @Slot(object)
    def show_view(self, view: View) -> None:
        if view != self.sidebar.current_view:
            self.sidebar.select_view(view)  # re-enters here through view_selected
            return
        # The Daily panel shows its own abstract pane; the paper details make room.
        self.detail_stack.setVisible(view.shows_papers)
        if view.is_daily:
            self.center.setCurrentWidget(self.daily)
            self.summary.setText(self._daily_summary)
            self.daily.activate()
            return
        if self.service.papers.count() == 0 and not self.search_bar.text:
            self.center.setCurrentWidget(self.welcome)
            self.model.show_filter()
            self._library_summary = "An empty library"
            self.summary.setText(self._library_summary)
            return
        self.center.setCurrentWidget(self.library_page)
        self.summary.setText(self._library_summary)
        self.search_bar.set_scope(view.name)
        self.views.refresh()

    _library_summary = ""
    _daily_summary = ""

    def current_view(self) -> View:
        return self.sidebar.current_view

    @Slot(object)
    def _go(self, where: Destination) -> None:
        """A command sends the user somewhere (``PaperCommands.navigate``)."""
        if where.search is not None:
            self.search_bar.edit.setText(where.search)  # searched after the usual pause
        self.show_view(where.view)

    @Slot()
    def save_current_search(self) -> None:
        self.commands.save_search(self.search_bar.text)

    @Slot()
    def search_all(self) -> None:
        """Search every paper for the words typed (the sidebar view was narrowing it)."""
        self.show_view(View.all())

    @Slot()
    def _show_empty_note(self) -> None:
        query = self.search_bar.text
        if self.model.rowCount() == 0 and query:
            self.empty_note.show_for(query, self.sidebar.current_view.name)
        else:
            self.empty_note.hide()

    @Slot(str)
    def _on_library_summary(self, text: str) -> None:
        """The status bar speaks of the page shown: the library's list, or the Daily list."""
        self._library_summary = text
        if self.center.currentWidget() is not self.daily:
            self.summary.setText(text)

    @Slot(str)
    def _on_daily_summary(self, text: str) -> None:
        self._daily_summary = text
        if self.center.currentWidget() is self.daily:
            self.summary.setText(text)

    @Slot(str)
    def _on_query(self, _text: str) -> None:
        if not self.sidebar.current_view.shows_papers:
            self.sidebar.select_view(View.all())
        else:
            self.show_view(self.sidebar.current_view)
        self.detail.set_query(self.views.query)

    @Slot()
    def search_for(self, query: str) -> None:
        """Run ``query`` in the library's search bar (examples in the search-syntax help)."""
        self.focus_search()
        self.search_bar.set_text(query)

    def focus_search(self) -> None:
        if self.center.currentWidget() is not self.library_page:
            self.show_view(View.all())
        self.search_bar.edit.setFocus()
        self.search_bar.edit.selectAll()

    # ---- selection -----------------------------------------------------------------

    def listed_ids(self) -> list[int]:
        return list(self.model.ids)

    def shown_paper_id(self) -> int | None:
        return self.detail.paper.id if self.detail.paper is not None else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if self.all_results.covers(len(rows)) and (every := self.all_results.known()):
            return every  # "select all" on "best 2,000 of N" means all N
        return [pid for pid in (self.model.paper_id(r) for r in rows) if pid is not None]

    def _on_all_results(self, text: str) -> None:
        self.summary.setText(text)
        self._on_selection(QItemSelection(), QItemSelection())

    @Slot()
    def _remember_selection(self) -> None:
        self._selected_before = self.selected_ids()
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        self._row_before = rows[0] if rows else self.table.currentIndex().row()

    _keep_row_generation = -1  # a re-listing of the same view: keep the place in the list
    _keep_row = False

    @Slot()
    def _restore_selection(self) -> None:
        """Keep the selected paper selected; else show the first (e.g. the top hit)."""
        for pid in getattr(self, "_selected_before", []):
            row = self.model.row_of(pid)
            if row is not None:
                self.table.select_only(row)
                self.table.scrollTo(self.model.index(row, 0))
                return
        keep = self._keep_row or self._keep_row_generation == self.views.generation
        self._keep_row, self._keep_row_generation = False, -1
        row_before = getattr(self, "_row_before", -1)
        if keep and row_before >= 0 and self.model.rowCount():
            # The selected paper left the list (deleted, or no longer in this view):
            # the next one takes its place, as in a mail client.
            row = min(row_before, self.model.rowCount() - 1)
            self.table.select_only(row)
            self.table.scrollTo(self.model.index(row, 0))
        elif self.model.rowCount():
            self.table.select_only(0)
            self.table.scrollToTop()
        else:
            self.detail.show_paper(None)
        self._update_actions()

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self.all_results.covers(len(self.table.selectionModel().selectedRows())):
            if waiting := self.all_results.gather():  # bulk actions wait for every match
                self.summary.setText(waiting)
        ids = self.selected_ids()
        if len(ids) > 1:
            self._show_selection_summary(ids)
            self._update_actions()
            return
        self.detail_stack.setCurrentWidget(self.detail)
        current = self.model.paper_id(self.table.currentIndex().row())
        shown = current if current in ids else (ids[0] if ids else None)
        if shown != (self.detail.paper.id if self.detail.paper else None):
            self.detail.show_paper(shown)
        self._update_actions()

    def _show_selection_summary(self, ids: list[int]) -> None:
        if self.selection_summary is None:
            a = self.actions_
            self.selection_summary = SelectionSummary(a.flat(SUMMARY), self)
            self.detail_stack.addWidget(self.selection_summary)
        titles = [self.model.index(r, TITLE).data() or "" for r in
                  sorted(i.row() for i in self.table.selectionModel().selectedRows())[:5]]
        self.selection_summary.show_selection(len(ids), titles)
        self.detail_stack.setCurrentWidget(self.selection_summary)

    @Slot()
    def update_undo(self) -> None:
        """Edit ▸ Undo names what it would take back ("Undo Delete 3 papers")."""
        label = self.service.history.undo_label()
        action = self.actions_.undo
        action.setEnabled(label is not None)
        action.setText("&Undo " + label.replace("&", "&&") if label else "&Undo")
        action.setStatusTip(f"Take back: {label}" if label else "Nothing to undo")

    def _update_actions(self) -> None:
        self.actions_.update_enabled(
            selection=bool(self.selected_ids()) and not self.all_results.pending,
            rows=self.model.rowCount() > 0)

    # ---- library changes -------------------------------------------------------------

    @Slot(list)
    def _on_papers_added(self, _ids: list) -> None:
        self._schedule_refresh(reload_view=True)

    @Slot(list)
    def _on_papers_changed(self, ids: list) -> None:
        self.model.refresh_ids(ids)
        if self.detail.paper is not None and self.detail.paper.id in ids:
            self.detail.reload()
        # A status or tag view lists again: a paper marked read leaves the Inbox.
        self._schedule_refresh(reload_view=True)

    @Slot(list)
    def _on_papers_removed(self, ids: list) -> None:
        if self.detail.paper is not None and self.detail.paper.id in ids:
            self.detail.notes.discard()  # before the table moves the selection on
            self.detail.show_paper(None)
        self._keep_row = True
        self.model.remove_ids(ids)
        self._keep_row = False
        self._schedule_refresh(reload_view=True)

    @Slot()
    def _on_external_change(self) -> None:
        self.model.refresh_ids(self.model.ids)
        self.detail.reload()
        self._schedule_refresh(reload_view=True)

    def _schedule_refresh(self, reload_view: bool = False) -> None:
        if self.views.closed:
            return
        self._reload_view = self._reload_view or reload_view
        self._refresh_timer.start()

    @Slot()
    def _refresh_after_change(self) -> None:
        """Counts in the sidebar, and the list itself when papers came or went."""
        self.sidebar.refresh()
        self.daily.refresh_marks()
        if self._reload_view:
            self._reload_view = False
            view = self.sidebar.current_view
            if view.shows_papers:
                if self.center.currentWidget() is self.welcome and self.service.papers.count():
                    self.center.setCurrentWidget(self.library_page)
                if self.model.sql_filter is not None:
                    self._keep_row_generation = self.views.generation + 1
                    self.views.refresh()  # listed in a worker, like any view change

    @Slot(bool, str)
    def _on_auto_export(self, ok: bool, message: str) -> None:
        if ok:
            self.statusBar().showMessage(f"Automatic export: {message}", 4000)
        else:
            self.messages.error(f"Automatic export failed: {message}")

    @Slot(object)
    def _on_sidebar_loaded(self, data: SidebarData) -> None:
        colors = {t.name.lower(): t.color for t in data.tags if t.color}
        if colors != self.chips.colors:
            self.chips.colors = colors
            self.table.viewport().update()

    # ---- drag and drop ----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self.commands.drop(event.mimeData())
        event.acceptProposedAction()
