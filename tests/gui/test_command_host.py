"""The paper commands run in any host that offers the small ``CommandHost`` protocol
(selection, task status, current view), not only in the main window: they never
reach into the window's panels, and they move the user by the ``navigate`` signal."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from readinglist.gui.bridge import LibraryBridge
from readinglist.gui.messages import MessageBar
from readinglist.gui.paper_commands import PaperCommands
from readinglist.gui.views import Destination, View
from readinglist.gui.workers import TaskRunner


class BareHost:
    """Only what the protocol names."""

    def __init__(self, ids: list[int], view: View) -> None:
        self.ids, self.view = ids, view
        self.status: list[str] = []
        self.tasks: list[str] = []

    def selected_ids(self) -> list[int]:
        return self.ids

    def listed_ids(self) -> list[int]:
        return self.ids

    def shown_paper_id(self) -> int | None:
        return self.ids[0] if self.ids else None

    def begin_progress(self, label: str, cancel: Callable[[], None]) -> object:
        self.tasks.append(label)
        return label

    def set_progress(self, done: int, total: int) -> None:
        pass

    def end_progress(self, token: object) -> None:
        self.tasks.remove(str(token))

    def show_status(self, text: str, msecs: int) -> None:
        self.status.append(text)

    def current_view(self) -> View:
        return self.view


@pytest.fixture
def make_commands(qtbot, demo_library, ui_state) -> Iterator[Callable[[BareHost], PaperCommands]]:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    bridge = LibraryBridge(demo_library, runner, parent)

    def make(host: BareHost) -> PaperCommands:
        return PaperCommands(host, demo_library, runner, MessageBar(parent), bridge=bridge,
                             ui_state=ui_state, parent=parent)

    yield make
    bridge.close()
    runner.wait()


def test_commands_run_in_a_bare_host(qtbot, demo_library, make_commands):
    pid = demo_library.papers.list_ids(tag="ml/optimization")[0]
    host = BareHost([pid], View.all())
    commands = make_commands(host)
    commands.copy_citekeys()
    assert QGuiApplication.clipboard().text() == demo_library.papers.get(pid).citekey
    assert host.status == ["Citation key copied"]


def test_renaming_the_tag_shown_navigates_by_signal(qtbot, make_commands, monkeypatch):
    host = BareHost([], View.tag("ml/optimization"))
    commands = make_commands(host)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("machine-learning", True))
    with qtbot.waitSignal(commands.navigate) as sent:
        commands.rename_tag("ml")
    assert sent.args == [Destination(View.tag("machine-learning/optimization"))]
