"""Settings: network endpoints, arXiv categories, automatic export, Daily mute rules, the key formula."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.citekeys import base_citekey
from readinglist.core.exporters import EXPORT_FORMATS, FORMAT_NAMES, export_file_filters
from readinglist.core.models import Paper
from readinglist.core.settings import Settings
from readinglist.gui.theme import ThemeBox

_CATEGORY_RE = re.compile(r"^[a-z\-]+(\.[A-Za-z\-]+)?$")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, example: Paper | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.resize(620, 420)
        self._settings = settings

        network = QGroupBox("Sources", self)
        net_form = QFormLayout(network)
        self.hf_url = QLineEdit(settings.hf_url, self)
        self.arxiv_api_url = QLineEdit(settings.arxiv_api_url, self)
        self.arxiv_rss_url = QLineEdit(settings.arxiv_rss_url, self)
        self.doi_url = QLineEdit(settings.doi_url, self)
        self.categories = QLineEdit(" ".join(settings.arxiv_categories), self)
        self.categories.setAccessibleName("arXiv categories")
        self.categories.setPlaceholderText("cs.CL cs.LG stat.ML")
        net_form.addRow("arXiv categories", self.categories)
        net_form.addRow("Hugging Face", self.hf_url)
        net_form.addRow("arXiv API", self.arxiv_api_url)
        net_form.addRow("arXiv feeds", self.arxiv_rss_url)
        net_form.addRow("DOI resolver", self.doi_url)

        export = QGroupBox("Automatic export (kept in sync after every change)", self)
        exp_form = QFormLayout(export)
        self.auto_path = QLineEdit(settings.auto_export_path, self)
        self.auto_path.setAccessibleName("Automatic export file")
        self.auto_path.setPlaceholderText("empty: off")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.auto_path, 1)
        row.addWidget(browse)
        self.auto_query = QLineEdit(settings.auto_export_query, self)
        self.auto_query.setPlaceholderText("empty: the whole library, or e.g. tag:thesis")
        self.auto_format = QComboBox(self)
        for fmt in EXPORT_FORMATS:
            self.auto_format.addItem(FORMAT_NAMES[fmt], fmt)
        self.auto_format.setCurrentIndex(max(0, self.auto_format.findData(settings.auto_export_format)))
        exp_form.addRow("File", row)
        exp_form.addRow("Only papers matching", self.auto_query)
        exp_form.addRow("Format", self.auto_format)

        mute = QGroupBox("Daily papers: never show (mute rules, applied before ranking)", self)
        mute_form = QFormLayout(mute)
        self.mute_authors = QLineEdit("; ".join(settings.mute_authors), self)
        self.mute_authors.setAccessibleName("Muted authors")
        self.mute_authors.setPlaceholderText("Jane Doe; Smith   (a family name alone mutes every Smith)")
        self.mute_phrases = QLineEdit("; ".join(settings.mute_phrases), self)
        self.mute_phrases.setAccessibleName("Muted phrases")
        self.mute_phrases.setPlaceholderText("survey; position paper   (whole words, title or abstract)")
        self.mute_categories = QLineEdit(" ".join(settings.mute_categories), self)
        self.mute_categories.setAccessibleName("Muted categories")
        self.mute_categories.setPlaceholderText("cs.CV math.OC   (primary arXiv category)")
        self.hide_cross = QCheckBox("Hide cross-lists", self)
        self.hide_cross.setChecked(settings.hide_cross_lists)
        self.hide_replacements = QCheckBox("Hide replacements (revised papers)", self)
        self.hide_replacements.setChecked(settings.hide_replacements)
        toggles = QHBoxLayout()
        toggles.addWidget(self.hide_cross)
        toggles.addWidget(self.hide_replacements)
        toggles.addStretch(1)
        mute_form.addRow("Authors", self.mute_authors)
        mute_form.addRow("Phrases", self.mute_phrases)
        mute_form.addRow("Categories", self.mute_categories)
        mute_form.addRow(toggles)

        keys = QGroupBox("Citation keys", self)
        key_layout = QVBoxLayout(keys)
        sample = (base_citekey(example.authors, example.title, example.year)
                  if example else "vaswaniAttentionAllYou2017")
        self.key_preview = QLabel(
            "Formula: <code>auth.lower + shorttitle(3,3) + year</code> (Better BibTeX's default), "
            f"folded to ASCII, with a, b, … on a clash.<br>For "
            f"{'the selected paper' if example else 'Attention Is All You Need'}: "
            f"<code>{sample}</code>. Keys are made once and never change unless you edit them.",
            self,
        )
        self.key_preview.setWordWrap(True)
        key_layout.addWidget(self.key_preview)

        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(network)
        layout.addWidget(export)
        layout.addWidget(mute)
        layout.addWidget(keys)
        self.appearance = ThemeBox(self)  # per user, not per library: kept in QSettings
        layout.addWidget(self.appearance)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Automatic export file", self.auto_path.text(),
                                              export_file_filters())
        if path:
            self.auto_path.setText(path)

    def settings(self) -> Settings:
        return replace(
            self._settings,
            hf_url=self.hf_url.text().strip().rstrip("/"),
            arxiv_api_url=self.arxiv_api_url.text().strip(),
            arxiv_rss_url=self.arxiv_rss_url.text().strip().rstrip("/"),
            doi_url=self.doi_url.text().strip().rstrip("/"),
            arxiv_categories=self.categories.text().replace(",", " ").split(),
            auto_export_path=self.auto_path.text().strip(),
            auto_export_query=self.auto_query.text().strip(),
            auto_export_format=str(self.auto_format.currentData()),
            mute_authors=_split(self.mute_authors.text(), ";"),
            mute_phrases=_split(self.mute_phrases.text(), ";"),
            mute_categories=self.mute_categories.text().replace(",", " ").split(),
            hide_cross_lists=self.hide_cross.isChecked(),
            hide_replacements=self.hide_replacements.isChecked(),
        )

    def _accept(self) -> None:
        new = self.settings()
        bad = [c for c in [*new.arxiv_categories, *new.mute_categories]
               if not _CATEGORY_RE.match(c)]
        urls = (new.hf_url, new.arxiv_api_url, new.arxiv_rss_url, new.doi_url)
        if bad:
            self.problem.setText(f"Not arXiv categories: {', '.join(bad)} (e.g. cs.CL, math.OC)")
        elif not all(u.startswith(("http://", "https://")) for u in urls):
            self.problem.setText("Each source address must start with http:// or https://")
        else:
            self.accept()


def _split(text: str, separator: str) -> list[str]:
    """Parts, spaces tidied, each once ("Jane Doe" and "jane doe" are one rule)."""
    parts: dict[str, str] = {}
    for part in text.split(separator):
        part = " ".join(part.split())
        if part:
            parts.setdefault(part.casefold(), part)
    return list(parts.values())
