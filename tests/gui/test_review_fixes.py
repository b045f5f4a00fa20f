"""Behaviour found missing in review: concurrent edits, external changes, state that must stay."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QColorDialog, QInputDialog

from readinglist.core.library import LibraryService
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE
from readinglist.gui.panels.sidebar import View


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]


def select_title(window: MainWindow, title: str) -> int:
    row = titles(window).index(title)
    window.table.selectRow(row)
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


def test_the_progress_bar_goes_away_after_a_task(qtbot, window, demo_library, tmp_path):
    window.commands.run_task("Exporting", demo_library.exports.file, tmp_path / "x.bib", "bibtex")
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: not window.progress.isVisible() and not window.cancel_button.isVisible(),
                    timeout=10_000)


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


def test_renaming_the_tag_being_viewed_follows_it(qtbot, window, demo_library, monkeypatch):
    window.show_view(View("tag", "ml/optimization"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ml/optim", True))
    window.sidebar.rename_tag_requested.emit("ml/optimization")
    assert window.sidebar.current_view == View("tag", "ml/optim")
    qtbot.waitUntil(lambda: window.model.rowCount() == 3 and not window.views.searching)


def test_deleting_the_tag_being_viewed_goes_back_to_all_papers(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window.show_view(View("tag", "classics"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 10)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.sidebar.delete_tag_requested.emit("classics")
    qtbot.waitUntil(lambda: window.sidebar.current_view == View("all"), timeout=10_000)
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)


def test_colour_for_a_parent_tag_known_only_through_its_children(qtbot, window, demo_library,
                                                                 monkeypatch):
    from PySide6.QtGui import QColor

    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#336699"))
    window.sidebar.color_tag_requested.emit("ml")  # only ml/nlp, ml/vision … exist
    assert {t.name: t.color for t in demo_library.tags.counts()}["ml"] == "#336699"
    assert window.messages.text == ""


def test_sorting_keeps_the_selected_paper(qtbot, window):
    from PySide6.QtCore import Qt

    pid = select_title(window, "Layer Normalization")
    window.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.selected_ids() == [pid])
    assert window.detail.paper.id == pid


def test_bulk_edit_of_many_papers_runs_in_a_worker(qtbot, gui_library, ui_state, make_draft,
                                                   monkeypatch):
    gui_library.papers.add_many([make_draft(f"Bulk paper {i}", "A B") for i in range(260)])
    win = MainWindow(gui_library, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 260 and not win.runner.busy, timeout=20_000)
    win.table.selectAll()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("batch", True))
    win.actions_.tag_selected.trigger()
    assert win.progress.isVisible()  # more than BULK_IN_WORKER: with progress and Cancel
    qtbot.waitUntil(lambda: "Tagging: 260 papers" in win.messages.text, timeout=20_000)
    assert gui_library.papers.list_ids(tag="batch") and len(gui_library.papers.list_ids(tag="batch")) == 260
    win.close()


def test_a_bad_tag_is_refused_inline(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    before = demo_library.papers.get(pid).tags
    window.detail.tags.edit.setText("x" * 300)
    window.detail.tags.edit.editingFinished.emit()
    assert window.detail.tags.error.isVisible()
    assert "at most" in window.detail.tags.error.text()
    assert demo_library.papers.get(pid).tags == before


def test_edits_during_an_index_rebuild_reach_the_new_index(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    window.commands.reindex()
    assert window.commands.rebuilder.running
    demo_library.notes.add(pid, "zanzibar during the rebuild")
    qtbot.waitUntil(lambda: not window.commands.rebuilder.running, timeout=60_000)
    qtbot.waitUntil(lambda: demo_library.check_index() is None and demo_library.pending_index_changes() == 0,
                    timeout=30_000)
    assert demo_library.search("zanzibar").ids == [pid]


def test_a_large_backlog_is_indexed_by_the_child_process(qtbot, window, demo_library, make_draft):
    from readinglist.gui.bridge import CHILD_DRAIN_AT

    demo_library.papers.add_many([make_draft(f"Backlog paper {i} quetzal", "A B") for i in range(CHILD_DRAIN_AT)])
    qtbot.waitUntil(lambda: window.commands.rebuilder.running, timeout=20_000)
    assert window.commands.rebuilder.pending_only
    qtbot.waitUntil(lambda: not window.commands.rebuilder.running, timeout=120_000)
    qtbot.waitUntil(lambda: demo_library.pending_index_changes() == 0, timeout=30_000)
    assert demo_library.search("quetzal", limit=None).total == CHILD_DRAIN_AT
