"""The search bar: search as you type, debounced; bad queries shown inline."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from readinglist.gui.search_as_you_type import with_prefix

DEBOUNCE_MS = 180

HELP = (
    "Words must all match; \"a phrase\"; a OR b; -word or NOT word; embed*;\n"
    "fields: title: author: abstract: note: tag: status: year:2020..2023 "
    "added:<7d rating:>=4 has:note"
)


class SearchBar(QWidget):
    """Signals:
        query_changed(str): the text settled (debounced) or Enter was pressed.
        save_requested(str): the user wants to save the current query.
    """

    query_changed = Signal(str)
    save_requested = Signal(str)
    search_all_requested = Signal()  # leave the sidebar view, keep the words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName("Search")
        self.edit.setPlaceholderText("Search titles, authors, abstracts, tags, notes…  (Ctrl+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(HELP)
        self.save_button = QToolButton(self)
        self.save_button.setText("Save")
        self.save_button.setToolTip("Save this search in the sidebar")
        self.save_button.setEnabled(False)
        self.scope = QLabel(self)
        self.scope.setAccessibleName("Search scope")
        self.scope.setTextFormat(Qt.TextFormat.RichText)
        self.scope.linkActivated.connect(lambda _link: self.search_all_requested.emit())
        self.scope.setVisible(False)
        self._scope_name = ""
        self.error = QLabel(self)
        self.error.setAccessibleName("Search error")
        self.error.setVisible(False)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.scope)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.returnPressed.connect(self._emit)
        self.save_button.clicked.connect(self._on_save)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.edit, self.edit.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)

    @property
    def text(self) -> str:
        """What the user typed (what a saved search keeps)."""
        return self.edit.text().strip()

    @property
    def query(self) -> str:
        """What is searched: the word being typed also counts as a prefix (``atten`` …)."""
        return with_prefix(self.edit.text().lstrip()).strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._emit()

    def set_scope(self, name: str) -> None:
        """The sidebar view a search is limited to ("" for all papers): said beside the box."""
        self._scope_name = name
        self._show_scope()

    def _show_scope(self) -> None:
        name = self._scope_name
        self.scope.setText(f"in {html.escape(name)} · <a href='all'>search all</a>" if name else "")
        self.scope.setToolTip(f"The search looks only at {name}; click to search all papers")
        self.scope.setVisible(bool(name and self.text))

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self.save_button.setEnabled(bool(self.text))
        self._show_scope()
        self._timer.start()

    @Slot()
    def _emit(self) -> None:
        self._timer.stop()
        self.query_changed.emit(self.text)

    @Slot()
    def _on_save(self) -> None:
        if self.text:
            self.save_requested.emit(self.text)

    def show_error(self, message: str, position: int | None = None) -> None:
        """Show what is wrong without touching the current results."""
        self.error.setText(message)
        self.error.setVisible(True)
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }")
        if position is not None:
            self.edit.setToolTip(f"{message}\n\n{self.text}\n{' ' * position}^")

    def clear_error(self) -> None:
        if self.error.isVisible():
            self.error.setVisible(False)
            self.edit.setStyleSheet("")
            self.edit.setToolTip(HELP)
