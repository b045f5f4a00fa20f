"""The detail pane: one paper's metadata, links, abstract, tags, status, key, notes.

Edits here are single-row changes, fast enough to run on the GUI thread
(DESIGN: small, indexed writes); the index catches up in the index worker.
Problems (a key already in use, a bad tag name) are shown inline, next to
the field, and change nothing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.links import is_web_url, shown_url
from readinglist.core.models import Paper, ReadStatus
from readinglist.core.shown_text import ABSTRACT_CHARS, HEADER_CHARS, TITLE_CHARS, clip
from readinglist.core.search.highlight import highlight_html
from readinglist.gui.inert_text import InertBrowser, LinkOpener, desktop_opener, open_web_link
from readinglist.gui.panels.notes_editor import NotesEditor
from readinglist.gui.panels.similar_papers import SimilarPapersView
from readinglist.gui.panels.still_combo import StillComboBox
from readinglist.gui.panels.tag_editor import TagEditor

HIT_TAG = "b"
MAX_LINK_CHARS = 8_000  # longer "URLs" are shown as text, not laid out as links


class RatingWidget(QWidget):
    """Five stars; clicking the current rating again clears it."""

    rating_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Rating")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._buttons: list[QToolButton] = []
        self._value = 0
        for i in range(1, 6):
            button = QToolButton(self)
            button.setAutoRaise(True)
            button.setToolTip(f"{i} star{'s' if i > 1 else ''}")
            button.clicked.connect(lambda _=False, n=i: self._clicked(n))
            layout.addWidget(button)
            self._buttons.append(button)
        layout.addStretch(1)
        self.set_value(0)

    def set_value(self, value: int) -> None:
        self._value = value
        for i, button in enumerate(self._buttons, start=1):
            button.setText("★" if i <= value else "☆")
            button.setStyleSheet("color: #d89a00;" if i <= value else "")

    @property
    def value(self) -> int:
        return self._value

    def _clicked(self, n: int) -> None:
        new = 0 if n == self._value else n
        self.set_value(new)
        self.rating_changed.emit(new)


class DetailPanel(QWidget):
    """Signals:
        error(str): something went wrong that is not tied to one field.
    """

    error = Signal(str)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setAccessibleName("Paper details")
        self.paper: Paper | None = None
        self._query = ""

        self.title = QLabel(self)
        self.title.setAccessibleName("Paper title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)  # search hits in bold
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.authors = QLabel(self)
        self.authors.setWordWrap(True)
        self.authors.setTextFormat(Qt.TextFormat.PlainText)  # O'Neil, not O&#x27;Neil
        self.authors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.links = QLabel(self)
        self.links.setAccessibleName("Links")
        # Header links come from imported metadata: scheme-checked, see _open_link.
        self.links.setOpenExternalLinks(False)
        self.links.linkActivated.connect(self._open_link)
        self.opener: LinkOpener = desktop_opener
        self.links.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)

        self.status = StillComboBox(self)
        self.status.setAccessibleName("Read status")
        for s in ReadStatus:
            self.status.addItem(s.value.capitalize(), s.value)
        self.rating = RatingWidget(self)
        self.citekey = QLineEdit(self)
        self.citekey.setAccessibleName("Citation key")
        self.key_error = QLabel(self)
        self.key_error.setStyleSheet("color: #d64541;")
        self.key_error.setWordWrap(True)  # the whole message, naming the paper with the key
        self.key_error.setVisible(False)
        self.tags = TagEditor(service, self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addSpacing(12)
        status_row.addWidget(self.rating)
        form.addRow("Status", status_row)
        form.addRow("Tags", self.tags)
        key_box = QVBoxLayout()
        key_box.setSpacing(1)
        key_box.addWidget(self.citekey)
        key_box.addWidget(self.key_error)
        form.addRow("Key", key_box)

        self.abstract = InertBrowser(self)
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        header = QWidget(self)
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(8, 8, 8, 4)
        for widget in (self.title, self.authors, self.meta, self.links):
            header_layout.addWidget(widget)
        header_layout.addLayout(form)
        header_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(header)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.notes = NotesEditor(service, self)
        self.header = header
        self.scroll = scroll
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.similar = SimilarPapersView(service, self)  # needs a runner: the main window sets it
        self.similar.open_paper.connect(self.show_paper)
        self.splitter.addWidget(self.abstract)
        self.splitter.addWidget(self.notes)
        self.splitter.addWidget(self.similar)
        self.splitter.setSizes([200, 300, 120])
        self.body = QWidget(self)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(scroll)
        body_layout.addWidget(self.splitter, 1)
        self.empty = QLabel("Select a paper to see its details.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        self.body.setVisible(False)

        self.status.activated.connect(self._on_status)
        self.rating.rating_changed.connect(self._on_rating)
        self.citekey.editingFinished.connect(self._on_citekey)
        self.tags.tags_edited.connect(self._on_tags)
        self.notes.error.connect(self.error)

    # ---- showing --------------------------------------------------------------

    def show_paper(self, paper_id: int | None) -> None:
        self.notes.flush()
        if paper_id is None:
            self.paper = None
            self.similar.show_for(None)
            self.body.setVisible(False)
            self.empty.setVisible(True)
            self.notes.set_paper(None)
            return
        try:
            self.paper = self.service.papers.get(paper_id)
        except UserError:
            self.show_paper(None)
            return
        self.empty.setVisible(False)
        self.body.setVisible(True)
        self._fill()
        self.notes.set_paper(self.paper)
        self.similar.show_for(self.paper)

    def set_query(self, query: str) -> None:
        """The active search, whose hits are highlighted in title and abstract."""
        self._query = query
        if self.paper is not None:
            self._fill()

    def reload(self) -> None:
        if self.paper is not None:
            try:
                self.paper = self.service.papers.get(self.paper.id)
            except UserError:
                self.show_paper(None)
                return
            self._fill(keep_editing=True)
            self.notes.refresh_list(self.paper)

    def _fill(self, *, keep_editing: bool = False) -> None:
        """Show ``self.paper``; ``keep_editing`` leaves a focused tag or key field alone."""
        paper = self.paper
        assert paper is not None
        # What is drawn is clipped (a megabyte title froze the window); the stored text is not.
        self.title.setText(highlight_html(clip(paper.title or "(untitled)", TITLE_CHARS),
                                          self._query, "title", tag=HIT_TAG))
        self.authors.setText(clip("; ".join(a.name for a in paper.authors), HEADER_CHARS))
        parts = [str(paper.year) if paper.year else "", paper.venue,
                 paper.primary_category, f"added {paper.added[:10]}"]
        if paper.duplicate_of is not None:
            parts.append("probably a duplicate")
        self.meta.setText(clip(" · ".join(p for p in parts if p), HEADER_CHARS))
        self.links.setText(self._links_html(paper))
        with QSignalBlocker(self.status):
            self.status.setCurrentIndex(self.status.findData(paper.status.value))
        self.rating.set_value(paper.rating)
        if not (keep_editing and self.citekey.hasFocus()):
            self.citekey.setText(paper.citekey)
            self.citekey.setCursorPosition(0)
            self.key_error.setVisible(False)
        if not (keep_editing and self.tags.edit.hasFocus()):
            self.tags.set_tags(paper.tags)
        self._fit_header()
        abstract = highlight_html(clip(paper.abstract, ABSTRACT_CHARS), self._query, "abstract",
                                  tag=HIT_TAG)
        self.abstract.setHtml(
            "".join(f"<p>{para}</p>" for para in abstract.split("\n\n"))
            if paper.abstract else "<p><i>No abstract.</i></p>"
        )

    def _fit_header(self) -> None:
        """The header takes the height it needs for its width, up to half the pane."""
        width = max(self.scroll.viewport().width(), self.width() - 24)
        wanted = self.header.layout().totalHeightForWidth(width) + 2
        self.scroll.setFixedHeight(min(wanted, max(160, self.height() // 2)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.paper is not None:
            self._fit_header()

    @staticmethod
    def _links_html(paper: Paper) -> str:
        links: list[tuple[str, str]] = []
        if paper.arxiv_id:
            version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
            links.append((f"arXiv:{paper.arxiv_id}{version}", f"https://arxiv.org/abs/{paper.arxiv_id}"))
            links.append(("PDF", paper.pdf_url or f"https://arxiv.org/pdf/{paper.arxiv_id}"))
        elif paper.pdf_url:
            links.append(("PDF", paper.pdf_url))
        if paper.doi:
            links.append((f"doi:{paper.doi}", f"https://doi.org/{paper.doi}"))
        if paper.url and not paper.arxiv_id:
            links.append(("Web page", paper.url))
        if paper.code_url:
            links.append(("Code", paper.code_url))
        if paper.project_url:
            links.append(("Project", paper.project_url))
        return " · ".join(_link_html(label, url) for label, url in links)

    def set_opener(self, opener: LinkOpener) -> None:
        """Where web links go (the desktop's browser; a recorder in tests)."""
        self.opener = opener
        self.abstract.opener = opener
        self.notes.preview.opener = opener

    @Slot(str)
    def _open_link(self, href: str) -> None:
        open_web_link(href, self.opener)

    # ---- edits ------------------------------------------------------------------

    @Slot(int)
    def _on_status(self, _index: int) -> None:
        if self.paper is not None:
            self.service.papers.set_status([self.paper.id], str(self.status.currentData()))

    @Slot(int)
    def _on_rating(self, value: int) -> None:
        if self.paper is not None:
            self.service.papers.set_rating([self.paper.id], value)

    @Slot()
    def _on_citekey(self) -> None:
        if self.paper is None or self.citekey.text().strip() == self.paper.citekey:
            self.key_error.setVisible(False)
            return
        try:
            self.service.papers.set_citekey(self.paper.id, self.citekey.text())
        except UserError as exc:
            message = str(exc)
            self.key_error.setText(message[:1].upper() + message[1:] + ".")
            self.key_error.setToolTip(self.key_error.text())
            self.key_error.setVisible(True)
            self._fit_header()
            return
        self.key_error.setVisible(False)
        self._fit_header()

    @Slot(list)
    def _on_tags(self, names: list[str]) -> None:
        if self.paper is None:
            return
        try:
            self.service.tags.edit(self.paper.id, shown=self.tags.shown, wanted=names)
        except UserError as exc:
            self.tags.show_error(str(exc))
            return
        # The service's change event reloads the pane; show the result even if
        # the change was a no-op (e.g. only spelling or order differed).
        self.tags.set_tags(self.service.papers.get(self.paper.id).tags)


def _link_html(label: str, url: str) -> str:
    """A clickable link for a web URL; anything else is shown as text, never opened."""
    if is_web_url(url) and len(url) <= MAX_LINK_CHARS:
        return f'<a href="{html.escape(url.strip(), quote=True)}">{html.escape(label)}</a>'
    return f"{html.escape(label)}: {html.escape(shown_url(url, 60))} (not a web link)"
