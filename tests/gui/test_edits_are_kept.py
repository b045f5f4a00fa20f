"""A user's edits are kept: changes made by the CLI while the app is open, a stale or
half-typed tag editor, a note written just before closing or deleting, a tag refused inline."""

from __future__ import annotations

import subprocess
import sys

from readinglist.core.library import LibraryService
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def select_title(window: MainWindow, title: str) -> int:
    row = titles(window).index(title)
    # Not selectRow(): it reads the keyboard modifiers, and a Ctrl+Z sent by an earlier
    # test can leave Ctrl "held", so the row would be added to the selection.
    window.table.select_only(row)
    return window.model.paper_id(row)


def cli(library: LibraryService, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "readinglist", "--library", str(library.dir), *args],
                          capture_output=True, text=True, check=True, timeout=120).stdout

def test_cli_changes_while_the_app_is_open_show_up_and_survive_a_tag_edit(qtbot, window, demo_library):
    pid = select_title(window, "Adam: A Method for Stochastic Optimization")
    window.detail.rating.rating_changed.emit(2)  # a local edit just before the CLI's
    assert demo_library.papers.get(pid).rating == 2
    cli(demo_library, "tag", str(pid), "from-cli")
    qtbot.waitUntil(lambda: "from-cli" in window.detail.tags.edit.text(), timeout=10_000)
    editor = window.detail.tags.edit
    editor.setText(editor.text() + ", mine")
    editor.editingFinished.emit()
    assert {"from-cli", "mine"} <= set(demo_library.papers.get(pid).tags)


def test_a_tag_added_elsewhere_is_not_erased_by_a_stale_editor(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    demo_library.tags.add([pid], ["elsewhere"])  # as if from another program, unseen
    window.detail.tags.set_tags([t for t in demo_library.papers.get(pid).tags if t != "elsewhere"])
    window.detail.tags.edit.setText("demo, ml/optimization, added-here")
    window.detail.tags.edit.editingFinished.emit()
    assert set(demo_library.papers.get(pid).tags) == {"demo", "ml/optimization", "added-here", "elsewhere"}


def test_autosave_does_not_wipe_a_tag_being_typed(qtbot, window, demo_library):
    select_title(window, "Layer Normalization")
    notes = window.detail.notes
    qtbot.keyClicks(notes.editor, "a note")
    window.detail.tags.edit.setFocus()
    window.detail.tags.edit.setText("demo, half-typed")
    qtbot.waitUntil(lambda: notes.state.text() == "Saved", timeout=5000)
    assert window.detail.tags.edit.text() == "demo, half-typed"


def test_notes_are_saved_when_the_window_closes(qtbot, demo_library, ui_state):
    win = MainWindow(demo_library, ui_state=ui_state, check_index=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 25)
    pid = select_title(win, "Layer Normalization")
    qtbot.keyClicks(win.detail.notes.editor, "written just before closing")
    win.close()
    assert [n.body for n in demo_library.papers.get(pid).notes] == ["written just before closing"]


def test_deleting_a_paper_with_an_unsaved_note_reports_nothing(qtbot, window, demo_library, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    select_title(window, "Layer Normalization")
    qtbot.keyClicks(window.detail.notes.editor, "unsaved")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.actions_.delete.trigger()
    assert demo_library.papers.count() == 24
    assert window.messages.text == ""


def test_a_bad_tag_is_refused_inline(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    before = demo_library.papers.get(pid).tags
    window.detail.tags.edit.setText("x" * 300)
    window.detail.tags.edit.editingFinished.emit()
    assert window.detail.tags.error.isVisible()
    assert "at most" in window.detail.tags.error.text()
    assert demo_library.papers.get(pid).tags == before
