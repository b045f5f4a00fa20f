"""``readinglist backup`` and ``restore [BACKUP]``."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.errors import NotFound, StorageUnavailable
from readinglist.core.storage.backups import create_backup, list_backups, newest_backup


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="back up the library database",
        description="Copy the database to the library's backups/ folder (the newest 10 are kept).",
    )
    p.add_argument("--list", action="store_true", help="list existing backups instead")
    p.set_defaults(func=run_backup)
    p = sub.add_parser(
        "restore",
        help="restore the database from a backup",
        description="Replace the library database with BACKUP (default: the newest backup). "
        "The current database is backed up first, and the search index is rebuilt.",
    )
    p.add_argument("backup", metavar="BACKUP", nargs="?")
    p.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    if args.list:
        for path in list_backups(ctx.library_dir):
            print(path)
        return 0
    service = ctx.service
    path = create_backup(service.store.path, service.dir)
    print(f"Backed up {service.count()} papers to {path}")
    return 0


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    source = Path(args.backup) if args.backup else newest_backup(ctx.library_dir)
    if source is None or not source.is_file():
        raise NotFound(f"no backup found{f' at {source}' if source else ''}")
    try:
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        check.close()
    except sqlite3.DatabaseError:
        ok = False
    if not ok:
        raise StorageUnavailable(f"{source} is not a usable Reading List backup")
    service = ctx.service
    safety = create_backup(service.store.path, service.dir)
    src = sqlite3.connect(str(source))
    try:
        src.backup(service.store.db().conn)
    finally:
        src.close()
    service.store.migrate()
    service.ensure_index(progress=ctx.progress("indexing"))
    print(f"Restored {service.count()} papers from {source} (previous state saved as {safety}).")
    return 0
