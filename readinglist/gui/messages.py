"""Non-modal messages: a bar above the content that never blocks the user.

Errors stay until closed; information fades after a few seconds. Anything
that is not a :class:`UserError` is a bug and opens the error dialog with
the traceback to copy (``dialogs/error_dialog.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

INFO_MS = 6000

_STYLES = {
    "error": "background: #fdecea; color: #611a15; border: 1px solid #f5c6cb; border-radius: 4px;",
    "info": "background: #e8f4fd; color: #0c3c60; border: 1px solid #b8daff; border-radius: 4px;",
}


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Messages")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    @Slot(str)
    def error(self, text: str, origin: str = "") -> None:
        """``origin`` names who reported it, so that it can take it back (``dismiss``)."""
        self._show("error", text)
        self._origin = origin
        self._timer.stop()

    def dismiss(self, origin: str) -> None:
        """Hide the error ``origin`` showed, if it is still the one shown (it is out of date)."""
        if self.isVisible() and self._origin == origin and origin:
            self.hide()

    @Slot(str)
    def info(self, text: str) -> None:
        self._show("info", text)
        self._timer.start(INFO_MS)

    _origin = ""

    def _show(self, kind: str, text: str) -> None:
        self._origin = ""
        self.setStyleSheet(f"MessageBar {{ {_STYLES[kind]} }} QLabel {{ border: none; }}")
        self.label.setText(text)
        self.setProperty("kind", kind)
        self.show()
