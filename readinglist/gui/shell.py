"""What the commands need from the window that hosts them: the selection, task status,
and where the user is.

``PaperCommands`` is typed against this protocol rather than ``MainWindow``, so the
commands module does not import the window module (which imports it) and a test
or another host can run the commands by offering these few members. Going
somewhere else is not a call on the host: the commands emit ``navigate`` (a
Qt signal carrying a ``Destination``) and the window, which connected it,
shows the view. Collaborators that are not the window (the service, the task
runner, the message bar, the index bridge, remembered UI state) are handed to
the commands when they are made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from readinglist.gui.views import View


class CommandHost(Protocol):
    # ---- the selection ----
    def selected_ids(self) -> list[int]: ...

    def listed_ids(self) -> list[int]: ...  # the list the table shows (export "the list shown")

    def shown_paper_id(self) -> int | None: ...  # the paper in the detail pane

    # ---- task status ----
    def begin_progress(self, label: str, cancel: Callable[[], None]) -> object: ...

    def set_progress(self, done: int, total: int) -> None: ...

    def end_progress(self, token: object) -> None: ...

    def show_status(self, text: str, msecs: int) -> None: ...  # a passing status-bar message

    # ---- where the user is (going elsewhere: the ``navigate`` signal) ----
    def current_view(self) -> View: ...
