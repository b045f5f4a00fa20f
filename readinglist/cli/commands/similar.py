"""``readinglist similar KEY``: the nearest papers in the library and in fetched days."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context
from readinglist.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "similar",
        help="papers like this one, in the library and in fetched days",
        description="The papers nearest to KEY (a library paper, or an arXiv id from a fetched "
        "day) by their titles and abstracts, from the local \"For you\" model (trained first "
        "if the library changed). Nothing leaves your machine.",
    )
    p.add_argument("key", metavar="KEY", help="citation key, arXiv id, DOI or numeric id")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="how many (default 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    found = ctx.service.daily.similar(args.key, limit=max(1, args.limit))
    if args.json:
        print_json([n.to_json() for n in found])
        return 0
    if not found:
        print("nothing similar yet (the library or the fetched days are too small)")
        return 0
    for n in found:
        where = "library" if n.where == "library" else f"day {n.label}"
        key = n.key if n.where == "library" else n.arxiv_id
        print(f"{n.similarity:4.2f}  {where:<14} {key:<28} {n.title}")
    return 0
