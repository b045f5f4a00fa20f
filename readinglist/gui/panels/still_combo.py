"""A combo box that a passing mouse wheel does not change.

Rolling the wheel to scroll the detail pane used to change (and save) the
Status of the paper under the pointer. The wheel only changes the value once
the user has focused the box (clicked or tabbed into it); otherwise the
event goes on to the scroll area around it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget


class StillComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # StrongFocus, not WheelFocus: a wheel event must not focus the box either.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)
