"""The desktop app starts on a library and shows its papers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from readinglist.gui.main_window import MainWindow


def test_window_lists_the_library(qtbot, library, make_draft, ui_state):
    library.papers.add(make_draft("Attention Is All You Need", "Ashish Vaswani", year=2017))
    window = MainWindow(library, ui_state=ui_state)
    qtbot.addWidget(window)
    window.show()
    model = window.table.model()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == "Attention Is All You Need"
    window.close()


def test_many_void_qt_calls_do_not_abort_the_interpreter(qtbot):
    """PySide6 6.12.0 on Python 3.11 dies after ~5,000 void calls; our pin avoids it."""
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(20_000):
        label.setText(str(i))
    assert label.text() == "19999"
