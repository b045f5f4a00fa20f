"""Versions of the runtime parts for the About dialog (the front ends do not import sqlite3)."""

from __future__ import annotations

import platform
import sqlite3


def runtime_versions() -> dict[str, str]:
    return {"Python": platform.python_version(), "SQLite": sqlite3.sqlite_version}
