"""The Daily panel against a local server that answers like Hugging Face and arXiv."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from readinglist.core.models import ReadStatus
from readinglist.gui.panels.daily_panel import STATE, TITLE, DailyPanel
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
    assert gui_library.count() == 1
    paper = gui_library.list_papers()[0]
    assert paper.title == first and paper.status is ReadStatus.QUEUED
    assert panel.proxy.index(0, STATE).data() == "✓ in library"
    # "a" moved to the next item; "s" skips it and moves on
    assert panel.table.currentIndex().row() == 1
    second = panel.proxy.index(1, TITLE).data()
    qtbot.keyClick(panel.table, Qt.Key.Key_S)
    assert gui_library.count() == 1
    state = {i.title: i.state for i in gui_library.daily_cached(DAY).items}
    assert state[second] == "skipped"
    assert panel.table.currentIndex().row() == 2


def test_add_with_tags(qtbot, panel, gui_library, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    open_day(qtbot, panel, DAY)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=WAIT_MS)
    panel.table.selectRow(2)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ml/llm, to-read", True))
    qtbot.keyClick(panel.table, Qt.Key.Key_T)
    assert set(gui_library.list_papers()[0].tags) == {"ml/llm", "to-read"}


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
    from readinglist.gui.panels.daily_panel import utc_today

    before = len(services.requests)
    panel.set_day(utc_today() + timedelta(days=2))
    assert "future" in panel.status.text()
    assert len(services.requests) == before


def test_a_day_chosen_while_another_is_fetching_is_fetched_too(qtbot, panel, services):
    """Clicking ◀ while a fetch is still finishing used to leave the new day unfetched."""
    panel.set_day(DAY)  # starts fetching Tuesday
    weekend = DAY - timedelta(days=2)
    panel.set_day(weekend)  # Tuesday's fetch is still running
    qtbot.waitUntil(lambda: "no papers" in panel.status.text(), timeout=WAIT_MS)
    assert panel.day == weekend
    assert "Sunday 22 November" in panel.status.text()
