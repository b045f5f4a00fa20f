"""``--smoke-test`` fails loudly when the window shows nothing."""

from __future__ import annotations

from readinglist.gui.main_window import MainWindow
from readinglist.gui.smoke import run_smoke_test


def test_smoke_test_fails_on_an_empty_library(qtbot, qapp, gui_library, ui_state, monkeypatch,
                                              capsys):
    monkeypatch.setattr("readinglist.gui.smoke.TIMEOUT_MS", 1500)
    window = MainWindow(gui_library, ui_state=ui_state)
    qtbot.addWidget(window)
    window.show()
    assert run_smoke_test(qapp, window, 0.0) == 1
    assert "no papers shown" in capsys.readouterr().out


def test_smoke_test_passes_on_the_demo_library(qtbot, qapp, demo_library, ui_state, capsys):
    window = MainWindow(demo_library, ui_state=ui_state)
    qtbot.addWidget(window)
    window.show()
    assert run_smoke_test(qapp, window, 0.0) == 0
    assert "smoke test ok: 25 papers shown" in capsys.readouterr().out
