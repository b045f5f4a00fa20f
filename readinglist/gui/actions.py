"""Every user action declared once: text, shortcut, tip, when it is enabled, what it
runs, and where it sits (menus, toolbar, the paper context menu, the selection pane).

The window derives its wiring from ``ACTIONS``: it creates the QActions, fills
its menus and toolbar from the places, connects each action to its handler and
enables actions by the selection. Adding an action is one ``Spec`` row here
(its handler is a method on the window or on an object the window holds).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from readinglist.core.models import ReadStatus
from readinglist.gui.views import View

Shortcut = str | QKeySequence.StandardKey
Target = TypeVar("Target", QMenu, QToolBar)

# The menu bar, left to right. Other places: TOOLBAR, CONTEXT (the paper table's
# right-click menu) and SUMMARY (the buttons shown when several papers are selected).
MENU_BAR = ("&File", "&Edit", "&Paper", "&View", "&Tools", "&Help")
TOOLBAR, CONTEXT, SUMMARY = "toolbar", "context", "summary"


class Needs(enum.Enum):
    """When an action is enabled."""

    NOTHING = "always"
    SELECTION = "a selected paper"
    ROWS = "a list with papers in it"


@dataclass(frozen=True, slots=True)
class Place:
    """Where an action sits: a menu (or TOOLBAR/CONTEXT/SUMMARY), its group (groups are
    separated) and its order in the group; ``submenu`` nests it in a submenu that takes
    the place of its first item."""

    menu: str
    group: int
    order: int
    submenu: str = ""


@dataclass(frozen=True, slots=True)
class Spec:
    name: str  # the attribute on ``Actions`` (``window.actions_.export``)
    text: str
    handler: str  # a dotted path from the window: "commands.export", "table.move"
    shortcut: Shortcut | tuple[Shortcut, ...] = ""
    tip: str = ""
    args: tuple[Any, ...] = ()  # passed to the handler (never Qt's ``checked`` flag)
    needs: Needs = Needs.NOTHING
    places: tuple[Place, ...] = ()
    window_wide: bool = False  # also a shortcut of the window itself (with the menu bar hidden)
    data: Any = None  # QAction.data()

    @property
    def shortcuts(self) -> tuple[Shortcut, ...]:
        if isinstance(self.shortcut, tuple):
            return self.shortcut
        return (self.shortcut,) if self.shortcut else ()


def _status_specs() -> tuple[Spec, ...]:
    """Ctrl+1 … Ctrl+5: set the read status of the selection."""
    return tuple(
        Spec(f"status_{status.value}", f"Mark as {status.value}", "commands.set_status",
             f"Ctrl+{number}", args=(status.value,), needs=Needs.SELECTION, data=status.value,
             places=(Place("&Paper", 2, 5, "Set &status"), Place(CONTEXT, 2, 4, "Set status"),
                     Place(SUMMARY, 1, number)))
        for number, status in enumerate(ReadStatus, start=1))


SEL = Needs.SELECTION
ACTIONS: tuple[Spec, ...] = (
    # File
    Spec("add", "&Add by identifier…", "commands.add_identifiers", "Ctrl+N",
         "Add papers by arXiv id, URL or DOI", places=(Place("&File", 1, 1), Place(TOOLBAR, 1, 1))),
    Spec("import_file", "&Import file…", "commands.import_file", "Ctrl+O",
         "Import a .bib, RIS or CSL-JSON file, or a Reading List export",
         places=(Place("&File", 1, 2), Place(TOOLBAR, 1, 3))),
    Spec("paste", "&Paste papers…", "commands.paste", "Ctrl+Shift+V",
         "Import ids, BibTeX or a copied daily list", places=(Place("&File", 1, 3), Place(TOOLBAR, 1, 2))),
    Spec("export", "&Export…", "commands.export", "Ctrl+E", "Export BibTeX, BibLaTeX, CSL-JSON or JSON",
         places=(Place("&File", 2, 1), Place(TOOLBAR, 1, 5), Place(CONTEXT, 3, 1), Place(SUMMARY, 3, 3))),
    Spec("settings", "&Settings…", "commands.settings", "Ctrl+,",
         "Endpoints, arXiv categories, automatic export", places=(Place("&File", 3, 1),)),
    Spec("quit", "&Quit", "close", QKeySequence.StandardKey.Quit, places=(Place("&File", 4, 1),)),
    # Edit
    Spec("undo", "&Undo", "commands.undo", QKeySequence.StandardKey.Undo, "Take back the last change",
         places=(Place("&Edit", 1, 1),)),
    Spec("trash", "&Trash…", "commands.show_trash", tip="Deleted papers: restore them with their tags and notes",
         places=(Place("&Edit", 2, 1),)),
    # Paper
    Spec("open_browser", "&Open in browser", "commands.open_in_browser", "Ctrl+Return",
         "Open the paper's page", needs=SEL, places=(Place("&Paper", 1, 1), Place(CONTEXT, 1, 1))),
    Spec("edit_paper", "&Edit paper…", "commands.edit_paper", "F2",
         "Fix the title, authors, year, venue or ids", needs=SEL,
         places=(Place("&Paper", 1, 2), Place(CONTEXT, 1, 2))),
    Spec("copy_key", "Copy citation &key", "commands.copy_citekeys", "Ctrl+Shift+C", needs=SEL,
         places=(Place("&Paper", 1, 3), Place(CONTEXT, 1, 3), Place(SUMMARY, 3, 1))),
    Spec("copy_bibtex", "Copy &BibTeX", "commands.copy_bibtex", "Ctrl+Shift+B", needs=SEL,
         places=(Place("&Paper", 1, 4), Place(CONTEXT, 1, 4), Place(SUMMARY, 3, 2))),
    Spec("edit_tags", "Edit &tags", "detail.tags.edit.setFocus", "Ctrl+T",
         "Edit the selected paper's tags", needs=SEL, places=(Place("&Paper", 2, 1),)),
    Spec("tag_selected", "&Add tags to selected…", "commands.tag_selected", "Ctrl+Shift+T",
         "Tag every selected paper", needs=SEL,
         places=(Place("&Paper", 2, 2), Place(CONTEXT, 2, 1), Place(SUMMARY, 2, 1))),
    Spec("untag_selected", "&Remove tags from selected…", "commands.untag_selected",
         tip="Untag every selected paper", needs=SEL,
         places=(Place("&Paper", 2, 3), Place(CONTEXT, 2, 2), Place(SUMMARY, 2, 2))),
    Spec("new_note", "New &note", "detail.notes.new_note", "Ctrl+Shift+N",
         "Write a new note on the selected paper", needs=SEL,
         places=(Place("&Paper", 2, 4), Place(CONTEXT, 2, 3))),
    *_status_specs(),
    Spec("delete", "&Delete papers…", "commands.delete_selected", QKeySequence.StandardKey.Delete,
         "Remove the selected papers", needs=SEL,
         places=(Place("&Paper", 3, 1), Place(CONTEXT, 3, 2), Place(SUMMARY, 4, 1))),
    # View
    Spec("library", "&Library", "show_view", "Ctrl+L", "Back to all papers", args=(View.all(),),
         places=(Place("&View", 1, 1),)),
    Spec("daily", "&Daily papers", "show_view", "Ctrl+D", "Today's papers from Hugging Face and arXiv",
         args=(View.daily(),), places=(Place("&View", 1, 2), Place(TOOLBAR, 1, 4))),
    Spec("find", "&Search", "focus_search", "Ctrl+F", "Jump to the search bar",
         places=(Place("&View", 1, 3),)),
    Spec("save_search", "Save current &search…", "save_current_search", "Ctrl+S",
         places=(Place("&View", 1, 4),)),
    Spec("next_paper", "&Next paper", "table.move", "Ctrl+J", args=(1,), needs=Needs.ROWS,
         places=(Place("&View", 2, 1),)),
    Spec("previous_paper", "&Previous paper", "table.move", "Ctrl+K", args=(-1,), needs=Needs.ROWS,
         places=(Place("&View", 2, 2),)),
    Spec("messages", "&Messages…", "show_messages", tip="Read the messages of this session again",
         places=(Place("&View", 3, 1),)),
    # Tools
    Spec("find_duplicates", "Find &duplicates…", "commands.find_duplicates",
         tip="Papers that are probably the same; merge them", places=(Place("&Tools", 1, 1),)),
    Spec("reindex", "&Rebuild search index", "commands.reindex",
         tip="Rebuild the full-text index from the database", places=(Place("&Tools", 1, 2),)),
    # Help
    Spec("shortcuts", "&Keyboard shortcuts", "help.show_shortcuts", (QKeySequence(Qt.Key.Key_F1), "?"),
         "Every keyboard shortcut on one sheet", places=(Place("&Help", 1, 1),), window_wide=True),
    Spec("search_syntax", "&Search syntax", "help.show_syntax", tip="The query language, with examples",
         places=(Place("&Help", 1, 2),)),
    Spec("about", "&About Reading List", "help.show_about", places=(Place("&Help", 2, 1),)),
)


class Actions(QObject):
    """The QActions of ``ACTIONS``, as attributes by name (``actions.export``)."""

    def __init__(self, parent: QWidget, specs: Sequence[Spec] = ACTIONS) -> None:
        super().__init__(parent)
        self.specs = tuple(specs)
        self.by_name: dict[str, QAction] = {}
        for spec in self.specs:
            action = self._create(spec, parent)
            self.by_name[spec.name] = action
            setattr(self, spec.name, action)
            if spec.window_wide:
                parent.addAction(action)
        # The read-status actions by status (Ctrl+1 … Ctrl+5).
        self.status: dict[ReadStatus, QAction] = {
            ReadStatus(spec.data): self.by_name[spec.name]
            for spec in self.specs if spec.handler == "commands.set_status"}

    @staticmethod
    def _create(spec: Spec, parent: QObject) -> QAction:
        action = QAction(spec.text, parent)
        keys = [QKeySequence(k) for k in spec.shortcuts]
        if keys:
            action.setShortcuts(keys)
        if spec.window_wide:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if spec.tip:
            action.setStatusTip(spec.tip)
            first = keys[0].toString() if keys else ""
            action.setToolTip(f"{spec.tip} ({first})" if first else spec.tip)
        if spec.data is not None:
            action.setData(spec.data)
        return action

    def __getattr__(self, name: str) -> QAction:  # for type checkers: attributes set above
        raise AttributeError(name)

    # ---- wiring ---------------------------------------------------------------------

    def connect_handlers(self, root: object) -> None:
        """Connect each action to its handler, looked up from ``root`` (the window)."""
        for spec in self.specs:
            handler: Callable[..., Any] = attrgetter(spec.handler)(root)
            self.by_name[spec.name].triggered.connect(
                lambda _checked=False, h=handler, a=spec.args: h(*a))

    def update_enabled(self, *, selection: bool, rows: bool) -> None:
        for spec in self.specs:
            if spec.needs is Needs.SELECTION:
                self.by_name[spec.name].setEnabled(selection)
            elif spec.needs is Needs.ROWS:
                self.by_name[spec.name].setEnabled(rows)

    # ---- places -----------------------------------------------------------------------

    def layout(self, menu: str) -> list[QAction | None | tuple[str, list[QAction]]]:
        """The items of one place in order: an action, None between groups, or
        (submenu title, its actions)."""
        placed = sorted(((p.group, p.order, p.submenu, self.by_name[s.name])
                         for s in self.specs for p in s.places if p.menu == menu),
                        key=lambda row: row[:2])
        items: list[QAction | None | tuple[str, list[QAction]]] = []
        submenus: dict[str, list[QAction]] = {}
        group = None
        for number, _order, submenu, action in placed:
            if group is not None and number != group:
                items.append(None)
            group = number
            if not submenu:
                items.append(action)
            elif submenu in submenus:
                submenus[submenu].append(action)
            else:
                submenus[submenu] = [action]
                items.append((submenu, submenus[submenu]))
        return items

    def fill(self, target: Target, menu: str) -> Target:
        for item in self.layout(menu):
            if item is None:
                target.addSeparator()
            elif isinstance(item, tuple) and isinstance(target, QMenu):
                submenu = target.addMenu(item[0])
                for action in item[1]:
                    submenu.addAction(action)
            elif isinstance(item, QAction):
                target.addAction(item)
        return target

    def flat(self, menu: str) -> list[QAction | None]:
        """A place without submenus (the selection pane's buttons, None between groups)."""
        return [item for item in self.layout(menu) if not isinstance(item, tuple)]
