"""What the paper commands need from the window that hosts them.

``PaperCommands`` is typed against this protocol rather than ``MainWindow`` so
that the commands module does not import the window module (which imports it):
the dependency points one way, and a test window or another host can run the
commands by offering these few members.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from readinglist.gui.views import View


class CommandHost(Protocol):
    """The window-side surface the commands use: selection, task status, navigation."""

    # Panels the commands refresh after they change the library.
    bridge: Any
    sidebar: Any
    search_bar: Any
    views: Any
    model: Any  # the paper table's list (export "the list shown")
    detail: Any  # the paper shown (the edit form opens on it)
    ui_state: Any  # remembered choices (the last export folder)

    def selected_ids(self) -> list[int]: ...

    def begin_progress(self, label: str, cancel: Callable[[], None]) -> object: ...

    def set_progress(self, done: int, total: int) -> None: ...

    def end_progress(self, token: object) -> None: ...

    def show_view(self, view: View) -> None: ...

    def statusBar(self) -> Any: ...  # noqa: N802 (Qt's name)

    def update_undo(self) -> None: ...  # Edit ▸ Undo names the newest undoable change
