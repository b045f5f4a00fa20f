"""Issue 11, finding 2: notes, abstracts and header links are local and inert.

Notes and metadata arrive in shared files, so what they name is never
loaded (images become links or text) and only http/https links reach the
desktop's browser; ``file:``, ``javascript:`` and ``data:`` stay text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from readinglist.core.library import LibraryService
from readinglist.gui.main_window import MainWindow
from tests.conftest import draft


@pytest.fixture
def opened(window: MainWindow) -> list[str]:
    """A recorded opener in place of the desktop's browser."""
    seen: list[str] = []
    window.detail.set_opener(lambda url: seen.append(url.toString()))
    return seen


@pytest.fixture
def local_png(tmp_path: Path) -> QUrl:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "secret.png"
    image.save(str(path))
    return QUrl.fromLocalFile(str(path))


def _show(qtbot, window: MainWindow, service: LibraryService, **fields: object) -> int:
    pid = service.papers.add(draft("Hostile Paper", "Eve Mallory", **fields)).paper_id
    qtbot.waitUntil(lambda: not window.runner.busy)
    window.detail.show_paper(pid)
    return pid


def _image_fragments(document: QTextDocument) -> int:
    count, block = 0, document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            count += it.fragment().charFormat().isImageFormat()
            it += 1
        block = block.next()
    return count


def test_note_images_and_local_files_are_never_loaded(qtbot, window, demo_library, local_png):
    pid = _show(qtbot, window, demo_library)
    body = (f"![z]({local_png.toString()}) ![zero](file:///dev/zero) "
            "[passwd](file:///etc/passwd) <img src=\"file:///dev/zero\">")
    demo_library.notes.add(pid, body)
    window.detail.show_paper(pid)
    preview = window.detail.notes.preview
    preview.resize(500, 300)
    preview.grab()  # lay out and paint: a loading widget would read the files now
    document = preview.document()
    assert document.resource(QTextDocument.ResourceType.ImageResource, local_png) is None
    assert _image_fragments(document) == 0
    text = preview.toPlainText()
    assert "[image: z]" in text and "[image: zero]" in text  # shown, as text
    assert "root:" not in text
    # The same note in a plain Qt browser does read the local image: the check above can fail.
    plain = QTextBrowser()
    plain.setMarkdown(f"![z]({local_png.toString()})")
    plain.grab()
    assert plain.document().resource(QTextDocument.ResourceType.ImageResource, local_png)


@pytest.mark.parametrize("href", ["file:///etc/passwd", "javascript:alert(1)",
                                  "data:text/html,<b>x</b>", "smb://host/share", "relative.html"])
def test_non_web_links_in_notes_are_text_and_open_nothing(qtbot, window, demo_library, opened,
                                                           href):
    pid = _show(qtbot, window, demo_library)
    demo_library.notes.add(pid, f"see [the link]({href}) here")
    window.detail.show_paper(pid)
    preview = window.detail.notes.preview
    assert 'href' not in preview.toHtml().split("<body", 1)[1]  # no anchor left to click
    preview.anchorClicked.emit(QUrl(href))  # even if one were clicked
    assert opened == []
    assert "root:" not in preview.toPlainText()
    assert "the link" in preview.toPlainText()


def test_clicking_a_web_link_in_a_note_opens_the_browser(qtbot, window, demo_library, opened):
    pid = _show(qtbot, window, demo_library)
    demo_library.notes.add(pid, "read [the paper](https://example.org/paper) soon")
    window.detail.show_paper(pid)
    preview = window.detail.notes.preview
    preview.resize(500, 200)
    window.detail.notes.show()
    cursor = QTextCursor(preview.document())
    cursor.setPosition(preview.toPlainText().index("the paper") + 3)
    point: QPoint = preview.cursorRect(cursor).center()
    qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == ["https://example.org/paper"]
    assert "soon" in preview.toPlainText()  # still the note, not a navigated page


def test_header_links_are_scheme_checked(qtbot, window, demo_library, opened):
    _show(qtbot, window, demo_library, url="javascript:alert(1)", code_url="file:///etc/passwd",
          project_url="https://example.org/project")
    links = window.detail.links
    shown = links.text()
    assert 'href="javascript' not in shown and 'href="file' not in shown
    assert 'href="https://example.org/project"' in shown
    assert "javascript:alert(1)" in shown  # shown as text
    for href in ("javascript:alert(1)", "file:///etc/passwd"):
        links.linkActivated.emit(href)
    assert opened == []
    links.linkActivated.emit("https://example.org/project")
    assert opened == ["https://example.org/project"]


class _Recorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_open_in_browser_never_hands_a_stored_non_web_url_to_the_desktop(qtbot, window,
                                                                          demo_library):
    pid = _show(qtbot, window, demo_library, url="javascript:alert(1)", arxiv_id="2401.00001")
    qtbot.waitUntil(lambda: pid in window.model.ids)
    window.table.select_only(window.model.ids.index(pid))
    recorder = _Recorder()
    schemes = ("https", "http", "javascript", "file")
    for scheme in schemes:  # Qt's own hook for where the desktop would send a URL
        QDesktopServices.setUrlHandler(scheme, recorder, "record")
    try:
        window.actions_.open_browser.trigger()
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
    assert recorder.urls == ["https://arxiv.org/abs/2401.00001"]
