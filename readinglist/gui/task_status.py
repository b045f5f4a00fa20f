"""Long tasks in the status bar: a progress bar and Cancel for the newest task running.

Tasks overlap (an import while the index rebuilds): each ``begin`` returns a
token that its ``end`` hands back; the bar shows the newest task still running
and Cancel stops that one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressBar, QStatusBar, QToolButton

# The bar is as wide as its label (within these bounds); a longer label
# (a long file name) is cut with an ellipsis instead of wrapping in the bar.
BAR_MIN_WIDTH = 120
BAR_MAX_WIDTH = 320


class TaskStatus(QObject):
    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.progress = QProgressBar(status_bar)
        self.progress.setMaximumWidth(BAR_MAX_WIDTH)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QToolButton(status_bar)
        self.cancel_button.setText("Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel_newest)
        self._tasks: list[tuple[object, str, Callable[[], None]]] = []
        status_bar.addPermanentWidget(self.progress)
        status_bar.addPermanentWidget(self.cancel_button)

    def begin(self, label: str, cancel: Callable[[], None]) -> object:
        """Show a task's progress; returns the token that ends it (Cancel stops the newest)."""
        token = object()
        self._tasks.append((token, label, cancel))
        self._show_newest()
        return token

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def end(self, token: object) -> None:
        self._tasks = [t for t in self._tasks if t[0] is not token]
        self._show_newest()

    def _show_newest(self) -> None:
        if not self._tasks:
            self.progress.hide()
            self.cancel_button.hide()
            return
        _, label, _ = self._tasks[-1]
        metrics = self.progress.fontMetrics()
        room = BAR_MAX_WIDTH - metrics.horizontalAdvance(" 100%") - 24
        label = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, room)
        width = metrics.horizontalAdvance(f"{label} 100%") + 24
        self.progress.setFixedWidth(max(BAR_MIN_WIDTH, min(BAR_MAX_WIDTH, width)))
        self.progress.setFormat(f"{label} %p%")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()

    @Slot()
    def _cancel_newest(self) -> None:
        if self._tasks:
            self._tasks[-1][2]()
