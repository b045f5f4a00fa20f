"""A note in the middle of an empty paper table: a blank table looks like a bug.

It says that nothing matched, where it looked (the sidebar view), and offers
to search all papers. It floats over the table's viewport, so it never moves
anything.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QLabel


class EmptyNote(QLabel):
    """Signals:
        search_all_requested(): the user clicked "search all papers".
    """

    search_all_requested = Signal()

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view.viewport())
        self.setAccessibleName("No results")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.linkActivated.connect(lambda _link: self.search_all_requested.emit())
        view.viewport().installEventFilter(self)
        self.hide()

    def show_for(self, query: str, scope: str) -> None:
        """``scope`` is the sidebar view's name, "" for all papers."""
        where = f" in {html.escape(scope)}" if scope else ""
        text = f"<p><b>0 papers match “{html.escape(query)}”{where}.</b></p>"
        if scope:
            text += "<p><a href='all'>Search all papers</a></p>"
        else:
            text += ("<p>Check the spelling, use fewer words, or end a word with * "
                     "to match its beginning.</p>")
        self.setText(text)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(16, 24, max(100, parent.width() - 32), 120)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False
