"""Long tasks in the window: the progress bar comes and goes, bulk edits run in a worker,
and the index rebuild (or a large backlog) in the child process misses no edit."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

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


def test_the_progress_bar_goes_away_after_a_task(qtbot, window, demo_library, tmp_path):
    window.commands.run_task("Exporting", demo_library.exports.file, tmp_path / "x.bib", "bibtex")
    assert window.tasks.progress.isVisible()
    qtbot.waitUntil(lambda: not window.tasks.progress.isVisible() and not window.tasks.cancel_button.isVisible(),
                    timeout=10_000)


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
    assert win.tasks.progress.isVisible()  # more than BULK_IN_WORKER: with progress and Cancel
    qtbot.waitUntil(lambda: "Tagging: 260 papers" in win.messages.text, timeout=20_000)
    assert gui_library.papers.list_ids(tag="batch") and len(gui_library.papers.list_ids(tag="batch")) == 260
    win.close()


def test_edits_during_an_index_rebuild_reach_the_new_index(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    window.commands.reindex()
    assert window.commands.rebuilder.running
    demo_library.notes.add(pid, "zanzibar during the rebuild")
    qtbot.waitUntil(lambda: not window.commands.rebuilder.running, timeout=60_000)
    qtbot.waitUntil(lambda: demo_library.indexing.check() is None and demo_library.indexing.pending_changes() == 0,
                    timeout=30_000)
    assert demo_library.search("zanzibar").ids == [pid]


def test_a_large_backlog_is_indexed_by_the_child_process(qtbot, window, demo_library, make_draft):
    from readinglist.gui.bridge import CHILD_DRAIN_AT

    demo_library.papers.add_many([make_draft(f"Backlog paper {i} quetzal", "A B") for i in range(CHILD_DRAIN_AT)])
    qtbot.waitUntil(lambda: window.commands.rebuilder.running, timeout=20_000)
    assert window.commands.rebuilder.pending_only
    qtbot.waitUntil(lambda: not window.commands.rebuilder.running, timeout=120_000)
    qtbot.waitUntil(lambda: demo_library.indexing.pending_changes() == 0, timeout=30_000)
    assert demo_library.search("quetzal", limit=None).total == CHILD_DRAIN_AT


def test_a_big_export_imported_in_the_window_is_listed_then_searchable(
    qtbot, window, demo_library, tmp_path, monkeypatch
):
    """Read in the worker as a stream and indexed by two child processes meanwhile."""
    import json

    import readinglist.core.search.index as index_mod
    import readinglist.core.services.imports as imports_mod
    import readinglist.core.services.indexing as indexing_mod

    monkeypatch.setattr(imports_mod, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(index_mod, "CHILD_BATCH", 40)
    monkeypatch.setattr(indexing_mod, "writer_procs", lambda docs: 2 if docs >= 100 else 1)
    papers = [{"title": f"Streamed paper {i}", "abstract": f"about quokkas and item{i}",
               "tags": ["streamed"]} for i in range(150)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "readinglist", "version": 1, "papers": papers}), "utf-8")
    window.commands.import_path(path)
    qtbot.waitUntil(lambda: not window.runner.busy and "150" in window.messages.text,
                    timeout=30_000)
    assert demo_library.papers.count() == 25 + 150
    qtbot.waitUntil(lambda: demo_library.search("quokkas", limit=None).total == 150,
                    timeout=20_000)
    window.search_bar.edit.clear()
    qtbot.keyClicks(window.search_bar.edit, "quokkas item7")
    qtbot.waitUntil(lambda: window.model.ranked and "Streamed paper 7" in titles(window),
                    timeout=20_000)
    assert demo_library.index.doc_count() == 175


def test_a_missing_import_file_is_reported_in_one_line(qtbot, window, tmp_path):
    window.commands.import_path(tmp_path / "gone.json")
    qtbot.waitUntil(lambda: "no such file" in window.messages.text, timeout=20_000)
    assert "\n" not in window.messages.text
