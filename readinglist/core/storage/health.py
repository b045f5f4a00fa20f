"""Checks and clean-ups of the library folder that must work even when it is damaged.

``doctor`` runs :func:`check_database` before anything opens the library
normally (opening a damaged file is exactly what fails), and start-up runs
:func:`clean_leftovers` so that files left by a killed export or rebuild go
away at once instead of lingering.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import time
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database

from readinglist.core.storage import damage
from readinglist.core.storage.backups import newest_backup

# A rebuild whose process still runs is left alone for this long (it may be
# another process's rebuild in progress); one whose process is gone is
# removed at once.
STALE_BUILD_S = 600
_PID_SUFFIX = re.compile(r"\.(?:build|old)-(\d+)$")
_TMP_PID = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def index_lag_message(exc: BaseException) -> str:
    """What to tell the user when a saved change could not reach the index."""
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in str(exc):
        reason = "the disk is full"
    elif isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
    else:
        reason = str(exc)
    return (
        f"the change was saved, but the search index could not be updated ({reason}); "
        "it catches up by itself on the next run (or run 'readinglist reindex')"
    )


def check_database(db_path: Path) -> list[tuple[str, str]]:
    """(level, message) findings about the database file itself; never raises for damage.

    Records the verdict beside the file, so writes refuse while it is damaged
    and work again once a check finds it sound.
    """
    if not db_path.exists():
        return [("error", f"there is no library database at {db_path}")]
    problems = damage.integrity_problems(db_path)
    if not problems:
        if damage.is_marked_damaged(db_path) and not damage.library_is_read_only(db_path):
            damage.clear_damaged(db_path)
        return []
    damage.mark_damaged(db_path, problems[0])
    backup = newest_backup(db_path.parent)
    fix = (
        f"run 'readinglist restore' to bring back the newest backup ({backup.name})"
        if backup
        else "no backup was found; copy the file somewhere safe before trying to repair it"
    )
    findings = [("error", f"database damaged: {problem}") for problem in problems[:5]]
    if len(problems) > 5:
        findings.append(("error", f"database damaged: {len(problems) - 5} more problems"))
    findings.append(("error", f"changes are refused until it is repaired; {fix}"))
    return findings


def group_findings(findings: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """One line per kind of problem: "KEY has no year" for 7 papers becomes one line.

    Identical messages are counted; messages that differ only in their first
    word (a citation key) are joined, naming a few of the keys.
    """
    groups: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
    for level, message in findings:
        head, _, rest = message.partition(" ")
        if rest.startswith(("has ", "is ", "would ")) and head and "'" not in head:
            groups.setdefault((level, rest), []).append(head)
        else:
            groups.setdefault((level, message), []).append("")
    out: list[tuple[str, str]] = []
    for (level, text), heads in groups.items():
        if heads == [""] or (len(heads) == 1 and heads[0]):
            out.append((level, f"{heads[0]} {text}" if heads[0] else text))
            continue
        if not any(heads):
            out.append((level, f"{text} ({len(heads)} times)"))
            continue
        verb = {"has": "have", "is": "are", "would": "would"}[text.split(" ", 1)[0]]
        sample = ", ".join(heads[:5]) + (f" and {len(heads) - 5} more" if len(heads) > 5 else "")
        out.append((level, f"{len(heads)} papers {verb} {text.split(' ', 1)[1]}: {sample}"))
    return out


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(index_path: Path, folders: Iterable[Path] = ()) -> list[Path]:
    """Remove what killed rebuilds and exports left behind; returns what was removed.

    A rebuild folder ``index.build-PID`` (or ``index.old-PID``) whose process
    is gone is removed now; one whose process still runs only when it is
    older than :data:`STALE_BUILD_S`. Export temporaries ``.NAME.PID.XXXX.tmp``
    in ``folders`` go when their process is gone.
    """
    removed: list[Path] = []
    parent = index_path.parent
    try:
        candidates = [
            *parent.glob(f"{index_path.name}.build-*"),
            *parent.glob(f"{index_path.name}.old-*"),
        ]
    except OSError:
        candidates = []
    for folder in candidates:
        match = _PID_SUFFIX.search(folder.name)
        pid = int(match.group(1)) if match else -1
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            continue
        if pid == os.getpid():
            continue
        if (pid > 0 and _pid_alive(pid)) and age <= STALE_BUILD_S:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    for folder in folders:
        removed.extend(clean_export_temporaries(folder))
    return removed


def clean_export_temporaries(folder: Path, name: str = "") -> list[Path]:
    """Remove ``.NAME.PID.XXXX.tmp`` files in ``folder`` whose writing process is gone."""
    removed: list[Path] = []
    try:
        entries = list(folder.glob(f".{name}*.tmp" if name else ".*.tmp"))
    except OSError:
        return removed
    for tmp in entries:
        match = _TMP_PID.match(tmp.name)
        if match is None or _pid_alive(int(match.group(1))):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def foreign_key_problems(db: Database) -> list[str]:
    """Rows that point to a missing parent, as sentences."""
    return [
        f"database: row {rowid} of {table} points to a missing {parent}"
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()
    ]


def marked_duplicates(db: Database) -> list[tuple[str, str]]:
    """(key, key of the paper it probably duplicates) for papers flagged on import."""
    return [
        (key, other)
        for key, other in db.execute(
            "SELECT p.citekey, o.citekey FROM papers p JOIN papers o ON o.id = p.duplicate_of"
        )
    ]


def untitled_keys(db: Database) -> list[str]:
    return [key for (key,) in db.execute("SELECT citekey FROM papers WHERE trim(title) = ''")]
