"""``readinglist backup`` and ``restore [BACKUP]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.library import DB_FILE
from readinglist.core.storage.backups import list_backups
from readinglist.core.storage.restore import restore_database


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
        description="Replace the library database with BACKUP (default: the newest backup "
        "that is sound and not empty). A sound database is saved first as "
        "backups/before-restore-*.db; a damaged or empty one is kept aside as "
        "library.db.damaged-*. The search index is rebuilt.",
    )
    p.add_argument("backup", metavar="BACKUP", nargs="?")
    p.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    if args.list:
        for path in list_backups(ctx.library_dir):
            print(path)
        return 0
    service = ctx.service
    path = service.health.backup_now()
    print(f"Backed up {service.papers.count()} papers to {path}")
    return 0


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    # Restore before opening the library: opening is what fails on a damaged file.
    ctx.close()
    done = restore_database(ctx.library_dir / DB_FILE, Path(args.backup) if args.backup else None)
    service = ctx.service
    service.indexing.ensure(progress=ctx.progress("indexing"))
    print(f"Restored {service.papers.count()} papers from {done.source}.")
    if done.safety is not None:
        print(f"The previous database was saved as {done.safety}.")
    if done.kept_aside is not None:
        print(f"The damaged database was kept aside as {done.kept_aside}.")
    return 0
