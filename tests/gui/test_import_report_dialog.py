"""A .bib import with entries it could not use shows them in a copyable list."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from readinglist.gui.dialogs.import_report_dialog import ImportReportDialog


def test_bib_import_lists_entries_not_imported_and_keys_given(window, qtbot, tmp_path):
    bib = tmp_path / "mixed.bib"
    bib.write_text(
        "@article{good, title={A good entry}, year=2020}\n"
        "@misc{untitled, year = 2000}\n"
        "@Book{,\n  title = {No key here}, year = 2014,\n}\n",
        "utf-8",
    )
    window.commands.import_path(bib)
    qtbot.waitUntil(
        lambda: any(isinstance(w, ImportReportDialog) for w in QApplication.topLevelWidgets()),
        timeout=20_000,
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportReportDialog))
    text = dialog.details.toPlainText()
    assert "untitled (line 2): it has no title" in text
    assert "the entry at line 3 has no key; it is now" in text
    assert dialog.details.isReadOnly()
    dialog.grab().save(str(tmp_path / "import-report.png"))
    copy_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy list")
    copy_button.click()
    assert "untitled (line 2)" in QGuiApplication.clipboard().text()
    dialog.close()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20_000)  # the re-listing too


def test_a_bib_file_with_no_usable_entry_lists_why_in_the_dialog(window, qtbot, tmp_path):
    bib = tmp_path / "nothing.bib"
    bib.write_text("@misc{a, year = 2000}\n@misc{b, note = {x}}\n", "utf-8")
    window.commands.import_path(bib)
    qtbot.waitUntil(
        lambda: any(isinstance(w, ImportReportDialog) for w in QApplication.topLevelWidgets()),
        timeout=20_000,
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportReportDialog))
    lines = dialog.details.toPlainText().splitlines()
    assert [line.split(":")[0] for line in lines] == ["a (line 1)", "b (line 2)"]
    dialog.close()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20_000)
