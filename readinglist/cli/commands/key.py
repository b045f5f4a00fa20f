"""``readinglist key KEY [NEWKEY]``: show or set a paper's citation key."""

from __future__ import annotations

import argparse

from readinglist.cli.commands.show import KEY_HELP
from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "key",
        help="show or set the citation key",
        description="Print a paper's citation key, or set it to NEWKEY. Keys are generated "
        "once when a paper is added and never change unless you change them.",
    )
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("newkey", metavar="NEWKEY", nargs="?")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    paper = ctx.service.papers.resolve(args.key)
    if args.newkey is None:
        print(paper.citekey)
        return 0
    key = ctx.service.papers.set_citekey(paper.id, args.newkey)
    print(f"{paper.citekey} -> {key}")
    return 0
