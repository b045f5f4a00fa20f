"""Find duplicates: the pairs that are probably one paper, and merging a pair.

The merge keeps the richer value of each field, every tag and note, the
further-along status and the kept paper's citation key; the table shows
what each paper has and what the merged paper will be before anything is
written. Listing runs in a worker; merging is one small transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.duplicates import DuplicatePair, merge_preview
from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.models import Paper
from readinglist.gui.workers import FunctionWorker, TaskRunner

PAIR_ROLE = Qt.ItemDataRole.UserRole + 1


class MergeView(QWidget):
    """Two papers side by side and the merged result; which key to keep."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep_first = QRadioButton(self)
        self.keep_second = QRadioButton(self)
        self.keep_first.setChecked(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName("Merge preview")
        self.table.setHorizontalHeaderLabels(["Field", "First", "Second", "Merged"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.owned = QLabel(self)
        self.owned.setWordWrap(True)
        keys = QHBoxLayout()
        keys.addWidget(QLabel("Keep the key of:", self))
        keys.addWidget(self.keep_first)
        keys.addWidget(self.keep_second)
        keys.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(keys)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.owned)
        self.papers: tuple[Paper, Paper] | None = None
        self.keep_first.toggled.connect(lambda _on: self._fill())

    def show_pair(self, first: Paper, second: Paper) -> None:
        self.papers = (first, second)
        self.keep_first.setText(first.citekey)
        self.keep_second.setText(second.citekey)
        self.keep_first.setChecked(True)
        self._fill()

    def kept(self) -> tuple[Paper, Paper]:
        assert self.papers is not None
        first, second = self.papers
        return (first, second) if self.keep_first.isChecked() else (second, first)

    def _fill(self) -> None:
        if self.papers is None:
            return
        keep, other = self.kept()
        preview = merge_preview(keep, other)
        first, second = self.papers
        self.table.setRowCount(len(preview))
        for row, (name, (a, b, merged)) in enumerate(preview.items()):
            if keep is not first:
                a, b = b, a
            for column, text in enumerate((name.replace("_", " "), a, b, merged)):
                item = QTableWidgetItem(text[:300])
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        tags = sorted({*keep.tags, *other.tags})
        notes = len(keep.notes) + len(other.notes)
        self.owned.setText(
            f"The merged paper keeps the key {keep.citekey}, the tags "
            f"{', '.join(tags) if tags else '(none)'}, {notes} note{'s' if notes != 1 else ''}, "
            "the further-along status and the better rating. "
            f"{other.citekey} is removed.")


class DuplicatesDialog(QDialog):
    def __init__(self, service: LibraryService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.setWindowTitle("Find duplicates")
        self.resize(980, 600)
        self.state = QLabel("Looking for papers that are probably the same…", self)
        self.pairs = QListWidget(self)
        self.pairs.setAccessibleName("Probable duplicates")
        self.pairs.setWordWrap(True)
        self.pairs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.merge_view = MergeView(self)
        self.merge_button = QPushButton("Merge", self)
        self.merge_button.setEnabled(False)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.pairs)
        split.addWidget(self.merge_view)
        split.setSizes([300, 680])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.pairs.currentItemChanged.connect(self._on_pair)
        self.merge_button.clicked.connect(self.merge)
        self.merged = 0
        self.reload()

    def reload(self) -> None:
        worker = FunctionWorker(self._load)
        worker.signals.result.connect(self._on_loaded)
        worker.signals.failed.connect(lambda exc, _tb: self.state.setText(f"Failed: {exc}"))
        self.runner.start(worker)

    def _load(self) -> list[tuple[DuplicatePair, Paper, Paper]]:
        """In a worker: the pairs with both papers."""
        found = []
        for pair in self.service.papers.find_duplicates():
            papers = {p.id: p for p in self.service.papers.get_many([pair.keep, pair.other])}
            if pair.keep in papers and pair.other in papers:
                found.append((pair, papers[pair.keep], papers[pair.other]))
        return found

    def _on_loaded(self, found: list) -> None:
        self.pairs.clear()
        for pair, first, second in found:
            item = QListWidgetItem(f"{first.title[:70]}\n  {first.citekey} · {second.citekey} "
                                   f"({pair.reason})")
            item.setData(PAIR_ROLE, (first, second))
            item.setToolTip(f"{first.title}\n{second.title}")
            self.pairs.addItem(item)
        self.state.setText(
            f"{len(found)} pair{'s' if len(found) != 1 else ''} of papers that are probably "
            "the same. Choose one to see the merge." if found
            else "No duplicates found: no two papers share a title (and first author) "
            "and none was flagged on import.")
        if found:
            self.pairs.setCurrentRow(0)
        else:
            self.merge_button.setEnabled(False)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_pair(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            self.merge_button.setEnabled(False)
            return
        first, second = current.data(PAIR_ROLE)
        self.merge_view.show_pair(first, second)
        self.merge_button.setEnabled(True)

    @Slot()
    def merge(self) -> None:
        if self.merge_view.papers is None:
            return
        keep, other = self.merge_view.kept()
        try:
            merged = self.service.papers.merge(keep.id, other.id)
        except UserError as exc:
            self.state.setText(f"Not merged: {exc}.")
            return
        self.merged += 1
        row = self.pairs.currentRow()
        self.pairs.takeItem(row)
        self.state.setText(f"Merged into {merged.citekey}. {self.pairs.count()} pairs left.")
        if self.pairs.count():
            self.pairs.setCurrentRow(min(row, self.pairs.count() - 1))
        else:
            self.merge_button.setEnabled(False)
