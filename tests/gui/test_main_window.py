"""The main window as a user drives it: search, select, tag, note, status."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.core.models import ReadStatus
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE
from readinglist.gui.views import View


def titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(r, TITLE).data() for r in range(model.rowCount())]


def type_search(qtbot, window: MainWindow, text: str) -> None:
    window.search_bar.edit.clear()
    qtbot.keyClicks(window.search_bar.edit, text)


def test_starts_on_all_papers_with_counts(qtbot, window):
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    assert window.summary.text() == "25 papers"
    assert window.center.currentWidget() is window.library_page


def test_search_as_you_type_updates_the_table(qtbot, window):
    type_search(qtbot, window, "transformer")
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() > 0)
    found = titles(window)
    assert "Attention Is All You Need" in found
    assert all("Adam" not in t for t in found)
    type_search(qtbot, window, "diffusion")
    qtbot.waitUntil(lambda: titles(window) == ["Denoising Diffusion Probabilistic Models"])
    # the top hit is selected and its matches are highlighted in the detail pane
    assert window.detail.paper.title == "Denoising Diffusion Probabilistic Models"
    assert "<b>Diffusion</b>" in window.detail.title.text()


def test_bad_query_is_shown_inline_and_keeps_results(qtbot, window):
    type_search(qtbot, window, "attention")
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() == 2)
    window.search_bar.edit.setText('title:"unclosed')
    window.search_bar.edit.returnPressed.emit()
    assert window.search_bar.error.isVisible()
    assert "never closed" in window.search_bar.error.text()
    assert window.model.rowCount() == 2  # the previous results stay
    window.search_bar.edit.setText("")
    window.search_bar.edit.returnPressed.emit()
    assert not window.search_bar.error.isVisible()
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)


def test_structured_queries_come_straight_from_sql(qtbot, window):
    window.search_bar.set_text("status:queued year:>=2020")
    qtbot.waitUntil(lambda: not window.views.searching)
    assert not window.model.ranked
    assert sorted(titles(window)) == sorted([
        "Learning Transferable Visual Models From Natural Language Supervision",
        "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
        "Scaling Laws for Neural Language Models",
    ])


def select_title(window: MainWindow, title: str) -> int:
    row = titles(window).index(title)
    window.table.selectRow(row)
    return window.model.paper_id(row)


def test_tagging_from_the_detail_pane_is_saved_and_searchable(qtbot, window, demo_library):
    pid = select_title(window, "Adam: A Method for Stochastic Optimization")
    editor = window.detail.tags.edit
    editor.setText(editor.text() + ", reading-group/week-3")
    editor.editingFinished.emit()
    assert "reading-group/week-3" in demo_library.papers.get(pid).tags
    assert "reading-group/week-3" in window.detail.tags.edit.text()
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert demo_library.search("optimizer tag:reading-group").ids == [pid]


def test_bad_tag_is_refused_inline(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    before = demo_library.papers.get(pid).tags
    window.detail.tags.edit.setText("fine, bad,")
    window.detail.tags.edit.setText("a/,/b, ok")  # empty segments are cleaned, not an error
    window.detail.tags.edit.editingFinished.emit()
    assert "a" in demo_library.papers.get(pid).tags and "b" in demo_library.papers.get(pid).tags
    assert before != demo_library.papers.get(pid).tags


def test_writing_a_note_autosaves_and_is_searchable(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    notes = window.detail.notes
    assert notes.note_id is None
    qtbot.keyClicks(notes.editor, "Compare with **RMSNorm** xylophone")
    qtbot.waitUntil(lambda: notes.state.text() == "Saved", timeout=3000)
    assert [n.body for n in demo_library.papers.get(pid).notes] == ["Compare with **RMSNorm** xylophone"]
    assert "RMSNorm" in notes.preview.toPlainText()  # rendered Markdown, no asterisks
    assert "**" not in notes.preview.toPlainText()
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert demo_library.search("xylophone").ids == [pid]


def test_note_is_saved_when_switching_papers(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    qtbot.keyClicks(window.detail.notes.editor, "quick thought")
    select_title(window, "Adam: A Method for Stochastic Optimization")
    assert [n.body for n in demo_library.papers.get(pid).notes] == ["quick thought"]


def test_status_change_from_detail_and_shortcut(qtbot, window, demo_library):
    pid = select_title(window, "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models")
    combo = window.detail.status
    combo.setCurrentIndex(combo.findData("reading"))
    combo.activated.emit(combo.currentIndex())
    assert demo_library.papers.get(pid).status is ReadStatus.READING
    window.actions_.status[ReadStatus.READ].trigger()
    assert demo_library.papers.get(pid).status is ReadStatus.READ
    qtbot.waitUntil(lambda: "Read (13)" in [window.sidebar.model_.item(0).child(r).text()
                                             for r in range(6)])


def test_sidebar_views_filter_by_status_and_tag(qtbot, window):
    window.show_view(View.of_status("inbox"))
    qtbot.waitUntil(lambda: not window.views.searching and window.model.rowCount() == 4)
    window.show_view(View.tag("ml"))
    qtbot.waitUntil(lambda: not window.views.searching and window.model.rowCount() == 22)
    window.show_view(View.saved("Recent LLM papers"))
    qtbot.waitUntil(lambda: not window.views.searching)
    assert set(titles(window)) >= {"LLaMA: Open and Efficient Foundation Language Models"}
    assert all(window.service.papers.get(window.model.paper_id(r)).year >= 2022
               for r in range(window.model.rowCount()))


def test_citekey_edit_refuses_a_taken_key(qtbot, window, demo_library):
    pid = select_title(window, "Layer Normalization")
    window.detail.citekey.setText("vaswaniAttentionAllYou2017")
    window.detail.citekey.editingFinished.emit()
    assert window.detail.key_error.isVisible()
    assert demo_library.papers.get(pid).citekey == "baLayerNormalization2016"
    window.detail.citekey.setText("ba2016layernorm")
    window.detail.citekey.editingFinished.emit()
    assert demo_library.papers.get(pid).citekey == "ba2016layernorm"


def test_delete_asks_and_removes(qtbot, window, demo_library, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    pid = select_title(window, "Layer Normalization")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.actions_.delete.trigger()
    assert demo_library.papers.count() == 24
    assert pid not in window.model.ids


def test_window_layout_is_remembered(qtbot, demo_library, ui_state):
    first = MainWindow(demo_library, ui_state=ui_state, check_index=False)
    qtbot.addWidget(first)
    first.resize(760, 560)  # within the offscreen platform's 800x800 screen
    first.show()
    first.splitter.setSizes([150, 400, 200])
    first.table.setColumnWidth(1, 233)
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(demo_library, ui_state=ui_state, check_index=False)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes
    assert second.table.columnWidth(1) == 233
    second.close()


def test_unexpected_errors_open_a_dialog_and_the_app_keeps_running(qtbot, window):
    import sys

    from readinglist.gui.app import install_excepthook
    from readinglist.gui.dialogs.error_dialog import ErrorDialog
    from PySide6.QtWidgets import QApplication

    old = sys.excepthook
    install_excepthook()
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog)]
    assert dialogs and "RuntimeError: boom" in dialogs[-1].details.toPlainText()
    for d in dialogs:
        d.close()
    assert window.isVisible()


def test_welcome_view_and_demo_library(qtbot, gui_library, ui_state):
    win = MainWindow(gui_library, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    assert win.center.currentWidget() is win.welcome
    win.welcome.buttons["demo"].click()
    qtbot.waitUntil(lambda: gui_library.papers.count() == 25, timeout=10_000)
    qtbot.waitUntil(lambda: win.center.currentWidget() is win.library_page
                    and win.model.rowCount() == 25)
    assert any("demo" in t.name for t in gui_library.tags.counts())
    win.close()


def test_tagging_many_selected_papers_at_once(qtbot, window, demo_library, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    window.table.selectAll()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("to-review, batch/1", True))
    window.actions_.tag_selected.trigger()
    assert demo_library.search("tag:batch", limit=None).total == 25
    qtbot.waitUntil(lambda: any(t.name == "batch" for t in demo_library.tags.counts()))


def test_sorting_keeps_the_selected_paper(qtbot, window):
    from PySide6.QtCore import Qt

    pid = select_title(window, "Layer Normalization")
    window.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.selected_ids() == [pid])
    assert window.detail.paper.id == pid
