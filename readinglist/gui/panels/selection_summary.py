"""What the detail pane shows when several papers are selected: how many, and what to do with them.

Showing the last-clicked paper as if it were the only one hides that the
next action (a status, a tag, Delete) applies to all of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget


class SelectionSummary(QWidget):
    def __init__(self, actions: Sequence[QAction | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Selection")
        self.count = QLabel(self)
        self.count.setAccessibleName("Selected papers")
        font = self.count.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.count.setFont(font)
        self.titles = QLabel(self)
        self.titles.setWordWrap(True)
        self.titles.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.count)
        layout.addWidget(self.titles)
        layout.addSpacing(8)
        self.buttons: list[QToolButton] = []
        for action in actions:
            if action is None:
                layout.addSpacing(6)
                continue
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)

    def show_selection(self, count: int, titles: Sequence[str]) -> None:
        self.count.setText(f"{count:,} selected")
        more = count - len(titles)
        self.titles.setText("\n".join(f"• {t}" for t in titles) + (f"\n… and {more:,} more"
                                                                    if more > 0 else ""))
