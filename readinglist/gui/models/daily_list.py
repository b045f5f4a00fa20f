"""The Daily list as a Qt model: a day's items and a word filter over them.

A day holds a few hundred items at most, so (unlike the library's paper table)
a ``QSortFilterProxyModel`` over the whole list is fine here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from readinglist.core.shown_text import TOOLTIP_CHARS, clip, clip_line

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Votes", "Title", "Authors", "Source", "")
UPVOTES, TITLE, AUTHORS, SOURCE, STATE = range(len(COLUMNS))


def _source_badge(item: Any) -> str:
    badges = []
    if "hf" in item.sources:
        badges.append("HF")
    if "arxiv" in item.sources:
        kind = item.announce_type or "new"
        badges.append("arXiv" if kind == "new" else f"arXiv {kind}")
    return " · ".join(badges)


class DailyModel(QAbstractTableModel):
    """A day's items (a few hundred at most, so a filter proxy over it is fine)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            if column == UPVOTES:
                return "" if item.upvotes is None else str(item.upvotes)
            if column == TITLE:
                return clip_line(item.title)
            if column == AUTHORS:
                names = list(item.authors)
                return clip_line(names[0]) + (" et al." if len(names) > 1 else "") if names else ""
            if column == SOURCE:
                return _source_badge(item)
            if column == STATE:
                if item.paper_id is not None or item.state == "added":
                    return "✓ in library"
                return "skipped" if item.state == "skipped" else ""
        if role == Qt.ItemDataRole.UserRole and column == UPVOTES:
            return -1 if item.upvotes is None else item.upvotes  # numeric sort
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.state == "skipped" and item.paper_id is None:
                return QColor("#8a8a8a")
            if column == STATE:
                return QColor("#2e7d32")
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return clip(item.title, TOOLTIP_CHARS)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (UPVOTES, STATE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return ("Hugging Face upvotes", "", "", "Where the paper was listed", "")[section]
        return None


class DailyFilter(QSortFilterProxyModel):
    """Filter by words in title, authors or abstract; sort upvotes numerically."""

    words: list[str] = []

    def set_text(self, text: str) -> None:
        self.words = text.lower().split()
        self.setFilterFixedString(text)  # re-filters (invalidateFilter is deprecated in Qt 6.10)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        words = self.words
        if not words:
            return True
        item = self.sourceModel().index(row, 0, parent).data(ITEM_ROLE)
        haystack = " ".join((item.title, " ".join(item.authors), item.abstract)).lower()
        return all(w in haystack for w in words)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        if left.column() == UPVOTES:
            return int(left.data(Qt.ItemDataRole.UserRole)) < int(right.data(Qt.ItemDataRole.UserRole))
        return super().lessThan(left, right)
