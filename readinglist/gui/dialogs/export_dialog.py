"""Export: choose a format, what to export, and where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.exporters import EXPORT_FORMATS, FILE_SUFFIXES, FORMAT_NAMES



@dataclass(frozen=True, slots=True)
class ExportRequest:
    fmt: str
    scope: str  # "all" | "selection" | "list" | "tag"
    tag: str
    path: Path


class ExportDialog(QDialog):
    def __init__(self, *, total: int, selected: int, listed: int, tags: list[str],
                 start_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.resize(560, 260)
        self.format = QComboBox(self)
        self.format.setAccessibleName("Export format")
        for key in EXPORT_FORMATS:
            self.format.addItem(FORMAT_NAMES[key], key)
        self.scopes = QButtonGroup(self)
        scope_box = QVBoxLayout()
        self.scope_buttons: dict[str, QRadioButton] = {}
        for key, label, enabled in (
            ("all", f"The whole library ({total} papers)", total > 0),
            ("selection", f"The selected papers ({selected})", selected > 0),
            ("list", f"The papers listed now ({listed})", listed > 0),
            ("tag", "A tag:", bool(tags)),
        ):
            button = QRadioButton(label, self)
            button.setEnabled(enabled)
            self.scopes.addButton(button)
            self.scope_buttons[key] = button
            if key == "tag":
                row = QHBoxLayout()
                row.addWidget(button)
                self.tag = QComboBox(self)
                self.tag.addItems(tags)
                self.tag.setEnabled(bool(tags))
                row.addWidget(self.tag, 1)
                scope_box.addLayout(row)
            else:
                scope_box.addWidget(button)
        (self.scope_buttons["selection"] if selected > 1 else self.scope_buttons["all"]).setChecked(True)
        self.path = QLineEdit(self)
        self.path.setAccessibleName("Export file")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self._start_dir = start_dir or str(Path.home())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Export", scope_box)
        form.addRow("To file", path_row)
        form.addRow(self.buttons)
        self.path.textChanged.connect(self._check)
        self.format.currentIndexChanged.connect(self._suggest_name)
        self._suggest_name()

    def _extension(self) -> str:
        return FILE_SUFFIXES[str(self.format.currentData())].lstrip(".")

    def _suggest_name(self) -> None:
        current = self.path.text().strip()
        name = f"references.{self._extension()}"
        if not current:
            self.path.setText(str(Path(self._start_dir) / name))
        else:
            self.path.setText(str(Path(current).with_suffix(f".{self._extension()}")))

    def _browse(self) -> None:
        ext = self._extension()
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              f"{ext.upper()} files (*.{ext});;All files (*)")
        if path:
            self.path.setText(path)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.path.text().strip())
        )

    def request(self) -> ExportRequest:
        scope = next(k for k, b in self.scope_buttons.items() if b.isChecked())
        return ExportRequest(
            fmt=str(self.format.currentData()),
            scope=scope,
            tag=self.tag.currentText(),
            path=Path(self.path.text().strip()).expanduser(),
        )
