"""Messages as a new user meets them: the window stays still, long text is readable, nothing is lost."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from readinglist.gui.messages import MessageHistory, contrast
from readinglist.gui.theme import dark_palette


def where(window, widget) -> tuple[int, int, int, int]:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return (top_left.x(), top_left.y(), widget.width(), widget.height())


def test_a_banner_never_moves_the_widgets_under_the_mouse(qtbot, window):
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    before = [where(window, w) for w in (window.search_bar, window.table, window.sidebar)]
    window.messages.error("Could not fetch 2026-11-24: Hugging Face answered 503.")
    QApplication.processEvents()
    assert window.messages.isVisible()
    assert [where(window, w) for w in (window.search_bar, window.table, window.sidebar)] == before
    window.messages.hide()
    QApplication.processEvents()
    assert [where(window, w) for w in (window.search_bar, window.table, window.sidebar)] == before


def test_a_long_message_wraps_inside_the_window_with_a_tooltip(qtbot, window):
    text = "The export to /home/someone/papers/references.bib failed: " + "disk full; " * 40
    window.messages.error(text)
    QApplication.processEvents()
    bar = window.messages
    central = window.centralWidget()
    assert bar.geometry().right() <= central.width() and bar.geometry().left() >= 0
    assert bar.geometry().bottom() <= central.height()
    assert bar.height() > 2 * bar.fontMetrics().height()  # wrapped onto several lines
    assert bar.toolTip() == text and bar.label.text() == text


def test_faded_messages_can_be_read_again(qtbot, window):
    window.messages.info("Added 3 papers from 2026-11-24.")
    window.messages.error("Could not fetch 2026-11-25.")
    assert window.history_button.isEnabled() and window.history_button.text() == "2 messages"
    dialog = MessageHistory(window.messages.history, window)
    lines = dialog.view.toPlainText().splitlines()
    assert lines[0].endswith("Error: Could not fetch 2026-11-25.")
    assert lines[1].endswith("Added 3 papers from 2026-11-24.")
    dialog.close()


def test_banners_are_readable_in_the_dark_theme(qtbot, window):
    app = QApplication.instance()
    old = app.palette()
    try:
        app.setPalette(dark_palette())
        window.setPalette(dark_palette())
        for show in (window.messages.error, window.messages.info):
            show("Something to read")
            background, text, _border = window.messages.colors
            assert QColor(background).lightness() < 100  # a dark banner in a dark window
            assert contrast(background, text) >= 7
    finally:
        app.setPalette(old)
        window.setPalette(old)
    window.messages.error("Something to read")
    background, text, _border = window.messages.colors
    assert QColor(background).lightness() > 200 and contrast(background, text) >= 7


def test_a_daily_error_goes_away_when_a_later_day_loads(qtbot, window):
    window.daily.error.emit("Could not fetch 2026-11-23: HTTP 404.")
    assert "Could not fetch" in window.messages.text
    window.messages.info("something else")
    window.daily.error.emit("Could not fetch 2026-11-23: HTTP 404.")
    window.daily.recovered.emit()
    assert window.messages.text == ""
