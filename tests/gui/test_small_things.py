"""Small things a new user trips over: submitting with Ctrl+Return, no browser, wording."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from readinglist.gui import browser
from readinglist.gui.dialogs.add_dialog import AddDialog


def test_ctrl_return_submits_the_add_dialog(qtbot):
    dialog = AddDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.edit, "2509.12345")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyRelease(dialog.edit, Qt.Key.Key_Control)  # Qt would think Ctrl is still held
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.identifiers() == ["2509.12345"]


def test_without_a_browser_opening_a_paper_says_so(qtbot, window, monkeypatch):
    class NoBrowser:  # what QDesktopServices answers when no browser is set up
        @staticmethod
        def openUrl(_url):  # noqa: N802
            return False

    monkeypatch.setattr(browser, "QDesktopServices", NoBrowser)
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    row = next(r for r in range(25) if window.service.get(window.model.paper_id(r)).abs_url)
    qtbot.waitUntil(lambda: not window.runner.busy and not window.views.searching)
    window.table.selectRow(row)
    paper = window.service.get(window.model.paper_id(row))
    window.actions_.open_browser.trigger()
    assert "No web browser could be opened" in window.messages.text
    assert QGuiApplication.clipboard().text() == paper.abs_url
