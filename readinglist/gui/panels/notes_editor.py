"""Markdown notes: an editor with autosave and a rendered preview (Qt's Markdown)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.models import Note, Paper
from readinglist.core.shown_text import NOTE_PREVIEW_CHARS, clip
from readinglist.gui.panels.still_combo import StillComboBox
from readinglist.gui.panels.note_preview import NotePreview

AUTOSAVE_MS = 600
PREVIEW_MS = 150


def _label(note: Note, number: int) -> str:
    first = next((line.strip("# ").strip() for line in note.body.splitlines() if line.strip()), "")
    return f"{number}. {first[:40] or '(empty)'} — {note.modified[:10]}"


class NotesEditor(QWidget):
    """Signals:
        error(str): a save failed.
    """

    error = Signal(str)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.paper_id: int | None = None
        self.note_id: int | None = None
        self._dirty = False

        self.picker = StillComboBox(self)
        self.picker.setAccessibleName("Notes of this paper")
        # The box may be narrow; its list opens as wide as the longest note's label.
        self.picker.setSizeAdjustPolicy(
            StillComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(12)
        self.new_button = QPushButton("New note", self)
        self.delete_button = QPushButton("Delete", self)
        self.state = QLabel(self)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Note editor")
        self.editor.setPlaceholderText("Write a Markdown note… (saved as you type)")
        # Notes arrive in shared files: the preview loads nothing, opens only web links
        # (InertBrowser), and shows code in the monospace font (NotePreview).
        self.preview = NotePreview(self)
        self.preview.setAccessibleName("Note preview")

        top = QHBoxLayout()
        top.addWidget(QLabel("Notes", self))
        top.addWidget(self.picker, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.state)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        # The preview follows typing after a short pause, not per keystroke:
        # rendering a long note on every key would make typing lag.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self._render_preview)
        self.editor.textChanged.connect(self._on_text_changed)
        self.picker.activated.connect(self._on_pick)
        self.new_button.clicked.connect(self.new_note)
        self.delete_button.clicked.connect(self._on_delete)

    # ---- showing ----------------------------------------------------------------

    def discard(self) -> None:
        """Forget unsaved text (its paper was deleted): nothing left to save it to."""
        self._timer.stop()
        self._dirty = False

    def set_paper(self, paper: Paper | None) -> None:
        self.flush()
        self.paper_id = paper.id if paper else None
        self.setEnabled(paper is not None)
        self.refresh_list(paper)
        notes = list(paper.notes) if paper else []
        self._open(notes[-1] if notes else None)

    def refresh_list(self, paper: Paper | None) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        for number, note in enumerate(paper.notes if paper else (), start=1):
            self.picker.addItem(_label(note, number), note.id)
        if self.note_id is None:
            self.picker.addItem("New note", None)
        index = self.picker.findData(self.note_id)
        self.picker.setCurrentIndex(index if index >= 0 else self.picker.count() - 1)
        self.picker.blockSignals(False)
        view = self.picker.view()
        metrics = view.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.picker.itemText(i))
                      for i in range(self.picker.count())), default=0)
        view.setMinimumWidth(widest + view.verticalScrollBar().sizeHint().width() + 24)
        self.picker.setToolTip(self.picker.currentText())
        self.delete_button.setEnabled(self.note_id is not None)

    def _open(self, note: Note | None) -> None:
        self.note_id = note.id if note else None
        self.editor.blockSignals(True)
        self.editor.setPlainText(note.body if note else "")
        self.editor.blockSignals(False)
        self._preview_timer.stop()
        self.preview.setMarkdown(clip(note.body, NOTE_PREVIEW_CHARS) if note else "")
        self._dirty = False
        self.state.setText("")
        self.delete_button.setEnabled(note is not None)
        index = self.picker.findData(self.note_id)
        if index >= 0:
            self.picker.setCurrentIndex(index)

    # ---- editing ----------------------------------------------------------------

    @Slot()
    def _on_text_changed(self) -> None:
        self._dirty = True
        self.state.setText("Editing…")
        self._preview_timer.start()
        self._timer.start()

    @Slot()
    def _render_preview(self) -> None:
        self.preview.setMarkdown(clip(self.editor.toPlainText(), NOTE_PREVIEW_CHARS))

    @Slot()
    def flush(self) -> None:
        """Save now if there are unsaved changes (also on paper switch and exit)."""
        self._timer.stop()
        if not self._dirty or self.paper_id is None:
            return
        body = self.editor.toPlainText()
        try:
            if self.note_id is None:
                if not body.strip():
                    self._dirty = False
                    return
                note = self.service.notes.add(self.paper_id, body)
                self.note_id = note.id
            else:
                self.service.notes.edit(self.note_id, body)
        except UserError as exc:
            self.state.setText("Not saved")
            self.error.emit(f"The note was not saved: {exc}")
            return
        self._dirty = False
        self.state.setText("Saved")
        paper = self.service.papers.get(self.paper_id)
        self.refresh_list(paper)

    @Slot()
    def new_note(self) -> None:
        self.flush()
        self._open(None)
        self.refresh_list(self.service.papers.get(self.paper_id) if self.paper_id else None)
        self.editor.setFocus()

    @Slot(int)
    def _on_pick(self, index: int) -> None:
        self.flush()
        note_id = self.picker.itemData(index)
        if self.paper_id is None:
            return
        paper = self.service.papers.get(self.paper_id)
        note = next((n for n in paper.notes if n.id == note_id), None)
        self._open(note)

    @Slot()
    def _on_delete(self) -> None:
        if self.note_id is None or self.paper_id is None:
            return
        answer = QMessageBox.question(self, "Delete note", "Delete this note? Edit ▸ Undo (Ctrl+Z) brings it back.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._dirty = False
        self.service.notes.delete(self.note_id)
        paper = self.service.papers.get(self.paper_id)
        self.note_id = None
        self.refresh_list(paper)
        self._open(paper.notes[-1] if paper.notes else None)
