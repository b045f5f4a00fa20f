"""Small things a new user trips over: submitting with Ctrl+Return, no browser, wording."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from readinglist.gui import browser
from readinglist.gui.dialogs.add_dialog import AddDialog


def test_ctrl_return_submits_the_add_dialog(qtbot):
    dialog = AddDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.edit, "2509.12345")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyRelease(dialog.edit, Qt.Key.Key_Control)  # Qt would think Ctrl is still held
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.identifiers() == ["2509.12345"]


def test_without_a_browser_opening_a_paper_says_so(qtbot, window, monkeypatch):
    class NoBrowser:  # what QDesktopServices answers when no browser is set up
        @staticmethod
        def openUrl(_url):  # noqa: N802
            return False

    monkeypatch.setattr(browser, "QDesktopServices", NoBrowser)
    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    row = next(r for r in range(25) if window.service.papers.get(window.model.paper_id(r)).abs_url)
    qtbot.waitUntil(lambda: not window.runner.busy and not window.views.searching)
    window.table.selectRow(row)
    paper = window.service.papers.get(window.model.paper_id(row))
    window.actions_.open_browser.trigger()
    assert "No web browser could be opened" in window.messages.text
    assert QGuiApplication.clipboard().text() == paper.abs_url


def test_clicking_the_tags_header_sorts_by_tag(qtbot, window):
    from readinglist.gui.models.paper_table import TAGS
    from tests.conftest import draft

    untagged = window.service.papers.add(draft("No Tags Here", "A B")).paper_id
    qtbot.waitUntil(lambda: window.model.rowCount() == 26)
    window.table.horizontalHeader().sectionClicked.emit(TAGS)
    window.table.sortByColumn(TAGS, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.model.sort_key == "tags")
    firsts = [min(window.service.papers.get(window.model.paper_id(r)).tags, default="~", key=str.lower)
              for r in range(window.model.rowCount())]
    assert firsts == sorted(firsts, key=str.lower)
    assert window.model.paper_id(window.model.rowCount() - 1) == untagged


def test_export_suggests_the_last_folder_used(qtbot, window, monkeypatch, tmp_path):
    from readinglist.gui.dialogs import export_dialog

    folder = tmp_path / "papers" / "bib"
    folder.mkdir(parents=True)
    suggested: list[str] = []

    def fill(dialog):
        suggested.append(dialog.path.text())
        dialog.path.setText(str(folder / "mine.bib"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fill)
    window.actions_.export.trigger()
    qtbot.waitUntil(lambda: (folder / "mine.bib").exists(), timeout=20_000)
    window.actions_.export.trigger()
    assert suggested[1].startswith(str(folder))
    assert not suggested[0].startswith(str(folder))


def test_settings_show_environment_endpoints_and_save_only_choices(qtbot, tmp_path, monkeypatch):
    import tomllib

    from readinglist.core.settings import load_settings, save_settings
    from readinglist.gui.dialogs.settings_dialog import SettingsDialog

    monkeypatch.setenv("READINGLIST_HF_URL", "http://127.0.0.1:8123")
    monkeypatch.delenv("READINGLIST_DOI_URL")
    on_disk = load_settings(tmp_path, apply_env=False)
    dialog = SettingsDialog(on_disk)
    qtbot.addWidget(dialog)
    assert dialog.hf_url.text() == "http://127.0.0.1:8123" and not dialog.hf_url.isEnabled()
    assert "READINGLIST_HF_URL" in dialog.hf_url.toolTip()
    assert dialog.doi_url.isEnabled() and dialog.doi_url.text() == "https://doi.org"
    dialog.categories.setText("cs.CL stat.ML")
    save_settings(tmp_path, dialog.settings())
    saved = tomllib.loads((tmp_path / "settings.toml").read_text("utf-8"))
    assert saved == {"arxiv_categories": ["cs.CL", "stat.ML"]}


def test_code_in_a_note_preview_is_monospace_and_the_notes_list_is_not_cut(qtbot, window):
    from PySide6.QtGui import QFontDatabase, QFontInfo

    from tests.conftest import draft

    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    pid = window.service.papers.add(draft("A Paper With Notes", "A B")).paper_id
    long_title = "A rather long first line of a note that names the experiment setup"
    window.service.notes.add(pid, f"# {long_title}\n\nRun `make bench` first.\n")
    qtbot.waitUntil(lambda: window.model.row_of(pid) is not None)
    window.table.selectRow(window.model.row_of(pid))
    notes = window.detail.notes
    qtbot.waitUntil(lambda: notes.picker.count() >= 1)
    document = notes.preview.document()
    found = document.find("make bench")
    assert not found.isNull()
    assert found.charFormat().fontFamilies() == [fixed]
    view = notes.picker.view()
    assert view.minimumWidth() >= view.fontMetrics().horizontalAdvance(long_title[:40])
    assert QFontInfo(found.charFormat().font()).fixedPitch() or fixed == "monospace"
