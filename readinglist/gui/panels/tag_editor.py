"""Editing a paper's tags as comma-separated text, with completion of known tags."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal, Slot
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from readinglist.core.library import LibraryService


class MultiTagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the others."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802, ANN001 - Qt override
        done = self.widget().text().split(",")[:-1]
        chosen = str(index.data())
        return ", ".join([*(d.strip() for d in done if d.strip()), chosen]) + ", "


class TagEditor(QWidget):
    """Signals:
        tags_edited(list): the complete new list of tag names.
    """

    tags_edited = Signal(list)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName("Tags")
        self.edit.setPlaceholderText("tag, area/subarea, … (Enter to apply)")
        self.names = QStringListModel(self)
        completer = MultiTagCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self._shown: list[str] = []
        self.edit.installEventFilter(self)
        self.edit.editingFinished.connect(self._apply)

    def set_tags(self, tags: Sequence[str]) -> None:
        self._shown = list(tags)
        self.edit.setText(", ".join(tags))
        self.error.setVisible(False)

    @property
    def shown(self) -> list[str]:
        """The tags as they were when the user started editing."""
        return list(self._shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            self.names.setStringList(self.service.tag_names())  # fresh completions
        return super().eventFilter(watched, event)

    def current(self) -> list[str]:
        return [t.strip() for t in self.edit.text().split(",") if t.strip()]

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    @Slot()
    def _apply(self) -> None:
        tags = self.current()
        if [t.lower() for t in tags] == [t.lower() for t in self._shown]:
            return
        self.error.setVisible(False)
        self.tags_edited.emit(tags)
