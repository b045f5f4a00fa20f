"""The paper table widget: columns, keyboard moves, context menu hook."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from readinglist.gui.models.paper_table import ADDED, AUTHORS, RATING, STATUS, TAGS, TITLE, YEAR


class PaperTableView(QTableView):
    """Signals:
        context_menu_requested(QPoint): global position, for the paper menu.
    """

    context_menu_requested = Signal(QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Paper table")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        for key, step in (("J", 1), ("K", -1)):
            QShortcut(QKeySequence(key), self, lambda s=step: self.move(s),
                      context=Qt.ShortcutContext.WidgetShortcut)

    def setup_columns(self) -> None:
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        widths = {AUTHORS: 150, YEAR: 46, TAGS: 120, STATUS: 62, RATING: 64, ADDED: 84}
        for column, width in widths.items():
            self.setColumnWidth(column, width)
        self.setColumnHidden(RATING, True)  # shown in the detail pane; the header menu brings it back
        header.setSortIndicator(ADDED, Qt.SortOrder.DescendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self._sorted_by = (ADDED, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)

    @Slot(int, Qt.SortOrder)
    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        """Columns without a sort (tags) keep the previous sort and its arrow."""
        header = self.horizontalHeader()
        if column == TAGS:
            header.blockSignals(True)
            header.setSortIndicator(*self._sorted_by)
            header.blockSignals(False)
            return
        self._sorted_by = (column, order)

    @Slot(QPoint)
    def _on_header_menu(self, pos: QPoint) -> None:
        """Show or hide columns (the title always stays)."""
        model = self.model()
        menu = QMenu(self)
        for column in range(1, model.columnCount()):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            action = menu.addAction(str(title))
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def move(self, step: int) -> None:
        """Select the next (1) or previous (-1) row, keeping the current column."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = self.currentIndex().row()
        row = 0 if row < 0 else max(0, min(model.rowCount() - 1, row + step))
        self.select_only(row)
        self.scrollTo(model.index(row, 0))

    def select_only(self, row: int) -> None:
        """Make ``row`` the current row and the whole selection.

        Not selectRow(): it reads the keyboard modifiers, so with Ctrl held
        (Ctrl+J/Ctrl+K) it extended the selection and Delete removed two papers.
        """
        column = max(0, self.currentIndex().column())
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.selectionModel().setCurrentIndex(self.model().index(row, column), flags)

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid() and not self.selectionModel().isRowSelected(index.row()):
            self.selectRow(index.row())
        if self.selectionModel().hasSelection():
            self.context_menu_requested.emit(self.viewport().mapToGlobal(pos))
