"""Name a query for the sidebar; the query is checked before it can be saved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from readinglist.core.errors import InvalidQuery
from readinglist.core.search.query import parse_query


class SavedSearchDialog(QDialog):
    def __init__(self, name: str = "", query: str = "", parent: QWidget | None = None,
                 *, taken: set[str] | None = None) -> None:
        super().__init__(parent)
        self._taken = taken or set()
        self.setWindowTitle("Saved search")
        self.resize(480, 140)
        self.name = QLineEdit(name, self)
        self.name.setAccessibleName("Saved search name")
        self.query = QLineEdit(query, self)
        self.query.setAccessibleName("Saved search query")
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Query", self.query)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._check)
        self.query.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = ""
        if not self.name.text().strip():
            problem = "Give the search a name."
        elif " ".join(self.name.text().split()).lower() in self._taken:
            problem = "A saved search has this name already; choose another."
        else:
            try:
                parse_query(self.query.text())
            except InvalidQuery as exc:
                problem = str(exc)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
