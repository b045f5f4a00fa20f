"""The edit form: fix a pasted paper, fill it from arXiv, and keep the fix through re-imports."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from readinglist.core.net.session import HttpClient
from readinglist.gui.dialogs.edit_paper_dialog import EditPaperDialog
from readinglist.gui.main_window import MainWindow
from tests.conftest import FAST_NET, draft


@pytest.fixture
def online_window(qtbot, demo_library, ui_state, fake):
    demo_library.http = HttpClient(FAST_NET)
    win = MainWindow(demo_library, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.busy)
    yield win
    win.close()


def test_a_pasted_paper_is_fixed_with_look_up_and_save(qtbot, online_window, demo_library,
                                                      fake, monkeypatch):
    fake.add_arxiv("2509.01234", "Sparse Mixtures of Tiny Experts",
                   authors=["Mia Chen", "Raj Patel"], summary="We study tiny experts.")
    pasted = demo_library.papers.add(draft("sparse mixtures of tiny experts")).paper_id
    window = online_window
    qtbot.waitUntil(lambda: window.model.row_of(pasted) is not None)
    window.table.selectRow(window.model.row_of(pasted))

    def fill(dialog: EditPaperDialog) -> int:
        dialog.edits["arxiv_id"].setText("2509.01234")
        dialog.lookup_button.click()
        qtbot.waitUntil(lambda: "Filled in" in dialog.lookup_state.text(), timeout=20_000)
        assert dialog.edits["title"].text() == "Sparse Mixtures of Tiny Experts"
        assert dialog.edits["authors"].text() == "Mia Chen; Raj Patel"
        dialog.edits["venue"].setText("ICLR")
        dialog.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EditPaperDialog, "exec", fill)
    window.actions_.edit_paper.trigger()
    paper = demo_library.papers.get(pasted)
    assert paper.title == "Sparse Mixtures of Tiny Experts" and paper.venue == "ICLR"
    assert [a.name for a in paper.authors] == ["Mia Chen", "Raj Patel"]
    assert paper.arxiv_id == "2509.01234"
    assert "venue" in demo_library.papers.edited_fields(pasted)
    qtbot.waitUntil(lambda: window.detail.paper is not None
                    and window.detail.paper.title == "Sparse Mixtures of Tiny Experts")


def test_a_bad_value_is_shown_in_the_form_and_changes_nothing(qtbot, window):
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    paper = window.service.papers.get(window.model.paper_id(0))
    dialog = EditPaperDialog(window.service, window.runner, paper, window)
    dialog.edits["doi"].setText("not a doi")
    dialog.edits["title"].setText("A New Title")
    dialog.save()
    assert not dialog.error.isHidden() and "is not a DOI" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert window.service.papers.get(paper.id).title == paper.title
    dialog.close()


def test_find_duplicates_and_merge_a_pair(qtbot, window):
    from readinglist.gui.dialogs.duplicates_dialog import DuplicatesDialog

    service = window.service
    keep = service.papers.add(draft("Sparse Tiny Experts", "Mia Chen", year=2016)).paper_id
    other = service.papers.add(draft("Sparse tiny experts.", "M. Chen", doi="10.1234/tiny.5",
                              venue="CVPR")).paper_id
    before = service.papers.count()
    service.tags.add([other], ["vision"])
    service.notes.add(other, "the skip connections")
    dialog = DuplicatesDialog(service, window.runner, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pairs.count() == 1, timeout=10_000)
    assert "1 pair" in dialog.state.text()
    view = dialog.merge_view
    rows = {view.table.item(r, 0).text(): view.table.item(r, 3).text()
            for r in range(view.table.rowCount())}
    assert rows["venue"] == "CVPR" and rows["doi"] == "10.1234/tiny.5"
    assert "vision" in view.owned.text() and "1 note" in view.owned.text()
    dialog.merge_button.click()
    assert service.papers.count() == before - 1 and dialog.pairs.count() == 0
    merged = service.papers.get(keep)
    assert merged.venue == "CVPR" and "vision" in merged.tags
    assert [n.body for n in merged.notes] == ["the skip connections"]
    assert service.papers.find("10.1234/tiny.5") == keep
