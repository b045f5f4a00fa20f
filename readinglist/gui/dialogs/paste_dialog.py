"""Paste anything: ids and URLs, BibTeX entries, or a daily list copied from a page."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from readinglist.gui.dialogs.text_dialog import TextDialog


class PasteDialog(TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            title="Paste papers",
            explanation="Paste text holding arXiv ids or URLs, DOIs, BibTeX entries, or a list "
            "of papers copied from a web page or newsletter (a title line, then its abstract).",
            ok="Import",
            accessible_name="Pasted text",
            text=QGuiApplication.clipboard().text(),
            size=(640, 460),
            parent=parent,
        )

    def text(self) -> str:
        return self.edit.toPlainText()
