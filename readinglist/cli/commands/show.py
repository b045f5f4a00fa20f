"""``readinglist show KEY``: one paper in full."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context
from readinglist.cli.output import paper_detail, paper_json, print_json

KEY_HELP = "citation key, arXiv id, DOI or numeric id"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="show one paper", description="Show one paper in full.")
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    paper = ctx.service.papers.resolve(args.key)
    if args.json:
        print_json(paper_json(paper))
    else:
        print(paper_detail(paper))
    return 0
