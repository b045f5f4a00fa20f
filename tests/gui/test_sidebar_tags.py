"""Tags managed from the sidebar: a renamed tag being viewed is followed, a removed one
leaves for all papers, a parent tag known only through its children takes a colour."""

from __future__ import annotations

from PySide6.QtWidgets import QColorDialog, QInputDialog

from readinglist.gui.views import View


def test_renaming_the_tag_being_viewed_follows_it(qtbot, window, demo_library, monkeypatch):
    window.show_view(View.tag("ml/optimization"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ml/optim", True))
    window.sidebar.rename_tag_requested.emit("ml/optimization")
    assert window.sidebar.current_view == View.tag("ml/optim")
    qtbot.waitUntil(lambda: window.model.rowCount() == 3 and not window.views.searching)


def test_deleting_the_tag_being_viewed_goes_back_to_all_papers(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window.show_view(View.tag("classics"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 10)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.sidebar.delete_tag_requested.emit("classics")
    qtbot.waitUntil(lambda: window.sidebar.current_view == View.all(), timeout=10_000)
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)


def test_colour_for_a_parent_tag_known_only_through_its_children(qtbot, window, demo_library,
                                                                 monkeypatch):
    from PySide6.QtGui import QColor

    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#336699"))
    window.sidebar.color_tag_requested.emit("ml")  # only ml/nlp, ml/vision … exist
    assert {t.name: t.color for t in demo_library.tags.counts()}["ml"] == "#336699"
    assert window.messages.text == ""
