"""The paper table: a view over an ordered list of paper ids.

The ids come from SQL (a sidebar view, sorted by any column) or from the
search index (ranked). Row data is loaded from SQLite a page at a time when
the view first asks for a row, and kept in a bounded page cache, so 100,000
papers cost a list of ints and a few pages of rows. Sorting goes back to
SQLite; there is no proxy model (a proxy would only see the loaded pages).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from readinglist.core.library import LibraryService
from readinglist.core.models import Paper, ReadStatus
from readinglist.core.shown_text import TOOLTIP_CHARS, clip, clip_line

PAGE_SIZE = 200
MAX_PAGES = 64
PAPER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAGS_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    sort: str | None
    text: Callable[[Paper], str]


def _authors(paper: Paper) -> str:
    names = [a.name for a in paper.authors]
    if len(names) > 3:
        return f"{names[0]}, {names[1]}, … {names[-1]}"
    return ", ".join(names)


def _stars(paper: Paper) -> str:
    return "★" * paper.rating


COLUMNS: tuple[Column, ...] = (
    Column("Title", "title", lambda p: p.title or "(untitled)"),
    Column("Authors", "author", _authors),
    Column("Year", "year", lambda p: str(p.year) if p.year else ""),
    Column("Tags", "tags", lambda p: ", ".join(p.tags)),
    Column("Status", "status", lambda p: p.status.value),
    Column("Rating", "rating", _stars),
    Column("Added", "added", lambda p: p.added[:10]),
)
TITLE, AUTHORS, YEAR, TAGS, STATUS, RATING, ADDED = range(len(COLUMNS))


class PaperTableModel(QAbstractTableModel):
    """Signals:
        ids_reset(): a new id list is shown (view, search or sort changed).
    """

    ids_reset = Signal()

    def __init__(self, service: LibraryService, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.service = service
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._pages: OrderedDict[int, list[Paper | None]] = OrderedDict()
        self.ranked = False  # ids are in relevance order (a text search)
        # The structured filter (status/tag/query) the ids came from, so a
        # header click can re-run it sorted; None for ranked search results.
        self.sql_filter: dict[str, object] | None = None
        self.sort_key = "added"
        self.descending = True

    # ---- the id list ---------------------------------------------------------

    def show_filter(self, **sql_filter: object) -> None:
        """Show every paper matching a structured filter, in the current sort order."""
        ids = self.service.papers.list_ids(sort=self.sort_key, descending=self.descending,
                                    **sql_filter)  # type: ignore[arg-type]
        self.sql_filter = dict(sql_filter)
        self.set_ids(ids)

    def show_ids_for_filter(self, ids: Sequence[int], sql_filter: dict[str, object]) -> None:
        """Show ids a worker listed for a structured filter (in the current sort order)."""
        self.sql_filter = dict(sql_filter)
        self.set_ids(ids)

    def show_ranked(self, ids: Sequence[int]) -> None:
        """Show search results in relevance order."""
        self.sql_filter = None
        self.set_ids(ids, ranked=True)

    def set_ids(self, ids: Sequence[int], *, ranked: bool = False) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = {pid: row for row, pid in enumerate(self._ids)}
        self._pages.clear()
        self.ranked = ranked
        self.endResetModel()
        self.ids_reset.emit()

    @property
    def ids(self) -> list[int]:
        return self._ids

    def paper_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, paper_id: int) -> int | None:
        return self._row_of.get(paper_id)

    def paper(self, row: int) -> Paper | None:
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row % PAGE_SIZE]

    def _load_page(self, page_no: int) -> list[Paper | None]:
        start = page_no * PAGE_SIZE
        ids = self._ids[start : start + PAGE_SIZE]
        found = {p.id: p for p in self.service.papers.get_many(ids, with_notes=False)}
        page: list[Paper | None] = [found.get(pid) for pid in ids]
        self._pages[page_no] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def refresh_ids(self, ids: Sequence[int]) -> None:
        """Papers changed: reload their rows the next time they are shown."""
        rows = sorted(r for r in (self._row_of.get(pid) for pid in ids) if r is not None)
        if not rows:
            return
        for row in rows:
            self._pages.pop(row // PAGE_SIZE, None)
        self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], len(COLUMNS) - 1))

    def remove_ids(self, ids: Sequence[int]) -> None:
        gone = set(ids)
        if not gone.intersection(self._row_of):
            return
        self.set_ids([pid for pid in self._ids if pid not in gone], ranked=self.ranked)

    # ---- Qt overrides ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        paper = self.paper(index.row())
        if paper is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # Drawn text is clipped: a megabyte title would freeze the table (issue 11).
            return clip_line(COLUMNS[column].text(paper))
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, AUTHORS, TAGS):
            return clip(COLUMNS[column].text(paper) if column != TITLE else paper.title,
                        TOOLTIP_CHARS)
        if role == PAPER_ID_ROLE:
            return paper.id
        if role == TAGS_ROLE:
            return list(paper.tags)
        if role == Qt.ItemDataRole.FontRole and paper.status is ReadStatus.INBOX and column == TITLE:
            font = QFont()
            font.setBold(True)  # unread-in-inbox stands out, as in mail readers
            return font
        if role == Qt.ItemDataRole.ForegroundRole and paper.status is ReadStatus.SKIPPED:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ForegroundRole and column == RATING:
            return QColor("#d89a00")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (YEAR, STATUS, RATING, ADDED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override: the sort is done by SQLite over the whole id list."""
        key = COLUMNS[column].sort
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.sql_filter is not None:
            self.show_filter(**self.sql_filter)
        elif self._ids:
            self.set_ids(self.service.papers.sort_ids(self._ids, key, descending=self.descending))
