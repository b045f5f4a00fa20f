"""After a file import: the entries that did not come in and the keys that changed.

A status-bar line cannot hold "K not imported (see the list)": the list is
shown here, read-only and copyable, so the user can fix the file and
import it again (entries already imported are recognised, not doubled).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ImportReportDialog(QDialog):
    def __init__(self, summary: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.setModal(False)
        self.resize(720, 420)
        label = QLabel(f"<b>{summary}</b>", self)
        label.setWordWrap(True)
        text = "\n".join(lines)
        self.details = QPlainTextEdit(text, self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setAccessibleName("Import details")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("Copy list", self)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
