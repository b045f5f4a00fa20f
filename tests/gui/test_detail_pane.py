"""The detail pane as a new user reads it: names as written, errors in full, no scroll bars."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.conftest import draft


def show(qtbot, window, paper_id: int) -> None:
    qtbot.waitUntil(lambda: window.model.row_of(paper_id) is not None)
    window.table.selectRow(window.model.row_of(paper_id))
    qtbot.waitUntil(lambda: window.detail.paper is not None and window.detail.paper.id == paper_id)


def test_an_apostrophe_in_a_name_is_shown_as_written(qtbot, window):
    added = window.service.papers.add(draft("Quantum Things <and> More", "Cathy O'Neil", "A. Smith & Co"))
    show(qtbot, window, added.paper_id)
    authors = window.detail.authors
    assert authors.text() == "Cathy O'Neil; A. Smith & Co"
    rendered = authors.grab()  # plain text: what is painted is what is in text()
    assert not rendered.isNull()
    assert "&#x27;" not in authors.text() and "&amp;" not in authors.text()


def test_a_key_in_use_says_which_paper_has_it_in_full(qtbot, window):
    service = window.service
    holder = service.papers.add(draft("A Paper Holding The Key", "Ada Lovelace", year=2021)).paper_id
    other = service.papers.add(draft("Another Paper", "Alan Turing")).paper_id
    key = service.papers.get(holder).citekey
    window.resize(1024, 640)
    show(qtbot, window, other)
    detail = window.detail
    detail.citekey.setText(key)
    detail.citekey.editingFinished.emit()
    QApplication.processEvents()
    message = detail.key_error.text()
    assert "“A Paper Holding The Key” (2021)" in message
    assert detail.key_error.isVisible()
    # shown in full: as high as its wrapped text needs, inside the header, no scroll bars
    assert detail.key_error.height() >= detail.key_error.heightForWidth(detail.key_error.width())
    assert not detail.scroll.horizontalScrollBar().isVisible()
    assert not detail.scroll.verticalScrollBar().isVisible()
    assert service.papers.get(other).citekey != key


def test_several_selected_show_a_summary_with_bulk_actions(qtbot, window):
    from PySide6.QtCore import QItemSelectionModel

    from readinglist.core.models import ReadStatus

    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    window.table.selectRow(0)
    for row in (1, 2):
        window.table.selectionModel().select(
            window.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    ids = window.selected_ids()
    assert len(ids) == 3
    summary = window.selection_summary
    assert window.detail_stack.currentWidget() is summary
    assert summary.count.text() == "3 selected"
    labels = [b.text().replace("&", "") for b in summary.buttons]
    assert "Mark as read" in labels and any(t.startswith("Delete papers") for t in labels)
    next(b for b in summary.buttons if b.text() == "Mark as read").click()
    qtbot.waitUntil(lambda: all(window.service.papers.get(i).status is ReadStatus.READ for i in ids))
    window.table.selectRow(4)
    assert window.detail_stack.currentWidget() is window.detail
