"""A first window: the library as a table. The desktop-app issue replaces it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QMainWindow, QTableView

from readinglist.core.library import LibraryService
from readinglist.core.models import Paper

_COLUMNS = ("Title", "Authors", "Year", "Status", "Tags")


class SimplePaperModel(QAbstractTableModel):
    def __init__(self, papers: list[Paper]) -> None:
        super().__init__()
        self._papers = papers

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._papers)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        p = self._papers[index.row()]
        return (p.title, ", ".join(a.name for a in p.authors[:3]), p.year or "",
                p.status.value, ", ".join(p.tags))[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _COLUMNS[section]
        return None


class MainWindow(QMainWindow):
    def __init__(self, service: LibraryService) -> None:
        super().__init__()
        self.setWindowTitle("Reading List")
        self.resize(1000, 640)
        papers = service.list_papers(limit=1000)
        self.table = QTableView(self)
        self.table.setAccessibleName("Paper table")
        self.table.setModel(SimplePaperModel(papers))
        self.setCentralWidget(self.table)
        self.statusBar().showMessage(f"{service.count()} papers")
