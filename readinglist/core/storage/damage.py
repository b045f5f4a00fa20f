"""Telling a damaged, empty or read-only library file from a healthy one.

SQLite happily opens a zero-length file as a new, empty database, and keeps
writing into a file whose other pages are corrupt. For a reading list that
is how years of notes get silently replaced or further damaged, so:

* a zero-length ``library.db`` is an error (a new library has no file yet);
* once a check (``doctor``, or any query) finds the file damaged, a marker
  file beside it makes every later write refuse, until ``restore`` (or a
  ``doctor`` run that finds the file sound again) removes it;
* a library on a read-only disk or folder opens read-only instead of
  failing, so it can still be listed, searched and exported.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from readinglist.core.errors import StorageUnavailable

MARKER_SUFFIX = ".damaged"


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + MARKER_SUFFIX)


def is_marked_damaged(db_path: Path) -> str | None:
    """The reason recorded when the database was found damaged, or None."""
    marker = marker_path(db_path)
    try:
        return marker.read_text("utf-8").strip() or "damaged"
    except FileNotFoundError:
        return None
    except OSError:
        return "damaged"


def mark_damaged(db_path: Path, reason: str) -> None:
    """Record that the database failed a check (best effort: the folder may be read-only)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        marker_path(db_path).write_text(f"{stamp}: {reason[:300]}\n", "utf-8")
    except OSError:
        pass


def clear_damaged(db_path: Path) -> None:
    try:
        marker_path(db_path).unlink(missing_ok=True)
    except OSError:
        pass


def refuse_if_empty_file(db_path: Path) -> None:
    """A zero-length database file of an existing library is a cut-off file, never a new library.

    Two zero-length files are fine: one whose write-ahead log holds the data
    (SQLite writes a new database's first pages to the WAL, and a kill before
    the checkpoint leaves the main file empty), and one left by a library
    whose very creation was killed (nothing else of a library exists yet);
    the latter is removed so the library is created anew.
    """
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageUnavailable(f"cannot read the library database {db_path}: {exc.strerror}") from None
    if size:
        return
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    folder = db_path.parent
    if not any((folder / name).exists() for name in ("index", "backups", "settings.toml")):
        try:
            db_path.unlink()
            db_path.with_name(db_path.name + "-shm").unlink(missing_ok=True)
            wal.unlink(missing_ok=True)
        except OSError:
            pass
        return
    raise StorageUnavailable(
        f"the library database {db_path} is empty (0 bytes): it was cut off or "
        "overwritten; run 'readinglist restore' to bring back the newest backup"
    )


def folder_is_writable(folder: Path) -> bool:
    """True if files can be created in ``folder`` (a real probe: root ignores permission bits
    but not a read-only mount)."""
    if not os.access(folder, os.W_OK):
        return False
    try:
        fd, name = tempfile.mkstemp(prefix=".rl-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    try:
        os.unlink(name)
    except OSError:
        pass
    return True


def library_is_read_only(db_path: Path) -> bool:
    """True when the library cannot be written: read-only disk, folder or file."""
    folder = db_path.parent
    if not folder.exists():
        return False
    if not folder_is_writable(folder):
        return True
    if db_path.exists():
        try:
            with open(db_path, "r+b"):
                pass
        except PermissionError:
            return True
        except OSError:
            return True
    return False


def is_damage(exc: BaseException) -> bool:
    """True for the SQLite errors that mean the file itself is damaged."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def integrity_problems(db_path: Path, *, limit: int = 20) -> list[str]:
    """What SQLite's full integrity check reports ([] when sound); never raises for damage."""
    try:
        refuse_if_empty_file(db_path)
    except StorageUnavailable as exc:
        return [str(exc)]
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=15)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
        if not problems:
            conn.execute("SELECT count(*) FROM papers").fetchone()
        return problems
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
