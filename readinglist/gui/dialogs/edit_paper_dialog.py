"""Editing a paper's metadata, with "look it up" to fill the form from arXiv or doi.org.

Only the fields the user changes are saved (and become the user's: a later
import keeps them). Looking up runs in a worker and only fills the form;
nothing is written until Save.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.models import Paper, PaperDraft
from readinglist.gui.workers import FunctionWorker, TaskRunner

# (field, label); the abstract gets a text box of its own.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"), ("authors", "Authors"), ("year", "Year"), ("venue", "Venue"),
    ("doi", "DOI"), ("arxiv_id", "arXiv id"), ("entry_type", "Type"), ("volume", "Volume"),
    ("number", "Number"), ("pages", "Pages"), ("publisher", "Publisher"), ("date", "Date"),
    ("url", "Web page"), ("pdf_url", "PDF"), ("code_url", "Code"), ("project_url", "Project"),
    ("primary_category", "Category"),
)


def field_text(source: Paper | PaperDraft, name: str) -> str:
    if name == "authors":
        return "; ".join(a.name for a in source.authors)
    value: Any = getattr(source, name)
    return "" if value is None else str(value)


class EditPaperDialog(QDialog):
    def __init__(self, service: LibraryService, runner: TaskRunner, paper: Paper,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.paper = paper
        self.setWindowTitle("Edit paper")
        self.resize(620, 640)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in FIELDS:
            edit = QLineEdit(field_text(paper, name), self)
            edit.setAccessibleName(label)
            edit.setCursorPosition(0)
            self.edits[name] = edit
            form.addRow(label, edit)
        self.edits["authors"].setPlaceholderText("Ada Lovelace; Alan Turing")
        self.abstract = QPlainTextEdit(paper.abstract, self)
        self.abstract.setAccessibleName("Abstract")
        form.addRow("Abstract", self.abstract)
        inner = QWidget(self)
        inner.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)

        self.lookup_button = QPushButton("Look it up on arXiv / doi.org", self)
        self.lookup_button.setToolTip("Fill the form from the arXiv id or DOI above "
                                      "(nothing is saved until Save)")
        self.lookup_state = QLabel(self)
        self.lookup_state.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d64541;")
        self.error.setVisible(False)
        edited = sorted(service.papers.edited_fields(paper.id)) if paper.id else []
        note = QLabel(
            "Fields you change here are yours: importing the paper again keeps them."
            + (f" Already edited: {', '.join(edited)}." if edited else ""), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.lookup_button)
        top.addWidget(self.lookup_state, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.lookup_button.clicked.connect(self.look_up)
        self.saved: Paper | None = None

    def values(self) -> dict[str, str | None]:
        """Only what the user changed (unchanged fields stay as imported)."""
        out: dict[str, str | None] = {}
        for name, edit in self.edits.items():
            if edit.text().strip() != field_text(self.paper, name).strip():
                out[name] = edit.text()
        if self.abstract.toPlainText().strip() != self.paper.abstract.strip():
            out["abstract"] = self.abstract.toPlainText()
        return out

    @Slot()
    def look_up(self) -> None:
        ident = self.edits["arxiv_id"].text().strip() or self.edits["doi"].text().strip()
        if not ident:
            self.lookup_state.setText("Type an arXiv id or a DOI first.")
            return
        self.lookup_button.setEnabled(False)
        self.lookup_state.setText(f"Looking up {ident}…")
        worker = FunctionWorker(self.service.papers.look_up_metadata, ident)
        worker.signals.result.connect(self._on_found)
        worker.signals.failed.connect(self._on_lookup_failed)
        worker.signals.finished.connect(lambda: self.lookup_button.setEnabled(True))
        self.runner.start(worker)

    def _on_found(self, draft: PaperDraft) -> None:
        filled = []
        for name, edit in self.edits.items():
            text = field_text(draft, name)
            if text and text != edit.text():
                edit.setText(text)
                edit.setCursorPosition(0)
                filled.append(dict(FIELDS)[name])
        if draft.abstract and draft.abstract != self.abstract.toPlainText():
            self.abstract.setPlainText(draft.abstract)
            filled.append("Abstract")
        self.lookup_state.setText(
            f"Filled in: {', '.join(filled)}. Check and Save." if filled
            else "Found it; nothing to change.")

    def _on_lookup_failed(self, exc: object, _details: str) -> None:
        if not isinstance(exc, UserError):
            raise exc  # type: ignore[misc]  # a bug: the error dialog
        self.lookup_state.setText(f"Could not look it up: {exc}")

    @Slot()
    def save(self) -> None:
        values = self.values()
        if not values:
            self.reject()
            return
        try:
            self.saved = self.service.papers.edit(self.paper.id, values)
        except UserError as exc:
            message = str(exc)
            self.error.setText(message[:1].upper() + message[1:] + ". Nothing was changed.")
            self.error.setVisible(True)
            return
        self.accept()
