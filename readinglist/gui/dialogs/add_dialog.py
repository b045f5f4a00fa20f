"""Add papers by identifier: several at once, one per line."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from readinglist.gui.dialogs.text_dialog import TextDialog


class AddDialog(TextDialog):
    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(
            title="Add papers",
            explanation="One per line: arXiv ids (2509.12345, hep-th/9901001), arXiv or "
            "Hugging Face URLs, DOIs or doi.org links.",
            ok="Add",
            accessible_name="Identifiers",
            text=text,
            parent=parent,
        )
        self.edit.setPlaceholderText(
            "2509.12345\nhttps://arxiv.org/abs/1706.03762\n10.18653/v1/N19-1423"
        )

    def identifiers(self) -> list[str]:
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]
