"""``readinglist status KEY STATUS``: move a paper through the reading workflow."""

from __future__ import annotations

import argparse

from readinglist.cli.commands.show import KEY_HELP
from readinglist.cli.context import Context
from readinglist.core.models import ReadStatus


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "status",
        help="set a paper's read status",
        description="Set the read status: " + ", ".join(s.value for s in ReadStatus) + ".",
    )
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("status", metavar="STATUS", help="|".join(s.value for s in ReadStatus))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    status = ReadStatus.parse(args.status)
    paper = ctx.service.papers.resolve(args.key)
    ctx.service.papers.set_status([paper.id], status)
    print(f"{paper.citekey}: {status.value}")
    return 0
