"""Asking for a few tags, with completion of the library's tags as the user types.

Typing a tag that is already in the library should take two letters, not
the whole hierarchical name; the completer works on the part after the
last comma, so several tags can be completed in one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class MultiTagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the others."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802, ANN001 - Qt override
        done = self.widget().text().split(",")[:-1]
        chosen = str(index.data())
        return ", ".join([*(d.strip() for d in done if d.strip()), chosen]) + ", "


class TagsDialog(QDialog):
    def __init__(self, *, title: str, explanation: str, names: Sequence[str], text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        label = self.explanation = QLabel(explanation, self)
        label.setWordWrap(True)
        self.edit = QLineEdit(text, self)
        self.edit.selectAll()  # suggested tags: Enter accepts them, typing replaces them
        self.edit.setAccessibleName("Tags")
        self.edit.setPlaceholderText("tag, area/subarea, …")
        self.completer = MultiTagCompleter(QStringListModel(list(names), self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(self.completer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def tags(self) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in self.edit.text().split(",") if t.strip()))


def ask_tags(parent: QWidget, title: str, explanation: str, names: Sequence[str],
             text: str = "") -> list[str]:
    """The tags the user typed (empty if cancelled); ``text`` is what the box starts with."""
    dialog = TagsDialog(title=title, explanation=explanation, names=names, text=text,
                        parent=parent)
    return dialog.tags() if dialog.exec() == QDialog.DialogCode.Accepted else []
