"""Putting a backup back, even over a database too damaged (or empty) to open.

The damaged file is never destroyed: it is moved aside as
``library.db.damaged-STAMP`` (with its WAL) before the backup is copied in.
A sound database is first saved as ``backups/before-restore-STAMP.db``;
those safety copies are not "backups" to restore by default, so running
``restore`` twice can never put an empty or damaged state back over a good
backup. Without a named backup, the newest *usable* one is chosen: it passes
SQLite's check and holds papers, unless no backup does.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.errors import NotFound, StorageUnavailable
from readinglist.core.storage import damage
from readinglist.core.storage.backups import backup_dir, backup_stamp, copy_database, list_backups

SAFETY_PREFIX = "before-restore-"
KEEP_SAFETY = 5


@dataclass(frozen=True, slots=True)
class Restored:
    source: Path
    papers: int
    kept_aside: Path | None  # the damaged file, moved aside
    safety: Path | None  # a copy of the sound database it replaced


def backup_papers(path: Path) -> int | None:
    """How many papers a backup holds, or None if it is not a usable database."""
    try:
        if path.stat().st_size == 0:
            return None
        # immutable: nothing writes a backup, and a plain read-only open of
        # a WAL-mode copy would leave -wal/-shm files beside it.
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return None
        return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def choose_backup(library_dir: Path) -> Path:
    """The newest backup that is sound and not empty (else the newest sound one)."""
    sound: list[Path] = []
    for path in list_backups(library_dir):
        papers = backup_papers(path)
        if papers:
            return path
        if papers == 0:
            sound.append(path)
    if sound:
        return sound[0]
    raise NotFound(f"no usable backup found in {backup_dir(library_dir)}")


def _stamp() -> str:
    return backup_stamp()


def _copy_database(source: Path, target: Path, *, live: bool = False) -> None:
    """A consistent copy through SQLite's backup API (a ``live`` source may be in use)."""
    copy_database(source, target, uri_options="mode=ro" if live else "mode=ro&immutable=1")


def restore_database(db_path: Path, source: Path | None = None) -> Restored:
    """Replace the library database at ``db_path`` with a backup; see the module doc."""
    library_dir = db_path.parent
    if damage.library_is_read_only(db_path):
        raise StorageUnavailable(f"the library at {library_dir} is read-only; nothing was restored")
    if source is None:
        source = choose_backup(library_dir)
    elif not source.is_file():
        raise NotFound(f"no backup found at {source}")
    papers = backup_papers(source)
    if papers is None:
        raise StorageUnavailable(f"{source} is not a usable Reading List backup")
    stamp = _stamp()
    safety: Path | None = None
    aside: Path | None = None
    sound = db_path.exists() and not damage.integrity_problems(db_path)
    if sound:
        folder = backup_dir(library_dir)
        folder.mkdir(parents=True, exist_ok=True)
        safety = folder / f"{SAFETY_PREFIX}{stamp}.db"
        _copy_database(db_path, safety, live=True)
        for old in sorted(folder.glob(f"{SAFETY_PREFIX}*.db"), reverse=True)[KEEP_SAFETY:]:
            old.unlink(missing_ok=True)
    if sound:
        # Copied into the live file through SQLite, so a running app's
        # connections see the restored data instead of a replaced inode.
        _copy_database(source, db_path)
    else:
        incoming = db_path.with_name(f"{db_path.name}.restoring-{os.getpid()}")
        incoming.unlink(missing_ok=True)
        _copy_database(source, incoming)
        with open(incoming, "rb+") as f:
            os.fsync(f.fileno())
        if db_path.exists():
            aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
            os.replace(db_path, aside)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                if aside is not None:
                    os.replace(side, aside.with_name(aside.name + suffix))
                else:
                    side.unlink()
        os.replace(incoming, db_path)
    damage.clear_damaged(db_path)
    return Restored(source, papers, aside, safety)
