"""Editing a paper's tags as comma-separated text, with completion of known tags."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from readinglist.core.library import LibraryService


def word_span(text: str, cursor: int) -> tuple[int, int]:
    """The comma-separated tag the cursor is in, as (start, end) offsets into ``text``."""
    start = text.rfind(",", 0, cursor) + 1
    end = text.find(",", cursor)
    return start, len(text) if end < 0 else end


class TagLineEdit(QLineEdit):
    """The tag text field; while the completion list is open, Return, Tab and
    Escape belong to the list (QCompleter offers each key to the field first),
    so a half-typed tag is never applied."""

    LIST_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape,
                           Qt.Key.Key_Tab, Qt.Key.Key_Backtab})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.popup: QWidget | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.popup is not None and self.popup.isVisible() and event.key() in self.LIST_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)


class TagEditor(QWidget):
    """Signals:
        tags_edited(list): the complete new list of tag names.
    """

    tags_edited = Signal(list)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.edit = TagLineEdit(self)
        self.edit.setAccessibleName("Tags")
        self.edit.setPlaceholderText("tag, area/subarea, … (Enter to apply)")
        self.names = QStringListModel(self)
        # The completer is attached with setWidget, not setCompleter: QLineEdit's
        # own completion replaces the whole text, so picking a tag could drop
        # another one (issue 11). Here a choice replaces only the tag being typed.
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setWidget(self.edit)
        self.edit.popup = self.completer.popup()
        self.completer.activated[str].connect(self._complete)
        self.edit.textEdited.connect(self._suggest)
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
            self.names.setStringList(self.service.tags.names())  # fresh completions
        elif (watched is self.edit and event.type() == QEvent.Type.FocusOut
              and isinstance(event, QFocusEvent)
              and event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                         Qt.FocusReason.ActiveWindowFocusReason)):
            # A completion sets the text programmatically, which QLineEdit does
            # not count as an edit: apply on leaving the field regardless.
            self._apply()
        return super().eventFilter(watched, event)

    @Slot(str)
    def _suggest(self, text: str) -> None:
        """Offer known tags matching what is typed in the tag under the cursor."""
        cursor = self.edit.cursorPosition()
        start, _end = word_span(text, cursor)
        typed = text[start:cursor].strip()
        if not typed:
            self.completer.popup().hide()
            return
        self.completer.setCompletionPrefix(typed)
        if self.completer.completionCount() == 0:
            self.completer.popup().hide()
            return
        self.completer.complete()

    @Slot(str)
    def _complete(self, chosen: str) -> None:
        """Put ``chosen`` in place of what was typed of the current tag; all else stays.

        Only the text from the tag's start to the cursor is replaced: text
        after the cursor is another tag the user has not separated yet.
        """
        text = self.edit.text()
        cursor = self.edit.cursorPosition()
        start, _end = word_span(text, cursor)
        before, rest = text[:start], text[cursor:]
        lead = " " if before else ""
        if not rest.strip():
            tail = ", "
        elif rest.lstrip().startswith(","):
            tail = rest
        else:
            tail = ", " + rest.lstrip()
        self.edit.setText(before + lead + chosen + tail)
        self.edit.setCursorPosition(len(before + lead + chosen) + (0 if tail is rest else 2))

    def current(self) -> list[str]:
        return [t.strip() for t in self.edit.text().split(",") if t.strip()]

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    @Slot()
    def _apply(self) -> None:
        if self.completer.popup().isVisible():
            return  # the user is choosing from the list: apply when they are done
        tags = self.current()
        if [t.lower() for t in tags] == [t.lower() for t in self._shown]:
            return
        self.error.setVisible(False)
        self.tags_edited.emit(tags)
