"""The sidebar: library views by status, Daily, the tag tree, saved searches.

A small list, so a ``QStandardItemModel`` rebuilt from counted queries is
fine here (tag counts come from SQL, never from walking the papers).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView, QWidget

from readinglist.core.library import LibraryService
from readinglist.core.models import ReadStatus, SavedSearch, TagCount
from readinglist.core.shown_text import TOOLTIP_CHARS, clip
from readinglist.gui.views import STATUS_LABELS, View
from readinglist.gui.workers import FunctionWorker, TaskRunner

VIEW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's View; None on a section heading
SAVED_SECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # set on the "Saved searches" heading


@dataclass(frozen=True, slots=True)
class SidebarData:
    status_counts: dict[ReadStatus, int]
    tags: list[TagCount]
    saved: list[SavedSearch]


def load_sidebar(service: LibraryService) -> SidebarData:
    """Runs in a worker: everything the sidebar shows, counted by SQL."""
    return SidebarData(service.papers.status_counts(), service.tags.counts(), service.saved.all())


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class Sidebar(QTreeView):
    """Signals:
        view_selected(object): a :class:`View` was chosen.
        loaded(object): fresh :class:`SidebarData` (counts, tags with colours).
        rename_tag_requested(str), delete_tag_requested(str), color_tag_requested(str)
        edit_saved_requested(str), delete_saved_requested(str), new_saved_requested()
    """

    view_selected = Signal(object)
    loaded = Signal(object)
    rename_tag_requested = Signal(str)
    delete_tag_requested = Signal(str)
    color_tag_requested = Signal(str)
    edit_saved_requested = Signal(str)
    delete_saved_requested = Signal(str)
    new_saved_requested = Signal()

    def __init__(self, service: LibraryService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self._loading = False
        self._reload = False
        self._loads = 0  # loads started; tells a stale answer from a fresh one
        # A named view (tag, saved search) missing from the answer of load n:
        # left only if a load started after n misses it too (see _build).
        self._missing: tuple[View, int] | None = None
        self.setAccessibleName("Library sidebar")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self._current = View.all()
        self._build(SidebarData({s: 0 for s in ReadStatus}, [], []))
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.refresh()

    # ---- building -------------------------------------------------------------

    @staticmethod
    def _item(text: str, view: View | None) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(view, VIEW_ROLE)
        return item

    @staticmethod
    def _section(text: str) -> QStandardItem:
        item = QStandardItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setSelectable(False)
        return item

    @Slot()
    def refresh(self) -> None:
        """Count again in a worker (tag counts are SQL over every link), then rebuild."""
        if self._loading:
            self._reload = True
            return
        self._loading = True
        self._loads += 1
        worker = FunctionWorker(load_sidebar, self.service)
        worker.signals.result.connect(lambda data, n=self._loads: self._build(data, n))
        worker.signals.finished.connect(self._on_loaded)
        self.runner.start(worker)

    @Slot()
    def _on_loaded(self) -> None:
        self._loading = False
        if self._reload:
            self._reload = False
            self.refresh()

    def _build(self, data: SidebarData, load: int = 0) -> None:
        """Rebuild the tree, keeping the selection and the expanded tags."""
        expanded = self._expanded_tags()
        first_build = self.model_.rowCount() == 0
        self.model_.clear()
        root = self.model_.invisibleRootItem()

        counts = data.status_counts
        library = self._section("Library")
        library.appendRow(self._item(f"All papers ({sum(counts.values())})", View.all()))
        for status, label in STATUS_LABELS.items():
            library.appendRow(self._item(f"{label} ({counts[status]})", View.of_status(status)))
        root.appendRow(library)
        root.appendRow(self._item("Daily papers", View.daily()))

        tags = self._section("Tags")
        nodes: dict[str, QStandardItem] = {}
        for tag in data.tags:
            label = tag.name.rsplit("/", 1)[-1]
            item = self._item(f"{label} ({tag.count})", View.tag(tag.name))
            item.setToolTip(tag.name)
            if tag.color:
                item.setIcon(_dot(tag.color))
            parent = nodes.get(tag.name.rsplit("/", 1)[0].lower()) if "/" in tag.name else None
            (parent or tags).appendRow(item)
            nodes[tag.name.lower()] = item
        root.appendRow(tags)

        saved = self._section("Saved searches")
        saved.setData(True, SAVED_SECTION_ROLE)  # its context menu offers a new one
        for search in data.saved:
            item = self._item(search.name, View.saved(search.name))
            item.setToolTip(clip(search.query, TOOLTIP_CHARS))
            saved.appendRow(item)
        root.appendRow(saved)

        for row in range(self.model_.rowCount()):
            self.expand(self.model_.index(row, 0))
        self._restore_expanded(expanded if not first_build else set())
        if self._current.names_a_row and self._find(self._current) is None:
            if self._missing is not None and self._missing[0] == self._current \
                    and load > self._missing[1]:
                # Still missing in counts read after it went: renamed or removed.
                self._missing = None
                self.select_view(View.all())
            else:
                # These counts may have been read before the change that made
                # the row (a saved search renamed while they were loading):
                # look again before sending the user back to all papers.
                self._missing = (self._current, self._loads)
                if self._loading:
                    self._reload = True
                else:
                    self.refresh()
        else:
            self._missing = None
            self._select(self._current)
        self.loaded.emit(data)

    def _expanded_tags(self) -> set[str]:
        out: set[str] = set()

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model_.rowCount(parent)):
                index = self.model_.index(row, 0, parent)
                view = index.data(VIEW_ROLE)
                if view is not None and view.tag_name is not None and self.isExpanded(index):
                    out.add(view.tag_name)
                walk(index)

        walk(QModelIndex())
        return out

    def _restore_expanded(self, names: set[str]) -> None:
        def walk(parent: QModelIndex) -> None:
            for row in range(self.model_.rowCount(parent)):
                index = self.model_.index(row, 0, parent)
                view = index.data(VIEW_ROLE)
                if view is not None and view.tag_name in names:
                    self.expand(index)
                walk(index)

        walk(QModelIndex())

    def _find(self, view: View, parent: QModelIndex = QModelIndex()) -> QModelIndex | None:  # noqa: B008
        for row in range(self.model_.rowCount(parent)):
            index = self.model_.index(row, 0, parent)
            if index.data(VIEW_ROLE) == view:
                return index
            found = self._find(view, index)
            if found is not None:
                return found
        return None

    def _select(self, view: View) -> None:
        index = self._find(view) or self._find(View.all())
        if index is not None:
            self.selectionModel().blockSignals(True)
            self.setCurrentIndex(index)
            self.selectionModel().blockSignals(False)

    # ---- selection ------------------------------------------------------------

    @property
    def current_view(self) -> View:
        return self._current

    def select_view(self, view: View) -> None:
        """Select a view programmatically and announce it."""
        self._current = view
        self._select(view)
        self.view_selected.emit(view)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = current.data(VIEW_ROLE)
        if view is None:  # a section heading
            return
        self._current = view
        self.view_selected.emit(self._current)

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        view = index.data(VIEW_ROLE) if index.isValid() else None
        tag, saved = (view.tag_name, view.saved_name) if view is not None else (None, None)
        menu = QMenu(self)
        if tag is not None:
            value = tag
            menu.addAction("Rename or merge tag…", lambda: self.rename_tag_requested.emit(value))
            menu.addAction("Set colour…", lambda: self.color_tag_requested.emit(value))
            menu.addSeparator()
            menu.addAction("Remove tag from all papers…",
                           lambda: self.delete_tag_requested.emit(value))
        elif saved is not None:
            value = saved
            menu.addAction("Edit saved search…", lambda: self.edit_saved_requested.emit(value))
            menu.addAction("Delete saved search", lambda: self.delete_saved_requested.emit(value))
        elif index.isValid() and index.data(SAVED_SECTION_ROLE):
            menu.addAction("New saved search…", self.new_saved_requested.emit)
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(pos))
