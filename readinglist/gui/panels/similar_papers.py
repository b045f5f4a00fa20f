""""Similar papers" in the detail pane: the nearest papers in the library and in fetched days.

From the same local model as the Daily panel's "For you" order. The lookup
(which may retrain the model first) runs in a worker; a paper selected
meanwhile wins, and until a runner is attached (the main window does it)
the view stays empty.
"""

from __future__ import annotations

import html
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from readinglist.core.errors import UserError
from readinglist.gui.workers import FunctionWorker

LIMIT = 8


class SimilarPapersView(QTextBrowser):
    """Signals:
        open_paper(int): a library paper in the list was clicked.
    """

    open_paper = Signal(int)

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner: Any = None
        self._generation = 0
        self.setAccessibleName("Similar papers")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_link)
        self.setPlaceholderText("Similar papers appear here.")

    def show_for(self, paper: Any) -> None:
        self._generation += 1
        if paper is None or self.runner is None:
            self.clear()
            return
        generation = self._generation
        self.setHtml("<p style='color:gray'>Similar papers: looking…</p>")
        worker = FunctionWorker(self.service.daily.similar, paper.citekey, LIMIT)
        worker.signals.result.connect(lambda found, g=generation: self._on_found(g, found))
        worker.signals.failed.connect(lambda exc, _tb, g=generation: self._on_failed(g, exc))
        self.runner.start(worker)

    def _on_found(self, generation: int, found: list[Any]) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        if not found:
            self.setHtml("<p style='color:gray'>Similar papers: none yet (the library and the "
                         "fetched days are too small, or nothing is close).</p>")
            return
        rows = []
        for n in found:
            title = html.escape(n.title or "(untitled)")
            if n.where == "library" and n.paper_id is not None:
                link = f"<a href='paper:{n.paper_id}'>{title}</a>"
                where = html.escape(n.label or n.key)
            else:
                link = f"<a href='https://arxiv.org/abs/{html.escape(n.arxiv_id)}'>{title}</a>"
                where = f"listed {html.escape(n.label)}, not in your library"
            rows.append(f"<li>{link} <span style='color:gray'>— {where} · "
                        f"{n.similarity:.2f}</span></li>")
        self.setHtml("<p><b>Similar papers</b></p><ul style='margin-left:-20px'>"
                     + "".join(rows) + "</ul>")

    def _on_failed(self, generation: int, exc: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        if not isinstance(exc, (UserError, OSError, ValueError)):
            raise exc  # type: ignore[misc]  # a bug: the error dialog
        self.setHtml(f"<p style='color:gray'>Similar papers: {html.escape(str(exc))}</p>")

    def _on_link(self, url: Any) -> None:
        text = url.toString()
        if text.startswith("paper:"):
            self.open_paper.emit(int(text.partition(":")[2]))
            return
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(url)
