"""Issue 11, finding 9: three ways the window changed or lost data by accident."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE


def _select(window: MainWindow, title: str) -> int:
    titles = [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]
    window.table.select_only(titles.index(title))
    return window.model.paper_id(titles.index(title))


def _choose_completion(qtbot, window: MainWindow, typed: str, at: int | None) -> None:
    """Type into the tag field (at a cursor position) and pick the first completion."""
    editor = window.detail.tags
    window.activateWindow()
    editor.edit.setFocus()
    qtbot.waitUntil(editor.edit.hasFocus)
    editor.edit.setCursorPosition(len(editor.edit.text()) if at is None else at)
    qtbot.keyClicks(editor.edit, typed)
    popup = editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    window.activateWindow()
    window.detail.citekey.setFocus()  # focus leaves the tag field
    qtbot.waitUntil(lambda: not editor.edit.hasFocus())


# The offscreen platform cannot raise the completion popup or grab the keyboard for it.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support")


@OFFSCREEN_POPUP
def test_choosing_a_tag_from_completion_keeps_the_other_tags(qtbot, window, demo_library):
    pid = _select(window, "Layer Normalization")
    demo_library.tags.set(pid, ["demo", "ml/generative"])
    window.detail.show_paper(pid)
    assert window.detail.tags.edit.text() == "demo, ml/generative"
    _choose_completion(qtbot, window, ", ml/effic", at=None)
    assert sorted(demo_library.papers.get(pid).tags) == ["demo", "ml/efficiency", "ml/generative"]


@OFFSCREEN_POPUP
def test_completing_a_tag_in_the_middle_replaces_only_that_tag(qtbot, window, demo_library):
    pid = _select(window, "Layer Normalization")
    demo_library.tags.set(pid, ["demo", "ml/generative"])
    window.detail.show_paper(pid)
    # "demo, |ml/generative": type a new tag before the last one and complete it.
    _choose_completion(qtbot, window, "ml/effic", at=len("demo, "))
    assert sorted(demo_library.papers.get(pid).tags) == ["demo", "ml/efficiency", "ml/generative"]
    assert "ml/effic" not in demo_library.tags.names()  # the half-typed word was never saved


def _wheel(widget, delta: int) -> None:
    center = QPointF(widget.rect().center())
    event = QWheelEvent(center, QPointF(widget.mapToGlobal(center.toPoint())), QPoint(0, 0),
                        QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_status_box_changes_nothing(qtbot, window, demo_library):
    pid = _select(window, "Layer Normalization")
    before = demo_library.papers.get(pid).status
    status = window.detail.status
    window.table.setFocus()
    assert not status.hasFocus()
    toward_other_values = 120 if status.currentIndex() > 0 else -120  # never off the end
    for _ in range(3):
        _wheel(status, toward_other_values)
    assert demo_library.papers.get(pid).status is before
    assert status.currentData() == before.value
    # Once the user has clicked into it, the wheel does change it (and saves).
    status.setFocus()
    qtbot.waitUntil(status.hasFocus)
    _wheel(status, toward_other_values)
    assert demo_library.papers.get(pid).status is not before


def test_ctrl_j_and_ctrl_k_move_a_single_selection(qtbot, window, demo_library, monkeypatch):
    first = _select(window, "Layer Normalization")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    selected = window.selected_ids()
    assert len(selected) == 1 and selected[0] != first
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.actions_.delete.trigger()
    assert demo_library.papers.count() == 24  # one paper, the current one
    assert first in demo_library.papers.list_ids()
