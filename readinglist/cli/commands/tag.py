"""``readinglist tag KEY TAG...`` and ``untag KEY TAG...``."""

from __future__ import annotations

import argparse

from readinglist.cli.commands.show import KEY_HELP
from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tag", help="add tags to a paper", description="Add tags to a paper. "
                       "Use '/' for hierarchy, e.g. ml/nlp.")
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("tags", metavar="TAG", nargs="+")
    p.set_defaults(func=run_tag)
    p = sub.add_parser("untag", help="remove tags from a paper",
                       description="Remove tags from a paper.")
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("tags", metavar="TAG", nargs="+")
    p.set_defaults(func=run_untag)


def run_tag(args: argparse.Namespace, ctx: Context) -> int:
    paper = ctx.service.papers.resolve(args.key)
    ctx.service.tags.add([paper.id], args.tags)
    print(f"{paper.citekey}: {', '.join(ctx.service.papers.get(paper.id).tags)}")
    return 0


def run_untag(args: argparse.Namespace, ctx: Context) -> int:
    paper = ctx.service.papers.resolve(args.key)
    ctx.service.tags.remove([paper.id], args.tags)
    tags = ctx.service.papers.get(paper.id).tags
    print(f"{paper.citekey}: {', '.join(tags) if tags else '(no tags)'}")
    return 0
