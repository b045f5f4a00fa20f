"""Paste anything: ids and URLs, BibTeX entries, or a daily list copied from a page."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class PasteDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste papers")
        self.resize(640, 460)
        label = QLabel(
            "Paste text holding arXiv ids or URLs, DOIs, BibTeX entries, or a list of "
            "papers copied from a web page or newsletter (a title line, then its abstract).",
            self,
        )
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName("Pasted text")
        clip = QGuiApplication.clipboard().text()
        if clip:
            self.edit.setPlainText(clip)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.edit.toPlainText()
