"""Searching as a new user types: partial words, empty results, the scope, select all."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.core.models import ReadStatus
from readinglist.gui import view_controller
from readinglist.gui.models.paper_table import TITLE
from readinglist.gui.views import View
from readinglist.gui.search_as_you_type import with_prefix


def titles(window) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def type_search(qtbot, window, text: str) -> None:
    window.search_bar.edit.clear()
    qtbot.keyClicks(window.search_bar.edit, text)


def test_the_word_being_typed_matches_as_a_prefix(qtbot, window):
    for partial in ("atten", "Vaswan"):
        type_search(qtbot, window, partial)
        qtbot.waitUntil(lambda: window.model.ranked
                        and "Attention Is All You Need" in titles(window), timeout=10_000)
    # a finished word followed by a space is matched as typed, and short words are left alone
    assert with_prefix("attention ") == "attention "
    assert with_prefix("at") == "at"
    assert with_prefix('"graph neu') == '"graph neu'
    assert with_prefix("status:rea") == "status:rea"
    assert window.search_bar.text == "Vaswan"  # a saved search keeps what was typed


def test_an_empty_result_says_so_and_offers_all_papers(qtbot, window):
    window.show_view(View.of_status(ReadStatus.SKIPPED.value))
    qtbot.waitUntil(lambda: not window.views.searching)
    type_search(qtbot, window, "attention")
    qtbot.waitUntil(lambda: window.empty_note.isVisible(), timeout=10_000)
    note = window.empty_note.text()
    assert "0 papers match “attention” in Skipped" in note and "Search all papers" in note
    assert window.search_bar.scope.isVisible()
    assert "in Skipped" in window.search_bar.scope.text()
    window.empty_note.linkActivated.emit("all")
    qtbot.waitUntil(lambda: "Attention Is All You Need" in titles(window), timeout=10_000)
    assert window.sidebar.current_view == View.all()
    assert not window.empty_note.isVisible()
    assert not window.search_bar.scope.isVisible()


def test_select_all_on_a_cut_ranked_search_reaches_every_match(qtbot, window, monkeypatch):
    monkeypatch.setattr(view_controller, "SEARCH_LIMIT", 3)
    window.search_bar.set_text("learning OR networks OR model OR language")
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() == 3, timeout=10_000)
    total = window.views.total
    assert total > 3
    assert window.summary.text() == f"best 3 of {total} results"
    every = window.service.search(window.views.query, limit=None).ids
    assert len(every) > 3
    total = len(every)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sorted(window.selected_ids()) == sorted(every), timeout=10_000)
    assert window.actions_.tag_selected.isEnabled()
    assert window.selection_summary.count.text() == f"{total} selected"
    window.service.tags.add(window.selected_ids(), ["all-of-them"])
    assert len(window.service.papers.list_ids(tag="all-of-them")) == total


def test_search_answers_while_slow_background_work_fills_the_general_pool(qtbot, window):
    """After a big import, retraining "similar papers" held every general worker for seconds."""
    import threading

    from readinglist.gui.workers import FunctionWorker

    release = threading.Event()
    busy = [FunctionWorker(release.wait, 30) for _ in range(window.runner.pool.maxThreadCount() + 1)]
    for worker in busy:
        window.runner.start(worker)
    try:
        type_search(qtbot, window, "transformer")
        qtbot.waitUntil(lambda: window.model.ranked
                        and "Attention Is All You Need" in titles(window), timeout=10_000)
        assert not release.is_set()  # answered while the general pool was still full
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
