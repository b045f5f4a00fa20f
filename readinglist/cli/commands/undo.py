"""``readinglist undo``: take back the command line's last change.

The command line and the app keep separate undo histories (core/undo.py),
so this never takes back something done in the window, and vice versa.
"""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "undo",
        help="take back the last change made from the command line",
        description="Take back the newest change made with readinglist commands (tag, untag, "
        "tags --rename/--delete, note, status, key): run it again to go further back. "
        "Changes made in the desktop app are undone there (Edit > Undo).",
    )
    p.add_argument("--list", action="store_true",
                   help="show what can be undone, newest first, without changing anything")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    if args.list:
        entries = service.history.recent(50)
        if not entries:
            print("Nothing to undo.")
        for entry in entries:
            print(f"{entry.created}  {entry.label}")
        return 0
    result = service.history.undo()
    print(f"Undone: {result.label}")
    return 0
