"""Help inside the app: shortcuts sheet (F1, ?), search syntax, About, and the theme setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QLabel

from readinglist import __version__
from readinglist.gui.dialogs.help_dialogs import HelpDialog, query_syntax_html
from readinglist.gui.theme import ThemeBox, apply_theme, saved_theme


def _dialog(window, key: str) -> HelpDialog | None:
    return window.help.dialogs.get(key)


def test_f1_opens_a_shortcuts_sheet_read_from_the_menus(qtbot, window):
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    dialog = _dialog(window, "shortcuts")
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for keys, what in (("Ctrl+F", "Search"), ("Ctrl+E", "Export"), ("Ctrl+4", "Mark as read"),
                       ("Ctrl+Shift+B", "Copy BibTeX")):
        assert keys in text and what in text
    assert "Daily papers" in text and "add with tags" in text  # keys without a menu entry
    assert "F1" in text  # the sheet lists how to open itself


def test_question_mark_opens_the_sheet_but_types_in_text_fields(qtbot, window):
    window.search_bar.edit.setFocus()
    qtbot.keyClicks(window.search_bar.edit, "what?")
    assert window.search_bar.edit.text() == "what?"
    assert _dialog(window, "shortcuts") is None
    window.table.setFocus()
    qtbot.keyClick(window.table, "?")
    dialog = _dialog(window, "shortcuts")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not window.runner.busy and not window.search_bar._timer.isActive(),
                    timeout=10_000)  # the typed search finishes before the window closes


def test_search_syntax_examples_run_in_the_search_bar(qtbot, window):
    window.actions_.search_syntax.trigger()
    dialog = _dialog(window, "syntax")
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "tag:ml" in text and "year:2020..2023" in text and "has:note" in text
    total = window.model.rowCount()
    # Every example's link runs exactly that query (quotes, spaces, <, parentheses).
    from readinglist.gui.dialogs.help_dialogs import QUERY_SYNTAX

    alone = HelpDialog("Search syntax", query_syntax_html())
    qtbot.addWidget(alone)
    chosen: list[str] = []
    alone.query_chosen.connect(chosen.append)
    for href in re.findall(r'href="(query:[^"]*)"', alone.browser.document().toHtml()):
        alone.browser.anchorClicked.emit(QUrl(href))
    assert chosen == [example for _t, _f, example in QUERY_SYNTAX]
    dialog.browser.anchorClicked.emit(QUrl("query:year%3A%3C2015"))
    assert window.search_bar.edit.text() == "year:<2015"
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < total, timeout=10_000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)


def test_about_names_version_places_and_licences(qtbot, window, demo_library):
    window.actions_.about.trigger()
    dialog = _dialog(window, "about")
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert f"Reading List {__version__}" in text
    assert str(demo_library.dir) in text and "25 papers" in text
    assert str(demo_library.dir / "backups") in text
    for part in ("PySide6", "LGPL-3.0", "Whoosh", "BSD-2-Clause", "sqlite-utils", "Apache-2.0"):
        assert part in text


@pytest.fixture
def restore_look(qapp):
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_theme_is_chosen_in_settings_saved_and_applied(qtbot, qapp, tmp_path: Path, restore_look,
                                                       monkeypatch):
    monkeypatch.delenv("READINGLIST_THEME", raising=False)
    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    box = ThemeBox(dialog, store)
    assert box.choice() == "system"
    box.combo.setCurrentIndex(box.combo.findData("dark"))
    dialog.accept()
    assert saved_theme(store) == "dark"
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80

    again = QDialog()
    qtbot.addWidget(again)
    box = ThemeBox(again, store)
    assert box.choice() == "dark"  # the dialog shows what was saved
    box.combo.setCurrentIndex(box.combo.findData("light"))
    again.reject()  # Cancel changes nothing
    assert saved_theme(store) == "dark"


def test_environment_theme_wins_and_the_settings_say_so(qtbot, qapp, tmp_path, restore_look,
                                                         monkeypatch):
    monkeypatch.setenv("READINGLIST_THEME", "light")
    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    store.setValue("appearance/theme", "dark")
    dialog = QDialog()
    qtbot.addWidget(dialog)
    ThemeBox(dialog, store)
    assert "READINGLIST_THEME=light" in _labels(dialog)
    assert apply_theme(qapp) == "light"


def _labels(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel))
