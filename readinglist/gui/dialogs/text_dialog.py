"""A dialog that asks for a block of text: an explanation, a text box, OK and Cancel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class TextDialog(QDialog):
    def __init__(self, *, title: str, explanation: str, ok: str, accessible_name: str,
                 text: str = "", size: tuple[int, int] = (520, 300),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(*size)
        label = QLabel(explanation, self)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(text, self)
        self.edit.setAccessibleName(accessible_name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)
        # Enter is a new line in the box; Ctrl+Return sends, as in a chat or a mail client.
        self.edit.installEventFilter(self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip(f"{ok} (Ctrl+Return)")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.accept()
            return True
        return super().eventFilter(watched, event)
