from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from readinglist.core.library import LibraryService
from readinglist.gui import resources
from readinglist.gui.main_window import MainWindow
from readinglist.gui.state import UiState


@pytest.fixture
def ui_state(tmp_path: Path) -> UiState:
    return UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def gui_library(tmp_path: Path) -> Iterator[LibraryService]:
    """A library as the app opens it: the index is kept in step by the app's worker."""
    service = LibraryService(tmp_path / "lib", auto_index=False, auto_rebuild=False)
    yield service
    service.close()


@pytest.fixture
def demo_library(gui_library: LibraryService) -> LibraryService:
    gui_library.imports.text(resources.path("demo_library.json").read_text("utf-8"))
    gui_library.indexing.ensure()
    return gui_library


@pytest.fixture
def window(qtbot, demo_library: LibraryService, ui_state: UiState) -> Iterator[MainWindow]:
    win = MainWindow(demo_library, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.busy)
    yield win
    win.close()
