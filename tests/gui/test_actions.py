"""The action table: one row is a whole action (menu entry, shortcut, handler, enabling),
and no two actions fight over a key."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from readinglist.gui.actions import ACTIONS, CONTEXT, MENU_BAR, SUMMARY, TOOLBAR, Actions, Needs, Place, Spec


def test_no_two_actions_share_a_shortcut(qtbot):
    seen: dict[str, str] = {}
    for spec in ACTIONS:
        for key in spec.shortcuts:
            text = QKeySequence(key).toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {spec.name}"
            seen[text] = spec.name


def test_every_place_is_a_menu_the_window_builds():
    places = {p.menu for spec in ACTIONS for p in spec.places}
    assert places <= set(MENU_BAR) | {TOOLBAR, CONTEXT, SUMMARY}


class Host(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, ...]] = []

    def greet(self, *args: str) -> None:
        self.calls.append(args)


def test_one_row_adds_a_menu_entry_its_shortcut_its_handler_and_its_enabling(qtbot):
    host = Host()
    qtbot.addWidget(host)
    row = Spec("greet", "&Greet", "greet", "Ctrl+Alt+G", "Say hello", args=("hello",),
               needs=Needs.SELECTION, places=(Place("&Paper", 1, 2), Place(CONTEXT, 1, 1)))
    first = Spec("open", "&Open", "greet", places=(Place("&Paper", 1, 1),))
    actions = Actions(host, (first, row))
    actions.connect_handlers(host)
    menu = actions.fill(QMenu(host), "&Paper")
    assert [a.text() for a in menu.actions()] == ["&Open", "&Greet"]
    assert actions.greet.shortcut().toString() == "Ctrl+Alt+G"
    assert actions.greet.toolTip() == "Say hello (Ctrl+Alt+G)"
    actions.update_enabled(selection=False, rows=True)
    assert not actions.greet.isEnabled() and actions.open.isEnabled()
    actions.update_enabled(selection=True, rows=True)
    actions.greet.trigger()
    assert host.calls == [("hello",)]  # its args, never Qt's "checked" flag


def test_groups_are_separated_and_a_submenu_takes_its_first_items_place(qtbot):
    host = Host()
    qtbot.addWidget(host)
    specs = (Spec("a", "A", "greet", places=(Place("m", 1, 1),)),
             Spec("b", "B", "greet", places=(Place("m", 2, 2),)),
             Spec("s1", "S1", "greet", places=(Place("m", 2, 1, "Sub"),)),
             Spec("s2", "S2", "greet", places=(Place("m", 2, 1, "Sub"),)))
    menu = Actions(host, specs).fill(QMenu(host), "m")
    shown = [("----" if a.isSeparator() else a.text()) for a in menu.actions()]
    assert shown == ["A", "----", "Sub", "B"]
    assert [a.text() for a in menu.actions()[2].menu().actions()] == ["S1", "S2"]
