"""The Daily panel against a local server that answers like Hugging Face and arXiv."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from readinglist.core.models import ReadStatus
from readinglist.gui.models.daily_list import STATE, TITLE
from readinglist.gui.panels.daily_panel import DailyPanel
from readinglist.gui.workers import TaskRunner
from tests.fakes import samples
from tests.fakes.services import FakeServices

DAY = date(2026, 11, 24)  # a Tuesday
WAIT_MS = 20_000  # network round trips on a loaded CI machine


@pytest.fixture
def services(monkeypatch):
    fake = FakeServices(today=DAY + timedelta(days=3))
    fake.add_hf_day(DAY, samples.hf_day(DAY, 6, seed=3))
    fake.add_hf_day(DAY - timedelta(days=1), samples.hf_day(DAY - timedelta(days=1), 4, seed=4))
    with fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        yield fake


@pytest.fixture
def panel(qtbot, gui_library, services):
    runner = TaskRunner()
    daily = DailyPanel(gui_library, runner)
    qtbot.addWidget(daily)
    daily.hf_box.setChecked(True)
    daily.arxiv_box.setChecked(False)  # arXiv's feed only ever holds today's list
    daily.show()
    yield daily
    runner.wait()


def shown_titles(panel: DailyPanel) -> list[str]:
    return [panel.proxy.index(r, TITLE).data() for r in range(panel.proxy.rowCount())]


def open_day(qtbot, panel: DailyPanel, day: date) -> None:
    panel.set_day(day)
    qtbot.waitUntil(lambda: not panel._fetching and panel.day == day, timeout=WAIT_MS)


def test_a_day_is_fetched_and_listed_by_upvotes(qtbot, panel, services):
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    upvotes = [int(panel.proxy.index(r, 0).data()) for r in range(6)]
    assert upvotes == sorted(upvotes, reverse=True)
    assert "6 papers" in panel.status.text()
    assert services.requests_to("/api/daily_papers")


def test_keyboard_triage_adds_and_skips(qtbot, panel, gui_library):
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    panel.table.setFocus()
    panel.table.selectRow(0)
    first = panel.proxy.index(0, TITLE).data()
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    assert gui_library.papers.count() == 1
    paper = gui_library.papers.get_many(gui_library.papers.list_ids())[0]
    assert paper.title == first and paper.status is ReadStatus.QUEUED
    assert panel.proxy.index(0, STATE).data() == "✓ in library"
    # "a" moved to the next item; "s" skips it and moves on
    assert panel.table.currentIndex().row() == 1
    second = panel.proxy.index(1, TITLE).data()
    qtbot.keyClick(panel.table, Qt.Key.Key_S)
    assert gui_library.papers.count() == 1
    state = {i.title: i.state for i in gui_library.daily.cached(DAY).items}
    assert state[second] == "skipped"
    assert panel.table.currentIndex().row() == 2


def test_add_with_tags_completes_the_library_tags(qtbot, panel, gui_library, monkeypatch,
                                                 make_draft):
    from PySide6.QtWidgets import QDialog

    from readinglist.gui.dialogs.tags_dialog import TagsDialog

    gui_library.papers.add(make_draft("Already here", "A B"), tags=["ml/llm"])
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    panel.table.selectRow(2)
    offered: list[str] = []

    def answer(dialog: TagsDialog) -> int:
        dialog.edit.setText("to-read, ll")
        dialog.completer.setCompletionPrefix("ll")
        offered.append(dialog.completer.currentCompletion())
        dialog.edit.setText("to-read, ml/llm")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TagsDialog, "exec", answer)
    qtbot.keyClick(panel.table, Qt.Key.Key_T)
    assert offered == ["to-read, ml/llm, "]  # "ll" completes to the library's tag
    added = [p for p in gui_library.papers.get_many(gui_library.papers.list_ids()) if p.title != "Already here"]
    assert set(added[0].tags) == {"ml/llm", "to-read"}


def test_navigating_days_and_reading_a_cached_day_offline(qtbot, panel, services):
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    monday = shown_titles(panel)
    panel.prev_button.click()
    qtbot.waitUntil(lambda: panel.day == DAY - timedelta(days=1) and panel.proxy.rowCount() == 4, timeout=WAIT_MS)
    weekend = DAY - timedelta(days=2)  # a Sunday: an empty day, not an error
    open_day(qtbot, panel, weekend)
    qtbot.waitUntil(lambda: "no papers" in panel.status.text(), timeout=WAIT_MS)
    assert "weekend" in panel.status.text()
    services.stop()  # offline from here on
    count = len(services.requests_to("/api/daily_papers"))
    open_day(qtbot, panel, DAY)
    assert sorted(shown_titles(panel)) == sorted(monday)
    assert len(services.requests_to("/api/daily_papers")) == count


def test_a_failed_fetch_keeps_what_was_shown_and_says_why(qtbot, panel, services):
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    services.plan("/api/daily_papers", status=503, body=b"overloaded", times=20)
    with qtbot.waitSignal(panel.error, timeout=30_000) as blocker:
        panel.fetch()
    assert "Could not fetch 2026-11-24" in blocker.args[0]
    assert panel.proxy.rowCount() == 6
    assert "Could not fetch" in panel.status.text()


def test_filter_box_narrows_the_list(qtbot, panel):
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    title = shown_titles(panel)[3]
    panel.filter_edit.setText(title.upper())
    assert shown_titles(panel) == [title]
    panel.filter_edit.clear()
    assert panel.proxy.rowCount() == 6


def test_future_days_are_refused_before_any_request(qtbot, panel, services):
    from readinglist.core.daily import today_utc

    before = len(services.requests)
    panel.set_day(today_utc() + timedelta(days=2))
    assert "future" in panel.status.text()
    assert len(services.requests) == before


def test_one_source_failing_still_lists_the_other(qtbot, panel, services):
    panel.arxiv_box.setChecked(True)
    services.rss_date = "Tue, 24 Nov 2026 00:00:00 -0500"
    services.plan("/rss/", status=404, body=b"<html>Not Found</html>", times=10)
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    status = panel.status.text()
    assert "arXiv could not be fetched" in status
    assert "Hugging Face 6" in status


def test_a_later_day_clears_the_error_of_an_earlier_one(qtbot, panel, services):
    services.plan("/api/daily_papers", status=503, body=b"overloaded", times=20)
    with qtbot.waitSignal(panel.error, timeout=30_000):
        open_day(qtbot, panel, DAY - timedelta(days=1))
    assert "Could not fetch" in panel.status.text()
    services.clear_plans()
    with qtbot.waitSignal(panel.recovered, timeout=WAIT_MS):
        open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    assert "Could not fetch" not in panel.status.text()


def test_day_and_sources_are_remembered_and_a_cached_day_not_fetched_again(
        qtbot, gui_library, services, ui_state):
    runner = TaskRunner()
    first = DailyPanel(gui_library, runner, ui_state=ui_state)
    qtbot.addWidget(first)
    first.arxiv_box.setChecked(False)
    open_day(qtbot, first, DAY)
    qtbot.waitUntil(lambda: first.proxy.rowCount() == 6, timeout=WAIT_MS)
    runner.wait()
    asked = len(services.requests_to("/api/daily_papers"))
    second = DailyPanel(gui_library, runner, ui_state=ui_state)  # the app started again
    qtbot.addWidget(second)
    assert second.day == DAY and not second.arxiv_box.isChecked() and second.hf_box.isChecked()
    second.activate()
    assert second.proxy.rowCount() == 6 and not second._fetching
    assert len(services.requests_to("/api/daily_papers")) == asked


def test_add_all_with_a_filter_adds_only_the_matching_and_says_so(qtbot, panel, gui_library):
    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    title = shown_titles(panel)[3]
    panel.filter_edit.setText(title)
    assert "showing 1 of 6" in panel.status.text()
    assert panel.add_all_button.text() == "Add the 1 shown"
    with qtbot.waitSignal(panel.message) as said:
        panel.add_all_button.click()
    assert gui_library.papers.count() == 1 and gui_library.papers.get_many(gui_library.papers.list_ids())[0].title == title
    assert "only the 1 matching the filter" in said.args[0]
    assert "5 others were not added" in said.args[0]


def test_future_days_look_disabled_in_the_calendar(panel):
    from PySide6.QtCore import QDate

    from readinglist.core.daily import today_utc

    today = today_utc()
    calendar = panel.date_edit.calendarWidget()
    tomorrow = QDate(*today.timetuple()[:3]).addDays(1)
    assert calendar.maximumDate() == QDate(*today.timetuple()[:3])
    grey = calendar.dateTextFormat(tomorrow).foreground().color()
    assert grey == panel.palette().color(panel.palette().ColorGroup.Disabled,
                                         panel.palette().ColorRole.Text)
    assert calendar.dateTextFormat(QDate(*today.timetuple()[:3])).foreground().style() == Qt.BrushStyle.NoBrush


def test_a_day_chosen_while_another_is_fetching_is_fetched_too(qtbot, panel, services):
    """Clicking ◀ while a fetch is still finishing used to leave the new day unfetched."""
    panel.set_day(DAY)  # starts fetching Tuesday
    weekend = DAY - timedelta(days=2)
    panel.set_day(weekend)  # Tuesday's fetch is still running
    qtbot.waitUntil(lambda: "no papers" in panel.status.text(), timeout=WAIT_MS)
    assert panel.day == weekend
    assert "Sunday 22 November" in panel.status.text()
