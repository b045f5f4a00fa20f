"""Non-modal messages: a banner floating over the bottom of the window, and their history.

The banner is an overlay, not part of any layout: showing or hiding it never
moves the widgets under the mouse (a banner that pushes the layout down makes
clicks land on the wrong row). Long messages wrap (up to a third of the
window; the whole text is in the tooltip and in the history). Errors stay
until closed; information fades after a few seconds. Every message is kept
in ``history`` so that one that faded can be read again (View → Messages).
Anything that is not a :class:`UserError` is a bug and opens the error
dialog with the traceback to copy (``dialogs/error_dialog.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

INFO_MS = 6000
HISTORY_SIZE = 200
MARGIN = 8

# (background, text, border) for light and dark windows: readable on both.
_COLORS = {
    ("error", False): ("#fdecea", "#611a15", "#f5c6cb"),
    ("info", False): ("#e8f4fd", "#0c3c60", "#b8daff"),
    ("error", True): ("#4a1f1f", "#ffd7d4", "#7a3531"),
    ("info", True): ("#1d3447", "#d6ebff", "#335a7a"),
}


@dataclass(frozen=True, slots=True)
class Message:
    at: datetime
    kind: str  # "error" | "info"
    text: str


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class MessageBar(QFrame):
    """Signals:
        history_changed(int): the number of messages kept.
    """

    history_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Messages")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss (the message stays in View → Messages)")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 4, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._origin = ""
        self.colors: tuple[str, str, str] = _COLORS[("info", False)]
        self.history: list[Message] = []
        if parent is not None:
            parent.installEventFilter(self)
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

    @Slot(str)
    def info(self, text: str) -> None:
        self._show("info", text)
        self._timer.start(INFO_MS)

    def dismiss(self, origin: str) -> None:
        """Hide the error ``origin`` showed, if it is still the one shown (it is out of date)."""
        if self.isVisible() and self._origin == origin and origin:
            self.hide()

    def _show(self, kind: str, text: str) -> None:
        self._origin = ""
        self.history.append(Message(datetime.now(), kind, text))
        del self.history[:-HISTORY_SIZE]
        parent = self.parentWidget()
        dark = is_dark(parent.palette() if parent is not None else QApplication.palette())
        self.colors = background, color, border = _COLORS[(kind, dark)]
        self.setStyleSheet(
            f"MessageBar {{ background: {background}; border: 1px solid {border}; "
            f"border-radius: 4px; }} MessageBar QLabel, MessageBar QToolButton "
            f"{{ color: {color}; background: transparent; border: none; }}"
        )
        self.label.setText(text)
        self.setToolTip(text)
        self.setProperty("kind", kind)
        self.show()
        self.raise_()
        self._place()
        self.history_changed.emit(len(self.history))

    def _place(self) -> None:
        """Over the bottom of the parent, as wide as it, as high as the wrapped text needs."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = max(200, parent.width() - 2 * MARGIN)
        wanted = self.layout().totalHeightForWidth(width) if self.layout() else 32
        height = min(max(wanted, 28), max(60, parent.height() // 3))
        self.setGeometry(MARGIN, parent.height() - height - MARGIN, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False


class MessageHistory(QDialog):
    """The messages of this session, newest first, to read again or copy."""

    def __init__(self, history: list[Message], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Messages")
        self.resize(640, 360)
        self.view = QPlainTextEdit(self)
        self.view.setAccessibleName("Message history")
        self.view.setReadOnly(True)
        lines = [f"{m.at:%H:%M:%S}  {'Error: ' if m.kind == 'error' else ''}{m.text}"
                 for m in reversed(history)]
        self.view.setPlainText("\n".join(lines) if lines else "No messages yet.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (for the tests of both themes)."""

    def luminance(name: str) -> float:
        c = QColor(name)
        parts = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            parts.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
