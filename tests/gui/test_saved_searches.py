"""Saved searches from the window: saving the words typed shows the saved search (the
search bar empties, the words now live in it); renaming or deleting the one shown follows."""

from __future__ import annotations

import pytest

from readinglist.gui.dialogs.saved_search_dialog import SavedSearchDialog
from readinglist.gui.panels.sidebar import load_sidebar
from readinglist.gui.views import View


@pytest.fixture
def answer_dialog(monkeypatch):
    """The saved-search dialog, accepted with the given name (and the query it shows)."""
    answer = {"name": ""}

    def exec_(dialog: SavedSearchDialog) -> int:
        dialog.name.setText(answer["name"])
        return 1

    monkeypatch.setattr(SavedSearchDialog, "exec", exec_)
    return answer


def test_saving_the_search_typed_shows_the_saved_search(qtbot, window, demo_library, answer_dialog):
    window.search_bar.set_text("tag:classics")
    qtbot.waitUntil(lambda: window.model.rowCount() == 10 and not window.views.searching)
    answer_dialog["name"] = "Classics"
    window.actions_.save_search.trigger()
    assert [s.query for s in demo_library.saved.all() if s.name == "Classics"] == ["tag:classics"]
    assert window.sidebar.current_view == View.saved("Classics")
    qtbot.waitUntil(lambda: window.search_bar.text == "" and not window.views.searching
                    and window.model.rowCount() == 10)
    qtbot.waitUntil(lambda: window.sidebar.currentIndex().data() == "Classics")
    assert window.summary.text() == "10 papers"


def test_renaming_then_deleting_the_saved_search_shown(qtbot, window, demo_library, answer_dialog):
    demo_library.saved.save("Old name", "tag:classics")
    window.sidebar.refresh()
    window.show_view(View.saved("Old name"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 10 and not window.views.searching)
    answer_dialog["name"] = "New name"
    window.sidebar.edit_saved_requested.emit("Old name")
    assert window.sidebar.current_view == View.saved("New name")
    qtbot.waitUntil(lambda: window.sidebar.currentIndex().data() == "New name")
    window.sidebar.delete_saved_requested.emit("New name")
    assert window.sidebar.current_view == View.all()
    qtbot.waitUntil(lambda: window.model.rowCount() == 25 and not window.views.searching)


def test_counts_read_before_a_rename_do_not_send_the_user_away(qtbot, window, demo_library):
    """A sidebar load that started before the rename answers after it: the
    renamed search is missing from that answer, but it was not removed."""
    demo_library.saved.save("Old name", "tag:classics")
    stale = load_sidebar(demo_library)
    demo_library.saved.save("New name", "tag:classics", replacing="Old name")
    window.show_view(View.saved("New name"))
    window.sidebar._build(stale, window.sidebar._loads)  # the late answer
    assert window.sidebar.current_view == View.saved("New name")
    qtbot.waitUntil(lambda: window.sidebar.currentIndex().data() == "New name")
    assert window.sidebar.current_view == View.saved("New name")


def test_a_saved_search_removed_elsewhere_goes_back_to_all_papers(qtbot, window, demo_library):
    demo_library.saved.save("Gone soon", "tag:classics")
    window.sidebar.refresh()
    window.show_view(View.saved("Gone soon"))
    qtbot.waitUntil(lambda: window.sidebar.currentIndex().data() == "Gone soon")
    demo_library.saved.delete("Gone soon")  # as the command line would
    window.sidebar.refresh()
    qtbot.waitUntil(lambda: window.sidebar.current_view == View.all())
    qtbot.waitUntil(lambda: window.model.rowCount() == 25 and not window.views.searching)
