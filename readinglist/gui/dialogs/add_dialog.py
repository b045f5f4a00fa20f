"""Add papers by identifier: several at once, one per line."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class AddDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add papers")
        self.resize(520, 300)
        label = QLabel(
            "One per line: arXiv ids (2509.12345, hep-th/9901001), arXiv or Hugging Face "
            "URLs, DOIs or doi.org links.",
            self,
        )
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(text, self)
        self.edit.setAccessibleName("Identifiers")
        self.edit.setPlaceholderText("2509.12345\nhttps://arxiv.org/abs/1706.03762\n10.18653/v1/N19-1423")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)

    def identifiers(self) -> list[str]:
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]
