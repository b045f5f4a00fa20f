"""``readinglist doctor``: check the database and the search index."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context
from readinglist.cli.terminal import terminal_safe
from readinglist.core.library import DB_FILE
from readinglist.core.storage.health import check_database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help="check the library for problems",
        description="Check the database (SQLite's integrity check), every segment of the "
        "search index and the export, and report problems with how to fix them. "
        "Exits with 1 if an error was found.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    db_path = ctx.library_dir / DB_FILE
    damaged = check_database(db_path)
    if damaged:
        # Do not open the library the normal way: that is what fails on a damaged file.
        print(f"Library: {ctx.library_dir}")
        for level, message in damaged:
            print(f"{level}: {terminal_safe(message)}")
        return 1
    service = ctx.service
    findings = service.health.doctor(database_checked=True)
    print(f"Library: {service.dir} ({service.papers.count()} papers)")
    for finding in findings:
        print(f"{finding.level}: {terminal_safe(finding.message)}")
    errors = [f for f in findings if f.level == "error"]
    if not findings:
        print("No problems found.")
    return 1 if errors else 0
