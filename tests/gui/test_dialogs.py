"""Dialogs driven as a user would: add by identifier, paste, export, settings."""

from __future__ import annotations

import bibtexparser
import pytest
from PySide6.QtWidgets import QDialog

from readinglist.core.net.session import HttpClient
from readinglist.core.settings import load_settings
from readinglist.gui.dialogs import add_dialog, export_dialog, paste_dialog, settings_dialog
from readinglist.gui.main_window import MainWindow
from tests.conftest import FAST_NET


@pytest.fixture
def online_window(qtbot, demo_library, ui_state, fake):
    demo_library.http = HttpClient(FAST_NET)
    win = MainWindow(demo_library, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.runner.busy)
    yield win
    win.close()


def accept_with(monkeypatch, dialog_class, prepare):
    """Make ``dialog_class.exec`` fill the dialog like a user and press OK."""

    def fake_exec(self):
        prepare(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "exec", fake_exec)


def test_add_by_identifier_fetches_from_arxiv(qtbot, online_window, demo_library, fake, monkeypatch):
    fake.add_arxiv("2509.01234", "Sparse Mixtures of Tiny Experts", authors=["Mia Chen", "Raj Patel"],
                   summary="We study tiny experts.")
    accept_with(monkeypatch, add_dialog.AddDialog,
                lambda d: d.edit.setPlainText("https://arxiv.org/abs/2509.01234v2\n\n"))
    online_window.actions_.add.trigger()
    qtbot.waitUntil(lambda: demo_library.papers.find("2509.01234") is not None, timeout=20_000)
    paper = demo_library.papers.resolve("2509.01234")
    assert paper.title == "Sparse Mixtures of Tiny Experts" and paper.status.value == "inbox"
    qtbot.waitUntil(lambda: "1 added" in online_window.messages.text, timeout=20_000)


def test_add_unknown_id_reports_and_adds_nothing(qtbot, online_window, demo_library, monkeypatch):
    accept_with(monkeypatch, add_dialog.AddDialog, lambda d: d.edit.setPlainText("2509.99999"))
    online_window.actions_.add.trigger()
    qtbot.waitUntil(lambda: online_window.messages.text != "", timeout=20_000)
    assert demo_library.papers.count() == 25
    assert "skipped" in online_window.messages.text.lower() or "no paper" in online_window.messages.text.lower()


def test_paste_a_copied_list(qtbot, online_window, demo_library, monkeypatch):
    text = ("Subscribe\n\nDaily picks\n\nA Theory of Small Things\n\n"
            "We show that small things matter a lot, in theory and in practice, and we give "
            "a framework that explains why tiny changes to a model can move its accuracy by "
            "several points on standard benchmarks.\n\n"
            "Big Models, Small Budgets\n\n"
            "Training large models cheaply is possible with careful scheduling of the learning "
            "rate and the data mixture; we report runs that match strong baselines at a tenth "
            "of their compute cost.\n")
    accept_with(monkeypatch, paste_dialog.PasteDialog, lambda d: d.edit.setPlainText(text))
    online_window.actions_.paste.trigger()
    qtbot.waitUntil(lambda: demo_library.papers.count() == 27, timeout=20_000)
    # the app's index worker catches up with the import
    qtbot.waitUntil(lambda: bool(demo_library.search('"small budgets"').ids), timeout=20_000)


def test_export_dialog_writes_a_bib_that_parses(qtbot, window, demo_library, tmp_path, monkeypatch):
    target = tmp_path / "refs.bib"

    def fill(d):
        d.format.setCurrentIndex(d.format.findData("bibtex"))
        d.scope_buttons["tag"].setChecked(True)
        d.tag.setCurrentText("classics")
        d.path.setText(str(target))

    accept_with(monkeypatch, export_dialog.ExportDialog, fill)
    window.actions_.export.trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)
    library = bibtexparser.parse_string(target.read_text("utf-8"))
    assert not library.failed_blocks
    keys = {e.key for e in library.entries}
    assert len(keys) == 10 and "vaswaniAttentionAllYou2017" in keys
    qtbot.waitUntil(lambda: "Exported 10 papers" in window.messages.text)


