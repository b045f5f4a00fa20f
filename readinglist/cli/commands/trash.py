"""``readinglist trash``: deleted papers, and putting them back."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trash",
        help="list deleted papers, or restore them",
        description="Deleted papers stay in the trash for 60 days with their tags, notes, "
        "key, status and rating. With --restore, put the given trash entries back.",
    )
    p.add_argument("--restore", metavar="ID", type=int, nargs="+",
                   help="trash entry numbers (first column of the listing) to restore")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    if args.restore:
        ids = service.history.restore(args.restore)
        keys = ", ".join(service.papers.get(pid).citekey for pid in ids)
        print(f"Restored {len(ids)} paper{'s' if len(ids) != 1 else ''}: {keys}")
        return 0
    entries = service.history.trash()
    if not entries:
        print("The trash is empty.")
    for entry in entries:
        print(f"{entry.id:>5}  {entry.deleted[:10]}  {entry.citekey}  {entry.title[:80]}")
    return 0
