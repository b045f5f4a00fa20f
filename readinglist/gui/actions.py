"""Every user action with its shortcut, in one place (menus, toolbar, context menus)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from readinglist.core.models import ReadStatus

# (attribute, text, shortcut, tip)
_SPECS: tuple[tuple[str, str, str | QKeySequence.StandardKey, str], ...] = (
    ("undo", "&Undo", QKeySequence.StandardKey.Undo, "Take back the last change"),
    ("trash", "&Trash…", "", "Deleted papers: restore them with their tags and notes"),
    ("add", "&Add by identifier…", "Ctrl+N", "Add papers by arXiv id, URL or DOI"),
    ("import_file", "&Import file…", "Ctrl+O", "Import a .bib, RIS or CSL-JSON file, or a Reading List export"),
    ("paste", "&Paste papers…", "Ctrl+Shift+V", "Import ids, BibTeX or a copied daily list"),
    ("export", "&Export…", "Ctrl+E", "Export BibTeX, BibLaTeX, CSL-JSON or JSON"),
    ("settings", "&Settings…", "Ctrl+,", "Endpoints, arXiv categories, automatic export"),
    ("quit", "&Quit", QKeySequence.StandardKey.Quit, ""),
    ("find", "&Search", "Ctrl+F", "Jump to the search bar"),
    ("daily", "&Daily papers", "Ctrl+D", "Today's papers from Hugging Face and arXiv"),
    ("library", "&Library", "Ctrl+L", "Back to all papers"),
    ("next_paper", "&Next paper", "Ctrl+J", ""),
    ("previous_paper", "&Previous paper", "Ctrl+K", ""),
    ("open_browser", "&Open in browser", "Ctrl+Return", "Open the paper's page"),
    ("copy_key", "Copy citation &key", "Ctrl+Shift+C", ""),
    ("copy_bibtex", "Copy &BibTeX", "Ctrl+Shift+B", ""),
    ("edit_tags", "Edit &tags", "Ctrl+T", "Edit the selected paper's tags"),
    ("tag_selected", "&Add tags to selected…", "Ctrl+Shift+T", "Tag every selected paper"),
    ("untag_selected", "&Remove tags from selected…", "", "Untag every selected paper"),
    ("new_note", "New &note", "Ctrl+Shift+N", "Write a new note on the selected paper"),
    ("delete", "&Delete papers…", QKeySequence.StandardKey.Delete, "Remove the selected papers"),
    ("save_search", "Save current &search…", "Ctrl+S", ""),
    ("reindex", "&Rebuild search index", "", "Rebuild the full-text index from the database"),
    ("about", "&About Reading List", "", ""),
)


class Actions(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        for attr, text, shortcut, tip in _SPECS:
            action = QAction(text, parent)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            if tip:
                action.setStatusTip(tip)
                action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})" if shortcut else tip)
            setattr(self, attr, action)
        # Ctrl+1 … Ctrl+5: set the read status of the selection.
        self.status: dict[ReadStatus, QAction] = {}
        for number, status in enumerate(ReadStatus, start=1):
            action = QAction(f"Mark as {status.value}", parent)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setData(status.value)
            self.status[status] = action

    def paper_actions(self) -> list[QAction]:
        """Actions that need a selected paper (enabled only then)."""
        return [self.open_browser, self.copy_key, self.copy_bibtex, self.edit_tags,  # type: ignore[attr-defined]
                self.tag_selected, self.untag_selected,  # type: ignore[attr-defined]
                self.new_note, self.delete, self.next_paper, self.previous_paper,  # type: ignore[attr-defined]
                *self.status.values()]
