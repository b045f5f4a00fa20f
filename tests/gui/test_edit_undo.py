"""Issue 11, finding 10 in the window: Edit ▸ Undo names the change; Ctrl+Z takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE


def _rows(window: MainWindow, *titles: str) -> list[int]:
    shown = [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]
    return [shown.index(t) for t in titles]


def test_ctrl_z_after_delete_brings_the_papers_back(qtbot, window, demo_library, monkeypatch):
    rows = _rows(window, "Layer Normalization", "Attention Is All You Need")
    ids = [window.model.paper_id(r) for r in rows]
    before = {pid: demo_library.papers.get(pid) for pid in ids}
    demo_library.notes.add(ids[0], "zanzibar thoughts")
    before[ids[0]] = demo_library.papers.get(ids[0])
    window.table.select_only(rows[0])
    window.table.selectionModel().select(
        window.model.index(rows[1], 0),
        window.table.selectionModel().SelectionFlag.Select
        | window.table.selectionModel().SelectionFlag.Rows)
    asked: list[str] = []

    def confirm(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    window.actions_.delete.trigger()
    assert "cannot be undone" not in asked[0] and "Undo" in asked[0]
    assert demo_library.papers.count() == 23
    qtbot.waitUntil(lambda: not set(ids) & set(window.model.ids))
    window.update_undo()
    assert window.actions_.undo.text() == "&Undo Delete 2 papers"
    assert window.actions_.undo.isEnabled()

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: set(ids) <= set(window.model.ids), timeout=10_000)
    assert demo_library.papers.count() == 25
    for pid, paper in before.items():
        again = demo_library.papers.get(pid)
        assert (again.citekey, again.tags, again.status, again.rating) == (
            paper.citekey, paper.tags, paper.status, paper.rating)
        assert [n.body for n in again.notes] == [n.body for n in paper.notes]
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert demo_library.search("zanzibar").ids == [ids[0]]


def test_edit_menu_names_each_change_and_undoes_in_order(qtbot, window, demo_library):
    row = _rows(window, "Layer Normalization")[0]
    pid = window.model.paper_id(row)
    window.table.select_only(row)
    status = demo_library.papers.get(pid).status
    window.actions_.status[next(s for s in window.actions_.status if s != status)].trigger()
    demo_library.tags.rename("ml", "machine-learning")
    window.update_undo()
    assert window.actions_.undo.text() == "&Undo Rename tag ml to machine-learning"
    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: "ml/optimization" in demo_library.papers.get(pid).tags)
    qtbot.waitUntil(lambda: window.actions_.undo.text().startswith("&Undo Mark"))
    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: demo_library.papers.get(pid).status is status)


def test_trash_dialog_restores_a_deleted_paper(qtbot, window, demo_library):
    from readinglist.gui.dialogs.trash_dialog import TrashDialog

    row = _rows(window, "Layer Normalization")[0]
    pid = window.model.paper_id(row)
    tags = demo_library.papers.get(pid).tags
    demo_library.papers.remove([pid])
    dialog = TrashDialog(demo_library, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and "Layer Normalization" in dialog.list.item(0).text()
    dialog.list.item(0).setSelected(True)
    dialog.restore_button.click()
    assert demo_library.papers.get(pid).tags == tags
    assert dialog.list.count() == 0 and "Restored 1 paper" in dialog.note.text()
    qtbot.waitUntil(lambda: pid in window.model.ids, timeout=10_000)
