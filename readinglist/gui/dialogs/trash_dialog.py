"""Edit ▸ Trash: deleted papers, restorable with their tags, notes, key and status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.shown_text import clip_line


class TrashDialog(QDialog):
    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Trash")
        self.resize(620, 420)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Deleted papers")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("Restore", self)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(bool(self.list.selectedItems())))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Deleted papers are kept here with their tags, notes, key and "
                                "status for 60 days.", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for entry in self.service.history.trash():
            item = QListWidgetItem(
                f"{entry.deleted[:10]}   {clip_line(entry.title or entry.citekey, 120)}"
                f"   ({entry.citekey})")
            item.setToolTip(f"Deleted {entry.deleted}; key {entry.citekey}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.list.addItem(item)
        self.restore_button.setEnabled(False)
        if not self.list.count():
            self.note.setText("The trash is empty.")

    def restore_selected(self) -> None:
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]
        if not ids:
            return
        try:
            restored = self.service.history.restore(ids)
        except UserError as exc:
            self.note.setText(str(exc))
            return
        self.reload()
        self.note.setText(f"Restored {len(restored)} paper{'s' if len(restored) != 1 else ''}.")
