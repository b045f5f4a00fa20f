"""Light and dark palettes, and the user's choice between them.

By default the app follows the system (Qt's Fusion style picks the platform's
colour scheme). The choice in Settings (system, light, dark) is kept per user
in QSettings, not per library; ``READINGLIST_THEME=dark|light`` overrides it
while set, which is also how the screenshots of both are made.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QStyleFactory,
)

THEMES = ("system", "light", "dark")
THEME_KEY = "appearance/theme"
ENV_THEME = "READINGLIST_THEME"


def env_theme() -> str | None:
    """The theme forced by the environment, if any."""
    value = os.environ.get(ENV_THEME, "").strip().lower()
    return value if value in THEMES else None


def saved_theme(settings: QSettings | None = None) -> str:
    value = str((settings or QSettings()).value(THEME_KEY, "system", type=str)).strip().lower()
    return value if value in THEMES else "system"


def save_theme(theme: str, settings: QSettings | None = None) -> None:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")
    store = settings or QSettings()
    store.setValue(THEME_KEY, theme)
    store.sync()


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(37, 39, 43), QColor(28, 30, 33), QColor(225, 227, 230)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(34, 36, 40),
        QPalette.ColorRole.ToolTipBase: QColor(50, 52, 56),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(140, 143, 148),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(48, 50, 55),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Link: QColor(110, 170, 255),
        QPalette.ColorRole.LinkVisited: QColor(170, 140, 255),
        QPalette.ColorRole.Highlight: QColor(47, 101, 170),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Mid: QColor(60, 62, 66),
        QPalette.ColorRole.Dark: QColor(20, 21, 23),
        QPalette.ColorRole.Light: QColor(70, 72, 77),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor(120, 122, 126)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Apply ``theme``, else the environment's, else the saved choice; returns the one applied."""
    choice = (theme or env_theme() or saved_theme()).strip().lower()
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    if choice == "dark":
        app.setPalette(dark_palette())
    elif choice == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(QPalette())  # an empty palette resolves to the platform's colours
        choice = "system"
    return choice


class ThemeBox(QGroupBox):
    """Settings' "Appearance" group: saved and applied when the dialog is accepted."""

    LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}

    def __init__(self, dialog: QDialog, settings: QSettings | None = None) -> None:
        super().__init__("Appearance", dialog)
        self._settings = settings
        self._initial = saved_theme(settings)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Theme")
        for key in THEMES:
            self.combo.addItem(self.LABELS[key], key)
        self.combo.setCurrentIndex(THEMES.index(self._initial))
        form = QFormLayout(self)
        form.addRow("Theme", self.combo)
        forced = env_theme()
        if forced:
            note = QLabel(f"{ENV_THEME}={forced} is set, so the app uses {forced} while it is.", self)
            note.setWordWrap(True)
            form.addRow(note)
        dialog.accepted.connect(self.apply)

    def choice(self) -> str:
        return str(self.combo.currentData())

    def apply(self) -> None:
        """Save a changed choice and repaint the app with it (nothing written if unchanged)."""
        if self.choice() == self._initial:
            return
        save_theme(self.choice(), self._settings)
        self._initial = self.choice()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, env_theme() or self.choice())
