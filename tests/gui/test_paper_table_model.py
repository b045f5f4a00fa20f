from readinglist.gui.models.paper_table import PAGE_SIZE, TITLE, YEAR, PaperTableModel
from PySide6.QtCore import Qt


def test_model_passes_qt_model_tester(qtmodeltester, demo_library):
    model = PaperTableModel(demo_library)
    model.show_filter()
    qtmodeltester.check(model)
    assert model.rowCount() == 25


def test_rows_load_in_pages_and_sort_in_sql(qtbot, gui_library, make_draft):
    gui_library.papers.add_many([make_draft(f"Paper {i:04d}", "A B", year=1990 + i % 30)
                          for i in range(PAGE_SIZE * 3 + 7)])
    model = PaperTableModel(gui_library)
    model.show_filter()
    assert model.rowCount() == PAGE_SIZE * 3 + 7
    last = model.index(model.rowCount() - 1, TITLE).data()
    assert last.startswith("Paper ")
    assert len(model._pages) == 1  # only the page that was looked at is loaded
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, TITLE).data() == "Paper 0000"
    model.sort(YEAR, Qt.SortOrder.DescendingOrder)
    assert model.index(0, YEAR).data() == "2019"


def test_changed_rows_are_reloaded(gui_library, make_draft):
    pid = gui_library.papers.add(make_draft("Before", "A B")).paper_id
    model = PaperTableModel(gui_library)
    model.show_filter()
    assert model.index(0, TITLE).data() == "Before"
    gui_library.papers.update_metadata(pid, title="After")
    model.refresh_ids([pid])
    assert model.index(0, TITLE).data() == "After"
