"""Issue 11, finding 7: a huge field never freezes the window.

What is drawn (table cells, tooltips, the detail header, abstract, note
preview) is clipped; what is stored is not touched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.core.shown_text import (
    ABSTRACT_CHARS,
    CELL_CHARS,
    HEADER_CHARS,
    NOTE_PREVIEW_CHARS,
    TITLE_CHARS,
    TOOLTIP_CHARS,
)
from readinglist.gui.models.paper_table import AUTHORS, TITLE
from tests.conftest import draft

MEGABYTE = 1_000_000


def test_a_megabyte_title_is_clipped_where_drawn_and_kept_whole(qtbot, window, demo_library):
    title = "Huge " + "word " * (MEGABYTE // 5)
    pid = demo_library.papers.add(draft("Huge placeholder", *[f"Author Number{i}" for i in range(3_000)],
                                 abstract="abstract " * 5_000)).paper_id
    # Imports now refuse such a title (issue 11's bounds); a library written
    # before them, or by another tool, can still hold one.
    with demo_library.store.write() as txn:
        txn.db.execute("UPDATE papers SET title = ? WHERE id = ?", [" ".join(title.split()), pid])
    demo_library.notes.add(pid, "note " * (MEGABYTE // 10))
    qtbot.waitUntil(lambda: pid in window.model.ids, timeout=60_000)
    row = window.model.ids.index(pid)
    window.table.selectRow(row)
    window.table.scrollTo(window.model.index(row, TITLE))
    window.grab()  # paint the table row and the detail pane
    cell = window.model.index(row, TITLE)
    assert cell.data().startswith("Huge word")
    assert len(cell.data()) <= CELL_CHARS + 1
    assert len(window.model.index(row, AUTHORS).data()) <= CELL_CHARS + 1
    assert len(cell.data(Qt.ItemDataRole.ToolTipRole)) <= TOOLTIP_CHARS + 60
    detail = window.detail
    assert detail.paper is not None and detail.paper.id == pid
    assert len(detail.title.text()) <= TITLE_CHARS + 200
    assert "more characters not shown" in detail.title.text()
    assert len(detail.authors.text()) <= HEADER_CHARS + 200
    assert len(detail.abstract.toPlainText()) <= ABSTRACT_CHARS + 100 < len("abstract " * 5_000)
    assert len(detail.notes.preview.toPlainText()) <= NOTE_PREVIEW_CHARS + 100
    assert len(detail.notes.editor.toPlainText()) == len("note " * (MEGABYTE // 10))  # all editable
    assert demo_library.papers.get(pid).title == " ".join(title.split())  # stored whole
