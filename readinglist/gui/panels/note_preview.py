"""The rendered note: Qt's Markdown, with code in the system's monospace font.

Qt marks code spans and blocks as "fixed pitch" but keeps the text's font
family, so code looked like prose; here every fixed-pitch fragment gets the
system fixed font after each render.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QFontDatabase,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from readinglist.gui.inert_text import InertBrowser


def monospace_code(document: QTextDocument) -> None:
    family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    fixed = QTextCharFormat()
    fixed.setFontFamilies([family])
    fixed.setFontFixedPitch(True)
    block = document.begin()
    while block.isValid():
        in_code_block = block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence)
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and (in_code_block or fragment.charFormat().fontFixedPitch()):
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(),
                                   QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fixed)
            it += 1
        block = block.next()


class NotePreview(InertBrowser):
    """Loads nothing and opens only web links (``InertBrowser``); code in monospace."""

    def setMarkdown(self, markdown: str) -> None:  # noqa: N802 - Qt override
        super().setMarkdown(markdown)
        monospace_code(self.document())

    def setHtml(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setHtml(text)
        monospace_code(self.document())
