"""Rich text that stays local and inert: notes, abstracts and link labels.

Notes and abstracts come from other people's files, and Qt's text widgets
would otherwise load whatever they name: an image ``file:///dev/zero`` grows
memory until Qt aborts, a ``file:`` link shows a local file in the preview,
``javascript:`` and ``data:`` links go to the desktop's handlers. Here no
resource is ever loaded (images become links or text), and a clicked link
reaches the desktop's browser only if it is ``http``/``https``
(:func:`readinglist.core.links.is_web_url`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from readinglist.core.links import is_web_url, shown_url

LinkOpener = Callable[[QUrl], object]
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def desktop_opener(url: QUrl) -> object:
    """The real opener: the desktop's default browser."""
    return QDesktopServices.openUrl(url)


def open_web_link(url: QUrl | str, opener: LinkOpener) -> bool:
    """Hand ``url`` to ``opener`` if it is a web link; anything else is refused."""
    text = url.toString() if isinstance(url, QUrl) else str(url)
    if not is_web_url(text):
        return False
    opener(QUrl(text))
    return True


class InertDocument(QTextDocument):
    """A document that never loads a resource (image, style sheet, file)."""

    def loadResource(self, _type: int, _name: QUrl) -> Any:  # noqa: N802 - Qt override
        # The base class would ask the widget, then read local files itself.
        return None


def neutralize(document: QTextDocument) -> None:
    """Turn images into links (or text) and non-web links into plain text."""
    edits: list[tuple[int, int, str, QTextCharFormat]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                url = image.name()
                alt = str(image.property(QTextFormat.Property.ImageAltText) or "").strip()
                plain = QTextCharFormat()
                plain.setToolTip(shown_url(url))
                label = f"[image: {alt or shown_url(url, 40)}]"
                if is_web_url(url):
                    plain.setAnchor(True)
                    plain.setAnchorHref(url)
                    plain.setFontUnderline(True)
                    plain.setForeground(_link_brush())
                edits.append((fragment.position(), fragment.length(), label, plain))
            elif fmt.isAnchor() and not is_web_url(fmt.anchorHref()):
                href = fmt.anchorHref()
                flat = QTextCharFormat(fmt)
                flat.setAnchor(False)
                flat.setAnchorHref("")
                flat.setFontUnderline(False)
                flat.clearForeground()
                if href:
                    flat.setToolTip(f"Not a web link, not opened: {shown_url(href)}")
                edits.append((fragment.position(), fragment.length(), fragment.text(), flat))
        block = block.next()
    if not edits:
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for position, length, text, fmt in reversed(edits):
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text, fmt)
    cursor.endEditBlock()


def _link_brush() -> Any:
    return QGuiApplication.palette().brush(QPalette.ColorRole.Link)


class InertBrowser(QTextBrowser):
    """A read-only rich-text view that loads nothing and opens only web links.

    ``opener`` is what a clicked web link is handed to (the desktop's browser;
    tests put a recorder there). Signals:
        link_refused(str): a clicked link was not a web link and was not opened.
    """

    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, opener: LinkOpener | None = None) -> None:
        super().__init__(parent)
        self.opener: LinkOpener = opener or desktop_opener
        self.setDocument(InertDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def loadResource(self, _type: int, _name: QUrl) -> Any:  # noqa: N802 - Qt override
        return None

    def setSource(self, *_args: Any) -> None:  # noqa: N802 - Qt override: never navigate
        return

    def setMarkdown(self, text: str) -> None:  # noqa: N802 - Qt override
        document = InertDocument()
        # Raw HTML in a note is shown as text: it could name images, style sheets, frames.
        document.setMarkdown(text, MARKDOWN_FEATURES)
        self._show(document)

    def setHtml(self, text: str) -> None:  # noqa: N802 - Qt override
        document = InertDocument()
        document.setHtml(text)
        self._show(document)

    def _show(self, document: QTextDocument) -> None:
        """Show a neutralized copy of ``document``.

        The text is parsed into a detached document first: Qt's layout reads
        an image's file directly when no resource is given (QTextImageHandler's
        fallback), so no image may ever reach a laid-out document. The
        detached one is never laid out.
        """
        neutralize(document)
        self.document().setHtml(document.toHtml())

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if not open_web_link(url, self.opener):
            self.link_refused.emit(url.toString())