def test_settings_dialog_saves_categories_and_refuses_bad_ones(qtbot, window, demo_library, monkeypatch):
    def bad(d):
        d.categories.setText("cs.CL, not a category!")
        d._accept()
        assert "Not arXiv categories" in d.problem.text()
        d.categories.setText("cs.CL math.OC")

    accept_with(monkeypatch, settings_dialog.SettingsDialog, bad)
    window.actions_.settings.trigger()
    assert load_settings(demo_library.dir, apply_env=False).arxiv_categories == ["cs.CL", "math.OC"]


def test_dropping_a_bib_file_imports_it(qtbot, window, demo_library, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    bib = tmp_path / "jabref.bib"
    bib.write_text("@article{Knuth1984,\n  author = {Knuth, Donald E.},\n"
                   "  title = {Literate Programming},\n  journal = {The Computer Journal},\n"
                   "  year = {1984},\n  doi = {10.1093/comjnl/27.2.97}\n}\n", "utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bib))])
    window.commands.drop(mime)
    qtbot.waitUntil(lambda: demo_library.papers.find("Knuth1984") is not None, timeout=20_000)
    assert demo_library.papers.resolve("10.1093/comjnl/27.2.97").citekey == "Knuth1984"


def test_copy_bibtex_of_the_selection(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    qtbot.waitUntil(lambda: window.model.rowCount() == 25)
    window.table.selectRow(0)
    window.actions_.copy_bibtex.trigger()
    parsed = bibtexparser.parse_string(QGuiApplication.clipboard().text())
    assert len(parsed.entries) == 1 and not parsed.failed_blocks


def test_automatic_export_keeps_a_bib_in_sync(qtbot, window, demo_library, tmp_path, monkeypatch):
    target = tmp_path / "thesis.bib"

    def configure(d):
        d.auto_path.setText(str(target))
        d.auto_query.setText("tag:thesis")

    accept_with(monkeypatch, settings_dialog.SettingsDialog, configure)
    window.actions_.settings.trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert bibtexparser.parse_string(target.read_text("utf-8")).entries == []
    pid = demo_library.papers.resolve("1706.03762").id
    demo_library.tags.add([pid], ["thesis"])
    qtbot.waitUntil(lambda: "vaswaniAttentionAllYou2017" in target.read_text("utf-8"),
                    timeout=20_000)
    assert "failed" not in window.messages.text


def test_settings_dialog_edits_the_daily_mute_rules(qtbot, window, demo_library, monkeypatch):
    def fill(d):
        d.mute_authors.setText("Jane Doe;  Smith ; jane doe")
        d.mute_phrases.setText("position paper; survey")
        d.mute_categories.setText("cs.CV, math.OC")
        d.hide_cross.setChecked(True)
        d._accept()
        assert d.problem.text() == ""

    accept_with(monkeypatch, settings_dialog.SettingsDialog, fill)
    window.actions_.settings.trigger()
    saved = load_settings(demo_library.dir, apply_env=False)
    assert saved.mute_authors == ["Jane Doe", "Smith"]
    assert saved.mute_phrases == ["position paper", "survey"]
    assert saved.mute_categories == ["cs.CV", "math.OC"]
    assert saved.hide_cross_lists and not saved.hide_replacements

    def bad(d):
        d.mute_categories.setText("not-a-category!")
        d._accept()
        assert "Not arXiv categories" in d.problem.text()
        d.mute_categories.setText("")

    accept_with(monkeypatch, settings_dialog.SettingsDialog, bad)
    window.actions_.settings.trigger()
    assert load_settings(demo_library.dir, apply_env=False).mute_categories == []
