"""Window state in QSettings: geometry, splitters, header, last view.

Every key is a constant here and every read passes ``type=`` (INI storage
loses types: a bool comes back as the string 'true' after a restart).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAIN_GEOMETRY = "main/geometry"
MAIN_SPLITTER = "main/splitter"
DETAIL_SPLITTER = "detail/splitter"
TABLE_HEADER = "table/header"
DAILY_DAY = "daily/day"
EXPORT_DIR = "export/dir"
DAILY_SOURCES = "daily/sources"


def per_library(key: str, folder: Path) -> str:
    """A key for one library: its table columns must not leak into another library."""
    digest = hashlib.sha1(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:12]
    return f"{key}/{digest}"


class UiState:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    def bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key, QByteArray(), type=QByteArray)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        return str(self._settings.value(key, default, type=str))

    def set_text(self, key: str, value: str) -> None:
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()
