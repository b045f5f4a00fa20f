"""The Daily panel's "For you" order, why-lines and mute rules, on a day served locally."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from readinglist.gui.models.daily_list import ITEM_ROLE
from readinglist.gui.panels.daily_panel import DailyPanel
from readinglist.gui.workers import TaskRunner
from tests.fakes import topics
from tests.fakes.services import FakeServices

DAY = date(2026, 11, 24)
EARLIER = DAY - timedelta(days=1)
WAIT_MS = 30_000
MIX = {"diffusion": 4, "rl": 4, "graphs": 6, "speech": 6, "proteins": 6}


@pytest.fixture
def served(monkeypatch):
    fake = FakeServices(today=DAY + timedelta(days=2))
    items, topic_of = topics.day_items(DAY, MIX)
    earlier, earlier_topics = topics.day_items(EARLIER, {"speech": 8, "proteins": 4}, seed=5,
                                               first=40000)
    fake.add_hf_day(DAY, items)
    fake.add_hf_day(EARLIER, earlier)
    with fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        yield {**topic_of, **earlier_topics}


def make_panel(qtbot, library):
    runner = TaskRunner()
    panel = DailyPanel(library, runner)
    qtbot.addWidget(panel)
    panel.hf_box.setChecked(True)
    panel.arxiv_box.setChecked(False)
    panel.resize(1100, 700)
    panel.show()
    return panel, runner


def fill(library, counts, tags=None):
    for draft, names in topics.library_papers(counts, tags=tags):
        library.papers.add(draft, tags=names)


def rows(panel):
    return [panel.proxy.index(r, 0).data(ITEM_ROLE) for r in range(panel.proxy.rowCount())]


def open_ranked(qtbot, panel, day):
    panel.set_day(day)
    qtbot.waitUntil(lambda: not panel._fetching and panel.day == day and panel.proxy.rowCount()
                    and panel.ranker.ranking is not None
                    and panel.ranker.daily.day == day, timeout=WAIT_MS)


def test_a_clear_interest_ranks_its_papers_first_with_the_right_tag(qtbot, gui_library, served):
    fill(gui_library, {"diffusion": 18, "rl": 6}, tags={"diffusion": "gen/diffusion"})
    panel, runner = make_panel(qtbot, gui_library)
    open_ranked(qtbot, panel, DAY)
    assert panel.ranker.sort_box.currentData() == "for-you"  # the default with 24 papers
    top = rows(panel)[:8]  # the day's 4 diffusion and 4 RL papers, before any other topic
    assert {served[i.arxiv_id] for i in top} == {"diffusion", "rl"}
    tag_of = {"diffusion": "gen/diffusion", "rl": "rl"}
    for item in top:
        why = panel.ranker.ranked(item.arxiv_id).why
        assert why.tag == tag_of[served[item.arxiv_id]]
        assert why.like_title and why.words
    diffusion = [i for i in top if served[i.arxiv_id] == "diffusion"]
    assert "gen/diffusion" in panel.ranker.ranked(diffusion[0].arxiv_id).why.text()
    assert "For you" in panel.ranker.note.text()
    # Upvotes on request: the list re-sorts by votes, why-lines stay.
    panel.ranker.sort_box.setCurrentIndex(panel.ranker.sort_box.findData("upvotes"))
    panel.ranker.sort_box.activated.emit(panel.ranker.sort_box.currentIndex())
    votes = [i.upvotes for i in rows(panel)]
    assert votes == sorted(votes, reverse=True)
    runner.wait()


def test_a_small_library_sorts_by_upvotes_and_says_so(qtbot, gui_library, served):
    fill(gui_library, {"diffusion": 6})
    panel, runner = make_panel(qtbot, gui_library)
    open_ranked(qtbot, panel, DAY)
    assert panel.ranker.sort_box.currentData() == "upvotes"
    assert "starts once your library has 20 papers (it has 6)" in panel.ranker.note.text()
    votes = [i.upvotes for i in rows(panel)]
    assert votes == sorted(votes, reverse=True)
    runner.wait()


def test_a_mute_rule_from_the_context_menu_hides_the_authors_papers(qtbot, gui_library, served):
    fill(gui_library, {"diffusion": 20})
    panel, runner = make_panel(qtbot, gui_library)
    open_ranked(qtbot, panel, DAY)
    before = rows(panel)
    victim = before[0]
    name = victim.authors[0]
    same_author = {i.arxiv_id for i in before if name in i.authors}
    menu = panel.ranker.mute_menu(victim, panel.table)
    authors = next(a.menu() for a in menu.actions() if a.text() == "Mute author")
    with qtbot.waitSignal(panel.message, timeout=5000) as said:
        next(a for a in authors.actions() if a.text() == name).trigger()
    assert name in said.args[0]
    after = {i.arxiv_id for i in rows(panel)}
    assert not (after & same_author)
    assert len(after) == len(before) - len(same_author)
    assert "muted" in panel.ranker.note.text()
    assert gui_library.settings.mute_authors == [name]
    # Cross-lists off: the rule is kept, and the day is not re-fetched for it.
    panel.ranker.mute("cross-lists")
    assert gui_library.settings.hide_cross_lists
    runner.wait()


def test_skipping_papers_lowers_similar_ones_after_retraining(qtbot, gui_library, served):
    fill(gui_library, {"diffusion": 16, "speech": 6})
    panel, runner = make_panel(qtbot, gui_library)
    open_ranked(qtbot, panel, DAY)
    speech = [i.arxiv_id for i in rows(panel) if served[i.arxiv_id] == "speech"]

    def mean_position():
        order = [i.arxiv_id for i in rows(panel)]
        return sum(order.index(a) for a in speech) / len(speech)

    before = mean_position()
    open_ranked(qtbot, panel, EARLIER)  # the user skips every speech paper of the day before
    panel.table.setFocus()
    for r in range(panel.proxy.rowCount()):
        item = panel.proxy.index(r, 0).data(ITEM_ROLE)
        if served[item.arxiv_id] == "speech":
            panel.table.selectRow(r)
            qtbot.keyClick(panel.table, Qt.Key.Key_S)
    skipped = [i for i in gui_library.daily.cached(EARLIER).items if i.state == "skipped"]
    assert len(skipped) == 8
    open_ranked(qtbot, panel, DAY)  # retrained in the worker, then ranked
    assert mean_position() > before + 3, (before, mean_position())
    runner.wait()


def test_t_offers_the_tags_of_the_nearest_papers(qtbot, gui_library, served, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from readinglist.gui.dialogs.tags_dialog import TagsDialog

    fill(gui_library, {"diffusion": 12, "rl": 10}, tags={"diffusion": "gen/diffusion"})
    panel, runner = make_panel(qtbot, gui_library)
    open_ranked(qtbot, panel, DAY)
    row = next(r for r, i in enumerate(rows(panel)) if served[i.arxiv_id] == "rl")
    panel.table.selectRow(row)
    asked = {}

    def accept(dialog):
        asked.update(label=dialog.explanation.text(), text=dialog.edit.text())
        return QDialog.DialogCode.Accepted  # the user presses Enter

    monkeypatch.setattr(TagsDialog, "exec", accept)
    qtbot.keyClick(panel.table, Qt.Key.Key_T)
    assert asked["text"] == "rl"
    assert "Enter accepts" in asked["label"]
    added = gui_library.papers.resolve(rows(panel)[row].arxiv_id)
    assert added.tags == ("rl",)
    runner.wait()


def test_similar_papers_in_the_detail_pane(qtbot, gui_library, served):
    from readinglist.gui.panels.detail_panel import DetailPanel

    fill(gui_library, {"diffusion": 10, "speech": 10})
    gui_library.daily.fetch(DAY, ["hf"])
    runner = TaskRunner()
    detail = DetailPanel(gui_library)
    qtbot.addWidget(detail)
    detail.similar.runner = runner
    detail.show()
    paper = next(p for p in gui_library.papers.get_many(gui_library.papers.list_ids()) if "Vocoder" in p.title or
                 "Speech" in p.title or "TTS" in p.title or "Speaker" in p.title)
    detail.show_paper(paper.id)
    qtbot.waitUntil(lambda: "—" in detail.similar.toPlainText(), timeout=WAIT_MS)
    text = detail.similar.toPlainText()
    assert "not in your library" in text  # a fetched day's speech paper
    listed = [line for line in text.splitlines() if "—" in line]
    speechy = ("Speech", "Vocoder", "Speaker", "TTS")
    assert sum(any(w in line for w in speechy) for line in listed) >= len(listed) - 1
    assert paper.title not in text
    runner.wait()
