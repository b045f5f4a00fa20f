"""Backups of the library database, taken with SQLite's online backup API.

A backup is a consistent copy even while the app writes (the API copies a
snapshot), so it can run next to the GUI. Old backups rotate so the folder
does not grow without bound.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP = 10
PREFIX = "library-"


def backup_dir(library_dir: Path) -> Path:
    return library_dir / "backups"


def list_backups(library_dir: Path) -> list[Path]:
    """Backups, newest first (names sort by their UTC timestamp)."""
    folder = backup_dir(library_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*.db"), reverse=True)


def newest_backup(library_dir: Path) -> Path | None:
    backups = list_backups(library_dir)
    return backups[0] if backups else None


def backup_stamp() -> str:
    """A UTC time stamp that sorts as it reads, for backup and safety-copy names."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def copy_database(source: Path, target: Path, *, uri_options: str = "") -> None:
    """A consistent copy through SQLite's backup API.

    ``uri_options`` (e.g. ``mode=ro``) opens the source through a URI, so a
    damaged or read-only file is copied without being written to.
    """
    if uri_options:
        src = sqlite3.connect(f"file:{source}?{uri_options}", uri=True)
    else:
        src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def create_backup(db_path: Path, library_dir: Path, *, keep: int = KEEP) -> Path:
    """Copy the database to ``backups/`` and drop all but the newest ``keep``."""
    folder = backup_dir(library_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{PREFIX}{backup_stamp()}.db"
    partial = target.with_suffix(".db.partial")
    copy_database(db_path, partial)
    partial.replace(target)
    for old in list_backups(library_dir)[keep:]:
        old.unlink(missing_ok=True)
    return target


def backup_age_hours(library_dir: Path) -> float | None:
    newest = newest_backup(library_dir)
    if newest is None:
        return None
    return (datetime.now(UTC).timestamp() - newest.stat().st_mtime) / 3600
