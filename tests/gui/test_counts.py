"""Counts and lists that follow what the user just did (no stale numbers, no stale rows)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from readinglist.core.models import ReadStatus
from readinglist.gui.views import View


def settle(qtbot, window) -> None:
    """Close a second window only once its workers' results were delivered."""
    qtbot.waitUntil(lambda: not window.runner.busy)
    QApplication.processEvents()
    window.close()
    QApplication.processEvents()


def test_the_status_bar_speaks_of_the_daily_list_in_daily(qtbot, window):
    qtbot.waitUntil(lambda: window.summary.text() == "25 papers")
    window.show_view(View.daily())
    assert "25 papers" not in window.summary.text()
    assert "daily" in window.summary.text().lower()
    window.show_view(View.all())
    qtbot.waitUntil(lambda: window.summary.text() == "25 papers")


def test_after_deleting_the_count_drops_and_the_next_paper_is_selected(qtbot, window):
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    window.table.selectRow(3)
    gone = window.model.paper_id(3)
    following = window.model.paper_id(4)
    window.service.papers.remove([gone])
    qtbot.waitUntil(lambda: window.summary.text() == "24 papers")
    assert window.selected_ids() == [following]
    assert window.table.currentIndex().row() == 3


def test_a_paper_triaged_out_of_the_inbox_leaves_it(qtbot, window):
    service = window.service
    inbox = service.papers.list_ids(status=ReadStatus.INBOX)
    assert len(inbox) >= 2
    window.show_view(View.of_status(ReadStatus.INBOX.value))
    qtbot.waitUntil(lambda: window.model.rowCount() == len(inbox))
    window.table.selectRow(0)
    first, second = window.model.paper_id(0), window.model.paper_id(1)
    service.papers.set_status([first], ReadStatus.READ)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(inbox) - 1)
    assert window.summary.text() == f"{len(inbox) - 1} paper{'s' if len(inbox) > 2 else ''}"
    assert window.selected_ids() == [second]


def test_a_tag_view_drops_a_paper_whose_tag_was_removed(qtbot, window):
    service = window.service
    tag = max(service.tags.counts(), key=lambda t: t.count).name
    tagged = service.papers.list_ids(tag=tag)
    window.show_view(View.tag(tag))
    qtbot.waitUntil(lambda: window.model.rowCount() == len(tagged))
    service.tags.remove([tagged[0]], [tag])
    qtbot.waitUntil(lambda: window.model.rowCount() == len(tagged) - 1)
    assert tagged[0] not in window.model.ids


def test_usable_at_1024_by_640_with_the_sidebar_kept(qtbot, window):
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.height() == 640)
    assert window.minimumSizeHint().width() <= 1024
    window.splitter.setSizes([0, 700, 324])  # dragging the sidebar shut does not lose it
    assert window.sidebar.width() >= 150
    from readinglist.gui.models.paper_table import RATING, TITLE

    window.table.show_column(RATING, True)
    assert window.table.columnWidth(TITLE) >= 200


def test_column_layout_is_kept_per_library(qtbot, window, ui_state, tmp_path):
    from readinglist.core.library import LibraryService
    from readinglist.gui.main_window import MainWindow
    from readinglist.gui.models.paper_table import YEAR

    window.table.show_column(YEAR, False)
    window.save_state()
    other = LibraryService(tmp_path / "other", auto_index=False, auto_rebuild=False)
    try:
        second = MainWindow(other, ui_state=ui_state, check_index=False)
        qtbot.addWidget(second)
        assert not second.table.isColumnHidden(YEAR)
        settle(qtbot, second)
    finally:
        other.close()
    again = MainWindow(window.service, ui_state=ui_state, check_index=False)
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(YEAR)
    settle(qtbot, again)


def test_the_welcome_subtitle_is_not_clipped(qtbot, tmp_path, ui_state):
    from readinglist.core.library import LibraryService
    from readinglist.gui.main_window import MainWindow

    empty = LibraryService(tmp_path / "empty", auto_index=False, auto_rebuild=False)
    try:
        win = MainWindow(empty, ui_state=ui_state, check_index=False)
        qtbot.waitUntil(lambda: not win.runner.busy)
        qtbot.addWidget(win)
        win.show()
        for size in ((1280, 800), (1024, 640)):
            win.resize(*size)
            qtbot.waitUntil(lambda s=size: (win.width(), win.height()) == s)
            label = win.welcome.subtitle
            assert label.height() >= label.heightForWidth(label.width()) > 0
            assert label.width() > 300
        settle(qtbot, win)
    finally:
        empty.close()
