"""``readinglist tags``: the tag tree with counts; rename, merge and delete tags."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context
from readinglist.cli.terminal import terminal_safe
from readinglist.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "tags",
        help="list, rename, merge or delete tags",
        description="With no option, list every tag with its paper count (a parent "
        "counts the papers under it). Renaming onto an existing tag merges the two.",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename (or merge) a tag")
    group.add_argument("--delete", metavar="TAG", help="remove a tag from every paper")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    if args.rename:
        old, new = args.rename
        affected = service.tags.rename(old, new)
        print(f"Renamed {old!r} to {new!r} on {len(affected)} papers.")
        return 0
    if args.delete:
        affected = service.tags.delete(args.delete)
        print(f"Removed {args.delete!r} from {len(affected)} papers.")
        return 0
    counts = service.tags.counts()
    if args.json:
        print_json([{"name": t.name, "count": t.count, "own_count": t.own_count,
                     "color": t.color} for t in counts])
        return 0
    for t in counts:
        depth = t.name.count("/")
        label = t.name.rsplit("/", 1)[-1]
        print(terminal_safe(f"{'  ' * depth}{label} ({t.count})", multiline=False))
    return 0
